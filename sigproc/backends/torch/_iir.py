"""Torch IIR filters: an exact block-parallel linear recurrence built from torch kernels.

A filter is written as ONE state space ``z[k+1] = A z[k] + B x[k]``,
``y[k] = C z[k] + D x[k]``: for `lfilter` the transposed direct form II of
``b, a`` (its states are SciPy's ``zi``/``zf``); for `sosfilt` the cascade of all
sections, whose state is the concatenation of the sections' states (SciPy's
``zi`` layout, so ``zi``/``zf`` map directly; ``A`` is block lower-triangular).

The signal is cut into blocks of ``_BLOCK`` samples. One GEMM gives every block's
zero-state output (Toeplitz matrix of the impulse response) and its zero-state
end state; the block start states ``u[j+1] = A^L u[j] + e[j]`` are themselves a
linear recurrence with vector input, solved by the same blocking one level up
(groups of ``_GROUP`` blocks, ``A^(L g)``, ...) until one group remains: O(n)
work, no Python loop over samples or blocks. All kernels (powers ``A^k`` by
repeated multiplication, which keeps the digits that repeated squaring loses
for poles near z = 1) are built in float64/complex128 torch arithmetic on the
signal's device, so gradients flow to the signal, the coefficients and ``zi``.
"""

import array_api_compat.torch as xpt
import numpy as np
import torch
from array_api_compat import array_namespace

