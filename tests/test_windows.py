"""sigproc.windows: SciPy's windows, computed on the host and placed with xp=/device=."""

import re

import numpy as np
import pytest
import scipy.signal.windows

import sigproc
import sigproc.windows as windows

#: name -> parameter sets: positional arguments after M, or (args, keyword arguments).
WINDOWS = {
    "boxcar": [()],
    "triang": [()],
    "parzen": [()],
    "bohman": [()],
    "blackman": [()],
    "nuttall": [()],
    "blackmanharris": [()],
    "flattop": [()],
    "bartlett": [()],
    "barthann": [()],
    "hamming": [()],
    "hann": [()],
    "cosine": [()],
    "lanczos": [()],
    "kaiser": [(0.0,), (8.6,)],
    "kaiser_bessel_derived": [(3.0,)],
    "gaussian": [(1.5,), (7.0,)],
    "general_gaussian": [(1.5, 2.0), (0.5, 3.0)],
    "general_cosine": [([0.5, 0.5],), ([0.21557895, 0.41663158, 0.277263158, 0.083578947],)],
    "general_hamming": [(0.54,), (0.7,)],
    "chebwin": [(50,), (100.0,)],
    "exponential": [(), (None, 3.0)],
    "tukey": [(), (0.0,), (1.0,), (0.3,)],
    "taylor": [(), (3, 40), (5, 25, False)],
    "dpss": [
        (1.5,),
        (2.5, 3),
        ((2.0,), {"norm": "subsample"}),
        ((2.0, 2), {"norm": "approximate"}),
    ],
}
SIZES = (0, 1, 2, 5, 8, 13)

CASES = [
    pytest.param(name, params, id=f"{name}{params}")
    for name, sets in WINDOWS.items()
    for params in sets
]


def _valid(name, params, M, sym):
    if name == "kaiser_bessel_derived":
        return sym and M % 2 == 0
    if name == "dpss":
        return M == 0 or _split(params)[0][0] < M / 2
    return True


def _split(params):
    if len(params) == 2 and isinstance(params[1], dict):
        return params
    return params, {}


def _calls(name, params, M, sym):
    """(sigproc's window, SciPy's window) for one call, as thunks."""
    args, kwargs = _split(params)
    kwargs = {**kwargs, "sym": sym}
    return (
        lambda **placement: getattr(windows, name)(M, *args, **kwargs, **placement),
        lambda: getattr(scipy.signal.windows, name)(M, *args, **kwargs),
    )


def test_every_scipy_window_is_covered():
    names = set(scipy.signal.windows.__all__) - {"get_window"}
    assert names == set(WINDOWS)
    assert set(windows.__all__) == names | {"get_window"}


@pytest.mark.parametrize(("name", "params"), CASES)
def test_equals_scipy(name, params):
    for M in SIZES:
        for sym in (True, False):
            if not _valid(name, params, M, sym):
                continue
            ours, theirs = _calls(name, params, M, sym)
            got, want = ours(), theirs()
            assert type(got) is np.ndarray and got.dtype == np.float64
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize(("name", "params"), CASES)
def test_placement(lib, name, params):
    ours, theirs = _calls(name, params, 8, True)
    got = ours(xp=lib.xp, device=lib.device)
    assert lib.owns(got), f"expected a {lib.name} array, got {type(got)}"
    host = lib.to_numpy(got)
    assert host.dtype == np.float64 and host.shape == theirs().shape
    np.testing.assert_array_equal(host, theirs())


@pytest.mark.parametrize("Kmax", [None, 3])
def test_dpss_ratios_are_placed(lib, Kmax):
    v, r = windows.dpss(16, 2.5, Kmax, return_ratios=True, xp=lib.xp, device=lib.device)
    v0, r0 = scipy.signal.windows.dpss(16, 2.5, Kmax, return_ratios=True)
    assert lib.owns(v) and lib.owns(r)
    np.testing.assert_array_equal(lib.to_numpy(v), v0)
    assert tuple(r.shape) == r0.shape == (() if Kmax is None else (Kmax,))
    np.testing.assert_array_equal(lib.to_numpy(r), r0)
    # M <= 1 without Kmax: SciPy's ratio is the Python float 1.0, and stays one
    r1 = windows.dpss(1, 2.5, return_ratios=True, xp=lib.xp, device=lib.device)[1]
    assert type(r1) is float and r1 == 1.0


def test_general_cosine_takes_coefficients_of_any_library(lib):
    a = np.array([0.42, 0.5, 0.08])
    got = windows.general_cosine(9, lib.asarray(a), False)
    np.testing.assert_array_equal(got, scipy.signal.windows.blackman(9, False))


def test_get_window_is_sigprocs():
    assert windows.get_window is sigproc.get_window
    np.testing.assert_array_equal(
        windows.get_window(("tukey", 0.3), 16), scipy.signal.windows.get_window(("tukey", 0.3), 16)
    )


def test_default_results_are_numpy_and_writable():
    w = windows.hann(8)
    w[0] = 5.0  # a fresh array of the caller's
    assert windows.hann(8)[0] == 0.0


@pytest.mark.parametrize(("name", "params"), CASES)
@pytest.mark.parametrize("M", [-1, 2.5])
def test_bad_lengths(name, params, M):
    ours, theirs = _calls(name, params, M, True)
    try:
        want = theirs()
    except ValueError as exc:  # "Window length M must be a non-negative integer", mostly
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            ours()
    else:  # kaiser_bessel_derived(-1) is empty in SciPy
        assert name == "kaiser_bessel_derived"
        np.testing.assert_array_equal(ours(), want)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda w: w.kaiser_bessel_derived(7, 3.0), "only defined for even number of points"),
        (lambda w: w.kaiser_bessel_derived(8, 3.0, sym=False), "only defined for symmetric"),
        (lambda w: w.exponential(8, 2.0), "If sym==True, center must be None."),
        (lambda w: w.dpss(8, 4.0), "NW must be less than M/2."),
        (lambda w: w.dpss(8, 0.0), "NW must be positive"),
        (lambda w: w.dpss(8, 2.0, 9), "Kmax must be greater than 0 and less than M"),
        (lambda w: w.dpss(8, 2.0, norm="max"), "norm must be one of"),
    ],
)
def test_scipy_errors_pass_through(call, match):
    with pytest.raises(ValueError, match=match):
        call(scipy.signal.windows)
    with pytest.raises(ValueError, match=match):
        call(windows)


def test_chebwin_warns_below_45_db():
    with pytest.warns(UserWarning, match="not suitable for spectral analysis"):
        w = windows.chebwin(16, 30)
    with pytest.warns(UserWarning, match="not suitable for spectral analysis"):
        np.testing.assert_array_equal(w, scipy.signal.windows.chebwin(16, 30))


def test_signatures_are_scipys_plus_placement():
    import inspect

    for name in scipy.signal.windows.__all__:
        want = list(inspect.signature(getattr(scipy.signal.windows, name)).parameters)
        got = list(inspect.signature(getattr(windows, name)).parameters)
        assert got[: len(want)] == want
        assert got[-2:] == ["xp", "device"]
