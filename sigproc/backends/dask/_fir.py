"""Dask backend: FIR work along chunked axes (convolution, upfirdn, resampling, smoothing).

Every task runs sigproc's public function on one chunk with its halo (NumPy
chunks: SciPy), so each chunk's samples come out as SciPy computes them; the
halos come from :func:`dask.array.overlap.overlap` (zero boundary), which
first merges chunks shorter than the halo into their neighbours (a halo
longer than a chunk is therefore allowed and costs a rechunk, O(chunks) tasks).

* ``fftconvolve``, ``oaconvolve``, ``convolve``, ``correlate``: `in2` is the
  kernel, a NumPy array or a dask array of one chunk (it travels to every task
  once). Along a chunked convolved axis each task takes a halo of the kernel's
  length and computes its chunk of the result (mode "valid" on the extended
  chunk); the other convolved axes are whole in each chunk. The result is
  chunked as `in1` along chunked convolved axes ("full": one more chunk of
  ``len(in2) - 1`` samples at the end; "valid": the last ``len(in2) - 1``
  samples are cut), one chunk along the other convolved axes, as `in1`
  elsewhere. Both inputs chunked along a convolved axis: ``ValueError``.
* ``upfirdn``, ``resample_poly``: edge extension (any mode) from the first and
  last samples, then one task per chunk computes the outputs that fall in its
  chunk (a left halo of ``ceil((len(h) - 1) / up)`` samples); the result has
  one chunk per input chunk along `axis` (the extension's two small chunks
  included), some possibly empty. ``resample_poly``'s ``padtype`` "mean",
  "minimum", "maximum" are lazy tree reductions, "median" gathers the axis
  (one chunk per channel block) for its median.
* ``savgol_filter``: halo ``window_length // 2``, the edge extension of every
  mode from the end samples; "interp" fits its polynomials to the first and
  last windows. Chunked as `x`.
* ``medfilt``: halo ``kernel_size // 2`` per axis, zero boundary; chunked as
  `volume`.

Arrays whose filtered axis is a single chunk go to one task per chunk, unchanged.
"""

import functools
import math
import warnings

import dask
import dask.array as da
import numpy as np
from array_api_compat import array_namespace
from dask.array.utils import meta_from_array

from ... import filtering
from ..._core.arrays import np_dtype, pad_last
from ..._core.extension import _extension
from ..._core.fir import (
    check_convolve,
    check_correlate,
    check_fftconvolve,
    check_savgol_length,
    convolution_axes,
    medfilt_kernel,
    savgol_dtype,
    savgol_taps,
    swap_needed,
)
from ..._core.upfirdn import (
    UPFIRDN_MODES,
    check_upfirdn,
    resample_poly_plan,
    resample_poly_taps,
    resample_rates,
)
from . import implements
from ._tools import axis_index


# -- helpers shared by this module and _fft ----------------------------------------------
def meta(x, dtype, ndim=None):
    """An empty array of `x`'s chunk library with `dtype` (dask's ``meta``)."""
    with warnings.catch_warnings():  # complex -> real of an empty array discards nothing
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        return meta_from_array(x._meta, ndim=x.ndim if ndim is None else ndim, dtype=dtype)


def whole(func, x, out_chunks, dtype, *, kernel=None, block_axis=None, **kwargs):
    """``func(block, [kernel], [block_index], **kwargs)`` on every chunk of `x`.

    `out_chunks` are the result's chunks (one entry per axis of `x`). A dask
    `kernel` reaches each task as one array (gathered into one chunk); with
    `block_axis`, each task also gets the index of its chunk along that axis.
    """
    ndim = x.ndim
    args = [x, tuple(range(ndim))]
    if isinstance(kernel, da.Array):
        kernel = kernel.rechunk(-1) if any(len(c) > 1 for c in kernel.chunks) else kernel
        args += [kernel, tuple(range(ndim, ndim + kernel.ndim))]
    elif kernel is not None:
        args += [kernel, None]
    if block_axis is not None:
        args += [da.arange(len(x.chunks[block_axis]), chunks=1), (block_axis,)]
    return da.blockwise(
        func,
        tuple(range(ndim)),
        *args,
        dtype=dtype,
        meta=meta(x, dtype),
        concatenate=True,
        align_arrays=False,  # the block index has one element per chunk of x
        adjust_chunks={a: tuple(c) for a, c in enumerate(out_chunks)},
        **kwargs,
    )


