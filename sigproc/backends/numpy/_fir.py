"""NumPy-backend FIR functions: thin calls into SciPy's compiled code."""

import numpy as np
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


def _one_sample_reflection(x, axis, mode):
    # SciPy's upfirdn divides by zero in C (SIGFPE, the process dies) when it reflects
    # a signal of one sample; the portable extension computes that case instead.
    if mode not in ("reflect", "antireflect"):
        return None
    shape = np.shape(x)
    valid = isinstance(axis, int | np.integer) and -len(shape) <= axis < len(shape)
    if valid and shape[axis] == 1:
        return f"mode {mode!r} on one sample crashes SciPy's upfirdn"
    return None


def _resample_poly_guard(
    x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None
):
    return _one_sample_reflection(x, axis, padtype)


def _upfirdn_guard(h, x, up=1, down=1, axis=-1, mode="constant", cval=0):
    return _one_sample_reflection(x, axis, mode)


@implements(filtering.resample_poly, unless=_resample_poly_guard)
def resample_poly(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    return scipy.signal.resample_poly(
        x, up, down, axis=axis, window=window, padtype=padtype, cval=cval
    )


@implements(filtering.upfirdn, unless=_upfirdn_guard)
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
