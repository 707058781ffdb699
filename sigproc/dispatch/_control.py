"""Backend names, the automatic chain, and the user-facing controls."""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import uarray as ua

from . import _memo
from ._multimethod import DOMAIN
from ._protocols import UABackend

__all__ = [
    "get_state",
    "list_backends",
    "register_backend",
    "resolve",
    "set_backend",
    "set_global_backend",
    "set_state",
    "skip_backend",
]

_named: dict[str, UABackend | str] = {}  # name or alias -> Backend or "module:attribute"
_chain: list[UABackend] = []  # registered backends, in the order the automatic chain tries them
_last: list[UABackend] = []  # backends kept at the end of the chain (the portable fallback)
_global: list[UABackend] = []  # the global backend, when one is set


class _NoBackend:
    """The global backend meaning "none": it declines every call, so the chain runs."""

    __ua_domain__ = DOMAIN
    owns_by_type = True

    def __ua_convert__(self, dispatchables: object, coerce: bool) -> object:
        return NotImplemented

    def __ua_function__(self, method: object, args: object, kwargs: object) -> object:
        return NotImplemented

    def __reduce__(self) -> str:
        return "_NO_BACKEND"  # the module's own object, in a process receiving a state

    def __repr__(self) -> str:
        return "<sigproc: no global backend>"


_NO_BACKEND = _NoBackend()
# Serialises changes to the process-wide state (global backend, chain); calls never take it.
_state_lock = threading.RLock()


def _changed() -> None:
    _memo.forget([*_chain, *_last, *_global])


def add_named(name: str, target: UABackend | str, *, aliases: Iterable[str] = ()) -> None:
    """Make `target` (a backend, or "module:attribute" loaded on use) known by name."""
    for key in (name, *aliases):
        _named[key] = target


def resolve(backend: str | UABackend) -> UABackend:
    """Return the backend object for a name or a backend object.

    Raises
    ------
    ValueError
        If `backend` is a string naming no known backend.
    TypeError
        If `backend` is neither a name nor a uarray backend of domain "sigproc".
    """
    if isinstance(backend, str):
        try:
            target = _named[backend]
        except KeyError:
            plugin = _load_plugin(backend)
            if plugin is not None:
                return plugin
            known = ", ".join(sorted({*_named, *plugins()}))
            raise ValueError(
                f"unknown backend {backend!r}; known backends: {known} (a backend named in a "
                "dispatch state from another process must be registered here too)"
            ) from None
        if isinstance(target, str):
            module, _, attr = target.partition(":")
            target = getattr(importlib.import_module(module), attr)
            for key, value in list(_named.items()):
                if value == f"{module}:{attr}":
                    _named[key] = target
        return target
    if getattr(backend, "__ua_domain__", None) != DOMAIN:
        raise TypeError(
            f"backend must be a backend name or an object with __ua_domain__ == {DOMAIN!r}, "
            f"got {backend!r}"
        )
    return backend


PLUGIN_GROUP = "sigproc.backends"


def plugins() -> dict[str, str]:
    """Installed plugin backends: ``{name: "module:attribute"}``, nothing imported.

    A package announces a backend with an entry point in the group
    ``sigproc.backends`` whose value is a backend object, a Backend subclass
    or a factory taking no arguments. It becomes selectable by name; it does
    not join the automatic chain (installing a plugin never changes which
    backend runs for arrays that already have one).
    """
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=PLUGIN_GROUP)}


def _load_plugin(name: str) -> UABackend | None:
    from importlib.metadata import entry_points

    for ep in entry_points(group=PLUGIN_GROUP, name=name):
        source = ep.dist.name if ep.dist is not None else "an unknown distribution"
        try:
            target = ep.load()
        except Exception as exc:  # any error inside the plugin's import
            raise ImportError(
                f"sigproc backend plugin {name!r} ({ep.value}, from {source}) failed to "
                f"import: {type(exc).__name__}: {exc}"
            ) from exc
        backend: UABackend = target if hasattr(target, "__ua_domain__") else target()
        resolve(backend)  # checks the domain
        add_named(name, backend)
        return backend
    return None


def apply_environment(environ: Mapping[str, str]) -> None:
    """Set the global backend named by ``SIGPROC_BACKEND`` (read at import).

    Raises
    ------
    ValueError
        If the variable names no known backend or plugin.
    """
    name = environ.get("SIGPROC_BACKEND", "").strip()
    if not name:
        return
    try:
        set_global_backend(name)
    except ValueError as exc:
        error = ValueError(f"SIGPROC_BACKEND={name!r}: {exc}")
        error.variable = "SIGPROC_BACKEND"  # type: ignore[attr-defined]  # for the CLI's entry
        raise error from None


def _set_context(backend: UABackend, coerce: bool, only: bool) -> _memo.Tracked:
    # The block lives in a context variable; uarray's context objects are made per
    # call (_memo.run). uarray's own set_backend warns "skip_backend is deprecated" on
    # every call (uarray gh-237) and hands out one cached context object per backend,
    # which crashes the process when two threads are inside it at once.
    return _memo.Tracked(entry=("set", backend, bool(coerce), bool(only)))


