"""numpy backend, transforms and signal tools: SciPy's compiled code."""

import numpy as np
import scipy.signal

from ... import _transforms as api
from ..._core.transforms import warn_precenter
from . import implements


@implements(api.czt)
def czt(x, m=None, w=None, a=1 + 0j, *, axis=-1):
    return scipy.signal.czt(x, m=m, w=w, a=a, axis=axis)


@implements(api.zoom_fft)
def zoom_fft(x, fn, m=None, *, fs=2, endpoint=False, axis=-1):
    return scipy.signal.zoom_fft(x, fn, m=m, fs=fs, endpoint=endpoint, axis=axis)


@implements(api.lombscargle)
def lombscargle(
    x, y, freqs, *, precenter=api.NO_VALUE, normalize=False, weights=None, floating_mean=False
):
    given = precenter is not api.NO_VALUE
    if given and precenter:
        y = np.asarray(y, dtype=np.float64)
        y = y - y.mean() if y.size else y
    pgram = scipy.signal.lombscargle(
        x, y, freqs, normalize=normalize, weights=weights, floating_mean=floating_mean
    )
    if given:  # after SciPy's checks, as SciPy warns; SciPy's own would name this line
        warn_precenter()
    return pgram


@implements(api.envelope)
def envelope(z, bp_in=(1, None), *, n_out=None, squared=False, residual="lowpass", axis=-1):
    return scipy.signal.envelope(
        z, bp_in, n_out=n_out, squared=squared, residual=residual, axis=axis
    )


@implements(api.hilbert2)
def hilbert2(x, N=None, axes=(-2, -1)):
    return scipy.signal.hilbert2(x, N=N, axes=axes)


@implements(api.vectorstrength)
def vectorstrength(events, period):
    return scipy.signal.vectorstrength(events, period)


@implements(api.choose_conv_method)
def choose_conv_method(in1, in2, mode="full", measure=False):
    return scipy.signal.choose_conv_method(in1, in2, mode=mode, measure=measure)
