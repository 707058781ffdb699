"""Conversions between filter representations: SciPy's results, in the caller's library."""

import inspect
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.signal
from conftest import assert_unchanged

from sigproc import _conversions as conv

# -- systems ------------------------------------------------------------------------------
B, A = np.array([0.5, 1.5, 1.0]), np.array([1.0, 0.4, 0.3, 0.1])  # digital, stable
Z, P, K = np.array([-1.0, -0.5]), np.array([0.5 + 0.5j, 0.5 - 0.5j, -0.2]), np.asarray(0.3)
ZA, PA, KA = np.array([-3.0]), np.array([-1 + 1j, -1 - 1j, -2.0]), np.asarray(2.0)  # analog
BA_, AA = scipy.signal.zpk2tf(ZA, PA, KA)
SOS = scipy.signal.butter(4, 0.2, output="sos")
A2, B2 = np.array([[-1.0, 0.5], [0.0, -2.0]]), np.array([[1.0, 0.0], [0.0, 1.0]])
C2, D2 = np.array([[1.0, 1.0]]), np.array([[1.0, 0.5]])  # two inputs, one output
BR, AR = np.array([1.0, 2.0, 3.0, 4.0]), np.poly([-1.0, -1.0, -2.0])  # repeated pole, k != []
R, PR, KR = scipy.signal.residue(BR, AR)
RZ, PZ, KZ = scipy.signal.residuez(BR, AR)
ROOTS = np.array([1.0, 1.0001, 2.0, 3.0, 3.0002])

#: (function, args, kwargs): every function in `conv.__all__` at least once.
CASES = [
    ("tf2zpk", (B, A), {}),
    ("zpk2tf", (Z, P, K), {}),
    ("zpk2sos", (Z, P, K), {}),
    ("zpk2sos", (Z, P, K, "keep_odd"), {}),
    ("zpk2sos", (ZA, PA, KA), {"analog": True}),
    ("tf2sos", (B, A), {"pairing": "minimal"}),
    ("sos2tf", (SOS,), {}),
    ("sos2zpk", (SOS,), {}),
    ("normalize", (2 * B, 2 * A), {}),
    ("normalize", (np.stack([B, 3 * B]), 2 * A), {}),
    ("tf2ss", (B, A), {}),
    ("ss2tf", (A2, B2, C2, D2), {"input": 1}),
    ("zpk2ss", (Z, P, K), {}),
    ("ss2zpk", (A2, B2, C2, D2), {}),
    ("abcd_normalize", (), {"A": A2, "B": B2, "C": C2}),
    ("cont2discrete", ((BA_, AA), 0.1), {}),
    ("cont2discrete", ((ZA, PA, KA), 0.1, "bilinear"), {}),
    ("cont2discrete", ((A2, B2, C2, D2), 0.1, "foh"), {}),
    ("cont2discrete", ((BA_, AA), 0.1, "gbt", 0.3), {}),
    ("cont2discrete", ((BA_, AA), 0.1), {"method": "impulse"}),
    ("bilinear", (BA_, AA, 10.0), {}),
    ("bilinear_zpk", (ZA, PA, KA, 10.0), {}),
    ("lp2lp", (BA_, AA, 2.0), {}),
    ("lp2hp", (BA_, AA), {"wo": 2.0}),
    ("lp2bp", (BA_, AA, 2.0, 0.5), {}),
    ("lp2bs", (BA_, AA, 2.0, 0.5), {}),
    ("lp2lp_zpk", (ZA, PA, KA, 2.0), {}),
    ("lp2hp_zpk", (ZA, PA, KA, 2.0), {}),
    ("lp2bp_zpk", (ZA, PA, KA, 2.0, 0.5), {}),
    ("lp2bs_zpk", (ZA, PA, KA), {"bw": 0.5}),
    ("findfreqs", (BA_, AA, 8), {}),
    ("findfreqs", (ZA, PA, 8, "zp"), {}),
    ("residue", (B, A), {}),
    ("residue", (BR, AR), {"rtype": "max"}),
    ("residuez", (BR, AR), {}),
    ("invres", (R, PR, KR), {}),
    ("invresz", (RZ, PZ, KZ), {"tol": 1e-4}),
    ("unique_roots", (ROOTS,), {"rtype": "avg"}),
    ("place_poles", (A2, B2, np.array([-3.0, -4.0])), {}),
    ("place_poles", (A2, B2, np.array([-1 + 1j, -1 - 1j])), {"method": "YT"}),
    ("place_poles", (A2, B2[:, 1:], np.array([-3.0, -4.0])), {"method": "KNV0"}),
    ("buttap", (4,), {}),
    ("cheb1ap", (4, 1.0), {}),
    ("cheb2ap", (5, 40.0), {}),
    ("ellipap", (4, 1.0, 40.0), {}),
    ("besselap", (4,), {"norm": "mag"}),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]
