"""The analysis ``sigproc demo`` runs: once through sigproc, once through SciPy directly.

Both take the strain of the two detectors as one (2, n_samples) float64 array
and return the same four results: the Welch ASD (4 s segments), the whitened
strain, the whitened strain band-passed 35-350 Hz forward and backward
(Butterworth order 4, ``sosfiltfilt``) and the spectrogram of the whitened
strain (1/16 s segments, 87.5 % overlap).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.fft
import scipy.signal
from array_api_compat import array_namespace

import sigproc

from ._whiten import TUKEY_ALPHA, default_nperseg, whiten

__all__ = [
    "BAND",
    "OUTPUTS",
    "Setup",
    "deviation",
    "run_scipy",
    "run_sigproc",
]

#: Band-pass edges in Hz and the Butterworth order (applied forward and backward).
BAND = (35.0, 350.0)
ORDER = 4
#: Names of the compared results, in table order.
OUTPUTS = ("ASD", "whitened", "band-passed", "spectrogram")


class Setup:
    """Sampling rate and the parameters derived from it (segment lengths, filter).

    Attributes
    ----------
    fs : float
        Sampling frequency in Hz.
    nperseg : int
        Welch segment for the ASD and the whitening: the power of two nearest 4 s.
    spec_nperseg, spec_noverlap : int
        Spectrogram segment (the power of two nearest 1/16 s) and overlap (7/8 of it).
    sos : ndarray, shape (n_sections, 6)
        The band-pass, designed by SciPy (the coefficients every backend receives).
    """

    def __init__(self, fs, n_samples):
        self.fs = float(fs)
        self.nperseg = default_nperseg(n_samples, fs)
        self.spec_nperseg = 2 ** round(math.log2(fs / 16))
        self.spec_noverlap = self.spec_nperseg * 7 // 8
        self.sos = scipy.signal.butter(ORDER, BAND, "bandpass", fs=fs, output="sos")

    def describe(self):
        return (
            f"Welch ASD ({self.nperseg} samples = {self.nperseg / self.fs:g} s segments), "
            f"whitening, Butterworth {BAND[0]:g}-{BAND[1]:g} Hz order {ORDER} forward and "
            f"backward (sosfiltfilt), spectrogram of the whitened strain "
            f"({self.spec_nperseg} samples = {self.spec_nperseg / self.fs:g} s, "
            f"{self.spec_noverlap} overlap)"
        )


def run_sigproc(x, setup):
    """The analysis through sigproc: results in `x`'s library, keyed by :data:`OUTPUTS`."""
    xp = array_namespace(x)
    _, psd = sigproc.welch(x, fs=setup.fs, nperseg=setup.nperseg)
    white = whiten(x, setup.fs, nperseg=setup.nperseg)
    band = sigproc.sosfiltfilt(setup.sos, white)
    _, _, sxx = sigproc.spectrogram(
        white, fs=setup.fs, nperseg=setup.spec_nperseg, noverlap=setup.spec_noverlap
    )
    return dict(zip(OUTPUTS, (xp.sqrt(psd), white, band, sxx), strict=True))


def run_scipy(x, setup):
    """The same analysis with SciPy and NumPy only (the reference); also the axes.

    Returns
    -------
    results : dict
        :data:`OUTPUTS` (NumPy arrays) and ``f`` (ASD frequencies), ``f_spec``,
        ``t_spec`` (spectrogram frequencies and segment centres, s from the start).
    """
    fs = setup.fs
    f, psd = scipy.signal.welch(x, fs=fs, nperseg=setup.nperseg)
    white = _whiten_scipy(x, fs, setup.nperseg)
    band = scipy.signal.sosfiltfilt(setup.sos, white)
    f_spec, t_spec, sxx = scipy.signal.spectrogram(
        white, fs=fs, nperseg=setup.spec_nperseg, noverlap=setup.spec_noverlap
    )
    results = dict(zip(OUTPUTS, (np.sqrt(psd), white, band, sxx), strict=True))
    results.update(f=f, f_spec=f_spec, t_spec=t_spec)
    return results


def _whiten_scipy(x, fs, nperseg):
    """The GWOSC tutorial's whitening with SciPy: its own Welch ASD, np.interp, Tukey taper."""
    n = x.shape[-1]
    f, psd = scipy.signal.welch(x, fs=fs, nperseg=nperseg)
    freqs = scipy.fft.rfftfreq(n, 1 / fs)
    asd = np.stack([np.interp(freqs, f, np.sqrt(row)) for row in psd])
    spectrum = scipy.fft.rfft(x * scipy.signal.windows.tukey(n, TUKEY_ALPHA), axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(asd > 0, np.sqrt(2 / fs) / asd, 0.0)
    return scipy.fft.irfft(spectrum * scale, n, axis=-1)


def deviation(got, want):
    """``max |got - want| / max |want|`` (inf for a shape mismatch or a non-finite result)."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return math.inf
    scale = float(np.max(np.abs(want))) or 1.0
    value = float(np.max(np.abs(got - want))) / scale
    return value if math.isfinite(value) else math.inf
