"""The JAX backend: serves ``jax.Array`` and JAX tracers (under jit, grad, vmap).

Its implementations (``_iir``: recursive filters as a parallel scan) run XLA
on the array's device; any function it does not implement runs the portable
array-API code on the JAX arrays, which is trace-safe. Importing this module
does not import JAX.
"""

import sys

import numpy as np

from ...dispatch import Backend
from ...dispatch._control import module_available


class JaxBackend(Backend):
    """Serves JAX arrays and tracers, on their device."""

    _unavailable = ...

    def unavailable(self):
        if self._unavailable is ...:
            ok = module_available("jax")
            self._unavailable = None if ok else "JAX is not installed (pip install jax)"
        return self._unavailable

    def owns(self, value):
        jax = sys.modules.get("jax")
        return jax is not None and isinstance(value, jax.Array)  # tracers too

    def describe(self):
        return "JAX arrays"

    absorbs_signals = True

    def absorbs(self, value):
        # NumPy arrays beside JAX arrays join them, as in jax.numpy itself
        return isinstance(value, np.ndarray | np.generic)

    def convert(self, value, like=None):
        import jax
        import jax.numpy as jnp

        # A host value stays a concrete constant under jit (not a tracer), so the
        # core's value checks and exact host-side kernels still see its values.
        with jax.ensure_compile_time_eval():
            array = jnp.asarray(np.asarray(value))
        if like is None or isinstance(like, jax.core.Tracer):
            return array  # a tracer has no device to follow: jit places constants
        return jax.device_put(array, like.devices().pop())


_MODULES = ("sigproc.backends.jax._iir",)

backend = JaxBackend("jax", modules=_MODULES, fallback="array_api")
implements = backend.implements