def _probe_dtype(func, *arrays, **kwargs):
    """SciPy's output dtype (and its dtype errors) from a call on one-sample NumPy arrays."""
    return func(*(np.ones((1,) * a.ndim, dtype=a.dtype) for a in arrays), **kwargs).dtype


def _offsets(chunks):
    return np.cumsum((0, *chunks)).tolist()


def _halo(x, axis, depth):
    """`x` with a halo of `depth` samples (zeros past the ends) on each chunk along `axis`.

    Also returns the chunk sizes without the halo (overlap merges chunks shorter than it).
    """
    if not depth:
        return x, x.chunks[axis]
    ext = da.overlap.overlap(x, depth={axis: depth}, boundary={axis: 0})
    return ext, tuple(c - 2 * depth for c in ext.chunks[axis])


def _pad_zeros(x, axis, before, after):
    xp = array_namespace(x)
    return xp.moveaxis(pad_last(xp.moveaxis(x, axis, -1), before, after, xp=xp), -1, axis)


def _along(values, axis, ndim):
    shape = [1] * ndim
    shape[axis] = len(values)
    return np.reshape(values, shape)


def edge_extension(x, axis, before, after, mode, cval=0):
    """The `before` and `after` samples that extend `x` along `axis` in `mode` (lazy).

    Built from a few gathered samples with the core's extension weights, exactly
    as :func:`sigproc._core.extension.extend`; any mode, any length.
    """
    n, dt = x.shape[axis], x.dtype

    def side(idx):
        shape = list(x.shape)
        shape[axis] = len(idx)
        if not len(idx) or mode == "constant":
            return da.full(shape, cval, dtype=dt, chunks=shape)
        j, s, a, b, c, d = _extension(n, idx, mode)
        out = da.take(x, j, axis=axis) * _along(s.astype(dt), axis, x.ndim)
        for weights, k in ((a, 0), (b, n - 1), (c, min(1, n - 1)), (d, max(n - 2, 0))):
            if np.any(weights):
                end = da.take(x, [k], axis=axis)
                out = out + end * _along(weights.astype(dt), axis, x.ndim)
        return out.rechunk({axis: -1})

    return side(np.arange(-before, 0)), side(np.arange(n, n + after))


# -- convolution ---------------------------------------------------------------------------
def _conv_block(block, kernel, *, func, halos, pads, kwargs):
    index = [slice(None)] * block.ndim
    for axis, (depth, left, right) in halos.items():
        index[axis] = slice(depth - left, block.shape[axis] - depth + right)
    ext = block[tuple(index)]
    for axis, (left, right) in pads.items():
        ext = _pad_zeros(ext, axis, left, right)
    return func(ext, kernel, mode="valid", **kwargs)


