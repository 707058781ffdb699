"""SciPy's compiled IIR loops on torch CPU tensors, and the cost model that picks them.

SciPy's `sosfilt` and `lfilter` are tight sequential C loops: one pass over the
data, exact to the rounding of a direct recursion. On CPU tensors that need no
gradient, the torch backend's `lfilter`, `sosfilt`, `filtfilt` and `sosfiltfilt`
run here: on zero-copy NumPy views of the tensors (``Tensor.numpy()``), the core's
argument checks and row layout in NumPy (torch's small operations cost tens of
microseconds each, more after a pass over a large signal has evicted the caches),
SciPy's public functions on the rows, and ``torch.from_numpy`` on the result (no
copy). Both loops release the GIL (``_sosfilt`` and ``_sigtools`` call
``PyEval_SaveThread``; a second Python thread keeps running beside them), so when
there are several rows, torch may use several threads and CPUs are free, the rows
go in batches to a thread pool. Each row is filtered alone either way, so the
results are bit-for-bit the same with or without the pool.

Everything else (autograd, CUDA, float16/bfloat16, tensors under a ``torch.func``
transform or ``torch.compile``) takes the block-parallel scan of ``_iir``; so does a
CPU call where that scan is clearly faster (:func:`prefer_block`: few rows, many
threads). Each function here returns None to hand its call to the scan.
"""

import concurrent.futures
import os
import threading

import array_api_compat.numpy as npx
import numpy as np
import scipy.signal
import torch

from ..._core.iir import (
    check_ba,
    check_finite,
    check_sos,
    check_sos_zi,
    check_x,
    filter_dtype,
    from_rows,
    to_rows,
    zi_rows,
)
from ...dispatch import kernel

__all__ = ["filtfilt", "lfilter", "prefer_block", "sosfilt", "sosfiltfilt", "views"]

_PLAIN = (torch.Tensor, torch.nn.Parameter)
_LOOP_DTYPES = tuple(np.dtype(t) for t in (np.float32, np.float64, np.complex64, np.complex128))


# torch.func's wrappers (under torch.func.grad, vmap, ...); absent in old torch
_WRAPPED = getattr(getattr(torch._C, "_functorch", None), "is_functorch_wrapped_tensor", None)


def _view(t):
    """A NumPy view of a CPU tensor (a copy only for a conjugate or negative view)."""
    if t.requires_grad:
        t = t.detach()
    if t.is_conj() or t.is_neg():
        t = t.resolve_conj().resolve_neg()
    return t.numpy()


def views(*values):
    """NumPy views of plain CPU tensors that need no gradient, or None.

    None entries stay None. The answer is None (the scan's) when a value is not a
    plain strided CPU tensor (another device, a functorch wrapper, a subclass),
    a tensor needs a gradient (autograd on and ``requires_grad``), ``torch.compile``
    is tracing, or a tensor has no NumPy view (bfloat16).
    """
    if torch.compiler.is_compiling():
        return None
    tensors = [v for v in values if v is not None]
    for t in tensors:
        if type(t) not in _PLAIN or t.device.type != "cpu" or t.layout != torch.strided:
            return None
        if _WRAPPED is not None and _WRAPPED(t):
            return None
    if torch.is_grad_enabled() and any(t.requires_grad for t in tensors):
        return None
    try:
        return [None if v is None else _view(v) for v in values]
    except (RuntimeError, TypeError):  # no NumPy dtype (bfloat16), no storage
        return None


# -- the cost model --------------------------------------------------------------------
# Measured on one core (2-core x86-64, SciPy 1.17, torch 2.13). SciPy's loops wait
# on each sample's result: about 6 ns per sample up to order 8 (sosfilt and lfilter,
# float32 and float64), 0.7 ns per state above. The block scan: about 0.12 (float64)
# or 0.035 (float32) ns per sample and unit of width (block length + 6 per state of
# its system; order-8 sosfilt: 10-25 and 4-10 ns per sample, larger arrays slower),
# plus a fixed cost to build its kernels: 1 ms for sosfilt, 3 ms for lfilter of
# order >= 3 (factoring its denominator). The scan spreads over all threads (at
# about 80%), the loops over rows only.
_LOOP_NS = 6.0
_LOOP_STATE_NS = 0.7
_BLOCK_NS = {np.dtype(np.float64): 0.12, np.dtype(np.float32): 0.035}
_FIXED_NS = {"sosfilt": 1e6, "lfilter": 3e6}
_SCAN_BLOCK = 64  # the scan's block length (``_iir._BLOCK``)
_BLOCK_EFFICIENCY = 0.8
_MARGIN = 1.5  # the scan must win by this much to be taken
# ... with at least this many threads: on two, its best case (float32, one row:
# 2.2x SciPy's loop) turned into 0.1x on the same two cores shared with other
# processes (torch's OpenMP threads wait on each other), where SciPy's loop and
# the row pool just slow down.
_SCAN_THREADS = 4


def threads():
    """Threads torch may use for this call (1 under ``OMP_NUM_THREADS=1``)."""
    return torch.get_num_threads()


