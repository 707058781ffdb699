"""Portable IIR filtering: an exact block-parallel solution of the linear recurrence.

The public filters here validate their arguments, move the filtered axis last
and flatten the others into rows ``(batch, N)``, then run the recurrence engine
of ``recurrence``: the filter as a state space (a cascade of sections as one
system), solved block by block with a blocked scan over the blocks (no loop over
samples), its kernels built once per filter in 80-digit arithmetic on the host
and cached (see that module's docstring).

The argument checks here (:func:`check_ba`, :func:`check_sos`, :func:`check_zi`,
:func:`check_finite`, ...) are the ones every backend runs.
"""

import math
import operator

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device

from .arrays import from_host, holds, is_concrete, np_dtype, to_dtype, to_host
from .extension import PAD_MODES, extend
from .gust import gustafsson
from .recurrence import lfilter_rows, sosfilt_rows

_PADTYPES = ("even", "odd", "constant", None)


# -- validation (shared with the NumPy backend) -------------------------------------
def as_taps(name, v, *, xp):
    """Coefficients `v` as a non-empty 1-D array; ValueError naming `name` otherwise."""
    v = _array(v, xp=xp)
    if v.ndim == 0:
        v = xp.reshape(v, (1,))
    if v.ndim != 1 or v.shape[0] == 0:
        raise ValueError(
            f"Parameter {name} is not a non-empty 1d array, since {name}.shape={tuple(v.shape)}!"
        )
    return v


def _array(v, *, xp):
    # Leave arrays of xp alone: torch 2.13's asarray warns on tensors that
    # require grad ("unspecified requires_grad now defaults to ...").
    from array_api_compat import array_namespace, is_array_api_obj

    if is_array_api_obj(v) and array_namespace(v) is xp:
        return v
    return xp.asarray(v)


def check_finite(name, v, *, xp):
    """Refuse NaN or infinite coefficients (SciPy would silently return NaN).

    Skipped for traced values (under ``jax.jit``, ``grad``, ``vmap``): they have
    no data yet, and non-finite coefficients give NaN outputs there.
    """
    if xp.isdtype(v.dtype, ("real floating", "complex floating")) and not holds(
        xp.all(xp.isfinite(v))
    ):
        raise ValueError(f"{name} must contain only finite values (found NaN or inf)")


def check_ba(b, a, *, xp):
    """`b`, `a` as finite non-empty 1-D taps with ``a[0] != 0``."""
    b, a = as_taps("b", b, xp=xp), as_taps("a", a, xp=xp)
    check_finite("b", b, xp=xp)
    check_finite("a", a, xp=xp)
    if not holds(a[0] != 0):  # skipped under tracing, as check_finite
        raise ValueError("the first denominator coefficient a[0] must be nonzero")
    return b, a


def check_sos(sos, *, xp, allow_1d=True):
    """`sos` as a finite (n_sections, 6) array with ``sos[:, 3] == 1``.

    One section may come as a 1-D array of 6, as in SciPy's filters (not in its
    ``sosfilt_zi``, hence `allow_1d`).
    """
    sos = _array(sos, xp=xp)
    if sos.ndim == 1 and not allow_1d:
        raise ValueError(f"sos must be shape (n_sections, 6), got {tuple(sos.shape)}")
    if sos.ndim == 1:
        sos = xp.reshape(sos, (1, -1))
    if sos.ndim != 2 or sos.shape[1] != 6 or sos.shape[0] == 0:
        raise ValueError(f"sos array must be shape (n_sections, 6), got {tuple(sos.shape)}")
    check_finite("sos", sos, xp=xp)
    if not holds(xp.all(sos[:, 3] == 1)):  # skipped under tracing, as check_finite
        raise ValueError("sos[:, 3] should be all ones (each section's a0)")
    return sos


def check_x(x, axis):
    """The signal must have at least one dimension and `axis` must exist."""
    if x.ndim == 0:
        raise ValueError("x must be at least 1-D")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for x with {x.ndim} dimensions")
    return axis % x.ndim


def check_sos_zi(zi, x, axis, n_sections, *, xp):
    """Sosfilt's `zi`: finite, of shape ``(n_sections, *x.shape)`` with `axis` of length 2."""
    expected = list(x.shape)
    expected[axis] = 2
    expected = (n_sections, *expected)
    if tuple(zi.shape) != expected:  # SciPy's words
        raise ValueError(
            f"Invalid zi shape. With axis={axis}, an input with shape {tuple(x.shape)}, "
            f"and an sos array with {n_sections} sections, zi must have shape "
            f"{expected}, got {tuple(zi.shape)}."
        )
    check_finite("zi", zi, xp=xp)


