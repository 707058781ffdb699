"""Transforms and signal tools against SciPy on every array library.

Chirp z-transforms (functions and planned classes), Lomb-Scargle, envelope,
hilbert2, vector strength, the convolution-method choice, correlation lags
and the COLA/NOLA checks; SciPy's errors; gradients on torch.
"""

import functools

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc
from sigproc._core import transforms as core


def _check(lib, func, args, kwargs=None, *, rtol=None, atol=None):
    """Run sigproc's `func` on `lib` arrays and SciPy's on NumPy; compare; inputs intact."""
    kwargs = kwargs or {}
    host = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    libargs = [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    got = getattr(sigproc, func)(*libargs, **kwargs)
    want = getattr(scipy.signal, func)(*host, **kwargs)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_close(g, w, like=lib, rtol=rtol, atol=atol)
    else:
        assert_close(got, want, like=lib, rtol=rtol, atol=atol)
    for before, after in zip(host, libargs, strict=True):
        if isinstance(before, np.ndarray):
            assert_unchanged(before, after, lib)
    return got


def _errors_match(lib, func, args, kwargs, match, error=ValueError):
    """SciPy raises `error` matching `match`, and so does sigproc on `lib` arrays."""
    with pytest.raises(error, match=match):
        getattr(scipy.signal, func)(*args, **kwargs)
    libargs = [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    with pytest.raises(error, match=match):
        getattr(sigproc, func)(*libargs, **kwargs)


def _scalar_close(lib, got, want):
    """A 0-d result: NumPy scalar or 0-d array for NumPy input (as SciPy), else a 0-d array."""
    want = np.asarray(want)
    if lib.module == "numpy":
        assert isinstance(got, np.generic | np.ndarray) and np.shape(got) == ()
        assert np.asarray(got).dtype == want.dtype
        rtol = 1e-5 if want.dtype in (np.float32, np.complex64) else 1e-10
        np.testing.assert_allclose(got, want, rtol=rtol)
    else:
        assert_close(got, want, like=lib)


# -- czt, zoom_fft -----------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float64", "float32", "complex64", "int64"])
@pytest.mark.parametrize(
    ("m", "w", "a"),
    [(None, None, 1 + 0j), (5, None, 2), (20, 0.98534 + 0.17055j, 1.1), (1, 1.02, 0.5j)],
)
def test_czt(lib, rng, dtype, m, w, a):
    x = rng.standard_normal((3, 11)) * 10
    x = (x + 1j * rng.standard_normal(x.shape) if dtype.startswith("c") else x).astype(dtype)
    kwargs = {"m": m, "w": w, "a": a}
    _check(lib, "czt", (x,), kwargs)  # complex128 for every input dtype, as SciPy
    _check(lib, "czt", (x,), {**kwargs, "axis": 0})
    _check(lib, "czt", (x[0],), kwargs)


def test_czt_is_the_fft_and_large_prime_lengths(lib, rng):
    x = rng.standard_normal(1009)
    got = sigproc.czt(lib.asarray(x))
    assert_close(got, np.fft.fft(x), like=lib, rtol=1e-12)


@pytest.mark.parametrize(
    ("fn", "m", "kwargs"),
    [
        (0.5, None, {}),
        ([0.1, 0.6], 17, {}),
        ((95, 105), 40, {"fs": 1000, "endpoint": True}),
        (np.array([-0.3, 0.3]), 8, {"endpoint": True}),
        (2, None, {}),
    ],
)
def test_zoom_fft(lib, rng, fn, m, kwargs):
    x = rng.standard_normal((2, 24))
    _check(lib, "zoom_fft", (x, fn, m), kwargs)
    _check(lib, "zoom_fft", (x.T.copy(), fn, m), {**kwargs, "axis": 0})
    _check(lib, "zoom_fft", (x.astype(np.float32), fn, m), kwargs)


@pytest.mark.parametrize("size", [0, -5, 3.5, 4.0])
def test_czt_sizes(lib, size):
    x = np.arange(3.0)
    _errors_match(lib, "czt", (x, size), {}, "Invalid number of CZT output")
    _errors_match(lib, "zoom_fft", (x, 0.2, size), {}, "Invalid number of CZT output")
    for cls, args in ((sigproc.CZT, (size, 3)), (sigproc.ZoomFFT, (size, 0.2, 3))):
        with pytest.raises(ValueError, match="Invalid number of CZT data"):
            cls(*args)


def test_czt_empty_and_0d(lib):
    _errors_match(lib, "czt", (np.zeros(0),), {}, "Invalid number of CZT data")
    _errors_match(lib, "zoom_fft", (np.zeros(0), 0.5), {}, "Invalid number of CZT data")
    _errors_match(lib, "czt", (np.array(5.0),), {}, "tuple index out of range", IndexError)
    _errors_match(lib, "zoom_fft", (np.zeros(4), [1, 2, 3]), {}, "2-length sequence")


@pytest.mark.parametrize(
    ("cls", "args", "kwargs"),
    [
        ("CZT", (12,), {}),
        ("CZT", (12, 11, 2.0, 1), {}),
        ("CZT", (12, 30, 0.99 * np.exp(-0.1j), 1.2 + 0.1j), {}),
        ("ZoomFFT", (12, 0.4), {}),
        ("ZoomFFT", (12, [0.2, 0.4], 7), {"fs": 3.0, "endpoint": True}),
    ],
)
def test_planned_transforms(lib, rng, cls, args, kwargs):
    ours, theirs = (
        getattr(sigproc, cls)(*args, **kwargs),
        getattr(scipy.signal, cls)(*args, **kwargs),
    )
    names = ("n", "m", "w", "a") + (("f1", "f2", "fs") if cls == "ZoomFFT" else ())
    for name in names:
        assert getattr(ours, name) == getattr(theirs, name), name
        assert type(getattr(ours, name)) is type(getattr(theirs, name)), name
    assert isinstance(ours, sigproc.CZT)
    x = rng.standard_normal((12, 3))
    assert_close(ours(lib.asarray(x), axis=0), theirs(x, axis=0), like=lib)
    assert_close(ours(lib.asarray(x.T.copy())), theirs(x.T), like=lib)
    np.testing.assert_array_equal(ours.points(), theirs.points())
    assert_close(ours.points(xp=lib.xp, device=lib.device), theirs.points(), like=lib)
    with pytest.raises(ValueError, match="CZT defined for length 12, not 3"):
        ours(lib.asarray(x))


def test_planned_transform_list_input():
    np.testing.assert_allclose(sigproc.CZT(3)([1.0, 2.0, 3.0]), np.fft.fft([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="fn must be a scalar or 2-length sequence"):
        sigproc.ZoomFFT(100, [1, 2, 3])


def test_czt_points(lib):
    for args in ((1,), (11,), (7, 1), (11, 2.0), (5, 0.9 + 0.2j, 1.5j)):
        want = scipy.signal.czt_points(*args)
        np.testing.assert_array_equal(sigproc.czt_points(*args), want)
        assert_close(sigproc.czt_points(*args, xp=lib.xp, device=lib.device), want, like=lib)
    for m in (0, -11, 5.5, 4.0):
        with pytest.raises(ValueError, match="Invalid number of CZT"):
            sigproc.czt_points(m)


# -- lombscargle -------------------------------------------------------------------------
def _uneven(rng, n=40):
    t = np.sort(rng.uniform(0, 10 * np.pi, n))
    y = 2.0 * np.cos(1.3 * t + 0.4) + 0.5 + 0.1 * rng.standard_normal(n)
    return t, y, np.linspace(0.3, 4.0, 37)


@pytest.mark.parametrize("normalize", [False, True, "power", "normalize", "amplitude"])
@pytest.mark.parametrize("floating_mean", [False, True])
def test_lombscargle(lib, rng, normalize, floating_mean):
    t, y, w = _uneven(rng)
    kwargs = {"normalize": normalize, "floating_mean": floating_mean}
    _check(lib, "lombscargle", (t, y, w), kwargs)
    weights = rng.uniform(0, 2, t.shape)
    _check(lib, "lombscargle", (t, y, w), {**kwargs, "weights": weights})
    # one frequency: 0-d, as SciPy (a NumPy scalar from SciPy in 'amplitude' mode)
    got = sigproc.lombscargle(lib.asarray(t), lib.asarray(y), w[:1], **kwargs)
    _scalar_close(lib, got, scipy.signal.lombscargle(t, y, w[:1], **kwargs))
    # float32 and integer inputs run in float64, as in SciPy
    _check(lib, "lombscargle", (t.astype(np.float32), y.astype(np.float32), w), kwargs)
    _check(lib, "lombscargle", (t, np.round(10 * y).astype(np.int64), w), kwargs)


def test_lombscargle_chunks(lib, rng, monkeypatch):
    monkeypatch.setattr(core, "_CHUNK", 100)  # 40 samples: chunks of 2 frequencies
    t, y, w = _uneven(rng)
    _check(lib, "lombscargle", (t, y, w), {"floating_mean": True})
    _check(lib, "lombscargle", (t, y, w), {"normalize": "amplitude"})


@pytest.mark.parametrize("precenter", [True, False])
def test_lombscargle_precenter_is_deprecated(lib, rng, precenter):
    t, y, w = _uneven(rng)
    with pytest.warns(DeprecationWarning, match="'precenter' is deprecated"):
        want = scipy.signal.lombscargle(t, y, w, precenter=precenter)
    with pytest.warns(DeprecationWarning, match="'precenter' is deprecated") as record:
        got = sigproc.lombscargle(lib.asarray(t), lib.asarray(y), w, precenter=precenter)
    assert record[0].filename == __file__  # attributed to the caller's line
    assert_close(got, want, like=lib)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((np.ones((2, 3)), np.ones((2, 3)), np.ones(2)), {}, "x, y, weights must be 1-D"),
        ((np.ones(3), np.ones(4), np.ones(2)), {}, "x, y, weights must be 1-D"),
        ((np.ones(0), np.ones(0), np.ones(2)), {}, "x, y, weights must be 1-D"),
        ((np.ones(3), np.ones(3), np.ones(2)), {"weights": np.ones(2)}, "must be 1-D"),
        ((np.ones(3), np.ones(3), np.ones(0)), {}, "freqs must be a 1-D array"),
        ((np.ones(3), np.ones(3), np.ones((2, 2))), {}, "freqs must be a 1-D array"),
        ((np.ones(3), np.ones(3), np.ones(2)), {"weights": -np.ones(3)}, "non-negative"),
        ((np.ones(3), np.ones(3), np.ones(2)), {"weights": np.zeros(3)}, "non-negative"),
        ((np.ones(3), np.ones(3), np.ones(2)), {"normalize": "other"}, "Normalize must be"),
    ],
)
def test_lombscargle_errors(lib, args, kwargs, match):
    _errors_match(lib, "lombscargle", args, kwargs, match)


# -- envelope ----------------------------------------------------------------------------
BANDS = [(1, None), (0, None), (None, None), (1, 3), (-3, 3), (None, 1), (None, 0), (-4, -1)]


@pytest.mark.parametrize("bp_in", BANDS)
@pytest.mark.parametrize("residual", ["lowpass", "all", None])
def test_envelope(lib, rng, bp_in, residual):
    x = rng.standard_normal((2, 11))
    z = x + 1j * rng.standard_normal(x.shape)
    for n_out, squared in ((None, False), (33, True), (6, False), (5, True)):
        kwargs = {"n_out": n_out, "squared": squared, "residual": residual}
        _check(lib, "envelope", (x, bp_in), kwargs)
        _check(lib, "envelope", (x[:, :10].T.copy(), bp_in), {**kwargs, "axis": 0})
        _check(lib, "envelope", (z, bp_in), kwargs)
    _check(lib, "envelope", (x.astype(np.float32), bp_in), {"residual": residual})
    _check(lib, "envelope", (z.astype(np.complex64), bp_in), {"residual": residual})
    _check(lib, "envelope", (np.round(10 * x).astype(np.int64), bp_in), {"residual": residual})


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((np.ones(3),), {"axis": 2}, r"Invalid parameter axis=2 for z.shape=\(3,\)"),
        ((np.ones((3, 0)),), {"axis": 1}, r"z.shape\[axis\] not > 0 for z.shape=\(3, 0\)"),
        ((np.ones(4), (0, 1, 2)), {}, r"bp_in=\(0, 1, 2\) isn't a 2-tuple"),
        ((np.ones(4), (0, 2.0)), {}, r"bp_in=\(0, 2.0\) isn't a 2-tuple"),
        ((np.ones(4),), {"n_out": 10.0}, "n_out=10.0 is not a positive integer"),
        ((np.ones(4),), {"n_out": 0}, "n_out=0 is not a positive integer"),
        ((np.ones(4), (-1, 3)), {}, r"`-n//2 <= bp_in\[0\] < bp_in\[1\] <="),
        ((np.ones(4), (1, 1)), {}, r"`-n//2 <= bp_in\[0\] < bp_in\[1\] <="),
        ((np.ones(4), (-3, 1)), {}, r"`-n//2 <= bp_in\[0\] < bp_in\[1\] <="),
        ((np.ones(4),), {"residual": "undefined"}, "residual='undefined' not in"),
    ],
)
def test_envelope_errors(lib, args, kwargs, match):
    _errors_match(lib, "envelope", args, kwargs, match)


