"""Portable polyphase resampling: ``upfirdn``, ``resample_poly`` and edge extension.

Everything runs on the signal's own array library and device. Index vectors and
weights for edge extension and the taps from SciPy's ``firwin`` are built with
NumPy on the host and moved once to the device.
"""

import math

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device, is_array_api_obj

from .arrays import extreme, fft_dtype, follow, from_host, median, np_dtype, pad_last, to_dtype
from .extension import extend
from .fir import fft_conv_last

UPFIRDN_MODES = (
    "constant", "wrap", "edge", "smooth", "symmetric", "reflect", "antisymmetric",
    "antireflect", "line",
)  # fmt: skip


# -- polyphase resampling --------------------------------------------------------------
def _zero_stuffed(h, x, up, down, start, n_out, *, xp):
    """Upsampled-domain outputs ``start + k * down``: zero insertion, then one FFT convolution."""
    n_ext = x.shape[-1]
    if up > 1:  # interleave (up - 1) zeros after every sample
        x = xp.reshape(pad_last(x[..., None], 0, up - 1, xp=xp), (*x.shape[:-1], n_ext * up))
        x = x[..., : (n_ext - 1) * up + 1]
    return fft_conv_last(x, h, xp=xp)[..., start : start + (n_out - 1) * down + 1 : down]


