"""Portable backend, transforms and signal tools: the portable core.

Two entries adapt their core: ``lombscargle`` turns the "not given" default of
the deprecated `precenter` into None, and ``choose_conv_method`` hands the core
the public ``convolve`` to time (so the arrays' own backend runs it).
"""

from collections.abc import Callable
from typing import Any

from ... import _transforms as api
from ... import filtering
from ..._core import transforms
from ...dispatch._protocols import PublicFunction
from . import implements

_TABLE: dict[PublicFunction[..., Any], Callable[..., Any]] = {
    api.czt: transforms.czt,
    api.zoom_fft: transforms.zoom_fft,
    api.envelope: transforms.envelope,
    api.hilbert2: transforms.hilbert2,
    api.vectorstrength: transforms.vectorstrength,
}
for _public, _core_impl in _TABLE.items():
    implements(_public)(_core_impl)


@implements(api.lombscargle)
def lombscargle(
    x, y, freqs, *, precenter=api.NO_VALUE, normalize=False, weights=None, floating_mean=False
):
    return transforms.lombscargle(
        x, y, freqs,
        precenter=None if precenter is api.NO_VALUE else precenter,
        normalize=normalize, weights=weights, floating_mean=floating_mean,
    )  # fmt: skip


@implements(api.choose_conv_method)
def choose_conv_method(in1, in2, mode="full", measure=False):
    return transforms.choose_conv_method(in1, in2, mode, measure, convolve=filtering.convolve)
