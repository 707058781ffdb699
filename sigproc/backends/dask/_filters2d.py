"""Dask backend: ``convolve2d`` along chunked axes (halos, SciPy's call on each chunk).

With the zero fill boundary (``boundary="fill"``, ``fillvalue=0``),
``convolve2d`` is the convolution of :mod:`._fir`: `in2` is the kernel, one
chunk (or a NumPy array), and each chunk of `in1` with halos of the kernel's
length along its chunked axes runs ``convolve2d(..., mode="valid")``, so each
chunk's samples come out as SciPy computes them. Other edge models gather
`in1` into one chunk for one call. ``correlate2d`` (whose 'same' window and
swapped 'valid' results differ from a convolution's) runs the portable code.
"""

from ... import _filters2d as api
from ..._core.filters2d import check_conv2d
from . import implements
from ._fir import _convolution, _probe_dtype, whole


@implements(api.convolve2d)
def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    check_conv2d(in1, in2, mode, boundary, "convolve2d")
    if boundary == "fill" and fillvalue == 0:
        return _convolution(api.convolve2d, in1, in2, mode, None, {})
    options = {"boundary": boundary, "fillvalue": fillvalue}
    dtype = _probe_dtype(api.convolve2d, in1, in2, mode=mode, **options)
    (a0, a1), (b0, b1) = in1.shape, in2.shape
    out = {
        "full": (a0 + b0 - 1, a1 + b1 - 1),
        "same": (a0, a1),
        "valid": (abs(a0 - b0) + 1, abs(a1 - b1) + 1),
    }[mode]
    x = in1.rechunk(-1)
    return whole(api.convolve2d, x, [(n,) for n in out], dtype, kernel=in2, mode=mode, **options)
