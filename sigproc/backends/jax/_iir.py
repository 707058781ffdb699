"""JAX IIR filters: an exact block-parallel linear recurrence, traceable end to end.

A filter is ONE state space ``z[k+1] = A z[k] + B x[k]``, ``y[k] = C z[k] + D x[k]``:
for `sosfilt` the cascade of all sections (state = the sections' states side by
side, SciPy's ``zi`` layout; real sections in a modal basis, see ``_modal``), for
`lfilter` of order <= 2 one section, for higher orders all-pole sections
factored on the host plus one step of iterative refinement with the exact
``a`` (as the portable and torch backends do).

The signal is cut into blocks of ``_BLOCK`` samples. One GEMM gives every
block's zero-state output (Toeplitz matrix of the impulse response) and its
zero-state end state; the block start states ``u[j+1] = A^L u[j] + e[j]`` are an
associative recurrence over the pairs ``(A^L, e[j])``, solved by blocked matrix
products one level up (groups of ``_GROUP`` blocks with ``A^(L g)``, ...) until one
group remains: O(n) work, depth O(log n), no loop over samples. Powers ``A^k``
come from repeated multiplication (squaring loses digits for poles near z = 1).
Every step is a ``jax.numpy``/``jax.lax`` operation on the signal's device, so
the filters run under ``jax.jit``, ``jax.grad`` (signal, coefficients, ``zi``)
and ``jax.vmap``; matrix products use ``Precision.HIGHEST`` (no TF32 on GPUs).

Value checks SciPy makes on the coefficients (finite, ``a[0] != 0``,
``sos[:, 3] == 1``) and on ``zi`` (finite) run when the values are concrete and are
skipped under tracing (their shapes are always checked): a traced value has no
Python truth value. High-order `lfilter` with a traced ``a`` cannot be factored
on the host: it runs SciPy's recursion itself, a sequential ``lax.scan``.

NaN and inf are causal as in SciPy (a non-finite sample at k leaves earlier
outputs untouched; a recursive filter returns NaN from there on). Eagerly, rows
holding one step through SciPy's recursion (``lax.scan``), which reproduces
SciPy exactly. Under tracing, outputs from a row's first non-finite sample on
are set to NaN and the block solver sees zeros there (causal by construction);
this equals SciPy for NaN input and for recursive filters, except that an inf
input gives NaN where SciPy may give +-inf for a few samples. FIR filters
(``len(a) == 1``) run as shifted sums, where a non-finite sample stays local.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import scipy.signal
from jax import lax
from jax.scipy.linalg import block_diag, solve_triangular

from ... import filtering
from ..._core.iir import (
    as_taps,
    check_ba,
    check_finite,
    check_sos,
    check_sos_zi,
    check_x,
    filter_dtype,
    filtfilt_with,
    from_rows,
    normalise_ba,
    sosfiltfilt_with,
    to_rows,
    zi_rows,
)
from ..._core.recurrence import tail_states
from . import implements

_BLOCK = 64  # samples per block (level 1)
_GROUP = 8  # blocks per group at the upper levels
_SHIFT_TAPS = 32  # up to this many taps a FIR is a sum of shifted copies, else a convolution
_HIGHEST = lax.Precision.HIGHEST


def _concrete(*values):
    """True when no value is a JAX tracer (under jit, grad or vmap values are unknown)."""
    return not any(isinstance(v, jax.core.Tracer) for v in values)


def _mm(x, y):
    return jnp.matmul(x, y, precision=_HIGHEST)


def _wide(dt):
    """Kernel dtype: the widest real or complex dtype JAX has (float64 with x64 on)."""
    return jnp.result_type(complex if jnp.issubdtype(dt, jnp.complexfloating) else float)


def _is_complex(v):
    return jnp.issubdtype(v.dtype, jnp.complexfloating)


# -- checks ------------------------------------------------------------------------------
# The core checks test values with Python bools. Under tracing they run on a concrete
# placeholder of the same shape (ones: finite, a[0] != 0, sos[:, 3] == 1), which keeps
# SciPy's shape errors and skips the value checks, which need concrete values.
def _check_ba(b, a):
    b, a = as_taps("b", b, xp=jnp), as_taps("a", a, xp=jnp)
    if _concrete(b, a):
        return check_ba(b, a, xp=jnp)
    return b, a


def _check_sos(sos):
    sos = jnp.asarray(sos)
    if _concrete(sos):
        return check_sos(sos, xp=jnp)
    with jax.ensure_compile_time_eval():  # a concrete placeholder, also under jit
        check_sos(jnp.ones(sos.shape), xp=jnp)
    return jnp.reshape(sos, (-1, 6))


def _check_finite(name, v):
    if _concrete(v):
        check_finite(name, v, xp=jnp)


# -- state-space systems -------------------------------------------------------------------
# A system is (A, B, C, D, S): z[k+1] = A z[k] + B x[k], y[k] = C z[k] + D x[k], whose
# states relate to SciPy's transposed-direct-form-II states by z_scipy = S z (S None:
# the identity).
def _tdf2(b, a):
    """TDF-II state space of normalised b, a (m + 1 taps each): A, B, C, D."""
    m = a.shape[0] - 1
    e0 = jnp.zeros(m, dtype=a.dtype).at[:1].set(1)
    A = jnp.eye(m + 1, m, dtype=a.dtype)[1:] - a[1:, None] * e0
    return A, b[1:] - a[1:] * b[0], e0, b[0]


def _square_error(h):
    """Rounding error of h * h (Dekker's exact product): h * h == p + err exactly."""
    t = 134217729.0 * h  # 2**27 + 1
    hi = t - (t - h)
    lo = h - hi
    p = h * h
    return ((hi * hi - p) + 2 * hi * lo) + lo * lo


def _modal(b, a):
    """A real section b, a (3 taps, a[0] == 1) in a well-conditioned basis, traceably.

    The companion matrix of a section with poles near z = 1 is nearly a Jordan
    block whose powers grow like k. Complex poles sigma +- i omega give the
    rotation [[sigma, omega], [-omega, sigma]] (normal), real poles p, q the
    triangle [[p, c], [0, q]] with a small coupling c; both are computed and one
    is selected, so that the choice needs no Python bool (safe arguments keep the
    unselected branch, and its gradient, finite). The basis is scaled so that
    |B| == |C|.
    """
    # Feedback below 1e-30 changes no float64 output, but poles that small would put
    # 1/omega ~ 1e158 into the basis: treat them as zero.
    a = jnp.where(jnp.abs(a) < 1e-30, 0, a)
    _A0, B0, C0, D = _tdf2(b, a)
    h = a[1] / 2
    disc = (h * h - a[2]) + _square_error(h)  # (a1 / 2)^2 - a2, to full precision
    cplx = disc < 0
    one, zero = jnp.ones_like(h), jnp.zeros_like(h)
    w = jnp.sqrt(jnp.where(cplx, -disc, one))
    root = jnp.sqrt(jnp.where(cplx, zero, disc))
    p = jnp.where(h >= 0, -h - root, -h + root)
    q = jnp.where(p != 0, a[2] / jnp.where(p != 0, p, one), zero)
    rho = jnp.maximum(jnp.abs(p), jnp.abs(q))
    c = lax.stop_gradient(jnp.maximum(jnp.maximum(jnp.abs(p - q), 1 - rho), 2.0**-10))

    def mat(r0, r1):
        return jnp.stack((jnp.stack(r0), jnp.stack(r1)))

    A = jnp.where(cplx, mat((-h, w), (-w, -h)), mat((p, c), (zero, q)))
    S = jnp.where(cplx, mat((one, zero), (h, w)), mat((one, zero), (-q, c)))
    Si = jnp.where(cplx, mat((one, zero), (-h / w, 1 / w)), mat((one, zero), (q / c, 1 / c)))
    B = _mm(Si, B0)
    scale = lax.stop_gradient(jnp.sqrt(jnp.linalg.norm(B)))
    scale = jnp.where(scale > 0, scale, one)
    return A, B / scale, _mm(C0, S) * scale, D, S * scale


def _cascade(sections):
    """One system for sections (A, B, C, D, S) in series; S block-diagonal."""
    A, B, C, D, S = sections[0]
    for As, Bs, Cs, Ds, Ss in sections[1:]:  # a loop over the sections
        m, ms = A.shape[0], As.shape[0]
        A = jnp.concatenate(
            (
                jnp.concatenate((A, jnp.zeros((m, ms), A.dtype)), 1),
                jnp.concatenate((Bs[:, None] * C, As), 1),
            ),
            0,
        )
        B = jnp.concatenate((B, Bs * D))
        C = jnp.concatenate((Ds * C, Cs))
        D = Ds * D
        S = block_diag(S, Ss)
    return A, B, C, D, S


@jax.jit
def _system_sos(sos):
    """Sos (n_sections, 6) of a kernel dtype as one system: real sections modal."""
    if _is_complex(sos):
        sections = []
        for s in range(sos.shape[0]):
            A, B, C, D = _tdf2(sos[s, :3], sos[s, 3:])
            sections.append((A, B, C, D, jnp.eye(2, dtype=A.dtype)))
        return _cascade(sections)
    return _cascade([_modal(sos[s, :3], sos[s, 3:]) for s in range(sos.shape[0])])


def _powers(A, k):
    """Stack of A^0 .. A^k, by repeated multiplication (a lax.scan of k small products)."""
    eye = jnp.eye(A.shape[0], dtype=A.dtype)

    def step(P, _):
        nxt = _mm(A, P)
        return nxt, nxt

    _, rest = lax.scan(step, eye, None, length=k)
    return jnp.concatenate((eye[None], rest))


# -- the recurrence ------------------------------------------------------------------------
def _scan(e, P, z0, dt):
    """States before each step of ``s[j+1] = P s[j] + e[j]`` from s[0] = z0.

    e (batch, N, m) of dtype dt, P (m, m) of the kernel dtype, z0 (batch, m) or
    None (zeros). Blocked products: groups of g steps are one GEMM with the
    powers P^0 .. P^g, the group summaries the same recurrence with P^g.
    Returns U (batch, N, m) and the state after the last step.
    """
    batch, N, m = e.shape
    g = min(_GROUP, N)
    ng = -(-N // g)
    pw = _powers(P, g)  # P^0 .. P^g
    if ng * g > N:
        e = jnp.concatenate((e, jnp.zeros((batch, ng * g - N, m), e.dtype)), axis=1)
    j = np.arange(g)
    lag = j[:, None] - 1 - j[None, :]  # block (row j, column i) holds P^(j-1-i), i < j
    K = pw[np.clip(lag, 0, None)] * jnp.asarray(lag >= 0, pw.dtype)[:, :, None, None]
    K = jnp.transpose(K, (0, 2, 1, 3)).reshape(g * m, g * m)
    Gq = jnp.transpose(jnp.flip(pw[:g], 0), (1, 0, 2)).reshape(m, g * m)  # P^(g-1-i)
    W = jnp.concatenate((K, Gq), axis=0).astype(dt)
    R = _mm(e.reshape(batch * ng, g * m), W.T)
    U = R[:, : g * m]
    Q = pw[:g].reshape(g * m, m).astype(dt)  # rows P^j
    if ng > 1:
        E = R[:, g * m :].reshape(batch, ng, m)
        V, _ = _scan(E, pw[g], z0, dt)
        U = U + _mm(V.reshape(batch * ng, m), Q.T)
    elif z0 is not None:
        U = U + _mm(z0, Q.T)
    U = U.reshape(batch, ng * g, m)[:, :N]
    last = _mm(U[:, -1], P.astype(dt).T) + e[:, N - 1]
    return U, last


@jax.jit
def _run(system, x, z0):
    """Filter rows x (batch, n) from SciPy states z0 (batch, m) or None: y, zf."""
    A, B, C, D, S = system
    batch, n = x.shape
    dt, m = x.dtype, A.shape[0]
    if m == 0:
        return D.astype(dt) * x, (jnp.zeros((batch, 0), dt) if z0 is None else z0)
    if n == 0:
        return x, (jnp.zeros((batch, m), dt) if z0 is None else z0)
    if z0 is not None and S is not None:  # to the system's basis: z = S w, S lower-triangular
        z0 = solve_triangular(S.astype(dt), z0.T, lower=True).T
    L = min(_BLOCK, n)
    pw = _powers(A, L)
    AB = _mm(pw[:L], B)  # A^k B
    h = jnp.concatenate((D[None], _mm(AB[: L - 1], C)))  # impulse response
    i = np.arange(L)
    T = jnp.tril(h[np.clip(i[:, None] - i[None, :], 0, None)])
    Obs = _mm(C, pw[:L])  # rows C A^k
    G = jnp.flip(AB, 0).T  # columns A^(L-1-j) B
    nb = -(-n // L)
    r = n - (nb - 1) * L  # samples in the last block, 1..L
    if nb * L > n:
        x = jnp.pad(x, ((0, 0), (0, nb * L - n)))
    xm = x.reshape(batch * nb, L)
    e = _mm(xm, G.astype(dt).T).reshape(batch, nb, m)  # zero-state end states
    U, _ = _scan(e, pw[L], z0, dt)  # the states at the block starts
    # One GEMM for the outputs, [x_blk, u_blk] @ [T, Obs].T: two large buffers in all
    # (the operand and the result), where y = x_blk @ T.T + u_blk @ Obs.T needs three.
    W = jnp.concatenate((T.T, Obs.T), axis=0).astype(dt)
    y = _mm(jnp.concatenate((xm, U.reshape(batch * nb, m)), axis=1), W)
    y = y.reshape(batch, nb * L)[:, :n]
    # the final state: the last block's start state advanced over its r samples
    s = _mm(U[:, -1], pw[r].astype(dt).T) + _mm(x[:, (nb - 1) * L : n], G[:, L - r :].astype(dt).T)
    return y, (s if S is None else _mm(s, S.astype(dt).T))


@functools.partial(jax.jit, static_argnames="feedback")
def _direct(b, a, x, z0, feedback=True):
    """SciPy's transposed direct form II, one sample at a time (lax.scan): y, zf.

    b, a normalised (m + 1 taps, a[0] == 1) of x's dtype, x (batch, n), z0 (batch, m)
    or None. Exact as SciPy's loop, NaN and inf included; `feedback` False for a
    FIR given with one `a` coefficient (SciPy convolves: no ``0 * nan`` feedback).
    """
    m, batch = a.shape[0] - 1, x.shape[0]
    z0 = jnp.zeros((batch, m), x.dtype) if z0 is None else z0
    if m == 0:
        return b[0] * x, z0

    def step(z, u):
        y = b[0] * u + z[:, 0]
        z = jnp.concatenate((z[:, 1:], jnp.zeros_like(z[:, :1])), axis=1) + b[1:] * u[:, None]
        if feedback:
            z = z - a[1:] * y[:, None]
        return z, y

    zf, y = lax.scan(step, z0, x.T, unroll=8)
    return y.T, zf


@jax.jit
def _fir(b, x):
    """Causal FIR b (taps) on rows x: y[n] = sum_k b[k] x[n - k] (a NaN stays local)."""
    k, n = b.shape[0], x.shape[1]
    if k <= _SHIFT_TAPS:
        y = x * b[0]
        for j in range(1, min(k, n)):  # a loop over the taps
            y = y.at[:, j:].add(x[:, : n - j] * b[j])
        return y
    full = jax.vmap(lambda r: jnp.convolve(r, b, precision=_HIGHEST))(x)
    return full[:, :n]


# -- NaN and inf causality ----------------------------------------------------------------
def _causal(run, exact, x, z0):
    """``run(x, z0) -> (y, zf)`` (a block solver) made causal for NaN and inf.

    `exact(x, z0)` is SciPy's recursion, run eagerly on the rows that hold a
    non-finite sample. Under tracing, each row is cut at its first non-finite
    sample: zeros go into `run` from there, NaN comes out (see the module notes).
    """
    if _concrete(x, z0):
        if bool(jnp.isfinite(jnp.sum(x))) or bool(jnp.all(jnp.isfinite(x))):
            return run(x, z0)
        bad = np.asarray(~jnp.all(jnp.isfinite(x), axis=1))
        rows = np.flatnonzero(bad)
        y, zf = run(jnp.where(bad[:, None], 0, x), z0)
        ye, zfe = exact(x[rows], None if z0 is None else z0[rows])
        return y.at[rows].set(ye), zf.at[rows].set(zfe)
    n = x.shape[1]

    def masked(x, z0):
        finite = jnp.isfinite(x)
        first = jnp.where(jnp.all(finite, axis=1), n, jnp.argmin(finite, axis=1))[:, None]
        keep = jnp.arange(n) < first
        y, zf = run(jnp.where(keep, x, 0), z0)
        nan = jnp.asarray(jnp.nan, y.dtype)
        return jnp.where(keep, y, nan), jnp.where(first < n, nan, zf)

    # Finite data (one reduction to know) skips the masking passes.
    return lax.cond(jnp.all(jnp.isfinite(x)), run, masked, x, z0)


def _complex_rows(run):
    """A real filter on complex rows: real and imaginary parts as one batch of real rows."""

    def run_parts(rows, z0):
        n = rows.shape[0]
        parts = jnp.concatenate((rows.real, rows.imag))
        states = None if z0 is None else jnp.concatenate((z0.real, z0.imag))
        y, zf = run(parts, states)
        return lax.complex(y[:n], y[n:]), lax.complex(zf[:n], zf[n:])

    return run_parts


# -- lfilter ---------------------------------------------------------------------------------
@jax.jit
def _run_fir(b, a, x, z0):
    """A FIR as shifted sums (exact; a non-finite sample stays local) and its final states."""
    m = a.shape[0] - 1
    if x.shape[1] < m:
        return _run((*_tdf2(b, a), None), x, z0)
    bx, ax = b.astype(x.dtype), a.astype(x.dtype)
    y = _fir(bx, x)
    if z0 is not None:
        y = y.at[:, :m].add(z0)
    return y, tail_states(bx, ax, x, y, xp=jnp)


@jax.jit
def _run_section(b, a, x, z0):
    """A real filter of order 1 or 2 as one modal section."""
    m = a.shape[0] - 1
    pad = jnp.zeros(2 - m, a.dtype)
    section = _modal(jnp.concatenate((b, pad)), jnp.concatenate((a, pad)))
    if m == 1 and z0 is not None:
        z0 = jnp.pad(z0, ((0, 0), (0, 1)))
    y, zf = _run(section, x, z0)
    return y, zf[:, :m]


@jax.jit
def _run_poles(system, b, a, x, z0):
    """Lfilter of order > 2 through the all-pole sections `system` of a.

    u = b * x (+ z0 as impulses), y = u / a through the sections, one step of
    iterative refinement with the exact a; the final states follow from the tail.
    """
    m, n = a.shape[0] - 1, x.shape[1]
    if n < m:
        return _run((*_tdf2(b, a), None), x, z0)
    bx, ax = b.astype(x.dtype), a.astype(x.dtype)
    u = _fir(bx, x)
    if z0 is not None:
        u = u.at[:, :m].add(z0)
    y = _run(system, u, None)[0]
    y = y - _run(system, _fir(ax, y) - u, None)[0]
    return y, tail_states(bx, ax, x, y, xp=jnp)


@jax.jit
def _run_direct_ba(b, a, x, z0):
    return _run((*_tdf2(b, a), None), x, z0)


def _lfilter_kernel(b, a, fir):
    """``run(x, z0) -> (y, zf)`` for normalised b, a (kernel dtype) on finite rows.

    `fir`: the caller's `a` has one coefficient. Real filters of order <= 2 run as
    one modal section, complex ones directly; higher orders as all-pole sections
    factored on the host when `a` is concrete, else SciPy's recursion (lax.scan).
    """
    m = a.shape[0] - 1
    concrete = _concrete(a)
    if fir or (concrete and not np.any(np.asarray(a)[1:] != 0)):
        return functools.partial(_run_fir, b, a)
    if m == 0 or _is_complex(a):
        return functools.partial(_run_direct_ba, b, a)
    if m <= 2:
        return functools.partial(_run_section, b, a)
    if not concrete:  # a traced high-order denominator: SciPy's recursion itself
        return lambda x, z0: _direct(b.astype(x.dtype), a.astype(x.dtype), x, z0)
    poles = scipy.signal.tf2sos(np.ones(1), np.asarray(a, dtype=np.float64))
    system = _system_sos(jnp.asarray(poles, dtype=a.dtype))
    return functools.partial(_run_poles, system, b, a)


def _plan(b, a, dt):
    """The lfilter run on rows of dtype `dt` (the ``plan`` hook of ``filtfilt_with``).

    A real (b, a) stays real on complex data: the real and imaginary parts go
    through the real system as one batch of rows.
    """
    complex_data = jnp.issubdtype(dt, jnp.complexfloating)
    kernel_dt = _wide(jnp.result_type(b, a))
    with jax.ensure_compile_time_eval():  # concrete coefficients stay concrete under jit
        bn, an = normalise_ba(b, a, kernel_dt, xp=jnp)
    fir = a.shape[0] == 1  # SciPy convolves: a non-finite sample stays local
    kernel = _lfilter_kernel(bn, an, fir)
    if complex_data and not jnp.issubdtype(kernel_dt, jnp.complexfloating):
        kernel = _complex_rows(kernel)

    def exact(x, z0):
        return _direct(bn.astype(x.dtype), an.astype(x.dtype), x, z0, feedback=not fir)

    def run(rows, z0):
        if fir and rows.shape[1] >= an.shape[0] - 1:
            return kernel(rows, z0)  # shifted sums: a non-finite sample stays local
        return _causal(kernel, exact, rows, z0)

    return run


@implements(filtering.lfilter)
def lfilter(b, a, x, axis=-1, zi=None):
    b, a = _check_ba(b, a)
    axis = check_x(x, axis)
    dt = filter_dtype(b, a, x, *(() if zi is None else (zi,)), xp=jnp)
    m = max(b.shape[0], a.shape[0]) - 1
    rows, shape = to_rows(x.astype(dt), axis, xp=jnp)
    z0 = None
    if zi is not None:
        _check_finite("zi", zi)
        z0 = zi_rows(zi, x, axis, m, "zi", xp=jnp).astype(dt)
    y, zf = _plan(b, a, dt)(rows, z0)
    y = from_rows(y, shape, axis, xp=jnp)
    return y if zi is None else (y, from_rows(zf, shape, axis, xp=jnp))


@implements(filtering.filtfilt)
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    return filtfilt_with(_plan, b, a, x, axis, padtype, padlen, method, irlen)


# -- sosfilt ---------------------------------------------------------------------------------
def _sos_run(sos, dt):
    """``run(rows, z0) -> (y, zf)`` for sosfilt, the states of all sections side by side."""
    complex_data = jnp.issubdtype(dt, jnp.complexfloating)
    system = _system_sos(sos.astype(_wide(sos.dtype)))
    kernel = functools.partial(_run, system)
    if complex_data and not _is_complex(sos):
        kernel = _complex_rows(kernel)

    def exact(x, z0):  # section by section, SciPy's recursion
        zf = []
        for s in range(sos.shape[0]):  # a loop over the sections
            z = None if z0 is None else z0[:, 2 * s : 2 * s + 2]
            b, a = sos[s, :3].astype(x.dtype), sos[s, 3:].astype(x.dtype)
            x, z = _direct(b, a, x, z)
            zf.append(z)
        return x, jnp.concatenate(zf, axis=1)

    return lambda rows, z0: _causal(kernel, exact, rows, z0)


@implements(filtering.sosfilt)
def sosfilt(sos, x, axis=-1, zi=None):
    sos = _check_sos(sos)
    axis = check_x(x, axis)
    n_sections = sos.shape[0]
    dt = filter_dtype(sos, x, *(() if zi is None else (zi,)), xp=jnp)
    rows, shape = to_rows(x.astype(dt), axis, xp=jnp)
    z0 = None
    if zi is not None:
        with jax.ensure_compile_time_eval():  # traced: a concrete placeholder of its shape
            placeholder = zi if _concrete(zi) else jnp.zeros(zi.shape)
        check_sos_zi(placeholder, x, axis, n_sections, xp=jnp)
        # (n_sections, ..., 2, ...) -> rows (batch, n_sections * 2), sections in order
        z = jnp.moveaxis(zi.astype(dt), axis + 1, -1)
        z0 = jnp.moveaxis(z, 0, -2).reshape(rows.shape[0], 2 * n_sections)
    y, zf = _sos_run(sos, dt)(rows, z0)
    y = from_rows(y, shape, axis, xp=jnp)
    if zi is None:
        return y
    moved = (*shape[:-1], n_sections, 2)
    zf = jnp.moveaxis(jnp.moveaxis(zf.reshape(moved), -2, 0), -1, axis + 1)
    return y, zf


def _sosfilt_plan(sos, dt):
    run = _sos_run(sos, dt)

    def states(zi, v0):  # this recurrence keeps all sections' states side by side
        return zi.reshape(1, -1) * v0

    return run, states


@implements(filtering.sosfiltfilt)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    return sosfiltfilt_with(_sosfilt_plan, sos, x, axis, padtype, padlen)