# -- hilbert2 ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("shape", "kwargs"),
    [
        ((4, 6), {}),
        ((5, 7), {}),
        ((5, 7), {"N": 6}),
        ((4, 6), {"N": (3, 9)}),
        ((3, 4, 5), {"axes": (0, 2)}),
        ((3, 4, 5), {"axes": (-1, 0), "N": [5, 2]}),
        ((2, 3, 4, 5), {}),
        ((7,), {}),
    ],
)
def test_hilbert2(lib, rng, shape, kwargs):
    x = rng.standard_normal(shape)
    _check(lib, "hilbert2", (x,), kwargs)
    _check(lib, "hilbert2", (x.astype(np.float32),), kwargs)
    _check(lib, "hilbert2", (np.round(10 * x).astype(np.int32),), kwargs)


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.ones((3, 3), complex), {}, "x must be real"),
        (np.ones((3, 3)), {"axes": (0, 1, 2)}, "axes must be a tuple of length 2"),
        (np.ones((3, 3)), {"axes": (1, 1)}, "axes must contain 2 distinct axes"),
        (np.ones((3, 3)), {"N": 0}, "N must be positive"),
        (np.ones((3, 3)), {"N": (3,)}, "N must hold exactly two positive integers"),
        (np.ones((3, 3)), {"N": (3, -1)}, "N must hold exactly two positive integers"),
    ],
)
def test_hilbert2_errors(lib, x, kwargs, match):
    _errors_match(lib, "hilbert2", (x,), kwargs, match)


