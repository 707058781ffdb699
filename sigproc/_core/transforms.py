"""Transforms and signal tools: SciPy's argument checks and the portable algorithms.

Chirp z-transforms by Bluestein's algorithm (the chirps of a plan are built on
the host as SciPy builds them, and cached), the generalised Lomb-Scargle
periodogram as outer products over chunks of frequencies, the FFT envelope
and the 2-D analytic signal with host-built bin weights, vector strength, and
the timed choice of convolution method. Arrays come back in the input's
library, on its device; nothing is modified in place (torch autograd flows
through every array operation).
"""

import functools
import numbers
import timeit

import numpy as np
import scipy.fft
from array_api_compat import array_namespace

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
)
from .conv_method import choose_conv_method as predicted_conv_method
from .fir import resample
from .host import host


# -- chirp z-transforms ------------------------------------------------------------------
def czt_sizes(n, m):
    """SciPy's check of the input and output lengths; the output length (`m`, else `n`)."""
    if n < 1 or not isinstance(n, numbers.Integral):
        raise ValueError(
            f"Invalid number of CZT data points ({n}) specified. "
            "n must be positive and integer type."
        )
    if m is None:
        return n
    if m < 1 or not isinstance(m, numbers.Integral):
        raise ValueError(
            f"Invalid number of CZT output points ({m}) specified. "
            "m must be positive and integer type."
        )
    return m


def check_czt_length(n, length):
    """A planned transform (``CZT``, ``ZoomFFT``) takes signals of its own length only."""
    if length != n:
        raise ValueError(f"CZT defined for length {n}, not {length}")


def zoom_band(fn):
    """``(f1, f2)`` of a zoom FFT's `fn`: a pair, or a scalar meaning ``(0, fn)``."""
    fn = host(fn)
    if np.size(fn) == 2:
        f1, f2 = fn
    elif np.size(fn) == 1:
        f1, f2 = 0.0, fn
    else:
        raise ValueError("fn must be a scalar or 2-length sequence")
    return f1, f2


def zoom_scale(m, f1, f2, fs, endpoint):
    """Width of the zoomed band as a fraction of the unit circle (times m/(m-1) with endpoint)."""
    return ((f2 - f1) * m) / (fs * (m - 1)) if endpoint else (f2 - f1) / fs


def _chirp_index(n, m):
    big = max(m, n)  # k**2 must not overflow: the smallest signed type holding big**2
    return np.arange(big, dtype=np.min_scalar_type(-(big**2)))


def _plan(n, m, wk2, awk2):
    """Host arrays of Bluestein's algorithm: input weights, chirp filter spectrum, output chirp."""
    nfft = scipy.fft.next_fast_len(n + m - 1)
    kernel = scipy.fft.fft(1 / np.hstack((wk2[n - 1 : 0 : -1], wk2[:m])), nfft)
    return awk2, kernel, wk2[:m]


@functools.lru_cache(maxsize=32, typed=True)  # w=2 and w=2+0j: other rounding
def _czt_plan(n, m, w, a):
    k = _chirp_index(n, m)
    # without w, the exact FFT points: the phase reduced modulo 2*pi in integers first
    wk2 = np.exp(-(1j * np.pi * ((k**2) % (2 * m))) / m) if w is None else w ** (k**2 / 2.0)
    a = 1.0 * a
    return _plan(n, m, wk2, a ** -k[:n] * wk2[:n])


@functools.lru_cache(maxsize=32, typed=True)
def _zoom_plan(n, m, f1, f2, fs, endpoint):
    k = _chirp_index(n, m)
    wk2 = np.exp(-(1j * np.pi * zoom_scale(m, f1, f2, fs, endpoint) * k**2) / m)
    ak = np.exp(-2j * np.pi * f1 / fs * k[:n])
    return _plan(n, m, wk2, ak * wk2[:n])


def _cached(plan, *key):
    try:
        return plan(*key)
    except TypeError:  # an unhashable parameter (a 0-d array): no caching
        return plan.__wrapped__(*key)


