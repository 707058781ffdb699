"""sigproc.fft against scipy.fft on every array library."""

import inspect

import numpy as np
import pytest
import scipy.fft
from conftest import assert_close, assert_unchanged

import sigproc
from sigproc import fft as spfft

ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
N_D = ["fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn"]
REAL_ONLY = {"rfft", "ihfft", "rfft2", "rfftn"}


def _unannotated(func):
    """The signature of `func` without annotations: SciPy's functions have none."""
    sig = inspect.signature(func)
    return sig.replace(
        parameters=[p.replace(annotation=p.empty) for p in sig.parameters.values()],
        return_annotation=sig.empty,
    )


def _input(rng, shape, dtype):
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


@pytest.mark.parametrize("name", ONE_D)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_one_d_matches_scipy(lib, rng, name, axis):
    x = _input(rng, (6, 5, 7), np.float64)
    xin = lib.asarray(x)
    assert_close(
        getattr(spfft, name)(xin, axis=axis), getattr(scipy.fft, name)(x, axis=axis), like=lib
    )
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("name", ONE_D)
@pytest.mark.parametrize("n", [4, 9, 16])
@pytest.mark.parametrize("norm", [None, "backward", "ortho", "forward"])
def test_one_d_length_and_norm(lib, rng, name, n, norm):
    x = _input(rng, (2, 8), np.float64)
    got = getattr(spfft, name)(lib.asarray(x), n=n, norm=norm)
    assert_close(got, getattr(scipy.fft, name)(x, n=n, norm=norm), like=lib)


DTYPES = [np.float32, np.complex64, np.complex128, np.int32, np.bool_]
# Complex input to a real transform: test_complex_input_to_real_transform.
DTYPE_CASES = [
    (name, dtype)
    for name in ONE_D + N_D
    for dtype in DTYPES
    if not (name in REAL_ONLY and np.dtype(dtype).kind == "c")
]


@pytest.mark.parametrize(("name", "dtype"), DTYPE_CASES)
def test_dtype_rules(lib, rng, name, dtype):
    if dtype is np.bool_:
        x = rng.random((4, 6)) > 0.5
    elif np.dtype(dtype).kind == "i":
        x = (10 * rng.standard_normal((4, 6))).astype(dtype)
    else:
        x = _input(rng, (4, 6), dtype)
    xin = lib.asarray(x)
    assert_close(getattr(spfft, name)(xin), getattr(scipy.fft, name)(x), like=lib)
    assert_unchanged(x, xin, lib)


SHAPES = [
    (None, None),
    ((4, 6), None),
    (None, (0, 2)),
    ((3, 8), (2, 0)),
    ((5,), (1,)),
    ((-1, 4), (0, 1)),
]
N_D_CASES = [
    (name, s, axes)
    for name in N_D
    for s, axes in SHAPES
    if not (name.endswith("2") and axes is not None and len(axes) != 2)  # 2-D: two axes
]


@pytest.mark.parametrize(("name", "s", "axes"), N_D_CASES)
def test_n_d_matches_scipy(lib, rng, name, s, axes):
    x = _input(rng, (4, 5, 6), np.complex128 if name not in REAL_ONLY else np.float64)
    kwargs = {"s": s} if axes is None else {"s": s, "axes": axes}
    xin = lib.asarray(x)
    assert_close(
        getattr(spfft, name)(xin, **kwargs), getattr(scipy.fft, name)(x, **kwargs), like=lib
    )
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("name", N_D)
def test_n_d_norm(lib, rng, name):
    x = _input(rng, (4, 6), np.float64)
    for norm in ("ortho", "forward"):
        got = getattr(spfft, name)(lib.asarray(x), norm=norm)
        assert_close(got, getattr(scipy.fft, name)(x, norm=norm), like=lib)


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
@pytest.mark.parametrize("axes", [None, 0, 1, (0, 1), [-1]])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.complex128])
def test_shifts(lib, rng, name, axes, dtype):
    x = _input(rng, (5, 6), np.complex128 if dtype is np.complex128 else np.float64)
    x = (10 * x).astype(dtype)
    xin = lib.asarray(x)
    assert_close(
        getattr(spfft, name)(xin, axes=axes), getattr(scipy.fft, name)(x, axes=axes), like=lib
    )
    assert_unchanged(x, xin, lib)


