"""SciPy's contract at the edges: unusual but legal input, and bad input, on every backend.

Each case is one call, made with SciPy on NumPy arrays and with sigproc on each
backend's arrays; the outcomes must agree: the same result (to the usual
tolerance) or an exception of the same kind (ValueError, TypeError, ...), with
SciPy's wording contained in ours where SciPy's own tests match it. The
expectation is SciPy's behaviour, computed in the test, never ours.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.fft
import scipy.signal

import sigproc
import sigproc.fft

rng = np.random.default_rng(7)
X = rng.standard_normal(256)
Y = rng.standard_normal(256)
B, A = scipy.signal.butter(3, 0.2)
SOS = scipy.signal.butter(4, 0.2, output="sos")


def _case(name, call, *, match=None):
    return pytest.param(name, call, match, id=name)


# Input only the numpy backend owns (Python sequences): the other backends decline it.
_HOST_INPUT = {"fft-range", "fft-list"}
# float16 arrays, which array-api-strict cannot hold.
_FLOAT16 = {"fft-f16", "welch-f16", "sosfilt-f16", "lfilter-f16"}
# Where SciPy itself is wrong, the outcome expected instead, and why:
_SCIPY_WRONG = {
    # SciPy 1.17 returns arrays for axis=1 of a 1-D signal; an axis that does not exist
    # is an error everywhere else in SciPy.
    "stft-axis-out": ValueError,
}


# call(lib, arr): `lib` is scipy.signal/scipy.fft or sigproc/sigproc.fft (as a pair),
# `arr` puts a NumPy array into the backend's library.
CASES = [
    # sampling frequency: SciPy's _validate_fs
    _case("welch-fs0", lambda s, f, a: s.welch(a(X), fs=0), match="must be positive"),
    _case("welch-fs-neg", lambda s, f, a: s.welch(a(X), fs=-1), match="must be positive"),
    _case("csd-fs-neg", lambda s, f, a: s.csd(a(X), a(Y), fs=-1.0), match="must be positive"),
    _case("periodogram-fs0", lambda s, f, a: s.periodogram(a(X), fs=0)),
    _case("coherence-fs-neg", lambda s, f, a: s.coherence(a(X), a(Y), fs=-2)),
    # segment lengths SciPy takes (it converts them with int())
    _case("welch-nperseg-float", lambda s, f, a: s.welch(a(X), nperseg=32.0)),
    _case("welch-nfft-float", lambda s, f, a: s.welch(a(X), nperseg=32, nfft=40.0)),
    # fft axes
    _case("fft2-1d", lambda s, f, a: f.fft2(a(X))),
    _case("fftn-axis-out", lambda s, f, a: f.fftn(a(X), axes=(3,))),
    # filter arguments
    _case("savgol-polyorder-neg", lambda s, f, a: s.savgol_filter(a(X), 11, -1)),
    _case("sosfilt-zi-1d-sos", lambda s, f, a: s.sosfilt_zi(a(SOS[0]))),
    _case(
        "sosfilt-a0-not-one",
        lambda s, f, a: s.sosfilt(np.array([[1, 0, 0, 2, 0.5, 0.0]]), a(X)),
        match="should be all ones",
    ),
    _case(
        "lfilter-b-2d",
        lambda s, f, a: s.lfilter(np.ones((2, 2)), [1.0], a(X)),
        match="Parameter b is not",
    ),
    _case("filtfilt-padlen-neg", lambda s, f, a: s.filtfilt(B, A, a(X), padlen=-1)),
    _case("sosfiltfilt-padlen-neg", lambda s, f, a: s.sosfiltfilt(SOS, a(X), padlen=-1)),
    # resampling edges
    _case("resample-num-neg", lambda s, f, a: s.resample(a(X), -1)),
    _case(
        "upfirdn-reflect-one-sample",
        lambda s, f, a: s.upfirdn(np.ones(2), a(np.ones(1)), mode="reflect"),
    ),
    _case(
        "resample-poly-reflect-one-sample",
        lambda s, f, a: s.resample_poly(a(np.ones(1)), 3, 2, padtype="reflect"),
    ),
    # signals of mismatched shapes
    _case("coherence-mismatch", lambda s, f, a: s.coherence(a(X), a(Y[:100]), nperseg=64)),
    # shapes and sizes at the edges
    _case("medfilt-empty", lambda s, f, a: s.medfilt(a(np.ones(0)))),
    _case("medfilt-negative-kernel", lambda s, f, a: s.medfilt(a(X), -3)),
    _case("resample-empty", lambda s, f, a: s.resample(a(np.ones(0)), 5)),
    _case("istft-1d", lambda s, f, a: s.istft(a(np.ones(5, complex)))),
    _case("stft-axis-out", lambda s, f, a: s.stft(a(X), axis=1)),
    _case("lfiltic-2d-y", lambda s, f, a: s.lfiltic([1.0, 1.0], [1.0, 0.5], a(np.ones((2, 2))))),
    # array_like input, as SciPy takes it
    _case("fft-range", lambda s, f, a: f.fft(range(95))),
    _case("fft-list", lambda s, f, a: f.rfft([1.0, 2.0, 3.0])),
    # float16: SciPy computes in float32 (FFTs, spectra) or float64 (filters)
    _case("fft-f16", lambda s, f, a: f.fft(a(X.astype(np.float16)))),
    _case("welch-f16", lambda s, f, a: s.welch(a(X.astype(np.float16)), nperseg=64)),
    _case("sosfilt-f16", lambda s, f, a: s.sosfilt(SOS, a(X.astype(np.float16)))),
    _case("lfilter-f16", lambda s, f, a: s.lfilter(B, A, a(X.astype(np.float16)))),
    # the groups of issue 12: bad arguments and edges, judged by SciPy
    _case("find-peaks-2d", lambda s, f, a: s.find_peaks(a(np.ones((2, 8))))),
    _case("find-peaks-distance", lambda s, f, a: s.find_peaks(a(X), distance=0.5)),
    _case("find-peaks-wlen", lambda s, f, a: s.find_peaks(a(X), prominence=0.1, wlen=1)[0]),
    _case("find-peaks-plateau", lambda s, f, a: s.find_peaks(a(np.repeat(X[:40], 3)))[0]),
    _case("peak-prominences-index", lambda s, f, a: s.peak_prominences(a(X), [300])),
    _case("peak-widths-rel-height", lambda s, f, a: s.peak_widths(a(X), [5], rel_height=-1)),
    _case("argrelmax-order0", lambda s, f, a: s.argrelmax(a(X), order=0)),
    _case("freqz-worN-neg", lambda s, f, a: s.freqz(a(B), a(A), worN=-1)),
    _case("freqz-sos-shape", lambda s, f, a: s.freqz_sos(a(SOS[:, :5]))),
    _case("czt-m0", lambda s, f, a: s.czt(a(X), m=0)),
    _case("czt-empty", lambda s, f, a: s.czt(a(X[:0]))),
    _case("zoom-fft-band", lambda s, f, a: s.zoom_fft(a(X), [0.5, 0.1])),
    _case("lombscargle-lengths", lambda s, f, a: s.lombscargle(a(X), a(Y[:10]), a(X[:4] + 2))),
    _case("convolve2d-1d", lambda s, f, a: s.convolve2d(a(X), a(Y))),
    _case(
        "convolve2d-boundary",
        lambda s, f, a: s.convolve2d(a(np.ones((4, 4))), a(np.ones((2, 2))), boundary="nope"),
    ),
    _case("medfilt2d-even", lambda s, f, a: s.medfilt2d(a(np.ones((5, 5))), 4)),
    _case(
        "order-filter-rank", lambda s, f, a: s.order_filter(a(np.ones((5, 5))), np.ones((3, 3)), 9)
    ),
    _case("chirp-method", lambda s, f, a: s.chirp(a(X), 1.0, 1.0, 2.0, method="nope")),
    _case("symiirorder1-unstable", lambda s, f, a: s.symiirorder1(a(X), 0.5, 1.5)),
    _case("deconvolve-2d", lambda s, f, a: s.deconvolve(a(np.ones((2, 4))), a(np.ones(2)))),
    _case("vectorstrength-period0", lambda s, f, a: s.vectorstrength(a(np.abs(X)), 0.0)),
    _case("dlsim-u-shape", lambda s, f, a: s.dlsim(([1.0], [1.0, -0.5], 1.0), a(np.ones((4, 3))))),
    _case("dct-type5", lambda s, f, a: f.dct(a(X), type=5)),
    _case("dct-n0", lambda s, f, a: f.dct(a(X), n=0)),
    _case("dctn-axes-out", lambda s, f, a: f.dctn(a(X), axes=(2,))),
    _case("idst-ortho", lambda s, f, a: f.idst(a(X), type=4, norm="ortho")),
    _case("hfftn-empty-axes", lambda s, f, a: f.hfftn(a(X), axes=())),
]

# SciPy itself crashes the process on these (SIGFPE in upfirdn's C code): the
# expectation is the result of the same extension computed another way.
_SCIPY_CRASHES = {"upfirdn-reflect-one-sample", "resample-poly-reflect-one-sample"}
_EXPECTED = {  # a one-sample reflection repeats the sample, as "edge" does
    "upfirdn-reflect-one-sample": lambda: scipy.signal.upfirdn(np.ones(2), np.ones(1), mode="edge"),
    "resample-poly-reflect-one-sample": lambda: scipy.signal.resample_poly(
        np.ones(1), 3, 2, padtype="edge"
    ),
}


def _outcome(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", call()
        except Exception as exc:  # the outcome under test
            return "raised", exc


def _host(value):
    if isinstance(value, tuple):
        return tuple(_host(v) for v in value)
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    return np.asarray(value)


def _backends():
    out = [pytest.param("numpy", np.asarray, id="numpy")]
    out.append(pytest.param("array_api", np.asarray, id="portable"))
    try:
        import array_api_strict as xs

        out.append(pytest.param("array_api", xs.asarray, id="strict"))
    except ImportError:
        pass
    try:
        import torch

        out.append(pytest.param("torch", torch.asarray, id="torch"))
    except ImportError:
        pass
    return out


@pytest.mark.parametrize(("backend", "arr"), _backends())
@pytest.mark.parametrize(("case", "call", "match"), CASES)
def test_matches_scipy(request, backend, arr, case, call, match):
    library = request.node.callspec.id.rsplit("-", 1)[-1]
    if case in _HOST_INPUT and library != "numpy":
        pytest.skip("Python sequences belong to the numpy backend")
    if case in _FLOAT16 and library == "strict":
        pytest.skip("array-api-strict has no float16")
    if case in _SCIPY_CRASHES:
        kind, want = "ok", _EXPECTED[case]()
    elif case in _SCIPY_WRONG:
        kind, want = "raised", _SCIPY_WRONG[case]("expected")
    else:
        kind, want = _outcome(lambda: call(scipy.signal, scipy.fft, np.asarray))
    with sigproc.set_backend(backend, only=True):
        got_kind, got = _outcome(lambda: call(sigproc, sigproc.fft, arr))
    if kind == "raised":
        assert got_kind == "raised", f"SciPy raised {want!r}; sigproc returned"
        family = (ValueError, TypeError, IndexError, NotImplementedError, ZeroDivisionError)
        expected = next((t for t in family if isinstance(want, t)), type(want))
        assert isinstance(got, expected), f"SciPy: {want!r}; sigproc: {got!r}"
        if match is not None:
            assert match in str(got), f"{match!r} not in {got!r}"
    else:
        assert got_kind == "ok", f"SciPy returned; sigproc raised {got!r}"
        got, want = _host(got), _host(want)
        pairs = zip(got, want, strict=True) if isinstance(want, tuple) else [(got, want)]
        for g, w in pairs:
            assert g.dtype == w.dtype, f"dtype {g.dtype}, SciPy's {w.dtype}"
            single = w.dtype in (np.float32, np.complex64)  # the float32 contract
            scale = np.abs(w).max() if w.size else 1.0
            tol = dict(rtol=1e-4, atol=1e-4 * scale) if single else dict(rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(g, w, **tol)


def test_aggregates_take_lists_as_the_numpy_backend_does():
    assert sigproc.aggregate([1.0, 2.0, 6.0]) == 3.0
    got = sigproc.ranged_aggregate([1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 2.0, 3.0], [(0, 1), (2, 3)])
    np.testing.assert_allclose(got, [1.5, 3.5])
    np.testing.assert_allclose(sigproc.aggregate([1.0, 3.0], "trapezoid", coords=[0.0, 2.0]), 4.0)


@pytest.mark.parametrize(("backend", "arr"), _backends())
def test_bandpower_of_an_empty_signal_is_an_error(backend, arr):
    with sigproc.set_backend(backend, only=True), pytest.raises(ValueError, match="samples"):
        sigproc.bandpower(arr(np.ones((2, 0))), 10.0, [(1.0, 2.0)])


# -- NaN stays where SciPy's result has it ---------------------------------------------------
def _with_nan(n=128, at=60):
    v = np.sin(np.arange(n) / 5.0)
    v[at] = np.nan
    return v


NAN_CASES = [
    pytest.param(lambda s, a: s.savgol_filter(a(_with_nan()), 11, 3), id="savgol"),
    pytest.param(lambda s, a: s.savgol_filter(a(_with_nan()), 11, 3, mode="mirror"), id="savgol-m"),
    pytest.param(lambda s, a: s.convolve(a(_with_nan()), a(np.ones(3))), id="convolve-auto"),
    pytest.param(
        lambda s, a: s.convolve(a(_with_nan()), a(np.ones(5)), method="direct"),
        id="convolve-direct",
    ),
    pytest.param(
        lambda s, a: s.correlate(a(_with_nan()), a(np.arange(4.0)), mode="same"), id="correlate"
    ),
    pytest.param(
        lambda s, a: s.convolve(a(np.ones(40)), a(np.array([1.0, np.nan, 1.0])), method="direct"),
        id="convolve-nan-kernel",
    ),
]


@pytest.mark.parametrize(("backend", "arr"), _backends())
@pytest.mark.parametrize("call", NAN_CASES)
def test_nan_stays_where_scipy_puts_it(backend, arr, call):
    want = call(scipy.signal, np.asarray)
    with sigproc.set_backend(backend, only=True):
        got = _host(call(sigproc, arr))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("backend", "arr"), _backends())
@pytest.mark.parametrize("method", ["auto", "direct", "fft"])
def test_integer_convolution_is_exact_and_integer(backend, arr, method):
    a, b = np.arange(-20, 30), np.array([3, -1, 2])
    want = scipy.signal.convolve(a, b, method=method)
    with sigproc.set_backend(backend, only=True):
        got = sigproc.convolve(arr(a), arr(b), method=method)
    assert _host(got).dtype == want.dtype
    np.testing.assert_array_equal(_host(got), want)


@pytest.mark.parametrize(("backend", "arr"), _backends())
@pytest.mark.parametrize("func", ["fftconvolve", "oaconvolve"])
@pytest.mark.parametrize(
    ("a", "b", "mode", "axes"),
    [
        (np.array([4967]), np.array([3920]), "full", None),  # SciPy's test_single_element
        (np.ones((2, 3), int), np.full((1, 1), 3), "same", 1),
        (np.ones((1, 3), np.int32), np.ones((2, 1), np.int32), "same", 1),
        (np.ones((1, 3), bool), np.ones((2, 1), np.float32), "valid", 1),
    ],
)
def test_fft_convolutions_without_axes_multiply(backend, arr, func, a, b, mode, axes):
    # No axis left to convolve: SciPy returns the product, integers staying integers.
    want = getattr(scipy.signal, func)(a, b, mode=mode, axes=axes)
    with sigproc.set_backend(backend, only=True):
        got = _host(getattr(sigproc, func)(arr(a), arr(b), mode=mode, axes=axes))
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def _with_nonfinite(n=400):
    v = np.stack([np.sin(np.arange(n) / 7.0), np.cos(np.arange(n) / 3.0)])
    v[0, 200], v[0, 300], v[0, 5] = np.nan, np.inf, -np.inf
    return v


BA = [
    pytest.param(scipy.signal.butter(4, 0.2), id="butter4"),
    pytest.param(scipy.signal.butter(8, 0.1), id="butter8"),
    pytest.param((np.array([1.0, 2.0, 1.0]), np.array([1.0])), id="fir"),
    pytest.param((np.array([1.0]), np.array([1.0, -1.0])), id="integrator"),
    # SciPy runs its recursion whenever len(a) > 1: 0 * nan keeps the state NaN.
    pytest.param((np.array([1.0, 0.5]), np.array([1.0, 0.0, 0.0])), id="zero-feedback"),
    pytest.param((np.array([1.0, 0.5, 0.2]), np.array([2.0])), id="fir-scaled"),
]


@pytest.mark.parametrize(("backend", "arr"), _backends())
@pytest.mark.parametrize("ba", BA)
def test_iir_is_causal_for_nan_and_inf(backend, arr, ba):
    # SciPy's recursion: outputs before a non-finite sample are untouched by it.
    b, a = ba
    x = _with_nonfinite()
    sos = scipy.signal.butter(6, 0.15, output="sos")
    sos = np.concatenate([sos, [[1.0, 0.5, 0.0, 1.0, 0.0, 0.0]]])  # a section with no poles
    zi = np.repeat(scipy.signal.sosfilt_zi(sos)[:, None, :], 2, axis=1)
    with np.errstate(all="ignore"):
        wants = [scipy.signal.lfilter(b, a, x), *scipy.signal.sosfilt(sos, x, zi=zi)]
    with sigproc.set_backend(backend, only=True):
        gots = [sigproc.lfilter(b, a, arr(x)), *sigproc.sosfilt(sos, arr(x), zi=arr(zi))]
    for got, want in zip(gots, wants, strict=True):
        got = _host(got)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
        finite = np.isfinite(want)
        np.testing.assert_allclose(got[finite], want[finite], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(("backend", "arr"), _backends())
@pytest.mark.parametrize("padtype", ["median", "minimum", "maximum", "mean"])
def test_resample_poly_complex_backgrounds(backend, arr, padtype):
    # Complex medians and extremes in NumPy's lexicographic order, as SciPy's.
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 50)) + 1j * rng.standard_normal((2, 50))
    x[0, 3], x[0, 9] = x[0, 7].real + 5j, x[0, 7].real - 5j  # ties of the real part
    want = scipy.signal.resample_poly(x, 3, 2, padtype=padtype, axis=1)
    with sigproc.set_backend(backend, only=True):
        got = sigproc.resample_poly(arr(x), 3, 2, padtype=padtype, axis=1)
    np.testing.assert_allclose(_host(got), want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("backend", "arr"), _backends())
def test_sections_with_vanishing_poles(backend, arr):
    # Poles of radius 1e-158 (a2 subnormal): found by the property tests (torch gave NaN).
    sos = np.array([[1.0, 0.0, 1.0, 1.0, -1.17863533e-158, 1.1896666e-316]])
    x = np.random.default_rng(2).standard_normal(64)
    with sigproc.set_backend(backend, only=True):
        got = _host(sigproc.sosfilt(sos, arr(x)))
    np.testing.assert_allclose(got, scipy.signal.sosfilt(sos, x), rtol=1e-12, atol=1e-12)
