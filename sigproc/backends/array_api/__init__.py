"""The portable backend: array-API code for any conforming library.

Its implementations are the portable algorithms of :mod:`sigproc._core`,
written once against the array API standard (namespace from
``array_api_compat.array_namespace``) and vectorised: no Python loop runs
over segments or samples. This package only registers them
(:mod:`._portable`); the other backends name it as their fallback.
"""

import numpy as np

from ...dispatch import Backend


def _is_array(value):
    # Bound on first use: array_api_compat stays out of `import sigproc`, and
    # the hot path (every call this backend sees) pays no import statement.
    global _is_array
    from array_api_compat import is_array_api_obj as _is_array

    return _is_array(value)


class ArrayAPIBackend(Backend):
    """Serves any array-API array (NumPy, array-api-strict, torch, CuPy, JAX, ...)."""

    own_kind = "portable"

    def owns(self, value):
        return _is_array(value) and not isinstance(value, np.generic)

    def describe(self):
        return "array-API arrays"

    def convert(self, value, like=None):
        from array_api_compat import array_namespace, device

        host = np.asarray(value)
        if not host.flags.writeable:  # torch warns on read-only NumPy memory
            host = host.copy()
        if like is None:
            return host
        xp = array_namespace(like)
        return xp.asarray(host, device=device(like))

    def move(self, value, like):
        from array_api_compat import device, to_device

        if device(value) == device(like):
            return value
        return to_device(value, device(like))


_MODULES = tuple(
    f"sigproc.backends.array_api.{m}"
    for m in (
        "_portable",
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

backend = ArrayAPIBackend("array_api", modules=_MODULES)
implements = backend.implements
