"""Dask backend: recursive filters along a chunked time axis, against SciPy."""

import pickle

import numpy as np
import pytest
import scipy.signal

import sigproc

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

SOS8 = scipy.signal.butter(8, 0.01, output="sos")  # poles near the unit circle
SOS4 = scipy.signal.butter(4, 0.2, output="sos")
BA4 = scipy.signal.butter(4, 0.05)
FIRST = ([0.5, 0.5], [2.0, -0.9])
FIR = (scipy.signal.firwin(31, 0.3), [2.0])


def close(got, want, rtol=1e-9, dtype=None):
    """A dask array (lazy) equal to SciPy's result: dtype, shape, then values."""
    assert isinstance(got, da.Array), type(got)
    want = np.asarray(want)
    assert got.dtype == np.dtype(dtype or want.dtype), (got.dtype, want.dtype)
    assert got.shape == want.shape
    value = got.compute()
    assert isinstance(value, np.ndarray) and value.dtype == got.dtype
    finite = np.abs(want[np.isfinite(want)])
    atol = rtol * (float(finite.max()) if finite.size else 0.0)
    np.testing.assert_allclose(value, want, rtol=rtol, atol=atol)


def _raise(*args, **kwargs):
    raise AssertionError("computed during the sigproc call")


@pytest.fixture
def no_compute():
    with dask.config.set(scheduler=_raise):
        yield


CHUNKINGS = {
    "time10": (2, 10),  # many short chunks along time, channels split too
    "unequal": (3, (37, 1, 100, 62, 300)),
    "channels": (1, -1),  # time in one chunk, channels chunked
    "empty": (3, (1, 250, 0, 249)),  # an empty chunk
}


# -- sosfilt / lfilter -----------------------------------------------------------------
@pytest.mark.parametrize("chunks", CHUNKINGS)
def test_sosfilt_matches_scipy(rng, chunks):
    x = rng.standard_normal((3, 500))
    xd = da.from_array(x, chunks=CHUNKINGS[chunks])
    y = sigproc.sosfilt(SOS8, xd)
    close(y, scipy.signal.sosfilt(SOS8, x))
    assert y.chunks == xd.chunks


@pytest.mark.parametrize("chunks", CHUNKINGS)
@pytest.mark.parametrize("coefficients", ["ba4", "first", "fir", "gain"])
def test_lfilter_matches_scipy(rng, chunks, coefficients):
    b, a = {"ba4": BA4, "first": FIRST, "fir": FIR, "gain": ([2.0], [4.0])}[coefficients]
    x = rng.standard_normal((3, 500))
    xd = da.from_array(x, chunks=CHUNKINGS[chunks])
    y = sigproc.lfilter(b, a, xd)
    close(y, scipy.signal.lfilter(b, a, x))
    assert y.chunks == xd.chunks


@pytest.mark.parametrize("axis", [0, -1])
def test_sosfilt_zi_axis(rng, axis):
    x = rng.standard_normal((400, 3)) if axis == 0 else rng.standard_normal((3, 400))
    chunks = (45, 2) if axis == 0 else (2, 45)
    shape = (4, 2, 3) if axis == 0 else (4, 3, 2)
    zi = rng.standard_normal(shape)
    y, zf = sigproc.sosfilt(SOS8, da.from_array(x, chunks=chunks), axis=axis, zi=zi)
    y0, zf0 = scipy.signal.sosfilt(SOS8, x, axis=axis, zi=zi)
    close(y, y0)
    close(zf, zf0)
    # zf: sections and state axis one chunk each, the other axis chunked like x
    assert zf.chunks == (((4,), (2,), (2, 1)) if axis == 0 else ((4,), (2, 1), (2,)))


def test_sosfilt_dask_zi_rechunked(rng):
    x = rng.standard_normal((5, 300))
    zi = rng.standard_normal((4, 5, 2))
    zid = da.from_array(zi, chunks=(1, 1, 1))  # chunked unlike x: rechunked
    y, zf = sigproc.sosfilt(SOS8, da.from_array(x, chunks=(2, 70)), zi=zid)
    y0, zf0 = scipy.signal.sosfilt(SOS8, x, zi=zi)
    close(y, y0)
    close(zf, zf0)


