"""The block-parallel linear recurrence behind the portable IIR filters.

A filter is a state space ``w[k+1] = A w[k] + B x[k]``, ``y[k] = C w[k] + D x[k]``
whose state relates to SciPy's (transposed direct form II) ``zi``/``zf`` by
``z = S w`` and ``w = Si z``. The signal is cut into blocks of ``L`` samples;
ONE matrix product ``x_blk @ [T' | G]`` gives every block's zero-state output
(``T`` the Toeplitz matrix of the impulse response) and its zero-state end state
(``G`` the columns ``A^(L-1-j) B``). The states at the block starts follow from
the recurrence ``u[k+1] = A^L u[k] + e[k]``, solved by the same blocking one
level up (groups of ``_GROUP`` blocks with the powers of ``A^L``, then of
``A^(L g)``, ...) until one group remains: a loop over log_g(blocks) levels,
never over samples or blocks. Then ``y_blk += u @ Obs'`` (rows ``C A^k``).

Real filters with known coefficients get their kernels on the host in 80-digit
decimal arithmetic, once: :class:`_Kernels` objects live in a small thread-safe
LRU keyed on the coefficients' bytes and the block size, and keep their device
copies per library, device and dtype. (Float64 powers of a matrix with poles
near z = 1 lose digits fast; exact kernels rounded once do not.) The systems,
in bases chosen for the device's rounding:

- `sosfilt`: up to ``_SECTIONS`` sections as ONE system (the cascade, one pass
  over the data), each section in a modal basis (a scaled rotation for complex
  poles, a triangle for real ones) whose powers stay bounded where a companion
  matrix's grow like k (poles close together near z = 1);
- `lfilter` of order <= 2: one such section; FIR filters: SciPy's own transposed
  direct form, a shift system (exact in any arithmetic);
- `lfilter` of order 2 < m <= ``_FOLDED``: one system of state 2m, the FIR part
  ``u = b * x`` in SciPy's form (its state is SciPy's ``zi``) followed by modal
  all-pole sections built from the exact roots of `a` (Aberth's iteration in
  decimal arithmetic), checked against the exact recurrence;
- higher orders: the FIR pass, then the all-pole sections (one pass per
  ``_SECTIONS``); where the roots fail their check, all-pole sections factored
  in float64 and one step of iterative refinement with the exact `a`
  (:func:`_refined`).

Complex coefficients and traced ones (``jax.jit``) build the kernels of SciPy's
companion system on the device by doubling, every call (:class:`_DeviceKernels`).

Everything here works on rows ``(batch, N)``; the public functions in ``_iir``
validate their arguments and move the filtered axis last.
"""

import collections
import decimal
import functools
import threading

import array_api_compat.numpy as xnp
import numpy as np
import scipy.signal
from array_api_compat import device

from .arrays import is_concrete, np_dtype, to_host

# Samples per block (powers of two). A sample costs about 2 (L + m) + 2 m multiply-adds
# plus 2 (g + 1) m^2 / L in the scan: measured on NumPy (OpenBLAS, float64 and float32),
# 32 is fastest up to a state of 8 (`sosfilt` of 4 sections per pass, `lfilter` of
# order <= 8), 64 above; shorter signals take the next power of two.
_BLOCK = 32
_BLOCK_WIDE = 64  # for states above 8
_MIN_BLOCK = 8
_GROUP = 8  # blocks per group at the upper levels of the scan
_SECTIONS = 8  # second-order sections run as one system (a state of 16)
_FOLDED = 8  # highest lfilter order run as one system (a state of 2 m)
_MAX_ORDER = 16  # highest FIR order with host kernels (above: exact device kernels)
_MAX_ROOTS = 48  # highest lfilter order run from exact roots (above: refinement)
_PREC = 80  # decimal digits of the host kernels
_PRODUCT = 1 << 18  # multiply-adds per matrix product, at most (see _product)
_SHORT_ROWS = 64  # rows of fewer blocks than this are padded to whole blocks (see _run)
_CACHE_SIZE = 64


# -- exact host arithmetic (decimal numbers in NumPy object arrays) --------------------------
def _context():
    return decimal.localcontext(decimal.Context(prec=_PREC))


def _dec(values):
    """Float values (or decimals, kept) as an object array of exact decimals."""
    flat = [v if isinstance(v, decimal.Decimal) else decimal.Decimal(float(v)) for v in values]
    return np.array(flat, dtype=object)


def _zeros(*shape):
    return np.full(shape, decimal.Decimal(0), dtype=object)


def _eye(m):
    out = _zeros(m, m)
    for i in range(m):
        out[i, i] = decimal.Decimal(1)
    return out


def _float(values):
    """Decimals rounded to float64 (``float()`` of a decimal rounds correctly)."""
    return np.asarray(values, dtype=object).astype(np.float64)