def free_cpus():
    """CPUs not busy with other work, by the 1-minute load average.

    The CPUs this process may use, less the load average not counting this
    thread (all of them where the OS gives no load average). Measured on 2 cores
    shared with 4 busy processes, rows split over 2 threads took 0.85x the time
    of one thread's SciPy loop (1.01x): with no CPU to spare, the threads only
    add the copy of their results into one array.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cpus or 1
    return max(1, int((cpus or 1) - load + 1.5))


def prefer_block(batch, n, states, dtype, *, width, fixed):
    """Whether the block scan is clearly faster than SciPy's loop on this CPU call.

    `batch` rows of `n` samples (NumPy `dtype`) through a filter with `states`
    states (SciPy's loop); the scan's width per sample is `width` (block length +
    6 per state of its system) and `fixed` ns go to building its kernels. Both
    count on torch's threads where CPUs are free (:func:`free_cpus`); complex
    data, and fewer than 4 such threads, always take the loop.
    """
    per_sample = _BLOCK_NS.get(dtype)
    if per_sample is None or threads() < _SCAN_THREADS:  # before reading the load average
        return False
    t = min(threads(), free_cpus())
    if t < _SCAN_THREADS:
        return False
    samples = batch * n
    loop = samples * max(_LOOP_NS, _LOOP_STATE_NS * states) / min(t, max(batch, 1))
    scan = fixed + samples * per_sample * width / (t * _BLOCK_EFFICIENCY)
    return scan * _MARGIN < loop


# -- rows on the thread pool -------------------------------------------------------------
_ROW_WORK = 1 << 17  # samples x states per worker at least: ~0.1 ms of SciPy's loop
_BATCH_BYTES = 1 << 22  # rows per batch: at most 4 MiB of samples (one row at least)
_pool = None
_pool_size = 0
_pool_pid = 0
_pool_lock = threading.Lock()


def _executor(workers):
    """The shared pool, with at least `workers` threads (started on first use).

    A forked child gets a pool of its own: its parent's threads do not exist there.
    """
    global _pool, _pool_size, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_size < workers or _pool_pid != os.getpid():
            old = _pool if _pool_pid == os.getpid() else None
            _pool_size = max(workers, os.cpu_count() or 1)
            _pool_pid = os.getpid()
            _pool = concurrent.futures.ThreadPoolExecutor(
                _pool_size, thread_name_prefix="sigproc-iir"
            )
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def _over_rows(call, x, z, states, pool):
    """``call(x, z) -> (y, zf)`` on NumPy rows, in batches of rows over the pool.

    `x` (batch, n) and `z` (batch, k) or None are NumPy views; returns NumPy
    arrays. One batch (no pool) when torch has one thread, there is one row, the
    work is small, no CPU is free (:func:`free_cpus`), or not `pool`. Otherwise
    the rows go in batches of at most ``_BATCH_BYTES`` (many batches: a thread
    that the OS holds back delays only its current one) to the workers, this
    thread one of them.
    """
    batch, n = x.shape
    work = batch * n * max(states, 1)
    workers = min(threads(), batch, max(work // _ROW_WORK, 1)) if pool else 1
    if workers > 1:
        workers = min(workers, free_cpus())
    if workers <= 1:
        return call(x, z)
    size = max(1, min(-(-batch // workers), _BATCH_BYTES // max(n * x.itemsize, 1)))
    batches = iter(range(0, batch, size))
    lock = threading.Lock()
    y = np.empty((batch, n), dtype=x.dtype)
    zf = None if z is None else np.empty(z.shape, dtype=x.dtype)

    def drain():
        while True:
            with lock:
                lo = next(batches, None)
            if lo is None:
                return
            hi = min(lo + size, batch)
            yp, zp = call(x[lo:hi], None if z is None else z[lo:hi])
            y[lo:hi] = yp
            if zf is not None:
                zf[lo:hi] = zp

    executor = _executor(workers - 1)
    futures = [executor.submit(drain) for _ in range(workers - 1)]
    try:
        drain()  # this thread works too
    finally:
        concurrent.futures.wait(futures)  # none left writing, even if this one raised
    for f in futures:
        f.result()
    return y, zf


def _dtype(*arrays):
    """The filter's dtype (SciPy's rules), or None: integers only, or no SciPy loop."""
    try:
        dt = filter_dtype(*(v for v in arrays if v is not None), xp=npx)
    except NotImplementedError:  # integers only: the torch path raises it, in torch's words
        return None
    return dt if dt in _LOOP_DTYPES else None


def _loop(rows, states, kind, passes=1):
    """Whether SciPy's loop takes these rows (not empty: SciPy's sosfilt fails there)."""
    if rows.size == 0:
        return False
    width = passes * (_SCAN_BLOCK + (6 if kind == "sosfilt" else 12) * states)
    batch, n = rows.shape
    fixed = _FIXED_NS[kind]
    return not prefer_block(batch, n, passes * states, rows.dtype, width=width, fixed=fixed)


def _tensor(y):
    """``torch.from_numpy`` (no copy) of a result; filtfilt's reversed view is copied."""
    if any(step < 0 for step in y.strides):  # torch takes no negative strides
        y = np.ascontiguousarray(y)
    return torch.from_numpy(y)


