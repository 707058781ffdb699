"""Frequency responses against SciPy on every array library.

freqz, freqz_sos (and its alias sosfreqz), freqz_zpk, group_delay, freqs and
freqs_zpk: values, dtypes, shapes and the output's library for every option
(integer and array frequencies, whole, include_nyquist, fs, broadcasting,
single precision), SciPy's errors and warnings, the placement extras, and
torch gradients.
"""

from contextlib import nullcontext

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc
from sigproc._responses import group_delay_ba

BA = {
    "butter": scipy.signal.butter(4, 0.2),
    "cheby1": scipy.signal.cheby1(3, 1, [0.2, 0.5], btype="band"),
    "fir": (scipy.signal.firwin(31, 0.3), np.array([1.0])),
}
SOS = scipy.signal.butter(6, [0.1, 0.4], btype="band", output="sos")
ZPK = scipy.signal.cheby1(5, 1, 0.3, output="zpk")
# group delays: no zero or pole on the unit circle at the frequencies tested
DELAYED = {
    "butter": BA["butter"],
    "cheby1": scipy.signal.cheby1(5, 1, 0.3),
    "fir": BA["fir"],
}
ANALOG_BA = scipy.signal.butter(4, 100.0, analog=True)
ANALOG_ZPK = scipy.signal.cheby1(4, 1, 100.0, analog=True, output="zpk")


def _lib(lib, value):
    if isinstance(value, np.ndarray):
        return lib.asarray(value)
    if isinstance(value, tuple):
        return tuple(_lib(lib, v) for v in value)
    return value


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


def _check(lib, func, args, kwargs=None, *, rtol=None, atol=None):
    """sigproc's `func` on `lib` arrays against SciPy's on NumPy arrays; inputs intact.

    NumPy arrays among `args` and `kwargs` (tuples included) go in as `lib` arrays.
    """
    kwargs = kwargs or {}
    host = [_copy(a) for a in args]
    libargs = [_lib(lib, a) for a in args]
    got = getattr(sigproc, func)(*libargs, **{k: _lib(lib, v) for k, v in kwargs.items()})
    want = getattr(scipy.signal, func)(*host, **kwargs)
    assert isinstance(got, tuple) and len(got) == 2
    for g, w in zip(got, want, strict=True):
        assert_close(g, w, like=lib, rtol=rtol, atol=atol)
    for before, after in zip(args, libargs, strict=True):
        if isinstance(before, np.ndarray):
            assert_unchanged(before, after, lib)
    return got


# -- freqz -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(BA))
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"worN": 64},  # the FFT path for the FIR filter
        {"worN": 37, "whole": True},
        {"worN": 64, "whole": True},
        {"worN": 33, "include_nyquist": True},
        {"worN": 32, "include_nyquist": True, "whole": True},
        {"worN": 16, "fs": 900.0},
        {"worN": np.array([0.0, 0.1, 1.5, 3.0])},
        {"worN": np.array([10.0, 123.0, 440.0]), "fs": 900},
        {"worN": [0.1, 0.2, 0.3]},  # a list follows the coefficients' library
        {"worN": 0.5},  # a float is one frequency
        {"worN": 0},
        {"worN": 1, "include_nyquist": True},
    ],
    ids=lambda kw: ",".join(f"{k}={np.asarray(v).tolist()}" for k, v in kw.items()) or "default",
)
def test_freqz(lib, name, kwargs):
    b, a = BA[name]
    _check(lib, "freqz", (b, a), kwargs)


def test_freqz_fir_default_denominator(lib, rng):
    b = rng.standard_normal(20)
    for worN in (8, 20, 40, 41, np.linspace(0, 3, 5)):
        for whole in (False, True):
            _check(lib, "freqz", (b,), {"worN": worN, "whole": whole})
    _check(lib, "freqz", (b, 2.5), {"worN": 64})  # a scalar denominator divides the FFT
    c = b + 1j * rng.standard_normal(20)  # complex taps: the full FFT
    _check(lib, "freqz", (c,), {"worN": 32, "whole": True})
    _check(lib, "freqz", (c,), {"worN": np.array([0.2, 1.0])})
    _check(lib, "freqz", (np.arange(1, 5),), {"worN": 16})  # integer taps: float64 FFT


