"""JAX-native IIR filters: SciPy's values eagerly and under jit, hard filters, grad, vmap, NaN."""

import numpy as np
import pytest
import scipy.signal

import sigproc

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
from jax.test_util import check_grads  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def x64():
    """float64 for this module only: the previous setting comes back afterwards."""
    previous = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", previous)


def _close(got, want, rtol=1e-9):
    assert isinstance(got, jax.Array)
    want = np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    scale = np.nanmax(np.abs(want)) if want.size else 1.0
    np.testing.assert_allclose(np.asarray(got), want, rtol=rtol, atol=rtol * scale)


SOS = scipy.signal.butter(4, 0.2, output="sos")
BA = {
    "fir": ([1.0, -0.5, 0.25], [1.0]),
    "order1": ([0.5, 0.5], [1.0, -0.3]),
    "order2": scipy.signal.butter(2, 0.3),
    "butter8": scipy.signal.butter(8, 0.2),
    "zero-feedback": ([1.0, 2.0, 3.0], [1.0, 0.0, 0.0]),
}


@pytest.mark.parametrize(
    "func, args",
    [
        (sigproc.lfilter, BA["order1"]),
        (sigproc.sosfilt, (SOS,)),
        (sigproc.filtfilt, BA["order1"]),
        (sigproc.sosfiltfilt, (SOS,)),
    ],
)
def test_native_path(func, args):
    selection = sigproc.which_backend(func, *args, jnp.zeros(100))
    assert selection.backend == "jax" and selection.native is True


def _modes(f, compiled):
    return jax.jit(f) if compiled else f


@pytest.mark.parametrize(
    "name, compiled",
    [(name, False) for name in BA] + [(name, True) for name in BA if name != "order1"],
)
def test_lfilter(rng, name, compiled):
    b, a = BA[name]
    m = max(len(a), len(b)) - 1
    x = rng.standard_normal((3, 517))
    zi = rng.standard_normal((3, m))
    f = _modes(lambda v, z: sigproc.lfilter(b, a, v, zi=z), compiled)
    y, zf = f(jnp.asarray(x), jnp.asarray(zi))
    want, zf_want = scipy.signal.lfilter(b, a, x, zi=zi)
    _close(y, want)
    _close(zf, zf_want)
    g = _modes(lambda v: sigproc.lfilter(b, a, v), compiled)
    _close(g(jnp.asarray(x)), scipy.signal.lfilter(b, a, x))


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "jit"])
@pytest.mark.parametrize("n", [1, 63, 4099])
def test_sosfilt(rng, n, compiled):
    sos = scipy.signal.ellip(6, 0.5, 50, 0.1, output="sos")
    x = rng.standard_normal((2, n))
    zi = rng.standard_normal((3, 2, 2))
    f = _modes(lambda v, z: sigproc.sosfilt(sos, v, zi=z), compiled)
    y, zf = f(jnp.asarray(x), jnp.asarray(zi))
    want, zf_want = scipy.signal.sosfilt(sos, x, zi=zi)
    _close(y, want)
    _close(zf, zf_want)


@pytest.mark.parametrize(
    "padtype, compiled", [("odd", False), ("odd", True), ("even", True), (None, True)]
)
def test_zero_phase(rng, padtype, compiled):
    x = rng.standard_normal((2, 300))
    # Coefficients as concrete JAX arrays: filtfilt's padding and initial states are
    # planned on their values (the core computes them on the host).
    b, a = (jnp.asarray(v) for v in BA["butter8"])
    sos = jnp.asarray(SOS)
    f = _modes(lambda v: sigproc.filtfilt(b, a, v, padtype=padtype), compiled)
    _close(f(jnp.asarray(x)), scipy.signal.filtfilt(*BA["butter8"], x, padtype=padtype))
    g = _modes(lambda v: sigproc.sosfiltfilt(sos, v, padtype=padtype), compiled)
    _close(g(jnp.asarray(x)), scipy.signal.sosfiltfilt(SOS, x, padtype=padtype))


def test_filtfilt_gust(rng):
    x = rng.standard_normal((2, 200))
    b, a = BA["order2"]
    _close(
        sigproc.filtfilt(b, a, jnp.asarray(x), method="gust"),
        scipy.signal.filtfilt(b, a, x, method="gust"),
    )


