"""Remembered dispatch: the automatic path without uarray's per-call work.

Outside every ``set_backend``/``skip_backend``/``set_state`` block (in any
thread) and every explanation, which implementation uarray runs for a call
depends only on the process-wide dispatch state (the global backend, the
automatic chain, the backends' tables) and on the *types* of the call's
signal and coefficient arguments, as long as every backend decides ownership
by type (:attr:`Backend.owns_by_type`). So each public function remembers,
per tuple of argument types, the implementation uarray ran when the chosen
backend took the caller's arrays as they were, and later calls with the same
types call it directly. A change to the dispatch state forgets everything.

Calls that needed conversion (a NumPy coefficient for a torch signal), a
backend's ``unless`` check, or a backend that is not a :class:`Backend` are
never remembered: they always go through uarray.
"""

from __future__ import annotations

import threading

#: Dispatch blocks and explanations in progress, in all threads. While it is
#: non-zero every call goes through uarray.
BUSY = 0
#: Bumped by every change to the dispatch state; a call records what it
#: witnessed only if no change happened while it ran.
generation = 0
#: False while a backend in the chain or the global backend may decide
#: ownership by more than the type of a value.
enabled = True

_lock = threading.Lock()
_memos = []  # one dict per public function: key -> implementation


class _Witness(threading.local):
    slot = None  # list awaiting the implementation uarray runs for this call
    simple = None  # backend whose last __ua_convert__ passed the caller's arrays through


witness = _Witness()


def new_memo():
    """A dict in which one public function remembers its implementations."""
    memo = {}
    _memos.append(memo)
    return memo


def forget(backends=None):
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


def _hold(delta):
    global BUSY
    with _lock:
        BUSY += delta


class Tracked:
    """A uarray context manager whose blocks turn remembered dispatch off."""

    __slots__ = ("_context",)

    def __init__(self, context):
        self._context = context

    def __enter__(self):
        result = self._context.__enter__()
        _hold(1)
        return result

    def __exit__(self, *exc):
        _hold(-1)
        return self._context.__exit__(*exc)

    def __repr__(self):
        return repr(self._context)


def holding():
    """Context manager turning remembered dispatch off for its duration."""
    return Tracked(_Nothing())


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


def call(memo, key, ua_func, args, kwargs):
    """Call `ua_func` through uarray and remember what it ran under `key`."""
    if not enabled:
        return ua_func(*args, **kwargs)
    start = generation
    outer = witness.slot
    witness.slot = slot = []
    witness.simple = None
    try:
        result = ua_func(*args, **kwargs)
    finally:
        witness.slot = outer
    if slot and generation == start and not BUSY:
        memo[key] = slot[0]
    return result
