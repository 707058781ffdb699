"""The dask backend: serves ``dask.array.Array``, lazily, chunk by chunk.

Each chunk runs sigproc with the backend of the chunk's own library (NumPy
chunks: the numpy backend, SciPy's code; CuPy chunks: cupyx), and the chunks
are combined exactly: segment sums and one tree reduction for the spectra,
halos for FIR work, state carries across chunk boundaries for the recursive
filters (see ``docs/design.md``). No call computes anything: results are dask
arrays whose graphs have a few tasks per chunk. Coefficients (taps, sections,
windows) stay arrays of the chunks' library, small constants of every task.
Importing this module does not import dask.
"""

import functools
import sys

import numpy as np

from ...dispatch import Backend
from ...dispatch._control import module_available, set_backend


class DaskBackend(Backend):
    """Serves dask arrays: sigproc on each chunk, combined exactly."""

    _unavailable = ...

    def unavailable(self):
        if self._unavailable is ...:
            ok = module_available("dask")
            self._unavailable = None if ok else "dask is not installed (pip install 'dask[array]')"
        return self._unavailable

    def owns(self, value):
        da = sys.modules.get("dask.array")
        return da is not None and isinstance(value, da.Array)

    def describe(self):
        return "dask arrays"

    absorbs_signals = True

    def absorbs(self, value):
        # NumPy arrays beside dask arrays join them, as in dask itself
        return isinstance(value, np.ndarray | np.generic)

    def convert(self, value, like=None):
        # coerce=True, or a Python list beside a dask signal: one dask array of it,
        # chunked like nothing in particular (a single chunk).
        import dask.array as da

        host = np.asarray(value)
        return da.from_array(host, chunks=host.shape or ())

    def convert_coefficient(self, value, like):
        # Coefficients are small: an array of the chunks' library, a constant of
        # every task (CuPy chunks get CuPy coefficients).
        meta = getattr(like, "_meta", None)
        if meta is None or isinstance(meta, np.ndarray):
            return value
        from array_api_compat import array_namespace

        return array_namespace(meta).asarray(value)


_MODULES = tuple(
    f"sigproc.backends.dask.{m}"
    for m in ("_spectral", "_iir", "_fir", "_fft", "_tools", "_filters2d")
)

backend = DaskBackend("dask", modules=_MODULES, fallback="array_api")


def implements(func, *, unless=None):
    """``backend.implements``, the implementation run with NumPy's backend first.

    The implementations call sigproc on NumPy data while building the graph
    (probes for SciPy's argument errors and dtypes, host-side work): inside
    ``set_backend("dask", only=True)`` those calls would find no backend, so
    the numpy backend is set innermost for the call (dask arrays still reach
    this backend: the numpy backend does not take them).
    """
    register = backend.implements(func, unless=unless)

    def decorate(impl):
        @functools.wraps(impl)
        def run(*args, **kwargs):
            with set_backend("numpy"):
                return impl(*args, **kwargs)

        register(run)
        return impl

    return decorate