def filter_dtype(*arrays, xp):
    """SciPy's rule: the result type of all inputs, of which one must be inexact."""
    if not any(_is_inexact(v.dtype, xp=xp) for v in arrays):
        dt = xp.result_type(*arrays)
        raise NotImplementedError(
            f"Parameter's dtypes produced result type '{dt}', which is not supported! "
            "(use floating point)"
        )
    return _inexact(*arrays, xp=xp)


def _is_inexact(dt, *, xp):
    return xp.isdtype(dt, ("real floating", "complex floating"))


def _inexact(*arrays, xp):
    """Result type with integers and booleans counted as float64 (NumPy's promotion)."""
    return xp.result_type(*(v.dtype if _is_inexact(v.dtype, xp=xp) else xp.float64 for v in arrays))


# -- normalisation and row layout ---------------------------------------------------
def normalise_ba(b, a, dt, *, xp):
    m = max(b.shape[0], a.shape[0]) - 1
    b, a = xp.astype(b, dt), xp.astype(a, dt)
    dev = device(b)
    b = xp.concat((b, xp.zeros(m + 1 - b.shape[0], dtype=dt, device=dev)))
    a = xp.concat((a, xp.zeros(m + 1 - a.shape[0], dtype=dt, device=dev)))
    return b / a[0], a / a[0]


def to_rows(x, axis, *, xp):
    """Move `axis` last and flatten the others: (batch, N) and the moved shape."""
    x = xp.moveaxis(x, axis, -1)
    return xp.reshape(x, (math.prod(x.shape[:-1]), x.shape[-1])), tuple(x.shape)


def from_rows(y, shape, axis, *, xp):
    return xp.moveaxis(xp.reshape(y, (*shape[:-1], y.shape[-1])), -1, axis)


def zi_rows(zi, x, axis, m, name, *, xp):
    """Initial states of shape x.shape with `axis` of length m (size-1 dims broadcast)."""
    expected = list(x.shape)
    expected[axis] = m
    if zi.ndim != x.ndim or any(
        s != e and (k == axis or s != 1)
        for k, (s, e) in enumerate(zip(zi.shape, expected, strict=True))
    ):
        raise ValueError(
            f"Unexpected shape for parameter {name}: expected {tuple(expected)}, found "
            f"{tuple(zi.shape)} (x's shape with axis {axis} of length {m})."
        )
    zi = xp.broadcast_to(zi, tuple(expected))
    return to_rows(zi, axis, xp=xp)[0]


def lfilter(b, a, x, axis=-1, zi=None):
    xp = array_namespace(x)
    b, a = check_ba(b, a, xp=xp)
    axis = check_x(x, axis)
    dt = filter_dtype(b, a, x, *(() if zi is None else (zi,)), xp=xp)
    m = max(b.shape[0], a.shape[0]) - 1
    bn, an = normalise_ba(b, a, dt, xp=xp)
    rows, shape = to_rows(xp.astype(x, dt, copy=False), axis, xp=xp)  # never written to
    z0 = None
    if zi is not None:
        check_finite("zi", zi, xp=xp)
        z0 = xp.astype(zi_rows(zi, x, axis, m, "zi", xp=xp), dt)
    y, zf = lfilter_rows(bn, an, rows, z0, fir=a.shape[0] == 1, xp=xp)
    y = from_rows(y, shape, axis, xp=xp)
    return y if zi is None else (y, from_rows(zf, shape, axis, xp=xp))


def sosfilt(sos, x, axis=-1, zi=None):
    xp = array_namespace(x)
    sos = check_sos(sos, xp=xp)
    axis = check_x(x, axis)
    n_sections = sos.shape[0]
    dt = filter_dtype(sos, x, *(() if zi is None else (zi,)), xp=xp)
    sos = xp.astype(sos, dt)
    rows, shape = to_rows(xp.astype(x, dt, copy=False), axis, xp=xp)  # never written to
    if zi is None:
        z0 = None
    else:
        check_sos_zi(zi, x, axis, n_sections, xp=xp)
        zi = xp.astype(zi, dt)
        z0 = [to_rows(zi[s, ...], axis, xp=xp)[0] for s in range(n_sections)]
    y, zf = sosfilt_rows(sos, rows, z0, xp=xp)
    y = from_rows(y, shape, axis, xp=xp)
    if zi is None:
        return y
    return y, xp.stack([from_rows(z, shape, axis, xp=xp) for z in zf], axis=0)


