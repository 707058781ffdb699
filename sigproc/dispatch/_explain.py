"""Explaining dispatch: dry runs, traces, DEBUG logging, decline reasons, errors.

While a thread explains (``which_backend``), traces (``trace()``) or logs
(the ``sigproc.dispatch`` logger at DEBUG), calls take a slow path in which
backends record why they declined and which of them ran, into a *frame*
per call on a thread-local stack. Otherwise the hot path reads one module
global (``ACTIVE``) and records nothing.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ParamSpec

import uarray as ua

from . import _memo
from ._errors import BackendNotImplementedError
from ._protocols import Multimethod, PublicFunction

__all__ = [
    "Call",
    "Selection",
    "no_backend_error",
    "trace",
    "which_backend",
]

logger = logging.getLogger("sigproc.dispatch")
debug_enabled = logger.isEnabledFor

_local = threading.local()

P = ParamSpec("P")

#: Number of explanations, traces and logged calls in progress in any
#: thread: the hot path takes the slow, recording path only when non-zero.
ACTIVE = 0
_active_lock = threading.Lock()


@contextlib.contextmanager
def _activated() -> Iterator[None]:
    global ACTIVE
    with _active_lock:
        ACTIVE += 1
    try:
        with _memo.holding():  # explained calls always go through uarray
            yield
    finally:
        with _active_lock:
            ACTIVE -= 1


class _Frame:
    """What the backends reported during one call."""

    __slots__ = ("backend", "declined", "dry", "kernel", "native")

    dry: bool
    declined: list[tuple[str, str]]
    backend: str | None
    native: bool | None
    kernel: str | None

    def __init__(self, dry: bool) -> None:
        self.dry, self.declined, self.backend, self.native = dry, [], None, None
        self.kernel = None


@contextlib.contextmanager
def _frame(dry: bool) -> Iterator[_Frame]:
    frames: list[_Frame] | None = getattr(_local, "frames", None)
    if frames is None:
        frames = _local.frames = []
    frame = _Frame(dry)
    frames.append(frame)
    try:
        yield frame
    finally:
        frames.pop()


def _top() -> _Frame | None:
    frames: list[_Frame] | None = getattr(_local, "frames", None)
    return frames[-1] if frames else None


#: (function, backend, native) of every implementation that has run in this
#: process (recorded on the first call of each; the test suite checks it
#: against the support table).
executed: set[tuple[str, str, bool]] = set()


def kernel(name: str) -> None:
    """Record which of its kernels a backend chose for the call now running.

    Backends with several algorithms for one function (a compiled sequential
    loop and a block-parallel scan, say) call this once per call with a short
    name; :func:`trace` shows it as ``Call.kernel`` and the DEBUG log line
    after the backend. Costs nothing when no call is being traced.

    Parameters
    ----------
    name : str
        The kernel, e.g. ``"scipy sequential"`` or ``"block scan"``.
    """
    if ACTIVE:
        frame = _top()
        if frame is not None and not frame.dry:
            frame.kernel = name


def dry_run() -> bool:
    """Whether the current thread is explaining rather than running a call."""
    frame = _top()
    return frame is not None and frame.dry


def declined(backend_name: str, reason: str) -> None:
    """Record that a backend declined (only on the slow path)."""
    frame = _top()
    if frame is not None:
        frame.declined.append((backend_name, reason))


def ran(backend_name: str, native: bool) -> None:
    """Record which backend runs the current call (only on the slow path)."""
    frame = _top()
    if frame is not None:
        frame.backend, frame.native = backend_name, native


@dataclass(frozen=True)
class Selected:
    """What a backend answers in a dry run instead of running the call."""

    name: str
    native: bool


@dataclass
class Call:
    """One dispatched call, as recorded by :func:`trace`.

    Attributes
    ----------
    function : str
        Public name (``"welch"``, ``"fft.rfft"``).
    backend : str or None
        The backend that ran it; None if none could (the call raised
        ``BackendNotImplementedError``) or a foreign uarray backend ran it.
    native : bool or None
        Whether the backend ran its own implementation (False: the portable
        code on its arrays).
    declined : list of (str, str)
        Backends asked before it, with the reason each declined.
    kernel : str or None
        Which of its kernels the backend chose, for backends that have
        several for one function (see :func:`sigproc.dispatch.kernel`).
    """

    function: str
    backend: str | None = None
    native: bool | None = None
    declined: list[tuple[str, str]] = field(default_factory=list)
    kernel: str | None = None


@contextlib.contextmanager
def trace() -> Iterator[list[Call]]:
    """Context manager recording every sigproc call made in this thread.

    Yields
    ------
    list of Call
        Filled as calls complete, outer calls after the calls they make
        (``bandpower`` after the ``welch`` it runs).

    Examples
    --------
    >>> with sigproc.dispatch.trace() as calls:
    ...     sigproc.welch(x)
    >>> calls[0].backend
    'numpy'
    """
    calls: list[Call] = []
    traces: list[list[Call]] | None = getattr(_local, "traces", None)
    if traces is None:
        traces = _local.traces = []
    traces.append(calls)
    try:
        with _activated():
            yield calls
    finally:
        traces.remove(calls)


def traced_call(
    func: PublicFunction[..., Any],
    method: Multimethod,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """Run one call on the slow path: record it in traces, log it at DEBUG."""
    with _activated(), _frame(dry=False) as frame:
        try:
            return _memo.run(method, args, kwargs)
        except ua.BackendNotImplementedError as exc:
            if isinstance(exc, BackendNotImplementedError):
                raise
            raise no_backend_error(func, args, kwargs) from None
        finally:
            call = Call(
                func.sigproc_name, frame.backend, frame.native, frame.declined, frame.kernel
            )
            for calls in getattr(_local, "traces", ()):
                calls.append(call)
            if debug_enabled(logging.DEBUG):
                logger.debug("%s", _describe(call))


def _describe(call: Call) -> str:
    if call.backend is None:
        head = f"{call.function}: no backend ran it"
    else:
        kind = "native" if call.native else "portable code"
        kernel = f", {call.kernel}" if call.kernel else ""
        head = f"{call.function} -> {call.backend} ({kind}{kernel})"
    skips = "; ".join(f"{name}: {reason}" for name, reason in call.declined)
    return f"{head}; declined: {skips}" if skips else head


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
    declined: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"  {name}: {reason}" for name, reason in self.declined]
        if self.backend is None:
            head = "no backend can run this call"
        else:
            kind = "native" if self.native else "portable array-API code"
            head = f"{self.backend} ({kind})"
        return "\n".join([head, *(["declined:", *lines] if lines else [])])


def which_backend(func: PublicFunction[P, Any], *args: P.args, **kwargs: P.kwargs) -> Selection:
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
    with _activated(), _frame(dry=True) as frame:
        try:
            result = _memo.run(method, args, kwargs)
        except ua.BackendNotImplementedError:
            result = None
    log = frame.declined
    if isinstance(result, Selected):
        return Selection(result.name, result.native, log)
    if result is None:
        return Selection(None, None, log)
    return Selection("(a foreign uarray backend)", None, log)


def no_backend_error(
    func: PublicFunction[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> BackendNotImplementedError:
    """Build the BackendNotImplementedError for a call no backend accepted."""
    selection = which_backend(func, *args, **kwargs)
    lines = [f"  {name}: {reason}" for name, reason in selection.declined]
    if not lines:
        lines = ["  (no backend was asked: check skip_backend and only=True blocks)"]
    return BackendNotImplementedError(
        f"no sigproc backend can run {func.sigproc_name}(); tried:\n" + "\n".join(lines)
    )
