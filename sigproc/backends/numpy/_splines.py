"""numpy backend, B-splines and symmetric IIR filters: SciPy's compiled code."""

import numpy as np
import scipy.signal

from ... import _splines as api
from . import implements


@implements(api.symiirorder1)
def symiirorder1(signal, c0, z1, precision=-1.0):
    return scipy.signal.symiirorder1(signal, c0, z1, precision)


@implements(api.symiirorder2)
def symiirorder2(input, r, omega, precision=-1.0):
    return scipy.signal.symiirorder2(input, r, omega, precision)


@implements(api.cspline1d)
def cspline1d(signal, lamb=0.0):
    return scipy.signal.cspline1d(signal, lamb)


@implements(api.qspline1d)
def qspline1d(signal, lamb=0.0):
    return scipy.signal.qspline1d(signal, lamb)


@implements(api.cspline2d)
def cspline2d(signal, lamb=0.0, precision=-1.0):
    return scipy.signal.cspline2d(signal, lamb, precision)


@implements(api.qspline2d)
def qspline2d(signal, lamb=0.0, precision=-1.0):
    return scipy.signal.qspline2d(signal, lamb, precision)


@implements(api.spline_filter)
def spline_filter(Iin, lmbda=5.0):
    return scipy.signal.spline_filter(Iin, lmbda)


@implements(api.gauss_spline)
def gauss_spline(x, n):
    return scipy.signal.gauss_spline(x, n)


def _scipy_recurses(cj, newx, dx=1.0, x0=0):
    # SciPy mirrors positions by recursion: without end for one coefficient or an
    # infinite position (RecursionError), and a NaN position warns as it is cast.
    if np.size(cj) == 1 and np.any(np.asarray(newx) != x0):
        return "one coefficient: SciPy's mirroring recurses without end"
    newx = np.asarray(newx)
    if newx.dtype.kind in "fc" and not np.all(np.isfinite(newx)):
        return "non-finite positions: SciPy's mirroring recurses without end"
    return None


@implements(api.cspline1d_eval, unless=_scipy_recurses)
def cspline1d_eval(cj, newx, dx=1.0, x0=0):
    return scipy.signal.cspline1d_eval(cj, newx, dx=dx, x0=x0)


@implements(api.qspline1d_eval, unless=_scipy_recurses)
def qspline1d_eval(cj, newx, dx=1.0, x0=0):
    return scipy.signal.qspline1d_eval(cj, newx, dx=dx, x0=x0)
