"""Portable 2-D and order filters, and SciPy's argument checks for them.

``convolve2d``/``correlate2d`` extend the image beyond its edges by a gather
(indices built on the host for SciPy's 'fill', 'wrap' and 'symm' models) and
then take a valid cross-correlation with the kernel: by default a direct sum,
one vectorised multiply-add per kernel tap, as SciPy's C loop (integers stay
exact and wrap, a NaN reaches only the sums that hold it); a native backend
passes its own kernel (``valid_correlate=``). Order filters gather the window
of every sample (one slice per footprint entry) and sort. ``wiener`` and
``deconvolve`` are written on the public ``correlate``/``lfilter``/``convolve``,
handed in as hooks so that the signal's own backend runs them.
"""

import math
import operator

import numpy as np
from array_api_compat import array_namespace, device

from .arrays import from_host, holds, np_dtype, to_dtype, to_host
from .extension import extend
from .fir import CONVOLVE_MODES, medfilt, swap_needed

#: SciPy's boundary names and their aliases; 'reflect' is a name SciPy knows but
#: its C code refuses.
_BOUNDARIES = {
    "fill": "fill", "pad": "fill", "wrap": "wrap", "circular": "wrap",
    "symm": "symm", "symmetric": "symm", "reflect": None,
}  # fmt: skip


# -- convolve2d / correlate2d ---------------------------------------------------------
def check_conv2d(in1, in2, mode, boundary, name):
    """SciPy's checks, in its order: 2-D inputs, 'valid' sizes, mode, boundary.

    Returns whether the inputs trade places and the boundary model
    ('fill', 'wrap' or 'symm').
    """
    if not in1.ndim == in2.ndim == 2:
        raise ValueError(f"{name} inputs must both be 2-D arrays")
    swap = swap_needed(mode, tuple(in1.shape), tuple(in2.shape), range(2))
    if mode not in CONVOLVE_MODES:
        raise ValueError("Acceptable mode flags are 'valid', 'same', or 'full'.")
    if boundary not in _BOUNDARIES:
        raise ValueError(
            "Acceptable boundary flags are 'fill', 'circular' (or 'wrap'), and "
            "'symmetric' (or 'symm')."
        )
    if _BOUNDARIES[boundary] is None:
        raise ValueError("Incorrect boundary value.")
    return swap, _BOUNDARIES[boundary]


def check_conv2d_dtype(dt):
    """SciPy's C code has no loop for booleans and float16 (nor for correlate2d)."""
    if dt.kind not in "iufc" or dt == np.float16:
        raise ValueError("convolve2d not available for this type.")


def fill_scalar(fillvalue, dt):
    """`fillvalue` as a 0-d NumPy array of dtype `dt`, converted as SciPy's C does."""
    if hasattr(fillvalue, "__dlpack__") and not isinstance(fillvalue, np.ndarray | np.generic):
        fillvalue = to_host(fillvalue)
    try:
        fill = np.asarray(fillvalue, dtype=dt)
    except (TypeError, ValueError, OverflowError):
        np.asarray(fillvalue, dtype=np.complex128)  # SciPy's second try; its error stands
        raise ValueError(
            "could not cast `fillvalue` directly to the output type (it was first "
            "converted to complex)."
        ) from None
    if fill.size == 0:
        raise ValueError("`fillvalue` cannot be an empty array.")
    if fill.size != 1:
        raise ValueError("`fillvalue` must be scalar or an array with one element.")
    return fill.reshape(())


def boundary_index(n, start, stop, model):
    """Host indices into an axis of length `n` for positions ``start ... stop - 1``.

    -1 marks a position that takes the fill value. 'symm' mirrors with the
    edge sample repeated, 'wrap' is periodic (SciPy's ``reflect_symm_index``
    and ``circular_wrap_index``).
    """
    idx = np.arange(start, stop)
    if model == "fill" or n == 0:
        return np.where((idx >= 0) & (idx < n), idx, -1)
    if model == "wrap":
        return idx % n
    k = np.where(idx >= 0, idx, -idx - 1) % (2 * n)
    return np.where(k >= n, 2 * n - 1 - k, k)


