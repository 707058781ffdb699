"""A pytest plugin that runs SciPy's own signal tests against sigproc.

Loaded with ``-p sigproc_suite_plugin`` into a pytest run of SciPy's installed
test files, it replaces every ``scipy.signal`` and ``scipy.fft`` function that
sigproc declares with sigproc's, run under ``set_backend(BACKEND, only=True)``
(``SIGPROC_SUITE_BACKEND``, default ``"array_api"``: the portable code on NumPy
arrays). Array-like signals (lists) become NumPy arrays first, as SciPy takes
them. On the torch, dask and JAX backends, signals are converted to the
backend's arrays (dask: the last axis in 2-3 chunks where it has 4 samples or
more, to exercise the chunked paths; JAX with float64 enabled) and results come
back as NumPy arrays, computed outside the block (dask's chunks run with their
own library's backend). SciPy's tests then judge sigproc by SciPy's own
expectations, messages included. See ``tests/test_scipy_suite.py`` for how to
run it.
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
#: Backends whose arrays are not NumPy's: signals are converted, results come back.
_FOREIGN = ("torch", "dask", "jax")
#: The errors for a transform whose axis spans several chunks, the dask backend's
#: (``backends/dask/_tools.py::require_one_chunk``) and dask.array.fft's (the portable
#: code's FFTs on dask arrays): by design such calls need one chunk, so they are
#: retried on one chunk per axis.
_ONE_CHUNK = ("of the dask array in one chunk", "only supports taking an FFT along an axis")
#: The dask backend's errors for a FIR kernel in several chunks, or a 'valid' mode
#: kernel longer than the chunked signal (``backends/dask/_fir.py``): by design the
#: call is retried with the first signal chunked and the others whole, then all whole.
_KERNEL_CHUNK = ("needs the kernel", "must then be one chunk")


def _dask_chunks(shape):
    """The last axis in 2-3 chunks where it is long enough (the chunked paths), else one."""
    if not shape or shape[-1] < 4:
        return shape
    n = shape[-1]
    parts = 2 if n < 12 else 3
    return (*shape[:-1], -(-n // parts))


def _to_backend(value, *, whole=False):
    value = np.asarray(value)
    if BACKEND == "torch":
        import torch

        return torch.asarray(value.copy(order="C"))  # torch takes no negative strides
    if BACKEND == "dask":
        import dask.array as da

        return da.from_array(value, chunks=value.shape if whole else _dask_chunks(value.shape))
    if BACKEND == "jax":
        import jax.numpy as jnp

        return jnp.asarray(value)
    return value


def _to_numpy(value):
    if isinstance(value, tuple | list):
        return type(value)(_to_numpy(v) for v in value)
    if isinstance(value, dict):  # find_peaks' properties
        return {k: _to_numpy(v) for k, v in value.items()}
    if hasattr(value, "detach"):  # torch results come back as NumPy for SciPy's asserts
        return value.detach().cpu().numpy()
    if hasattr(value, "compute") and hasattr(value, "__dask_graph__"):
        value = np.asarray(value.compute())
        return value if value.flags.writeable else value.copy()
    if type(value).__module__.startswith("jax"):
        return np.array(value)  # a writable copy (SciPy's tests may write to results)
    return value


def _convert(value, converted, whole=False):
    """A signal argument for the forced backend (one array per object: csd(x, x))."""
    if value is None or isinstance(value, str):
        return value  # strings select host work (gausspulse("cutoff"))
    if BACKEND not in _FOREIGN and hasattr(value, "shape"):
        return value  # NumPy arrays as they are: the backend runs on them
    if id(value) not in converted:
        converted[id(value)] = _to_backend(value, whole=whole)
    return converted[id(value)]


def _wrap(public, signals):
    signature = inspect.signature(public)
    # A public function in front of its multimethod (group_delay(system) before
    # group_delay_ba(b, a)) takes the signals in its first parameter, as a tuple.
    names = [n for n in signals if n in signature.parameters] or [next(iter(signature.parameters))]

    def run(args, kwargs, whole):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            bound = None  # let the public function report it
        if bound is not None:
            converted = {}
            for i, name in enumerate(names):
                value = bound.arguments.get(name)
                one = whole is True or (whole == "rest" and i > 0)
                if isinstance(value, tuple) and name not in signals:
                    bound.arguments[name] = tuple(_convert(v, converted, one) for v in value)
                elif name in bound.arguments:
                    bound.arguments[name] = _convert(value, converted, one)
            args, kwargs = bound.args, bound.kwargs
        with sigproc.set_backend(BACKEND, only=True):
            result = public(*args, **kwargs)
        return _to_numpy(result)  # outside the block: dask's chunks run their own backend

    @functools.wraps(public)
    def call(*args, **kwargs):
        if BACKEND != "dask":
            return run(args, kwargs, False)
        for whole in (False, "rest"):
            try:
                return run(args, kwargs, whole)
            except ValueError as e:
                # By design (docs/design.md) FIR kernels are one chunk and whole-axis
                # transforms (FFTs, hilbert, resample, periodogram) need the axis in
                # one chunk: such calls run again on fewer chunks.
                if whole is False and any(m in str(e) for m in _KERNEL_CHUNK):
                    continue
                if not any(m in str(e) for m in (*_ONE_CHUNK, *_KERNEL_CHUNK)):
                    raise
                break
        return run(args, kwargs, True)

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
    # Other backends call SciPy too (torch's IIR runs SciPy's loop on CPU tensors).
    from sigproc import backends

    for info in pkgutil.walk_packages(backends.__path__, "sigproc.backends."):
        try:
            importlib.import_module(info.name)
        except ImportError:  # a backend whose library is not installed
            continue
    originals = _Originals()
    for name, module in list(sys.modules.items()):
        if name.startswith("sigproc.") and getattr(module, "scipy", None) is scipy:
            module.scipy = originals


def pytest_configure(config):
    from scipy._lib._array_api import xp_capabilities_table

    if BACKEND == "jax":
        import jax

        jax.config.update("jax_enable_x64", True)  # SciPy's tests are float64

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