GAIN = {  # functions whose result is (z, p, k, ...)
    "tf2zpk", "sos2zpk", "ss2zpk", "bilinear_zpk", "lp2lp_zpk", "lp2hp_zpk", "lp2bp_zpk",
    "lp2bs_zpk", "buttap", "cheb1ap", "cheb2ap", "ellipap", "besselap",
}  # fmt: skip
PROTOTYPES = ("buttap", "cheb1ap", "cheb2ap", "ellipap", "besselap")


def _map(value, convert):
    """`value` with each NumPy array (in tuples too) passed through `convert`."""
    if isinstance(value, tuple):
        return tuple(_map(v, convert) for v in value)
    return convert(value) if isinstance(value, np.ndarray) else value


def _call(name, args, kwargs, convert=lambda a: a, **extra):
    args, kwargs = _map(args, convert), {k: _map(v, convert) for k, v in kwargs.items()}
    return getattr(conv, name)(*args, **kwargs, **extra), args, kwargs


def _fields(result):
    """SciPy's structure as something to compare: a place_poles Bunch becomes a dict."""
    return vars(result) if type(result).__name__ == "Bunch" else result


def _assert_identical(got, want):
    got, want = _fields(got), _fields(want)
    if isinstance(want, tuple | dict):
        assert type(got) is type(want) and len(got) == len(want)
        pairs = (
            zip(got, want, strict=True)
            if isinstance(want, tuple)
            else ((got[k], want[k]) for k in want)
        )
        for g, w in pairs:
            _assert_identical(g, w)
        return
    assert type(got) is type(want)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def _assert_placed(got, want, lib, *, gain=False):
    """`got` is SciPy's `want` with its arrays in `lib` (and a NumPy-scalar gain 0-D there)."""
    if type(want).__name__ == "Bunch":
        assert type(got) is type(want)
        got, want = vars(got), vars(want)
        assert got.keys() == want.keys()
        for key in want:
            _assert_placed(got[key], want[key], lib)
        return
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_placed(g, w, lib, gain=gain and i == 2)
        return
    if isinstance(want, np.ndarray) or (gain and isinstance(want, np.generic)):
        if lib.module == "numpy":  # NumPy results are SciPy's, scalar gains included
            return _assert_identical(got, want)
        assert lib.owns(got), f"expected a {lib.name} array, got {type(got)}"
        out = lib.to_numpy(got)
        assert out.dtype == want.dtype and out.shape == np.shape(want)
        np.testing.assert_array_equal(out, want)
        return
    _assert_identical(got, want)  # Python scalars (dt, float gains) and SciPy's scalars


# -- the surface --------------------------------------------------------------------------
def _unannotated(func):
    sig = inspect.signature(func)
    return sig.replace(
        parameters=[p.replace(annotation=p.empty) for p in sig.parameters.values()],
        return_annotation=sig.empty,
    )


@pytest.mark.parametrize("name", conv.__all__)
def test_signature_is_scipys_plus_placement(name):
    ours, theirs = _unannotated(getattr(conv, name)), _unannotated(getattr(scipy.signal, name))
    placement = [theirs.parameters.get(n) for n in ("xp", "device")]
    if None in placement:  # SciPy has no placement: ours adds it, keyword-only, at the end
        kind = inspect.Parameter.KEYWORD_ONLY
        extra = [inspect.Parameter(n, kind, default=None) for n in ("xp", "device")]
        theirs = theirs.replace(parameters=[*theirs.parameters.values(), *extra])
    assert ours == theirs


