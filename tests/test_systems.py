"""LTI systems against SciPy on every array library: dlsim, lsim, the responses, the classes.

``dlsim``/``lsim`` dispatch on the input signal (the portable code solves the
state recurrence without a loop over samples); the responses and frequency
responses are host functions whose arrays come back in the library of the
arrays given, or where ``xp=``/``device=`` say.
"""

import re
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc
from sigproc import _systems

# SciPy's test system (test_dltisys.py): two states, three inputs, one output
A = np.array([[0.9, 0.1], [-0.2, 0.9]])
B = np.array([[0.4, 0.1, -0.1], [0.0, 0.05, 0.0]])
C = np.array([[0.1, 0.3]])
D = np.array([[0.0, -0.1, 0.0]])
SS = (A, B, C, D, 0.5)
TF = ([1.0, -0.1], [0.3, 1.0, 0.2], 0.5)
ZPK = ([0.5, -0.5], [1j / np.sqrt(2), -1j / np.sqrt(2)], 1.0, 0.5)
# continuous: a second-order low-pass, and a two-state system with two inputs and outputs
TF_C = ([1.0], [1.0, 2.0, 1.0])
A_C = np.array([[-1.0, 1.0], [0.0, -2.0]])
SS_C = (A_C, np.eye(2), np.array([[1.0, 0.0], [0.5, 1.0]]), np.array([[0.0, 0.2], [0.0, 0.0]]))
SISO_C = (A_C, np.array([[0.0], [1.0]]), np.array([[1.0, 0.0]]), np.array([[0.1]]))


def _compare(got, want, lib, **kwargs):
    assert isinstance(got, tuple) and len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert_close(g, w, like=lib, **kwargs)


# -- the classes: SciPy's own, looked up lazily ---------------------------------------------
@pytest.mark.parametrize("name", _systems.LTI_CLASSES)
def test_classes_are_scipys(name):
    assert getattr(_systems, name) is getattr(scipy.signal, name)


def test_unknown_attribute_raises():
    with pytest.raises(AttributeError, match="no attribute 'LTI'"):
        _systems.LTI  # noqa: B018


