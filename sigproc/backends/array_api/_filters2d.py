"""Portable backend, 2-D and order filters: the portable core (:mod:`sigproc._core.filters2d`).

``wiener`` and ``deconvolve`` hand their core the public ``correlate``,
``lfilter`` and ``convolve``, so that the signal's own backend runs those.
"""

from ... import _filters2d as api
from ... import filtering
from ..._core import filters2d
from . import implements

for _name in ("convolve2d", "correlate2d", "medfilt2d", "order_filter", "sepfir2d"):
    implements(getattr(api, _name))(getattr(filters2d, _name))


@implements(api.wiener)
def wiener(im, mysize=None, noise=None):
    return filters2d.wiener(im, mysize, noise, correlate=filtering.correlate)


@implements(api.deconvolve)
def deconvolve(signal, divisor):
    return filters2d.deconvolve(
        signal, divisor, lfilter=filtering.lfilter, convolve=filtering.convolve
    )
