"""Torch-native FIR work: native dispatch, both convolution engines, gradients, devices.

The cross-backend tests in test_fir.py already compare every function with SciPy on
torch tensors (small inputs, where the cost model picks ``conv1d``); these tests force
each engine (``conv1d`` and overlap-save FFTs) on inputs long enough to need several
FFT frames, check broadcasting batches, gradients and the device of the results.
"""

import numpy as np
import pytest
import scipy.signal
from conftest import _libs, assert_close, assert_unchanged

import sigproc

torch = pytest.importorskip("torch")
from sigproc.backends.torch import _fir  # noqa: E402

F = torch.nn.functional
TORCH_LIBS = [p for p in _libs() if p.values[0].module == "torch"]
NATIVE = [
    "convolve",
    "correlate",
    "fftconvolve",
    "oaconvolve",
    "upfirdn",
    "resample_poly",
    "savgol_filter",
    "hilbert",
    "medfilt",
]


@pytest.fixture(params=TORCH_LIBS)
def tlib(request):
    """torch on each device (CUDA skips without a GPU)."""
    return request.param


@pytest.fixture(params=["direct", "fft"])
def engine(request, monkeypatch):
    """Make the cost model pick one engine for every 'auto' correlation."""
    huge = 1.0 if request.param == "fft" else 0.0
    costs = {key: (huge, huge, 0.0, 1e-9, 1e-6) for key in _fir._COSTS}
    monkeypatch.setattr(_fir, "_COSTS", costs)
    return request.param


