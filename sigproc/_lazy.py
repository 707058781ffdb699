"""Modules the public declaration modules import on first use.

``import sigproc`` imports neither SciPy nor array-api-compat (tested): the
declaration modules reach them through these functions when a function that
needs them is first called.
"""

from __future__ import annotations

import importlib
from typing import Any


def scipy_signal() -> Any:  # SciPy ships no types
    """``scipy.signal``, imported on first use."""
    import scipy.signal

    return scipy.signal


def core(name: str) -> Any:
    """``sigproc._core.<name>``, imported on first use (the core imports array-api-compat)."""
    return importlib.import_module(f"sigproc._core.{name}")
