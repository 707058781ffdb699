"""Torch-backend short-time transforms (spectrogram, stft) on torch kernels.

The core's ``spectrogram_core`` and ``stft_public_core`` check the arguments and
build the window and the grids; their ``spectra_func`` hook runs the Welch
machinery of :mod:`._spectral` here: ``Tensor.unfold`` frames in cache-sized
blocks, the detrend, one multiply by the window (the scale folded into it for
``stft``) and one batched FFT per block. Everything is differentiable; under
``torch.compile`` a spectrogram or stft call runs eagerly, one graph break (see
:func:`._spectral.eager`).

``istft`` has no kernel here: the backend's fallback runs the portable core on
the tensors (torch's ``irfft`` and a reshape overlap-add;
``torch.nn.functional.fold`` measured 2x slower on the CPU).
"""

from __future__ import annotations

import math

import array_api_compat.torch as xp
import torch

from ... import spectral
from ..._core import stft as stft_core
from . import implements
from ._spectral import _abs2, _windowed_spectra, eager, segments_per_chunk

_spectrogram_core = eager(stft_core.spectrogram_core)
_stft_core = eager(stft_core.stft_public_core)


def _short_time_spectra(
    x, *, win, detrend, weight, nperseg, step, nseg, nfft, onesided, mode, dtype
):
    """stft_core's `spectra_func`: ``(..., nseg, nbins)`` spectra of `x`'s frames."""
    if mode == "stft":
        win = win * weight  # the scale folded into the window: one multiply less per block
    k = segments_per_chunk(math.prod(x.shape[:-1]), nfft, dtype, x.device)
    parts = []
    for s0 in range(0, nseg, k):  # cache-sized blocks: faster than one pass over all frames
        s1 = min(nseg, s0 + k)
        frames = x[..., s0 * step : (s1 - 1) * step + nperseg].unfold(-1, nperseg, step)
        spectra = _windowed_spectra(frames, win, detrend, nfft, onesided)
        if mode == "psd":
            spectra = _abs2(spectra) * weight
        parts.append(spectra)
    return torch.cat(parts, dim=-2) if len(parts) > 1 else parts[0]


@implements(spectral.spectrogram)
def spectrogram(x, *args, **kwargs):
    return _spectrogram_core(x, *args, **kwargs, xp=xp, spectra_func=_short_time_spectra)


@implements(spectral.stft)
def stft(x, *args, **kwargs):
    return _stft_core(x, *args, **kwargs, xp=xp, spectra_func=_short_time_spectra)
