"""Portable B-splines and symmetric IIR filters, with SciPy's start values.

The spline filters are a causal and an anti-causal first- or second-order
recursion; both run on the block-parallel solver
(:func:`sigproc._core.recurrence.lfilter_rows`, no loop over samples). Their
start values assume a mirror-symmetric signal: sums of the first (or last)
samples weighted by the filter's responses, cut where a weight falls below the
precision. The weights and the cut are worked out on the host in the precision
SciPy's C code uses (``_splinemodule.h``), so the cut falls where SciPy's does;
the sums run on the device as one matrix product.
"""

import math

import numpy as np
from array_api_compat import array_namespace, device
from numpy.exceptions import AxisError, ComplexWarning

from ..dispatch._warnings import warn
from .arrays import from_host, np_dtype, to_dtype
from .filters2d import sepfir2d
from .recurrence import lfilter_rows

_NOT_CONVERGED = "Sum to find symmetric boundary conditions did not converge."


# -- helpers --------------------------------------------------------------------------
def _floating(dt):
    """SciPy's ``xp_promote(force_floating=True)``: booleans and integers become float64."""
    return np.dtype(np.float64) if dt.kind in "biu" else dt


def _precision(precision, real):
    """The C code's tolerance: `precision` in (0, 1], else 1e-6 (single) or 1e-11 (double)."""
    if precision <= 0.0 or precision > 1.0:
        precision = 1e-6 if real == np.float32 else 1e-11
    return real.type(precision)


def _rows(signal, *, xp):
    """The 1-D or 2-D signal as rows (M, N), SciPy's checks first."""
    if signal.ndim > 2:
        raise ValueError("Input must be 1D or 2D")
    if signal.ndim == 0:
        raise ValueError("object of too small depth for desired array")
    return xp.reshape(signal, (1, -1)) if signal.ndim == 1 else signal


def _first(small, n):
    """Smallest ``i`` in ``1 .. n - 1`` with ``small(i)``: where the C loop stops.

    `small` takes an index array. The loop must stop before the signal ends,
    or SciPy raises; the indices are tried in growing chunks.
    """
    lo, size = 1, 64
    while lo < n:
        i = np.arange(lo, min(n, lo + size))
        hit = np.flatnonzero(small(i))
        if hit.size:
            return int(i[hit[0]])
        lo, size = lo + size, 2 * size
    raise ValueError(_NOT_CONVERGED)


def _weighted(rows, weights, dt, *, xp):
    """``rows[:, :K] @ weights`` with host `weights` of length K."""
    w = from_host(weights, dt, rows, xp=xp)
    return rows[:, : w.shape[0]] @ w


def _recursion(rows, b, a, z0, dt, *, xp):
    """Rows filtered by host taps `b`, `a` (``a[0] == 1``) from states `z0` (M, m)."""
    m = len(a) - 1
    b = from_host(np.concatenate([b, np.zeros(m + 1 - len(b))]).astype(dt), dt, rows, xp=xp)
    a = from_host(np.asarray(a).astype(dt), dt, rows, xp=xp)
    rows = to_dtype(rows, dt, xp=xp)
    if rows.shape[1] == 0:
        return rows
    return lfilter_rows(b, a, rows, to_dtype(z0, dt, xp=xp), xp=xp)[0]


# -- symiirorder1 ---------------------------------------------------------------------
def _iir1_start(rows, z1, precision, dt, *, xp):
    """``x[0] + sum_k z1**(k + 1) x[k]``, cut where ``|z1|**(k + 1) <= precision``.

    The powers are SciPy's running product in `dt` (its C type), so that the
    cut lands on the same term.
    """
    n = rows.shape[1]
    real = np.empty(0, dt).real.dtype
    tol = _precision(precision, real)
    tol = tol * tol
    z = dt.type(z1)
    mag = abs(complex(z))
    guess = 1 if mag == 0 else int(math.log(float(tol)) / (2 * math.log(mag))) + 16
    count = max(min(n - 1, guess), 0)
    while True:
        powers = np.multiply.accumulate(np.full(count, z, dtype=dt))
        err = np.abs(powers).astype(real)
        err = err * err
        hit = np.flatnonzero(err <= tol)
        if hit.size:
            k = int(hit[0]) + 1
            return rows[:, 0] + _weighted(rows, powers[:k], dt, xp=xp)
        if count >= n - 1:
            raise ValueError(_NOT_CONVERGED)
        count = n - 1


