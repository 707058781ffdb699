"""The block-parallel linear recurrence behind the portable IIR filters.

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
(see ``lfilter_rows``), which matches a direct-form recursion to its rounding.

Everything here works on rows ``(batch, N)``; the public functions in ``_iir``
validate their arguments and move the filtered axis last.
"""

import decimal
import functools

import numpy as np
import scipy.signal
from array_api_compat import device

from .arrays import is_concrete, to_host

_BLOCK = 128  # samples per block: a power of two


# -- the block-parallel recurrence ----------------------------------------------------
def _state_space(b, a, *, xp):
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


def _kernels_doubling(b, a, L, r, levels, *, xp):
    """Device kernels by doubling (exact for FIR shift matrices; used for complex filters)."""
    A, B, e0 = _state_space(b, a, xp=xp)
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


def _kernels(b, a, L, r, levels, *, xp):
    """H (L,) impulse response, Obs (L, m) rows C A^k, K (m, L) columns A^k B, A^r, A^(L 2^j)."""
    m = a.shape[0] - 1
    # Traced coefficients (under jax.jit) have no values for the host: their
    # kernels come by doubling on the device, exact to float64 rounding except
    # for poles very near z = 1 (see _kernels_exact).
    exact = is_concrete(a) and is_concrete(b)
    if m <= 2 and exact and not xp.isdtype(a.dtype, "complex floating"):
        dt, dev = a.dtype, device(a)
        h, Obs, K, Ar, pows = _kernels_exact(
            tuple(to_host(b).tolist()), tuple(to_host(a).tolist()), L, r, levels
        )
        h, Obs, K, Ar = (xp.astype(xp.asarray(v, device=dev), dt) for v in (h, Obs, K, Ar))
        pows = [xp.astype(xp.asarray(p, device=dev), dt) for p in pows]
    else:
        h, Obs, K, Ar, pows = _kernels_doubling(b, a, L, r, levels, xp=xp)
    dev = device(h)
    lag = xp.reshape(xp.arange(L, device=dev), (L, 1)) - xp.reshape(
        xp.arange(L, device=dev), (1, L)
    )
    T = xp.reshape(xp.take(h, xp.reshape(xp.clip(lag, 0, L - 1), (-1,))), (L, L))
    T = xp.where(lag >= 0, T, xp.zeros_like(T))
    return T, Obs, K, Ar, pows


def solve_recurrence(b, a, x, z0, *, xp):
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
    T, Obs, K, Ar, pows = _kernels(b, a, L, r, max((nb - 1).bit_length(), 1), xp=xp)
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


def _cascade(sos, rows, *, xp):
    zeros = xp.zeros((rows.shape[0], 2), dtype=rows.dtype, device=device(rows))
    return sosfilt_rows(sos, rows, [zeros] * sos.shape[0], xp=xp)[0]


def tail_states(b, a, x, y, *, xp):
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


def lfilter_rows(b, a, x, z0, *, fir=False, xp):
    """Lfilter on rows x (batch, N) with normalised b, a; z0 (batch, m) or None (zeros).

    Causal for NaN and inf, as SciPy's (:func:`causal_rows`); `fir` says that the
    caller's `a` had one coefficient (SciPy convolves then).
    """
    run = functools.partial(_lfilter_rows, b, a, xp=xp)
    return causal_rows(run, b, a, x, z0, fir=fir, xp=xp)


def _lfilter_rows(b, a, x, z0, *, xp):
    """The block-parallel lfilter of :func:`lfilter_rows`.

    Orders above 2 would need powers of a high-order companion matrix, too large
    for 1e-10 accuracy. They run instead as u = b * x (+ z0 as impulses), y = u / A
    through second-order all-pole sections factored on the host, and one step of
    iterative refinement with the exact a: y -= (a * y - u) / A. This matches a
    direct-form recursion to its own rounding; the final states follow from the
    last m inputs and outputs.
    """
    m, (batch, n) = a.shape[0] - 1, x.shape
    zeros = xp.zeros((batch, m), dtype=x.dtype, device=device(x))
    if not is_concrete(a):  # traced (jax.jit): no host factoring, the direct recurrence
        return solve_recurrence(b, a, x, zeros if z0 is None else z0, xp=xp)
    ah = to_host(a)
    if m <= 2 or n < m or not np.any(ah[1:] != 0) or np.any(np.imag(ah) != 0):
        # low order, short, FIR (an exact shift matrix) or complex poles: direct
        return solve_recurrence(b, a, x, zeros if z0 is None else z0, xp=xp)
    poles = scipy.signal.tf2sos(np.ones(1), np.real(ah).astype(np.float64))
    poles = xp.astype(xp.asarray(poles, device=device(x)), x.dtype)
    delta = xp.astype(xp.eye(1, m + 1, device=device(x))[0, :], x.dtype)
    u = solve_recurrence(b, delta, x, zeros, xp=xp)[0]
    if z0 is not None:
        u = u + xp.concat((z0, xp.zeros((batch, n - m), dtype=x.dtype, device=device(x))), axis=1)
    y = _cascade(poles, u, xp=xp)
    y = y - _cascade(poles, solve_recurrence(a, delta, y, zeros, xp=xp)[0] - u, xp=xp)
    return y, tail_states(b, a, x, y, xp=xp)


