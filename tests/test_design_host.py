"""Host-side filter design (issue 12, group "design"): SciPy's results, placed back.

Each function equals ``scipy.signal``'s on NumPy arrays and lists; arrays of
another library come back in that library and on that device; ``xp=`` and
``device=`` place the result where no array goes in; scalars stay the scalars
SciPy returns; SciPy's errors pass through.
"""

import inspect

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc
from sigproc import _design

NAMES = [
    "band_stop_obj",
    "buttord",
    "cheb1ord",
    "cheb2ord",
    "ellipord",
    "firls",
    "firwin2",
    "firwin_2d",
    "gammatone",
    "iircomb",
    "iirdesign",
    "kaiser_atten",
    "kaiser_beta",
    "kaiserord",
    "minimum_phase",
    "remez",
    "savgol_coeffs",
]

A = np.asarray
H = scipy.signal.remez(25, [0, 0.1, 0.2, 0.5], [1, 0])  # symmetric taps for minimum_phase

#: (name, args, kwargs): NumPy arrays here travel to each library in TestLibraries.
CASES = [
    ("buttord", (0.2, 0.3, 3, 40), {}),
    ("buttord", (A([0.2, 0.5]), A([0.1, 0.6]), 3, 40), {}),
    ("buttord", ([20.0, 50.0], [14.0, 60.0], 1, 30), {"fs": 200.0}),
    ("buttord", (A([0.1, 0.6]), A([0.2, 0.5]), 3, 40), {}),  # bandstop: band_stop_obj inside
    ("cheb1ord", (0.2, 0.3, 3, 40), {}),
    ("cheb1ord", (A([0.2, 0.5]), A([0.1, 0.6]), 1, 60), {}),
    ("cheb2ord", (10.0, 20.0, 3, 40), {"analog": True}),
    ("cheb2ord", (A([0.1, 0.6]), A([0.2, 0.5]), 2, 50), {}),
    ("ellipord", (20.0, 30.0, 3, 40), {"fs": 100.0}),
    ("ellipord", (A([0.2, 0.5]), A([0.1, 0.6]), 0.5, 60), {}),
    ("iirdesign", (0.2, 0.3, 1, 40), {}),
    ("iirdesign", (A([0.2, 0.5]), A([0.1, 0.6]), 1, 40), {"output": "sos"}),
    ("iirdesign", (A([0.2, 0.5]), A([0.1, 0.6]), 2, 30), {"ftype": "cheby2", "output": "zpk"}),
    ("iirdesign", ([100.0, 200.0], [50.0, 250.0], 3, 40), {"ftype": "butter", "fs": 1000.0}),
    ("band_stop_obj", (3.5, 1, A([1.0, 3.0]), A([1.5, 2.5]), 1, 50, "butter"), {}),
    ("band_stop_obj", (3.5, 1, A([1.0, 3.0]), A([1.5, 2.5]), 1, 50, "cheby"), {}),
    ("band_stop_obj", (0.5, 0, A([1.0, 3.0]), A([1.5, 2.5]), 1, 50, "ellip"), {}),
    ("iircomb", (20.0, 30.0), {"fs": 1000.0}),
    ("iircomb", (0.2, 10.0), {"ftype": "peak", "pass_zero": True}),
    ("gammatone", (440.0, "fir"), {"fs": 16000.0}),
    ("gammatone", (440.0, "iir"), {"fs": 16000.0}),
    ("gammatone", (0.3, "fir"), {"order": 3, "numtaps": 21}),
    ("firwin2", (31, A([0.0, 0.5, 1.0]), A([1.0, 1.0, 0.0])), {}),
    ("firwin2", (30, [0.0, 100.0, 200.0, 500.0], [0.0, 1.0, 1.0, 0.0]), {"fs": 1000.0}),
    ("firwin2", (30, A([0.0, 1.0]), A([0.0, 1.0])), {"antisymmetric": True, "nfreqs": 65}),
    ("firwin2", (21, A([0.0, 0.4, 0.4, 1.0]), A([1.0, 1.0, 0.0, 0.0])), {"window": None}),
    ("firls", (31, A([0.0, 0.3, 0.5, 1.0]), A([1.0, 1.0, 0.0, 0.0])), {}),
    ("firls", (31, [0, 1, 2, 4, 4.5, 5], [0, 0, 1, 1, 0, 0]), {"fs": 10.0}),
    ("firls", (21, A([[0.0, 0.2], [0.4, 1.0]]), A([[1, 1], [0, 0]])), {"weight": A([1.0, 10.0])}),
    ("remez", (25, A([0.0, 0.1, 0.2, 0.5]), A([1.0, 0.0])), {}),
    ("remez", (31, [0, 50, 100, 500], [0, 1]), {"fs": 1000.0, "weight": [10, 1]}),
    ("remez", (20, A([0.05, 0.45]), A([1.0])), {"type": "hilbert", "grid_density": 20}),
    ("remez", (21, A([0.0, 0.4])), {"desired": A([1.0]), "type": "differentiator"}),
    ("kaiserord", (60.0, 0.1), {}),
    ("kaiserord", (20.0, 0.02), {}),
    ("kaiser_beta", (60.0,), {}),
    ("kaiser_beta", (30.0,), {}),
    ("kaiser_beta", (10.0,), {}),
    ("kaiser_atten", (31, 0.1), {}),
    ("minimum_phase", (H,), {}),
    ("minimum_phase", (list(H),), {"method": "hilbert"}),
    ("minimum_phase", (H.astype(np.float32),), {"n_fft": 512}),
    ("minimum_phase", (H, "homomorphic"), {"half": False}),
    ("savgol_coeffs", (7, 2), {}),
    ("savgol_coeffs", (9, 3), {"deriv": 1, "delta": 0.5, "pos": 2, "use": "dot"}),
    ("firwin_2d", ((5, 7), ("hamming", "hann")), {"fc": 0.3}),
    ("firwin_2d", ((9, 9), "hamming"), {"fc": A(0.4), "circular": True}),
    ("firwin_2d", ((7, 5), ["boxcar", ("kaiser", 4.0)]), {"fc": A([0.2, 0.6]), "fs": 2}),
]