def test_freqz_single_precision(lib):
    b, a = (v.astype(np.float32) for v in BA["butter"])
    _check(lib, "freqz", (b, a))  # float32 grid, complex64 response
    _check(lib, "freqz", (b, a), {"worN": np.array([0.1, 0.2])})  # worN cast to float32
    fir = BA["fir"][0].astype(np.float32)
    # float32 taps with the default a=1 (float64): float64 grid, yet a complex64 FFT
    _check(lib, "freqz", (fir,), {"worN": 64})
    _check(lib, "freqz", (fir,), {"worN": 64, "whole": True})
    _check(lib, "freqz", (fir,), {"worN": np.array([0.1, 0.2])})  # polynomial: complex128


def test_freqz_broadcasting(lib, rng):
    # SciPy's broadcasting examples: coefficients on axis 0, filters on further axes.
    b, a = rng.random((3, 5, 1)), rng.random((2, 1))
    for worN in (16, 17, np.linspace(0, 1, 10), np.array([])):
        for whole in (False, True):
            _check(lib, "freqz", (b, a), {"worN": worN, "whole": whole})
            _check(lib, "freqz", (b,), {"worN": worN, "whole": whole})
    b = rng.random((3, 16))  # b.shape[-1] matches the grid
    _check(lib, "freqz", (b,), {"worN": 16})
    b, a, worN = rng.random((4, 2, 1, 1)), rng.random((5, 2, 1, 1)), rng.random((6, 7))
    _check(lib, "freqz", (b, a), {"worN": worN})


def test_freqz_plot(lib):
    b, a = BA["butter"]
    seen = []
    w, h = sigproc.freqz(lib.asarray(b), lib.asarray(a), worN=8, plot=lambda *wh: seen.append(wh))
    assert len(seen) == 1 and seen[0][0] is w and seen[0][1] is h
    with pytest.raises(ZeroDivisionError):
        sigproc.freqz(lib.asarray(b), worN=8, plot=lambda w, h: 1 / 0)


# -- freqz_sos and sosfreqz ----------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"worN": 100},
        {"worN": 64, "whole": True},
        {"worN": 10, "fs": 900.0},
        {"worN": np.array([0.0, 0.3, 1.0, np.pi])},
        {"worN": np.array([[0.1, 0.2], [0.3, 0.4]])},
        {"worN": [50.0, 123.0], "fs": 900},
    ],
    ids=lambda kw: ",".join(f"{k}={np.asarray(v).shape or v}" for k, v in kw.items()) or "default",
)
def test_freqz_sos(lib, kwargs):
    _check(lib, "freqz_sos", (SOS,), kwargs)


def test_freqz_sos_forms(lib):
    _check(lib, "freqz_sos", (SOS.astype(np.float32),), {"worN": 50})
    _check(lib, "freqz_sos", (SOS.astype(np.float32),), {"worN": np.array([0.1, 0.2])})
    _check(lib, "freqz_sos", (SOS[0],), {"worN": 16})  # one section as a 1-D array
    _check(lib, "freqz_sos", (np.array([[1, 0, 0, 1, 0, 0]]),), {"worN": 7})  # integers
    # a 25th-order Butterworth filter, where (b, a) would fail: SciPy's mpmath test case
    high = scipy.signal.butter(25, 0.15, output="sos")
    _check(lib, "freqz_sos", (high,), {"worN": 500})


