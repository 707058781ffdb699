"""CuPy-backend implementations: cupyx.scipy's compiled CUDA kernels.

``NATIVE`` is the one table of what runs on cupyx; everything else (and
every call a ``unless`` check refuses) runs the portable array-API code on
the CuPy arrays, on the GPU. No path copies the signal to the host.
A name cupyx lacks in the installed CuPy version falls back to the portable
code too, so an older CuPy degrades instead of failing.
"""

import functools
import importlib
import inspect

from ... import _filters2d, _splines, _transforms, filtering, spectral
from ... import fft as fft_api
from ..._core.iir import check_ba, check_sos
from ..._core.names import (
    FFT_HANKEL,
    FFT_N_AXES,
    FFT_ONE_AXIS,
    FFT_SHIFTS,
    FFT_TRIG_N_AXES,
    FFT_TRIG_ONE_AXIS,
)
from . import implements


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


def _trig(func):
    # cupyx's DCT/DST: types 2 and 3 only, no workers, no orthogonalize (read from
    # cupyx's source; its "ortho" scaling is SciPy's default orthogonalization).
    signature = inspect.signature(func)

    def unless(*args, **kwargs):
        given = signature.bind(*args, **kwargs).arguments
        if given.get("type", 2) not in (2, 3):
            return "cupyx computes DCT/DST types 2 and 3 only"
        if given.get("workers") is not None or given.get("orthogonalize") is not None:
            return "cupyx takes no workers or orthogonalize"
        return None

    return unless


def _same_dtypes(in1, in2, *args, **kwargs):
    # cupyx's 2-D convolutions return in1's dtype, SciPy the result type of both
    if in1.dtype != in2.dtype:
        return "cupyx returns in1's dtype for mixed dtypes"
    return None


#: public function -> (cupyx module, function, check of the arguments or None).
#: Names not here run the portable code on the GPU:
#: - lfilter_zi, sosfilt_zi: wrong in cupyx (issue #4);
#: - decimate: cupyx designs its filter through zpk2sos, inaccurate at high order;
#: - aggregate, ranged_aggregate, bandpower: no cupyx counterpart.
NATIVE = {
    **{
        getattr(fft_api, name): ("fft", name, None)
        for name in (*FFT_ONE_AXIS, *FFT_N_AXES, *FFT_SHIFTS, *FFT_HANKEL)
    },
    **{
        getattr(fft_api, name): ("fft", name, _trig(getattr(fft_api, name)))
        for name in (*FFT_TRIG_ONE_AXIS, *FFT_TRIG_N_AXES)
    },
    # 2-D filters and B-splines (read from cupyx's source, not yet run on a GPU; left
    # portable: wiener, whose uniform filter may centre even windows differently, and
    # symiirorder1, whose first parameter cupyx names `input`)
    _filters2d.convolve2d: ("signal", "convolve2d", _same_dtypes),
    _filters2d.correlate2d: ("signal", "correlate2d", _same_dtypes),
    _filters2d.medfilt2d: ("signal", "medfilt2d", None),
    _filters2d.order_filter: ("signal", "order_filter", None),
    _filters2d.sepfir2d: ("signal", "sepfir2d", None),
    _filters2d.deconvolve: ("signal", "deconvolve", None),
    _splines.symiirorder2: ("signal", "symiirorder2", None),
    _splines.cspline1d: ("signal", "cspline1d", None),
    _splines.qspline1d: ("signal", "qspline1d", None),
    _splines.cspline2d: ("signal", "cspline2d", None),
    _splines.qspline2d: ("signal", "qspline2d", None),
    _splines.spline_filter: ("signal", "spline_filter", None),
    _splines.gauss_spline: ("signal", "gauss_spline", None),
    _splines.cspline1d_eval: ("signal", "cspline1d_eval", None),
    _splines.qspline1d_eval: ("signal", "qspline1d_eval", None),
    _transforms.czt: ("signal", "czt", None),
    _transforms.zoom_fft: ("signal", "zoom_fft", None),
    filtering.convolve: ("signal", "convolve", None),
    filtering.correlate: ("signal", "correlate", None),
    filtering.fftconvolve: ("signal", "fftconvolve", None),
    filtering.oaconvolve: ("signal", "oaconvolve", None),
    filtering.hilbert: ("signal", "hilbert", None),
    spectral.detrend: ("signal", "detrend", None),
    filtering.resample: ("signal", "resample", None),
    # cupyx pads only with constants (issue #4); other padtypes/modes are portable.
    filtering.resample_poly: ("signal", "resample_poly", _only("padtype", "constant")),
    filtering.upfirdn: ("signal", "upfirdn", _only("mode", "constant")),
    filtering.savgol_filter: ("signal", "savgol_filter", None),
    filtering.medfilt: ("signal", "medfilt", None),
    filtering.lfiltic: ("signal", "lfiltic", None),
    # wrapped below: coefficients validated as on every backend
    filtering.lfilter: ("signal", "lfilter", None),
    filtering.sosfilt: ("signal", "sosfilt", None),
    filtering.filtfilt: ("signal", "filtfilt", _only("method", "pad")),
    filtering.sosfiltfilt: ("signal", "sosfiltfilt", None),
    # wrapped below: SciPy 1.17's "_periodic" window names, which cupyx lacks
    spectral.periodogram: ("signal", "periodogram", None),
    spectral.welch: ("signal", "welch", None),
    spectral.csd: ("signal", "csd", None),
    spectral.coherence: ("signal", "coherence", None),
    spectral.spectrogram: ("signal", "spectrogram", None),
    spectral.stft: ("signal", "stft", None),
    spectral.istft: ("signal", "istft", None),
}