def test_round_trips(lib, rng):
    x = rng.standard_normal((3, 10))
    xin = lib.asarray(x)
    assert_close(spfft.irfft(spfft.rfft(xin), n=10), x, like=lib)
    assert_close(spfft.ifft(spfft.fft(xin)), x.astype(np.complex128), like=lib)
    assert_close(spfft.ifftshift(spfft.fftshift(xin)), x, like=lib)


def test_float32_precision(lib, rng):
    x = rng.standard_normal((2, 64)).astype(np.float32)
    got = spfft.rfft(lib.asarray(x), n=100)
    assert_close(got, scipy.fft.rfft(x, n=100), like=lib, rtol=1e-4)


def test_workers_and_overwrite_are_accepted(lib, rng):
    x = rng.standard_normal(16)
    xin = lib.asarray(x)
    got = spfft.fft(xin, overwrite_x=False, workers=2)
    assert_close(got, scipy.fft.fft(x), like=lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda x: spfft.fft(x, n=0), ValueError, "invalid number of data points"),
        (lambda x: spfft.irfft(x[..., :1]), ValueError, "nvalid number of data points"),
        (lambda x: spfft.fft(x, norm="bad"), ValueError, "Invalid norm value"),
        (lambda x: spfft.fftn(x, axes=(0, 0)), ValueError, "axes must be unique"),
        (lambda x: spfft.fftn(x, s=(3, 2), axes=(0,)), ValueError, "same length"),
        (lambda x: spfft.fftn(x, s=(0, 3)), ValueError, "invalid number of data points"),
        (lambda x: spfft.fft(x, axis=2), IndexError, None),
        (lambda x: spfft.fftshift(x, axes=3), IndexError, None),
        (lambda x: spfft.fftn(x, s=(2, 2, 2)), ValueError, "more axes"),
        (lambda x: spfft.fft(x, plan=object()), NotImplementedError, "plan"),
    ],
)
def test_errors(lib, call, error, match):
    x = lib.asarray(np.ones((2, 8)))
    with pytest.raises(error, match=match):  # the numpy lib shows SciPy's own error
        call(x)


@pytest.mark.parametrize("name", sorted(REAL_ONLY))
def test_complex_input_to_real_transform(lib, name):
    x = lib.asarray(np.ones((4, 4), dtype=np.complex128))
    with pytest.raises(TypeError, match="real"):
        getattr(spfft, name)(x)


def test_dispatch_follows_the_signal(lib):
    backend = sigproc.which_backend(spfft.rfft, lib.asarray(np.ones(8))).backend
    assert backend == lib.backend


@pytest.mark.parametrize("name", ["fftfreq", "rfftfreq"])
@pytest.mark.parametrize("n", [1, 8, 9])
def test_frequencies(name, n):
    got = getattr(spfft, name)(n, d=0.25)
    np.testing.assert_array_equal(got, getattr(scipy.fft, name)(n, d=0.25))
    assert isinstance(got, np.ndarray)


def test_frequencies_in_another_library():
    torch = pytest.importorskip("torch")
    got = spfft.fftfreq(8, d=0.5, xp=torch, device="cpu")
    assert isinstance(got, torch.Tensor)
    np.testing.assert_allclose(got.numpy(), scipy.fft.fftfreq(8, d=0.5), rtol=1e-6)
    array_api_strict = pytest.importorskip("array_api_strict")
    got = spfft.rfftfreq(9, xp=array_api_strict)
    np.testing.assert_allclose(np.asarray(got), scipy.fft.rfftfreq(9))


@pytest.mark.parametrize("target", [1, 7, 97, 1000, 1025])
@pytest.mark.parametrize("real", [False, True])
def test_next_fast_len(target, real):
    assert spfft.next_fast_len(target, real) == scipy.fft.next_fast_len(target, real)


def test_next_fast_len_rejects_bad_target():
    with pytest.raises(ValueError):
        spfft.next_fast_len(-1)


def test_signatures_match_scipy():
    # Names, order, kinds and defaults; our annotations are for type checkers only.
    for name in spfft.__all__:
        assert _unannotated(getattr(spfft, name)) == _unannotated(getattr(scipy.fft, name)), name
