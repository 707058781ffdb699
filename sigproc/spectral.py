"""Spectral analysis: public multimethods with scipy.signal's names.

Welch-type estimates (`welch`, `csd`, `coherence`, `periodogram`), short-time
transforms (`spectrogram`, `stft`, `istft`), `detrend`, and the host-side
window factory `get_window`. The signal's array library selects the backend;
window arrays follow the signal's library and device.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._core.windows import host_window
from ._typing import Array, ArrayLike, Detrend, Device, Namespace, Window, WindowSpec
from .dispatch import multimethod

__all__ = [
    "coherence",
    "csd",
    "detrend",
    "get_window",
    "istft",
    "periodogram",
    "spectrogram",
    "stft",
    "welch",
]

# `window` is a coefficient: window arrays follow the signal's library and device,
# while window specifications (a name, or a tuple such as ("tukey", 0.25)) pass through.
_WINDOW = ("window",)


def get_window(
    window: WindowSpec,
    Nx: int,
    fftbins: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Return a window of `Nx` samples by name, computed on the host and cached.

    Parameters
    ----------
    window : str, tuple or float
        Window name (``'hann'``, ``'hann_periodic'``, ``'blackman'``, ...), a tuple
        of a name and its parameters (``('tukey', 0.25)``, ``('kaiser', 8.0)``),
        or a float, read as the shape parameter of a Kaiser window.
    Nx : int
        Number of samples.
    fftbins : bool, optional
        True (default) gives the periodic ("DFT-even") window used for spectra;
        False the symmetric one used in filter design. A ``_periodic`` or
        ``_symmetric`` suffix on the name overrides it.
    xp : array namespace, optional
        Library of the result (NumPy when None).
    device : optional
        Device of the result in `xp`.

    Returns
    -------
    w : array, shape (Nx,), float64
        A fresh array (never the cached one) of library `xp` on `device`.

    Raises
    ------
    ValueError
        If the name is unknown or its parameters are missing or invalid.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.get_window`` (the reference semantics).
    """
    w = np.array(host_window(window, Nx, fftbins))
    if xp is None:
        return w
    return xp.asarray(w, device=device)


@multimethod(signal=("x",), coefficients=_WINDOW)
def periodogram(
    x: Array,
    fs: float = 1.0,
    window: Window = "boxcar",
    nfft: int | None = None,
    detrend: Detrend = "constant",
    return_onesided: bool = True,
    scaling: str = "density",
    axis: int = -1,
) -> tuple[Array, Array]:
    """Estimate a power spectral density from one windowed FFT of the whole record.

    Parameters
    ----------
    x : array, shape (..., n, ...)
        Signal, time along `axis`. Its array library selects the backend.
    fs : float, optional
        Sampling frequency in Hz (1.0).
    window : str, tuple or array, optional
        Window name or ``(name, params)`` for :func:`get_window`, or an array of
        length `nfft` (or ``n``), converted to the library and device of `x`.
    nfft : int, optional
        FFT length: longer than ``n`` zero-pads, shorter truncates `x`.
    detrend : {'constant', 'linear'}, callable or False, optional
        Trend removed before windowing.
    return_onesided : bool, optional
        One-sided spectrum for real `x` (complex `x` is always two-sided).
    scaling : {'density', 'spectrum'}, optional
        V**2/Hz (density) or V**2 (power spectrum), for `x` in V and `fs` in Hz.
    axis : int, optional
        Time axis.

    Returns
    -------
    f : array, shape (n_freq,), float64
        Sample frequencies in Hz.
    Pxx : array, shape (..., n_freq, ...)
        Spectrum, frequency along `axis`; float32 for float32/complex64 `x`,
        else float64.

    Raises
    ------
    ValueError
        If the window's length differs from the segment length, or `scaling`
        or `detrend` is unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.periodogram`` (the reference semantics).
    """


