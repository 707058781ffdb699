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
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, cast

from ._backend import Backend
from ._control import resolve
from ._multimethod import registry
from ._protocols import Dispatchable

__all__ = ["from_scipy_fft", "to_scipy_fft"]

SCIPY_FFT_DOMAIN = "numpy.scipy.fft"


class ScipyFFTBackendLike(Protocol):
    """A scipy.fft backend: a uarray backend (often a module) of domain "numpy.scipy.fft"."""

    @property
    def __ua_domain__(self) -> str:
        """``"numpy.scipy.fft"``."""

    def __ua_function__(
        self, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], /
    ) -> Any:
        """Run a scipy.fft function, or return NotImplemented."""


class ScipyFFTBackend(Backend):
    """A sigproc backend running ``sigproc.fft`` through a scipy.fft backend."""

    def __init__(
        self, scipy_backend: ScipyFFTBackendLike, name: str, array_types: tuple[type, ...]
    ) -> None:
        super().__init__(name)
        self.scipy_backend = scipy_backend
        self.array_types = array_types
        import scipy.fft

        # Every declared sigproc.fft multimethod (the transforms and shifts).
        for name, public in list(registry.items()):
            if name.startswith("fft."):
                target = getattr(scipy.fft, name.removeprefix("fft."))
                self.implements(public)(self._forwarder(target))

    def _forwarder(self, target: Callable[..., Any]) -> Callable[..., Any]:
        # Straight to the backend's __ua_function__: the arrays are already its own,
        # and scipy.fft.set_backend would show uarray 0.9's stray warning (gh-237).
        def forward(*args: Any, **kwargs: Any) -> Any:
            out = self.scipy_backend.__ua_function__(target, args, kwargs)
            if out is NotImplemented:
                raise NotImplementedError(
                    f"{self.name} does not implement scipy.fft.{target.__name__}"
                )
            return out

        forward.__name__ = forward.__qualname__ = target.__name__
        return forward

    def owns(self, value: object) -> bool:
        return isinstance(value, self.array_types)

    def describe(self) -> str:
        return " or ".join(f"{t.__module__.split('.')[0]}.{t.__name__}" for t in self.array_types)

    def convert(self, value: Any, like: Any = None) -> Any:
        library = importlib.import_module(self.array_types[0].__module__.split(".")[0])
        return library.asarray(value)

    # Not registered by name unless the user registers it.
    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return from_scipy_fft, (self.scipy_backend, self.name, self.array_types)


def from_scipy_fft(
    scipy_backend: ScipyFFTBackendLike,
    name: str | None = None,
    array_types: Iterable[type] | None = None,
) -> Backend:
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

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def __repr__(self) -> str:
        return f"<scipy.fft backend from sigproc backend {self.backend.name!r}>"

    # Returns the converted values, or NotImplemented (which mypy types as Any).
    def __ua_convert__(self, dispatchables: Sequence[Dispatchable[object]], coerce: bool) -> Any:
        out: list[Any] = []
        for d in dispatchables:
            value = d.value
            if value is None or self.backend.owns(value):
                out.append(value)
            elif coerce and d.coercible:
                out.append(self.backend.convert(value))
            else:
                return NotImplemented
        return out

    def __ua_function__(
        self, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        public = registry.get(f"fft.{method.__name__}")
        if public is None:
            return NotImplemented
        impl, _, _ = self.backend.choose(public.multimethod, args, kwargs)
        if impl is None:
            return NotImplemented
        return impl(*args, **kwargs)


def to_scipy_fft(backend: str | Backend) -> ToScipyFFT:
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
    return ToScipyFFT(cast("Backend", resolve(backend)))
