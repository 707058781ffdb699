"""Torch-native IIR filters: kernel choice, accuracy on hard filters, gradients, devices.

Two kernels serve torch: SciPy's compiled loops on CPU tensors that need no
gradient ("scipy sequential") and the block-parallel scan ("block scan") for
the rest. Tests that check values run on both: the block scan is forced with an
input that requires grad, as autograd would force it.
"""

import threading

import numpy as np
import pytest
import scipy.signal

import sigproc
from sigproc.dispatch import trace

torch = pytest.importorskip("torch")
from sigproc.backends.torch import _iir, _iir_sequential  # noqa: E402

CUDA = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device"),
]
DEVICES = ["cpu", pytest.param("cuda", marks=CUDA)]
KERNEL_NAMES = {"scipy": "scipy sequential", "block": "block scan"}


@pytest.fixture(params=DEVICES)
def dev(request):
    return request.param


@pytest.fixture(
    params=[
        ("cpu", "scipy"),
        ("cpu", "block"),
        pytest.param(("cuda", "block"), marks=CUDA),
    ],
    ids=["cpu-scipy", "cpu-block", "cuda-block"],
)
def where(request):
    """(device, kernel): the block scan is forced by a signal that requires grad."""
    return request.param


def _t(a, dev, grad=False):
    return torch.tensor(np.asarray(a), device=dev, requires_grad=grad)


def _signal(a, where):
    dev, kernel = where
    return _t(a, dev, grad=kernel == "block")


def _np(t):
    return t.detach().cpu().numpy()


def _close(got, want, rtol=1e-10):
    want = np.asarray(want)
    np.testing.assert_allclose(_np(got), want, rtol=rtol, atol=rtol * np.abs(want).max())


def _ran(calls, where):
    """Every traced call ran the kernel `where` asks for."""
    assert calls and all(c.kernel == KERNEL_NAMES[where[1]] for c in calls), calls


# -- which kernel runs -------------------------------------------------------------------
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


_SOS = scipy.signal.butter(4, 0.2, output="sos")
_BA = scipy.signal.butter(3, 0.2)
_FILTERS = {
    "lfilter": lambda c, x: sigproc.lfilter(*c["ba"], x),
    "sosfilt": lambda c, x: sigproc.sosfilt(c["sos"], x),
    "filtfilt": lambda c, x: sigproc.filtfilt(*c["ba"], x),
    "gust": lambda c, x: sigproc.filtfilt(*c["ba"], x, method="gust"),
    "sosfiltfilt": lambda c, x: sigproc.sosfiltfilt(c["sos"], x),
}


def _coefficients(dtype=torch.float64, grad=False):
    def t(v):
        return torch.tensor(v, dtype=dtype, requires_grad=grad)

    return {"sos": t(_SOS), "ba": (t(_BA[0]), t(_BA[1]))}


@pytest.mark.parametrize("name", list(_FILTERS))
def test_kernel_choice_is_traced(rng, name):
    run = _FILTERS[name]
    x = rng.standard_normal((2, 300))
    want = _np(run(_coefficients(), torch.tensor(x)))

    def kernels(coefficients, signal):
        with trace() as calls:
            y = run(coefficients, signal)
        return {c.kernel for c in calls}, y

    # CPU, no gradient: SciPy's loop, SciPy's exact result
    got, y = kernels(_coefficients(), torch.tensor(x))
    assert got == {"scipy sequential"}
    ref = {
        "lfilter": lambda: scipy.signal.lfilter(*_BA, x),
        "sosfilt": lambda: scipy.signal.sosfilt(_SOS, x),
        "filtfilt": lambda: scipy.signal.filtfilt(*_BA, x),
        "gust": lambda: scipy.signal.filtfilt(*_BA, x, method="gust"),
        "sosfiltfilt": lambda: scipy.signal.sosfiltfilt(_SOS, x),
    }[name]()
    np.testing.assert_allclose(_np(y), ref, rtol=1e-12, atol=1e-14)
    # a signal or coefficient that requires grad: the scan, the same values
    got, y = kernels(_coefficients(), torch.tensor(x, requires_grad=True))
    assert got == {"block scan"} and y.requires_grad
    _close(y, want)
    got, y = kernels(_coefficients(grad=True), torch.tensor(x))
    assert got == {"block scan"} and y.requires_grad
    # ... unless autograd is off
    with torch.no_grad():
        got, y = kernels(_coefficients(grad=True), torch.tensor(x, requires_grad=True))
    assert got == {"scipy sequential"} and not y.requires_grad
    # half precision: SciPy has no loop for it (filtfilt's lfilter_zi has no float16 solve)
    if name in ("lfilter", "sosfilt"):
        got, y = kernels(_coefficients(torch.float16), torch.tensor(x, dtype=torch.float16))
        assert got == {"block scan"} and y.dtype == torch.float16


