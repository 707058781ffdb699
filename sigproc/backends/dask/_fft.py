"""Dask backend: transforms of whole axes (``sigproc.fft``, hilbert, resample) and reductions.

* ``sigproc.fft`` transforms, ``hilbert``, ``resample``: the transformed axes
  must each be one chunk (``ValueError`` from ``require_one_chunk`` otherwise,
  with the rechunk to do); one task per chunk runs the chunk library's
  transform. The result is chunked as the input, the transformed axes one
  chunk of their output length. ``fftshift``/``ifftshift`` are dask's own
  (lazy slices and concatenations, any chunking).
* ``detrend``: "constant" subtracts a lazy mean; "linear" (with breakpoints
  `bp`, one line per piece) subtracts the least-squares line from lazy sums
  of ``x`` and ``t * x`` over a centred abscissa ``t``. Chunked as the input
  (a piece boundary inside a chunk splits it).
* ``aggregate``: lazy tree reductions (dask's, or the core's array-API
  formulas on the dask array); "median" and "nanmedian" gather the reduced
  axis into one chunk per channel block (memory: one such block of the whole
  axis per task) and run sigproc's aggregate on it. ``ranged_aggregate``:
  ``aggregate`` of each band's samples (coordinates on the host), stacked
  into one chunk along `axis`. ``bandpower``: the public ``welch`` or
  ``periodogram`` on the dask array (the frequency axis then gathered into
  one chunk), then the core's band integration per chunk.
"""

import functools

import dask.array as da
import numpy as np
from array_api_compat import array_namespace

from ... import fft as fft_api
from ... import filtering, spectral
from ..._core import aggregate as aggregate_core
from ..._core.fft import check_norm_plan, normalize_axis, shape_axes, transform_length
from ..._core.names import (
    FFT_N_AXES,
    FFT_ONE_AXIS,
    FFT_SHIFTS,
    FFT_TRIG_N_AXES,
    FFT_TRIG_ONE_AXIS,
)
from ...aggregate import aggregate, bandpower, ranged_aggregate
from . import implements
from ._fir import whole
from ._tools import require_one_chunk


def _probe(name, x, **kwargs):
    """The transform's dtype, with SciPy's dtype and argument errors, from a tiny NumPy call."""
    return getattr(fft_api, name)(np.ones((2,) * x.ndim, dtype=x.dtype), **kwargs).dtype


def _call(block, *, name, kwargs):
    return getattr(fft_api, name)(block, **kwargs)


def _transform(name, x, lengths, kwargs, dtype):
    """`name` per chunk; `lengths` maps each transformed axis to its output length."""
    for a in lengths:
        require_one_chunk(x, a, name)
    out = [(lengths[a],) if a in lengths else c for a, c in enumerate(x.chunks)]
    task = functools.partial(_call, name=name, kwargs=kwargs)
    return whole(task, x, out, dtype)


_HALF = ("rfft", "ihfft", "rfftn", "ihfftn", "rfft2", "ihfft2")
_FROM_HALF = ("irfft", "hfft", "irfftn", "hfftn", "irfft2", "hfft2")


