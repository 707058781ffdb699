"""The torch backend's own FFT and spectral code: native path, autograd, chunking, compile.

The cross-backend tests (test_fft.py, test_spectral.py) already compare the torch
results with SciPy on every option; this file checks what is particular to the
torch implementations.
"""

import subprocess
import sys

import numpy as np
import pytest
import scipy.fft
import scipy.signal

import sigproc
from sigproc import fft as spfft

torch = pytest.importorskip("torch")
_spectral = pytest.importorskip("sigproc.backends.torch._spectral")

FFTS = [
    "fft", "ifft", "rfft", "irfft", "hfft", "ihfft",
    "fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn",
    "fftshift", "ifftshift",
]  # fmt: skip
REAL_IN = {"rfft", "ihfft", "rfft2", "rfftn"}
SPECTRAL = ["welch", "csd", "coherence", "periodogram", "spectrogram", "stft"]
DEVICES = [
    "cpu",
    pytest.param(
        "cuda",
        marks=[
            pytest.mark.gpu,
            pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device"),
        ],
    ),
]


def _tensor(rng, shape, dtype=torch.float64, device="cpu", grad=False):
    x = torch.asarray(rng.standard_normal(shape), dtype=dtype, device=device)
    return x.requires_grad_(grad)


# -- the native implementations are the ones that run --------------------------------------
@pytest.mark.parametrize("name", FFTS)
def test_fft_runs_natively(name):
    x = torch.zeros((4, 4), dtype=torch.float64 if name in REAL_IN else torch.complex128)
    assert sigproc.which_backend(getattr(spfft, name), x).native is True


@pytest.mark.parametrize("name", SPECTRAL)
def test_spectral_runs_natively(name):
    x = torch.zeros((2, 64), dtype=torch.complex128 if name == "istft" else torch.float64)
    args = (x, x) if name in ("csd", "coherence") else (x,)
    selection = sigproc.which_backend(getattr(sigproc, name), *args)
    assert selection.backend == "torch" and selection.native is True


def test_istft_runs_the_portable_core_on_tensors():
    # No torch kernel of its own: the fallback runs the portable overlap-add on the tensors.
    x = torch.zeros((2, 33, 9), dtype=torch.complex128)
    selection = sigproc.which_backend(sigproc.istft, x)
    assert selection.backend == "torch" and selection.native is False


@pytest.mark.parametrize("device", DEVICES)
def test_results_stay_on_the_device_with_scipy_dtypes(rng, device):
    x32 = _tensor(rng, (2, 512), torch.float32, device)
    f, p = sigproc.welch(x32, nperseg=64)
    assert f.device == x32.device and p.device == x32.device and p.dtype == torch.float32
    f, _t, z = sigproc.stft(x32, nperseg=64)
    assert z.device == x32.device and z.dtype == torch.complex64
    assert spfft.rfft(x32).dtype == torch.complex64
    ints = torch.arange(16, device=device)
    assert spfft.fft(ints).dtype == torch.complex128  # integers transform in double, as SciPy
    np.testing.assert_allclose(spfft.fft(ints).cpu().numpy(), scipy.fft.fft(np.arange(16)))


def test_ihfft_returns_a_plain_tensor(rng):
    x = _tensor(rng, 16)
    y = spfft.ihfft(x)
    assert not y.is_conj()  # torch.fft.ihfft hands back a lazy conjugate view
    np.testing.assert_allclose(y.numpy(), scipy.fft.ihfft(x.numpy()), rtol=1e-12)


def test_fft_plan_is_not_implemented(rng):
    with pytest.raises(NotImplementedError, match="plan"):
        spfft.rfft(_tensor(rng, 8), plan=object())


# -- autograd ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FFTS)
def test_fft_gradcheck(rng, name):
    dtype = torch.float64 if name in REAL_IN or "shift" in name else torch.complex128
    x = torch.asarray(rng.standard_normal((3, 6)), dtype=dtype).requires_grad_()
    func = getattr(spfft, name)
    assert torch.autograd.gradcheck(lambda a: func(a), (x,))


@pytest.mark.parametrize(
    "kw",
    [
        dict(nperseg=16),
        dict(nperseg=16, noverlap=5, nfft=20, detrend="linear", scaling="spectrum"),
        dict(nperseg=16, average="median"),
        dict(nperseg=16, return_onesided=False, detrend=False),
    ],
)
def test_welch_gradcheck(rng, kw):
    x = _tensor(rng, (2, 80), grad=True)
    assert torch.autograd.gradcheck(lambda a: sigproc.welch(a, **kw)[1], (x,))