def _convolution(func, in1, in2, mode, axes, kwargs):
    """`func` (a public convolution) of dask `in1` with the one-chunk kernel `in2`."""
    s1, s2, ndim = in1.shape, in2.shape, in1.ndim
    if ndim == 0:
        return whole(func, in1, (), _probe_dtype(func, in1, in2), kernel=in2, **kwargs)
    conv, swap = convolution_axes(s1, s2, mode, axes)
    dtype = _probe_dtype(func, in1, in2, mode=mode, **kwargs)
    if math.prod(s1) == 0 or math.prod(s2) == 0:
        return da.from_array(func(np.ones(s1, in1.dtype), np.ones(s2, in2.dtype), mode, **kwargs))
    if any(len(c) > 1 for c in in2.chunks):
        raise ValueError(
            f"{func.__name__} on dask arrays needs the kernel in2 in one chunk (it has chunks "
            f"{in2.chunks}); when it is small, rechunk it (in2.rechunk(-1)) or pass it as a "
            "NumPy array; both inputs large along the convolved axes are not supported"
        )
    chunked = [a for a in range(ndim) if len(in1.chunks[a]) > 1]
    passing = [a for a in chunked if a not in conv and s2[a] == 1]
    if set(chunked) - set(conv) - set(passing):
        a = sorted(set(chunked) - set(conv) - set(passing))[0]
        raise ValueError(
            f"{func.__name__}: in1 is chunked along axis {a}, where in2 is not of length 1 "
            f"and no convolution runs; rechunk in1 there, e.g. in1.rechunk({{{a}: -1}})"
        )
    halo_axes = [a for a in conv if a in chunked]
    if halo_axes and swap:
        raise ValueError(
            f"{func.__name__}: in 'valid' mode in2 is larger than in1, whose chunked axes "
            f"{halo_axes} must then be one chunk; rechunk in1, e.g. in1.rechunk(-1)"
        )
    full_len = [s1[a] + s2[a] - 1 for a in range(ndim)]
    valid_len = [s1[a] - s2[a] + 1 for a in range(ndim)]
    out_len = {"full": full_len, "same": list(s1), "valid": valid_len}[mode]
    if not halo_axes:  # every convolved axis whole in each chunk: SciPy's call per chunk
        out = [
            in1.chunks[a] if a in passing else (out_len[a] if a in conv else max(s1[a], s2[a]),)
            for a in range(ndim)
        ]
        return whole(func, in1, out, dtype, kernel=in2, mode=mode, **kwargs)
    # Output j of a convolved axis is sum_k h[k] x[j + shift - k]: the kernel reaches
    # len(h) - 1 - shift samples back and shift ahead.
    shift = {"full": 0, "same": None, "valid": None}[mode]
    halos, pads, x = {}, {}, in1
    for a in conv:
        k = s2[a]
        sh = shift if shift is not None else ((k - 1) // 2 if mode == "same" else k - 1)
        if a in halo_axes:
            halos[a] = (max(k - 1 - sh, sh), k - 1 - sh, sh)
            if mode == "full":  # the last len(h) - 1 outputs read zeros after the end
                x = da.pad(x, [(0, k - 1) if b == a else (0, 0) for b in range(ndim)])
        else:
            pads[a] = (k - 1 - sh, sh + out_len[a] - s1[a])
    ext, out = x, list(x.chunks)
    for a, (depth, _, _) in halos.items():
        ext, out[a] = _halo(ext, a, depth)
    for a in pads:
        out[a] = (out_len[a],)
    task = functools.partial(_conv_block, func=func, halos=halos, pads=pads, kwargs=kwargs)
    y = whole(task, ext, out, dtype, kernel=in2)
    if mode == "valid":
        y = y[tuple(slice(0, out_len[a]) if a in halos else slice(None) for a in range(ndim))]
    return y


@implements(filtering.fftconvolve)
def fftconvolve(in1, in2, mode="full", axes=None):
    if in1.ndim or in2.ndim:
        check_fftconvolve(in1, in2, mode)
    return _convolution(filtering.fftconvolve, in1, in2, mode, axes, {"axes": axes})


@implements(filtering.oaconvolve)
def oaconvolve(in1, in2, mode="full", axes=None):
    if in1.ndim or in2.ndim:
        check_fftconvolve(in1, in2, mode)
    return _convolution(filtering.oaconvolve, in1, in2, mode, axes, {"axes": axes})


@implements(filtering.convolve)
def convolve(in1, in2, mode="full", method="auto"):
    if in1.ndim or in2.ndim:
        check_convolve(in1, in2, mode, method)
        swap_needed(mode, in1.shape, in2.shape, range(in1.ndim))  # SciPy's 'valid' check
    return _convolution(filtering.convolve, in1, in2, mode, None, {"method": method})


@implements(filtering.correlate)
def correlate(in1, in2, mode="full", method="auto"):
    if in1.ndim or in2.ndim:
        check_correlate(in1, in2, mode)
        check_convolve(in1, in2, mode, method)
        swap_needed(mode, in1.shape, in2.shape, range(in1.ndim))
    return _convolution(filtering.correlate, in1, in2, mode, None, {"method": method})


# -- upfirdn and resample_poly -------------------------------------------------------------
def _upfirdn_whole(x, h, **kwargs):
    return filtering.upfirdn(h, x, **kwargs)


def _upfirdn_block(block, h, index, *, axis, up, down, plans):
    skip, start, count = plans[int(index[0])]
    xp = array_namespace(block)
    if skip:  # outputs u = r + k * down of the block become outputs of zeros + h
        h = xp.concat([xp.zeros(skip, dtype=h.dtype), xp.asarray(h)])
    y = filtering.upfirdn(h, block, up, down, axis)
    index = [slice(None)] * block.ndim
    index[axis] = slice(start, start + count)
    return y[tuple(index)]


@implements(filtering.upfirdn)
def upfirdn(h, x, up=1, down=1, axis=-1, mode="constant", cval=0):
    up, down, mode = check_upfirdn(h, up, down, mode)
    axis = axis_index(axis, x.ndim)
    dtype = _probe_dtype(filtering.upfirdn, h, x)
    n, n_h = x.shape[axis], h.shape[0]
    n_out = ((n - 1) * up + n_h - 1) // down + 1
    if len(x.chunks[axis]) == 1:
        out = [(n_out,) if a == axis else c for a, c in enumerate(x.chunks)]
        return whole(
            _upfirdn_whole,
            x,
            out,
            dtype,
            kernel=h,
            up=up,
            down=down,
            axis=axis,
            mode=mode,
            cval=cval,
        )
    pad = -(-(n_h - 1) // up)  # input samples the filter reaches beyond each edge
    xd = x.astype(dtype)
    left, right = edge_extension(xd, axis, pad, pad, mode, cval)
    xe = da.concatenate([p for p in (left, xd, right) if p.shape[axis]], axis=axis)
    depth = pad + 1  # one more sample keeps the last wanted output inside each block
    ext, sizes = _halo(xe, axis, depth)
    plans, out = [], []
    for lo, hi in zip(_offsets(sizes)[:-1], _offsets(sizes)[1:], strict=True):
        # Output m sits at u = (pad + m * down / up) samples of the extended signal;
        # a chunk computes the outputs whose u falls in it.
        m0 = min(max(-(-(lo - pad) * up // down), 0), n_out)
        m1 = min(max(-(-(hi - pad) * up // down), 0), n_out)
        r = pad * up + m0 * down - (lo - depth) * up
        skip = -r % down
        plans.append((skip, (r + skip) // down, m1 - m0))
        out.append(m1 - m0)
    chunks = [tuple(out) if a == axis else c for a, c in enumerate(ext.chunks)]
    task = functools.partial(_upfirdn_block, axis=axis, up=up, down=down, plans=plans)
    return whole(task, ext, chunks, dtype, kernel=h, block_axis=axis)


def _background_block(x, *, padtype, axis):
    xp = array_namespace(x)
    from ..._core.arrays import extreme, median

    if padtype == "median":
        return median(x, axis, keepdims=True, xp=xp)
    return extreme(x, axis, padtype == "maximum", keepdims=True, xp=xp)


def _background(x, padtype, axis):
    if padtype == "mean":
        return da.mean(x, axis=axis, keepdims=True)
    if padtype != "median" and x.dtype.kind != "c":
        reduce = da.max if padtype == "maximum" else da.min
        return reduce(x, axis=axis, keepdims=True)
    # Median (and complex extremes, NumPy's lexicographic order): the whole axis per task.
    whole_axis = x.rechunk({axis: -1})
    out = [(1,) if a == axis else c for a, c in enumerate(whole_axis.chunks)]
    task = functools.partial(_background_block, padtype=padtype, axis=axis)
    return whole(task, whole_axis, out, x.dtype)


@implements(filtering.resample_poly)
def resample_poly(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    up, down = resample_rates(up, down, padtype, cval)
    axis = axis_index(axis, x.ndim)
    if up == down == 1:
        return x.copy()
    like = x._meta
    h, half_len = resample_poly_taps(window, up, down, like, xp=array_namespace(like))
    n_pre_pad, n_post_pad, n_pre_remove, n_out = resample_poly_plan(
        h.shape[0], half_len, x.shape[axis], up, down
    )
    h = pad_last(h * up, n_pre_pad, n_post_pad, xp=array_namespace(h))
    keep = tuple(
        slice(n_pre_remove, n_pre_remove + n_out) if a == axis else slice(None)
        for a in range(x.ndim)
    )
    if padtype in ("mean", "median", "minimum", "maximum"):
        xf = x
        if padtype in ("mean", "median"):
            xf = x.astype(np.result_type(np.float64 if x.dtype.kind in "biu" else x.dtype))
        background = _background(xf, padtype, axis)
        y = upfirdn(h, xf - background, up, down, axis, "constant", 0)[keep]
        return y + background.astype(y.dtype)
    if padtype not in UPFIRDN_MODES:
        raise ValueError(
            "padtype must be one of: maximum, mean, median, minimum, " + ", ".join(UPFIRDN_MODES)
        )
    return upfirdn(h, x, up, down, axis, padtype, 0 if cval is None else cval)[keep]


# -- smoothing filters ----------------------------------------------------------------------
def _savgol_block(block, *, depth, axis, **kwargs):
    y = filtering.savgol_filter(block, axis=axis, mode="constant", **kwargs)
    index = [slice(None)] * block.ndim
    index[axis] = slice(depth, block.shape[axis] - depth)
    return y[tuple(index)]


@implements(filtering.savgol_filter)
def savgol_filter(
    x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0
):
    savgol_taps(window_length, polyorder, deriv, delta, mode)
    axis = axis_index(axis, x.ndim)
    n = x.shape[axis]
    check_savgol_length(window_length, mode, n)
    fit = {"window_length": window_length, "polyorder": polyorder, "deriv": deriv, "delta": delta}
    dtype = savgol_dtype(np.dtype(x.dtype))
    if len(x.chunks[axis]) == 1:
        return whole(
            filtering.savgol_filter, x, x.chunks, dtype, axis=axis, mode=mode, cval=cval, **fit
        )
    half = window_length // 2
    xd = x.astype(dtype)
    ends = edge_extension(xd, axis, half, half, "constant" if mode == "interp" else mode, cval)
    xe = da.concatenate([p for p in (ends[0], xd, ends[1]) if p.shape[axis]], axis=axis)
    ext, sizes = _halo(xe, axis, half)
    task = functools.partial(_savgol_block, depth=half, axis=axis, **fit)
    chunks = [sizes if a == axis else c for a, c in enumerate(ext.chunks)]
    y = whole(task, ext, chunks, dtype)
    y = y[tuple(slice(half, half + n) if a == axis else slice(None) for a in range(x.ndim))]
    if mode != "interp" or not half:
        return y

    # 'interp': the first and last `half` outputs are polynomial fits to the first and
    # last windows, as SciPy's; the interior is the plain convolution.
    def window(lo):
        part = xd[
            tuple(
                slice(lo, lo + window_length) if a == axis else slice(None) for a in range(x.ndim)
            )
        ].rechunk({axis: -1})
        return whole(filtering.savgol_filter, part, part.chunks, dtype, axis=axis, **fit)

    def cut(a, lo, hi):
        return a[tuple(slice(lo, hi) if b == axis else slice(None) for b in range(x.ndim))]

    first, last = window(0), window(n - window_length)
    middle = cut(y, half, n - half)
    return da.concatenate(
        [cut(first, 0, half), middle, cut(last, window_length - half, window_length)], axis=axis
    )


def _medfilt_block(block, *, kernel):
    return filtering.medfilt(block, kernel)


@implements(filtering.medfilt)
def medfilt(volume, kernel_size=None):
    if volume.ndim == 0 or math.prod(volume.shape) == 0:  # nothing to split: one task
        probe = filtering.medfilt(np.ones(volume.shape, volume.dtype), kernel_size)
        task = dask.delayed(filtering.medfilt)(volume, kernel_size)
        return da.from_delayed(
            task, probe.shape, dtype=probe.dtype, meta=meta(volume, probe.dtype, probe.ndim)
        )
    kernel = medfilt_kernel(kernel_size, volume.shape, np_dtype(volume.dtype, xp=np))
    dtype = _probe_dtype(filtering.medfilt, volume, kernel_size=1)
    depth = {a: k // 2 for a, k in enumerate(kernel)}
    return da.map_overlap(
        functools.partial(_medfilt_block, kernel=kernel),
        volume,
        depth=depth,
        boundary=0,
        dtype=dtype,
        meta=meta(volume, dtype),
    )
