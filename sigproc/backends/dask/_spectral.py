"""Dask backend: spectral analysis along a chunked time axis.

The argument handling, scaling and frequency grids are the core's
(:func:`sigproc._core.spectral.csd_core`, :func:`sigproc._core.stft.stft_core`,
``istft_core``'s checks) run on the dask array's metadata with the dask array
namespace, so SciPy's errors and warnings come at call time; the per-segment
work is a hook that builds the graph. Each task runs sigproc's public function
on one chunk (NumPy chunks: the numpy backend; CuPy chunks: cupyx).

Segments and chunks. The time axis is rechunked so that every chunk boundary
sits on a segment start (a multiple of the hop ``step = nperseg - noverlap``,
next to the caller's own boundaries; a chunk shorter than the overlap is merged
into the one before it), and each chunk takes a right halo of
``nperseg - step`` samples from the next chunk: a task sees exactly the
segments that start in its chunk. No segment is computed twice, none is lost.

* ``welch``, ``csd``, ``coherence`` (mean averaging): one task per chunk sums
  its segments' spectra; the sums meet in one tree reduction (``sum`` over a
  chunk axis), then the core divides by the count and scales as SciPy does.
  Median averaging keeps every segment's spectrum: the segment axis is gathered
  into one chunk per channel block: one task holds ``n_segments x n_freqs``
  values per channel of its channel chunk (8 bytes each for ``welch``, 16 for
  ``csd``, in double precision; e.g. 1e7 samples, nperseg 256, half overlap:
  78,000 x 129 x 8 bytes = 80 MB per channel). Rechunk the channels small.
* ``periodogram`` is one FFT of the whole record: the time axis must be one
  chunk (a ``ValueError`` says how to rechunk); channels may be chunked.
* ``spectrogram``, ``stft``: results chunked along segments (one output chunk
  per time chunk, its segments those starting in it), frequency in one chunk,
  the other axes chunked as the input. ``stft``'s boundary extension and padding
  are lazy concatenations at the ends.
* ``istft``: each chunk of segments (the caller's chunking along `time_axis`;
  a chunk whose segments span less than the overlap is merged into the one
  before) overlap-adds into a partial record; a partial's tail is added to the
  head of the next chunk's, exactly. The output is chunked along time as the
  segments (``n_c * step`` samples per chunk, the last with the final tail),
  then trimmed at the ends when `boundary` is true. The window's normalisation
  (and SciPy's NOLA warning) is computed from the window alone, on the host.
* Frequencies and times are dask arrays (one chunk, float64), as the other
  backends return arrays of the signal's library.
"""

from __future__ import annotations

import functools
import itertools
import math

import array_api_compat.dask.array as xda
import numpy as np
from array_api_compat import array_namespace, device

from ... import fft as fft_api
from ... import spectral
from ..._core import spectral as spectral_core
from ..._core import stft as stft_core
from ..._core.arrays import median as core_median
from ..._core.framing import overlap_add
from ..._core.windows import host_window
from ...dispatch._warnings import warn
from . import implements
from ._tools import axis_index, require_one_chunk

_xp = xda  # the core's array namespace for dask arrays


# -- chunk bookkeeping -------------------------------------------------------------


def _known(x, axis):
    if any(math.isnan(c) for c in x.chunks[axis]):
        raise ValueError(
            "the dask array has unknown chunk sizes along the time axis; "
            "call x.compute_chunk_sizes() first"
        )