def test_cross_spectra_gradcheck(rng):
    x, y = _tensor(rng, 64, grad=True), _tensor(rng, 64, grad=True)
    assert torch.autograd.gradcheck(lambda a, b: sigproc.csd(a, b, nperseg=16)[1], (x, y))
    assert torch.autograd.gradcheck(lambda a, b: sigproc.coherence(a, b, nperseg=16)[1], (x, y))


@pytest.mark.parametrize(
    "kw", [dict(nperseg=16), dict(nperseg=16, boundary="even", detrend="linear")]
)
def test_stft_gradcheck(rng, kw):
    x = _tensor(rng, (2, 60), grad=True)
    assert torch.autograd.gradcheck(lambda a: sigproc.stft(a, **kw)[2], (x,))
    assert torch.autograd.gradcheck(lambda a: sigproc.spectrogram(a, nperseg=16)[2], (x,))


def test_istft_gradcheck(rng):
    z = torch.asarray(rng.standard_normal((9, 7)) + 1j * rng.standard_normal((9, 7)))
    z.requires_grad_()
    assert torch.autograd.gradcheck(lambda a: sigproc.istft(a, nperseg=16)[1], (z,))


def test_gradient_flows_to_a_window_tensor(rng):
    x = _tensor(rng, 200)
    win = torch.asarray(np.hanning(32)).requires_grad_()
    assert torch.autograd.gradcheck(lambda w: sigproc.welch(x, window=w)[1], (win,))


def test_gradient_of_a_spectral_loss(rng):
    x = _tensor(rng, (3, 512), grad=True)
    x0 = x.detach().clone()
    _f, p = sigproc.welch(x, nperseg=128)
    p.sum().backward()
    assert x.grad.shape == x.shape and torch.isfinite(x.grad).all()
    assert torch.equal(x.detach(), x0)


# -- long signals are processed in blocks of segments ---------------------------------------
def test_segments_per_chunk_is_bounded():
    cpu, gpu = torch.device("cpu"), torch.device("cuda")
    k = _spectral.segments_per_chunk(4, 1024, torch.complex128, cpu)
    assert k * 4 * 513 * 16 <= _spectral.CHUNK_BYTES
    assert _spectral.segments_per_chunk(4, 1024, torch.complex64, cpu) >= 2 * k
    assert _spectral.segments_per_chunk(4, 1024, torch.complex128, gpu) > k
    assert _spectral.segments_per_chunk(10**6, 2**20, torch.complex128, cpu) == 1


def _record_blocks(monkeypatch):
    """Record the shape of every block of segments the Welch loop transforms."""
    shapes = []
    spectra = _spectral._windowed_spectra

    def recording(seg, *args):
        shapes.append(tuple(seg.shape))
        return spectra(seg, *args)

    monkeypatch.setattr(_spectral, "_windowed_spectra", recording)
    return shapes


@pytest.mark.parametrize("average", ["mean", "median"])
def test_welch_in_many_blocks_matches_scipy(rng, monkeypatch, average):
    monkeypatch.setattr(_spectral, "CHUNK_BYTES", 1 << 15)  # 2 x 129 x 16 bytes: 15 segments
    shapes = _record_blocks(monkeypatch)
    x = rng.standard_normal((2, 20000))
    xin = torch.asarray(x)
    _f, p = sigproc.welch(xin, nperseg=256, average=average)
    _f0, p0 = scipy.signal.welch(x, nperseg=256, average=average)
    np.testing.assert_allclose(p.numpy(), p0, rtol=1e-10, atol=1e-14)
    assert len(shapes) > 5
    assert max(s[-2] for s in shapes) <= 15 and sum(s[-2] for s in shapes) == 155
    np.testing.assert_array_equal(xin.numpy(), x)


def test_cross_spectra_in_many_blocks_match_scipy(rng, monkeypatch):
    monkeypatch.setattr(_spectral, "CHUNK_BYTES", 1 << 14)
    shapes = _record_blocks(monkeypatch)
    x, y = rng.standard_normal(6000), rng.standard_normal((2, 6000))
    got = sigproc.coherence(torch.asarray(x), torch.asarray(y), nperseg=128)[1]
    np.testing.assert_allclose(got.numpy(), scipy.signal.coherence(x, y, nperseg=128)[1], 1e-10)
    got = sigproc.csd(torch.asarray(x), torch.asarray(y), nperseg=128, average="median")[1]
    want = scipy.signal.csd(x, y, nperseg=128, average="median")[1]
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-14)
    assert len(shapes) > 10


def test_coherence_transforms_each_signal_once(rng, monkeypatch):
    shapes = _record_blocks(monkeypatch)
    x, y = _tensor(rng, 1024), _tensor(rng, 1024)
    sigproc.coherence(x, y, nperseg=128)
    assert len(shapes) == 2  # SciPy's welch(x), welch(y), csd(x, y) transform four times


