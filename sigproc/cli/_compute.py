"""Where the command line runs the library: backend choice, device, conversions.

``--backend auto`` hands NumPy data to sigproc's automatic choice;
``numpy`` and ``array_api`` pin that backend on NumPy data; ``torch`` and
``cupy`` move the data to that library on purpose (on ``--device``) and run
under ``set_backend(name, coerce=True)``. Results come back to NumPy only to
be printed or written.

With ``--chunks`` (or ``--scheduler``) the data is a lazy dask array and
sigproc's dask backend builds the result's graph; :meth:`Placement.compute`
runs it on the scheduler chosen (``threads``, ``processes``, ``synchronous``
or the address of a ``dask.distributed`` scheduler) with a progress bar on
stderr.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

import sigproc

from ._io import CLIError, require_dask

__all__ = [
    "BACKEND_CHOICES",
    "SCHEDULERS",
    "DaskRun",
    "Placement",
    "one_line",
    "placement",
    "to_numpy",
]

BACKEND_CHOICES = ("auto", "numpy", "torch", "cupy", "array_api")
#: dask's local schedulers; any other ``--scheduler`` is a dask.distributed address.
SCHEDULERS = ("threads", "processes", "synchronous")
#: The progress bar of a local scheduler shows only for computations longer than this.
PROGRESS_MINIMUM_S = 1.0
#: How long to try to reach a dask.distributed scheduler.
CONNECT_TIMEOUT = "10s"
_ADDRESS = re.compile(r"^([a-z][a-z0-9+.-]*://\S+|[\w.-]+:\d+)$", re.IGNORECASE)


@dataclass
class DaskRun:
    """How chunked (dask) results are computed.

    Attributes
    ----------
    scheduler : str
        One of :data:`SCHEDULERS` or a dask.distributed address
        (``tcp://host:8786``, ``host:8786``).
    progress : bool
        Show a progress bar on stderr while computing.
    """

    scheduler: str = "threads"
    progress: bool = True

    @property
    def distributed(self):
        return self.scheduler not in SCHEDULERS


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
    dask : DaskRun or None
        How chunked results are computed (``--chunks``).
    traced : bool
        Record, with :func:`sigproc.dispatch.trace`, which backend ran each
        call (for :attr:`label`); off for timing loops.
    ran : list of str
        Backends that ran the traced calls, in order of first use.
    kernels : list of str
        ``"function: kernel"`` for traced calls whose backend named its kernel.
    """

    backend: str
    device: str | None = None
    elapsed: float = 0.0
    dask: DaskRun | None = None
    traced: bool = False
    ran: list = field(default_factory=list)
    kernels: list = field(default_factory=list)

    @property
    def asked(self):
        """The placement as asked on the command line: ``auto``, ``torch (cuda:0)``, ..."""
        if self.dask is not None:
            return f"dask ({self.dask.scheduler})"
        return self.backend if self.device is None else f"{self.backend} ({self.device})"

    @property
    def label(self):
        """:attr:`asked`, with the backends that ran for ``auto`` and any kernel named."""
        text = self.asked
        if self.dask is None and self.backend == "auto" and self.ran:
            text += " -> " + ", ".join(self.ran)
        if self.kernels:
            text += " [" + "; ".join(self.kernels) + "]"
        return text

    def put(self, data):
        """Return `data` (NumPy) in the library and on the device of this placement."""
        if self.dask is not None:  # already a dask array (read with chunks)
            return data
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
        if not self.traced:
            with self._guard(name), self.context():
                return func(*args, **kwargs)
        with self._guard(name), self.context(), sigproc.dispatch.trace() as calls:
            result = func(*args, **kwargs)
        for record in calls:
            if record.backend is not None and record.backend not in self.ran:
                self.ran.append(record.backend)
            kernel = f"{record.function}: {record.kernel}" if record.kernel else None
            if kernel is not None and kernel not in self.kernels:
                self.kernels.append(kernel)
        return result

    def compute(self, *values, name="compute"):
        """Compute dask collections (others pass through) on the chosen scheduler.

        All `values` are computed in one pass, so tasks they share (reading the
        input) run once. Returns a tuple of computed values.
        """
        run = self.dask or DaskRun()
        with self._guard(name):
            if run.distributed:
                return _compute_distributed(values, run)
            import dask
            from dask.diagnostics import ProgressBar

            bar = ProgressBar(minimum=PROGRESS_MINIMUM_S, out=sys.stderr)
            shown = bar if run.progress else contextlib.nullcontext()
            with dask.config.set(scheduler=run.scheduler), shown:
                return dask.compute(*values)

    @contextlib.contextmanager
    def _guard(self, name):
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield
            except (ValueError, NotImplementedError, sigproc.BackendNotImplementedError) as exc:
                raise CLIError(f"{name}: {one_line(exc)}") from None
            except OSError as exc:  # reading or writing a file while computing
                raise CLIError(f"{name}: {one_line(exc)}") from None
        self.elapsed += time.perf_counter() - start
        _report(caught, name)


def _compute_distributed(values, run):
    try:
        import distributed
    except ImportError:
        raise CLIError(
            f"--scheduler {run.scheduler} needs dask.distributed (pip install 'sigproc[dask]')"
        ) from None
    try:
        client = distributed.Client(run.scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise CLIError(
            f"--scheduler: cannot reach a dask scheduler at {run.scheduler}: {one_line(exc)}"
        ) from None
    with client:
        futures = client.compute(list(values))
        if run.progress:
            with contextlib.redirect_stdout(sys.stderr):  # its text bar writes to stdout
                distributed.progress(futures, notebook=False)
            print(file=sys.stderr)
        return tuple(client.gather(futures))


def _report(caught, name):
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


def placement(backend, device, *, chunked=False, scheduler=None, progress=True):
    """Check a ``--backend``/``--device`` pair and return its :class:`Placement`.

    With `chunked` (``--chunks``), a :class:`DaskRun` on `scheduler`
    (default ``threads``).

    Raises
    ------
    CLIError
        Unknown backend, a device for a backend without devices, a library
        that is not installed, a device that does not exist; chunks with
        another backend than auto, dask not installed, a scheduler that is
        neither a local one nor an address.
    """
    if backend not in BACKEND_CHOICES:
        raise CLIError(f"--backend must be one of {', '.join(BACKEND_CHOICES)}, got {backend!r}")
    if chunked:
        require_dask("--chunks" if scheduler is None else "--scheduler")
        if backend != "auto" or device not in (None, "cpu"):
            chosen = f"--backend {backend}" if backend != "auto" else f"--device {device}"
            raise CLIError(f"--chunks runs sigproc's dask backend on NumPy chunks; drop {chosen}")
        scheduler = scheduler or "threads"
        if scheduler not in SCHEDULERS and not _ADDRESS.match(scheduler):
            raise CLIError(
                f"--scheduler must be one of {', '.join(SCHEDULERS)} or the address of a "
                f"dask.distributed scheduler (e.g. tcp://host:8786), got {scheduler!r}"
            )
        return Placement("auto", dask=DaskRun(scheduler, progress), traced=True)
    if backend in ("auto", "numpy", "array_api"):
        if device not in (None, "cpu"):
            raise CLIError(f"--device {device} needs --backend torch or cupy (NumPy runs on cpu)")
        return Placement(backend, traced=True)
    info = {row.name: row for row in sigproc.list_backends()}.get(backend)
    if info is None or not info.installed:
        note = info.note if info is not None else f"backend {backend!r} is not registered"
        raise CLIError(f"--backend {backend}: {note}")
    if backend == "torch":
        return Placement("torch", _torch_device(device or "cpu"), traced=True)
    device = device or "cuda:0"
    available = list(info.devices)
    if f"cuda:{_cuda_index(device)}" not in available:
        raise CLIError(f"--device {device} is not available to cupy; devices: {available}")
    return Placement("cupy", f"cuda:{_cuda_index(device)}", traced=True)


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
    if module == "dask":
        raise TypeError("to_numpy: compute dask results with Placement.compute first")
    if module == "torch":
        return value.detach().cpu().numpy()
    if module == "cupy":
        return value.get()
    try:
        return np.asarray(value)
    except (TypeError, ValueError, RuntimeError):
        return np.from_dlpack(value)
