"""Declaring multimethods: the public functions of sigproc.

A declaration is a Python function whose signature is the public signature
and whose docstring is the public docstring; its body is never run. The
decorator :func:`multimethod` says which parameters are *signal* arrays
(their library selects the backend) and which are *coefficients* (they follow
the signal's library and device and never select a backend), and generates
the uarray argument extractor and replacer from the signature.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeAlias, TypeVar, cast

import uarray as ua

from . import _explain, _memo
from ._errors import BackendNotImplementedError
from ._protocols import Dispatchable, Multimethod, PublicFunction

__all__ = ["DOMAIN", "Coefficient", "Role", "Signal", "front", "multimethod", "registry"]

DOMAIN = "sigproc"

P = ParamSpec("P")
R = TypeVar("R")

#: Public name ("welch", "fft.rfft") -> public function, for every declaration.
registry: dict[str, PublicFunction[..., Any]] = {}


class Unchanged(list[Any]):
    """Values a backend's ``__ua_convert__`` returns unconverted (the caller's objects).

    The replacer returns the caller's arguments as they are when it gets one.
    """

    __slots__ = ()


class Role:
    """Dispatch marker of one parameter: its name and whether it is a signal."""

    __slots__ = ("is_signal", "name")

    name: str
    is_signal: bool

    def __init__(self, name: str, is_signal: bool) -> None:
        self.name = name
        self.is_signal = is_signal

    def __repr__(self) -> str:
        return f"{'Signal' if self.is_signal else 'Coefficient'}({self.name!r})"


def Signal(name: str) -> Role:  # noqa: N802  (reads as a type in declarations)
    """Marker for a signal array: its library chooses the backend."""
    return Role(name, True)


def Coefficient(name: str) -> Role:  # noqa: N802
    """Marker for a coefficient array: it follows the signal's library and device."""
    return Role(name, False)


#: The generated extractor: the call's signal and coefficient arguments, as dispatchables.
Extractor: TypeAlias = Callable[..., tuple[Dispatchable[Role], ...]]
#: The generated replacer: (args, kwargs, converted values) -> (args, kwargs).
Replacer: TypeAlias = Callable[
    [tuple[Any, ...], dict[str, Any], Sequence[Any]], tuple[tuple[Any, ...], dict[str, Any]]
]
#: The generated memo key: the types of the call's signal and coefficient arguments.
KeyFunction: TypeAlias = Callable[..., tuple[type, ...]]


def _generate(
    func: Callable[..., Any], signal: tuple[str, ...], coefficients: tuple[str, ...]
) -> tuple[Extractor, Replacer, KeyFunction]:
    """Build the extractor, replacer and memo key for `func` from its signature.

    All three are generated as source code with the exact parameter list of
    `func`, so binding arguments costs one ordinary Python call. The key is
    the type of each signal and coefficient argument (see :mod:`._memo`).
    """
    sig = inspect.signature(func)
    params = list(sig.parameters.values())
    names = [p.name for p in params]
    for name in (*signal, *coefficients):
        if name not in names:
            raise TypeError(f"{func.__name__} has no parameter {name!r}")
    namespace: dict[str, Any] = {"_D": ua.Dispatchable, "_Unchanged": Unchanged, "_type": type}
    for n in signal:
        namespace[f"_role_{n}"] = Signal(n)
    for n in coefficients:
        namespace[f"_role_{n}"] = Coefficient(n)
    parts: list[str] = []
    kw_only_started = False
    var_kw: str | None = None
    for i, p in enumerate(params):
        if p.kind is p.VAR_KEYWORD:
            var_kw = p.name
            continue
        if p.kind is p.VAR_POSITIONAL:
            raise TypeError("multimethods cannot take *args")
        if p.kind is p.KEYWORD_ONLY and not kw_only_started:
            parts.append("*")
            kw_only_started = True
        if p.default is p.empty:
            parts.append(p.name)
        else:
            namespace[f"_d{i}"] = p.default
            parts.append(f"{p.name}=_d{i}")
    if var_kw:
        parts.append(f"**{var_kw}")
    arglist = ", ".join(parts)
    dispatched = [*signal, *coefficients]
    items = "".join(f"_D({n}, _role_{n}), " for n in dispatched)
    # The replacer puts converted values back where the caller passed them
    # (by position or keyword); implementations share the declared signature.
    position = {p.name: i for i, p in enumerate(params) if p.kind is p.POSITIONAL_OR_KEYWORD}
    puts: list[str] = []
    for k, n in enumerate(dispatched):
        if n in position:
            puts.append(f"    if n > {position[n]}: args[{position[n]}] = _v[{k}]\n")
            puts.append(f"    elif {n!r} in kwargs: kwargs[{n!r}] = _v[{k}]\n")
        else:
            puts.append(f"    if {n!r} in kwargs: kwargs[{n!r}] = _v[{k}]\n")
    types = "".join(f"_type({n}), " for n in dispatched)
    src = (
        f"def extract({arglist}):\n    return ({items})\n"
        f"def {func.__name__}({arglist}):\n    return ({types})\n"
        "def replace(args, kwargs, _v):\n"
        "    if _v.__class__ is _Unchanged:\n        return args, kwargs\n"
        "    args = list(args)\n    kwargs = dict(kwargs)\n    n = len(args)\n"
        f"{''.join(puts)}    return tuple(args), kwargs\n"
    )
    exec(compile(src, f"<sigproc multimethod {func.__name__}>", "exec"), namespace)
    return namespace["extract"], namespace["replace"], namespace[func.__name__]


