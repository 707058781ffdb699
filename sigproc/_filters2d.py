"""2-D and order filters: public multimethods with ``scipy.signal``'s names.

convolve2d, correlate2d, medfilt2d, wiener, order_filter, sepfir2d and
deconvolve. The signal's library selects the backend; see ``docs/design.md``.
NumPy input runs SciPy's compiled code; any other array-API array runs the
portable code of :mod:`sigproc._core.filters2d` on its own device (torch:
``convolve2d`` and ``correlate2d`` on ``torch.nn.functional.conv2d``).
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Sequence

from ._typing import Array, ArrayLike
from .dispatch import multimethod

__all__ = [
    "convolve2d",
    "correlate2d",
    "deconvolve",
    "medfilt2d",
    "order_filter",
    "sepfir2d",
    "wiener",
]


@multimethod(signal=("in1", "in2"))
def convolve2d(
    in1: Array, in2: Array, mode: str = "full", boundary: str = "fill", fillvalue: complex = 0
) -> Array:
    """Convolve two 2-D arrays by direct summation, with a choice of edge model.

    Unlike :func:`convolve`, the samples of `in1` beyond its edges need not
    be zeros: they are a constant, the periodic continuation, or the mirror
    image of `in1`, so that filtering an image does not darken its borders.

    Parameters
    ----------
    in1 : array, shape (M, N)
        Image; its array library selects the backend (with `in2`, which must
        be of the same library).
    in2 : array, shape (K, L)
        Kernel. In 'valid' mode the inputs trade places when `in2` is the
        larger one on every axis.
    mode : {'full', 'valid', 'same'}, optional
        Output size: the full convolution, shape ``(M + K - 1, N + L - 1)``;
        only the part that needs no sample beyond the edges,
        ``(M - K + 1, N - L + 1)``; or the centre part with the shape of
        `in1`. Default 'full'.
    boundary : {'fill', 'wrap', 'symm'}, optional
        Samples beyond the edges of `in1`: `fillvalue` ('fill', alias
        'pad'), the periodic continuation ('wrap', alias 'circular'), or the
        mirror image with the edge sample repeated ('symm', alias
        'symmetric'). Default 'fill'.
    fillvalue : scalar, optional
        The constant of ``boundary='fill'``, cast to the output dtype.
        Default 0.

    Returns
    -------
    out : array, 2-D
        dtype is the result type of the inputs: integers stay integers (sums
        wrap around as in C), float32 stays float32, complex is supported.

    Raises
    ------
    ValueError
        If an input is not 2-D, `mode` or `boundary` is not one of the names
        above, neither input is at least as large as the other on every axis
        in 'valid' mode, `fillvalue` cannot be cast to the output dtype or
        has more than one element, or the dtype is boolean or float16.

    See Also
    --------
    correlate2d, sepfir2d, convolve

    References
    ----------
    .. [1] SciPy, ``scipy.signal.convolve2d`` (the reference semantics).

    Examples
    --------
    Smooth an image with a 3 x 3 box filter, mirroring it at the borders so
    that a constant image stays constant:

    >>> import numpy as np
    >>> import sigproc
    >>> image = np.full((4, 5), 2.0)
    >>> sigproc.convolve2d(image, np.ones((3, 3)) / 9, mode="same", boundary="symm")[0]
    array([2., 2., 2., 2., 2.])
    """


@multimethod(signal=("in1", "in2"))
def correlate2d(
    in1: Array, in2: Array, mode: str = "full", boundary: str = "fill", fillvalue: complex = 0
) -> Array:
    """Cross-correlate two 2-D arrays by direct summation, with a choice of edge model.

    ``out[m, n]`` is the sum of ``in1[m + j, n + k] * conj(in2[j, k])`` over
    the kernel, with `in1` extended beyond its edges as `boundary` says and
    the origin placed by `mode`.

    Parameters
    ----------
    in1 : array, shape (M, N)
        Image; its array library selects the backend (with `in2`, which must
        be of the same library).
    in2 : array, shape (K, L)
        Template, conjugated. In 'valid' mode the inputs trade places when
        `in2` is the larger one on every axis (the result is then reversed
        on both axes, as SciPy returns it).
    mode : {'full', 'valid', 'same'}, optional
        Output size, as in :func:`convolve2d`. Default 'full'. In 'same'
        mode with an even kernel size the window is placed one sample
        earlier than in :func:`correlate`.
    boundary : {'fill', 'wrap', 'symm'}, optional
        Samples beyond the edges of `in1`, as in :func:`convolve2d`.
    fillvalue : scalar, optional
        The constant of ``boundary='fill'``. Default 0.

    Returns
    -------
    out : array, 2-D
        dtype is the result type of the inputs.

    Raises
    ------
    ValueError
        As :func:`convolve2d`.

    See Also
    --------
    convolve2d, correlate

    References
    ----------
    .. [1] SciPy, ``scipy.signal.correlate2d`` (the reference semantics).
    """


@multimethod(signal=("input",))
def medfilt2d(input: Array, kernel_size: int | Sequence[int] = 3) -> Array:
    """Median filter of a 2-D array, zero-padded at the edges.

    Parameters
    ----------
    input : array, shape (M, N)
        Image; its array library selects the backend. uint8, float32 and
        float64 are filtered as they are; other integer dtypes go through
        :func:`medfilt` (which also takes other shapes).
    kernel_size : int or sequence of 2 ints, optional
        Odd window size per axis (one int for both). Default 3. Only the
        first two entries of a longer sequence are used, as in SciPy.

    Returns
    -------
    out : array, same shape and dtype as `input`

    Raises
    ------
    ValueError
        If a window size is even, `kernel_size` has fewer than two entries,
        `input` is not 2-D, or its dtype is boolean, float16 or complex.

    See Also
    --------
    medfilt, order_filter

    References
    ----------
    .. [1] SciPy, ``scipy.signal.medfilt2d`` (the reference semantics).
    """


@multimethod(signal=("im",))
def wiener(
    im: Array, mysize: int | Sequence[int] | None = None, noise: float | None = None
) -> Array:
    """Adaptive Wiener filter of an N-dimensional array.

    The local mean ``mu`` and variance ``var`` are taken over a window of
    `mysize` around each sample (zero-padded edges); the output is
    ``mu + (1 - noise / var) * (im - mu)`` where ``var >= noise``, and
    ``mu`` elsewhere.

    Parameters
    ----------
    im : array
        Signal or image; its array library selects the backend.
    mysize : int or sequence of int, optional
        Window size per axis (one int for all). Default 3 on every axis.
    noise : float, optional
        Noise power, in the units of ``im ** 2``. Default: the mean of the
        local variance over the whole array.

    Returns
    -------
    out : array, shape of `im`
        float64 for real input (float32 included), complex128 for complex.

    Raises
    ------
    ValueError
        If `mysize` has a length other than ``im.ndim``.

    Notes
    -----
    Where the local variance is zero the division warns as NumPy does on
    the NumPy backends (the output there is ``mu``).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.wiener`` (the reference semantics).
    .. [2] J. S. Lim, "Two-Dimensional Signal and Image Processing",
           Prentice Hall, 1990, p. 548.
    """


@multimethod(signal=("a",), coefficients=("domain",))
def order_filter(a: Array, domain: ArrayLike, rank: int) -> Array:
    """Rank (order-statistic) filter of an N-dimensional array, zero-padded.

    Each output sample is the `rank`-th smallest of the input samples under
    the nonzero entries of `domain`, centred on it.

    Parameters
    ----------
    a : array
        Integer, float32 or float64 input; its array library selects the
        backend.
    domain : array_like
        Mask with ``a.ndim`` axes, each of odd length; converted to the
        library and device of `a`.
    rank : int
        Position in the sorted window: 0 is the minimum, ``count - 1`` the
        maximum (``count`` the number of nonzero entries of `domain`);
        negative values count from the end.

    Returns
    -------
    out : array, same shape and dtype as `a`

    Raises
    ------
    ValueError
        If an axis of `domain` has even length or the dtype of `a` is not
        supported.
    RuntimeError
        If `rank` is outside the window, or `domain` has a different number
        of axes than `a`.
    TypeError
        If `rank` is not an integer.

    See Also
    --------
    medfilt, medfilt2d

    References
    ----------
    .. [1] SciPy, ``scipy.signal.order_filter`` (the reference semantics).

    Examples
    --------
    The minimum over the diagonal neighbours of each sample:

    >>> import numpy as np
    >>> import sigproc
    >>> x = np.arange(25).reshape(5, 5)
    >>> sigproc.order_filter(x, np.identity(3), 0)[1]
    array([0, 0, 1, 2, 0])
    """


@multimethod(signal=("input",), coefficients=("hrow", "hcol"))
def sepfir2d(input: Array, hrow: ArrayLike, hcol: ArrayLike) -> Array:
    """Filter a 2-D array with a separable FIR filter, mirror-symmetric at the edges.

    Every row is filtered with `hrow`, then every column with `hcol`; beyond
    its edges the image is its mirror image with the edge sample repeated.
    Used to evaluate an image from its B-spline coefficients.

    Parameters
    ----------
    input : array, shape (M, N)
        Image; its array library selects the backend.
    hrow, hcol : array_like, 1-D, odd length
        Taps along the rows (last axis) and along the columns (first axis),
        centred; converted to the library and device of `input`. They must
        cast safely to the computation dtype.

    Returns
    -------
    output : array, shape (M, N)
        float32 for float32 and for integer inputs of up to 16 bits, float64
        for wider integers and float64, complex64 or complex128 for complex.

    Raises
    ------
    ValueError
        If `input` is not 2-D, or a filter is not 1-D or has even length.
    TypeError
        If a filter's dtype does not cast safely to the computation dtype
        (float64 taps on a float32 image, complex taps on a real one).

    Notes
    -----
    SciPy's compiled code reads outside the image when a filter is longer
    than an axis plus one; the NumPy backend sends those calls to the
    portable code, which keeps mirroring.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sepfir2d`` (the reference semantics).
    """


@multimethod(signal=("signal",), coefficients=("divisor",))
def deconvolve(signal: Array, divisor: ArrayLike) -> tuple[Array, Array]:
    """Deconvolve `divisor` out of `signal` (polynomial division).

    Returns `quotient` and `remainder` such that ``signal ==
    convolve(divisor, quotient) + remainder``: `quotient` is the start of
    the impulse response of the filter ``signal / divisor``.

    Parameters
    ----------
    signal : array, shape (N,)
        Recorded signal; its array library selects the backend.
    divisor : array_like, shape (D,)
        Impulse response to remove (``divisor[0] != 0``); converted to the
        library and device of `signal`.

    Returns
    -------
    quotient : array, shape (N - D + 1,)
        float64 (complex128 for complex input). When ``D > N``, empty (the
        NumPy backend returns SciPy's empty list).
    remainder : array, shape (N,)
        float64 or complex128; `signal` itself when ``D > N``.

    Raises
    ------
    ValueError
        If an input is empty or has more than one axis, or
        ``divisor[0] == 0``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.deconvolve`` (the reference semantics).

    Examples
    --------
    >>> import numpy as np
    >>> import sigproc
    >>> recorded = np.convolve([2.0, 1.0], [0.0, 1.0, 0.0, 1.0])
    >>> quotient, remainder = sigproc.deconvolve(recorded, [2.0, 1.0])
    >>> quotient
    array([0., 1., 0., 1.])
    """
