"""Threaded block engine for short-time spectra of NumPy arrays (spectrogram, stft).

SciPy 1.17 computes a spectrogram as a chain of whole-array passes (detrend,
window, FFT, ``conj(X) * X``, scaling, one-sided doubling), each one reading and
writing every segment: memory traffic, not arithmetic, sets its speed. Here the
segments are walked in cache-sized blocks, each block running the whole chain
in preallocated buffers and its last step writing straight into the result,
laid out as SciPy's (segments major: the ``(..., nbins, nseg)`` result is a
transposed view, as SciPy's is); the blocks are shared between threads (the FFTs
and the ufuncs release the GIL). The arithmetic is SciPy's, operation by
operation: ``(seg - mean) * win``, the same pocketfft transform, ``re*re + im*im``
(the real part of ``conj(X) * X``) times ``2 * scale`` (exactly SciPy's two
multiplies, since doubling is exact).

:func:`short_time_spectra` is the ``spectra_func`` hook of
:func:`sigproc.backends.array_api._stft.stft_core`.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np
import scipy.fft
import scipy.signal

__all__ = ["BLOCK_BYTES", "THREADED_MIN_BYTES", "short_time_spectra"]

#: Results smaller than this run on the calling thread alone (threads would cost more).
THREADED_MIN_BYTES = 1 << 21
#: Target size of one block's spectra; buffers of this order stay in cache.
BLOCK_BYTES = 1 << 20

# numpy.fft has ``out=`` from NumPy 2.0 on; before, scipy.fft's result is copied in.
_NUMPY_FFT_OUT = np.lib.NumpyVersion(np.__version__) >= "2.0.0"
_FLOATS = (np.float32, np.float64, np.complex64, np.complex128)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _forget_pool():
    # A forked child inherits the pool object but not its threads.
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _executor():
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_cpu_count(), thread_name_prefix="sigproc-blocks")
        return _pool


def _fft_into(d, X, nfft, onesided):
    """FFT of the rows of `d` (zero-padded to `nfft`) written into `X`, as SciPy computes it."""
    if not onesided and d.dtype == np.float32:
        # SciPy's float32 window is complex64: its two-sided transform is complex-to-complex.
        d = d.astype(np.complex64)
    if _NUMPY_FFT_OUT and X.dtype == np.complex128 and (onesided or d.dtype.kind == "c"):
        (np.fft.rfft if onesided else np.fft.fft)(d, n=nfft, axis=-1, out=X)
    else:
        # numpy.fft's float32 transforms are slower than scipy.fft's, and its
        # real-input fft is not scipy.fft's (which the real two-sided case needs).
        X[...] = (scipy.fft.rfft if onesided else scipy.fft.fft)(d, n=nfft, axis=-1)


def short_time_spectra(
    x, *, win, detrend, weight, nperseg, step, nseg, nfft, onesided, mode, dtype
):
    """Spectra of the segments of `x` ``(..., n)``: ``(..., nseg, nbins)`` of `dtype`.

    mode 'psd' gives ``|X|**2 * weight``, mode 'stft' ``X * weight``, where X is
    the FFT of each detrended, windowed segment. The result is C-contiguous
    (``stft_core`` then moves the frequency axis before the segment axis, as
    SciPy does). Returns None for what it does not handle (inputs other than
    NumPy float32/64, complex64/128).
    """
    if not isinstance(x, np.ndarray) or x.dtype not in _FLOATS or mode not in ("psd", "stft"):
        return None
    batch = x.shape[:-1]
    rows = math.prod(batch)
    cdt = np.result_type(x.dtype, np.complex64)
    nbins = nfft // 2 + 1 if onesided else nfft
    out = np.empty((rows, nseg, nbins), dtype=dtype)
    frames = np.lib.stride_tricks.sliding_window_view(x.reshape(rows, x.shape[-1]), nperseg, -1)
    frames = frames[:, ::step]  # (rows, nseg, nperseg), a view
    demean = detrend == "constant"
    other_detrend = detrend if callable(detrend) else None
    if detrend == "linear":  # SciPy's least squares, not the portable closed form
        other_detrend = functools.partial(scipy.signal.detrend, type="linear", axis=-1)
    # A user's callable sees every batch row at once, with SciPy's dimensions.
    group = rows if callable(detrend) else 1
    block = min(nseg, max(1, BLOCK_BYTES // (group * nbins * cdt.itemsize)))
    plan = _Plan(
        frames, out, batch, win.astype(out.real.dtype, copy=False), other_detrend, demean,
        np.asarray(weight, dtype=out.real.dtype), nfft, onesided, mode, group, block, cdt,
    )  # fmt: skip
    starts = [(r0, j0) for r0 in range(0, rows, group) for j0 in range(0, nseg, block)]
    blocks = [(r0, j0, min(nseg, j0 + block)) for r0, j0 in starts]
    todo = iter(blocks)  # shared by the workers: each takes the next block when it is free
    workers = min(_cpu_count(), len(blocks))
    # A user's callable may not be thread-safe: it runs on the calling thread.
    if out.nbytes < THREADED_MIN_BYTES or workers < 2 or callable(detrend):
        plan.run(todo)
    else:
        pool = _executor()
        futures = [pool.submit(plan.run, todo) for _ in range(workers - 1)]
        try:
            plan.run(todo)  # the calling thread works too
        finally:
            for future in futures:  # not started yet (pool busy): nothing left for it
                future.cancel()
            wait(futures)  # no worker writes into `out` after we return or raise
        for future in futures:
            if not future.cancelled():
                future.result()
    return out.reshape(*batch, nseg, nbins)


class _Plan:
    """One call's fixed data; ``run(blocks)`` computes blocks ``(row, first, stop segment)``."""

    def __init__(
        self, frames, out, batch, win, other_detrend, demean, weight, nfft, onesided, mode, group,
        block, cdt,
    ):  # fmt: skip
        self.frames, self.out, self.batch, self.win = frames, out, batch, win
        self.other_detrend, self.demean, self.weight = other_detrend, demean, weight
        self.nfft, self.onesided, self.mode = nfft, onesided, mode
        self.group, self.block, self.cdt = group, block, cdt

    def run(self, blocks):
        cap = self.group * self.block
        nperseg = self.frames.shape[-1]
        # Buffers per worker and call: fresh ones per block cost a malloc/mmap each time.
        d = np.empty((cap, nperseg), dtype=self.frames.dtype)
        X = np.empty((cap, self.out.shape[2]), dtype=self.cdt)
        m = np.empty((cap, 1), dtype=self.frames.dtype) if self.demean else None
        for r0, j0, j1 in blocks:
            self._block(r0, self.group, j0, j1, d, X, m)

    def _block(self, r0, group, j0, j1, d, X, m):
        k = j1 - j0
        n = group * k
        seg = self.frames[r0 : r0 + group, j0:j1]  # (group, k, nperseg)
        d, X = d[:n].reshape(group, k, -1), X[:n].reshape(group, k, -1)
        if self.demean:
            m = m[:n].reshape(group, k, 1)
            # np.mean's own two steps, without its Python overhead (it runs per block)
            np.add.reduce(seg, axis=-1, keepdims=True, out=m)
            np.true_divide(m, seg.shape[-1], out=m)
            np.subtract(seg, m, out=d)
            d *= self.win
        elif self.other_detrend is not None:
            if group == self.frames.shape[0]:  # a user's callable sees SciPy's dimensions
                seg = seg.reshape(*self.batch, k, seg.shape[-1])
            detrended = np.asarray(self.other_detrend(seg))
            np.multiply(detrended.reshape(d.shape), self.win, out=d)
        else:
            np.multiply(seg, self.win, out=d)
        _fft_into(d, X, self.nfft, self.onesided)
        dest = self.out[r0 : r0 + group, j0:j1]  # contiguous rows of the result
        if self.mode == "psd":
            # re*re + im*im (the real part of SciPy's conj(X) * X): square the
            # interleaved floats in place, add the pairs into the result.
            pairs = X.view(self.out.dtype).reshape(*X.shape, 2)
            np.square(pairs, out=pairs)
            np.add(pairs[..., 0], pairs[..., 1], out=dest)
            dest *= self.weight
        else:
            np.multiply(X, self.weight, out=dest)
