"""The NumPy backend: SciPy's compiled code, and our vectorised NumPy where SciPy is slow.

Functions it does not implement itself run the portable array-API code on
NumPy arrays.
"""

import numpy as np

from ...dispatch import Backend

_HOST = (np.ndarray, np.generic, list, tuple, range, int, float, complex, bool)
_MODULES = tuple(
    f"sigproc.backends.numpy.{m}"
    for m in (
        "_fft",
        "_iir",
        "_fir",
        "_spectral",
        "_peaks",
        "_responses",
        "_waveforms",
        "_transforms",
        "_filters2d",
        "_splines",
        "_stft_class",
        "_systems",
    )
)


class NumpyBackend(Backend):
    """Serves NumPy arrays (and lists and scalars, as SciPy does)."""

    def owns(self, value):
        return isinstance(value, _HOST)

    def describe(self):
        return "NumPy arrays, lists or scalars"

    def convert(self, value, like=None):
        # coerce=True: bring a foreign array to host memory on purpose.
        if hasattr(value, "__dlpack__"):
            try:
                return np.from_dlpack(value)
            except (BufferError, RuntimeError, TypeError, ValueError):
                pass
        get = getattr(value, "get", None)  # CuPy
        if callable(get) and type(value).__module__.startswith("cupy"):
            return get()
        return np.asarray(value)


backend = NumpyBackend("numpy", modules=_MODULES, fallback="array_api", aliases=("scipy",))
implements = backend.implements
