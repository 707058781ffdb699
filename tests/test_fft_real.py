"""The rest of sigproc.fft against scipy.fft on every array library.

DCT/DST of types 1-4 (one axis and n-D), the n-D Hermitian transforms, the fast
Hankel transform and the host helpers (``fhtoffset``, ``prev_fast_len``,
``get_workers``/``set_workers``); SciPy's errors; gradients on torch.
"""

import inspect
import warnings

import numpy as np
import pytest
import scipy.fft
from conftest import assert_close, assert_unchanged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sigproc
from sigproc import fft as spfft

TRIG = ["dct", "idct", "dst", "idst"]
TRIG_N = ["dctn", "idctn", "dstn", "idstn"]
HERMITIAN = ["hfft2", "ihfft2", "hfftn", "ihfftn"]
NORMS = [None, "backward", "ortho", "forward"]
NEW = [*TRIG, *TRIG_N, *HERMITIAN, "fht", "ifht", "fhtoffset", "prev_fast_len"]
NEW += ["get_workers", "set_workers"]


def _signal(rng, shape, dtype=np.float64):
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    elif np.dtype(dtype).kind in "iu":
        x = 10 * x
    elif np.dtype(dtype).kind == "b":
        x = x > 0
    return x.astype(dtype)


def _both(name, x, lib, *args, **kwargs):
    """sigproc's result on `lib` and SciPy's on NumPy, for one call."""
    return getattr(spfft, name)(lib.asarray(x), *args, **kwargs), getattr(scipy.fft, name)(
        x, *args, **kwargs
    )


# -- DCT / DST ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRIG)
@pytest.mark.parametrize("type", [1, 2, 3, 4])
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("orthogonalize", [None, True, False])
def test_trig_matches_scipy(lib, rng, name, type, norm, orthogonalize):
    x = _signal(rng, (5, 7))
    for axis, n in [(-1, None), (0, 9), (1, 4), (0, 2)]:
        kwargs = dict(type=type, n=n, axis=axis, norm=norm, orthogonalize=orthogonalize)
        xin = lib.asarray(x)
        got = getattr(spfft, name)(xin, **kwargs)
        assert_close(got, getattr(scipy.fft, name)(x, **kwargs), like=lib)
        assert_unchanged(x, xin, lib)


N_D_CASES = [
    (None, None),
    ((3, 8), (0, 2)),
    ((5,), (1,)),
    (None, (0,)),
    ((-1, 2), None),
    (4, -1),
    (None, (2, 0)),
]


@pytest.mark.parametrize("name", TRIG_N)
@pytest.mark.parametrize("type", [1, 2, 3, 4])
@pytest.mark.parametrize(("s", "axes"), N_D_CASES)
def test_trig_n_d_matches_scipy(lib, rng, name, type, s, axes):
    x = _signal(rng, (4, 5, 6))
    for norm, orthogonalize in [(None, None), ("ortho", None), ("ortho", False), ("forward", True)]:
        kwargs = dict(type=type, s=s, axes=axes, norm=norm, orthogonalize=orthogonalize)
        xin = lib.asarray(x)
        assert_close(
            getattr(spfft, name)(xin, **kwargs), getattr(scipy.fft, name)(x, **kwargs), like=lib
        )
        assert_unchanged(x, xin, lib)


TRIG_DTYPES = [np.float32, np.float16, np.int32, np.bool_, np.complex64, np.complex128]


@pytest.mark.parametrize("name", TRIG + TRIG_N)
@pytest.mark.parametrize("dtype", TRIG_DTYPES)
def test_trig_dtype_rules(lib, rng, name, dtype):
    if dtype is np.float16 and lib.module == "array_api_strict":
        pytest.skip("array-api-strict has no float16")
    x = _signal(rng, (4, 6), dtype)
    for type in (1, 2, 3, 4):
        got, want = _both(name, x, lib, type=type)
        assert_close(got, want, like=lib)