def test_functorch_transforms_take_the_scan(rng):
    x = torch.tensor(rng.standard_normal((2, 200)))
    with trace() as calls:
        g = torch.func.grad(lambda v: sigproc.sosfilt(_SOS, v).sum())(x)
    assert [c.kernel for c in calls] == ["block scan"]
    # d sum(y) / d x[k] = sum of the impulse response's first n - k samples
    impulse = scipy.signal.sosfilt(_SOS, np.eye(1, 200)[0])
    np.testing.assert_allclose(_np(g), np.broadcast_to(np.cumsum(impulse)[::-1], (2, 200)))


def test_views_and_axes_on_scipy_loop(rng):
    x = rng.standard_normal((300, 3)) + 1j * rng.standard_normal((300, 3))
    xt = torch.tensor(x).conj()  # a conjugate view: resolved before NumPy sees it
    zi = rng.standard_normal((3, 3)) + 0j
    with trace() as calls:
        y, zf = sigproc.lfilter(*_BA, xt, axis=0, zi=torch.tensor(zi))
        ys = sigproc.sosfilt(_SOS, xt.T[:, ::2])  # a strided view
    assert [c.kernel for c in calls] == ["scipy sequential"] * 2
    want, wzf = scipy.signal.lfilter(*_BA, x.conj(), axis=0, zi=zi)
    np.testing.assert_array_equal(_np(y), want)
    np.testing.assert_array_equal(_np(zf), wzf)
    np.testing.assert_array_equal(_np(ys), scipy.signal.sosfilt(_SOS, x.conj().T[:, ::2]))


def test_empty_signals(where):
    dev, _ = where
    for shape in ((2, 0), (0, 5)):
        x = _signal(np.zeros(shape), where)
        assert sigproc.sosfilt(_SOS, x).shape == shape
        y, zf = sigproc.lfilter(*_BA, x, zi=_t(np.ones((shape[0], 3)), dev))
        assert y.shape == shape
        np.testing.assert_array_equal(_np(zf), np.ones((shape[0], 3)))  # no samples: zi


# -- SciPy's loop on a thread pool -------------------------------------------------------
@pytest.fixture
def spy_threads(monkeypatch):
    """Pretend torch has 3 threads, pool even tiny work, and record SciPy's threads."""
    names = []
    for name in ("sosfilt", "lfilter", "sosfiltfilt", "filtfilt"):
        real = getattr(scipy.signal, name)

        def spy(*args, real=real, **kwargs):
            names.append(threading.current_thread().name)
            return real(*args, **kwargs)

        monkeypatch.setattr(scipy.signal, name, spy)
    monkeypatch.setattr(_iir_sequential, "_ROW_WORK", 1)
    monkeypatch.setattr(_iir_sequential, "threads", lambda: 3)
    monkeypatch.setattr(_iir_sequential, "free_cpus", lambda: 8)  # an idle machine
    real_executor = _iir_sequential._executor

    def executor(workers):
        names.append(f"pool of {workers}")
        return real_executor(workers)

    monkeypatch.setattr(_iir_sequential, "_executor", executor)
    return names