def test_classes_do_not_import_scipy():
    code = (
        "import sys, sigproc, sigproc._systems as s; "
        "assert 'lti' in s.LTI_CLASSES and 'scipy.signal' not in sys.modules; "
        "s.lti; assert 'scipy.signal' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- dlsim -------------------------------------------------------------------------------------
DLSIM_CASES = {
    "state-space": (SS, (200, 3), {"x0": [1.0, -2.0]}),
    "transfer-function": (TF, (200,), {}),
    "zeros-poles-gain": (ZPK, (60, 1), {}),
    "pure-gain": (([2.0], [4.0], 1.0), (5,), {}),
    "dlti-instance": (scipy.signal.dlti(A, B, C, D, dt=0.5), (300, 3), {"x0": 0.5}),
}


@pytest.mark.parametrize("case", DLSIM_CASES)
def test_dlsim_matches_scipy(lib, rng, case):
    system, shape, kwargs = DLSIM_CASES[case]
    u = rng.standard_normal(shape)
    u_lib = lib.asarray(u)
    got = sigproc.dlsim(system, u_lib, **kwargs)
    _compare(got, scipy.signal.dlsim(system, u, **kwargs), lib)
    assert_unchanged(u, u_lib, lib)


@pytest.mark.parametrize(
    "t",
    [
        np.linspace(0.0, 10.0, 41),  # the output grid is every dt = 0.5 to t[-1]
        np.array([0.0, 2.0, 3.7, 9.9]),  # uneven, t[-1] not a multiple of dt
        np.array([1.2, 2.0, 5.1]),  # starts after 0: extrapolated
    ],
)
def test_dlsim_interpolates_between_times(lib, rng, t):
    u = rng.standard_normal((t.size, 3))
    got = sigproc.dlsim(SS, lib.asarray(u), lib.asarray(t))
    _compare(got, scipy.signal.dlsim(SS, u, t), lib)


def test_dlsim_scipy_values():
    # test_dltisys.py's hand-computed values, through the portable code
    u = np.hstack((np.linspace(0, 4.0, 5)[:, None], np.full((5, 1), 0.01), np.full((5, 1), -0.002)))
    with sigproc.set_backend("array_api", only=True):
        _, yout, xout = sigproc.dlsim(SS, u[[0, 4], :], np.array([0.0, 2.0]))
    np.testing.assert_allclose(yout[:, 0], [-0.001, -0.00073, 0.039446, 0.0915387, 0.13195948])
    np.testing.assert_allclose(xout[-1], [2.2402985, -0.3035679])


def test_dlsim_dtypes(lib):
    # float32 and integer inputs give float64, as SciPy's preallocated arrays
    for u in (np.arange(12, dtype=np.float32), np.arange(12), np.arange(12) % 2 == 0):
        got = sigproc.dlsim(TF, lib.asarray(u))
        _compare(got, scipy.signal.dlsim(TF, u), lib)


def test_dlsim_complex_input_keeps_the_real_part(lib):
    u = np.linspace(0.0, 1.0, 9) * (1 + 2j)
    with pytest.warns(np.exceptions.ComplexWarning):
        got = sigproc.dlsim((*SS[:4], 1.0), lib.asarray(np.stack([u, u, u], axis=1)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        want = scipy.signal.dlsim((*SS[:4], 1.0), np.stack([u, u, u], axis=1))
    _compare(got, want, lib)


def test_dlsim_long_and_near_unit_poles(lib, rng):
    # a companion matrix (tf2ss) with poles near z = 1: the block scan's refinement step
    b, a = scipy.signal.butter(3, 0.05)
    u = rng.standard_normal(3000)
    got = sigproc.dlsim((b, a, 1.0), lib.asarray(u))
    _compare(got, scipy.signal.dlsim((b, a, 1.0), u), lib)


def test_dlsim_trivial_systems(lib):
    # test_dltisys.py: zero system, and decaying initial states
    u = np.zeros((5, 1))
    zero = (np.zeros((1, 1)),) * 4 + (1,)
    _compare(sigproc.dlsim(zero, lib.asarray(u)), scipy.signal.dlsim(zero, u), lib)
    diag = (np.diag([0.5, 0.25]), np.zeros((2, 1)), np.eye(2), np.zeros((2, 1)), 1)
    got = sigproc.dlsim(diag, lib.asarray(u), x0=1)
    _compare(got, scipy.signal.dlsim(diag, u, x0=1), lib)
    np.testing.assert_array_equal(lib.to_numpy(got[2])[:, 1], 0.25 ** np.arange(5.0))


def test_dlsim_system_of_another_library(lib, rng):
    torch = pytest.importorskip("torch")
    u = rng.standard_normal((50, 3))
    system = (*(torch.asarray(m) for m in (A, B, C, D)), 0.5)
    _compare(sigproc.dlsim(system, lib.asarray(u)), scipy.signal.dlsim(SS, u), lib)
    b, a = torch.asarray(np.asarray(TF[0])), torch.asarray(np.asarray(TF[1]))
    _compare(sigproc.dlsim((b, a, 0.5), lib.asarray(u[:, 0])), scipy.signal.dlsim(TF, u[:, 0]), lib)


def test_dlsim_errors(lib, rng):
    u = lib.asarray(rng.standard_normal((6, 3)))
    with pytest.raises(AttributeError, match="dlsim can only be used with discrete-time"):
        sigproc.dlsim(scipy.signal.lti([1.0], [1.0, 1.0]), u)
    with pytest.raises(ValueError, match="are incompatible"):
        sigproc.dlsim(SS, u, lib.asarray(np.arange(5.0)))
    with pytest.raises(ValueError, match="duplicates"):
        sigproc.dlsim(SS, u, lib.asarray(np.array([0.0, 1, 1, 2, 3, 4])))
    with pytest.raises(ValueError, match="strictly increasing"):
        sigproc.dlsim(SS, u, lib.asarray(np.array([0.0, 1, 3, 2, 4, 5])))
    with pytest.raises(ValueError, match="not aligned"):
        sigproc.dlsim(SS, lib.asarray(rng.standard_normal((6, 2))))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_dlsim_is_causal_for_nan_and_inf(lib, bad):
    # SciPy's loop: outputs before a non-finite input are untouched by it.
    system = (*scipy.signal.butter(4, 0.1), 1.0)
    u = np.sin(np.arange(300) / 5.0)
    u[150] = bad
    with np.errstate(all="ignore"):
        want = scipy.signal.dlsim(system, u)[1]
        got = lib.to_numpy(sigproc.dlsim(system, lib.asarray(u))[1])
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-10, atol=1e-12)


def test_dlsim_gradcheck():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    u = torch.asarray(rng.standard_normal((70, 3)), requires_grad=True)
    x0 = torch.asarray(np.array([1.0, -1.0]), requires_grad=True)
    t = np.linspace(0.0, 30.0, 70)
    assert torch.autograd.gradcheck(lambda u, x0: sigproc.dlsim(SS, u, x0=x0)[1:], (u, x0))
    assert torch.autograd.gradcheck(lambda u: sigproc.dlsim(SS, u, t)[1:], (u,))


# -- lsim -------------------------------------------------------------------------------------
T = np.linspace(0.0, 5.0, 101)
LSIM_CASES = {
    "transfer-function": (TF_C, (101,), T, {"X0": [1.0, 0.0]}),
    "zero-order-hold": (TF_C, (101,), T, {"interp": False}),
    "mimo": (SS_C, (101, 2), T, {"X0": [0.5, -1.0]}),
    "later-start": (SS_C, (101, 2), T + 1.5, {"X0": [0.5, -1.0]}),
    "lti-instance": (scipy.signal.lti([1.0, 3.0], [1.0, 0.5, 4.0]), (101,), T, {}),
    "integer-times": (TF_C, (20,), np.arange(20), {}),
}


@pytest.mark.parametrize("case", LSIM_CASES)
def test_lsim_matches_scipy(lib, rng, case):
    system, shape, times, kwargs = LSIM_CASES[case]
    U = rng.standard_normal(shape)
    U_lib = lib.asarray(U)
    got = sigproc.lsim(system, U_lib, lib.asarray(times), **kwargs)
    _compare(got, scipy.signal.lsim(system, U, times, **kwargs), lib)
    assert_unchanged(U, U_lib, lib)


def test_lsim_scipy_solutions(lib):
    # test_ltisys.py: an integrator of u = t, a double integrator of u = 1
    got = sigproc.lsim(([1.0], [1.0, 0.0]), lib.asarray(T), lib.asarray(T))
    np.testing.assert_allclose(lib.to_numpy(got[1]), 0.5 * T**2, atol=1e-12)
    double = (
        np.array([[0.0, 1.0], [0.0, 0.0]]),
        np.array([[0.0], [1.0]]),
        np.array([[2.0, 0.0]]),
        0.0,
    )
    _, y, x = sigproc.lsim(double, lib.asarray(np.ones_like(T)), lib.asarray(T))
    np.testing.assert_allclose(lib.to_numpy(y), T**2, atol=1e-12)
    np.testing.assert_allclose(lib.to_numpy(x)[:, 1], T, atol=1e-12)


def test_lsim_zero_input_and_single_step(lib):
    # all-zero input of a mismatched shape is "no input" to SciPy; one time point
    U = np.zeros((101, 3))
    got = sigproc.lsim(SS_C, lib.asarray(U), lib.asarray(T), lib.asarray(np.array([1.0, 2.0])))
    _compare(got, scipy.signal.lsim(SS_C, U, T, [1.0, 2.0]), lib)
    got = sigproc.lsim(TF_C, lib.asarray(np.array([2.0])), lib.asarray(np.array([0.5])), [1.0, 0])
    _compare(got, scipy.signal.lsim(TF_C, np.array([2.0]), np.array([0.5]), [1.0, 0]), lib)


def test_lsim_float32_input(lib, rng):
    U = rng.standard_normal(101).astype(np.float32)
    got = sigproc.lsim(TF_C, lib.asarray(U), T)
    _compare(got[1:], scipy.signal.lsim(TF_C, U, T)[1:], lib)


def test_lsim_without_input_runs_on_the_host(lib):
    # U=None or 0: no signal array; the results follow the library of T
    for U in (None, 0, 0.0):
        got = sigproc.lsim(TF_C, U, lib.asarray(T), X0=[1.0, 0.0])
        _compare(got, scipy.signal.lsim(TF_C, U, T, X0=[1.0, 0.0]), lib)


def test_lsim_errors(lib, rng):
    U = lib.asarray(rng.standard_normal(4))
    with pytest.raises(AttributeError, match="lsim can only be used with continuous-time"):
        sigproc.lsim(scipy.signal.dlti([1.0], [1.0, 0.5]), U, lib.asarray(np.arange(4.0)))
    with pytest.raises(ValueError, match="Time steps are not equally spaced"):
        sigproc.lsim(([1.0], [1.0, 0.0]), U, lib.asarray(np.array([0.0, 1.0, 1.0, 3.0])))
    with pytest.raises(ValueError, match="Initial time must be nonnegative"):
        sigproc.lsim(([1.0], [1.0, 0.0]), U, lib.asarray(np.arange(4.0) - 1))
    with pytest.raises(ValueError, match="T must be a rank-1 array"):
        sigproc.lsim(([1.0], [1.0, 0.0]), U, lib.asarray(np.zeros((2, 2))))
    with pytest.raises(ValueError, match="same number of rows"):
        sigproc.lsim(([1.0], [1.0, 0.0]), U, lib.asarray(np.arange(5.0)))
    with pytest.raises(ValueError, match="does not define that many inputs"):
        sigproc.lsim(([1.0], [1.0, 0.0]), lib.asarray(np.ones((4, 2))), lib.asarray(np.arange(4.0)))


def test_lsim_gradcheck():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    U = torch.asarray(rng.standard_normal((40, 2)), requires_grad=True)
    X0 = torch.asarray(np.array([1.0, -1.0]), requires_grad=True)
    times = np.linspace(0.2, 4.0, 40)
    assert torch.autograd.gradcheck(lambda U, X0: sigproc.lsim(SS_C, U, times, X0)[1:], (U, X0))


# -- host functions ----------------------------------------------------------------------------
def _host_case(name, lib):
    """(sigproc call, SciPy's result) with `lib` arrays among the arguments."""
    a = lib.asarray
    times = np.linspace(0.0, 3.0, 31)
    w = np.array([0.1, 0.5, 1.0, 2.0])
    cases = {
        "dimpulse": ((SS,), {"x0": a(np.array([1.0, 0.5])), "n": 12}),
        "dstep": ((TF,), {"t": a(np.arange(8) * 0.5)}),
        "dfreqresp": ((TF,), {"w": a(w)}),
        "dbode": ((ZPK,), {"w": a(w)}),
        "impulse": ((TF_C,), {"T": a(times)}),
        "step": ((SISO_C,), {"X0": a(np.array([0.2, 0.1])), "T": a(times)}),
        "freqresp": ((TF_C,), {"w": a(w)}),
        "bode": ((TF_C,), {"w": a(w)}),
    }
    args, kwargs = cases[name]
    plain = {k: v if isinstance(v, int) else lib.to_numpy(v) for k, v in kwargs.items()}
    return getattr(sigproc, name)(*args, **kwargs), getattr(scipy.signal, name)(*args, **plain)


HOST = ["dimpulse", "dstep", "dfreqresp", "dbode", "impulse", "step", "freqresp", "bode"]


def _compare_nested(got, want, lib):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _compare_nested(g, w, lib)
    else:
        assert_close(got, want, like=lib)


@pytest.mark.parametrize("name", HOST)
def test_host_functions_place_results_with_the_given_arrays(lib, name):
    got, want = _host_case(name, lib)
    _compare_nested(got, want, lib)


@pytest.mark.parametrize("name", HOST)
def test_host_functions_take_systems_of_another_library(name):
    torch = pytest.importorskip("torch")
    system = {"d": TF, "": TF_C}["d" if name.startswith("d") else ""]
    foreign = tuple(torch.asarray(np.asarray(v)) if isinstance(v, list) else v for v in system)
    got = getattr(sigproc, name)(foreign)
    _compare_nested(got, getattr(scipy.signal, name)(system), _torch_lib())


def _torch_lib():
    from conftest import Lib

    return Lib("torch", "torch", "torch", device="cpu")


def test_host_functions_xp_and_device():
    xps = pytest.importorskip("array_api_strict")
    device = xps.Device("device1")
    t, (y,) = sigproc.dstep(([1.0], [1.0, -0.5], 1.0), n=4, xp=xps, device=device)
    assert t.device == device and y.device == device
    w, mag, phase = sigproc.bode(TF_C, n=5, xp=xps, device=device)
    assert all(v.device == device for v in (w, mag, phase))
    want = scipy.signal.bode(TF_C, n=5)[1]
    np.testing.assert_array_equal(
        np.asarray(xps.asarray(mag, device=xps.Device("CPU_DEVICE"))), want
    )


def test_host_functions_errors():
    with pytest.raises(AttributeError, match="dstep can only be used with discrete-time"):
        sigproc.dstep(scipy.signal.lti([1.0], [1.0, 1.0]))
    with pytest.raises(AttributeError, match="impulse can only be used with continuous-time"):
        sigproc.impulse(scipy.signal.dlti([1.0], [1.0, 0.5]))
    two_outputs = (A, B[:, :1], np.eye(2), np.zeros((2, 1)), 0.5)
    for name, system in (("freqresp", SS_C), ("dfreqresp", two_outputs)):  # not SISO
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", scipy.signal.BadCoefficients)  # SciPy's ss -> zpk
            with pytest.raises(ValueError) as theirs:
                getattr(scipy.signal, name)(system)
            with pytest.raises(ValueError, match=re.escape(str(theirs.value))):
                getattr(sigproc, name)(system)


def test_signatures_are_scipys():
    import inspect

    for name in ("dlsim", "lsim", *HOST):
        ours = inspect.signature(getattr(sigproc, name)).parameters
        theirs = inspect.signature(getattr(scipy.signal, name)).parameters
        assert [(p.name, p.default) for p in ours.values()][: len(theirs)] == [
            (p.name, p.default) for p in theirs.values()
        ]
        assert all(p.kind is p.KEYWORD_ONLY for p in list(ours.values())[len(theirs) :])