def _bluestein(x, plan, axis, *, xp):
    """The chirp z-transform of `x` along `axis` with a plan's chirps, in complex128."""
    awk2, kernel, wk2 = plan
    n, m = awk2.shape[0], wk2.shape[0]
    x = xp.moveaxis(to_dtype(x, np.complex128, xp=xp), axis, -1)
    spectrum = xp.fft.fft(x * from_host(awk2, np.complex128, x, xp=xp), n=kernel.shape[0], axis=-1)
    y = xp.fft.ifft(from_host(kernel, np.complex128, x, xp=xp) * spectrum, axis=-1)
    y = y[..., n - 1 : n - 1 + m] * from_host(wk2, np.complex128, x, xp=xp)
    return xp.moveaxis(y, -1, axis)


def czt(x, m=None, w=None, a=1 + 0j, *, axis=-1):
    xp = array_namespace(x)
    n = x.shape[axis]
    m = czt_sizes(n, m)
    return _bluestein(x, _cached(_czt_plan, n, m, w, a), axis, xp=xp)


def zoom_fft(x, fn, m=None, *, fs=2, endpoint=False, axis=-1):
    xp = array_namespace(x)
    n = x.shape[axis]
    m = czt_sizes(n, m)
    f1, f2 = zoom_band(fn)
    return _bluestein(x, _cached(_zoom_plan, n, m, f1, f2, fs, endpoint), axis, xp=xp)


# -- Lomb-Scargle ------------------------------------------------------------------------
#: Samples times frequencies per chunk of the outer products (a few MB of float64 each).
_CHUNK = 1 << 19

PRECENTER_DEPRECATED = (
    "Use of parameter 'precenter' is deprecated as of SciPy 1.17.0 and will be removed "
    "in 1.19.0. Please leave 'precenter' unspecified. Passing True to 'precenter' can be "
    "exactly substituted by passing 'y = (y - y.mean())' into the input. Consider setting "
    "`floating_mean` to True instead."
)


def warn_precenter():
    """SciPy 1.17's deprecation of ``lombscargle(precenter=...)``, at the caller's line."""
    warn(PRECENTER_DEPRECATED, DeprecationWarning)


def _float64(v, *, xp):
    if xp.isdtype(v.dtype, "complex floating"):  # as NumPy's cast to float64 does
        warn(
            "Casting complex values to real discards the imaginary part",
            np.exceptions.ComplexWarning,
        )
        v = xp.real(v)
    return to_dtype(v, np.float64, xp=xp)


def lombscargle_args(x, y, freqs, weights, normalize, *, xp):
    """SciPy's checks; the float64 inputs, weights summing to 1 and the `normalize` option."""
    x, y, freqs = (_float64(v, xp=xp) for v in (x, y, freqs))
    weights = xp.ones_like(y) if weights is None else _float64(weights, xp=xp)
    if not (x.ndim == 1 and x.shape[0] > 0 and x.shape == y.shape == weights.shape):
        raise ValueError("Parameters x, y, weights must be 1-D arrays of equal non-zero length!")
    if not (freqs.ndim == 1 and freqs.shape[0] > 0):
        raise ValueError("Parameter freqs must be a 1-D array of non-zero length!")
    # a value check, skipped for traced weights (jax.jit)
    if not (holds(xp.all(weights >= 0)) and holds(xp.sum(weights) > 0)):
        raise ValueError(
            "Parameter weights must have only non-negative entries which sum to a positive value!"
        )
    if isinstance(normalize, bool):
        normalize = "normalize" if normalize else "power"
    if normalize not in ("power", "normalize", "amplitude"):
        raise ValueError(
            "Normalize must be: False (or 'power'), True (or 'normalize'), or 'amplitude'."
        )
    return x, y, freqs, weights * (1.0 / xp.sum(weights)), normalize


def _column_sums(weights, *columns):
    return tuple(weights @ c for c in columns)


