"""Dask backend: FIR work, resampling, FFTs, detrend and aggregates on chunked dask arrays.

Each result is compared with SciPy (or sigproc's numpy backend) on the computed
array; the calls are checked lazy (a scheduler that raises), their graphs
bounded per chunk, and their chunks as ``sigproc/backends/dask/_fir.py`` and
``_fft.py`` document.
"""

import contextlib

import numpy as np
import pytest
import scipy.fft
import scipy.signal

import sigproc
from sigproc._core.names import FFT_N_AXES, FFT_ONE_AXIS, FFT_TRIG_N_AXES, FFT_TRIG_ONE_AXIS, FUNCS

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

RTOL = 1e-9
CHUNKINGS = [(3, 200), (2, 50), (3, 7), (1, 3)]  # whole; time chunks; shorter than kernels


def _refuse(*args, **kwargs):
    raise AssertionError("a sigproc call computed a dask array")


@contextlib.contextmanager
def lazy():
    with dask.config.set(scheduler=_refuse):
        yield


def check(y, expected, *, atol=1e-12):
    """Dask array `y` equal to NumPy `expected` in dtype, shape and values."""
    assert isinstance(y, da.Array)
    assert y.dtype == expected.dtype and y.shape == expected.shape
    got = y.compute()
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=atol)


@pytest.fixture(scope="module")
def signal():
    return np.random.default_rng(0).standard_normal((3, 200))


@pytest.fixture(scope="module")
def taps():
    return np.random.default_rng(1).standard_normal(9)


