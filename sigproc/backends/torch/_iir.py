"""Torch IIR filters: SciPy's loops on CPU tensors, else an exact block-parallel scan.

On CPU tensors that need no gradient, `sosfilt`, `lfilter`, `filtfilt` and
`sosfiltfilt` run SciPy's compiled sequential loops on zero-copy views, rows
spread over a thread pool (``_iir_sequential``), unless its cost model finds the
scan below clearly faster (few rows, many threads). Everything else (autograd,
CUDA, float16/bfloat16, ``torch.func`` transforms) takes the scan. Which one ran
shows as the trace's kernel: ``"scipy sequential"`` or ``"block scan"``.

The scan writes a filter as ONE state space ``z[k+1] = A z[k] + B x[k]``,
``y[k] = C z[k] + D x[k]``: for `sosfilt` the cascade of all sections in a modal
basis (SciPy's ``zi`` layout, section by section; ``A`` is block
lower-triangular); for `lfilter` of order >= 3 a shift register for the
numerator's remainder ``b - b0 a`` feeding all-pole modal sections from the
(polished) roots of ``a`` (see ``_iir_poles``), with one refinement pass only
where those sections miss ``a``.

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

import functools

import array_api_compat.torch as xpt
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
from ...dispatch import kernel
from . import _iir_sequential as sequential
from . import implements
from ._iir_poles import pole_sections

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


def _folded(b, a, poles):
    """One system for B(z) / A_f(z): a shift register feeding the poles.

    ``B / A = b0 + R / A`` with ``R = b - b0 a`` (the input vector of SciPy's
    transposed direct form II). The state is (d, w): d (m) the transposed-direct-
    form state of the FIR `R`, whose output ``u = d[0]`` drives the all-pole
    cascade `poles` (state w); ``y = b0 x + C w + D u``. SciPy's lfilter state
    `zi` enters as ``d = zi`` (``u = R * x + zi`` as impulses), with ``w = 0``.
    The shift register is nilpotent and the cascade modal, so powers of the
    system matrix stay well scaled. Dividing the remainder rather than ``B x``
    keeps band-stop filters (large, cancelling numerators) as exact as SciPy's
    recursion: 0.7-1.2x its error where ``B x`` gave 1.4-2.8x.
    """
    Aw, Bw, Cw, Dw, _ = poles
    m = b.shape[0] - 1
    shift = torch.diag(b.new_ones(m - 1), 1)
    e0 = torch.zeros_like(b[1:])
    e0[0] = 1
    A = torch.cat(
        (
            torch.cat((shift, shift.new_zeros(m, Aw.shape[0])), 1),
            torch.cat((Bw[:, None] * e0, Aw), 1),
        )
    )
    r = b[1:] - b[0] * a[1:]
    return A, torch.cat((r, torch.zeros_like(Bw))), torch.cat((Dw * e0, Cw)), b[0], None


_REFINE_ABOVE = 1e-13  # factoring error (relative, on the unit circle) that always refines
_REFINE_FLOOR = 0.1  # ... or above this fraction of the floor of a refined output's error


def _lfilter_plan(b, a):
    """A function (x, z0) -> (y, zf) running lfilter on rows for normalised b, a.

    x (batch, n), z0 SciPy's zi rows (batch, m) or None; b, a of a kernel dtype.

    Real filters of order <= 2 run as one modal section. Higher orders run as ONE
    system (:func:`_folded`): the numerator's shift register (its state starts at
    z0) feeding modal all-pole sections from the roots of a. One step of
    iterative refinement with the exact a, y -= (a * y - b * x - z0) / A_f,
    follows only when a needs a gradient or the sections miss a by more than
    1e-13 and a tenth of the rounding floor of a refined output (see
    ``_iir_poles.factoring_error``): below that a refinement pass adds rounding
    rather than removing error. The final states follow from the last inputs
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
    sections, (error, floor) = pole_sections(a)
    poles = _system_sos(sections)
    folded = _folded(b, a, poles)
    mw = poles[0].shape[0]  # the cascade's states (m, or m + 1 for odd m)
    refine = a.requires_grad or error > max(_REFINE_ABOVE, _REFINE_FLOOR * floor)

    def run_poles(x, z0):
        n, dt = x.shape[1], x.dtype
        if n < m:
            return _run(direct, x, z0)
        bx, ax = b.to(dt), a.to(dt)
        s0 = None if z0 is None else torch.cat((z0, z0.new_zeros(z0.shape[0], mw)), dim=1)
        y = _run(folded, x, s0)[0]
        if refine:  # one step of iterative refinement: y -= (a * y - u) / A_f
            u = _fir(bx, x)
            if z0 is not None:
                u = u + torch.nn.functional.pad(z0, (0, n - m))
            y = y - _run(poles, _fir(ax, y) - u, None)[0]
        return y, tail_states(bx, ax, x, y, xp=array_namespace(x))

    return run_poles


# -- public filters -----------------------------------------------------------------------
def _ba(b, a, dt):
    return normalise_ba(b, a, _wide(dt), xp=array_namespace(b))


def _plan(b, a, dt):
    """The block-scan lfilter run ``(rows, z0) -> (y, zf)`` for data of dtype `dt`.

    A real filter stays real on complex data: a real (b, a) factored as complex
    coefficients loses its conjugate-pair structure (wrong values, or NaN); the
    real and imaginary parts of the data go through the real system instead, as
    one batch of rows.
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
    host = sequential.views(b, a, x, zi)
    if host is not None:
        hb, ha, hx, hzi = host
        if (out := sequential.lfilter(hb, ha, hx, axis, hzi)) is not None:
            return out
    kernel("block scan")
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
    host = sequential.views(sos, x, zi)
    if host is not None:
        hsos, hx, hzi = host
        if (out := sequential.sosfilt(hsos, hx, axis, hzi)) is not None:
            return out
    kernel("block scan")
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
    host = sequential.views(b, a, x)
    if host is not None:
        options = {"padtype": padtype, "padlen": padlen, "method": method, "irlen": irlen}
        if (y := sequential.filtfilt(*host, axis, options)) is not None:  # b, a, x
            return y
    kernel("block scan")
    return filtfilt_with(_plan, b, a, x, axis, padtype, padlen, method, irlen)


def _sos_run(sos, dt):
    """``run(rows, z0) -> (y, zf)`` for sosfilt, states of all sections side by side.

    Rows holding NaN or inf go section by section through the causal lfilter
    (see ``causal_rows``), as SciPy's recursion would treat them.
    """
    system = functools.cache(lambda: _system_sos(sos.to(_wide(dt))))

    def run(rows, z0):
        if bool(torch.isfinite(rows.sum())) or bool(torch.isfinite(rows).all()):
            return _run(system(), rows, z0)
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
    host = sequential.views(sos, x)
    if host is not None:
        options = {"padtype": padtype, "padlen": padlen}
        if (y := sequential.sosfiltfilt(*host, axis, options)) is not None:
            return y
    kernel("block scan")
    return sosfiltfilt_with(_sosfilt_plan, sos, x, axis, padtype, padlen)
