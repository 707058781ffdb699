"""Dispatch state changes are atomic for other threads.

One thread flips the global backend while others call a test-only multimethod,
with and without a ``skip_backend`` block: no call may fail, and a block that
skips a backend must never run it, whatever the remembered dispatch held.
"""

from __future__ import annotations

import threading

import numpy as np

import sigproc
from sigproc.backends import array_api_backend, numpy_backend
from sigproc.dispatch import multimethod


@multimethod(signal=("x",), name="dispatch_race_probe")
def race_probe(x):
    """Test-only multimethod: returns the name of the backend that ran."""


@numpy_backend.implements(race_probe)
def _numpy(x):
    return "numpy"


@array_api_backend.implements(race_probe)
def _portable(x):
    return "array_api"


def test_global_backend_changes_are_atomic_for_other_threads():
    x = np.ones(4)
    stop = threading.Event()
    errors, wrong, calls = [], [], [0]

    def flip():
        try:
            while not stop.is_set():
                sigproc.set_global_backend("array_api", only=True)
                sigproc.set_global_backend(None)
                sigproc.set_global_backend("numpy")
                sigproc.set_global_backend(None)
        finally:
            sigproc.set_global_backend(None)

    def call(skip):
        try:
            for _ in range(1500):
                if skip:
                    with sigproc.skip_backend("numpy"):
                        ran = race_probe(x)
                    if ran != "array_api":
                        wrong.append(ran)
                else:
                    assert race_probe(x) in ("numpy", "array_api")
                calls[0] += 1
        except Exception as exc:  # collected: the assertion below reports it
            errors.append(exc)

    flipper = threading.Thread(target=flip)
    workers = [threading.Thread(target=call, args=(k % 2 == 0,)) for k in range(4)]
    flipper.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    flipper.join()
    assert errors == []
    assert wrong == []
    assert calls[0] == 4 * 1500
    assert race_probe(x) == "numpy"  # the global backend is gone again
    assert sigproc.which_backend(race_probe, x).backend == "numpy"
