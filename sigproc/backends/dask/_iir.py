"""Dask backend: recursive filters along a chunked time axis, exact.

`sosfilt` and `lfilter` make two parallel passes over the chunks of the time
axis, with a small sequential carry of states between them:

1. each chunk is filtered from the zero state by the chunk's own backend
   (SciPy for NumPy chunks), keeping only its final state ``z_k``;
2. the state at the start of chunk ``k`` is ``s_k = T(L_{k-1}) s_{k-1} +
   z_{k-1}``, with ``T(L)`` the filter's state transition over ``L`` samples of
   zero input (a small matrix computed on the host once per distinct chunk
   length) and ``s_0`` the caller's `zi` (zeros without one): a chain of tiny
   tasks that touch states only;
3. each chunk is filtered again from ``s_k``: the exact output. The final
   state `zf` is the carry's last state.

The state is the whole cascade's (two per section, since a section's
zero-input response feeds the next one). An FIR `lfilter` (``len(a) == 1``)
carries nothing: each chunk is filtered with the ``len(b) - 1`` samples before
it in front (from as many earlier chunks as needed), so a NaN stays local, as
in SciPy. The graph has about three tasks per chunk (FIR: one).

`filtfilt`/`sosfiltfilt` extend the ends lazily from the first and last
`padlen` samples (SciPy's ``odd``, ``even`` and ``constant`` extensions), run
the forward filter from SciPy's steady-state initial conditions, reverse
(lazy slicing), filter, reverse and trim: about ten tasks per chunk.
``method="gust"`` needs the time axis in one chunk. `decimate`'s IIR paths are
these filters then ``[::q]``; its FIR paths (``resample_poly``/``upfirdn``) go
to the portable code on the dask array.

Output chunks: `y` has the chunks of `x` (`decimate`: those of ``y[::q]``).
`zf` of `sosfilt` has shape ``(n_sections, ..., 2, ...)``: the sections and the
state axis one chunk each, the other axes chunked like `x`; `zf` of `lfilter`
has the chunks of `x` with the time axis one chunk of the state length. A `zi`
given as a dask array is rechunked to match `x` along the other axes.

Non-finite values: once a NaN reached the state SciPy's output stays NaN; here
a chunk that starts from a non-finite state is NaN for that row, and earlier
samples are exact. The values of a `zi` given as a dask array are not checked
(that would compute it); a NaN in it spreads as it would in SciPy.
"""

import math
import operator
from itertools import product

import dask.array as da
import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device
from array_api_compat import numpy as xnp
from dask.base import tokenize
from dask.highlevelgraph import HighLevelGraph

from ... import filtering
from ..._core import iir as core
from ..._core.arrays import to_host
from . import implements
from ._tools import require_one_chunk

# Chunk lengths up to this get T(L) by filtering zeros; longer ones by matrix powers.
_DIRECT = 1024


def _is_dask(v):
    return isinstance(v, da.Array)


def _concrete(name, v):
    """A coefficient must be concrete: the graph is planned from its values."""
    if _is_dask(v):
        raise TypeError(
            f"{name} must be a concrete array (NumPy, or the chunks' library), not a dask "
            f"array: the dask backend plans the graph from the coefficients' values "
            f"(call {name}.compute() first)"
        )
    return v


# -- the filters: a state length, a chunk kernel and the state transition -------------
class _Plan:
    """One linear filter: chunk kernel ``run`` and host transition matrices ``T(L)``.

    States travel in a "flat" layout: shaped like the chunk, with the time axis
    of length `m` (for sections: ``2 * s + j`` is state ``j`` of section ``s``).
    """

    m: int
    dt: np.dtype
    _token: object
    _transitions: dict

    def run(self, block, state, ax):  # pragma: no cover - abstract
        raise NotImplementedError

    def _basis_end(self, length):  # pragma: no cover - abstract
        raise NotImplementedError

    def __dask_tokenize__(self):
        return (type(self).__name__, self._token, self.dt.str)

    def transition(self, length):
        """``T(length)`` as an (m, m) NumPy matrix of dtype `dt` (host work, cached)."""
        cache = self._transitions
        if length not in cache:
            if length == 0:
                t = np.eye(self.m)
            elif length <= _DIRECT:
                t = self._basis_end(length)
            else:
                q, r = divmod(length, _DIRECT)
                t = np.linalg.matrix_power(self._basis_end(_DIRECT), q)
                if r:
                    t = t @ self._basis_end(r)
            cache[length] = t.astype(self.dt)
        return cache[length]


