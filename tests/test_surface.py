"""The public surface: every callable of SciPy's ``signal``, ``signal.windows`` and ``fft``.

sigproc promises ``import sigproc as signal`` works for a SciPy script: each
public callable of those modules exists here with SciPy's parameter names,
order, kinds and defaults (keyword-only extras such as ``xp=``/``device=``
allowed after them).
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import scipy.fft
import scipy.signal
import scipy.signal.windows

import sigproc
import sigproc.fft
import sigproc.windows

#: SciPy's backend controls are uarray's, not transforms: sigproc has its own.
_FFT_CONTROLS = {"set_backend", "skip_backend", "set_global_backend", "register_backend"}


def _callables(module, exclude=()):
    return sorted(n for n in module.__all__ if n not in exclude and callable(getattr(module, n)))


#: (sigproc module, SciPy module, names)
SURFACE = [
    (sigproc, scipy.signal, _callables(scipy.signal)),
    (sigproc.windows, scipy.signal.windows, _callables(scipy.signal.windows)),
    (sigproc.fft, scipy.fft, _callables(scipy.fft, _FFT_CONTROLS)),
]
CASES = [(ours, theirs, name) for ours, theirs, names in SURFACE for name in names]


def _label(module, name):
    return f"{module.__name__}.{name}"


def test_count():
    # 157 scipy.signal + 26 windows (get_window in both) + 37 scipy.fft
    assert len({_label(t, n) for t, _, n in ((o, o, n) for o, _, n in CASES)}) == 220


def test_every_callable_exists():
    missing = {_label(ours, name) for ours, _, name in CASES if not hasattr(ours, name)}
    assert missing == set(), "missing from sigproc"


#: SciPy callables without a text signature (builtins), written out here.
_BUILTIN_SIGNATURES = {"sepfir2d": inspect.signature(lambda input, hrow, hcol: None)}


def _scipy_signature(func):
    try:
        return inspect.signature(func)
    except ValueError:  # a builtin without a text signature: SciPy 1.17's sepfir2d
        return _BUILTIN_SIGNATURES[func.__name__]


def _same_default(a, b):
    if a is b:
        return True
    if type(a) is object and type(b) is object:
        return True  # "no value" sentinels (SciPy's _NoValue)
    try:
        return bool(np.all(a == b)) and type(a) is type(b)
    except Exception:
        return repr(a) == repr(b)


@pytest.mark.parametrize(("ours", "theirs", "name"), CASES, ids=[_label(o, n) for o, _, n in CASES])
def test_parameters_match_scipy(ours, theirs, name):
    if getattr(ours, name) is getattr(theirs, name):
        return  # SciPy's own object (BadCoefficients, a warning class)
    want = list(_scipy_signature(getattr(theirs, name)).parameters.values())
    got = list(inspect.signature(getattr(ours, name)).parameters.values())
    assert [p.name for p in got[: len(want)]] == [p.name for p in want]
    for g, w in zip(got, want, strict=False):
        assert g.kind == w.kind, f"{g.name}: {g.kind} != {w.kind}"
        assert _same_default(g.default, w.default), f"{g.name}: {g.default!r} != {w.default!r}"
    for extra in got[len(want) :]:
        assert extra.kind in (extra.KEYWORD_ONLY, extra.VAR_KEYWORD), f"extra {extra.name}"
