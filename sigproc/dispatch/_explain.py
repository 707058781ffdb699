"""Explaining dispatch: dry runs, decline reasons and the no-backend error."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import uarray as ua

from ._errors import BackendNotImplementedError

__all__ = ["Selection", "which_backend", "no_backend_error", "support_table"]

_local = threading.local()

#: Number of threads explaining right now; lets the hot path skip the
#: thread-local lookup with one global read when nobody is explaining.
ACTIVE = 0
_active_lock = threading.Lock()


def dry_run():
    """Whether the current thread is explaining rather than running a call."""
    return getattr(_local, "dry", False)


def declined(backend_name, reason):
    """Record that a backend declined (only while explaining)."""
    log = getattr(_local, "log", None)
    if log is not None:
        log.append((backend_name, reason))


@dataclass(frozen=True)
class Selected:
    """What a backend answers in a dry run instead of running the call."""

    name: str
    native: bool


@dataclass
class Selection:
    """The result of :func:`which_backend`.

    Attributes
    ----------
    backend : str or None
        Name of the backend that would run the call; None if none would.
    native : bool or None
        True if it would run the backend's own implementation, False if the
        portable array-API implementation on the backend's arrays.
    declined : list of (str, str)
        Each backend that was asked before it and declined, with the reason.
    """

    backend: str | None
    native: bool | None
    declined: list = field(default_factory=list)

    def __str__(self):
        lines = [f"  {name}: {reason}" for name, reason in self.declined]
        if self.backend is None:
            head = "no backend can run this call"
        else:
            kind = "native" if self.native else "portable array-API code"
            head = f"{self.backend} ({kind})"
        return "\n".join([head, *(["declined:", *lines] if lines else [])])


def which_backend(func, *args, **kwargs):
    """Dry-run a call: which backend would run it, and why the others declined.

    Parameters
    ----------
    func : callable
        A public sigproc function, e.g. ``sigproc.welch``.
    *args, **kwargs
        The arguments of the call. Nothing is computed and no array is
        converted.

    Returns
    -------
    Selection
        ``.backend`` (name or None), ``.native`` and ``.declined``.

    Raises
    ------
    TypeError
        If `func` is not a sigproc function or the arguments do not bind.
    """
    method = getattr(func, "multimethod", None)
    if method is None:
        raise TypeError(f"func must be a sigproc function, got {func!r}")
    global ACTIVE
    _local.dry, _local.log = True, []
    with _active_lock:
        ACTIVE += 1
    try:
        try:
            result = method(*args, **kwargs)
        except ua.BackendNotImplementedError:
            result = None
        log = _local.log
    finally:
        _local.dry, _local.log = False, None
        with _active_lock:
            ACTIVE -= 1
    if isinstance(result, Selected):
        return Selection(result.name, result.native, log)
    if result is None:
        return Selection(None, None, log)
    return Selection("(a foreign uarray backend)", None, log)


def no_backend_error(func, args, kwargs):
    """Build the BackendNotImplementedError for a call no backend accepted."""
    selection = which_backend(func, *args, **kwargs)
    lines = [f"  {name}: {reason}" for name, reason in selection.declined]
    if not lines:
        lines = ["  (no backend was asked: check skip_backend and only=True blocks)"]
    return BackendNotImplementedError(
        f"no sigproc backend can run {func.sigproc_name}(); tried:\n" + "\n".join(lines)
    )


def support_table():
    """How each backend of the automatic chain runs each public function.

    Returns
    -------
    dict
        ``{public name: {backend name: "native" | "portable" | "missing" |
        "unavailable"}}``, functions sorted by name, backends in chain order.
        "portable" means the backend runs the portable array-API code on its
        own arrays; "unavailable" that its implementations could not be
        imported here (its library is missing). A native implementation may
        still hand particular calls to the portable code (see
        ``Backend.implements(unless=...)``).
    """
    from ._control import chain
    from ._multimethod import registry

    table = {}
    for name in sorted(registry):
        row = table[name] = {}
        for backend in chain():
            try:
                kind = backend.supports(registry[name])
            except ImportError:
                kind = "unavailable"
            row[backend.name] = kind or "missing"
    return table