def set_backend(
    backend: str | UABackend, *, coerce: bool = False, only: bool = False
) -> _memo.Tracked:
    """Context manager: prefer `backend` for sigproc calls inside the block.

    Parameters
    ----------
    backend : str or backend object
        ``"numpy"`` (alias ``"scipy"``), ``"torch"``, ``"cupy"``,
        ``"array_api"``, a registered name, or a backend object.
    coerce : bool, optional
        Let the backend convert signal arrays of other libraries into its own
        (for example NumPy arrays to the GPU with ``"cupy"``). Implies `only`.
    only : bool, optional
        Do not fall back to other backends if this one declines.

    Returns
    -------
    context manager
        Blocks nest; the innermost is tried first. The setting is local to
        the current thread and asyncio task (a context variable: a task
        inherits the blocks open where it was created; a new thread starts
        with none).

    Raises
    ------
    ValueError
        For an unknown backend name.
    """
    return _set_context(resolve(backend), coerce, only)


def set_global_backend(
    backend: str | UABackend | None,
    *,
    coerce: bool = False,
    only: bool = False,
    try_last: bool = False,
) -> None:
    """Set the process-wide default backend, tried after any ``set_backend`` block.

    Parameters
    ----------
    backend : str, backend object or None
        The backend; None removes the global backend.
    coerce, only : bool, optional
        As for :func:`set_backend`.
    try_last : bool, optional
        Try the global backend after the automatic chain instead of before.
    """
    with _state_lock:
        # One uarray call each way, atomic for calls in other threads: "no global
        # backend" is one that declines everything. Clearing it instead (uarray 0.9
        # then also drops the registered backends when it was set with only=True)
        # would leave other threads, for a moment, with no backend at all.
        if backend is None:
            ua.set_global_backend(_NO_BACKEND, coerce=False, only=False, try_last=False)
            _global.clear()
        else:
            backend = resolve(backend)
            ua.set_global_backend(backend, coerce=coerce, only=only, try_last=try_last)
            _global[:] = [backend]
        _changed()


def register_backend(backend: str | UABackend, *, last: bool = False) -> None:
    """Add a backend to the automatic chain.

    Registered backends are tried in registration order, after the built-in
    native backends and before the portable ``array_api`` fallback (or
    after it, with ``last=True``). A backend object with a ``name``
    attribute also becomes selectable by that name.

    Parameters
    ----------
    backend : str or backend object
    last : bool, optional
        Keep this backend at the very end of the chain.

    Notes
    -----
    Register backends at start-up: uarray cannot insert into its list, so a
    backend placed before the portable one rebuilds it, and calls in other
    threads may meanwhile find no backend (`set_global_backend` is atomic for
    other threads).
    """
    backend = resolve(backend)
    name = getattr(backend, "name", None)
    if isinstance(name, str) and name not in _named:
        add_named(name, backend, aliases=getattr(backend, "aliases", ()))
    with _state_lock:
        if backend in _chain or backend in _last:
            return
        (_last if last else _chain).append(backend)
        _register_chain()


def _register_chain() -> None:
    # uarray has no insert: while the list is rebuilt, calls in other threads may find
    # no backend. register_backend is meant for start-up.
    ua.clear_backends(DOMAIN, registered=True, globals=False)
    for b in (*_chain, *_last):
        ua.register_backend(b)
    _changed()


def chain() -> list[UABackend]:
    """The backends of the automatic chain, in the order they are tried."""
    return [*_chain, *_last]


def get_state() -> object:
    """Capture this context's dispatch state: ``set_backend`` blocks, global backend.

    Returns
    -------
    state
        An opaque, picklable object (backends are pickled by name). Enter it
        in a worker thread or process with :func:`set_state` so that work
        handed over runs under the same backend choices. New threads start
        with no ``set_backend`` blocks of their own (the state is
        thread-local); the global backend is process-wide.
    """
    return _memo.run(ua.get_state, (), {})


def set_state(state: object) -> _memo.Tracked:
    """Context manager: run the block under a state captured by :func:`get_state`.

    Parameters
    ----------
    state : object returned by :func:`get_state`
    """
    return _memo.Tracked(ua.set_state(state), replaces=True)


def skip_backend(backend: str | UABackend) -> _memo.Tracked:
    """Context manager: never use `backend` inside the block.

    Parameters
    ----------
    backend : str or backend object
    """
    backend = resolve(backend)
    return _memo.Tracked(entry=("skip", backend))


@dataclass(frozen=True)
class BackendInfo:
    """One row of :func:`list_backends`."""

    name: str
    aliases: tuple[str, ...]
    installed: bool
    devices: tuple[str, ...]
    in_chain: bool
    note: str


def list_backends() -> list[BackendInfo]:
    """Describe the known backends.

    Returns
    -------
    list of BackendInfo
        ``name``, ``aliases``, ``installed`` (its library can be imported),
        ``devices`` (where it can run; computed by importing the library),
        ``in_chain`` (tried automatically), ``note`` (why it is unavailable).
    """
    seen, rows = set(), []
    for key in list(_named):
        backend = resolve(key)
        if id(backend) in seen:
            continue
        seen.add(id(backend))
        unavailable = backend.unavailable() if hasattr(backend, "unavailable") else None
        devices = (
            tuple(backend.devices()) if unavailable is None and hasattr(backend, "devices") else ()
        )
        rows.append(
            BackendInfo(
                name=getattr(backend, "name", key),
                aliases=tuple(getattr(backend, "aliases", ())),
                installed=unavailable is None,
                devices=devices,
                in_chain=backend in _chain or backend in _last,
                note=unavailable or "",
            )
        )
    for name, value in plugins().items():
        if name not in _named:
            rows.append(
                BackendInfo(name, (), True, (), False, f"plugin {value}, loaded when first named")
            )
    return rows


def module_available(name: str) -> bool:
    """Whether a module can be imported, without importing it."""
    import sys

    return name in sys.modules or importlib.util.find_spec(name) is not None
