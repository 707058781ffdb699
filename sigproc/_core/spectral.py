"""Portable spectral analysis: Welch estimates (welch, csd, coherence, periodogram) and detrend.

Segments are cut by :mod:`._framing` (zero-copy views where the library has
them) and processed in blocks of bounded size; no Python loop runs over
segments or samples. Windows and frequency grids are computed on the host
(cached) and moved once to the signal's device. The NumPy backend reuses
``csd_core`` with its own framing and FFT. The short-time transforms
(spectrogram, stft, istft) live in :mod:`._stft` and share the helpers here.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from array_api_compat import array_namespace, device, to_device

from ..dispatch._warnings import warn
from .arrays import median
from .framing import frame, segment_chunks
from .windows import host_window

_SCALINGS = ("density", "spectrum")


# -- small helpers ---------------------------------------------------------------
def check_fs(fs):
    """SciPy's check of the sampling frequency of the Welch estimates: positive."""
    if not (fs > 0):
        raise ValueError(f"Sampling frequency fs={fs} must be positive!")


def float_dtypes(dtype, *, xp):
    """(real, complex) working dtypes: single precision stays single, else double."""
    if dtype in (xp.float32, xp.complex64):
        return xp.float32, xp.complex64
    return xp.float64, xp.complex128


def as_inexact(x, *, xp):
    """Integer and boolean signals become float64 and float16 float32, as in SciPy."""
    # NumPy reads ``dtype == None`` as the default dtype (float64): compare only
    # with a float16 the namespace has (dask's has none)
    f16 = getattr(xp, "float16", None)
    if f16 is not None and x.dtype == f16:
        return xp.astype(x, xp.float32)
    if xp.isdtype(x.dtype, ("real floating", "complex floating")):
        return x
    return xp.astype(x, xp.float64)


def is_complex(x, *, xp):
    return xp.isdtype(x.dtype, "complex floating")


def window_array(window, dev, *, xp):
    """A window given as an array (any library, list) as an array of `xp` on `dev`."""
    try:
        same_library = array_namespace(window) is xp
    except TypeError:
        same_library = False
    if same_library:
        return window if device(window) == dev else to_device(window, dev)
    # A fresh, writable host copy: torch warns on read-only NumPy memory.
    return xp.asarray(np.array(np.asarray(window)), device=dev)


def on_device(host, dev, dtype=None, *, xp):
    return xp.asarray(np.array(host), dtype=dtype, device=dev)


def freq_grid(nfft, fs, onesided, dev, *, xp):
    f = np.fft.rfftfreq(nfft, 1 / fs) if onesided else np.fft.fftfreq(nfft, 1 / fs)
    return on_device(f, dev, xp.float64, xp=xp)


def empty_float64(shape, dev, *, xp):
    return xp.empty(shape, dtype=xp.float64, device=dev)


