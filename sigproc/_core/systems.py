"""LTI systems, portable: SciPy's checks and the state-space simulations on any array-API library.

A system (a SciPy ``lti``/``dlti`` instance or a tuple) holds a few coefficients,
so it is settled on the host with SciPy's own classes: :func:`host_system` reads
tuples of any library as NumPy, :func:`discrete_system` and
:func:`continuous_system` run SciPy's checks and give its state-space matrices.
The simulations then solve, on the signal's device, the recurrence

    x[k+1] = x[k] @ G + v[k]        (row vectors, ``G = A.T`` for ``dlsim``)

without a loop over samples (:func:`state_sequence`): the samples are cut into
blocks of ``L``; inside a block the states are a matrix product with the powers
``G^0 ... G^(L-1)`` (computed once on the host), and the states at block starts
follow from a Hillis-Steele prefix scan with ``G^L, G^2L, G^4L, ...``. The host
kernels are computed in extended precision (``numpy.longdouble``), so their
float64 values are correctly rounded for the sizes met here; the result matches
SciPy's sample-by-sample loop to float64 rounding.

``lsim`` discretises as SciPy does (the matrix exponential of the block matrix of
``A``, ``B`` and, for linear interpolation, an identity, computed on the host once)
and runs the same recurrence. Results are float64 (complex128 for complex
continuous systems), as SciPy's, in the signal's library and on its device, and
differentiable (torch) in the signal and the initial state.
"""

import functools

import numpy as np
import scipy.linalg
import scipy.signal
from array_api_compat import array_namespace, device

from ..dispatch._warnings import warn
from .arrays import follow, from_host, is_concrete, np_dtype, reshape, to_dtype, to_host, xp_dtype
from .host import host

_BLOCK = 32  # samples per block, at most
_KERNEL_WIDTH = 256  # at most this many block samples times states (the kernel's side)


# -- the system, settled on the host (SciPy's checks and wording) --------------------------
def host_system(system):
    """`system` with the arrays of any library in a tuple or list read as NumPy copies."""
    return host(system) if isinstance(system, tuple | list) else system


def discrete_system(system, name):
    """``(state space, was it given as state space)`` of a ``dlti`` or a ``(..., dt)`` tuple."""
    if isinstance(system, scipy.signal.lti):
        raise AttributeError(f"{name} can only be used with discrete-time dlti systems.")
    if not isinstance(system, scipy.signal.dlti):
        system = scipy.signal.dlti(*system[:-1], dt=system[-1])
    return system.to_ss(), isinstance(system, scipy.signal.StateSpace)


def continuous_system(system, name):
    """The state space of an ``lti`` or of a ``(num, den)``, ``(z, p, k)``, ``(A, B, C, D)``."""
    if isinstance(system, scipy.signal.dlti):
        raise AttributeError(f"{name} can only be used with continuous-time systems.")
    if not isinstance(system, scipy.signal.lti):
        system = scipy.signal.lti(*system)
    return system.to_ss()


def _matrices(ss):
    return tuple(np.asarray(m) for m in (ss.A, ss.B, ss.C, ss.D))


# -- the recurrence x[k+1] = x[k] @ G + v[k] ------------------------------------------------
def _extended(dtype):
    return np.clongdouble if np.dtype(dtype).kind == "c" else np.longdouble


@functools.lru_cache(maxsize=64)
def _kernels(key, L, levels):
    """Host kernels of ``G`` (see module doc), from extended-precision powers.

    Returns ``K`` (L*n, L*n): block inputs -> states at offsets 0..L-1 of zero start;
    ``E`` (L*n, n): block inputs -> the state after the block; ``Pcat`` (n, L*n): the
    start state -> states at offsets 0..L-1; and ``G^(L 2^j)`` for j < `levels`.
    """
    data, n, dtype = key
    G = np.frombuffer(data, dtype=dtype).reshape(n, n).astype(_extended(dtype))
    powers = [np.eye(n, dtype=G.dtype)]
    for _ in range(L):  # a loop over the block length (at most 32), never the data
        powers.append(powers[-1] @ G)
    scan = [powers[L]]
    for _ in range(levels - 1):
        scan.append(scan[-1] @ scan[-1])
    K = np.zeros((L, n, L, n), dtype=G.dtype)
    for m in range(1, L):
        for j in range(m):
            K[j, :, m, :] = powers[m - 1 - j]
    E = np.concatenate(powers[L - 1 :: -1][:L], axis=0)
    Pcat = np.concatenate(powers[:L], axis=1)
    as_out = lambda v: np.asarray(v, dtype=dtype)  # noqa: E731
    return as_out(K.reshape(L * n, L * n)), as_out(E), as_out(Pcat), [as_out(q) for q in scan]