def _extended(sos, x):
    """SciPy's sosfilt in long double: a reference with more digits than float64."""
    return scipy.signal.sosfilt(sos.astype(np.longdouble), x.astype(np.longdouble)).astype(float)


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "jit"])
@pytest.mark.parametrize(
    "sos, n",
    [
        (scipy.signal.butter(8, 0.01, output="sos"), 20_000),
        (scipy.signal.butter(4, 2e-4, output="sos"), 100_003),  # poles 1e-3 from z = 1
        (np.array([[1.0, 0.5, 0.2, 1.0, -1.8, 0.81], [1.0, 0, 0, 1.0, -0.5, 0]]), 3_000),
    ],
    ids=["butter8-0.01", "butter4-2e-4", "double-pole"],
)
def test_sosfilt_hard_filters(rng, sos, n, compiled):
    if np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps:
        pytest.skip("long double is float64 here: no extended-precision reference")
    x = rng.standard_normal((2, n))
    ref = _extended(sos, x)
    scale = np.abs(ref).max()
    scipy_error = np.abs(scipy.signal.sosfilt(sos, x) - ref).max() / scale
    f = _modes(lambda v: sigproc.sosfilt(sos, v), compiled)
    error = np.abs(np.asarray(f(jnp.asarray(x))) - ref).max() / scale
    assert error <= max(scipy_error, 1e-14)


def test_lfilter_traced_denominator_high_order(rng):
    # A traced `a` of order > 2 cannot be factored on the host: SciPy's recursion runs.
    b, a = BA["butter8"]
    x = rng.standard_normal((2, 300))
    y = jax.jit(lambda a_, v: sigproc.lfilter(b, a_, v))(jnp.asarray(a), jnp.asarray(x))
    _close(y, scipy.signal.lfilter(b, a, x))


@pytest.mark.parametrize("axis", [0, -1])
def test_axis(rng, axis):
    x = rng.standard_normal((40, 50, 3))
    _close(sigproc.sosfilt(SOS, jnp.asarray(x), axis=axis), scipy.signal.sosfilt(SOS, x, axis=axis))
    b, a = BA["butter8"]
    _close(
        sigproc.lfilter(b, a, jnp.asarray(x), axis=axis), scipy.signal.lfilter(b, a, x, axis=axis)
    )
    zi = rng.standard_normal((SOS.shape[0], *np.moveaxis(x, axis, 0)[:2].shape))
    zi = np.moveaxis(zi, 1, axis + 1 if axis >= 0 else axis)
    y, zf = sigproc.sosfilt(SOS, jnp.asarray(x), axis=axis, zi=jnp.asarray(zi))
    want, zf_want = scipy.signal.sosfilt(SOS, x, axis=axis, zi=zi)
    _close(y, want)
    _close(zf, zf_want)


def test_complex(rng):
    compiled = True  # the eager paths are the same kernels
    x = rng.standard_normal((2, 300)) + 1j * rng.standard_normal((2, 300))
    f = _modes(lambda v: sigproc.sosfilt(SOS, v), compiled)
    _close(f(jnp.asarray(x)), scipy.signal.sosfilt(SOS, x))
    b, a = BA["butter8"]
    g = _modes(lambda v: sigproc.lfilter(b, a, v), compiled)
    _close(g(jnp.asarray(x)), scipy.signal.lfilter(b, a, x))
    bc, ac = np.array([1.0, 0.5j, 0.2]), np.array([1.0, -0.5 + 0.3j, 0.1])
    h = _modes(lambda v: sigproc.lfilter(bc, ac, v), compiled)
    _close(h(jnp.asarray(x)), scipy.signal.lfilter(bc, ac, x))
    sos_c = np.concatenate((bc, ac))[None, :]
    k = _modes(lambda v: sigproc.sosfilt(sos_c, v), compiled)
    _close(k(jnp.asarray(x.real)), scipy.signal.sosfilt(sos_c, x.real))


def test_float32(rng):
    x = rng.standard_normal((2, 500)).astype(np.float32)
    y = sigproc.sosfilt(SOS.astype(np.float32), jnp.asarray(x))
    _close(y, scipy.signal.sosfilt(SOS.astype(np.float32), x), rtol=1e-4)


def test_errors(rng):
    x = jnp.asarray(rng.standard_normal(100))
    with pytest.raises(ValueError, match="sos array must be shape"):
        sigproc.sosfilt(np.ones((2, 5)), x)
    with pytest.raises(ValueError, match="finite"):
        sigproc.sosfilt(np.array([[1.0, np.nan, 0, 1, 0, 0]]), x)
    with pytest.raises(ValueError, match="a\\[0\\]"):
        sigproc.lfilter([1.0], [0.0, 1.0], x)
    with pytest.raises(ValueError, match="Invalid zi shape"):
        sigproc.sosfilt(SOS, x, zi=jnp.zeros((3, 2)))
    # under jit the shapes are still checked
    with pytest.raises(ValueError, match="sos array must be shape"):
        jax.jit(lambda s, v: sigproc.sosfilt(s, v))(jnp.ones((2, 5)), x)