def _one_axis(name):
    def impl(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
        check_norm_plan(norm, plan)
        axis = normalize_axis(axis, x.ndim)
        m = x.shape[axis]
        n = transform_length((2 * (m - 1) if name in _FROM_HALF else m) if n is None else n)
        dtype = _probe(name, x, axis=axis, norm=norm)
        length = n // 2 + 1 if name in _HALF else n
        kwargs = {"n": n, "axis": axis, "norm": norm, "workers": workers}
        return _transform(name, x, {axis: length}, kwargs, dtype)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


def _n_axes(name):
    default_axes = (-2, -1) if name.endswith("2") else None

    def impl(
        x, s=None, axes=default_axes, norm=None, overwrite_x=False, workers=None, *, plan=None
    ):
        check_norm_plan(norm, plan)
        shape, axes_ = shape_axes(x, s, axes, inverse_real=name in _FROM_HALF)
        kwargs = {"axes": axes_, "norm": norm}
        dtype = _probe(name, x, **kwargs) if axes_ else x.dtype
        if not axes_:  # SciPy's error for the real transforms, else x itself
            getattr(fft_api, name)(np.ones((1,) * x.ndim, x.dtype), s=s, axes=axes)
            return x
        lengths = dict(zip(axes_, shape, strict=True))
        if name in _HALF:
            lengths[axes_[-1]] = shape[-1] // 2 + 1
        return _transform(name, x, lengths, {"s": shape, **kwargs, "workers": workers}, dtype)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


def _trig_one_axis(name):
    def impl(
        x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None
    ):
        axis = normalize_axis(axis, x.ndim)
        n = transform_length(x.shape[axis] if n is None else n)
        kwargs = {"type": type, "axis": axis, "norm": norm, "orthogonalize": orthogonalize}
        dtype = _probe(name, x, **kwargs)
        return _transform(name, x, {axis: n}, {"n": n, **kwargs, "workers": workers}, dtype)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


def _trig_n_axes(name):
    def impl(
        x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
    ):
        shape, axes_ = shape_axes(x, s, axes)
        if not axes_:
            return x
        kwargs = {"type": type, "axes": axes_, "norm": norm, "orthogonalize": orthogonalize}
        dtype = _probe(name, x, **kwargs)
        lengths = dict(zip(axes_, shape, strict=True))
        return _transform(name, x, lengths, {"s": shape, **kwargs, "workers": workers}, dtype)

    impl.__name__ = impl.__qualname__ = name
    if name == "dctn":  # keyword-only there, as in SciPy 1.17's signature

        def dctn(
            x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *,
            orthogonalize=None,
        ):  # fmt: skip
            return impl(x, type, s, axes, norm, overwrite_x, workers, orthogonalize)

        return implements(fft_api.dctn)(dctn)
    return implements(getattr(fft_api, name))(impl)


for _name in FFT_ONE_AXIS:
    _one_axis(_name)
for _name in FFT_N_AXES:
    _n_axes(_name)
for _name in FFT_TRIG_ONE_AXIS:
    _trig_one_axis(_name)
for _name in FFT_TRIG_N_AXES:
    _trig_n_axes(_name)


def _shift(name):
    def impl(x, axes=None):
        if isinstance(axes, int | np.integer):
            axes = normalize_axis(axes, x.ndim)
        elif axes is not None:
            axes = [normalize_axis(a, x.ndim) for a in axes]
        return getattr(da.fft, name)(x, axes=axes)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


for _name in FFT_SHIFTS:
    _shift(_name)


def _hankel(name, a, dln, mu, offset, bias):
    kwargs = {"dln": dln, "mu": mu, "offset": offset, "bias": bias}
    dtype = getattr(fft_api, name)(np.ones(2, a.dtype), **kwargs).dtype
    return _transform(name, a, {a.ndim - 1: a.shape[-1]}, kwargs, dtype)


@implements(fft_api.fht)
def fht(a, dln, mu, offset=0.0, bias=0.0):
    return _hankel("fht", a, dln, mu, offset, bias)


@implements(fft_api.ifht)
def ifht(A, dln, mu, offset=0.0, bias=0.0):
    return _hankel("ifht", A, dln, mu, offset, bias)


# -- analytic signal and Fourier resampling -------------------------------------------------
@implements(filtering.hilbert)
def hilbert(x, N=None, axis=-1):
    axis = normalize_axis(axis, x.ndim)
    dtype = filtering.hilbert(np.ones(2, x.dtype)).dtype  # also SciPy's "x must be real."
    N = x.shape[axis] if N is None else N
    if N <= 0:
        raise ValueError("N must be positive.")
    require_one_chunk(x, axis, "hilbert")
    out = [(N,) if a == axis else c for a, c in enumerate(x.chunks)]
    return whole(filtering.hilbert, x, out, dtype, N=N, axis=axis)


@implements(filtering.resample)
def resample(x, num, t=None, axis=0, window=None, domain="time"):
    axis = normalize_axis(axis, x.ndim)
    if domain not in ("time", "freq"):
        raise ValueError(f"Parameter {domain=} not in ('time', 'freq')!")
    num = int(num)
    if num < 1 or x.shape[axis] < 1:
        raise ValueError(f"invalid number of data points ({min(num, x.shape[axis])}) specified")
    dtype = filtering.resample(np.ones(2, x.dtype), 2, domain=domain).dtype
    require_one_chunk(x, axis, "resample")
    out = [(num,) if a == axis else c for a, c in enumerate(x.chunks)]
    kwargs = {"num": num, "axis": axis, "window": window, "domain": domain}
    y = whole(filtering.resample, x, out, dtype, **kwargs)
    if t is None:
        return y
    xp = array_namespace(t)
    tdt = np.result_type(t.dtype, np.float64)
    step = (t[1] - t[0]) * (x.shape[axis] / num)
    return y, xp.astype(t[0], tdt) + xp.astype(step, tdt) * xp.arange(num, dtype=tdt)


# -- detrend ----------------------------------------------------------------------------------
def _line_removed(piece, axis, dtype):
    """`piece` less its least-squares line along `axis` (lazy sums over a centred abscissa)."""
    m = piece.shape[axis]
    rdt = np.float32 if dtype in (np.float32, np.complex64) else np.float64
    t = da.arange(m, dtype=rdt, chunks=(piece.chunks[axis],)) - rdt((m - 1) / 2)
    t = t.reshape([m if a == axis else 1 for a in range(piece.ndim)])
    tt = float(np.sum((np.arange(m) - (m - 1) / 2) ** 2)) or 1.0
    slope = (piece * t).sum(axis=axis, keepdims=True) / tt
    return piece - piece.mean(axis=axis, keepdims=True) - slope * t


@implements(spectral.detrend)
def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    dtype = spectral.detrend(np.ones(2, data.dtype), type=type).dtype
    axis = normalize_axis(axis, data.ndim)
    d = data.astype(dtype)
    n = d.shape[axis]
    if type in ("constant", "c"):
        return d - d.mean(axis=axis, keepdims=True).astype(dtype)
    edges = np.sort(np.unique(np.concatenate(np.atleast_1d(0, np.asarray(bp), n))))
    if np.any(edges > n):
        raise ValueError("Breakpoints must be less than length of data along given axis.")
    pieces = [
        _line_removed(
            d[tuple(slice(lo, hi) if a == axis else slice(None) for a in range(d.ndim))],
            axis,
            dtype,
        )
        for lo, hi in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True)
    ]
    out = pieces[0] if len(pieces) == 1 else da.concatenate(pieces, axis=axis)
    return out.astype(dtype)