def _inverse(M):
    """Inverse of a square decimal matrix (Gauss-Jordan, partial pivoting); None if singular."""
    m = M.shape[0]
    W = np.concatenate((M.copy(), _eye(m)), axis=1)
    for c in range(m):
        p = max(range(c, m), key=lambda r: abs(W[r, c]))
        if W[p, c] == 0:
            return None
        W[[c, p]] = W[[p, c]]
        W[c] = W[c] / W[c, c]
        for r in range(m):
            if r != c and W[r, c] != 0:
                W[r] = W[r] - W[r, c] * W[c]
    return W[:, m:]


# -- realisations (A, B, C, D, S, Si): z_scipy = S w, w = Si z_scipy (None: identity) ----------
def _section(b, a):
    """One real section (taps b, a of length 2 or 3, ``a[0] == 1``) in a modal basis.

    Its transposed-direct-form-II (companion) matrix nearly is a Jordan block
    when the poles sit close together near z = 1, and its powers then grow like
    k: a scaled rotation (complex poles sigma +- i omega) or a triangle with a
    small coupling (real poles) keeps them bounded. Where that basis would be
    badly conditioned itself (almost equal complex poles), the companion stays.
    """
    A, B, C, D, _, _ = _companion(b, a)
    if len(a) != 3:
        return A, B, C, D, None, None
    a = _dec(a)
    one, zero = decimal.Decimal(1), decimal.Decimal(0)
    h = a[1] / 2
    disc = h * h - a[2]
    if disc < 0:
        w = (-disc).sqrt()
        if w <= max(one, abs(h)) * decimal.Decimal(2) ** -20:
            return A, B, C, D, None, None
        S = np.array([[one, zero], [h, w]], dtype=object)
        Si = np.array([[one, zero], [-h / w, one / w]], dtype=object)
    else:
        root = disc.sqrt()
        p = -h - root if h >= 0 else -h + root
        q = a[2] / p if p != 0 else zero
        c = max(abs(p - q), one - max(abs(p), abs(q)), decimal.Decimal(2) ** -10)
        S = np.array([[one, zero], [-q, c]], dtype=object)
        Si = np.array([[one, zero], [q / c, one / c]], dtype=object)
    return Si @ A @ S, Si @ B, C @ S, D, S, Si


def _series(parts):
    """Systems (A, B, C, D, S, Si) in series: one system, its state the stacked states."""

    def diag(X, Y, m, ms):
        X = _eye(m) if X is None else X
        Y = _eye(ms) if Y is None else Y
        top = np.concatenate((X, _zeros(m, ms)), axis=1)
        return np.concatenate((top, np.concatenate((_zeros(ms, m), Y), axis=1)), axis=0)

    A, B, C, D, S, Si = parts[0]
    for As, Bs, Cs, Ds, Ss, Sis in parts[1:]:  # a loop over the sections
        m, ms = A.shape[0], As.shape[0]
        top = np.concatenate((A, _zeros(m, ms)), axis=1)
        A = np.concatenate((top, np.concatenate((np.outer(Bs, C), As), axis=1)), axis=0)
        B = np.concatenate((B, Bs * D))
        C = np.concatenate((Ds * C, Cs))
        D = Ds * D
        if S is not None or Ss is not None:
            S, Si = diag(S, Ss, m, ms), diag(Si, Sis, m, ms)
    return A, B, C, D, S, Si


def _companion(b, a):
    """SciPy's transposed direct form II of b, a (``a[0] == 1``): its own basis."""
    m = len(a) - 1
    b, a = _dec(b), _dec(a)
    A = _zeros(m, m)
    A[:, 0] = -a[1:]
    for i in range(m - 1):
        A[i, i + 1] = decimal.Decimal(1)
    C = _zeros(m)
    C[0] = decimal.Decimal(1)
    return A, b[1:] - a[1:] * b[0], C, b[0], None, None


def _markov(b, a, count):
    """The first `count` samples of the impulse response of b / a, exactly (decimals)."""
    h = []
    for k in range(count):
        v = b[k] if k < len(b) else decimal.Decimal(0)
        for j in range(1, min(k, len(a) - 1) + 1):
            v -= a[j] * h[k - j]
        h.append(v)
    return h