def _segment_starts(chunks, step, nseg, min_len):
    """Segment indices that start each chunk: next to the caller's chunk boundaries.

    Every chunk but the first holds at least `min_len` samples' worth of segments
    (``count * step >= min_len``), or is the last (which ends with a whole segment).
    """
    bounds = np.cumsum(chunks)[:-1]
    cands = sorted({min(max(-(-int(b) // step), 1), nseg) for b in bounds} - {nseg})
    kept = []
    nxt = nseg  # the end
    for s in reversed(cands):
        if nxt == nseg or (nxt - s) * step >= min_len:
            kept.append(s)
            nxt = s
    return [0, *reversed(kept)]


def _aligned(arrays, step, nperseg, nseg):
    """`arrays` (time last, one chunking) cut to the samples the segments use.

    They are rechunked at segment starts; returns them and the segment count of
    each chunk.
    """
    h = nperseg - step
    starts = _segment_starts(arrays[0].chunks[-1], step, nseg, h)
    counts = [b - a for a, b in itertools.pairwise([*starts, nseg])]
    lengths = [c * step for c in counts]
    lengths[-1] += h  # the last chunk ends with its last segment
    out = []
    for a in arrays:
        a = a[..., : (nseg - 1) * step + nperseg]
        if a.chunks[-1] != tuple(lengths):
            a = a.rechunk({a.ndim - 1: tuple(lengths)})
        out.append(a)
    return out, counts


def _segment_graph(kind, func, arrays, out_tail_chunks, dtype, extra=(), drop=0):
    """One task per chunk: ``func(*[a_i, a_(i+1) or None for each array], *extra)``.

    `arrays` share shape and chunks (time last); the result has the arrays'
    outer chunks (less the last `drop` axes, each one chunk) followed by
    `out_tail_chunks` (a tuple of chunks per new axis; the first is one chunk per
    time chunk, the others one chunk).
    """
    import dask.array as da
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    first = arrays[0]
    m = first.numblocks[-1]
    name = f"{kind}-{tokenize(kind, func, *arrays, *extra)}"
    extra_keys = []
    deps = list(arrays)
    for e in extra:
        if isinstance(e, da.Array):
            e = e.rechunk(e.shape)
            deps.append(e)
            extra_keys.append((e.name, *(0,) * e.ndim))
        else:
            extra_keys.append(e)
    dsk = {}
    for outer in itertools.product(*map(range, first.numblocks[:-1])):
        for i in range(m):
            args = []
            for a in arrays:
                args.append((a.name, *outer, i))
                args.append((a.name, *outer, i + 1) if i + 1 < m else None)
            key = (name, *outer[: len(outer) - drop], *_tail_index(out_tail_chunks, i))
            dsk[key] = (func, *args, *extra_keys)
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=deps)
    chunks = (*first.chunks[: first.ndim - 1 - drop], *out_tail_chunks)
    meta = array_namespace(first._meta).empty((0,) * len(chunks), dtype=dtype)
    return da.Array(graph, name, chunks, meta=meta)


def _tail_index(tail_chunks, i):
    # the new axes: the first is indexed by chunk, the others are one chunk
    return (i,) + (0,) * (len(tail_chunks) - 1)


def _with_halo(a, nxt, h):
    if nxt is None or h == 0:
        return a
    xp = array_namespace(a)
    return xp.concat((a, nxt[..., :h]), axis=-1)


class _AxisDetrend:
    """A user's detrend callable seeing segments with their samples on `axis` (as SciPy)."""

    def __init__(self, func, axis):
        self.func, self.axis = func, axis

    def __call__(self, d):
        xp = array_namespace(d)
        return xp.moveaxis(self.func(xp.moveaxis(d, -1, self.axis)), self.axis, -1)


def _task_detrend(detrend):
    # what the hooks receive -> what a public call on a chunk takes
    return False if detrend is None else detrend


# -- Welch estimates ---------------------------------------------------------------


def _chunk_sum(*args, same, nperseg, step, nfft, detrend, onesided):
    """Sum over a chunk's segments of conj(X) * Y (or |X|**2), as a (..., 1, nbins) block."""
    if same:
        xc, xn, win = args
        x = _with_halo(xc, xn, nperseg - step)
        _, p = spectral.welch(
            x, 1.0, win, nperseg, nperseg - step, nfft, detrend, onesided, "spectrum", -1
        )
    else:
        xc, xn, yc, yn, win = args
        x = _with_halo(xc, xn, nperseg - step)
        y = _with_halo(yc, yn, nperseg - step)
        _, p = spectral.csd(
            x, y, 1.0, win, nperseg, nperseg - step, nfft, detrend, onesided, "spectrum", -1
        )
    xp = array_namespace(p)
    count = (x.shape[-1] - (nperseg - step)) // step
    # undo the mean, the 'spectrum' scale and the one-sided doubling: back to the sum
    p = p * (count * xp.sum(win) ** 2)
    if onesided:
        rdt = xp.real(p[..., :1]).dtype
        p = p / spectral_core.onesided_factor(p.shape[-1], nfft, rdt, device(p), xp=xp)
    return p[..., None, :]


def _chunk_spectra(*args, same, nperseg, step, nfft, detrend, onesided):
    """Every segment's conj(X) * Y (or |X|**2) of a chunk, as a (..., count, nbins) block."""
    h = nperseg - step
    win = args[-1]
    sx = _short_spectra(
        _with_halo(args[0], args[1], h), win, nperseg, step, nfft, detrend, onesided
    )
    xp = array_namespace(sx)
    if same:
        return xp.real(sx) ** 2 + xp.imag(sx) ** 2
    sy = _short_spectra(
        _with_halo(args[2], args[3], h), win, nperseg, step, nfft, detrend, onesided
    )
    return xp.conj(sx) * sy


def _short_spectra(x, win, nperseg, step, nfft, detrend, onesided):
    """The FFTs of the detrended, windowed segments of `x`, (..., count, nbins), unscaled."""
    _, _, s = spectral.spectrogram(
        x, 1.0, win, nperseg, nperseg - step, nfft, detrend, onesided, "spectrum", -1, "complex"
    )
    xp = array_namespace(s)
    return xp.moveaxis(s, -1, -2) * xp.sum(win)


def _median_block(p):
    xp = array_namespace(p)
    if xp.isdtype(p.dtype, "complex floating"):
        return spectral_core.complex_from(
            core_median(xp.real(p), -2, xp=xp), core_median(xp.imag(p), -2, xp=xp), xp=xp
        )
    return core_median(p, -2, xp=xp)


def _average_func(x, y, *, win, detrend, nperseg, step, nseg, nfft, onesided, median):
    """csd_core's `average_func` hook: the segment sum (or median) as a dask graph."""
    import dask.array as da

    same = y is x
    arrays = [x]
    if not same:
        shape = (*np.broadcast_shapes(x.shape[:-1], y.shape[:-1]), x.shape[-1])
        x, y = da.broadcast_to(x, shape), da.broadcast_to(y, shape)
        arrays = [x, y.rechunk(x.chunks)]
    arrays, counts = _aligned(arrays, step, nperseg, nseg)
    nbins = nfft // 2 + 1 if onesided else nfft
    if same:
        dtype = spectral_core.float_dtypes(x.dtype, xp=xda)[0]
    else:
        dtype = spectral_core.float_dtypes(np.result_type(x.dtype, y.dtype), xp=xda)[1]
    opts = dict(
        same=same, nperseg=nperseg, step=step, nfft=nfft, detrend=_task_detrend(detrend),
        onesided=onesided,
    )  # fmt: skip
    if not median:
        parts = _segment_graph(
            "sigproc-welch-sum",
            functools.partial(_chunk_sum, **opts),
            arrays,
            ((1,) * len(counts), (nbins,)),
            dtype,
            extra=(win,),
        )
        return parts.sum(axis=-2)
    spectra = _segment_graph(
        "sigproc-welch-segments",
        functools.partial(_chunk_spectra, **opts),
        arrays,
        (tuple(counts), (nbins,)),
        dtype,
        extra=(win,),
    )
    spectra = spectra.rechunk({spectra.ndim - 2: -1})
    return spectra.map_blocks(_median_block, drop_axis=spectra.ndim - 2, dtype=dtype)


@implements(spectral.csd)
def csd(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    same = y is x
    x = _as_dask(x)
    y = x if same else _as_dask(y)
    _known(x, axis_index(axis, x.ndim))
    if not same:
        _known(y, axis_index(axis, y.ndim))
    return spectral_core.csd_core(
        x, y, fs, window, nperseg, noverlap, nfft, detrend, return_onesided,
        scaling, axis, average, xp=_xp, average_func=_average_func,
    )  # fmt: skip


@implements(spectral.welch)
def welch(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    x = _as_dask(x)
    return csd(
        x, x, fs, window, nperseg, noverlap, nfft, detrend, return_onesided, scaling, axis,
        average,
    )  # fmt: skip


@implements(spectral.periodogram)
def periodogram(
    x,
    fs=1.0,
    window="boxcar",
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
):
    x = _as_dask(x)
    if x.ndim:
        require_one_chunk(x, axis, "periodogram (one FFT of the whole record)")
    return spectral_core.periodogram_core(
        x, fs, window, nfft, detrend, return_onesided, scaling, axis, xp=_xp,
        average_func=_average_func,
    )  # fmt: skip


@implements(spectral.coherence)
def coherence(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    axis=-1,
):
    x, y = _as_dask(x), _as_dask(y)
    _known(x, axis_index(axis, x.ndim))
    _known(y, axis_index(axis, y.ndim))
    return spectral_core.coherence_core(
        x, y, fs, window, nperseg, noverlap, nfft, detrend, axis, xp=_xp,
        average_func=_average_func,
    )  # fmt: skip


def _as_dask(x):
    # NumPy arrays beside dask ones are absorbed by the backend (as in dask itself).
    import dask.array as da

    if isinstance(x, da.Array):
        return x
    x = np.asarray(x)
    return da.from_array(x, chunks=x.shape or ())


# -- short-time transforms -----------------------------------------------------------


def _chunk_short_time(xc, xn, win, *, fs, scaling, mode, nperseg, step, nfft, detrend, onesided):
    """A chunk's segments' spectra as stft_core's (..., count, nbins) block."""
    x = _with_halo(xc, xn, nperseg - step)
    _, _, s = spectral.spectrogram(
        x, fs, win, nperseg, nperseg - step, nfft, detrend, onesided, scaling, -1, mode
    )
    return array_namespace(s).moveaxis(s, -1, -2)


def _spectra_hook(fs, scaling, user_detrend, axis):
    """stft_core's `spectra_func` hook building the graph (the core checked everything)."""

    def spectra_func(x, *, win, detrend, weight, nperseg, step, nseg, nfft, onesided, mode, dtype):
        if callable(user_detrend) and axis != -1:
            detrend = _AxisDetrend(user_detrend, axis)  # as the core wraps it
        _known(x, -1)
        (x,), counts = _aligned([x], step, nperseg, nseg)
        nbins = nfft // 2 + 1 if onesided else nfft
        func = functools.partial(
            _chunk_short_time, fs=fs, scaling=scaling, mode="psd" if mode == "psd" else "complex",
            nperseg=nperseg, step=step, nfft=nfft, detrend=_task_detrend(detrend),
            onesided=onesided,
        )  # fmt: skip
        return _segment_graph(
            "sigproc-short-time", func, [x], (tuple(counts), (nbins,)), dtype, extra=(win,)
        )

    return spectra_func


@implements(spectral.spectrogram)
def spectrogram(
    x,
    fs=1.0,
    window=("tukey_periodic", 0.25),
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    mode="psd",
):
    x = _as_dask(x)
    stft_core.check_spectrogram_mode(mode)
    axis = stft_core.check_time_axis(x.ndim, axis)
    f, t, sxx = stft_core.spectrogram_core(
        x, fs, window, nperseg, noverlap, nfft, detrend, return_onesided, scaling, axis, mode,
        xp=_xp, spectra_func=_spectra_hook(fs, scaling, detrend, axis),
    )  # fmt: skip
    if mode == "phase" and sxx.ndim:  # the unwrap splits the frequency axis; one chunk again
        sxx = sxx.rechunk({(axis - 1 if axis < 0 else axis) % sxx.ndim: -1})
    return f, t, sxx


@implements(spectral.stft)
def stft(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=256,
    noverlap=None,
    nfft=None,
    detrend=False,
    return_onesided=True,
    boundary="zeros",
    padded=True,
    axis=-1,
    scaling="spectrum",
):
    x = _as_dask(x)
    axis = stft_core.check_time_axis(x.ndim, axis)
    core_scaling = stft_core.stft_scaling(scaling)
    return stft_core.stft_public_core(
        x, fs, window, nperseg, noverlap, nfft, detrend, return_onesided, boundary, padded,
        axis, scaling, xp=_xp, spectra_func=_spectra_hook(fs, core_scaling, detrend, axis),
    )  # fmt: skip


def _merged_counts(counts, step, min_len):
    """Chunk sizes along segments, short chunks merged into the one before.

    A chunk (not the first, not the last) spanning less than `min_len` samples
    (``count * step``) is merged into the one before it.
    """
    bounds = np.cumsum([0, *counts]).tolist()
    total = bounds[-1]
    kept = []
    nxt = total
    for s in reversed(bounds[1:-1]):
        if nxt == total or (nxt - s) * step >= min_len:
            kept.append(s)
            nxt = s
    edges = [0, *reversed(kept), total]
    return tuple(b - a for a, b in itertools.pairwise(edges))


def _ola_norm(win, step, nseg, start, stop):
    """Sum of the squared window over the segments covering samples [start, stop), on the host."""
    nperseg = win.shape[0]
    w2 = win.astype(np.float64) ** 2
    p = np.arange(start, stop)
    last = np.minimum(p // step, nseg - 1)
    norm = np.zeros(p.shape)
    for j in range(-(-nperseg // step)):  # the few segments over each sample
        k = last - j
        o = p - k * step
        norm += np.where((k >= 0) & (o < nperseg), w2[np.clip(o, 0, nperseg - 1)], 0.0)
    return norm


def _nola_fails(win, step, nseg, lo, hi):
    """Whether the normalisation is <= 1e-10 anywhere in [lo, hi): head, tail and one period."""
    nperseg = win.shape[0]
    length = (nseg - 1) * step + nperseg
    reach = 2 * nperseg + step
    pieces = [(0, length)] if length <= 2 * reach else [(0, reach), (length - reach, length)]
    for a, b in pieces:
        a, b = max(a, lo), min(b, hi)
        if b > a and np.any(_ola_norm(win, step, nseg, a, b) <= 1e-10):
            return True
    return False


def _chunk_ola(z, win, *, nfft, nperseg, step, onesided, factor):
    """A chunk of segments (..., nfreq, count) overlap-added: (..., count * step + overlap)."""
    xp = array_namespace(z)
    z = xp.moveaxis(z, -1, -2)
    inverse = fft_api.irfft if onesided else fft_api.ifft
    segs = inverse(z, n=nfft, axis=-1)
    w = xp.asarray(win, device=device(z))
    frames = segs[..., :nperseg] * (factor(w) * w)
    return overlap_add(frames, step, xp=xp)


def _chunk_join(part, prev, win, *, h, body, start, step, nseg, last):
    """One output chunk: a partial's body plus the previous partial's tail, normalised.

    The last chunk keeps its own tail; the sum is divided by the window's normalisation.
    """
    xp = array_namespace(part)
    out = part if last else part[..., :body]
    if prev is not None and h:
        tail = prev[..., prev.shape[-1] - h :]
        out = xp.concat((out[..., :h] + tail, out[..., h:]), axis=-1)
    norm = _ola_norm(np.asarray(win), step, nseg, start, start + out.shape[-1])
    norm = np.where(norm > 1e-10, norm, 1.0)
    return out / xp.asarray(norm, dtype=xp.real(out[..., :1]).dtype, device=device(out))


@implements(spectral.istft)
def istft(
    Zxx,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    input_onesided=True,
    boundary=True,
    time_axis=-1,
    freq_axis=-2,
    scaling="spectrum",
):
    import dask.array as da
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    z = spectral_core.as_inexact(_as_dask(Zxx), xp=_xp)
    cdt = np.complex64 if z.dtype in (np.float32, np.complex64) else np.complex128
    if not _xp.isdtype(z.dtype, "complex floating"):
        z = z.astype(cdt)
    freq_axis, time_axis = int(freq_axis), int(time_axis)
    if z.ndim < 2:
        raise ValueError("Input stft must be at least 2d!")
    if freq_axis == time_axis:
        raise ValueError("Must specify differing time and frequency axes!")
    ndim = z.ndim
    freq_axis, time_axis = axis_index(freq_axis, ndim), axis_index(time_axis, ndim)
    if freq_axis == time_axis:
        raise ValueError("Must specify differing time and frequency axes!")
    nseg = z.shape[time_axis]
    n_default = 2 * (z.shape[freq_axis] - 1) if input_onesided else z.shape[freq_axis]
    if nperseg is None:
        nperseg = n_default
    else:
        nperseg = int(nperseg)
        if nperseg < 1:
            raise ValueError("nperseg must be a positive integer")
    if nfft is None:
        nfft = nperseg if input_onesided and nperseg == n_default + 1 else n_default
    elif nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    nfft = int(nfft)
    noverlap = nperseg // 2 if noverlap is None else int(noverlap)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    rdt = np.float32 if z.dtype == np.complex64 else np.float64
    if isinstance(window, str) or type(window) is tuple:
        win = np.asarray(host_window(window, nperseg), dtype=rdt)
    else:
        win = window if isinstance(window, da.Array) else np.asarray(window)
        if win.ndim != 1:
            raise ValueError("window must be 1-D")
        if win.shape[0] != nperseg:
            raise ValueError(f"window must have length of {nperseg}")
        win = win.astype(rdt)
    if scaling == "spectrum":
        factor = _SumScale()
    elif scaling == "psd":
        factor = _PsdScale(fs)
    else:
        raise ValueError(f"Parameter {scaling=} not in ['spectrum', 'psd']!")
    if isinstance(win, da.Array):
        win = win.rechunk(-1)
        host_win = None  # the normalisation is computed in the tasks; no NOLA warning
    else:
        host_win = win

    outer = [a for a in range(ndim) if a not in (freq_axis, time_axis)]
    z = z.transpose((*outer, freq_axis, time_axis))
    _known(z, -1)
    h = nperseg - step
    counts = _merged_counts(z.chunks[-1], step, h)
    z = z.rechunk({ndim - 2: -1, ndim - 1: counts})
    out_dtype = rdt if input_onesided else cdt
    opts = dict(nfft=nfft, nperseg=nperseg, step=step, onesided=input_onesided, factor=factor)
    parts = _segment_graph(
        "sigproc-istft-ola", _ChunkOLA(opts), [z], (tuple(c * step + h for c in counts),),
        out_dtype, extra=(win,), drop=1,
    )  # fmt: skip
    # join: chunk c's body plus chunk c-1's tail
    bodies = [c * step for c in counts]
    lengths = [*bodies[:-1], bodies[-1] + h]
    starts = np.cumsum([0, *bodies[:-1]]).tolist()
    name = f"sigproc-istft-join-{tokenize(parts, nseg, starts)}"
    deps = [parts]
    if isinstance(win, da.Array):
        win_key = (win.name, 0)
        deps.append(win)
    else:
        win_key = win
    m = len(counts)
    dsk = {}
    for idx in itertools.product(*map(range, parts.numblocks[:-1])):
        for c in range(m):
            func = functools.partial(
                _chunk_join, h=h, body=bodies[c], start=starts[c], step=step, nseg=nseg,
                last=c == m - 1,
            )  # fmt: skip
            prev = (parts.name, *idx, c - 1) if c else None
            dsk[(name, *idx, c)] = (func, (parts.name, *idx, c), prev, win_key)
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=deps)
    x = da.Array(graph, name, (*parts.chunks[:-1], tuple(lengths)), meta=parts._meta)
    length = sum(lengths)
    lo, hi = 0, length
    if boundary:
        half = nperseg // 2
        lo, hi = half, (length - half if half else 0)
        x = x[..., lo:hi]
    if host_win is not None and _nola_fails(host_win, step, nseg, lo, max(hi, lo)):
        warn(
            "NOLA condition failed, STFT may not be invertible."
            + (" Possibly due to missing boundary" if not boundary else "")
        )
    if x.ndim > 1:
        t_axis = time_axis - 1 if freq_axis < time_axis else time_axis
        x = da.moveaxis(x, -1, t_axis)
    t = np.arange(x.shape[0]) / float(fs)
    return spectral_core.on_device(t, "cpu", np.float64, xp=_xp), x


class _SumScale:
    def __call__(self, w):
        return array_namespace(w).sum(w)


class _PsdScale:
    def __init__(self, fs):
        self.fs = fs

    def __call__(self, w):
        xp = array_namespace(w)
        return xp.sqrt(self.fs * xp.sum(w**2))


class _ChunkOLA:
    def __init__(self, opts):
        self.opts = opts

    def __call__(self, z, _next, win):
        return _chunk_ola(z, win, **self.opts)
