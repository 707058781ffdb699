"""numpy backend, 2-D and order filters: SciPy's compiled code.

``sepfir2d`` with a filter longer than an axis plus one goes to the portable
code: SciPy's C loop then reads outside the image (its own comment says so).
"""

import numpy as np
import scipy.signal

from ... import _filters2d as api
from ..._core.filters2d import sepfir2d_dtype
from ..._core.host import host
from . import implements


@implements(api.convolve2d)
def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    return scipy.signal.convolve2d(
        in1, in2, mode=mode, boundary=boundary, fillvalue=host(fillvalue)
    )


@implements(api.correlate2d)
def correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    return scipy.signal.correlate2d(
        in1, in2, mode=mode, boundary=boundary, fillvalue=host(fillvalue)
    )


@implements(api.medfilt2d)
def medfilt2d(input, kernel_size=3):
    return scipy.signal.medfilt2d(input, kernel_size=kernel_size)


@implements(api.wiener)
def wiener(im, mysize=None, noise=None):
    return scipy.signal.wiener(im, mysize=mysize, noise=noise)


@implements(api.order_filter)
def order_filter(a, domain, rank):
    return scipy.signal.order_filter(a, domain, rank)


def _filter_too_long(input, hrow, hcol):
    shape, taps = np.shape(input), (np.shape(hcol), np.shape(hrow))
    if len(shape) != 2 or any(len(t) != 1 for t in taps):
        return None  # SciPy raises its own error
    if any(n < t[0] - 1 for n, t in zip(shape, taps, strict=True)):
        return "a filter longer than an axis plus one: SciPy's C code reads outside the image"
    return None


@implements(api.sepfir2d, unless=_filter_too_long)
def sepfir2d(input, hrow, hcol):
    # Taps of the image's kind go in as its dtype, as SciPy takes lists (see the core).
    input, hrow, hcol = np.asarray(input), np.asarray(hrow), np.asarray(hcol)
    dt = sepfir2d_dtype(input, hrow, hcol, xp=np)
    return scipy.signal.sepfir2d(input, hrow.astype(dt, copy=False), hcol.astype(dt, copy=False))


@implements(api.deconvolve)
def deconvolve(signal, divisor):
    return scipy.signal.deconvolve(signal, divisor)