def _matches(system, b, a):
    """Whether the system's first 2m + 3 Markov parameters are those of b / a (to 1e-40)."""
    A, B, C, D, _, _ = system
    h = _markov(b, a, 2 * (len(a) - 1) + 3)
    size = max(abs(v) for v in h)
    v, err = B, abs(D - h[0])
    for k in range(1, len(h)):
        err = max(err, abs(C @ v - h[k]))
        v = A @ v
    return size > 0 and err <= size * decimal.Decimal(10) ** (-(_PREC // 2))


def _roots(a):
    """Roots (re, im) of the real polynomial `a` (decimals) by Aberth's iteration, or None.

    Started a little off NumPy's roots (which coincide for some clusters); the
    caller checks the factors it builds against the exact recurrence.
    """
    m = len(a) - 1
    start = np.roots(_float(a))
    if start.shape[0] != m or not np.all(np.isfinite(start)):
        return None
    start = start + 1e-8 * (1 + np.abs(start)) * np.exp(1j * np.arange(1, m + 1))
    z = [(decimal.Decimal(float(v.real)), decimal.Decimal(float(v.imag))) for v in start]
    zero, one = decimal.Decimal(0), decimal.Decimal(1)

    def mul(u, v):
        return (u[0] * v[0] - u[1] * v[1], u[0] * v[1] + u[1] * v[0])

    def div(u, v):
        d = v[0] * v[0] + v[1] * v[1]
        return ((u[0] * v[0] + u[1] * v[1]) / d, (u[1] * v[0] - u[0] * v[1]) / d)

    tol = decimal.Decimal(10) ** (15 - _PREC)
    for _ in range(200):  # Aberth-Ehrlich sweeps (Gauss-Seidel) over the m roots
        step = zero
        for i in range(m):
            p, dp = (a[0], zero), (zero, zero)
            for c in a[1:]:  # Horner's scheme for the polynomial and its derivative
                dp = mul(dp, z[i])
                dp = (dp[0] + p[0], dp[1] + p[1])
                p = mul(p, z[i])
                p = (p[0] + c, p[1])
            s = (zero, zero)
            for j in range(m):
                if j != i:
                    d = (z[i][0] - z[j][0], z[i][1] - z[j][1])
                    if d == (zero, zero):
                        return None
                    r = div((one, zero), d)
                    s = (s[0] + r[0], s[1] + r[1])
            if dp == (zero, zero):
                return None
            ratio = div(p, dp)
            den = mul(ratio, s)
            den = (one - den[0], -den[1])
            if den == (zero, zero):
                return None
            w = div(ratio, den)
            z[i] = (z[i][0] - w[0], z[i][1] - w[1])
            step = max(step, (abs(w[0]) + abs(w[1])) / (1 + abs(z[i][0]) + abs(z[i][1])))
        if step < tol:
            break
    return z


def _all_pole(a):
    """1 / a (real decimals, order m) as modal sections in series, or None.

    Complex roots pair with their conjugates, real ones in sorted order; an odd
    one out is a first-order section. The product is checked by the caller.
    """
    roots = _roots(a)
    if roots is None:
        return None
    tol = decimal.Decimal(10) ** (-(_PREC // 3))
    one, zero = decimal.Decimal(1), decimal.Decimal(0)
    reals, pairs, below = [], [], 0
    for re, im in roots:
        if abs(im) <= tol * (1 + abs(re)):
            reals.append(re)
        elif im > 0:
            pairs.append((re, im))
        else:
            below += 1
    if below != len(pairs):
        return None
    reals.sort()
    taps = [((one, zero, zero), (one, -2 * re, re * re + im * im)) for re, im in pairs]
    for p, q in zip(reals[::2], reals[1::2], strict=False):
        taps.append(((one, zero, zero), (one, -(p + q), p * q)))
    if len(reals) % 2:
        taps.append(((one, zero), (one, -reals[-1])))
    return [_section(bs, as_) for bs, as_ in taps]


def _folded(b, a):
    """The filter b / a (real, order m > 2) as ONE system: FIR part, all-pole sections.

    ``u = b * x`` runs in transposed direct form II, whose state is SciPy's
    ``zi`` itself (SciPy's initial state enters ``u`` as impulses); ``y = u / a``
    through modal sections from the exact roots of `a`. The state (2m: the FIR's
    m, the sections' m) starts at ``(zi, 0)``; SciPy's final state is the one
    with the same response to zero input, ``z = Obs_t^-1 Obs w`` (first m rows
    of the observability matrices). None where the roots or the check fail.
    """
    m = len(a) - 1
    b, a = _dec(b), _dec(a)
    poles = _all_pole(a)
    if poles is None:
        return None
    fir = _companion(b, [decimal.Decimal(1)] + [decimal.Decimal(0)] * m)
    A, B, C, D, _, _ = _series([fir, *poles])
    if not _matches((A, B, C, D, None, None), b, a):
        return None
    At, _, _, _, _, _ = _companion(b, a)
    obs, obs_t = [C], [_zeros(m)]
    obs_t[0][0] = decimal.Decimal(1)
    for _ in range(m - 1):
        obs.append(obs[-1] @ A)
        obs_t.append(obs_t[-1] @ At)
    Oi = _inverse(np.stack(obs_t, axis=0))  # unit lower triangular: always invertible
    Si = np.concatenate((_eye(m), _zeros(m, m)), axis=0)
    return A, B, C, D, Oi @ np.stack(obs, axis=0), Si


# -- kernels ---------------------------------------------------------------------------------
def _group_kernels(pwT, g, *, xp):
    """Scan kernels from the transposed powers ``pwT`` (g + 1, m, m) of P = A^(L g^j).

    ``KW`` (g m, g m + m) maps a group's inputs to its states from a zero start
    (block (l, i): ``P^(i-1-l)'`` for l < i) and to its end state (last block
    column: ``P^(g-1-l)'``); ``Q`` (m, g m) maps the group's start state to them.
    """
    m = pwT.shape[1]
    dev = device(pwT)
    j = xp.arange(g, device=dev)
    lag = xp.reshape(j, (1, g)) - 1 - xp.reshape(j, (g, 1))  # [l, i] = i - 1 - l
    blocks = xp.take(pwT, xp.reshape(xp.clip(lag, 0, g), (-1,)), axis=0)
    blocks = xp.reshape(blocks, (g, g, m, m))
    keep = xp.reshape(lag >= 0, (g, g, 1, 1))
    blocks = xp.where(keep, blocks, xp.zeros_like(blocks))
    K = xp.reshape(xp.permute_dims(blocks, (0, 2, 1, 3)), (g * m, g * m))
    ends = xp.reshape(xp.flip(pwT[:g, ...], axis=0), (g * m, m))
    Q = xp.reshape(xp.permute_dims(pwT[:g, ...], (1, 0, 2)), (m, g * m))
    return xp.concat((K, ends), axis=1), Q


def _toeplitz(h, L, *, xp):
    """``WT[j, i] = h[i - j]`` for i >= j, else 0 (L, L): block inputs to block outputs."""
    dev = device(h)
    lag = xp.reshape(xp.arange(L, device=dev), (1, L)) - xp.reshape(
        xp.arange(L, device=dev), (L, 1)
    )
    T = xp.reshape(xp.take(h, xp.reshape(xp.clip(lag, 0, L - 1), (-1,))), (L, L))
    return xp.where(lag >= 0, T, xp.zeros_like(T))


class _Kernels:
    """Block kernels of one real system, exact to float64 rounding, made on the host.

    ``WT`` (L, L + m) = [T' | G], ``OT`` (m, L), ``ST``/``SiT`` the basis maps
    (None: SciPy's basis); the scan levels and the powers ``A^r`` for the final
    state are made on first use. Device copies (:meth:`on`) are kept per
    library, device and dtype. Thread-safe: additions run under a lock.
    """

    def __init__(self, system, L):
        with _context():
            A, B, C, D, S, Si = system
            m = A.shape[0]
            AkB, CAk = [B], [C]
            for _ in range(L - 1):  # kernel construction: a loop over the block, not the data
                AkB.append(A @ AkB[-1])
                CAk.append(CAk[-1] @ A)
            h = [D] + [C @ v for v in AkB[:-1]]
            self._pow2 = [A]  # A^(2^i), up to A^L
            while 1 << (len(self._pow2) - 1) < L:
                self._pow2.append(self._pow2[-1] @ self._pow2[-1])
        self.m, self.L, self._xnp = m, L, xnp
        WT = np.empty((L, L + m))
        WT[:, :L] = _toeplitz(_float(h), L, xp=xnp)
        WT[:, L:] = _float(np.stack(AkB[::-1], axis=0))
        self.host = {
            "WT": WT,
            "OT": _float(np.stack(CAk, axis=1)),
            "ST": None if S is None else _float(S).T.copy(),
            "SiT": None if Si is None else _float(Si).T.copy(),
        }
        P = self._pow2[-1]
        self.nilpotent = not any(v != 0 for v in P.ravel())  # FIR: A^L == 0
        self._P = [P]  # exact P_j = A^(L g^j) of the scan levels
        self._levels = []  # host (KW, Q) per level
        self._powers = {}  # r -> host (A^r)'
        self._devices = {}
        self._lock = threading.Lock()

    def level(self, j):
        with self._lock:
            while len(self._levels) <= j:
                with _context():
                    pw = [_eye(self.m), self._P[-1]]
                    for _ in range(_GROUP - 1):
                        pw.append(pw[-1] @ self._P[-1])
                    self._P.append(pw[-1])
                pwT = np.stack([_float(p).T for p in pw], axis=0)
                self._levels.append(_group_kernels(pwT, _GROUP, xp=self._xnp))
            return self._levels[j]

    def power(self, r):
        with self._lock:
            if r not in self._powers:
                with _context():
                    out = None
                    for i, p in enumerate(self._pow2):
                        if r >> i & 1:
                            out = p if out is None else out @ p
                self._powers[r] = _float(out).T.copy()
            return self._powers[r]

    def on(self, xp, dtype, dev):
        """The kernels as arrays of `xp` on `dev` with dtype `dtype` (cached)."""
        key = (getattr(xp, "__name__", repr(xp)), str(dev), str(dtype))
        with self._lock:
            found = self._devices.get(key)
        if found is None:
            found = _OnDevice(self, xp, np_dtype(dtype, xp=xp), dev)
            with self._lock:
                found = self._devices.setdefault(key, found)
        return found


class _OnDevice:
    """A :class:`_Kernels` on one library, device and dtype; levels and powers on demand."""

    def __init__(self, kernels, xp, dtype, dev):
        self._k, self._xp, self._dt, self._dev = kernels, xp, dtype, dev
        self.m, self.L, self.nilpotent = kernels.m, kernels.L, kernels.nilpotent
        put = self._put
        self.WT, self.OT = put(kernels.host["WT"]), put(kernels.host["OT"])
        self.ST = None if kernels.host["ST"] is None else put(kernels.host["ST"])
        self.SiT = None if kernels.host["SiT"] is None else put(kernels.host["SiT"])
        self._levels, self._powers = [], {}
        self._lock = threading.Lock()

    def _put(self, v):
        return self._xp.asarray(np.ascontiguousarray(v, dtype=self._dt), device=self._dev)

    def level(self, j):
        with self._lock:
            while len(self._levels) <= j:
                KW, Q = self._k.level(len(self._levels))
                self._levels.append((self._put(KW), self._put(Q)))
            return self._levels[j]

    def power(self, r):
        with self._lock:
            if r not in self._powers:
                self._powers[r] = self._put(self._k.power(r))
            return self._powers[r]


class _DeviceKernels:
    """Kernels of the companion system of b, a built on their device by doubling.

    For complex coefficients and traced ones (under ``jax.jit``, no host values),
    and FIR filters of high order (shift matrices: exact in any arithmetic).
    Made on every call, never cached.
    """

    ST = SiT = None

    def __init__(self, b, a, L, *, nilpotent=False, xp):
        m = a.shape[0] - 1
        dev = device(a)
        e0 = xp.reshape(xp.eye(1, m, dtype=a.dtype, device=dev), (1, m))
        A = xp.eye(m, k=1, dtype=a.dtype, device=dev) - xp.reshape(a[1:], (m, 1)) * e0
        B = b[1:] - a[1:] * b[0]
        K, Obs, pows = xp.reshape(B, (m, 1)), e0, [A]
        while K.shape[1] < L:  # columns A^k B and rows e0 A^k, doubling
            K = xp.concat((K, pows[-1] @ K), axis=1)
            Obs = xp.concat((Obs, Obs @ pows[-1]), axis=0)
            pows.append(pows[-1] @ pows[-1])
        K, Obs = K[:, :L], Obs[:L, :]
        h = xp.concat((b[:1], K[0, : L - 1]))
        self.WT = xp.concat((_toeplitz(h, L, xp=xp), xp.flip(K, axis=1).T), axis=1)
        self.OT = Obs.T
        self.m, self.L, self._xp, self._pow2, self._P = m, L, xp, pows, [pows[-1]]
        self.nilpotent = nilpotent  # a FIR with L >= m: A^L == 0
        self._levels = []

    def level(self, j):
        xp = self._xp
        while len(self._levels) <= j:
            P = self._P[-1]
            pw = [xp.eye(self.m, dtype=P.dtype, device=device(P)), P]
            for _ in range(_GROUP - 1):
                pw.append(pw[-1] @ P)
            self._P.append(pw[-1])
            pwT = xp.stack([p.T for p in pw], axis=0)
            self._levels.append(_group_kernels(pwT, _GROUP, xp=xp))
        return self._levels[j]

    def power(self, r):
        out = None
        for i, p in enumerate(self._pow2):
            if r >> i & 1:
                out = p if out is None else out @ p
        return out.T


_CACHE: collections.OrderedDict = collections.OrderedDict()
_CACHE_LOCK = threading.Lock()
_FAILED = object()  # a filter whose folded system failed its check


def _cached(key, build):
    """The kernels under `key` from a small LRU, built (outside the lock) when missing."""
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
    if found is None:
        found = build()
        found = _FAILED if found is None else found
        with _CACHE_LOCK:
            found = _CACHE.setdefault(key, found)
            _CACHE.move_to_end(key)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return None if found is _FAILED else found


def _sos_kernels(sos, L):
    """Kernels of real sections sos (n <= _SECTIONS, 6) in series (host float64 values)."""
    sos = np.ascontiguousarray(sos, dtype=np.float64)

    def build():
        with _context():
            return _Kernels(_series([_section(s[:3], s[3:]) for s in sos]), L)

    return _cached(("sos", sos.shape, sos.tobytes(), L), build)


def _ba_kernels(b, a, L):
    """Kernels of real b, a (host float64, normalised) in one system, or None.

    FIR filters: their own transposed direct form; order <= 2: a modal section;
    order <= _FOLDED: :func:`_folded`. None above, or where the check fails.
    """
    b = np.ascontiguousarray(b, dtype=np.float64)
    a = np.ascontiguousarray(a, dtype=np.float64)
    m = a.shape[0] - 1

    def build():
        with _context():
            if not np.any(a[1:] != 0):
                system = _companion(b, a)
            elif m <= 2:
                system = _section(b, a)
            elif m <= _FOLDED:
                system = _folded(b, a)
            else:
                system = None
            return None if system is None else _Kernels(system, L)

    return _cached(("ba", b.tobytes(), a.tobytes(), L), build)


def _all_pole_kernels(a, L):
    """Kernels of 1 / a (real, host float64) from its exact roots, or None.

    A tuple of kernels, one per ``_SECTIONS`` sections (one pass each).
    """
    a = np.ascontiguousarray(a, dtype=np.float64)

    def build():
        with _context():
            sections = _all_pole(_dec(a))
            if sections is None or not _matches(_series(sections), _dec([1.0]), _dec(a)):
                return None
            chunks = range(0, len(sections), _SECTIONS)
            return tuple(_Kernels(_series(sections[i : i + _SECTIONS]), L) for i in chunks)

    return _cached(("all-pole", a.tobytes(), L), build)


def _block(n, m):
    """Samples per block for n samples through a state of m (FIR: up to 128 for long ones)."""
    L = _BLOCK if m <= 8 else max(_BLOCK_WIDE, min(128, 1 << (m - 1).bit_length()))
    return L if n >= L else max(_MIN_BLOCK, 1 << (n - 1).bit_length())


# -- the block-parallel recurrence -----------------------------------------------------------
def _rows_per_product(rows, work):
    """A divisor of `rows` up to ``_PRODUCT / work`` (at least 4), or 0: one product."""
    top = _PRODUCT // work
    if rows <= top or top < 4:
        return 0
    for c in range(top, max(3, top // 8), -1):  # shape bookkeeping on the host
        if rows % c == 0:
            return c
    return 0


def _product(a, K, *, xp):
    """``a @ K`` for `a` (..., rows, k), as a stack of products of <= _PRODUCT multiply-adds.

    A stack of matrices is one batched product for torch, JAX and GPUs, and one
    BLAS call per matrix for NumPy, where small products stay on one thread: as
    fast as one large product on an idle machine (measured, OpenBLAS), and 2 to
    10x faster on a busy one, where a threaded product waits for its slowest
    thread (OpenBLAS threads products above 2^18 multiply-adds).
    """
    *lead, rows, k = a.shape
    c = _rows_per_product(rows, k * K.shape[1])
    if not c:
        return a @ K
    out = xp.reshape(a, (*lead, rows // c, c, k)) @ K
    return xp.reshape(out, (*lead, rows, K.shape[1]))


def _scan(dk, e, w0, level, *, xp):
    """States before each step of ``s[j+1] = s[j] @ P' + e[j]`` from ``s[0] = w0``.

    `e` (batch, steps, m), `w0` (batch, m) or None (zeros), P = A^(L g^level).
    Groups of g steps: one product gives the states inside each group from a
    zero start and each group's end state; the group start states are the same
    recurrence with P^g, one level up.
    """
    batch, steps, m = e.shape
    if dk.nilpotent or steps == 1:  # A^L == 0: each block starts from the last one's end state
        first = (
            xp.zeros((batch, 1, m), dtype=e.dtype, device=device(e))
            if w0 is None
            else xp.reshape(w0, (batch, 1, m))
        )
        return xp.concat((first, e[:, : steps - 1, :]), axis=1) if dk.nilpotent else first
    g = _GROUP
    KW, Q = dk.level(level)
    if steps <= g:  # the top level: powers below P^steps only (unstable filters may overflow)
        U = xp.reshape(e, (batch, steps * m)) @ KW[: steps * m, : steps * m]
        if w0 is not None:
            U = U + w0 @ Q[:, : steps * m]
        return xp.reshape(U, (batch, steps, m))
    ng = -(-steps // g)
    per = _PRODUCT // (g * m * (g + 1) * m)  # groups per product (see _product)
    if ng > per >= 4:  # whole products: a few more zero groups (the scan's data is small)
        ng = -(-ng // per) * per
    if ng * g > steps:
        pad = xp.zeros((batch, ng * g - steps, m), dtype=e.dtype, device=device(e))
        e = xp.concat((e, pad), axis=1)
    R = _product(xp.reshape(e, (batch * ng, g * m)), KW, xp=xp)
    V = _scan(dk, xp.reshape(R[:, g * m :], (batch, ng, m)), w0, level + 1, xp=xp)
    U = R[:, : g * m] + _product(xp.reshape(V, (batch * ng, m)), Q, xp=xp)
    return xp.reshape(U, (batch, ng * g, m))[:, :steps, :]


def _run(dk, x, z0, *, xp):
    """Rows x (batch, n) through the kernels `dk` from SciPy's states z0 (batch, m) or None.

    The full blocks are a view of `x`, one matrix of blocks where the rows
    allow; a ragged tail of r < L samples runs as one zero-padded block of its
    own (many short rows: the rows are padded instead, one matrix of blocks).
    Passes over the data: the product with ``[T' | G]``, the start states'
    product with ``Obs'``, one sum (and one concatenation for a ragged tail).
    """
    batch, n = x.shape
    L, m = dk.L, dk.m
    nf, r = divmod(n, L)  # full blocks, samples in the tail
    dev = device(x)
    if r and batch > 1 and nf < _SHORT_ROWS:  # short rows: pad them all, one matrix
        x = xp.concat((x, xp.zeros((batch, L - r), dtype=x.dtype, device=dev)), axis=1)
        padded, (nf, r) = n, (nf + 1, 0)
    else:
        padded = None
    w0 = z0 if z0 is None or dk.SiT is None else z0 @ dk.SiT
    parts = []  # block outputs and end states: (batch, blocks, L + m)
    if nf:
        full = x[:, : nf * L]
        if r == 0 or batch == 1:  # a view as one matrix of blocks
            P = _product(xp.reshape(full, (batch * nf, L)), dk.WT, xp=xp)
            parts.append(xp.reshape(P, (batch, nf, L + m)))
        else:  # a stack of matrices, one per row
            parts.append(_product(xp.reshape(full, (batch, nf, L)), dk.WT, xp=xp))
    if r:
        zeros = xp.zeros((batch, L - r), dtype=x.dtype, device=dev)
        tail = xp.concat((x[:, nf * L :], zeros), axis=1)
        parts.append(xp.reshape(tail @ dk.WT, (batch, 1, L + m)))
    nb = nf + (r > 0)
    e = parts[0][:, :, L:] if len(parts) == 1 else xp.concat([p[:, :, L:] for p in parts], axis=1)
    u = None  # states at the block starts, (batch, nb, m)
    if nb > 1:
        u = _scan(dk, e, w0, 0, xp=xp)
    elif w0 is not None:
        u = xp.reshape(w0, (batch, 1, m))
    out = []
    if nf:
        Y = xp.reshape(parts[0][:, :, :L], (batch * nf, L))
        if u is not None:
            Yu = _product(xp.reshape(u[:, :nf, :], (batch * nf, m)), dk.OT, xp=xp)
            Yu += Y  # in place: one array less to write (a rebinding where unsupported)
            Y = Yu
        out.append(xp.reshape(Y, (batch, nf * L)))
    if r:
        Y = parts[-1][:, 0, :r]
        if u is not None:
            Y = Y + u[:, -1, :] @ dk.OT[:, :r]
        out.append(Y)
    y = out[0] if len(out) == 1 else xp.concat(out, axis=1)
    # the final state: the last block's start state advanced over its samples
    if padded is not None:
        y, x, n, r = y[:, :padded], x[:, :padded], padded, padded - (nf - 1) * L
    k = r or L
    last = e[:, -1, :] if k == L else x[:, n - k :] @ dk.WT[L - k :, L:]
    if u is not None:
        last = last + u[:, -1, :] @ dk.power(k)
    return y, (last if dk.ST is None else last @ dk.ST)


def _finite(x, *, xp):
    """Whether `x` holds only finite values; True for a traced `x` (no values yet)."""
    with np.errstate(all="ignore"):  # a sum that overflows only sends us to the full check
        ok = xp.isfinite(xp.sum(x))
    if not is_concrete(ok) or bool(ok):
        return True
    return bool(xp.all(xp.isfinite(x)))


def _real_host(*coefficients):
    """Host float64 copies of concrete real coefficients, or None (complex or traced).

    None too for coefficients that carry a gradient (torch's ``requires_grad``):
    host kernels would cut them off the graph, device kernels keep them on it.
    """
    if not all(is_concrete(c) and not getattr(c, "requires_grad", False) for c in coefficients):
        return None
    host = [to_host(c) for c in coefficients]
    if any(np.iscomplexobj(h) and np.any(np.imag(h) != 0) for h in host):
        return None
    return [np.real(h).astype(np.float64) for h in host]


def _lfilter_run(b, a, x, z0, *, xp):
    """Lfilter of rows x (batch, n) by normalised b, a from SciPy's states z0 or None."""
    m, (batch, n) = a.shape[0] - 1, x.shape
    if m == 0:
        zf = xp.zeros((batch, 0), dtype=x.dtype, device=device(x)) if z0 is None else z0
        return b[0] * x, zf
    if n == 0:
        return x, (xp.zeros((batch, m), dtype=x.dtype, device=device(x)) if z0 is None else z0)
    host = _real_host(b, a)
    if host is not None:
        bh, ah = host
        fir = not np.any(ah[1:] != 0)
        L = _block(n, m)
        if fir and m > _MAX_ORDER:  # shift matrices: the device kernels are exact
            return _run(_DeviceKernels(b, a, L, nilpotent=m <= L, xp=xp), x, z0, xp=xp)
        kernels = _ba_kernels(bh, ah, L) if fir or m <= _FOLDED else None
        if kernels is not None:
            return _run(kernels.on(xp, x.dtype, device(x)), x, z0, xp=xp)
        if n >= m:
            poles = _all_pole_kernels(ah, _block(n, 2 * _SECTIONS)) if m <= _MAX_ROOTS else None
            if poles is None:
                return _refined(ah, b, a, x, z0, xp=xp)
            # two passes: u = b * x from SciPy's state (its impulses), then y = u / a
            delta = xp.astype(xp.eye(1, m + 1, device=device(x))[0, :], x.dtype)
            y = _lfilter_run(b, delta, x, z0, xp=xp)[0]
            for k in poles:  # a loop over groups of sections
                y = _run(k.on(xp, x.dtype, device(x)), y, None, xp=xp)[0]
            return y, tail_states(b, a, x, y, xp=xp)
    return _run(_DeviceKernels(b, a, _block(n, m), xp=xp), x, z0, xp=xp)


def _cascade(sos, rows, z0, *, xp):
    """Rows through real sections `sos` (host, n_sections x 6), up to _SECTIONS per pass.

    `z0` is (batch, 2 n_sections) in SciPy's layout or None; returns y and zf.
    """
    zf = []
    for start in range(0, sos.shape[0], _SECTIONS):  # a loop over groups of sections
        chunk = sos[start : start + _SECTIONS]
        L = _block(rows.shape[1], 2 * chunk.shape[0])
        k = _sos_kernels(chunk, L).on(xp, rows.dtype, device(rows))
        z = None if z0 is None else z0[:, 2 * start : 2 * start + k.m]
        rows, z = _run(k, rows, z, xp=xp)
        zf.append(z)
    return rows, xp.concat(zf, axis=1)


def _refined(ah, b, a, x, z0, *, xp):
    """Lfilter of high order by all-pole sections and one step of iterative refinement.

    For denominators whose exact roots fail (or above ``_MAX_ROOTS``): u = b * x
    (+ z0 as impulses), y = u / A through second-order all-pole sections
    factored in float64, then y -= (a * y - u) / A with the exact `a`. This
    matches a direct-form recursion to its own rounding; the final states
    follow from the last m inputs and outputs (n >= m).
    """
    m, (batch, n) = ah.shape[0] - 1, x.shape
    poles = scipy.signal.tf2sos(np.ones(1), ah)
    delta = xp.astype(xp.eye(1, m + 1, device=device(x))[0, :], x.dtype)
    u = _lfilter_run(b, delta, x, None, xp=xp)[0]
    if z0 is not None:
        u = u + xp.concat((z0, xp.zeros((batch, n - m), dtype=x.dtype, device=device(x))), axis=1)
    y = _cascade(poles, u, None, xp=xp)[0]
    y = y - _cascade(poles, _lfilter_run(a, delta, y, None, xp=xp)[0] - u, None, xp=xp)[0]
    return y, tail_states(b, a, x, y, xp=xp)


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


# -- the filters on rows ---------------------------------------------------------------------
def lfilter_rows(b, a, x, z0, *, fir=False, xp):
    """Lfilter on rows x (batch, N) with normalised b, a; z0 (batch, m) or None (zeros).

    Causal for NaN and inf, as SciPy's (:func:`causal_rows`); `fir` says that the
    caller's `a` had one coefficient (SciPy convolves then).
    """
    run = functools.partial(_lfilter_run, b, a, xp=xp)
    return causal_rows(run, b, a, x, z0, fir=fir, xp=xp)


def sosfilt_rows(sos, rows, z0, *, xp):
    """Sosfilt on rows (batch, N); z0 a list of (batch, 2) states per section, or None.

    Real sections with known values run as one system per ``_SECTIONS``
    sections; a signal with NaN or inf (or one whose output overflows) runs
    section by section, each causal as SciPy's (:func:`causal_rows`), as do
    complex and traced sections. Returns the rows and the list of final states.
    """
    n_sections = sos.shape[0]
    host = _real_host(sos)
    if host is not None and rows.shape[1] > 0 and _finite(rows, xp=xp):
        zcat = None if z0 is None else xp.concat(list(z0), axis=1)
        y, zf = _cascade(host[0], rows, zcat, xp=xp)
        if _finite(y, xp=xp):
            return y, [zf[:, 2 * s : 2 * s + 2] for s in range(n_sections)]
    zf = []
    for s in range(n_sections):
        b, a = sos[s, :3], sos[s, 3:]
        run = functools.partial(_lfilter_run, b, a, xp=xp)
        rows, z = causal_rows(run, b, a, rows, None if z0 is None else z0[s], xp=xp)
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