class _SosPlan(_Plan):
    def __init__(self, sos, dt):
        self.sos = sos  # the chunks' library, cast to dt
        host = to_host(sos).astype(np.result_type(to_host(sos).dtype, np.float64))
        self.host = host
        self.sections = sos.shape[0]
        self.m = 2 * self.sections
        self.dt = np.dtype(dt)
        self._token = host.tobytes()
        self._transitions = {}

    def _basis_end(self, length):
        s, m = self.sections, self.m
        zi = np.zeros((s, m, 2), dtype=self.host.dtype)
        for j in range(m):
            zi[j // 2, j, j % 2] = 1.0
        _, zf = filtering.sosfilt(self.host, np.zeros((m, length), self.host.dtype), zi=zi)
        # zf[s, j, i]: state (s, i) after `length` samples from basis state j
        return np.transpose(zf, (0, 2, 1)).reshape(m, m)

    def sections_to_flat(self, zf, ax):
        xp = array_namespace(zf)
        z = xp.moveaxis(zf, 0, ax)  # (..., n_sections, 2, ...)
        return xp.reshape(z, (*z.shape[:ax], self.m, *z.shape[ax + 2 :]))

    def flat_to_sections(self, flat, ax):
        xp = array_namespace(flat)
        z = xp.reshape(flat, (*flat.shape[:ax], self.sections, 2, *flat.shape[ax + 1 :]))
        return xp.moveaxis(z, ax, 0)

    def run(self, block, state, ax):
        y, zf = filtering.sosfilt(self.sos, block, axis=ax, zi=self.flat_to_sections(state, ax))
        return y, self.sections_to_flat(zf, ax)


class _BaPlan(_Plan):
    def __init__(self, b, a, dt):
        self.b, self.a = b, a
        hb, ha = to_host(b), to_host(a)
        kind = np.result_type(hb.dtype, ha.dtype, np.float64)
        self.hb, self.ha = hb.astype(kind), ha.astype(kind)
        self.m = max(b.shape[0], a.shape[0]) - 1
        self.fir = a.shape[0] == 1
        self.dt = np.dtype(dt)
        self._token = (self.hb.tobytes(), self.ha.tobytes())
        self._transitions = {}

    def _basis_end(self, length):
        m = self.m
        zeros = np.zeros((m, length), np.result_type(self.hb, self.ha))
        _, zf = filtering.lfilter(self.hb, self.ha, zeros, zi=np.eye(m, dtype=zeros.dtype))
        return zf.T  # column j: the end state from basis state j

    def run(self, block, state, ax):
        if self.m == 0:  # a gain: no state
            return filtering.lfilter(self.b, self.a, block, axis=ax), state
        return filtering.lfilter(self.b, self.a, block, axis=ax, zi=state)


# -- chunk tasks ------------------------------------------------------------------------
def _state_shape(shape, ax, m):
    return (*shape[:ax], m, *shape[ax + 1 :])


def _zeros(meta, shape, dt):
    xp = array_namespace(meta)
    return xp.zeros(shape, dtype=dt, device=device(meta))


def _cast(v, dt):
    xp = array_namespace(v)
    return v if v.dtype == dt else xp.astype(v, dt)


def _free_end(plan, ax, block):
    """Pass 1: the chunk's final state from the zero state."""
    shape = _state_shape(block.shape, ax, plan.m)
    zero = _zeros(block, shape, plan.dt)
    if block.shape[ax] == 0:
        return zero
    return _cast(plan.run(block, zero, ax)[1], plan.dt)


def _carry(t, ax, start, free):
    """The carry: ``T(L) s + z`` along the state axis."""
    xp = array_namespace(start)
    t = xp.asarray(t, device=device(start))
    moved = xp.tensordot(t, start, axes=([1], [ax]))
    return xp.moveaxis(moved, 0, ax) + free


def _filter_from(plan, ax, block, state):
    """Pass 2: the chunk filtered from its exact start state."""
    if block.shape[ax] == 0:
        return _cast(block, plan.dt)
    xp = array_namespace(block)
    finite = xp.isfinite(state)
    if bool(xp.all(finite)):
        return _cast(plan.run(block, state, ax)[0], plan.dt)
    # A NaN reached the state (an earlier NaN in the signal): SciPy's output stays
    # NaN from there; the chunk's backend refuses non-finite states.
    bad = xp.any(xp.logical_not(finite), axis=ax, keepdims=True)
    y = _cast(plan.run(block, xp.where(finite, state, xp.zeros_like(state)), ax)[0], plan.dt)
    return xp.where(bad, xp.asarray(math.nan, dtype=plan.dt, device=device(y)), y)


def _final_state(plan, ax, state):
    """The final state in the public layout (sections first for sosfilt)."""
    return plan.flat_to_sections(state, ax) if isinstance(plan, _SosPlan) else state


def _fir_chunk(plan, ax, halo, zi, before, block, want_state):
    """FIR: the chunk with `halo` samples of the earlier chunks in front.

    `zi` is the caller's state when the halo reaches the first sample, else None
    (the zero state: its effect is over after ``m`` samples of the halo).
    """
    parts = list(before)
    if parts:
        xp = array_namespace(parts[0])
        prev = xp.concat(parts, axis=ax) if len(parts) > 1 else parts[0]
        keep = [slice(None)] * prev.ndim
        keep[ax] = slice(prev.shape[ax] - halo, None)
        parts = [prev[tuple(keep)]]
    if block is not None:
        parts.append(block)
    if not parts:  # no samples at all (or no state): the final state is the initial one
        return zi if zi is None else _cast(zi, plan.dt)
    xp = array_namespace(parts[0])
    ext = xp.concat(parts, axis=ax) if len(parts) > 1 else parts[0]
    state = _zeros(ext, _state_shape(ext.shape, ax, plan.m), plan.dt) if zi is None else zi
    if ext.shape[ax] == 0:
        return state if want_state else _cast(ext, plan.dt)
    y, zf = plan.run(ext, state, ax)
    if want_state:
        return _cast(zf, plan.dt)
    keep = [slice(None)] * y.ndim
    keep[ax] = slice(halo, None)
    return _cast(y[tuple(keep)], plan.dt)


# -- graphs ----------------------------------------------------------------------------
def _blocks(x, ax):
    """Indices of the blocks along the other axes, and a key maker."""
    other = [range(len(c)) for i, c in enumerate(x.chunks) if i != ax]

    def key(name, idx, k):
        return (name, *idx[:ax], k, *idx[ax:])

    return list(product(*other)), key


def _array(name, dsk, deps, chunks, meta):
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=deps)
    return da.Array(graph, name, chunks, meta=meta)


