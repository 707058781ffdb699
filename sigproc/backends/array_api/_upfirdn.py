"""Portable polyphase resampling: ``upfirdn``, ``resample_poly`` and edge extension.

Everything runs on the signal's own array library and device. Index vectors and
weights for edge extension and the taps from SciPy's ``firwin`` are built with
NumPy on the host and moved once to the device.
"""

import math

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device, is_array_api_obj

from . import implements
from ._fir import _fft_conv_last, _fft_dtype, _follow, _host, _np_dtype, _pad_last, _to

_UPFIRDN_MODES = (
    "constant", "wrap", "edge", "smooth", "symmetric", "reflect", "antisymmetric",
    "antireflect", "line",
)  # fmt: skip


# -- edge extension, shared by upfirdn and savgol_filter ------------------------------
def _extension(n, idx, mode):
    """Host weights so that ext = s*x[j] + a*x[0] + b*x[-1] + c*x[1] + d*x[-2]."""
    zero = np.zeros(idx.shape)
    s, a, b, c, d = np.ones(idx.shape), zero.copy(), zero.copy(), zero.copy(), zero.copy()
    inside = (idx >= 0) & (idx < n)
    if mode == "wrap":
        j = idx % n
    elif mode in ("edge", "nearest"):
        j = np.clip(idx, 0, n - 1)
    elif mode in ("symmetric", "antisymmetric"):
        p = idx % (2 * n)
        j = np.where(p < n, p, 2 * n - 1 - p)
        if mode == "antisymmetric":
            s = np.where(p < n, 1.0, -1.0)
    elif mode in ("reflect", "mirror", "antireflect"):
        period = max(2 * n - 2, 1)
        q, p = np.divmod(idx, period)
        j = np.where(p < n, p, period - p) % n
        if mode == "antireflect":  # odd reflection about the end samples, with drift
            s = np.where(p < n, 1.0, -1.0)
            b = np.where(p < n, 0.0, 2.0) + 2.0 * q
            a = -2.0 * q
    elif mode in ("smooth", "line"):
        j = np.clip(idx, 0, n - 1)
        s = inside.astype(float)
        left, right = idx < 0, idx >= n
        if mode == "line":
            slope = idx / max(n - 1, 1)
            a = np.where(inside, 0.0, 1.0 - slope)
            b = np.where(inside, 0.0, slope)
        else:
            over = idx - (n - 1)
            a, c = np.where(left, 1.0 - idx, 0.0), np.where(left, idx, 0.0)
            b, d = np.where(right, 1.0 + over, 0.0), np.where(right, -over, 0.0)
    else:
        raise AssertionError(mode)
    return j, s, a, b, c, d


def _extend(xp, x, before, after, mode, cval):
    """`x` extended by `before`/`after` samples along its last axis."""
    if not (before or after):
        return x
    n = x.shape[-1]
    if mode == "constant":
        if cval == 0:
            return _pad_last(xp, x, before, after)
        return _pad_last(xp, x - cval, before, after) + cval
    idx = np.arange(-before, n + after)
    j, s, a, b, c, d = _extension(n, idx, mode)
    dt = _np_dtype(xp, x.dtype)
    out = xp.take(x, _host(xp, j, np.int64, x), axis=-1) * _host(xp, s, dt, x)
    ends = ((a, 0), (b, n - 1), (c, min(1, n - 1)), (d, max(n - 2, 0)))
    for weights, k in ends:
        if np.any(weights):
            out = out + x[..., k : k + 1] * _host(xp, weights, dt, x)
    return out


# -- polyphase resampling --------------------------------------------------------------
def _zero_stuffed(xp, h, x, up, down, start, n_out):
    """Upsampled-domain outputs ``start + k * down``: zero insertion, then one FFT convolution."""
    n_ext = x.shape[-1]
    if up > 1:  # interleave (up - 1) zeros after every sample
        x = xp.reshape(_pad_last(xp, x[..., None], 0, up - 1), (*x.shape[:-1], n_ext * up))
        x = x[..., : (n_ext - 1) * up + 1]
    return _fft_conv_last(xp, x, h)[..., start : start + (n_out - 1) * down + 1 : down]


