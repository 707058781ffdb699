"""2-D and order filters against SciPy on every array library.

convolve2d, correlate2d, medfilt2d, wiener, order_filter, sepfir2d and
deconvolve: values, dtypes, shapes, edge models and SciPy's errors; torch's
``conv2d`` kernel for convolve2d/correlate2d and its gradients.
"""

import re
import warnings

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc

MODES = ("full", "same", "valid")
BOUNDARIES = ("fill", "wrap", "symm")


def _lib_args(lib, args):
    return [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]


def _check(lib, func, args, kwargs=None, *, rtol=None, atol=None):
    """Run sigproc's `func` on `lib` arrays and SciPy's on NumPy ones; compare; inputs intact."""
    kwargs = kwargs or {}
    host = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    libargs = _lib_args(lib, args)
    got = getattr(sigproc, func)(*libargs, **kwargs)
    want = getattr(scipy.signal, func)(*host, **kwargs)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_close(g, w, like=lib, rtol=rtol, atol=atol)
    else:
        assert_close(got, want, like=lib, rtol=rtol, atol=atol)
    for before, after in zip(host, libargs, strict=True):
        if isinstance(before, np.ndarray):
            assert_unchanged(before, after, lib)
    return got


def _same_error(lib, func, args, kwargs=None):
    """sigproc raises SciPy's exception class, with SciPy's message in its own."""
    kwargs = kwargs or {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy's ComplexWarning before its error
        with pytest.raises(Exception) as scipy_error:
            getattr(scipy.signal, func)(*args, **kwargs)
    kind, message = scipy_error.type, str(scipy_error.value)
    with warnings.catch_warnings(), pytest.raises(kind, match=re.escape(message)):
        warnings.simplefilter("ignore")  # the same warning where SciPy itself runs
        getattr(sigproc, func)(*_lib_args(lib, args), **kwargs)


def _no_float16(lib):
    if lib.module == "array_api_strict":
        pytest.skip("array-api-strict has no float16")


# -- convolve2d, correlate2d ----------------------------------------------------------
@pytest.mark.parametrize("func", ["convolve2d", "correlate2d"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_conv2d_modes_and_boundaries(lib, rng, func, mode, boundary):
    image = rng.standard_normal((6, 8))
    for shape in [(3, 3), (2, 4), (1, 5), (7, 11)]:  # odd, even, a row, larger than the image
        kernel = rng.standard_normal(shape)
        if mode == "valid" and shape == (7, 11):
            _check(lib, func, (kernel, image), {"mode": mode, "boundary": boundary})  # swapped
            continue
        _check(lib, func, (image, kernel), {"mode": mode, "boundary": boundary, "fillvalue": 1.5})
    _check(lib, func, (image[:3, :4], image), {"mode": mode, "boundary": boundary})


@pytest.mark.parametrize("func", ["convolve2d", "correlate2d"])
def test_conv2d_dtypes(lib, rng, func):
    a, k = rng.integers(-100, 100, (5, 7)), rng.integers(-9, 9, (3, 2))
    # integers stay integers and wrap around as in C
    _check(lib, func, (a.astype(np.int8), k.astype(np.int8)), {"mode": "same"})
    _check(lib, func, (a, k), {"boundary": "symm"})
    _check(lib, func, (a.astype(np.int16), k.astype(np.uint8) % 5), {"boundary": "wrap"})
    _check(lib, func, (a.astype(np.float32), k.astype(np.float32)), {"mode": "same"})
    _check(lib, func, (a, k.astype(np.float64) / 3), {"boundary": "wrap"})  # int + float
    z = a + 1j * rng.standard_normal(a.shape)
    _check(lib, func, (z, k + 2j), {"mode": "same", "fillvalue": 1 - 2j})
    _check(lib, func, (z.astype(np.complex64), k.astype(np.float32)), {"boundary": "symm"})
    _check(lib, func, (a.astype(np.float64), k + 1j), {"mode": "valid"})


@pytest.mark.parametrize("func", ["convolve2d", "correlate2d"])
def test_conv2d_aliases_fillvalues_nan_and_empty(lib, rng, func):
    a, k = rng.standard_normal((5, 6)), rng.standard_normal((3, 3))
    for boundary in ("pad", "circular", "symmetric"):
        _check(lib, func, (a, k), {"boundary": boundary, "mode": "same"})
    ai, ki = rng.integers(-9, 9, (4, 5)), rng.integers(-3, 3, (2, 2))
    _check(lib, func, (ai, ki), {"fillvalue": 2.7})  # cast to the output dtype: 2
    _check(lib, func, (a, k), {"fillvalue": np.array([3.0])})
    _check(lib, func, (a, k), {"fillvalue": None})  # NaN, as NumPy casts it
    _check(lib, func, (a, k), {"fillvalue": True, "mode": "same"})
    a[2, 3] = np.nan  # stays local: a direct sum
    _check(lib, func, (a, k), {"mode": "same"})
    _check(lib, func, (a, k), {"boundary": "wrap"})
    _check(lib, func, (np.zeros((0, 3)), k), {"fillvalue": 2.0})
    _check(lib, func, (a, np.zeros((0, 2))), {"mode": "same"})
    _check(lib, func, (a, np.zeros((2, 0))), {"mode": "valid"})


@pytest.mark.parametrize("func", ["convolve2d", "correlate2d"])
def test_conv2d_errors(lib, rng, func):
    a, k = rng.standard_normal((5, 6)), rng.standard_normal((3, 3))
    _same_error(lib, func, (a[0], k[0]))
    _same_error(lib, func, (a, k[None]))
    _same_error(lib, func, (a, k), {"mode": "middle"})
    _same_error(lib, func, (a, k), {"boundary": "mirror"})
    _same_error(lib, func, (a, k), {"boundary": "reflect"})
    _same_error(lib, func, (a[:2], k), {"mode": "valid"})
    _same_error(lib, func, (a > 0, k > 0))
    _same_error(lib, func, (a, k), {"fillvalue": [1.0, 2.0]})
    _same_error(lib, func, (a, k), {"fillvalue": []})
    _same_error(lib, func, (a, k), {"fillvalue": 1j})
    _same_error(lib, func, (a.astype(int), k.astype(int)), {"fillvalue": np.nan})
    _same_error(lib, func, (a.astype(np.uint8), k.astype(np.uint8)), {"fillvalue": -1})


def test_conv2d_float16_refused(lib, rng):
    _no_float16(lib)
    a = rng.standard_normal((4, 4)).astype(np.float16)
    _same_error(lib, "convolve2d", (a, a))
    _same_error(lib, "correlate2d", (a, a.astype(np.int8)))


# -- medfilt2d ------------------------------------------------------------------------
def test_medfilt2d(lib, rng):
    image = rng.standard_normal((7, 9))
    _check(lib, "medfilt2d", (image,))
    for kernel_size in (1, 5, [3, 5], [7, 1], (3, 3, 9), 11):  # 11: larger than the image
        _check(lib, "medfilt2d", (image, kernel_size))
    _check(lib, "medfilt2d", (image.astype(np.float32), [5, 3]))
    _check(lib, "medfilt2d", ((image * 40 + 100).astype(np.uint8), 3))
    _check(lib, "medfilt2d", (image, None))


def test_medfilt2d_other_dtypes_go_through_medfilt(lib, rng):
    image = rng.integers(-50, 50, (6, 7))
    _check(lib, "medfilt2d", (image.astype(np.int16), [3, 5]))
    _check(lib, "medfilt2d", (image[0], 3))  # medfilt takes 1-D input
    with pytest.warns(UserWarning, match="kernel_size exceeds volume extent"):
        got = sigproc.medfilt2d(lib.asarray(image), 9)
    with pytest.warns(UserWarning, match="kernel_size exceeds volume extent"):
        want = scipy.signal.medfilt2d(image, 9)
    assert_close(got, want, like=lib)


def test_medfilt2d_errors(lib, rng):
    image = rng.standard_normal((5, 6))
    _same_error(lib, "medfilt2d", (image, 4))
    _same_error(lib, "medfilt2d", (image, [3, 2]))
    _same_error(lib, "medfilt2d", (image, [3]))
    _same_error(lib, "medfilt2d", (image, 3.0))
    _same_error(lib, "medfilt2d", (image[0], 3))
    _same_error(lib, "medfilt2d", (image[None], 3))
    _same_error(lib, "medfilt2d", (image + 1j, 3))
    _same_error(lib, "medfilt2d", (image > 0, 3))


# -- order_filter ---------------------------------------------------------------------
def test_order_filter(lib, rng):
    a = rng.standard_normal((6, 7))
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    for domain, rank in [(np.eye(3), 0), (np.eye(3), 2), (cross, 2), (np.ones((3, 5)), -1)]:
        _check(lib, "order_filter", (a, domain, rank))
    _check(lib, "order_filter", (a, np.ones((5, 5)) * 0.5, 12))  # nonzero entries count
    _check(lib, "order_filter", (a.astype(np.float32), np.ones((1, 3)), 1))
    _check(lib, "order_filter", ((a * 30).astype(np.int8), np.ones((3, 3)), 7))
    _check(lib, "order_filter", (a[0], np.ones(5), -2))
    _check(lib, "order_filter", (rng.standard_normal((3, 4, 5)), np.ones((3, 1, 3)), 4))
    _check(lib, "order_filter", (a, np.ones((9, 9)), 40))  # larger than the array


def test_order_filter_errors(lib, rng):
    a = rng.standard_normal((5, 6))
    _same_error(lib, "order_filter", (a, np.ones((2, 3)), 1))
    _same_error(lib, "order_filter", (a, np.ones(3), 1))
    _same_error(lib, "order_filter", (a, np.ones((3, 3)), 9))
    _same_error(lib, "order_filter", (a, np.ones((3, 3)), -10))
    _same_error(lib, "order_filter", (a, np.zeros((3, 3)), 0))
    _same_error(lib, "order_filter", (a, np.ones((3, 3)), 1.5))
    _same_error(lib, "order_filter", (a > 0, np.ones((3, 3)), 1))
    _same_error(lib, "order_filter", (a + 1j, np.ones((3, 3)), 1))


# -- wiener ---------------------------------------------------------------------------
def test_wiener(lib, rng):
    image = rng.standard_normal((9, 11))
    _check(lib, "wiener", (image,))
    _check(lib, "wiener", (image, 5))
    _check(lib, "wiener", (image, [3, 4], 0.2))  # even sizes are allowed
    _check(lib, "wiener", (image.astype(np.float32), 3))  # float64 out, as SciPy
    _check(lib, "wiener", ((image * 20).astype(np.int64),))
    _check(lib, "wiener", (image + 1j * rng.standard_normal(image.shape), 3))
    _check(lib, "wiener", (image[0], 5))
    _check(lib, "wiener", (rng.standard_normal((4, 5, 6)), [3, 1, 3]))
    _same_error(lib, "wiener", (image, [3, 3, 3]))


# -- sepfir2d -------------------------------------------------------------------------
def test_sepfir2d(lib, rng):
    image = rng.standard_normal((7, 9))
    h3, h5 = rng.standard_normal(3), rng.standard_normal(5)
    _check(lib, "sepfir2d", (image, h3, h5))
    _check(lib, "sepfir2d", (image, h5, np.ones(1)))
    _check(lib, "sepfir2d", (image, np.ones(1), np.array([1.0, 4.0, 1.0]) / 6))
    _check(
        lib, "sepfir2d", (image.astype(np.float32), h3.astype(np.float32), np.ones(7, np.float32))
    )
    _check(
        lib, "sepfir2d", ((image * 9).astype(np.int8), h3.astype(np.float32), h3.astype(np.float32))
    )
    _check(lib, "sepfir2d", ((image * 9).astype(np.int64), h3, h5))
    z = image + 1j * rng.standard_normal(image.shape)
    _check(lib, "sepfir2d", (z, h3 + 1j, h5))
    _check(lib, "sepfir2d", (z.astype(np.complex64), h3.astype(np.float32), np.ones(1, np.float32)))


def test_sepfir2d_longer_than_the_image(lib, rng):
    # SciPy's C code reads outside the image here; ours keeps mirroring, which is
    # convolve2d's 'symm' boundary with the outer product of the filters.
    image, hrow, hcol = rng.standard_normal((3, 4)), rng.standard_normal(9), rng.standard_normal(7)
    got = sigproc.sepfir2d(lib.asarray(image), lib.asarray(hrow), lib.asarray(hcol))
    want = scipy.signal.convolve2d(image, np.outer(hcol, hrow), mode="same", boundary="symm")
    assert_close(got, want, like=lib)


def test_sepfir2d_errors(lib, rng):
    image, h = rng.standard_normal((5, 6)), np.ones(3)
    _same_error(lib, "sepfir2d", (image, h[:2], h))
    _same_error(lib, "sepfir2d", (image, h, np.ones(4)))
    _same_error(lib, "sepfir2d", (image, h[None], h))
    _same_error(lib, "sepfir2d", (image[0], h, h))
    _same_error(lib, "sepfir2d", (image[None], h, h))
    _same_error(lib, "sepfir2d", (image, h + 1j, h))


def test_sepfir2d_float64_taps_on_float32_images(lib, rng):
    # SciPy takes them as lists (cast to float32) and refuses them as float64 arrays;
    # sigproc cannot tell the two apart after dispatch and takes both, as lists.
    image, h = rng.standard_normal((5, 6)).astype(np.float32), [0.5, 1.0, 0.5]
    got = sigproc.sepfir2d(lib.asarray(image), np.asarray(h), np.asarray(h))
    assert_close(got, scipy.signal.sepfir2d(image, h, h), like=lib)


# -- deconvolve -----------------------------------------------------------------------
def test_deconvolve(lib, rng):
    divisor = np.array([2.0, 1.0, -0.5])
    signal = np.convolve(divisor, rng.standard_normal(12)) + 0.01 * rng.standard_normal(14)
    quotient, remainder = _check(lib, "deconvolve", (signal, divisor))
    assert_close(sigproc.convolve(lib.asarray(divisor), quotient) + remainder, signal, like=lib)
    _check(lib, "deconvolve", (signal.astype(np.float32), divisor.astype(np.float32)))
    _check(lib, "deconvolve", (np.array([0, 2, 1, 0, 2, 3, 1, 0, 0]), np.array([2, 1])))
    _check(lib, "deconvolve", (signal + 1j * signal[::-1], divisor))
    _check(lib, "deconvolve", (signal[:3], divisor))
    _check(lib, "deconvolve", (np.array(3.0), np.array(2.0)))
    signal[5] = np.nan  # reaches the quotient and remainder from there on
    _check(lib, "deconvolve", (signal, divisor), atol=1e-13)


def test_deconvolve_divisor_longer_than_signal(lib):
    signal = np.array([1, 2])
    quotient, remainder = sigproc.deconvolve(lib.asarray(signal), np.array([2.0, 1.0, 3.0]))
    if lib.module == "numpy" and lib.backend == "numpy":
        assert quotient == []  # SciPy's own result
    else:
        assert_close(quotient, np.zeros(0), like=lib)  # an empty float64 array
    assert_close(remainder, signal, like=lib)


def test_deconvolve_errors(lib):
    _same_error(lib, "deconvolve", (np.array([1.0, 2.0]), np.array([0.0, 1.0])))
    _same_error(lib, "deconvolve", (np.array([1.0, 2.0]), np.zeros(0)))
    _same_error(lib, "deconvolve", (np.zeros(0), np.array([1.0])))
    _same_error(lib, "deconvolve", (np.ones((2, 3)), np.array([1.0])))


# -- torch: conv2d kernel and gradients -----------------------------------------------
@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def test_torch_runs_conv2d_where_it_is_faster(torch):
    image, kernel = torch.ones((20, 20)), torch.ones((9, 9))  # float32, 81 taps
    for func in (sigproc.convolve2d, sigproc.correlate2d):
        chosen = sigproc.which_backend(func, image, kernel, boundary="wrap")
        assert (chosen.backend, chosen.native) == ("torch", True)
        for other in (image.double(), image.to(torch.int64)):  # the portable direct sum
            chosen = sigproc.which_backend(func, other, kernel.to(other.dtype))
            assert (chosen.backend, chosen.native) == ("torch", False), other.dtype
        chosen = sigproc.which_backend(func, image, kernel[:3, :3])  # 9 taps
        assert not chosen.native
        chosen = sigproc.which_backend(func, image[:2, :2], kernel, mode="valid")
        assert not chosen.native  # swapped: the 4-sample image is the kernel


def test_torch_conv2d_single_precision(lib, rng):
    # 81 taps: torch runs conv2d on the CPU
    image, kernel = rng.standard_normal((12, 15)), rng.standard_normal((9, 9))
    for func in ("convolve2d", "correlate2d"):
        for mode in MODES:
            args = (image.astype(np.float32), kernel.astype(np.float32))
            _check(lib, func, args, {"mode": mode, "boundary": "symm"})
        z = (image + 1j * image[::-1]).astype(np.complex64)
        _check(lib, func, (z, kernel.astype(np.complex64) * 1j), {"fillvalue": 2})


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_torch_gradcheck_conv2d(torch, rng, mode, boundary):
    from sigproc.backends.torch import _filters2d as native  # the conv2d kernel itself

    image = torch.asarray(rng.standard_normal((5, 6)), requires_grad=True)
    kernel = torch.asarray(rng.standard_normal((3, 2)), requires_grad=True)
    z = torch.asarray(rng.standard_normal((2, 2)) + 1j * rng.standard_normal((2, 2)))
    z.requires_grad_(True)
    # the public functions (float64 on the CPU: the portable sum) and torch's conv2d
    for module in (sigproc, native):
        for func in (module.convolve2d, module.correlate2d):
            call = lambda a, k, f=func: f(a, k, mode, boundary, 0.5)  # noqa: E731
            assert torch.autograd.gradcheck(call, (image, kernel))
        call = lambda a, k, m=module: m.correlate2d(a, k, mode, boundary)  # noqa: E731
        assert torch.autograd.gradcheck(call, (image, z))