# -- steady-state initial conditions ---------------------------------------------------
def _on_host(func, *arrays, xp):
    """`func` of dask `arrays` run on NumPy copies, the result a one-chunk dask array.

    The steady-state systems are coefficient-sized, and dask's ``eye(1, m)`` and
    ``linalg.solve`` (square chunks only) do not serve them.
    """
    import array_api_compat.numpy as npx

    out = func(*(np.asarray(to_host(v)) for v in arrays), xp=npx)
    return from_host(out, out.dtype, arrays[0], xp=xp)


def _is_dask(*arrays):
    return any(type(v).__module__.startswith("dask") for v in arrays)


def _lfilter_zi(b, a, *, xp):
    """SciPy's lfilter_zi on validated 1-D b, a (leading zeros of a stripped)."""
    if _is_dask(b, a):
        return _on_host(_lfilter_zi, b, a, xp=xp)
    dt = _inexact(b, a, xp=xp)
    b, a = xp.astype(b, dt), xp.astype(a, dt)
    # Leading zeros of `a` are stripped when its values are known; a traced `a`
    # (under jax.jit) is taken as it is, with a[0] != 0 (check_ba's rule).
    while a.shape[0] > 1 and not holds(a[0] != 0):
        a = a[1:]
    if not holds(a[0] != 0):
        raise ValueError("there must be at least one nonzero coefficient in a")
    b, a = normalise_ba(b, a, dt, xp=xp)
    m = a.shape[0] - 1
    dev = device(a)
    if m == 0:  # SciPy fails here too (scipy.linalg.companion needs 2 taps)
        raise ValueError("lfilter_zi needs a filter of order >= 1 (len(a) or len(b) >= 2)")
    e0 = xp.reshape(xp.eye(1, m, dtype=dt, device=dev), (1, m))
    i_minus_a = (
        xp.eye(m, dtype=dt, device=dev)
        + xp.reshape(a[1:], (m, 1)) * e0
        - xp.eye(m, k=1, dtype=dt, device=dev)
    )
    return xp.linalg.solve(i_minus_a, b[1:] - a[1:] * b[0])


def lfilter_zi(b, a):
    xp = array_namespace(b, a)
    b, a = as_taps("b", b, xp=xp), as_taps("a", a, xp=xp)
    check_finite("b", b, xp=xp)
    check_finite("a", a, xp=xp)
    return _lfilter_zi(b, a, xp=xp)


def _sosfilt_zi(sos, *, xp):
    if _is_dask(sos):
        return _on_host(_sosfilt_zi, sos, xp=xp)
    sos = xp.astype(sos, _inexact(sos, xp=xp))
    zi, scale = [], 1.0
    for s in range(sos.shape[0]):
        b, a = sos[s, :3], sos[s, 3:]
        zi.append(scale * _lfilter_zi(b, a, xp=xp))
        scale = scale * (xp.sum(b) / xp.sum(a))
    return xp.stack(zi, axis=0)


def sosfilt_zi(sos):
    xp = array_namespace(sos)
    return _sosfilt_zi(check_sos(sos, xp=xp, allow_1d=False), xp=xp)


def lfiltic(b, a, y, x=None):
    xp = array_namespace(y)
    b, a = check_ba(b, a, xp=xp)
    for name, v in (("y", y), ("x", x)):
        if v is not None and xp.asarray(v).ndim > 1:  # SciPy cannot place a row in its state
            raise ValueError(f"{name} must be 1-D (or a scalar), got shape {tuple(v.shape)}")
    y = xp.reshape(xp.asarray(y), (-1,))
    M, N = b.shape[0] - 1, a.shape[0] - 1
    arrays = (b, a, y) if x is None else (b, a, y, xp.asarray(x))
    dt = _inexact(*arrays, xp=xp)
    dev = device(y)
    b, a, y = xp.astype(b, dt), xp.astype(a, dt), xp.astype(y, dt)
    x = xp.zeros(M, dtype=dt, device=dev) if x is None else xp.astype(xp.reshape(x, (-1,)), dt)
    x = xp.concat((x, xp.zeros(max(M - x.shape[0], 0), dtype=dt, device=dev)))
    y = xp.concat((y, xp.zeros(max(N - y.shape[0], 0), dtype=dt, device=dev)))
    zero = xp.zeros((), dtype=dt, device=dev)
    zi = []
    for k in range(max(M, N)):  # a loop over the filter order
        term = xp.sum(b[k + 1 :] * x[: M - k]) if k < M else zero
        if k < N:
            term = term - xp.sum(a[k + 1 :] * y[: N - k])
        zi.append(term)
    if not zi:
        return xp.zeros(0, dtype=dt, device=dev)
    return xp.stack(zi) / a[0]