def _state_chunks(x, ax, m, count):
    return tuple((m,) * count if i == ax else c for i, c in enumerate(x.chunks))


def _meta(x, dt):
    xp = array_namespace(x._meta)
    return xp.astype(x._meta, dt)


def _scan(plan, x, ax, s0):
    """IIR: (y, zf) of `x` from the flat start state `s0` (a dask array or None)."""
    tok = tokenize(plan, x.name, None if s0 is None else s0.name, ax)
    lengths = x.chunks[ax]
    count = len(lengths)
    meta = _meta(x, plan.dt)
    rows, key = _blocks(x, ax)
    free, carry, out, last = (f"{w}-{tok}" for w in ("iir-free", "iir-carry", "iir", "iir-zf"))

    dsk_free, dsk_carry, dsk_y, dsk_zf = {}, {}, {}, {}
    for idx in rows:
        for k in range(count):
            dsk_free[key(free, idx, k)] = (_free_end, plan, ax, key(x.name, idx, k))
        if s0 is None:
            shape = tuple(
                plan.m if i == ax else c[j]
                for i, (c, j) in enumerate(zip(x.chunks, (*idx[:ax], 0, *idx[ax:]), strict=True))
            )
            dsk_carry[key(carry, idx, 0)] = (_zeros, meta, shape, plan.dt)
        else:
            dsk_carry[key(carry, idx, 0)] = (_cast, key(s0.name, idx, 0), plan.dt)
        for k in range(1, count + 1):
            t = plan.transition(lengths[k - 1])
            previous, free_end = key(carry, idx, k - 1), key(free, idx, k - 1)
            dsk_carry[key(carry, idx, k)] = (_carry, t, ax, previous, free_end)
        for k in range(count):
            block, state = key(x.name, idx, k), key(carry, idx, k)
            dsk_y[key(out, idx, k)] = (_filter_from, plan, ax, block, state)
        zkey = key(last, idx, 0)
        if isinstance(plan, _SosPlan):  # a leading sections axis
            zkey = (zkey[0], 0, *zkey[1:])
        dsk_zf[zkey] = (_final_state, plan, ax, key(carry, idx, count))

    deps = [x] if s0 is None else [x, s0]
    free_arr = _array(free, dsk_free, [x], _state_chunks(x, ax, plan.m, count), meta)
    carry_arr = _array(
        carry, dsk_carry, [free_arr, *deps[1:]], _state_chunks(x, ax, plan.m, count + 1), meta
    )
    y = _array(out, dsk_y, [x, carry_arr], x.chunks, meta)
    zf_chunks = _state_chunks(x, ax, plan.m, 1)
    if isinstance(plan, _SosPlan):
        zf_chunks = ((plan.sections,), *_state_chunks(x, ax, 2, 1))
    zf = _array(last, dsk_zf, [carry_arr], zf_chunks, meta)
    return y, zf