def test_every_function_has_a_case():
    assert {name for name, _, _ in CASES} == set(conv.__all__)


@pytest.mark.parametrize("name", conv.__all__)
def test_docstring_says_host(name):
    doc = getattr(conv, name).__doc__
    assert "on the host" in doc and f"``scipy.signal.{name}``" in doc
    assert not re.search(r"\{[a-z_]+\}", doc), "a field left unfilled"
    for section in ("Parameters", "Returns", "Raises", "References"):
        assert f"\n    {section}\n    {'-' * len(section)}\n" in doc


# -- values: SciPy's, exactly --------------------------------------------------------------
@pytest.mark.parametrize(("name", "args", "kwargs"), CASES, ids=IDS)
def test_numpy_is_scipy_exactly(name, args, kwargs):
    got, _, _ = _call(name, args, kwargs)
    _assert_identical(got, getattr(scipy.signal, name)(*args, **kwargs))


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES, ids=IDS)
def test_lists_are_scipy_exactly(name, args, kwargs):
    lists = (
        _map(args, np.ndarray.tolist),
        {k: _map(v, np.ndarray.tolist) for k, v in kwargs.items()},
    )
    try:
        want = getattr(scipy.signal, name)(*lists[0], **lists[1])
    except AttributeError as error:  # place_poles, cont2discrete's zpk: SciPy wants arrays
        with pytest.raises(AttributeError, match=re.escape(str(error))):
            _call(name, args, kwargs, np.ndarray.tolist)
        return
    _assert_identical(_call(name, args, kwargs, np.ndarray.tolist)[0], want)


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES, ids=IDS)
def test_arrays_come_back_in_their_library(lib, name, args, kwargs):
    extra = {"xp": lib.xp, "device": lib.device} if name in PROTOTYPES else {}
    got, largs, lkwargs = _call(name, args, kwargs, lib.asarray, **extra)
    want = getattr(scipy.signal, name)(*args, **kwargs)
    zpk_system = name == "cont2discrete" and len(args[0]) == 3
    _assert_placed(got, want, lib, gain=name in GAIN or zpk_system)
    for before, after in zip(
        _flat((args, kwargs)), _flat((largs, lkwargs)), strict=True
    ):  # the caller's arrays are not modified in place
        assert_unchanged(before, after, lib)


def _flat(value):
    if isinstance(value, tuple | list):
        return [leaf for v in value for leaf in _flat(v)]
    if isinstance(value, dict):
        return _flat(list(value.values()))
    return [value] if not isinstance(value, int | float | str) else []


# -- placement ----------------------------------------------------------------------------
def test_xp_and_device_place_list_inputs():
    xps = pytest.importorskip("array_api_strict")
    device = xps.Device("device1")
    z, p, k = conv.tf2zpk(B.tolist(), A.tolist(), xp=xps, device=device)
    assert all(v.device == device for v in (z, p, k)) and k.ndim == 0
    np.testing.assert_array_equal(np.asarray(xps.asarray(p, device=xps.Device("CPU_DEVICE"))),
                                  scipy.signal.tf2zpk(B, A)[1])  # fmt: skip
    sos = conv.zpk2sos(Z, P, K, xp=xps, device=device)
    assert sos.device == device and sos.shape == (2, 6)


def test_inputs_keep_their_device():
    xps = pytest.importorskip("array_api_strict")
    device = xps.Device("device1")
    b, a = (xps.asarray(v, device=device) for v in (B, A))
    for out in (*conv.tf2zpk(b, a), *conv.tf2ss(b, a), conv.findfreqs(b, a, 5)):
        assert out.device == device


def test_device_moves_foreign_inputs():
    torch = pytest.importorskip("torch")
    num, den = conv.bilinear(torch.asarray(BA_), torch.asarray(AA), 10.0, device="meta")
    assert num.device.type == den.device.type == "meta"
    z, p, k = conv.buttap(3, xp=torch, device="meta")
    assert z.device.type == p.device.type == "meta" and k == 1.0  # SciPy's Python float


