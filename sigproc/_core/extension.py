"""Edge extension along the last axis, in every mode SciPy's signal functions use.

``upfirdn``/``resample_poly`` modes (``constant``, ``wrap``, ``edge``, ``smooth``,
``symmetric``, ``reflect``, ``antisymmetric``, ``antireflect``, ``line``) and
``savgol_filter``'s (``mirror``, ``nearest``); filtfilt's and stft's ``even``,
``odd`` and ``constant`` extensions are ``reflect``, ``antireflect`` and ``edge``.
The gather indices and weights are computed on the host and moved once.
"""

import numpy as np

from .arrays import from_host, np_dtype, pad_last


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


#: The modes of filtfilt's `padtype` and stft's `boundary` (whose "constant" repeats
#: the end samples, unlike upfirdn's).
PAD_MODES = {"even": "reflect", "odd": "antireflect", "constant": "edge", "zeros": "constant"}


def extend(x, before, after, mode, cval=0, *, xp):
    """`x` extended by `before`/`after` samples along its last axis.

    `mode` is one of upfirdn's or savgol_filter's modes (see :data:`PAD_MODES`
    for filtfilt's and stft's); the samples of `x` are copied unchanged between
    the two extensions.
    """
    if not (before or after):
        return x
    n = x.shape[-1]
    if mode == "constant":
        if cval == 0:
            return pad_last(x, before, after, xp=xp)
        return pad_last(x - cval, before, after, xp=xp) + cval
    if mode in ("reflect", "mirror", "antireflect") and max(before, after) < n:
        # One reflection about each end: two reversed slices.
        left = xp.flip(x[..., 1 : before + 1], axis=-1)
        right = xp.flip(x[..., n - after - 1 : n - 1], axis=-1)
        if mode == "antireflect":
            left, right = 2 * x[..., :1] - left, 2 * x[..., -1:] - right
        return xp.concat((left, x, right), axis=-1)
    if mode in ("edge", "nearest"):
        ends = (xp.broadcast_to(x[..., :1], (*x.shape[:-1], before)), x)
        return xp.concat((*ends, xp.broadcast_to(x[..., -1:], (*x.shape[:-1], after))), axis=-1)
    idx = np.arange(-before, n + after)
    j, s, a, b, c, d = _extension(n, idx, mode)
    dt = np_dtype(x.dtype, xp=xp)
    out = xp.take(x, from_host(j, np.int64, x, xp=xp), axis=-1) * from_host(s, dt, x, xp=xp)
    ends = ((a, 0), (b, n - 1), (c, min(1, n - 1)), (d, max(n - 2, 0)))
    for weights, k in ends:
        if np.any(weights):
            out = out + x[..., k : k + 1] * from_host(weights, dt, x, xp=xp)
    return out
