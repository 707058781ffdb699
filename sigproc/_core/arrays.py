"""Array helpers shared by the core and the backends: dtypes, host data, padding.

SciPy's dtype rules are NumPy's promotion rules, so dtypes are worked out on the
host as NumPy dtypes (:func:`np_dtype`) and mapped back (:func:`xp_dtype`).
Small host-built arrays (taps, weights, index vectors) reach the signal's device
once (:func:`from_host`); small device arrays come back with :func:`to_host`.
"""

import contextlib

import numpy as np
from array_api_compat import array_namespace, device, is_array_api_obj

#: The dtypes SciPy's signal functions accept, by name.
DTYPES = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
)  # fmt: skip

_NP_DTYPES: dict[tuple[object, object], np.dtype] = {}  # (namespace, library dtype) -> NumPy


def np_dtype(dtype, *, xp):
    """The NumPy dtype of `xp`'s `dtype`; TypeError for a dtype outside :data:`DTYPES`."""
    if isinstance(dtype, np.dtype):  # NumPy's own (long double included)
        return dtype
    try:
        return _NP_DTYPES[xp, dtype]
    except (KeyError, TypeError):  # TypeError: an unhashable dtype object
        pass
    for name in DTYPES:
        if hasattr(xp, name) and dtype == getattr(xp, name):
            with contextlib.suppress(TypeError):
                _NP_DTYPES[xp, dtype] = np.dtype(name)
            return np.dtype(name)
    raise TypeError(f"unsupported dtype {dtype}")


_CONCRETE: dict[type, bool] = {}  # array type -> whether its values are known now


def is_concrete(x):
    """Whether the values of `x` are known now: False for a JAX tracer (jit, grad, vmap).

    A traced value has a shape and a dtype but no data, so ``bool(...)``,
    ``int(...)`` and host copies of it fail; value checks are skipped for it
    and data-dependent branches take their general path. Decided by the type
    (any class named ``Tracer`` of a ``jax`` module among its bases), so JAX is
    never imported here.
    """
    kind = type(x)
    try:
        return _CONCRETE[kind]
    except KeyError:
        pass
    concrete = not any(
        c.__name__ == "Tracer" and c.__module__.split(".")[0] == "jax" for c in kind.__mro__
    )
    _CONCRETE[kind] = concrete
    return concrete


def holds(condition):
    """``bool(condition)`` for a concrete 0-d array; True when it is traced (not known yet).

    For SciPy's value checks (finite coefficients, NOLA, ...): under tracing the
    check cannot run and is skipped, so the check's caller documents that.
    """
    return bool(condition) if is_concrete(condition) else True


def known(condition):
    """``bool(condition)`` for a concrete 0-d array; False when it is traced.

    For fast paths taken only when a condition is known to hold (finite data,
    ...); under tracing the general path runs. Note that under ``jax.jit``
    every result is traced, even of concrete inputs: test the condition itself.
    """
    return is_concrete(condition) and bool(condition)


def require_concrete(name, *values, why):
    """TypeError unless every array in `values` is concrete (not traced by JAX).

    For functions that cannot run under ``jax.jit``, ``grad`` or ``vmap``: their
    output's shape depends on the data, or the work is host bookkeeping.
    """
    if not all(is_concrete(v) for v in values if v is not None):
        raise TypeError(
            f"{name} cannot run on traced arrays (jax.jit, grad, vmap): {why}; "
            "call it outside the transformation"
        )


def xp_dtype(dtype, *, xp):
    """`xp`'s dtype for the NumPy dtype `dtype`."""
    return getattr(xp, np.dtype(dtype).name)


def fft_dtype(*dtypes):
    """Inexact dtype of an FFT computation: integers go through float64, as in SciPy."""
    return np.result_type(*(np.float64 if d.kind in "biu" else d for d in dtypes))


def real_dtype(dtype):
    """The real dtype of a NumPy dtype (float64 for complex128, ...)."""
    return np.empty(0, dtype).real.dtype