# -- vectorstrength ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_vectorstrength(lib, rng, dtype):
    events = np.sort(rng.uniform(0, 20, 50)).astype(dtype)
    periods = np.array([0.7, 1.3, 2.0, 5.5], dtype=dtype)
    _check(lib, "vectorstrength", (events, periods), rtol=1e-10 if dtype == "float64" else 1e-5)
    _check(lib, "vectorstrength", (events, [1, 2, 3]))  # integer periods count as float64
    for period in (2.0, np.array(1.3, dtype=dtype), 3):
        got = sigproc.vectorstrength(lib.asarray(events), period)
        want = scipy.signal.vectorstrength(events, period)
        for g, w in zip(got, want, strict=True):
            _scalar_close(lib, g, w)


@pytest.mark.parametrize(
    ("events", "period", "match"),
    [
        (np.ones((2, 3)), 1.0, "events cannot have dimensions more than 1"),
        (np.ones(3), np.ones((2, 2)), "period cannot have dimensions more than 1"),
        (np.ones(3), 0.0, "periods must be positive"),
        (np.ones(3), np.array([1.0, -2.0]), "periods must be positive"),
    ],
)
def test_vectorstrength_errors(lib, events, period, match):
    _errors_match(lib, "vectorstrength", (events, period), {}, match)


