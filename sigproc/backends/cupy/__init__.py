"""The CuPy backend: serves ``cupy.ndarray`` on its GPU.

Native implementations call cupyx.scipy's compiled CUDA kernels (the table
``NATIVE`` and the wrappers in ``_native``); every other function, and every
call with options cupyx lacks, runs the portable array-API code on the CuPy
arrays, on the GPU. Nothing goes through host memory. Importing this module
does not import CuPy.
"""

import sys

import numpy as np

from ...dispatch import Backend
from ...dispatch._control import module_available

_INSTALL = "CuPy is not installed (pip install cupy-cuda12x or cupy-cuda13x)"


class CupyBackend(Backend):
    """Serves CuPy arrays."""

    _unavailable = ...

    def unavailable(self):
        if self._unavailable is ...:
            self._unavailable = self._probe()
        return self._unavailable

    @staticmethod
    def _probe():
        if not module_available("cupy"):
            return _INSTALL
        try:
            import cupy

            count = cupy.cuda.runtime.getDeviceCount()
        except Exception as exc:  # CUDA driver errors have no common base class
            return f"CuPy is installed but no CUDA device is visible ({exc})"
        return None if count else "CuPy is installed but no CUDA device is visible"

    def owns(self, value):
        cupy = sys.modules.get("cupy")
        return cupy is not None and isinstance(value, cupy.ndarray)

    def describe(self):
        return "CuPy arrays"

    def convert(self, value, like=None):
        import cupy

        host = np.asarray(value)
        if like is None:
            return cupy.asarray(host)
        with like.device:
            return cupy.asarray(host)

    tracks_devices = True

    def same_device(self, value, like):
        return value.device == like.device

    def move(self, value, like):
        import cupy

        if value.device == like.device:
            return value
        with like.device:
            return cupy.asarray(value)

    def devices(self):
        import cupy

        return [f"cuda:{i}" for i in range(cupy.cuda.runtime.getDeviceCount())]


backend = CupyBackend("cupy", modules=("sigproc.backends.cupy._native",), fallback="array_api")
implements = backend.implements
