"""How ``convolve``/``correlate`` compute: SciPy's choice of method, and the direct sum.

:func:`choose_conv_method` is SciPy's rule for ``method="auto"`` (its timing
model of pull request 11031, and 'direct' wherever the FFT could lose an
integer's exactness), so that every backend computes what SciPy computes: a NaN
stays local exactly where SciPy's result keeps it local. :func:`direct_convolve`
is the direct sum in the inputs' own dtype (integers exact, wrapping as NumPy's
do), one vectorised multiply-add per sample of the smaller input.
"""

import itertools
import math

import numpy as np
from array_api_compat import device

from .arrays import is_concrete, known, np_dtype

_FULL_1D = {
    "valid": (1.89095737e-9, 2.1364985e-10),
    "full": (1.7649070e-9, 2.1414831e-10),
    "same": (3.2646654e-9, 2.8478277e-10),
}
_FULL_ND = {
    "valid": (1.85927e-9, 2.11242e-8),
    "full": (1.99817e-9, 1.66174e-8),
    "same": (2.04735e-9, 1.55367e-8),
}


def _conv_ops(s1, s2, mode):
    """(fft, direct) operation counts of SciPy's model (``scipy.signal._conv_ops``)."""
    if mode == "full":
        out = [n + k - 1 for n, k in zip(s1, s2, strict=True)]
    elif mode == "valid":
        out = [abs(n - k) + 1 for n, k in zip(s1, s2, strict=True)]
    else:
        out = list(s1)
    if len(s1) == 1:
        n, k = s1[0], s2[0]
        if mode == "full":
            direct = n * k
        elif mode == "valid":
            direct = (k - n + 1) * n if k >= n else (n - k + 1) * k
        else:
            direct = n * k if n < k else n * k - (k // 2) * ((k + 1) // 2)
    elif mode == "same":
        direct = math.prod(s1) * math.prod(s2)
    else:
        direct = min(math.prod(s1), math.prod(s2)) * math.prod(out)
    size = math.prod(n + k - 1 for n, k in zip(s1, s2, strict=True))
    return 3 * size * np.log(size), direct


def _fft_faster(s1, s2, mode):
    fft_ops, direct_ops = _conv_ops(s1, s2, mode)
    if len(s1) == 1:
        if mode == "same" and math.prod(s2) > math.prod(s1):
            o_fft, o_direct, offset = 3.21635404e-9, 1.1773253e-8, -1e-5
        else:
            (o_fft, o_direct), offset = _FULL_1D[mode], -1e-3
    else:
        (o_fft, o_direct), offset = _FULL_ND[mode], -1e-4
    return o_fft * fft_ops < o_direct * direct_ops + offset


def choose_conv_method(in1, in2, mode="full", *, xp):
    """SciPy's ``choose_conv_method(in1, in2, mode)`` (``measure=False``): 'fft' or 'direct'.

    Integer inputs whose products could exceed 2**52 go 'direct'; so do two
    boolean inputs; otherwise SciPy's timing model decides. The integer check
    reads two maxima from the arrays (a value check, like SciPy's); traced
    integer inputs (under jax.jit) have no values to read and go 'direct', exact
    for any values.
    """
    kinds = (np_dtype(in1.dtype, xp=xp).kind, np_dtype(in2.dtype, xp=xp).kind)
    if any(k in "ui" for k in kinds):
        # in float64 (exact far past 2**52), as some libraries lack abs for unsigned types
        m1 = xp.max(xp.abs(xp.astype(in1, xp.float64)))
        m2 = xp.max(xp.abs(xp.astype(in2, xp.float64)))
        if not (is_concrete(m1) and is_concrete(m2)):
            return "direct"
        largest = int(m1) * int(m2)
        largest *= min(math.prod(in1.shape), math.prod(in2.shape))
        if largest > 2 ** np.finfo(float).nmant - 1:
            return "direct"
    if kinds == ("b", "b"):
        return "direct"
    if _fft_faster(tuple(in1.shape), tuple(in2.shape), mode):
        return "fft"
    return "direct"


def direct_convolve(in1, in2, *, xp):
    """Full linear convolution of `in1` and `in2` (same ndim) by direct summation.

    Computed in the result dtype of the inputs (booleans as integers, then
    ``!= 0``); a non-finite value affects only the outputs whose sum contains it.
    """
    dt = np.result_type(np_dtype(in1.dtype, xp=xp), np_dtype(in2.dtype, xp=xp))
    # booleans sum as integers; float16 sums in float32 (as NumPy's correlate), then rounds
    work = getattr(xp, {"b": "int64"}.get(dt.kind, "float32" if dt == np.float16 else dt.name))
    small, big = (in2, in1) if math.prod(in2.shape) <= math.prod(in1.shape) else (in1, in2)
    small, big = xp.astype(small, work), xp.astype(big, work)
    out_shape = tuple(n + k - 1 for n, k in zip(big.shape, small.shape, strict=True))
    # A traced `small` (under jax.jit) has no values to check: it takes the masked
    # sum, right for finite and non-finite values alike.
    finite = dt.kind in "biu" or known(xp.all(xp.isfinite(small)))
    padded = big
    for axis, k in enumerate(small.shape):  # k - 1 zeros on both sides of every axis
        if k > 1:
            zeros = xp.zeros(
                (*padded.shape[:axis], k - 1, *padded.shape[axis + 1 :]),
                dtype=work,
                device=device(big),
            )
            padded = xp.concat((zeros, padded, zeros), axis=axis)
    inside = None
    if not finite:  # 0 * inf must not reach outputs the term does not overlap
        inside = xp.ones(big.shape, dtype=xp.bool, device=device(big))
        for axis, k in enumerate(small.shape):
            if k > 1:
                no = xp.zeros(
                    (*inside.shape[:axis], k - 1, *inside.shape[axis + 1 :]),
                    dtype=xp.bool,
                    device=device(big),
                )
                inside = xp.concat((no, inside, no), axis=axis)
    out = None
    for index in itertools.product(*(range(k) for k in small.shape)):
        window = tuple(
            slice(k - 1 - i, k - 1 - i + n)
            for i, k, n in zip(index, small.shape, out_shape, strict=True)
        )
        term = small[index] * padded[window]
        if inside is not None:
            term = xp.where(inside[window], term, xp.zeros_like(term))
        out = term if out is None else out + term
    if dt.kind == "b":
        return out != 0
    return xp.astype(out, xp.float16) if dt == np.float16 else out
