# ruff: noqa: D205, D400 (sphinx-gallery: the docstring opens with the page's title)
"""
GW150914: the first gravitational wave, in LIGO's strain
========================================================

sigproc ships 32 s of strain from both LIGO detectors around GW150914, the merger
of two black holes detected on 14 September 2015 (GWOSC, CC BY 4.0). The chirp is
buried in noise a thousand times larger; the classic analysis brings it out:

1. estimate each detector's noise as an amplitude spectral density (Welch);
2. whiten: divide the spectrum by it, so that every frequency carries equal noise;
3. band-pass 35-350 Hz, forward and backward (no phase shift);
4. look at the time-frequency plane around the event, 16.44 s into the record.

Everything below runs on NumPy arrays, so the ``numpy`` backend (SciPy's code)
does the work; the same lines run on torch tensors, CuPy arrays or any array-API
array (see the other examples).
"""

# %%
# The recording
# -------------
# :func:`sigproc.datasets.gw150914` returns the samples with their sampling rate
# and GPS times.

import matplotlib.pyplot as plt
import numpy as np

import sigproc

# sphinx_gallery_thumbnail_number = 3

records = {name: sigproc.datasets.gw150914(name) for name in ("H1", "L1")}
h1 = records["H1"]
fs = h1.fs
t_event = h1.event - h1.start  # seconds into the record
print(f"{h1.data.size} samples at {fs:g} Hz from GPS {h1.start:.0f}; event at {t_event:.2f} s")
print(f"units: {h1.units}; {h1.attribution}")

# %%
# Noise: the amplitude spectral density
# -------------------------------------
# Welch's method with 4 s segments; the ASD is the square root of the one-sided
# PSD, in strain per root hertz. Seismic noise dominates below 20 Hz, photon shot
# noise at high frequency, and the narrow lines are the 60 Hz mains, its
# harmonics and the suspension's violin modes near 500 Hz.

nperseg = int(4 * fs)
asd = {}
fig, ax = plt.subplots(figsize=(8, 4.5))
for name, rec in records.items():
    f, psd = sigproc.welch(rec.data, fs=fs, nperseg=nperseg)
    asd[name] = np.sqrt(psd)
    ax.loglog(f, asd[name], lw=0.8, label=name)
ax.set(xlim=(10, 2000), ylim=(1e-24, 1e-19), xlabel="frequency (Hz)")
ax.set_ylabel(r"ASD (strain/$\sqrt{\mathrm{Hz}}$)")
ax.set_title("Noise of the LIGO detectors around GW150914")
ax.grid(True, which="both", alpha=0.3)
ax.legend()

# %%
# Whitening and band-pass
# -----------------------
# Whitening divides the Fourier transform of the (tapered) record by the ASD
# interpolated at its frequencies; the result has a flat spectrum, so a signal
# that stands out at any frequency stands out in time. A fourth-order
# Butterworth band-pass of 35-350 Hz, as second-order sections, run forward and
# backward with :func:`sigproc.sosfiltfilt`, keeps the band where the detectors
# are most sensitive.


def whiten(x, asd_f, f_asd, fs):
    """Divide the spectrum of `x` by the ASD, normalised to unit variance per sample."""
    n = x.shape[-1]
    taper = sigproc.windows.tukey(n, alpha=1 / 8)  # soften the record's edges
    spectrum = sigproc.fft.rfft(x * taper)
    freqs = sigproc.fft.rfftfreq(n, 1 / fs)
    white = spectrum / np.interp(freqs, f_asd, asd_f)
    return sigproc.fft.irfft(white, n=n) * np.sqrt(2 / fs)


sos = sigproc.butter(4, [35, 350], btype="bandpass", fs=fs, output="sos")
strain = {}
middle = slice(int(4 * fs), int(28 * fs))  # away from the tapered edges
for name, rec in records.items():
    y = sigproc.sosfiltfilt(sos, whiten(rec.data, asd[name], f, fs))
    strain[name] = y / np.std(y[middle])  # in units of the noise's standard deviation

# %%
# The chirp in time
# -----------------
# Livingston is about 3000 km from Hanford: it saw the wave 7 ms earlier, and
# its arms are rotated with respect to Hanford's, which inverts the signal.
# Shifted and inverted, L1 lies on top of H1.

t = h1.t - t_event
near = (t > -0.25) & (t < 0.07)
shift = round(0.007 * fs)
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(t[near], strain["H1"][near], lw=1, label="H1")
ax.plot(t[near], -np.roll(strain["L1"], shift)[near], lw=1, label="L1, shifted 7 ms, inverted")
ax.set(xlabel=f"time from GPS {h1.event:.2f} (s)", ylabel="whitened strain (noise std)")
ax.set_title("GW150914, whitened and band-passed 35-350 Hz")
ax.legend(loc="upper left")

# %%
# The chirp in frequency
# ----------------------
# A spectrogram of the whitened strain with short (1/16 s), heavily overlapping
# segments. The track rises from about 35 Hz to 250 Hz in the last 0.2 s before
# the merger: the two black holes orbit faster and faster as they spiral in.

fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharey=True, layout="constrained")
for ax, name in zip(axes, ("H1", "L1"), strict=True):
    seg = int(fs / 16)
    window = (t > -1.0) & (t < 0.5)
    white = whiten(records[name].data, asd[name], f, fs)[window]
    fx, tx, sxx = sigproc.spectrogram(white, fs=fs, nperseg=seg, noverlap=seg - 16, nfft=4 * seg)
    band = fx <= 500
    image = ax.pcolormesh(
        tx + t[window][0], fx[band], sxx[band], shading="auto", cmap="viridis", rasterized=True
    )
    ax.set(title=name, xlabel=f"time from GPS {h1.event:.2f} (s)", ylim=(20, 500))
axes[0].set_ylabel("frequency (Hz)")
fig.colorbar(image, ax=axes, label="whitened power (1/Hz)")
fig.suptitle("The chirp of GW150914 in both detectors")

plt.show()

# %%
# The same on another backend
# ---------------------------
# Nothing above names a backend. Given torch tensors (or CuPy arrays on a GPU),
# the same calls run there and return tensors; :func:`sigproc.which_backend`
# tells which backend a call would use.

print(sigproc.which_backend(sigproc.welch, h1.data, fs=fs, nperseg=nperseg))
