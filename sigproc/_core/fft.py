"""``sigproc.fft`` on the array library's own ``fft`` extension, with SciPy's rules.

The argument checks here (:func:`check_norm_plan`, :func:`normalize_axis`,
:func:`transform_length`, :func:`shape_axes`, :func:`check_trig_type`,
:func:`check_fht_length`) are the ones every backend runs.

Every Fourier transform goes through the standard's n-dimensional functions
(``fftn``, ``rfftn``, ...): array-api-compat maps their ``axes`` to torch's
``dim``, which it does not do for torch's one-dimensional functions. ``hfft*``
and ``ihfft*`` are built from ``irfft*``/``rfft*`` of conjugates as SciPy defines
them. The DCT/DST (types 1-4) and the fast Hankel transform (SciPy's FFTLog) move
the transformed axis last and call the one-dimensional ``rfft``/``irfft``/``fft``
on it with their default axis, which every library agrees on; their factors
(twiddles, FFTLog coefficients) are computed on the host in float64.
"""

import math
import operator

import numpy as np
from array_api_compat import array_namespace, device

from ..dispatch._warnings import warn
from .arrays import from_host, np_dtype, pad_last, to_dtype

_NORMS = (None, "backward", "ortho", "forward")
_SWAP = {None: "forward", "backward": "forward", "ortho": "ortho", "forward": "backward"}


def check_norm_plan(norm, plan):
    """Validate the arguments every transform shares."""
    if norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm!r}, should be "backward", "ortho" or "forward"')
    if plan is not None:
        raise NotImplementedError(
            "Passing a precomputed plan is not yet supported by scipy.fft functions"
        )


def normalize_axis(axis, ndim):
    """Normalise one axis index (IndexError when out of range, as scipy.fft)."""
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise IndexError(f"axis {axis} is out of range for an array with {ndim} dimensions")
    return axis % ndim


def transform_length(n):
    """Validate a transform length."""
    n = operator.index(n)
    if n < 1:
        raise ValueError(f"invalid number of data points ({n}) specified")
    return n


def _as_complex(x, *, xp):
    """SciPy's promotion for complex transforms: float32 -> complex64, else complex128."""
    if xp.isdtype(x.dtype, "complex floating"):
        return x
    if xp.isdtype(x.dtype, "real floating") and x.dtype != xp.float64:
        return xp.astype(x, xp.complex64)
    return xp.astype(x, xp.complex128)


def _as_real(x, *, xp):
    """SciPy's promotion for real-input transforms; complex input is a TypeError."""
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError("x must be a real sequence")
    if xp.isdtype(x.dtype, "real floating"):
        return x if x.dtype in (xp.float32, xp.float64) else xp.astype(x, xp.float32)
    return xp.astype(x, xp.float64)


def _int_list(value):
    """One integer (NumPy's too) as a list of one, or a sequence as a list."""
    try:
        return [operator.index(value)]
    except TypeError:
        return list(value)


def shape_axes(x, s, axes, inverse_real=False):
    """Resolve `s` and `axes` as scipy.fft does: lists of equal length, validated."""
    ndim = x.ndim
    if axes is not None:
        axes = _int_list(axes)
    if s is not None:
        s = _int_list(s)
        if axes is None:
            if len(s) > ndim:
                raise ValueError(
                    f"shape requires more axes than are present (s has {len(s)} entries, "
                    f"x has {ndim} dimensions)"
                )
            axes = list(range(ndim - len(s), ndim))
        elif len(s) != len(axes):
            raise ValueError("when given, axes and shape arguments have to be of the same length")
    elif axes is None:
        axes = list(range(ndim))
    if any(not -ndim <= operator.index(a) < ndim for a in axes):
        raise ValueError("axes exceeds dimensionality of input")
    axes = [normalize_axis(a, ndim) for a in axes]
    if len(set(axes)) != len(axes):
        raise ValueError("all axes must be unique")
    if s is None:
        s = [x.shape[a] for a in axes]
        if inverse_real and axes:
            s[-1] = 2 * (s[-1] - 1)
    else:
        s = [
            x.shape[a] if operator.index(n) == -1 else operator.index(n)
            for a, n in zip(axes, s, strict=True)
        ]
    if any(n < 1 for n in s):
        raise ValueError(f"invalid number of data points ({s}) specified")
    return s, axes