from ... import filtering
from ..._core.iir import (
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
from ..._core.recurrence import causal_rows, tail_states
from . import implements

_BLOCK = 64  # samples per block (level 1)
_GROUP = 8  # blocks per group at the upper levels


# -- state-space systems ----------------------------------------------------------------
# A system is (A, B, C, D, S): z[k+1] = A z[k] + B x[k], y[k] = C z[k] + D x[k], whose
# states relate to SciPy's transposed-direct-form-II states by z_scipy = S z (S None:
# the identity). Real second-order sections are used in a modal basis (see _modal).
def _wide(dt):
    """Kernel dtype: float64 or complex128."""
    return torch.complex128 if dt.is_complex else torch.float64


def _tdf2(b, a):
    """TDF-II state space of normalised b, a (m + 1 taps each): A, B, C, D."""
    m = a.shape[0] - 1
    e0 = torch.zeros(m, dtype=a.dtype, device=a.device)
    if m:
        e0[0] = 1
    A = torch.eye(m + 1, m, dtype=a.dtype, device=a.device)[1:] - a[1:, None] * e0
    return A, b[1:] - a[1:] * b[0], e0, b[0]


def _square_error(h):
    """Rounding error of h * h (Dekker's exact product): h * h == p + err exactly."""
    t = 134217729.0 * h  # 2**27 + 1
    hi = t - (t - h)
    lo = h - hi
    p = h * h
    return ((hi * hi - p) + 2 * hi * lo) + lo * lo


def _modal(b, a):
    """A real section b, a (3 taps, a[0] == 1) in a well-conditioned basis.

    The companion matrix of a section with poles near z = 1 is nearly a Jordan
    block: its powers grow like k, and a cascade of such sections like k^(2s-1),
    which costs 8+ digits in a block recurrence. Here complex poles sigma +- i omega
    give the rotation [[sigma, omega], [-omega, sigma]] (normal: powers never
    grow), real poles p, q the triangle [[p, c], [0, q]] with a small coupling c.
    The discriminant is computed with an exact product, so omega keeps its digits
    when the poles are close together. The basis is scaled so |B| == |C|.
    """
    # Feedback below 1e-30 (a[0] == 1) changes no float64 output, but poles that small
    # (even subnormal) would put 1/omega ~ 1e158 into the basis: treat them as zero.
    a = torch.where(a.abs() < 1e-30, torch.zeros_like(a), a)
    _A0, B0, C0, D = _tdf2(b, a)
    h = a[1] / 2
    disc = (h * h - a[2]) + _square_error(h)  # (a1 / 2)^2 - a2, to full precision
    one, zero = torch.ones_like(h), torch.zeros_like(h)
    if bool(disc < 0):  # complex poles
        w = torch.sqrt(-disc)
        A = torch.stack((torch.stack((-h, w)), torch.stack((-w, -h))))
        S = torch.stack((torch.stack((one, zero)), torch.stack((h, w))))
        Si = torch.stack((torch.stack((one, zero)), torch.stack((-h / w, 1 / w))))
    else:  # real poles p (the larger) and q
        root = torch.sqrt(disc)
        p = -h - root if bool(h >= 0) else -h + root
        q = a[2] / p if bool(p != 0) else zero
        rho = torch.maximum(p.abs(), q.abs())
        c = torch.clamp(torch.maximum((p - q).abs(), 1 - rho), min=2.0**-10).detach()
        A = torch.stack((torch.stack((p, c * one)), torch.stack((zero, q))))
        S = torch.stack((torch.stack((one, zero)), torch.stack((-q, c * one))))
        Si = torch.stack((torch.stack((one, zero)), torch.stack((q / c, one / c))))
    B = Si @ B0
    scale = torch.sqrt(torch.linalg.vector_norm(B)).detach()
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    return A, B / scale, C0 @ S * scale, D, S * scale


def _cascade(sections):
    """One system for sections (A, B, C, D, S) in series; S block-diagonal."""
    A, B, C, D, S = sections[0]
    for As, Bs, Cs, Ds, Ss in sections[1:]:  # a loop over the sections
        m, ms = A.shape[0], As.shape[0]
        A = torch.cat(
            (torch.cat((A, A.new_zeros(m, ms)), 1), torch.cat((Bs[:, None] * C, As), 1)), 0
        )
        B = torch.cat((B, Bs * D))
        C = torch.cat((Ds * C, Cs))
        D = Ds * D
        S = torch.block_diag(S, Ss)
    return A, B, C, D, S


def _system_sos(sos):
    """Sos (n_sections, 6) of a kernel dtype as one system: real sections modal."""
    if sos.dtype.is_complex:
        sections = []
        for s in range(sos.shape[0]):
            A, B, C, D = _tdf2(sos[s, :3], sos[s, 3:])
            sections.append((A, B, C, D, torch.eye(2, dtype=A.dtype, device=A.device)))
        return _cascade(sections)
    return _cascade([_modal(sos[s, :3], sos[s, 3:]) for s in range(sos.shape[0])])


def _powers(A, k):
    """Stack of A^0 .. A^k, by repeated multiplication (kernel construction, k <= 64)."""
    out = [torch.eye(A.shape[0], dtype=A.dtype, device=A.device)]
    for _ in range(k):
        out.append(A @ out[-1])
    return torch.stack(out)


# -- the recurrence ------------------------------------------------------------------------
def _scan(e, P, z0, dt):
    """States before each step of ``s[j+1] = P s[j] + e[j]`` from s[0] = z0.

    e (batch, N, m) in dtype dt, P (m, m) kernel dtype, z0 (batch, m) or None
    (zeros). Returns U (batch, N, m) and the state after the last step.
    """
    batch, N, m = e.shape
    g = min(_GROUP, N)
    ng = -(-N // g)
    pw = _powers(P, g)  # P^0 .. P^g
    if ng * g > N:
        e = torch.cat((e, e.new_zeros(batch, ng * g - N, m)), dim=1)
    j = torch.arange(g, device=e.device)
    lag = j[:, None] - 1 - j[None, :]  # block (row j, column i) holds P^(j-1-i), i < j
    K = pw[lag.clamp(min=0)] * (lag >= 0)[:, :, None, None].to(pw.dtype)
    K = K.permute(0, 2, 1, 3).reshape(g * m, g * m)
    Gq = torch.flip(pw[:g], (0,)).permute(1, 0, 2).reshape(m, g * m)  # P^(g-1-i)
    W = torch.cat((K, Gq), dim=0).to(dt)
    R = e.reshape(batch * ng, g * m) @ W.T
    U = R[:, : g * m]
    if ng > 1:
        E = R[:, g * m :].reshape(batch, ng, m)
        V, _ = _scan(E, pw[g], z0, dt)
        Q = pw[:g].reshape(g * m, m).to(dt)  # rows P^j
        U = torch.addmm(U, V.reshape(batch * ng, m), Q.T)
    elif z0 is not None:
        U = U + z0 @ pw[:g].reshape(g * m, m).to(dt).T
    U = U.reshape(batch, ng * g, m)[:, :N]
    last = U[:, -1] @ P.to(dt).T + e[:, N - 1]
    return U, last


def _run(system, x, z0):
    """Filter rows x (batch, n) of dtype dt from SciPy states z0 (batch, m) or None: y, zf."""
    A, B, C, D, S = system
    batch, n = x.shape
    dt, m = x.dtype, A.shape[0]
    if m == 0:
        return D.to(dt) * x, (x.new_zeros(batch, 0) if z0 is None else z0)
    if n == 0:
        return x.clone(), (x.new_zeros(batch, m) if z0 is None else z0)
    if z0 is not None and S is not None:  # to the system's basis: z = S w, S lower-triangular
        z0 = torch.linalg.solve_triangular(S.to(dt), z0.mT, upper=False).mT
    L = min(_BLOCK, n)
    pw = _powers(A, L)
    AB = pw[:L] @ B  # A^k B
    h = torch.cat((D[None], AB[: L - 1] @ C))  # impulse response
    i = torch.arange(L, device=x.device)
    T = torch.tril(h[(i[:, None] - i[None, :]).clamp(min=0)])
    Obs = torch.matmul(C, pw[:L])  # rows C A^k
    G = torch.flip(AB, (0,)).T  # columns A^(L-1-j) B
    nb, r = divmod(n, L)
    parts = []
    s = z0
    if nb:
        xm = x[:, : nb * L].reshape(batch * nb, L)
        y = xm @ T.to(dt).T
        e = (xm @ G.to(dt).T).reshape(batch, nb, m)
        U, s = _scan(e, pw[L], z0, dt)
        y = torch.addmm(y, U.reshape(batch * nb, m), Obs.to(dt).T)
        parts.append(y.reshape(batch, nb * L))
    if r:
        xt = x[:, nb * L :]
        yt = xt @ T[:r, :r].to(dt).T
        zf = xt @ G[:, L - r :].to(dt).T
        if s is not None:
            yt = yt + s @ Obs[:r].to(dt).T
            zf = zf + s @ pw[r].to(dt).T
        parts.append(yt)
        s = zf
    y = parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)
    if s is None:
        return y, x.new_zeros(batch, m)
    return y, (s if S is None else s @ S.to(dt).T)


# -- lfilter on rows ----------------------------------------------------------------------
_SHIFT_TAPS = 16  # up to this many taps, _fir sums shifted copies instead of conv1d


def _fir(b, x):
    """Causal FIR b (taps) on rows x: y[n] = sum_k b[k] x[n - k]."""
    k, n = b.shape[0], x.shape[1]
    if k <= _SHIFT_TAPS:
        # One multiply-add pass per tap: for the few taps of an IIR numerator this
        # is memory-bound and about 8x faster than float64 conv1d on the CPU.
        y = x * b[0]
        for j in range(1, min(k, n)):  # a loop over the taps
            y[:, j:].addcmul_(x[:, : n - j], b[j])
        return y
    xp = torch.nn.functional.pad(x[:, None, :], (k - 1, 0))
    return torch.nn.functional.conv1d(xp, torch.flip(b, (0,)).reshape(1, 1, k))[:, 0, :]


def _pole_sections(a):
    """Second-order all-pole sections (n, 6) whose product of denominators is a (real).

    Also returns the roots of a on the host (NumPy), as computed for the sections.
    """
    m = a.shape[0] - 1
    companion = _tdf2(a, a)[0].T  # eigenvalues = roots of a
    roots = torch.linalg.eigvals(companion)
    host = roots.detach().cpu().numpy()
    tol = 1e-8 * max(1.0, float(abs(host).max()))
    upper = [k for k in range(m) if host[k].imag > tol]
    real = sorted((k for k in range(m) if abs(host[k].imag) <= tol), key=lambda k: host[k].real)
    one, zero = torch.ones_like(a[0]), torch.zeros_like(a[0])
    rows = []
    for k in upper:  # a loop over the filter order
        r = roots[k]
        rows.append(torch.stack((one, zero, zero, one, -2 * r.real, (r * r.conj()).real)))
    for j in range(0, len(real), 2):
        r1 = roots[real[j]].real
        r2 = roots[real[j + 1]].real if j + 1 < len(real) else zero
        rows.append(torch.stack((one, zero, zero, one, -(r1 + r2), r1 * r2)))
    return torch.stack(rows), host


_REFINE_ABOVE = 1e-13  # relative error of the factored denominator that needs refinement


def _factoring_error(a, sections, roots):
    """Max |A_f / A - 1| on the unit circle, A_f the product of the sections' denominators.

    It bounds the relative error, frequency by frequency, of filtering through
    the sections instead of 1 / A. Evaluated on the host on a grid of 4096
    frequencies plus the angle of every pole, where |A| is smallest.
    """
    exact = a.detach().cpu().numpy()
    product = np.ones(1)
    for row in sections.detach().cpu().numpy():  # a loop over the sections
        product = np.convolve(product, row[3:])
    exact = np.pad(exact, (0, product.shape[0] - exact.shape[0]))
    angles = np.abs(np.angle(roots))
    z = np.exp(-1j * np.concatenate((np.linspace(0, np.pi, 4096), angles)))
    want = np.polynomial.polynomial.polyval(z, exact)
    got = np.polynomial.polynomial.polyval(z, product)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.nan_to_num(np.max(np.abs(got - want) / np.abs(want)), nan=np.inf))


