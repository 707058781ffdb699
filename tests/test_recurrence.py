"""The portable IIR engine (``sigproc._core.recurrence``) on its own terms.

Block boundaries, every realisation (one system per sos cascade, a modal section,
the FIR part with all-pole sections, the two-pass and refined high orders), the
states, NaN and inf, accuracy against an extended-precision reference for poles
near z = 1, and the kernel cache (keyed on values, bounded, thread-safe). The
portable path runs on NumPy, array-api-strict and torch CPU tensors.
"""

import collections
import threading

import numpy as np
import pytest
import scipy.signal

import sigproc
from sigproc._core import recurrence

xs = pytest.importorskip("array_api_strict")
torch = pytest.importorskip("torch")

PORTABLE = {
    "numpy": np.asarray,
    "strict": xs.asarray,
    "torch": lambda v: torch.asarray(np.array(v)),
}


@pytest.fixture(params=list(PORTABLE))
def put(request):
    """The portable backend, forced, on arrays made by the returned function."""
    with sigproc.set_backend("array_api", only=True):
        yield PORTABLE[request.param]


def _np(v):
    if hasattr(v, "detach"):
        v = v.detach()
    return np.asarray(v)


def _close(got, want, rtol=1e-10):
    got, want = _np(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    finite = np.isfinite(want)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    scale = np.abs(want[finite]).max() if finite.any() else 0.0
    np.testing.assert_allclose(got[finite], want[finite], rtol=rtol, atol=rtol * scale)


def _sos_reference(sos, x):
    """Sosfilt in extended precision, section by section (SciPy's lfilter, long double)."""
    y = x.astype(np.longdouble)
    for s in sos.astype(np.longdouble):
        y = scipy.signal.lfilter(s[:3], s[3:], y)
    return y


def _error(y, reference):
    return float(np.max(np.abs(_np(y) - reference)) / np.max(np.abs(reference)))


FILTERS = {
    "sos8": ("sos", scipy.signal.butter(8, 0.15, output="sos")),
    "sos16": ("sos", scipy.signal.ellip(16, 0.5, 70, 0.2, output="sos")),  # 8 sections: one pass
    "sos9": ("sos", scipy.signal.cheby1(9, 0.5, 0.3, output="sos")),  # 5 sections, 1 first-order
    "first": ("ba", ([0.5, 0.5], [2.0, -0.9])),
    "order2": ("ba", scipy.signal.butter(2, 0.1)),
    "order4": ("ba", scipy.signal.butter(4, 0.1)),  # FIR part + all-pole sections, one system
    "order7": ("ba", scipy.signal.cheby1(7, 0.5, 0.3)),  # an odd order: one real pole
    "order10": ("ba", scipy.signal.butter(10, 0.3)),  # two passes
    "fir": ("ba", (scipy.signal.firwin(11, 0.3), [1.0])),
    "fir-long": ("ba", (scipy.signal.firwin(40, 0.3), [1.0])),  # device kernels
    "zero-feedback": ("ba", ([1.0, 2.0, 3.0], [1.0, 0.0, 0.0])),
}


def _filter(kind, coefficients, x, zi=None, put=np.asarray):
    if kind == "sos":
        if zi is None:
            return sigproc.sosfilt(coefficients, put(x))
        return sigproc.sosfilt(coefficients, put(x), zi=put(zi))
    b, a = coefficients
    if zi is None:
        return sigproc.lfilter(b, a, put(x))
    return sigproc.lfilter(b, a, put(x), zi=put(zi))


def _scipy(kind, coefficients, x, zi=None):
    func = scipy.signal.sosfilt if kind == "sos" else scipy.signal.lfilter
    args = (coefficients,) if kind == "sos" else tuple(coefficients)
    return func(*args, x) if zi is None else func(*args, x, zi=zi)


def _states_shape(kind, coefficients, rows):
    if kind == "sos":
        return (len(coefficients), rows, 2)
    b, a = coefficients
    return (rows, max(len(a), len(b)) - 1)


# -- values and states at block boundaries ---------------------------------------------------
@pytest.mark.parametrize("name", list(FILTERS))
def test_matches_scipy_across_block_boundaries(put, rng, name):
    kind, coefficients = FILTERS[name]
    for n in (1, 5, 31, 32, 33, 64, 65, 257, 1000):  # blocks of 32 and 64, ragged tails
        x = rng.standard_normal((2, n))
        _close(_filter(kind, coefficients, x, put=put), _scipy(kind, coefficients, x))
        zi = rng.standard_normal(_states_shape(kind, coefficients, 2))
        y, zf = _filter(kind, coefficients, x, zi, put=put)
        y0, zf0 = _scipy(kind, coefficients, x, zi)
        _close(y, y0)
        _close(zf, zf0)


@pytest.mark.parametrize("name", ["sos16", "order4", "order10", "fir-long"])
def test_chunks_carry_the_state(rng, name):
    # filtering in pieces with the final states equals filtering at once
    kind, coefficients = FILTERS[name]
    x = rng.standard_normal((3, 5003))
    zi = np.zeros(_states_shape(kind, coefficients, 3))
    with sigproc.set_backend("array_api", only=True):
        y, zf = _filter(kind, coefficients, x, zi)
        parts, z = [], zi
        for piece in np.array_split(x, [1, 40, 41, 2000], axis=1):
            out, z = _filter(kind, coefficients, piece, z)
            parts.append(out)
    _close(np.concatenate(parts, axis=1), y, rtol=1e-11)
    _close(z, zf, rtol=1e-11)


def test_unstable_filter_runs_as_scipy(put):
    # poles outside the unit circle (as cspline1d's anti-causal pass has before its flip):
    # the scan must not form powers beyond the signal, which would overflow
    b, a = [1.0, 0.0, 0.0], [1.0, 12.5, 70.0]
    x = np.linspace(-1.0, 1.0, 48)
    _close(sigproc.lfilter(b, a, put(x)), scipy.signal.lfilter(b, a, x))


# -- accuracy near z = 1 ---------------------------------------------------------------------
def test_sosfilt_near_one_against_extended_precision(put, rng):
    sos = scipy.signal.butter(8, 0.001, output="sos")
    x = rng.standard_normal((2, 20000))
    reference = _sos_reference(sos, x)
    ours = _error(sigproc.sosfilt(sos, put(x)), reference)
    theirs = _error(scipy.signal.sosfilt(sos, x), reference)
    assert ours <= 2 * theirs, (ours, theirs)


def test_lfilter_near_one_against_extended_precision(put, rng):
    b, a = scipy.signal.butter(4, 2e-4)
    x = rng.standard_normal((2, 20000))
    reference = scipy.signal.lfilter(b.astype(np.longdouble), a.astype(np.longdouble), x)
    ours = _error(sigproc.lfilter(b, a, put(x)), reference)
    theirs = _error(scipy.signal.lfilter(b, a, x), reference)
    assert ours <= 2 * theirs, (ours, theirs)


@pytest.mark.parametrize(
    "design",
    [lambda: scipy.signal.butter(10, 0.05), lambda: scipy.signal.butter(20, 0.3)],
    ids=["butter10", "butter20"],
)
@pytest.mark.parametrize("path", ["roots", "refined"])
def test_high_orders_against_extended_precision(rng, monkeypatch, design, path):
    # two passes from the exact roots; with those refused, the float64-factored
    # sections and one step of refinement with the exact `a`
    if path == "refined":
        monkeypatch.setattr(recurrence, "_MAX_ROOTS", 0)
    b, a = design()
    x = rng.standard_normal((2, 6000))
    zi = rng.standard_normal((2, len(a) - 1))
    ext = [v.astype(np.longdouble) for v in (b, a, x, zi)]
    reference, zf_reference = scipy.signal.lfilter(*ext[:3], zi=ext[3])
    with sigproc.set_backend("array_api", only=True):
        y, zf = sigproc.lfilter(b, a, x, zi=zi)
    y0, zf0 = scipy.signal.lfilter(b, a, x, zi=zi)
    assert _error(y, reference) <= 2 * _error(y0, reference)
    assert _error(zf, zf_reference) <= 2 * _error(zf0, zf_reference) + 1e-14


# -- dtypes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sos8", "order4", "first"])
def test_float32_and_complex(put, rng, name):
    kind, coefficients = FILTERS[name]
    x = rng.standard_normal((2, 300))
    c32 = (
        coefficients.astype(np.float32)
        if kind == "sos"
        else tuple(np.asarray(c, np.float32) for c in coefficients)
    )
    got = _np(_filter(kind, c32, x.astype(np.float32), put=put))
    want = _scipy(kind, c32, x.astype(np.float32))
    exact = _scipy(kind, c32, x)
    assert got.dtype == np.float32
    tol = max(1e-4 * np.abs(exact).max(), 2 * np.abs(want - exact).max())
    np.testing.assert_allclose(got, exact, rtol=0, atol=tol)
    xc = x + 1j * rng.standard_normal(x.shape)
    _close(_filter(kind, coefficients, xc, put=put), _scipy(kind, coefficients, xc))


# -- NaN and inf -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sos8", "order2", "order4", "order10", "fir", "zero-feedback"])
def test_non_finite_samples_stay_causal(put, rng, name):
    kind, coefficients = FILTERS[name]
    x = rng.standard_normal((3, 300))
    x[0, 100] = np.nan
    x[1, 50], x[1, 200] = np.inf, -np.inf
    with np.errstate(all="ignore"):
        want = _scipy(kind, coefficients, x)
        got = _filter(kind, coefficients, x, put=put)
    tol = 1e-8 if name == "order10" else 1e-10  # SciPy's own error for butter(10) in (b, a)
    _close(got, want, rtol=tol)


# -- the kernel cache ------------------------------------------------------------------------
@pytest.fixture
def fresh_cache(monkeypatch):
    """An empty kernel cache; returns the list of systems built into it."""
    monkeypatch.setattr(recurrence, "_CACHE", collections.OrderedDict())
    built = []
    real = recurrence._Kernels

    class Counting(real):
        def __init__(self, system, L):
            built.append(L)
            super().__init__(system, L)

    monkeypatch.setattr(recurrence, "_Kernels", Counting)
    return built


def test_cache_keys_on_values_not_on_arrays(rng, fresh_cache):
    sos = scipy.signal.butter(8, 0.15, output="sos")
    x = rng.standard_normal((2, 500))
    with sigproc.set_backend("array_api", only=True):
        first = sigproc.sosfilt(sos, x)
        again = sigproc.sosfilt(sos.copy(), x)  # equal values, another array: no new kernels
        assert len(fresh_cache) == 1
        np.testing.assert_array_equal(first, again)
        sos[0, 4] += 0.01  # the same array, new values: new kernels
        changed = sigproc.sosfilt(sos, x)
    assert len(fresh_cache) == 2
    _close(changed, scipy.signal.sosfilt(sos, x))


def test_cache_is_bounded_and_keeps_device_copies(rng, fresh_cache, monkeypatch):
    monkeypatch.setattr(recurrence, "_CACHE_SIZE", 2)
    x = rng.standard_normal(300)
    with sigproc.set_backend("array_api", only=True):
        for cutoff in (0.1, 0.2, 0.3):
            sigproc.sosfilt(scipy.signal.butter(4, cutoff, output="sos"), x)
        assert len(recurrence._CACHE) == 2
        # float32 values: the same kernels serve float64 and float32 signals
        sos = scipy.signal.butter(4, 0.3, output="sos").astype(np.float32)
        sigproc.sosfilt(sos.astype(np.float64), x)
        sigproc.sosfilt(sos, x.astype(np.float32))
        sigproc.sosfilt(sos.astype(np.float64), xs.asarray(x))
    kernels = list(recurrence._CACHE.values())[-1]
    assert len(fresh_cache) == 4 and len(recurrence._CACHE) == 2
    assert len(kernels._devices) == 3  # per library and dtype


def test_cache_is_thread_safe(rng, fresh_cache):
    designs = [scipy.signal.butter(k, 0.1 * k, output="sos") for k in (2, 4, 6, 8)]
    x = rng.standard_normal((2, 2000))
    want = [scipy.signal.sosfilt(sos, x) for sos in designs]
    errors, barrier = [], threading.Barrier(4)

    def work(i):
        try:
            barrier.wait()
            with sigproc.set_backend("array_api", only=True):
                for k in range(8):
                    j = (i + k) % 4
                    _close(sigproc.sosfilt(designs[j], x), want[j])
        except Exception as exc:  # reported below, in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(recurrence._CACHE) == 4


# -- traced arrays ---------------------------------------------------------------------------
def test_under_jax_jit():
    # no data-dependent Python control flow: a traced signal, and traced coefficients
    # (kernels built on the device then), give SciPy's values
    jax = pytest.importorskip("jax")
    previous = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", True)
    try:
        sos = scipy.signal.butter(8, 0.1, output="sos")
        b, a = scipy.signal.butter(2, 0.2)
        x = np.random.default_rng(0).standard_normal((2, 300))

        def run(v, bb, aa):
            with sigproc.set_backend("array_api", only=True):
                return sigproc.sosfilt(sos, v), sigproc.lfilter(bb, aa, v)

        y, z = jax.jit(run)(jax.numpy.asarray(x), jax.numpy.asarray(b), jax.numpy.asarray(a))
        _close(y, scipy.signal.sosfilt(sos, x))
        _close(z, scipy.signal.lfilter(b, a, x))
    finally:
        jax.config.update("jax_enable_x64", previous)


def test_coefficients_with_gradients_stay_on_the_graph():
    # Host-built kernels would cut torch coefficients off the autograd graph.
    b, a = scipy.signal.butter(3, 0.2)
    sos = scipy.signal.butter(2, 0.2, output="sos")
    x = torch.randn(2, 100, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    bt = torch.tensor(b, requires_grad=True)
    at = torch.tensor(a, requires_grad=True)
    free = torch.tensor(np.delete(sos, 3, axis=1), requires_grad=True)  # a0 stays 1

    def sos_of(free):
        ones = torch.ones(free.shape[0], 1, dtype=free.dtype)
        return torch.cat([free[:, :3], ones, free[:, 3:]], 1)

    with sigproc.set_backend("array_api", only=True):
        assert torch.autograd.gradcheck(lambda b, a: sigproc.lfilter(b, a, x), (bt, at))
        assert torch.autograd.gradcheck(lambda f: sigproc.sosfilt(sos_of(f), x), (free,))