def _fir(plan, x, ax, zi):
    """FIR lfilter: (y, zf), each chunk with the samples before it in front."""
    tok = tokenize(plan, x.name, None if zi is None else zi.name, ax)
    lengths = x.chunks[ax]
    starts = np.concatenate(([0], np.cumsum(lengths))).tolist()
    n, m = starts[-1], plan.m
    meta = _meta(x, plan.dt)
    rows, key = _blocks(x, ax)
    out, last = f"fir-{tok}", f"fir-zf-{tok}"

    def task(idx, start, block):
        halo = min(m, start)
        # the earlier chunks that hold samples start - halo ... start - 1
        before = [
            key(x.name, idx, j)
            for j in range(len(lengths))
            if starts[j] < start and starts[j + 1] > start - halo and lengths[j]
        ]
        # (with no state, m == 0, the caller's empty zi is also the final state)
        reach = start <= m or (block is None and m == 0)
        zkey = key(zi.name, idx, 0) if zi is not None and reach else None
        return (_fir_chunk, plan, ax, halo, zkey, before, block, block is None)

    dsk_y, dsk_zf = {}, {}
    for idx in rows:
        for k in range(len(lengths)):
            dsk_y[key(out, idx, k)] = task(idx, starts[k], key(x.name, idx, k))
        # zf: the last m samples filtered (from zi when they reach the first sample)
        dsk_zf[key(last, idx, 0)] = task(idx, n, None)
    deps = [x] if zi is None else [x, zi]
    y = _array(out, dsk_y, deps, x.chunks, meta)
    zf = _array(last, dsk_zf, deps, _state_chunks(x, ax, m, 1), meta)
    return y, zf


# -- argument handling -------------------------------------------------------------------
def _namespace(x):
    return array_namespace(x._meta)


def _flat_zi(zi, x, ax, m):
    """A user's state of x's shape (time axis m) as a dask array chunked like x."""
    chunks = _state_chunks(x, ax, m, 1)
    if _is_dask(zi):
        return zi.rechunk(chunks)
    return da.from_array(zi, chunks=chunks)


def _stand_in(v):
    """Shape and dtype of a dask array, for the core's checks (zeros, never its values)."""
    return np.broadcast_to(np.zeros((), v.dtype), v.shape) if _is_dask(v) else v


def _sos_zi(plan, zi, x, ax):
    """Sosfilt's zi (n_sections, ..., 2, ...) as a flat dask state."""
    if _is_dask(zi):
        z = zi.rechunk(((plan.sections,), *_state_chunks(x, ax, 2, 1)))
        z = da.moveaxis(z, 0, ax)
        z = z.reshape((*z.shape[:ax], plan.m, *z.shape[ax + 2 :]))
        return z.rechunk(_state_chunks(x, ax, plan.m, 1))
    return _flat_zi(plan.sections_to_flat(zi, ax), x, ax, plan.m)


