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
import inspect
import os

import numpy as np
import scipy.fft
import scipy.signal

import sigproc
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


def _wrap(public):
    signature = inspect.signature(public)
    signals = public.signal_args

    @functools.wraps(public)
    def call(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            bound = None  # let the public function report it
        if bound is not None:
            converted = {}  # one array per object: csd(x, x) must stay csd(x, x)
            for name in signals:
                value = bound.arguments.get(name)
                if value is not None and (BACKEND == "torch" or not hasattr(value, "shape")):
                    if id(value) not in converted:
                        converted[id(value)] = _to_backend(value)
                    bound.arguments[name] = converted[id(value)]
            args, kwargs = bound.args, bound.kwargs
        with sigproc.set_backend(BACKEND, only=True):
            return _to_numpy(public(*args, **kwargs))

    return call


def pytest_configure(config):
    from scipy._lib._array_api import xp_capabilities_table

    for name, public in list(registry.items()):
        if name.startswith("dispatch_"):
            continue
        module, attr = (scipy.fft, name[4:]) if name.startswith("fft.") else (scipy.signal, name)
        original = getattr(module, attr, None)
        if original is None:
            continue
        wrapper = _wrap(public)
        setattr(module, attr, wrapper)
        # SciPy's tests look their functions up in its array-API capabilities table.
        if original in xp_capabilities_table:
            xp_capabilities_table[wrapper] = xp_capabilities_table[original]
