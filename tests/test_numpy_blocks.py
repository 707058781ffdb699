"""The NumPy backend's threaded block engine for spectrogram and stft (._blocks).

Block and thread thresholds are monkeypatched down so that small signals cross
block, thread and row boundaries. float64 results must equal SciPy's to rtol
1e-12 elementwise (the engine does SciPy's arithmetic in SciPy's order); float32
to rtol 1e-5 relative to the largest value.
"""

import warnings
from concurrent.futures import ThreadPoolExecutor

import array_api_compat.numpy as xnp
import numpy as np
import pytest
import scipy.signal

import sigproc
from sigproc._core import stft as portable_stft
from sigproc.backends.numpy import _blocks
from sigproc.backends.numpy import _spectral as numpy_spectral


def _check(got, want):
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    if want.dtype in (np.float32, np.complex64):
        scale = float(np.abs(want).max()) if want.size else 0.0
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * scale)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def _check_all(got, want):
    for g, w in zip(got, want, strict=True):
        _check(g, w)


@pytest.fixture
def engine(monkeypatch):
    """Tiny blocks, threads for any size; counts engine calls and threaded runs."""
    calls = {"engine": 0, "threaded": 0}
    monkeypatch.setattr(_blocks, "THREADED_MIN_BYTES", 0)
    monkeypatch.setattr(_blocks, "BLOCK_BYTES", 1 << 12)
    real_engine, real_executor = numpy_spectral.short_time_spectra, _blocks._executor

    def spy_engine(*args, **kwargs):
        calls["engine"] += 1
        return real_engine(*args, **kwargs)

    def spy_executor():
        calls["threaded"] += 1
        return real_executor()

    monkeypatch.setattr(numpy_spectral, "short_time_spectra", spy_engine)
    monkeypatch.setattr(_blocks, "_executor", spy_executor)
    monkeypatch.setattr(_blocks, "_cpu_count", lambda: 3)  # threads even on one core
    monkeypatch.setattr(_blocks, "_pool", None)  # a 3-thread pool for this test only
    return calls


@pytest.mark.parametrize(
    ("n", "nperseg", "noverlap"), [(5000, 256, None), (4099, 100, 37), (777, 64, 0), (300, 7, 6)]
)
def test_spectrogram_across_blocks_and_threads(engine, rng, n, nperseg, noverlap):
    x = rng.standard_normal(n)
    xin = x.copy()
    got = sigproc.spectrogram(xin, fs=10.0, nperseg=nperseg, noverlap=noverlap)
    _check_all(got, scipy.signal.spectrogram(x, fs=10.0, nperseg=nperseg, noverlap=noverlap))
    assert engine == {"engine": 1, "threaded": 1}
    # written in place, segments major as SciPy's (a transposed view, no final copy)
    assert got[2].T.flags.c_contiguous
    np.testing.assert_array_equal(xin, x)


def test_inline_path_for_small_results(engine, monkeypatch, rng):
    monkeypatch.setattr(_blocks, "THREADED_MIN_BYTES", 1 << 30)
    x = rng.standard_normal(3000)
    _check_all(sigproc.spectrogram(x, nperseg=128), scipy.signal.spectrogram(x, nperseg=128))
    assert engine == {"engine": 1, "threaded": 0}


@pytest.mark.parametrize("shape", [(3, 1000), (2, 3, 700), (1, 1, 500)])
def test_batch_dimensions(engine, rng, shape):
    x = rng.standard_normal(shape)
    _check_all(sigproc.spectrogram(x, nperseg=64), scipy.signal.spectrogram(x, nperseg=64))
    _check_all(sigproc.stft(x, nperseg=50), scipy.signal.stft(x, nperseg=50))
    assert engine["engine"] == 2


def test_axis_0(engine, rng):
    # Time axis of smallest stride (Fortran order): the engine runs.
    x = np.asfortranarray(rng.standard_normal((900, 3)))
    kw = dict(nperseg=64, axis=0)
    _check_all(sigproc.spectrogram(x, **kw), scipy.signal.spectrogram(x, **kw))
    assert engine["engine"] == 1
    # Otherwise NumPy would sum SciPy's segment means in another order: SciPy runs.
    x = np.ascontiguousarray(x)
    _check_all(sigproc.spectrogram(x, **kw), scipy.signal.spectrogram(x, **kw))
    _check_all(sigproc.stft(x, **kw), scipy.signal.stft(x, **kw))
    assert engine["engine"] == 1


@pytest.mark.filterwarnings("ignore:Input data is complex:UserWarning")
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128])
@pytest.mark.parametrize("mode", portable_stft.SPECTROGRAM_MODES)
def test_dtypes_and_modes(engine, rng, dtype, mode):
    x = rng.standard_normal(2000)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(2000)
    x = x.astype(dtype)
    if mode in ("angle", "phase") and np.dtype(dtype) in (np.float32, np.complex64):
        # Single-precision phases of near-zero bins are noise: check the spectra they come from.
        mode = "complex"
    got = sigproc.spectrogram(x, nperseg=100, mode=mode)
    _check_all(got, scipy.signal.spectrogram(x, nperseg=100, mode=mode))
    assert engine["engine"] == 1


