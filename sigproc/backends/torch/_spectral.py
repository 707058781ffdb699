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
in :mod:`._stft`. Argument checks and messages are the portable code's. Everything
is differentiable; host-side constants (windows, frequency grids) are graph breaks
under ``torch.compile``.
"""

from __future__ import annotations

import math
import operator

import array_api_compat.torch as xp
import numpy as np
import torch

from ...dispatch._warnings import warn
from ...spectral import _host_window
from ..array_api import _spectral as portable
from . import implements

# Host-side NumPy/SciPy work (windows, frequency grids, constants) runs eagerly under
# torch.compile: dynamo cannot trace scipy.signal.get_window (it fails on np.nditer),
# and these are constants of the call anyway. A graph break, not a failure.
_host = torch.compiler.disable
_freqs = _host(portable._freqs)
_median_bias = _host(portable._median_bias)
_onesided_factor = _host(portable._onesided_factor)
_window_array = _host(portable._window_array)


@_host
def _named_window(window, nperseg, rdt, dev):
    """A window by name or (name, params), computed on the host (cached) and moved once."""
    return torch.asarray(np.array(_host_window(window, nperseg)), dtype=rdt, device=dev)


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


def _as_inexact(x):
    return x if x.is_floating_point() or x.is_complex() else x.to(torch.float64)


def _float_dtypes(dtype):
    if dtype in (torch.float32, torch.complex64):
        return torch.float32, torch.complex64
    return torch.float64, torch.complex128


def _empty(shape, dev):
    return torch.empty(shape, dtype=torch.float64, device=dev)


def _to_last(x, axis, n):
    """Move `axis` last and zero-pad it to `n` samples."""
    x = torch.movedim(x, axis, -1)
    if x.shape[-1] < n:
        x = torch.nn.functional.pad(x, (0, n - x.shape[-1]))
    return x


def _detrend_spec(detrend):
    """'constant', 'linear', a callable, or None (no detrending), validated as SciPy does."""
    if detrend is False or detrend is None:
        return None
    if callable(detrend):
        return detrend
    if isinstance(detrend, str):
        if detrend not in ("linear", "l", "constant", "c"):
            raise ValueError("Trend type must be 'linear' or 'constant'.")
        return "constant" if detrend in ("constant", "c") else "linear"
    raise ValueError(f"Parameter detrend={detrend!r} is not a str, function or None!")


@_host
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


def _window(window, nperseg, n, rdt, dev):
    """(window tensor, nperseg) with csd's rules and messages."""
    if isinstance(window, (str, tuple)):
        nperseg = operator.index(nperseg) if nperseg is not None else 256
        if nperseg < 1:
            raise ValueError(f"Parameter {nperseg=} is not a positive integer!")
        if n < nperseg:
            warn(
                f"{nperseg=} is greater than signal length max(len(x), len(y)) = {n}, "
                f"using nperseg = {n}"
            )
            nperseg = n
        win = _named_window(window, nperseg, rdt, dev)
    else:
        win = _window_array(window, xp, dev)
        if win.ndim != 1:
            raise ValueError(f"window must be 1-D, got shape {tuple(win.shape)}")
        if nperseg is None:
            nperseg = win.shape[0]
        win = win.to(rdt)
    if nperseg != win.shape[0]:
        raise ValueError(f"nperseg={nperseg} does not equal len(win)={win.shape[0]}")
    return win, nperseg


