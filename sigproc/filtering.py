"""Filtering: public multimethods with scipy.signal's names.

The declarations live in two modules of their own, ``_iir`` (recursive
filters) and ``_fir`` (convolution, resampling and other FIR work), and
filter design (host-side, NumPy coefficients) in ``_design``; this module
gathers them under the name DESIGN.md gives.
"""

from ._design import *  # noqa: F403
from ._design import __all__ as _design_all
from ._fir import *  # noqa: F403
from ._fir import __all__ as _fir_all
from ._iir import *  # noqa: F403
from ._iir import __all__ as _iir_all

__all__ = [*_iir_all, *_fir_all, *_design_all]
