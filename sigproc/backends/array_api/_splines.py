"""Portable backend, B-splines and symmetric IIR filters.

The portable core (:mod:`sigproc._core.splines`), registered as it is.
"""

from ... import _splines as api
from ..._core import splines
from . import implements

for _name in api.__all__:
    implements(getattr(api, _name))(getattr(splines, _name))