@pytest.mark.parametrize("coefficients", ["ba4", "fir"])
@pytest.mark.parametrize("axis", [0, -1])
def test_lfilter_zi(rng, coefficients, axis):
    b, a = BA4 if coefficients == "ba4" else FIR
    m = max(len(a), len(b)) - 1
    x = rng.standard_normal((300, 4)) if axis == 0 else rng.standard_normal((4, 300))
    zi = rng.standard_normal((m, 4) if axis == 0 else (4, m))
    chunks = (7, 3) if axis == 0 else (3, 7)  # FIR: chunks shorter than its 30 states
    xd = da.from_array(x, chunks=chunks)
    for z in (zi, da.from_array(zi, chunks=2)):
        y, zf = sigproc.lfilter(b, a, xd, axis=axis, zi=z)
        y0, zf0 = scipy.signal.lfilter(b, a, x, axis=axis, zi=zi)
        close(y, y0)
        close(zf, zf0)
        assert zf.chunks == tuple((m,) if k == axis % 2 else c for k, c in enumerate(xd.chunks))


@pytest.mark.parametrize("coefficients", ["ba4", "fir"])
def test_lfilter_zi_broadcast(rng, coefficients):
    # SciPy expands zi's size-1 dimensions
    b, a = BA4 if coefficients == "ba4" else FIR
    m = max(len(a), len(b)) - 1
    x = rng.standard_normal((3, 200))
    zi = rng.standard_normal((1, m))
    y, zf = sigproc.lfilter(b, a, da.from_array(x, chunks=(2, 50)), zi=zi)
    y0, zf0 = scipy.signal.lfilter(b, a, x, zi=np.broadcast_to(zi, (3, m)))
    close(y, y0)
    close(zf, zf0)


def test_fir_shorter_than_its_taps(rng):
    # a signal shorter than the taps: the final state still holds zi's part
    b, a = FIR
    x = rng.standard_normal((2, 12))
    zi = rng.standard_normal((2, 30))
    y, zf = sigproc.lfilter(b, a, da.from_array(x, chunks=(1, 5)), zi=zi)
    y0, zf0 = scipy.signal.lfilter(b, a, x, zi=zi)
    close(y, y0)
    close(zf, zf0)


@pytest.mark.parametrize("chunk", [10**5, 4567])
def test_long_chunks(rng, chunk):
    x = rng.standard_normal(3 * 10**5 + 17)
    xd = da.from_array(x, chunks=chunk)
    y, zf = sigproc.sosfilt(SOS8, xd, zi=np.ones((4, 2)))
    y0, zf0 = scipy.signal.sosfilt(SOS8, x, zi=np.ones((4, 2)))
    close(y, y0)
    close(zf, zf0)
    b, a = scipy.signal.butter(3, 0.01)
    close(sigproc.lfilter(b, a, xd), scipy.signal.lfilter(b, a, x))


def test_many_short_chunks_near_unit_circle(rng):
    x = rng.standard_normal(3000)
    y, zf = sigproc.sosfilt(SOS8, da.from_array(x, chunks=10), zi=np.ones((4, 2)))
    y0, zf0 = scipy.signal.sosfilt(SOS8, x, zi=np.ones((4, 2)))
    close(y, y0)
    close(zf, zf0)


def test_complex_signal(rng):
    x = rng.standard_normal((200, 3)) + 1j * rng.standard_normal((200, 3))
    xd = da.from_array(x, chunks=(45, 2))
    close(sigproc.sosfilt(SOS8, xd, axis=0), scipy.signal.sosfilt(SOS8, x, axis=0))
    b, a = BA4
    zi = rng.standard_normal((4, 3)) + 1j * rng.standard_normal((4, 3))
    y, zf = sigproc.lfilter(b, a, xd, axis=0, zi=zi)
    y0, zf0 = scipy.signal.lfilter(b, a, x, axis=0, zi=zi)
    close(y, y0)
    close(zf, zf0)
    close(sigproc.filtfilt(b, a, xd, axis=0), scipy.signal.filtfilt(b, a, x, axis=0), rtol=1e-8)


def test_complex_coefficients(rng):
    b, a = np.array([1.0, 0.5j]), np.array([1.0, -0.8 + 0.3j])
    x = rng.standard_normal(200)
    close(sigproc.lfilter(b, a, da.from_array(x, chunks=30)), scipy.signal.lfilter(b, a, x))