def to_dtype(x, dtype, *, xp):
    """`x` with NumPy dtype `dtype` (`x` itself when it already has it)."""
    dtype = xp_dtype(dtype, xp=xp)
    return x if x.dtype == dtype else xp.astype(x, dtype)


def reshape(x, shape, *, xp):
    """``xp.reshape``; a dask array whose chunks do not split evenly goes to one chunk first.

    dask reshapes only by merging or splitting whole chunks (NotImplementedError
    otherwise): the portable code's block layouts then gather the array.
    """
    try:
        return xp.reshape(x, shape)
    except NotImplementedError:
        if not type(x).__module__.startswith("dask"):
            raise
        return xp.reshape(x.rechunk(-1), shape)


def whole_last(x):
    """`x` with its last axis in one chunk when it is a dask array (`x` itself otherwise).

    For the portable code's transforms of a whole axis: padding, slicing and
    shifting a spectrum split a dask array's axis into chunks, and dask's FFTs
    take one chunk per transformed axis.
    """
    if type(x).__module__.startswith("dask") and len(x.chunks[-1]) > 1:
        return x.rechunk({x.ndim - 1: -1})
    return x


def from_host(values, dtype, like, *, xp):
    """A small host-built NumPy array on the device of `like`, with NumPy dtype `dtype`."""
    return xp.asarray(np.asarray(values, dtype=dtype), device=device(like))


def to_host(v):
    """Small coefficient arrays to NumPy (for filter factorisation, never the signal)."""
    if type(v).__module__.startswith("dask"):  # the portable code on dask arrays
        v = v.compute()  # chunks of NumPy (or CuPy: below)
    if type(v).__module__.startswith("cupy"):
        return v.get()
    if hasattr(v, "detach"):  # torch, any device
        v = v.detach().cpu()
    return np.from_dlpack(v)


def follow(value, like, *, xp):
    """An array argument not routed by the dispatcher, moved to `like`'s library."""
    if is_array_api_obj(value) and array_namespace(value) is xp:
        return value
    return xp.asarray(np.asarray(value), device=device(like))


def pad_last(x, before, after, *, xp):
    """Zero samples before and after `x` along its last axis."""
    parts = [x]
    if before:
        parts.insert(0, xp.zeros((*x.shape[:-1], before), dtype=x.dtype, device=device(x)))
    if after:
        parts.append(xp.zeros((*x.shape[:-1], after), dtype=x.dtype, device=device(x)))
    return xp.concat(parts, axis=-1) if len(parts) > 1 else x


def sort(x, *, xp):
    """`x` sorted along its last axis; complex values in NumPy's lexicographic order.

    NumPy orders complex numbers by real part, then imaginary part (as its
    ``sort``, ``median``, ``min`` and ``max`` do); most libraries cannot sort
    them, so the order comes from two stable argsorts here.
    """
    if not xp.isdtype(x.dtype, "complex floating"):
        return xp.sort(x, axis=-1)
    by_imag = xp.argsort(xp.imag(x), axis=-1, stable=True)
    x = xp.take_along_axis(x, by_imag, axis=-1)
    return xp.take_along_axis(x, xp.argsort(xp.real(x), axis=-1, stable=True), axis=-1)


def extreme(x, axis, largest, *, keepdims=False, xp):
    """The minimum or maximum along `axis`; complex values in NumPy's order (see `sort`)."""
    if not xp.isdtype(x.dtype, "complex floating"):
        return (xp.max if largest else xp.min)(x, axis=axis, keepdims=keepdims)
    s = sort(xp.moveaxis(x, axis, -1), xp=xp)
    m = s[..., -1] if largest else s[..., 0]
    return xp.expand_dims(m, axis=axis) if keepdims else m


def median(x, axis, *, keepdims=False, xp):
    """True median along `axis` (the mean of the two middle values for even counts)."""
    x = xp.moveaxis(x, axis, -1)
    n = x.shape[-1]
    s = sort(x, xp=xp)
    m = s[..., n // 2] if n % 2 else (s[..., n // 2 - 1] + s[..., n // 2]) / 2
    return xp.expand_dims(m, axis=axis) if keepdims else m
