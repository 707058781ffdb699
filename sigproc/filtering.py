"""Filtering: public multimethods with scipy.signal's names.

The declarations live in two modules of their own, ``_iir`` (recursive
filters) and ``_fir`` (convolution, resampling and other FIR work), and
filter design (host-side, NumPy coefficients) in ``_design``; this module
gathers them under one name (see ``docs/design.md``).
"""

# Names imported and listed one by one: type checkers read `__all__` only when it is a
# literal list (``[*_iir.__all__, ...]`` would export nothing to them, hiding
# ``sigproc.lfilter``). The order is the three modules' ``__all__``, one after another.
from ._design import (
    band_stop_obj,
    bessel,
    butter,
    buttord,
    cheb1ord,
    cheb2ord,
    cheby1,
    cheby2,
    ellip,
    ellipord,
    firls,
    firwin,
    firwin2,
    firwin_2d,
    gammatone,
    iircomb,
    iirdesign,
    iirfilter,
    iirnotch,
    iirpeak,
    kaiser_atten,
    kaiser_beta,
    kaiserord,
    minimum_phase,
    remez,
    savgol_coeffs,
)
from ._fir import (
    convolve,
    correlate,
    fftconvolve,
    hilbert,
    medfilt,
    oaconvolve,
    resample,
    resample_poly,
    savgol_filter,
    upfirdn,
)
from ._iir import (
    decimate,
    filtfilt,
    lfilter,
    lfilter_zi,
    lfiltic,
    sosfilt,
    sosfilt_zi,
    sosfiltfilt,
)

__all__ = [  # noqa: RUF022 (grouped by module)
    # _iir
    "decimate",
    "filtfilt",
    "lfilter",
    "lfilter_zi",
    "lfiltic",
    "sosfilt",
    "sosfilt_zi",
    "sosfiltfilt",
    # _fir
    "convolve",
    "correlate",
    "fftconvolve",
    "hilbert",
    "medfilt",
    "oaconvolve",
    "resample",
    "resample_poly",
    "savgol_filter",
    "upfirdn",
    # _design
    "band_stop_obj",
    "bessel",
    "butter",
    "buttord",
    "cheb1ord",
    "cheb2ord",
    "cheby1",
    "cheby2",
    "ellip",
    "ellipord",
    "firls",
    "firwin",
    "firwin2",
    "firwin_2d",
    "gammatone",
    "iircomb",
    "iirdesign",
    "iirfilter",
    "iirnotch",
    "iirpeak",
    "kaiser_atten",
    "kaiser_beta",
    "kaiserord",
    "minimum_phase",
    "remez",
    "savgol_coeffs",
]
