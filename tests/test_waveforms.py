"""Waveforms against SciPy on every array library: chirp, sawtooth, square, gausspulse, ...

Signal-less waveforms (unit_impulse, max_len_seq) are host functions placed
with ``xp=``/``device=``.
"""

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc

T = np.linspace(-0.5, 2.5, 61)  # includes t = 0 and t = t1


def _check(lib, func, args, kwargs=None, *, dtype=None, rtol=None, reference=None):
    """sigproc's `func` on `lib`'s array t (first argument) against SciPy's; t intact.

    `reference` replaces SciPy's input (float32 t: SciPy rounds parts of the
    phase to float32, the portable code does not; compare with SciPy on the
    float64 values and a float32 tolerance).
    """
    kwargs = kwargs or {}
    t = args[0]
    t_lib = lib.asarray(t)
    got = getattr(sigproc, func)(t_lib, *args[1:], **kwargs)
    want = getattr(scipy.signal, func)(*(reference or args), **kwargs)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_close(g, w, like=lib, rtol=rtol, dtype=dtype)
    else:
        assert_close(got, want, like=lib, rtol=rtol, dtype=dtype)
    assert_unchanged(t, t_lib, lib)
    return got


def _portable_only(lib, reference):
    """`reference` for the portable code; the numpy backend is SciPy on the same input."""
    return None if lib.backend == "numpy" else reference


# -- chirp ---------------------------------------------------------------------------
CHIRPS = [
    ("linear", {}),
    ("li", {"phi": 30.0}),
    ("quadratic", {}),
    ("quadratic", {"vertex_zero": False, "phi": -45}),
    ("logarithmic", {}),
    ("hyperbolic", {}),
    ("hyp", {"phi": 90}),
]


@pytest.mark.parametrize(("method", "kwargs"), CHIRPS)
@pytest.mark.parametrize("complex_", [False, True])
def test_chirp_methods(lib, method, kwargs, complex_):
    for f0, t1, f1 in ((2.0, 2.0, 6.0), (-8.0, 1.5, -3.0)):  # hyperbolic: t = 3, -0.9 singular
        _check(lib, "chirp", (T, f0, t1, f1, method), {**kwargs, "complex": complex_})


@pytest.mark.parametrize("method", ["logarithmic", "hyperbolic"])
def test_chirp_constant_frequency(lib, method):
    _check(lib, "chirp", (T, 3.0, 1.0, 3.0, method))


def test_chirp_integer_arguments(lib):
    # Integer t gives float64; integer frequencies and times are floats to SciPy.
    _check(lib, "chirp", (np.arange(-5, 6), 10, 3, 20))
    _check(lib, "chirp", (np.arange(-5, 6), 10, 3, 20, "log"))


def test_chirp_float32(lib):
    t = T.astype(np.float32)
    # float64 out (SciPy's phi=0 is a NumPy float64), phase exact for the float32 values
    _check(lib, "chirp", (t, 1.0, 2.0, 6.0), dtype=np.float64, rtol=1e-5)
    ref = (t.astype(np.float64), 2.0, 2.0, 6.0, "hyp")
    _check(lib, "chirp", (t, 2.0, 2.0, 6.0, "hyp"), reference=_portable_only(lib, ref))
    _check(lib, "chirp", (t, 1.0, 2.0, 6.0), {"complex": True}, dtype=np.complex128, rtol=1e-5)
    # a float32 phi keeps float32, as in SciPy
    _check(lib, "chirp", (t, 1.0, 2.0, 6.0), {"phi": np.float32(10.0)}, dtype=np.float32)


def test_chirp_complex_time(lib):
    z = T + 0.1j * T[::-1]
    for method in ("linear", "quadratic", "logarithmic", "hyperbolic"):
        _check(lib, "chirp", (z, 1.0, 2.0, 3.0, method))
    # hyperbolic takes |1 - t/sing|: a real phase, a real result from complex t
    got = sigproc.chirp(lib.asarray(z), 1.0, 2.0, 3.0, "hyperbolic")
    assert lib.to_numpy(got).dtype == np.float64


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1.0, 1.0, 2.0, "foo"), "method must be 'linear', 'quadratic'"),
        ((1.0, 1.0, 2.0, None), "but a value of None was given"),
        ((1.0, 1.0, -2.0, "log"), "f0 and f1 must be nonzero and have the same sign"),
        ((0.0, 1.0, 2.0, "logarithmic"), "same sign"),
        ((0.0, 1.0, 2.0, "hyperbolic"), "f0 and f1 must be nonzero"),
        ((1.0, 1.0, 0.0, "hyp"), "f0 and f1 must be nonzero"),
    ],
)
def test_chirp_errors(lib, args, match):
    with pytest.raises(ValueError, match=match):
        scipy.signal.chirp(T, *args)
    with pytest.raises(ValueError, match=match):
        sigproc.chirp(lib.asarray(T), *args)


