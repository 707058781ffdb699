"""FIR work: convolution, the analytic signal, resampling and smoothing filters.

Public multimethods with ``scipy.signal``'s names and signatures. NumPy input
runs SciPy's compiled code; any other array-API array runs the portable
FFT-based code of ``sigproc.backends.array_api._fir`` on its own device.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._typing import Array, ArrayLike, Window
from .dispatch import multimethod

__all__ = [
    "convolve",
    "correlate",
    "fftconvolve",
    "hilbert",
    "medfilt",
    "oaconvolve",
    "resample",
    "resample_poly",
    "savgol_filter",
    "upfirdn",
]


@multimethod(signal=("in1", "in2"))
def convolve(in1: Array, in2: Array, mode: str = "full", method: str = "auto") -> Array:
    """Convolve two N-dimensional arrays over all their axes.

    Parameters
    ----------
    in1, in2 : array
        Inputs with the same number of dimensions, from the same array
        library (it selects the backend). 0-d inputs are multiplied.
    mode : {'full', 'valid', 'same'}, optional
        Output size: the full linear convolution (shape ``s1 + s2 - 1``),
        only the part computed without zero padding (``|s1 - s2| + 1``; one
        input must be at least as large as the other on every axis), or the
        centre part with the shape of `in1`.
    method : {'auto', 'direct', 'fft'}, optional
        How to compute it. The NumPy backend lets SciPy choose; the portable
        backend always uses FFTs, which agree with direct sums to rounding.

    Returns
    -------
    out : array
        dtype is the result type of the inputs. Integer inputs give integers
        (the portable backend rounds its FFT result, exact below 2**52).

    Raises
    ------
    ValueError
        If the inputs differ in dimensionality, `mode` or `method` is not
        one of the accepted strings, or 'valid' shapes are incompatible.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.convolve`` (the reference semantics).
    """


@multimethod(signal=("in1", "in2"))
def correlate(in1: Array, in2: Array, mode: str = "full", method: str = "auto") -> Array:
    """Cross-correlate two N-dimensional arrays over all their axes.

    ``correlate(a, b)`` equals ``convolve(a, conj(b[::-1, ::-1, ...]))``:
    the output at lag ``k`` is ``sum_n a[n + k] * conj(b[n])``.

    Parameters
    ----------
    in1, in2 : array
        Inputs with the same number of dimensions, from one array library.
    mode : {'full', 'valid', 'same'}, optional
        Output size, as for :func:`convolve`.
    method : {'auto', 'direct', 'fft'}, optional
        As for :func:`convolve`; the portable backend always uses FFTs.

    Returns
    -------
    out : array
        dtype is the result type of the inputs.

    Raises
    ------
    ValueError
        As for :func:`convolve`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.correlate`` (the reference semantics).
    """


@multimethod(signal=("in1", "in2"))
def fftconvolve(
    in1: Array, in2: Array, mode: str = "full", axes: int | Sequence[int] | None = None
) -> Array:
    """Convolve two N-dimensional arrays with FFTs.

    Parameters
    ----------
    in1, in2 : array
        Inputs with the same number of dimensions, from one array library.
        On axes not in `axes` their lengths must be equal or 1 (broadcast).
    mode : {'full', 'valid', 'same'}, optional
        Output size, as for :func:`convolve`, on the convolved axes.
    axes : int or sequence of int, optional
        Axes to convolve over; default all.

    Returns
    -------
    out : array
        Floating point: integer inputs give float64, float32 stays float32,
        complex input gives a complex result.

    Raises
    ------
    ValueError
        If the dimensionality, the shapes on the other axes, `axes` or `mode`
        are invalid.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.fftconvolve`` (the reference semantics).
    """


@multimethod(signal=("in1", "in2"))
def oaconvolve(
    in1: Array, in2: Array, mode: str = "full", axes: int | Sequence[int] | None = None
) -> Array:
    """Convolve two N-dimensional arrays with the overlap-add method.

    Same arguments, result and errors as :func:`fftconvolve`, to rounding.
    The portable backend computes one FFT convolution of the whole arrays.

    Parameters
    ----------
    in1, in2 : array
        Inputs with the same number of dimensions, from one array library.
    mode : {'full', 'valid', 'same'}, optional
        Output size, as for :func:`convolve`.
    axes : int or sequence of int, optional
        Axes to convolve over; default all.

    Returns
    -------
    out : array

    References
    ----------
    .. [1] SciPy, ``scipy.signal.oaconvolve`` (the reference semantics).
    """


@multimethod(signal=("x",))
def hilbert(x: Array, N: int | None = None, axis: int = -1) -> Array:
    """Analytic signal of a real signal, computed with FFTs.

    The negative frequencies of the FFT are zeroed and the positive ones
    doubled (DC and, for even `N`, Nyquist kept), then transformed back; the
    imaginary part of the result is the Hilbert transform of `x`.

    Parameters
    ----------
    x : array, real
        Signal; its array library selects the backend.
    N : int, optional
        Number of samples: `x` is cropped or zero-padded to `N` along `axis`
        first. Default ``x.shape[axis]``.
    axis : int, optional
        Time axis. Default -1.

    Returns
    -------
    xa : array, complex
        Shape of `x` with `N` samples on `axis`; complex64 for float32 input,
        complex128 otherwise.

    Raises
    ------
    ValueError
        If `x` is complex or ``N <= 0``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.hilbert`` (the reference semantics).
    .. [2] Leon Cohen, "Time-Frequency Analysis", Prentice Hall, 1995, ch. 2.
    """


@multimethod(signal=("x",), coefficients=("t",))
def resample(
    x: Array,
    num: int,
    t: ArrayLike | None = None,
    axis: int = 0,
    window: Window | Callable[[Array], Array] | None = None,
    domain: str = "time",
) -> Array | tuple[Array, Array]:
    """Resample `x` to `num` samples with the Fourier method.

    The spectrum of `x` is truncated or zero-padded (an ideal low-pass, with
    the unpaired Nyquist bin split or merged as SciPy 1.17 does), so `x` is
    treated as one period of a periodic signal.

    Parameters
    ----------
    x : array
        Equally spaced samples along `axis` (or their FFT, with
        ``domain='freq'``); its array library selects the backend.
    num : int
        Number of output samples; the sample interval becomes
        ``T * n_x / num``.
    t : array_like, optional
        Time stamps of `x`; only ``t[0]`` and ``t[1]`` are used. When given,
        the output time stamps are returned too.
    axis : int, optional
        Time axis. Default 0.
    window : array_like, callable, str, float or tuple, optional
        Spectral weighting applied before resampling: an array of ``n_x``
        weights in FFT order, a callable of ``fftfreq(n_x)``, or a
        ``get_window`` specification (fft-shifted).
    domain : {'time', 'freq'}, optional
        Whether `x` holds samples or already their FFT.

    Returns
    -------
    x_r : array
        `num` samples along `axis`; real for real time-domain input.
    t_r : array, shape (num,), only when `t` is given
        ``t[0] + (t[1] - t[0]) * n_x / num * arange(num)``.

    Raises
    ------
    ValueError
        If `domain` is not 'time' or 'freq' or a window array has the wrong
        shape.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.resample`` (the reference semantics).
    """


@multimethod(signal=("x",))
def resample_poly(
    x: Array,
    up: int,
    down: int,
    axis: int = 0,
    window: Window = ("kaiser", 5.0),
    padtype: str = "constant",
    cval: float | None = None,
) -> Array:
    """Resample `x` by the rational factor ``up / down`` with a polyphase FIR filter.

    Zero-stuffs by `up`, low-pass filters (zero phase), keeps every
    `down`-th sample: ``ceil(n * up / down)`` samples come out (after
    reducing ``up / down`` by their gcd), the first aligned with `x`'s first.

    Parameters
    ----------
    x : array
        Signal; its array library selects the backend.
    up, down : int
        Upsampling and downsampling factors, >= 1.
    axis : int, optional
        Time axis. Default 0.
    window : str, tuple or array_like, optional
        ``get_window`` specification for the ``firwin`` design (cutoff
        ``1 / max(up, down)``, ``20 * max(up, down) + 1`` taps), or the FIR
        taps themselves (1-D, converted to `x`'s library and device).
    padtype : str, optional
        Assumed values beyond the edges: 'constant' (`cval`), 'mean',
        'median', 'maximum', 'minimum' or an :func:`upfirdn` mode.
    cval : float, optional
        Edge value for ``padtype='constant'``. Default 0.

    Returns
    -------
    resampled_x : array
        Floating point; dtype of `x` for float input.

    Raises
    ------
    ValueError
        If `up` or `down` are not integers >= 1, `window` is not 1-D,
        `padtype` is unknown or `cval` is given with another padtype.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.resample_poly`` (the reference semantics).
    """


@multimethod(signal=("x",), coefficients=("h",))
def upfirdn(
    h: ArrayLike,
    x: Array,
    up: int = 1,
    down: int = 1,
    axis: int = -1,
    mode: str = "constant",
    cval: float = 0,
) -> Array:
    """Upsample by zero insertion, apply an FIR filter, downsample.

    Parameters
    ----------
    h : array_like, shape (n_taps,)
        FIR taps; converted to the library and device of `x`.
    x : array
        Signal; its array library selects the backend.
    up, down : int, optional
        Upsampling and downsampling factors, >= 1.
    axis : int, optional
        Time axis. Default -1.
    mode : str, optional
        Extension of `x` beyond its edges: 'constant' (`cval`), 'wrap',
        'edge', 'smooth', 'symmetric', 'reflect', 'antisymmetric',
        'antireflect' or 'line'.
    cval : float, optional
        Edge value for ``mode='constant'``.

    Returns
    -------
    y : array
        ``((n_x - 1) * up + n_taps - 1) // down + 1`` samples along `axis`;
        dtype the result type of `h`, `x` and float32.

    Raises
    ------
    ValueError
        If `h` is not 1-D and non-empty, `up` or `down` < 1, or `mode` is
        unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.upfirdn`` (the reference semantics).
    .. [2] P. P. Vaidyanathan, "Multirate Systems and Filter Banks",
           Prentice Hall, 1993.
    """


@multimethod(signal=("x",))
def savgol_filter(
    x: Array,
    window_length: int,
    polyorder: int,
    deriv: int = 0,
    delta: float = 1.0,
    axis: int = -1,
    mode: str = "interp",
    cval: float = 0.0,
) -> Array:
    """Smooth (or differentiate) `x` with a Savitzky-Golay filter.

    Each output sample is the value (or `deriv`-th derivative) at the window
    centre of the least-squares polynomial of order `polyorder` fitted to
    the `window_length` samples around it.

    Parameters
    ----------
    x : array
        Signal; float32 stays float32, other dtypes become float64.
    window_length : int
        Number of taps, greater than `polyorder`.
    polyorder : int
        Order of the fitted polynomial.
    deriv : int, optional
        Order of the derivative. Default 0.
    delta : float, optional
        Sample spacing, used when ``deriv > 0``.
    axis : int, optional
        Time axis. Default -1.
    mode : {'interp', 'mirror', 'constant', 'nearest', 'wrap'}, optional
        Edge handling: 'interp' evaluates polynomials fitted to the first and
        last `window_length` samples; the others extend `x` as
        ``scipy.ndimage`` does (`cval` for 'constant').
    cval : float, optional
        Edge value for ``mode='constant'``.

    Returns
    -------
    y : array, same shape as `x`

    Raises
    ------
    ValueError
        If `mode` is unknown, ``polyorder >= window_length``, or with
        'interp' `window_length` exceeds the length of `x`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.savgol_filter`` (the reference semantics).
    .. [2] A. Savitzky, M. J. E. Golay, "Smoothing and Differentiation of Data
           by Simplified Least Squares Procedures", Anal. Chem. 36, 1964.
    """


@multimethod(signal=("volume",))
def medfilt(volume: Array, kernel_size: int | Sequence[int] | None = None) -> Array:
    """Median filter an N-dimensional array, zero-padded at the edges.

    Parameters
    ----------
    volume : array
        Integer, float32 or float64 input; its array library selects the
        backend.
    kernel_size : int or sequence of int, optional
        Odd window size per axis (one int for all). Default 3.

    Returns
    -------
    out : array, same shape and dtype as `volume`

    Raises
    ------
    ValueError
        If a window size is even or the dtype is not supported.

    Warns
    -----
    UserWarning
        If the window is larger than `volume` on some axis.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.medfilt`` (the reference semantics).
    """
