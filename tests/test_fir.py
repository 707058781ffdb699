"""FIR functions against SciPy on every array library: convolution, resampling, smoothing."""

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc

CONVOLUTIONS = ("convolve", "correlate", "fftconvolve", "oaconvolve")
MODES = ("full", "same", "valid")


def _check(lib, func, args, kwargs=None, *, rtol=None):
    """Run sigproc's `func` on `lib` arrays and SciPy's on NumPy ones; compare; inputs intact."""
    kwargs = kwargs or {}
    host = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    libargs = [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    got = getattr(sigproc, func)(*libargs, **kwargs)
    want = getattr(scipy.signal, func)(*host, **kwargs)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_close(g, w, like=lib, rtol=rtol)
    else:
        assert_close(got, want, like=lib, rtol=rtol)
    for before, after in zip(host, libargs, strict=True):
        if isinstance(before, np.ndarray):
            assert_unchanged(before, after, lib)
    return got


# -- convolve, correlate, fftconvolve, oaconvolve -------------------------------------
@pytest.mark.parametrize("func", CONVOLUTIONS)
@pytest.mark.parametrize("mode", MODES)
def test_convolutions_2d(lib, rng, func, mode):
    x, h = rng.standard_normal((4, 23)), rng.standard_normal((2, 5))
    _check(lib, func, (x, h), {"mode": mode})
    _check(lib, func, (h, x), {"mode": mode})  # 'valid' swaps the larger input first
    z = x + 1j * rng.standard_normal(x.shape)
    _check(lib, func, (z, h), {"mode": mode})


@pytest.mark.parametrize("func", CONVOLUTIONS)
def test_convolutions_3d_float32_and_1d(lib, rng, func):
    x = rng.standard_normal((3, 4, 9)).astype(np.float32)
    h = rng.standard_normal((2, 3, 4)).astype(np.float32)
    _check(lib, func, (x, h), {"mode": "same"})
    _check(lib, func, (x[0, 0], h[0, 0]), {"mode": "full"})
    # float32 + float64 gives float64; SciPy's FFT path transforms the float32 input in
    # single precision, so agreement is at float32 level.
    _check(lib, func, (x, h.astype(np.float64)), {"mode": "valid"}, rtol=1e-5)
    c = (x + 1j).astype(np.complex64)
    _check(lib, func, (c, h), {"mode": "full"})


@pytest.mark.parametrize("func", ["convolve", "correlate"])
@pytest.mark.parametrize("method", ["auto", "direct", "fft"])
def test_convolve_methods_and_integers(lib, rng, func, method):
    x, h = rng.integers(-50, 50, (3, 12)), rng.integers(-5, 5, (2, 3))
    _check(lib, func, (x, h), {"mode": "full", "method": method})  # integers stay integers
    _check(lib, func, (x * 1.5, h), {"mode": "same", "method": method})


@pytest.mark.parametrize("func", CONVOLUTIONS)
def test_convolutions_scalars(lib, func):
    got = getattr(sigproc, func)(lib.asarray(np.array(2.0)), lib.asarray(np.array(-3.0)))
    if lib.module == "numpy":  # NumPy (and SciPy) give a NumPy scalar for 0-d inputs
        assert isinstance(got, np.generic | np.ndarray) and got.dtype == np.float64
    else:
        assert lib.owns(got) and got.shape == ()
    assert float(lib.to_numpy(got)) == -6.0


@pytest.mark.parametrize("func", ["fftconvolve", "oaconvolve"])
def test_fftconvolve_axes(lib, rng, func):
    x = rng.standard_normal((3, 20))
    _check(lib, func, (x, rng.standard_normal((1, 5))), {"axes": 1})
    _check(lib, func, (x, rng.standard_normal((3, 5))), {"axes": [-1], "mode": "same"})
    _check(lib, func, (x, rng.standard_normal((3, 1))), {"axes": 0, "mode": "valid"})


@pytest.mark.parametrize("func", CONVOLUTIONS)
def test_convolutions_bad_arguments(lib, func):
    x, h = lib.asarray(np.ones((3, 4))), lib.asarray(np.ones((2, 5)))
    conv = getattr(sigproc, func)
    with pytest.raises(ValueError, match="dimensionality"):
        conv(x, lib.asarray(np.ones(3)))
    with pytest.raises(ValueError, match="mode"):
        conv(x, h, mode="middle")
    with pytest.raises(ValueError, match="at least as large"):
        conv(x, h, mode="valid")
    if func in ("convolve", "correlate"):
        with pytest.raises(ValueError, match="method"):
            conv(x, h, method="fastest")
    else:
        with pytest.raises(ValueError, match="axes"):
            conv(x, h, axes=[0, 0])
        with pytest.raises(ValueError, match="axes"):
            conv(x, h, axes=2)
        with pytest.raises(ValueError, match="incompatible shapes"):
            conv(x, h, axes=1)


# -- hilbert --------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("N", [None, 7, 16, 25])
def test_hilbert(lib, rng, axis, N):
    x = rng.standard_normal((10, 15))
    _check(lib, "hilbert", (x,), {"N": N, "axis": axis})


def test_hilbert_float32_and_integers(lib, rng):
    _check(lib, "hilbert", (rng.standard_normal((2, 16)).astype(np.float32),))
    _check(lib, "hilbert", (np.arange(9),))


def test_hilbert_bad_arguments(lib):
    with pytest.raises(ValueError, match="real"):
        sigproc.hilbert(lib.asarray(np.ones(8) + 1j))
    with pytest.raises(ValueError, match="N must be positive"):
        sigproc.hilbert(lib.asarray(np.ones(8)), N=0)


# -- resample -------------------------------------------------------------------------
@pytest.mark.parametrize("n_x", [20, 21])
@pytest.mark.parametrize("num", [8, 9, 20, 30, 31])
def test_resample(lib, rng, n_x, num):
    x = rng.standard_normal((n_x, 3))
    _check(lib, "resample", (x, num))  # real: one-sided spectrum
    _check(lib, "resample", (x.T + 1j * x.T, num), {"axis": 1})  # complex: two-sided
    _check(lib, "resample", (x, num), {"t": np.arange(n_x) * 0.25})


@pytest.mark.parametrize("window", ["hann", ("tukey", 0.3), 5.0, "array", "callable"])
@pytest.mark.parametrize("num", [12, 31])
def test_resample_windows(lib, rng, window, num):
    x = rng.standard_normal((2, 20))
    if window == "array":
        window = scipy.fft.ifftshift(np.hanning(20))
    elif window == "callable":
        window = lambda f: 1.0 / (1.0 + 10 * f**2)  # noqa: E731
    _check(lib, "resample", (x, num), {"axis": 1, "window": window})
    _check(lib, "resample", (x + 2j, num), {"axis": -1, "window": window})


def test_resample_freq_domain_float32_integers(lib, rng):
    x = rng.standard_normal((3, 16))
    _check(lib, "resample", (np.fft.fft(x, axis=1), 24), {"axis": 1, "domain": "freq"})
    _check(lib, "resample", (x.astype(np.float32), 10), {"axis": 1})
    _check(lib, "resample", ((x + 1j).astype(np.complex64), 10), {"axis": 1})
    _check(lib, "resample", (np.arange(12), 7), {"t": [0.0, 0.5]})


def test_resample_bad_arguments(lib):
    x = lib.asarray(np.ones(8))
    with pytest.raises(ValueError, match="domain"):
        sigproc.resample(x, 4, domain="space")
    with pytest.raises(ValueError, match="window length"):
        sigproc.resample(x, 4, window=np.ones(5))


# -- upfirdn --------------------------------------------------------------------------
@pytest.mark.parametrize(("up", "down"), [(1, 1), (2, 3), (3, 2), (1, 4), (5, 1)])
@pytest.mark.parametrize(
    "mode",
    ["constant", "wrap", "edge", "smooth", "symmetric", "reflect", "antisymmetric",
     "antireflect", "line"],
)  # fmt: skip
def test_upfirdn(lib, rng, up, down, mode):
    h, x = rng.standard_normal(7), rng.standard_normal((3, 17))
    _check(lib, "upfirdn", (h, x, up, down), {"mode": mode})
    _check(lib, "upfirdn", (h, x.T, up, down), {"axis": 0, "mode": mode})


def test_upfirdn_dtypes_cval_and_list_taps(lib, rng):
    x = rng.standard_normal((2, 3, 10))
    _check(lib, "upfirdn", ([0.5, 1.0, 0.5], x, 2, 1), {"axis": 1, "cval": 2.0})
    h32 = rng.standard_normal(5).astype(np.float32)
    _check(lib, "upfirdn", (h32, x.astype(np.float32), 3, 2))
    _check(lib, "upfirdn", (h32, (x + 1j).astype(np.complex64), 2, 3), {"mode": "reflect"})
    _check(lib, "upfirdn", (np.array([1, 2, 1]), np.arange(10), 2, 3))


@pytest.mark.parametrize(("up", "down"), [(1, 1), (2, 3), (1, 3)])
def test_upfirdn_long_taps(lib, rng, up, down):
    # Long filters on short signals take the zero-stuffing FFT path instead of polyphase sums.
    h, x = rng.standard_normal(64), rng.standard_normal((2, 17))
    _check(lib, "upfirdn", (h, x, up, down))
    _check(lib, "upfirdn", (h, x, up, down), {"mode": "symmetric"})


def test_upfirdn_bad_arguments(lib):
    x = lib.asarray(np.ones(8))
    with pytest.raises(ValueError, match="h must be 1-D"):
        sigproc.upfirdn(np.ones((2, 2)), x)
    with pytest.raises(ValueError, match=">= 1"):
        sigproc.upfirdn([1.0, 1.0], x, up=0)
    with pytest.raises(ValueError, match="Unknown mode"):
        sigproc.upfirdn([1.0, 1.0], x, mode="bogus")


# -- resample_poly --------------------------------------------------------------------
@pytest.mark.parametrize(("up", "down"), [(1, 1), (2, 3), (3, 2), (1, 4), (4, 2)])
@pytest.mark.parametrize("padtype", ["constant", "mean", "median", "maximum", "line", "reflect"])
def test_resample_poly(lib, rng, up, down, padtype):
    x = rng.standard_normal((3, 25))
    _check(lib, "resample_poly", (x, up, down), {"axis": 1, "padtype": padtype})
    _check(lib, "resample_poly", (x.T, up, down), {"padtype": padtype})


def test_resample_poly_windows_dtypes(lib, rng):
    x = rng.standard_normal((2, 30))
    _check(lib, "resample_poly", (x, 3, 2), {"axis": 1, "window": "hamming"})
    _check(lib, "resample_poly", (x, 2, 3), {"axis": 1, "window": np.hanning(11)})
    _check(lib, "resample_poly", (x, 2, 3), {"axis": 1, "window": [1.0, 2.0, 3.0, 2.0, 1.0]})
    _check(lib, "resample_poly", (x, 2, 3), {"axis": 1, "cval": 1.5})
    _check(lib, "resample_poly", (x.astype(np.float32), 2, 3), {"axis": 1})
    _check(lib, "resample_poly", ((x + 1j).astype(np.complex64), 3, 2), {"axis": 1})
    _check(lib, "resample_poly", (np.arange(30), 2, 3), {"padtype": "mean"})
    _check(lib, "resample_poly", (np.arange(30), 2, 2))  # integers pass through unchanged


def test_resample_poly_bad_arguments(lib):
    x = lib.asarray(np.ones(10))
    with pytest.raises(ValueError, match="up must be an integer"):
        sigproc.resample_poly(x, 1.5, 2)
    with pytest.raises(ValueError, match=">= 1"):
        sigproc.resample_poly(x, 0, 2)
    with pytest.raises(ValueError, match="padtype must be one of"):
        sigproc.resample_poly(x, 2, 3, padtype="zeros")
    with pytest.raises(ValueError, match="cval"):
        sigproc.resample_poly(x, 2, 3, padtype="mean", cval=1.0)
    with pytest.raises(ValueError, match="window must be 1-D"):
        sigproc.resample_poly(x, 2, 3, window=np.ones((3, 3)))


# -- savgol_filter --------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["interp", "mirror", "constant", "nearest", "wrap"])
@pytest.mark.parametrize(
    ("window_length", "polyorder", "deriv"), [(5, 2, 0), (7, 3, 1), (4, 2, 0), (6, 3, 2)]
)
def test_savgol_filter(lib, rng, mode, window_length, polyorder, deriv):
    x = rng.standard_normal((3, 20))
    args = (x, window_length, polyorder)
    _check(lib, "savgol_filter", args, {"deriv": deriv, "delta": 0.5, "mode": mode, "cval": 0.5})
    args = (x.T, window_length, polyorder)
    _check(lib, "savgol_filter", args, {"deriv": deriv, "axis": 0, "mode": mode})


def test_savgol_filter_dtypes(lib, rng):
    x = rng.standard_normal((2, 15, 4))
    _check(lib, "savgol_filter", (x.astype(np.float32), 5, 2), {"axis": 1})
    _check(lib, "savgol_filter", (np.arange(20) ** 2, 9, 2), {"deriv": 1})


def test_savgol_filter_bad_arguments(lib):
    x = lib.asarray(np.ones(10))
    with pytest.raises(ValueError, match="mode must be"):
        sigproc.savgol_filter(x, 5, 2, mode="reflect")
    with pytest.raises(ValueError, match="polyorder must be less than window_length"):
        sigproc.savgol_filter(x, 3, 3)
    with pytest.raises(ValueError, match="window_length must be less than or equal"):
        sigproc.savgol_filter(x, 11, 2)


# -- medfilt --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("shape", "kernel_size"),
    [
        ((30,), None),
        ((30,), 5),
        ((6, 9), None),
        ((6, 9), [3, 5]),
        ((4, 5, 6), 3),
        ((4, 5, 6), [1, 3, 5]),
    ],
)
def test_medfilt(lib, rng, shape, kernel_size):
    _check(lib, "medfilt", (rng.standard_normal(shape), kernel_size))
    _check(lib, "medfilt", (rng.integers(0, 100, shape), kernel_size))
    _check(lib, "medfilt", (rng.standard_normal(shape).astype(np.float32), kernel_size))


def test_medfilt_bad_arguments(lib):
    x = lib.asarray(np.ones((5, 5)))
    with pytest.raises(ValueError, match="odd"):
        sigproc.medfilt(x, 4)
    with pytest.raises(ValueError, match="odd"):
        sigproc.medfilt(x, [3, 2])
    with pytest.raises(ValueError, match="not supported by medfilt"):
        sigproc.medfilt(lib.asarray(np.ones(5) + 1j))
    with pytest.warns(UserWarning, match="kernel_size exceeds volume extent"):
        sigproc.medfilt(lib.asarray(np.ones((2, 5))), 3)


# -- dispatch and edge cases ----------------------------------------------------------
def test_signals_from_two_libraries_are_refused(lib):
    if lib.module == "numpy":
        pytest.skip("needs a non-NumPy library")
    with pytest.raises(TypeError, match="different libraries"):
        sigproc.convolve(lib.asarray(np.ones(4)), np.ones(3))


def test_empty_inputs(lib):
    empty, taps = lib.asarray(np.ones(0)), lib.asarray(np.ones(3))
    assert_close(sigproc.fftconvolve(empty, taps), np.zeros(0), like=lib)
    with pytest.raises(ValueError, match="empty"):
        sigproc.convolve(empty, taps)