# -- choose_conv_method, correlation_lags ------------------------------------------------
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_choose_conv_method(lib, rng, mode):
    cases = [
        (rng.standard_normal(10), rng.standard_normal(7)),
        (rng.standard_normal(3000), rng.standard_normal(2000)),
        (rng.standard_normal((60, 70)), rng.standard_normal((30, 35))),
        (rng.integers(0, 2**40, 300), rng.integers(0, 2**20, 200)),  # exactness: direct
        (rng.integers(0, 100, 3000), rng.integers(0, 100, 2000)),
        (rng.random(300) > 0.5, rng.random(200) > 0.5),
    ]
    for in1, in2 in cases:
        want = scipy.signal.choose_conv_method(in1, in2, mode=mode)
        assert sigproc.choose_conv_method(lib.asarray(in1), lib.asarray(in2), mode) == want


def test_choose_conv_method_measure(lib, rng):
    in1, in2 = lib.asarray(rng.standard_normal(50)), lib.asarray(rng.standard_normal(9))
    method, times = sigproc.choose_conv_method(in1, in2, "same", measure=True)
    assert set(times) == {"fft", "direct"}
    assert all(isinstance(t, float) and t > 0 for t in times.values())
    assert method == min(times, key=times.get)
    _errors_match(lib, "choose_conv_method", (np.ones(5), np.ones(3)), {"mode": "bad"}, "mode")


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_correlation_lags(lib, mode):
    for n1, n2 in ((5, 3), (3, 5), (6, 6), (7, 2), (1, 4)):
        want = scipy.signal.correlation_lags(n1, n2, mode)
        np.testing.assert_array_equal(sigproc.correlation_lags(n1, n2, mode), want)
        got = sigproc.correlation_lags(n1, n2, mode=mode, xp=lib.xp, device=lib.device)
        assert_close(got, want, like=lib)
    with pytest.raises(ValueError, match="Mode bad is invalid"):
        sigproc.correlation_lags(3, 4, "bad")