def _welch(
    signals, pairs, fs, window, nperseg, noverlap, nfft, detrend, onesided, scaling, axis, average
):
    """scipy.signal.csd (1.17) semantics for several spectra of one segmentation.

    `pairs` lists ``(i, j)``: the spectrum of ``signals[i]`` against ``signals[j]``
    (``i == j``: a real power spectrum as ``welch`` gives). Each signal is
    transformed once however many pairs use it. Returns the frequencies and one
    spectrum per pair.
    """
    cross = len(signals) > 1
    axis = operator.index(axis)
    dev = signals[0].device
    signals = [_as_inexact(s) for s in signals]
    if cross:
        outer = []
        for s in signals:
            shape = list(s.shape)
            shape.pop(axis)
            outer.append(tuple(shape))
        try:
            outer = np.broadcast_shapes(*outer)
        except ValueError as e:
            raise ValueError("x and y cannot be broadcast together.") from e
    if any(s.numel() == 0 for s in signals):
        if not cross:
            return _empty(signals[0].shape, dev), [_empty(signals[0].shape, dev)]
        shape = (*outer, min(s.shape[axis] for s in signals))
        empty = torch.movedim(_empty(shape, dev), -1, axis)
        return empty, [empty] * len(pairs)
    rdt, cdt = _float_dtypes(torch.result_type(*signals) if cross else signals[0].dtype)
    n = max(s.shape[axis] for s in signals)
    win, nperseg = _window(window, nperseg, n, rdt, dev)
    nfft = operator.index(nfft) if nfft is not None else nperseg
    if nfft < nperseg:
        raise ValueError(f"{nfft=} must be greater than or equal to {nperseg=}!")
    noverlap = operator.index(noverlap) if noverlap is not None else nperseg // 2
    if noverlap >= nperseg:
        raise ValueError(f"{noverlap=} must be less than {nperseg=}!")
    onesided = bool(onesided) and not signals[0].is_complex()
    if onesided and cross and any(s.is_complex() for s in signals[1:]):
        raise ValueError("Complex-valued y is not allowed for a one-sided csd; x is real.")
    if scaling not in portable._SCALINGS:
        raise ValueError(f"Parameter {scaling=} not in {{'spectrum', 'density'}}!")
    detrend = _detrend_spec(detrend)
    if cross:  # SciPy computes a cross spectrum in the common precision of both signals
        signals = [s.to(cdt if s.is_complex() else rdt) for s in signals]
    signals = [_to_last(s, axis, n) for s in signals]
    step = nperseg - noverlap
    nseg = (n - noverlap) // step
    if nseg < 1:
        raise ValueError(f"signal length {n} is shorter than one segment ({nperseg=})")
    if nseg > 1 and average not in ("mean", "median"):  # SciPy ignores it for one segment
        raise ValueError(f"Parameter {average=} must be 'median' or 'mean'!")
    median = nseg > 1 and average == "median"

    batch = math.prod(np.broadcast_shapes(*(s.shape[:-1] for s in signals)))
    k = segments_per_chunk(batch, nfft, cdt, dev)
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
    # 0-d tensors on the device: no host round trip for the scale factor.
    scale = 1.0 / (fs * torch.sum(win * win)) if scaling == "density" else 1.0 / win.sum() ** 2
    out = []
    for parts, (i, j) in zip(blocks, pairs, strict=True):
        if median:
            p = torch.cat(parts, dim=-2) if len(parts) > 1 else parts[0]
            parts.clear()  # the per-segment spectra are held once, not twice, while selecting
            if p.is_complex():
                p = torch.complex(_true_median(p.real, -2), _true_median(p.imag, -2))
            else:
                p = _true_median(p, -2)
            p = p * (scale / _median_bias(nseg))
        else:
            p = parts[0]
            for part in parts[1:]:
                p = p + part
            p = p * (scale / nseg)
        if onesided:
            p = p * _onesided_factor(p.shape[-1], nfft, rdt, xp, dev)
        out.append(torch.movedim(p.to(rdt if i == j else cdt), -1, axis))
    return _freqs(nfft, fs, onesided, xp, dev), out


@implements("welch")
def welch(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    f, (pxx,) = _welch(
        [x],
        [(0, 0)],
        fs,
        window,
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        average,
    )
    return f, pxx


@implements("csd")
def csd(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    signals, pair = ([x], (0, 0)) if y is x else ([x, y], (0, 1))
    f, (pxy,) = _welch(
        signals,
        [pair],
        fs,
        window,
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        average,
    )
    return f, pxy


@implements("periodogram")
def periodogram(
    x,
    fs=1.0,
    window="boxcar",
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
):
    if x.numel() == 0:
        return _empty(x.shape, x.device), _empty(x.shape, x.device)
    if not isinstance(window, (str, tuple, type(None))):
        window = _window_array(window, xp, x.device)
    x, window, nperseg, nfft = portable.periodogram_args(x, window, nfft, axis, xp)
    f, (pxx,) = _welch(
        [x],
        [(0, 0)],
        fs,
        window,
        nperseg,
        0,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        "mean",
    )
    return f, pxx


@implements("coherence")
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
    args = (fs, window, nperseg, noverlap, nfft, detrend, True, "density", axis, "mean")
    if x.shape[axis] == y.shape[axis] and x.dtype == y.dtype:
        # One segmentation serves Pxx, Pyy and Pxy: each signal is transformed once.
        f, (pxx, pyy, pxy) = _welch([x, y], [(0, 0), (1, 1), (0, 1)], *args)
    else:  # SciPy's welch(x) and welch(y) see each signal's own length and precision
        f, (pxx,) = _welch([x], [(0, 0)], *args)
        _, (pyy,) = _welch([y], [(0, 0)], *args)
        _, (pxy,) = _welch([x, y], [(0, 1)], *args)
    return f, pxy.abs().square() / pxx / pyy
