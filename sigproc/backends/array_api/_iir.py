"""Portable IIR filtering: an exact block-parallel solution of the linear recurrence.

A filter ``b, a`` (normalised to ``a[0] == 1``, both padded to ``m + 1`` taps) is
the state space of SciPy's transposed direct form II, so SciPy's ``zi``/``zf`` are
its states: ``y[n] = z[n][0] + b0 x[n]`` and ``z[n+1] = A z[n] + B x[n]``. The
signal is cut into blocks of ``L`` samples; inside a block the output is
``x_blk @ T.T + s0 @ Obs.T`` (``T`` the Toeplitz matrix of the impulse response,
``Obs`` the rows ``C A^k``) and the block's zero-state end state is ``x_blk @ G.T``.
The states at block starts follow from a Hillis-Steele prefix scan with
``A^L, A^2L, A^4L, ...``: log2(n_blocks) batched matmuls, no loop over samples.

The kernels of order <= 2 (every section of `sosfilt`) are built on the host in
60-digit decimal arithmetic: float64 squaring of a companion matrix with poles
near z = 1 loses digits fast. `lfilter` of higher order runs as all-pole
sections plus one step of iterative refinement with the exact coefficients
(see ``_lfilter_rows``), which matches a direct-form recursion to its rounding.

The validation helpers here are shared with the NumPy backend.
"""

import decimal
import functools
import math
import operator

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device

from . import implements

_BLOCK = 128  # samples per block: a power of two
_PADTYPES = ("even", "odd", "constant", None)


# -- validation (shared with the NumPy backend) -------------------------------------
def as_taps(name, v, xp):
    """Coefficients `v` as a non-empty 1-D array; ValueError naming `name` otherwise."""
    v = xp.asarray(v)
    if v.ndim == 0:
        v = xp.reshape(v, (1,))
    if v.ndim != 1 or v.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {tuple(v.shape)}")
    return v


def check_finite(name, v, xp):
    """Refuse NaN or infinite coefficients (SciPy would silently return NaN)."""
    if xp.isdtype(v.dtype, ("real floating", "complex floating")) and not bool(
        xp.all(xp.isfinite(v))
    ):
        raise ValueError(f"{name} must contain only finite values (found NaN or inf)")


def check_ba(b, a, xp):
    """`b`, `a` as finite non-empty 1-D taps with ``a[0] != 0``."""
    b, a = as_taps("b", b, xp), as_taps("a", a, xp)
    check_finite("b", b, xp)
    check_finite("a", a, xp)
    if bool(a[0] == 0):
        raise ValueError("the first denominator coefficient a[0] must be nonzero")
    return b, a


def check_sos(sos, xp):
    """`sos` as a finite (n_sections, 6) array with ``sos[:, 3] == 1``."""
    sos = xp.asarray(sos)
    if sos.ndim == 1:
        sos = xp.reshape(sos, (1, -1))
    if sos.ndim != 2 or sos.shape[1] != 6 or sos.shape[0] == 0:
        raise ValueError(f"sos must have shape (n_sections, 6), got {tuple(sos.shape)}")
    check_finite("sos", sos, xp)
    if not bool(xp.all(sos[:, 3] == 1)):
        raise ValueError("sos[:, 3] (each section's a0) must be all ones")
    return sos


def check_x(x, axis):
    """The signal must have at least one dimension and `axis` must exist."""
    if x.ndim == 0:
        raise ValueError("x must be at least 1-D")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for x with {x.ndim} dimensions")
    return axis % x.ndim


def filter_dtype(xp, *arrays):
    """SciPy's rule: the result type of all inputs, of which one must be inexact."""
    if not any(_is_inexact(xp, v.dtype) for v in arrays):
        dt = xp.result_type(*arrays)
        raise NotImplementedError(f"input type {dt} is not supported (use floating point)")
    return _inexact(xp, *arrays)


def _is_inexact(xp, dt):
    return xp.isdtype(dt, ("real floating", "complex floating"))


def _inexact(xp, *arrays):
    """Result type with integers and booleans counted as float64 (NumPy's promotion)."""
    return xp.result_type(*(v.dtype if _is_inexact(xp, v.dtype) else xp.float64 for v in arrays))