# -- zero-phase filtering -------------------------------------------------------------
def _pad_edges(rows, padtype, padlen, ntaps, *, xp):
    """SciPy's _validate_pad on (batch, N) rows: returns (edge, extended rows)."""
    if padtype not in _PADTYPES:
        raise ValueError(
            f"Unknown value {padtype!r} given to padtype; "
            "padtype must be 'even', 'odd', 'constant', or None."
        )
    edge = 0 if padtype is None else (3 * ntaps if padlen is None else operator.index(padlen))
    n = rows.shape[1]
    if n <= edge:
        raise ValueError(
            f"The length of the input vector x must be greater than padlen, which is {edge}."
        )
    if padtype is None or edge <= 0:  # a negative padlen pads nothing and trims nothing
        return 0, rows
    return edge, extend(rows, edge, edge, PAD_MODES[padtype], xp=xp)


def _forward_backward(run, zi, ext, edge, n, *, xp):
    y, _ = run(ext, zi(ext[:, :1]))
    y, _ = run(xp.flip(y, axis=1), zi(y[:, -1:]))
    return xp.flip(y, axis=1)[:, edge : edge + n]


def filtfilt_with(plan, b, a, x, axis, padtype, padlen, method, irlen=None):
    """Filtfilt's checks, edge padding and two passes, around a backend's recurrence.

    ``plan(b, a, dt)`` returns ``run(rows, z0) -> (y, zf)`` for rows of
    samples and SciPy's lfilter states `z0` of shape ``(rows, m)``.
    """
    xp = array_namespace(x)
    if method not in ("pad", "gust"):
        raise ValueError("method must be 'pad' or 'gust'.")
    b, a = check_ba(b, a, xp=xp)
    axis = check_x(x, axis)
    dt = _inexact(b, a, x, xp=xp)
    rows, shape = to_rows(xp.astype(x, dt), axis, xp=xp)
    if method == "gust":
        if not (is_concrete(b) and is_concrete(a)):
            raise TypeError(
                "filtfilt(method='gust') needs concrete coefficients b and a (it builds its "
                "initial-state matrices on the host); they are traced here (jax.jit, grad or "
                "vmap): use method='pad', or make b and a static"
            )
        y = gustafsson(plan(b, a, dt), to_host(b), to_host(a), rows, irlen, xp=xp)
        return from_rows(y, shape, axis, xp=xp)
    edge, ext = _pad_edges(rows, padtype, padlen, max(a.shape[0], b.shape[0]), xp=xp)
    zi = _lfilter_zi(xp.astype(b, dt), xp.astype(a, dt), xp=xp)
    run = plan(b, a, dt)
    y = _forward_backward(run, lambda v0: zi * v0, ext, edge, rows.shape[1], xp=xp)
    return from_rows(y, shape, axis, xp=xp)


def sosfiltfilt_with(plan, sos, x, axis, padtype, padlen):
    """Sosfiltfilt's checks, edge padding and two passes, around a backend's recurrence.

    ``plan(sos, dt)`` returns ``(run, states)``: ``run(rows, z0) -> (y, zf)``,
    and ``states(zi, v0)`` the initial `z0` from SciPy's ``sosfilt_zi`` array
    `zi` (n_sections, 2) scaled by the first samples `v0` (rows, 1).
    """
    xp = array_namespace(x)
    sos = check_sos(sos, xp=xp)
    axis = check_x(x, axis)
    dt = _inexact(sos, x, xp=xp)
    sos = xp.astype(sos, dt)
    n_sections = sos.shape[0]
    ntaps = 2 * n_sections + 1
    # SciPy's padding counts sections with b2 == a2 == 0 (first-order ones). A
    # traced `sos` (under jax.jit) has no values to count: it pads as for
    # second-order sections only, 3 * (2 * n_sections + 1) samples, unless
    # `padlen` is given (pass padlen= for a filter of odd order under jit).
    if is_concrete(sos):
        on_host = to_host(sos)
        ntaps -= min(np.sum(on_host[:, 2] == 0), np.sum(on_host[:, 5] == 0))
    rows, shape = to_rows(xp.astype(x, dt), axis, xp=xp)
    edge, ext = _pad_edges(rows, padtype, padlen, int(ntaps), xp=xp)
    zi = _sosfilt_zi(sos, xp=xp)  # (n_sections, 2)
    run, states = plan(sos, dt)
    y = _forward_backward(run, lambda v0: states(zi, v0), ext, edge, rows.shape[1], xp=xp)
    return from_rows(y, shape, axis, xp=xp)


