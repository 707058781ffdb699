"""B-splines and symmetric IIR filters: public multimethods with ``scipy.signal``'s names.

The signal's library selects the backend; see ``docs/design.md``. NumPy input
runs SciPy's compiled code; any other array-API array runs the portable code of
:mod:`sigproc._core.splines` on its own device (the recursions on the
block-parallel solver of :mod:`sigproc._core.recurrence`).
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from ._typing import Array, ArrayLike
from .dispatch import multimethod

__all__ = [
    "cspline1d",
    "cspline1d_eval",
    "cspline2d",
    "gauss_spline",
    "qspline1d",
    "qspline1d_eval",
    "qspline2d",
    "spline_filter",
    "symiirorder1",
    "symiirorder2",
]


@multimethod(signal=("signal",))
def symiirorder1(signal: Array, c0: complex, z1: complex, precision: float = -1.0) -> Array:
    r"""Zero-phase first-order IIR filter with mirror-symmetric boundary conditions.

    Runs ``1 / (1 - z1 z^-1)`` forwards, then ``c0 / (1 - z1 z)`` backwards,
    which is the filter

    .. math:: H(z) = \frac{c_0}{(1 - z_1 z^{-1})(1 - z_1 z)}.

    The forward start value assumes the signal continues as its mirror image
    before the first sample: ``x[0] + sum_k z1**(k + 1) x[k]``, summed until
    ``|z1|**(k + 1) <= precision``. The backward start value is
    ``c0 / (1 - z1)`` times the last forward output.

    Parameters
    ----------
    signal : array, shape (N,) or (M, N)
        Signal, or M signals filtered along the last axis; its array library
        selects the backend. Integers and booleans are filtered in float64.
    c0, z1 : scalar
        Gain and pole, ``|z1| < 1``; complex for complex signals.
    precision : float, optional
        Tolerance of the start-value sum, in (0, 1]; otherwise 1e-6 for
        single precision and 1e-11 for double.

    Returns
    -------
    output : array, shape of `signal`
        Same dtype as `signal` (float16 gives float32, integers float64).

    Raises
    ------
    ValueError
        If ``|z1| >= 1``, `signal` has more than two axes, or the start-value
        sum does not reach `precision` within the first ``N - 1`` samples.
    TypeError
        If `c0` is complex and `signal` real.

    Warns
    -----
    ComplexWarning
        If `z1` is complex and `signal` real: the pole of the recursions is
        its real part, as in SciPy.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.symiirorder1`` (the reference semantics).
    .. [2] M. Unser, A. Aldroubi, M. Eden, "B-spline signal processing: Part
           II", IEEE Trans. Signal Processing 41(2), 1993.
    """


@multimethod(signal=("input",))
def symiirorder2(input: Array, r: float, omega: float, precision: float = -1.0) -> Array:
    """Zero-phase second-order IIR filter with mirror-symmetric boundary conditions.

    Runs the resonator ``cs / (1 - a2 z^-1 - a3 z^-2)`` forwards, then
    ``cs / (1 - a2 z - a3 z^2)`` backwards, with ``a2 = 2 r cos(omega)``,
    ``a3 = -r**2`` and ``cs = 1 - 2 r cos(omega) + r**2`` (unit gain at DC).
    The start values of both passes are sums of the signal's mirror image
    weighted by the filter's steady-state responses, cut where a weight
    falls to `precision`.

    Parameters
    ----------
    input : array, shape (N,) or (M, N)
        Real signal, or M signals filtered along the last axis; its array
        library selects the backend. Integers are filtered in float64.
    r : float
        Pole radius, ``r < 1``.
    omega : float
        Pole angle, in radians per sample.
    precision : float, optional
        Tolerance of the start-value sums, in (0, 1]; otherwise 1e-6 for
        float32 and 1e-11 for float64.

    Returns
    -------
    output : array, shape of `input`
        Same dtype as `input` (integers give float64).

    Raises
    ------
    ValueError
        If ``r >= 1``, `input` has more than two axes, or a start-value sum
        does not converge within the first ``N - 1`` samples.
    TypeError
        If `input` is complex.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.symiirorder2`` (the reference semantics).
    .. [2] M. Unser, A. Aldroubi, M. Eden, "B-spline signal processing: Part
           II", IEEE Trans. Signal Processing 41(2), 1993.
    """


@multimethod(signal=("signal",))
def cspline1d(signal: Array, lamb: float = 0.0) -> Array:
    """Cubic B-spline coefficients of a 1-D signal, mirror-symmetric at the edges.

    With ``lamb == 0`` the spline interpolates the samples: convolving the
    coefficients with ``[1, 4, 1] / 6`` (mirror-symmetric edges) gives the
    signal back. ``lamb > 0`` gives a smoothing spline whose curvature is
    penalised by `lamb`.

    Parameters
    ----------
    signal : array, shape (N,)
        Samples at unit spacing; its array library selects the backend.
    lamb : float, optional
        Smoothing weight: 0 (default), or at least 1/144.

    Returns
    -------
    c : array, shape (N,)
        float64 (complex128 for complex input).

    Raises
    ------
    ValueError
        If `signal` is not 1-D, or ``0 < lamb < 1/144`` or ``lamb < 0``
        (SciPy's "math domain error").

    See Also
    --------
    cspline1d_eval, qspline1d, cspline2d

    References
    ----------
    .. [1] SciPy, ``scipy.signal.cspline1d`` (the reference semantics).
    .. [2] M. Unser, "Splines: a perfect fit for signal and image
           processing", IEEE Signal Processing Magazine 16(6), 1999.

    Examples
    --------
    Interpolate a sampled sine at four points per sample:

    >>> import numpy as np
    >>> import sigproc
    >>> x = np.sin(np.arange(20) / 3)
    >>> c = sigproc.cspline1d(x)
    >>> fine = sigproc.cspline1d_eval(c, np.arange(0, 19.01, 0.25))
    >>> bool(np.allclose(fine[::4], x))
    True
    """


@multimethod(signal=("signal",))
def qspline1d(signal: Array, lamb: float = 0.0) -> Array:
    """Quadratic B-spline coefficients of a 1-D signal, mirror-symmetric at the edges.

    Convolving the coefficients with ``[1, 6, 1] / 8`` (mirror-symmetric
    edges) gives the signal back.

    Parameters
    ----------
    signal : array, shape (N,)
        Samples at unit spacing; its array library selects the backend.
    lamb : float, optional
        Must be 0 (smoothing quadratic splines are not supported).

    Returns
    -------
    c : array, shape (N,)
        float64 (complex128 for complex input).

    Raises
    ------
    ValueError
        If ``lamb != 0`` or `signal` is not 1-D.

    See Also
    --------
    qspline1d_eval, cspline1d

    References
    ----------
    .. [1] SciPy, ``scipy.signal.qspline1d`` (the reference semantics).
    """


@multimethod(signal=("signal",))
def cspline2d(signal: Array, lamb: float = 0.0, precision: float = -1.0) -> Array:
    """Cubic B-spline coefficients of an image, mirror-symmetric at the edges.

    The 1-D cubic spline filter runs along the last axis, then along the
    first (twice along the only axis of a 1-D input), as SciPy does.

    Parameters
    ----------
    signal : array, shape (M, N)
        Image at unit spacing; its array library selects the backend.
    lamb : float, optional
        Smoothing weight; up to 1/144 (default 0) the interpolating spline.
    precision : float, optional
        Tolerance of the start-value sums (see :func:`symiirorder1`), in
        (0, 1); otherwise 1e-3 for single precision and 1e-6 for double.

    Returns
    -------
    output : array, shape of `signal`
        float32 for float32 and float16, complex64 for complex64, float64
        for integers and float64, complex128 for complex128.

    Raises
    ------
    ValueError
        If a start-value sum does not converge (an axis too short for
        `precision`).
    TypeError
        If `signal` is complex and ``lamb > 1/144``.

    See Also
    --------
    spline_filter, qspline2d, cspline1d

    References
    ----------
    .. [1] SciPy, ``scipy.signal.cspline2d`` (the reference semantics).
    """


@multimethod(signal=("signal",))
def qspline2d(signal: Array, lamb: float = 0.0, precision: float = -1.0) -> Array:
    """Quadratic B-spline coefficients of an image, mirror-symmetric at the edges.

    The 1-D quadratic spline filter runs along the last axis, then along
    the first.

    Parameters
    ----------
    signal : array, shape (M, N)
        Image at unit spacing; its array library selects the backend.
    lamb : float, optional
        Must be zero or negative (no smoothing). Default 0.
    precision : float, optional
        Tolerance of the start-value sums, in (0, 1); otherwise 1e-3 for
        single precision and 1e-6 for double.

    Returns
    -------
    output : array, shape of `signal`
        dtypes as :func:`cspline2d`.

    Raises
    ------
    ValueError
        If ``lamb > 0``, or a start-value sum does not converge.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.qspline2d`` (the reference semantics).
    """


@multimethod(signal=("Iin",))
def spline_filter(Iin: Array, lmbda: float = 5.0) -> Array:
    """Smooth an image with a cubic smoothing spline.

    The image's smoothing-spline coefficients (:func:`cspline2d` with
    `lmbda`) are evaluated back on the sample grid with the separable
    filter ``[1, 4, 1] / 6`` (:func:`sepfir2d`).

    Parameters
    ----------
    Iin : array, shape (M, N)
        float32, float64, complex64 or complex128 image; its array library
        selects the backend. Complex images are computed in complex64, as
        in SciPy.
    lmbda : float, optional
        Smoothing weight. Default 5.0.

    Returns
    -------
    res : array, shape and dtype of `Iin`

    Raises
    ------
    TypeError
        If the dtype of `Iin` is not one of the above, or it is complex and
        ``lmbda > 1/144``.
    ValueError
        If `Iin` is not 2-D.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.spline_filter`` (the reference semantics).
    """


@multimethod(signal=("x",))
def gauss_spline(x: Array, n: int) -> Array:
    r"""Gaussian approximation of the B-spline basis function of order `n`.

    .. math:: \beta_n(x) \approx \frac{1}{\sqrt{2\pi\sigma^2}}
              e^{-x^2 / (2\sigma^2)}, \quad \sigma^2 = (n + 1) / 12

    Parameters
    ----------
    x : array
        Positions, in knot spacings; its array library selects the backend.
    n : int
        Spline order, ``n >= 0``.

    Returns
    -------
    res : array, shape of `x`
        Floating `x` keeps its dtype; integers give float64.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.gauss_spline`` (the reference semantics).
    .. [2] H. Bouma et al., "Fast and accurate Gaussian derivatives based on
           B-splines", SSVM 2007, LNCS 4485.
    """


@multimethod(signal=("cj",), coefficients=("newx",))
def cspline1d_eval(cj: Array, newx: ArrayLike, dx: float = 1.0, x0: float = 0) -> Array:
    """Evaluate a cubic spline, given its coefficients, at new positions.

    The knots are ``x0 + j * dx`` for ``j = 0 ... N - 1``; beyond them the
    spline continues as its mirror image (period ``2 (N - 1) dx``).

    Parameters
    ----------
    cj : array, shape (N,)
        Cubic spline coefficients (from :func:`cspline1d`); its array
        library selects the backend.
    newx : array_like
        Positions, in the units of `dx`; converted to the library and device
        of `cj`.
    dx : float, optional
        Knot spacing. Default 1.0.
    x0 : float, optional
        Position of the first knot. Default 0.

    Returns
    -------
    res : array, shape of `newx`
        dtype of `cj`.

    Raises
    ------
    ValueError
        If `cj` is empty.
    TypeError
        If `cj` is an integer array (SciPy cannot cast the sums back), or
        `newx` is complex.

    Notes
    -----
    With ``N == 1`` (SciPy recurses without end) the spline is the constant
    ``cj[0]``; a non-finite position gives NaN.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.cspline1d_eval`` (the reference semantics).
    """


@multimethod(signal=("cj",), coefficients=("newx",))
def qspline1d_eval(cj: Array, newx: ArrayLike, dx: float = 1.0, x0: float = 0) -> Array:
    """Evaluate a quadratic spline, given its coefficients, at new positions.

    The knots are ``x0 + j * dx`` for ``j = 0 ... N - 1``; beyond them the
    spline continues as its mirror image.

    Parameters
    ----------
    cj : array, shape (N,)
        Quadratic spline coefficients (from :func:`qspline1d`); its array
        library selects the backend.
    newx : array_like
        Positions, in the units of `dx`; converted to the library and device
        of `cj`.
    dx : float, optional
        Knot spacing. Default 1.0.
    x0 : float, optional
        Position of the first knot. Default 0.

    Returns
    -------
    res : array, shape of `newx`
        The floating dtype of ``(newx - x0) / dx`` (as in SciPy, not that of
        `cj`).

    Raises
    ------
    ValueError
        If `cj` is empty and `newx` is not.
    TypeError
        If `cj` is complex (SciPy cannot cast the sums back), or `newx` is
        complex.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.qspline1d_eval`` (the reference semantics).
    """
