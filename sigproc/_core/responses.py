"""Portable frequency responses: SciPy's argument checks and evaluation, on any array library.

Everything runs on the coefficients' own library and device, differentiably
(torch autograd flows through the FFT and Horner evaluations). SciPy's order of
operations is kept, so results agree to rounding:

- dtypes are worked out on the host with NumPy's promotion rules (SciPy runs
  NumPy, whose 0-D arrays and NumPy scalars are not "weak"), and every array
  is cast to the computation's dtype before the arithmetic;
- equally spaced grids are SciPy's own ``np.linspace`` values, built on the
  host and moved once, and the analog grids are SciPy's ``findfreqs`` of a
  host copy of the few coefficients;
- polynomials are evaluated by Horner's rule in SciPy's order (a Python loop
  over the coefficients, each step vectorised over every frequency).

The public functions here have the declarations' signatures; their ``xp`` and
``device`` are the caller's placement extras, so the array namespace is
called ``ns`` inside them and passed to the helpers as ``xp``.
"""

import operator
from math import pi

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, to_device
from array_api_compat import device as device_of

from ..dispatch._warnings import warn
from .arrays import follow, from_host, holds, is_concrete, np_dtype, real_dtype, to_dtype, to_host
from .conv_method import direct_convolve
from .host import place

#: SciPy's threshold on the group delay's denominator (``scipy.signal._filter_design``).
_EPSILON = 2e-16


# -- SciPy's checks ------------------------------------------------------------------
def validate_fs(fs):
    """The sampling frequency of a digital response as a float: one scalar, not None."""
    if fs is None:
        raise ValueError("Sampling frequency can not be none.")
    if not np.isscalar(fs):
        raise ValueError("Sampling frequency fs must be a single scalar.")
    return float(fs)


def is_int_type(value):
    """Whether `value` is a count: a scalar integer (``8``, ``np.int8(8)``, a 0-D integer array)."""
    if _ndim(value) != 0:
        return False
    if not is_concrete(value) and np.dtype(value.dtype).kind in "iu":
        # A count converted to a traced array (jax.jit): its value, the output's
        # length, is unknown; taking it as one frequency would be silently wrong.
        raise TypeError(
            "a number of frequencies is traced here (jax.jit, grad, vmap): the output's "
            "length cannot depend on it; pass the frequencies as an array, or keep it static"
        )
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def grid_size(worN):
    """SciPy's check of `freqz`'s number of frequencies."""
    n = operator.index(worN)
    if n < 0:
        raise ValueError(f"worN must be nonnegative, got {n}")
    return n


def check_sos(sos, *, xp):
    """`sos` as a 2-D array of sections, with SciPy's ``freqz_sos`` messages."""
    sos = _atleast_nd(sos, 2, xp=xp)
    if sos.ndim != 2:
        raise ValueError("sos array must be 2D")
    if sos.shape[1] != 6:
        raise ValueError("sos array must be shape (n_sections, 6)")
    if not holds(xp.all(sos[:, 3] == 1)):  # skipped for a traced sos (jax.jit)
        raise ValueError("sos[:, 3] should be all ones")
    if sos.shape[0] == 0:
        raise ValueError("Cannot compute frequencies with no sections")
    return sos


def check_gain(k, *, xp):
    """An analog gain as a float64 array of one element (SciPy accepts one-element arrays)."""
    k = to_dtype(k, np.float64, xp=xp)
    if _size(k) > 1:
        raise ValueError("k must be a single scalar gain")
    return k


# -- small helpers ---------------------------------------------------------------------
def _ndim(value):
    return value.ndim if hasattr(value, "ndim") else np.ndim(value)


def _size(x):
    size = 1
    for n in x.shape:
        size *= n
    return size


def _atleast_nd(x, ndim, *, xp):
    """`x` with leading axes of length 1 up to `ndim` axes."""
    if x.ndim >= ndim:
        return x
    return xp.reshape(x, (1,) * (ndim - x.ndim) + tuple(x.shape))


def _dtype(x, *, xp):
    return np_dtype(x.dtype, xp=xp)


def _as_float(x, *, xp):
    """Integers and booleans as float64, as SciPy converts them (``xp_default_dtype``)."""
    return to_dtype(x, np.float64, xp=xp) if _dtype(x, xp=xp).kind in "biu" else x


def _grid(stop, n, endpoint, dtype, like, *, xp):
    """SciPy's equally spaced radian frequencies ``np.linspace(0, stop, n)``, on `like`'s device."""
    return from_host(np.linspace(0, stop, n, endpoint=endpoint, dtype=dtype), dtype, like, xp=xp)


