"""numpy backend, LTI systems: SciPy's compiled code."""

import scipy.signal

from ... import _systems as systems
from . import implements


@implements(systems.dlsim)
def dlsim(system, u, t=None, x0=None):
    return scipy.signal.dlsim(system, u, t=t, x0=x0)


@implements(systems.lsim)
def lsim(system, U, T, X0=None, interp=True):
    return scipy.signal.lsim(system, U, T, X0=X0, interp=interp)