def test_sosfreqz_is_freqz_sos(lib):
    got = sigproc.sosfreqz(lib.asarray(SOS), worN=32, fs=10.0)  # no warning (SciPy 1.17 gives none)
    want = scipy.signal.freqz_sos(SOS, worN=32, fs=10.0)
    for g, w in zip(got, want, strict=True):
        assert_close(g, w, like=lib)


# -- freqz_zpk ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"worN": 40, "whole": True},
        {"worN": 8, "fs": 900.0},
        {"worN": np.array([0.0, 0.5, 2.0])},
        {"worN": np.array([10, 123, 230]), "fs": 900},  # integer frequencies
    ],
    ids=lambda kw: ",".join(f"{k}={np.asarray(v).shape or v}" for k, v in kw.items()) or "default",
)
def test_freqz_zpk(lib, kwargs):
    z, p, k = ZPK
    _check(lib, "freqz_zpk", (z, p, k), kwargs)


def test_freqz_zpk_precisions(lib):
    z, p, k = ZPK
    _check(lib, "freqz_zpk", (z.astype(np.float32), p.astype(np.complex64), k), {"worN": 16})
    # float64 zeros with a float32 grid: complex128 response on a float32 grid
    _check(lib, "freqz_zpk", (z, p, k), {"worN": np.array([0.1, 0.2], np.float32)})
    _check(lib, "freqz_zpk", (np.array([]), np.array([0.5]), 2.0), {"worN": 8})


# -- group_delay -------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(DELAYED))
@pytest.mark.parametrize(
    "kwargs",
    [
        {"w": np.linspace(0, 2.5, 10, endpoint=False)},
        {"w": np.array([100.0, 4800.0, 20000.0]), "fs": 96000},
        {"w": np.array([1, 2])},  # integer frequencies become float64
        {"w": np.array([0.5, 1.0], np.float32)},  # a float32 grid stays float32
    ],
    ids=lambda kw: ",".join(f"{k}={np.asarray(v).shape or v}" for k, v in kw.items()),
)
def test_group_delay(lib, name, kwargs):
    b, a = DELAYED[name]
    _check(lib, "group_delay", ((b, a),), kwargs)


@pytest.mark.parametrize("name", sorted(DELAYED))
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"w": 33, "whole": True}, {"w": 16, "fs": 96000.0}],
    ids=["default", "whole", "fs"],
)
def test_group_delay_grids(lib, name, kwargs):
    b, a = DELAYED[name]
    w, gd = sigproc.group_delay((lib.asarray(b), lib.asarray(a)), **kwargs)
    w0, gd0 = scipy.signal.group_delay((b, a), **kwargs)
    assert_close(w, w0, like=lib)
    # Near a zero on the unit circle (of order 4 or 5 at Nyquist for the IIR filters here,
    # simple ones in the FIR stopband) the delay is ill-conditioned: the rounding of the
    # convolution c = b * conj(a[::-1]) (NumPy's BLAS dot cannot be reproduced) grows
    # like sum|c| / |C(z)|, and SciPy's own value is off by 13% next to cheby1's zero
    # (mpmath). Compare where the problem is well-conditioned; elsewhere the delay only
    # has to be finite.
    assert lib.owns(gd) and gd.dtype == lib.asarray(gd0).dtype and gd.shape == gd0.shape
    c = np.convolve(b, np.conj(a[::-1]))
    radians = w0 * (2 * np.pi / kwargs.get("fs", 2 * np.pi))
    well = np.abs(np.polyval(c[::-1], np.exp(-1j * radians))) > 1e-3 * np.abs(c).sum()
    assert well.mean() > 0.3  # most of the grid is compared
    got = lib.to_numpy(gd)
    np.testing.assert_allclose(got[well], gd0[well], rtol=1e-10)
    assert np.isfinite(got).all()


