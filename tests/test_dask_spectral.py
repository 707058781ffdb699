"""Dask backend, spectral analysis: chunked along time and channels, lazy, equal to SciPy."""

import warnings

import numpy as np
import pytest
import scipy.signal

import sigproc

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

RTOL = {np.float64: 1e-9, np.complex128: 1e-9, np.float32: 2e-4, np.complex64: 2e-4}

# (n_channels, n_samples) signals; chunks along time (several), channels (two), both
CHUNKS = [(3, 700), (2, -1), (2, 1111)]


def _signal(rng, shape, dtype=np.float64):
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def _raise(*args, **kwargs):
    raise AssertionError("a sigproc call computed something")


def _lazy(func, *args, **kwargs):
    """Run a sigproc call with a scheduler that fails: nothing may be computed."""
    with dask.config.set(scheduler=_raise):
        return func(*args, **kwargs)


def _close(got, want, *, chunks=None):
    assert isinstance(got, da.Array), type(got)
    if chunks is not None:
        assert got.chunks == chunks
    got = got.compute()
    want = np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    rtol = RTOL[want.dtype.type]
    scale = np.abs(want).max() if want.size else 0.0
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale)


def _all_close(got, want):
    for g, w in zip(got, want, strict=True):
        _close(g, w)


def _tasks(a):
    return len(a.__dask_graph__())


# -- welch, csd, coherence, periodogram -------------------------------------------------
WELCH_KW = [
    {},
    {"nperseg": 200, "noverlap": 150, "nfft": 300, "detrend": "linear"},
    {"nperseg": 128, "noverlap": 0, "detrend": False, "scaling": "spectrum"},
    {"nperseg": 64, "noverlap": 63, "window": "hamming"},  # halo of 63, hop of 1
    {"average": "median"},
    {"nperseg": 100, "return_onesided": False, "average": "median"},
    {"nperseg": 1500},  # segments longer than a chunk: chunks are merged
]


@pytest.mark.parametrize("chunks", CHUNKS)
@pytest.mark.parametrize("kw", WELCH_KW)
def test_welch_csd_match_scipy(rng, chunks, kw):
    x, y = _signal(rng, (5, 4000)), _signal(rng, (5, 4000))
    dx, dy = da.from_array(x, chunks=chunks), da.from_array(y, chunks=(2, 900))
    got = _lazy(sigproc.welch, dx, fs=100.0, **kw)
    _all_close(got, scipy.signal.welch(x, fs=100.0, **kw))
    assert got[1].chunks[-1] == (got[1].shape[-1],)  # frequencies in one chunk
    _all_close(_lazy(sigproc.csd, dx, dy, fs=100.0, **kw), scipy.signal.csd(x, y, fs=100.0, **kw))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_welch_any_axis(rng, axis):
    shape = [3, 4]
    shape.insert(axis % 3, 3000)
    shape = tuple(shape)
    x = _signal(rng, shape)
    chunks = tuple(500 if n == 3000 else 2 for n in shape)
    got = _lazy(sigproc.welch, da.from_array(x, chunks=chunks), nperseg=256, axis=axis)
    _all_close(got, scipy.signal.welch(x, nperseg=256, axis=axis))
    y = np.flip(x, axis)  # a NumPy array beside a dask one joins it
    got = _lazy(sigproc.csd, da.from_array(x, chunks=chunks), y, nperseg=128, axis=axis)
    _all_close(got, scipy.signal.csd(x, y, nperseg=128, axis=axis))


@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.complex128, np.int64])
def test_welch_dtypes(rng, dtype):
    x = (rng.standard_normal((2, 3000)) * 100).astype(dtype)
    if np.dtype(dtype).kind == "c":
        x = (x + 1j * x[::-1]).astype(dtype)
    dx = da.from_array(x, chunks=(1, 700))
    kw = {"nperseg": 256, "return_onesided": np.dtype(dtype).kind != "c"}
    _all_close(_lazy(sigproc.welch, dx, **kw), scipy.signal.welch(x, **kw))
    _all_close(_lazy(sigproc.csd, dx, dx[::-1], **kw), scipy.signal.csd(x, x[::-1], **kw))


def test_csd_broadcasts_channels(rng):
    x, y = _signal(rng, (4, 1, 3000)), _signal(rng, (3, 3000))
    got = _lazy(sigproc.csd, da.from_array(x, chunks=(2, 1, 800)), da.from_array(y, chunks=500))
    _all_close(got, scipy.signal.csd(x, y))


def test_detrend_callable_and_window_array(rng):
    x = _signal(rng, (2, 3000))
    win = scipy.signal.get_window(("kaiser", 6.0), 300)

    def detrend(d):
        return d - d[..., :1]

    dx = da.from_array(x, chunks=(2, 700))
    got = _lazy(sigproc.welch, dx, window=win, noverlap=100, detrend=detrend)
    _all_close(got, scipy.signal.welch(x, window=win, noverlap=100, detrend=detrend))


