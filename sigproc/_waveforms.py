"""Waveforms: public functions with ``scipy.signal``'s names.

The time array's library selects the backend; functions that take no array
place their result with ``xp=``/``device=``. See ``docs/design.md``.

Two waveforms take arguments that no backend owns: ``gausspulse("cutoff")``
(a number, no waveform) and ``sweep_poly(t, numpy.poly1d(...))``. Their public
functions settle those on the host and dispatch the rest to a multimethod
declared under the same public name; the public function takes the
multimethod's place in the registry (:func:`sigproc.dispatch.front`), so backends register
against it and the support table lists it.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import Any, cast

import numpy as np

from ._lazy import core
from ._lazy import scipy_signal as _signal
from ._typing import Array, ArrayLike, Device, Namespace
from .dispatch import front, multimethod

__all__ = [
    "chirp",
    "gausspulse",
    "max_len_seq",
    "sawtooth",
    "square",
    "sweep_poly",
    "unit_impulse",
]


@multimethod(signal=("t",))
def chirp(
    t: Array,
    f0: float,
    t1: float,
    f1: float,
    method: str = "linear",
    phi: float = 0,
    vertex_zero: bool = True,
    *,
    complex: bool = False,
) -> Array:
    """Frequency-swept cosine (chirp): the frequency moves from `f0` at t=0 to `f1` at `t1`.

    The instantaneous frequency ``f(t)`` follows `method`; the result is
    ``cos(phase + phi)`` (or ``exp(1j*(phase + phi))``), where ``phase`` is
    the integral of ``2*pi*f`` from 0 to `t`:

    - ``"linear"``: ``f(t) = f0 + (f1 - f0) * t / t1``;
    - ``"quadratic"``: ``f(t) = f0 + (f1 - f0) * t**2 / t1**2`` (parabola with
      its vertex at t=0), or with ``vertex_zero=False``
      ``f(t) = f1 - (f1 - f0) * (t1 - t)**2 / t1**2`` (vertex at `t1`);
    - ``"logarithmic"``: ``f(t) = f0 * (f1/f0)**(t/t1)`` (geometric sweep,
      `f0` and `f1` nonzero with one sign);
    - ``"hyperbolic"``: ``f(t) = f0*f1*t1 / ((f0 - f1)*t + f1*t1)``
      (`f0`, `f1` nonzero).

    Parameters
    ----------
    t : array
        Times, in seconds when the frequencies are in Hz. Its array library
        selects the backend.
    f0 : float
        Frequency at time 0.
    t1 : float
        Time at which the frequency is `f1`.
    f1 : float
        Frequency at time `t1`.
    method : {"linear", "quadratic", "logarithmic", "hyperbolic"}, optional
        Shape of the sweep (SciPy's short forms ``"lin"``, ``"quad"``, ``"log"``,
        ``"hyp"``, ... are accepted). Default ``"linear"``.
    phi : float, optional
        Phase offset in degrees. Default 0.
    vertex_zero : bool, optional
        For ``"quadratic"`` only: put the vertex of the frequency parabola at
        t=0 (default) or at `t1`.
    complex : bool, optional
        Return the analytic signal ``exp(1j*(phase + phi))`` instead of its
        real part. Default False.

    Returns
    -------
    y : array, shape of `t`, library and device of `t`
        float64 for integer or floating `t` (float32 only when `t` and `phi`
        are both float32, as in SciPy); complex128 (complex64) with
        ``complex=True``; complex for complex `t`.

    Raises
    ------
    ValueError
        If `method` is unknown, or `f0`, `f1` do not suit it (a logarithmic
        sweep needs ``f0 * f1 > 0``, a hyperbolic one nonzero frequencies).

    Notes
    -----
    For float32 `t` SciPy works out parts of the phase in float32 before its
    float64 constants promote it; sigproc's portable code evaluates the whole
    phase in the result's dtype (float64), which is at least as accurate.
    On torch the result is differentiable with respect to `t`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.chirp`` (the reference semantics).

    Examples
    --------
    Two seconds of a sweep from 100 Hz to 1 kHz, sampled at 8 kHz:

    >>> import numpy as np, sigproc
    >>> t = np.arange(16000) / 8000.0
    >>> y = sigproc.chirp(t, f0=100.0, t1=2.0, f1=1000.0)
    >>> y.shape, float(y[0])
    ((16000,), 1.0)
    """


@multimethod(signal=("t",), coefficients=("width",))
def sawtooth(t: Array, width: ArrayLike = 1) -> Array:
    """Periodic sawtooth or triangle wave of period ``2*pi`` in `t`.

    The wave rises linearly from -1 to 1 over the first ``width * 2*pi`` of
    each period and falls back to -1 over the rest. It is not band-limited:
    sampled, its harmonics alias.

    Parameters
    ----------
    t : array, real
        Phase in radians (``2*pi*f*time`` for a wave of frequency ``f``). Its
        array library selects the backend.
    width : float or array, optional
        Fraction of the period spent rising, in [0, 1]: 1 (default) gives a
        rising ramp, 0 a falling ramp, 0.5 a triangle. An array broadcasts
        against `t` (a wave whose shape changes over time); it is converted to
        the library and device of `t`.

    Returns
    -------
    y : array, float64, shape of `t` broadcast with `width`
        NaN where `width` is outside [0, 1].

    Raises
    ------
    TypeError
        If `t` is complex.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sawtooth`` (the reference semantics).

    Examples
    --------
    A 5 Hz triangle wave sampled at 500 Hz:

    >>> import numpy as np, sigproc
    >>> t = np.arange(500) / 500.0
    >>> y = sigproc.sawtooth(2 * np.pi * 5 * t, width=0.5)
    >>> float(y.min()), float(y.max())
    (-1.0, 1.0)
    """


@multimethod(signal=("t",), coefficients=("duty",))
def square(t: Array, duty: ArrayLike = 0.5) -> Array:
    """Periodic square wave of period ``2*pi`` in `t`: +1 for a fraction `duty`, else -1.

    It is not band-limited: sampled, its harmonics alias. A `duty` that
    follows a slow signal gives pulse-width modulation.

    Parameters
    ----------
    t : array, real
        Phase in radians (``2*pi*f*time`` for a wave of frequency ``f``). Its
        array library selects the backend.
    duty : float or array, optional
        Fraction of each period at +1, in [0, 1]; default 0.5. An array
        broadcasts against `t`; it is converted to the library and device of `t`.

    Returns
    -------
    y : array, float64, shape of `t` broadcast with `duty`
        NaN where `duty` is outside [0, 1].

    Raises
    ------
    TypeError
        If `t` is complex.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.square`` (the reference semantics).
    """


@multimethod(signal=("t",), name="gausspulse")
def _gausspulse(
    t: Array,
    fc: float = 1000,
    bw: float = 0.5,
    bwr: float = -6,
    tpr: float = -60,
    retquad: bool = False,
    retenv: bool = False,
) -> Array | tuple[Array, ...]:
    """Dispatched part of :func:`gausspulse`: an array `t`."""


@front(_gausspulse)
def gausspulse(
    t: Array,
    fc: float = 1000,
    bw: float = 0.5,
    bwr: float = -6,
    tpr: float = -60,
    retquad: bool = False,
    retenv: bool = False,
) -> Array | tuple[Array, ...]:
    """Gaussian-modulated sinusoid ``exp(-a*t**2) * cos(2*pi*fc*t)``, or its cut-off time.

    The envelope's rate ``a`` is chosen so that the pulse's spectrum, centred
    on `fc`, is `bwr` dB down at ``fc * (1 ± bw/2)``: a fractional bandwidth
    `bw` measured at level `bwr`.

    Parameters
    ----------
    t : array or "cutoff"
        Times in seconds (for `fc` in Hz); its array library selects the
        backend. The string ``"cutoff"`` returns, instead of a pulse, the time
        after which the envelope stays below `tpr` dB (computed on the host).
    fc : float, optional
        Centre frequency in Hz, >= 0. Default 1000.
    bw : float, optional
        Fractional bandwidth in the frequency domain, > 0. Default 0.5.
    bwr : float, optional
        Level, in dB (< 0), at which `bw` is measured. Default -6.
    tpr : float, optional
        Level, in dB (< 0), of the envelope at the cut-off time; used only
        with ``t="cutoff"``. Default -60.
    retquad : bool, optional
        Also return the quadrature (sine) part. Default False.
    retenv : bool, optional
        Also return the envelope. Default False.

    Returns
    -------
    yI : array, shape of `t`, library and device of `t`
        The in-phase (cosine) pulse; float64 for integer or floating `t`
        (float32 `t` too, as in SciPy), complex128 for complex `t`.
    yQ : array
        The quadrature (sine) pulse, when `retquad`.
    yenv : array
        The envelope ``exp(-a*t**2)``, when `retenv`.
    tc : numpy.float64
        Only for ``t="cutoff"``: the cut-off time, alone.

    Raises
    ------
    ValueError
        If ``fc < 0``, ``bw <= 0``, ``bwr >= 0``, `t` is a string other than
        ``"cutoff"``, or (for the cut-off) ``tpr >= 0``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.gausspulse`` (the reference semantics).

    Examples
    --------
    A 5 kHz pulse of 50 % bandwidth, sampled at 100 kHz over its support:

    >>> import numpy as np, sigproc
    >>> tc = sigproc.gausspulse("cutoff", fc=5000, bw=0.5, tpr=-60)
    >>> t = np.arange(-tc, tc, 1e-5)
    >>> yI, yenv = sigproc.gausspulse(t, fc=5000, bw=0.5, retenv=True)
    >>> bool(np.all(np.abs(yI) <= yenv))
    True
    """
    if isinstance(t, str):  # no array: a number, computed on the host as SciPy does
        return core("waveforms").gausspulse_cutoff(t, fc, bw, bwr, tpr)
    return _gausspulse(t, fc, bw, bwr, tpr, retquad, retenv)


@multimethod(signal=("t",), coefficients=("poly",), name="sweep_poly")
def _sweep_poly(t: Array, poly: ArrayLike, phi: float = 0) -> Array:
    """Dispatched part of :func:`sweep_poly`: `poly` as coefficients."""


@front(_sweep_poly)
def sweep_poly(t: Array, poly: ArrayLike, phi: float = 0) -> Array:
    """Cosine whose instantaneous frequency is a polynomial in time.

    The result is ``cos(phase + phi)``, where ``phase`` is the integral from 0
    to `t` of ``2*pi*f``, and ``f(t) = poly[0]*t**(n-1) + ... + poly[n-1]``
    (or ``f = poly(t)`` for a :class:`numpy.poly1d`).

    Parameters
    ----------
    t : array
        Times, in seconds when `poly` gives Hz. Its array library selects the
        backend.
    poly : 1-D array_like or numpy.poly1d
        Coefficients of the frequency polynomial, highest power first
        (NumPy's order). An array is converted to the library and device of
        `t`; a ``poly1d`` is read as its coefficients.
    phi : float, optional
        Phase offset in degrees. Default 0.

    Returns
    -------
    y : array, shape of `t`, library and device of `t`
        float64 for integer or floating `t`, complex for complex `t` or
        coefficients.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sweep_poly`` (the reference semantics).

    Examples
    --------
    A sweep whose frequency rises as ``f(t) = 10 + 5*t**2`` Hz:

    >>> import numpy as np, sigproc
    >>> t = np.linspace(0.0, 2.0, 2001)
    >>> y = sigproc.sweep_poly(t, np.poly1d([5.0, 0.0, 10.0]))
    >>> float(y[0])
    1.0
    """
    if isinstance(poly, np.poly1d):
        poly = poly.coeffs
    return _sweep_poly(t, poly, phi)


def unit_impulse(
    shape: int | tuple[int, ...],
    idx: int | tuple[int, ...] | str | None = None,
    dtype: Any = float,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Unit impulse (discrete delta): zeros with a single 1, computed on the host.

    Parameters
    ----------
    shape : int or tuple of int
        Number of samples, or the shape of an n-D impulse.
    idx : int, tuple of int or "mid", optional
        Where the 1 goes: None (default) puts it at the origin, an int at that
        index along every axis, a tuple at that multi-index, ``"mid"`` at
        ``shape // 2`` along every axis.
    dtype : dtype, optional
        NumPy dtype of the result (default float64); with `xp`, a dtype of
        `xp` is accepted too.
    xp : array namespace, optional
        Library of the result (NumPy when None).
    device : optional
        Device of the result in `xp`.

    Returns
    -------
    y : array, shape `shape`, dtype `dtype`, library `xp` on `device`

    Raises
    ------
    IndexError
        If `idx` lies outside `shape`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.unit_impulse`` (the reference semantics).

    Examples
    --------
    The impulse response of a moving average:

    >>> import sigproc
    >>> sigproc.lfilter([1 / 3] * 3, [1.0], sigproc.unit_impulse(5)).round(3).tolist()
    [0.333, 0.333, 0.333, 0.0, 0.0]
    """
    if xp is not None and not _is_numpy_dtype(dtype):
        return xp.asarray(_signal().unit_impulse(shape, idx), dtype=dtype, device=device)
    return core("host").place(_signal().unit_impulse(shape, idx, dtype), xp=xp, device=device)


def _is_numpy_dtype(dtype: Any) -> bool:
    try:
        np.dtype(dtype)
    except TypeError:
        return False
    return True


def max_len_seq(
    nbits: int,
    state: ArrayLike | None = None,
    length: int | None = None,
    taps: ArrayLike | None = None,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> tuple[Array, Array]:
    """Maximum length sequence (MLS) from a linear feedback shift register, on the host.

    An MLS of `nbits` bits has period ``2**nbits - 1`` and a flat (two-valued)
    circular autocorrelation, which makes it a standard broadband excitation
    for measuring impulse responses.

    Parameters
    ----------
    nbits : int
        Register length; without `taps`, 2 to 32 (SciPy's table of taps).
    state : array_like of bool, optional
        Initial register of `nbits` values, not all zero; default all ones.
        An array of another library than NumPy is read on the host, and the
        results come back in its library and on its device (unless `xp` is
        given).
    length : int, optional
        Number of samples; default one period, ``2**nbits - 1``.
    taps : array_like of int, optional
        Feedback taps (in 1..`nbits`) instead of SciPy's table.
    xp : array namespace, optional
        Library of the results (NumPy when None and no foreign `state`).
    device : optional
        Device of the results in `xp`.

    Returns
    -------
    seq : array of int8, shape (length,)
        The sequence of 0s and 1s (``2*seq - 1`` maps it to ±1).
    state : array of int8, shape (nbits,)
        The register's final state, to continue the sequence in a later call.

    Raises
    ------
    ValueError
        If `nbits` has no tabulated taps, `taps` or `state` are invalid, or
        `length` is negative.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.max_len_seq`` (the reference semantics).
    .. [2] Solomon W. Golomb, "Shift Register Sequences", Aegean Park Press, 1982.
    """
    result = core("host").on_host(
        _signal().max_len_seq, nbits, state, length, taps, xp=xp, device=device
    )
    return cast("tuple[Array, Array]", result)