def test_float32(rng):
    x = rng.standard_normal((300, 2)).astype(np.float32)
    xd = da.from_array(x, chunks=(40, 1))
    # float64 sections promote, as in SciPy
    close(sigproc.sosfilt(SOS4, xd, axis=0), scipy.signal.sosfilt(SOS4, x, axis=0))
    sos32 = SOS4.astype(np.float32)
    y0 = scipy.signal.sosfilt(sos32, x, axis=0)
    assert y0.dtype == np.float32
    close(sigproc.sosfilt(sos32, xd, axis=0), y0, rtol=1e-4)
    close(sigproc.sosfiltfilt(sos32, xd, axis=0), scipy.signal.sosfiltfilt(sos32, x, axis=0), 1e-4)
    close(sigproc.decimate(xd, 3, axis=0), scipy.signal.decimate(x, 3, axis=0), rtol=1e-4)


def test_integer_signal(rng):
    x = rng.integers(-5, 5, 100)
    xd = da.from_array(x, chunks=30)
    close(sigproc.sosfilt(SOS4, xd), scipy.signal.sosfilt(SOS4, x))
    close(sigproc.decimate(xd, 2), scipy.signal.decimate(x, 2))


# -- NaN stays causal --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sosfilt", "lfilter", "fir", "sosfiltfilt"])
def test_nan_is_causal(rng, name):
    x = rng.standard_normal((2, 200))
    x[0, 57] = np.nan
    xd = da.from_array(x, chunks=(1, 20))
    call = {
        "sosfilt": lambda m, v: m.sosfilt(SOS8, v),
        "lfilter": lambda m, v: m.lfilter(*BA4, v),
        "fir": lambda m, v: m.lfilter(*FIR, v),
        "sosfiltfilt": lambda m, v: m.sosfiltfilt(SOS4, v),
    }[name]
    got = call(sigproc, xd).compute()
    want = call(scipy.signal, x)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    assert np.isnan(want).any() and not np.isnan(want).all()
    ok = np.isfinite(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=1e-9, atol=1e-9 * np.abs(want[ok]).max())


# -- zero-phase filtering ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("padtype", "padlen"),
    [("odd", None), ("even", None), ("constant", None), (None, None), ("odd", 0),
     ("even", 3), ("odd", 199), ("constant", 150), ("odd", -4)],
)  # fmt: skip
def test_sosfiltfilt_matches_scipy(rng, padtype, padlen):
    x = rng.standard_normal((3, 200))
    xd = da.from_array(x, chunks=(2, 9))  # the edges span several chunks
    y = sigproc.sosfiltfilt(SOS4, xd, padtype=padtype, padlen=padlen)
    close(y, scipy.signal.sosfiltfilt(SOS4, x, padtype=padtype, padlen=padlen))
    assert y.chunks == xd.chunks


@pytest.mark.parametrize("coefficients", ["ba4", "first", "fir"])
@pytest.mark.parametrize("padtype", ["odd", "even", "constant", None])
def test_filtfilt_matches_scipy(rng, coefficients, padtype):
    b, a = {"ba4": BA4, "first": FIRST, "fir": FIR}[coefficients]
    x = rng.standard_normal((300, 2))
    xd = da.from_array(x, chunks=(23, 1))
    y = sigproc.filtfilt(b, a, xd, axis=0, padtype=padtype)
    close(y, scipy.signal.filtfilt(b, a, x, axis=0, padtype=padtype), rtol=1e-8)
    assert y.chunks == xd.chunks


def test_sosfiltfilt_near_unit_circle(rng):
    x = rng.standard_normal(20000)
    y = sigproc.sosfiltfilt(SOS8, da.from_array(x, chunks=1000))
    close(y, scipy.signal.sosfiltfilt(SOS8, x))


def test_filtfilt_gust(rng):
    b, a = BA4
    x = rng.standard_normal((4, 300))
    y = sigproc.filtfilt(b, a, da.from_array(x, chunks=(3, -1)), method="gust")
    close(y, scipy.signal.filtfilt(b, a, x, method="gust"))
    with pytest.raises(ValueError, match="rechunk"):
        sigproc.filtfilt(b, a, da.from_array(x, chunks=(3, 100)), method="gust")