def test_coherence_and_periodogram(rng):
    x, y = _signal(rng, (4, 3000)), _signal(rng, (4, 3000))
    dx, dy = da.from_array(x, chunks=(2, 700)), da.from_array(y, chunks=(3, 1000))
    got = _lazy(sigproc.coherence, dx, dy, fs=10.0, nperseg=200)
    _all_close(got, scipy.signal.coherence(x, y, fs=10.0, nperseg=200))
    one = da.from_array(x, chunks=(1, -1))
    for kw in ({}, {"nfft": 2000, "window": "hann"}, {"nfft": 4096, "scaling": "spectrum"}):
        got = _lazy(sigproc.periodogram, one, fs=10.0, **kw)
        _all_close(got, scipy.signal.periodogram(x, fs=10.0, **kw))
        assert got[1].chunks[0] == (1, 1, 1, 1)
    with pytest.raises(ValueError, match="one chunk"):
        sigproc.periodogram(dx)


def test_welch_errors_are_scipy_s():
    dx = da.zeros((2, 1000), chunks=(1, 300))
    with pytest.raises(ValueError, match="must be less than"):
        sigproc.welch(dx, nperseg=100, noverlap=100)
    with pytest.raises(ValueError, match="greater than or equal to"):
        sigproc.welch(dx, nperseg=100, nfft=50)
    with pytest.raises(ValueError, match="'median' or 'mean'"):
        sigproc.welch(dx, nperseg=100, average="max")
    with pytest.raises(ValueError, match="scaling"):
        sigproc.csd(dx, dx[::-1], scaling="bogus")
    with pytest.warns(UserWarning, match="greater than signal length"):
        sigproc.welch(dx, nperseg=2000)


def test_frequencies_are_dask_arrays(rng):
    dx = da.from_array(_signal(rng, (2, 3000)), chunks=(1, 700))
    f, _ = sigproc.welch(dx, fs=50.0)
    assert isinstance(f, da.Array) and f.dtype == np.float64
    np.testing.assert_array_equal(f.compute(), np.fft.rfftfreq(256, 1 / 50.0))


@pytest.mark.parametrize("func", ["welch", "csd", "median"])
def test_task_count_is_linear_in_chunks(func):
    counts = []
    for n_chunks in (1, 8, 32):
        dx = da.zeros((2, 32 * 1024), chunks=(2, 32 * 1024 // n_chunks))
        if func == "welch":
            p = sigproc.welch(dx, nperseg=512)[1]
        elif func == "csd":
            p = sigproc.csd(dx, dx + 1, nperseg=512)[1]
        else:
            p = sigproc.welch(dx, nperseg=512, average="median")[1]
        counts.append(_tasks(p))
    per_chunk = (counts[2] - counts[1]) / 24
    assert per_chunk <= 12, counts
    assert counts[2] <= counts[0] + 12 * 32, counts


# -- spectrogram, stft, istft -----------------------------------------------------------
SPEC_KW = [
    {},
    {"nperseg": 200, "noverlap": 150, "nfft": 300, "detrend": "linear"},
    {"mode": "complex", "scaling": "spectrum"},
    {"mode": "magnitude", "return_onesided": False},
    {"mode": "phase"},
    {"nperseg": 64, "noverlap": 63, "mode": "angle"},
]


@pytest.mark.parametrize("chunks", CHUNKS)
@pytest.mark.parametrize("kw", SPEC_KW)
def test_spectrogram_matches_scipy(rng, chunks, kw):
    x = _signal(rng, (5, 4000))
    got = _lazy(sigproc.spectrogram, da.from_array(x, chunks=chunks), fs=8.0, **kw)
    _all_close(got, scipy.signal.spectrogram(x, fs=8.0, **kw))
    sxx = got[2]
    assert sxx.chunks[1] == (sxx.shape[1],)  # frequency: one chunk
    assert sxx.chunks[0] == da.from_array(x, chunks=chunks).chunks[0]  # channels as given
    if chunks[1] != -1 and "nperseg" not in kw:
        assert len(sxx.chunks[2]) > 1  # segments chunked as time was


STFT_KW = [
    {},
    {"nperseg": 200, "noverlap": 150, "nfft": 300},
    {"boundary": "even", "scaling": "psd"},
    {"boundary": "odd", "padded": False},
    {"boundary": "constant", "detrend": "constant"},
    {"boundary": None, "padded": False, "return_onesided": False},
]


@pytest.mark.parametrize("chunks", CHUNKS)
@pytest.mark.parametrize("kw", STFT_KW)
def test_stft_istft_match_scipy(rng, chunks, kw):
    x = _signal(rng, (5, 4000))
    got = _lazy(sigproc.stft, da.from_array(x, chunks=chunks), fs=8.0, **kw)
    want = scipy.signal.stft(x, fs=8.0, **kw)
    _all_close(got, want)
    ikw = {
        "fs": 8.0,
        "input_onesided": kw.get("return_onesided", True),
        "boundary": kw.get("boundary", "zeros") is not None,
        "scaling": kw.get("scaling", "spectrum"),
    }
    ikw.update({k: kw[k] for k in ("nperseg", "noverlap", "nfft") if k in kw})
    zxx = got[2].rechunk({0: 2, 2: 9})
    with warnings.catch_warnings():
        if not ikw["boundary"]:
            warnings.simplefilter("ignore", UserWarning)  # NOLA without boundary, as SciPy
        back = _lazy(sigproc.istft, zxx, **ikw)
        _all_close(back, scipy.signal.istft(want[2], **ikw))


@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.complex128])
def test_short_time_dtypes_and_axis(rng, dtype):
    x = _signal(rng, (3000, 3), dtype)
    dx = da.from_array(x, chunks=(700, 2))
    kw = {"nperseg": 128, "axis": 0, "return_onesided": False}
    _all_close(_lazy(sigproc.stft, dx, **kw), scipy.signal.stft(x, **kw))
    _all_close(_lazy(sigproc.spectrogram, dx, **kw), scipy.signal.spectrogram(x, **kw))
    _, _, z = scipy.signal.stft(x, **kw)  # (nfreq, 3, nseg)
    ikw = {"nperseg": 128, "input_onesided": False, "time_axis": -1, "freq_axis": 0}
    dz = da.from_array(z, chunks=(-1, 2, 5))
    _all_close(_lazy(sigproc.istft, dz, **ikw), scipy.signal.istft(z, **ikw))