def _lfilter_plan(b, a):
    """A function (x, z0) -> (y, zf) running lfilter on rows for normalised b, a.

    x (batch, n), z0 SciPy's zi rows (batch, m) or None; b, a of a kernel dtype.

    Real filters of order <= 2 run as one modal section. Higher orders run as
    u = b * x (+ z0 as impulses), y = u / A through modal all-pole sections from
    the roots of a, and one step of iterative refinement with the exact a:
    y -= (a * y - u) / A, unless the sections reproduce 1 / a to 1e-13 on the unit
    circle and a needs no gradient; the final states follow from the last inputs
    and outputs.
    """
    m = a.shape[0] - 1
    direct = (*_tdf2(b, a), None)
    fir = not bool(torch.any(a[1:] != 0))
    if fir and m > _BLOCK:  # long FIR: a convolution (the state kernels would be m x m)

        def run_fir(x, z0):
            n, dt = x.shape[1], x.dtype
            if n < m:
                return _run(direct, x, z0)
            y = _fir(b.to(dt), x)
            if z0 is not None:
                y = y + torch.nn.functional.pad(z0, (0, n - m))
            return y, tail_states(b.to(dt), a.to(dt), x, y, xp=array_namespace(x))

        return run_fir
    if m == 0 or a.dtype.is_complex or fir:
        return lambda x, z0: _run(direct, x, z0)  # gain, short FIR (exact shift) or complex
    if m <= 2:
        pad = a.new_zeros(2 - m)
        section = _modal(torch.cat((b, pad)), torch.cat((a, pad)))

        def run_section(x, z0):
            if m == 1 and z0 is not None:
                z0 = torch.nn.functional.pad(z0, (0, 1))
            y, zf = _run(section, x, z0)
            return y, zf[:, :m]

        return run_section
    sections, roots = _pole_sections(a)
    poles = _system_sos(sections)
    refine = a.requires_grad or _factoring_error(a, sections, roots) > _REFINE_ABOVE

    def run_poles(x, z0):
        n, dt = x.shape[1], x.dtype
        if n < m:
            return _run(direct, x, z0)
        bx, ax = b.to(dt), a.to(dt)
        u = _fir(bx, x)
        if z0 is not None:
            u = u + torch.nn.functional.pad(z0, (0, n - m))
        y = _run(poles, u, None)[0]
        if refine:
            y = y - _run(poles, _fir(ax, y) - u, None)[0]
        return y, tail_states(bx, ax, x, y, xp=array_namespace(x))

    return run_poles


