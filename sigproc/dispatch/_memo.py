"""Remembered dispatch: calls without uarray's per-call work.

Which implementation uarray runs for a call depends only on the process-wide
dispatch state (the global backend, the automatic chain, the backends'
tables), on the calling thread's ``set_backend``/``skip_backend`` blocks, and
on the *types* of the call's signal and coefficient arguments, as long as
every backend involved decides ownership by type
(:attr:`Backend.owns_by_type`). Our context managers keep, per thread, an
interned token for the stack of open blocks; each public function remembers,
per token and tuple of argument types, the implementation uarray ran when
the chosen backend took the caller's arrays as they were, and later calls
with the same token and types call it directly. A change to the process-wide
state forgets everything.

Calls that needed conversion (a NumPy coefficient for a torch signal, or
``coerce=True``), a backend's ``unless`` check, or a backend that is not a
:class:`Backend` are never remembered: they always go through uarray. So do
all calls while a ``set_state`` block (an opaque captured state) or an
explanation is open in any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, Literal, Protocol, TypeAlias

#: ``set_state`` blocks and explanations in progress, in all threads. While
#: it is non-zero every call goes through uarray.
BUSY = 0
#: Bumped by every change to the dispatch state; a call records what it
#: witnessed only if no change happened while it ran.
generation = 0
#: False while a backend in the chain or the global backend may decide
#: ownership by more than the type of a value.
enabled = True

#: One stack entry: ``("set", backend, coerce, only)`` or ``("skip", backend)``.
Entry: TypeAlias = tuple[Literal["set"], object, bool, bool] | tuple[Literal["skip"], object]
#: What one public function remembers: token -> {argument types -> implementation}.
Memo: TypeAlias = "dict[Blocks, dict[tuple[type, ...], Callable[..., Any]]]"

_lock = threading.Lock()
_memos: list[Memo] = []  # one per public function


class Blocks:
    """Interned token of one stack of sigproc blocks (innermost last)."""

    __slots__ = ("entries", "remember")

    entries: tuple[Entry, ...]
    remember: bool

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self.remember = all(getattr(e[1], "owns_by_type", False) for e in entries)


_interned: dict[tuple[Entry, ...], Blocks] = {(): Blocks(())}


def _token(entries: tuple[Entry, ...]) -> Blocks:
    token = _interned.get(entries)
    if token is None:
        with _lock:
            token = _interned.setdefault(entries, Blocks(entries))
    return token


class _Witness(threading.local):
    blocks: Blocks = _interned[()]  # this thread's open blocks
    slot: list[Callable[..., Any]] | None = None  # awaits the implementation uarray runs
    simple: object = None  # backend whose last __ua_convert__ passed the caller's arrays through


witness = _Witness()


def new_memo() -> Memo:
    """A dict in which one public function remembers its implementations."""
    memo: Memo = {}
    _memos.append(memo)
    return memo


def forget(backends: Iterable[object] | None = None) -> None:
    """Forget every remembered implementation (the dispatch state changed).

    Parameters
    ----------
    backends : iterable, optional
        The backends the automatic path now consults (chain and global
        backend); remembering is off unless each has ``owns_by_type``.
    """
    global generation, enabled
    with _lock:
        generation += 1
        if backends is not None:
            enabled = all(getattr(b, "owns_by_type", False) for b in backends)
        for memo in _memos:
            memo.clear()


def _hold(delta: int) -> None:
    global BUSY
    with _lock:
        BUSY += delta


class _Context(Protocol):
    """A context manager (a uarray block, or none)."""

    def __enter__(self) -> object: ...

    def __exit__(self, *exc: object) -> bool | None: ...


class Tracked:
    """A uarray context manager whose blocks the remembered dispatch follows.

    `entry` describes the block (``("set", backend, coerce, only)`` or
    ``("skip", backend)``); None marks an opaque one (``set_state``), during
    which every call goes through uarray.
    """

    __slots__ = ("_context", "_entry")

    _context: _Context
    _entry: Entry | None

    def __init__(self, context: _Context, entry: Entry | None = None) -> None:
        self._context = context
        self._entry = entry

    def __enter__(self) -> object:
        result = self._context.__enter__()
        if self._entry is None:
            _hold(1)
        else:
            witness.blocks = _token((*witness.blocks.entries, self._entry))
        return result

    def __exit__(self, *exc: object) -> bool | None:
        if self._entry is None:
            _hold(-1)
        else:
            entries = list(witness.blocks.entries)
            for k in range(len(entries) - 1, -1, -1):  # the innermost block like this one
                if entries[k] == self._entry:
                    del entries[k]
                    break
            witness.blocks = _token(tuple(entries))
        return self._context.__exit__(*exc)

    def __repr__(self) -> str:
        return repr(self._context)


def holding() -> Tracked:
    """Context manager sending every call through uarray for its duration."""
    return Tracked(_Nothing())


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def call(
    memo: Memo,
    blocks: Blocks,
    key: tuple[type, ...],
    ua_func: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """Call `ua_func` through uarray and remember what it ran under `blocks` and `key`."""
    if not (enabled and blocks.remember):
        return ua_func(*args, **kwargs)
    start = generation
    outer = witness.slot
    slot: list[Callable[..., Any]]
    witness.slot = slot = []
    witness.simple = None
    try:
        result = ua_func(*args, **kwargs)
    finally:
        witness.slot = outer
    if slot and generation == start and not BUSY and witness.blocks is blocks:
        with _lock:  # no change to the dispatch state may slip between check and store
            if generation == start:
                table = memo.get(blocks)
                if table is None:
                    table = memo[blocks] = {}
                table[key] = slot[0]
    return result
