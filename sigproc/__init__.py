"""sigproc: SciPy's signal processing on any array library.

Every public function is a uarray multimethod in the domain ``"sigproc"``
that dispatches on the library of its signal arrays: NumPy to SciPy's
compiled code, torch tensors and CuPy arrays to their backends, any other
array-API array to portable array-API code. See ``docs/design.md``.
"""

from typing import TYPE_CHECKING

from . import datasets, fft, windows
from ._conversions import *  # noqa: F403
from ._conversions import __all__ as _conversions_all
from ._filters2d import *  # noqa: F403
from ._filters2d import __all__ as _filters2d_all
from ._peaks import *  # noqa: F403
from ._peaks import __all__ as _peaks_all
from ._responses import *  # noqa: F403
from ._responses import __all__ as _responses_all
from ._splines import *  # noqa: F403
from ._splines import __all__ as _splines_all
from ._stft_class import *  # noqa: F403
from ._stft_class import __all__ as _stft_class_all
from ._systems import *  # noqa: F403
from ._systems import LTI_CLASSES as _LTI_CLASSES
from ._systems import __all__ as _systems_all
from ._transforms import *  # noqa: F403
from ._transforms import __all__ as _transforms_all
from ._waveforms import *  # noqa: F403
from ._waveforms import __all__ as _waveforms_all
from .aggregate import *  # noqa: F403
from .aggregate import __all__ as _aggregate_all
from .dispatch import (
    BackendNotImplementedError,
    list_backends,
    register_backend,
    set_backend,
    set_global_backend,
    skip_backend,
    which_backend,
)
from .filtering import *  # noqa: F403
from .filtering import __all__ as _filtering_all
from .spectral import *  # noqa: F403
from .spectral import __all__ as _spectral_all


def _register_builtin_backends() -> None:
    from . import backends
    from .dispatch import _control

    for backend in backends.builtin:
        _control.add_named(backend.name, backend, aliases=backend.aliases)
    for backend in backends.native:
        _control.register_backend(backend)
    for backend in backends.last:
        _control.register_backend(backend, last=True)


_register_builtin_backends()


def _apply_environment() -> None:
    import os

    from .dispatch import _control

    _control.apply_environment(os.environ)


_apply_environment()

__version__ = "0.1.0"

if TYPE_CHECKING:
    from ._conversions import BadCoefficients as BadCoefficients
    from ._systems import StateSpace as StateSpace
    from ._systems import TransferFunction as TransferFunction
    from ._systems import ZerosPolesGain as ZerosPolesGain
    from ._systems import dlti as dlti
    from ._systems import lti as lti
else:

    def __getattr__(name):
        # SciPy's own warning class (users filter it), looked up on first use (PEP 562):
        # ``import sigproc`` does not import SciPy.
        if name == "BadCoefficients":
            from ._conversions import BadCoefficients

            return BadCoefficients
        if name in _LTI_CLASSES:  # SciPy's own LTI classes, likewise
            from . import _systems

            return getattr(_systems, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BackendNotImplementedError",
    "BadCoefficients",
    "datasets",
    "fft",
    "list_backends",
    "register_backend",
    "set_backend",
    "set_global_backend",
    "skip_backend",
    "which_backend",
    "windows",
    *_filtering_all,
    *_spectral_all,
    *_aggregate_all,
    *_conversions_all,
    *_peaks_all,
    *_responses_all,
    *_waveforms_all,
    *_transforms_all,
    *_filters2d_all,
    *_splines_all,
    *_stft_class_all,
    *_systems_all,
    *_LTI_CLASSES,
]