def gather2d(x, rows, cols, fill, *, xp):
    """``x[rows][:, cols]`` with the fill value where an index is -1."""
    shape = (rows.shape[0], cols.shape[0])
    fill = from_host(fill, fill.dtype, x, xp=xp)
    if x.shape[0] == 0 or x.shape[1] == 0:
        return xp.broadcast_to(fill, shape)
    out = xp.take(x, from_host(np.maximum(rows, 0), np.int64, x, xp=xp), axis=0)
    out = xp.take(out, from_host(np.maximum(cols, 0), np.int64, x, xp=xp), axis=1)
    inside = (rows >= 0)[:, None] & (cols >= 0)[None, :]
    if inside.all():
        return out
    return xp.where(from_host(inside, np.bool_, x, xp=xp), out, fill)


def valid_correlate_direct(xe, kernel, *, xp):
    """Valid cross-correlation of `xe` with `kernel` (one dtype), summed tap by tap."""
    K0, K1 = kernel.shape
    O0, O1 = xe.shape[0] - K0 + 1, xe.shape[1] - K1 + 1
    out = None
    for j in range(K0):  # a loop over the kernel's taps; each step covers the image
        for k in range(K1):
            term = kernel[j, k] * xe[j : j + O0, k : k + O1]
            out = term if out is None else out + term
    return out