def _ids(cases):
    return [f"{name}-{i}" for i, (name, *_) in enumerate(cases)]


def _convert(value, to):
    """`value` with each NumPy array (in tuples and lists too) passed through `to`."""
    if isinstance(value, np.ndarray):
        return to(value)
    if isinstance(value, tuple | list):
        return type(value)(_convert(v, to) for v in value)
    if isinstance(value, dict):
        return {k: _convert(v, to) for k, v in value.items()}
    return value


def _assert_identical(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _assert_identical(g, w)
        return
    assert type(got) is type(want), (type(got), type(want))
    if isinstance(want, np.ndarray | np.generic):
        assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def _assert_placed(got, want, like, dtype=None):
    """Arrays of `want` as `like`'s arrays (values, dtype, device); scalars unchanged."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _assert_placed(g, w, like, dtype)
        return
    if isinstance(want, np.ndarray):
        assert_close(got, want, like=like, dtype=dtype)
    else:
        _assert_identical(got, want)


def test_every_name_is_covered():
    assert sorted({name for name, *_ in CASES}) == sorted(NAMES)
    assert set(NAMES) <= set(_design.__all__)


@pytest.mark.parametrize("name", NAMES)
def test_signature_is_scipys_plus_placement(name):
    want = list(inspect.signature(getattr(scipy.signal, name)).parameters.values())
    got = list(inspect.signature(getattr(_design, name)).parameters.values())
    for g, w in zip(got, want, strict=False):
        assert (g.name, g.kind) == (w.name, w.kind)
        assert g.default == w.default and type(g.default) is type(w.default), g.name
    extras = got[len(want) :]
    assert [p.name for p in extras] in ([], ["xp", "device"])
    assert all(p.kind is p.KEYWORD_ONLY and p.default is None for p in extras)
    # Every function that returns arrays places them; scalar functions take no xp.
    scalar = name in ("band_stop_obj", "kaiserord", "kaiser_beta", "kaiser_atten")
    assert ("xp" in inspect.signature(getattr(_design, name)).parameters) is not scalar


@pytest.mark.parametrize("name", NAMES)
def test_exported_and_documented(name):
    func = getattr(_design, name)
    assert getattr(sigproc, name) is func
    assert getattr(sigproc.filtering, name) is func
    doc = func.__doc__
    assert "on the host" in " ".join(doc.split())
    assert not any(f"{{{field}}}" in doc for field in ("placement", "spec", "refs"))
    for section in ("Parameters", "Returns", "References"):
        assert f"\n    {section}\n    ---" in doc, section
    assert f"``scipy.signal.{name}``" in doc


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES, ids=_ids(CASES))
def test_equals_scipy_on_numpy_and_lists(name, args, kwargs):
    want = getattr(scipy.signal, name)(*args, **kwargs)
    _assert_identical(getattr(_design, name)(*args, **kwargs), want)
    arrays = [v for v in (*args, *kwargs.values()) if isinstance(v, np.ndarray) and v.ndim]
    if arrays and name != "band_stop_obj":  # SciPy's band_stop_obj needs arrays
        list_args, list_kwargs = _convert((args, kwargs), lambda a: a.tolist() if a.ndim else a)
        got = getattr(_design, name)(*list_args, **list_kwargs)
        _assert_identical(got, getattr(scipy.signal, name)(*list_args, **list_kwargs))


ARRAY_CASES = [
    case for case in CASES if any(isinstance(v, np.ndarray) for v in (*case[1], *case[2].values()))
]


class TestLibraries:
    @pytest.mark.parametrize(("name", "args", "kwargs"), ARRAY_CASES, ids=_ids(ARRAY_CASES))
    def test_arrays_come_back_in_their_library(self, lib, name, args, kwargs):
        want = getattr(scipy.signal, name)(*args, **kwargs)
        their_args, their_kwargs = _convert((args, kwargs), lib.asarray)
        got = getattr(_design, name)(*their_args, **their_kwargs)
        _assert_placed(got, want, lib)
        for before, after in zip(
            *(
                [v for v in (*a, *k.values()) if isinstance(v, np.ndarray) or lib.owns(v)]
                for a, k in ((args, kwargs), (their_args, their_kwargs))
            ),
            strict=True,
        ):
            assert_unchanged(before, after, lib)

    @pytest.mark.parametrize(
        ("name", "args", "kwargs"),
        [
            ("buttord", ([0.2, 0.5], [0.1, 0.6], 3, 40), {}),
            ("iirdesign", ([0.2, 0.5], [0.1, 0.6], 1, 40), {"output": "sos"}),
            ("iirdesign", (0.2, 0.3, 1, 40), {"output": "zpk"}),
            ("firwin2", (31, [0.0, 0.5, 1.0], [1.0, 1.0, 0.0]), {}),
            ("firls", (31, [0.0, 0.3, 0.5, 1.0], [1.0, 1.0, 0.0, 0.0]), {}),
            ("remez", (25, [0.0, 0.1, 0.2, 0.5], [1.0, 0.0]), {}),
            ("minimum_phase", (list(H),), {}),
            ("savgol_coeffs", (7, 2), {"deriv": 1}),
            ("firwin_2d", ((5, 7), ("hamming", "hann")), {"fc": 0.3}),
        ],
    )
    def test_xp_places_the_result(self, lib, name, args, kwargs):
        want = getattr(scipy.signal, name)(*args, **kwargs)
        got = getattr(_design, name)(*args, **kwargs, xp=lib.xp, device=lib.device)
        _assert_placed(got, want, lib)

    @pytest.mark.parametrize(
        ("name", "args", "kwargs"),
        [
            ("iircomb", (20.0, 30.0), {"fs": 1000.0}),
            ("gammatone", (440.0, "fir"), {"fs": 16000.0}),
            ("gammatone", (440.0, "iir"), {"fs": 16000.0}),
        ],
    )
    def test_scipys_own_xp(self, lib, name, args, kwargs):
        # SciPy builds these with `xp` itself, in the namespace's default float dtype
        # (float32 for torch): its semantics, kept.
        want = getattr(scipy.signal, name)(*args, **kwargs)
        theirs = getattr(scipy.signal, name)(*args, **kwargs, xp=lib.xp, device=lib.device)
        got = getattr(_design, name)(*args, **kwargs, xp=lib.xp, device=lib.device)
        for g, w, t in zip(got, want, theirs, strict=True):
            assert_close(g, w, like=lib, dtype=lib.to_numpy(t).dtype)

    def test_first_library_wins_and_xp_overrides(self, lib):
        bands, desired = np.array([0.0, 0.3, 0.5, 1.0]), np.array([1.0, 1.0, 0.0, 0.0])
        want = scipy.signal.firls(11, bands, desired)
        _assert_placed(_design.firls(11, bands, lib.asarray(desired)), want, lib)
        got = _design.firls(11, lib.asarray(bands), desired, xp=np)
        _assert_identical(got, want)

    def test_scalars_stay_scalars(self, lib):
        order, wn = _design.buttord(lib.asarray(0.2), 0.3, 3, 40)
        assert (order, wn) == scipy.signal.buttord(0.2, 0.3, 3, 40)
        assert type(order) is int and type(wn) is np.float64
        order, wn = _design.cheb1ord(0.2, 0.3, 3, 40, xp=lib.xp, device=lib.device)
        assert type(wn) is np.float64
        n = _design.band_stop_obj(
            0.15, 0, lib.asarray([0.2, 0.5]), lib.asarray([0.1, 0.6]), 3, 40, "butter"
        )
        assert type(n) is np.float64
        assert n == scipy.signal.band_stop_obj(
            0.15, 0, A([0.2, 0.5]), A([0.1, 0.6]), 3, 40, "butter"
        )


class TestDevices:
    """Device placement without a GPU: array-api-strict's second device, torch's meta."""

    def test_inputs_device_is_kept(self):
        xps = pytest.importorskip("array_api_strict")
        device = xps.Device("device1")
        h = sigproc.minimum_phase(xps.asarray(H, device=device))
        assert h.device == device
        taps = sigproc.firls(11, xps.asarray([0.0, 0.3, 0.5, 1.0], device=device), [1, 1, 0, 0])
        assert taps.device == device
        _, wn = sigproc.buttord(xps.asarray([0.2, 0.5], device=device), [0.1, 0.6], 3, 40)
        assert wn.device == device

    def test_device_argument(self):
        xps = pytest.importorskip("array_api_strict")
        device = xps.Device("device2")
        for coefficients in (
            sigproc.savgol_coeffs(5, 2, xp=xps, device=device),
            *sigproc.iircomb(0.2, 30.0, xp=xps, device=device),
            *sigproc.iirdesign(0.2, 0.3, 1, 40, xp=xps, device=device),
            sigproc.remez(11, [0, 0.1, 0.2, 0.5], [1, 0], xp=xps, device=device),
        ):
            assert coefficients.device == device

    def test_torch_meta_device(self):
        torch = pytest.importorskip("torch")
        taps = sigproc.firwin2(11, [0, 0.5, 1], [1, 1, 0], xp=torch, device="meta")
        assert taps.device.type == "meta" and taps.shape == (11,)
        assert taps.dtype == torch.float64

    def test_torch_tensor_needing_grad(self):
        torch = pytest.importorskip("torch")
        h = torch.asarray(H, requires_grad=True)
        got = sigproc.minimum_phase(h)
        assert isinstance(got, torch.Tensor) and not got.requires_grad
        np.testing.assert_array_equal(got.numpy(), scipy.signal.minimum_phase(H))


#: (call, error class, part of SciPy's message)
ERRORS = [
    (lambda: _design.buttord(0.2, 0.3, 0, 40), ValueError, "gpass should be larger than 0"),
    (lambda: _design.cheb1ord(0.2, 0.3, 40, 3), ValueError, "gpass should be smaller than"),
    (lambda: _design.iirdesign(0.2, 0.3, 1, 40, ftype="foo"), ValueError, "Invalid IIR filter"),
    (
        lambda: _design.iirdesign([0.1, 0.2, 0.3], [0.1, 0.2, 0.3], 1, 40),
        ValueError,
        "one or two elements",
    ),
    (lambda: _design.iirdesign(0.2, 0.3, 1, 40, ftype="bessel"), ValueError, "order selection"),
    (lambda: _design.iircomb(0.3, 30.0), ValueError, "fs must be divisible by w0"),
    (lambda: _design.iircomb(0.2, 30.0, ftype="x"), ValueError, "notch or peak"),
    (lambda: _design.gammatone(0.2, "x"), ValueError, "fir or iir"),
    (lambda: _design.gammatone(0.2, "fir", order=30), ValueError, "Invalid order"),
    (lambda: _design.gammatone(2000, "fir", fs=2000), ValueError, "frequency must be between"),
    (lambda: _design.firwin2(11, [0, 0.5, 1], [1, 0]), ValueError, "same length"),
    (lambda: _design.firwin2(10, [0, 0.5, 1], [1, 1, 1]), ValueError, "Type II filter"),
    (lambda: _design.firls(10, [0, 0.3, 0.5, 1], [1, 1, 0, 0]), ValueError, "must be odd"),
    (lambda: _design.firls(11, [0, 0.3, 0.5], [1, 1, 0]), ValueError, "frequency pairs"),
    (
        lambda: _design.firls(11, [0, 0.3, 0.5, 1], [1, 1, 0, 0], weight=[-1, 1]),
        ValueError,
        "weight must be non-negative",
    ),
    (
        lambda: _design.firwin2(11, [0, 0.5, 1], [1, 1, 0], nfreqs=5),
        ValueError,
        "ntaps must be less than nfreqs",
    ),
    (lambda: _design.remez(11, [0, 0.1, 0.2, 0.5], [1, 0], type="x"), ValueError, "Type must"),
    (lambda: _design.remez(11, [0, 0.1, 0.2, 0.5], [1, 0, 1]), ValueError, "same length"),
    (lambda: _design.kaiserord(5, 0.1), ValueError, "too small for the Kaiser"),
    (lambda: _design.minimum_phase(np.ones((3, 3))), ValueError, "1-D and at least 2"),
    (lambda: _design.minimum_phase(H, method="x"), ValueError, "method must be"),
    (
        lambda: _design.minimum_phase(H, method="hilbert", half=False),
        ValueError,
        "only supported when",
    ),
    (lambda: _design.savgol_coeffs(5, 2, pos=7), ValueError, "pos must be nonnegative"),
    (lambda: _design.savgol_coeffs(5, 5), ValueError, "polyorder must be less"),
    (lambda: _design.savgol_coeffs(5, 2, use="x"), ValueError, "'conv' or 'dot'"),
    (
        lambda: _design.band_stop_obj(0.15, 0, A([0.2, 0.5]), A([0.1, 0.6]), 3, 40, "x"),
        ValueError,
        "Incorrect type",
    ),
    (lambda: _design.firwin_2d((5,), "hamming", fc=0.3), ValueError, "hsize must be a 2-element"),
    (lambda: _design.firwin_2d((5, 5), "hann", circular=True), ValueError, "must be provided"),
    (lambda: _design.firwin_2d((5, 5), "hann", fc=0.3), ValueError, "window must be a 2-element"),
]


@pytest.mark.parametrize(("call", "error", "match"), ERRORS)
def test_scipys_errors_pass_through(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_errors_with_foreign_arrays(lib):
    with pytest.raises(ValueError, match="must be odd"):
        _design.firls(10, lib.asarray([0, 0.3, 0.5, 1]), lib.asarray([1, 1, 0, 0]))
    with pytest.raises(ValueError, match="1-D and at least 2"):
        _design.minimum_phase(lib.asarray(np.ones((3, 3))))


def test_asymmetric_taps_warn_as_scipy():
    with pytest.warns(RuntimeWarning, match="does not appear to by symmetric"):
        _design.minimum_phase(np.arange(5.0))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda bad: _design.firwin2(11, [0, bad, 1], [1, 1, 0]), "freq"),
        (lambda bad: _design.firwin2(11, [0, 0.5, 1], [1, bad, 0]), "gain"),
        (lambda bad: _design.firls(11, [0, bad, 0.5, 1], [1, 1, 0, 0]), "bands"),
        (lambda bad: _design.firls(11, [0, 0.3, 0.5, 1], [1, 1, bad, 0]), "desired"),
        (lambda bad: _design.firls(11, [0, 0.3, 0.5, 1], [1, 1, 0, 0], weight=[1, bad]), "weight"),
        (lambda bad: _design.remez(11, [0, bad, 0.2, 0.5], [1, 0]), "bands"),
        (lambda bad: _design.remez(11, [0, 0.1, 0.2, 0.5], [bad, 0]), "desired"),
        (lambda bad: _design.remez(11, [0, 0.1, 0.2, 0.5], [1, 0], weight=[bad, 1]), "weight"),
        (lambda bad: _design.firwin_2d((5, 5), ("hann", "hann"), fc=bad), "fc"),
    ],
)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_specifications_are_rejected(call, name, bad):
    # SciPy returns NaN taps (firls) or a filter for another response (firwin2).
    with pytest.raises(ValueError, match=f"{name} must be finite"):
        call(bad)


def test_non_finite_check_reads_foreign_arrays(lib):
    with pytest.raises(ValueError, match="bands must be finite"):
        _design.firls(11, lib.asarray([0, np.nan, 0.5, 1]), [1, 1, 0, 0])