def _unit_circle(w, sign, *, xp):
    """``exp(sign * 1j * w)`` in the complex dtype NumPy gives ``1j * w``."""
    w = to_dtype(w, np.result_type(_dtype(w, xp=xp), 1j), xp=xp)
    return xp.exp(w * complex(0, sign))


def _times_j(w, *, xp):
    """``1j * w`` (the analog frequency variable ``s``), in NumPy's dtype."""
    return to_dtype(w, np.result_type(_dtype(w, xp=xp), 1j), xp=xp) * 1j


def _common(*arrays, xp):
    """The arrays cast to their NumPy result dtype (NumPy casts so before mixed arithmetic)."""
    dtype = np.result_type(*(_dtype(v, xp=xp) for v in arrays))
    return [to_dtype(v, dtype, xp=xp) for v in arrays]


def _polyval_ascending(x, c, *, xp):
    """``c[0] + c[1] x + ... + c[-1] x**n`` by Horner's rule, coefficients on axis 0.

    NumPy's ``polynomial.polyval(x, c, tensor=False)``, as SciPy's ``freqz``
    evaluates it: ``c.shape[1:]`` broadcasts against ``x.shape``.
    """
    c, x = _common(_as_float(c, xp=xp), x, xp=xp)
    shape = np.broadcast_shapes(tuple(c.shape[1:]), tuple(x.shape))
    y = xp.broadcast_to(c[-1, ...], shape)
    for i in range(2, c.shape[0] + 1):
        y = c[-i, ...] + y * x
    return y


def _polyval_descending(p, x, *, xp):
    """``p[0] x**n + ... + p[-1]`` by Horner's rule from zero, as ``np.polyval``."""
    p, x = _common(p, x, xp=xp)
    y = xp.zeros_like(x)
    for j in range(p.shape[0]):
        y = y * x + p[j, ...]
    return y


def _polyval_roots(x, r, *, xp):
    """``prod_i (x - r_i)``, NumPy's ``polyvalfromroots(x, r)`` (roots on axis 0)."""
    r = _atleast_nd(r, 1, xp=xp)
    x, r = _common(x, r, xp=xp)
    r = xp.reshape(r, tuple(r.shape) + (1,) * x.ndim)
    return xp.prod(x - r, axis=0)


def _frequencies(values, like, dtype=None, *, xp):
    """Frequencies given as an array (or a float) as a 1-D or larger array of `xp`.

    A complex scalar counts by its real part, as in SciPy's ``freqz``.
    """
    w = follow(values, like, xp=xp)
    if w.ndim == 0 and xp.isdtype(w.dtype, "complex floating") and dtype is not None:
        w = xp.real(w)
    if dtype is not None:
        w = to_dtype(w, dtype, xp=xp)
    return _atleast_nd(w, 1, xp=xp)


def _to_radians(w, fs):
    return (2 * pi) * w / fs


def _from_radians(w, fs):
    return w * (fs / (2 * pi))


def placed(results, target_xp, target_device, *, xp):
    """The results in the library `target_xp` on `target_device` (the placement extras).

    Unchanged when both are None; moved within the coefficients' library when
    only a device is given or `target_xp` is that library; else copied
    through the host.
    """
    if target_xp is None and target_device is None:
        return results
    if target_xp is None or array_namespace(target_xp.empty(0)) is xp:
        if target_device is None:
            return results
        return tuple(
            r if device_of(r) == target_device else to_device(r, target_device) for r in results
        )
    host = tuple(np.array(to_host(r)) for r in results)
    return place(host, xp=target_xp, device=target_device)


def _finish(w, h, plot, target_xp, target_device, *, xp):
    w, h = placed((w, h), target_xp, target_device, xp=xp)
    if plot is not None:
        plot(w, h)
    return w, h


