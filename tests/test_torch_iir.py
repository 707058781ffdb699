"""Torch-native IIR filters: native path, accuracy on hard filters, gradients, devices."""

import numpy as np
import pytest
import scipy.signal

import sigproc

torch = pytest.importorskip("torch")

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


@pytest.fixture(params=DEVICES)
def dev(request):
    return request.param


def _t(a, dev, grad=False):
    return torch.tensor(np.asarray(a), device=dev, requires_grad=grad)


def _np(t):
    return t.detach().cpu().numpy()


def _close(got, want, rtol=1e-10):
    want = np.asarray(want)
    np.testing.assert_allclose(_np(got), want, rtol=rtol, atol=rtol * np.abs(want).max())


@pytest.mark.parametrize(
    "func, args",
    [
        (sigproc.lfilter, ([1.0, 0.5], [1.0, -0.5])),
        (sigproc.sosfilt, (scipy.signal.butter(4, 0.2, output="sos"),)),
        (sigproc.filtfilt, ([1.0, 0.5], [1.0, -0.5])),
        (sigproc.sosfiltfilt, (scipy.signal.butter(4, 0.2, output="sos"),)),
    ],
)
def test_native_path(func, args):
    x = torch.zeros(100, dtype=torch.float64)
    selection = sigproc.which_backend(func, *args, x)
    assert selection.backend == "torch" and selection.native is True


@pytest.mark.parametrize(
    "sos, n",
    [
        (scipy.signal.butter(4, 2e-4, output="sos"), 100_003),  # poles 1e-3 from z = 1
        (scipy.signal.butter(16, 0.1, output="sos"), 20_011),
        (scipy.signal.ellip(8, 0.5, 60, 0.05, output="sos"), 20_011),
        (scipy.signal.butter(5, 1e-3, output="sos"), 30_001),  # a real-pole section
        (np.array([[1.0, 0.5, 0.2, 1.0, -1.8, 0.81], [1.0, 0, 0, 1.0, -0.5, 0]]), 5_000),
    ],
    ids=["butter4-2e-4", "butter16", "ellip8", "butter5-1e-3", "double-pole"],
)
def test_sosfilt_hard_filters(dev, rng, sos, n):
    x = rng.standard_normal((2, n))
    _close(sigproc.sosfilt(_t(sos, dev), _t(x, dev)), scipy.signal.sosfilt(sos, x))


@pytest.mark.parametrize(
    "ba",
    [scipy.signal.cheby1(8, 1, 0.2), scipy.signal.butter(8, 0.1), scipy.signal.butter(7, 0.3)],
    ids=["cheby1-8", "butter8", "butter7"],
)
def test_lfilter_high_order(dev, rng, ba):
    b, a = ba
    x = rng.standard_normal((2, 30_001))
    zi = rng.standard_normal((2, len(a) - 1))
    y, zf = sigproc.lfilter(_t(b, dev), _t(a, dev), _t(x, dev), zi=_t(zi, dev))
    want, wzf = scipy.signal.lfilter(b, a, x, zi=zi)
    _close(y, want)
    _close(zf, wzf)


@pytest.mark.parametrize(
    "ba, refined",
    [
        (scipy.signal.butter(4, 0.2), False),
        (scipy.signal.butter(3, 0.1), False),
        (scipy.signal.cheby1(8, 1, 0.2), True),
        (scipy.signal.butter(8, 0.1), True),
    ],
    ids=["butter4", "butter3", "cheby1-8", "butter8"],
)
def test_lfilter_refines_only_when_the_factoring_needs_it(dev, rng, ba, refined, monkeypatch):
    from sigproc.backends.torch import _iir

    runs = []
    real_run = _iir._run
    monkeypatch.setattr(_iir, "_run", lambda *args: runs.append(1) or real_run(*args))
    b, a = ba
    x = rng.standard_normal((2, 5_000))
    zi = rng.standard_normal((2, len(a) - 1))
    y, zf = sigproc.lfilter(_t(b, dev), _t(a, dev), _t(x, dev), zi=_t(zi, dev))
    assert len(runs) == (2 if refined else 1)  # the pole cascade, then the refinement
    want, wzf = scipy.signal.lfilter(b, a, x, zi=zi)
    _close(y, want)
    _close(zf, wzf)


def test_lfilter_long_fir(dev, rng):
    b = scipy.signal.firwin(301, 0.2)
    x = rng.standard_normal((2, 2_000))
    zi = rng.standard_normal((2, 300))
    y, zf = sigproc.lfilter(_t(b, dev), [1.0], _t(x, dev), zi=_t(zi, dev))
    want, wzf = scipy.signal.lfilter(b, [1.0], x, zi=zi)
    _close(y, want)
    _close(zf, wzf)


def test_zi_round_trips(dev, rng):
    x = rng.standard_normal((3, 9_001))
    sos = scipy.signal.butter(6, 3e-3, output="sos")
    zi = rng.standard_normal((3, 3, 2))
    y, zf = sigproc.sosfilt(_t(sos, dev), _t(x, dev), zi=_t(zi, dev))
    y1, z1 = sigproc.sosfilt(_t(sos, dev), _t(x[:, :4_000], dev), zi=_t(zi, dev))
    y2, z2 = sigproc.sosfilt(_t(sos, dev), _t(x[:, 4_000:], dev), zi=z1)
    _close(torch.cat((y1, y2), dim=1), _np(y))
    _close(z2, _np(zf))
    want, wzf = scipy.signal.sosfilt(sos, x, zi=zi)
    _close(y, want)
    _close(zf, wzf)
    b, a = scipy.signal.cheby1(5, 1, 0.1)
    zi = rng.standard_normal((3, 5))
    y, zf = sigproc.lfilter(b, a, _t(x, dev), zi=_t(zi, dev))
    y1, z1 = sigproc.lfilter(b, a, _t(x[:, :3_333], dev), zi=_t(zi, dev))
    y2, z2 = sigproc.lfilter(b, a, _t(x[:, 3_333:], dev), zi=z1)
    _close(torch.cat((y1, y2), dim=1), _np(y))
    _close(z2, _np(zf))