@multimethod(signal=("x",), coefficients=_WINDOW)
def welch(
    x: Array,
    fs: float = 1.0,
    window: Window = "hann_periodic",
    nperseg: int | None = None,
    noverlap: int | None = None,
    nfft: int | None = None,
    detrend: Detrend = "constant",
    return_onesided: bool = True,
    scaling: str = "density",
    axis: int = -1,
    average: str = "mean",
) -> tuple[Array, Array]:
    """Estimate a power spectral density by averaging periodograms of overlapping segments.

    Parameters
    ----------
    x : array, shape (..., n, ...)
        Signal, time along `axis`. Its array library selects the backend.
    fs : float, optional
        Sampling frequency in Hz (1.0).
    window : str, tuple or array, optional
        Window name or ``(name, params)`` for :func:`get_window`, or a 1-D array
        of length `nperseg`, converted to the library and device of `x`.
    nperseg : int, optional
        Segment length: 256 for a named window (clipped to ``n`` with a
        UserWarning), the window's length for an array window.
    noverlap : int, optional
        Samples shared by consecutive segments (``nperseg // 2``).
    nfft : int, optional
        FFT length, at least `nperseg` (zero-padding); `nperseg` by default.
    detrend : {'constant', 'linear'}, callable or False, optional
        Trend removed from each segment; a callable receives the segments as
        an array ``(..., n_segments, nperseg)`` and must act on the last axis.
    return_onesided : bool, optional
        One-sided spectrum for real `x` (complex `x` is always two-sided).
    scaling : {'density', 'spectrum'}, optional
        V**2/Hz or V**2, for `x` in V and `fs` in Hz.
    axis : int, optional
        Time axis.
    average : {'mean', 'median'}, optional
        How segment periodograms are combined; the median is divided by its
        bias relative to the mean (Allen et al. [2]_).

    Returns
    -------
    f : array, shape (n_freq,), float64
        Sample frequencies in Hz.
    Pxx : array, shape (..., n_freq, ...)
        Spectrum, frequency along `axis`; float32 for float32/complex64 `x`.

    Raises
    ------
    ValueError
        If ``noverlap >= nperseg``, ``nfft < nperseg``, the window length
        differs from `nperseg`, or `scaling`, `detrend` or `average` is unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.welch`` (the reference semantics).
    .. [2] Bruce Allen et al., "FINDCHIRP", Phys. Rev. D 85 (2012), appendix B.
    """


@multimethod(signal=("x", "y"), coefficients=_WINDOW)
def csd(
    x: Array,
    y: Array,
    fs: float = 1.0,
    window: Window = "hann_periodic",
    nperseg: int | None = None,
    noverlap: int | None = None,
    nfft: int | None = None,
    detrend: Detrend = "constant",
    return_onesided: bool = True,
    scaling: str = "density",
    axis: int = -1,
    average: str = "mean",
) -> tuple[Array, Array]:
    """Estimate the cross power spectral density of `x` and `y` with Welch's method.

    Parameters
    ----------
    x, y : arrays, shapes (..., n_x, ...) and (..., n_y, ...)
        Signals from one array library; the shorter one is zero-padded and the
        other axes broadcast.
    fs, window, nperseg, noverlap, nfft, detrend, return_onesided, scaling, axis, average
        As in :func:`welch`; a complex `x` gives a two-sided result.

    Returns
    -------
    f : array, shape (n_freq,), float64
        Sample frequencies in Hz.
    Pxy : array, shape (..., n_freq, ...), complex
        Cross spectrum ``E[conj(X) Y]`` (V**2/Hz for 'density'); complex64 when
        both inputs are single precision.

    Raises
    ------
    ValueError
        As :func:`welch`, and if the other axes of `x` and `y` do not broadcast.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.csd`` (the reference semantics).
    """


@multimethod(signal=("x", "y"), coefficients=_WINDOW)
def coherence(
    x: Array,
    y: Array,
    fs: float = 1.0,
    window: Window = "hann_periodic",
    nperseg: int | None = None,
    noverlap: int | None = None,
    nfft: int | None = None,
    detrend: Detrend = "constant",
    axis: int = -1,
) -> tuple[Array, Array]:
    """Estimate the magnitude-squared coherence ``|Pxy|**2 / (Pxx Pyy)`` of `x` and `y`.

    Parameters
    ----------
    x, y : arrays
        Signals from one array library, time along `axis`.
    fs, window, nperseg, noverlap, nfft, detrend, axis
        As in :func:`welch`.

    Returns
    -------
    f : array, shape (n_freq,), float64
        Sample frequencies in Hz.
    Cxy : array, shape (..., n_freq, ...), real
        Coherence, between 0 and 1, frequency along `axis`.

    Raises
    ------
    ValueError
        As :func:`csd`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.coherence`` (the reference semantics).
    """


@multimethod(signal=("x",), coefficients=_WINDOW)
def spectrogram(
    x: Array,
    fs: float = 1.0,
    window: Window = ("tukey_periodic", 0.25),
    nperseg: int | None = None,
    noverlap: int | None = None,
    nfft: int | None = None,
    detrend: Detrend = "constant",
    return_onesided: bool = True,
    scaling: str = "density",
    axis: int = -1,
    mode: str = "psd",
) -> tuple[Array, Array, Array]:
    """Compute a spectrogram: one windowed spectrum per segment of `x`.

    Parameters
    ----------
    x : array, shape (..., n, ...)
        Signal, time along `axis`. Its array library selects the backend.
    fs, window, nperseg, nfft, detrend, return_onesided, scaling, axis
        As in :func:`welch`; a callable `detrend` receives the segments with
        the segment samples on `axis`.
    noverlap : int, optional
        Overlap of consecutive segments (``nperseg // 8``).
    mode : {'psd', 'complex', 'magnitude', 'angle', 'phase'}, optional
        Power (scaled as `scaling`), the complex STFT, its modulus, its angle,
        or its angle unwrapped along frequency.

    Returns
    -------
    f : array, shape (n_freq,), float64
        Sample frequencies in Hz.
    t : array, shape (n_segments,), float64
        Segment centres in seconds.
    Sxx : array, shape (..., n_freq, ..., n_segments)
        Frequency along `axis`, segments on a new last axis; real except for
        ``mode='complex'``; single precision in, single precision out.

    Raises
    ------
    ValueError
        If ``noverlap >= nperseg``, the window does not fit, or `mode` or
        `scaling` is unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.spectrogram`` (the reference semantics).
    """


