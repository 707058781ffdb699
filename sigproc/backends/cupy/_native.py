"""CuPy-backend implementations: cupyx.scipy's compiled CUDA kernels.

``NATIVE`` is the one table of what runs on cupyx; everything else (and
every call a ``unless`` check refuses) runs the portable array-API code on
the CuPy arrays, on the GPU. No path copies the signal to the host.
A name cupyx lacks in the installed CuPy version falls back to the portable
code too, so an older CuPy degrades instead of failing.
"""

import cupyx.scipy.fft as cufft
import cupyx.scipy.signal as cusignal

from ..array_api._iir import check_ba, check_sos
from . import implements

_FFT = (
    "fft ifft rfft irfft hfft ihfft fft2 ifft2 rfft2 irfft2 fftn ifftn rfftn irfftn "
    "fftshift ifftshift"
).split()


def _not_constant(name, option, default="constant"):
    def unless(*args, **kwargs):
        value = kwargs.get(option, default)
        return None if value == default else f"cupyx's {name} supports only {option}={default!r}"

    return unless


#: public name -> (cupyx function, check of the arguments or None). Names not
#: here, or missing from cupyx, run the portable code (see module docstring).
NATIVE = {
    **{f"fft.{name}": (getattr(cufft, name, None), None) for name in _FFT},
    "convolve": (cusignal.convolve, None),
    "correlate": (cusignal.correlate, None),
    "fftconvolve": (cusignal.fftconvolve, None),
    "oaconvolve": (getattr(cusignal, "oaconvolve", None), None),
    "hilbert": (cusignal.hilbert, None),
    "detrend": (getattr(cusignal, "detrend", None), None),
    "resample": (cusignal.resample, None),
    # cupyx 13 pads only with constants (issue #4); other padtypes are portable.
    "resample_poly": (cusignal.resample_poly, _not_constant("resample_poly", "padtype")),
    "upfirdn": (cusignal.upfirdn, _not_constant("upfirdn", "mode")),
    "savgol_filter": (getattr(cusignal, "savgol_filter", None), None),
    "medfilt": (cusignal.medfilt, None),
    "lfiltic": (getattr(cusignal, "lfiltic", None), None),
}
# lfilter_zi / sosfilt_zi are wrong in cupyx (issue #4): portable.
# decimate designs through zpk2sos at high order in cupyx: portable.


def _forwarder(target):
    def forward(*args, **kwargs):
        return target(*args, **kwargs)

    forward.__qualname__ = forward.__name__ = f"cupyx_{target.__name__}"
    return forward


for _name, (_target, _unless) in NATIVE.items():
    if _target is not None:
        implements(_name, unless=_unless)(_forwarder(_target))


# -- IIR filters: validated as on every backend, then cupyx --------------------------


@implements("lfilter")
def lfilter(b, a, x, axis=-1, zi=None):
    check_ba(b, a, _xp())
    return cusignal.lfilter(b, a, x, axis, zi)


@implements("sosfilt")
def sosfilt(sos, x, axis=-1, zi=None):
    sos = check_sos(sos, _xp())
    return cusignal.sosfilt(sos, x, axis, zi)


@implements("filtfilt", unless=_not_constant("filtfilt", "method", "pad"))
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    check_ba(b, a, _xp())
    return cusignal.filtfilt(b, a, x, axis, padtype, padlen, method, irlen)


@implements("sosfiltfilt")
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    sos = check_sos(sos, _xp())
    return cusignal.sosfiltfilt(sos, x, axis, padtype, padlen)


def _xp():
    from array_api_compat import cupy as xp

    return xp


# -- spectral analysis: SciPy 1.17's "_periodic" window names, which cupyx lacks -----


def _window(window):
    """'hann_periodic' -> 'hann': cupyx builds spectral windows periodic (fftbins=True)."""
    if isinstance(window, str):
        return window.removesuffix("_periodic")
    if isinstance(window, tuple) and window and isinstance(window[0], str):
        return (window[0].removesuffix("_periodic"), *window[1:])
    return window


@implements("periodogram")
def periodogram(
    x,
    fs=1.0,
    window="boxcar",
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
):
    return cusignal.periodogram(
        x, fs, _window(window), nfft, detrend, return_onesided, scaling, axis
    )


@implements("welch")
def welch(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    return cusignal.welch(
        x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
        axis, average,
    )  # fmt: skip


@implements("csd")
def csd(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    return cusignal.csd(
        x, y, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
        axis, average,
    )  # fmt: skip


@implements("coherence")
def coherence(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    axis=-1,
):
    return cusignal.coherence(x, y, fs, _window(window), nperseg, noverlap, nfft, detrend, axis)


@implements("spectrogram")
def spectrogram(
    x,
    fs=1.0,
    window=("tukey_periodic", 0.25),
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    mode="psd",
):
    return cusignal.spectrogram(
        x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
        axis, mode,
    )  # fmt: skip


@implements("stft")
def stft(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=256,
    noverlap=None,
    nfft=None,
    detrend=False,
    return_onesided=True,
    boundary="zeros",
    padded=True,
    axis=-1,
    scaling="spectrum",
):
    return cusignal.stft(
        x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, boundary,
        padded, axis, scaling,
    )  # fmt: skip


@implements("istft")
def istft(
    Zxx,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    input_onesided=True,
    boundary=True,
    time_axis=-1,
    freq_axis=-2,
    scaling="spectrum",
):
    return cusignal.istft(
        Zxx, fs, _window(window), nperseg, noverlap, nfft, input_onesided, boundary, time_axis,
        freq_axis, scaling,
    )  # fmt: skip