def test_group_delay_forms(lib):
    b, a = BA["butter"]
    # a host number on either side follows the other side's library (SciPy's own tests)
    _check(lib, "group_delay", ((b, 1.0),), {"w": 8})
    got = sigproc.group_delay((1, lib.asarray(a)), w=8)
    want = scipy.signal.group_delay((1, a), w=8)
    for g, w in zip(got, want, strict=True):
        assert_close(g, w, like=lib)
    # single precision coefficients, a float64 delay: the float32 contract
    _check(lib, "group_delay", ((b.astype(np.float32), a.astype(np.float32)),), {"w": 8}, rtol=1e-4)
    alpha = -0.6143077933232609 + 0.3355978770229421j  # complex coefficients (SciPy gh-19586)
    system = (np.array([alpha, 1.0]), np.array([1.0, np.conj(alpha)]))
    _check(lib, "group_delay", (system,), {"w": np.linspace(-np.pi, np.pi, 8)})


def test_group_delay_singular_warns(lib):
    # zeros and poles on the unit circle: the delay is undefined there. Whether the
    # computed denominator is exactly 0 (SciPy: "singular", the delay set to 0) or
    # only tiny ("extremely small") depends on rounding, so either warning will do.
    z1, z2 = np.exp(1j * 0.1 * np.pi), np.exp(1j * 0.25 * np.pi)
    p1, p2 = np.exp(1j * 0.5 * np.pi), np.exp(1j * 0.8 * np.pi)
    b, a = np.convolve([1, -z1], [1, -z2]), np.convolve([1, -p1], [1, -p2])
    w = np.array([0.1 * np.pi, 0.25 * np.pi, -0.5 * np.pi, -0.8 * np.pi])
    with pytest.warns(UserWarning, match="singular at|extremely small at") as caught:
        _, gd = sigproc.group_delay((lib.asarray(b), lib.asarray(a)), w=lib.asarray(w))
    if lib.backend != "numpy":  # SciPy's own warning points into sigproc's numpy backend
        assert caught[0].filename == __file__  # attributed to the caller's line
    assert lib.owns(gd) and tuple(gd.shape) == (4,)
    assert np.all(np.isfinite(lib.to_numpy(gd)))
    # an exact zero of the denominator: singular, set to 0 (NumPy warns of the 0/0 too)
    singular = pytest.warns(UserWarning, match=r"singular at frequencies \[0.000\], setting to 0")
    with singular, np.errstate(divide="ignore", invalid="ignore"):
        _, gd = sigproc.group_delay((lib.asarray(np.array([1.0, -1.0])), 1), w=np.array([0.0]))
    np.testing.assert_array_equal(lib.to_numpy(gd), [0.0])
    with pytest.warns(UserWarning, match="extremely small"):
        sigproc.group_delay(
            (lib.asarray(np.array([1.0])), lib.asarray(np.array([1.0, 1.0]))),
            w=lib.asarray(np.array([np.pi - 1e-16])),
        )


# -- freqs and freqs_zpk -----------------------------------------------------------------
@pytest.mark.parametrize(
    "worN",
    [None, 200, 17, np.array([1.0, 10.0, 100.0, 1000.0]), [1, 10, 100]],
    ids=["none", "200", "17", "array", "int-list"],
)
def test_freqs(lib, worN):
    b, a = ANALOG_BA
    kwargs = {} if worN is None else {"worN": worN}
    _check(lib, "freqs", (b, a), kwargs)
    z, p, k = ANALOG_ZPK
    _check(lib, "freqs_zpk", (z, p, k), kwargs)


def test_freqs_forms(lib):
    b, a = ANALOG_BA
    _check(lib, "freqs", (b.astype(np.float32), a.astype(np.float32)), {"worN": 20})
    w = np.array([1.0, 2.0], np.float32)
    _check(lib, "freqs", (b.astype(np.float32), a.astype(np.float32)), {"worN": w})
    _check(lib, "freqs", (np.array([1.0]), np.array([1.0, 1.0])), {"worN": 10})
    z, p, k = ANALOG_ZPK
    _check(lib, "freqs_zpk", (z.astype(np.complex64), p.astype(np.complex64), k), {"worN": w})
    _check(lib, "freqs_zpk", (np.array([]), np.array([-1.0]), [1.0]), {"worN": 10})
    seen = []
    got = sigproc.freqs(lib.asarray(b), lib.asarray(a), worN=5, plot=lambda *wh: seen.append(wh))
    assert len(seen) == 1 and seen[0][0] is got[0] and seen[0][1] is got[1]