# -- check_COLA, check_NOLA --------------------------------------------------------------
@pytest.mark.parametrize("check", ["check_COLA", "check_NOLA"])
def test_overlap_checks(lib, check):
    spec_cases = [
        ("hann", 256, 128), ("hann", 256, 100), ("boxcar", 64, 0), (("tukey", 0.25), 64, 48),
        ("hann", 64, 0), ("hann", 64, 2), ("bartlett", 100, 50), ("hann", 7, 3),
    ]  # fmt: skip
    for args in spec_cases:
        want = getattr(scipy.signal, check)(*args)
        got = getattr(sigproc, check)(*args)
        assert type(got) is type(want) and got == want, args
    comb = np.ones(64)
    comb[::2] = 0
    for window, nperseg, noverlap in (
        (scipy.signal.windows.hann(120, sym=True), 120, 60),
        (comb, 64, 32),
        (scipy.signal.windows.boxcar(100), 100, 25),
    ):
        want = getattr(scipy.signal, check)(window, nperseg, noverlap, tol=1e-8)
        got = getattr(sigproc, check)(lib.asarray(window), nperseg, noverlap, tol=1e-8)
        assert type(got) is type(want) and got == want


@pytest.mark.parametrize("check", ["check_COLA", "check_NOLA"])
@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("hann", 0, 0), "nperseg must be a positive integer"),
        (("hann", 8, 8), "noverlap must be less than nperseg"),
        ((np.ones((2, 4)), 4, 2), "window must be 1-D"),
        ((np.ones(5), 4, 2), "window must have length of nperseg"),
    ],
)
def test_overlap_check_errors(lib, check, args, match):
    window, *rest = args
    with pytest.raises(ValueError, match=match):
        getattr(scipy.signal, check)(*args)
    window = lib.asarray(window) if isinstance(window, np.ndarray) else window
    with pytest.raises(ValueError, match=match):
        getattr(sigproc, check)(window, *rest)


def test_nola_negative_overlap():
    with pytest.raises(ValueError, match="noverlap must be a nonnegative integer"):
        sigproc.check_NOLA("hann", 8, -1)


# -- torch: gradients --------------------------------------------------------------------
class TestTorchGradients:
    @pytest.fixture(autouse=True)
    def _torch(self):
        self.torch = pytest.importorskip("torch")

    def _tensor(self, rng, *shape):
        return self.torch.tensor(rng.standard_normal(shape), requires_grad=True)

    def test_czt(self, rng):
        x = self._tensor(rng, 2, 9)
        gradcheck = self.torch.autograd.gradcheck
        assert gradcheck(lambda v: sigproc.czt(v, 12, w=0.99 * np.exp(-0.4j), a=1.05), (x,))
        assert gradcheck(lambda v: sigproc.zoom_fft(v, [0.1, 0.7], 5, axis=0), (x,))
        assert gradcheck(sigproc.CZT(9, 4), (x,))

    def test_lombscargle(self, rng):
        t, y, w = _uneven(rng, 25)
        torch = self.torch
        t, w = torch.tensor(t), torch.tensor(w[:9])
        y = torch.tensor(y, requires_grad=True)
        for kwargs in ({}, {"floating_mean": True, "normalize": True}):
            func = functools.partial(lambda v, kw: sigproc.lombscargle(t, v, w, **kw), kw=kwargs)
            assert torch.autograd.gradcheck(func, (y,))
        assert torch.autograd.gradcheck(
            lambda v: sigproc.lombscargle(t, v, w, normalize="amplitude"), (y,)
        )

    def test_envelope(self, rng):
        x = self._tensor(rng, 2, 12)
        gradcheck = self.torch.autograd.gradcheck
        assert gradcheck(lambda v: sigproc.envelope(v, residual=None), (x,))
        assert gradcheck(lambda v: sigproc.envelope(v, (1, 4), n_out=7, residual="all"), (x,))
        y = self._tensor(rng, 9, 2)
        assert gradcheck(lambda v: sigproc.envelope(v, squared=True, axis=0), (y,))