def state_sequence(G, x0, v, n_samples, *, xp):
    """States ``x[0..n_samples-1]`` (n_samples, n) of ``x[k+1] = x[k] @ G + v[k]``, ``x[0] = x0``.

    `G` is a NumPy (n, n) matrix; `x0` (n,) and `v` (n_samples - 1, n) are arrays of
    `xp` with `G`'s dtype. Differentiable in `x0` and `v`.

    The block scan multiplies states by powers of `G`; where those have large
    entries that cancel (companion matrices of poles near z = 1, as ``tf2ss``
    gives for narrow low-pass filters), it loses digits that a sample-by-sample
    loop keeps. One step of iterative refinement restores them: the defect
    ``v[k] - (x[k+1] - x[k] @ G)`` of the first solution, computed sample by
    sample (vectorised), drives the same recurrence for the correction.
    """
    n = G.shape[0]
    dt, dev = x0.dtype, device(x0)
    if n == 0 or n_samples <= 1:
        return xp.zeros((n_samples, n), dtype=dt, device=dev) + xp.reshape(x0, (1, n))
    # A traced `v` (jax.jit) takes the scan: a NaN may reach earlier states of its block.
    with np.errstate(all="ignore"):  # one cheap reduction for the usual, finite input
        ok = xp.isfinite(xp.sum(v))
    finite = not is_concrete(ok) or bool(ok)
    if not finite and not bool(xp.all(xp.isfinite(v))):
        return _causal_states(G, x0, v, n_samples, xp=xp)
    kernels = _kernels((G.tobytes(), n, G.dtype.str), *_blocking(n, n_samples))
    x = _scan(kernels, x0, v, n_samples, xp=xp)
    defect = v - (x[1:, :] - x[:-1, :] @ from_host(G, G.dtype, x0, xp=xp))
    return x + _scan(kernels, xp.zeros_like(x0), defect, n_samples, xp=xp)


def _causal_states(G, x0, v, n_samples, *, xp):
    """:func:`state_sequence` for inputs holding NaN or inf, causal as SciPy's loop.

    The block scan mixes a block's samples (``0 * nan`` is NaN), so a non-finite
    input would reach earlier states. The states up to the first non-finite input
    come from the scan; from there SciPy's recursion steps one sample at a time
    until the state is all NaN, which it then stays.
    """
    bad = to_host(xp.any(~xp.isfinite(v), axis=1))
    k0 = int(np.argmax(bad))  # x[k0 + 1] is the first state the bad input reaches
    parts = [state_sequence(G, x0, v[:k0, :], k0 + 1, xp=xp)]
    x, Gd = parts[0][-1:, :], from_host(G, G.dtype, x0, xp=xp)
    with np.errstate(all="ignore"):  # inf - inf is NaN here as in SciPy's loop, silently
        for k in range(k0, n_samples - 1):
            x = x @ Gd + v[k : k + 1, :]
            parts.append(x)
            if bool(xp.all(xp.isnan(x))):
                rest = n_samples - 2 - k
                parts.append(xp.full((rest, G.shape[0]), xp.nan, dtype=x.dtype, device=device(x)))
                break
    return xp.concat(parts, axis=0)


