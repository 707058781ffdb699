"""Portable backend, peak finding: the portable core (:mod:`sigproc._core.peaks`)."""

from ... import _peaks as peaks_api
from ..._core import peaks
from . import implements

for _name in peaks_api.__all__:
    implements(getattr(peaks_api, _name))(getattr(peaks, _name))
