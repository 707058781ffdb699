"""IIR filtering on NumPy arrays: SciPy's compiled code, after validation.

The checks (finite coefficients, ``a[0] != 0``, the shape of `sos`) are the
core's (:mod:`sigproc._core.iir`), run with NumPy as the namespace, so every
backend refuses the same inputs with the same messages.
"""

import numpy as np
import scipy.signal
from array_api_compat import numpy as xnp

from ... import filtering
from ..._core.iir import check_ba, check_finite, check_sos
from . import implements


def _zi(zi):
    if zi is not None:
        zi = np.asarray(zi)
        check_finite("zi", zi, xp=xnp)
    return zi


@implements(filtering.lfilter)
def lfilter(b, a, x, axis=-1, zi=None):
    b, a = check_ba(np.asarray(b), np.asarray(a), xp=xnp)
    return scipy.signal.lfilter(b, a, x, axis=axis, zi=_zi(zi))


@implements(filtering.lfilter_zi)
def lfilter_zi(b, a):
    b, a = np.asarray(b), np.asarray(a)
    check_finite("b", b, xp=xnp)
    check_finite("a", a, xp=xnp)
    return scipy.signal.lfilter_zi(b, a)


@implements(filtering.lfiltic)
def lfiltic(b, a, y, x=None):
    b, a = check_ba(np.asarray(b), np.asarray(a), xp=xnp)
    return scipy.signal.lfiltic(b, a, y, x=x)


@implements(filtering.filtfilt)
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    b, a = check_ba(np.asarray(b), np.asarray(a), xp=xnp)
    return scipy.signal.filtfilt(
        b, a, x, axis=axis, padtype=padtype, padlen=padlen, method=method, irlen=irlen
    )


@implements(filtering.sosfilt)
def sosfilt(sos, x, axis=-1, zi=None):
    sos = check_sos(np.asarray(sos), xp=xnp)
    return scipy.signal.sosfilt(sos, x, axis=axis, zi=_zi(zi))


@implements(filtering.sosfilt_zi)
def sosfilt_zi(sos):
    return scipy.signal.sosfilt_zi(check_sos(np.asarray(sos), xp=xnp, allow_1d=False))


@implements(filtering.sosfiltfilt)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    sos = check_sos(np.asarray(sos), xp=xnp)
    return scipy.signal.sosfiltfilt(sos, x, axis=axis, padtype=padtype, padlen=padlen)


@implements(filtering.decimate)
def decimate(x, q, n=None, ftype="iir", axis=-1, zero_phase=True):
    return scipy.signal.decimate(x, q, n=n, ftype=ftype, axis=axis, zero_phase=zero_phase)