def _scalar(v):
    """A Python float or complex (NumPy scalars would not multiply tensors safely)."""
    return complex(v) if np.iscomplexobj(v) else float(v)


def symiirorder1(signal, c0, z1, precision=-1.0):
    xp = array_namespace(signal)
    c0, z1 = _scalar(c0), _scalar(z1)
    coef = _floating(np_dtype(signal.dtype, xp=xp))  # SciPy's taps: the signal's dtype
    if abs(z1) >= 1:
        raise ValueError("|z1| must be less than 1.0")
    rows = _rows(signal, xp=xp)
    ic = np.result_type(coef, np.float32)  # the C code's type: float32 at least
    real = coef.kind != "c"
    if real and isinstance(c0, complex):
        raise TypeError("float() argument must be a string or a real number, not 'complex'")
    pole = z1.real if real else z1  # the C code takes the real part for a real signal
    dt = ic
    if real and isinstance(z1, complex):  # as SciPy: its warning, complex start values
        warn("Casting complex values to real discards the imaginary part", ComplexWarning)
        dt = np.result_type(ic, np.complex64)
    y0 = _iir1_start(to_dtype(rows, ic, xp=xp), pole, precision, ic, xp=xp)
    a = np.asarray([1, -pole], dtype=coef)
    # Forward, 1 / (1 - z1 / z): y[n] = x[n] + z1 y[n - 1], from y[0] = y0.
    y = _recursion(rows[:, 1:], np.ones(1, coef), a, xp.reshape(y0 * z1, (-1, 1)), dt, xp=xp)
    y = xp.concat((xp.reshape(to_dtype(y0, dt, xp=xp), (-1, 1)), y), axis=1)
    # Backward, c0 / (1 - z1 z), from the mirror-symmetric end value.
    last = -c0 / (z1 - 1.0) * y[:, -1:]
    back = _recursion(
        xp.flip(y[:, :-1], axis=1), np.asarray([c0], dtype=coef), a, last * z1, dt, xp=xp
    )
    out = xp.concat((xp.flip(back, axis=1), to_dtype(last, dt, xp=xp)), axis=1)
    return out[0, :] if signal.ndim == 1 else out


# -- symiirorder2 ---------------------------------------------------------------------
def _hc(k, cs, r, omega, real):
    """SciPy's ``_hc``: the forward resonator's impulse response, in C's `real` type."""
    k = np.asarray(k, dtype=np.float64)
    with np.errstate(all="ignore"):
        if omega == 0.0:
            v = float(cs) * r**k * (k + 1)
        elif omega == math.pi:
            v = float(cs) * r**k * (k + 1) * (1 - 2 * (k % 2))
        else:
            v = float(cs) * r**k * np.sin(omega * (k + 1)) / math.sin(omega)
    return np.where(k < 0, 0.0, v).astype(real)


def _hs(k, cs, rsq, omega, real):
    """SciPy's ``_hs``: the two-sided steady-state response, in C's `real` type."""
    k = np.abs(np.asarray(k, dtype=np.float64))
    cssq = float(cs * cs)
    with np.errstate(all="ignore"):
        rsupk = rsq ** (k / 2.0)
        if omega in (0.0, math.pi):
            c0 = float(real.type((1 + rsq) / ((1 - rsq) * (1 - rsq) * (1 - rsq)) * cssq))
            gamma = (1 - rsq) / (1 + rsq) * (1 - 2 * (k % 2) if omega else 1)
            v = c0 * rsupk * (1 + gamma * k)
        else:
            c0 = cssq * (1.0 + rsq) / (1.0 - rsq) / (1 - 2 * rsq * math.cos(2 * omega) + rsq * rsq)
            c0 = float(real.type(c0))
            gamma = (1.0 - rsq) / (1.0 + rsq) / math.tan(omega)
            v = c0 * rsupk * (np.cos(omega * k) + gamma * np.sin(omega * k))
    return v.astype(real)