def multimethod(
    *, signal: tuple[str, ...], coefficients: tuple[str, ...] = (), name: str | None = None
) -> Callable[[Callable[P, R]], PublicFunction[P, R]]:
    """Declare a public sigproc function as a uarray multimethod.

    Parameters
    ----------
    signal : tuple of str
        Parameters holding signal arrays; their array library selects the
        backend, and all of them must come from the same library.
    coefficients : tuple of str, optional
        Parameters holding coefficient arrays (filter taps, sections,
        initial conditions, windows, coordinates). Backends convert them to
        the signal's library and device; they never select a backend.
    name : str, optional
        Public name used in backend tables and messages; defaults to the
        function's ``__module__``-relative name (``"fft.rfft"`` for functions
        declared in :mod:`sigproc.fft`, otherwise the bare name).

    Returns
    -------
    decorator
        Turns a declaration (signature + docstring) into the public function.
        Backends receive the arguments as the caller passed them.
    """

    def decorate(func: Callable[P, R]) -> PublicFunction[P, R]:
        public_name = name or _public_name(func)
        extract, replace, key = _generate(func, tuple(signal), tuple(coefficients))
        functools.update_wrapper(extract, func)
        ua_func: Multimethod = ua.generate_multimethod(extract, replace, DOMAIN)
        ua_func.sigproc_name = public_name

        memo = _memo.new_memo()
        tables = memo.get
        current_blocks = _memo.current_blocks

        @functools.wraps(func)
        def public(*args: Any, **kwargs: Any) -> Any:
            busy = _memo.BUSY
            if not busy:
                blocks = current_blocks()
                types = key(*args, **kwargs)
                table = tables(blocks)
                if table is not None:
                    impl = table.get(types)
                    if impl is not None and not _explain.debug_enabled(10):  # logging.DEBUG
                        return impl(*args, **kwargs)
            if _explain.ACTIVE or _explain.debug_enabled(10):
                return _explain.traced_call(declared, ua_func, args, kwargs)
            try:
                if busy:
                    return _memo.run(ua_func, args, kwargs)
                return _memo.call(memo, blocks, types, ua_func, args, kwargs)
            except ua.BackendNotImplementedError as exc:
                if isinstance(exc, BackendNotImplementedError):
                    raise
                raise _explain.no_backend_error(declared, args, kwargs) from None

        # `public` with the declaration's signature and the dispatch attributes
        # set below (the same object: a static type only).
        declared = cast("PublicFunction[P, R]", public)
        declared.multimethod = ua_func
        declared.sigproc_name = public_name
        declared.signal_args = tuple(signal)
        declared.coefficient_args = tuple(coefficients)
        registry[public_name] = declared
        return declared

    return decorate


def front(declared: PublicFunction[P, R]) -> Callable[[Callable[P, R]], PublicFunction[P, R]]:
    """Make the decorated function the public face of the multimethod `declared`.

    For arguments no backend owns (``gausspulse("cutoff")``, a ``numpy.poly1d``):
    the decorated function settles them on the host and calls `declared` for
    the rest. It takes `declared`'s dispatch attributes and its place in the
    registry, so ``backend.implements(front_function)``, ``which_backend`` and
    the support table see the function users call.

    Parameters
    ----------
    declared : public function
        A multimethod made by :func:`multimethod`, usually under a private name.

    Returns
    -------
    decorator
        Returns the decorated function, now a public function of the registry.
    """

    def decorate(func: Callable[P, R]) -> PublicFunction[P, R]:
        public = cast("PublicFunction[P, R]", func)
        public.multimethod = declared.multimethod
        public.sigproc_name = declared.sigproc_name
        public.signal_args = declared.signal_args
        public.coefficient_args = declared.coefficient_args
        registry[declared.sigproc_name] = public
        return public

    return decorate


def _public_name(func: Callable[..., Any]) -> str:
    module = func.__module__
    if module == "sigproc.fft":
        return f"fft.{func.__name__}"
    return func.__name__
