"""Peak finding against SciPy on every array library: find_peaks and its properties,
prominences, widths, relative extrema and the wavelet peak finder."""

import warnings

import numpy as np
import pytest
import scipy.signal
from conftest import Lib, assert_close, assert_unchanged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.signal._peak_finding_utils import PeakPropertyWarning

import sigproc
from sigproc._core import peaks as peaks_core

OPEN = (None, None)
EVERY = {"height": OPEN, "threshold": OPEN, "prominence": OPEN, "width": OPEN}
NUMPY = Lib("numpy", "numpy", "numpy")
COMPARATORS = (np.greater, np.less, np.greater_equal, np.less_equal, np.equal, np.not_equal)


def _on(lib, value):
    """`value` with its NumPy arrays (also inside tuples) in `lib`."""
    if isinstance(value, np.ndarray):
        return lib.asarray(value)
    if isinstance(value, tuple):
        return tuple(_on(lib, v) for v in value)
    if isinstance(value, dict):
        return {k: _on(lib, v) for k, v in value.items()}
    return value


def _same(got, want, lib):
    """Equal structure, keys in order, and arrays equal to SciPy's (library, dtype, values)."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and list(got) == list(want)
        for key in want:
            _same(got[key], want[key], lib)
    elif isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _same(g, w, lib)
    else:
        assert_close(got, want, like=lib, rtol=1e-12, atol=1e-12)


def _check(lib, func, x, *args, on_lib=None, **kwargs):
    """`func` on `lib` arrays against SciPy's on NumPy ones; the input stays intact.

    `on_lib` overrides the arguments given to sigproc (default: `args` in `lib`).
    """
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        want = getattr(scipy.signal, func)(x.copy(), *args, **kwargs)
    lib_x = lib.asarray(x)
    lib_args, lib_kwargs = on_lib or (_on(lib, args), _on(lib, kwargs))
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        got = getattr(sigproc, func)(lib_x, *lib_args, **lib_kwargs)
    assert _messages(ours) == _messages(theirs)
    _same(got, want, lib)
    assert_unchanged(x, lib_x, lib)
    return got


def _messages(record):
    return sorted((w.category.__name__, str(w.message)) for w in record)


def _stepped(rng, n, levels=6):
    """Random signal on a few levels: many plateaus and equal peaks."""
    return rng.integers(0, levels, n).astype(np.float64) / 2


# -- find_peaks ------------------------------------------------------------------
CONDITIONS = [
    {},
    {"height": 1.0},
    {"height": (None, 1.5)},
    {"height": (0.5, 2.0), "plateau_size": OPEN},
    {"threshold": 0.5},
    {"threshold": (None, 1.0), "height": OPEN},
    {"distance": 1},
    {"distance": 3.5, "height": OPEN},
    {"distance": 12, "plateau_size": OPEN},
    {"distance": np.inf},
    {"prominence": 1.0},
    {"prominence": (0.5, 2.0), "wlen": 5},
    {"prominence": OPEN, "wlen": 6.5},
    {"width": (1.5, None)},
    {"width": OPEN, "rel_height": 1.0, "wlen": 11},
    {"width": (None, 3), "rel_height": 0.8, "prominence": 0.5},
    {"plateau_size": 2},
    {"plateau_size": (1, 2)},
    {**EVERY, "plateau_size": OPEN, "distance": 4, "wlen": 21, "rel_height": 0.3},
]


@pytest.mark.parametrize("kwargs", CONDITIONS, ids=lambda k: ",".join(k) or "none")
def test_find_peaks_conditions(lib, rng, kwargs):
    _check(lib, "find_peaks", _stepped(rng, 300), **kwargs)
    _check(lib, "find_peaks", rng.standard_normal(257), **kwargs)


def test_find_peaks_dtypes(lib, rng):
    # SciPy computes in float64: heights are float64 for float32 and integer input too.
    x = rng.integers(-5, 5, 100)
    _check(lib, "find_peaks", x, **EVERY, plateau_size=OPEN)
    _check(lib, "find_peaks", x.astype(np.float32) / 3, **EVERY)
    _check(lib, "find_peaks", x.astype(np.int16), height=0)
    _check(lib, "find_peaks", x > 0, height=OPEN, plateau_size=OPEN)


@pytest.mark.parametrize("as_lib", [True, False], ids=["lib-bounds", "numpy-bounds"])
def test_find_peaks_array_bounds(lib, rng, as_lib):
    x = _stepped(rng, 200)
    lo, hi = np.linspace(0, 1.5, 200), np.linspace(2.5, 1, 200)
    cases = [
        {"height": lo},
        {"height": (lo, hi), "threshold": (None, hi / 2)},
        {"prominence": (lo, None), "width": (None, hi * 4), "plateau_size": (lo * 2, None)},
        {"height": np.array([0.5, 2.0])},  # a pair as one array
        {"height": np.stack([lo, hi])},  # two rows: lower and upper arrays
    ]
    for kwargs in cases:
        on_lib = ((), _on(lib, kwargs) if as_lib else kwargs)
        _check(lib, "find_peaks", x, on_lib=on_lib, **kwargs)


def test_find_peaks_foreign_bounds(rng):
    # Bounds and prominence data (not routed by dispatch) of another library than x's.
    torch = pytest.importorskip("torch")
    x = _stepped(rng, 120)
    lo = np.linspace(0, 1, 120)
    want = scipy.signal.find_peaks(x, height=(lo, None), prominence=OPEN)
    _same(sigproc.find_peaks(x, height=(torch.asarray(lo), None), prominence=OPEN), want, NUMPY)
    peaks = want[0]
    prominence_data = scipy.signal.peak_prominences(x, peaks)
    foreign = tuple(torch.asarray(a) for a in prominence_data)
    want = scipy.signal.peak_widths(x, peaks, prominence_data=prominence_data)
    _same(sigproc.peak_widths(x, peaks, prominence_data=foreign), want, NUMPY)


STRUCTURED = [
    np.array([-1.3, 0, 1, 0, 2, 2, 0, 3, 3, 3, 2.99, 4, 4, 4, 4, -10, -5, -5, -5, -5, -5, -10]),
    np.repeat([0.0, 1, 0, 2, 0, 3, 0, 4, 0, 8, 0, 20, 0], [1, 1, 1, 2, 1, 3, 1, 4, 1, 8, 1, 20, 1]),
    np.array([1.0, 0, 2]),
    np.array([3.0, 3, 0, 4, 4]),
    np.array([5.0, 5, 5, 0, 6, 6, 6]),
    np.array([0.0, 1, 1, 1, 0]),
    np.ones(10),
    np.linspace(0, 100),
    np.array([0.0, 2, 1, 2, 1, 2, 0]),
    np.array([-2.0, 1, -1, 0, -3]),
    np.array([1.0, 0, 1, 2, 1, 0, -1, 4, 0]),
    np.array([0.0, 1, 2, 1, 3, 3, 3, 1, 2, 1, 0]),
    np.array([]),
    np.array([1.0]),
    np.array([1.0, 2.0]),
    np.array([0.0, 1.0, 0.0]),
]


@pytest.mark.parametrize("x", STRUCTURED, ids=range(len(STRUCTURED)))
def test_find_peaks_structured(lib, x):
    _check(lib, "find_peaks", x, **EVERY, plateau_size=OPEN, distance=2)
    _check(lib, "find_peaks", x, plateau_size=(2, None), prominence=1, distance=10)


def test_find_peaks_distance_ties(lib, rng):
    # Equal heights: the order SciPy's unstable argsort gives must be kept.
    x = np.zeros(400)
    x[rng.choice(np.arange(1, 399, 2), 120, replace=False)] = rng.integers(1, 3, 120)
    for distance in (2, 3, 5.5, 40, 1e300, np.nan):
        _check(lib, "find_peaks", x, distance=distance, height=OPEN)


@pytest.mark.parametrize("block", [1, 2, 3, 8, None])
def test_find_peaks_long_walks(lib, rng, monkeypatch, block):
    # Rising sawtooth: every base search runs to the signal's start. Small blocks make
    # the searches cross many blocks and every level of the tables.
    if block is not None:
        monkeypatch.setattr(peaks_core, "_block_size", lambda n: block)
    x = np.tile(np.arange(5.0), 60) + np.repeat(np.arange(60.0), 5) * 0.5
    _check(lib, "find_peaks", x, **EVERY)
    _check(lib, "find_peaks", x[::-1].copy(), prominence=OPEN, width=OPEN, wlen=40)
    _check(lib, "find_peaks", _stepped(rng, 500, 4), **EVERY, wlen=33.5)
    y = rng.standard_normal(700)
    _check(lib, "peak_widths", y, np.arange(1, 699, 3), rel_height=1.5)  # not only maxima
    _check(lib, "peak_prominences", y, np.arange(0, 700, 7), wlen=101)


# -- peak_prominences, peak_widths -----------------------------------------------------
@pytest.mark.parametrize("wlen", [None, 2, 3, 3.2, 8, 25.5, 1000])
def test_peak_prominences(lib, rng, wlen):
    x = _stepped(rng, 200)
    peaks = scipy.signal.find_peaks(x)[0]
    _check(lib, "peak_prominences", x, peaks, wlen=wlen)
    y = rng.standard_normal(150)
    _check(lib, "peak_prominences", y, scipy.signal.find_peaks(y)[0].astype(np.int32), wlen)


def test_peak_prominences_edges(lib):
    _check(lib, "peak_prominences", np.array([-1, 1.2, 1.2, 1, 3.2, 1.3, 2.88, 2.1]), [1, 2, 4, 6])
    _check(lib, "peak_prominences", np.array([0.0, 1, 0, 1, 0, 1, 0]), np.array([1, 3, 5]))
    _check(lib, "peak_prominences", np.array([0.0, 2, 1, 2, 1, 2, 0]), [5, 1, 3])  # unsorted
    x = np.array([0.0, 1, 2, 3, 1, 0, -1])
    for wlen in (8, 7, 6, 5, 3.2, 3, 1.1):
        _check(lib, "peak_prominences", x, [3], wlen)
    for peaks in ([], np.zeros((0, 2)), np.array([], dtype=np.int8)):
        _check(lib, "peak_prominences", np.array([1.0, 2, 3]), peaks)
    _check(lib, "peak_prominences", np.array([]), [])
    _check(lib, "peak_prominences", np.array([0.0, 3, 1, 2, 0]), np.array([True, False]))
    # peaks in the signal's own library
    x = np.array([0.0, 3, 1, 2, 0])
    _check(lib, "peak_prominences", x, [1, 3], on_lib=((lib.asarray(np.array([1, 3])),), {}))


@pytest.mark.parametrize("rel_height", [0.25, 0.5, 0.75, 1.0, 2.0])
def test_peak_widths(lib, rng, rel_height):
    x = _stepped(rng, 200)
    peaks = scipy.signal.find_peaks(x)[0]
    _check(lib, "peak_widths", x, peaks, rel_height)
    _check(lib, "peak_widths", x, peaks, rel_height, wlen=9)
    data = scipy.signal.peak_prominences(x, peaks, wlen=15)
    _check(lib, "peak_widths", x, peaks, rel_height, prominence_data=data)
    numpy_data = ((peaks,), {"rel_height": rel_height, "prominence_data": data})
    _check(lib, "peak_widths", x, peaks, rel_height, prominence_data=data, on_lib=numpy_data)


def test_peak_widths_edges(lib):
    x = np.array([0.0, 1, 2, 1, 3, 3, 3, 1, 2, 1, 0])
    _check(lib, "peak_widths", x, [5], rel_height=2 / 3)
    _check(lib, "peak_widths", np.repeat([0.0, 100, 50], 4)[::4], [1])
    _check(lib, "peak_widths", np.array([1.0, 2, 3]), [])
    _check(lib, "peak_widths", np.array([]), [])
    # user bases narrower than the true ones, a negative prominence
    x = np.array([0.0, 1, 3, 2, 4, 1, 0])
    data = (np.array([2.0, -1.0]), np.array([1, 3]), np.array([3, 6]))
    _check(lib, "peak_widths", x, [2, 4], prominence_data=data)


def test_property_warnings(lib):
    with pytest.warns(PeakPropertyWarning, match="prominence of 0"):
        sigproc.peak_prominences(lib.asarray(np.array([1.0, 0, 2])), [1])
    with pytest.warns(PeakPropertyWarning, match="prominence of 0"):
        sigproc.peak_prominences(lib.asarray(np.array([0.0, 1, 1, 1, 0])), [2], wlen=2)
    with pytest.warns(PeakPropertyWarning, match="width of 0"):
        sigproc.peak_widths(lib.asarray(np.array([0.0, 2, 0])), [1], rel_height=0)
    with pytest.warns(PeakPropertyWarning) as record:
        peaks, props = sigproc.find_peaks(
            lib.asarray(np.array([0.0, 1, 1, 1, 0])), prominence=OPEN, width=OPEN, wlen=2
        )
    assert {str(w.message) for w in record} == {
        "some peaks have a prominence of 0",
        "some peaks have a width of 0",
    }
    assert lib.to_numpy(peaks).tolist() == [2]
    assert lib.to_numpy(props["widths"]).tolist() == [0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sigproc.find_peaks(lib.asarray(np.array([0.0, 2, 0, 3, 0])), **EVERY)


# -- errors: SciPy's classes and messages ----------------------------------------------
X = np.array([0.0, 2, 1, 3, 0, 1, 0])
PROM = scipy.signal.peak_prominences(X, [1, 3])
ERRORS = [
    ("find_peaks", np.ones((2, 2)), (), {}, ValueError, "1-D array"),
    ("find_peaks", np.array(1.0), (), {}, ValueError, "1-D array"),
    ("find_peaks", X, (), {"distance": 0.5}, ValueError, "distance"),
    ("find_peaks", X, (), {"prominence": 1, "wlen": 1}, ValueError, "wlen"),
    ("find_peaks", X, (), {"width": 1, "rel_height": -1}, ValueError, "rel_height"),
    ("find_peaks", X, (), {"height": np.ones(3)}, ValueError, "size of lower"),
    ("find_peaks", X, (), {"height": (None, np.ones(3))}, ValueError, "size of upper"),
    ("peak_prominences", np.ones((1, 4)), ([1, 2],), {}, ValueError, "1-D array"),
    ("peak_prominences", X, ([[1, 2]],), {}, ValueError, "1-D array"),
    ("peak_prominences", X, (np.array(1),), {}, ValueError, "1-D array"),
    ("peak_prominences", np.array([]), ([0],), {}, ValueError, "not a valid index"),
    ("peak_prominences", X, ([1, 7],), {}, ValueError, "peak 7 is not a valid index"),
    ("peak_prominences", X, ([-1],), {}, ValueError, "peak -1 is not a valid index"),
    ("peak_prominences", X, ([1.1, 2.3],), {}, TypeError, "cannot safely cast"),
    ("peak_prominences", X, (np.array([1], np.uint64),), {}, TypeError, "safely cast"),
    ("peak_prominences", X, ([1, 3],), {"wlen": 1}, ValueError, "wlen"),
    ("peak_widths", np.zeros((3, 4)), (np.ones(3),), {}, ValueError, "1-D array"),
    ("peak_widths", X, ([8, 11],), {}, ValueError, "not a valid index"),
    ("peak_widths", X, ([1.5],), {}, TypeError, "cannot safely cast"),
    ("peak_widths", X, ([1, 3],), {"rel_height": -0.1}, ValueError, "rel_height"),
    (
        "peak_widths",
        X,
        ([1, 3],),
        {"prominence_data": (PROM[0][:1], PROM[1][:1], PROM[2][:1])},
        ValueError,
        "same shape",
    ),
    (
        "peak_widths",
        X,
        ([1, 3],),
        {"prominence_data": (PROM[0], PROM[1] + 2, PROM[2])},
        ValueError,
        "prominence data is invalid for peak 1",
    ),
    (
        "peak_widths",
        X,
        ([1, 3],),
        {"prominence_data": (PROM[0], PROM[1], PROM[2] + 3)},
        ValueError,
        "prominence data is invalid for peak 3",
    ),
    (
        "peak_widths",
        X,
        ([1, 3],),
        {"prominence_data": (PROM[0].astype(np.float32), PROM[1], PROM[2])},
        ValueError,
        "Buffer dtype mismatch",
    ),
    (
        "peak_widths",
        X,
        ([1, 3],),
        {"prominence_data": (PROM[0], PROM[1].astype(np.int32), PROM[2])},
        ValueError,
        "Buffer dtype mismatch",
    ),
    ("peak_widths", X, ([1, 3],), {"prominence_data": PROM[:2]}, TypeError, None),
    ("argrelmax", X, (), {"order": 0}, ValueError, "Order must be an int"),
    ("argrelmin", X, (), {"order": 1.5}, ValueError, "Order must be an int"),
    ("argrelmax", X, (), {"mode": "foo"}, ValueError, "clipmode"),
    ("argrelmax", X, (), {"mode": "raise"}, IndexError, "out of bounds"),
    ("argrelextrema", X, (np.greater,), {"order": -1}, ValueError, "Order"),
]


@pytest.mark.parametrize(
    ("func", "x", "args", "kwargs", "error", "match"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_errors(lib, func, x, args, kwargs, error, match):
    with pytest.raises(error, match=match):
        getattr(scipy.signal, func)(x, *args, **kwargs)
    lib_args, lib_kwargs = _on(lib, args), _on(lib, kwargs)
    if func == "peak_widths" and "prominence_data" in kwargs:
        lib_kwargs["prominence_data"] = _on(lib, kwargs["prominence_data"])
    with pytest.raises(error, match=match):
        getattr(sigproc, func)(lib.asarray(x), *lib_args, **lib_kwargs)


# -- argrelextrema, argrelmin, argrelmax --------------------------------------------------
@pytest.mark.parametrize("comparator", COMPARATORS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("mode", ["clip", "wrap"])
def test_argrelextrema(lib, rng, comparator, mode):
    data = rng.integers(0, 4, (5, 9, 4))  # ties everywhere: equal and not_equal matter
    for axis in (0, 1, -1):
        for order in (1, 2, 3):
            _check(lib, "argrelextrema", data, comparator, axis, order, mode)


@pytest.mark.parametrize("func", ["argrelmin", "argrelmax"])
def test_argrelmin_argrelmax(lib, rng, func):
    x = np.array([2, 1, 2, 3, 2, 0, 1, 0])
    _check(lib, func, x)
    _check(lib, func, x, mode="wrap")
    y = rng.standard_normal((4, 30))
    for axis, order in ((0, 1), (1, 1), (1, 4), (-1, 40), (0, 5)):
        _check(lib, func, y, axis=axis, order=order)
        _check(lib, func, y.astype(np.float32), axis, order, "wrap")
    for empty in (np.zeros(5), np.zeros((3, 5)), np.zeros((0, 3)), np.zeros((2, 0))):
        _check(lib, func, empty, axis=-1)


def test_argrelextrema_callable(lib, rng):
    data = rng.standard_normal((6, 11))

    def well_above(a, b):
        return a > b + 0.25

    _check(lib, "argrelextrema", data, well_above, 1, 2)


# -- find_peaks_cwt -------------------------------------------------------------------------
def _gaussians(sigmas, n):
    centres = np.linspace(n / (len(sigmas) + 1), n - n / (len(sigmas) + 1), len(sigmas))
    t = np.arange(n, dtype=float)[:, None]
    return np.exp(-(((t - centres.astype(int)) / np.asarray(sigmas)) ** 2)).sum(axis=1)


def test_find_peaks_cwt(lib, rng):
    x = _gaussians([5.0, 3.0, 10.0, 20.0, 10.0, 50.0], 500)
    _check(lib, "find_peaks_cwt", x, np.arange(0.1, 50), gap_thresh=2, min_snr=0)
    noisy = x + (rng.random(500) - 0.5) * 0.14
    _check(lib, "find_peaks_cwt", noisy, np.arange(0.1, 50), min_length=15, gap_thresh=1)
    _check(lib, "find_peaks_cwt", np.sin(np.arange(0, np.pi, 0.05)), 1)
    wavelet = scipy.signal.windows.gaussian
    _check(lib, "find_peaks_cwt", wavelet(200, 2), np.array([1, 2, 3, 4]), wavelet=wavelet)
    got = _check(lib, "find_peaks_cwt", rng.random(100) - 0.5, np.arange(10, 50), min_snr=5)
    assert lib.to_numpy(got).dtype == np.float64  # SciPy's empty result


# -- autograd ---------------------------------------------------------------------------------
def test_torch_gradients(rng):
    torch = pytest.importorskip("torch")
    x0 = rng.standard_normal(60)
    peaks0 = scipy.signal.find_peaks(x0)[0]

    def properties(x):
        peaks, props = sigproc.find_peaks(x, height=OPEN, threshold=OPEN, width=OPEN)
        assert np.array_equal(peaks.numpy(), peaks0)  # the perturbation moves no peak
        keys = ("peak_heights", "left_thresholds", "prominences", "widths", "left_ips")
        return tuple(props[k] for k in keys)

    x = torch.tensor(x0, requires_grad=True)
    assert torch.autograd.gradcheck(properties, (x,))
    heights = sigproc.find_peaks(x.float(), height=0)[1]["peak_heights"]
    assert heights.dtype == torch.float64 and heights.requires_grad


# -- properties ---------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.integers(0, 4), min_size=0, max_size=60),
    distance=st.none() | st.floats(1, 20),
    wlen=st.none() | st.floats(1.5, 30),
    rel_height=st.floats(0.1, 2),
    low=st.floats(0, 1.5),
)
def test_find_peaks_property(values, distance, wlen, rel_height, low):
    x = np.asarray(values, dtype=float)
    kwargs = {
        "height": (low, None),
        "threshold": OPEN,
        "distance": distance,
        "prominence": (low / 2, None),
        "width": OPEN,
        "wlen": wlen,
        "rel_height": rel_height,
        "plateau_size": OPEN,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PeakPropertyWarning)
        want = scipy.signal.find_peaks(x, **kwargs)
        with sigproc.set_backend("array_api", only=True):
            got = sigproc.find_peaks(x, **kwargs)
    assert np.array_equal(got[0], want[0]) and list(got[1]) == list(want[1])
    for key, value in want[1].items():
        np.testing.assert_allclose(got[1][key], value, rtol=1e-12, atol=1e-12)
        assert got[1][key].dtype == value.dtype