# -- aggregates -------------------------------------------------------------------------------
def _whole_axis(x, axis, func):
    """``aggregate(block, func)`` with `axis` gathered into one chunk per channel block."""
    gathered = x.rechunk({axis: -1})
    dtype = aggregate(np.ones(1, x.dtype), func).dtype
    out = [(1,) if a == axis else c for a, c in enumerate(gathered.chunks)]
    task = functools.partial(_aggregate_block, func=func, axis=axis)
    return whole(task, gathered, out, dtype).squeeze(axis=axis)


def _aggregate_block(block, *, func, axis):
    return array_namespace(block).expand_dims(aggregate(block, func, axis), axis=axis)


@implements(aggregate)
def _aggregate(x, func="mean", axis=-1, *, coords=None):
    xp = array_namespace(x)
    moved, coords, axis = aggregate_core._prepare(x, func, axis, coords, func == "trapezoid", xp=xp)
    if moved.shape[-1] == 0 and func not in ("sum", "nansum", "trapezoid"):
        raise ValueError(f"cannot compute {func!r} over an empty axis")
    if func in ("median", "nanmedian"):
        return _whole_axis(moved, moved.ndim - 1, func)
    if func in ("var", "std") and moved.dtype.kind != "c":
        var = da.var(aggregate_core._float(moved, xp=xp), axis=-1)
        return var if func == "var" else da.sqrt(var)
    if func in ("argmax", "argmin"):
        index = (da.argmax if func == "argmax" else da.argmin)(moved, axis=-1).astype(np.int64)
        if coords is None:
            return index
        return whole(_take, index, index.chunks, coords.dtype, kernel=coords)
    # The core's formulas are array-API operations: lazy dask ones here.
    return aggregate_core.aggregate(x, func, axis, coords=coords)


def _take(index, coords):
    return coords[index]


@implements(ranged_aggregate)
def _ranged_aggregate(x, coords, bands, func="mean", axis=-1):
    if isinstance(coords, da.Array):
        raise ValueError(
            "ranged_aggregate on dask arrays needs coords as a NumPy array (the band "
            "selection is planned on the host); compute them first (coords.compute())"
        )
    if coords is None:
        raise ValueError("coords is required: the coordinates of x along axis")
    xp = array_namespace(x)
    _, coords, axis = aggregate_core._prepare(x, func, axis, coords, True, xp=xp)
    host = np.asarray(coords)
    edges = aggregate_core._band_edges(bands)
    mask = aggregate_core._band_mask(host, edges, xp=np)
    aggregate_core._require_nonempty(mask, edges, xp=np)
    if func == "trapezoid":
        step = np.diff(host)
        if not (np.all(step >= 0) or np.all(step <= 0)):
            raise ValueError("coords must be monotonic for func='trapezoid'")
    results = []
    for row in mask:
        (index,) = np.nonzero(row)
        lo, hi = int(index[0]), int(index[-1]) + 1
        part = slice(lo, hi) if hi - lo == len(index) else index
        picked = x[tuple(part if a == axis else slice(None) for a in range(x.ndim))]
        results.append(_aggregate(picked, func, axis, coords=coords[part]))
    return da.stack(results, axis=axis).rechunk({axis: -1})


def _band_block(psd, freqs, *, fs, bands, axis, method, relative):
    return aggregate_core.bandpower(
        psd, fs, bands, axis=axis, method=method, relative=relative,
        estimators={method: lambda *args, **kwargs: (freqs, psd)},
    )  # fmt: skip


@implements(bandpower)
def _bandpower(x, fs, bands, *, axis=-1, method="welch", relative=False, **welch_kwargs):
    # The core's checks of fs, method and bands, on a one-sample stand-in for x.
    probe = np.ones(1)
    aggregate_core.bandpower(
        probe, fs, bands, method=method,
        estimators={method: lambda *args, **kwargs: (np.zeros(1), probe)},
    )  # fmt: skip
    axis = normalize_axis(axis, x.ndim)
    if x.shape[axis] == 0:
        raise ValueError(f"bandpower needs samples along axis {axis}, got shape {x.shape}")
    estimate = spectral.welch if method == "welch" else spectral.periodogram
    freqs, psd = estimate(x, fs=fs, axis=axis, **welch_kwargs)
    psd = psd.rechunk({axis: -1})
    n_bands = len(aggregate_core._band_edges(bands))
    out = [(n_bands,) if a == axis else c for a, c in enumerate(psd.chunks)]
    task = functools.partial(
        _band_block, fs=float(fs), bands=bands, axis=axis, method=method, relative=relative
    )
    return whole(task, psd, out, psd.dtype, kernel=freqs)