# -- decimate ----------------------------------------------------------------------------
@pytest.mark.parametrize("zero_phase", [True, False])
@pytest.mark.parametrize("axis", [0, -1])
def test_decimate_iir(rng, zero_phase, axis):
    x = rng.standard_normal((301, 3)) if axis == 0 else rng.standard_normal((3, 301))
    xd = da.from_array(x, chunks=(50, 2) if axis == 0 else (2, 50))
    y = sigproc.decimate(xd, 4, axis=axis, zero_phase=zero_phase)
    close(y, scipy.signal.decimate(x, 4, axis=axis, zero_phase=zero_phase))


def test_decimate_dlti_complex_poles(rng):
    # complex poles: SciPy's transfer-function path (filtfilt / lfilter)
    system = scipy.signal.dlti([], [0.5 + 0.2j, 0.3], 1.0)
    x = rng.standard_normal(300)
    xd = da.from_array(x, chunks=40)
    for zero_phase in (True, False):
        want = scipy.signal.decimate(x, 3, ftype=system, zero_phase=zero_phase)
        close(sigproc.decimate(xd, 3, ftype=system, zero_phase=zero_phase), want)


def test_decimate_dlti_real_poles(rng):
    system = scipy.signal.dlti(*scipy.signal.cheby1(4, 0.1, 0.3, output="zpk"))
    x = rng.standard_normal(300)
    y = sigproc.decimate(da.from_array(x, chunks=40), 3, ftype=system)
    close(y, scipy.signal.decimate(x, 3, ftype=system))


def test_decimate_fir_goes_to_the_portable_code(rng):
    # The FIR paths run resample_poly/upfirdn: not served here (unless=), still right.
    from sigproc.backends.dask._iir import _fir_decimation

    x = rng.standard_normal(300)
    xd = da.from_array(x, chunks=40)
    assert _fir_decimation(xd, 3, ftype="fir") is not None
    assert _fir_decimation(xd, 3, ftype=scipy.signal.dlti([1.0, 0.5], [1.0])) is not None
    assert _fir_decimation(xd, 3) is None
    for zero_phase in (True, False):
        y = sigproc.decimate(xd, 3, ftype="fir", zero_phase=zero_phase)
        close(y, scipy.signal.decimate(x, 3, ftype="fir", zero_phase=zero_phase))


# -- laziness, graphs --------------------------------------------------------------------
CALLS = {
    "sosfilt": lambda x: sigproc.sosfilt(SOS8, x),
    "sosfilt_zi": lambda x: sigproc.sosfilt(SOS8, x, zi=da.ones((4, 2, 2), chunks=1))[1],
    "lfilter": lambda x: sigproc.lfilter(*BA4, x, zi=np.ones((2, 4)))[0],
    "lfilter_fir": lambda x: sigproc.lfilter(*FIR, x, zi=da.ones((2, 30)))[0],
    "filtfilt": lambda x: sigproc.filtfilt(*BA4, x),
    "filtfilt_fir": lambda x: sigproc.filtfilt(*FIR, x, padtype="even"),
    "sosfiltfilt": lambda x: sigproc.sosfiltfilt(SOS8, x),
    "decimate": lambda x: sigproc.decimate(x, 3),
    "decimate_causal": lambda x: sigproc.decimate(x, 3, zero_phase=False),
}


@pytest.mark.parametrize("name", CALLS)
def test_lazy(rng, name):
    calls = []

    def load():
        calls.append(1)
        return rng.standard_normal((2, 640))

    x = da.from_delayed(dask.delayed(load)(), shape=(2, 640), dtype=np.float64)
    x = x.rechunk((1, 80))
    with dask.config.set(scheduler=_raise):
        y = CALLS[name](x)
    assert isinstance(y, da.Array) and not calls
    y.compute()
    assert calls == [1]


