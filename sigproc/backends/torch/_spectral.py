"""Torch-backend Welch estimates (welch, csd, coherence, periodogram) on torch kernels.

Segments are ``Tensor.unfold`` views of the signal (no copy), processed in blocks
of about :data:`CHUNK_BYTES` of spectra (cache sized on the CPU;
:data:`CHUNK_BYTES_DEVICE` on accelerators, where fewer, larger kernels pay), so
``welch`` on 10**8 samples holds one block of windowed segments at a time. Per
block: the constant detrend and the window in two elementwise kernels (a linear
trend adds one small matmul and is folded into the window with ``addmm``), one
batched ``torch.fft.rfft``, and the average as one reduction (``vecdot`` for
cross spectra). ``average='median'`` is the true median (``torch.median`` is the
lower one) from ``torch.kthvalue``. ``coherence`` transforms each signal once
instead of twice. The block machinery here also serves the short-time transforms
in :mod:`._stft`. The portable ``csd_core`` checks the arguments and builds the
window, scale and frequencies; :func:`_average` is its ``average_func`` hook.
Everything is differentiable; under ``torch.compile`` each call runs eagerly (one
graph break: the cores' host-side windows and grids cannot be traced).
"""

from __future__ import annotations

import functools
import math

import array_api_compat.torch as xp
import numpy as np
import torch

from ... import spectral
from ..._core import spectral as spectral_core
from . import implements


def eager(core):
    """`core` as one graph break under torch.compile; a direct call otherwise.

    The portable cores call host-side NumPy/SciPy code (windows, frequency grids,
    constants) that dynamo cannot trace: it fails on scipy.signal.get_window. The
    direct call keeps eager calls free of the wrapper's frame and cost (a warning
    then points at the caller's line).
    """
    disabled = torch.compiler.disable(core)

    @functools.wraps(core)
    def call(*args, **kwargs):
        return (disabled if torch.compiler.is_compiling() else core)(*args, **kwargs)

    return call


_csd_core = eager(spectral_core.csd_core)
_periodogram_core = eager(spectral_core.periodogram_core)

#: Target size in bytes of one block of segment spectra on the CPU: about the L2/L3 cache;
#: measured 2x faster than 8 MiB blocks for welch on 10**7 samples (2-core AMD EPYC).
CHUNK_BYTES = 1 << 21
#: The same on accelerators: larger blocks, fewer kernel launches.
CHUNK_BYTES_DEVICE = 1 << 28


