"""Portable FIR functions: FFT convolution, Fourier resampling and smoothing filters.

Everything runs on the signal's own array library and device. Small host-side
work (FFT lengths, filter taps from SciPy's designers, index vectors for sliding
windows) is done with NumPy and moved once to the device. ``upfirdn`` and
``resample_poly`` live in :mod:`.upfirdn`, edge extension in :mod:`.extension`.
"""

import math
import operator

import numpy as np
import scipy.fft
import scipy.signal
from array_api_compat import array_namespace, device

from ..dispatch._warnings import warn
from .arrays import (
    fft_dtype,
    follow,
    from_host,
    holds,
    np_dtype,
    pad_last,
    real_dtype,
    to_dtype,
    whole_last,
    xp_dtype,
)
from .conv_method import choose_conv_method, direct_convolve
from .extension import extend

CONVOLVE_MODES = ("full", "same", "valid")


# -- FFT convolution --------------------------------------------------------------
def _fft_conv_full(in1, in2, axes, shape, *, xp):
    """Full linear convolution over `axes` (inputs share one inexact dtype)."""
    if not axes:
        return in1 * in2
    real = not xp.isdtype(in1.dtype, "complex floating")
    fshape = [scipy.fft.next_fast_len(shape[a], real) for a in axes]
    if real:
        spec = xp.fft.rfftn(in1, s=fshape, axes=axes) * xp.fft.rfftn(in2, s=fshape, axes=axes)
        ret = xp.fft.irfftn(spec, s=fshape, axes=axes)
    else:
        spec = xp.fft.fftn(in1, s=fshape, axes=axes) * xp.fft.fftn(in2, s=fshape, axes=axes)
        ret = xp.fft.ifftn(spec, s=fshape, axes=axes)
    return ret[tuple(slice(0, n) for n in shape)]


def fft_conv_last(x, h, *, xp):
    """Full convolution of every 1-D slice of `x` (last axis) with taps `h`."""
    n = x.shape[-1] + h.shape[0] - 1
    return _fft_conv_full(
        x, xp.reshape(h, (1,) * (x.ndim - 1) + (-1,)), [x.ndim - 1], [*x.shape[:-1], n], xp=xp
    )


