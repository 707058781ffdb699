"""Torch-backend short-time transforms (spectrogram, stft, istft) on torch kernels.

Frames are ``Tensor.unfold`` views processed in cache-sized blocks by the Welch
machinery of :mod:`._spectral` (detrend, window, one batched FFT per block).
``stft``/``spectrogram`` fold the scale into the window. ``istft`` runs the
portable core (torch's ``irfft`` and a reshape overlap-add;
``torch.nn.functional.fold`` measured 2x slower on the CPU). Argument checks and
messages are the portable code's. Everything is differentiable; host-side
constants (windows, frequency grids) are graph breaks under ``torch.compile``.
"""

from __future__ import annotations

import math
import operator

import array_api_compat.torch as xp
import numpy as np
import torch

from ...dispatch._warnings import warn
from ..array_api import _stft as portable_stft
from . import implements
from ._spectral import (
    _abs2,
    _as_inexact,
    _detrend_spec,
    _empty,
    _float_dtypes,
    _freqs,
    _named_window,
    _onesided_factor,
    _window_array,
    _windowed_spectra,
    segments_per_chunk,
)


# -- short-time transforms (scipy.signal._spectral_helper semantics) ---------------------
def _triage_window(window, nperseg, n, rdt, dev):
    """(window tensor, nperseg) with the short-time transforms' rules and messages."""
    if isinstance(window, (str, tuple)):
        if nperseg is None:
            nperseg = 256
        if nperseg > n:
            warn(
                f"nperseg = {nperseg:d} is greater than input length  = {n:d}, "
                f"using nperseg = {n:d}"
            )
            nperseg = n
        return _named_window(window, nperseg, rdt, dev), nperseg
    win = _window_array(window, xp, dev)
    if win.ndim != 1:
        raise ValueError("window must be 1-D")
    if n < win.shape[0]:
        raise ValueError("window is longer than input signal")
    if nperseg is None:
        nperseg = win.shape[0]
    elif nperseg != win.shape[0]:
        raise ValueError("value specified for nperseg is different from length of window")
    return win.to(rdt), nperseg


def _short_time(
    x,
    fs,
    window,
    nperseg,
    noverlap,
    nfft,
    detrend,
    return_onesided,
    scaling,
    axis,
    mode,
    boundary=None,
    padded=False,
    *,
    default_noverlap=2,
):
    """Per-segment spectra (mode 'psd' or 'stft'); returns f, t, result.

    The checks are the portable ``stft_core``'s; the work is one ``unfold``, the
    detrend, one multiply by the window with the scale folded in, and one FFT.
    """
    if boundary not in ("even", "odd", "constant", "zeros", None):
        raise ValueError(
            f"Unknown boundary option '{boundary}', "
            "must be one of: ['even', 'odd', 'constant', 'zeros', None]"
        )
    axis = operator.index(axis)
    dev = x.device
    x = _as_inexact(x)
    if x.numel() == 0:
        return (_empty(x.shape, dev),) * 3
    rdt, cdt = _float_dtypes(x.dtype)
    x = torch.movedim(x, axis, -1)
    if nperseg is not None:
        nperseg = operator.index(nperseg)
        if nperseg < 1:
            raise ValueError("nperseg must be a positive integer")
    win, nperseg = _triage_window(window, nperseg, x.shape[-1], rdt, dev)
    if nfft is None:
        nfft = nperseg
    elif nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    nfft = operator.index(nfft)
    noverlap = nperseg // default_noverlap if noverlap is None else operator.index(noverlap)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    x = portable_stft._extend(x, nperseg // 2, boundary, xp)
    if padded:
        nadd = (-(x.shape[-1] - nperseg) % step) % nperseg
        x = torch.nn.functional.pad(x, (0, nadd))
    detrend = _detrend_spec(detrend) if detrend else None
    if callable(detrend) and axis != -1:
        # SciPy hands a callable the segments with their samples on `axis`.
        user = detrend
        detrend = lambda d: torch.movedim(user(torch.movedim(d, -1, axis)), axis, -1)  # noqa: E731
    if scaling == "density":
        scale = 1.0 / (fs * torch.sum(win * win))
    elif scaling == "spectrum":
        scale = 1.0 / win.sum() ** 2
    else:
        raise ValueError(f"Unknown scaling: {scaling!r}")
    onesided = bool(return_onesided)
    if onesided and x.is_complex():
        onesided = False
        warn("Input data is complex, switching to return_onesided=False")
    n = x.shape[-1]
    nseg = (n - nperseg) // step + 1
    if mode == "stft":
        win = win * torch.sqrt(scale)
    elif onesided:
        scale = scale * _onesided_factor(nfft // 2 + 1, nfft, rdt, xp, dev)
    k = segments_per_chunk(math.prod(x.shape[:-1]), nfft, cdt, dev)
    parts = []
    for s0 in range(0, nseg, k):  # cache-sized blocks: faster than one pass over all frames
        s1 = min(nseg, s0 + k)
        frames = x[..., s0 * step : (s1 - 1) * step + nperseg].unfold(-1, nperseg, step)
        spectra = _windowed_spectra(frames, win, detrend, nfft, onesided)
        if mode == "psd":
            spectra = _abs2(spectra) * scale
        parts.append(spectra)
    result = torch.cat(parts, dim=-2) if len(parts) > 1 else parts[0]
    result = result.to(rdt if mode == "psd" else cdt)
    t = np.arange(nperseg / 2, n - nperseg / 2 + 1, nperseg - noverlap) / float(fs)
    if boundary is not None:
        t -= (nperseg / 2) / fs
    out_axis = axis - 1 if axis < 0 else axis
    return (
        _freqs(nfft, fs, onesided, xp, dev),
        torch.asarray(t, dtype=torch.float64, device=dev),
        torch.movedim(result, -1, out_axis),
    )


@implements("spectrogram")
def spectrogram(
    x,
    fs=1.0,
    window=("tukey_periodic", 0.25),
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    mode="psd",
):
    modes = portable_stft.SPECTROGRAM_MODES
    if mode not in modes:
        raise ValueError(f"unknown value for mode {mode}, must be one of {list(modes)}")
    f, t, sxx = _short_time(
        x,
        fs,
        window,
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        "psd" if mode == "psd" else "stft",
        default_noverlap=8,
    )
    return portable_stft.spectrogram_modes(f, t, sxx, mode, axis, xp)


@implements("stft")
def stft(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=256,
    noverlap=None,
    nfft=None,
    detrend=False,
    return_onesided=True,
    boundary="zeros",
    padded=True,
    axis=-1,
    scaling="spectrum",
):
    scaling = portable_stft.stft_scaling(scaling)
    return _short_time(
        x,
        fs,
        window,
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        "stft",
        boundary,
        padded,
    )


@implements("istft")
def istft(Zxx, *args, **kwargs):
    # The portable core already runs torch's irfft and a vectorised overlap-add (a reshape
    # "skew" and one sum); torch.nn.functional.fold measured 2x slower on the CPU.
    return portable_stft.istft_core(Zxx, *args, **kwargs, xp=xp)