def _iir2_start_fwd(rows, r, omega, precision, real, *, xp):
    """SciPy's ``symiirorder2_ic_fwd``: the outputs y[0], y[1] of the forward pass."""
    n = rows.shape[1]
    cs = real.type(1 - 2 * r * math.cos(omega) + r * r)
    tol = _precision(precision, real)
    tol = tol * tol
    hc = lambda k: _hc(k, cs, r, omega, real)  # noqa: E731
    k1 = _first(lambda i: hc(i) * hc(i) <= tol, n)
    k2 = _first(lambda i: hc(i + 1) * hc(i + 1) <= tol, n)
    h0, h1 = (float(v) for v in hc([0, 1]))
    y0 = h0 * rows[:, 0] + _weighted(rows, hc(np.arange(1, k1 + 1)), real, xp=xp)
    y1 = h0 * rows[:, 1] + h1 * rows[:, 0] + _weighted(rows, hc(np.arange(2, k2 + 2)), real, xp=xp)
    return xp.stack((y0, y1), axis=1)


def _iir2_start_bwd(rows, r, omega, precision, real, *, xp):
    """SciPy's ``symiirorder2_ic_bwd``: the outputs y[N-1], y[N-2] of the backward pass.

    Its cut compares the squared weight with the precision itself, unsquared.
    """
    n = rows.shape[1]
    rsq = r * r
    cs = real.type(1 - 2 * r * math.cos(omega) + rsq)
    tol = _precision(precision, real)
    hs = lambda k: _hs(k, cs, rsq, omega, real)  # noqa: E731
    d1 = lambda j: hs(j) + hs(j + 1)  # noqa: E731
    d2 = lambda j: hs(j - 1) + hs(j + 2)  # noqa: E731
    k1 = _first(lambda i: d1(i - 1) * d1(i - 1) <= tol, n)
    k2 = _first(lambda i: d2(i - 1) * d2(i - 1) <= tol, n)
    tail = xp.flip(rows, axis=1)  # x[N - 1 - j]
    y0 = _weighted(tail, d1(np.arange(k1)), real, xp=xp)
    y1 = _weighted(tail, d2(np.arange(k2)), real, xp=xp)
    return xp.stack((y0, y1), axis=1)


def symiirorder2(input, r, omega, precision=-1.0):
    xp = array_namespace(input)
    r, omega = float(r), float(omega)
    coef = _floating(np_dtype(input.dtype, xp=xp))
    if r >= 1.0:
        raise ValueError("r must be less than 1.0")
    rows = _rows(input, xp=xp)
    if coef.kind == "c":  # the C code has real start values only
        raise TypeError(
            f"Cannot cast array data from dtype('{coef}') to dtype('float64') according "
            "to the rule 'safe'"
        )
    dt = np.result_type(coef, np.float32)
    rows = to_dtype(rows, dt, xp=xp)
    a2, a3 = 2 * r * math.cos(omega), -r * r
    cs = 1 - 2 * r * math.cos(omega) + r * r
    b, a = np.asarray([cs], dtype=coef), np.asarray([1, -a2, -a3], dtype=coef)
    a2c, a3c = (float(v) for v in np.asarray([a2, a3], dtype=coef))

    def states(start):  # SciPy's zi = [[a3, a2], [0, a3]] @ start
        return xp.stack((a3c * start[:, 0] + a2c * start[:, 1], a3c * start[:, 1]), axis=1)

    start = _iir2_start_fwd(rows, r, omega, precision, dt, xp=xp)
    y = xp.concat((start, _recursion(rows[:, 2:], b, a, states(start), dt, xp=xp)), axis=1)
    end = _iir2_start_bwd(rows, r, omega, precision, dt, xp=xp)
    back = _recursion(xp.flip(y[:, :-2], axis=1), b, a, states(end), dt, xp=xp)
    out = xp.concat((xp.flip(back, axis=1), xp.flip(end, axis=1)), axis=1)
    return out[0, :] if input.ndim == 1 else out


# -- 1-D spline coefficients ----------------------------------------------------------
def _check_1d(signal):
    if signal.ndim == 0:
        raise TypeError("len() of unsized object")
    if signal.ndim != 1:
        raise ValueError(f"signal must be a 1-D array, got shape {tuple(signal.shape)}")
    if signal.shape[0] == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")