def test_xp_overrides_the_inputs_library():
    torch = pytest.importorskip("torch")
    b, a = conv.lp2hp(torch.asarray(BA_), torch.asarray(AA), xp=np)
    assert isinstance(b, np.ndarray) and isinstance(a, np.ndarray)
    want = scipy.signal.lp2hp(BA_, AA)
    np.testing.assert_array_equal(b, want[0])
    np.testing.assert_array_equal(a, want[1])


def test_gain_is_0d_where_scipy_computes_it():
    torch = pytest.importorskip("torch")
    assert isinstance(conv.buttap(3, xp=torch)[2], float)  # SciPy's constant 1.0
    k = conv.cheb1ap(3, 1.0, xp=torch)[2]
    assert isinstance(k, torch.Tensor) and k.ndim == 0 and k.dtype == torch.float64
    assert isinstance(conv.cheb1ap(3, 1.0)[2], np.float64)  # NumPy: SciPy's own scalar


def test_tensors_that_require_grad():
    torch = pytest.importorskip("torch")
    b = torch.asarray(B).requires_grad_()
    _, p, k = conv.tf2zpk(b, torch.asarray(A))
    assert not k.requires_grad
    np.testing.assert_array_equal(p.numpy(), scipy.signal.tf2zpk(B, A)[1])


def test_cont2discrete_keeps_dt_and_lti_instances():
    torch = pytest.importorskip("torch")
    *_, dt = conv.cont2discrete((torch.asarray(BA_), torch.asarray(AA)), 0.25)
    assert dt == 0.25 and isinstance(dt, float)
    system = scipy.signal.lti([1.0, 3.0], [1.0, 2.0])  # proper: no BadCoefficients
    for kwargs in ({}, {"xp": torch}):  # SciPy's classes hold NumPy arrays
        got = conv.cont2discrete(system, 0.1, **kwargs)
        want = scipy.signal.cont2discrete(system, 0.1)
        assert type(got) is type(want)
        np.testing.assert_array_equal(got.den, want.den)
        assert got.dt == want.dt


def test_place_poles_scalars_stay_scalars():
    torch = pytest.importorskip("torch")
    A3 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [-2.0, -3.0, -1.0]])
    B3 = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    poles = np.array([-1.0, -5.0, -3.0])
    got = conv.place_poles(*(torch.asarray(v) for v in (A3, B3, poles)))
    want = scipy.signal.place_poles(A3, B3, poles)
    assert isinstance(got.gain_matrix, torch.Tensor) and isinstance(got.X, torch.Tensor)
    assert type(got.rtol) is type(want.rtol) and type(got.nb_iter) is type(want.nb_iter)
    np.testing.assert_array_equal(got.gain_matrix.numpy(), want.gain_matrix)