def _transform(kind, x, s, axes, norm, plan):
    """Run one of fftn, ifftn, rfftn, irfftn, hfftn, ihfftn with SciPy's argument handling."""
    check_norm_plan(norm, plan)
    xp = array_namespace(x)
    if kind == "hfftn":  # the forward transform of a Hermitian signal, as SciPy defines it
        x = xp.conj(_as_complex(x, xp=xp))
        return _transform("irfftn", x, s, axes, _SWAP[norm], None)
    if kind == "ihfftn":
        return xp.conj(_transform("rfftn", x, s, axes, _SWAP[norm], None))
    given = x
    x = _as_real(x, xp=xp) if kind == "rfftn" else _as_complex(x, xp=xp)
    s, axes = shape_axes(x, s, axes, inverse_real=kind == "irfftn")
    if not axes:
        check_axes_given(kind)
        return xp.asarray(given, copy=True)  # scipy returns x itself, unconverted
    # Leave out what the defaults say anyway: jax.numpy pads for any `s` and
    # scales for any `norm` (3x the cost of a small transform), others do not care.
    kwargs = {} if norm in (None, "backward") else {"norm": norm}
    if kind == "irfftn" or any(n != x.shape[a] for n, a in zip(s, axes, strict=True)):
        kwargs["s"] = s
    return getattr(xp.fft, kind)(x, axes=axes, **kwargs)


def check_axes_given(kind):
    """SciPy's error for an empty `axes` in a real-input or real-output transform."""
    if kind in ("rfftn", "irfftn", "hfftn", "ihfftn"):
        raise ValueError("at least 1 axis must be transformed")


def _one_axis(kind, x, n, axis, norm, plan, default_n=None):
    check_norm_plan(norm, plan)
    axis = normalize_axis(axis, x.ndim)
    if n is None:
        n = x.shape[axis] if default_n is None else default_n(x.shape[axis])
    return _transform(kind, x, [transform_length(n)], [axis], norm, None)


def _half_to_full(m):
    return 2 * (m - 1)


def fft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis("fftn", x, n, axis, norm, plan)


def ifft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis("ifftn", x, n, axis, norm, plan)


def rfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis("rfftn", x, n, axis, norm, plan)


def irfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis("irfftn", x, n, axis, norm, plan, _half_to_full)


def hfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    check_norm_plan(norm, plan)
    xp = array_namespace(x)
    x = xp.conj(_as_complex(x, xp=xp))
    return _one_axis("irfftn", x, n, axis, _SWAP[norm], None, _half_to_full)


def ihfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    check_norm_plan(norm, plan)
    xp = array_namespace(x)
    return xp.conj(_one_axis("rfftn", x, n, axis, _SWAP[norm], None))


def _n_d(kind, name):
    # uarray drops arguments equal to the declaration's defaults: keep the same defaults here.
    default_axes = (-2, -1) if name.endswith("2") else None

    def impl(
        x, s=None, axes=default_axes, norm=None, overwrite_x=False, workers=None, *, plan=None
    ):
        return _transform(kind, x, s, axes, norm, plan)

    impl.__name__ = impl.__qualname__ = name
    return impl


# fft2 = fftn with axes defaulting to (-2, -1), and so on.
fftn, fft2 = _n_d("fftn", "fftn"), _n_d("fftn", "fft2")
ifftn, ifft2 = _n_d("ifftn", "ifftn"), _n_d("ifftn", "ifft2")
rfftn, rfft2 = _n_d("rfftn", "rfftn"), _n_d("rfftn", "rfft2")
irfftn, irfft2 = _n_d("irfftn", "irfftn"), _n_d("irfftn", "irfft2")
hfftn, hfft2 = _n_d("hfftn", "hfftn"), _n_d("hfftn", "hfft2")
ihfftn, ihfft2 = _n_d("ihfftn", "ihfftn"), _n_d("ihfftn", "ihfft2")