@implements(filtering.sosfilt)
def sosfilt(sos, x, axis=-1, zi=None):
    xp = _namespace(x)
    sos = core.check_sos(_concrete("sos", sos), xp=xp)
    ax = core.check_x(x, axis)
    if zi is not None:
        core.check_sos_zi(_stand_in(zi), x, ax, sos.shape[0], xp=xnp if _is_dask(zi) else xp)
    extra = () if zi is None else (zi._meta if _is_dask(zi) else zi,)
    dt = np.dtype(core.filter_dtype(sos, x._meta, *extra, xp=xp))
    plan = _SosPlan(xp.astype(sos, dt), dt)
    s0 = None if zi is None else _sos_zi(plan, zi, x, ax)
    y, zf = _scan(plan, x, ax, s0)
    return y if zi is None else (y, zf)


def _ba_plan(b, a, x, zi, xp):
    b, a = core.check_ba(_concrete("b", b), _concrete("a", a), xp=xp)
    extra = () if zi is None else (zi._meta if _is_dask(zi) else zi,)
    dt = np.dtype(core.filter_dtype(b, a, x._meta, *extra, xp=xp))
    return _BaPlan(b, a, dt)


def _ba_filter(plan, x, ax, s0):
    if plan.fir:
        return _fir(plan, x, ax, s0)
    return _scan(plan, x, ax, s0)


@implements(filtering.lfilter)
def lfilter(b, a, x, axis=-1, zi=None):
    xp = _namespace(x)
    plan = _ba_plan(b, a, x, zi, xp)
    ax = core.check_x(x, axis)
    s0 = None
    if zi is not None:
        if not _is_dask(zi):
            core.check_finite("zi", xp.asarray(zi), xp=xp)
        core.zi_rows(_stand_in(zi), x, ax, plan.m, "zi", xp=xnp if _is_dask(zi) else xp)
        shape = _state_shape(x.shape, ax, plan.m)
        if _is_dask(zi):
            full = da.broadcast_to(zi, shape)
        else:
            full = xp.broadcast_to(xp.asarray(zi), shape)
        s0 = _flat_zi(full, x, ax, plan.m)
    y, zf = _ba_filter(plan, x, ax, s0)
    return y if zi is None else (y, zf)


# -- zero-phase filtering ----------------------------------------------------------------
def _take(x, ax, start=None, stop=None, step=None):
    keep = [slice(None)] * x.ndim
    keep[ax] = slice(start, stop, step)
    return x[tuple(keep)]


def _edge(x, ax, padtype, padlen, ntaps):
    """SciPy's _validate_pad: the edge length and the lazily extended signal."""
    if padtype not in ("even", "odd", "constant", None):
        raise ValueError(
            f"Unknown value {padtype!r} given to padtype; "
            "padtype must be 'even', 'odd', 'constant', or None."
        )
    edge = 0 if padtype is None else (3 * ntaps if padlen is None else operator.index(padlen))
    n = x.shape[ax]
    if n <= edge:
        raise ValueError(
            f"The length of the input vector x must be greater than padlen, which is {edge}."
        )
    if padtype is None or edge <= 0:
        return 0, x
    if padtype == "constant":
        first, last = _take(x, ax, 0, 1), _take(x, ax, n - 1, n)
        left = da.repeat(first, edge, axis=ax)
        right = da.repeat(last, edge, axis=ax)
    else:
        left = _take(x, ax, edge, 0, -1)  # x[edge], ..., x[1]
        right = _take(x, ax, n - 2, n - edge - 2 if n - edge - 2 >= 0 else None, -1)
        if padtype == "odd":
            left = 2 * _take(x, ax, 0, 1) - left
            right = 2 * _take(x, ax, n - 1, n) - right
    return edge, da.concatenate((left, x, right), axis=ax)


def _zero_phase(plan, zi, x, ax, edge, ext):
    """Forward, reverse, forward, reverse, trim: SciPy's filtfilt on the extension."""
    shape = [1] * x.ndim
    shape[ax] = plan.m
    xp = _namespace(x)
    zi = xp.reshape(xp.asarray(zi), tuple(shape))  # the steady state (flat layout)
    n = x.shape[ax]
    y, _ = _ba_or_scan(plan, ext, ax, _flat_zi(zi * _take(ext, ax, 0, 1), ext, ax, plan.m))
    y = _take(y, ax, step=-1)
    y, _ = _ba_or_scan(plan, y, ax, _flat_zi(zi * _take(y, ax, 0, 1), y, ax, plan.m))
    return _take(_take(y, ax, step=-1), ax, edge, edge + n)