def _centered(ret, newshape):
    start = [(n - m) // 2 for n, m in zip(ret.shape, newshape, strict=True)]
    return ret[tuple(slice(s, s + m) for s, m in zip(start, newshape, strict=True))]


def swap_needed(mode, s1, s2, axes):
    if mode != "valid" or not s1:
        return False
    ok1 = all(s1[i] >= s2[i] for i in axes)
    ok2 = all(s2[i] >= s1[i] for i in axes)
    if not (ok1 or ok2):
        raise ValueError(
            "For 'valid' mode, one must be at least as large as the other in every dimension"
        )
    return not ok1


def normalize_axes(axes, ndim):
    if axes is None:
        return list(range(ndim))
    try:
        axes = [operator.index(a) for a in np.atleast_1d(np.asarray(axes)).tolist()]
    except TypeError:
        raise ValueError("axes must be a scalar or iterable of integers") from None
    if not axes:
        raise ValueError("when provided, axes cannot be empty")
    if any(a >= ndim or a < -ndim for a in axes):
        raise ValueError("axes exceeds dimensionality of input")
    axes = [a % ndim for a in axes]
    if len(set(axes)) != len(axes):
        raise ValueError("all axes must be unique")
    return axes


def check_fftconvolve(in1, in2, mode):
    """SciPy's fftconvolve/oaconvolve checks of non-scalar inputs: same ndim, a known mode."""
    if in1.ndim != in2.ndim:
        raise ValueError("in1 and in2 should have the same dimensionality")
    if mode not in CONVOLVE_MODES:
        raise ValueError("acceptable mode flags are 'valid', 'same', or 'full'")


def convolution_axes(s1, s2, mode, axes):
    """The axes to convolve over, and whether `in1` and `in2` trade places (SciPy's rules).

    Axes where either input has length 1 are broadcast, not convolved; the other
    axes must match or broadcast; in 'valid' mode the larger input goes first.
    """
    axes = [a for a in normalize_axes(axes, len(s1)) if s1[a] != 1 and s2[a] != 1]
    if not all(s1[a] == s2[a] or 1 in (s1[a], s2[a]) for a in range(len(s1)) if a not in axes):
        raise ValueError(f"incompatible shapes for in1 and in2: {tuple(s1)} and {tuple(s2)}")
    return axes, swap_needed(mode, s1, s2, axes)


def check_convolve(in1, in2, mode, method):
    """SciPy's convolve checks of non-scalar inputs: same ndim, known mode and method, not empty."""
    if in1.ndim != in2.ndim:
        raise ValueError("volume and kernel should have the same dimensionality")
    if mode not in CONVOLVE_MODES:
        raise ValueError(f"Acceptable mode flags are 'valid', 'same', or 'full', not mode={mode}")
    if method not in ("auto", "direct", "fft"):
        raise ValueError("Acceptable method flags are 'auto', 'direct', or 'fft'.")
    if math.prod(in1.shape) == 0 or math.prod(in2.shape) == 0:
        raise ValueError("in1 and in2 cannot be empty")  # as NumPy's direct convolution


def check_correlate(in1, in2, mode):
    """SciPy's correlate checks of non-scalar inputs (before convolve's)."""
    if in1.ndim != in2.ndim:
        raise ValueError("in1 and in2 should have the same dimensionality")
    if mode not in CONVOLVE_MODES:
        raise ValueError("Acceptable mode flags are 'valid', 'same', or 'full'.")


def _fftconvolve(in1, in2, mode, axes, *, xp):
    if in1.ndim == in2.ndim == 0:  # SciPy multiplies the scalars as they are
        return in1 * in2
    check_fftconvolve(in1, in2, mode)
    if math.prod(in1.shape) == 0 or math.prod(in2.shape) == 0:
        return xp.zeros((0,), dtype=xp.float64, device=device(in1))
    s1, s2 = in1.shape, in2.shape
    axes, swap = convolution_axes(s1, s2, mode, axes)
    if swap:
        in1, in2, s1, s2 = in2, in1, s2, s1
    if not axes:
        return no_axes_product(in1, in2, mode, xp=xp)
    dt = fft_dtype(np_dtype(in1.dtype, xp=xp), np_dtype(in2.dtype, xp=xp))
    in1, in2 = to_dtype(in1, dt, xp=xp), to_dtype(in2, dt, xp=xp)
    shape = [s1[i] + s2[i] - 1 if i in axes else max(s1[i], s2[i]) for i in range(in1.ndim)]
    ret = _fft_conv_full(in1, in2, axes, shape, xp=xp)
    if mode == "same":
        ret = _centered(ret, s1)
    elif mode == "valid":
        ret = _centered(
            ret, [s1[a] - s2[a] + 1 if a in axes else ret.shape[a] for a in range(ret.ndim)]
        )
    return xp.asarray(ret, copy=True)


def no_axes_product(in1, in2, mode, *, xp):
    """SciPy's FFT convolutions when no axis is left (each has length 1 in an input).

    The broadcast product in NumPy's result dtype of the inputs: no FFT, so
    integers stay integers (SciPy returns ``in1 * in2``); 'same' crops it to `in1`.
    """
    dt = np.result_type(np_dtype(in1.dtype, xp=xp), np_dtype(in2.dtype, xp=xp))
    ret = to_dtype(in1, dt, xp=xp) * to_dtype(in2, dt, xp=xp)
    return _centered(ret, in1.shape) if mode == "same" else ret


def fftconvolve(in1, in2, mode="full", axes=None):
    return _fftconvolve(in1, in2, mode, axes, xp=array_namespace(in1, in2))


def oaconvolve(in1, in2, mode="full", axes=None):
    # One FFT of the whole arrays: equal to overlap-add to rounding.
    return _fftconvolve(in1, in2, mode, axes, xp=array_namespace(in1, in2))


def _convolve(in1, in2, mode, method, *, xp):
    if in1.ndim == in2.ndim == 0:
        dt = np.result_type(np_dtype(in1.dtype, xp=xp), np_dtype(in2.dtype, xp=xp))
        return to_dtype(in1, dt, xp=xp) * to_dtype(in2, dt, xp=xp)
    check_convolve(in1, in2, mode, method)
    if swap_needed(mode, in1.shape, in2.shape, range(in1.ndim)):  # SciPy checks every axis
        in1, in2 = in2, in1
    if method == "auto":
        method = choose_conv_method(in1, in2, mode, xp=xp)
    result = np.result_type(np_dtype(in1.dtype, xp=xp), np_dtype(in2.dtype, xp=xp))
    if method == "direct":
        return convolve_direct(in1, in2, mode, xp=xp)
    out = _fftconvolve(in1, in2, mode, None, xp=xp)
    if result.kind in "iu":
        out = xp.round(out)
    warn_fft_nonfinite(out, xp=xp)
    return to_dtype(out, result, xp=xp)


def convolve_direct(in1, in2, mode, *, xp):
    """SciPy's ``convolve(in1, in2, mode, method="direct")`` on checked, swapped inputs."""
    full = direct_convolve(in1, in2, xp=xp)
    s1, s2 = in1.shape, in2.shape
    if mode == "same":
        return _centered(full, s1)
    if mode == "valid":
        return _centered(full, [n - k + 1 for n, k in zip(s1, s2, strict=True)])
    return full


def warn_fft_nonfinite(out, *, xp):
    """SciPy's RuntimeWarning when an FFT convolution's result starts with NaN or inf.

    Not given for a traced result (under jax.jit): its values are not known yet.
    """
    first = xp.reshape(out, (-1,))[:1]
    if first.shape[0] and not holds(xp.all(xp.isfinite(first))):
        warn(
            "Use of fft convolution on input with NAN or inf results in NAN or inf output. "
            "Consider using method='direct' instead.",
            RuntimeWarning,
        )


def _reverse_conj(x, *, xp):
    x = xp.flip(x)
    return xp.conj(x) if xp.isdtype(x.dtype, "complex floating") else x


def convolve(in1, in2, mode="full", method="auto"):
    return _convolve(in1, in2, mode, method, xp=array_namespace(in1, in2))


def correlate(in1, in2, mode="full", method="auto"):
    xp = array_namespace(in1, in2)
    if in1.ndim == in2.ndim == 0:
        return _convolve(in1, _reverse_conj(in2, xp=xp), mode, method, xp=xp)
    check_correlate(in1, in2, mode)
    return _convolve(in1, _reverse_conj(in2, xp=xp), mode, method, xp=xp)


# -- analytic signal and Fourier resampling -------------------------------------------
def hilbert_length(x, N, axis, *, xp):
    """SciPy's hilbert checks: a real `x`, and the FFT length (`N`, else the axis length)."""
    if xp.isdtype(x.dtype, "complex floating"):
        raise ValueError("x must be real.")
    if N is None:
        N = x.shape[axis]
    if N <= 0:
        raise ValueError("N must be positive.")
    return N


def hilbert(x, N=None, axis=-1):
    xp = array_namespace(x)
    N = hilbert_length(x, N, axis, xp=xp)
    cdt = np.result_type(fft_dtype(np_dtype(x.dtype, xp=xp)), np.complex64)
    spec = xp.fft.fft(to_dtype(x, cdt, xp=xp), n=N, axis=axis)
    step = np.zeros(N)
    step[0] = 1.0
    step[1 : (N + 1) // 2] = 2.0
    if N % 2 == 0:
        step[N // 2] = 1.0
    shape = [1] * x.ndim
    shape[axis] = N
    return xp.fft.ifft(spec * xp.reshape(from_host(step, cdt, x, xp=xp), tuple(shape)), axis=axis)


def _spectral_window(window, n_x, like, *, xp):
    """The resample weights ``W(fftfreq(n_x))`` as a float array on `like`'s device."""
    if callable(window):
        w = window(scipy.fft.fftfreq(n_x))
    elif hasattr(window, "shape"):
        if tuple(window.shape) != (n_x,):
            raise ValueError(
                f"window.shape={tuple(window.shape)} != ({n_x},), i.e., window length "
                "is not equal to number of frequency bins!"
            )
        w = window
    else:
        w = scipy.fft.fftshift(scipy.signal.get_window(window, n_x))
    w = follow(w, like, xp=xp)
    return (
        w
        if xp.isdtype(w.dtype, ("real floating", "complex floating"))
        else to_dtype(w, "f8", xp=xp)
    )


def resample(x, num, t=None, axis=0, window=None, domain="time"):
    if domain not in ("time", "freq"):
        raise ValueError(f"Parameter {domain=} not in ('time', 'freq')!")
    xp = array_namespace(x)
    num = operator.index(num)
    if num < 1 or x.shape[axis] < 1:  # SciPy: ZeroDivisionError for num=0, else this
        raise ValueError(f"invalid number of data points ({min(num, x.shape[axis])}) specified")
    if x.ndim > 1:
        x = xp.moveaxis(x, axis, -1)
    n_x = x.shape[-1]
    s_fac = n_x / num
    m = min(num, n_x)
    m2 = m // 2 + 1
    w = None if window is None else _spectral_window(window, n_x, x, xp=xp)
    xdt = fft_dtype(np_dtype(x.dtype, xp=xp))
    if domain == "time" and xdt.kind != "c":
        spec = xp.fft.rfft(to_dtype(x, xdt, xp=xp), axis=-1)
        if w is not None:  # fold the two-sided weights onto the one-sided bins
            n_X = spec.shape[-1]
            if n_X > 1:
                w = xp.concat([w[:1], (w[1:n_X] + xp.flip(w[n_x - n_X + 1 :])) / 2])
            spec = spec * to_dtype(w[:n_X], real_dtype(np_dtype(spec.dtype, xp=xp)), xp=xp)
        spec = spec[..., :m2]
        if m % 2 == 0 and num != n_x:  # unpaired bin at m // 2
            scale = np.ones(m2)
            scale[m // 2] = 2.0 if num < n_x else 0.5
            spec = spec * from_host(scale, real_dtype(np_dtype(spec.dtype, xp=xp)), x, xp=xp)
        x_r = xp.fft.irfft(whole_last(spec / s_fac), n=num, axis=-1)
    else:
        spec = (
            xp.fft.fft(to_dtype(x, np.result_type(xdt, np.complex64), xp=xp))
            if domain == "time"
            else x
        )
        if w is not None:
            dt = np.result_type(np_dtype(spec.dtype, xp=xp), np_dtype(w.dtype, xp=xp))
            spec = to_dtype(spec, dt, xp=xp) * to_dtype(w, dt, xp=xp)
        spec = whole_last(_two_sided(spec, n_x, num, m, m2, xp=xp))  # (dask: one chunk)
        x_r = xp.fft.ifft(spec / s_fac, n=num, axis=-1)
    if x_r.ndim > 1:
        x_r = xp.moveaxis(x_r, -1, axis)
    if t is None:
        return x_r
    tdt = np.result_type(np_dtype(t.dtype, xp=xp), np.float64)
    ramp = xp.arange(num, dtype=xp_dtype(tdt, xp=xp), device=device(t))
    t = to_dtype(t, tdt, xp=xp)
    return x_r, t[0] + (t[1] - t[0]) * s_fac * ramp


def _two_sided(spec, n_x, num, m, m2, *, xp):
    """SciPy 1.17's spectrum of `num` bins built from the first/last `m` of `spec`."""
    spec = to_dtype(spec, np.result_type(np_dtype(spec.dtype, xp=xp), np.complex64), xp=xp)
    neg = m - m2 if m2 < m else 0
    pos, tail = spec[..., :m2], spec[..., n_x - neg :] if neg else None
    if m % 2 == 0 and num < n_x:  # merge the bin pair at +-m/2 into one bin
        k = m // 2
        pos = xp.concat([pos[..., :k], pos[..., k:] + spec[..., n_x - k : n_x - k + 1]], axis=-1)
    elif m % 2 == 0 and n_x < num:  # split the unpaired bin into a pair
        half = pos[..., m // 2 :] / 2
        pos = pad_last(xp.concat([pos[..., : m // 2], half], axis=-1), 0, num - m - 1, xp=xp)
        return xp.concat([pos, half] + ([tail] if neg else []), axis=-1)
    parts = [pad_last(pos, 0, num - m2 - neg, xp=xp)] + ([tail] if neg else [])
    return xp.concat(parts, axis=-1) if len(parts) > 1 else parts[0]


# -- smoothing filters ----------------------------------------------------------------
def savgol_edge_fit(window_length, polyorder, deriv, delta, positions):
    """Host matrix mapping `window_length` samples to fitted-polynomial values at `positions`."""
    centre = (window_length - 1) / 2
    scale = max(centre, 1.0)  # centred, scaled abscissa keeps the fit well conditioned
    u = (np.arange(window_length) - centre) / scale
    fit = np.linalg.pinv(np.vander(u, polyorder + 1, increasing=True))
    v = (np.asarray(positions, dtype=float) - centre) / scale
    powers = np.arange(polyorder + 1)
    falling = np.ones(polyorder + 1)
    for k in range(deriv):
        falling = falling * (powers - k)
    exps = np.maximum(powers - deriv, 0)
    evaluate = falling * v[:, None] ** exps / (scale * delta) ** deriv
    return evaluate @ fit


def savgol_taps(window_length, polyorder, deriv, delta, mode):
    """SciPy's savgol_filter checks of the mode and the fit, and its taps (float64 NumPy)."""
    if mode not in ("mirror", "constant", "nearest", "interp", "wrap"):
        raise ValueError("mode must be 'mirror', 'constant', 'nearest' 'wrap' or 'interp'.")
    if mode == "interp" and polyorder < 0:  # SciPy's edge fit (numpy.polyfit) refuses it
        raise ValueError("expected deg >= 0")
    return scipy.signal.savgol_coeffs(window_length, polyorder, deriv=deriv, delta=delta)


def check_savgol_length(window_length, mode, n):
    """SciPy's check that an 'interp' window fits in the `n` samples of the axis."""
    if mode == "interp" and window_length > n:
        raise ValueError(
            "If mode is 'interp', window_length must be less than or equal to the size of x."
        )


def savgol_dtype(dtype):
    """The NumPy dtype savgol_filter computes in: float32 stays, everything else float64."""
    return dtype if dtype in (np.float32, np.float64) else np.dtype(np.float64)


def savgol_filter(
    x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0
):
    xp = array_namespace(x)
    coeffs = savgol_taps(window_length, polyorder, deriv, delta, mode)
    xdt = savgol_dtype(np_dtype(x.dtype, xp=xp))
    x = to_dtype(xp.moveaxis(x, axis, -1), xdt, xp=xp)
    n = x.shape[-1]
    check_savgol_length(window_length, mode, n)
    half = window_length // 2
    if mode == "interp":
        ext = pad_last(x, window_length - 1 - half, half, xp=xp)
    else:  # SciPy's taps are centred on sample window_length // 2
        ext = extend(x, window_length - 1 - half, half, mode, cval, xp=xp)
    # The direct sum, as SciPy's convolve1d: a NaN reaches only the windows holding it.
    y = None
    for k, c in enumerate(coeffs.tolist()):
        start = window_length - 1 - k
        term = ext[..., start : start + n] * c
        y = term if y is None else y + term
    if mode == "interp" and half:
        first = savgol_edge_fit(window_length, polyorder, deriv, delta, np.arange(half))
        last = savgol_edge_fit(
            window_length, polyorder, deriv, delta, np.arange(window_length - half, window_length)
        )
        left = xp.matmul(x[..., :window_length], from_host(first.T, xdt, x, xp=xp))
        right = xp.matmul(x[..., n - window_length :], from_host(last.T, xdt, x, xp=xp))
        y = xp.concat([left, y[..., half : n - half], right], axis=-1)
    return xp.moveaxis(y, -1, axis)


def medfilt_kernel(kernel_size, shape, dtype):
    """SciPy's medfilt checks: the kernel as a list of odd sizes, one per axis of `shape`.

    `dtype` is the volume's NumPy dtype; warns when a kernel exceeds the volume.
    """
    if not (dtype.kind in "iu" or dtype in (np.float32, np.float64)):
        raise ValueError(f"dtype={dtype} is not supported by medfilt")
    ndim = len(shape)
    kernel = np.asarray([3] * ndim if kernel_size is None else kernel_size)
    if kernel.ndim == 0:
        kernel = np.repeat(kernel, ndim)
    if kernel.shape != (ndim,):
        raise ValueError(f"kernel_size must be a scalar or have one entry per axis ({ndim})")
    if np.any(kernel % 2 != 1):
        raise ValueError("Each element of kernel_size should be odd.")
    if np.any(kernel < 1):  # NumPy's words: SciPy reaches them allocating the window
        raise ValueError(f"negative dimensions are not allowed (kernel_size {kernel.tolist()})")
    kernel = kernel.tolist()
    if any(k > s for k, s in zip(kernel, shape, strict=True)):
        warn("kernel_size exceeds volume extent: the volume will be zero-padded.")
    return kernel


def medfilt(volume, kernel_size=None):
    xp = array_namespace(volume)
    if volume.ndim == 0:
        volume = xp.reshape(volume, (1,))
    kernel = medfilt_kernel(kernel_size, volume.shape, np_dtype(volume.dtype, xp=xp))
    if math.prod(volume.shape) == 0:
        return xp.asarray(volume, copy=True)
    windows = volume
    for ax, k in enumerate(kernel):  # gather the window of each axis
        n = volume.shape[ax]
        moved = pad_last(xp.moveaxis(windows, ax, -1), k // 2, k // 2, xp=xp)
        idx = (np.arange(n)[:, None] + np.arange(k)[None, :]).reshape(-1)
        gathered = xp.take(moved, from_host(idx, np.int64, volume, xp=xp), axis=-1)
        gathered = xp.reshape(gathered, (*moved.shape[:-1], n, k))
        windows = xp.moveaxis(gathered, -2, ax)
    flat = xp.reshape(windows, (*volume.shape, -1))
    size = flat.shape[-1]
    return xp.sort(flat, axis=-1)[..., size // 2]