def _check(func):
    module, function, unless = NATIVE[func]

    def check(*args, **kwargs):
        if cupyx_function(module, function) is None:
            return f"this CuPy's cupyx.scipy.{module} has no {function}"
        return None if unless is None else unless(*args, **kwargs)

    return check


def native(func):
    """Register the decorated function as the cupyx implementation of public `func`."""
    return implements(func, unless=_check(func))


def _forwarder(func):
    module, function, _ = NATIVE[func]

    def forward(*args, **kwargs):
        return cupyx_function(module, function)(*args, **kwargs)

    forward.__qualname__ = forward.__name__ = f"cupyx_{function}"
    return forward


_WRAPPED = {filtering.lfilter, filtering.sosfilt, filtering.filtfilt, filtering.sosfiltfilt} | {
    spectral.periodogram, spectral.welch, spectral.csd, spectral.coherence,
    spectral.spectrogram, spectral.stft, spectral.istft,
}  # fmt: skip
for _func in NATIVE:
    if _func not in _WRAPPED:
        native(_func)(_forwarder(_func))


def _signal(name):
    return cupyx_function("signal", name)


# -- IIR filters: validated as on every backend, then cupyx --------------------------


@native(filtering.lfilter)
def lfilter(b, a, x, axis=-1, zi=None):
    check_ba(b, a, xp=_xp())
    return _signal("lfilter")(b, a, x, axis, zi)


@native(filtering.sosfilt)
def sosfilt(sos, x, axis=-1, zi=None):
    sos = check_sos(sos, xp=_xp())
    return _signal("sosfilt")(sos, x, axis, zi)


@native(filtering.filtfilt)
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    check_ba(b, a, xp=_xp())
    return _signal("filtfilt")(b, a, x, axis, padtype, padlen, method, irlen)


@native(filtering.sosfiltfilt)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    sos = check_sos(sos, xp=_xp())
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


@native(spectral.periodogram)
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


@native(spectral.welch)
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


@native(spectral.csd)
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


@native(spectral.coherence)
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


@native(spectral.spectrogram)
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


@native(spectral.stft)
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


@native(spectral.istft)
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
