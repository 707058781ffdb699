"""CuPy-backend implementations: cupyx.scipy's compiled CUDA kernels.

``NATIVE`` is the one table of what runs on cupyx; everything else (and
every call a ``unless`` check refuses) runs the portable array-API code on
the CuPy arrays, on the GPU. No path copies the signal to the host.
A name cupyx lacks in the installed CuPy version falls back to the portable
code too, so an older CuPy degrades instead of failing.
"""

import functools
import importlib

from ..array_api._iir import check_ba, check_sos
from . import implements

_FFT = (
    "fft ifft rfft irfft hfft ihfft fft2 ifft2 rfft2 irfft2 fftn ifftn rfftn irfftn "
    "fftshift ifftshift"
).split()


@functools.cache
def cupyx_function(module, name):
    """``cupyx.scipy.<module>.<name>``, or None where this CuPy lacks it.

    Imported on first use, so that the table below (and the support table
    in the docs) can be read on machines without CuPy.
    """
    return getattr(importlib.import_module(f"cupyx.scipy.{module}"), name, None)


def _only(option, default):
    def unless(*args, **kwargs):
        value = kwargs.get(option, default)
        return None if value == default else f"cupyx supports only {option}={default!r}"

    return unless


#: public name -> (cupyx module, function, check of the arguments or None).
#: Names not here run the portable code on the GPU:
#: - lfilter_zi, sosfilt_zi: wrong in cupyx (issue #4);
#: - decimate: cupyx designs its filter through zpk2sos, inaccurate at high order;
#: - aggregate, ranged_aggregate, bandpower: no cupyx counterpart.
NATIVE = {
    **{f"fft.{name}": ("fft", name, None) for name in _FFT},
    "convolve": ("signal", "convolve", None),
    "correlate": ("signal", "correlate", None),
    "fftconvolve": ("signal", "fftconvolve", None),
    "oaconvolve": ("signal", "oaconvolve", None),
    "hilbert": ("signal", "hilbert", None),
    "detrend": ("signal", "detrend", None),
    "resample": ("signal", "resample", None),
    # cupyx pads only with constants (issue #4); other padtypes/modes are portable.
    "resample_poly": ("signal", "resample_poly", _only("padtype", "constant")),
    "upfirdn": ("signal", "upfirdn", _only("mode", "constant")),
    "savgol_filter": ("signal", "savgol_filter", None),
    "medfilt": ("signal", "medfilt", None),
    "lfiltic": ("signal", "lfiltic", None),
    # wrapped below: coefficients validated as on every backend
    "lfilter": ("signal", "lfilter", None),
    "sosfilt": ("signal", "sosfilt", None),
    "filtfilt": ("signal", "filtfilt", _only("method", "pad")),
    "sosfiltfilt": ("signal", "sosfiltfilt", None),
    # wrapped below: SciPy 1.17's "_periodic" window names, which cupyx lacks
    "periodogram": ("signal", "periodogram", None),
    "welch": ("signal", "welch", None),
    "csd": ("signal", "csd", None),
    "coherence": ("signal", "coherence", None),
    "spectrogram": ("signal", "spectrogram", None),
    "stft": ("signal", "stft", None),
    "istft": ("signal", "istft", None),
}


def _check(name):
    module, function, unless = NATIVE[name]

    def check(*args, **kwargs):
        if cupyx_function(module, function) is None:
            return f"this CuPy's cupyx.scipy.{module} has no {function}"
        return None if unless is None else unless(*args, **kwargs)

    return check


def native(name):
    """Register the decorated function as the cupyx implementation of `name`."""
    return implements(name, unless=_check(name))


def _forwarder(name):
    module, function, _ = NATIVE[name]

    def forward(*args, **kwargs):
        return cupyx_function(module, function)(*args, **kwargs)

    forward.__qualname__ = forward.__name__ = f"cupyx_{function}"
    return forward


_WRAPPED = {"lfilter", "sosfilt", "filtfilt", "sosfiltfilt"} | {
    "periodogram", "welch", "csd", "coherence", "spectrogram", "stft", "istft"
}  # fmt: skip
for _name in NATIVE:
    if _name not in _WRAPPED:
        native(_name)(_forwarder(_name))


def _signal(name):
    return cupyx_function("signal", name)


# -- IIR filters: validated as on every backend, then cupyx --------------------------


@native("lfilter")
def lfilter(b, a, x, axis=-1, zi=None):
    check_ba(b, a, _xp())
    return _signal("lfilter")(b, a, x, axis, zi)


@native("sosfilt")
def sosfilt(sos, x, axis=-1, zi=None):
    sos = check_sos(sos, _xp())
    return _signal("sosfilt")(sos, x, axis, zi)


@native("filtfilt")
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    check_ba(b, a, _xp())
    return _signal("filtfilt")(b, a, x, axis, padtype, padlen, method, irlen)


@native("sosfiltfilt")
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    sos = check_sos(sos, _xp())
    return _signal("sosfiltfilt")(sos, x, axis, padtype, padlen)


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


@native("periodogram")
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
    return _signal("periodogram")(
        x, fs, _window(window), nfft, detrend, return_onesided, scaling, axis
    )


@native("welch")
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
    return _signal("welch")(
        x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
        axis, average,
    )  # fmt: skip


@native("csd")
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
    return _signal("csd")(
        x, y, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
        axis, average,
    )  # fmt: skip


@native("coherence")
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
    return _signal("coherence")(x, y, fs, _window(window), nperseg, noverlap, nfft, detrend, axis)


@native("spectrogram")
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
    return _signal("spectrogram")(
        x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
        axis, mode,
    )  # fmt: skip


@native("stft")
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
    return _signal("stft")(
        x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, boundary,
        padded, axis, scaling,
    )  # fmt: skip


@native("istft")
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
    return _signal("istft")(
        Zxx, fs, _window(window), nperseg, noverlap, nfft, input_onesided, boundary, time_axis,
        freq_axis, scaling,
    )  # fmt: skip
