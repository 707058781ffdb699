"""The portable backend's table: each public function and the core algorithm that serves it.

Nothing here computes: the algorithms and SciPy's argument checks live in
:mod:`sigproc._core`, shared with the native backends. Two entries wrap their
core to hand it public functions (decimate's filters, bandpower's
estimators), so that a backend with native kernels for those runs them.
"""

from collections.abc import Callable
from typing import Any

from ... import fft as fft_api
from ... import filtering, spectral
from ..._core import aggregate as aggregate_core
from ..._core import fft as fft_core
from ..._core import fir, iir, stft, upfirdn
from ..._core import spectral as spectral_core
from ..._core.names import (
    FFT_HANKEL,
    FFT_N_AXES,
    FFT_ONE_AXIS,
    FFT_SHIFTS,
    FFT_TRIG_N_AXES,
    FFT_TRIG_ONE_AXIS,
)
from ...aggregate import aggregate, bandpower, ranged_aggregate
from ...dispatch._protocols import PublicFunction
from . import implements

for _name in (
    *FFT_ONE_AXIS, *FFT_N_AXES, *FFT_SHIFTS, *FFT_TRIG_ONE_AXIS, *FFT_TRIG_N_AXES, *FFT_HANKEL,
):  # fmt: skip
    implements(getattr(fft_api, _name))(getattr(fft_core, _name))

_TABLE: dict[PublicFunction[..., Any], Callable[..., Any]] = {
    filtering.lfilter: iir.lfilter,
    filtering.sosfilt: iir.sosfilt,
    filtering.lfilter_zi: iir.lfilter_zi,
    filtering.sosfilt_zi: iir.sosfilt_zi,
    filtering.lfiltic: iir.lfiltic,
    filtering.filtfilt: iir.filtfilt,
    filtering.sosfiltfilt: iir.sosfiltfilt,
    filtering.fftconvolve: fir.fftconvolve,
    filtering.oaconvolve: fir.oaconvolve,
    filtering.convolve: fir.convolve,
    filtering.correlate: fir.correlate,
    filtering.hilbert: fir.hilbert,
    filtering.resample: fir.resample,
    filtering.savgol_filter: fir.savgol_filter,
    filtering.medfilt: fir.medfilt,
    filtering.upfirdn: upfirdn.upfirdn,
    filtering.resample_poly: upfirdn.resample_poly,
    spectral.csd: spectral_core.csd,
    spectral.welch: spectral_core.welch,
    spectral.periodogram: spectral_core.periodogram,
    spectral.coherence: spectral_core.coherence,
    spectral.detrend: spectral_core.detrend,
    spectral.spectrogram: stft.spectrogram,
    spectral.stft: stft.stft,
    spectral.istft: stft.istft,
    aggregate: aggregate_core.aggregate,
    ranged_aggregate: aggregate_core.ranged_aggregate,
}
for _public, _core_impl in _TABLE.items():
    implements(_public)(_core_impl)


_FILTERS = {
    name: getattr(filtering, name)
    for name in ("sosfilt", "sosfiltfilt", "lfilter", "filtfilt", "upfirdn", "resample_poly")
}


@implements(filtering.decimate)
def decimate(x, q, n=None, ftype="iir", axis=-1, zero_phase=True):
    return iir.decimate(x, q, n, ftype, axis, zero_phase, filters=_FILTERS)


_ESTIMATORS = {"welch": spectral.welch, "periodogram": spectral.periodogram}


@implements(bandpower)
def _bandpower(x, fs, bands, *, axis=-1, method="welch", relative=False, **welch_kwargs):
    return aggregate_core.bandpower(
        x, fs, bands, axis=axis, method=method, relative=relative, estimators=_ESTIMATORS,
        **welch_kwargs,
    )  # fmt: skip