def sosfilt_rows(sos, rows, z0, *, xp):
    zf = []
    for s in range(sos.shape[0]):
        b, a = sos[s, :3], sos[s, 3:]
        run = functools.partial(solve_recurrence, b, a, xp=xp)
        rows, z = causal_rows(run, b, a, rows, z0[s], xp=xp)  # each section causal for NaN
        zf.append(z)
    return rows, zf


def causal_rows(run, b, a, x, z0, *, fir=False, xp):
    """``run(x, z0) -> (y, zf)``, an lfilter on rows, made causal for NaN and inf.

    The block-parallel solvers mix a block's samples (``0 * nan`` is NaN), so a
    non-finite sample would reach earlier outputs, where SciPy's recursion keeps
    them exact. Rows that hold one are cut at their non-finite stretches: the
    finite parts run through `run`, and each stretch steps through SciPy's
    transposed direct form II (`b`, `a` normalised, ``a[0] == 1``) one sample at
    a time until the state is finite again (a FIR forgets the value after
    ``m`` samples), or all NaN (an IIR: every later output is NaN). Rows without
    one take `run` as they are, all at once. `z0` is (batch, m) or None. `fir`:
    the caller's `a` had one coefficient, so SciPy convolves; otherwise SciPy's
    recursion runs, where ``0 * nan`` keeps even an all-zero feedback NaN.

    A traced `x` (under jax.jit, grad, vmap) has no values to look at: it takes
    `run` at once, so a NaN or inf may reach earlier outputs of its block there.
    """
    with np.errstate(all="ignore"):  # a sum that overflows only sends us down the slow check
        ok = xp.isfinite(xp.sum(x))  # one cheap reduction for the usual, finite data
    if not is_concrete(ok) or bool(ok):
        return run(x, z0)
    finite = xp.all(xp.isfinite(x), axis=1)
    if bool(xp.all(finite)):
        return run(x, z0)
    m = a.shape[0] - 1
    b, a = xp.astype(b, x.dtype), xp.astype(a, x.dtype)
    if z0 is None:
        z0 = xp.zeros((x.shape[0], m), dtype=x.dtype, device=device(x))
    y_rows, z_rows = [], []
    for r in range(x.shape[0]):  # a loop over the rows that need it, kept in order
        row, z = x[r : r + 1, :], z0[r : r + 1, :]
        y, z = run(row, z) if bool(finite[r]) else _stretches(run, b, a, row, z, fir, xp=xp)
        y_rows.append(y)
        z_rows.append(z)
    return xp.concat(y_rows, axis=0), xp.concat(z_rows, axis=0)


def _stretches(run, b, a, x, z, fir, *, xp):
    # A FIR (``len(a) == 1``: SciPy convolves) forgets a non-finite sample after m
    # steps. SciPy's recursion runs whenever `a` has more than one coefficient, even
    # all-zero ones (``a = [1, 0, 0]``, a section ``[b, 1, 0, 0]``): ``0 * nan`` in the
    # state keeps it NaN from there on.
    feedback = a.shape[0] > 1 and not fir
    with np.errstate(all="ignore"):  # inf - inf is NaN here as in SciPy's C, silently
        return _step_through(run, b, a, x, z, feedback, xp=xp)


def _step_through(run, b, a, x, z, feedback, *, xp):
    n, pos, parts = x.shape[1], 0, []
    while pos < n:
        bad = ~xp.isfinite(x[0, pos:])
        if not bool(xp.any(bad)):
            y, z = run(x[:, pos:], z)
            parts.append(y)
            break
        k = int(xp.argmax(xp.astype(bad, xp.int8)))
        if k:
            y, z = run(x[:, pos : pos + k], z)
            parts.append(y)
            pos += k
        while pos < n:  # SciPy's recursion, one sample at a time
            u = x[:, pos : pos + 1]
            y = b[0] * u + z[:, :1]
            z = xp.concat((z[:, 1:], xp.zeros_like(z[:, :1])), axis=1) + b[1:] * u
            if feedback:
                z = z - a[1:] * y
            parts.append(y)
            pos += 1
            if feedback and bool(xp.all(xp.isnan(z))):  # an IIR lost its state: NaN from here on
                parts.append(xp.full((1, n - pos), xp.nan, dtype=x.dtype, device=device(x)))
                pos = n
            elif bool(xp.all(xp.isfinite(z))) and (pos == n or bool(xp.isfinite(x[0, pos]))):
                break
    return xp.concat(parts, axis=1), z