def test_thread_pool_gives_identical_results(rng, spy_threads):
    x = rng.standard_normal((7, 500))
    zi_sos = rng.standard_normal((2, 7, 2))
    zi_ba = rng.standard_normal((7, 3))
    xt = torch.tensor(x)
    runs = {
        "sosfilt": lambda: sigproc.sosfilt(_SOS, xt, zi=torch.tensor(zi_sos)),
        "lfilter": lambda: sigproc.lfilter(*_BA, xt, zi=torch.tensor(zi_ba)),
        "sosfiltfilt": lambda: sigproc.sosfiltfilt(_SOS, xt[:2]),  # 2 rows: 2 batches
        "filtfilt": lambda: sigproc.filtfilt(*_BA, xt, padlen=20),
        "gust": lambda: sigproc.filtfilt(*_BA, xt, method="gust"),  # one lstsq: one batch
    }
    got, threads = {}, {}
    for name, run in runs.items():
        spy_threads.clear()
        got[name] = run()
        threads[name] = list(spy_threads)
    # 3 batches of rows for this thread and 2 of the pool's, whichever takes each
    assert threads["sosfilt"][0] == "pool of 2" and len(threads["sosfilt"]) == 4
    assert all(t == "MainThread" or t.startswith("sigproc-iir") for t in threads["sosfilt"][1:])
    assert [len(threads[name]) for name in runs] == [4, 4, 3, 4, 1]  # gust: one batch
    # bit for bit what SciPy gives: rows are independent
    want, wzf = scipy.signal.sosfilt(_SOS, x, zi=zi_sos)
    np.testing.assert_array_equal(_np(got["sosfilt"][0]), want)
    np.testing.assert_array_equal(_np(got["sosfilt"][1]), wzf)
    want, wzf = scipy.signal.lfilter(*_BA, x, zi=zi_ba)
    np.testing.assert_array_equal(_np(got["lfilter"][0]), want)
    np.testing.assert_array_equal(_np(got["lfilter"][1]), wzf)
    want = scipy.signal.sosfiltfilt(_SOS, x[:2])
    np.testing.assert_array_equal(_np(got["sosfiltfilt"]), want)
    want = scipy.signal.filtfilt(*_BA, x, padlen=20)
    np.testing.assert_array_equal(_np(got["filtfilt"]), want)
    want = scipy.signal.filtfilt(*_BA, x, method="gust")
    np.testing.assert_array_equal(_np(got["gust"]), want)
    # SciPy's errors come through from every batch, in SciPy's words
    with pytest.raises(ValueError, match="must be greater than padlen"):
        sigproc.filtfilt(*_BA, xt, padlen=600)


def test_one_thread_runs_no_pool(rng, monkeypatch):
    monkeypatch.setattr(_iir_sequential, "_ROW_WORK", 1)
    monkeypatch.setattr(_iir_sequential, "threads", lambda: 1)
    monkeypatch.setattr(_iir_sequential, "_executor", None)  # calling it would fail
    x = rng.standard_normal((5, 400))
    np.testing.assert_array_equal(
        _np(sigproc.sosfilt(_SOS, torch.tensor(x))), scipy.signal.sosfilt(_SOS, x)
    )


# -- the cost model ------------------------------------------------------------------------
F64, F32 = np.dtype(np.float64), np.dtype(np.float32)


@pytest.mark.parametrize(
    "threads, batch, n, dtype, block",
    [
        (1, 1, 10**6, F64, False),  # one core: the loop
        (2, 1, 10**6, F64, False),
        (16, 1, 10**6, F64, True),  # one long row, many cores: the scan
        (16, 64, 10**6, F64, False),  # as many rows as threads: the loop
        (2, 1, 10**6, F32, False),  # two threads: never the scan
        (4, 1, 10**6, F32, True),  # float32 GEMMs are cheap
        (4, 1, 10**6, F64, False),
        (8, 8, 10**6, F32, False),
        (16, 1, 1000, F64, False),  # building the scan's kernels costs ms
        (16, 1, 10**6, np.dtype(np.complex128), False),
    ],
)
def test_cost_model(monkeypatch, threads, batch, n, dtype, block):
    monkeypatch.setattr(_iir_sequential, "threads", lambda: threads)
    monkeypatch.setattr(_iir_sequential, "free_cpus", lambda: 64)
    prefer = _iir_sequential.prefer_block(batch, n, 8, dtype, width=64 + 6 * 8, fixed=1e6)
    assert prefer is block