def _check(lib, func, args, kwargs=None, *, rtol=None):
    kwargs = kwargs or {}
    host = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    libargs = [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    got = getattr(sigproc, func)(*libargs, **kwargs)
    assert_close(got, getattr(scipy.signal, func)(*host, **kwargs), like=lib, rtol=rtol)
    for before, after in zip(host, libargs, strict=True):
        if isinstance(before, np.ndarray):
            assert_unchanged(before, after, lib)
    return got


@pytest.mark.parametrize("name", NATIVE)
def test_native_path_is_used(tlib, name):
    x = tlib.asarray(np.ones((2, 40)))
    args = {"convolve": (x, x), "correlate": (x, x), "fftconvolve": (x, x), "oaconvolve": (x, x)}
    args |= {"upfirdn": ([1.0, 2.0], x), "resample_poly": (x, 2, 3), "savgol_filter": (x, 5, 2)}
    args |= {"hilbert": (x,), "medfilt": (x,)}
    assert sigproc.which_backend(getattr(sigproc, name), *args[name]).native is True


# -- the correlation engine ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "c_in", "c_out", "groups", "length", "k"),
    [(2, 1, 1, 1, 3000, 37), (1, 3, 2, 1, 2000, 11), (1, 4, 4, 4, 1500, 100), (3, 1, 2, 1, 90, 90)],
)
@pytest.mark.parametrize("dtype", ["float64", "complex128", "float32"])
def test_overlap_save_equals_conv1d(tlib, rng, n, c_in, c_out, groups, length, k, dtype):
    x = rng.standard_normal((n, c_in, length)) + (1j if "complex" in dtype else 0)
    w = rng.standard_normal((c_out, c_in // groups, k))
    x, w = (tlib.asarray(a.astype(dtype)) for a in (x, w))
    want = F.conv1d(F.pad(x, (5, -3)), w, groups=groups)
    for nfft in (128, 512, None):  # None: the planner's frame length
        if nfft is not None and nfft < k:
            continue
        got = _fir._xcorr(x, w, groups, "fft", pad=(5, -3))
        if nfft is not None:
            got = _fir._overlap_save(x, w, groups, nfft, (5, -3))
        assert got.dtype == want.dtype and got.device == want.device
        rtol = 1e-4 if dtype == "float32" else 1e-12
        atol = rtol * float(want.abs().max())
        torch.testing.assert_close(got, want, rtol=rtol, atol=atol)


def test_cost_model_choice_depends_only_on_sizes(monkeypatch):
    calls = []
    monkeypatch.setattr(_fir, "_overlap_save", lambda *a: calls.append("fft") or a[0])
    monkeypatch.setattr(F, "conv1d", lambda *a, **k: calls.append("direct") or a[0])
    short, long_ = torch.zeros(1, 1, 10**5, dtype=torch.float64), torch.zeros(1, 1, 2)
    _fir._xcorr(short, long_.double())
    _fir._xcorr(short, torch.zeros(1, 1, 500, dtype=torch.float64))
    assert calls == ["direct", "fft"]
    for k in (3, 100, 4000):
        cost, nfft = _fir._fft_plan(10**5, k, 1, 1, 1, _fir._COSTS["cpu", False])
        assert k <= nfft <= scipy.fft.next_fast_len(10**5, True) and cost > 0


# -- convolutions on long inputs, each engine -------------------------------------------
@pytest.mark.parametrize("func", ["convolve", "correlate", "fftconvolve", "oaconvolve"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolutions_long(tlib, rng, engine, func, mode):
    x, h = rng.standard_normal((2, 3000)), rng.standard_normal((1, 45))
    _check(tlib, func, (x, h), {"mode": mode})
    _check(tlib, func, (h, x), {"mode": mode})  # the longer input becomes the signal
    z = x + 1j * rng.standard_normal(x.shape)
    _check(tlib, func, (z[:1], (h + 2j).astype(np.complex128)), {"mode": mode})
    _check(tlib, func, (x.astype(np.float32), h.astype(np.float32)), {"mode": mode})


def test_broadcast_batches_and_several_axes(tlib, rng, engine):
    x, h = rng.standard_normal((3, 1, 700)), rng.standard_normal((1, 4, 60))
    _check(tlib, "fftconvolve", (x, h), {"axes": -1})  # both batches: grouped kernels
    _check(tlib, "fftconvolve", (x[:1], h), {"axes": 2, "mode": "same"})  # one signal
    _check(tlib, "oaconvolve", (x, h[:, :1]), {"axes": [2], "mode": "valid"})
    _check(tlib, "fftconvolve", (x.reshape(3, 7, 100), h.reshape(1, 12, 20)), {"axes": [1, 2]})
    _check(tlib, "convolve", (rng.standard_normal((30, 40)), rng.standard_normal((5, 7))))


@pytest.mark.parametrize("method", ["auto", "direct", "fft"])
def test_convolve_integers_stay_exact(tlib, rng, method):
    x, h = rng.integers(-1000, 1000, 5000), rng.integers(-9, 9, 300)
    got = _check(tlib, "convolve", (x, h), {"method": method})
    assert got.dtype == torch.int64


# -- polyphase resampling, smoothing, analytic signal -------------------------------
@pytest.mark.parametrize(("up", "down"), [(1, 1), (2, 3), (3, 2), (1, 5), (4, 1), (7, 3)])
def test_upfirdn_long(tlib, rng, engine, up, down):
    h, x = rng.standard_normal(61), rng.standard_normal((2, 900))
    _check(tlib, "upfirdn", (h, x, up, down))
    _check(tlib, "upfirdn", (h[:4], x.T, up, down), {"axis": 0, "mode": "reflect"})
    _check(tlib, "upfirdn", (h.astype(np.float32), x.astype(np.float32), up, down))


@pytest.mark.parametrize(("up", "down"), [(2, 3), (3, 2), (1, 4), (5, 1)])
def test_resample_poly_long(tlib, rng, engine, up, down):
    x = rng.standard_normal((2, 1200))
    _check(tlib, "resample_poly", (x, up, down), {"axis": 1})
    _check(tlib, "resample_poly", (x.T, up, down), {"cval": 0.5})
    _check(tlib, "resample_poly", (x.astype(np.float32), up, down), {"axis": -1})
    window = np.hanning(31)
    _check(tlib, "resample_poly", (x, up, down), {"axis": 1, "window": window})
    got = sigproc.resample_poly(tlib.asarray(x), up, down, axis=1, window=tlib.asarray(window))
    want = scipy.signal.resample_poly(x, up, down, axis=1, window=window)
    assert_close(got, want, like=tlib)


def test_savgol_hilbert_medfilt_long(tlib, rng, engine):
    x = rng.standard_normal((2, 2000))
    for mode in ("interp", "mirror", "wrap"):
        _check(tlib, "savgol_filter", (x, 51, 4), {"mode": mode, "deriv": 1})
    _check(tlib, "hilbert", (x,), {"N": 2001})
    _check(tlib, "medfilt", (x, [1, 7]))
    _check(tlib, "medfilt", (rng.integers(0, 9, (4, 5, 6)), 3))


def test_medfilt_is_a_true_median(tlib):
    # torch.median gives the lower of two middle values; windows here hold an odd count.
    got = sigproc.medfilt(tlib.asarray(np.array([1.0, 9.0, 2.0, 8.0, 3.0])), 5)
    assert_close(got, np.array([1.0, 2.0, 3.0, 3.0, 2.0]), like=tlib)


# -- gradients ---------------------------------------------------------------------------
def _leaf(tlib, a):
    return tlib.asarray(a).requires_grad_(True)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_gradcheck_convolutions(tlib, rng, engine, mode):
    x, h = _leaf(tlib, rng.standard_normal((2, 20))), _leaf(tlib, rng.standard_normal((1, 6)))
    for func in (sigproc.fftconvolve, sigproc.convolve, sigproc.oaconvolve):
        assert torch.autograd.gradcheck(lambda a, b, f=func: f(a, b, mode=mode), (x, h))
    z = _leaf(tlib, rng.standard_normal((1, 5)) + 1j * rng.standard_normal((1, 5)))
    assert torch.autograd.gradcheck(lambda a, b: sigproc.correlate(a, b, mode=mode), (x[:1], z))


def test_gradcheck_resampling_and_smoothing(tlib, rng, engine):
    x, h = _leaf(tlib, rng.standard_normal((2, 16))), _leaf(tlib, rng.standard_normal(6))
    assert torch.autograd.gradcheck(lambda a, b: sigproc.upfirdn(b, a, 3, 2), (x, h))
    window = _leaf(tlib, np.hanning(9))
    call = lambda a, w: sigproc.resample_poly(a, 2, 3, axis=1, window=w)  # noqa: E731
    assert torch.autograd.gradcheck(call, (x, window))
    assert torch.autograd.gradcheck(lambda a: sigproc.savgol_filter(a, 7, 2), (x,))
    assert torch.autograd.gradcheck(lambda a: sigproc.hilbert(a, axis=0), (x,))