def test_chirp_python_scalar_is_numpy():
    # Python scalars belong to the numpy backend, which returns SciPy's scalar
    assert sigproc.chirp(0, 1.0, 1.0, 2.0) == scipy.signal.chirp(0, 1.0, 1.0, 2.0) == 1.0
    w = sigproc.chirp(t=0, f0=-10.0, f1=1.0, t1=1.0, complex=True)
    assert w == 1.0 + 0.0j and np.asarray(w).dtype == np.complex128


# -- sawtooth, square ------------------------------------------------------------------
PHASES = np.linspace(-7.0, 20.0, 97)


@pytest.mark.parametrize("func", ["sawtooth", "square"])
def test_periodic_waves(lib, func):
    _check(lib, func, (PHASES,))
    for shape in (0.0, 0.25, 0.5, 1.0, 1.5, -0.1):  # outside [0, 1]: NaN
        _check(lib, func, (PHASES, shape))
    _check(lib, func, (PHASES.reshape(97, 1), np.linspace(-0.2, 1.2, 5)))  # broadcast
    _check(lib, func, (np.arange(-10, 30),))  # integers: float64
    # float32 t and width: float64 out; SciPy takes t mod 2*pi in float32, the
    # portable code in float64 (compared with SciPy on the same values in float64)
    t32, w32 = PHASES.astype(np.float32), np.float32(0.3)
    ref = (t32.astype(np.float64), np.float64(w32))
    _check(lib, func, (t32, w32), reference=_portable_only(lib, ref))


@pytest.mark.parametrize("func", ["sawtooth", "square"])
def test_periodic_waves_shape_in_signal_library(lib, func):
    # An array width/duty in the signal's own library (a coefficient)
    shape = np.clip(np.sin(PHASES / 3) + 0.5, -0.1, 1.1)
    got = getattr(sigproc, func)(lib.asarray(PHASES), lib.asarray(shape))
    assert_close(got, getattr(scipy.signal, func)(PHASES, shape), like=lib)


@pytest.mark.parametrize("func", ["sawtooth", "square"])
@pytest.mark.parametrize("shape", [0.5, 2.0, np.nan])
def test_periodic_waves_non_finite(lib, func, shape):
    # SciPy's broadcasting makes w NaN where t is not finite: square gives -1 there,
    # even for an invalid width; a NaN width gives -1 (square) and NaN (sawtooth).
    t = np.array([np.inf, -np.inf, np.nan, 1.0, 7.0])
    with np.errstate(invalid="ignore"):
        _check(lib, func, (t, shape))


@pytest.mark.parametrize("func", ["sawtooth", "square"])
def test_periodic_waves_reject_complex(lib, func):
    with pytest.raises(TypeError):
        getattr(scipy.signal, func)(PHASES + 1j)
    with pytest.raises(TypeError):
        getattr(sigproc, func)(lib.asarray(PHASES + 1j))


# -- gausspulse --------------------------------------------------------------------------
TP = np.linspace(-2e-3, 2e-3, 81)


@pytest.mark.parametrize("retquad", [False, True])
@pytest.mark.parametrize("retenv", [False, True])
def test_gausspulse(lib, retquad, retenv):
    kwargs = {"retquad": retquad, "retenv": retenv}
    _check(lib, "gausspulse", (TP,), kwargs)
    _check(lib, "gausspulse", (TP, 2000, 0.8, -3), kwargs)
    t32 = TP.astype(np.float32)  # float64 out; SciPy's cosine is taken in float32
    _check(lib, "gausspulse", (t32,), kwargs, dtype=np.float64, rtol=1e-4)


def test_gausspulse_integer_and_complex_time(lib):
    _check(lib, "gausspulse", (np.arange(-3, 4), 0.1, 0.5))
    _check(lib, "gausspulse", (TP + 1e-4j, 1000), {"retquad": True, "retenv": True})


