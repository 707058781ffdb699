"""B-splines and symmetric IIR filters against SciPy on every array library.

symiirorder1/2 (start values cut where SciPy's C code cuts them, for every
precision), the 1-D and 2-D spline coefficients, spline_filter, gauss_spline
and the evaluation of 1-D splines: values, dtypes, shapes and SciPy's errors.
"""

import math
import re
import warnings

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc

PRECISIONS = (-1.0, 0.5, 1e-3, 1e-8)


def _lib_args(lib, args):
    return [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]


def _check(lib, func, args, kwargs=None, *, rtol=None):
    """Run sigproc's `func` on `lib` arrays and SciPy's on NumPy ones; compare; inputs intact."""
    kwargs = kwargs or {}
    host = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    libargs = _lib_args(lib, args)
    got = getattr(sigproc, func)(*libargs, **kwargs)
    assert_close(got, getattr(scipy.signal, func)(*host, **kwargs), like=lib, rtol=rtol)
    for before, after in zip(host, libargs, strict=True):
        if isinstance(before, np.ndarray):
            assert_unchanged(before, after, lib)
    return got


def _same_error(lib, func, args, kwargs=None, *, kind=None, words=True):
    """sigproc raises SciPy's exception class, with SciPy's message in its own.

    `kind` replaces a private NumPy subclass of SciPy's class (UFuncTypeError by
    TypeError); ``words=False`` where SciPy's message is an accident of its code.
    """
    kwargs = kwargs or {}
    with pytest.raises(Exception) as scipy_error:
        getattr(scipy.signal, func)(*args, **kwargs)
    kind = kind or scipy_error.type
    assert issubclass(scipy_error.type, kind)
    message = re.escape(str(scipy_error.value)) if words else None
    with pytest.raises(kind, match=message):
        getattr(sigproc, func)(*_lib_args(lib, args), **kwargs)


def _no_float16(lib):
    if lib.module == "array_api_strict":
        pytest.skip("array-api-strict has no float16")


# -- symiirorder1 ---------------------------------------------------------------------
@pytest.mark.parametrize("precision", PRECISIONS)
def test_symiirorder1(lib, rng, precision):
    x = rng.standard_normal(80)
    _check(lib, "symiirorder1", (x, 0.5, 0.3, precision))
    _check(lib, "symiirorder1", (x, 2.0, -0.7, precision))
    _check(lib, "symiirorder1", (rng.standard_normal((3, 80)), 0.5, 0.3, precision))
    _check(lib, "symiirorder1", (x.astype(np.float32), 0.5, 0.3, precision))
    z = x + 1j * rng.standard_normal(80)
    _check(lib, "symiirorder1", (z, 0.5 - 0.2j, 0.3 + 0.4j, precision))
    _check(lib, "symiirorder1", (z.astype(np.complex64), 0.5, 0.3j, precision))


def test_symiirorder1_dtypes(lib, rng):
    x = rng.integers(-5, 5, 60)
    _check(lib, "symiirorder1", (x, 0.5, 0.5))  # integers run in float64
    _check(lib, "symiirorder1", (x > 0, 0.5, 0.5))
    _check(lib, "symiirorder1", (x.astype(np.float64), 0.0, 0.0))  # a zero pole
    _check(lib, "symiirorder1", (x[:3].astype(np.float64), 1.0, 0.01, 0.5))


def test_symiirorder1_float16(lib, rng):
    _no_float16(lib)
    x = rng.standard_normal(60).astype(np.float16)  # taps rounded to float16, run in float32
    _check(lib, "symiirorder1", (x, 0.51, 0.33))


def test_symiirorder1_complex_pole_on_a_real_signal(lib, rng):
    x = rng.standard_normal(60)
    with pytest.warns(np.exceptions.ComplexWarning):
        want = scipy.signal.symiirorder1(x, 0.5, 0.3 + 0.1j)
    with pytest.warns(np.exceptions.ComplexWarning):
        got = sigproc.symiirorder1(lib.asarray(x), 0.5, 0.3 + 0.1j)
    assert_close(got, want, like=lib)


def test_symiirorder1_errors(lib, rng):
    x = rng.standard_normal(40)
    _same_error(lib, "symiirorder1", (x, 0.5, 1.0))
    _same_error(lib, "symiirorder1", (x, 0.5, -1.5))
    _same_error(lib, "symiirorder1", (x.reshape(2, 2, 10), 0.5, 0.3))
    _same_error(lib, "symiirorder1", (x, 0.5, 0.99))  # does not converge in 40 samples
    _same_error(lib, "symiirorder1", (x[:1], 0.5, 0.3))
    _same_error(lib, "symiirorder1", (x, 0.5j, 0.3))
    _same_error(lib, "symiirorder1", (np.array(1.0), 0.5, 0.3))