def conv2d(in1, in2, mode, boundary, fillvalue, flip, *, valid_correlate=None, xp):
    """SciPy's ``_convolve2d``: a convolution (`flip`) or correlation, checked and swapped.

    `valid_correlate(xe, kernel)` computes the valid cross-correlation of the
    extended image with the kernel (same dtype); the direct sum by default.
    """
    name = "convolve2d" if flip else "correlate2d"
    swap, model = check_conv2d(in1, in2, mode, boundary, name)
    if swap:
        in1, in2 = in2, in1
    dt = np.result_type(np_dtype(in1.dtype, xp=xp), np_dtype(in2.dtype, xp=xp))
    fill = fill_scalar(fillvalue, dt) if model == "fill" else np.zeros((), dt)
    check_conv2d_dtype(dt)
    in1, kernel = to_dtype(in1, dt, xp=xp), to_dtype(in2, dt, xp=xp)
    if flip:
        kernel = xp.flip(kernel)
    elif dt.kind == "c":
        kernel = xp.conj(kernel)
    (N0, N1), (K0, K1) = in1.shape, kernel.shape
    if mode == "full":
        out_shape, start = (N0 + K0 - 1, N1 + K1 - 1), (1 - K0, 1 - K1)
    elif mode == "same":  # the window's centre: (K - 1) // 2 for correlation, K // 2 flipped
        half = (K0 // 2, K1 // 2) if flip else ((K0 - 1) // 2, (K1 - 1) // 2)
        out_shape, start = (N0, N1), (-half[0], -half[1])
    else:
        out_shape, start = (N0 - K0 + 1, N1 - K1 + 1), (0, 0)
    if K0 == 0 or K1 == 0 or 0 in out_shape:  # nothing to sum
        return xp.zeros(out_shape, dtype=in1.dtype, device=device(in1))
    rows = boundary_index(N0, start[0], start[0] + out_shape[0] + K0 - 1, model)
    cols = boundary_index(N1, start[1], start[1] + out_shape[1] + K1 - 1, model)
    xe = gather2d(in1, rows, cols, fill, xp=xp)
    run = valid_correlate or (lambda a, k: valid_correlate_direct(a, k, xp=xp))
    out = run(xe, kernel)
    if swap and not flip:  # SciPy reverses a swapped correlation
        out = xp.flip(out)
    return out


def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    xp = array_namespace(in1, in2)
    return conv2d(in1, in2, mode, boundary, fillvalue, True, xp=xp)


def correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    xp = array_namespace(in1, in2)
    return conv2d(in1, in2, mode, boundary, fillvalue, False, xp=xp)


# -- order filters --------------------------------------------------------------------
def rank_filter(a, footprint, rank, *, xp):
    """The `rank`-th smallest sample under the host boolean `footprint`, zero-padded.

    `footprint` has ``a.ndim`` axes of odd length, centred on each sample;
    `rank` is already in ``[0, count)``.
    """
    half = [f // 2 for f in footprint.shape]
    padded = a
    for axis, h in enumerate(half):
        if h:
            zeros = xp.zeros(
                (*padded.shape[:axis], h, *padded.shape[axis + 1 :]),
                dtype=a.dtype,
                device=device(a),
            )
            padded = xp.concat((zeros, padded, zeros), axis=axis)
    windows = [
        padded[tuple(slice(i, i + n) for i, n in zip(offset, a.shape, strict=True))]
        for offset in np.argwhere(footprint).tolist()
    ]
    stacked = xp.stack(windows, axis=-1)
    if rank == 0:
        return xp.min(stacked, axis=-1)
    if rank == len(windows) - 1:
        return xp.max(stacked, axis=-1)
    return xp.sort(stacked, axis=-1)[..., rank]


def check_order_filter(a, domain, rank, *, xp):
    """SciPy's order_filter checks; returns the host footprint and a rank in range."""
    footprint = to_host(domain) if hasattr(domain, "shape") else np.asarray(domain)
    if any(n % 2 != 1 for n in footprint.shape):
        raise ValueError("Each dimension of domain argument should have an odd number of elements.")
    dt = np_dtype(a.dtype, xp=xp)
    if not (dt.kind in "iu" or dt in (np.float32, np.float64)):
        raise ValueError(f"dtype={dt} is not supported by order_filter")
    rank = operator.index(rank)
    if footprint.ndim != a.ndim:  # scipy.ndimage's words
        raise RuntimeError(f"footprint.ndim ({footprint.ndim}) must match len(axes) ({a.ndim})")
    footprint = footprint.astype(bool)
    count = int(footprint.sum())
    if rank < 0:
        rank += count
    if not 0 <= rank < count:
        raise RuntimeError("rank not within filter footprint size")
    return footprint, rank


def order_filter(a, domain, rank):
    xp = array_namespace(a)
    footprint, rank = check_order_filter(a, domain, rank, xp=xp)
    if a.ndim == 0:  # a 0-d footprint of one sample
        return xp.asarray(a, copy=True)
    return rank_filter(a, footprint, rank, xp=xp)


def medfilt2d_kernel(kernel_size):
    """SciPy's medfilt2d checks of `kernel_size` (odd, at least two entries): a pair."""
    kernel = np.asarray([3, 3] if kernel_size is None else kernel_size)
    if kernel.ndim == 0:
        kernel = np.repeat(kernel, 2)
    if any(size % 2 != 1 for size in kernel.tolist()):
        raise ValueError("Each element of kernel_size should be odd.")
    if kernel.dtype.kind not in "iu":
        raise TypeError(
            f"Cannot cast array data from dtype('{kernel.dtype}') to dtype('int64') "
            "according to the rule 'safe'"
        )
    if kernel.ndim != 1 or kernel.shape[0] < 2:
        raise ValueError("Size must be a length two sequence")
    kernel = kernel[:2].tolist()
    if min(kernel) < 1:
        raise ValueError(f"kernel_size must be positive, got {kernel}")
    return kernel


def check_2d(x):
    """NumPy's words for an array that is not 2-D where SciPy's C code needs one."""
    if x.ndim < 2:
        raise ValueError("object of too small depth for desired array")
    if x.ndim > 2:
        raise ValueError("object too deep for desired array")


def medfilt2d(input, kernel_size=3):
    xp = array_namespace(input)
    if np_dtype(input.dtype, xp=xp) not in (np.uint8, np.float32, np.float64):
        return medfilt(input, kernel_size)  # SciPy's route for the other dtypes
    kernel = medfilt2d_kernel(kernel_size)
    check_2d(input)
    return rank_filter(input, np.ones(kernel, dtype=bool), math.prod(kernel) // 2, xp=xp)


# -- wiener and deconvolve: on the public functions ------------------------------------
def _less(a, b, *, xp):
    """``a < b`` in NumPy's order, complex values included (real part, then imaginary)."""
    if not xp.isdtype(a.dtype, "complex floating"):
        return a < b
    ar, br = xp.real(a), xp.real(b)
    return (ar < br) | ((ar == br) & (xp.imag(a) < xp.imag(b)))


def wiener(im, mysize=None, noise=None, *, correlate):
    xp = array_namespace(im)
    if mysize is None:
        mysize = [3] * im.ndim
    if np.asarray(mysize).shape == ():
        mysize = [mysize] * im.ndim
    shape = tuple(operator.index(m) for m in mysize)
    window = xp.ones(shape, dtype=xp.float64, device=device(im))
    size = float(math.prod(window.shape))
    mean = correlate(im, window, "same") / size
    var = correlate(im * im, window, "same") / size - mean**2
    if noise is None:
        noise = xp.mean(xp.reshape(var, (-1,)), axis=0)
    dt = np.result_type(np_dtype(im.dtype, xp=xp), np_dtype(mean.dtype, xp=xp))
    res = (to_dtype(im, dt, xp=xp) - mean) * (1 - noise / var) + mean
    return xp.where(_less(var, noise, xp=xp), mean, res)


def _at_least_1d(v, name, *, xp):
    v = xp.reshape(v, (1,)) if v.ndim == 0 else v
    if not (v.ndim == 1 and v.shape[0] > 0):
        raise ValueError(
            f"Parameter {name} must be non-empty 1d array, but its shape is {tuple(v.shape)}!"
        )
    return v


def deconvolve(signal, divisor, *, lfilter, convolve):
    xp = array_namespace(signal)
    num = _at_least_1d(signal, "signal", xp=xp)
    den = _at_least_1d(divisor, "divisor", xp=xp)
    N, D = num.shape[0], den.shape[0]
    if D > N:
        return xp.zeros((0,), dtype=xp.float64, device=device(num)), num
    if not holds(den[0] != 0):  # skipped for a traced divisor (jax.jit)
        raise ValueError("BUG: filter coefficient a[0] == 0 not supported yet")
    dt = np.result_type(np_dtype(num.dtype, xp=xp), np_dtype(den.dtype, xp=xp), np.float64)
    # The quotient is the start of the power series of num / den: num run through 1 / den.
    if type(num).__module__.startswith("dask"):
        # dask's lfilter plans from concrete taps, and its convolve chunks the signal
        den = to_host(den)
        quot = lfilter(np.ones(1, dtype=dt), den, num)[: N - D + 1]
        return quot, to_dtype(num, dt, xp=xp) - convolve(quot, den, mode="full")
    one = xp.ones(1, dtype=getattr(xp, dt.name), device=device(num))
    quot = lfilter(one, den, num)[: N - D + 1]
    return quot, to_dtype(num, dt, xp=xp) - convolve(den, quot, mode="full")


# -- sepfir2d -------------------------------------------------------------------------
def sepfir2d_dtype(input, hrow, hcol, *, xp):
    """SciPy's checks and dtype: float32 at least, taps safely castable, odd lengths."""
    dt = np.result_type(np_dtype(input.dtype, xp=xp), np.float32)
    check_2d(input)
    for h in (hrow, hcol):
        if h.ndim > 1:
            raise ValueError("object too deep for desired array")
        if h.ndim < 1:
            raise ValueError("object of too small depth for desired array")
        # SciPy refuses float64 taps for a float32 image when they come as NumPy
        # arrays, yet takes the same taps as a list (converted to the image's dtype);
        # the dispatcher has made lists arrays by now, so only a change of kind
        # (complex taps, real image) is refused, as both of SciPy's paths do.
        hd = np_dtype(h.dtype, xp=xp)
        if not np.can_cast(hd, dt, "same_kind"):
            raise TypeError(
                f"Cannot cast array data from dtype('{hd}') to dtype('{dt}') according "
                "to the rule 'safe'"
            )
    if hrow.shape[0] % 2 != 1 or hcol.shape[0] % 2 != 1:
        raise ValueError("hrow and hcol must be odd length")
    return dt


def symmetric_fir_last(x, taps, *, xp):
    """Centred FIR filter along the last axis, mirror-symmetric edges (edge sample repeated)."""
    n, half = x.shape[-1], taps.shape[0] // 2
    if half == 0 or n == 0:
        return taps[0] * x
    ext = extend(x, half, half, "symmetric", xp=xp)
    out = None
    for i in range(taps.shape[0]):  # out[n] = sum_i taps[i] x[n + half - i]
        start = 2 * half - i
        term = taps[i] * ext[..., start : start + n]
        out = term if out is None else out + term
    return out


def sepfir2d(input, hrow, hcol):
    xp = array_namespace(input)
    dt = sepfir2d_dtype(input, hrow, hcol, xp=xp)
    x = to_dtype(input, dt, xp=xp)
    hrow, hcol = to_dtype(hrow, dt, xp=xp), to_dtype(hcol, dt, xp=xp)
    rows = symmetric_fir_last(x, hrow, xp=xp)
    return xp.matrix_transpose(symmetric_fir_last(xp.matrix_transpose(rows), hcol, xp=xp))
