"""Where the command line runs the library: backend choice, device, conversions.

``--backend auto`` hands NumPy data to sigproc's automatic choice;
``numpy`` and ``array_api`` pin that backend on NumPy data; ``torch`` and
``cupy`` move the data to that library on purpose (on ``--device``) and run
under ``set_backend(name, coerce=True)``. Results come back to NumPy only to
be printed or written.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from dataclasses import dataclass

import numpy as np

import sigproc

from ._io import CLIError

__all__ = ["BACKEND_CHOICES", "Placement", "one_line", "placement", "to_numpy"]

BACKEND_CHOICES = ("auto", "numpy", "torch", "cupy", "array_api")


@dataclass
class Placement:
    """A backend and device chosen on the command line.

    Attributes
    ----------
    backend : str
        One of :data:`BACKEND_CHOICES`.
    device : str or None
        ``"cpu"``, ``"cuda:0"``, ... for torch and CuPy; None otherwise.
    elapsed : float
        Seconds spent in library calls made through :meth:`call`.
    """

    backend: str
    device: str | None = None
    elapsed: float = 0.0

    @property
    def label(self):
        return self.backend if self.device is None else f"{self.backend} ({self.device})"

    def put(self, data):
        """Return `data` (NumPy) in the library and on the device of this placement."""
        if self.backend == "torch":
            import torch

            return torch.tensor(data, device=self.device)
        if self.backend == "cupy":
            import cupy

            with cupy.cuda.Device(_cuda_index(self.device)):
                return cupy.asarray(data)
        return data

    def context(self):
        """The ``set_backend`` block the library calls run in."""
        if self.backend == "auto":
            return contextlib.nullcontext()
        coerce = self.backend in ("torch", "cupy")
        return sigproc.set_backend(self.backend, coerce=coerce, only=True)

    def call(self, func, *args, **kwargs):
        """Run ``func(*args, **kwargs)`` here, timing it and turning its errors into one line."""
        name = getattr(func, "__name__", str(func))
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with self.context():
                    result = func(*args, **kwargs)
            except (ValueError, NotImplementedError, sigproc.BackendNotImplementedError) as exc:
                raise CLIError(f"{name}: {one_line(exc)}") from None
        self.elapsed += time.perf_counter() - start
        _report(caught, name)
        return result


def _report(caught, name):
    import sys

    for item in caught:
        if issubclass(item.category, (DeprecationWarning, PendingDeprecationWarning)):
            # not the user's business, but keep them visible to test suites
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
            continue
        print(f"sigproc: warning: {name}: {one_line(item.message)}", file=sys.stderr)


def one_line(message):
    """A possibly multi-line message (an exception's) as one line: lines joined by "; "."""
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    text = ""
    for line in lines:
        text += line if not text else (" " if text.endswith(":") else "; ") + line
    return " ".join(text.split()) or type(message).__name__


def placement(backend, device):
    """Check a ``--backend``/``--device`` pair and return its :class:`Placement`.

    Raises
    ------
    CLIError
        Unknown backend, a device for a backend without devices, a library
        that is not installed, a device that does not exist.
    """
    if backend not in BACKEND_CHOICES:
        raise CLIError(f"--backend must be one of {', '.join(BACKEND_CHOICES)}, got {backend!r}")
    if backend in ("auto", "numpy", "array_api"):
        if device not in (None, "cpu"):
            raise CLIError(f"--device {device} needs --backend torch or cupy (NumPy runs on cpu)")
        return Placement(backend)
    info = {row.name: row for row in sigproc.list_backends()}.get(backend)
    if info is None or not info.installed:
        note = info.note if info is not None else f"backend {backend!r} is not registered"
        raise CLIError(f"--backend {backend}: {note}")
    if backend == "torch":
        return Placement("torch", _torch_device(device or "cpu"))
    device = device or "cuda:0"
    available = list(info.devices)
    if f"cuda:{_cuda_index(device)}" not in available:
        raise CLIError(f"--device {device} is not available to cupy; devices: {available}")
    return Placement("cupy", f"cuda:{_cuda_index(device)}")


def _torch_device(name):
    import torch

    try:
        device = torch.device(name)
    except (RuntimeError, ValueError):
        raise CLIError(f"--device {name!r} is not a torch device (e.g. cpu, cuda:0)") from None
    if device.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        index = device.index or 0
        if index >= count:
            raise CLIError(f"--device {name}: torch sees {count} CUDA device(s)")
    elif device.type != "cpu":
        try:
            torch.empty(0, device=device)
        except (RuntimeError, AssertionError) as exc:
            raise CLIError(f"--device {name}: {str(exc).splitlines()[0]}") from None
    return str(device)


def _cuda_index(device):
    text = str(device).removeprefix("cuda").removeprefix(":")
    try:
        return int(text or 0)
    except ValueError:
        raise CLIError(f"--device {device!r} is not a CUDA device (e.g. cuda:0)") from None


def to_numpy(value):
    """Bring a result (array, tuple of arrays, scalar) back to NumPy for output."""
    if isinstance(value, tuple | list):
        return type(value)(to_numpy(v) for v in value)
    if isinstance(value, np.ndarray):
        return value
    module = type(value).__module__.split(".")[0]
    if module == "torch":
        return value.detach().cpu().numpy()
    if module == "cupy":
        return value.get()
    try:
        return np.asarray(value)
    except (TypeError, ValueError, RuntimeError):
        return np.from_dlpack(value)