@multimethod(signal=("x",), coefficients=_WINDOW)
def stft(
    x: Array,
    fs: float = 1.0,
    window: Window = "hann_periodic",
    nperseg: int | None = 256,
    noverlap: int | None = None,
    nfft: int | None = None,
    detrend: Detrend = False,
    return_onesided: bool = True,
    boundary: str | None = "zeros",
    padded: bool = True,
    axis: int = -1,
    scaling: str = "spectrum",
) -> tuple[Array, Array, Array]:
    """Compute the short-time Fourier transform of `x`.

    Parameters
    ----------
    x : array, shape (..., n, ...)
        Signal, time along `axis`. Its array library selects the backend.
    fs, window, nperseg, noverlap, nfft, detrend, return_onesided, axis
        As in :func:`welch` (``noverlap`` defaults to ``nperseg // 2``).
    boundary : {'zeros', 'even', 'odd', 'constant', None}, optional
        Extension of ``nperseg // 2`` samples added at both ends, so that the
        first and last samples sit at a segment centre.
    padded : bool, optional
        Zero-pad the end so that the last segment is complete.
    scaling : {'spectrum', 'psd'}, optional
        Amplitude scaling of each column: magnitude spectrum or square root
        of a power spectral density.

    Returns
    -------
    f : array, shape (n_freq,), float64
        Sample frequencies in Hz.
    t : array, shape (n_segments,), float64
        Segment times in seconds.
    Zxx : array, shape (..., n_freq, ..., n_segments), complex
        complex64 for single-precision `x`.

    Raises
    ------
    ValueError
        If ``noverlap >= nperseg``, or `boundary` or `scaling` is unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.stft`` (the reference semantics).
    """


@multimethod(signal=("Zxx",), coefficients=_WINDOW)
def istft(
    Zxx: Array,
    fs: float = 1.0,
    window: Window = "hann_periodic",
    nperseg: int | None = None,
    noverlap: int | None = None,
    nfft: int | None = None,
    input_onesided: bool = True,
    boundary: bool = True,
    time_axis: int = -1,
    freq_axis: int = -2,
    scaling: str = "spectrum",
) -> tuple[Array, Array]:
    """Invert a short-time Fourier transform by weighted overlap-add.

    Parameters
    ----------
    Zxx : array, at least 2-D
        STFT with segments along `time_axis` and frequencies along `freq_axis`.
    fs : float, optional
        Sampling frequency in Hz.
    window : str, tuple or array, optional
        The analysis window used by :func:`stft`.
    nperseg, noverlap, nfft : int, optional
        Segment length, overlap and FFT length of the forward transform
        (deduced from the shape of `Zxx` when None).
    input_onesided : bool, optional
        Whether `Zxx` holds a one-sided spectrum (real output).
    boundary : bool, optional
        Remove the ``nperseg // 2`` samples :func:`stft` added at each end.
    time_axis, freq_axis : int, optional
        Axes of `Zxx`.
    scaling : {'spectrum', 'psd'}, optional
        The scaling used by the forward transform.

    Returns
    -------
    t : array, float64
        Sample times in seconds (SciPy's convention: length of the first
        axis of `x`).
    x : array
        Signal, time where `time_axis` was; real for one-sided input.

    Raises
    ------
    ValueError
        If `Zxx` is 1-D, the two axes coincide, ``noverlap >= nperseg``, or
        the window does not have length `nperseg`.

    Warns
    -----
    UserWarning
        If the window fails the NOLA condition (inversion is not exact).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.istft`` (the reference semantics).
    """


@multimethod(signal=("data",))
def detrend(
    data: Array,
    axis: int = -1,
    type: str = "linear",
    bp: int | Sequence[int] | ArrayLike = 0,
    overwrite_data: bool = False,
) -> Array:
    """Remove the mean or the least-squares line from `data` along an axis.

    Parameters
    ----------
    data : array
        Signal. Its array library selects the backend.
    axis : int, optional
        Axis along which the trend is removed.
    type : {'linear', 'constant'}, optional
        Least-squares line (``'l'``) or mean (``'c'``).
    bp : int or sequence of int, optional
        Breakpoints: a separate line is fitted between consecutive ones
        (``'linear'`` only; the portable backend supports only ``bp=0``).
    overwrite_data : bool, optional
        Accepted for compatibility; the input is never modified.

    Returns
    -------
    out : array, same shape, library and device as `data`
        float64 for integer input, otherwise the input's dtype.

    Raises
    ------
    ValueError
        If `type` is unknown or a breakpoint exceeds the axis length.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.detrend`` (the reference semantics).
    """
