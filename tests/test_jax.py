"""Every public function on JAX arrays (x64), eagerly and under jax.jit, against SciPy.

Also: jax.grad (``check_grads``, order 1, reverse mode) for the differentiable
functions, jax.vmap over a batch axis, and SciPy's value checks, which run on
concrete values and are skipped (documented) under tracing.
"""

import functools
import warnings

import numpy as np
import pytest
import scipy.signal

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
from jax.test_util import check_grads  # noqa: E402
from test_architecture import _calls  # noqa: E402

import sigproc  # noqa: E402
import sigproc.fft  # noqa: E402
from sigproc._core.arrays import holds, is_concrete, known  # noqa: E402
from sigproc.dispatch._multimethod import registry  # noqa: E402


@pytest.fixture(autouse=True, scope="module")
def _x64():
    previous = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", previous)


# Output shapes that depend on the data: no jit by nature. They must refuse tracers clearly.
NOT_JITTABLE = {
    "find_peaks": "the number of peaks depends on the data",
    "find_peaks_cwt": "the number of peaks depends on the data",
    "argrelextrema": "the number of extrema depends on the data",
    "argrelmin": "the number of extrema depends on the data",
    "argrelmax": "the number of extrema depends on the data",
    "peak_prominences": "host bookkeeping on the peak indices",
    "peak_widths": "host bookkeeping on the peak indices",
    "ranged_aggregate": "the covered span is read from the coordinates",
}
# Host coefficients stay concrete under jit (JaxBackend.convert), so only these remain:
# with their coefficients traced, the analog frequency grid (SciPy's findfreqs, from the
# roots of b and a) cannot be chosen.
JIT_NEEDS_CONCRETE_COEFFICIENTS = {"freqs", "freqs_zpk"}
# Tolerances where SciPy's result is less well-conditioned than rtol 1e-9 allows.
RTOL = {"deconvolve": 1e-7, "lsim": 1e-7, "dlsim": 1e-7}
METHODS = {"ShortTimeFFT.stft", "ShortTimeFFT.spectrogram", "ShortTimeFFT.istft"}


def _to_jax(v):
    return jnp.asarray(np.asarray(v))


NAMES = sorted(_calls(np.asarray))  # the jax calls are built under x64, in the tests


@functools.cache
def _jax_calls():
    return _calls(_to_jax)


def _assert_like(actual, expected, rtol, name):
    if isinstance(expected, tuple | list):
        assert len(actual) == len(expected), name
        for a, e in zip(actual, expected, strict=True):
            _assert_like(a, e, rtol, name)
    elif isinstance(expected, dict):
        assert actual.keys() == expected.keys(), name
        for k in expected:
            _assert_like(actual[k], expected[k], rtol, name)
    elif isinstance(expected, np.ndarray):
        assert isinstance(actual, jax.Array), (name, type(actual))
        assert actual.shape == expected.shape, name
        assert np.dtype(actual.dtype) == expected.dtype, (name, actual.dtype, expected.dtype)
        e = expected.astype(np.float64) if expected.dtype.kind in "biu" else expected
        scale = np.max(np.abs(e)) if e.size else 0.0
        np.testing.assert_allclose(
            np.asarray(actual), expected, rtol=rtol, atol=1e-12 * max(scale, 1.0), err_msg=name
        )
    else:  # a Python or NumPy scalar, a string
        a = actual.item() if isinstance(actual, jax.Array) else actual
        if isinstance(expected, str):
            assert a == expected, name
        else:
            np.testing.assert_allclose(a, expected, rtol=rtol, err_msg=name)


def _numpy(v):
    return np.asarray(v) if isinstance(v, jax.Array) else v


def test_every_public_function_has_a_call():
    names = set(sigproc.dispatch.support_table()) - METHODS
    names = {n for n in names if not n.startswith("dispatch_")}
    assert names - set(NAMES) == set()