def _lombscargle_fit(x, weights, weights_y, Y, freqs, floating_mean, *, xp):
    """a, b (the fitted cosine and sine), YC, YS and the phase offset tau per frequency."""
    freqst = xp.reshape(x, (-1, 1)) * xp.reshape(freqs, (1, -1))
    coswt, sinwt = xp.cos(freqst), xp.sin(freqst)
    CC, CS = _column_sums(weights, coswt * coswt, coswt * sinwt)
    SS = 1.0 - CC
    if floating_mean:
        C, S = _column_sums(weights, coswt, sinwt)
        CC, SS, CS = CC - C * C, SS - S * S, CS - C * S
    tau = 0.5 * xp.atan2(2.0 * CS, CC - SS)  # rotates the basis so that CS vanishes
    freqst_tau = freqst - tau
    coswt_tau, sinwt_tau = xp.cos(freqst_tau), xp.sin(freqst_tau)
    YC, YS = _column_sums(weights_y, coswt_tau, sinwt_tau)
    (CC,) = _column_sums(weights, coswt_tau * coswt_tau)
    SS = 1.0 - CC
    if floating_mean:
        C, S = _column_sums(weights, coswt_tau, sinwt_tau)
        YC, YS, CC, SS = YC - Y * C, YS - Y * S, CC - C * C, SS - S * S
    epsneg = float(np.finfo(np.float64).epsneg)  # keeps rounding from dividing by ~0
    CC = xp.where(epsneg > CC, xp.full_like(CC, epsneg), CC)
    SS = xp.where(epsneg > SS, xp.full_like(SS, epsneg), SS)
    return YC / CC, YS / SS, YC, YS, tau