def _remove_mean_axis_1(d):
    assert d.ndim == 4 and d.shape[1] == 32  # SciPy's dimensions: samples on `axis`
    return d - d.mean(axis=1, keepdims=True)


@pytest.mark.parametrize("detrend", ["constant", "linear", False, None, "callable"])
def test_detrend(engine, rng, detrend):
    x = rng.standard_normal((2, 1500))
    if detrend == "callable":
        detrend = lambda d: d - d.mean(axis=-1, keepdims=True)  # noqa: E731
    kw = dict(nperseg=90, noverlap=20, detrend=detrend)
    _check_all(sigproc.spectrogram(x, **kw), scipy.signal.spectrogram(x, **kw))
    _check_all(sigproc.stft(x, **kw), scipy.signal.stft(x, **kw))


def test_detrend_callable_sees_scipy_dimensions(engine, rng):
    x = np.asfortranarray(rng.standard_normal((2, 400, 3)))
    x = np.moveaxis(np.moveaxis(x, 1, -1).copy(), -1, 1)  # time axis of smallest stride
    kw = dict(nperseg=32, axis=1, detrend=_remove_mean_axis_1)
    _check_all(sigproc.spectrogram(x, **kw), scipy.signal.spectrogram(x, **kw))
    assert engine["engine"] == 1


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nfft_and_two_sided(engine, rng, dtype):
    x = rng.standard_normal(3000).astype(dtype)
    for kw in (
        dict(nperseg=100, nfft=301),
        dict(nperseg=100, nfft=256, return_onesided=False),
        dict(nperseg=101, return_onesided=False, mode="complex"),
        dict(nperseg=64, scaling="spectrum", window="hann"),
        dict(window=np.hanning(80)),
    ):
        _check_all(sigproc.spectrogram(x, **kw), scipy.signal.spectrogram(x, **kw))


@pytest.mark.parametrize("boundary", ["even", "odd", "constant", "zeros", None])
@pytest.mark.parametrize("padded", [True, False])
def test_stft_boundary_padded(engine, rng, boundary, padded):
    x = rng.standard_normal(1001)
    kw = dict(nperseg=64, noverlap=40, boundary=boundary, padded=padded)
    _check_all(sigproc.stft(x, **kw), scipy.signal.stft(x, **kw))


@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.complex128])
def test_stft_dtypes(engine, rng, dtype):
    x = rng.standard_normal(1200)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(1200)
    x = x.astype(dtype)
    kw = dict(nperseg=64, scaling="psd", return_onesided=False)
    _check_all(sigproc.stft(x, **kw), scipy.signal.stft(x, **kw))


@pytest.mark.parametrize("x", [np.zeros(0), np.zeros((2, 0)), np.arange(300) > 150])
def test_inputs_left_to_scipy(engine, x):
    # Empty signals (SciPy's errors and warnings) and bool input (SciPy makes float32).
    def run(module):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = module.spectrogram(x, nperseg=64)
            except ValueError as exc:
                result = str(exc)
        return result, [str(w.message) for w in caught]

    (got, got_warnings), (want, want_warnings) = run(sigproc), run(scipy.signal)
    assert got_warnings == want_warnings
    if isinstance(want, str):
        assert got == want
    else:
        _check_all(got, want)
    assert engine["engine"] == 0


def test_hook_returning_none_runs_the_portable_loop(rng):
    x = rng.standard_normal((2, 700))
    args = (x, 2.0, "hann", 64, None, None, "constant", True, "density", -1, "psd")
    base = portable_stft.stft_core(*args, xp=np)
    hooked = portable_stft.stft_core(*args, xp=np, spectra_func=lambda x, **kw: None)
    for a, b in zip(base, hooked, strict=True):
        np.testing.assert_array_equal(a, b)


def test_engine_declines_other_dtypes(rng):
    x = rng.standard_normal((1, 300)).astype(np.float16)
    kw = dict(win=np.ones(8), detrend=None, weight=1.0, nperseg=8, step=8)
    kw.update(nseg=37, nfft=8, onesided=True, mode="psd", dtype=np.float64)
    assert _blocks.short_time_spectra(x, **kw) is None


def test_concurrent_calls_share_the_pool(engine, rng):
    signals = [rng.standard_normal(3000 + 100 * i) for i in range(6)]
    with ThreadPoolExecutor(6) as callers:
        results = list(callers.map(lambda x: sigproc.spectrogram(x, nperseg=128), signals))
    for x, got in zip(signals, results, strict=True):
        _check_all(got, scipy.signal.spectrogram(x, nperseg=128))


def test_engine_linear_detrend_in_blocks(engine, rng):
    # The NumPy backend leaves linear detrending to SciPy (its least-squares solve
    # rounds differently on blocks); the engine itself does it per block, close to SciPy.
    x = rng.standard_normal((2, 3000))
    args = (x, 1.0, ("tukey_periodic", 0.25), 100, None, None, "linear", True, "density", -1)
    f, t, sxx = portable_stft.stft_core(
        *args, "psd", xp=xnp, default_noverlap=8, spectra_func=_blocks.short_time_spectra
    )
    want = scipy.signal.spectrogram(x, nperseg=100, detrend="linear")
    np.testing.assert_allclose(sxx, want[2], rtol=1e-10, atol=0)
    np.testing.assert_array_equal(f, want[0])
    np.testing.assert_array_equal(t, want[1])