def _shift(x, axes, sign):
    xp = array_namespace(x)
    if axes is None:
        axes = list(range(x.ndim))
    elif isinstance(axes, int):
        axes = [axes]
    axes = [normalize_axis(a, x.ndim) for a in axes]
    if not axes:
        return xp.asarray(x, copy=True)
    shifts = tuple(sign * (x.shape[a] // 2) for a in axes)
    return xp.roll(x, shift=shifts, axis=tuple(axes))


def fftshift(x, axes=None):
    return _shift(x, axes, 1)


def ifftshift(x, axes=None):
    return _shift(x, axes, -1)


# -- DCT and DST, types 1-4 (SciPy's definitions, computed with the namespace's FFTs) ----

_INVERSE_TYPE = {1: 1, 2: 3, 3: 2, 4: 4}


def check_trig_type(kind, type):
    """The transform type as an int; ValueError (SciPy's wording) unless it is 1 to 4."""
    if operator.index(type) not in (1, 2, 3, 4):
        raise ValueError(f"invalid {kind.upper()} type")
    return operator.index(type)


def _trig_dtype(x, *, xp):
    """SciPy's promotion for dct/dst: complex kept, float16 -> float32, integers -> float64."""
    return x if xp.isdtype(x.dtype, "complex floating") else _as_real(x, xp=xp)


def _factors(values, x, *, xp):
    """Host-computed factors along the last axis, complex or real to match `x`."""
    real = np_dtype(x.dtype, xp=xp)
    dtype = np.result_type(real, np.complex64) if np.iscomplexobj(values) else real
    return from_host(values, dtype, x, xp=xp)


def _dct_last(x, type, ortho, *, xp):
    """Unnormalised DCT along the last axis of real `x`, from one FFT of length ~2n."""
    n = x.shape[-1]
    k = np.arange(n)
    if type == 1:  # y_k = 2 Re sum_j w_j x_j exp(-i pi k j / (n - 1)), w = 1/2 at both ends
        if n < 2:
            raise RuntimeError("zero-length FFT requested (the type 1 DCT needs n >= 2)")
        w, scale = np.ones(n), np.full(n, 2.0)
        if ortho:  # x[0] and x[-1] times sqrt(2), y[0] and y[-1] divided by it
            w[[0, -1]], scale[[0, -1]] = np.sqrt(0.5), np.sqrt(2.0)
        else:
            w[[0, -1]] = 0.5
        spectrum = xp.fft.rfft(x * _factors(w, x, xp=xp), n=2 * (n - 1))
        return xp.real(spectrum) * _factors(scale, x, xp=xp)
    if type == 2:  # y_k = 2 Re exp(-i pi k / 2n) X_k, X the 2n-point DFT of x
        twiddle = 2.0 * np.exp(-0.5j * np.pi * k / n)
        twiddle[0] *= np.sqrt(0.5) if ortho else 1.0
        return xp.real(xp.fft.rfft(x, n=2 * n)[..., :n] * _factors(twiddle, x, xp=xp))
    if type == 3:  # the 2n-point inverse DFT of x_k exp(i pi k / 2n), unscaled, real part
        twiddle = np.exp(0.5j * np.pi * k / n)
        twiddle[0] *= np.sqrt(2.0) if ortho else 1.0
        return xp.fft.irfft(x * _factors(twiddle, x, xp=xp), n=2 * n, norm="forward")[..., :n]
    # type 4: y_k = 2 Re exp(-i pi (2k + 1) / 4n) V_k, V the 2n-point DFT of x_j exp(-i pi j / 2n)
    before = np.exp(-0.5j * np.pi * k / n)
    after = 2.0 * np.exp(-0.25j * np.pi * (2 * k + 1) / n)
    spectrum = xp.fft.fft(x * _factors(before, x, xp=xp), n=2 * n)[..., :n]
    return xp.real(spectrum * _factors(after, x, xp=xp))


def _dst_last(x, type, ortho, *, xp):
    """Unnormalised DST along the last axis of real `x` (types 2-4 through the DCT)."""
    n = x.shape[-1]
    if type == 1:  # y_k = -2 Im Z_(k+1), Z the 2(n+1)-point DFT of [0, x]
        spectrum = xp.fft.rfft(pad_last(x, 1, 0, xp=xp), n=2 * (n + 1))
        return -2.0 * xp.imag(spectrum[..., 1 : n + 1])
    alternate = _factors((-1.0) ** np.arange(n), x, xp=xp)
    if type == 2:  # DST-II(x)_k = DCT-II((-1)^j x_j)_(n-1-k)
        return xp.flip(_dct_last(x * alternate, 2, ortho, xp=xp), axis=-1)
    # DST-III/IV(x)_k = (-1)^k DCT-III/IV(reversed x)_k
    return alternate * _dct_last(xp.flip(x, axis=-1), type, ortho, xp=xp)


def _trig_last(kind, inverse, x, type, norm, ortho, *, xp):
    """One transform along the last axis, scaled as SciPy's `norm` asks."""
    type = _INVERSE_TYPE[type] if inverse else type
    y = (_dct_last if kind == "dct" else _dst_last)(x, type, ortho, xp=xp)
    n = x.shape[-1]
    logical = 2 * (n - 1) if (kind, type) == ("dct", 1) else 2 * (n + 1) if type == 1 else 2 * n
    if norm == "ortho":
        return y * (1.0 / math.sqrt(logical))
    if (norm == "forward") != inverse:  # "forward" scales dct, "backward" scales idct
        return y * (1.0 / logical)
    return y


def _trig(kind, inverse, x, type, shape, axes, norm, orthogonalize, *, xp):
    """The separable transform of `x` (already promoted) along `axes`, cropped or padded."""
    if xp.isdtype(x.dtype, "complex floating"):
        # SciPy transforms the real and imaginary parts, ignoring `orthogonalize` (its
        # pocketfft wrapper does not pass it on for complex input): same here.
        parts = xp.stack([xp.real(x), xp.imag(x)])
        y = _trig(kind, inverse, parts, type, shape, [a + 1 for a in axes], norm, None, xp=xp)
        unit = xp.asarray(1j, dtype=x.dtype, device=device(x))
        return xp.astype(y[0, ...], x.dtype) + xp.astype(y[1, ...], x.dtype) * unit
    ortho = norm == "ortho" if orthogonalize is None else bool(orthogonalize)
    for n, axis in zip(shape, axes, strict=True):
        x = xp.moveaxis(x, axis, -1)
        m = x.shape[-1]
        x = x[..., :n] if n <= m else pad_last(x, 0, n - m, xp=xp)
        x = xp.moveaxis(_trig_last(kind, inverse, x, type, norm, ortho, xp=xp), -1, axis)
    return x


def _trig_one_axis(kind, inverse, x, type, n, axis, norm, orthogonalize):
    check_norm_plan(norm, None)
    xp = array_namespace(x)
    x = _trig_dtype(x, xp=xp)
    axis = normalize_axis(axis, x.ndim)
    n = transform_length(x.shape[axis] if n is None else n)
    type = check_trig_type(kind, type)
    return _trig(kind, inverse, x, type, [n], [axis], norm, orthogonalize, xp=xp)


def _trig_n_axes(kind, inverse, x, type, s, axes, norm, orthogonalize):
    xp = array_namespace(x)
    shape, axes = shape_axes(x, s, axes)
    if not axes:
        return xp.asarray(x, copy=True)  # scipy returns x itself, unconverted
    check_norm_plan(norm, None)
    type = check_trig_type(kind, type)
    return _trig(
        kind, inverse, _trig_dtype(x, xp=xp), type, shape, axes, norm, orthogonalize, xp=xp
    )


def dct(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None):
    return _trig_one_axis("dct", False, x, type, n, axis, norm, orthogonalize)


def idct(
    x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return _trig_one_axis("dct", True, x, type, n, axis, norm, orthogonalize)


def dst(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None):
    return _trig_one_axis("dst", False, x, type, n, axis, norm, orthogonalize)


def idst(
    x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return _trig_one_axis("dst", True, x, type, n, axis, norm, orthogonalize)


def dctn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *, orthogonalize=None
):
    return _trig_n_axes("dct", False, x, type, s, axes, norm, orthogonalize)


def idctn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return _trig_n_axes("dct", True, x, type, s, axes, norm, orthogonalize)


def dstn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return _trig_n_axes("dst", False, x, type, s, axes, norm, orthogonalize)


def idstn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return _trig_n_axes("dst", True, x, type, s, axes, norm, orthogonalize)


# -- fast Hankel transform: SciPy's FFTLog (scipy/fft/_fftlog_backend.py) ----------------


def fht_coefficients(n, dln, mu, offset=0.0, bias=0.0, inverse=False):
    """The n // 2 + 1 FFTLog coefficients on the host, as SciPy's ``fhtcoeff``.

    ``u_m = (kr)^(-i 2 pi m / (n dln)) U_mu(q + i 2 pi m / (n dln))`` with
    ``U_mu(x) = 2^x Gamma((mu + 1 + x) / 2) / Gamma((mu + 1 - x) / 2)``. Warns
    (UserWarning, as SciPy) when the transform or its inverse is singular.
    """
    from scipy.special import loggamma, poch

    plus, minus = (mu + 1 + bias) / 2, (mu + 1 - bias) / 2
    y = np.linspace(0, np.pi * (n // 2) / (n * dln), n // 2 + 1)
    lg_plus, lg_minus = loggamma(plus + 1j * y), loggamma(minus + 1j * y)
    log_u = (lg_plus.real - lg_minus.real + np.log(2) * bias) + 1j * (
        lg_plus.imag + lg_minus.imag + 2 * y * (np.log(2) - offset)
    )
    u = np.exp(log_u)
    if n % 2 == 0:
        u.imag[-1] = 0  # the Nyquist coefficient is real
    if not np.isfinite(u[0]):  # 2^q Gamma(plus) / Gamma(minus), poles handled by poch
        u[0] = 2**bias * poch(minus, plus - minus)
    if np.isinf(u[0]) and not inverse:
        warn("singular transform; consider changing the bias")
        u[0] = 0
    elif u[0] == 0 and inverse:
        warn("singular inverse transform; consider changing the bias")
        u[0] = np.inf
    return u


def check_fht_length(n):
    """An empty last axis is a ValueError (SciPy's coefficients divide by zero instead)."""
    if n < 1:
        raise ValueError(f"invalid number of data points ({n}) specified")


def _fftlog(a, dln, mu, offset, bias, inverse):
    xp = array_namespace(a)
    if xp.isdtype(a.dtype, "complex floating"):
        raise TypeError("x must be a real sequence")
    n = a.shape[-1]
    check_fht_length(n)
    # r_j / r_c = exp((j - j_c) dln); the bias is the power law (r / r_c)^(-q)
    log_r = (np.arange(n) - (n - 1) / 2) * dln
    if bias != 0:  # SciPy multiplies by float64 factors: the result is float64
        a = to_dtype(a, np.float64, xp=xp)
        a = a * _factors(np.exp(bias * (log_r + offset) if inverse else -bias * log_r), a, xp=xp)
    spectrum = rfft(a)
    u = _factors(fht_coefficients(n, dln, mu, offset, bias, inverse), spectrum, xp=xp)
    spectrum = spectrum / xp.conj(u) if inverse else spectrum * u
    out = xp.flip(irfft(spectrum, n), axis=-1)
    if bias != 0 and inverse:  # a(r) = a_q(r) (r / r_c)^q
        out = out / _factors(np.exp(-bias * log_r), out, xp=xp)
    elif bias != 0:  # A(k) = A_q(k) (k / k_c)^(-q) (k_c r_c)^(-q)
        out = out * _factors(np.exp(-bias * (log_r + offset)), out, xp=xp)
    return out


def fht(a, dln, mu, offset=0.0, bias=0.0):
    return _fftlog(a, dln, mu, offset, bias, inverse=False)


def ifht(A, dln, mu, offset=0.0, bias=0.0):
    return _fftlog(A, dln, mu, offset, bias, inverse=True)