# -- symiirorder2 ---------------------------------------------------------------------
@pytest.mark.parametrize("precision", PRECISIONS)
def test_symiirorder2(lib, rng, precision):
    x = rng.standard_normal(90)
    _check(lib, "symiirorder2", (x, 0.5, 0.3, precision))
    _check(lib, "symiirorder2", (x, 0.2, 2.5, precision))
    _check(lib, "symiirorder2", (rng.standard_normal((3, 90)), 0.5, math.pi / 3, precision))
    _check(lib, "symiirorder2", (x.astype(np.float32), 0.5, 0.3, precision))


def test_symiirorder2_special_angles_and_dtypes(lib, rng):
    x = rng.standard_normal(100)
    _check(lib, "symiirorder2", (x, 0.3, 0.0))
    _check(lib, "symiirorder2", (x, 0.3, math.pi))
    _check(lib, "symiirorder2", (x, -0.4, 1.0))
    _check(lib, "symiirorder2", (np.where(np.arange(100) % 2, -1, 1), 0.5, math.pi / 3))


def test_symiirorder2_errors(lib, rng):
    x = rng.standard_normal(40)
    _same_error(lib, "symiirorder2", (x, 1.0, 0.3))
    _same_error(lib, "symiirorder2", (x.reshape(2, 2, 10), 0.5, 0.3))
    _same_error(lib, "symiirorder2", (x + 1j, 0.5, 0.3))
    _same_error(lib, "symiirorder2", (x, 0.5, 0.0))  # does not converge in 40 samples
    _same_error(lib, "symiirorder2", (x[:3], 0.5, 0.3))


# -- cspline1d, qspline1d -------------------------------------------------------------
@pytest.mark.parametrize("func", ["cspline1d", "qspline1d"])
def test_spline1d(lib, rng, func):
    x = rng.standard_normal(50)
    _check(lib, func, (x,))
    _check(lib, func, (x.astype(np.float32),))  # float64 out, as SciPy
    _check(lib, func, (rng.integers(-9, 9, 30),))
    _check(lib, func, (x + 1j * x[::-1],))
    _check(lib, func, (x[:1],))
    _check(lib, func, (x[:2],))


def test_cspline1d_smoothing(lib, rng):
    x = rng.standard_normal(50)
    for lamb in (0.01, 0.5, 10.0):  # at 1/144 exactly SciPy divides by zero
        _check(lib, "cspline1d", (x, lamb))
    _check(lib, "cspline1d", (x.astype(np.float32), 0.5))
    _check(lib, "cspline1d", (x + 1j, 2.0))
    _check(lib, "cspline1d", (x[:3], 2.0))


def test_spline1d_reconstructs_the_signal(lib, rng):
    x = rng.standard_normal(40)
    for func, taps in ((sigproc.cspline1d, [1, 4, 1]), (sigproc.qspline1d, [1, 6, 1])):
        c = np.pad(lib.to_numpy(func(lib.asarray(x))), 1, mode="symmetric")
        np.testing.assert_allclose(np.convolve(c, np.array(taps) / sum(taps), "valid"), x)


def test_spline1d_errors(lib, rng):
    x = rng.standard_normal(20)
    _same_error(lib, "qspline1d", (x, 1.0))
    _same_error(lib, "qspline1d", (x, -1.0))
    _same_error(lib, "cspline1d", (x, 0.001))  # below 1/144: SciPy's math domain error
    _same_error(lib, "cspline1d", (x, -0.5))
    _same_error(lib, "cspline1d", (x.reshape(4, 5),), words=False)  # SciPy: a broadcast error
    _same_error(lib, "cspline1d", (np.array(3.0),))
    _same_error(lib, "cspline1d", (np.zeros(0),))


# -- cspline2d, qspline2d, spline_filter ----------------------------------------------
@pytest.mark.parametrize("func", ["cspline2d", "qspline2d"])
def test_spline2d(lib, rng, func):
    image = rng.standard_normal((24, 30))
    _check(lib, func, (image,))
    _check(lib, func, (image, 0.0, 1e-3))
    _check(lib, func, (image, -2.0, 2.0))  # out-of-range precision: the default
    _check(lib, func, (image.astype(np.float32),))
    _check(lib, func, ((image * 10).astype(np.int16),))
    _check(lib, func, (image + 1j * image[::-1],))
    _check(lib, func, ((image + 1j).astype(np.complex64),))
    _check(lib, func, (image[0],))  # 1-D: filtered twice along its axis, as SciPy
    _check(lib, func, (rng.standard_normal((12, 3, 20)),))  # last axis, then the first
    _same_error(lib, func, (image[:3],))  # 3 rows: the start value does not converge


def test_cspline2d_smoothing(lib, rng):
    image = rng.standard_normal((40, 50))
    _check(lib, "cspline2d", (image, 0.5))
    _check(lib, "cspline2d", (image.astype(np.float32), 0.5))
    _check(lib, "cspline2d", (image, 0.1, 1e-4))
    _same_error(lib, "cspline2d", (image + 1j, 0.5))
    _same_error(lib, "qspline2d", (image, 0.5))


