"""``sigproc.fft`` on the array library's own ``fft`` extension, with SciPy's rules.

The argument checks here (:func:`check_norm_plan`, :func:`normalize_axis`,
:func:`transform_length`, :func:`shape_axes`) are the ones every backend runs.

Every transform goes through the standard's n-dimensional functions
(``fftn``, ``rfftn``, ...): array-api-compat maps their ``axes`` to torch's
``dim``, which it does not do for torch's one-dimensional functions. ``hfft``
and ``ihfft`` are built from ``irfft``/``rfft`` as in NumPy.
"""

import operator

from array_api_compat import array_namespace

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


def shape_axes(x, s, axes, inverse_real=False):
    """Resolve `s` and `axes` as scipy.fft does: lists of equal length, validated."""
    ndim = x.ndim
    if axes is not None:
        axes = [axes] if isinstance(axes, int) else list(axes)
    if s is not None:
        s = [s] if isinstance(s, int) else list(s)
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
    """Run one of fftn, ifftn, rfftn, irfftn with SciPy's argument handling."""
    check_norm_plan(norm, plan)
    xp = array_namespace(x)
    x = _as_real(x, xp=xp) if kind == "rfftn" else _as_complex(x, xp=xp)
    s, axes = shape_axes(x, s, axes, inverse_real=kind == "irfftn")
    if not axes:  # nothing to transform: scipy returns the converted copy
        return xp.asarray(x, copy=True)
    return getattr(xp.fft, kind)(x, s=s, axes=axes, norm=norm or "backward")


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