# -- public filters -----------------------------------------------------------------------
def _ba(b, a, dt):
    return normalise_ba(b, a, _wide(dt), xp=array_namespace(b))


def _plan(b, a, dt):
    """The lfilter run for data of dtype `dt`: a real filter stays real on complex data.

    A real (b, a) factored as complex coefficients loses its conjugate-pair
    structure (wrong values, or NaN); the real and imaginary parts of the data
    go through the real system instead, as one batch of rows.
    """
    if dt.is_complex and not (b.is_complex() or a.is_complex()):
        return _complex_rows(_plan(b, a, dt.to_real()))
    bn, an = _ba(b, a, dt)
    run = _lfilter_plan(bn, an)
    fir = a.shape[0] == 1  # SciPy convolves: a non-finite sample stays local
    return lambda rows, z0: causal_rows(run, bn, an, rows, z0, fir=fir, xp=xpt)


def _complex_rows(run):
    def run_parts(rows, z0):
        n = rows.shape[0]
        parts = torch.cat((rows.real, rows.imag))
        states = None if z0 is None else torch.cat((z0.real, z0.imag))
        y, zf = run(parts, states)
        zf = None if zf is None else torch.complex(zf[:n], zf[n:])
        return torch.complex(y[:n], y[n:]), zf

    return run_parts