# -- NaN and inf: causal as SciPy's recursion ------------------------------------------------
def _with_bad(rng, value):
    x = rng.standard_normal((3, 400))
    x[1, 150] = value
    x[2, 390] = value
    return x


@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "jit"])
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_nan_causality(rng, value, compiled):
    x = _with_bad(rng, value)
    f = _modes(lambda v: sigproc.sosfilt(SOS, v), compiled)
    got, want = np.asarray(f(jnp.asarray(x))), scipy.signal.sosfilt(SOS, x)
    # the samples before each bad one are SciPy's, exactly as the finite rows
    np.testing.assert_allclose(got[1, :150], want[1, :150], rtol=1e-9)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-9)
    assert not np.isfinite(got[1, 150:]).any() and not np.isfinite(got[2, 390:]).any()
    if not compiled or value != value:  # eagerly (and for NaN under jit): SciPy's exact values
        np.testing.assert_allclose(got, want, rtol=1e-9, equal_nan=True)
    g = _modes(lambda v: sigproc.lfilter(*BA["fir"], v), compiled)  # a FIR forgets it
    np.testing.assert_allclose(
        np.asarray(g(jnp.asarray(x))), scipy.signal.lfilter(*BA["fir"], x), equal_nan=True
    )


# -- transformations ----------------------------------------------------------------------------
def _jit(f):
    """check_grads on the compiled function: a few large compilations, not many small ones."""
    return jax.jit(lambda *args: f(*args))


def test_vmap_sosfilt(rng):
    x = rng.standard_normal((5, 200))
    y = jax.vmap(lambda row: sigproc.sosfilt(SOS, row))(jnp.asarray(x))
    _close(y, scipy.signal.sosfilt(SOS, x))
    zi = rng.standard_normal((5, SOS.shape[0], 2))
    y, zf = jax.vmap(lambda row, z: sigproc.sosfilt(SOS, row, zi=z))(
        jnp.asarray(x), jnp.asarray(zi)
    )
    want = [scipy.signal.sosfilt(SOS, x[k], zi=zi[k]) for k in range(5)]
    _close(y, np.stack([w[0] for w in want]))
    _close(zf, np.stack([w[1] for w in want]))


def test_grad_sosfilt(rng):
    x = jnp.asarray(rng.standard_normal(70))
    zi = jnp.asarray(rng.standard_normal((SOS.shape[0], 2)))
    w = jnp.asarray(rng.standard_normal(70))
    # all coefficients but a0 (fixed at 1 by sosfilt's contract)
    ba = jnp.asarray(np.delete(SOS, 3, axis=1))

    def loss(ba, x, zi):
        ba = jnp.asarray(ba)
        sos = jnp.concatenate((ba[:, :3], jnp.ones((ba.shape[0], 1)), ba[:, 3:]), axis=1)
        y, zf = sigproc.sosfilt(sos, jnp.asarray(x), zi=jnp.asarray(zi))
        return jnp.sum(w * y) + jnp.sum(zf**2)

    check_grads(_jit(loss), (ba, x, zi), order=1, modes=("fwd", "rev"))


GRAD_BA = {
    "order2": BA["order2"],
    "order3": ([1.0, 0.3, 0.2, 0.1], [1.0, -0.5, 0.2, -0.1]),  # traced a: lax.scan
    "fir": BA["fir"],
}


@pytest.mark.parametrize("name", list(GRAD_BA))
def test_grad_lfilter(rng, name):
    b, a = (jnp.asarray(v) for v in GRAD_BA[name])
    m = max(a.shape[0], b.shape[0]) - 1
    x = jnp.asarray(rng.standard_normal(60))
    zi = jnp.asarray(rng.standard_normal(m))
    w = jnp.asarray(rng.standard_normal(60))

    def loss(b, a, x, zi):
        args = (jnp.asarray(v) for v in (b, a, x))
        y, zf = sigproc.lfilter(*args, zi=jnp.asarray(zi))
        return jnp.sum(w * y) + jnp.sum(zf**2)

    check_grads(_jit(loss), (b, a, x, zi), order=1, modes=("fwd", "rev"))


def test_grad_sosfiltfilt_signal(rng):
    x = jnp.asarray(rng.standard_normal(80))
    sos = jnp.asarray(SOS)
    check_grads(
        _jit(lambda v: jnp.sum(sigproc.sosfiltfilt(sos, jnp.asarray(v)) ** 2)),
        (x,),
        order=1,
        modes=("fwd", "rev"),
    )