def test_busy_cpus_take_the_loop_and_no_pool(rng, monkeypatch):
    monkeypatch.setattr(_iir_sequential, "threads", lambda: 16)
    monkeypatch.setattr(_iir_sequential, "free_cpus", lambda: 1)  # all busy elsewhere
    assert not _iir_sequential.prefer_block(1, 10**6, 8, F64, width=112, fixed=1e6)
    monkeypatch.setattr(_iir_sequential, "_ROW_WORK", 1)
    monkeypatch.setattr(_iir_sequential, "_executor", None)  # calling it would fail
    x = rng.standard_normal((4, 300))
    np.testing.assert_array_equal(
        _np(sigproc.sosfilt(_SOS, torch.tensor(x))), scipy.signal.sosfilt(_SOS, x)
    )


def test_free_cpus_follows_the_load(monkeypatch):
    os = _iir_sequential.os
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.setattr(_iir_sequential.os, "getloadavg", lambda: (1.0, 0.0, 0.0))
    assert _iir_sequential.free_cpus() == 8  # the load is this thread
    monkeypatch.setattr(_iir_sequential.os, "getloadavg", lambda: (6.2, 0.0, 0.0))
    assert _iir_sequential.free_cpus() == 3
    monkeypatch.setattr(_iir_sequential.os, "getloadavg", lambda: (30.0, 0.0, 0.0))
    assert _iir_sequential.free_cpus() == 1


def test_cost_model_picks_the_scan(rng, monkeypatch):
    monkeypatch.setattr(_iir_sequential, "threads", lambda: 64)
    monkeypatch.setattr(_iir_sequential, "free_cpus", lambda: 64)
    x = rng.standard_normal(10**6)
    sos = scipy.signal.butter(8, 0.1, output="sos")
    with trace() as calls:
        y = sigproc.sosfilt(sos, torch.tensor(x))
    assert [c.kernel for c in calls] == ["block scan"]
    _close(y, scipy.signal.sosfilt(sos, x))


# -- accuracy ------------------------------------------------------------------------------
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
def test_sosfilt_hard_filters(where, rng, sos, n):
    x = rng.standard_normal((2, n))
    with trace() as calls:
        y = sigproc.sosfilt(_t(sos, where[0]), _signal(x, where))
    _ran(calls, where)
    _close(y, scipy.signal.sosfilt(sos, x))


def _reference_sos(sos, x):
    """Extended-precision sosfilt: SciPy's lfilter in np.longdouble, section by section."""
    y = x.astype(np.longdouble)
    for s in sos.astype(np.longdouble):
        y = scipy.signal.lfilter(s[:3], s[3:], y)
    return y


def _error(y, ref):
    return float(np.max(np.abs(y - ref)) / np.max(np.abs(ref)))


