"""sigproc's built-in backends.

Importing this package imports no array library beyond NumPy: each backend
object knows how to recognise its arrays (checking ``sys.modules`` first, as
array-api-compat does) and names the modules holding its implementations,
which load on the first call that reaches it.

=============  =================================  ===========================
backend        arrays                             implementations
=============  =================================  ===========================
``numpy``      ``numpy.ndarray``, lists, scalars  SciPy, own vectorised NumPy
``torch``      ``torch.Tensor``, any device       torch kernels, else portable
``cupy``       ``cupy.ndarray``                   cupyx kernels, else portable
``dask``       ``dask.array.Array``               sigproc per chunk, combined
``jax``        ``jax.Array`` and tracers          XLA scans, else portable
``array_api``  any array-API array                portable array-API code
=============  =================================  ===========================
"""

from .array_api import backend as array_api_backend
from .cupy import backend as cupy_backend
from .dask import backend as dask_backend
from .jax import backend as jax_backend
from .numpy import backend as numpy_backend
from .torch import backend as torch_backend

#: The automatic chain's native backends, in the order they are tried.
native = (numpy_backend, torch_backend, cupy_backend, dask_backend, jax_backend)
#: Backends kept at the end of the chain, after user backends: the portable code.
last = (array_api_backend,)
#: Every built-in backend.
builtin = (*native, *last)

__all__ = [
    "array_api_backend",
    "builtin",
    "cupy_backend",
    "dask_backend",
    "jax_backend",
    "last",
    "native",
    "numpy_backend",
    "torch_backend",
]
