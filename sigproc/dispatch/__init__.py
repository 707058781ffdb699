"""sigproc's dispatch framework, on uarray.

Public functions are uarray multimethods in the domain ``"sigproc"``;
backends are uarray backends. This package knows backends only by name,
through its registry: the function modules declare multimethods, the
backends implement them.
"""

from ._backend import Backend, Decline
from ._control import (
    BackendInfo,
    get_state,
    list_backends,
    register_backend,
    set_backend,
    set_global_backend,
    set_state,
    skip_backend,
)
from ._errors import BackendNotImplementedError
from ._explain import Call, Selection, kernel, trace, which_backend
from ._interop import from_scipy_fft, to_scipy_fft
from ._multimethod import DOMAIN, front, multimethod
from ._support import support_table
from ._warnings import warn

__all__ = [
    "DOMAIN",
    "Backend",
    "BackendInfo",
    "BackendNotImplementedError",
    "Call",
    "Decline",
    "Selection",
    "from_scipy_fft",
    "front",
    "get_state",
    "kernel",
    "list_backends",
    "multimethod",
    "register_backend",
    "set_backend",
    "set_global_backend",
    "set_state",
    "skip_backend",
    "support_table",
    "to_scipy_fft",
    "trace",
    "warn",
    "which_backend",
]
