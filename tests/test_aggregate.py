"""aggregate, ranged_aggregate and bandpower against NumPy/SciPy on every array library."""

import warnings

import numpy as np
import pytest
import scipy.integrate
import scipy.signal
from conftest import assert_close, assert_unchanged, tolerance

import sigproc
from sigproc.aggregate import FUNCS

REFERENCE = {
    "mean": np.mean,
    "median": np.median,
    "max": np.max,
    "min": np.min,
    "sum": np.sum,
    "std": np.std,
    "var": np.var,
    "range": np.ptp,
    "argmax": np.argmax,
    "argmin": np.argmin,
    "nanmean": np.nanmean,
    "nanmedian": np.nanmedian,
    "nanmax": np.nanmax,
    "nanmin": np.nanmin,
    "nansum": np.nansum,
    "nanstd": np.nanstd,
}
ORDERED = {"median", "max", "min", "range", "argmax", "argmin"}
ORDERED |= {"nan" + f for f in ORDERED}


def reference(x, func, axis=-1, coords=None):
    """NumPy/SciPy's answer (warnings about all-NaN slices silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if func == "trapezoid":
            return np.asarray(scipy.integrate.trapezoid(x, coords, axis=axis))
        out = np.asarray(REFERENCE[func](x, axis=axis))
    if func in ("argmax", "argmin"):
        out = out.astype(np.int64) if coords is None else coords[out]
    return out


def assert_close_nan(actual, expected, *, like, rtol=None):
    """assert_close for expected values holding NaN/inf (conftest's atol scale would be NaN)."""
    expected = np.asarray(expected)
    finite = np.abs(expected[np.isfinite(expected)])
    rtol = tolerance(expected.dtype) if rtol is None else rtol
    atol = rtol * (float(finite.max()) if finite.size else 0.0)
    assert_close(actual, expected, like=like, rtol=rtol, atol=atol)


def ranged_reference(x, coords, bands, func, axis=-1):
    x = np.moveaxis(x, axis, -1)
    parts = []
    for lo, hi in bands:
        m = (coords >= lo) & (coords <= hi)
        parts.append(reference(x[..., m], func, -1, coords[m]))
    return np.moveaxis(np.stack(parts, axis=-1), -1, axis)


def _data(rng, shape, dtype=np.float64, nan=False):
    x = rng.standard_normal(shape) + 3.0
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    if nan:
        x[..., 1] = np.nan
        x[0] = np.nan  # an all-NaN slice
    return x.astype(dtype)


# -- aggregate -----------------------------------------------------------------------------
@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_aggregate_matches_numpy(lib, rng, func, axis):
    x = _data(rng, (3, 4, 5))
    coords = np.cumsum(rng.random(x.shape[axis])) if func == "trapezoid" else None
    xin = lib.asarray(x)
    got = sigproc.aggregate(xin, func, axis=axis, coords=coords)
    assert_close(got, reference(x, func, axis, coords), like=lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("func", [f for f in FUNCS if f.startswith("nan")] + ["mean", "max"])
def test_aggregate_with_nan(lib, rng, func):
    x = _data(rng, (3, 6), nan=True)
    got = sigproc.aggregate(lib.asarray(x), func)
    assert_close_nan(got, reference(x, func), like=lib)


@pytest.mark.parametrize("func", ["median", "nanmedian"])
def test_median_is_a_true_median(lib, func):
    x = np.array([[4.0, 1.0, 3.0, 2.0], [5.0, 1.0, np.nan, 0.0]])
    got = sigproc.aggregate(lib.asarray(x), func)
    assert_close_nan(got, reference(x, func), like=lib)


@pytest.mark.parametrize("func", FUNCS)
def test_aggregate_float32(lib, rng, func):
    x = _data(rng, (2, 7), np.float32)
    coords = np.arange(7, dtype=np.float32) if func == "trapezoid" else None
    got = sigproc.aggregate(lib.asarray(x), func, coords=coords)
    assert_close(got, reference(x, func, -1, coords), like=lib, rtol=1e-4)


@pytest.mark.parametrize("func", [f for f in FUNCS if not f.startswith("nan")])
def test_aggregate_integers(lib, rng, func):
    x = rng.integers(-20, 20, (3, 6)).astype(np.int32)
    coords = np.arange(6) * 2 if func in ("trapezoid", "argmax") else None
    got = sigproc.aggregate(lib.asarray(x), func, coords=coords)
    assert_close(got, reference(x, func, -1, coords), like=lib)


@pytest.mark.parametrize("func", sorted(set(FUNCS) - ORDERED))
def test_aggregate_complex(lib, rng, func):
    x = _data(rng, (3, 6), np.complex128)
    coords = np.linspace(0.0, 1.0, 6) if func == "trapezoid" else None
    got = sigproc.aggregate(lib.asarray(x), func, coords=coords)
    assert_close(got, reference(x, func, -1, coords), like=lib)


@pytest.mark.parametrize("func", ["argmax", "argmin"])
def test_arg_extrema_return_coordinates(lib, rng, func):
    x = _data(rng, (4, 9))
    coords = np.linspace(10.0, 50.0, 9)
    got = sigproc.aggregate(lib.asarray(x), func, coords=coords)
    assert_close(got, reference(x, func, -1, coords), like=lib)


def test_aggregate_one_dimensional(lib, rng):
    x = _data(rng, (8,))
    for func in ("mean", "median", "argmax", "nanstd"):
        assert_close(sigproc.aggregate(lib.asarray(x), func), reference(x, func), like=lib)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"func": "average"}, ValueError, "func must be one of mean, median"),
        ({"func": "trapezoid"}, ValueError, "needs coords"),
        ({"func": "mean", "coords": np.arange(4.0)}, ValueError, "coords must be 1-D of length"),
        ({"func": "mean", "axis": 2}, ValueError, "axis 2 is out of bounds"),
        ({"func": "max", "complex": True}, TypeError, "complex"),
        ({"func": "argmin", "complex": True}, TypeError, "complex"),
        ({"func": "trapezoid", "coords": np.ones(5) * 1j}, TypeError, "coords must be real"),
    ],
)
def test_aggregate_errors(lib, kwargs, error, match):
    kwargs = dict(kwargs)
    x = np.ones((2, 5), dtype=np.complex128 if kwargs.pop("complex", False) else np.float64)
    with pytest.raises(error, match=match):
        sigproc.aggregate(lib.asarray(x), **kwargs)