# -- digital filters ---------------------------------------------------------------
def freqz_response(b, a, worN, whole, fs, include_nyquist, *, xp):
    """``(w, h)`` of SciPy's ``freqz`` for arrays `b` and `a` of `xp`."""
    a = _as_float(a, xp=xp)
    b_dtype, a_dtype = _dtype(b, xp=xp), _dtype(a, xp=xp)
    res_dtype = np.result_type(b_dtype, a_dtype)
    b, a = _atleast_nd(b, 1, xp=xp), _atleast_nd(a, 1, xp=xp)
    fs = validate_fs(fs)
    if worN is None:
        worN = 512
    h = None
    if is_int_type(worN):
        n = grid_size(worN)
        last = 2 * pi if whole else pi
        w = _grid(last, n, include_nyquist and not whole, real_dtype(res_dtype), b, xp=xp)
        n_fft = n if whole else 2 * (n - 1) if include_nyquist else 2 * n
        if (
            _size(a) == 1
            and (b.ndim == 1 or b.shape[-1] == 1)
            and n_fft >= b.shape[0]
            and n_fft > 0
        ):
            h = _fft_response(
                b, a, n, n_fft, whole, real=b_dtype.kind == a_dtype.kind == "f", xp=xp
            )
    else:
        w = _to_radians(_frequencies(worN, b, res_dtype, xp=xp), fs)
    if h is None:
        zm1 = _unit_circle(w, -1, xp=xp)
        num, den = _polyval_ascending(zm1, b, xp=xp), _polyval_ascending(zm1, a, xp=xp)
        num, den = _common(num, den, xp=xp)
        h = num / den
    return _from_radians(w, fs), h


def _fft_response(b, a, n, n_fft, whole, *, real, xp):
    """The response of ``b / a[0]`` on `n` grid points from one FFT of `b`, as SciPy's."""
    # scipy.fft computes float16 in float32 and integers in float64.
    if real:
        b = to_dtype(b, np.float32 if _dtype(b, xp=xp).itemsize <= 4 else np.float64, xp=xp)
        h = xp.fft.rfft(b, n=n_fft, axis=0)
    else:
        single = _dtype(b, xp=xp) in (np.float16, np.float32, np.complex64)
        b = to_dtype(b, np.complex64 if single else np.complex128, xp=xp)
        h = xp.fft.fft(b, n=n_fft, axis=0)
    h = h[: min(n, h.shape[0]), ...]
    # SciPy divides in place: in the common dtype, rounded back to the FFT's.
    h_dtype = _dtype(h, xp=xp)
    h_wide, a_wide = _common(h, xp.reshape(a, ()), xp=xp)
    h = to_dtype(h_wide / a_wide, h_dtype, xp=xp)
    if real and whole:
        # the negative frequencies: conjugates of the positive ones (no DC, no Nyquist)
        stop = None if n_fft % 2 == 1 else -1
        h = xp.concat((h, xp.conj(xp.flip(h[1:stop, ...], axis=0))), axis=0)
    if b.ndim > 1:
        h = xp.moveaxis(h[..., 0], 0, -1)
    return h


def freqz(
    b,
    a=1,
    worN=512,
    whole=False,
    plot=None,
    fs=2 * pi,
    include_nyquist=False,
    *,
    xp=None,
    device=None,
):
    ns = array_namespace(b)
    w, h = freqz_response(b, follow(a, b, xp=ns), worN, whole, fs, include_nyquist, xp=ns)
    return _finish(w, h, plot, xp, device, xp=ns)


def freqz_sos(sos, worN=512, whole=False, fs=2 * pi, *, xp=None, device=None):
    ns = array_namespace(sos)
    fs = validate_fs(fs)
    sos = check_sos(sos, xp=ns)
    # Every section at once: SciPy's freqz of each row, coefficients on axis 0 and
    # the sections on axis 1, broadcast against the frequencies; then their product.
    w_ndim = 1 if worN is None or is_int_type(worN) else max(1, _ndim(worN))
    shape = (3, sos.shape[0]) + (1,) * w_ndim
    b = ns.reshape(ns.permute_dims(sos[:, :3], (1, 0)), shape)
    a = ns.reshape(ns.permute_dims(sos[:, 3:], (1, 0)), shape)
    w, h = freqz_response(b, a, worN, whole, fs, False, xp=ns)
    return placed((w, ns.prod(h, axis=0)), xp, device, xp=ns)


def freqz_zpk(z, p, k, worN=512, whole=False, fs=2 * pi, *, xp=None, device=None):
    ns = array_namespace(z, p)
    z, p = _atleast_nd(z, 1, xp=ns), _atleast_nd(p, 1, xp=ns)
    res = np.result_type(_dtype(z, xp=ns), _dtype(p, xp=ns))
    res = np.dtype(np.float64) if res in (np.float64, np.complex128) else np.dtype(np.float32)
    fs = validate_fs(fs)
    last = 2 * pi if whole else pi
    if worN is None or is_int_type(worN):
        n = 512 if worN is None else operator.index(worN)
        w = _grid(last, n, False, res, z, xp=ns)
    else:
        w = _to_radians(_as_float(_frequencies(worN, z, xp=ns), xp=ns), fs)
    zm1 = _unit_circle(w, 1, xp=ns)
    gain = to_dtype(follow(k, z, xp=ns), res, xp=ns)
    num, den = _polyval_roots(zm1, z, xp=ns), _polyval_roots(zm1, p, xp=ns)
    scaled, num = _common(gain, num, xp=ns)
    scaled, den = _common(scaled * num, den, xp=ns)
    return placed((_from_radians(w, fs), scaled / den), xp, device, xp=ns)