def _polyphase(h, x, up, down, start, n_out, *, xp):
    """The same outputs computed directly: output m sums h[m % up + l * up] * x[m // up - l]."""
    n_h, dev = h.shape[0], device(x)
    n_taps = -(-n_h // up)
    branches = xp.reshape(pad_last(h, 0, n_taps * up - n_h, xp=xp), (n_taps, up)).T
    m = start + down * xp.arange(n_out, dtype=xp.int64, device=dev)
    phase, base = m % up, m // up
    # One pass per tap of the branch (a few dozen at most), each over the n_out
    # outputs: memory stays O(n_out) instead of O(n_out * n_taps).
    y = None
    for tap in range(n_taps):
        term = xp.take(x, base - tap, axis=-1) * xp.take(branches[:, tap], phase)
        y = term if y is None else y + term
    return y


def check_upfirdn(h, up, down, mode):
    """SciPy's upfirdn checks: 1-D non-empty taps, rates >= 1, a known mode.

    Returns ``(up, down, mode)`` as integers and a lower-case mode.
    """
    if h.ndim != 1 or h.shape[0] == 0:
        raise ValueError("h must be 1-D with non-zero length")
    up, down = int(up), int(down)
    if up < 1 or down < 1:
        raise ValueError("Both up and down must be >= 1")
    mode = mode.lower()
    if mode not in UPFIRDN_MODES:
        raise ValueError(f"Unknown mode: {mode}")
    return up, down, mode


def _upfirdn(h, x, up, down, axis, mode, cval, *, xp):
    up, down, mode = check_upfirdn(h, up, down, mode)
    dt = np.result_type(np_dtype(h.dtype, xp=xp), np_dtype(x.dtype, xp=xp), np.float32)
    h, x = to_dtype(h, dt, xp=xp), to_dtype(xp.moveaxis(x, axis, -1), dt, xp=xp)
    n_in, n_h = x.shape[-1], h.shape[0]
    n_out = ((n_in - 1) * up + n_h - 1) // down + 1
    pad = -(-(n_h - 1) // up)  # input samples the filter reaches beyond each edge
    x = extend(x, pad, pad, mode, cval, xp=xp)
    n_up = (x.shape[-1] - 1) * up + n_h
    n_taps = -(-n_h // up)  # taps per polyphase branch
    if n_out * n_taps <= 2 * n_up * math.log2(n_up + 1):
        y = _polyphase(h, x, up, down, pad * up, n_out, xp=xp)
    else:
        y = _zero_stuffed(h, x, up, down, pad * up, n_out, xp=xp)
    return xp.moveaxis(y, -1, axis)


def upfirdn(h, x, up=1, down=1, axis=-1, mode="constant", cval=0):
    return _upfirdn(h, x, up, down, axis, mode, cval, xp=array_namespace(x))


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


def resample_poly_taps(window, up, down, like, *, xp):
    """resample_poly's filter: ``(h, half_len)`` for the signal `like`.

    `window` given as an array (or list) is the taps, which must be 1-D; any
    other `window` designs SciPy's low-pass with ``firwin`` (in the signal's
    inexact dtype, float64 for integers).
    """
    if isinstance(window, list) or is_array_api_obj(window):
        h = follow(window, like, xp=xp)
        if h.ndim > 1:
            raise ValueError("window must be 1-D")
        return h, (h.shape[0] - 1) // 2
    max_rate = max(up, down)
    half_len = 10 * max_rate
    taps = scipy.signal.firwin(2 * half_len + 1, 1.0 / max_rate, window=window)
    xdt = np_dtype(like.dtype, xp=xp)
    return from_host(taps, xdt if xdt.kind in "fc" else np.float64, like, xp=xp), half_len


def resample_poly_plan(n_h, half_len, n_in, up, down):
    """SciPy's resample_poly bookkeeping for taps of length `n_h` and `n_in` samples.

    Returns ``(n_pre_pad, n_post_pad, n_pre_remove, n_out)``: zeros to put before
    and after the taps, upfirdn outputs to drop at the start, and samples out.
    """
    n_out = -(-n_in * up // down)
    n_pre_pad = down - half_len % down
    n_pre_remove = (half_len + n_pre_pad) // down
    n_post_pad = 0
    while _output_len(n_h + n_pre_pad + n_post_pad, n_in, up, down) < n_out + n_pre_remove:
        n_post_pad += 1
    return n_pre_pad, n_post_pad, n_pre_remove, n_out


def resample_poly(x, up, down, axis=0, window=("kaiser", 5.0), padtype="constant", cval=None):
    xp = array_namespace(x)
    up, down = resample_rates(up, down, padtype, cval)
    if up == down == 1:
        return xp.asarray(x, copy=True)
    xdt = np_dtype(x.dtype, xp=xp)
    h, half_len = resample_poly_taps(window, up, down, x, xp=xp)
    n_pre_pad, n_post_pad, n_pre_remove, n_out = resample_poly_plan(
        h.shape[0], half_len, x.shape[axis], up, down
    )
    h = pad_last(h * up, n_pre_pad, n_post_pad, xp=xp)
    if padtype in ("mean", "median", "minimum", "maximum"):
        xf = to_dtype(x, fft_dtype(xdt), xp=xp) if padtype in ("mean", "median") else x
        if padtype == "median":
            background = median(xf, axis, keepdims=True, xp=xp)
        elif padtype == "mean":
            background = xp.mean(xf, axis=axis, keepdims=True)
        else:  # complex values in NumPy's lexicographic order, as SciPy's
            background = extreme(xf, axis, padtype == "maximum", keepdims=True, xp=xp)
        y = _upfirdn(h, xf - background, up, down, axis, "constant", 0, xp=xp)
    elif padtype in UPFIRDN_MODES:
        y = _upfirdn(h, x, up, down, axis, padtype, 0 if cval is None else cval, xp=xp)
        background = None
    else:
        raise ValueError(
            "padtype must be one of: maximum, mean, median, minimum, " + ", ".join(UPFIRDN_MODES)
        )
    keep = [slice(None)] * x.ndim
    keep[axis] = slice(n_pre_remove, n_pre_remove + n_out)
    y = y[tuple(keep)]
    return y if background is None else y + to_dtype(background, np_dtype(y.dtype, xp=xp), xp=xp)


def _output_len(len_h, in_len, up, down):
    return ((in_len - 1) * up + len_h - 1) // down + 1