@pytest.mark.skipif(
    np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps, reason="no extended precision"
)
@pytest.mark.parametrize(
    "form, design",
    [
        ("sos", lambda: scipy.signal.butter(8, 0.001, output="sos")),
        ("ba", lambda: scipy.signal.butter(4, 2e-4)),
        ("ba", lambda: scipy.signal.butter(8, 0.1)),
        ("ba", lambda: scipy.signal.butter(8, [0.1, 0.2], "bandstop")),
        ("ba", lambda: scipy.signal.butter(8, [0.3, 0.32], "bandstop")),  # SciPy's: 7e-4
        ("ba", lambda: scipy.signal.butter(12, 0.05)),  # the refinement pass runs
        ("ba", lambda: scipy.signal.ellip(8, 0.5, 60, 0.05)),
    ],
    ids=[
        "butter8-1e-3-sos",
        "butter4-2e-4-ba",
        "butter8-ba",
        "bandstop8-ba",
        "narrow-bandstop8-ba",
        "butter12-ba",
        "ellip8-ba",
    ],
)
def test_accuracy_near_the_unit_circle(where, rng, form, design):
    # Against SciPy's own recursion in extended precision: our error is at most a
    # small factor of SciPy's float64 error (the scan is usually far below it).
    coefficients = design()
    x = rng.standard_normal((2, 20_000))
    if form == "sos":
        ref = _reference_sos(coefficients, x)
        scipy_y = scipy.signal.sosfilt(coefficients, x)
        with trace() as calls:
            y = sigproc.sosfilt(_t(coefficients, where[0]), _signal(x, where))
    else:
        b, a = coefficients
        ld = np.longdouble
        ref = scipy.signal.lfilter(b.astype(ld), a.astype(ld), x.astype(ld))
        scipy_y = scipy.signal.lfilter(b, a, x)
        with trace() as calls:
            y = sigproc.lfilter(b, a, _signal(x, where))
    _ran(calls, where)
    ours, theirs = _error(_np(y), ref), _error(scipy_y, ref)
    assert ours <= 3 * theirs + 1e-14, (ours, theirs)


@pytest.mark.parametrize(
    "ba",
    [scipy.signal.cheby1(8, 1, 0.2), scipy.signal.butter(8, 0.1), scipy.signal.butter(7, 0.3)],
    ids=["cheby1-8", "butter8", "butter7"],
)
def test_lfilter_high_order(where, rng, ba):
    b, a = ba
    x = rng.standard_normal((2, 30_001))
    zi = rng.standard_normal((2, len(a) - 1))
    dev = where[0]
    with trace() as calls:
        y, zf = sigproc.lfilter(_t(b, dev), _t(a, dev), _signal(x, where), zi=_t(zi, dev))
    _ran(calls, where)
    want, wzf = scipy.signal.lfilter(b, a, x, zi=zi)
    _close(y, want)
    _close(zf, wzf)


@pytest.mark.parametrize(
    "ba, refined",
    [
        (scipy.signal.butter(4, 0.2), False),
        (scipy.signal.butter(3, 0.1), False),
        (scipy.signal.cheby1(8, 1, 0.2), False),
        (scipy.signal.butter(8, 0.1), False),
        (scipy.signal.butter(12, 0.05), True),  # sections miss a by 1e-3 near z = 1
    ],
    ids=["butter4", "butter3", "cheby1-8", "butter8", "butter12"],
)
def test_lfilter_refines_only_when_the_factoring_needs_it(dev, rng, ba, refined, monkeypatch):
    runs = []
    real_run = _iir._run
    monkeypatch.setattr(_iir, "_run", lambda *args: runs.append(1) or real_run(*args))
    b, a = ba
    x = rng.standard_normal((2, 5_000))
    zi = rng.standard_normal((2, len(a) - 1))
    y = sigproc.lfilter(_t(b, dev), _t(a, dev), _t(x, dev, grad=True), zi=_t(zi, dev))[0]
    assert len(runs) == (2 if refined else 1)  # the folded system, then the refinement
    ld = np.longdouble
    ref = scipy.signal.lfilter(b.astype(ld), a.astype(ld), x.astype(ld), zi=zi.astype(ld))[0]
    theirs = _error(scipy.signal.lfilter(b, a, x, zi=zi)[0], ref)
    assert _error(_np(y), ref) <= 3 * theirs + 1e-14
    # a denominator that needs a gradient is always refined (its exact gradient)
    runs.clear()
    sigproc.lfilter(_t(b, dev), _t(a, dev, grad=True), _t(x, dev))
    assert len(runs) == (1 if len(a) <= 3 else 2)  # order <= 2: one modal section