@pytest.mark.parametrize("name", NAMES)
def test_eager_and_jit_against_scipy(name):
    func = registry[name]
    args, kwargs = _jax_calls()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy's own warnings (BadCoefficients, ...)
        expected = func(*map(_numpy, args), **kwargs)  # NumPy arrays: SciPy
        eager = func(*args, **kwargs)
    rtol = RTOL.get(name, 1e-9)
    _assert_like(eager, expected, rtol, name)
    traced = [i for i, a in enumerate(args) if isinstance(a, jax.Array)]
    result = {}

    def run(*values):
        full = list(args)
        for i, v in zip(traced, values, strict=True):
            full[i] = v
        out = func(*full, **kwargs)
        if isinstance(out, str):  # choose_conv_method: a host answer, not an array
            result["str"] = out
            return values[0]
        return out

    values = [args[i] for i in traced]
    if name in NOT_JITTABLE:
        with pytest.raises(TypeError, match="cannot run on traced arrays"):
            jax.jit(run)(*values)
        return
    if name in JIT_NEEDS_CONCRETE_COEFFICIENTS:
        with pytest.raises(TypeError):
            jax.jit(run)(*values)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jitted = jax.jit(run)(*values)
    _assert_like(result.get("str", jitted), expected, rtol, f"{name} under jit")


# -- jax.grad ------------------------------------------------------------------------------
def _real(out):
    out = out[-1] if isinstance(out, tuple) else out  # (f, Pxx), (f, t, Zxx), (t, x)
    if jnp.iscomplexobj(out):
        return jnp.concatenate((jnp.real(out).ravel(), jnp.imag(out).ravel()))
    return out


_x = np.random.default_rng(1).standard_normal(48)
_y = np.random.default_rng(2).standard_normal(48)
_z = scipy.signal.stft(np.random.default_rng(3).standard_normal(64), nperseg=16)[2]
GRADS = {
    "welch": (_x, lambda v: sigproc.welch(v, nperseg=16)),
    "csd": (_x, lambda v: sigproc.csd(jnp.asarray(v), jnp.asarray(_y), nperseg=16)),
    "stft": (_x, lambda v: sigproc.stft(v, nperseg=16)),
    "istft": (_z, lambda v: sigproc.istft(v, nperseg=16)),
    "fftconvolve": (_x, lambda v: sigproc.fftconvolve(jnp.asarray(v), jnp.asarray(_y[:5]))),
    "resample_poly": (_x, lambda v: sigproc.resample_poly(v, 2, 3)),
    "savgol_filter": (_x, lambda v: sigproc.savgol_filter(v, 7, 2)),
    "decimate": (_x, lambda v: sigproc.decimate(v, 4)),
    "hilbert": (_x, lambda v: sigproc.hilbert(v)),
}


@pytest.mark.parametrize("name", sorted(GRADS))
def test_grad(name):
    x, f = GRADS[name]
    check_grads(lambda v: _real(f(v)), (jnp.asarray(x),), order=1, modes=["rev"])


def test_grad_of_decimate_under_jit():
    # The designed `sos` is sigproc's own: never refused as a foreign coefficient.
    x = jnp.asarray(_x)
    g = jax.jit(jax.grad(lambda v: jnp.sum(sigproc.decimate(v, 4) ** 2)))(x)
    assert g.shape == x.shape and bool(jnp.all(jnp.isfinite(g)))


# -- jax.vmap ------------------------------------------------------------------------------
_batch = np.random.default_rng(4).standard_normal((3, 128))


def test_vmap_welch():
    got = jax.vmap(lambda v: sigproc.welch(v, nperseg=32)[1])(jnp.asarray(_batch))
    np.testing.assert_allclose(got, scipy.signal.welch(_batch, nperseg=32)[1], rtol=1e-9)


def test_vmap_stft():
    got = jax.vmap(lambda v: sigproc.stft(v, nperseg=32)[2])(jnp.asarray(_batch))
    np.testing.assert_allclose(got, scipy.signal.stft(_batch, nperseg=32)[2], atol=1e-12)


def test_vmap_sosfilt():
    sos = scipy.signal.butter(4, 0.2, output="sos")
    got = jax.vmap(lambda v: sigproc.sosfilt(sos, v))(jnp.asarray(_batch))
    np.testing.assert_allclose(got, scipy.signal.sosfilt(sos, _batch), rtol=1e-9, atol=1e-12)


# -- value checks: on concrete values, skipped under tracing ------------------------------
def test_is_concrete():
    x = jnp.ones(3)
    assert is_concrete(x) and is_concrete(np.ones(3))
    seen = []

    @jax.jit
    def f(v):
        seen.append((is_concrete(v), holds(v[0] > 5), known(v[0] > 0)))
        return v

    f(x)
    assert seen == [(False, True, False)]
    assert holds(jnp.asarray(False)) is False and known(jnp.asarray(True)) is True


