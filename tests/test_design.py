"""Filter design: sigproc returns exactly SciPy's coefficients."""

import inspect

import numpy as np
import pytest
import scipy.signal

from sigproc import _design


def _unannotated(func):
    """The signature of `func` without annotations: SciPy's functions have none."""
    sig = inspect.signature(func)
    return sig.replace(
        parameters=[p.replace(annotation=p.empty) for p in sig.parameters.values()],
        return_annotation=sig.empty,
    )


CASES = [
    ("butter", (4, 0.2), {}),
    ("butter", (3, [0.1, 0.4]), {"btype": "bandpass", "output": "sos"}),
    ("butter", (5, 50.0), {"btype": "highpass", "fs": 1000.0, "output": "zpk"}),
    ("butter", (2, 10.0), {"analog": True}),
    ("cheby1", (4, 1.0, 0.3), {}),
    ("cheby1", (3, 0.5, [40.0, 90.0]), {"btype": "bandstop", "fs": 400.0, "output": "sos"}),
    ("cheby2", (4, 40.0, 0.3), {"output": "zpk"}),
    ("cheby2", (6, 60.0, 0.25), {"btype": "high", "output": "sos"}),
    ("ellip", (4, 0.5, 50.0, 0.3), {}),
    ("ellip", (3, 1.0, 40.0, [0.2, 0.5]), {"btype": "band", "output": "sos"}),
    ("bessel", (4, 0.2), {}),
    ("bessel", (5, 100.0), {"norm": "mag", "fs": 1000.0, "output": "sos"}),
    ("iirfilter", (4, [0.1, 0.3]), {}),
    ("iirfilter", (4, 0.3), {"rp": 1.0, "rs": 40.0, "btype": "low", "ftype": "ellip"}),
    (
        "iirfilter",
        (3, [50.0, 150.0]),
        {"ftype": "cheby2", "rs": 30.0, "fs": 500.0, "output": "sos"},
    ),
    ("iirnotch", (0.25, 30.0), {}),
    ("iirnotch", (60.0, 35.0), {"fs": 1000.0}),
    ("iirpeak", (0.1, 10.0), {}),
    ("iirpeak", (1000.0, 5.0), {"fs": 44100.0}),
    ("firwin", (51, 0.3), {}),
    ("firwin", (51, [0.2, 0.5]), {"pass_zero": False, "window": ("kaiser", 8.0)}),
    ("firwin", (65, 100.0), {"width": 20.0, "fs": 1000.0, "pass_zero": "highpass"}),
    ("firwin", (40, [0.2, 0.4, 0.6]), {"scale": False}),
]


def _assert_identical(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _assert_identical(g, w)
        return
    assert type(got) is type(want)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_matches_scipy_exactly(name, args, kwargs):
    got = getattr(_design, name)(*args, **kwargs)
    _assert_identical(got, getattr(scipy.signal, name)(*args, **kwargs))


@pytest.mark.parametrize("name", _design.__all__)
def test_signature_is_scipys(name):
    # Names, order, kinds and defaults; our annotations are for type checkers only.
    # After SciPy's parameters, only the keyword-only placement extras xp=, device=.
    ours = list(_unannotated(getattr(_design, name)).parameters.values())
    theirs = list(_unannotated(getattr(scipy.signal, name)).parameters.values())
    assert ours[: len(theirs)] == theirs
    assert [p.name for p in ours[len(theirs) :]] in ([], ["xp", "device"])


@pytest.mark.parametrize("bad", [np.nan, np.inf, [0.1, np.nan], [-np.inf, 0.5]])
@pytest.mark.parametrize(
    "design",
    [
        lambda wn: _design.butter(4, wn, btype="band" if np.ndim(wn) else "low"),
        lambda wn: _design.cheby1(4, 1.0, wn, btype="band" if np.ndim(wn) else "low"),
        lambda wn: _design.cheby2(4, 40.0, wn, btype="band" if np.ndim(wn) else "low"),
        lambda wn: _design.ellip(4, 1.0, 40.0, wn, btype="band" if np.ndim(wn) else "low"),
        lambda wn: _design.bessel(4, wn, btype="band" if np.ndim(wn) else "low"),
        lambda wn: _design.iirfilter(4, wn, btype="band" if np.ndim(wn) else "low"),
    ],
)
def test_non_finite_wn_is_rejected(design, bad):
    with pytest.raises(ValueError, match="Wn must be finite"):
        design(bad)


@pytest.mark.parametrize("name", ["iirnotch", "iirpeak"])
def test_non_finite_w0_is_rejected(name):
    with pytest.raises(ValueError, match="w0 must be finite"):
        getattr(_design, name)(np.nan, 30.0)


def test_non_finite_cutoff_is_rejected():
    with pytest.raises(ValueError, match="cutoff must be finite"):
        _design.firwin(31, [0.2, np.inf])


def test_scipy_errors_pass_through():
    with pytest.raises(ValueError):
        _design.butter(4, 1.5)  # digital Wn beyond Nyquist
    with pytest.raises(ValueError):
        _design.butter(4, 0.2, output="xyz")
    with pytest.raises(ValueError):
        _design.firwin(30, 0.3, pass_zero=False)  # even length with a passband at Nyquist


def test_top_level_names():
    import sigproc

    for name in _design.__all__:
        if hasattr(sigproc, name):  # exported once sigproc/__init__.py imports _design
            assert getattr(sigproc, name) is getattr(_design, name)
