"""Portable backend, waveforms: the portable core."""

from collections.abc import Callable
from typing import Any

from ... import _waveforms as waveforms
from ..._core import waveforms as core
from ...dispatch._protocols import PublicFunction
from . import implements

_TABLE: dict[PublicFunction[..., Any], Callable[..., Any]] = {
    waveforms.chirp: core.chirp,
    waveforms.sawtooth: core.sawtooth,
    waveforms.square: core.square,
    waveforms.gausspulse: core.gausspulse,
    waveforms.sweep_poly: core.sweep_poly,
}
for _public, _core_impl in _TABLE.items():
    implements(_public)(_core_impl)