def test_nonfinite_coefficients_refused_eagerly_skipped_under_jit():
    sos = scipy.signal.butter(2, 0.2, output="sos")
    sos[0, 1] = np.nan
    x = jnp.asarray(_x)
    with pytest.raises(ValueError, match="finite"):
        sigproc.sosfilt(jnp.asarray(sos), x)
    with pytest.raises(ValueError, match="finite"):
        sigproc.lfilter([1.0, np.inf], [1.0], x)
    y = jax.jit(lambda v: sigproc.sosfilt(sos, v))(x)  # no check: NaN out, documented
    assert bool(jnp.all(jnp.isnan(y[1:])))  # y[0] = b0 x[0] does not meet b1


def test_nola_warns_eagerly_not_under_jit():
    z = jnp.asarray(_z)
    kwargs = {"nperseg": 16, "noverlap": 0, "window": "hann"}  # hann without overlap: no NOLA
    with pytest.warns(UserWarning, match="NOLA"):
        sigproc.istft(z, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, x = jax.jit(lambda v: sigproc.istft(v, **kwargs))(z)
    with pytest.warns(UserWarning, match="NOLA"):
        expected = scipy.signal.istft(np.asarray(z), **kwargs)[1]
    np.testing.assert_allclose(x, expected, atol=1e-12)


def test_nan_causality_eager_and_under_jit():
    b, a = scipy.signal.butter(3, 0.2)
    x = _x.copy()
    x[30] = np.nan
    expected = scipy.signal.lfilter(b, a, x)
    eager = sigproc.lfilter(b, a, jnp.asarray(x))
    np.testing.assert_allclose(eager, expected, rtol=1e-9, atol=1e-12)  # SciPy's causality
    jitted = jax.jit(lambda v: sigproc.lfilter(b, a, v))(jnp.asarray(x))
    # under jit a NaN may reach earlier samples of its block; from it on, all NaN as SciPy
    assert bool(jnp.all(jnp.isnan(jitted[30:])))


# -- eager overhead ------------------------------------------------------------------------
def test_rfft_passes_no_default_arguments_to_jax(monkeypatch):
    # jax.numpy pads for any `s` and scales for any `norm`: 3x the cost of a small rfft.
    seen = []
    original = jnp.fft.rfftn

    def spy(x, *args, **kwargs):
        seen.append(sorted(kwargs))
        return original(x, *args, **kwargs)

    monkeypatch.setattr(jnp.fft, "rfftn", spy)
    x = jnp.asarray(_x)
    np.testing.assert_allclose(sigproc.fft.rfft(x), np.fft.rfft(_x), rtol=1e-12)
    np.testing.assert_allclose(sigproc.fft.rfft(x, 64), np.fft.rfft(_x, 64), rtol=1e-12)
    np.testing.assert_allclose(
        sigproc.fft.rfft(x, norm="ortho"), np.fft.rfft(_x, norm="ortho"), rtol=1e-12
    )
    assert seen == [["axes"], ["axes", "s"], ["axes", "norm"]]


def test_short_time_fft_methods_under_jit_and_grad():
    # The class lives on the host; its transforms dispatch on the (traced) signal.
    x = np.random.default_rng(3).standard_normal(2000)
    win = scipy.signal.windows.hann(64, sym=False)
    ours, theirs = sigproc.ShortTimeFFT(win, 16, fs=1.0), scipy.signal.ShortTimeFFT(win, 16, fs=1.0)
    S = jax.jit(ours.stft)(jnp.asarray(x))
    np.testing.assert_allclose(np.asarray(S), theirs.stft(x), rtol=1e-9, atol=1e-12)
    back = jax.jit(lambda Z: ours.istft(Z, k1=x.size))(S)
    np.testing.assert_allclose(np.asarray(back), x, rtol=1e-9, atol=1e-12)
    power = jax.jit(ours.spectrogram)(jnp.asarray(x))
    want = theirs.spectrogram(x)
    np.testing.assert_allclose(np.asarray(power), want, rtol=1e-9, atol=1e-12 * want.max())
    check_grads(lambda v: jnp.sum(jnp.abs(ours.stft(v)) ** 2), (jnp.asarray(x[:300]),), 1, ["rev"])