def _exact_coeff(signal, pole, gain, *, xp):
    """SciPy's ``_cubic_coeff``/``_quadratic_coeff``: the interpolating spline's filter."""
    _check_1d(signal)
    dt = np.result_type(np_dtype(signal.dtype, xp=xp), np.float64)
    x = to_dtype(xp.reshape(signal, (1, -1)), dt, xp=xp)
    n = x.shape[1]
    total = _weighted(x, pole ** np.arange(n), dt, xp=xp)  # the mirror image's sum
    if n == 1:  # SciPy's shortcut (without the gain)
        return pole / (pole - 1) * (x[:, 0] + pole * total)
    a = [1.0, -pole]
    y = _recursion(x, [1.0], a, xp.reshape(pole * total, (1, 1)), dt, xp=xp)
    last = pole / (pole - 1) * y[:, -1:]
    back = _recursion(xp.flip(y[:, :-1], axis=1), [-pole], a, pole * last, dt, xp=xp)
    return xp.concat((xp.flip(back, axis=1), last), axis=1)[0, :] * gain


def _smooth_roots(lam):
    """SciPy's ``_coeff_smooth``: pole radius and angle of the smoothing spline."""
    xi = 1 - 96 * lam + 24 * lam * math.sqrt(3 + 144 * lam)
    omega = math.atan2(math.sqrt(144 * lam - 1), math.sqrt(xi))
    rho = (24 * lam - 1 - math.sqrt(xi)) / (24 * lam)
    rho = rho * math.sqrt((48 * lam + 24 * lam * math.sqrt(3 + 144 * lam)) / xi)
    return rho, omega


def _smooth_coeff(signal, lamb, *, xp):
    """SciPy's ``_cubic_smooth_coeff``, with its full (uncut) start-value sums."""
    rho, omega = _smooth_roots(lamb)
    _check_1d(signal)
    n = signal.shape[0]
    if n < 3:
        raise ValueError(f"smoothing splines need at least 3 samples, got {n}")
    dt = np.result_type(np_dtype(signal.dtype, xp=xp), np.float64)
    x = to_dtype(xp.reshape(signal, (1, -1)), dt, xp=xp)
    cs = 1 - 2 * rho * math.cos(omega) + rho * rho
    k = np.arange(n)
    sin, r2 = math.sin(omega), rho * rho

    def hc(k):
        return cs / sin * rho**k * np.sin(omega * (k + 1)) * np.greater(k, -1)

    def hs(k):
        c0 = cs * cs * (1 + r2) / (1 - r2) / (1 - 2 * r2 * math.cos(2 * omega) + r2 * r2)
        gamma = (1 - r2) / (1 + r2) / math.tan(omega)
        ak = np.abs(k)
        return c0 * rho**ak * (np.cos(omega * ak) + gamma * np.sin(omega * ak))

    h0, h1 = float(hc(0)), float(hc(1))
    first = h0 * x[:, :1] + _weighted(x, hc(k + 1), dt, xp=xp)[:, None]  # y[0]
    second = h0 * x[:, :1] + h1 * x[:, 1:2] + _weighted(x, hc(k + 2), dt, xp=xp)[:, None]
    a = [1.0, -2 * rho * math.cos(omega), r2]

    def states(y1, y2):  # lfiltic(cs, a, [y1, y2]): the outputs y[-1], y[-2]
        return xp.concat((-a[1] * y1 - a[2] * y2, -a[2] * y1), axis=1)

    y = _recursion(x[:, 2:], [cs], a, states(second, first), dt, xp=xp)
    y = xp.concat((first, second, y), axis=1)
    tail = xp.flip(x, axis=1)
    end = _weighted(tail, hs(k) + hs(k + 1), dt, xp=xp)[:, None]  # y[N - 1]
    before = _weighted(tail, hs(k - 1) + hs(k + 2), dt, xp=xp)[:, None]  # y[N - 2]
    back = _recursion(xp.flip(y[:, :-2], axis=1), [cs], a, states(before, end), dt, xp=xp)
    return xp.concat((xp.flip(back, axis=1), before, end), axis=1)[0, :]


def cspline1d(signal, lamb=0.0):
    xp = array_namespace(signal)
    if lamb != 0.0:
        return _smooth_coeff(signal, lamb, xp=xp)
    return _exact_coeff(signal, -2 + math.sqrt(3), 6.0, xp=xp)


def qspline1d(signal, lamb=0.0):
    xp = array_namespace(signal)
    if lamb != 0.0:
        raise ValueError("Smoothing quadratic splines not supported yet.")
    return _exact_coeff(signal, -3 + 2 * math.sqrt(2.0), 8.0, xp=xp)