@pytest.mark.parametrize("name", TRIG + TRIG_N)
def test_complex_input_ignores_orthogonalize_as_scipy(lib, rng, name):
    # SciPy's pocketfft wrapper drops `orthogonalize` for complex input: each part gets
    # the default for `norm`. Same result on every backend.
    x = _signal(rng, (3, 8), np.complex128)
    for norm, orthogonalize in [("ortho", False), (None, True)]:
        got, want = _both(name, x, lib, type=2, norm=norm, orthogonalize=orthogonalize)
        assert_close(got, want, like=lib)


@pytest.mark.parametrize("name", TRIG_N)
def test_trig_n_d_without_axes_returns_x(lib, name):
    x = np.arange(12, dtype=np.int64).reshape(3, 4)
    xin = lib.asarray(x)
    got = getattr(spfft, name)(xin, axes=())
    assert_close(got, getattr(scipy.fft, name)(x, axes=()), like=lib)  # unconverted: int64
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize(("forward", "inverse"), [("dct", "idct"), ("dst", "idst")])
@pytest.mark.parametrize("type", [1, 2, 3, 4])
@pytest.mark.parametrize("norm", NORMS)
def test_trig_round_trips(lib, rng, forward, inverse, type, norm):
    x = _signal(rng, (3, 9))
    for orthogonalize in (None, True, False):
        kwargs = dict(type=type, norm=norm, orthogonalize=orthogonalize)
        y = getattr(spfft, forward)(lib.asarray(x), **kwargs)
        assert_close(getattr(spfft, inverse)(y, **kwargs), x, like=lib)
    y = getattr(spfft, forward + "n")(lib.asarray(x), type=type, norm=norm)
    assert_close(getattr(spfft, inverse + "n")(y, type=type, norm=norm), x, like=lib)


def test_trig_orthonormal_matrices(lib):
    # norm="ortho" with the default orthogonalization: the transform matrix is orthogonal.
    eye = np.eye(6)
    for name in ("dct", "dst"):
        for type in (1, 2, 3, 4):
            m = lib.to_numpy(getattr(spfft, name)(lib.asarray(eye), type=type, norm="ortho"))
            np.testing.assert_allclose(m @ m.T, eye, atol=1e-12)


def test_trig_workers_and_overwrite_are_accepted(lib, rng):
    x = _signal(rng, (2, 16))
    want = scipy.fft.dct(x, 3)
    assert_close(spfft.dct(lib.asarray(x), 3, overwrite_x=True, workers=2), want, like=lib)
    want = scipy.fft.idstn(x, 2, None, None, "ortho", False, 2, orthogonalize=False)
    # positional orthogonalize: SciPy 1.17's idstn backend rejects it, sigproc does not
    got = spfft.idstn(lib.asarray(x), 2, None, None, "ortho", False, 2, False)
    assert_close(got, want, like=lib)


TRIG_ERRORS = [
    (lambda x: spfft.dct(x, type=5), ValueError, "invalid DCT type"),
    (lambda x: spfft.idst(x, type=0), ValueError, "invalid DST type"),
    (lambda x: spfft.dctn(x, type=7), ValueError, "invalid DCT type"),
    (lambda x: spfft.dct(x, type=2.0), TypeError, None),
    (lambda x: spfft.dst(x, n=0), ValueError, "invalid number of data points"),
    (lambda x: spfft.idct(x, n=-1), ValueError, "invalid number of data points"),
    (lambda x: spfft.dct(x[:, :0]), ValueError, "invalid number of data points"),
    (lambda x: spfft.dct(x, axis=2), IndexError, None),
    (lambda x: spfft.dst(x, norm="bad"), ValueError, "Invalid norm value"),
    (lambda x: spfft.dctn(x, norm="bad"), ValueError, "Invalid norm value"),
    (lambda x: spfft.dctn(x, axes=(0, 0)), ValueError, "axes must be unique"),
    (lambda x: spfft.dstn(x, s=(3, 2), axes=(0,)), ValueError, "same length"),
    (lambda x: spfft.idctn(x, axes=(2,)), ValueError, "axes exceeds dimensionality"),
    (lambda x: spfft.idstn(x, s=(2, 2, 2)), ValueError, "more axes"),
    (lambda x: spfft.dctn(x, s=(0, 3)), ValueError, "invalid number of data points"),
    (lambda x: spfft.dct(x, type=1, n=1), RuntimeError, "zero-length FFT"),
    (lambda x: spfft.idct(x[:, :1], type=1), RuntimeError, "zero-length FFT"),
    (lambda x: spfft.dctn(x, type=1, s=(1, 3)), RuntimeError, "zero-length FFT"),
]


