"""The backends ``sigproc demo`` runs the analysis on, and how each one is timed.

Each :class:`Contender` puts the (2, n) NumPy strain in its library and on its
device once (not timed), then runs the whole analysis (timed) until its
results are ready on that device: torch and CuPy synchronise their device,
JAX blocks until its arrays are ready (the pipeline runs under ``jax.jit``,
compiled by the warm-up call), dask computes its graph on its threaded
scheduler. Results come back to NumPy only to be compared with SciPy.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import sigproc

from ._compute import to_numpy
from ._demo_pipeline import run_sigproc
from ._io import CLIError

__all__ = ["KEYS", "Contender", "select"]

#: ``--backends`` names, in table order.
KEYS = ("numpy", "portable", "strict", "torch", "torch-cuda", "cupy", "dask", "jax")


@dataclass
class Contender:
    """One backend (and device) the analysis runs on.

    Attributes
    ----------
    key : str
        Its ``--backends`` name (one of :data:`KEYS`).
    label : str
        What the table calls it.
    device : str
        Where it computes (``cpu``, ``cuda:0``, ...).
    put : callable
        NumPy (2, n) array -> the backend's array, on its device.
    run : callable
        Backend array -> results (dict of the backend's arrays), ready.
    context : callable
        A fresh context manager the calls run in (``set_backend`` where needed).
    """

    key: str
    label: str
    device: str
    put: Callable[[np.ndarray], Any]
    run: Callable[[Any], dict]
    context: Callable[[], Any] = field(default=contextlib.nullcontext)

    def results(self, x):
        """Run once; results in NumPy."""
        with self.context():
            return {name: to_numpy(value) for name, value in self.run(x).items()}


def _installed(module):
    return importlib.util.find_spec(module) is not None


def _backend_info():
    return {info.name: info for info in sigproc.list_backends()}


def _numpy(setup):
    return Contender("numpy", "numpy (SciPy kernels)", "cpu", np.asarray, _plain(setup))


def _portable(setup):
    def context():
        return sigproc.set_backend("array_api", only=True)

    return Contender("portable", "array_api on NumPy", "cpu", np.asarray, _plain(setup), context)


def _strict(setup):
    if not _installed("array_api_strict"):
        raise LookupError("array-api-strict is not installed (pip install array-api-strict)")
    import array_api_strict

    return Contender("strict", "array_api_strict", "cpu", array_api_strict.asarray, _plain(setup))


def _plain(setup):
    return lambda x: run_sigproc(x, setup)


def _torch(setup, device):
    info = _backend_info()["torch"]
    if not info.installed:
        raise LookupError(info.note)
    import torch

    if device == "cuda:0" and not torch.cuda.is_available():
        raise LookupError("torch sees no CUDA device")

    def put(x):
        return torch.asarray(x, device=device)

    def run(x):
        out = run_sigproc(x, setup)
        if device != "cpu":
            torch.cuda.synchronize(device)
        return out

    key = "torch" if device == "cpu" else "torch-cuda"
    return Contender(key, "torch", device, put, run)


def _cupy(setup):
    info = _backend_info()["cupy"]
    if not info.installed:
        raise LookupError(info.note)
    if not info.devices:
        raise LookupError("CuPy sees no CUDA device")
    import cupy

    def run(x):
        out = run_sigproc(x, setup)
        cupy.cuda.Device().synchronize()
        return out

    return Contender("cupy", "cupy", "cuda:0", cupy.asarray, run)


def _dask(setup):
    if not _installed("dask"):
        raise LookupError("dask is not installed (pip install 'sigproc[dask]')")
    import dask
    import dask.array as da

    def put(x):  # one chunk per detector: the two run in parallel
        return da.from_array(x, chunks=(1, -1))

    def run(x):
        out = run_sigproc(x, setup)
        values = dask.compute(*out.values(), scheduler="threads")
        return dict(zip(out, values, strict=True))

    return Contender("dask", "dask (threads, NumPy chunks)", "cpu", put, run)


def _jax(setup):
    if not _installed("jax"):
        raise LookupError("JAX is not installed (pip install jax)")
    import jax
    import jax.numpy as jnp

    compiled = jax.jit(lambda x: run_sigproc(x, setup))

    @contextlib.contextmanager
    def context():  # float64 for the comparison with SciPy; the user's setting comes back
        previous = jax.config.read("jax_enable_x64")
        jax.config.update("jax_enable_x64", True)
        try:
            yield
        finally:
            jax.config.update("jax_enable_x64", previous)

    def put(x):
        with context():
            return jnp.asarray(x)

    def run(x):
        return jax.block_until_ready(compiled(x))

    first = jax.devices()[0]  # where jnp.asarray puts the data
    device = f"{first.platform}:{first.id}"
    return Contender("jax", "jax (jit)", device, put, run, context)


_FACTORIES = {
    "numpy": _numpy,
    "portable": _portable,
    "strict": _strict,
    "torch": lambda setup: _torch(setup, "cpu"),
    "torch-cuda": lambda setup: _torch(setup, "cuda:0"),
    "cupy": _cupy,
    "dask": _dask,
    "jax": _jax,
}


def select(text, setup):
    """The contenders named in `text` (``--backends``; None: every available one).

    Returns
    -------
    contenders : list of Contender
    missing : dict
        Backend name -> why it is not available (only when `text` is None).

    Raises
    ------
    CLIError
        An unknown name, or a named backend that is not available here.
    """
    named = text is not None
    keys = KEYS
    if named:
        keys = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
        unknown = [k for k in keys if k not in KEYS]
        if unknown or not keys:
            raise CLIError(
                f"--backends: unknown backend {', '.join(map(repr, unknown)) or 'list (empty)'};"
                f" choose from {','.join(KEYS)}"
            )
    contenders, missing = [], {}
    for key in keys:
        try:
            contenders.append(_FACTORIES[key](setup))
        except LookupError as exc:
            if named:
                raise CLIError(f"--backends {key}: not available here: {exc}") from None
            missing[key] = str(exc)
    return contenders, missing
