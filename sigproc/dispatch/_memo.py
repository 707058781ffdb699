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

import contextvars
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


#: The open ``set_backend``/``skip_backend`` blocks, as a context variable (the
#: semantics of ``decimal.localcontext``): an asyncio task sees its own blocks and
#: inherits those open where it was created; a new thread starts with none. uarray's
#: state is thread-local, so the blocks are entered into uarray only for the duration
#: of each call that goes through it (:func:`run`), never held across an ``await``.
_blocks: contextvars.ContextVar[Blocks] = contextvars.ContextVar(
    "sigproc_blocks", default=_interned[()]
)
#: This context's open blocks (a bound method: the hot path calls it).
current_blocks = _blocks.get


def _ua_context(entry: Entry) -> _Context:
    # A new uarray context object each time: uarray's cached ones crash when two
    # threads are inside one, and a nested call may enter the same block again.
    import uarray as ua

    if entry[0] == "set":
        return ua._SetBackendContext(entry[1], entry[2], entry[3])  # type: ignore[no-any-return]
    return ua._SkipBackendContext(entry[1])  # type: ignore[no-any-return]


def run(method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call the uarray multimethod `method` under this context's blocks."""
    entries = _blocks.get().entries
    if not entries:
        return method(*args, **kwargs)
    contexts = [_ua_context(e) for e in entries]
    entered = 0
    try:
        for c in contexts:
            c.__enter__()
            entered += 1
        return method(*args, **kwargs)
    finally:
        for c in reversed(contexts[:entered]):
            c.__exit__(None, None, None)


class _Witness(threading.local):
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
    """A sigproc block: an entry on the context's stack of blocks, or an opaque state.

    `entry` describes a block (``("set", backend, coerce, only)`` or ``("skip",
    backend)``), pushed on the context variable of open blocks (see :func:`run`).
    Without one, `context` is a uarray context manager entered for the block's
    duration, during which every call goes through uarray: with `replaces` (a
    ``set_state`` block, a complete captured state) the blocks open outside are
    hidden inside, as uarray's state replaces them.
    """

    __slots__ = ("_context", "_entry", "_replaces", "_tokens")

    _context: _Context | None
    _entry: Entry | None
    _replaces: bool
    _tokens: list[contextvars.Token[Blocks]]

    def __init__(
        self, context: _Context | None = None, entry: Entry | None = None, replaces: bool = False
    ) -> None:
        self._context = context
        self._entry = entry
        self._replaces = replaces
        self._tokens = []

    def __enter__(self) -> object:
        if self._entry is not None:
            self._tokens.append(_blocks.set(_token((*_blocks.get().entries, self._entry))))
            return self
        assert self._context is not None
        result = self._context.__enter__()
        _hold(1)
        if self._replaces:
            self._tokens.append(_blocks.set(_interned[()]))
        return result

    def __exit__(self, *exc: object) -> bool | None:
        if self._tokens:
            _reset(self._tokens)
        if self._entry is not None:
            return None
        _hold(-1)
        assert self._context is not None
        return self._context.__exit__(*exc)

    def __repr__(self) -> str:
        return repr(self._context if self._entry is None else self._entry)


def _reset(tokens: list[contextvars.Token[Blocks]]) -> None:
    # The last token set in this context (one object shared by tasks holds several).
    for k in range(len(tokens) - 1, -1, -1):
        try:
            _blocks.reset(tokens[k])
        except ValueError:  # set in another task's context
            continue
        del tokens[k]
        return


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
        return run(ua_func, args, kwargs)
    start = generation
    outer = witness.slot
    slot: list[Callable[..., Any]]
    witness.slot = slot = []
    witness.simple = None
    try:
        result = run(ua_func, args, kwargs)
    finally:
        witness.slot = outer
    if slot and generation == start and not BUSY and _blocks.get() is blocks:
        with _lock:  # no change to the dispatch state may slip between check and store
            if generation == start:
                table = memo.get(blocks)
                if table is None:
                    table = memo[blocks] = {}
                table[key] = slot[0]
    return result