# -- the block-parallel recurrence ----------------------------------------------------
def _normalise(b, a, dt, xp):
    m = max(b.shape[0], a.shape[0]) - 1
    b, a = xp.astype(b, dt), xp.astype(a, dt)
    dev = device(b)
    b = xp.concat((b, xp.zeros(m + 1 - b.shape[0], dtype=dt, device=dev)))
    a = xp.concat((a, xp.zeros(m + 1 - a.shape[0], dtype=dt, device=dev)))
    return b / a[0], a / a[0]


def _state_space(b, a, xp):
    m = a.shape[0] - 1
    dev = device(a)
    e0 = xp.reshape(xp.eye(1, m, dtype=a.dtype, device=dev), (1, m))
    A = xp.eye(m, k=1, dtype=a.dtype, device=dev) - xp.reshape(a[1:], (m, 1)) * e0
    B = b[1:] - a[1:] * b[0]
    return A, B, e0


@functools.lru_cache(maxsize=256)
def _kernels_exact(bh, ah, L, r, levels):
    """Host kernels of a low-order real filter in 60-digit decimal arithmetic.

    Powers of a companion matrix whose poles sit near z = 1 lose about two
    digits per float64 squaring (A^(2^14) is off by 1e-5 for butter(4, 2e-4));
    exact-enough arithmetic on these few 2 x 2 matrices keeps 1e-10 accuracy.
    """
    with decimal.localcontext(decimal.Context(prec=60)):
        b = [decimal.Decimal(float(v)) for v in bh]
        a = [decimal.Decimal(float(v)) for v in ah]
        m = len(a) - 1
        one, zero = decimal.Decimal(1), decimal.Decimal(0)
        A = [
            [(-a[i + 1] if j == 0 else zero) + (one if j == i + 1 else zero) for j in range(m)]
            for i in range(m)
        ]
        B = [b[i + 1] - a[i + 1] * b[0] for i in range(m)]

        def mul(X, Y):
            return [[sum(X[i][k] * Y[k][j] for k in range(m)) for j in range(m)] for i in range(m)]

        Ak = [[one if i == j else zero for j in range(m)] for i in range(m)]
        obs, cols, Ar = [], [], None
        for k in range(L):  # kernel construction: a loop over the block length, not the data
            if k == r:
                Ar = Ak
            obs.append(Ak[0])
            cols.append([sum(Ak[i][j] * B[j] for j in range(m)) for i in range(m)])
            Ak = mul(A, Ak)
        Ar = Ak if Ar is None else Ar
        pows = [Ak]
        for _ in range(levels - 1):
            pows.append(mul(pows[-1], pows[-1]))
    h = [b[0]] + [c[0] for c in cols[: L - 1]]
    as_f64 = lambda v: np.array(v, dtype=object).astype(np.float64)  # noqa: E731
    return as_f64(h), as_f64(obs), as_f64(cols).T, as_f64(Ar), [as_f64(p) for p in pows]


def _kernels_doubling(b, a, L, r, levels, xp):
    """Device kernels by doubling (exact for FIR shift matrices; used for complex filters)."""
    A, B, e0 = _state_space(b, a, xp)
    m = A.shape[0]
    K, Obs, pows = xp.reshape(B, (m, 1)), e0, [A]
    while K.shape[1] < L:
        K = xp.concat((K, pows[-1] @ K), axis=1)
        Obs = xp.concat((Obs, Obs @ pows[-1]), axis=0)
        pows.append(pows[-1] @ pows[-1])
    Ar = None
    for j, p in enumerate(pows):  # A^r from A^(2^j)
        if r >> j & 1:
            Ar = p if Ar is None else Ar @ p
    ppows = [pows[-1]]
    for _ in range(levels - 1):
        ppows.append(ppows[-1] @ ppows[-1])
    return xp.concat((b[:1], K[0, : L - 1])), Obs, K, Ar, ppows