@pytest.mark.parametrize(
    "kwargs", [{}, {"fc": 1000.0}, {"fc": 250, "bw": 1, "bwr": -3.0, "tpr": -40}]
)
def test_gausspulse_cutoff(kwargs):
    got = sigproc.gausspulse("cutoff", **kwargs)
    want = scipy.signal.gausspulse("cutoff", **kwargs)
    assert type(got) is type(want) and got == want


@pytest.mark.parametrize(
    ("t", "kwargs", "match"),
    [
        (TP, {"fc": -1}, r"Center frequency \(fc=-1.00\) must be >=0"),
        (TP, {"bw": 0}, r"Fractional bandwidth \(bw=0.00\) must be > 0"),
        (TP, {"bwr": 0}, r"Reference level for bandwidth \(bwr=0.00\) must be < 0 dB"),
        ("cutoff", {"fc": -1}, "Center frequency"),
        ("cutoff", {"tpr": 0}, "Reference level for time cutoff must be < 0 dB"),
        ("cut", {}, "If `t` is a string, it must be 'cutoff'"),
    ],
)
def test_gausspulse_errors(lib, t, kwargs, match):
    with pytest.raises(ValueError, match=match):
        scipy.signal.gausspulse(t, **kwargs)
    with pytest.raises(ValueError, match=match):
        sigproc.gausspulse(t if isinstance(t, str) else lib.asarray(t), **kwargs)


def test_gausspulse_is_in_the_registry():
    # The public function (which settles "cutoff" on the host) is the registered one.
    from sigproc.dispatch._multimethod import registry

    assert registry["gausspulse"] is sigproc.gausspulse
    assert registry["sweep_poly"] is sigproc.sweep_poly
    table = sigproc.dispatch.support_table()
    assert table["gausspulse"]["numpy"] == "native"
    assert table["gausspulse"]["array_api"] == "portable"
    selection = sigproc.which_backend(sigproc.gausspulse, np.ones(3))
    assert (selection.backend, selection.native) == ("numpy", True)


# -- sweep_poly ----------------------------------------------------------------------------
POLYS = [[1.0, 0.0, 1.0], [2.0, 1.0, 0.0, -2.0], [4.0], [1.5, -0.5], [1 + 1j, 2.0]]


@pytest.mark.parametrize("poly", POLYS)
def test_sweep_poly(lib, poly):
    _check(lib, "sweep_poly", (T, poly))
    _check(lib, "sweep_poly", (T, np.asarray(poly), 30.0))
    _check(lib, "sweep_poly", (T, np.poly1d(poly)), {"phi": -10})


def test_sweep_poly_dtypes(lib):
    _check(lib, "sweep_poly", (np.arange(-4, 5), [1, 2, 3]))  # integers: float64
    t32 = T.astype(np.float32)
    ref = (t32.astype(np.float64), [1.0, 0.0, 1.0])
    _check(lib, "sweep_poly", (t32, [1.0, 0.0, 1.0]), reference=_portable_only(lib, ref))
    _check(lib, "sweep_poly", (T + 0.5j, [1.0, 2.0]))  # complex t
    # a float32 phi is turned into radians in float32, as SciPy does
    _check(lib, "sweep_poly", (T, [1.0, 2.0], np.float32(33.3)))


def test_sweep_poly_coefficients_in_signal_library(lib):
    poly = np.array([0.5, -1.0, 3.0])
    got = sigproc.sweep_poly(lib.asarray(T), lib.asarray(poly), 12.0)
    assert_close(got, scipy.signal.sweep_poly(T, poly, 12.0), like=lib)


# -- torch: differentiable in t ------------------------------------------------------------
@pytest.mark.parametrize(("method", "kwargs"), [*CHIRPS, ("linear", {"complex": True})])
def test_chirp_gradcheck(method, kwargs):
    torch = pytest.importorskip("torch")
    t = torch.linspace(0.1, 1.9, 12, dtype=torch.float64, requires_grad=True)
    torch.autograd.gradcheck(lambda t: sigproc.chirp(t, 1.0, 2.0, 6.0, method, **kwargs), (t,))


