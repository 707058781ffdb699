"""Framing a signal into overlapping segments, and the inverse (overlap-add).

``frame`` uses the library's own zero-copy view where it has one (NumPy's and
CuPy's ``sliding_window_view``, torch's ``Tensor.unfold``) and otherwise
``xp.take`` with an index matrix. ``segment_chunks`` walks the segments in
blocks of a bounded size, so that spectra of long signals never hold every
windowed segment at once.
"""

from __future__ import annotations

import math

import numpy as np
from array_api_compat import device, is_cupy_array, is_numpy_array, is_torch_array

__all__ = ["CHUNK_BYTES", "frame", "overlap_add", "segment_chunks"]

#: Target size of one block of windowed segments (and of its spectra).
CHUNK_BYTES = 1 << 23


def frame(x, nperseg, step, *, xp):
    """Segments of `x` along its last axis, shape ``(..., nseg, nperseg)`` (may be a view)."""
    n = x.shape[-1]
    nseg = (n - nperseg) // step + 1
    if is_numpy_array(x):
        view = np.lib.stride_tricks.sliding_window_view(x, nperseg, axis=-1)
        return view[..., ::step, :]
    if is_cupy_array(x):
        import cupy

        view = cupy.lib.stride_tricks.sliding_window_view(x, nperseg, axis=-1)
        return view[..., ::step, :]
    if is_torch_array(x):
        return x.unfold(-1, nperseg, step)
    if nperseg % step == 0 and nseg > 0:
        # A whole number of hops per segment (the usual 50 % overlap): the segments
        # are side-by-side slices of one reshape, no gather (XLA, dask and strict
        # arrays run this as plain copies).
        r = nperseg // step
        blocks = xp.reshape(x[..., : (nseg + r - 1) * step], (*x.shape[:-1], nseg + r - 1, step))
        if r == 1:
            return blocks
        return xp.concat([blocks[..., i : i + nseg, :] for i in range(r)], axis=-1)
    dev = device(x)
    starts = xp.arange(nseg, dtype=xp.int64, device=dev) * step
    offsets = xp.arange(nperseg, dtype=xp.int64, device=dev)
    index = xp.reshape(starts[:, None] + offsets[None, :], (-1,))
    segments = xp.take(x, index, axis=-1)
    return xp.reshape(segments, (*x.shape[:-1], nseg, nperseg))


def segment_chunks(x, nperseg, step, nseg, nfft, *, frame_func=frame, xp):
    """Yield blocks of segments ``(..., k, nperseg)`` covering segments ``0 .. nseg-1``.

    The block length ``k`` keeps one block's spectra near :data:`CHUNK_BYTES`.
    """
    batch = math.prod(x.shape[:-1])
    per_segment = max(batch * nfft * 16, 1)
    k = max(1, CHUNK_BYTES // per_segment)
    for s0 in range(0, nseg, k):
        s1 = min(nseg, s0 + k)
        part = x[..., s0 * step : (s1 - 1) * step + nperseg]
        yield frame_func(part, nperseg, step, xp=xp)


def overlap_add(frames, step, *, xp):
    """Sum of `frames` ``(..., nseg, nperseg)`` placed `step` samples apart.

    Returns ``(..., nperseg + (nseg - 1) * step)``. Vectorised with the skew
    trick: every frame is cut into ``K = ceil(nperseg / step)`` blocks of
    `step` samples, block ``j`` of frame ``i`` lands on output block ``i + j``;
    padding each block row and re-reading the flat buffer with one block less
    per row shifts row ``j`` by ``j`` blocks, so a plain sum finishes the job.
    """
    *outer, nseg, nperseg = frames.shape
    nblocks = -(-nperseg // step)
    length = nperseg + (nseg - 1) * step
    dev = device(frames)
    if nblocks * step != nperseg:
        pad = xp.zeros((*outer, nseg, nblocks * step - nperseg), dtype=frames.dtype, device=dev)
        frames = xp.concat((frames, pad), axis=-1)
    blocks = xp.reshape(frames, (*outer, nseg, nblocks, step))
    nd = len(outer)
    blocks = xp.permute_dims(blocks, (*range(nd), nd + 1, nd, nd + 2))  # (..., K, nseg, step)
    zeros = xp.zeros((*outer, nblocks, nblocks, step), dtype=frames.dtype, device=dev)
    blocks = xp.concat((blocks, zeros), axis=-2)  # (..., K, nseg + K, step)
    flat = xp.reshape(blocks, (*outer, nblocks * (nseg + nblocks), step))
    flat = flat[..., : nblocks * (nseg + nblocks - 1), :]
    skewed = xp.reshape(flat, (*outer, nblocks, nseg + nblocks - 1, step))
    out = xp.sum(skewed, axis=-3)
    out = xp.reshape(out, (*outer, (nseg + nblocks - 1) * step))
    return out[..., :length]