def test_aggregate_empty_axis(lib):
    x = lib.asarray(np.ones((2, 0)))
    with pytest.raises(ValueError, match="empty axis"):
        sigproc.aggregate(x, "mean")
    assert_close(sigproc.aggregate(x, "sum"), np.zeros(2), like=lib)


# -- ranged_aggregate ------------------------------------------------------------------------
BANDS = [(0.0, 2.5), (2.0, 7.0), (6.9, 10.0), (4.0, 4.0)]
COORDS = np.linspace(0.0, 10.0, 11)


@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize("axis", [0, -1])
def test_ranged_matches_numpy(lib, rng, func, axis):
    x = np.moveaxis(_data(rng, (3, 2, 11)), -1, axis)
    xin = lib.asarray(x)
    got = sigproc.ranged_aggregate(xin, COORDS, BANDS, func, axis=axis)
    assert_close(got, ranged_reference(x, COORDS, BANDS, func, axis), like=lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("func", FUNCS)
def test_ranged_narrow_bands(lib, rng, func):
    # Bands covering a small part of the axis (only that span is reduced).
    x = _data(rng, (2, 3, 41))
    coords = np.linspace(0.0, 40.0, 41)
    bands = [(12.0, 15.0), (15.0, 15.5), (20.0, 22.0)]
    got = sigproc.ranged_aggregate(lib.asarray(x), coords, bands, func)
    assert_close(got, ranged_reference(x, coords, bands, func), like=lib)


@pytest.mark.parametrize("func", FUNCS)
def test_ranged_keeps_nan_and_inf_local(lib, rng, func):
    x = _data(rng, (2, 11))
    x[0, 1] = np.nan  # band 0 only
    x[1, 8] = np.inf  # band 2 only
    x[1, 9] = -np.inf if func != "trapezoid" else 1.0
    x[0, 4] = np.nan if func.startswith("nan") else x[0, 4]  # the one-sample band 3
    with warnings.catch_warnings():
        # inf - inf inside band 2 warns in NumPy, as np.std itself does there.
        warnings.simplefilter("ignore", RuntimeWarning)
        got = sigproc.ranged_aggregate(lib.asarray(x), COORDS, BANDS, func)
    assert_close_nan(got, ranged_reference(x, COORDS, BANDS, func), like=lib)


@pytest.mark.parametrize("func", ["mean", "sum", "max", "median", "std", "argmin", "trapezoid"])
def test_ranged_float32(lib, rng, func):
    x = _data(rng, (2, 11), np.float32)
    coords = COORDS.astype(np.float32)
    got = sigproc.ranged_aggregate(lib.asarray(x), coords, np.array(BANDS), func)
    assert_close(got, ranged_reference(x, coords, BANDS, func), like=lib, rtol=1e-4)


@pytest.mark.parametrize("func", ["sum", "mean", "max", "range", "median", "argmax"])
def test_ranged_integers(lib, rng, func):
    x = rng.integers(-50, 50, (2, 11))
    got = sigproc.ranged_aggregate(lib.asarray(x), COORDS, BANDS, func)
    assert_close(got, ranged_reference(x, COORDS, BANDS, func), like=lib)


@pytest.mark.parametrize("func", ["sum", "mean", "std", "var", "nanmean", "trapezoid"])
def test_ranged_complex(lib, rng, func):
    x = _data(rng, (2, 11), np.complex128)
    got = sigproc.ranged_aggregate(lib.asarray(x), COORDS, BANDS, func)
    assert_close(got, ranged_reference(x, COORDS, BANDS, func), like=lib)


def test_ranged_unsorted_coords(lib, rng):
    x = _data(rng, (2, 11))
    coords = rng.permutation(COORDS)
    for func in ("mean", "median", "argmax", "nanstd"):
        got = sigproc.ranged_aggregate(lib.asarray(x), coords, BANDS, func)
        assert_close(got, ranged_reference(x, coords, BANDS, func), like=lib)
    with pytest.raises(ValueError, match="monotonic"):
        sigproc.ranged_aggregate(lib.asarray(x), coords, BANDS, "trapezoid")


@pytest.mark.parametrize(
    ("bands", "match"),
    [
        ([(0.0, 1.0), (3.2, 3.8)], r"band 1 \(3.2, 3.8\) contains no coordinate"),
        ([(5.0, 4.0)], r"band 0 \(5, 4\) must have lo <= hi"),
        ([], "non-empty sequence of"),
        ([1.0, 2.0], "non-empty sequence of"),
    ],
)
def test_ranged_bad_bands(lib, bands, match):
    with pytest.raises(ValueError, match=match):
        sigproc.ranged_aggregate(lib.asarray(np.ones((2, 11))), COORDS, bands)


def test_ranged_bad_arguments(lib):
    x = lib.asarray(np.ones((2, 11)))
    with pytest.raises(ValueError, match="func must be one of"):
        sigproc.ranged_aggregate(x, COORDS, BANDS, "mode")
    with pytest.raises(ValueError, match="coords must be 1-D"):
        sigproc.ranged_aggregate(x, COORDS[:5], BANDS)
    with pytest.raises(TypeError, match="complex"):
        sigproc.ranged_aggregate(lib.asarray(np.ones((2, 11)) * 1j), COORDS, BANDS, "max")


# -- bandpower ---------------------------------------------------------------------------------
@pytest.fixture
def psd_estimators(lib, monkeypatch):
    """sigproc.welch, or SciPy's welch standing in for NumPy input until sigproc has it."""
    if hasattr(sigproc, "welch") and hasattr(sigproc, "periodogram"):
        return
    if lib.module != "numpy":
        pytest.skip("sigproc.welch is not written yet; this runs once it is")
    monkeypatch.setattr(sigproc, "welch", scipy.signal.welch, raising=False)
    monkeypatch.setattr(sigproc, "periodogram", scipy.signal.periodogram, raising=False)


def bandpower_reference(x, fs, bands, axis=-1, method="welch", relative=False, **kw):
    estimate = scipy.signal.welch if method == "welch" else scipy.signal.periodogram
    f, p = estimate(x, fs=fs, axis=axis, **kw)
    p = np.moveaxis(p, axis, -1)
    out = []
    for lo, hi in bands:
        m = (f >= lo) & (f <= hi)
        out.append(scipy.integrate.trapezoid(p[..., m], f[m], axis=-1))
    out = np.stack(out, axis=-1)
    if relative:
        out = out / scipy.integrate.trapezoid(p, f, axis=-1)[..., None]
    return np.moveaxis(out, -1, axis)


EEG_BANDS = [(0.5, 4.0), (4.0, 8.0), (8.0, 13.0), (13.0, 30.0), (30.0, 64.0)]


@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("relative", [False, True])
def test_bandpower_matches_scipy(lib, rng, psd_estimators, axis, relative):
    fs = 128.0
    t = np.arange(1024) / fs
    x = np.sin(2 * np.pi * 10.0 * t) + 0.5 * rng.standard_normal((3, t.size))
    x = np.moveaxis(x, -1, axis)
    xin = lib.asarray(x)
    got = sigproc.bandpower(xin, fs, EEG_BANDS, axis=axis, relative=relative, nperseg=256)
    want = bandpower_reference(x, fs, EEG_BANDS, axis, relative=relative, nperseg=256)
    assert_close(got, want, like=lib)
    assert_unchanged(x, xin, lib)


def test_bandpower_periodogram(lib, rng, psd_estimators):
    x = rng.standard_normal((2, 500))
    got = sigproc.bandpower(
        lib.asarray(x), 100.0, [(0.0, 10.0), (10.0, 50.0)], method="periodogram"
    )
    want = bandpower_reference(x, 100.0, [(0.0, 10.0), (10.0, 50.0)], method="periodogram")
    assert_close(got, want, like=lib)


def test_bandpower_float32(lib, rng, psd_estimators):
    x = rng.standard_normal((2, 512)).astype(np.float32)
    got = sigproc.bandpower(lib.asarray(x), 64.0, EEG_BANDS[:4], nperseg=128)
    want = bandpower_reference(x, 64.0, EEG_BANDS[:4], nperseg=128).astype(np.float32)
    assert_close(got, want, like=lib, rtol=1e-4)


def test_bandpower_of_a_sine(lib, psd_estimators):
    fs, amplitude = 256.0, 2.0
    t = np.arange(4096) / fs
    x = amplitude * np.sin(2 * np.pi * 32.0 * t)
    got = sigproc.bandpower(lib.asarray(x), fs, [(28.0, 36.0)], nperseg=512)
    assert abs(float(lib.to_numpy(got)[0]) - amplitude**2 / 2) < 0.01  # power of a sine: A**2/2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bands": [(0.0, 70.0)]}, r"band 0 \(0, 70\) is outside \[0, fs/2\]"),
        ({"bands": [(1.0, 2.0), (-1.0, 2.0)]}, r"band 1 \(-1, 2\) is outside"),
        ({"bands": [(8.0, 4.0)]}, r"band 0 \(8, 4\) must have lo <= hi"),
        ({"bands": [(1.0, 2.0)], "method": "multitaper"}, "method must be"),
        ({"bands": [(1.0, 2.0)], "fs": 0.0}, "fs must be positive"),
    ],
)
def test_bandpower_errors(lib, kwargs, match):
    kwargs = {"fs": 128.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        sigproc.bandpower(lib.asarray(np.ones((2, 256))), **kwargs)
