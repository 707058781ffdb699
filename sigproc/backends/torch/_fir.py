"""Torch FIR functions: ``conv1d`` or FFT convolution, whichever is cheaper for the sizes.

One engine, :func:`_xcorr`, computes ``F.conv1d``'s valid cross-correlation of
``(batch, channels, time)`` tensors either with ``F.conv1d`` itself (short
kernels) or by overlap-save FFT convolution (``torch.fft.rfft`` over frames taken
with ``Tensor.unfold``), picked by a cost model measured on CPU. Convolution
along one axis, ``upfirdn`` (as a stride-1 multi-channel polyphase correlation),
``resample_poly`` and ``savgol_filter`` are built on it; convolution over several
axes runs one n-d FFT. Everything is differentiable and stays on the tensor's
device; shapes, modes, dtypes and errors follow SciPy 1.17 (the portable code in
``sigproc.backends.array_api._fir`` holds the shared shape checks).
"""

import math

import array_api_compat.torch as xpt
import numpy as np
import scipy.fft
import scipy.signal
import torch
import torch.nn.functional as F  # noqa: N812

from ... import filtering
from ..._core import fir as fir_core
from ..._core import upfirdn as upfirdn_core
from ..._core.arrays import fft_dtype, from_host, np_dtype, to_dtype
from ..._core.conv_method import choose_conv_method
from ..._core.extension import extend
from . import implements

# Cost model (seconds), per (device type, single precision): conv1d per multiply-add for
# kernels of up to 4 taps and for longer ones, conv1d per output sample, FFT per n*log2(n)
# point, and per kernel launch (with the Python around it). CPU: measured with one thread
# on a 2-core x86 VM, torch 2.13: float64 conv1d has no oneDNN kernel and is slow past 4
# taps; float32 runs oneDNN, which slows down on outputs past about 2**18 samples. CUDA:
# not measured here, set so that cuDNN's conv1d serves kernels up to a few dozen taps.
_COSTS = {
    ("cpu", False): (1e-9, 6e-9, 0.0, 0.6e-9, 6e-6),
    ("cpu", True): (0.3e-9, 0.3e-9, 50e-9, 0.5e-9, 6e-6),
    ("cuda", False): (2e-12, 2e-12, 0.0, 5e-12, 10e-6),
    ("cuda", True): (0.5e-12, 0.5e-12, 0.0, 5e-12, 10e-6),
}


_CPU_BLOCK = 2**19  # samples of frames transformed at once on CPU (4 MiB in float64)


def _np_dtype(t):
    return np_dtype(t.dtype, xp=xpt)


def _to(t, dtype):
    return to_dtype(t, dtype, xp=xpt)


def _host(values, dtype, like):
    return from_host(values, dtype, like, xp=xpt)


