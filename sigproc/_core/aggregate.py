"""Portable aggregates: ``aggregate``, ``ranged_aggregate``, ``bandpower``.

Every reduction runs on the last axis after ``moveaxis``. Per-band
reductions are vectorised: sums (and so means and trapezoid integrals) are a
matrix product with the (n_bands, n) band mask, done on the finite part of
the data with NaN/inf bookkeeping so that a NaN in one band does not leak
into the others through ``0 * nan``; the other statistics reduce a masked
(..., n_bands, n) view (fill values -inf/inf/NaN outside the band).
"""

import math

import numpy as np
from array_api_compat import array_namespace, device, is_array_api_obj
from numpy.exceptions import AxisError

from .arrays import require_concrete
from .names import FUNCS

_ORDERED = {"median", "max", "min", "range", "argmax", "argmin"}
_ORDERED |= {"nan" + f for f in _ORDERED}
_MATMUL = {"sum", "nansum", "mean", "nanmean", "trapezoid"}


# -- argument checks ---------------------------------------------------------------------
def _check_func(func):
    if not isinstance(func, str) or func not in FUNCS:
        raise ValueError(f"func must be one of {', '.join(FUNCS)}; got {func!r}")


def _prepare(x, func, axis, coords, need_coords, *, xp):
    """Validate; return x (moved to the last axis, bool as int64), coords, the axis."""
    _check_func(func)
    if x.ndim == 0:
        raise ValueError("x must have at least one dimension")
    if not -x.ndim <= axis < x.ndim:
        raise AxisError(axis, x.ndim)
    axis %= x.ndim
    n = x.shape[axis]
    if coords is None and need_coords:
        raise ValueError(f"func={func!r} needs coords (the sample coordinates along axis)")
    if coords is not None:
        if coords.ndim != 1 or coords.shape[0] != n:
            raise ValueError(
                f"coords must be 1-D of length x.shape[axis] = {n}, got shape {tuple(coords.shape)}"
            )
        if xp.isdtype(coords.dtype, "complex floating"):
            raise TypeError("coords must be real")
    if func in _ORDERED and xp.isdtype(x.dtype, "complex floating"):
        raise TypeError(f"func={func!r} orders values and does not accept complex x")
    if x.dtype == xp.bool:
        x = xp.astype(x, xp.int64)
    return xp.moveaxis(x, axis, -1), coords, axis


def _float(x, *, xp):
    """Integers are reduced in float64, as NumPy's mean/median/std/var do."""
    if xp.isdtype(x.dtype, ("real floating", "complex floating")):
        return x
    return xp.astype(x, xp.float64)


def _real_dtype(dtype, *, xp):
    return {xp.complex64: xp.float32, xp.complex128: xp.float64}.get(dtype, dtype)


def _abs2(z, *, xp):
    if xp.isdtype(z.dtype, "complex floating"):
        return xp.real(z) ** 2 + xp.imag(z) ** 2
    return z * z


def _fill(dtype, largest, *, xp):
    """The fill value that loses every max (largest=False) or min (largest=True)."""
    if xp.isdtype(dtype, "real floating"):
        return math.inf if largest else -math.inf
    info = xp.iinfo(dtype)
    return info.max if largest else info.min


