"""Warnings attributed to the line that called the public sigproc function."""

from __future__ import annotations

import sys
import warnings
from types import FrameType

__all__ = ["warn"]

_OURS = ("sigproc.", "uarray", "torch._dynamo")  # torch.compile wraps our frames


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """Issue a warning at the first frame outside sigproc (the user's call).

    How many frames lie between an implementation and the user depends on
    the dispatch path taken (through uarray or a remembered implementation)
    and on the implementation's own helpers, so a fixed ``stacklevel`` cannot
    be right; this walks the stack instead. Backends use it for warnings about
    the caller's arguments (SciPy's ``nperseg`` and complex-input warnings).

    Parameters
    ----------
    message : str
        The warning's text.
    category : type of Warning, optional
        UserWarning by default, as SciPy's argument warnings.

    Notes
    -----
    Frames of modules named ``sigproc.*``, ``uarray*`` and ``torch._dynamo*``
    (``torch.compile``'s wrappers) are skipped. Python 3.12's
    ``skip_file_prefixes`` would do the same; sigproc supports 3.11.
    """
    frame: FrameType | None
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith(_OURS):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