# -- the filters (NumPy views in, tensors out) --------------------------------------------
def sosfilt(sos, x, axis, zi):
    """The torch backend's sosfilt on NumPy views, or None for the scan."""
    sos = check_sos(sos, xp=npx)
    axis = check_x(x, axis)
    n_sections = sos.shape[0]
    dt = _dtype(sos, x, zi)
    if dt is None:
        return None
    rows, shape = to_rows(x.astype(dt, copy=False), axis, xp=npx)
    if not _loop(rows, 2 * n_sections, "sosfilt"):
        return None
    z0 = None
    if zi is not None:
        check_sos_zi(zi, x, axis, n_sections, xp=npx)
        # (n_sections, ..., 2, ...) -> rows (batch, n_sections * 2), sections in order
        z = np.moveaxis(zi.astype(dt, copy=False), axis + 1, -1)
        z0 = np.moveaxis(z, 0, -2).reshape(rows.shape[0], 2 * n_sections)
    coefficients = sos.astype(dt, copy=False)

    def call(x, z):
        if z is None:
            return scipy.signal.sosfilt(coefficients, x, axis=-1), None
        zi = z.reshape(z.shape[0], n_sections, 2).transpose(1, 0, 2)
        y, zf = scipy.signal.sosfilt(coefficients, x, axis=-1, zi=zi)
        return y, zf.transpose(1, 0, 2).reshape(z.shape)

    kernel("scipy sequential")
    y, zf = _over_rows(call, rows, z0, 2 * n_sections, True)
    y = _tensor(from_rows(y, shape, axis, xp=npx))
    if zi is None:
        return y
    zf = np.moveaxis(np.moveaxis(zf.reshape(*shape[:-1], n_sections, 2), -2, 0), -1, axis + 1)
    return y, _tensor(zf)


def lfilter(b, a, x, axis, zi):
    """The torch backend's lfilter on NumPy views, or None for the scan.

    SciPy gets the caller's taps (not normalised: it convolves when `a` has one).
    """
    b, a = check_ba(b, a, xp=npx)
    axis = check_x(x, axis)
    dt = _dtype(b, a, x, zi)
    if dt is None:
        return None
    m = max(b.shape[0], a.shape[0]) - 1
    rows, shape = to_rows(x.astype(dt, copy=False), axis, xp=npx)
    if not _loop(rows, m, "lfilter"):
        return None
    z0 = None
    if zi is not None:
        check_finite("zi", zi, xp=npx)
        z0 = zi_rows(zi, x, axis, m, "zi", xp=npx).astype(dt, copy=False)
    bn, an = b.astype(dt, copy=False), a.astype(dt, copy=False)

    def call(x, z):
        if z is None:
            return scipy.signal.lfilter(bn, an, x, axis=-1), None
        return scipy.signal.lfilter(bn, an, x, axis=-1, zi=z)

    kernel("scipy sequential")
    y, zf = _over_rows(call, rows, z0, m, True)
    y = _tensor(from_rows(y, shape, axis, xp=npx))
    return y if zi is None else (y, _tensor(from_rows(zf, shape, axis, xp=npx)))


def filtfilt(b, a, x, axis, options):
    """The torch backend's filtfilt on NumPy views (SciPy's own), or None for the scan.

    `options`: padtype, padlen, method, irlen (SciPy checks them, in its words).
    Gustafsson's method solves one least-squares problem for all rows at once,
    so it runs as one batch: the same rounding as SciPy's whatever the threads.
    """
    b, a = check_ba(b, a, xp=npx)
    axis = check_x(x, axis)
    dt = _dtype(b, a, x)
    if dt is None:
        return None
    m = max(b.shape[0], a.shape[0]) - 1
    rows, shape = to_rows(x.astype(dt, copy=False), axis, xp=npx)
    if not _loop(rows, m, "lfilter", passes=2):
        return None
    bn, an = b.astype(dt, copy=False), a.astype(dt, copy=False)

    def call(x, z):
        return scipy.signal.filtfilt(bn, an, x, axis=-1, **options), None

    kernel("scipy sequential")
    y = _over_rows(call, rows, None, 2 * m, options["method"] != "gust")[0]
    return _tensor(from_rows(y, shape, axis, xp=npx))


def sosfiltfilt(sos, x, axis, options):
    """The torch backend's sosfiltfilt on NumPy views (SciPy's own), or None for the scan."""
    sos = check_sos(sos, xp=npx)
    axis = check_x(x, axis)
    dt = _dtype(sos, x)
    if dt is None:
        return None
    states = 2 * sos.shape[0]
    rows, shape = to_rows(x.astype(dt, copy=False), axis, xp=npx)
    if not _loop(rows, states, "sosfilt", passes=2):
        return None
    coefficients = sos.astype(dt, copy=False)

    def call(x, z):
        return scipy.signal.sosfiltfilt(coefficients, x, axis=-1, **options), None

    kernel("scipy sequential")
    y = _over_rows(call, rows, None, 2 * states, True)[0]
    return _tensor(from_rows(y, shape, axis, xp=npx))