def _polyphase(xp, h, x, up, down, start, n_out):
    """The same outputs computed directly: output m sums h[m % up + l * up] * x[m // up - l]."""
    n_h, dev = h.shape[0], device(x)
    n_taps = -(-n_h // up)
    branches = xp.reshape(_pad_last(xp, h, 0, n_taps * up - n_h), (n_taps, up)).T
    m = start + down * xp.arange(n_out, dtype=xp.int64, device=dev)
    phase, base = m % up, m // up
    # One pass per tap of the branch (a few dozen at most), each over the n_out
    # outputs: memory stays O(n_out) instead of O(n_out * n_taps).
    y = None
    for tap in range(n_taps):
        term = xp.take(x, base - tap, axis=-1) * xp.take(branches[:, tap], phase)
        y = term if y is None else y + term
    return y


def _upfirdn(xp, h, x, up, down, axis, mode, cval):
    if h.ndim != 1 or h.shape[0] == 0:
        raise ValueError("h must be 1-D with non-zero length")
    up, down = int(up), int(down)
    if up < 1 or down < 1:
        raise ValueError("Both up and down must be >= 1")
    mode = mode.lower()
    if mode not in _UPFIRDN_MODES:
        raise ValueError(f"Unknown mode: {mode}")
    dt = np.result_type(_np_dtype(xp, h.dtype), _np_dtype(xp, x.dtype), np.float32)
    h, x = _to(xp, h, dt), _to(xp, xp.moveaxis(x, axis, -1), dt)
    n_in, n_h = x.shape[-1], h.shape[0]
    n_out = ((n_in - 1) * up + n_h - 1) // down + 1
    pad = -(-(n_h - 1) // up)  # input samples the filter reaches beyond each edge
    x = _extend(xp, x, pad, pad, mode, cval)
    n_up = (x.shape[-1] - 1) * up + n_h
    n_taps = -(-n_h // up)  # taps per polyphase branch
    if n_out * n_taps <= 2 * n_up * math.log2(n_up + 1):
        y = _polyphase(xp, h, x, up, down, pad * up, n_out)
    else:
        y = _zero_stuffed(xp, h, x, up, down, pad * up, n_out)
    return xp.moveaxis(y, -1, axis)


@implements("upfirdn")
def upfirdn(h, x, up=1, down=1, axis=-1, mode="constant", cval=0):
    return _upfirdn(array_namespace(x), h, x, up, down, axis, mode, cval)


def _median(xp, x, axis):
    n = x.shape[axis]
    srt = xp.sort(x, axis=axis)
    lo = xp.take(srt, _host(xp, [(n - 1) // 2], np.int64, x), axis=axis)
    hi = xp.take(srt, _host(xp, [n // 2], np.int64, x), axis=axis)
    return (lo + hi) / 2


def resample_rates(up, down, padtype, cval):
    """SciPy's resample_poly checks: `up`, `down` as integers >= 1 without common factor."""
    if up != int(up):
        raise ValueError("up must be an integer")
    if down != int(down):
        raise ValueError("down must be an integer")
    up, down = int(up), int(down)
    if up < 1 or down < 1:
        raise ValueError("up and down must be >= 1")
    if cval is not None and padtype != "constant":
        raise ValueError(f"cval has no effect when padtype is {padtype!r}")
    g = math.gcd(up, down)
    return up // g, down // g


@implements("resample_poly")
def resample_poly(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    xp = array_namespace(x)
    up, down = resample_rates(up, down, padtype, cval)
    if up == down == 1:
        return xp.asarray(x, copy=True)
    n_in = x.shape[axis]
    n_out = -(-n_in * up // down)
    xdt = _np_dtype(xp, x.dtype)
    if isinstance(window, list) or is_array_api_obj(window):
        h = _follow(xp, window, x)
        if h.ndim > 1:
            raise ValueError("window must be 1-D")
        half_len = (h.shape[0] - 1) // 2
    else:
        max_rate = max(up, down)
        half_len = 10 * max_rate
        taps = scipy.signal.firwin(2 * half_len + 1, 1.0 / max_rate, window=window)
        h = _host(xp, taps, xdt if xdt.kind in "fc" else np.float64, x)
    h = h * up
    n_pre_pad = down - half_len % down
    n_pre_remove = (half_len + n_pre_pad) // down
    n_post_pad = 0
    while _output_len(h.shape[0] + n_pre_pad + n_post_pad, n_in, up, down) < n_out + n_pre_remove:
        n_post_pad += 1
    h = _pad_last(xp, h, n_pre_pad, n_post_pad)
    funcs = {"mean": xp.mean, "minimum": xp.min, "maximum": xp.max}
    if padtype in (*funcs, "median"):
        xf = _to(xp, x, _fft_dtype(xdt)) if padtype in ("mean", "median") else x
        if padtype == "median":
            background = _median(xp, xf, axis)
        else:
            background = funcs[padtype](xf, axis=axis, keepdims=True)
        y = _upfirdn(xp, h, xf - background, up, down, axis, "constant", 0)
    elif padtype in _UPFIRDN_MODES:
        y = _upfirdn(xp, h, x, up, down, axis, padtype, 0 if cval is None else cval)
        background = None
    else:
        raise ValueError(
            "padtype must be one of: maximum, mean, median, minimum, " + ", ".join(_UPFIRDN_MODES)
        )
    keep = [slice(None)] * x.ndim
    keep[axis] = slice(n_pre_remove, n_pre_remove + n_out)
    y = y[tuple(keep)]
    return y if background is None else y + _to(xp, background, _np_dtype(xp, y.dtype))


def _output_len(len_h, in_len, up, down):
    return ((in_len - 1) * up + len_h - 1) // down + 1
