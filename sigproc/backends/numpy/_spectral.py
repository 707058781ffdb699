"""NumPy-backend spectral analysis.

SciPy 1.17's ``welch``/``csd`` run one FFT per segment in a Python loop; here
they run the portable block-wise code with the NumPy namespace, zero-copy
``sliding_window_view`` framing and ``scipy.fft`` on all cores. ``spectrogram``
and ``stft`` run the portable argument handling (``stft_core``) with the
threaded, fused block engine of :mod:`._blocks` doing the per-segment work.
``detrend`` calls SciPy. ``istft`` has no implementation here: the backend's
fallback runs the portable vectorised overlap-add (SciPy's loops over segments).
"""

import functools

import array_api_compat.numpy as xnp
import numpy as np
import scipy.fft
import scipy.signal

from ... import spectral
from ..._core import spectral as spectral_core
from ..._core import stft as stft_core
from . import implements
from ._blocks import short_time_spectra


def _scipy_fft(segments, nfft, onesided, *, xp):
    if onesided:
        return scipy.fft.rfft(segments, n=nfft, axis=-1, workers=-1)
    return scipy.fft.fft(segments, n=nfft, axis=-1, workers=-1)


def _power_sum(sx, sy):
    # sum over segments of conj(sx) * sy without temporaries: einsum on the real
    # and imaginary views is about 3x faster than forming the products, then summing.
    sum_ = functools.partial(np.einsum, "...ij,...ij->...j")
    if sy is sx:
        return sum_(sx.real, sx.real) + sum_(sx.imag, sx.imag)
    real = sum_(sx.real, sy.real) + sum_(sx.imag, sy.imag)
    imag = sum_(sx.real, sy.imag) - sum_(sx.imag, sy.real)
    return real + 1j * imag


def _window(window):
    # The dispatch layer already made arrays of lists; this keeps direct calls working too.
    if window is None or isinstance(window, (str, tuple, np.ndarray)):
        return window
    return np.asarray(window)


@implements(spectral.csd)
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
    same = y is x  # SciPy returns a real spectrum for csd(x, x)
    x = np.asarray(x)
    y = x if same else np.asarray(y)
    return spectral_core.csd_core(
        x,
        y,
        fs,
        _window(window),
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        average,
        xp=xnp,
        fft_func=_scipy_fft,
        power_sum=_power_sum,
    )


@implements(spectral.welch)
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
    x = np.asarray(x)  # csd(x, x) is the real power spectrum
    return csd(
        x, x, fs, window, nperseg, noverlap, nfft, detrend, return_onesided, scaling, axis,
        average,
    )  # fmt: skip


@implements(spectral.periodogram)
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
    return spectral_core.periodogram_core(
        np.asarray(x), fs, _window(window), nfft, detrend, return_onesided, scaling, axis,
        xp=xnp, fft_func=_scipy_fft,
    )  # fmt: skip


@implements(spectral.coherence)
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
    return spectral_core.coherence_core(
        np.asarray(x), np.asarray(y), fs, _window(window), nperseg, noverlap, nfft, detrend,
        axis, xp=xnp, fft_func=_scipy_fft,
    )  # fmt: skip


_ENGINE_DTYPES = (np.float32, np.float64, np.complex64, np.complex128)


def _engine_fits(x, axis, detrend):
    """Whether the block engine reproduces SciPy for this call; else SciPy runs.

    Not for: bool, float16, 8/16-bit integer and long double signals (SciPy's
    dtype rules differ); empty and 0-d ones (SciPy's own errors and warnings);
    a time axis that is not the one of smallest stride (NumPy would sum SciPy's
    segment means in another order); linear detrending (SciPy's least-squares
    solve rounds differently on blocks of segments).
    """
    if isinstance(detrend, str) and detrend in ("linear", "l"):
        return False
    if not isinstance(x, np.ndarray) or x.size == 0 or x.ndim == 0:
        return False
    if not isinstance(axis, (int, np.integer)) or not -x.ndim <= axis < x.ndim:
        return False
    if x.dtype not in _ENGINE_DTYPES and np.result_type(x.dtype, np.complex64) != np.complex128:
        return False
    stride = abs(x.strides[axis])
    return all(abs(s) >= stride for s, n in zip(x.strides, x.shape, strict=True) if n > 1)


def _spectrogram_modes(sxx, mode, axis):
    # NumPy's own abs/angle/unwrap, as SciPy applies them.
    if mode == "magnitude":
        return np.abs(sxx)
    if mode in ("angle", "phase"):
        sxx = np.angle(sxx)
        if mode == "phase":
            sxx = np.unwrap(sxx, axis=axis - 1 if axis < 0 else axis)
    return sxx


# SciPy 1.17's spectrogram and stft are one batched FFT over a strided view, but
# they pass over every segment five times (detrend, window, FFT, |X|**2, scaling)
# in whole-array temporaries; the block engine of ._blocks fuses those passes in
# cache-sized blocks on all cores (about 3.5x faster for 1e7 samples, nperseg 1024).
@implements(spectral.spectrogram)
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
    stft_core.check_spectrogram_mode(mode)
    stft_core.check_time_axis(np.ndim(x), axis)
    if not _engine_fits(x, axis, detrend):
        return scipy.signal.spectrogram(
            x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, scaling,
            axis, mode,
        )  # fmt: skip
    f, t, sxx = stft_core.stft_core(
        np.asarray(x), fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided,
        scaling, axis, "psd" if mode == "psd" else "stft", xp=xnp, default_noverlap=8,
        fft_func=_scipy_fft, spectra_func=short_time_spectra,
    )  # fmt: skip
    return f, t, _spectrogram_modes(sxx, mode, int(axis))


@implements(spectral.stft)
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
    stft_core.check_time_axis(np.ndim(x), axis)
    if not _engine_fits(x, axis, detrend):
        return scipy.signal.stft(
            x, fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided, boundary,
            padded, axis, scaling,
        )  # fmt: skip
    return stft_core.stft_public_core(
        np.asarray(x), fs, _window(window), nperseg, noverlap, nfft, detrend, return_onesided,
        boundary, padded, axis, scaling, xp=xnp, fft_func=_scipy_fft,
        spectra_func=short_time_spectra,
    )  # fmt: skip


@implements(spectral.detrend)
def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    # overwrite_data is ignored on purpose: the caller's array is never modified.
    return scipy.signal.detrend(data, axis=axis, type=type, bp=bp, overwrite_data=False)