def _lfilter_plan(b, a, dt):
    xp = array_namespace(b)
    bn, an = normalise_ba(b, a, dt, xp=xp)
    return lambda rows, z0: lfilter_rows(bn, an, rows, z0, fir=a.shape[0] == 1, xp=xp)


def _sosfilt_plan(sos, dt):
    xp = array_namespace(sos)

    def states(zi, v0):
        return [zi[s, :] * v0 for s in range(sos.shape[0])]

    return (lambda rows, z0: sosfilt_rows(sos, rows, z0, xp=xp)), states


def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    return filtfilt_with(_lfilter_plan, b, a, x, axis, padtype, padlen, method, irlen)


def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    return sosfiltfilt_with(_sosfilt_plan, sos, x, axis, padtype, padlen)


# -- decimation ------------------------------------------------------------------------
def decimate(x, q, n=None, ftype="iir", axis=-1, zero_phase=True, *, filters):
    """SciPy's decimate, through the public filters in `filters`.

    `filters` maps ``"sosfilt"``, ``"sosfiltfilt"``, ``"lfilter"``, ``"filtfilt"``,
    ``"upfirdn"`` and ``"resample_poly"`` to the functions to run: the portable
    backend passes the public ones, so that a backend with native kernels for
    them (torch) runs them on its arrays. The filter is designed on the host, as
    SciPy designs it (``firwin``, ``cheby1``, or the given ``dlti`` system).
    """
    xp = array_namespace(x)
    q = operator.index(q)
    n = None if n is None else operator.index(n)
    if q < 1:  # SciPy: ZeroDivisionError for q=0
        raise ValueError(f"q must be a positive integer, got {q}")
    axis = check_x(x, axis)
    dt = np_dtype(x.dtype, xp=xp)
    if dt.kind not in "fc" or dt == np.float16:
        dt = np.dtype(np.float64)
    x = to_dtype(x, dt, xp=xp)
    kind, b, a, sos = _decimation_filter(q, n, ftype, dt)
    keep = [slice(None)] * x.ndim
    if kind == "fir":
        b = b / a
        if zero_phase:
            return filters["resample_poly"](x, 1, q, axis=axis, window=b)
        y = filters["upfirdn"](b, x, up=1, down=q, axis=axis)
        keep[axis] = slice(None, x.shape[axis] // q + bool(x.shape[axis] % q))
        return y[tuple(keep)]
    if kind == "sos":
        y = filters["sosfiltfilt" if zero_phase else "sosfilt"](sos, x, axis=axis)
    else:
        y = filters["filtfilt" if zero_phase else "lfilter"](b, a, x, axis=axis)
    keep[axis] = slice(None, None, q)
    return y[tuple(keep)]


def _decimation_filter(q, n, ftype, dt):
    """SciPy decimate's filter on the host: (kind, b, a, sos), kind 'fir', 'sos' or 'ba'."""
    if isinstance(ftype, str) and ftype == "fir":
        b = scipy.signal.firwin((20 * q if n is None else n) + 1, 1.0 / q, window="hamming")
        return "fir", b.astype(dt), np.asarray(1.0, dt), None
    if isinstance(ftype, str) and ftype == "iir":
        sos = scipy.signal.cheby1(8 if n is None else n, 0.05, 0.8 / q, output="sos")
        return "sos", None, None, sos.astype(dt)
    if not isinstance(ftype, scipy.signal.dlti):
        raise ValueError(f"invalid ftype {ftype!r}: use 'iir', 'fir' or a dlti system")
    system = ftype._as_zpk()
    if system.poles.shape[0] == 0:
        tf = ftype._as_tf()
        return "fir", np.asarray(tf.num), np.asarray(tf.den), None
    if np.any(np.iscomplex(system.poles)) or np.iscomplex(system.gain):
        tf = ftype._as_tf()  # sosfilt takes no complex coefficients
        return "ba", np.asarray(tf.num), np.asarray(tf.den), None
    sos = scipy.signal.zpk2sos(system.zeros, system.poles, system.gain)
    return "sos", None, None, sos.astype(dt)
