"""scipy.fft interop, both ways.

- :func:`from_scipy_fft` turns an existing scipy.fft backend (a uarray
  backend of domain ``"numpy.scipy.fft"``, such as
  ``pyfftw.interfaces.scipy_fft`` or ``cupyx.scipy.fft``) into a sigproc
  backend serving ``sigproc.fft``.
- :func:`to_scipy_fft` turns a sigproc backend into a scipy.fft backend, so
  that existing ``scipy.fft`` code runs on, say, torch tensors:
  ``with scipy.fft.set_backend(sigproc.dispatch.to_scipy_fft("torch")): ...``.
"""

from __future__ import annotations

import importlib

from ._backend import Backend
from ._control import resolve
from ._multimethod import registry

__all__ = ["from_scipy_fft", "to_scipy_fft"]

SCIPY_FFT_DOMAIN = "numpy.scipy.fft"


class ScipyFFTBackend(Backend):
    """A sigproc backend running ``sigproc.fft`` through a scipy.fft backend."""

    def __init__(self, scipy_backend, name, array_types):
        super().__init__(name)
        self.scipy_backend = scipy_backend
        self.array_types = array_types
        import scipy.fft

        # Every declared sigproc.fft multimethod (the transforms and shifts).
        for name, public in list(registry.items()):
            if name.startswith("fft."):
                target = getattr(scipy.fft, name.removeprefix("fft."))
                self.implements(public)(self._forwarder(target))

    def _forwarder(self, target):
        # Straight to the backend's __ua_function__: the arrays are already its own,
        # and scipy.fft.set_backend would show uarray 0.9's stray warning (gh-237).
        def forward(*args, **kwargs):
            out = self.scipy_backend.__ua_function__(target, args, kwargs)
            if out is NotImplemented:
                raise NotImplementedError(
                    f"{self.name} does not implement scipy.fft.{target.__name__}"
                )
            return out

        forward.__name__ = forward.__qualname__ = target.__name__
        return forward

    def owns(self, value):
        return isinstance(value, self.array_types)

    def describe(self):
        return " or ".join(f"{t.__module__.split('.')[0]}.{t.__name__}" for t in self.array_types)

    def convert(self, value, like=None):
        library = importlib.import_module(self.array_types[0].__module__.split(".")[0])
        return library.asarray(value)

    def __reduce__(self):  # not registered by name unless the user registers it
        return from_scipy_fft, (self.scipy_backend, self.name, self.array_types)


def from_scipy_fft(scipy_backend, name=None, array_types=None):
    """Serve ``sigproc.fft`` with an existing scipy.fft backend.

    Parameters
    ----------
    scipy_backend : object
        A uarray backend of domain ``"numpy.scipy.fft"``, e.g. the module
        ``pyfftw.interfaces.scipy_fft`` or ``cupyx.scipy.fft``.
    name : str, optional
        The sigproc backend's name; defaults to the backend's module name.
    array_types : tuple of type, optional
        Arrays it accepts; defaults to ``(cupy.ndarray,)`` for cupyx and
        ``(numpy.ndarray,)`` otherwise.

    Returns
    -------
    Backend
        Use it with ``sigproc.set_backend(...)`` or ``register_backend``.

    Raises
    ------
    TypeError
        If `scipy_backend` is not a scipy.fft backend.
    """
    if getattr(scipy_backend, "__ua_domain__", None) != SCIPY_FFT_DOMAIN:
        raise TypeError(
            f"scipy_backend must have __ua_domain__ == {SCIPY_FFT_DOMAIN!r}, got {scipy_backend!r}"
        )
    module = getattr(scipy_backend, "__name__", type(scipy_backend).__module__)
    if array_types is None:
        if module.startswith("cupyx"):
            import cupy

            array_types = (cupy.ndarray,)
        else:
            import numpy

            array_types = (numpy.ndarray,)
    return ScipyFFTBackend(scipy_backend, name or module, tuple(array_types))


class ToScipyFFT:
    """A scipy.fft backend running a sigproc backend's FFT implementations."""

    __ua_domain__ = SCIPY_FFT_DOMAIN

    def __init__(self, backend):
        self.backend = backend

    def __repr__(self):
        return f"<scipy.fft backend from sigproc backend {self.backend.name!r}>"

    def __ua_convert__(self, dispatchables, coerce):
        out = []
        for d in dispatchables:
            value = d.value
            if value is None or self.backend.owns(value):
                out.append(value)
            elif coerce and d.coercible:
                out.append(self.backend.convert(value))
            else:
                return NotImplemented
        return out

    def __ua_function__(self, method, args, kwargs):
        public = registry.get(f"fft.{method.__name__}")
        if public is None:
            return NotImplemented
        impl, _, _ = self.backend.choose(public.multimethod, args, kwargs)
        if impl is None:
            return NotImplemented
        return impl(*args, **kwargs)


def to_scipy_fft(backend):
    """A scipy.fft backend that runs `backend`'s ``sigproc.fft`` implementations.

    Parameters
    ----------
    backend : str or Backend
        A sigproc backend, e.g. ``"torch"``.

    Returns
    -------
    object
        For ``scipy.fft.set_backend(...)``: ``scipy.fft.rfft(tensor)`` then
        returns a tensor on the tensor's device.
    """
    return ToScipyFFT(resolve(backend))
