"""Waveforms, portable: SciPy's argument checks and the formulas on any array-API library.

Each waveform is one elementwise formula of the time array, evaluated with
the namespace of `t`, so it runs on `t`'s device and (for torch) is
differentiable in `t`. Scalar parameters stay Python floats: the array API
treats them as weakly typed, as NumPy does, so the formulas read as SciPy's.

dtypes follow SciPy 1.17. SciPy computes some intermediate terms of a float32
`t` in float32 before its float64 constants promote the result; here the whole
formula is evaluated in the result's dtype, which is at least as accurate.
"""

import math

import numpy as np
from array_api_compat import array_namespace, device, is_array_api_obj

from .arrays import np_dtype, to_dtype, to_host

_TWO_PI = 2 * math.pi

#: chirp's method names, SciPy's short forms included.
CHIRP_METHODS = {
    "linear": "linear", "lin": "linear", "li": "linear",
    "quadratic": "quadratic", "quad": "quadratic", "q": "quadratic",
    "logarithmic": "logarithmic", "log": "logarithmic", "lo": "logarithmic",
    "hyperbolic": "hyperbolic", "hyp": "hyperbolic",
}  # fmt: skip


def _arithmetic_dtype(dtype):
    """The dtype `t` takes in arithmetic with Python floats: integers and bools become float64."""
    return dtype if dtype.kind in "fc" else np.dtype(np.float64)


# -- checks (SciPy's wording) -----------------------------------------------------------
def chirp_method(f0, t1, f1, method):
    """SciPy's chirp checks: the canonical method name, or ValueError."""
    kind = CHIRP_METHODS.get(method) if isinstance(method, str) else None
    if kind is None:
        raise ValueError(
            "method must be 'linear', 'quadratic', 'logarithmic', or 'hyperbolic', "
            f"but a value of {method!r} was given."
        )
    if kind == "logarithmic" and f0 * f1 <= 0.0:
        raise ValueError(
            "For a logarithmic chirp, f0 and f1 must be nonzero and have the same sign."
        )
    if kind == "hyperbolic" and (f0 == 0 or f1 == 0):
        raise ValueError("For a hyperbolic chirp, f0 and f1 must be nonzero.")
    return kind


def gausspulse_rate(fc, bw, bwr):
    """SciPy's gausspulse checks; the envelope's rate `a` of ``exp(-a t**2)``."""
    if fc < 0:
        raise ValueError(f"Center frequency (fc={fc:.2f}) must be >=0.")
    if bw <= 0:
        raise ValueError(f"Fractional bandwidth (bw={bw:.2f}) must be > 0.")
    if bwr >= 0:
        raise ValueError(f"Reference level for bandwidth (bwr={bwr:.2f}) must be < 0 dB")
    # The spectrum of exp(-a t^2) falls to 10**(bwr/20) at fc*bw/2 from the centre.
    ref = pow(10.0, bwr / 20.0)
    return -((math.pi * fc * bw) ** 2) / (4.0 * float(np.log(ref)))


def gausspulse_cutoff(t, fc=1000, bw=0.5, bwr=-6, tpr=-60):
    """gausspulse("cutoff", ...): the time where the envelope falls to `tpr` dB (host)."""
    a = gausspulse_rate(fc, bw, bwr)
    if t != "cutoff":
        raise ValueError("If `t` is a string, it must be 'cutoff'")
    if tpr >= 0:
        raise ValueError("Reference level for time cutoff must be < 0 dB")
    tref = pow(10.0, tpr / 20.0)
    return np.sqrt(-np.log(tref) / a)  # a NumPy float64, as SciPy returns


def check_real_time(t, name, *, xp):
    """TypeError for complex `t`: SciPy's sawtooth and square take it modulo 2*pi."""
    if xp.isdtype(t.dtype, "complex floating"):
        raise TypeError(
            f"{name}: t must be real (ufunc 'remainder' not supported for the input "
            f"types), got {t.dtype}"
        )


# -- waveforms ----------------------------------------------------------------------
def chirp(t, f0, t1, f1, method="linear", phi=0, vertex_zero=True, *, complex=False):
    xp = array_namespace(t)
    f0, t1, f1 = float(f0), float(t1), float(f1)
    kind = chirp_method(f0, t1, f1, method)
    phi = np.deg2rad(phi)  # a NumPy scalar: its dtype takes part in SciPy's promotion
    dtype = np.result_type(_arithmetic_dtype(np_dtype(t.dtype, xp=xp)), phi)
    if kind == "logarithmic" and f0 != f1:
        dtype = np.result_type(dtype, np.float64)  # SciPy's beta is a NumPy float64
    phase = chirp_phase(to_dtype(t, dtype, xp=xp), f0, t1, f1, kind, vertex_zero, xp=xp)
    phase = phase + float(phi)
    if not complex:
        return xp.cos(phase)
    if not xp.isdtype(phase.dtype, "complex floating"):
        phase = to_dtype(phase, np.result_type(np_dtype(phase.dtype, xp=xp), np.complex64), xp=xp)
    return xp.exp(phase * 1j)


