"""NumPy-backend FIR functions: thin calls into SciPy's compiled code."""

import scipy.signal

from ... import filtering
from . import implements


@implements(filtering.convolve)
def convolve(in1, in2, mode="full", method="auto"):
    return scipy.signal.convolve(in1, in2, mode=mode, method=method)


@implements(filtering.correlate)
def correlate(in1, in2, mode="full", method="auto"):
    return scipy.signal.correlate(in1, in2, mode=mode, method=method)


@implements(filtering.fftconvolve)
def fftconvolve(in1, in2, mode="full", axes=None):
    return scipy.signal.fftconvolve(in1, in2, mode=mode, axes=axes)


@implements(filtering.oaconvolve)
def oaconvolve(in1, in2, mode="full", axes=None):
    return scipy.signal.oaconvolve(in1, in2, mode=mode, axes=axes)


@implements(filtering.hilbert)
def hilbert(x, N=None, axis=-1):
    return scipy.signal.hilbert(x, N=N, axis=axis)


@implements(filtering.resample)
def resample(x, num, t=None, axis=0, window=None, domain="time"):
    return scipy.signal.resample(x, num, t=t, axis=axis, window=window, domain=domain)


@implements(filtering.resample_poly)
def resample_poly(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    return scipy.signal.resample_poly(
        x, up, down, axis=axis, window=window, padtype=padtype, cval=cval
    )


@implements(filtering.upfirdn)
def upfirdn(h, x, up=1, down=1, axis=-1, mode="constant", cval=0):
    return scipy.signal.upfirdn(h, x, up=up, down=down, axis=axis, mode=mode, cval=cval)


@implements(filtering.savgol_filter)
def savgol_filter(
    x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0
):
    return scipy.signal.savgol_filter(
        x, window_length, polyorder, deriv=deriv, delta=delta, axis=axis, mode=mode, cval=cval
    )


@implements(filtering.medfilt)
def medfilt(volume, kernel_size=None):
    return scipy.signal.medfilt(volume, kernel_size=kernel_size)