# -- errors ------------------------------------------------------------------------------
def _same_error(lib, func, args, kwargs, match):
    with pytest.raises(Exception) as expected:
        getattr(scipy.signal, func)(*args, **kwargs)
    with pytest.raises(expected.type, match=match):
        getattr(sigproc, func)(*_lib(lib, tuple(args)), **kwargs)


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "match"),
    [
        ("freqz", (BA["butter"][0],), {"fs": None}, "Sampling frequency can not be none"),
        ("freqz", (BA["butter"][0],), {"fs": np.array([10, 20])}, "Sampling.*single scalar"),
        ("freqz", (BA["butter"][0],), {"worN": -1}, "worN must be nonnegative, got -1"),
        ("freqz_sos", (SOS,), {"fs": np.array([1.0, 2.0])}, "single scalar"),
        ("freqz_sos", (SOS[None],), {}, "sos array must be 2D"),
        ("freqz_sos", (SOS[:, :5],), {}, r"sos array must be shape \(n_sections, 6\)"),
        ("freqz_sos", (SOS * 2,), {}, r"sos\[:, 3\] should be all ones"),
        ("freqz_sos", (SOS[:0],), {}, "Cannot compute frequencies with no sections"),
        ("freqz_sos", (SOS,), {"worN": -3}, "worN must be nonnegative"),
        ("freqz_zpk", (*ZPK,), {"fs": None}, "can not be none"),
        ("freqz_zpk", (*ZPK,), {"worN": -2}, "must be non-negative"),
        ("freqs_zpk", (*ANALOG_ZPK[:2], np.array([1.0, 2.0])), {}, "single scalar gain"),
        ("freqs", (*ANALOG_BA,), {"worN": -1}, "must be non-negative"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_errors(lib, func, args, kwargs, match):
    _same_error(lib, func, args, kwargs, match)


def test_group_delay_errors(lib):
    system = tuple(lib.asarray(v) for v in BA["butter"])
    with pytest.raises(ValueError, match="Sampling frequency can not be none"):
        sigproc.group_delay(system, fs=None)
    with pytest.raises(ValueError, match="must be non-negative"):
        sigproc.group_delay(system, w=-1)
    with pytest.raises(ValueError, match="too many values to unpack"):
        sigproc.group_delay((*system, system[0]))


# -- dispatch, placement -----------------------------------------------------------------
def test_backend_chosen_by_coefficients(lib):
    b, a = (lib.asarray(v) for v in BA["butter"])
    with lib.context():
        chosen = sigproc.which_backend(sigproc.freqz, b, a, worN=8)
        assert chosen.backend == lib.backend
        assert chosen.native is (lib.backend != "torch")  # torch runs the portable code
        assert sigproc.which_backend(group_delay_ba, b, a).backend == lib.backend
        assert sigproc.which_backend(sigproc.freqz_sos, lib.asarray(SOS)).backend == lib.backend


def test_lists_run_scipy():
    b, a = BA["butter"]
    _, h = sigproc.freqz(b.tolist(), a.tolist(), worN=8)
    assert isinstance(h, np.ndarray)
    np.testing.assert_array_equal(h, scipy.signal.freqz(b, a, worN=8)[1])


@pytest.mark.parametrize("source", ["numpy", "numpy-portable"])
def test_placement_extras(source):
    torch = pytest.importorskip("torch")
    b, a = BA["butter"]
    portable = source == "numpy-portable"
    context = sigproc.set_backend("array_api", only=True) if portable else nullcontext()
    want = scipy.signal.freqz(b, a, worN=16)
    seen = []
    with context:
        w, h = sigproc.freqz(
            b, a, worN=16, xp=torch, device="cpu", plot=lambda *wh: seen.append(wh)
        )
        w2, h2 = sigproc.freqz_sos(SOS, worN=4, xp=torch)
        gd = sigproc.group_delay((b, a), w=4, xp=torch)[1]
        hz = sigproc.freqz_zpk(*ZPK, worN=4, xp=torch)[1]
        hs = sigproc.freqs(*ANALOG_BA, worN=4, xp=torch)[1]
        hsz = sigproc.freqs_zpk(*ANALOG_ZPK, worN=4, xp=torch)[1]
    assert all(isinstance(v, torch.Tensor) for v in (w, h, w2, h2, gd, hz, hs, hsz))
    assert seen[0][1] is h  # plot sees the placed results
    np.testing.assert_allclose(h.numpy(), want[1], rtol=1e-10)
    np.testing.assert_allclose(w.numpy(), want[0], rtol=1e-10)


def test_placement_from_torch():
    torch = pytest.importorskip("torch")
    b, a = (torch.asarray(v) for v in BA["butter"])
    w, h = sigproc.freqz(b, a, worN=8, xp=np)
    assert isinstance(w, np.ndarray) and isinstance(h, np.ndarray)
    w, h = sigproc.freqz(b, a, worN=8, device="cpu")
    assert isinstance(h, torch.Tensor)
    b.requires_grad_(True)
    w, h = sigproc.freqz(b, a, worN=8, xp=torch)  # the same library: no copy through the host
    assert isinstance(h, torch.Tensor) and h.requires_grad


# -- torch autograd --------------------------------------------------------------------
def test_torch_gradients():
    torch = pytest.importorskip("torch")
    gradcheck = torch.autograd.gradcheck
    b, a = (torch.asarray(v, requires_grad=True) for v in BA["butter"])
    assert gradcheck(lambda b, a: sigproc.freqz(b, a, worN=16)[1], (b, a))
    freq = torch.asarray([0.1, 0.7, 2.0], dtype=torch.float64)
    assert gradcheck(lambda b, a: sigproc.freqz(b, a, worN=freq)[1], (b, a))
    fir = torch.asarray(BA["fir"][0][:9], requires_grad=True)
    gain = torch.asarray([2.0], dtype=torch.float64, requires_grad=True)
    for whole in (False, True):  # the FFT path
        assert gradcheck(lambda f, g, whole=whole: sigproc.freqz(f, g, 16, whole)[1], (fir, gain))
    assert gradcheck(lambda b, a: sigproc.group_delay((b, a), w=freq)[1], (b, a))
    # every coefficient but the sections' a0, which must stay 1
    num = torch.asarray(SOS[:2, :3], requires_grad=True)
    den = torch.asarray(SOS[:2, 4:], requires_grad=True)

    def sections(num, den):
        return torch.cat((num, torch.ones((2, 1), dtype=num.dtype), den), dim=1)

    assert gradcheck(lambda n, d: sigproc.freqz_sos(sections(n, d), worN=12)[1], (num, den))
    assert gradcheck(lambda n, d: sigproc.freqz_sos(sections(n, d), worN=freq)[1], (num, den))


def test_python_numbers_follow_the_coefficient_arrays(lib):
    # freqz(1, a) and group_delay((1, a)): the number takes the library of `a`.
    _, a = scipy.signal.butter(3, 0.2)
    _, h = sigproc.freqz(1, lib.asarray(a), worN=16)
    _, gd = sigproc.group_delay((1, lib.asarray(a)), w=16)
    assert_close(h, scipy.signal.freqz(1, a, worN=16)[1], like=lib)
    assert_close(gd, scipy.signal.group_delay((1, a), w=16)[1], like=lib)