def lombscargle(x, y, freqs, *, precenter, normalize, weights, floating_mean):
    """SciPy 1.17's ``lombscargle``; `precenter` is None where the caller left it out."""
    xp = array_namespace(x, y)
    # coefficients the backend left in another library (NumPy beside dask arrays)
    freqs = follow(freqs, x, xp=xp)
    weights = None if weights is None else follow(weights, x, xp=xp)
    x, y, freqs, weights, normalize = lombscargle_args(x, y, freqs, weights, normalize, xp=xp)
    if precenter is not None:
        warn_precenter()
        if precenter:
            y = y - xp.mean(y)
    weights_y = weights * y
    Y = weights @ y
    n_freqs = freqs.shape[0]
    step = max(1, _CHUNK // x.shape[0])
    parts = [
        _lombscargle_fit(
            x, weights, weights_y, Y, freqs[i : min(i + step, n_freqs)], floating_mean, xp=xp
        )
        for i in range(0, n_freqs, step)
    ]
    a, b, YC, YS, tau = (xp.concat(p) if len(parts) > 1 else p[0] for p in zip(*parts, strict=True))
    if normalize == "amplitude":  # (a + 1j*b) * exp(1j*tau), in real arithmetic
        cos, sin = xp.cos(tau), xp.sin(tau)
        re, im = a * cos - b * sin, a * sin + b * cos
        pgram = xp.astype(re, xp.complex128) + xp.astype(im, xp.complex128) * 1j
    else:
        pgram = 2.0 * (a * YC + b * YS)
        if normalize == "power":
            pgram = pgram * (float(x.shape[0]) / 4.0)
        else:
            YY = weights_y @ y
            if floating_mean:
                YY = YY - Y * Y
            pgram = pgram * (0.5 / YY)
    return xp.reshape(pgram, ()) if n_freqs == 1 else pgram  # SciPy squeezes


# -- envelope and the 2-D analytic signal ------------------------------------------------
def envelope_band(z, bp_in, n_out, residual, axis):
    """SciPy's checks of ``envelope``; ``(n, n_out, band)`` with the band as a slice."""
    shape = tuple(z.shape)
    if not (-z.ndim <= axis < z.ndim):
        raise ValueError(f"Invalid parameter {axis=} for z.shape={shape}!")
    if not (shape[axis] > 0):
        raise ValueError(f"z.shape[axis] not > 0 for z.shape={shape}, {axis=}!")
    if len(bp_in) != 2 or not all((isinstance(b_, int) or b_ is None) for b_ in bp_in):
        raise ValueError(f"{bp_in=} isn't a 2-tuple of type (int | None, int | None)!")
    if not ((isinstance(n_out, int) and n_out > 0) or n_out is None):
        raise ValueError(f"{n_out=} is not a positive integer or None!")
    if residual not in ("lowpass", "all", None):
        raise ValueError(f"{residual=} not in ['lowpass', 'all', None]!")
    n = shape[axis]
    bp = slice(
        bp_in[0] if bp_in[0] is not None else -(n // 2),
        bp_in[1] if bp_in[1] is not None else (n + 1) // 2,
    )
    if not (-n // 2 <= bp.start < bp.stop <= (n + 1) // 2):
        raise ValueError(
            "`-n//2 <= bp_in[0] < bp_in[1] <= (n+1)//2` does not hold "
            f"for n=z.shape[axis]={n} and {bp_in=}!"
        )
    return n, n if n_out is None else n_out, bp


def _bins(n, bp):
    """`bp` as ``start:stop`` of non-negative bin indices (a Python slice may be negative)."""
    r = range(n)[bp]
    return slice(r.start, r.stop)


def envelope(z, bp_in=(1, None), *, n_out=None, squared=False, residual="lowpass", axis=-1):
    n, n_out, bp = envelope_band(z, bp_in, n_out, residual, axis)
    xp = array_namespace(z)
    fak = n_out / n  # amplitude scale of the resampling
    z = xp.moveaxis(z, axis, -1)
    is_complex = xp.isdtype(z.dtype, "complex floating")
    cdt = np.result_type(fft_dtype(np_dtype(z.dtype, xp=xp)), np.complex64)
    gain = np.ones(n)  # bin weights of the spectrum, applied as one product
    if is_complex:
        Z = xp.fft.fft(to_dtype(z, cdt, xp=xp), axis=-1)
    else:  # the analytic signal within the band from the one-sided spectrum
        Z = pad_last(
            xp.fft.rfft(to_dtype(z, real_dtype(cdt), xp=xp), axis=-1), 0, n - n // 2 - 1, xp=xp
        )
        Z = whole_last(Z)  # (dask: the padding is a chunk of its own)
        if bp.start > 0:
            gain[bp] *= 2
        elif bp.stop > 0:
            gain[1 : bp.stop] *= 2
        Z = Z * from_host(gain, cdt, Z, xp=xp)
    if not (bp.start <= 0 < bp.stop):  # the envelope does not change with a frequency shift
        z_bb = xp.fft.ifft(whole_last(Z[..., _bins(n, bp)]), n=n_out, axis=-1) * fak
    else:
        shifted = xp.fft.fftshift(Z, axes=-1)
        band = whole_last(shifted[..., bp.start + n // 2 : bp.stop + n // 2])
        z_bb = xp.fft.ifft(band, n=n_out, axis=-1)
        z_bb = z_bb * fak
    z_env = xp.abs(z_bb) if not squared else xp.real(z_bb) ** 2 + xp.imag(z_bb) ** 2
    if residual is None:
        return xp.moveaxis(z_env, -1, axis)
    keep = np.ones(n)  # the residual: the bins outside the band (or only those below it)
    if not (bp.start <= 0 < bp.stop):
        keep[bp] = 0
    else:
        keep[: bp.stop], keep[bp.start :] = 0, 0
    if residual == "lowpass":
        if bp.stop > 0:
            keep[bp.stop : (n + 1) // 2] = 0
        else:
            keep[bp.start :], keep[0 : (n + 1) // 2] = 0, 0
    if is_complex:  # resample accounts for the unpaired bins
        z_res = resample(Z * from_host(keep, cdt, Z, xp=xp), n_out, axis=-1, domain="freq")
    else:  # the unpaired bin at m//2 before the inverse real FFT
        if n_out != n and (m := min(n, n_out)) % 2 == 0:
            keep[m // 2] *= 2 if n_out < n else 0.5
        z_res = fak * xp.fft.irfft(Z * from_host(keep, cdt, Z, xp=xp), n=n_out, axis=-1)
    z_env = to_dtype(z_env, np_dtype(z_res.dtype, xp=xp), xp=xp)  # complex for complex z
    return xp.stack((xp.moveaxis(z_env, -1, axis), xp.moveaxis(z_res, -1, axis)), axis=0)


def hilbert2_shape(x, N, axes):
    """SciPy's checks of ``hilbert2``; the FFT shape over `axes`."""
    if len(axes) != 2:
        raise ValueError("axes must be a tuple of length 2")
    if axes[0] == axes[1]:
        raise ValueError("axes must contain 2 distinct axes")
    if N is None:
        return (x.shape[axes[0]], x.shape[axes[1]])
    if isinstance(N, int):
        if N <= 0:
            raise ValueError("N must be positive.")
        return (N, N)
    if len(N) != 2 or np.any(np.asarray(N) <= 0):
        raise ValueError("When given as a tuple, N must hold exactly two positive integers")
    return tuple(N)


def hilbert2(x, N=None, axes=(-2, -1)):
    xp = array_namespace(x)
    if x.ndim < 2:
        x = xp.reshape(x, (1,) * (2 - x.ndim) + tuple(x.shape))
    if xp.isdtype(x.dtype, "complex floating"):
        raise ValueError("x must be real.")
    N = hilbert2_shape(x, N, axes)
    cdt = np.result_type(fft_dtype(np_dtype(x.dtype, xp=xp)), np.complex64)
    spectrum = xp.fft.fftn(to_dtype(x, cdt, xp=xp), s=N, axes=tuple(axes))
    for size, ax in zip(N, axes, strict=True):  # 1 at DC, 2 for positive bins, else 0
        gain = np.zeros(size)
        gain[0] = 1.0
        gain[1 : (size + 1) // 2] = 2.0
        shape = [1] * x.ndim
        shape[ax] = size
        spectrum = spectrum * xp.reshape(from_host(gain, cdt, x, xp=xp), tuple(shape))
    return xp.fft.ifftn(spectrum, axes=tuple(axes))


# -- vector strength, convolution method -------------------------------------------------
def vectorstrength(events, period):
    xp = array_namespace(events)
    period = follow(period, events, xp=xp)  # NumPy beside dask arrays (the backend leaves it)
    if xp.isdtype(period.dtype, "integral"):
        period = xp.astype(period, xp.float64)
    if events.ndim > 1:
        raise ValueError("events cannot have dimensions more than 1")
    if period.ndim > 1:
        raise ValueError("period cannot have dimensions more than 1")
    scalar_period = period.ndim == 0
    period, events = xp.reshape(period, (-1, 1)), xp.reshape(events, (1, -1))
    if not holds(~xp.any(period <= 0)):  # skipped for a traced period (jax.jit)
        raise ValueError("periods must be positive")
    # phases 2*pi*t/period; the mean unit vector from the means of its two components
    phases = 2 * ((xp.pi / period) * xp.astype(events, period.dtype))
    re, im = xp.mean(xp.cos(phases), axis=1), xp.mean(xp.sin(phases), axis=1)
    strength, phase = xp.hypot(re, im), xp.atan2(im, re)
    if scalar_period:
        return strength[0], phase[0]
    return strength, phase


def _seconds_per_call(func, repeat=3):
    """Best time of `func` over `repeat` runs of enough calls to last about 5 ms."""
    timer = timeit.Timer(func)
    for power in range(10):
        number = 10**power
        elapsed = timer.timeit(number)
        if elapsed >= 5e-4:
            break
    if elapsed > 1:  # one slow call is measurement enough
        return elapsed / number
    number *= 10
    return min(timer.repeat(repeat, number)) / number


def choose_conv_method(in1, in2, mode="full", measure=False, *, convolve):
    """SciPy's choice; with `measure`, `convolve` (the public one) timed both ways."""
    xp = array_namespace(in1, in2)
    if measure:
        times = {
            method: _seconds_per_call(
                functools.partial(convolve, in1, in2, mode=mode, method=method)
            )
            for method in ("fft", "direct")
        }
        return ("fft" if times["fft"] < times["direct"] else "direct"), times
    try:
        return predicted_conv_method(in1, in2, mode, xp=xp)
    except KeyError:  # the cost model has no entry for the mode
        raise ValueError(
            f"Acceptable mode flags are 'valid', 'same', or 'full', not {mode=}"
        ) from None