@implements(filtering.lfilter)
def lfilter(b, a, x, axis=-1, zi=None):
    xp = array_namespace(x)
    b, a = check_ba(b, a, xp=xp)
    axis = check_x(x, axis)
    dt = filter_dtype(b, a, x, *(() if zi is None else (zi,)), xp=xp)
    m = max(b.shape[0], a.shape[0]) - 1
    rows, shape = to_rows(x.to(dt), axis, xp=xp)
    z0 = None
    if zi is not None:
        check_finite("zi", zi, xp=xp)
        z0 = zi_rows(zi, x, axis, m, "zi", xp=xp).to(dt)
    y, zf = _plan(b, a, dt)(rows, z0)
    y = from_rows(y, shape, axis, xp=xp)
    return y if zi is None else (y, from_rows(zf, shape, axis, xp=xp))


@implements(filtering.sosfilt)
def sosfilt(sos, x, axis=-1, zi=None):
    xp = array_namespace(x)
    sos = check_sos(sos, xp=xp)
    axis = check_x(x, axis)
    n_sections = sos.shape[0]
    dt = filter_dtype(sos, x, *(() if zi is None else (zi,)), xp=xp)
    rows, shape = to_rows(x.to(dt), axis, xp=xp)
    z0 = None
    if zi is not None:
        check_sos_zi(zi, x, axis, n_sections, xp=xp)
        # (n_sections, ..., 2, ...) -> rows (batch, n_sections * 2), sections in order
        z = torch.movedim(zi.to(dt), axis + 1, -1)
        z = torch.movedim(z, 0, -2).reshape(rows.shape[0], 2 * n_sections)
        z0 = z
    y, zf = _sos_run(sos, dt)(rows, z0)
    y = from_rows(y, shape, axis, xp=xp)
    if zi is None:
        return y
    moved = (*shape[:-1], n_sections, 2)
    zf = torch.movedim(torch.movedim(zf.reshape(moved), -2, 0), -1, axis + 1)
    return y, zf


@implements(filtering.filtfilt)
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    return filtfilt_with(_plan, b, a, x, axis, padtype, padlen, method, irlen)


def _sos_run(sos, dt):
    """``run(rows, z0) -> (y, zf)`` for sosfilt, states of all sections side by side.

    Rows holding NaN or inf go section by section through the causal lfilter
    (see ``causal_rows``), as SciPy's recursion would treat them.
    """
    system = _system_sos(sos.to(_wide(dt)))

    def run(rows, z0):
        if bool(torch.isfinite(rows.sum())) or bool(torch.isfinite(rows).all()):
            return _run(system, rows, z0)
        zf = []
        for s in range(sos.shape[0]):
            z = None if z0 is None else z0[:, 2 * s : 2 * s + 2]
            rows, z = _plan(sos[s, :3], sos[s, 3:], dt)(rows, z)
            zf.append(z)
        return rows, torch.cat(zf, dim=1)

    return run


def _sosfilt_plan(sos, dt):
    run = _sos_run(sos, dt)

    def states(zi, v0):  # this recurrence keeps all sections' states side by side
        return zi.reshape(1, -1) * v0

    return run, states


@implements(filtering.sosfiltfilt)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    return sosfiltfilt_with(_sosfilt_plan, sos, x, axis, padtype, padlen)