def test_spectrogram_detrend_callable_on_axis(rng):
    x = _signal(rng, (3000, 2))

    def detrend(d):  # SciPy hands it the segments with their samples on `axis`
        return d - d[:1]

    kw = {"nperseg": 100, "axis": 0, "detrend": detrend}
    got = _lazy(sigproc.spectrogram, da.from_array(x, chunks=(600, 1)), **kw)
    _all_close(got, scipy.signal.spectrogram(x, **kw))


def test_istft_errors_and_nola(rng):
    z = da.zeros((3, 65, 20), dtype=complex, chunks=(1, -1, 5))
    with pytest.raises(ValueError, match="differing time and frequency"):
        sigproc.istft(z, time_axis=1, freq_axis=1)
    with pytest.raises(ValueError, match="noverlap must be less than nperseg"):
        sigproc.istft(z, noverlap=128)
    with pytest.raises(ValueError, match="scaling"):
        sigproc.istft(z, scaling="bogus")
    with pytest.warns(UserWarning, match="NOLA condition failed"):  # hann's zero ends
        sigproc.istft(z, window="hann", noverlap=0, boundary=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sigproc.istft(z, window="boxcar", noverlap=0, boundary=False)  # no warning


def test_short_time_task_counts():
    counts = {}
    for n_chunks in (1, 8, 32):
        dx = da.zeros((2, 32 * 1024), chunks=(1, 32 * 1024 // n_chunks))
        z = sigproc.stft(dx, nperseg=256)[2]
        back = sigproc.istft(z.rechunk({2: z.chunks[2]}))[1]
        counts[n_chunks] = (_tasks(z), _tasks(back), _tasks(sigproc.spectrogram(dx)[2]))
    for i in range(3):
        per_chunk = (counts[32][i] - counts[8][i]) / (2 * 24)  # 2 channel chunks
        assert per_chunk <= 20, counts


def test_stft_output_chunks_follow_time_chunks(rng):
    x = _signal(rng, (2, 4096))
    z = sigproc.stft(da.from_array(x, chunks=(1, 1024)), nperseg=256, boundary=None)[2]
    # segments start every 128 samples: 8 per chunk of 1024 (the last: those left)
    assert z.chunks == ((1, 1), (129,), (8, 8, 8, 7))


# -- dask.distributed --------------------------------------------------------------------
def test_distributed_local_cluster(rng):
    distributed = pytest.importorskip("distributed")
    x = _signal(rng, (4, 20000))
    dx = da.from_array(x, chunks=(2, 3000))
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        _, p = sigproc.welch(dx, nperseg=512)
        _, _, z = sigproc.stft(dx, nperseg=256)
        p, z = dask.compute(p, z)
    np.testing.assert_allclose(p, scipy.signal.welch(x, nperseg=512)[1], rtol=1e-9, atol=0)
    want = scipy.signal.stft(x, nperseg=256)[2]
    np.testing.assert_allclose(z, want, rtol=1e-9, atol=1e-12)