def _ba_or_scan(plan, x, ax, s0):
    if isinstance(plan, _BaPlan):
        return _ba_filter(plan, x, ax, s0)
    return _scan(plan, x, ax, s0)


@implements(filtering.filtfilt)
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    if method not in ("pad", "gust"):
        raise ValueError("method must be 'pad' or 'gust'.")
    xp = _namespace(x)
    b, a = core.check_ba(_concrete("b", b), _concrete("a", a), xp=xp)
    ax = core.check_x(x, axis)
    dt = np.dtype(core._inexact(b, a, x._meta, xp=xp))
    if method == "gust":
        ax = require_one_chunk(x, ax, "filtfilt(method='gust')")
        return x.map_blocks(
            _gust,
            dtype=dt,
            meta=_meta(x, dt),
            b=b,
            a=a,
            ax=ax,
            padtype=padtype,
            padlen=padlen,
            irlen=irlen,
        )
    x = x.astype(dt)
    edge, ext = _edge(x, ax, padtype, padlen, max(a.shape[0], b.shape[0]))
    plan = _BaPlan(b, a, dt)
    zi = filtering.lfilter_zi(plan.hb, plan.ha).astype(dt)
    return _zero_phase(plan, zi, x, ax, edge, ext)


def _gust(block, b, a, ax, padtype, padlen, irlen):
    return filtering.filtfilt(
        b, a, block, axis=ax, padtype=padtype, padlen=padlen, method="gust", irlen=irlen
    )


@implements(filtering.sosfiltfilt)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    xp = _namespace(x)
    sos = core.check_sos(_concrete("sos", sos), xp=xp)
    ax = core.check_x(x, axis)
    dt = np.dtype(core._inexact(sos, x._meta, xp=xp))
    host = to_host(sos)
    ntaps = 2 * sos.shape[0] + 1 - min(np.sum(host[:, 2] == 0), np.sum(host[:, 5] == 0))
    x = x.astype(dt)
    edge, ext = _edge(x, ax, padtype, padlen, int(ntaps))
    plan = _SosPlan(xp.astype(sos, dt), dt)
    zi = filtering.sosfilt_zi(host).astype(dt).reshape(-1)  # flat: 2 * s + j
    return _zero_phase(plan, zi, x, ax, edge, ext)


# -- decimation --------------------------------------------------------------------------
def _fir_decimation(x, q, n=None, ftype="iir", axis=-1, zero_phase=True):
    if isinstance(ftype, str) and ftype == "fir":
        return "decimate's FIR path runs resample_poly/upfirdn (portable code)"
    if isinstance(ftype, scipy.signal.dlti) and ftype._as_zpk().poles.shape[0] == 0:
        return "decimate with an FIR dlti system runs resample_poly/upfirdn (portable code)"
    return None


@implements(filtering.decimate, unless=_fir_decimation)
def decimate(x, q, n=None, ftype="iir", axis=-1, zero_phase=True):
    q = operator.index(q)
    n = None if n is None else operator.index(n)
    if q < 1:  # SciPy: ZeroDivisionError for q=0
        raise ValueError(f"q must be a positive integer, got {q}")
    ax = core.check_x(x, axis)
    dt = np.dtype(x.dtype)
    if dt.kind not in "fc" or dt == np.float16:
        dt = np.dtype(np.float64)
    xp = _namespace(x)
    x = x.astype(dt)
    kind, b, a, sos = core._decimation_filter(q, n, ftype, dt)
    if kind == "sos":
        sos = xp.asarray(sos)
        y = sosfiltfilt(sos, x, axis=ax) if zero_phase else sosfilt(sos, x, axis=ax)
    else:
        b, a = xp.asarray(b), xp.asarray(a)
        y = filtfilt(b, a, x, axis=ax) if zero_phase else lfilter(b, a, x, axis=ax)
    return _take(y, ax, step=q)
