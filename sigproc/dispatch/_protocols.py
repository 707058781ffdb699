"""Static types of the duck-typed objects the dispatch framework passes around.

uarray ships no type stubs, and the public functions are plain functions that
carry extra attributes; these protocols describe what dispatch relies on. They
are for type checkers: nothing checks them at run time. This module imports no
other sigproc module, so that every dispatch module can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, Protocol, TypeVar

__all__ = ["Dispatchable", "Multimethod", "PublicFunction", "UABackend"]

P = ParamSpec("P")
R_co = TypeVar("R_co", covariant=True)
T_co = TypeVar("T_co", covariant=True)


class Dispatchable(Protocol[T_co]):
    """A ``uarray.Dispatchable``: one argument a backend converts, with its role."""

    @property
    def value(self) -> Any:
        """The argument's value (an array of any library, or None)."""

    @property
    def type(self) -> T_co:
        """The dispatch type: a ``Role`` for sigproc, an array type for scipy.fft."""

    @property
    def coercible(self) -> bool:
        """Whether a backend may convert the value under ``coerce=True``."""


class Multimethod(Protocol):
    """A uarray multimethod of the ``"sigproc"`` domain (what backends receive as `method`)."""

    #: Public name of the function it serves ("welch", "fft.rfft").
    sigproc_name: str

    @property
    def arg_extractor(self) -> Callable[..., tuple[Dispatchable[Any], ...]]:
        """The generated function returning the call's dispatchables."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Dispatch a call through uarray."""


class PublicFunction(Protocol[P, R_co]):
    """A public sigproc function: its declaration's signature, plus dispatch attributes.

    What :func:`sigproc.dispatch.multimethod` makes of a declaration.
    """

    #: The uarray multimethod behind it.
    multimethod: Multimethod
    #: Public name ("welch", "fft.rfft").
    sigproc_name: str
    #: Parameters holding signal arrays.
    signal_args: tuple[str, ...]
    #: Parameters holding coefficient arrays.
    coefficient_args: tuple[str, ...]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co:
        """Run the function on the backend its signal arrays select."""


class UABackend(Protocol):
    """A uarray backend object: a sigproc ``Backend`` or any object with a domain."""

    @property
    def __ua_domain__(self) -> str:
        """The uarray domain it serves (``"sigproc"`` for sigproc backends)."""
