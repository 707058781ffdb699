"""The base class every sigproc backend derives from.

A backend is a uarray backend object (``__ua_domain__``, ``__ua_convert__``,
``__ua_function__``) plus a table of implementations filled by the
:meth:`Backend.implements` decorator. Subclasses say which arrays they own and
how to convert foreign ones; the base class does the rest: it declines calls
with a recorded reason, converts coefficient arrays to the signal's library and
device, and loads implementation modules only when a call first needs them.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from types import EllipsisType
from typing import Any, TypeAlias, TypeVar, cast

import numpy as np

from . import _explain, _memo
from ._control import resolve
from ._multimethod import DOMAIN, Role, Unchanged, registry
from ._protocols import Dispatchable, Multimethod, PublicFunction

__all__ = ["Backend", "Decline"]

#: An implementation (or the function registering one returns unchanged).
F = TypeVar("F", bound=Callable[..., Any])
#: An `unless` check: None when the implementation serves the call, else why not.
Unless: TypeAlias = Callable[..., str | None]

_every_backend: list[Backend] = []
_HOST_TYPES = (list, tuple, range, int, float, complex, bool, np.ndarray, np.generic)
#: Python values in signal positions follow the library of the call's arrays
#: (``freqz(1, a_torch)``); alone, they are NumPy's, as in SciPy.
_PYTHON_VALUES = frozenset((list, tuple, range, int, float, complex, bool))


class Decline(Exception):  # noqa: N818  (a control-flow signal, not an error)
    """Raised inside a backend hook to decline a call; the message is the reason."""


class Backend:
    """A sigproc backend.

    Parameters
    ----------
    name : str
        The backend's name, as given to :func:`sigproc.set_backend`.
    modules : tuple of str, optional
        Modules holding this backend's implementations, imported on the
        first call that reaches the backend (so naming a backend imports
        nothing heavy).
    fallback : str or Backend, optional
        The backend (by name, resolved on first use) whose implementations
        serve functions this one lacks, run on this backend's arrays (the
        portable ``"array_api"`` backend, for native backends).
    aliases : tuple of str, optional
        Other names for the backend.
    """

    __ua_domain__ = DOMAIN

    #: Whether :meth:`owns` and :meth:`unavailable` depend only on the type of
    #: a value (not on its device, dtype or shape). Dispatch then remembers
    #: which implementation ran for each tuple of argument types (per stack of
    #: open blocks) and skips uarray on later calls; a subclass whose answer
    #: depends on more must set this to False.
    owns_by_type = True

    def __init__(
        self,
        name: str,
        *,
        modules: Iterable[str] = (),
        fallback: str | Backend | None = None,
        aliases: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.aliases = tuple(aliases)
        # A backend name until first use, then the backend.
        self._fallback: str | Backend | None = fallback
        self._modules = tuple(modules)
        # uarray multimethod -> implementation
        self._table: dict[Multimethod, Callable[..., Any]] = {}
        # multimethod -> implementation to run (native or fallback)
        self._fast: dict[Multimethod, Callable[..., Any]] = {}
        # multimethod -> check of the arguments (see implements)
        self._unless: dict[Multimethod, Unless] = {}
        self._loaded = not self._modules
        _every_backend.append(self)

    def __repr__(self) -> str:
        return f"<sigproc backend {self.name!r}>"

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        # Pickled by name, so that a process receiving a captured dispatch
        # state (get_state) uses its own registered backend object.
        return resolve, (self.name,)

    @property
    def fallback(self) -> Backend | None:
        """The backend whose implementations serve functions this one lacks, or None.

        Given to the constructor by name (``fallback="array_api"``) and resolved
        by the framework on first use, so that no backend imports another.
        """
        fallback = self._fallback
        if isinstance(fallback, str):
            # A name given for a fallback names a sigproc Backend.
            fallback = self._fallback = cast("Backend", resolve(fallback))
        return fallback

    # -- what subclasses provide -------------------------------------------------
    def unavailable(self) -> str | None:
        """Return why the backend's library cannot be used, or None if it can."""
        return None

    def owns(self, value: object) -> bool:
        """Whether `value` is an array of this backend's library."""
        raise NotImplementedError

    def convert(self, value: Any, like: Any = None) -> Any:
        """Convert a foreign array-like to this library (on `like`'s device)."""
        raise NotImplementedError

    #: Whether :meth:`absorbs` is consulted (False keeps the hot path free of it).
    absorbs_signals = False

    def absorbs(self, value: object) -> bool:
        """Whether a signal array of another library joins this one's arrays in a call.

        Such a signal follows the call's own arrays, as Python lists do, when one
        of them is this backend's (dask takes NumPy arrays beside dask arrays, as
        dask itself does: ``fftconvolve(x_dask, h_numpy)``). Consulted only when
        :attr:`absorbs_signals` is true.
        """
        return False

    def convert_coefficient(self, value: Any, like: Any) -> Any:
        """Convert a host coefficient (a NumPy array) for a call whose signal is `like`.

        By default :meth:`convert`. A backend whose arrays are made of chunks
        (dask) returns the chunks' library instead, so that each chunk's
        computation takes the coefficient as it is.
        """
        return self.convert(value, like)

    def move(self, value: Any, like: Any) -> Any:
        """Put an owned coefficient array on the device of the signal `like`."""
        return value

    #: Whether owned arrays can sit on different devices: then coefficients of
    #: the signal's own type are checked with :meth:`same_device` on every call
    #: and moved by :meth:`move` when they are elsewhere.
    tracks_devices = False

    def same_device(self, value: Any, like: Any) -> bool:
        """Whether the owned coefficient `value` is on the device of the signal `like`.

        Consulted only when :attr:`tracks_devices` is true, for coefficients of
        the signal's own type; False sends the call down the converting path,
        where :meth:`move` puts the coefficient on the signal's device.

        Parameters
        ----------
        value, like : arrays of this backend's library
            A coefficient and the call's first signal.

        Returns
        -------
        bool
        """
        return True

    def describe(self) -> str:
        """Human-readable description of the arrays this backend accepts."""
        return "its own arrays"

    def devices(self) -> list[str]:
        """Devices the backend can run on (strings), when its library is present."""
        return ["cpu"]

    # -- registration --------------------------------------------------------------
    def implements(
        self, func: PublicFunction[..., Any], *, unless: Unless | None = None
    ) -> Callable[[F], F]:
        """Decorator registering an implementation of a public function.

        Parameters
        ----------
        func : callable
            The public function it implements (``sigproc.welch``,
            ``sigproc.fft.rfft``): a multimethod declared with
            :func:`sigproc.dispatch.multimethod`.
        unless : callable, optional
            A cheap check called with the call's arguments before the
            implementation runs; it returns None when the implementation can
            serve the call, or a string saying why not (for example
            ``"padtype='line' is not supported"``). The call then goes to
            this backend's fallback (the portable code on the same arrays)
            or, without one, the backend declines and the chain goes on.

        Raises
        ------
        TypeError
            If `func` is not a declared public function (a name given as a
            string included), or if the implementation's parameters differ
            from the declaration's (order or defaults); both at import of
            the module that registers it.

        Notes
        -----
        The implementation receives the arguments as the caller passed them
        (by position or keyword), after coefficient arrays have been
        converted to the signal's library and device. It must have the
        declaration's parameters in the same order with the same defaults
        (uarray leaves out arguments equal to their default).
        """
        name = getattr(func, "sigproc_name", None)
        if name is None or registry.get(name) is not func:
            raise TypeError(
                f"{self.name}.implements() takes a public sigproc function (such as "
                f"sigproc.welch), got {func!r}"
            )

        def decorate(impl: F) -> F:
            _check_defaults(func, impl)
            method = func.multimethod
            self._table[method] = impl
            if unless is None:
                self._unless.pop(method, None)
            else:
                self._unless[method] = unless
            for backend in _every_backend:  # a new implementation can change any fallback
                backend._fast.clear()
            _memo.forget()
            return impl

        return decorate

    def _load(self) -> None:
        # A first call inside torch.compile must not have dynamo trace the imports
        # (it fails inside SciPy's module set-up): load with dynamo off. Without
        # dynamo imported nothing can be compiling (and importing it costs ~1 s).
        if "torch._dynamo" in sys.modules:
            # torch comes from sys.modules (untyped there); the call returns None.
            return cast(None, sys.modules["torch"].compiler.disable(self._load_modules)())
        return self._load_modules()

    def _load_modules(self) -> None:
        for module in self._modules:
            importlib.import_module(module)
        self._loaded = True

    def lookup(self, method: Multimethod) -> tuple[Callable[..., Any] | None, bool]:
        """Return ``(implementation, native)`` for a multimethod, or ``(None, False)``.

        Ignores ``unless`` checks; see :meth:`choose` for a given call.
        """
        if not self._loaded:
            self._load()
        impl = self._table.get(method)
        if impl is not None:
            return impl, True
        if self.fallback is not None:
            impl, _ = self.fallback.lookup(method)
            return impl, False
        return None, False

    def choose(
        self, method: Multimethod, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Callable[..., Any] | None, bool, str | None]:
        """Return ``(implementation, native, reason)`` for one call.

        `implementation` is None when neither this backend nor its fallback
        can serve the call; `reason` then says why.
        """
        impl, native = self.lookup(method)
        if impl is None:
            return None, False, f"{method.sigproc_name} is not implemented"
        owner = self if native else self.fallback
        # Not native: the fallback found `impl`, so it is not None.
        unless = owner._unless.get(method)  # type: ignore[union-attr]
        reason = None if unless is None else unless(*args, **kwargs)
        if reason is None:
            return impl, native, None
        if native and self.fallback is not None:
            impl, _, fallback_reason = self.fallback.choose(method, args, kwargs)
            if impl is not None:
                return impl, False, None
            reason = f"{reason}; portable code: {fallback_reason}"
        return None, False, f"{method.sigproc_name}: {reason}"

    #: What to call this backend's own implementations in support tables.
    own_kind = "native"

    def supports(self, func: PublicFunction[..., Any]) -> str | None:
        """'native', 'portable' or None: how this backend runs public function `func`."""
        impl, native = self.lookup(func.multimethod)
        if impl is None:
            return None
        return self.own_kind if native else "portable"

    # -- the uarray protocol -----------------------------------------------------
    _reason: str | EllipsisType | None = ...  # cached result of unavailable()

    # Returns the converted values, or NotImplemented (which mypy types as Any).
    def __ua_convert__(self, dispatchables: Sequence[Dispatchable[Role]], coerce: bool) -> Any:
        try:
            reason = self._reason
            if reason is ...:
                reason = self._reason = self.unavailable()
            if reason is not None:
                raise Decline(reason)
            owns = self.owns
            like: Any = None
            simple = True  # every array already belongs here, on one library
            python = None  # the first signal given as a Python scalar or sequence
            values = Unchanged()
            for d in dispatchables:
                value = d.value
                values.append(value)
                if value is None:
                    continue
                if d.type.is_signal:
                    if type(value) in _PYTHON_VALUES or (
                        self.absorbs_signals and not owns(value) and self.absorbs(value)
                    ):
                        # follows the call's arrays, like a coefficient (checked below)
                        python = python or d
                        continue
                    if not owns(value):
                        if not coerce:
                            raise Decline(
                                f"{d.type.name} is {_typename(value)}; "
                                f"this backend takes {self.describe()}"
                            )
                        simple = False
                    if like is None:
                        like = value
                    elif type(like) is not type(value) and _library(like) != _library(value):
                        raise Decline(_mixed(dispatchables))
                elif type(value) is not type(like):
                    if type(value) is not str:
                        simple = False
                elif self.tracks_devices and not self.same_device(value, like):
                    simple = False  # moved to the signal's device by _convert_slow
            if python is not None:
                if like is not None:
                    simple = False  # converted to the arrays' library in _convert_slow
                elif owns(python.value) or coerce:  # only Python values: NumPy's (SciPy's)
                    like = python.value
                    simple = simple and owns(python.value)
                else:
                    raise Decline(
                        f"{python.type.name} is {_typename(python.value)}; "
                        f"this backend takes {self.describe()}"
                    )
            if like is None:  # every signal argument is None: no library to choose
                raise Decline("no signal array was given")
            if simple and not _explain.ACTIVE:
                _memo.witness.simple = self
                return values
            _memo.witness.simple = None
            return self._convert_slow(dispatchables, like)
        except Decline as exc:
            _explain.declined(self.name, str(exc))
            return NotImplemented

    def _convert_slow(self, dispatchables: Sequence[Dispatchable[Role]], like: Any) -> list[Any]:
        dry = _explain.dry_run()
        out: list[Any] = []
        for d in dispatchables:
            role, value = d.type, d.value
            if value is None:
                out.append(None)
            elif role.is_signal:
                owned = self.owns(value)
                out.append(
                    value if owned or dry else self.convert(value, None if like is value else like)
                )
                if not owned and not dry and like is value:
                    like = out[-1]
            elif like is not None and not self.owns(like):
                out.append(value)  # dry run under coerce: the signal is not converted
            else:
                out.append(self._coefficient(role.name, value, like))
        return out

    def _coefficient(self, name: str, value: Any, like: Any) -> Any:
        if isinstance(value, str) or callable(value):
            return value
        if self.owns(value) and (like is None or _library(value) == _library(like)):
            return value if like is None else self.move(value, like)
        if isinstance(value, _HOST_TYPES):
            try:
                host = np.asarray(value)
            except (ValueError, TypeError) as exc:
                raise Decline(f"coefficient {name} is not array-like: {exc}") from None
            if host.dtype.kind not in "biufc":
                # A specification such as a window ("tukey", 0.25): not an array.
                return value
            return self.convert_coefficient(host, like)
        raise Decline(
            f"coefficient {name} is {_typename(value)}; give it as a NumPy array, "
            f"a list, or an array of the signal's library"
        )

    def __ua_function__(
        self, method: Multimethod, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        impl = self._fast.get(method)
        if impl is not None and not _explain.ACTIVE:
            _remember(self, method, impl)
            return impl(*args, **kwargs)
        impl, native, reason = self.choose(method, args, kwargs)
        if impl is None:
            # choose() gives a reason whenever it finds no implementation.
            _explain.declined(self.name, reason)  # type: ignore[arg-type]
            return NotImplemented
        if _explain.dry_run():
            return _explain.Selected(self.name, native)
        _explain.ran(self.name, native)
        # The first real run of each function takes this path: record it, and
        # let later calls skip straight to the implementation when no
        # `unless` check needs to see their arguments.
        _explain.executed.add((method.sigproc_name, self.name, native))
        if method not in self._unless and (
            self.fallback is None or method not in self.fallback._unless
        ):
            self._fast[method] = impl
            _remember(self, method, impl)
        return impl(*args, **kwargs)


def _remember(backend: Backend, method: Multimethod, impl: Callable[..., Any]) -> None:
    # Hand the implementation to a public function waiting to remember it
    # (see _memo), if this backend took the caller's arrays unconverted.
    witness = _memo.witness
    slot = witness.slot
    if slot is not None and not slot and witness.simple is backend:
        guard = backend.tracks_devices and registry[method.sigproc_name].coefficient_args
        slot.append(_placed(backend, method, impl) if guard else impl)


def _placed(backend: Backend, method: Multimethod, impl: Callable[..., Any]) -> Callable[..., Any]:
    """`impl` checking that coefficients are on the signal's device, else through uarray.

    Remembered entries are keyed by types; on a backend with devices, a later
    call with the same types may hold a coefficient on another device, which
    only uarray's path (``__ua_convert__``) moves.
    """
    extract: Callable[..., tuple[Dispatchable[Role], ...]] = method.arg_extractor
    same_device = backend.same_device

    def call(*args: Any, **kwargs: Any) -> Any:
        like: Any = None
        for d in extract(*args, **kwargs):
            value = d.value
            if value is None:
                continue
            if like is None:  # signals come first
                like = value
            elif (
                not d.type.is_signal and type(value) is type(like) and not same_device(value, like)
            ):
                return _memo.run(method, args, kwargs)
        return impl(*args, **kwargs)

    return call


def _check_defaults(public: PublicFunction[..., Any], impl: Callable[..., Any]) -> None:
    declared = inspect.signature(public).parameters
    params = inspect.signature(impl).parameters
    positional = [n for n, p in declared.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    mine: list[str]
    mine, forwards = [], False  # forwards: takes *args, passing the rest on
    for n, p in params.items():
        if p.kind is p.VAR_POSITIONAL:
            forwards = True
        if p.kind is not p.POSITIONAL_OR_KEYWORD:
            break
        mine.append(n)
    if mine != positional[: len(mine)] or (len(mine) < len(positional) and not forwards):
        raise TypeError(
            f"{impl.__module__}.{impl.__qualname__}: positional parameters "
            f"{mine} differ from {public.sigproc_name}'s {positional}"
        )
    takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
    for name, p in declared.items():
        if p.kind is p.VAR_KEYWORD:
            continue
        own = params.get(name)
        if own is None:
            if takes_kwargs:
                continue
            raise TypeError(
                f"{impl.__qualname__} lacks parameter {name!r} of {public.sigproc_name}"
            )
        if p.default is not p.empty and not _same_default(p.default, own.default):
            raise TypeError(
                f"{impl.__module__}.{impl.__qualname__}: default of {name!r} is "
                f"{own.default!r}, but {public.sigproc_name} declares {p.default!r}"
            )


def _same_default(a: object, b: object) -> bool:
    if a is b:
        return True
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return False


def _typename(value: object) -> str:
    t = type(value)
    return f"{t.__module__.split('.')[0]}.{t.__name__}"


#: type -> the name of its array library (cached: one lookup per type).
_LIBRARIES: dict[type, str] = {}


def _library(value: object) -> str:
    """The array library of `value`: its array namespace, not its module's name.

    A JAX tracer (``jax._src.interpreters...``) and a concrete JAX array
    (``jaxlib...ArrayImpl``) are one library; so are a library's scalars and
    arrays. Python values are NumPy's.
    """
    t = type(value)
    name = _LIBRARIES.get(t)
    if name is None:
        name = _LIBRARIES[t] = _namespace_name(value)
    return name


def _namespace_name(value: object) -> str:
    root = type(value).__module__.split(".")[0]
    if root in ("builtins", "numpy"):
        return "numpy"
    try:
        from array_api_compat import array_namespace

        namespace = array_namespace(value)
    except TypeError:  # not an array of any library array-api-compat knows
        return root
    # compat wrappers (array_api_compat.torch) name the library they wrap
    return namespace.__name__.removeprefix("array_api_compat.").split(".")[0]


def _mixed(dispatchables: Sequence[Dispatchable[Role]]) -> str:
    parts = ", ".join(
        f"{d.type.name}: {_typename(d.value)}"
        for d in dispatchables
        if d.type.is_signal and d.value is not None
    )
    return f"signal arrays come from different libraries ({parts})"