# -- SciPy's errors and warnings -----------------------------------------------------------
ERRORS = [
    ("tf2zpk", (B, np.zeros(3)), {}, "at least on nonzero element"),
    ("zpk2sos", (Z, P, K, "closest"), {}, "pairing must be one of"),
    ("zpk2sos", (Z, P, K, "nearest"), {"analog": True}, "for analog zpk2sos conversion"),
    ("zpk2sos", (Z, P, np.asarray(1j)), {}, "k must be real"),
    ("normalize", (B, np.ones((2, 2))), {}, "Denominator polynomial must be rank-1"),
    ("tf2ss", (BR, A[:2]), {}, "Improper transfer function"),
    ("ss2tf", (A2, B2, C2, D2), {"input": 5}, "System does not have the input specified"),
    ("abcd_normalize", (A2,), {}, "Dimension p is undefined"),
    ("abcd_normalize", (A2, B2, C2, D2[:, :1]), {}, "Parameter D has shape"),
    ("cont2discrete", ((B,), 0.1), {}, "First argument must either be a tuple"),
    ("cont2discrete", ((BA_, AA), 0.1, "gbt"), {}, "Alpha parameter must be specified"),
    ("cont2discrete", ((BA_, AA), 0.1, "gbt", 2.0), {}, "Alpha parameter must be within"),
    ("cont2discrete", ((BA_, AA), 0.1, "trapezoid"), {}, "Unknown transformation method"),
    ("place_poles", (A2, B2[:, :1], np.array([-1.0, -1.0])), {}, "requested pole is repeated"),
    ("place_poles", (A2, B2, np.array([-1.0, -2.0]), "XY"), {}, "must be one of 'YT' or"),
    ("place_poles", (A2, B2, np.array([-1.0, -2.0])), {"maxiter": 0}, "maxiter must be at"),
    ("bilinear", (np.ones((2, 2)), AA), {}, "Parameter b is not a 1d array"),
    ("bilinear_zpk", (PA, ZA, KA, 10.0), {}, "Improper transfer function"),
    ("lp2bs_zpk", (PA, ZA, KA), {}, "Improper transfer function"),
    ("residue", (B, np.zeros(2)), {}, "Denominator `a` is zero"),
    ("residuez", (B, np.array([0.0, 1.0])), {}, "First coefficient of determinant `a`"),
    ("unique_roots", (ROOTS,), {"rtype": "median"}, "`rtype` must be one of"),
    ("invres", (R, PR, KR), {"rtype": "median"}, "`rtype` must be one of"),
    ("findfreqs", (B, A, 8, "sos"), {}, "input must be one of"),
    ("buttap", (-1,), {}, "Filter order must be a nonnegative integer"),
    ("ellipap", (2.5, 1.0, 40.0), {}, "Filter order must be a nonnegative integer"),
    ("besselap", (3, "energy"), {}, "normalization not understood"),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "match"), ERRORS, ids=[e[0] for e in ERRORS])
@pytest.mark.parametrize("library", ["numpy", "torch"])
def test_scipy_errors_pass_through(library, name, args, kwargs, match):
    convert = (lambda a: a) if library == "numpy" else pytest.importorskip("torch").asarray
    with pytest.raises(ValueError, match=match) as ours:
        _call(name, args, kwargs, convert)
    with pytest.raises(ValueError) as theirs:
        getattr(scipy.signal, name)(*args, **kwargs)
    assert str(ours.value) == str(theirs.value)


def test_bad_coefficients_is_scipys_and_passes_through():
    torch = pytest.importorskip("torch")
    assert conv.BadCoefficients is scipy.signal.BadCoefficients
    b = torch.asarray([1e-20, 1.0, 2.0], dtype=torch.float64)
    with pytest.warns(scipy.signal.BadCoefficients, match="Badly conditioned"):
        z, _, _ = conv.tf2zpk(b, torch.asarray(A))
    assert isinstance(z, torch.Tensor) and z.shape == (1,)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", conv.BadCoefficients)  # users filter it by class
        conv.normalize(b, torch.asarray(A))


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'GoodCoefficients'"):
        _ = conv.GoodCoefficients


def test_import_is_lazy():
    code = (
        "import sys, sigproc._conversions as c; "
        "heavy = [m for m in ('scipy', 'array_api_compat') if m in sys.modules]; "
        "assert not heavy, heavy; "
        "w = c.BadCoefficients; assert 'scipy.signal' in sys.modules; "
        "assert issubclass(w, UserWarning)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_top_level_names():
    import sigproc

    for name in [*conv.__all__, "BadCoefficients"]:
        if hasattr(sigproc, name):  # exported once sigproc/__init__.py imports _conversions
            assert getattr(sigproc, name) is getattr(conv, name)


@pytest.mark.parametrize("name", ["tf2zpk", "normalize", "tf2sos", "bilinear"])
def test_float32_keeps_scipys_dtypes(name):
    torch = pytest.importorskip("torch")
    b, a = B.astype(np.float32), A.astype(np.float32)
    got = getattr(conv, name)(torch.asarray(b), torch.asarray(a))
    want = getattr(scipy.signal, name)(b, a)
    for g, w in zip(*((got, want) if isinstance(want, tuple) else ((got,), (want,))), strict=True):
        if isinstance(w, np.ndarray):
            assert isinstance(g, torch.Tensor) and g.numpy().dtype == w.dtype
            np.testing.assert_array_equal(g.numpy(), w)