# -- 2-D spline coefficients and smoothing --------------------------------------------
def _along(func, signal, axis, *args, xp):
    """SciPy's ``symiirorder_nd``: `func` on rows (M, N) taken along `axis`."""
    if signal.ndim == 0:
        raise AxisError(axis, 0)
    axis = axis % signal.ndim
    if signal.ndim == 1:
        return func(signal, *args)
    moved = xp.moveaxis(signal, axis, -1)
    out = func(xp.reshape(moved, (-1, moved.shape[-1])), *args)
    return xp.moveaxis(xp.reshape(out, moved.shape), -1, axis)


def _spline2d_precision(precision, dtype):
    if precision < 0.0 or precision >= 1.0:
        return 1e-3 if dtype in (np.float32, np.complex64) else 1e-6
    return precision


def _compute_root_from_lambda(lamb):
    """SciPy's ``compute_root_from_lambda``: the smoothing spline's pole radius and angle."""
    tmp = math.sqrt(3 + 144 * lamb)
    xi = 1 - 96 * lamb + 24 * lamb * tmp
    omega = math.atan(math.sqrt((144 * lamb - 1.0) / xi))
    tmp2 = math.sqrt(xi)
    r = (24 * lamb - 1 - tmp2) / (24 * lamb) * math.sqrt(48 * lamb + 24 * lamb * tmp) / tmp2
    return r, omega


def _first_order_2d(signal, pole, gain, precision, *, xp):
    args = (-pole * gain, pole, precision)
    out = _along(symiirorder1, signal, -1, *args, xp=xp)
    return _along(symiirorder1, out, 0, *args, xp=xp)


def cspline2d(signal, lamb=0.0, precision=-1.0):
    xp = array_namespace(signal)
    precision = _spline2d_precision(precision, np_dtype(signal.dtype, xp=xp))
    if lamb <= 1 / 144.0:
        return _first_order_2d(signal, -2 + math.sqrt(3.0), 6.0, precision, xp=xp)
    r, omega = _compute_root_from_lambda(lamb)
    out = _along(symiirorder2, signal, -1, r, omega, precision, xp=xp)
    return _along(symiirorder2, out, 0, r, omega, precision, xp=xp)


def qspline2d(signal, lamb=0.0, precision=-1.0):
    xp = array_namespace(signal)
    precision = _spline2d_precision(precision, np_dtype(signal.dtype, xp=xp))
    if lamb > 0:
        raise ValueError("lambda must be negative or zero")
    return _first_order_2d(signal, -3 + 2 * math.sqrt(2.0), 8.0, precision, xp=xp)


#: spline_filter's evaluation taps [1, 4, 1] / 6, rounded to float32 as SciPy builds them.
_CUBIC_TAPS = np.array([1.0, 4.0, 1.0], np.float32) / np.float32(6.0)


def spline_filter(Iin, lmbda=5.0):
    xp = array_namespace(Iin)
    dt = np_dtype(Iin.dtype, xp=xp)
    if dt not in (np.float32, np.float64, np.complex64, np.complex128):
        raise TypeError(f"Invalid data type for Iin: Iin.dtype = dtype('{dt}')")
    # Complex images in complex64, as SciPy (its scipy/scipy#9209).
    image = to_dtype(Iin, np.complex64, xp=xp) if dt == np.complex128 else Iin
    ck = cspline2d(image, lmbda)
    taps = from_host(_CUBIC_TAPS, np.float32, ck, xp=xp)
    return to_dtype(sepfir2d(ck, taps, taps), dt, xp=xp)


def gauss_spline(x, n):
    xp = array_namespace(x)
    if np_dtype(x.dtype, xp=xp).kind in "biu":
        x = to_dtype(x, np.float64, xp=xp)
    signsq = (n + 1) / 12.0
    return 1 / math.sqrt(2 * math.pi * signsq) * xp.exp(-(x**2) / 2 / signsq)


# -- evaluation -----------------------------------------------------------------------
def _cubic(d, *, xp):
    """The cubic B-spline basis function (support [-2, 2])."""
    ad = xp.abs(d)
    inner = 2.0 / 3.0 - ad * ad + ad * ad * ad / 2.0
    outer = (2.0 - ad) ** 3 / 6.0
    return xp.where(ad < 1.0, inner, xp.where(ad < 2.0, outer, xp.zeros_like(ad)))