def test_median_is_the_true_median(rng):
    # Four segments: the mean of the 2nd and 3rd values, where torch.median gives the 2nd.
    x = rng.standard_normal(256)
    got = sigproc.welch(torch.asarray(x), nperseg=64, noverlap=0, average="median")[1]
    want = scipy.signal.welch(x, nperseg=64, noverlap=0, average="median")[1]
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_welch_memory_is_bounded_on_cuda(rng, monkeypatch):
    monkeypatch.setattr(_spectral, "CHUNK_BYTES_DEVICE", 1 << 23)
    x = torch.randn(2 * 10**7, device="cuda")  # all spectra at once: 160 MB
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    base = torch.cuda.memory_allocated()
    sigproc.welch(x, nperseg=1024)
    torch.cuda.synchronize()
    assert torch.cuda.max_memory_allocated() - base < 64 * 2**20


# -- torch.compile ---------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # torch's own imports (torch.jit)
@pytest.mark.filterwarnings("ignore::UserWarning")  # inductor: no codegen for complex ops
def test_torch_compile_runs_welch(rng):
    # uarray's C dispatch and the host-side window are graph breaks, not failures.
    compiled = torch.compile(lambda a: sigproc.welch(a, nperseg=256)[1])
    x = rng.standard_normal((2, 2048))
    got = compiled(torch.asarray(x))
    np.testing.assert_allclose(got.numpy(), scipy.signal.welch(x, nperseg=256)[1], rtol=1e-10)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_torch_compile_with_a_window_not_yet_cached(rng):
    # The portable cores compute the window on the host: a graph break, also when the
    # window is not in the cache yet (dynamo cannot trace scipy.signal.get_window).
    window = ("tukey_periodic", 0.3712)
    x = rng.standard_normal((2, 1500))
    compiled = torch.compile(lambda a: sigproc.welch(a, window=window, nperseg=211)[1])
    want = scipy.signal.welch(x, window=("tukey", 0.3712), nperseg=211)[1]
    np.testing.assert_allclose(compiled(torch.asarray(x)).numpy(), want, rtol=1e-10)
    compiled = torch.compile(lambda a: sigproc.spectrogram(a, window=window, nperseg=213)[2])
    want = scipy.signal.spectrogram(x, window=("tukey", 0.3712), nperseg=213)[2]
    np.testing.assert_allclose(compiled(torch.asarray(x)).numpy(), want, rtol=1e-10)


def test_average_func_returning_none_runs_the_portable_loop(rng):
    from sigproc._core.spectral import csd_core

    x, y = _tensor(rng, (3, 1000)), _tensor(rng, (1, 1000))
    seen = []

    def decline(a, b, **params):
        seen.append((tuple(a.shape), tuple(b.shape), params["median"]))

    for average in ("mean", "median"):
        kw = dict(nperseg=100, average=average, xp=_spectral.xp)
        want = csd_core(x, y, **kw)[1]
        torch.testing.assert_close(
            csd_core(x, y, **kw, average_func=decline)[1], want, rtol=0, atol=0
        )
    assert seen == [((3, 1000), (1, 1000), False), ((3, 1000), (1, 1000), True)]


@pytest.mark.parametrize("n", [4, 5, 6])
def test_true_median_with_repeated_values(rng, n):
    p = torch.asarray(rng.integers(0, 3, (n, 40)).astype(np.float64))
    np.testing.assert_array_equal(_spectral._true_median(p, 0).numpy(), np.median(p.numpy(), 0))
    np.testing.assert_array_equal(_spectral._true_median(p.mT, -1).numpy(), np.median(p.numpy(), 0))


def test_torch_compile_as_the_first_sigproc_call(tmp_path):
    # In a fresh process the first call loads the backends' modules; dynamo must
    # not trace those imports (it failed inside SciPy's module set-up), and the
    # nperseg warning points at the user's line inside the compiled function.
    script = tmp_path / "first.py"
    script.write_text(
        "import warnings, torch, sigproc\n"
        "@torch.compile\n"
        "def f(x):\n"
        "    return sigproc.welch(x, nperseg=256)[1]\n"
        "with warnings.catch_warnings(record=True) as rec:\n"
        "    warnings.simplefilter('always')\n"
        "    f(torch.ones(100, dtype=torch.float64))\n"
        "hits = [(w.filename, w.lineno) for w in rec if 'nperseg' in str(w.message)]\n"
        "assert hits and hits[0] == (__file__, 4), hits\n"
    )
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True, timeout=300)