def test_waveform_gradients_flow():
    torch = pytest.importorskip("torch")
    t = torch.linspace(0.1, 0.9, 9, dtype=torch.float64, requires_grad=True)
    torch.autograd.gradcheck(lambda t: sigproc.gausspulse(t, fc=2.0), (t,))
    torch.autograd.gradcheck(lambda t: sigproc.sweep_poly(t, [1.0, 2.0, 0.5]), (t,))
    torch.autograd.gradcheck(lambda t: sigproc.sawtooth(10 * t, 0.3), (t,))


def test_torch_runs_the_portable_code():
    torch = pytest.importorskip("torch")
    for call in (
        lambda t: sigproc.which_backend(sigproc.chirp, t, 1.0, 1.0, 2.0),
        lambda t: sigproc.which_backend(sigproc.sawtooth, t),
        lambda t: sigproc.which_backend(sigproc.gausspulse, t),
    ):
        selection = call(torch.zeros(3))
        assert (selection.backend, selection.native) == ("torch", False)


# -- unit_impulse, max_len_seq: host functions --------------------------------------------
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((7,), {}),
        ((10, 3), {}),
        (((3, 3),), {}),
        (((3, 3), (1, 2)), {}),
        (((4, 4), 2), {}),
        (((3, 5), "mid"), {}),
        ((9, "mid"), {}),
        ((5, 3), {"dtype": int}),
        (((5, 2), (3, 1)), {"dtype": complex}),
        ((6,), {"dtype": np.float32}),
    ],
)
def test_unit_impulse(lib, args, kwargs):
    want = scipy.signal.unit_impulse(*args, **kwargs)
    got = sigproc.unit_impulse(*args, **kwargs)
    assert type(got) is np.ndarray and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    placed = sigproc.unit_impulse(*args, **kwargs, xp=lib.xp, device=lib.device)
    assert lib.owns(placed)
    assert lib.to_numpy(placed).dtype == want.dtype
    np.testing.assert_array_equal(lib.to_numpy(placed), want)


def test_unit_impulse_in_a_library_dtype(lib):
    xp = lib.xp
    got = sigproc.unit_impulse(5, 2, dtype=xp.float32, xp=xp, device=lib.device)
    assert_close(got, scipy.signal.unit_impulse(5, 2, dtype=np.float32), like=lib)


def test_unit_impulse_errors():
    with pytest.raises(IndexError):
        scipy.signal.unit_impulse(4, 7)
    with pytest.raises(IndexError):
        sigproc.unit_impulse(4, 7)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((4,), {}),
        ((5,), {"length": 40}),
        ((3,), {"state": [1, 0, 1]}),
        ((6,), {"taps": [5]}),
        ((4,), {"state": [0, 1, 1, 0], "length": 7}),
    ],
)
def test_max_len_seq(lib, args, kwargs):
    want = scipy.signal.max_len_seq(*args, **kwargs)
    got = sigproc.max_len_seq(*args, **kwargs)
    for g, w in zip(got, want, strict=True):
        assert type(g) is np.ndarray and g.dtype == np.int8
        np.testing.assert_array_equal(g, w)
    placed = sigproc.max_len_seq(*args, **kwargs, xp=lib.xp, device=lib.device)
    for g, w in zip(placed, want, strict=True):
        assert lib.owns(g) and lib.to_numpy(g).dtype == np.int8
        np.testing.assert_array_equal(lib.to_numpy(g), w)


def test_max_len_seq_state_of_a_library(lib):
    # A state array of another library is read on the host; results come back there.
    _, state = sigproc.max_len_seq(4, length=5)
    seq2, state2 = sigproc.max_len_seq(4, state=lib.asarray(state), length=10)
    want = scipy.signal.max_len_seq(4, state=state, length=10)
    assert lib.owns(seq2) and lib.owns(state2)
    np.testing.assert_array_equal(lib.to_numpy(seq2), want[0])
    np.testing.assert_array_equal(lib.to_numpy(state2), want[1])


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((1,), {}, "nbits must be between"),
        ((3,), {"state": [0, 0, 0]}, "state must not be all zeros"),
        ((3,), {"state": [1, 1]}, "state must be a 1-D array of size nbits"),
        ((4,), {"taps": [7]}, "taps must be non-empty"),
        ((4,), {"length": -1}, "length must be greater than or equal to 0"),
    ],
)
def test_max_len_seq_errors(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        scipy.signal.max_len_seq(*args, **kwargs)
    with pytest.raises(ValueError, match=match):
        sigproc.max_len_seq(*args, **kwargs)