@pytest.mark.parametrize(("call", "error", "match"), TRIG_ERRORS)
def test_trig_errors(lib, call, error, match):
    with pytest.raises(error, match=match):  # the numpy lib shows SciPy's own error
        call(lib.asarray(np.ones((2, 8))))


def test_one_point_type_1_dst_is_defined(lib):
    x = np.array([[1.5], [-2.0]])
    got, want = _both("dst", x, lib, type=1, norm="ortho")
    assert_close(got, want, like=lib)


@st.composite
def trig_calls(draw):
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(2, 7)) for _ in range(ndim))
    axes = draw(st.lists(st.integers(-ndim, ndim - 1), max_size=ndim, unique_by=lambda a: a % ndim))
    s = [draw(st.sampled_from([-1, 2, 3, 8])) for _ in axes] if draw(st.booleans()) else None
    options = dict(
        type=draw(st.integers(1, 4)),
        s=s,
        axes=axes or None,
        norm=draw(st.sampled_from(NORMS)),
        orthogonalize=draw(st.sampled_from([None, True, False])),
    )
    return draw(st.sampled_from(TRIG_N)), shape, draw(st.integers(0, 2**32 - 1)), options


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(call=trig_calls())
def test_trig_n_d_property(lib, call):
    name, shape, seed, options = call
    x = _signal(np.random.default_rng(seed), shape)
    got, want = _both(name, x, lib, **options)
    assert_close(got, want, like=lib)


# -- Hermitian n-D transforms ------------------------------------------------------------

HERMITIAN_CASES = [
    (None, None),
    ((4, 6), None),
    (None, (0, 2)),
    ((3, 8), (2, 0)),
    ((5,), (1,)),
    ((-1, 4), (0, 1)),
]


@pytest.mark.parametrize("name", HERMITIAN)
@pytest.mark.parametrize(("s", "axes"), HERMITIAN_CASES)
def test_hermitian_matches_scipy(lib, rng, name, s, axes):
    if name.endswith("2") and axes is not None and len(axes) != 2:
        pytest.skip("the 2-D transforms take two axes")
    x = _signal(rng, (4, 5, 6), np.complex128 if name.startswith("h") else np.float64)
    kwargs = {"s": s} if axes is None else {"s": s, "axes": axes}
    for norm in NORMS:
        xin = lib.asarray(x)
        got, want = (
            getattr(spfft, name)(xin, norm=norm, **kwargs),
            getattr(scipy.fft, name)(x, norm=norm, **kwargs),
        )
        assert_close(got, want, like=lib)
        assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("name", HERMITIAN)
@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.int16, np.bool_])
def test_hermitian_dtype_rules(lib, rng, name, dtype):
    if name.startswith("i") and np.dtype(dtype).kind == "c":
        pytest.skip("complex input to ihfft*: test_hermitian_errors")
    got, want = _both(name, _signal(rng, (4, 6), dtype), lib)
    assert_close(got, want, like=lib)


def test_hermitian_round_trip(lib, rng):
    x = _signal(rng, (3, 4, 10))
    y = spfft.ihfftn(lib.asarray(x))
    assert_close(spfft.hfftn(y, s=x.shape), x, like=lib)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda x: spfft.hfftn(x, axes=()), ValueError, "at least 1 axis"),
        (lambda x: spfft.ihfftn(x, axes=()), ValueError, "at least 1 axis"),
        (lambda x: spfft.hfft2(x, s=(2, 0)), ValueError, "invalid number of data points"),
        (lambda x: spfft.ihfft2(x, axes=(1, 1)), ValueError, "axes must be unique"),
        (lambda x: spfft.hfftn(x, norm="bad"), ValueError, "Invalid norm value"),
        (lambda x: spfft.ihfftn(x * 1j), TypeError, "real"),
        (lambda x: spfft.hfft2(x, plan=object()), NotImplementedError, "plan"),
    ],
)
def test_hermitian_errors(lib, call, error, match):
    with pytest.raises(error, match=match):
        call(lib.asarray(np.ones((3, 8))))