def _quadratic(d, *, xp):
    """The quadratic B-spline basis function (support [-1.5, 1.5])."""
    ad = xp.abs(d)
    inner = 0.75 - ad * ad
    outer = (ad - 1.5) ** 2 / 2.0
    return xp.where(ad < 0.5, inner, xp.where(ad < 1.5, outer, xp.zeros_like(ad)))


def _positions(newx, dx, x0, *, xp):
    """``(newx - x0) / dx`` in a floating dtype (float64 for integers), as SciPy."""
    dt = np_dtype(newx.dtype, xp=xp)
    if dt.kind == "c":
        raise TypeError(
            "ufunc 'floor' not supported for the input types, and the inputs could not be "
            "safely coerced to any supported types according to the casting rule ''safe''"
        )
    if dt.kind in "biu":
        newx = to_dtype(newx, np.float64, xp=xp)
    return (newx - x0) / dx


def _spline_eval(cj, t, basis, reach, out_dt, *, xp):
    """Sum of ``cj[j] * basis(t - j)`` at positions `t`, the knots mirrored at the ends."""
    n = cj.shape[0]
    flat = xp.reshape(t, (-1,))
    finite = xp.isfinite(flat)
    y = xp.abs(xp.where(finite, flat, xp.zeros_like(flat)))  # non-finite: NaN below
    if n == 1:  # every position mirrors onto the only knot
        y = xp.zeros_like(y)
    else:  # SciPy's reflections about 0 and n - 1 (period 2 (n - 1)), in the same dtype
        period = 2.0 * (n - 1)
        y = y - xp.floor(y / period) * period
        y = xp.where(y < 0, y + period, y)  # y / period rounded up to an integer
        y = xp.where(y > n - 1, period - y, y)
    lower = xp.floor(y - reach) + 1
    yd = to_dtype(y, np.float64, xp=xp)
    work = np.result_type(np_dtype(cj.dtype, xp=xp), np.float64)
    coefs = to_dtype(cj, work, xp=xp)
    total = None
    for i in range(int(2 * reach)):  # the few knots whose basis function reaches y
        j = to_dtype(lower + i, np.float64, xp=xp)
        index = xp.astype(xp.clip(j, 0, n - 1), xp.int64)
        term = xp.take(coefs, index) * basis(yd - j, xp=xp)
        total = term if total is None else total + term
    nan = xp.asarray(float("nan"), dtype=total.dtype, device=device(total))
    total = xp.where(finite, total, nan)
    return xp.reshape(to_dtype(total, out_dt, xp=xp), tuple(t.shape))


def _sum_cast_error(work, out):
    return TypeError(
        f"Cannot cast ufunc 'add' output from dtype('{work}') to dtype('{out}') with "
        "casting rule 'same_kind'"
    )


def _check_cj(cj):
    if cj.ndim == 0:
        raise TypeError("len() of unsized object")
    if cj.ndim != 1:
        raise ValueError(f"cj must be a 1-D array, got shape {tuple(cj.shape)}")


def cspline1d_eval(cj, newx, dx=1.0, x0=0):
    xp = array_namespace(cj)
    t = _positions(newx, float(dx), x0, xp=xp)
    if math.prod(cj.shape) == 0:
        raise ValueError("Spline coefficients 'cj' must not be empty.")
    out_dt = np_dtype(cj.dtype, xp=xp)
    if math.prod(t.shape) == 0:
        return xp.zeros(t.shape, dtype=cj.dtype, device=device(cj))
    _check_cj(cj)
    work = np.result_type(out_dt, np.float64)
    if not np.can_cast(work, out_dt, "same_kind"):
        raise _sum_cast_error(work, out_dt)
    return _spline_eval(cj, t, _cubic, 2.0, out_dt, xp=xp)


def qspline1d_eval(cj, newx, dx=1.0, x0=0):
    xp = array_namespace(cj)
    t = _positions(newx, dx, x0, xp=xp)
    out_dt = np_dtype(t.dtype, xp=xp)
    if math.prod(t.shape) == 0:
        return xp.zeros(t.shape, dtype=t.dtype, device=device(t))
    if math.prod(cj.shape) == 0:
        raise ValueError("Spline coefficients 'cj' must not be empty.")
    _check_cj(cj)
    work = np.result_type(np_dtype(cj.dtype, xp=xp), np.float64)
    if not np.can_cast(work, out_dt, "same_kind"):
        raise _sum_cast_error(work, out_dt)
    return _spline_eval(cj, t, _quadratic, 1.5, out_dt, xp=xp)