# -- convolutions -----------------------------------------------------------------------------
@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("name", ["fftconvolve", "oaconvolve", "convolve", "correlate"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolutions_match_scipy(signal, taps, chunks, name, mode):
    x = da.from_array(signal, chunks=chunks)
    with lazy():
        y = getattr(sigproc, name)(x, taps[None, :], mode)
    check(y, getattr(scipy.signal, name)(signal, taps[None, :], mode))
    if mode == "same":
        assert y.chunks[0] == x.chunks[0]


def test_convolution_2d_kernel_and_dask_kernel(signal):
    kernel = np.random.default_rng(2).standard_normal((2, 5))
    x = da.from_array(signal, chunks=(1, 40))
    with lazy():
        y = sigproc.fftconvolve(x, da.from_array(kernel), "same")
        z = sigproc.convolve(x, kernel, "valid")
    check(y, scipy.signal.fftconvolve(signal, kernel, "same"))
    check(z, scipy.signal.convolve(signal, kernel, "valid"))


def test_integer_convolve_keeps_integers():
    a = np.arange(40).reshape(2, 20)
    y = sigproc.convolve(da.from_array(a, chunks=(2, 6)), np.array([[1, 2, 3]]))
    check(y, scipy.signal.convolve(a, np.array([[1, 2, 3]])))


def test_convolution_errors(signal, taps):
    x = da.from_array(signal, chunks=(3, 50))
    with pytest.raises(ValueError, match="kernel in2 in one chunk"):
        sigproc.fftconvolve(x, da.from_array(np.ones((1, 100)), chunks=(1, 50)))
    with pytest.raises(ValueError, match="same dimensionality"):
        sigproc.fftconvolve(x, taps)
    with pytest.raises(ValueError, match="acceptable mode"):
        sigproc.fftconvolve(x, taps[None], "middle")
    with pytest.raises(ValueError, match="rechunk"):  # chunked along a broadcast axis
        sigproc.fftconvolve(da.from_array(signal, chunks=(1, 200)), np.ones((3, 4)), axes=1)


# -- upfirdn, resample_poly, savgol_filter, medfilt ------------------------------------------
UPFIRDN_MODES = ["constant", "wrap", "edge", "smooth", "symmetric", "reflect", "antisymmetric",
                 "antireflect", "line"]  # fmt: skip


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize(("up", "down"), [(1, 1), (3, 2), (2, 5), (1, 3)])
def test_upfirdn_every_mode(signal, taps, chunks, up, down):
    x = da.from_array(signal, chunks=chunks)
    for mode in UPFIRDN_MODES:
        with lazy():
            y = sigproc.upfirdn(taps, x, up, down, mode=mode, cval=0.5 if mode == "constant" else 0)
        expected = scipy.signal.upfirdn(
            taps, signal, up, down, mode=mode, cval=0.5 if mode == "constant" else 0
        )
        check(y, expected)


@pytest.mark.parametrize("chunks", [(3, 200), (2, 33), (3, 4)])
@pytest.mark.parametrize("padtype", ["constant", "mean", "median", "maximum", "line", "wrap"])
def test_resample_poly(signal, chunks, padtype):
    x = da.from_array(signal, chunks=chunks)
    with lazy():
        y = sigproc.resample_poly(x, 3, 2, axis=1, padtype=padtype)
    check(y, scipy.signal.resample_poly(signal, 3, 2, axis=1, padtype=padtype))


def test_resample_poly_float32_and_axis0(signal):
    s = signal.T.astype(np.float32)
    y = sigproc.resample_poly(da.from_array(s, chunks=(16, 3)), 2, 7, window=("kaiser", 4.0))
    expected = scipy.signal.resample_poly(s, 2, 7, window=("kaiser", 4.0))
    assert y.dtype == expected.dtype == np.float32
    np.testing.assert_allclose(y.compute(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize(
    ("window", "mode"),
    [(7, "interp"), (8, "interp"), (7, "mirror"), (6, "nearest"), (9, "wrap"), (5, "constant")],
)
def test_savgol_filter_every_mode(signal, chunks, window, mode):
    x = da.from_array(signal, chunks=chunks)
    with lazy():
        y = sigproc.savgol_filter(x, window, 2, deriv=1, mode=mode, cval=0.5)
    check(y, scipy.signal.savgol_filter(signal, window, 2, deriv=1, mode=mode, cval=0.5))
    assert y.chunks[0] == x.chunks[0]


def test_savgol_errors(signal):
    x = da.from_array(signal[:, :5], chunks=(3, 2))
    with pytest.raises(ValueError, match="less than or equal to the size of x"):
        sigproc.savgol_filter(x, 7, 2)
    with pytest.raises(ValueError, match="mode must be"):
        sigproc.savgol_filter(x, 3, 1, mode="bogus")


@pytest.mark.parametrize("chunks", [(3, 200), (2, 30), (1, 2)])
@pytest.mark.parametrize("kernel", [3, [1, 7], [3, 5]])
def test_medfilt(signal, chunks, kernel):
    x = da.from_array(signal, chunks=chunks)
    with lazy():
        y = sigproc.medfilt(x, kernel)
    check(y, scipy.signal.medfilt(signal, kernel))
    assert y.chunks == x.chunks or min(chunks) < 3  # tiny chunks merge for the halo


# -- graph size and laziness -------------------------------------------------------------------
CALLS = {
    "fftconvolve": lambda x: sigproc.fftconvolve(x, np.ones((1, 31)), "same"),
    "upfirdn": lambda x: sigproc.upfirdn(np.ones(12), x, 3, 2, mode="reflect"),
    "resample_poly": lambda x: sigproc.resample_poly(x, 2, 3, axis=1, padtype="mean"),
    "savgol_filter": lambda x: sigproc.savgol_filter(x, 11, 3),
    "medfilt": lambda x: sigproc.medfilt(x, [1, 5]),
    "detrend": lambda x: sigproc.detrend(x, bp=[700]),
    "aggregate": lambda x: sigproc.aggregate(x, "std"),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_tasks_per_chunk_bounded(name):
    sizes = []
    for n_chunks in (1, 8, 32):
        x = da.zeros((2, 3200), chunks=(2, 3200 // n_chunks))
        with lazy():
            y = CALLS[name](x)
        sizes.append(len(y.__dask_graph__()))
    assert sizes[2] <= 40 * 32, sizes
    assert sizes[2] - sizes[1] <= 40 * 24, sizes  # grows with the chunks, a few tens each


# -- FFTs --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FFT_ONE_AXIS + FFT_TRIG_ONE_AXIS)
def test_one_axis_transforms(signal, name):
    x = da.from_array(signal[:, :64], chunks=(2, 64))
    for n in (None, 50):
        with lazy():
            y = getattr(sigproc.fft, name)(x, n=n, norm="ortho")
        check(y, getattr(scipy.fft, name)(signal[:, :64], n=n, norm="ortho"))
        assert y.chunks[0] == (2, 1)
    with pytest.raises(ValueError, match=r"rechunk it first, e\.g\. x\.rechunk\(\{1: -1\}\)"):
        getattr(sigproc.fft, name)(da.from_array(signal, chunks=(3, 50)))


@pytest.mark.parametrize("name", FFT_N_AXES + FFT_TRIG_N_AXES)
def test_n_axes_transforms(signal, name):
    data = signal[:, :16]
    x = da.from_array(data, chunks=-1)
    with lazy():
        y = getattr(sigproc.fft, name)(x)
    check(y, getattr(scipy.fft, name)(data))
    stacked = np.stack([data, 2 * data])
    with lazy():  # chunked along an axis that is not transformed
        z = getattr(sigproc.fft, name)(da.from_array(stacked, chunks=(1, 3, 16)), axes=(1, 2))
    check(z, getattr(scipy.fft, name)(stacked, axes=(1, 2)))
    assert z.chunks[0] == (1, 1)
    with pytest.raises(ValueError, match="rechunk"):
        getattr(sigproc.fft, name)(da.from_array(data, chunks=(1, 16)))


def test_shifts_and_hankel(signal):
    x = da.from_array(signal, chunks=(2, 7))
    for name in ("fftshift", "ifftshift"):
        check(getattr(sigproc.fft, name)(x), getattr(scipy.fft, name)(signal))
        check(getattr(sigproc.fft, name)(x, axes=-1), getattr(scipy.fft, name)(signal, axes=-1))
    whole = da.from_array(signal, chunks=(1, 200))
    check(sigproc.fft.fht(whole, 0.05, 0.5), scipy.fft.fht(signal, 0.05, 0.5))
    check(sigproc.fft.ifht(whole, 0.05, 0.5), scipy.fft.ifht(signal, 0.05, 0.5))


def test_fft_errors(signal):
    x = da.from_array(signal, chunks=(1, 200))
    with pytest.raises(TypeError, match="real"):
        sigproc.fft.rfft(x.astype(complex))
    with pytest.raises(ValueError, match="norm"):
        sigproc.fft.fft(x, norm="bogus")
    with pytest.raises(ValueError, match="invalid DCT type"):
        sigproc.fft.dct(x, type=5)


def test_hilbert_and_resample(signal):
    x = da.from_array(signal, chunks=(1, 200))
    with lazy():
        h = sigproc.hilbert(x, N=256)
        y, t = sigproc.resample(x, 150, t=np.arange(200.0), axis=1)
    check(h, scipy.signal.hilbert(signal, N=256))
    expected, t0 = scipy.signal.resample(signal, 150, t=np.arange(200.0), axis=1)
    check(y, expected)
    np.testing.assert_allclose(t, t0, rtol=RTOL)
    with pytest.raises(ValueError, match="rechunk"):
        sigproc.hilbert(da.from_array(signal, chunks=(3, 40)))
    with pytest.raises(ValueError, match="x must be real"):
        sigproc.hilbert(x.astype(complex))


# -- detrend and aggregates ---------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize(("kind", "bp"), [("constant", 0), ("linear", 0), ("linear", [10, 77])])
def test_detrend(signal, dtype, kind, bp):
    data = (signal * 10).astype(dtype)
    x = da.from_array(data, chunks=(2, 9))
    with lazy():
        y = sigproc.detrend(x, type=kind, bp=bp)
    expected = scipy.signal.detrend(data, type=kind, bp=bp)
    assert y.dtype == expected.dtype
    tol = 1e-4 if dtype == np.float32 else RTOL
    np.testing.assert_allclose(y.compute(), expected, rtol=tol, atol=tol)
    assert y.chunks[0] == x.chunks[0]
    with pytest.raises(ValueError, match="Breakpoints"):
        sigproc.detrend(x, bp=[500])


@pytest.fixture(scope="module")
def with_nans(signal):
    data = signal.copy()
    data[1, 5] = np.nan
    data[2, 20:40] = np.nan
    return data


@pytest.mark.parametrize("func", FUNCS)
def test_aggregate_and_ranged(with_nans, func):
    coords = np.linspace(0.0, 10.0, with_nans.shape[1])
    x = da.from_array(with_nans, chunks=(2, 16))
    given = coords if func in ("trapezoid", "argmax", "argmin") else None
    bands = [(1.0, 1.5), (1.0, 8.0)]  # the first band all NaN on row 2
    with lazy():
        y = sigproc.aggregate(x, func, coords=given)
        r = sigproc.ranged_aggregate(x, coords, bands, func)
    for got, expected in (
        (y, sigproc.aggregate(with_nans, func, coords=given)),
        (r, sigproc.ranged_aggregate(with_nans, coords, bands, func)),
    ):
        assert got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_allclose(got.compute(), expected, rtol=RTOL, equal_nan=True)


def test_aggregate_errors(signal):
    x = da.from_array(signal, chunks=(1, 50))
    with pytest.raises(ValueError, match="func must be one of"):
        sigproc.aggregate(x, "mode")
    with pytest.raises(ValueError, match="contains no coordinate"):
        sigproc.ranged_aggregate(x, np.arange(200.0), [(300.0, 400.0)])
    with pytest.raises(ValueError, match="NumPy array"):
        sigproc.ranged_aggregate(x, da.arange(200.0), [(3.0, 40.0)])


@pytest.mark.parametrize("relative", [False, True])
def test_bandpower(relative):
    data = np.random.default_rng(3).standard_normal((3, 4000))
    x = da.from_array(data, chunks=(2, 500))
    bands = [(1.0, 4.0), (4.0, 30.0)]
    with lazy():
        p = sigproc.bandpower(x, 100.0, bands, relative=relative, nperseg=128)
    check(p, sigproc.bandpower(data, 100.0, bands, relative=relative, nperseg=128))
    with pytest.raises(ValueError, match="outside"):
        sigproc.bandpower(x, 100.0, [(1.0, 80.0)])
