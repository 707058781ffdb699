"""numpy backend, waveforms: SciPy's compiled code."""

import scipy.signal

from ... import _waveforms as waveforms
from . import implements


@implements(waveforms.chirp)
def chirp(t, f0, t1, f1, method="linear", phi=0, vertex_zero=True, *, complex=False):
    return scipy.signal.chirp(
        t, f0, t1, f1, method=method, phi=phi, vertex_zero=vertex_zero, complex=complex
    )


@implements(waveforms.sawtooth)
def sawtooth(t, width=1):
    return scipy.signal.sawtooth(t, width=width)


@implements(waveforms.square)
def square(t, duty=0.5):
    return scipy.signal.square(t, duty=duty)


@implements(waveforms.gausspulse)
def gausspulse(t, fc=1000, bw=0.5, bwr=-6, tpr=-60, retquad=False, retenv=False):
    return scipy.signal.gausspulse(
        t, fc=fc, bw=bw, bwr=bwr, tpr=tpr, retquad=retquad, retenv=retenv
    )


@implements(waveforms.sweep_poly)
def sweep_poly(t, poly, phi=0):
    return scipy.signal.sweep_poly(t, poly, phi=phi)