# -- whole-axis reductions (on the last axis) ----------------------------------------------
def _nan_aware_median(x, ignore_nan, *, xp):
    x = _float(x, xp=xp)
    n = x.shape[-1]
    nan = xp.isnan(x)
    ordered = xp.sort(x, axis=-1)  # NaN sorts last in NumPy, torch and CuPy
    if not ignore_nan:
        middle = (ordered[..., (n - 1) // 2] + ordered[..., n // 2]) / 2
        return xp.where(xp.any(nan, axis=-1), xp.nan, middle)
    count = xp.sum(xp.astype(~nan, xp.int64), axis=-1, keepdims=True)
    lo = xp.take_along_axis(ordered, xp.clip((count - 1) // 2, 0, None), axis=-1)
    hi = xp.take_along_axis(ordered, count // 2, axis=-1)  # in range even for count 0
    middle = ((lo + hi) / 2)[..., 0]
    return xp.where(count[..., 0] == 0, xp.nan, middle)


def _nanmean(x, keepdims=False, *, xp):
    x = _float(x, xp=xp)
    valid = ~xp.isnan(x)
    count = xp.sum(xp.astype(valid, _real_dtype(x.dtype, xp=xp)), axis=-1, keepdims=keepdims)
    total = xp.sum(xp.where(valid, x, 0), axis=-1, keepdims=keepdims)
    return _safe_mean(total, count, xp=xp)


def _var(x, ignore_nan, *, xp):
    x = _float(x, xp=xp)
    if not ignore_nan:
        if not xp.isdtype(x.dtype, "complex floating"):
            return xp.var(x, axis=-1, correction=0)
        dev = x - xp.mean(x, axis=-1, keepdims=True)
        return xp.mean(_abs2(dev, xp=xp), axis=-1)
    valid = ~xp.isnan(x)
    dev = xp.where(valid, _abs2(x - _nanmean(x, keepdims=True, xp=xp), xp=xp), 0)
    return _safe_mean(xp.sum(dev, axis=-1), xp.sum(xp.astype(valid, dev.dtype), axis=-1), xp=xp)


def _nanextreme(x, largest, *, xp):
    if not xp.isdtype(x.dtype, "real floating"):
        return xp.max(x, axis=-1) if largest else xp.min(x, axis=-1)
    nan = xp.isnan(x)
    filled = xp.where(nan, -math.inf if largest else math.inf, x)
    out = xp.max(filled, axis=-1) if largest else xp.min(filled, axis=-1)
    return xp.where(xp.all(nan, axis=-1), xp.nan, out)


def _trapezoid(y, coords, *, xp):
    y, c = _common_float(_float(y, xp=xp), coords, xp=xp)
    return xp.sum((c[1:] - c[:-1]) * (y[..., 1:] + y[..., :-1]), axis=-1) / 2


def _common_float(y, coords, *, xp):
    """Cast y and real coords to their floating result type (coords stays real)."""
    c = _float(coords, xp=xp)
    dtype = xp.result_type(y.dtype, c.dtype)
    return xp.astype(y, dtype), xp.astype(c, _real_dtype(dtype, xp=xp))


def _arg(x, coords, largest, *, xp):
    index = xp.argmax(x, axis=-1) if largest else xp.argmin(x, axis=-1)
    index = xp.astype(index, xp.int64)
    if coords is None:
        return index
    return xp.reshape(xp.take(coords, xp.reshape(index, (-1,))), index.shape)


def _reduce(x, func, coords, *, xp):
    """``func`` over the last axis of x."""
    if func in ("sum", "nansum"):
        return xp.sum(xp.where(xp.isnan(x), 0, x) if func == "nansum" else x, axis=-1)
    if func == "mean":
        x = _float(x, xp=xp)
        return xp.sum(x, axis=-1) / x.shape[-1]
    if func in ("max", "min"):
        return xp.max(x, axis=-1) if func == "max" else xp.min(x, axis=-1)
    if func == "range":
        return xp.max(x, axis=-1) - xp.min(x, axis=-1)
    if func in ("median", "nanmedian"):
        return _nan_aware_median(x, func == "nanmedian", xp=xp)
    if func in ("var", "std", "nanstd"):
        var = _var(x, func == "nanstd", xp=xp)
        return var if func == "var" else xp.sqrt(var)
    if func in ("argmax", "argmin"):
        return _arg(x, coords, func == "argmax", xp=xp)
    if func == "nanmean":
        return _nanmean(x, xp=xp)
    if func in ("nanmax", "nanmin"):
        return _nanextreme(x, func == "nanmax", xp=xp)
    return _trapezoid(x, coords, xp=xp)


def _array(x):
    # Lists and Python scalars reach the core through the numpy backend, whose
    # arrays they are (as SciPy takes any array_like).
    return x if is_array_api_obj(x) else np.asarray(x)


def aggregate(x, func="mean", axis=-1, *, coords=None):
    x = _array(x)
    coords = None if coords is None else _array(coords)
    xp = array_namespace(x)
    x, coords, axis = _prepare(x, func, axis, coords, func == "trapezoid", xp=xp)
    if x.shape[-1] == 0 and func not in ("sum", "nansum", "trapezoid"):
        raise ValueError(f"cannot compute {func!r} over an empty axis")
    if func == "nansum" and not xp.isdtype(x.dtype, ("real floating", "complex floating")):
        func = "sum"
    return xp.asarray(_reduce(x, func, coords, xp=xp))  # a 0-d array, never a NumPy scalar


# -- per-band reductions -----------------------------------------------------------------
def _band_edges(bands):
    """Host-side (n_bands, 2) float64 array of band edges, validated."""
    edges = np.asarray(bands, dtype=np.float64)
    if edges.ndim != 2 or edges.shape[1] != 2 or edges.shape[0] == 0:
        raise ValueError(
            f"bands must be a non-empty sequence of (lo, hi) pairs, got shape {edges.shape}"
        )
    for i, (lo, hi) in enumerate(edges):
        if not lo <= hi:
            raise ValueError(f"band {i} ({lo:g}, {hi:g}) must have lo <= hi")
    return edges


def _band_mask(coords, edges, *, xp):
    """(n_bands, n) boolean mask of the coordinates inside each band (inclusive)."""
    c = xp.astype(coords, xp.float64)  # compare as NumPy does: in float64
    e = xp.asarray(edges, device=device(coords))
    return (c >= e[:, 0:1]) & (c <= e[:, 1:2])


def _require_nonempty(mask, edges, *, xp):
    counts = xp.sum(xp.astype(mask, xp.int64), axis=-1)
    if int(xp.min(counts)) == 0:  # one host sync, for validation
        i = next(i for i in range(edges.shape[0]) if int(counts[i]) == 0)
        lo, hi = edges[i]
        raise ValueError(f"band {i} ({lo:g}, {hi:g}) contains no coordinate")


def _masked_sum_real(v, mask, *, xp):
    """Sum of real float v (..., n) over each band of mask (n_bands, n), NaN/inf kept local."""
    weights = xp.astype(mask, v.dtype)
    finite = xp.isfinite(v)
    total = xp.matmul(xp.where(finite, v, 0), weights.T)
    flags = xp.stack([xp.isnan(v), v == math.inf, v == -math.inf], axis=-2)
    flags = xp.matmul(xp.astype(flags, v.dtype), weights.T) > 0
    nan, pos, neg = flags[..., 0, :], flags[..., 1, :], flags[..., 2, :]
    total = xp.where(neg, -math.inf, total)
    total = xp.where(pos, math.inf, total)
    return xp.where(nan | (pos & neg), xp.nan, total)


def _masked_sum(v, mask, *, xp):
    if xp.isdtype(v.dtype, "complex floating"):
        re = _masked_sum_real(xp.real(v), mask, xp=xp)
        im = _masked_sum_real(xp.imag(v), mask, xp=xp)
        return xp.astype(re, v.dtype) + xp.astype(im, v.dtype) * 1j
    if xp.isdtype(v.dtype, "real floating"):
        return _masked_sum_real(v, mask, xp=xp)
    # Integers: exact sums (integer matmul is missing on some devices).
    return xp.sum(xp.where(mask, v[..., None, :], 0), axis=-1)


def _band_trapezoid(y, coords, mask, *, xp):
    step = coords[1:] - coords[:-1]
    if not (bool(xp.all(step >= 0)) or bool(xp.all(step <= 0))):
        raise ValueError("coords must be monotonic for func='trapezoid'")
    y, c = _common_float(_float(y, xp=xp), coords, xp=xp)
    pieces = (c[1:] - c[:-1]) * (y[..., 1:] + y[..., :-1])
    return _masked_sum(pieces, mask[:, 1:] & mask[:, :-1], xp=xp) / 2


def _band_sums(x, func, coords, mask, *, xp):
    if func == "trapezoid":
        return _band_trapezoid(x, coords, mask, xp=xp)
    if func.endswith("mean"):
        x = _float(x, xp=xp)
    real = _real_dtype(x.dtype, xp=xp)
    if func.startswith("nan") and xp.isdtype(x.dtype, ("real floating", "complex floating")):
        valid = ~xp.isnan(x)
        total = _masked_sum(xp.where(valid, x, 0), mask, xp=xp)
        count = xp.matmul(xp.astype(valid, real), xp.astype(mask, real).T)
    else:
        total = _masked_sum(x, mask, xp=xp)
        count = xp.sum(xp.astype(mask, real), axis=-1) if func.endswith("mean") else None
    return total if count is None or func == "nansum" else _safe_mean(total, count, xp=xp)


def _safe_mean(total, count, *, xp):
    """Total / count, NaN where count is 0 (an all-NaN slice), without a 0/0 warning."""
    positive = count > 0
    return xp.where(positive, total / xp.astype(xp.where(positive, count, 1), total.dtype), xp.nan)


def _band_reduce(x, func, coords, mask, *, xp):
    """``func`` over each band of mask (n_bands, n), for x (..., n): (..., n_bands)."""
    if func in _MATMUL:
        return _band_sums(x, func, coords, mask, xp=xp)
    if func == "range":
        return _band_reduce(x, "max", coords, mask, xp=xp) - _band_reduce(
            x, "min", coords, mask, xp=xp
        )
    view = x[..., None, :]
    inexact = xp.isdtype(x.dtype, ("real floating", "complex floating"))
    if func in ("median", "nanmedian", "std", "var", "nanstd"):
        view = xp.where(mask, _float(view, xp=xp), xp.nan)  # NaN marks "outside the band"
        if func.endswith("median"):
            out = _nan_aware_median(view, ignore_nan=True, xp=xp)
        else:
            out = _var(view, ignore_nan=True, xp=xp)
            out = out if func == "var" else xp.sqrt(out)
        if not func.startswith("nan") and inexact:  # a NaN inside the band gives NaN
            out = xp.where(xp.any(xp.isnan(x[..., None, :]) & mask, axis=-1), xp.nan, out)
        return out
    largest = func in ("max", "nanmax", "argmax")
    view = xp.where(mask, view, _fill(x.dtype, largest=not largest, xp=xp))
    if func in ("argmax", "argmin"):
        return _arg(view, coords, largest, xp=xp)
    if func in ("max", "min"):
        return xp.max(view, axis=-1) if largest else xp.min(view, axis=-1)
    out = _nanextreme(view, largest, xp=xp)
    if inexact:  # the fill hides an all-NaN band from _nanextreme
        all_nan = ~xp.any(mask & ~xp.isnan(x[..., None, :]), axis=-1)
        out = xp.where(all_nan, xp.nan, out)
    return out


def ranged_aggregate(x, coords, bands, func="mean", axis=-1):
    x = _array(x)
    coords = None if coords is None else _array(coords)
    xp = array_namespace(x)
    if coords is None:
        raise ValueError("coords is required: the coordinates of x along axis")
    require_concrete(
        "ranged_aggregate", x, coords, why="the span of samples the bands cover is read from coords"
    )
    x, coords, axis = _prepare(x, func, axis, coords, True, xp=xp)
    edges = _band_edges(bands)
    mask = _band_mask(coords, edges, xp=xp)
    _require_nonempty(mask, edges, xp=xp)
    # Work on the span of samples that some band covers: narrow bands over a
    # long axis (EEG bands of a 0-500 Hz spectrum) then cost little.
    covered = xp.astype(xp.any(mask, axis=0), xp.int8)
    first = int(xp.argmax(covered))
    stop = covered.shape[0] - int(xp.argmax(xp.flip(covered)))
    x, coords, mask = x[..., first:stop], coords[first:stop], mask[:, first:stop]
    return xp.moveaxis(_band_reduce(x, func, coords, mask, xp=xp), -1, axis)


# -- band power --------------------------------------------------------------------------
def bandpower(x, fs, bands, *, axis=-1, method="welch", relative=False, estimators, **welch_kwargs):
    """Band power from the PSD that ``estimators[method]`` (welch or periodogram) returns.

    The portable backend passes the public estimators, so that the signal's
    own backend computes the spectrum.
    """
    if method not in ("welch", "periodogram"):
        raise ValueError(f"method must be 'welch' or 'periodogram', got {method!r}")
    fs = float(fs)
    if not (math.isfinite(fs) and fs > 0):
        raise ValueError(f"fs must be positive and finite, got {fs!r}")
    edges = _band_edges(bands)
    for i, (lo, hi) in enumerate(edges):
        if lo < 0 or hi > fs / 2:
            raise ValueError(f"band {i} ({lo:g}, {hi:g}) is outside [0, fs/2] = [0, {fs / 2:g}] Hz")
    x = _array(x)
    if x.ndim == 0 or x.shape[axis] == 0:
        raise ValueError(f"bandpower needs samples along axis {axis}, got shape {tuple(x.shape)}")
    estimate = estimators[method]
    freqs, psd = estimate(x, fs=fs, axis=axis, **welch_kwargs)
    xp = array_namespace(psd)
    axis = axis % psd.ndim
    psd = xp.moveaxis(psd, axis, -1)
    mask = _band_mask(freqs, edges, xp=xp)
    freqs = xp.astype(freqs, psd.dtype)  # float32 PSDs stay float32
    pieces = (freqs[1:] - freqs[:-1]) * (psd[..., 1:] + psd[..., :-1])
    power = _masked_sum(pieces, mask[:, 1:] & mask[:, :-1], xp=xp) / 2
    if relative:
        power = power / (xp.sum(pieces, axis=-1, keepdims=True) / 2)
    return xp.moveaxis(power, -1, axis)