def test_spline_filter(lib, rng):
    image = rng.standard_normal((70, 80))
    _check(lib, "spline_filter", (image,))
    _check(lib, "spline_filter", (image.astype(np.float32), 2.0))
    small = rng.standard_normal((12, 12))
    _check(lib, "spline_filter", (small, 0.0))
    z = small + 1j * rng.standard_normal((12, 12))
    _check(lib, "spline_filter", (z, 0.0), rtol=1e-6)  # complex128 runs in complex64
    _check(lib, "spline_filter", (z.astype(np.complex64), 0.0))
    _same_error(lib, "spline_filter", (np.arange(9).reshape(3, 3), 0.0))
    _same_error(lib, "spline_filter", (image + 1j, 5.0))
    _same_error(lib, "spline_filter", (image[0], 0.0))


# -- gauss_spline ---------------------------------------------------------------------
def test_gauss_spline(lib, rng):
    x = rng.standard_normal(20) * 2
    for n in (0, 1, 3, 2.5):
        _check(lib, "gauss_spline", (x, n))
    _check(lib, "gauss_spline", (x.astype(np.float32), 3))
    _check(lib, "gauss_spline", (np.arange(-3, 4), 2))
    _check(lib, "gauss_spline", (x + 1j, 2))
    _check(lib, "gauss_spline", (x.reshape(4, 5), 1))
    _same_error(lib, "gauss_spline", (x, -1))
    _same_error(lib, "gauss_spline", (x, -2))


# -- cspline1d_eval, qspline1d_eval ---------------------------------------------------
@pytest.mark.parametrize("func", ["cspline1d_eval", "qspline1d_eval"])
def test_spline1d_eval(lib, rng, func):
    c = rng.standard_normal(10)
    newx = np.linspace(-30, 45, 91)  # mirrored more than once at both ends
    _check(lib, func, (c, newx))
    _check(lib, func, (c, newx, 2.0, -3.5))
    _check(lib, func, (c, newx, 2, 1))
    _check(lib, func, (c.astype(np.float32), newx))
    _check(lib, func, (c, newx.astype(np.float32)))
    _check(lib, func, (c, np.arange(-4, 14)))
    _check(lib, func, (c, newx.reshape(7, 13)))
    _check(lib, func, (c, np.array(4.25)))
    _check(lib, func, (c, np.zeros(0)))
    _check(lib, func, (c[:1], np.zeros(3)))
    _check(lib, func, (c[:2], newx))


def test_spline1d_eval_dtypes_and_errors(lib, rng):
    c, newx = rng.standard_normal(10), np.linspace(-3, 12, 31)
    _check(lib, "cspline1d_eval", (c + 1j * c[::-1], newx))
    _check(lib, "qspline1d_eval", (rng.integers(-9, 9, 10), newx))
    _check(lib, "qspline1d_eval", (np.zeros(0), np.zeros(0)))
    _same_error(lib, "cspline1d_eval", (np.zeros(0), newx))
    _same_error(lib, "cspline1d_eval", (np.zeros(0), np.zeros(0)))
    _same_error(lib, "qspline1d_eval", (np.zeros(0), newx))
    _same_error(lib, "cspline1d_eval", (rng.integers(-9, 9, 10), newx), kind=TypeError)
    _same_error(lib, "qspline1d_eval", (c + 1j, newx), kind=TypeError)
    _same_error(lib, "cspline1d_eval", (c, newx + 1j))


def test_spline1d_eval_where_scipy_recurses_forever(lib, rng):
    # One coefficient (SciPy: RecursionError): the constant spline.
    got = sigproc.cspline1d_eval(lib.asarray(np.array([2.5])), np.array([-3.0, 0.0, 7.5]))
    assert_close(got, np.full(3, 2.5), like=lib)
    # Non-finite positions (SciPy: RecursionError for inf): NaN.
    c = rng.standard_normal(6)
    got = sigproc.qspline1d_eval(lib.asarray(c), np.array([np.inf, np.nan, 2.0]))
    want = scipy.signal.qspline1d_eval(c, np.array([2.0]))
    assert_close(got, np.array([np.nan, np.nan, want[0]]), like=lib)


def test_interpolation_story(lib):
    # Interpolate a sampled sine four times finer and meet the samples again.
    x = np.sin(np.arange(20) / 3)
    c = sigproc.cspline1d(lib.asarray(x))
    fine = sigproc.cspline1d_eval(c, np.arange(0, 19.01, 0.25))
    assert_close(fine[::4], x, like=lib)


# -- torch: gradients through the portable recursions ---------------------------------
@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def test_torch_gradcheck(torch, rng):
    x = torch.asarray(rng.standard_normal(30), requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: sigproc.symiirorder1(v, 0.5, 0.3), (x,))
    assert torch.autograd.gradcheck(lambda v: sigproc.symiirorder2(v, 0.3, 0.5), (x,))
    assert torch.autograd.gradcheck(lambda v: sigproc.cspline1d(v, 0.5), (x,))
    newx = np.linspace(-5, 40, 17)
    assert torch.autograd.gradcheck(lambda v: sigproc.cspline1d_eval(v, newx), (x,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        image = torch.asarray(rng.standard_normal((20, 20)), requires_grad=True)
        assert torch.autograd.gradcheck(lambda v: sigproc.spline_filter(v, 0.0), (image,))