def chirp_phase(t, f0, t1, f1, kind, vertex_zero, *, xp):
    """The chirp's phase in radians (SciPy's ``_chirp_phase``), `t` already in its dtype."""
    if kind == "linear":
        beta = (f1 - f0) / t1
        return 2 * math.pi * (f0 * t + 0.5 * beta * t * t)
    if kind == "quadratic":
        beta = (f1 - f0) / (t1**2)
        if vertex_zero:
            return 2 * math.pi * (f0 * t + beta * t**3 / 3)
        return 2 * math.pi * (f1 * t + beta * ((t1 - t) ** 3 - t1**3) / 3)
    if f0 == f1:  # logarithmic or hyperbolic at constant frequency
        return 2 * math.pi * f0 * t
    if kind == "logarithmic":
        beta = t1 / float(np.log(f1 / f0))
        return 2 * math.pi * beta * f0 * ((f1 / f0) ** (t / t1) - 1.0)
    # hyperbolic: the instantaneous frequency is singular at t == sing
    sing = -f1 * t1 / (f0 - f1)
    return 2 * math.pi * (-sing * f0) * xp.log(xp.abs(1 - t / sing))


def _shape_parameter(t, value, *, xp):
    """`t` and `width`/`duty` as float64 arrays of one shape, on `t`'s device."""
    t = to_dtype(t, np.float64, xp=xp)
    if is_array_api_obj(value):
        w = to_dtype(value, np.float64, xp=xp)
    else:
        w = xp.asarray(float(value), dtype=xp.float64, device=device(t))
    # SciPy broadcasts this way, so a non-finite t also makes its w NaN.
    w = w + (t - t)
    return t + (w - w), w


def sawtooth(t, width=1):
    xp = array_namespace(t)
    check_real_time(t, "sawtooth", xp=xp)
    t, w = _shape_parameter(t, width, xp=xp)
    tmod = t % _TWO_PI
    invalid = (w > 1) | (w < 0)
    rising = ~invalid & (tmod < w * 2 * math.pi)
    falling = ~invalid & ~rising
    one = xp.ones_like(w)
    # Denominators that vanish (w == 0 or 1) only where their branch is not taken.
    up = tmod / (math.pi * xp.where(rising, w, one)) - 1
    down = (math.pi * (w + 1) - tmod) / (math.pi * xp.where(falling, 1 - w, one))
    return xp.where(invalid, xp.full_like(w, math.nan), xp.where(rising, up, down))


def square(t, duty=0.5):
    xp = array_namespace(t)
    check_real_time(t, "square", xp=xp)
    t, w = _shape_parameter(t, duty, xp=xp)
    tmod = t % _TWO_PI
    invalid = (w > 1) | (w < 0)
    high = ~invalid & (tmod < w * 2 * math.pi)
    one = xp.ones_like(w)
    return xp.where(invalid, xp.full_like(w, math.nan), xp.where(high, one, -one))


def gausspulse(t, fc=1000, bw=0.5, bwr=-6, tpr=-60, retquad=False, retenv=False):
    xp = array_namespace(t)
    a = gausspulse_rate(fc, bw, bwr)
    dtype = np.result_type(_arithmetic_dtype(np_dtype(t.dtype, xp=xp)), np.float64)
    t = to_dtype(t, dtype, xp=xp)
    yenv = xp.exp(-a * t * t)
    yI = yenv * xp.cos(2 * math.pi * fc * t)
    if not retquad:
        return (yI, yenv) if retenv else yI
    yQ = yenv * xp.sin(2 * math.pi * fc * t)
    return (yI, yQ, yenv) if retenv else (yI, yQ)


def sweep_poly(t, poly, phi=0):
    xp = array_namespace(t)
    # The antiderivative of a few coefficients, on the host (np.polyint, as SciPy).
    coefficients = np.polyint(to_host(poly) if is_array_api_obj(poly) else np.asarray(poly))
    dtype = np.result_type(_arithmetic_dtype(np_dtype(t.dtype, xp=xp)), coefficients.dtype)
    t = to_dtype(t, dtype, xp=xp)
    integral = xp.zeros_like(t)
    for c in coefficients.tolist():  # Horner's scheme, as np.polyval
        integral = integral * t + c
    phi = phi * (math.pi / 180)  # SciPy converts in phi's own precision
    return xp.cos(2 * math.pi * integral + float(phi))