def test_factoring_is_polished():
    from sigproc.backends.torch._iir_poles import pole_sections

    a = torch.tensor(scipy.signal.butter(8, 0.1)[1])
    sections, (error, floor) = pole_sections(a)
    assert sections.shape == (4, 6) and error < 1e-12 < floor  # plain eigenvalues: 3e-10
    product = np.ones(1)
    for row in _np(sections):
        product = np.convolve(product, row[3:])
    np.testing.assert_allclose(product, _np(a), rtol=0, atol=1e-12)


def test_lfilter_long_fir(where, rng):
    b = scipy.signal.firwin(301, 0.2)
    x = rng.standard_normal((2, 2_000))
    zi = rng.standard_normal((2, 300))
    dev = where[0]
    with trace() as calls:
        y, zf = sigproc.lfilter(_t(b, dev), [1.0], _signal(x, where), zi=_t(zi, dev))
    _ran(calls, where)
    want, wzf = scipy.signal.lfilter(b, [1.0], x, zi=zi)
    _close(y, want)
    _close(zf, wzf)


def test_non_finite_samples_stay_causal(where, rng):
    x = rng.standard_normal((2, 400))
    x[0, 250] = np.nan
    x[1, 100] = np.inf
    with trace() as calls:
        y = sigproc.lfilter(*_BA, _signal(x, where))
        ys = sigproc.sosfilt(_SOS, _signal(x, where))
    _ran(calls, where)
    want = scipy.signal.lfilter(*_BA, x)
    np.testing.assert_allclose(_np(y), want, rtol=1e-10, atol=1e-12)  # NaN where SciPy's
    np.testing.assert_allclose(_np(ys), scipy.signal.sosfilt(_SOS, x), rtol=1e-10, atol=1e-12)


def test_zi_round_trips(where, rng):
    dev = where[0]
    x = rng.standard_normal((3, 9_001))
    sos = scipy.signal.butter(6, 3e-3, output="sos")
    zi = rng.standard_normal((3, 3, 2))
    y, zf = sigproc.sosfilt(_t(sos, dev), _signal(x, where), zi=_t(zi, dev))
    y1, z1 = sigproc.sosfilt(_t(sos, dev), _signal(x[:, :4_000], where), zi=_t(zi, dev))
    y2, z2 = sigproc.sosfilt(_t(sos, dev), _signal(x[:, 4_000:], where), zi=z1)
    _close(torch.cat((y1, y2), dim=1), _np(y))
    _close(z2, _np(zf))
    want, wzf = scipy.signal.sosfilt(sos, x, zi=zi)
    _close(y, want)
    _close(zf, wzf)
    b, a = scipy.signal.cheby1(5, 1, 0.1)
    zi = rng.standard_normal((3, 5))
    y, zf = sigproc.lfilter(b, a, _signal(x, where), zi=_t(zi, dev))
    y1, z1 = sigproc.lfilter(b, a, _signal(x[:, :3_333], where), zi=_t(zi, dev))
    y2, z2 = sigproc.lfilter(b, a, _signal(x[:, 3_333:], where), zi=z1)
    _close(torch.cat((y1, y2), dim=1), _np(y))
    _close(z2, _np(zf))


def test_float32_stays_float32(where, rng):
    dev = where[0]
    x = rng.standard_normal((2, 5_000)).astype(np.float32)
    sos = scipy.signal.butter(8, 0.05, output="sos").astype(np.float32)
    with trace() as calls:
        y = sigproc.sosfilt(_t(sos, dev), _signal(x, where))
    _ran(calls, where)
    assert y.dtype == torch.float32 and y.device.type == dev
    _close(y, scipy.signal.sosfilt(sos, x), rtol=1e-4)
    b, a = (c.astype(np.float32) for c in scipy.signal.butter(4, 0.2))
    y = sigproc.filtfilt(_t(b, dev), _t(a, dev), _signal(x, where))
    assert y.dtype == torch.float32
    _close(y, scipy.signal.filtfilt(b, a, x), rtol=1e-4)
    y = sigproc.lfilter(_t(b, dev), _t(a, dev), _signal(x, where))
    assert y.dtype == torch.float32
    _close(y, scipy.signal.lfilter(b, a, x), rtol=1e-4)


