"""Shared test fixtures: one ``lib`` per array library sigproc runs on.

Every cross-backend test takes the ``lib`` fixture, builds its input with
``lib.asarray(numpy_array)``, calls sigproc, and compares with SciPy through
``assert_close(actual, expected, like=lib)``, which also checks the output's
library, device, dtype and shape.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from dataclasses import dataclass

import numpy as np
import pytest

import sigproc

# One OpenMP thread for the tests' small arrays: on a loaded two-core machine torch's
# thread pool turns a 3 us FFT into 15 ms. Set before anything imports torch.
os.environ.setdefault("OMP_NUM_THREADS", "1")


def _has(module):
    return importlib.util.find_spec(module) is not None


def _cuda_torch():
    if not _has("torch"):
        return False
    import torch

    return torch.cuda.is_available()


def _cupy_gpu():
    if not _has("cupy"):
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


@dataclass
class Lib:
    """An array library (and device) the suite runs on.

    Attributes
    ----------
    name : str
        Test id: numpy, numpy-portable, array_api_strict, torch, torch-cuda, cupy.
    backend : str
        Name of the sigproc backend expected to serve its arrays.
    """

    name: str
    backend: str
    module: str
    device: object = None
    force_backend: str | None = None

    @property
    def xp(self):
        from array_api_compat import array_namespace

        return array_namespace(self.asarray(np.zeros(1)))

    def asarray(self, a):
        a = np.asarray(a)
        if self.module == "numpy":
            return a.copy()
        if self.module == "array_api_strict":
            import array_api_strict

            return array_api_strict.asarray(a.copy())
        if self.module == "torch":
            import torch

            return torch.asarray(a.copy(), device=self.device)
        if self.module == "cupy":
            import cupy

            return cupy.asarray(a)
        raise AssertionError(self.module)

    def to_numpy(self, a):
        if self.module in ("numpy",):
            return np.asarray(a)
        if self.module == "torch":
            return a.detach().cpu().numpy()
        if self.module == "cupy":
            return a.get()
        return np.asarray(a)

    def owns(self, a):
        if self.module == "numpy":
            return isinstance(a, np.ndarray)
        if self.module == "array_api_strict":
            import array_api_strict

            return isinstance(a, array_api_strict._array_object.Array)
        if self.module == "torch":
            import torch

            # Compare device types: a tensor made on "cuda" reports "cuda:0".
            return isinstance(a, torch.Tensor) and a.device.type == torch.device(self.device).type
        import cupy

        return isinstance(a, cupy.ndarray)

    def context(self):
        if self.force_backend:
            return sigproc.set_backend(self.force_backend, only=True)
        return contextlib.nullcontext()


def _libs():
    libs = [
        pytest.param(Lib("numpy", "numpy", "numpy"), id="numpy"),
        pytest.param(
            Lib("numpy-portable", "array_api", "numpy", force_backend="array_api"),
            id="numpy-portable",
        ),
        pytest.param(
            Lib("array_api_strict", "array_api", "array_api_strict"),
            id="array_api_strict",
            marks=pytest.mark.skipif(not _has("array_api_strict"), reason="no array-api-strict"),
        ),
        pytest.param(
            Lib("torch", "torch", "torch", device="cpu"),
            id="torch",
            marks=pytest.mark.skipif(not _has("torch"), reason="torch is not installed"),
        ),
        pytest.param(
            Lib("torch-cuda", "torch", "torch", device="cuda"),
            id="torch-cuda",
            marks=[pytest.mark.gpu, pytest.mark.skipif(not _cuda_torch(), reason="no CUDA device")],
        ),
        pytest.param(
            Lib("cupy", "cupy", "cupy"),
            id="cupy",
            marks=[pytest.mark.gpu, pytest.mark.skipif(not _cupy_gpu(), reason="no CuPy GPU")],
        ),
    ]
    return libs


@pytest.fixture(params=_libs())
def lib(request):
    """An array library; inside the test its backend is the one that runs."""
    library = request.param
    with library.context():
        yield library


def tolerance(dtype):
    """rtol from the numerical contract: float64 1e-10, float32 1e-4."""
    dtype = np.dtype(dtype)
    return 1e-4 if dtype in (np.float32, np.complex64) else 1e-10


def assert_close(actual, expected, *, like, rtol=None, atol=None, dtype=None):
    """Check library, device, dtype, shape, then values against SciPy's `expected`.

    Parameters
    ----------
    actual : array of `like`'s library
    expected : numpy array (SciPy's result)
    like : Lib
    rtol, atol : float, optional
        Default rtol from :func:`tolerance`; default atol is rtol times the
        largest magnitude of `expected` (so entries near zero compare sensibly).
    dtype : dtype, optional
        Expected dtype; defaults to `expected`'s.
    """
    assert like.owns(actual), f"expected a {like.name} array, got {type(actual)}"
    expected = np.asarray(expected)
    got = like.to_numpy(actual)
    want_dtype = np.dtype(dtype or expected.dtype)
    assert got.dtype == want_dtype, f"dtype {got.dtype} != {want_dtype}"
    assert got.shape == expected.shape, f"shape {got.shape} != {expected.shape}"
    rtol = tolerance(want_dtype) if rtol is None else rtol
    if atol is None:
        finite = np.abs(expected[np.isfinite(expected)])
        scale = float(finite.max()) if finite.size else 0.0
        atol = rtol * scale
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


def assert_unchanged(before, after, like):
    """The caller's input was not modified in place."""
    np.testing.assert_array_equal(like.to_numpy(after), before)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def pytest_sessionfinish(session, exitstatus):
    """After a full run: every cell of the support table claimed native ran.

    The claim is checked for the backends whose library is installed here
    (``numpy``, ``torch``; ``cupy`` on a GPU machine). Partial runs (file
    arguments, ``-k``, ``-m``) skip the check.
    """
    config = session.config
    partial = (
        config.option.keyword
        or config.option.markexpr
        or any(arg not in ("tests", str(config.rootpath / "tests")) for arg in config.args)
    )
    if partial or exitstatus != 0:
        return
    from sigproc.dispatch import _explain

    ran = {(f, b) for f, b, native in _explain.executed if native}
    installed = {row.name for row in sigproc.list_backends() if row.installed and row.devices}
    missing = [
        f"{func} on {backend}"
        for func, row in sigproc.dispatch.support_table().items()
        for backend, kind in row.items()
        if kind == "native" and backend in installed and (func, backend) not in ran
    ]
    if missing:
        session.config.get_terminal_writer().line(
            "support table claims native implementations the suite never ran: "
            + ", ".join(sorted(missing)),
            red=True,
        )
        session.exitstatus = 1