def group_delay_ba(b, a, w=512, whole=False, fs=2 * pi, *, xp=None, device=None):
    ns = array_namespace(b)
    a = follow(a, b, xp=ns)
    b, a = _atleast_nd(b, 1, xp=ns), _atleast_nd(a, 1, xp=ns)
    if w is None:
        w = 512
    fs = validate_fs(fs)
    if is_int_type(w):
        w = _grid(2 * pi if whole else pi, operator.index(w), False, np.float64, b, xp=ns)
    else:
        w = _to_radians(_as_float(_frequencies(w, b, xp=ns), xp=ns), fs)
    reversed_a = ns.flip(a, axis=0)
    if ns.isdtype(a.dtype, "complex floating"):
        reversed_a = ns.conj(reversed_a)
    c = direct_convolve(b, reversed_a, xp=ns)
    ramp = ns.arange(c.shape[0], dtype=ns.int64, device=device_of(c))
    cr = ns.multiply(*_common(c, ramp, xp=ns))
    z = _unit_circle(w, -1, xp=ns)
    num = _polyval_descending(ns.flip(cr, axis=0), z, xp=ns)
    den = _polyval_descending(ns.flip(c, axis=0), z, xp=ns)
    num, den = _common(num, den, xp=ns)
    gd = ns.real(num / den) - a.shape[0] + 1
    gd = _warn_singular(gd, den, w, xp=ns)
    return placed((_from_radians(w, fs), gd), xp, device, xp=ns)


def _warn_singular(gd, den, w, *, xp):
    """SciPy's treatment of zeros and poles on the unit circle: 0 there, and a warning.

    Traced values (under jax.jit) are set to 0 there too, without the warnings.
    """
    singular = ~xp.isfinite(gd)
    if not is_concrete(singular):
        return xp.where(singular, xp.zeros_like(gd), gd)
    if bool(xp.any(singular)):
        at = ", ".join(f"{v:.3f}" for v in to_host(w)[to_host(singular)])
        warn(f"The group delay is singular at frequencies [{at}], setting to 0")
        return xp.where(singular, xp.zeros_like(gd), gd)
    near = xp.abs(den) < 10 * _EPSILON
    if bool(xp.any(near)):
        at = ", ".join(f"{v:.3f}" for v in to_host(w)[to_host(near)])
        warn(
            "The filter's denominator is extremely small at frequencies "
            f"[{at}], around which a singularity may be present"
        )
    return gd


# -- analog filters ----------------------------------------------------------------
def _analog_grid(num, den, worN, kind, like, *, xp):
    """The frequencies of an analog response: SciPy's ``findfreqs`` for a count, else `worN`."""
    if worN is None:
        worN = 200
    if is_int_type(worN):
        n = operator.index(worN)
        w = scipy.signal.findfreqs(to_host(num), to_host(den), n, kind=kind)
        return from_host(w, w.dtype, like, xp=xp)
    return _frequencies(worN, like, xp=xp)


def freqs(b, a, worN=200, plot=None, *, xp=None, device=None):
    ns = array_namespace(b)
    a = follow(a, b, xp=ns)
    w = _analog_grid(b, a, worN, "ba", b, xp=ns)
    s = _times_j(w, xp=ns)
    num, den = _common(_polyval_descending(b, s, xp=ns), _polyval_descending(a, s, xp=ns), xp=ns)
    return _finish(w, num / den, plot, xp, device, xp=ns)


def freqs_zpk(z, p, k, worN=200, *, xp=None, device=None):
    ns = array_namespace(z, p)
    gain = check_gain(follow(k, z, xp=ns), xp=ns)
    w = _analog_grid(z, p, worN, "zp", z, xp=ns)
    s = _times_j(w, xp=ns)
    num, den = _common(_polyval_roots(s, z, xp=ns), _polyval_roots(s, p, xp=ns), xp=ns)
    gain, num = _common(gain, num, xp=ns)
    scaled, den = _common(gain * num, den, xp=ns)
    return placed((w, scaled / den), xp, device, xp=ns)