# -- the engine: conv1d-style valid cross-correlation --------------------------------
def _fft_plan(length, k, channels_in, channels_out, batch, costs):
    """(seconds, nfft) of overlap-save FFT correlation, with the best frame length."""
    best = None
    full = scipy.fft.next_fast_len(length, True)
    for nfft in {full, *(scipy.fft.next_fast_len(f * k, True) for f in (4, 8, 16, 32))}:
        if nfft != full and (nfft < max(k, 64) or nfft > full):
            continue
        hop = nfft - k + 1
        frames = -(-(length - k + 1) // hop)
        points = nfft * math.log2(nfft)
        transforms = frames * batch * (channels_in + channels_out) + channels_in * channels_out
        mults = frames * batch * channels_out * channels_in * nfft / 2
        cost = costs[3] * (transforms * points + 4 * mults) + (4 + channels_in) * costs[4]
        if best is None or cost < best[0]:
            best = (cost, nfft)
    return best


def _xcorr(x, w, groups=1, method="auto", pad=(0, 0)):
    """``F.conv1d(F.pad(x, pad), w, groups=groups)``: x (N, C_in, L), w (C_out, C_in / groups, K).

    `method` 'direct' runs conv1d, 'fft' overlap-save FFTs, 'auto' the cheaper by the model.
    """
    n, c_in, length = x.shape
    c_out, _, k = w.shape
    length += pad[0] + pad[1]
    if method != "direct":
        kind = "cuda" if x.device.type == "cuda" else "cpu"
        costs = _COSTS[kind, x.dtype in (torch.float32, torch.complex64)]
        cost, nfft = _fft_plan(length, k, c_in, c_out, n, costs)
        n_out = n * c_out * (length - k + 1)
        direct = costs[0 if k <= 4 else 1] * n_out * (c_in // groups) * k + costs[4]
        if n_out > 2**18:
            direct += costs[2] * n_out
        if method == "fft" or direct > cost:
            return _overlap_save(x, w, groups, nfft, pad)
    return F.conv1d(F.pad(x, pad) if any(pad) else x, w, groups=groups)


def _overlap_save(x, w, groups, nfft, pad):
    length, k = x.shape[-1] + pad[0] + pad[1], w.shape[-1]
    n_out = length - k + 1
    hop = nfft - k + 1
    frames = -(-n_out // hop)
    x = F.pad(x, (pad[0], pad[1] + (frames - 1) * hop + nfft - length))
    x = x.unfold(-1, nfft, hop)  # (N, C_in, frames, nfft), a view
    kernel = torch.flip(w, (-1,))
    if torch.is_complex(x):
        kspec, forward, inverse = torch.fft.fft(kernel, n=nfft), torch.fft.fft, torch.fft.ifft
    else:
        kspec, forward = torch.fft.rfft(kernel, n=nfft), torch.fft.rfft
        inverse = lambda s: torch.fft.irfft(s, n=nfft)  # noqa: E731

    def block(frames):
        spec = forward(frames)
        if kspec.shape[1] == 1:  # one input channel per output: broadcast over frames
            prod = spec * kspec[:, 0, None, :]
        else:  # sum over the (few) input channels
            prod = sum(spec[:, i, None] * kspec[:, i, None, :] for i in range(kspec.shape[1]))
        return inverse(prod)[..., k - 1 :]  # circular wrap-around only spoils the first k - 1

    # On CPU, blocks of frames keep the temporaries small enough to be reused from the heap
    # and cache (about 2x faster on 10**7 samples), in at most 64 blocks; GPUs take all
    # frames in one launch.
    step = frames
    if x.device.type == "cpu":
        step = max(_CPU_BLOCK // (nfft * x.shape[0] * x.shape[1]), -(-frames // 64), 1)
    blocks = [block(x[:, :, i : i + step]) for i in range(0, frames, step)]
    y = torch.cat(blocks, dim=2) if len(blocks) > 1 else blocks[0]
    return y.reshape(*y.shape[:2], frames * hop)[..., :n_out]


# -- convolution along the last axis, with broadcasting batch dimensions ------------------
def _conv_last(x, h, start, length, method="auto"):
    """Samples ``start .. start + length - 1`` of the full convolution of each slice.

    `x` (..., n) and `h` (..., m) have one dtype and broadcastable leading axes.
    """
    n, m = x.shape[-1], h.shape[-1]
    if m > n:  # convolution commutes: the longer input is the signal
        x, h, n, m = h, x, m, n
    batch = torch.broadcast_shapes(x.shape[:-1], h.shape[:-1])
    left = m - 1 - start
    pad = (left, length + m - 1 - left - n)  # negative widths crop
    w = torch.flip(h, (-1,))
    bx, bh = math.prod(x.shape[:-1]), math.prod(h.shape[:-1])
    if bh == 1:  # one kernel for every slice
        y = _xcorr(x.reshape(bx, 1, n), w.reshape(1, 1, m), 1, method, pad)
    elif bx == 1:  # one signal, many kernels
        y = _xcorr(x.reshape(1, 1, n), w.reshape(bh, 1, m), 1, method, pad)
    else:
        size = math.prod(batch)
        x = x.expand(*batch, n).reshape(1, size, n)
        y = _xcorr(x, w.expand(*batch, m).reshape(size, 1, m), size, method, pad)
    return y.reshape(*batch, length)


def _fft_nd(in1, in2, axes, shape):
    """Full linear convolution over several `axes` with one n-d FFT."""
    real = not (torch.is_complex(in1) or torch.is_complex(in2))
    fshape = [scipy.fft.next_fast_len(shape[a], real) for a in axes]
    if real:
        spec = torch.fft.rfftn(in1, s=fshape, dim=axes) * torch.fft.rfftn(in2, s=fshape, dim=axes)
        ret = torch.fft.irfftn(spec, s=fshape, dim=axes)
    else:
        spec = torch.fft.fftn(in1, s=fshape, dim=axes) * torch.fft.fftn(in2, s=fshape, dim=axes)
        ret = torch.fft.ifftn(spec, s=fshape, dim=axes)
    return ret[tuple(slice(0, n) for n in shape)]


def _convolve_axes(in1, in2, mode, axes, method):
    """SciPy's `mode` output of the convolution over `axes` (shapes checked, swapped)."""
    s1, s2 = in1.shape, in2.shape
    full = [s1[i] + s2[i] - 1 if i in axes else max(s1[i], s2[i]) for i in range(in1.ndim)]
    if mode == "full":
        want = full
    elif mode == "same":
        want = list(s1)
    else:
        want = [s1[i] - s2[i] + 1 if i in axes else full[i] for i in range(in1.ndim)]
    starts = [(f - w) // 2 for f, w in zip(full, want, strict=True)]
    if not axes:
        ret = in1 * in2
    elif len(axes) == 1:
        ax = axes[0]
        x, h = torch.movedim(in1, ax, -1), torch.movedim(in2, ax, -1)
        ret = torch.movedim(_conv_last(x, h, starts[ax], want[ax], method), -1, ax)
        starts[ax], full[ax] = 0, want[ax]
    else:
        ret = _fft_nd(in1, in2, axes, full)
    if want != full:
        ret = ret[tuple(slice(a, a + w) for a, w in zip(starts, want, strict=True))]
    return ret.contiguous()


# -- public functions -----------------------------------------------------------------
def _fftconvolve(in1, in2, mode, axes):
    if in1.ndim == in2.ndim == 0:  # SciPy multiplies the scalars as they are
        return in1 * in2
    fir_core.check_fftconvolve(in1, in2, mode)
    if in1.numel() == 0 or in2.numel() == 0:
        return torch.zeros((0,), dtype=torch.float64, device=in1.device)
    axes, swap = fir_core.convolution_axes(in1.shape, in2.shape, mode, axes)
    if swap:
        in1, in2 = in2, in1
    if not axes:
        return fir_core.no_axes_product(in1, in2, mode, xp=xpt)
    dt = fft_dtype(_np_dtype(in1), _np_dtype(in2))
    return _convolve_axes(_to(in1, dt), _to(in2, dt), mode, axes, "auto")


@implements(filtering.fftconvolve)
def fftconvolve(in1, in2, mode="full", axes=None):
    return _fftconvolve(in1, in2, mode, axes)


@implements(filtering.oaconvolve)
def oaconvolve(in1, in2, mode="full", axes=None):
    # The engine already convolves long signals by overlapping FFT frames.
    return _fftconvolve(in1, in2, mode, axes)


def _convolve(in1, in2, mode, method):
    if in1.ndim == in2.ndim == 0:
        dt = np.result_type(_np_dtype(in1), _np_dtype(in2))
        return _to(in1, dt) * _to(in2, dt)
    fir_core.check_convolve(in1, in2, mode, method)
    s1, s2 = in1.shape, in2.shape
    if fir_core.swap_needed(mode, s1, s2, range(in1.ndim)):  # SciPy checks every axis
        in1, in2, s1, s2 = in2, in1, s2, s1
    if method == "auto":  # SciPy's choice, so that a NaN stays local where SciPy's does
        method = choose_conv_method(in1, in2, mode, xp=xpt)
    result = np.result_type(_np_dtype(in1), _np_dtype(in2))
    in1, in2 = _signed(in1), _signed(in2)  # torch lacks flip and sort for uint16/32/64
    axes = [a for a in range(in1.ndim) if s1[a] != 1 and s2[a] != 1]
    if method == "direct" and (len(axes) > 1 or not _finite_kernel(in1, in2)):
        # conv1d serves one axis; its zero padding would spread a NaN of the kernel
        return _to(fir_core.convolve_direct(in1, in2, mode, xp=xpt), result)
    # integers: exact below 2**53; float16: in float32 (torch's CPU conv1d has no Half)
    work = result if result.kind in "fc" else np.dtype(np.float64)
    work = np.dtype(np.float32) if work == np.float16 else work
    out = _convolve_axes(_to(in1, work), _to(in2, work), mode, axes, method)
    if result.kind in "biu":
        out = torch.round(out)
    if method == "fft":
        fir_core.warn_fft_nonfinite(out, xp=xpt)
    return _to(out, result)


_WIDE_UINTS = ("uint16", "uint32", "uint64")


def _signed(x):
    """uint16/32/64 as int64 (values below 2**63), which torch's kernels take."""
    return x.to(torch.int64) if str(x.dtype).removeprefix("torch.") in _WIDE_UINTS else x


def _finite_kernel(in1, in2):
    kernel = in2 if in2.numel() <= in1.numel() else in1
    return (not kernel.is_floating_point() and not kernel.is_complex()) or bool(
        torch.isfinite(kernel).all()
    )


def _reverse_conj(x):
    if str(x.dtype).removeprefix("torch.") in _WIDE_UINTS:  # no flip for these in torch
        return torch.flip(_signed(x), tuple(range(x.ndim))).to(x.dtype)
    x = torch.flip(x, tuple(range(x.ndim)))
    return torch.conj(x).resolve_conj() if torch.is_complex(x) else x


@implements(filtering.convolve)
def convolve(in1, in2, mode="full", method="auto"):
    return _convolve(in1, in2, mode, method)


@implements(filtering.correlate)
def correlate(in1, in2, mode="full", method="auto"):
    if in1.ndim == in2.ndim == 0:
        return _convolve(in1, _reverse_conj(in2), mode, method)
    fir_core.check_correlate(in1, in2, mode)
    return _convolve(in1, _reverse_conj(in2), mode, method)


@implements(filtering.hilbert)
def hilbert(x, N=None, axis=-1):
    N = fir_core.hilbert_length(x, N, axis, xp=xpt)
    rdt = fft_dtype(_np_dtype(x))
    spec = torch.fft.rfft(_to(x, rdt), n=N, dim=axis)  # the negative half is dropped anyway
    step = np.full(N // 2 + 1, 2.0)
    step[0] = 1.0
    if N % 2 == 0:
        step[-1] = 1.0
    shape = [1] * x.ndim
    shape[axis] = N // 2 + 1
    spec = spec * _host(step, rdt, x).reshape(shape)
    return torch.fft.ifft(spec, n=N, dim=axis)  # zero-padding fills the negative bins


# -- polyphase resampling ---------------------------------------------------------------
def _polyphase_weights(h, up, down, n_taps):
    """(up, down, K) weights of upfirdn as a stride-1 correlation of down input phases.

    Output ``k = j * up + r`` is ``sum_l h[p_r + l * up] * x[base_r + j * down - l]`` with
    ``p_r = r * down % up`` and ``base_r = pad + r * down // up``; written as a correlation
    ``sum_t w[r, t] * x'[j * down + t]`` and split into the `down` phases of ``t``.
    """
    spread = ((up - 1) * down) // up
    k = n_taps + spread
    kd = -(-k // down)
    branches = F.pad(h, (0, n_taps * up - h.shape[0])).reshape(n_taps, up).T  # (up, n_taps)
    rows = []
    for r in range(up):  # a handful of phases
        shift = (r * down) // up
        taps = torch.flip(branches[(r * down) % up], (0,))  # t = shift + n_taps - 1 - l
        rows.append(F.pad(taps, (shift, kd * down - n_taps - shift)))
    w = torch.stack(rows)  # (up, kd * down)
    return w.reshape(up, kd, down).transpose(1, 2), kd


def _upfirdn_last(h, x, up, down, ext):
    """Upfirdn along the last axis of `x`, which carries `ext` extension samples each side."""
    n_h = h.shape[0]
    n_taps = -(-n_h // up)
    n_in = x.shape[-1] - 2 * ext
    n_out = ((n_in - 1) * up + n_h - 1) // down + 1
    w, kd = _polyphase_weights(h, up, down, n_taps)
    frames = -(-n_out // up)  # outputs per phase
    batch = x.shape[:-1]
    # The correlation reads x'[i] = x[i + ext - n_taps + 1] (zeros outside), i < need
    offset, need = ext - n_taps + 1, (frames - 1 + kd) * down
    xin = F.pad(x, (-offset, need - (x.shape[-1] - offset)))
    xin = xin.reshape(-1, frames - 1 + kd, down).transpose(1, 2)  # (B, down, frames + kd - 1)
    y = _xcorr(xin, w)  # (B, up, frames)
    return y.transpose(1, 2).reshape(*batch, frames * up)[..., :n_out]


def _upfirdn(h, x, up, down, axis, mode, cval):
    up, down, mode = upfirdn_core.check_upfirdn(h, up, down, mode)
    dt = np.result_type(_np_dtype(h), _np_dtype(x), np.float32)
    h, x = _to(h, dt), _to(torch.movedim(x, axis, -1), dt)
    pad = 0  # zero extension comes with the engine's own padding
    if mode != "constant" or cval != 0:
        pad = -(-(h.shape[0] - 1) // up)  # input samples the filter reaches past each edge
        x = extend(x, pad, pad, mode, cval, xp=xpt)
    return torch.movedim(_upfirdn_last(h, x, up, down, pad), -1, axis)


@implements(filtering.upfirdn)
def upfirdn(h, x, up=1, down=1, axis=-1, mode="constant", cval=0):
    return _upfirdn(h, x, up, down, axis, mode, cval)


def _constant_padding(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    # The other edge models run the portable code (on torch kernels, through the fallback).
    return None if padtype == "constant" else f"padtype={padtype!r} is not supported"


@implements(filtering.resample_poly, unless=_constant_padding)
def resample_poly(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    up, down = upfirdn_core.resample_rates(up, down, padtype, cval)
    if up == down == 1:
        return x.clone()
    h, half_len = upfirdn_core.resample_poly_taps(window, up, down, x, xp=xpt)
    n_pre_pad, n_post_pad, n_pre_remove, n_out = upfirdn_core.resample_poly_plan(
        h.shape[0], half_len, x.shape[axis], up, down
    )
    h = F.pad(h.to(x.device) * up, (n_pre_pad, n_post_pad))
    y = _upfirdn(h, x, up, down, axis, "constant", 0 if cval is None else cval)
    return torch.narrow(y, axis, n_pre_remove, n_out).contiguous()


# -- smoothing filters ----------------------------------------------------------------
@implements(filtering.savgol_filter)
def savgol_filter(
    x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0
):
    coeffs = fir_core.savgol_taps(window_length, polyorder, deriv, delta, mode)
    xdt = fir_core.savgol_dtype(_np_dtype(x))
    x = _to(torch.movedim(x, axis, -1), xdt)
    n = x.shape[-1]
    half = window_length // 2
    fir_core.check_savgol_length(window_length, mode, n)
    taps = _host(coeffs, xdt, x)
    if mode == "interp" or (mode == "constant" and cval == 0):  # zeros: the engine's padding
        y = _conv_last(x, taps, half, n)
    else:  # SciPy's taps are centred on sample window_length // 2
        ext = extend(x, window_length - 1 - half, half, mode, cval, xp=xpt)
        y = _conv_last(ext, taps, window_length - 1, n)
    if mode == "interp" and half:  # polynomial fits to the first and last windows
        fit = fir_core.savgol_edge_fit
        first = fit(window_length, polyorder, deriv, delta, np.arange(half))
        last = fit(
            window_length, polyorder, deriv, delta, np.arange(window_length - half, window_length)
        )
        left = x[..., :window_length] @ _host(first.T, xdt, x)
        right = x[..., n - window_length :] @ _host(last.T, xdt, x)
        y = torch.cat([left, y[..., half : n - half], right], dim=-1)
    return torch.movedim(y, -1, axis)


@implements(filtering.medfilt)
def medfilt(volume, kernel_size=None):
    if volume.ndim == 0:
        volume = volume.reshape(1)
    kernel = fir_core.medfilt_kernel(kernel_size, tuple(volume.shape), _np_dtype(volume))
    if volume.numel() == 0:
        return volume.clone()
    dtype = volume.dtype
    volume = _signed(volume)  # torch has no median for uint16/32/64
    widths = [w for k in reversed(kernel) for w in (k // 2, k // 2)]
    windows = F.pad(volume, widths)
    for ax, k in enumerate(kernel):  # zero-copy sliding windows, one axis at a time
        windows = windows.unfold(ax, k, 1)
    # An odd number of samples per window: torch's (lower) median is the true median.
    return windows.reshape(*volume.shape, -1).median(dim=-1).values.to(dtype)