@pytest.mark.parametrize("name", ["rfftn", "irfftn"])
def test_real_n_d_without_axes_is_an_error(lib, name):
    with pytest.raises(ValueError, match="at least 1 axis"):
        getattr(spfft, name)(lib.asarray(np.ones((3, 4))), axes=())


def test_complex_n_d_without_axes_returns_x(lib):
    x = np.ones((3, 4))
    assert_close(spfft.fftn(lib.asarray(x), axes=()), scipy.fft.fftn(x, axes=()), like=lib)


# -- fast Hankel transform ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["fht", "ifht"])
@pytest.mark.parametrize("n", [1, 8, 63])
@pytest.mark.parametrize("mu", [0.0, 0.5, -1.3, 2.0])
@pytest.mark.parametrize("bias", [0.0, 0.6, -0.4])
def test_fht_matches_scipy(lib, rng, name, n, mu, bias):
    x = _signal(rng, (2, n))
    for offset in (0.0, 0.7):
        xin = lib.asarray(x)
        got, want = _both(name, x, lib, 0.05, mu, offset=offset, bias=bias)
        assert_close(got, want, like=lib)
        assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("name", ["fht", "ifht"])
@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int32])
@pytest.mark.parametrize("bias", [0.0, 0.3])
def test_fht_dtype_rules(lib, rng, name, dtype, bias):
    if dtype is np.float16 and lib.module == "array_api_strict":
        pytest.skip("array-api-strict has no float16")
    got, want = _both(name, _signal(rng, (16,), dtype), lib, 0.1, 0.5, bias=bias)
    assert_close(got, want, like=lib)


def test_fht_round_trip(lib, rng):
    a = _signal(rng, (3, 64))
    dln, mu, bias = 0.04, 0.7, 0.1
    offset = spfft.fhtoffset(dln, mu, initial=0.2, bias=bias)
    big = spfft.fht(lib.asarray(a), dln, mu, offset=offset, bias=bias)
    assert_close(spfft.ifht(big, dln, mu, offset=offset, bias=bias), a, like=lib, rtol=1e-7)


@pytest.mark.parametrize(
    ("name", "mu", "bias", "message"),
    [("fht", -3.5, 0.5, "singular transform"), ("ifht", -2.5, 0.5, "singular inverse")],
)
def test_fht_singular_warns(lib, rng, name, mu, bias, message):
    x = _signal(rng, (16,))
    with pytest.warns(UserWarning, match=message):
        want = getattr(scipy.fft, name)(x, 0.1, mu, bias=bias)
    with pytest.warns(UserWarning, match=message) as record:
        got = getattr(spfft, name)(lib.asarray(x), 0.1, mu, bias=bias)
    if lib.backend != "numpy":  # sigproc's own warning points at the caller
        assert record[0].filename == __file__
    assert_close(got, want, like=lib)


def test_fht_regular_special_cases_do_not_warn(lib, rng):
    x = lib.asarray(_signal(rng, (16,)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spfft.fht(x, 0.1, -4.0, bias=1.0)
        spfft.fht(x, 0.1, -2.5, bias=0.5)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda a: spfft.fht(a * 1j, 0.1, 0.5), TypeError),
        (lambda a: spfft.ifht(a[..., :0], 0.1, 0.5), ValueError),
    ],
)
def test_fht_errors(lib, call, error):
    with pytest.raises(error):
        call(lib.asarray(np.ones((2, 8))))


# -- dispatch, torch gradients -----------------------------------------------------------


