"""numpy backend, peak finding: SciPy's compiled code.

Arrays of other libraries inside the condition arguments and
``prominence_data`` (which dispatch does not convert) come to NumPy first.
"""

import scipy.signal

from ... import _peaks as peaks_api
from ..._core.host import host
from . import implements


@implements(peaks_api.find_peaks)
def find_peaks(
    x,
    height=None,
    threshold=None,
    distance=None,
    prominence=None,
    width=None,
    wlen=None,
    rel_height=0.5,
    plateau_size=None,
):
    return scipy.signal.find_peaks(
        x,
        height=host(height),
        threshold=host(threshold),
        distance=distance,
        prominence=host(prominence),
        width=host(width),
        wlen=wlen,
        rel_height=rel_height,
        plateau_size=host(plateau_size),
    )


@implements(peaks_api.peak_prominences)
def peak_prominences(x, peaks, wlen=None):
    return scipy.signal.peak_prominences(x, peaks, wlen=wlen)


@implements(peaks_api.peak_widths)
def peak_widths(x, peaks, rel_height=0.5, prominence_data=None, wlen=None):
    return scipy.signal.peak_widths(
        x, peaks, rel_height=rel_height, prominence_data=host(prominence_data), wlen=wlen
    )


@implements(peaks_api.argrelextrema)
def argrelextrema(data, comparator, axis=0, order=1, mode="clip"):
    return scipy.signal.argrelextrema(data, comparator, axis=axis, order=order, mode=mode)


@implements(peaks_api.argrelmin)
def argrelmin(data, axis=0, order=1, mode="clip"):
    return scipy.signal.argrelmin(data, axis=axis, order=order, mode=mode)


@implements(peaks_api.argrelmax)
def argrelmax(data, axis=0, order=1, mode="clip"):
    return scipy.signal.argrelmax(data, axis=axis, order=order, mode=mode)


@implements(peaks_api.find_peaks_cwt)
def find_peaks_cwt(
    vector,
    widths,
    wavelet=None,
    max_distances=None,
    gap_thresh=None,
    min_length=None,
    min_snr=1,
    noise_perc=10,
    window_size=None,
):
    return scipy.signal.find_peaks_cwt(
        vector,
        widths,
        wavelet=wavelet,
        max_distances=max_distances,
        gap_thresh=gap_thresh,
        min_length=min_length,
        min_snr=min_snr,
        noise_perc=noise_perc,
        window_size=window_size,
    )
