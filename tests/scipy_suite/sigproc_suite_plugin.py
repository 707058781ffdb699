"""A pytest plugin that runs SciPy's own signal tests against sigproc.

Loaded with ``-p sigproc_suite_plugin`` into a pytest run of SciPy's installed
test files, it replaces every ``scipy.signal`` and ``scipy.fft`` function that
sigproc declares with sigproc's, run under ``set_backend(BACKEND, only=True)``
(``SIGPROC_SUITE_BACKEND``, default ``"array_api"``: the portable code on NumPy
arrays). Array-like signals (lists) become NumPy arrays first, as SciPy takes
them. SciPy's tests then judge sigproc by SciPy's own expectations, messages
included. See ``tests/test_scipy_suite.py`` for how to run it.
"""

import functools
import importlib
import inspect
import os
import pkgutil
import sys
import types

import numpy as np
import scipy
import scipy.fft
import scipy.signal

import sigproc
import sigproc._core
import sigproc.fft
from sigproc.dispatch._multimethod import registry

BACKEND = os.environ.get("SIGPROC_SUITE_BACKEND", "array_api")


def _to_backend(value):
    value = np.asarray(value)
    if BACKEND != "torch":
        return value
    import torch

    return torch.asarray(value.copy(order="C"))  # torch takes no negative strides


def _to_numpy(value):
    if isinstance(value, tuple):
        return tuple(_to_numpy(v) for v in value)
    if hasattr(value, "detach"):  # torch results come back as NumPy for SciPy's asserts
        return value.detach().cpu().numpy()
    return value


def _convert(value, converted):
    """A signal argument for the forced backend (one array per object: csd(x, x))."""
    if value is None or isinstance(value, str):
        return value  # strings select host work (gausspulse("cutoff"))
    if BACKEND != "torch" and hasattr(value, "shape"):
        return value  # NumPy arrays as they are: the backend runs on them
    if id(value) not in converted:
        converted[id(value)] = _to_backend(value)
    return converted[id(value)]


def _wrap(public, signals):
    signature = inspect.signature(public)
    # A public function in front of its multimethod (group_delay(system) before
    # group_delay_ba(b, a)) takes the signals in its first parameter, as a tuple.
    names = [n for n in signals if n in signature.parameters] or [next(iter(signature.parameters))]

    @functools.wraps(public)
    def call(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            bound = None  # let the public function report it
        if bound is not None:
            converted = {}
            for name in names:
                value = bound.arguments.get(name)
                if isinstance(value, tuple) and name not in signals:
                    bound.arguments[name] = tuple(_convert(v, converted) for v in value)
                elif name in bound.arguments:
                    bound.arguments[name] = _convert(value, converted)
            args, kwargs = bound.args, bound.kwargs
        with sigproc.set_backend(BACKEND, only=True):
            return _to_numpy(public(*args, **kwargs))

    return call


class _Originals:
    """``scipy`` as sigproc's own modules see it: ``signal`` and ``fft`` unpatched.

    The numpy backend calls SciPy's functions; once the harness has replaced them
    with sigproc's, those calls would come back to sigproc (endless recursion).
    """

    def __init__(self):
        self.signal = types.ModuleType("scipy.signal")
        self.signal.__dict__.update(vars(scipy.signal))
        self.fft = types.ModuleType("scipy.fft")
        self.fft.__dict__.update(vars(scipy.fft))

    def __getattr__(self, name):
        return getattr(scipy, name)


def _unpatched_scipy_for_sigproc():
    # Modules that call SciPy load lazily: load them before the patching.
    from sigproc.backends.numpy import _MODULES

    for name in _MODULES:
        importlib.import_module(name)
    for info in pkgutil.iter_modules(sigproc._core.__path__, "sigproc._core."):
        importlib.import_module(info.name)
    originals = _Originals()
    for name, module in list(sys.modules.items()):
        if name.startswith("sigproc.") and getattr(module, "scipy", None) is scipy:
            module.scipy = originals


def pytest_configure(config):
    from scipy._lib._array_api import xp_capabilities_table

    _unpatched_scipy_for_sigproc()

    for name, public in list(registry.items()):
        if name.startswith("dispatch_"):
            continue
        module, attr = (scipy.fft, name[4:]) if name.startswith("fft.") else (scipy.signal, name)
        original = getattr(module, attr, None)
        if original is None:
            continue
        # the function users call (a front, such as group_delay, where there is one)
        ours = getattr(sigproc.fft if module is scipy.fft else sigproc, attr, public)
        wrapper = _wrap(ours, public.signal_args)
        setattr(module, attr, wrapper)
        # SciPy's tests look their functions up in its array-API capabilities table.
        if original in xp_capabilities_table:
            xp_capabilities_table[wrapper] = xp_capabilities_table[original]