@pytest.mark.parametrize("name", ["dct", "idstn", "hfftn", "ihfft2", "fht"])
def test_dispatch_follows_the_signal(lib, name):
    args = (0.1, 0.5) if name == "fht" else ()
    chosen = sigproc.which_backend(getattr(spfft, name), lib.asarray(np.ones((4, 8))), *args)
    assert chosen.backend == lib.backend
    if lib.backend == "torch":  # torch has Hermitian kernels, no DCT and no FFTLog
        assert chosen.native is name.startswith(("hfft", "ihfft"))


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize("name", ["dct", "idct"])
def test_torch_gradcheck_type_2(torch, rng, name):
    x = torch.asarray(rng.standard_normal((2, 5)), requires_grad=True)
    func = getattr(spfft, name)
    assert torch.autograd.gradcheck(lambda v: func(v), x)
    assert torch.autograd.gradcheck(lambda v: func(v, norm="ortho", orthogonalize=True), x)


@pytest.mark.parametrize("name", ["dct", "idct", "dst", "idst", "dctn", "idstn"])
@pytest.mark.parametrize("type", [1, 2, 3, 4])
def test_torch_gradcheck_every_type(torch, rng, name, type):
    # fast_mode: one random projection of the Jacobian, enough to catch a broken graph
    x = torch.asarray(rng.standard_normal((2, 5)), requires_grad=True)
    func = getattr(spfft, name)
    assert torch.autograd.gradcheck(lambda v: func(v, type, norm="ortho"), x, fast_mode=True)


def test_torch_gradcheck_hermitian_and_fht(torch, rng):
    z = torch.asarray(_signal(rng, (3, 4), np.complex128), requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: spfft.hfftn(v, s=(3, 6)), z, fast_mode=True)
    a = torch.asarray(rng.standard_normal((2, 8)), requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: spfft.ihfft2(v, norm="ortho"), a, fast_mode=True)
    assert torch.autograd.gradcheck(lambda v: spfft.fht(v, 0.1, 0.5, bias=0.2), a, fast_mode=True)


# -- host functions ----------------------------------------------------------------------


@pytest.mark.parametrize("target", [1, 7, 97, 1000, 1025])
@pytest.mark.parametrize("real", [False, True])
def test_prev_fast_len(target, real):
    assert spfft.prev_fast_len(target, real) == scipy.fft.prev_fast_len(target, real)


def test_prev_fast_len_rejects_bad_target():
    with pytest.raises(ValueError, match="positive"):
        spfft.prev_fast_len(-1)
    with pytest.raises(TypeError):
        spfft.prev_fast_len(1.5)


@pytest.mark.parametrize("bias", [0.0, 0.8, -0.8])
@pytest.mark.parametrize("initial", [0.0, 0.5, -2.0])
def test_fhtoffset(bias, initial):
    got = spfft.fhtoffset(0.1, 0.3, initial=initial, bias=bias)
    assert type(got) is float
    assert got == scipy.fft.fhtoffset(0.1, 0.3, initial=initial, bias=bias)


def test_set_workers_controls_scipy_and_the_numpy_backend(monkeypatch):
    before = spfft.get_workers()
    assert before == scipy.fft.get_workers()
    seen = []
    real_rfft = scipy.fft.rfft

    def spy(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
        seen.append(scipy.fft.get_workers() if workers is None else workers)
        return real_rfft(x, n, axis, norm, overwrite_x, workers, plan=plan)

    monkeypatch.setattr(scipy.fft, "rfft", spy)  # the numpy backend reads scipy.fft at call time
    with spfft.set_workers(3):
        assert spfft.get_workers() == scipy.fft.get_workers() == 3
        spfft.rfft(np.ones(8))
    assert seen == [3]
    assert spfft.get_workers() == before
    with pytest.raises(ValueError), spfft.set_workers(0):
        pass


def test_signatures_match_scipy():
    def bare(func):
        sig = inspect.signature(func)
        params = [p.replace(annotation=p.empty) for p in sig.parameters.values()]
        return sig.replace(parameters=params, return_annotation=sig.empty)

    for name in NEW:
        assert name in spfft.__all__
        assert bare(getattr(spfft, name)) == bare(getattr(scipy.fft, name)), name