def _kernels(b, a, L, r, levels, xp):
    """h (L,) impulse response, Obs (L, m) rows C A^k, K (m, L) columns A^k B, A^r, A^(L 2^j)."""
    m = a.shape[0] - 1
    if m <= 2 and not xp.isdtype(a.dtype, "complex floating"):
        dt, dev = a.dtype, device(a)
        h, Obs, K, Ar, pows = _kernels_exact(
            tuple(_host(b).tolist()), tuple(_host(a).tolist()), L, r, levels
        )
        h, Obs, K, Ar = (xp.astype(xp.asarray(v, device=dev), dt) for v in (h, Obs, K, Ar))
        pows = [xp.astype(xp.asarray(p, device=dev), dt) for p in pows]
    else:
        h, Obs, K, Ar, pows = _kernels_doubling(b, a, L, r, levels, xp)
    dev = device(h)
    lag = xp.reshape(xp.arange(L, device=dev), (L, 1)) - xp.reshape(
        xp.arange(L, device=dev), (1, L)
    )
    T = xp.reshape(xp.take(h, xp.reshape(xp.clip(lag, 0, L - 1), (-1,))), (L, L))
    T = xp.where(lag >= 0, T, xp.zeros_like(T))
    return T, Obs, K, Ar, pows


def _recurrence(b, a, x, z0, xp):
    """Filter rows of x (batch, N) by normalised b, a (m + 1 taps) from states z0 (batch, m)."""
    m = a.shape[0] - 1
    batch, n = x.shape
    if m == 0:
        return b[0] * x, z0
    if n == 0:
        return x, z0
    L = min(_BLOCK, 1 << (n - 1).bit_length())
    nb = -(-n // L)
    r = n - (nb - 1) * L  # samples in the last block, 1..L
    T, Obs, K, Ar, pows = _kernels(b, a, L, r, max((nb - 1).bit_length(), 1), xp)
    if nb * L > n:
        x = xp.concat((x, xp.zeros((batch, nb * L - n), dtype=x.dtype, device=device(x))), axis=1)
    xb = xp.reshape(x, (batch, nb, L))
    G = xp.flip(K, axis=1)  # G[:, j] = A^(L-1-j) B
    # u[k] = state at the start of block k: u[0] = z0, u[k+1] = A^L u[k] + x_blk[k] @ G.T,
    # by a Hillis-Steele scan with A^L, A^2L, A^4L, ...
    u = xp.concat(
        (xp.reshape(z0, (batch, 1, m)), xb[:, : nb - 1, :] @ xp.matrix_transpose(G)), axis=1
    )
    d = 1
    for P in pows:
        if d >= nb:
            break
        u = xp.concat((u[:, :d, :], u[:, d:, :] + u[:, :-d, :] @ xp.matrix_transpose(P)), axis=1)
        d *= 2
    y = xb @ xp.matrix_transpose(T) + u @ xp.matrix_transpose(Obs)
    y = xp.reshape(y, (batch, nb * L))[:, :n]
    # final state: advance the last block's start state over its r real samples
    zf = u[:, -1, :] @ xp.matrix_transpose(Ar) + xb[:, -1, :r] @ xp.matrix_transpose(
        xp.flip(K[:, :r], axis=1)
    )
    return y, zf


def _host(v):
    """Small coefficient arrays to NumPy (for filter factorisation, never the signal)."""
    if type(v).__module__.startswith("cupy"):
        return v.get()
    if hasattr(v, "detach"):  # torch, any device
        v = v.detach().cpu()
    return np.from_dlpack(v)


def _cascade(sos, rows, xp):
    zeros = xp.zeros((rows.shape[0], 2), dtype=rows.dtype, device=device(rows))
    return _sosfilt_rows(sos, rows, [zeros] * sos.shape[0], xp)[0]


def _tail_states(b, a, x, y, xp):
    """TDF-II states after the last sample, from the last m inputs and outputs (N >= m)."""
    m, n = a.shape[0] - 1, x.shape[1]
    dev = device(x)
    idx = xp.reshape(xp.arange(m, device=dev), (m, 1)) + xp.reshape(
        xp.arange(1, m + 1, device=dev), (1, m)
    )
    idx = xp.reshape(xp.clip(idx, 0, m + 1), (-1,))
    pad = xp.zeros(1, dtype=b.dtype, device=dev)
    hb = xp.reshape(xp.take(xp.concat((b, pad)), idx), (m, m))  # hb[j, i] = b[i + j + 1]
    ha = xp.reshape(xp.take(xp.concat((a, pad)), idx), (m, m))
    return xp.flip(x[:, n - m :], axis=1) @ hb - xp.flip(y[:, n - m :], axis=1) @ ha


def _lfilter_rows(b, a, x, z0, xp):
    """lfilter on rows x (batch, N) with normalised b, a; z0 (batch, m) or None (zeros).

    Orders above 2 would need powers of a high-order companion matrix, too large
    for 1e-10 accuracy. They run instead as u = b * x (+ z0 as impulses), y = u / A
    through second-order all-pole sections factored on the host, and one step of
    iterative refinement with the exact a: y -= (a * y - u) / A. This matches a
    direct-form recursion to its own rounding; the final states follow from the
    last m inputs and outputs.
    """
    m, (batch, n) = a.shape[0] - 1, x.shape
    zeros = xp.zeros((batch, m), dtype=x.dtype, device=device(x))
    ah = _host(a)
    if m <= 2 or n < m or not np.any(ah[1:] != 0) or np.any(np.imag(ah) != 0):
        # low order, short, FIR (an exact shift matrix) or complex poles: direct
        return _recurrence(b, a, x, zeros if z0 is None else z0, xp)
    poles = scipy.signal.tf2sos(np.ones(1), np.real(ah).astype(np.float64))
    poles = xp.astype(xp.asarray(poles, device=device(x)), x.dtype)
    delta = xp.astype(xp.eye(1, m + 1, device=device(x))[0, :], x.dtype)
    u = _recurrence(b, delta, x, zeros, xp)[0]
    if z0 is not None:
        u = u + xp.concat((z0, xp.zeros((batch, n - m), dtype=x.dtype, device=device(x))), axis=1)
    y = _cascade(poles, u, xp)
    y = y - _cascade(poles, _recurrence(a, delta, y, zeros, xp)[0] - u, xp)
    return y, _tail_states(b, a, x, y, xp)


def _to_rows(x, axis, xp):
    """Move `axis` last and flatten the others: (batch, N) and the moved shape."""
    x = xp.moveaxis(x, axis, -1)
    return xp.reshape(x, (math.prod(x.shape[:-1]), x.shape[-1])), tuple(x.shape)


def _from_rows(y, shape, axis, xp):
    return xp.moveaxis(xp.reshape(y, (*shape[:-1], y.shape[-1])), -1, axis)


def _zi_rows(zi, x, axis, m, name, xp):
    """Initial states of shape x.shape with `axis` of length m (size-1 dims broadcast)."""
    expected = list(x.shape)
    expected[axis] = m
    if zi.ndim != x.ndim or any(
        s != e and (k == axis or s != 1)
        for k, (s, e) in enumerate(zip(zi.shape, expected, strict=True))
    ):
        raise ValueError(
            f"{name} must have shape {tuple(expected)} (x's shape with axis {axis} of "
            f"length {m}), got {tuple(zi.shape)}"
        )
    zi = xp.broadcast_to(zi, tuple(expected))
    return _to_rows(zi, axis, xp)[0]


@implements("lfilter")
def lfilter(b, a, x, axis=-1, zi=None):
    xp = array_namespace(x)
    b, a = check_ba(b, a, xp)
    axis = check_x(x, axis)
    dt = filter_dtype(xp, b, a, x, *(() if zi is None else (zi,)))
    m = max(b.shape[0], a.shape[0]) - 1
    b, a = _normalise(b, a, dt, xp)
    rows, shape = _to_rows(xp.astype(x, dt), axis, xp)
    z0 = None
    if zi is not None:
        check_finite("zi", zi, xp)
        z0 = xp.astype(_zi_rows(zi, x, axis, m, "zi", xp), dt)
    y, zf = _lfilter_rows(b, a, rows, z0, xp)
    y = _from_rows(y, shape, axis, xp)
    return y if zi is None else (y, _from_rows(zf, shape, axis, xp))


def _sosfilt_rows(sos, rows, z0, xp):
    zf = []
    for s in range(sos.shape[0]):
        rows, z = _recurrence(sos[s, :3], sos[s, 3:], rows, z0[s], xp)
        zf.append(z)
    return rows, zf


@implements("sosfilt")
def sosfilt(sos, x, axis=-1, zi=None):
    xp = array_namespace(x)
    sos = check_sos(sos, xp)
    axis = check_x(x, axis)
    n_sections = sos.shape[0]
    dt = filter_dtype(xp, sos, x, *(() if zi is None else (zi,)))
    sos = xp.astype(sos, dt)
    rows, shape = _to_rows(xp.astype(x, dt), axis, xp)
    if zi is None:
        z0 = [xp.zeros((rows.shape[0], 2), dtype=dt, device=device(x))] * n_sections
    else:
        check_finite("zi", zi, xp)
        expected = list(x.shape)
        expected[axis] = 2
        expected = (n_sections, *expected)
        if tuple(zi.shape) != expected:
            raise ValueError(
                f"zi must have shape {expected} (n_sections, then x's shape with axis "
                f"{axis} of length 2), got {tuple(zi.shape)}"
            )
        zi = xp.astype(zi, dt)
        z0 = [_to_rows(zi[s, ...], axis, xp)[0] for s in range(n_sections)]
    y, zf = _sosfilt_rows(sos, rows, z0, xp)
    y = _from_rows(y, shape, axis, xp)
    if zi is None:
        return y
    return y, xp.stack([_from_rows(z, shape, axis, xp) for z in zf], axis=0)


# -- steady-state initial conditions ---------------------------------------------------
def _lfilter_zi(b, a, xp):
    """SciPy's lfilter_zi on validated 1-D b, a (leading zeros of a stripped)."""
    dt = _inexact(xp, b, a)
    b, a = xp.astype(b, dt), xp.astype(a, dt)
    while a.shape[0] > 1 and bool(a[0] == 0):
        a = a[1:]
    if not bool(a[0] != 0):
        raise ValueError("there must be at least one nonzero coefficient in a")
    b, a = _normalise(b, a, dt, xp)
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


@implements("lfilter_zi")
def lfilter_zi(b, a):
    xp = array_namespace(b, a)
    b, a = as_taps("b", b, xp), as_taps("a", a, xp)
    check_finite("b", b, xp)
    check_finite("a", a, xp)
    return _lfilter_zi(b, a, xp)


def _sosfilt_zi(sos, xp):
    sos = xp.astype(sos, _inexact(xp, sos))
    zi, scale = [], 1.0
    for s in range(sos.shape[0]):
        b, a = sos[s, :3], sos[s, 3:]
        zi.append(scale * _lfilter_zi(b, a, xp))
        scale = scale * (xp.sum(b) / xp.sum(a))
    return xp.stack(zi, axis=0)


@implements("sosfilt_zi")
def sosfilt_zi(sos):
    xp = array_namespace(sos)
    return _sosfilt_zi(check_sos(sos, xp), xp)


@implements("lfiltic")
def lfiltic(b, a, y, x=None):
    xp = array_namespace(y)
    b, a = check_ba(b, a, xp)
    y = xp.reshape(xp.asarray(y), (-1,))
    M, N = b.shape[0] - 1, a.shape[0] - 1
    arrays = (b, a, y) if x is None else (b, a, y, xp.asarray(x))
    dt = _inexact(xp, *arrays)
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
def _extend(rows, padtype, padlen, ntaps, xp):
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
    if padtype is None or edge == 0:
        return edge, rows
    first, last = rows[:, :1], rows[:, -1:]
    left = xp.flip(rows[:, 1 : edge + 1], axis=1)
    right = xp.flip(rows[:, n - edge - 1 : n - 1], axis=1)
    if padtype == "odd":
        left, right = 2 * first - left, 2 * last - right
    elif padtype == "constant":
        left = xp.broadcast_to(first, left.shape)
        right = xp.broadcast_to(last, right.shape)
    return edge, xp.concat((left, rows, right), axis=1)


def _forward_backward(run, zi, ext, edge, n, xp):
    y, _ = run(ext, zi(ext[:, :1]))
    y, _ = run(xp.flip(y, axis=1), zi(y[:, -1:]))
    return xp.flip(y, axis=1)[:, edge : edge + n]


@implements("filtfilt")
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    xp = array_namespace(x)
    if method not in ("pad", "gust"):
        raise ValueError("method must be 'pad' or 'gust'.")
    if method == "gust":
        raise NotImplementedError(
            "filtfilt(method='gust') runs only on the NumPy backend; use method='pad'"
        )
    b, a = check_ba(b, a, xp)
    axis = check_x(x, axis)
    dt = _inexact(xp, b, a, x)
    rows, shape = _to_rows(xp.astype(x, dt), axis, xp)
    edge, ext = _extend(rows, padtype, padlen, max(a.shape[0], b.shape[0]), xp)
    zi = _lfilter_zi(xp.astype(b, dt), xp.astype(a, dt), xp)
    bn, an = _normalise(b, a, dt, xp)
    y = _forward_backward(
        lambda v, z0: _lfilter_rows(bn, an, v, z0, xp),
        lambda v0: zi * v0,
        ext,
        edge,
        rows.shape[1],
        xp,
    )
    return _from_rows(y, shape, axis, xp)


@implements("sosfiltfilt")
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    xp = array_namespace(x)
    sos = check_sos(sos, xp)
    axis = check_x(x, axis)
    n_sections = sos.shape[0]
    dt = _inexact(xp, sos, x)
    sos = xp.astype(sos, dt)
    on_host = _host(sos)  # SciPy's padding counts sections with b2 == a2 == 0
    ntaps = 2 * n_sections + 1 - min(np.sum(on_host[:, 2] == 0), np.sum(on_host[:, 5] == 0))
    rows, shape = _to_rows(xp.astype(x, dt), axis, xp)
    edge, ext = _extend(rows, padtype, padlen, ntaps, xp)
    zi = _sosfilt_zi(sos, xp)  # (n_sections, 2)
    y = _forward_backward(
        lambda v, z0: _sosfilt_rows(sos, v, z0, xp),
        lambda v0: [zi[s, :] * v0 for s in range(n_sections)],
        ext,
        edge,
        rows.shape[1],
        xp,
    )
    return _from_rows(y, shape, axis, xp)


# -- decimation ------------------------------------------------------------------------
@implements("decimate")
def decimate(x, q, n=None, ftype="iir", axis=-1, zero_phase=True):
    xp = array_namespace(x)
    q = operator.index(q)
    n = None if n is None else operator.index(n)
    if q < 1:
        raise ValueError(f"q must be a positive integer, got {q}")
    if not isinstance(ftype, str):
        raise NotImplementedError(
            "decimate with an lti/dlti filter runs only on the NumPy backend; "
            "use ftype='iir' or 'fir'"
        )
    if ftype not in ("iir", "fir"):
        raise ValueError(f"invalid ftype {ftype!r}: use 'iir', 'fir' or a dlti system")
    axis = check_x(x, axis)
    dt = x.dtype
    if not xp.isdtype(dt, ("real floating", "complex floating")) or dt == getattr(
        xp, "float16", None
    ):
        dt = xp.float64
    dev = device(x)
    rows, shape = _to_rows(xp.astype(x, dt), axis, xp)
    if ftype == "fir":
        n = 20 * q if n is None else n
        taps = xp.asarray(scipy.signal.firwin(n + 1, 1.0 / q, window="hamming"), device=dev)
        delta = xp.astype(xp.eye(1, n + 1, device=dev)[0, :], dt)
        start = n // 2 if zero_phase else 0  # resample_poly centres the taps
        tail = xp.zeros((rows.shape[0], start), dtype=dt, device=dev)
        z0 = xp.zeros((rows.shape[0], n), dtype=dt, device=dev)
        y, _ = _recurrence(xp.astype(taps, dt), delta, xp.concat((rows, tail), axis=1), z0, xp)
        y = y[:, start::q]
    else:
        sos = scipy.signal.cheby1(8 if n is None else n, 0.05, 0.8 / q, output="sos")
        sos = xp.astype(xp.asarray(sos, device=dev), dt)
        y = (sosfiltfilt if zero_phase else sosfilt)(sos, rows, axis=-1)[:, ::q]
    return _from_rows(y, shape, axis, xp)