def _median_bias(n):
    ii_2 = 2 * np.arange(1.0, (n - 1) // 2 + 1)
    return float(1 + np.sum(1.0 / (ii_2 + 1) - 1.0 / ii_2))


def complex_from(re, im, *, xp):
    cdt = xp.complex64 if re.dtype == xp.float32 else xp.complex128
    return xp.astype(re, cdt) + xp.astype(im, cdt) * 1j


def rfft_or_fft(segments, nfft, onesided, *, xp):
    """Portable FFT of windowed segments along the last axis."""
    if onesided:
        return xp.fft.rfft(segments, n=nfft, axis=-1)
    if not is_complex(segments, xp=xp):
        segments = complex_from(segments, xp.zeros_like(segments), xp=xp)
    return xp.fft.fft(segments, n=nfft, axis=-1)


def detrend_last(d, kind, *, xp):
    """Remove the mean (``'constant'``) or least-squares line (``'linear'``) along axis -1."""
    if kind in ("constant", "c"):
        return d - xp.mean(d, axis=-1, keepdims=True)
    if kind not in ("linear", "l"):
        raise ValueError("Trend type must be 'linear' or 'constant'.")
    n = d.shape[-1]
    rdt = xp.float32 if d.dtype in (xp.float32, xp.complex64) else xp.float64
    # Closed form of the least-squares line: centred abscissa makes the
    # slope and intercept decouple.
    t = xp.arange(n, dtype=rdt, device=device(d)) - (n - 1) / 2
    tt = float(np.sum((np.arange(n) - (n - 1) / 2) ** 2)) or 1.0
    slope = xp.sum(d * t, axis=-1, keepdims=True) / tt
    return d - xp.mean(d, axis=-1, keepdims=True) - slope * t


def make_detrend_func(detrend, *, none_when_falsy, xp):
    """Per-segment detrend on ``(..., nseg, nperseg)``; None for no detrending."""
    if detrend is False or detrend is None or (none_when_falsy and not detrend):
        return None
    if callable(detrend):
        return detrend
    if isinstance(detrend, str):
        if detrend not in ("linear", "l", "constant", "c"):
            raise ValueError("Trend type must be 'linear' or 'constant'.")
        return lambda d: detrend_last(d, detrend, xp=xp)
    raise ValueError(f"Parameter detrend={detrend!r} is not a str, function or None!")


def detrend_kind(detrend, detrend_func):
    """The validated detrend handed to backend hooks: 'constant', 'linear', a callable or None.

    `detrend_func` is what :func:`make_detrend_func` made of `detrend` (None: no
    detrending); a callable is returned as that function (the cores may wrap
    a user's callable to see SciPy's axis order).
    """
    if detrend_func is None:
        return None
    if isinstance(detrend, str):
        return "constant" if detrend in ("constant", "c") else "linear"
    return detrend_func


def pad_to(x, n, *, xp):
    if x.shape[-1] == n:
        return x
    zeros = xp.zeros((*x.shape[:-1], n - x.shape[-1]), dtype=x.dtype, device=device(x))
    return xp.concat((x, zeros), axis=-1)


def onesided_factor(nfreq, nfft, rdt, dev, *, xp):
    """Doubles every bin of a one-sided power spectrum except DC (and Nyquist)."""
    f = np.full(nfreq, 2.0)
    f[0] = 1.0
    if nfft % 2 == 0:
        f[-1] = 1.0
    return on_device(f, dev, rdt, xp=xp)


def _average_segments(
    x, y, same, win, detrend_func, nperseg, step, nseg, nfft, onesided, summing,
    frame_func, fft_func, power_sum, *, xp,
):  # fmt: skip
    """csd_core's portable loop: the sum (or median) of ``conj(X) * Y`` over segments."""
    if not same:
        shape = (*np.broadcast_shapes(tuple(x.shape[:-1]), tuple(y.shape[:-1])), x.shape[-1])
        x, y = xp.broadcast_to(x, shape), xp.broadcast_to(y, shape)

    def spectra(segments):
        if detrend_func is not None:
            segments = detrend_func(segments)
        return fft_func(segments * win, nfft, onesided, xp=xp)

    blocks = []
    chunks_x = segment_chunks(x, nperseg, step, nseg, nfft, frame_func=frame_func, xp=xp)
    if not same:
        chunks_y = segment_chunks(y, nperseg, step, nseg, nfft, frame_func=frame_func, xp=xp)
    total = None
    for seg_x in chunks_x:
        sx = spectra(seg_x)
        if summing and power_sum is not None:
            part = power_sum(sx, sx if same else spectra(next(chunks_y)))
            total = part if total is None else total + part
            continue
        p = xp.real(sx) ** 2 + xp.imag(sx) ** 2 if same else xp.conj(sx) * spectra(next(chunks_y))
        if summing:
            part = xp.sum(p, axis=-2)
            total = part if total is None else total + part
        else:
            blocks.append(p)
    if summing:
        return total
    p = blocks[0] if len(blocks) == 1 else xp.concat(blocks, axis=-2)
    blocks.clear()  # the per-segment spectra are held once, not twice, while sorting
    if is_complex(p, xp=xp):
        return complex_from(median(xp.real(p), -2, xp=xp), median(xp.imag(p), -2, xp=xp), xp=xp)
    return median(p, -2, xp=xp)


# -- Welch estimates -------------------------------------------------------------
def csd_core(
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
    *,
    frame_func=frame,
    fft_func=rfft_or_fft,
    power_sum=None,
    average_func=None,
    xp,
):
    """scipy.signal.csd (1.17) semantics; ``y is x`` gives the real PSD of `welch`.

    Hooks for backends: `frame_func` (segments as a view), `fft_func`, and
    `power_sum(sx, sy)`, the sum of ``conj(sx) * sy`` over the segment axis
    (-2) (real ``|sx|**2`` when `sy` is `sx`), used with mean averaging.
    `average_func`, when given, replaces the segment loop below (a backend's own
    engine): it is called with `x` and `y` (samples on the last axis, zero-padded
    to the common length, not broadcast together; ``y is x`` for a power spectrum)
    and keywords ``win, detrend`` (see :func:`detrend_kind`), ``nperseg, step, nseg,
    nfft, onesided, median`` and returns, over the segments of the spectra X, Y of the detrended,
    windowed segments, the sum of ``conj(X) * Y`` (real ``|X|**2`` when ``y is x``),
    or with `median` true its median (real and imaginary parts apart), as a
    ``(..., nbins)`` array; or None to run the portable loop. Scaling, the one-sided
    factor, the output dtype and the frequencies stay here.
    """
    same = y is x
    axis = int(axis)
    dev = device(x)
    x = as_inexact(x, xp=xp)
    y = x if same else as_inexact(y, xp=xp)
    if same:
        if math.prod(x.shape) == 0:
            return empty_float64(x.shape, dev, xp=xp), empty_float64(x.shape, dev, xp=xp)
        out_real, out_complex = float_dtypes(x.dtype, xp=xp)
    else:
        xo, yo = list(x.shape), list(y.shape)
        xo.pop(axis)
        yo.pop(axis)
        try:
            outer = np.broadcast_shapes(tuple(xo), tuple(yo))
        except ValueError as e:
            raise ValueError("x and y cannot be broadcast together.") from e
        if math.prod(x.shape) == 0 or math.prod(y.shape) == 0:
            shape = (*outer, min(x.shape[axis], y.shape[axis]))
            return (xp.moveaxis(empty_float64(shape, dev, xp=xp), -1, axis),) * 2
        out_real, out_complex = float_dtypes(xp.result_type(x.dtype, y.dtype), xp=xp)

    n = x.shape[axis] if same else max(x.shape[axis], y.shape[axis])
    if isinstance(window, (str, tuple)):
        nperseg = int(nperseg) if nperseg is not None else 256
        if nperseg < 1:
            raise ValueError(f"Parameter {nperseg=} is not a positive integer!")
        if n < nperseg:
            warn(
                f"{nperseg=} is greater than signal length max(len(x), len(y)) = {n}, "
                f"using nperseg = {n}"
            )
            nperseg = n
        win = on_device(host_window(window, nperseg), dev, out_real, xp=xp)
    else:
        win = window_array(window, dev, xp=xp)
        if win.ndim != 1:
            raise ValueError(f"window must be 1-D, got shape {tuple(win.shape)}")
        if nperseg is None:
            nperseg = win.shape[0]
        win = xp.astype(win, out_real)
    if nperseg != win.shape[0]:
        raise ValueError(f"nperseg={nperseg} does not equal len(win)={win.shape[0]}")
    nfft = int(nfft) if nfft is not None else nperseg
    if nfft < nperseg:
        raise ValueError(f"{nfft=} must be greater than or equal to {nperseg=}!")
    noverlap = int(noverlap) if noverlap is not None else nperseg // 2
    if noverlap >= nperseg:
        raise ValueError(f"{noverlap=} must be less than {nperseg=}!")
    onesided = bool(return_onesided) and not is_complex(x, xp=xp)
    if onesided and not same and is_complex(y, xp=xp):
        raise ValueError("Complex-valued y is not allowed for a one-sided csd; x is real.")
    if scaling not in _SCALINGS:
        raise ValueError(f"Parameter {scaling=} not in {{'spectrum', 'density'}}!")
    check_fs(fs)  # after the segment checks, as SciPy's ShortTimeFFT is built last
    detrend_func = make_detrend_func(detrend, none_when_falsy=False, xp=xp)

    x = pad_to(xp.moveaxis(x, axis, -1), n, xp=xp)
    y = x if same else pad_to(xp.moveaxis(y, axis, -1), n, xp=xp)
    step = nperseg - noverlap
    nseg = (n - noverlap) // step
    if nseg < 1:
        raise ValueError(f"signal length {n} is shorter than one segment ({nperseg=})")
    if nseg > 1 and average not in ("mean", "median"):  # SciPy ignores it for one segment
        raise ValueError(f"Parameter {average=} must be 'median' or 'mean'!")
    summing = average == "mean" or nseg == 1
    pxy = None
    if average_func is not None:
        pxy = average_func(
            x, y, win=win, detrend=detrend_kind(detrend, detrend_func), nperseg=nperseg,
            step=step, nseg=nseg, nfft=nfft, onesided=onesided, median=not summing,
        )  # fmt: skip
    if pxy is None:
        pxy = _average_segments(
            x, y, same, win, detrend_func, nperseg, step, nseg, nfft, onesided, summing,
            frame_func, fft_func, power_sum, xp=xp,
        )  # fmt: skip
    # 0-d arrays on the device: no host round trip for the scale factor.
    scale = 1.0 / (fs * xp.sum(win * win)) if scaling == "density" else 1.0 / xp.sum(win) ** 2
    pxy = pxy * (scale / nseg) if summing else pxy * (scale / _median_bias(nseg))
    if onesided:
        pxy = pxy * onesided_factor(pxy.shape[-1], nfft, out_real, dev, xp=xp)
    pxy = xp.astype(pxy, out_real if same else out_complex)
    return freq_grid(nfft, fs, onesided, dev, xp=xp), xp.moveaxis(pxy, -1, axis)


def csd(x, y, *args, **kwargs):
    return csd_core(x, y, *args, **kwargs, xp=array_namespace(x, y))


def welch(x, *args, **kwargs):
    return csd_core(x, x, *args, **kwargs, xp=array_namespace(x))


def periodogram_args(x, window, nfft, axis, *, xp):
    """SciPy's periodogram reduction to a single-segment welch: (x, window, nperseg, nfft)."""
    if window is None:
        window = "boxcar"
    n = x.shape[axis]
    if nfft is None or nfft == n:
        nperseg = n if nfft is None else nfft
    elif nfft > n:
        nperseg = n
    else:
        x = xp.moveaxis(xp.moveaxis(x, axis, -1)[..., :nfft], -1, axis)
        nperseg, nfft = nfft, None
    if not isinstance(window, (str, tuple)) and math.prod(window.shape) != nperseg:
        raise ValueError(
            "the size of the window must be the same size of the input on the specified axis"
        )
    return x, window, nperseg, nfft


def periodogram(x, *args, **kwargs):
    return periodogram_core(x, *args, **kwargs, xp=array_namespace(x))


def periodogram_core(
    x,
    fs=1.0,
    window="boxcar",
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    *,
    xp,
    **hooks,
):
    """scipy.signal.periodogram (1.17) semantics; `hooks` go to :func:`csd_core`."""
    if math.prod(x.shape) == 0:
        return empty_float64(x.shape, device(x), xp=xp), empty_float64(x.shape, device(x), xp=xp)
    if not isinstance(window, (str, tuple, type(None))):
        window = window_array(window, device(x), xp=xp)
    x, window, nperseg, nfft = periodogram_args(x, window, nfft, axis, xp=xp)
    return csd_core(
        x, x, fs, window, nperseg, 0, nfft, detrend, return_onesided, scaling, axis, xp=xp, **hooks
    )


def coherence(x, y, *args, **kwargs):
    return coherence_core(x, y, *args, **kwargs, xp=array_namespace(x, y))


def coherence_core(
    x,
    y,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    axis=-1,
    *,
    xp,
    **hooks,
):
    """scipy.signal.coherence (1.17) semantics; `hooks` go to :func:`csd_core`."""
    args = dict(
        fs=fs, window=window, nperseg=nperseg, noverlap=noverlap, nfft=nfft, detrend=detrend,
        axis=axis, xp=xp, **hooks,
    )  # fmt: skip
    f, pxx = csd_core(x, x, **args)
    _, pyy = csd_core(y, y, **args)
    _, pxy = csd_core(x, y, **args)
    return f, xp.abs(pxy) ** 2 / pxx / pyy


def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    if type not in ("linear", "l", "constant", "c"):
        raise ValueError("Trend type must be 'linear' or 'constant'.")
    xp = array_namespace(data)
    f16 = getattr(xp, "float16", None)  # absent in some namespaces (see as_inexact)
    if f16 is not None and data.dtype == f16:  # SciPy: linear in float64, constant as is
        data = data if type in ("constant", "c") else xp.astype(data, xp.float64)
    else:
        data = as_inexact(data, xp=xp)
    moved = xp.moveaxis(data, axis, -1)
    n = moved.shape[-1]
    edges = [0, n]
    if type in ("linear", "l"):  # SciPy: one least-squares line per piece between breakpoints
        edges = np.sort(np.unique(np.concatenate(np.atleast_1d(0, np.asarray(bp), n))))
        if np.any(edges > n):
            raise ValueError("Breakpoints must be less than length of data along given axis.")
        edges = edges.tolist()
    pieces = [
        detrend_last(moved[..., lo:hi], type, xp=xp)
        for lo, hi in itertools.pairwise(edges)
        if hi > lo
    ]
    if not pieces:  # no samples
        return xp.moveaxis(moved, -1, axis)
    out = pieces[0] if len(pieces) == 1 else xp.concat(pieces, axis=-1)
    return xp.moveaxis(out, -1, axis)