def segments_per_chunk(batch, nfft, dtype, device):
    """Number of segments per block so that one block of spectra stays near the target."""
    limit = CHUNK_BYTES if device.type == "cpu" else CHUNK_BYTES_DEVICE
    itemsize = 8 if dtype in (torch.float32, torch.complex64) else 16
    return max(1, limit // max(batch * (nfft // 2 + 1) * itemsize, 1))


@torch.compiler.disable  # a host-side constant: a graph break under torch.compile
def _line_basis(n, dtype, dev):
    """(basis, fit): rows 1 and t (centred), and the least-squares projections onto them."""
    t = np.arange(n) - (n - 1) / 2  # centred abscissa: mean and slope decouple
    basis = np.stack((np.ones(n), t))
    fit = basis / np.array([[n], [float(np.sum(t * t)) or 1.0]])
    return (torch.asarray(b, dtype=dtype, device=dev) for b in (basis, fit))


def _windowed_spectra(seg, win, detrend, nfft, onesided):
    """FFT of detrended, windowed segments ``(..., k, nperseg)`` along the last axis."""
    if detrend == "linear":
        # (seg - line) * win as seg * win - coef @ (basis * win): one matmul, one multiply.
        basis, fit = _line_basis(seg.shape[-1], seg.dtype, seg.device)
        coef = seg @ fit.T  # (..., k, 2): mean and slope of every segment
        windowed = seg * win
        shape = windowed.shape
        windowed = torch.addmm(
            windowed.reshape(-1, shape[-1]), coef.reshape(-1, 2), basis * win, alpha=-1
        )
        return _fft(windowed.reshape(shape), nfft, onesided)
    if detrend == "constant":
        seg = seg - seg.mean(-1, keepdim=True)
    elif detrend is not None:
        seg = detrend(seg)
    # In place on a fresh block when no gradient needs the unwindowed values.
    fresh = detrend == "constant" and not win.requires_grad
    return _fft(seg.mul_(win) if fresh else seg * win, nfft, onesided)


def _fft(seg, nfft, onesided):
    return torch.fft.rfft(seg, n=nfft) if onesided else torch.fft.fft(seg, n=nfft)


def _abs2(spectra):
    """|X|**2 elementwise; 10x faster on the CPU than summing view_as_real's last axis."""
    re, im = spectra.real, spectra.imag
    return re * re + im * im


def _power(spectra):
    """|X|**2 summed over segments (axis -2); view_as_real keeps the reduction contiguous."""
    return torch.view_as_real(spectra).square().sum(-3).sum(-1)


def _true_median(p, dim):
    """Median along `dim`, the mean of the two middle values for an even count.

    For an even count the upper middle value is the smallest value above the lower
    one (or the lower one itself when it is repeated): one masked ``amin`` instead
    of a second ``kthvalue``, which halves the cost.
    """
    n = p.shape[dim]
    if n % 2:
        return torch.kthvalue(p, n // 2 + 1, dim=dim).values
    lower = torch.kthvalue(p, n // 2, dim=dim, keepdim=True).values
    above = torch.where(p > lower, p, torch.inf).amin(dim)
    repeated = (p <= lower).sum(dim) > n // 2
    lower = lower.squeeze(dim)
    return (lower + torch.where(repeated, lower, above)) / 2


def _averages(signals, pairs, *, win, detrend, nperseg, step, nseg, nfft, onesided, median):
    """Per pair ``(i, j)`` of `signals`: the sum over segments of ``conj(X_i) * X_j``.

    ``i == j`` gives the real ``|X_i|**2``; with `median` the true median over segments
    replaces the sum. Each signal (samples last, padded to a common length) is
    transformed once however many pairs use it, block by block.
    """
    rdt = win.dtype
    cdt = rdt.to_complex()
    if len(signals) > 1:  # SciPy computes a cross spectrum in the common precision of both signals
        signals = [s.to(cdt if s.is_complex() else rdt) for s in signals]
    batch = math.prod(np.broadcast_shapes(*(s.shape[:-1] for s in signals)))
    k = segments_per_chunk(batch, nfft, cdt, win.device)
    blocks = [[] for _ in pairs]  # per pair: block sums (mean) or per-segment spectra (median)
    for s0 in range(0, nseg, k):
        s1 = min(nseg, s0 + k)
        spectra = [
            _windowed_spectra(
                s[..., s0 * step : (s1 - 1) * step + nperseg].unfold(-1, nperseg, step),
                win,
                detrend,
                nfft,
                onesided,
            )
            for s in signals
        ]
        for parts, (i, j) in zip(blocks, pairs, strict=True):
            a, b = spectra[i], spectra[j]
            if median:
                parts.append(_abs2(a) if i == j else a.conj() * b)
            else:
                parts.append(_power(a) if i == j else torch.linalg.vecdot(a, b, dim=-2))
    out = []
    for parts in blocks:
        if median:
            p = torch.cat(parts, dim=-2) if len(parts) > 1 else parts[0]
            parts.clear()  # the per-segment spectra are held once, not twice, while selecting
            if p.is_complex():
                p = torch.complex(_true_median(p.real, -2), _true_median(p.imag, -2))
            else:
                p = _true_median(p, -2)
        else:
            p = parts[0]
            for part in parts[1:]:
                p = p + part
        out.append(p)
    return out


def _average(x, y, **params):
    """csd_core's `average_func`: the torch block engine for one spectrum."""
    signals, pair = ([x], (0, 0)) if y is x else ([x, y], (0, 1))
    return _averages(signals, [pair], **params)[0]


@implements(spectral.welch)
def welch(x, *args, **kwargs):
    return _csd_core(x, x, *args, **kwargs, xp=xp, average_func=_average)


@implements(spectral.csd)
def csd(x, y, *args, **kwargs):
    return _csd_core(x, y, *args, **kwargs, xp=xp, average_func=_average)


@implements(spectral.periodogram)
def periodogram(x, *args, **kwargs):
    return _periodogram_core(x, *args, **kwargs, xp=xp, average_func=_average)


@implements(spectral.coherence)
def coherence(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    axis=-1,
):
    args = dict(
        fs=fs, window=window, nperseg=nperseg, noverlap=noverlap, nfft=nfft, detrend=detrend,
        axis=axis, xp=xp,
    )  # fmt: skip
    if x.shape[axis] != y.shape[axis] or x.dtype != y.dtype:
        # SciPy's welch(x) and welch(y) see each signal's own length and precision.
        f, pxx = _csd_core(x, x, **args, average_func=_average)
        _, pyy = _csd_core(y, y, **args, average_func=_average)
        _, pxy = _csd_core(x, y, **args, average_func=_average)
        return f, pxy.abs().square() / pxx / pyy
    sums = []

    def average(x, y, **params):
        # One segmentation serves Sxx, Syy and Sxy: each signal is transformed once.
        j = 0 if y is x else 1
        sums[:] = _averages([x, y][: j + 1], [(0, 0), (j, j), (0, j)], **params)
        return sums[2]

    f, pxy = _csd_core(x, y, **args, average_func=average)
    if not sums:  # empty input: nothing to average
        return f, pxy.abs().square()
    # The scale and the one-sided factor cancel in |Sxy|**2 / (Sxx * Syy).
    sxx, syy, sxy = sums
    return f, torch.movedim(sxy.abs().square() / sxx / syy, -1, axis)
