"""The torch backend: serves ``torch.Tensor`` on any device.

Its implementations (``_fft``, ``_spectral``, ``_fir``, ``_iir``) run torch's
own kernels on the tensor's device; any function it does not implement runs
the portable array-API code on the tensors. Importing this module does not
import torch: the implementation modules load on the first call with a tensor.
"""

import sys

import numpy as np

from ...dispatch import Backend
from ...dispatch._control import module_available


class TorchBackend(Backend):
    """Serves torch tensors, on the tensor's device."""

    _unavailable = ...

    def unavailable(self):
        if self._unavailable is ...:
            ok = module_available("torch")
            self._unavailable = None if ok else "torch is not installed (pip install torch)"
        return self._unavailable

    def owns(self, value):
        torch = sys.modules.get("torch")
        return torch is not None and isinstance(value, torch.Tensor)

    def describe(self):
        return "torch tensors"

    def convert(self, value, like=None):
        import torch

        if hasattr(value, "__dlpack__") and not isinstance(value, np.ndarray):
            tensor = torch.from_dlpack(value)  # coerce=True from another GPU library
        else:
            host = np.asarray(value)
            # torch warns on read-only NumPy memory and refuses negative strides (b[::-1]);
            # a copy is cheap for coefficients.
            if not host.flags.writeable or any(s < 0 for s in host.strides):
                host = host.copy()
            tensor = torch.asarray(host)
        return tensor if like is None else tensor.to(like.device)

    tracks_devices = True

    def same_device(self, value, like):
        return value.device == like.device

    def move(self, value, like):
        return value if value.device == like.device else value.to(like.device)

    def devices(self):
        import torch

        return ["cpu", *(f"cuda:{i}" for i in range(torch.cuda.device_count()))]


_MODULES = tuple(
    f"sigproc.backends.torch.{m}"
    for m in (
        "_fft",
        "_spectral",
        "_stft",
        "_fir",
        "_iir",
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

backend = TorchBackend("torch", modules=_MODULES, fallback="array_api")
implements = backend.implements
