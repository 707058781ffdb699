"""IIR filtering: recursive filters, their initial conditions, zero-phase filtering.

Public multimethods with ``scipy.signal``'s names and signatures. NumPy input
runs SciPy's compiled code; torch tensors run the torch backend's modal state
space in blocks; CuPy arrays run cupyx's kernels; any other array-API array runs
the portable block-parallel recurrence of ``sigproc._core.recurrence`` on its own
device (all exact to rounding, no Python loop over samples). ``docs/support.md``
says which backend runs which function natively.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import Any, TypeAlias

from ._typing import Array, ArrayLike
from .dispatch import multimethod

#: A ``scipy.signal.dlti`` system, which `decimate` accepts as `ftype` (SciPy has no types).
_Dlti: TypeAlias = Any

__all__ = [
    "decimate",
    "filtfilt",
    "lfilter",
    "lfilter_zi",
    "lfiltic",
    "sosfilt",
    "sosfilt_zi",
    "sosfiltfilt",
]


@multimethod(signal=("x",), coefficients=("b", "a", "zi"))
def lfilter(
    b: ArrayLike, a: ArrayLike, x: Array, axis: int = -1, zi: ArrayLike | None = None
) -> Array | tuple[Array, Array]:
    """Filter data along one axis with a rational transfer function B(z)/A(z).

    Computes ``a[0] y[n] = sum_k b[k] x[n-k] - sum_{k>=1} a[k] y[n-k]`` in
    transposed direct form II, whose delay-line contents are the states `zi`/`zf`.

    Parameters
    ----------
    b, a : array_like, 1-D
        Numerator and denominator coefficients; finite, with ``a[0] != 0``.
        Any array library; converted to the library and device of `x`.
    x : array
        Signal. Its array library selects the backend.
    axis : int, optional
        Axis of `x` that is time. Default -1.
    zi : array_like, optional
        Initial states, shape of `x` with `axis` of length
        ``max(len(a), len(b)) - 1`` (other axes may have length 1).

    Returns
    -------
    y : array
        Same shape, library and device as `x`; dtype is the result type of
        `b`, `a`, `x` (and `zi`), which must be floating or complex.
    zf : array
        Final states, shaped like `zi`; returned only when `zi` is given.

    Raises
    ------
    ValueError
        If `b` or `a` is not a non-empty 1-D array, has NaN/inf (SciPy would
        return NaN), ``a[0] == 0``, or `zi` has the wrong shape.
    NotImplementedError
        If the result type is an integer type (as SciPy).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.lfilter`` (the reference semantics).
    """


@multimethod(signal=("b", "a"))
def lfilter_zi(b: Array, a: Array) -> Array:
    """Initial states of `lfilter` for the steady state of a unit step response.

    Solves ``(I - A) zi = B`` for the state-space matrices of the filter, so that
    filtering a constant signal ``c`` from ``zi * c`` has no transient.

    Parameters
    ----------
    b, a : array, 1-D
        Numerator and denominator coefficients (finite). Their array library
        selects the backend and is the library of the result.

    Returns
    -------
    zi : array, shape (max(len(a), len(b)) - 1,)
        Floating point (float64 for integer coefficients).

    Raises
    ------
    ValueError
        If `b` or `a` is not 1-D, is not finite, or `a` is all zeros.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.lfilter_zi`` (the reference semantics).
    """


@multimethod(signal=("y",), coefficients=("b", "a", "x"))
def lfiltic(b: ArrayLike, a: ArrayLike, y: Array, x: ArrayLike | None = None) -> Array:
    """Initial states of `lfilter` that reproduce given past outputs and inputs.

    Parameters
    ----------
    b, a : array_like, 1-D
        Filter coefficients (finite, ``a[0] != 0``); follow the library of `y`.
    y : array, 1-D
        Past outputs, most recent first: ``y[-1], y[-2], ...``; missing ones are
        taken as zero. Its array library selects the backend.
    x : array_like, 1-D, optional
        Past inputs, most recent first; zeros when omitted.

    Returns
    -------
    zi : array, shape (max(len(a), len(b)) - 1,)
        dtype is the result type of the inputs (float64 for integer inputs).

    Raises
    ------
    ValueError
        If `b` or `a` is not a non-empty 1-D finite array or ``a[0] == 0``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.lfiltic`` (the reference semantics).
    """


@multimethod(signal=("x",), coefficients=("b", "a"))
def filtfilt(
    b: ArrayLike,
    a: ArrayLike,
    x: Array,
    axis: int = -1,
    padtype: str | None = "odd",
    padlen: int | None = None,
    method: str = "pad",
    irlen: int | None = None,
) -> Array:
    """Zero-phase filtering: apply `lfilter` forward, then backward.

    The result has the squared magnitude response of ``b, a`` and no phase
    shift. The edges are extended by `padlen` samples and both passes start
    from `lfilter_zi` scaled by the first sample, as in SciPy.

    Parameters
    ----------
    b, a : array_like, 1-D
        Filter coefficients (finite, ``a[0] != 0``); follow the library of `x`.
    x : array
        Signal. Its array library selects the backend.
    axis : int, optional
        Time axis. Default -1.
    padtype : {'odd', 'even', 'constant', None}, optional
        Extension at both ends: point reflection, mirror, edge value, none.
    padlen : int, optional
        Samples added at each end; default ``3 * max(len(a), len(b))``.
        Must be less than ``x.shape[axis]``.
    method : {'pad', 'gust'}, optional
        Edge handling: padding, or 'gust', Gustafsson's initial conditions [2]_
        (with `irlen`), on every backend.
    irlen : int, optional
        Impulse-response length used by 'gust'.

    Returns
    -------
    y : array
        Same shape, library and device as `x`; result dtype of `b`, `a`, `x`.

    Raises
    ------
    ValueError
        Bad `b`/`a` (as in `lfilter`), unknown `padtype` or `method`, or
        ``x.shape[axis] <= padlen``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.filtfilt`` (the reference semantics).
    .. [2] F. Gustafsson, "Determining the initial states in forward-backward
       filtering", IEEE Trans. Signal Processing 44(4), 1996.
    """


@multimethod(signal=("x",), coefficients=("sos", "zi"))
def sosfilt(
    sos: ArrayLike, x: Array, axis: int = -1, zi: ArrayLike | None = None
) -> Array | tuple[Array, Array]:
    """Filter data along one axis with cascaded second-order sections.

    Numerically preferable to `lfilter` for high orders: each section is a
    second-order `lfilter` and feeds the next.

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Rows ``[b0, b1, b2, a0, a1, a2]`` with ``a0 == 1``, as returned by
        ``butter(..., output="sos")``; finite. Follows the library of `x`.
    x : array
        Signal. Its array library selects the backend.
    axis : int, optional
        Time axis. Default -1.
    zi : array_like, shape (n_sections, ..., 2, ...), optional
        Initial states per section: ``x.shape`` with `axis` of length 2,
        preceded by the sections axis.

    Returns
    -------
    y : array
        Same shape, library and device as `x`; result dtype of `sos`, `x`
        (and `zi`): a float32 signal with float64 sections gives float64.
    zf : array, shape of `zi`
        Final states; returned only when `zi` is given.

    Raises
    ------
    ValueError
        If `sos` is not (n_sections, 6), is not finite, ``sos[:, 3] != 1``,
        or `zi` has the wrong shape.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sosfilt`` (the reference semantics).
    """


@multimethod(signal=("sos",))
def sosfilt_zi(sos: Array) -> Array:
    """Initial states of `sosfilt` for the steady state of a unit step response.

    Parameters
    ----------
    sos : array, shape (n_sections, 6)
        Second-order sections (finite, ``sos[:, 3] == 1``). Its array library
        selects the backend and is the library of the result.

    Returns
    -------
    zi : array, shape (n_sections, 2)
        Each section's `lfilter_zi` scaled by the DC gain of the sections
        before it. Floating point (float64 for integer input).

    Raises
    ------
    ValueError
        If `sos` is not of shape (n_sections, 6), not finite, or
        ``sos[:, 3] != 1``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sosfilt_zi`` (the reference semantics).
    """


@multimethod(signal=("x",), coefficients=("sos",))
def sosfiltfilt(
    sos: ArrayLike,
    x: Array,
    axis: int = -1,
    padtype: str | None = "odd",
    padlen: int | None = None,
) -> Array:
    """Zero-phase filtering with second-order sections: forward, then backward.

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Second-order sections (finite, ``sos[:, 3] == 1``); follow `x`.
    x : array
        Signal. Its array library selects the backend.
    axis : int, optional
        Time axis. Default -1.
    padtype : {'odd', 'even', 'constant', None}, optional
        Edge extension, as in `filtfilt`.
    padlen : int, optional
        Samples added at each end; the default is ``3 * (2 * n_sections + 1)``
        less the number of sections whose ``b2`` and ``a2`` are both zero
        (SciPy's rule). Must be less than ``x.shape[axis]``.

    Returns
    -------
    y : array
        Same shape, library and device as `x`; result dtype of `sos` and `x`.

    Raises
    ------
    ValueError
        Bad `sos` (as in `sosfilt`), unknown `padtype`, or
        ``x.shape[axis] <= padlen``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sosfiltfilt`` (the reference semantics).
    """


@multimethod(signal=("x",))
def decimate(
    x: Array,
    q: int,
    n: int | None = None,
    ftype: str | _Dlti = "iir",
    axis: int = -1,
    zero_phase: bool = True,
) -> Array:
    """Downsample by an integer factor after an anti-aliasing low-pass filter.

    Parameters
    ----------
    x : array
        Signal. Its array library selects the backend.
    q : int
        Downsampling factor (>= 1). For large factors SciPy advises several
        calls with factors below 13.
    n : int, optional
        Filter order: default 8 for 'iir' (Chebyshev type I, 0.05 dB ripple,
        edge ``0.8 / q`` of Nyquist) and ``20 * q`` for 'fir' (Hamming-window
        ``firwin(n + 1, 1 / q)``). The filters are designed on the host.
    ftype : {'iir', 'fir'} or dlti, optional
        Filter type, or a ``scipy.signal.dlti`` system to use as the
        anti-aliasing filter (as SciPy: second-order sections for real poles
        and zeros, ``(b, a)`` otherwise, ``resample_poly``/``upfirdn`` for FIR).
    axis : int, optional
        Time axis. Default -1.
    zero_phase : bool, optional
        Filter forward and backward (`sosfiltfilt`, or a centred FIR as
        ``resample_poly``) instead of once (`sosfilt`, causal FIR).

    Returns
    -------
    y : array
        Length ``ceil(x.shape[axis] / q)`` along `axis`; library and device of
        `x`; dtype of `x` when floating or complex, else float64.

    Raises
    ------
    TypeError
        If `q` or `n` is not an integer.
    ValueError
        If `ftype` is unknown or the signal is too short for ``sosfiltfilt``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.decimate`` (the reference semantics).
    """