@pytest.mark.parametrize("name", CALLS)
def test_task_count_per_chunk(rng, name):
    x = rng.standard_normal((2, 640))
    counts = []
    for chunks in (1, 8, 32):
        xd = da.from_array(x, chunks=(2, 640 // chunks))
        graph = CALLS[name](xd).__dask_graph__()
        counts.append(len(graph) - len(xd.__dask_graph__()))
    # O(chunks): a bounded number of tasks per chunk, no sequential scan over samples
    per_chunk = (counts[2] - counts[1]) / 24
    assert per_chunk <= 16, counts
    assert counts[2] <= 16 * 32 + 100, counts


def test_graph_pickles(rng):
    # tasks are module-level functions and small constants (for distributed workers)
    x = da.from_array(rng.standard_normal(300), chunks=50)
    y, _ = sigproc.sosfilt(SOS8, x, zi=np.ones((4, 2)))
    graph = pickle.loads(pickle.dumps(dict(y.__dask_graph__())))
    assert len(graph) == len(y.__dask_graph__())
    close(y, scipy.signal.sosfilt(SOS8, x.compute(), zi=np.ones((4, 2)))[0])


def test_caller_arrays_unchanged(rng):
    x = rng.standard_normal((2, 100))
    zi = rng.standard_normal((4, 2, 2))
    keep_x, keep_zi = x.copy(), zi.copy()
    y, zf = sigproc.sosfilt(SOS8, da.from_array(x, chunks=(1, 30)), zi=zi)
    y.compute(), zf.compute()
    np.testing.assert_array_equal(x, keep_x)
    np.testing.assert_array_equal(zi, keep_zi)


# -- SciPy's errors, raised eagerly ------------------------------------------------------
@pytest.fixture
def xd(rng):
    return da.from_array(rng.standard_normal((2, 100)), chunks=(1, 30))


def test_errors(xd, no_compute):
    with pytest.raises(ValueError, match="sos array must be shape"):
        sigproc.sosfilt(np.ones((2, 5)), xd)
    with pytest.raises(ValueError, match="sos\\[:, 3\\] should be all ones"):
        sigproc.sosfilt(np.ones((2, 6)) * 2, xd)
    with pytest.raises(ValueError, match="Invalid zi shape"):
        sigproc.sosfilt(SOS8, xd, zi=np.zeros((4, 2, 3)))
    with pytest.raises(ValueError, match="Invalid zi shape"):
        sigproc.sosfilt(SOS8, xd, zi=da.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match="finite"):
        sigproc.sosfilt(SOS8, xd, zi=np.full((4, 2, 2), np.nan))
    with pytest.raises(ValueError, match="a\\[0\\] must be nonzero"):
        sigproc.lfilter([1.0], [0.0, 1.0], xd)
    with pytest.raises(ValueError, match="Unexpected shape for parameter zi"):
        sigproc.lfilter(*BA4, xd, zi=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="Unexpected shape for parameter zi"):
        sigproc.lfilter(*BA4, xd, zi=da.zeros((3, 4)))
    with pytest.raises(ValueError, match="finite"):
        sigproc.lfilter(*BA4, xd, zi=np.full((2, 4), np.inf))
    with pytest.raises(NotImplementedError):
        sigproc.lfilter(np.array([1, 2]), np.array([1]), xd.astype(np.int64))
    with pytest.raises(ValueError, match="out of range"):
        sigproc.sosfilt(SOS8, xd, axis=2)
    with pytest.raises(ValueError, match="padtype must be"):
        sigproc.sosfiltfilt(SOS4, xd, padtype="line")
    with pytest.raises(ValueError, match="greater than padlen"):
        sigproc.sosfiltfilt(SOS4, xd, padlen=100)
    with pytest.raises(ValueError, match="greater than padlen"):
        sigproc.filtfilt(*BA4, xd[:, :15])
    with pytest.raises(ValueError, match="method must be 'pad' or 'gust'"):
        sigproc.filtfilt(*BA4, xd, method="fast")
    with pytest.raises(ValueError, match="q must be a positive integer"):
        sigproc.decimate(xd, 0)
    with pytest.raises(ValueError, match="invalid ftype"):
        sigproc.decimate(xd, 2, ftype="bessel")


def test_dask_coefficients_refused(xd, no_compute):
    with pytest.raises(TypeError, match="concrete array"):
        sigproc.sosfilt(da.from_array(SOS4), xd)
    with pytest.raises(TypeError, match="concrete array"):
        sigproc.lfilter(da.from_array(BA4[0]), BA4[1], xd)