def _blocking(n, n_samples):
    """Block length L and number of scan levels for `n` states and `n_samples` samples."""
    L = max(1, min(_BLOCK, _KERNEL_WIDTH // n, n_samples - 1))
    nb = -(-n_samples // L)
    return L, max((nb - 1).bit_length(), 1)


def _scan(kernels, x0, v, n_samples, *, xp):
    K, E, Pcat, scan = kernels
    n = x0.shape[0]
    L = Pcat.shape[1] // n
    nb = -(-n_samples // L)
    dt, dev = x0.dtype, device(x0)
    put = lambda a: from_host(a, a.dtype, x0, xp=xp)  # noqa: E731
    pad = nb * L - v.shape[0]
    v = xp.concat((v, xp.zeros((pad, n), dtype=dt, device=dev)), axis=0)
    vb = reshape(v, (nb, L * n), xp=xp)
    # start state of block b+1 = start of block b @ G^L + (block b's inputs @ E):
    # a Hillis-Steele scan over blocks with G^L, G^2L, G^4L, ...
    starts = xp.concat((xp.reshape(x0, (1, n)), vb[: nb - 1, :] @ put(E)), axis=0)
    d = 1
    for Q in scan:
        if d >= nb:
            break
        starts = xp.concat((starts[:d, :], starts[d:, :] + starts[:-d, :] @ put(Q)), axis=0)
        d *= 2
    states = starts @ put(Pcat) + vb @ put(K)
    return reshape(states, (nb * L, n), xp=xp)[:n_samples, :]


# -- shared pieces -------------------------------------------------------------------------
def _discard_imaginary():
    warn("Casting complex values to real discards the imaginary part", np.exceptions.ComplexWarning)


def _cast(v, dtype, *, xp):
    """Array `v` in NumPy `dtype`; a complex `v` into a real dtype keeps its real part, warned.

    SciPy stores complex values into its real state and output arrays.
    """
    if xp.isdtype(v.dtype, "complex floating") and dtype.kind != "c":
        _discard_imaginary()
        v = xp.real(v)
    return to_dtype(v, dtype, xp=xp)


def _put(a, dtype, like, *, xp):
    """Host matrix `a` on `like`'s device in `dtype` (real part of a complex `a`, warned)."""
    if np.iscomplexobj(a) and dtype.kind != "c":
        _discard_imaginary()
        a = a.real
    return from_host(np.ascontiguousarray(a), dtype, like, xp=xp)


def _initial_state(x0, n, dtype, like, *, xp):
    """`x0` broadcast to the (n,) state as NumPy assigns it (zeros when None)."""
    if x0 is None:
        return xp.zeros((n,), dtype=xp_dtype(dtype, xp=xp), device=device(like))
    shape = tuple(x0.shape)
    core = shape[next((i for i, s in enumerate(shape) if s != 1), len(shape)) :]
    if len(core) > 1 or core not in ((), (1,), (n,)):  # NumPy drops leading 1s on assignment
        raise ValueError(f"could not broadcast input array from shape {shape} into shape ({n},)")
    x0 = xp.reshape(_cast(x0, dtype, xp=xp), core)
    return xp.broadcast_to(x0, (n,))


def _squeeze(a, *, xp):
    return xp.reshape(a, tuple(s for s in a.shape if s != 1))


def _inexact(u, *, xp):
    """The NumPy dtype `u` takes in arithmetic with SciPy's float64 matrices."""
    return np.result_type(np_dtype(u.dtype, xp=xp), np.float64)


# -- dlsim -----------------------------------------------------------------------------------
def _time_steps(t, n_u, dt):
    """SciPy's output grid: (stoptime, number of samples, host copy of `t` or None)."""
    if t is None:
        return (n_u - 1) * dt, n_u, None
    t_host = np.asarray(to_host(t))
    stoptime = t_host[-1]
    return stoptime, int(np.floor(stoptime / dt)) + 1, t_host


def _interpolate(t_host, u, tout, *, xp):
    """`u` (n_t, n_inputs) linearly interpolated at `tout`, as ``make_interp_spline(k=1)``."""
    t_host = t_host.astype(np.result_type(t_host.dtype, np.float64))
    if t_host.size != u.shape[0]:
        raise ValueError(f"Shapes of x {t_host.shape} and y {tuple(u.shape)} are incompatible")
    if np.any(t_host[1:] == t_host[:-1]):
        raise ValueError("Expect x to not have duplicates")
    if t_host.ndim != 1 or np.any(t_host[1:] < t_host[:-1]):
        raise ValueError("Expect x to be a 1D strictly increasing sequence.")
    if t_host.size == 1:  # SciPy's degenerate spline: 0 before the one knot, NaN from it on
        values = np.where(tout < t_host[0], 0.0, np.nan)[:, np.newaxis]
        return from_host(np.broadcast_to(values, (tout.size, u.shape[1])), _inexact(u, xp=xp), u,
                         xp=xp)  # fmt: skip
    # index bookkeeping on the host's time grid; the samples are gathered on the device
    left = np.clip(np.searchsorted(t_host, tout, side="right") - 1, 0, t_host.size - 2)
    w = (tout - t_host[left]) / (t_host[left + 1] - t_host[left])
    w = xp.reshape(from_host(w, _inexact(u, xp=xp), u, xp=xp), (-1, 1))
    left = from_host(left, np.int64, u, xp=xp)
    return (1 - w) * xp.take(u, left, axis=0) + w * xp.take(u, left + 1, axis=0)


def _as_columns(u, *, xp):
    """`u` as SciPy reads it: (n_samples, n_inputs), inexact."""
    u = xp.reshape(u, (1,)) if u.ndim == 0 else u
    u = xp.reshape(u, (u.shape[0], 1)) if u.ndim == 1 else u
    if u.ndim != 2:
        raise ValueError(f"u must be 1-D or 2-D (one column per input), got {u.ndim} dimensions")
    return to_dtype(u, _inexact(u, xp=xp), xp=xp)


def dlsim(system, u, t=None, x0=None):
    xp = array_namespace(u)
    ss, is_ss = discrete_system(host_system(system), "dlsim")
    A, B, C, D = _matrices(ss)
    n, n_inputs = A.shape[0], B.shape[1]
    u = _as_columns(u, xp=xp)
    stoptime, n_out, t_host = _time_steps(t, u.shape[0], ss.dt)
    if n_out < 0:
        raise ValueError("negative dimensions are not allowed")
    if n_out == 0:
        raise IndexError("index 0 is out of bounds for axis 0 with size 0")
    tout = np.linspace(0.0, stoptime, num=n_out)
    if t_host is not None:
        u = _interpolate(t_host, u, tout, xp=xp)
    if u.shape[1] != n_inputs:
        raise ValueError(
            f"shapes {B.shape} and ({u.shape[1]},) not aligned: the system has "
            f"{n_inputs} inputs, u has {u.shape[1]} columns"
        )
    # SciPy's states and outputs are float64 arrays: complex values lose their imaginary part
    real = np.dtype(np.float64)
    work = np.result_type(_inexact(u, xp=xp), A, B, C, D)
    u = to_dtype(u, work, xp=xp)
    put = functools.partial(_put, like=u, xp=xp)
    x_start = _initial_state(x0, n, real, u, xp=xp)
    v = _cast(u[:-1, :] @ put(B.T, work), real, xp=xp)
    xout = state_sequence(np.ascontiguousarray(A.real.T, dtype=real) if n else np.zeros((0, 0)),
                          x_start, v, n_out, xp=xp)  # fmt: skip
    if np.iscomplexobj(A):
        _discard_imaginary()
    yout = xout @ put(C.T, real) + _cast(u @ put(D.T, work), real, xp=xp)
    tout = from_host(tout, np.float64, u, xp=xp)
    return (tout, yout, xout) if is_ss else (tout, yout)


# -- lsim -------------------------------------------------------------------------------------
def _discretised(A, B, dt, interp):
    """SciPy's discretisation: Ad, [(Bd, lag)...] with x[k+1] = x[k] @ Ad + sum U[k+lag] @ Bd."""
    n_states, n_inputs = A.shape[0], B.shape[1]
    if not interp:  # zero-order hold
        M = np.vstack([np.hstack([A * dt, B * dt]), np.zeros((n_inputs, n_states + n_inputs))])
        expMT = scipy.linalg.expm(M.T)
        return expMT[:n_states, :n_states], [(expMT[n_states:, :n_states], 0)]
    M = np.vstack([
        np.hstack([A * dt, B * dt, np.zeros((n_states, n_inputs))]),
        np.hstack([np.zeros((n_inputs, n_states + n_inputs)), np.identity(n_inputs)]),
        np.zeros((n_inputs, n_states + 2 * n_inputs)),
    ])  # fmt: skip
    expMT = scipy.linalg.expm(M.T)
    Bd1 = expMT[n_states + n_inputs :, :n_states]
    Bd0 = expMT[n_states : n_states + n_inputs, :n_states] - Bd1
    return expMT[:n_states, :n_states], [(Bd0, 0), (Bd1, 1)]


def _no_input(U):
    """SciPy's "zero input" test; asked only where U's shape would otherwise be an error."""
    return not np.any(to_host(U))


def _input_problem(U, n_steps, n_inputs):
    if U.shape[0] != n_steps:
        return "U must have the same number of rows as elements in T."
    if U.shape[1] != n_inputs:
        return "System does not define that many inputs."
    return None


def lsim(system, U, T, X0=None, interp=True):
    xp = array_namespace(U)
    ss = continuous_system(host_system(system), "lsim")
    A, B, C, D = _matrices(ss)
    n, n_inputs = A.shape[0], B.shape[1]
    # coefficients the backend left in another library (NumPy beside dask arrays)
    T = follow(T, U, xp=xp)
    X0 = None if X0 is None else follow(X0, U, xp=xp)
    T = xp.reshape(T, (1,)) if T.ndim == 0 else T
    if T.ndim != 1:
        raise ValueError("T must be a rank-1 array.")
    T_host = np.asarray(to_host(T))
    n_steps = T_host.size
    state = np.result_type(A.dtype, np.float64)  # SciPy: A's dtype (float64 from its classes)
    put = functools.partial(_put, like=U, xp=xp)
    x_start = _initial_state(X0, n, state, U, xp=xp)
    if T_host[0] > 0:  # step forward to the initial time, with zero input
        x_start = x_start @ put(scipy.linalg.expm(A.T * T_host[0]), state)
    elif T_host[0] != 0:
        raise ValueError("Initial time must be nonnegative")
    work = np.result_type(_inexact(U, xp=xp), state, C, D)
    if n_steps == 1:
        xout = xp.reshape(x_start, (1, n))
        yout = _squeeze(to_dtype(xout, work, xp=xp) @ put(C.T, work), xp=xp)
        if U.ndim == 0 or U.shape[-1] != n_inputs:
            if _no_input(U):
                return T, yout, _squeeze(xout, xp=xp)
            raise ValueError(f"U of shape {tuple(U.shape)} does not match D.T's {D.T.shape}")
        yout = yout + _squeeze(to_dtype(U, work, xp=xp) @ put(D.T, work), xp=xp)
        return T, xp.asarray(yout), _squeeze(xout, xp=xp)  # NumPy: 0-d arithmetic gives scalars
    dt = T_host[1] - T_host[0]
    if not np.allclose(np.diff(T_host), dt):
        raise ValueError("Time steps are not equally spaced.")
    U = xp.reshape(U, (1, 1)) if U.ndim == 0 else U
    U = xp.reshape(U, (U.shape[0], 1)) if U.ndim == 1 else U
    problem = _input_problem(U, n_steps, n_inputs)
    if problem is not None:
        if not _no_input(U):
            raise ValueError(problem)
        U = xp.zeros((n_steps, n_inputs), dtype=xp.float64, device=device(U))
    U = to_dtype(U, work, xp=xp)
    Ad, terms = _discretised(A, B, dt, interp)
    lagged = [U[lag : n_steps - 1 + lag, :] @ put(Bd, work) for Bd, lag in terms]
    v = _cast(functools.reduce(lambda a, b: a + b, lagged), state, xp=xp)
    if np.iscomplexobj(Ad) and state.kind != "c":
        _discard_imaginary()
    G = np.ascontiguousarray(Ad.real if state.kind != "c" else Ad, dtype=state)
    xout = state_sequence(G, x_start, v, n_steps, xp=xp)
    yout = _squeeze(to_dtype(xout, work, xp=xp) @ put(C.T, work), xp=xp)
    return T, yout + _squeeze(U @ put(D.T, work), xp=xp), _squeeze(xout, xp=xp)