# -- gradients -----------------------------------------------------------------------------
def _sos_from(num, den):
    ones = torch.ones(num.shape[0], 1, dtype=num.dtype, device=num.device)
    return torch.cat((num, ones, den), dim=1)


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 4 samples, groups of 4 blocks: short signals use every level."""
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


def test_gradcheck_lfilter_folded_numerator(dev, small_blocks):
    # Order 4 with only the signal, numerator and state needing gradients: the
    # folded system without a refinement pass.
    torch.manual_seed(5)
    b, a = scipy.signal.butter(4, 0.25)
    b = _t(b, dev, grad=True)
    x = torch.randn(2, 75, dtype=torch.float64, device=dev, requires_grad=True)
    zi = torch.randn(2, 4, dtype=torch.float64, device=dev, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda b, x, zi: sigproc.lfilter(b, _t(a, dev), x, zi=zi), (b, x, zi), fast_mode=True
    )


def test_gradient_flows_to_a_leaf_signal(dev, rng):
    x = _t(rng.standard_normal(1_000), dev, grad=True)
    sos = scipy.signal.butter(4, 0.1, output="sos")
    sigproc.sosfilt(sos, x).sum().backward()
    # d sum(y) / d x[k] = sum of the impulse response's first n - k samples
    impulse = scipy.signal.sosfilt(sos, np.eye(1, 1_000)[0])
    np.testing.assert_allclose(_np(x.grad), np.cumsum(impulse)[::-1], rtol=1e-10, atol=1e-13)


def test_inputs_not_modified(where, rng):
    dev = where[0]
    x = rng.standard_normal((2, 300))
    zi = rng.standard_normal((4, 2, 2))
    zi_ba = rng.standard_normal((2, 3))
    sos = scipy.signal.butter(8, 0.2, output="sos")
    xt, zt, st, zb = _signal(x, where), _t(zi, dev), _t(sos, dev), _t(zi_ba, dev)
    sigproc.sosfilt(st, xt, zi=zt)
    sigproc.sosfiltfilt(st, xt)
    sigproc.lfilter(*_BA, xt, zi=zb)
    np.testing.assert_array_equal(_np(xt), x)
    np.testing.assert_array_equal(_np(zt), zi)
    np.testing.assert_array_equal(_np(st), sos)
    np.testing.assert_array_equal(_np(zb), zi_ba)


@pytest.mark.parametrize(
    "design",
    [
        lambda: scipy.signal.butter(3, [0.05, 0.08], "bandpass"),
        lambda: scipy.signal.butter(4, 0.2),
        lambda: scipy.signal.cheby1(4, 1, [0.2, 0.3], "bandstop"),
    ],
    ids=["butter3-bandpass", "butter4-low", "cheby1-bandstop"],
)
def test_real_filter_on_complex_signal(where, design):
    # A real (b, a) on complex data: as exact as on its real and imaginary parts.
    b, a = design()
    dev = where[0]
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 5000)) + 1j * rng.standard_normal((2, 5000))
    zi = np.outer([1 + 2j, -0.5j], scipy.signal.lfilter_zi(b, a))
    want, want_zf = scipy.signal.lfilter(b, a, x, zi=zi)
    with trace() as calls:
        got, got_zf = sigproc.lfilter(b, a, _signal(x, where), zi=_t(zi, dev))
    _ran(calls, where)
    scale = np.abs(want).max()
    np.testing.assert_allclose(_np(got), want, rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(_np(got_zf), want_zf, rtol=0, atol=1e-9 * scale)
    want = scipy.signal.filtfilt(b, a, x)
    got = _np(sigproc.filtfilt(b, a, _signal(x, where)))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9 * np.abs(want).max())