def test_float32_stays_float32(dev, rng):
    x = rng.standard_normal((2, 5_000)).astype(np.float32)
    sos = scipy.signal.butter(8, 0.05, output="sos").astype(np.float32)
    y = sigproc.sosfilt(_t(sos, dev), _t(x, dev))
    assert y.dtype == torch.float32 and y.device.type == dev
    _close(y, scipy.signal.sosfilt(sos, x), rtol=1e-4)
    b, a = (c.astype(np.float32) for c in scipy.signal.butter(4, 0.2))
    y = sigproc.filtfilt(_t(b, dev), _t(a, dev), _t(x, dev))
    assert y.dtype == torch.float32
    _close(y, scipy.signal.filtfilt(b, a, x), rtol=1e-4)


def _sos_from(num, den):
    ones = torch.ones(num.shape[0], 1, dtype=num.dtype, device=num.device)
    return torch.cat((num, ones, den), dim=1)


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 4 samples, groups of 4 blocks: short signals use every level."""
    from sigproc.backends.torch import _iir

    monkeypatch.setattr(_iir, "_BLOCK", 4)
    monkeypatch.setattr(_iir, "_GROUP", 4)


def test_gradcheck_sosfilt(dev, small_blocks):
    torch.manual_seed(0)
    sos = torch.tensor(scipy.signal.butter(4, 0.2, output="sos"), device=dev)
    num = sos[:, :3].clone().requires_grad_()
    den = sos[:, 4:].clone().requires_grad_()
    x = torch.randn(2, 75, dtype=torch.float64, device=dev, requires_grad=True)
    zi = torch.randn(2, 2, 2, dtype=torch.float64, device=dev, requires_grad=True)

    def f(num, den, x, zi):
        return sigproc.sosfilt(_sos_from(num, den), x, zi=zi)

    assert torch.autograd.gradcheck(f, (num, den, x, zi), fast_mode=True)
    assert torch.autograd.gradcheck(
        lambda num, den, x: sigproc.sosfiltfilt(_sos_from(num, den), x),
        (num, den, x),
        fast_mode=True,
    )


@pytest.mark.parametrize("order", [1, 2, 4])
def test_gradcheck_lfilter(dev, order, small_blocks):
    torch.manual_seed(order)
    b, a = (_t(c, dev, grad=True) for c in scipy.signal.butter(order, 0.25))
    x = torch.randn(2, 75, dtype=torch.float64, device=dev, requires_grad=True)
    zi = torch.randn(2, order, dtype=torch.float64, device=dev, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda b, a, x, zi: sigproc.lfilter(b, a, x, zi=zi), (b, a, x, zi), fast_mode=True
    )
    assert torch.autograd.gradcheck(
        lambda b, a, x: sigproc.filtfilt(b, a, x), (b, a, x), fast_mode=True
    )


def test_gradient_flows_to_a_leaf_signal(dev, rng):
    x = _t(rng.standard_normal(1_000), dev, grad=True)
    sos = scipy.signal.butter(4, 0.1, output="sos")
    sigproc.sosfilt(sos, x).sum().backward()
    # d sum(y) / d x[k] = sum of the impulse response's first n - k samples
    impulse = scipy.signal.sosfilt(sos, np.eye(1, 1_000)[0])
    np.testing.assert_allclose(_np(x.grad), np.cumsum(impulse)[::-1], rtol=1e-10, atol=1e-13)


def test_inputs_not_modified(dev, rng):
    x = rng.standard_normal((2, 300))
    zi = rng.standard_normal((4, 2, 2))
    sos = scipy.signal.butter(8, 0.2, output="sos")
    xt, zt, st = _t(x, dev), _t(zi, dev), _t(sos, dev)
    sigproc.sosfilt(st, xt, zi=zt)
    sigproc.sosfiltfilt(st, xt)
    np.testing.assert_array_equal(_np(xt), x)
    np.testing.assert_array_equal(_np(zt), zi)
    np.testing.assert_array_equal(_np(st), sos)


@pytest.mark.parametrize(
    "design",
    [
        lambda: scipy.signal.butter(3, [0.05, 0.08], "bandpass"),
        lambda: scipy.signal.butter(4, 0.2),
        lambda: scipy.signal.cheby1(4, 1, [0.2, 0.3], "bandstop"),
    ],
    ids=["butter3-bandpass", "butter4-low", "cheby1-bandstop"],
)
def test_real_filter_on_complex_signal(dev, design):
    # A real (b, a) on complex data: as exact as on its real and imaginary parts.
    b, a = design()
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 5000)) + 1j * rng.standard_normal((2, 5000))
    zi = np.outer([1 + 2j, -0.5j], scipy.signal.lfilter_zi(b, a))
    want, want_zf = scipy.signal.lfilter(b, a, x, zi=zi)
    got, got_zf = sigproc.lfilter(b, a, _t(x, dev), zi=_t(zi, dev))
    scale = np.abs(want).max()
    np.testing.assert_allclose(got.cpu().numpy(), want, rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(got_zf.cpu().numpy(), want_zf, rtol=0, atol=1e-9 * scale)
    want = scipy.signal.filtfilt(b, a, x)
    got = sigproc.filtfilt(b, a, _t(x, dev)).cpu().numpy()
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9 * np.abs(want).max())
