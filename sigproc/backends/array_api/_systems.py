"""Portable backend, LTI systems: the portable core."""

from ... import _systems as systems
from ..._core import systems as core
from . import implements

implements(systems.dlsim)(core.dlsim)
implements(systems.lsim)(core.lsim)
