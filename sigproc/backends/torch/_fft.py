"""Torch-backend ``sigproc.fft``: ``torch.fft`` kernels with scipy.fft's rules.

scipy's ``axis``/``axes`` become torch's ``dim``; ``n``/``s`` crop or zero-pad
exactly as in scipy.fft; integer and boolean input is promoted to float64
(complex128), float32 stays single precision. ``torch.fft.hfft``/``ihfft``
(and ``hfftn``/``ihfftn``) follow NumPy's (hence scipy's) conventions, so they are
called directly. The DCT/DST and the fast Hankel transform have no torch kernel: they
run the portable code (on ``torch.fft``, differentiable) through the fallback.
Argument checks are the portable module's, so errors read the same on every
backend. ``workers`` and ``overwrite_x`` are accepted and ignored: torch picks
its own threads and never writes to the input.
"""

import torch

from ... import fft as fft_api
from ..._core.fft import (
    check_axes_given,
    check_norm_plan,
    normalize_axis,
    shape_axes,
    transform_length,
)
from ..._core.names import FFT_N_AXES
from . import implements

_HALF_PRECISION = (torch.float16, torch.bfloat16)


def _as_complex(x):
    """scipy.fft's promotion for complex transforms: single stays single, else double."""
    if x.is_complex():
        return x
    if x.dtype in (torch.float32, *_HALF_PRECISION):
        return x.to(torch.complex64)
    return x.to(torch.complex128)


def _as_real(x):
    """scipy.fft's promotion for real-input transforms; complex input is a TypeError."""
    if x.is_complex():
        raise TypeError("x must be a real sequence")
    if x.dtype in _HALF_PRECISION:
        return x.to(torch.float32)
    if x.is_floating_point():
        return x
    return x.to(torch.float64)


def _one_axis(func, x, n, axis, norm, plan, default_n=None):
    check_norm_plan(norm, plan)
    dim = normalize_axis(axis, x.ndim)
    if n is None:
        n = x.shape[dim] if default_n is None else default_n(x.shape[dim])
    return func(x, n=transform_length(n), dim=dim, norm=norm)


def _half_to_full(m):
    return 2 * (m - 1)


@implements(fft_api.fft)
def fft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis(torch.fft.fft, _as_complex(x), n, axis, norm, plan)


@implements(fft_api.ifft)
def ifft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis(torch.fft.ifft, _as_complex(x), n, axis, norm, plan)


@implements(fft_api.rfft)
def rfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis(torch.fft.rfft, _as_real(x), n, axis, norm, plan)


@implements(fft_api.irfft)
def irfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis(torch.fft.irfft, _as_complex(x), n, axis, norm, plan, _half_to_full)


@implements(fft_api.hfft)
def hfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return _one_axis(torch.fft.hfft, _as_complex(x), n, axis, norm, plan, _half_to_full)


@implements(fft_api.ihfft)
def ihfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    # torch returns a lazily conjugated view; users expect a plain tensor (.numpy() works).
    return _one_axis(torch.fft.ihfft, _as_real(x), n, axis, norm, plan).resolve_conj()


def _ihfftn(x, s, dim, norm):
    # torch returns a lazily conjugated view; users expect a plain tensor (.numpy() works).
    return torch.fft.ihfftn(x, s=s, dim=dim, norm=norm).resolve_conj()


_N_AXES = {  # each n-dimensional transform: torch's function and scipy.fft's promotion
    "fftn": (torch.fft.fftn, _as_complex),
    "ifftn": (torch.fft.ifftn, _as_complex),
    "rfftn": (torch.fft.rfftn, _as_real),
    "irfftn": (torch.fft.irfftn, _as_complex),
    # torch.fft.hfftn/ihfftn follow scipy.fft's definitions (Hermitian half on the last axis)
    "hfftn": (torch.fft.hfftn, _as_complex),
    "ihfftn": (_ihfftn, _as_real),
}


def _n_axes(name):
    kind = name if name.endswith("n") else name[:-1] + "n"  # fft2 = fftn on axes (-2, -1)
    func, promote = _N_AXES[kind]
    # uarray drops arguments equal to the declaration's defaults: keep the same defaults here.
    default_axes = (-2, -1) if name.endswith("2") else None

    def impl(
        x, s=None, axes=default_axes, norm=None, overwrite_x=False, workers=None, *, plan=None
    ):
        check_norm_plan(norm, plan)
        given, x = x, promote(x)
        s, dims = shape_axes(x, s, axes, inverse_real=kind in ("irfftn", "hfftn"))
        if not dims:
            check_axes_given(kind)
            return given.clone()  # scipy returns x itself, unconverted
        return func(x, s=s, dim=dims, norm=norm)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


for _name in FFT_N_AXES:
    _n_axes(_name)


def _shift(func, x, axes):
    if axes is None:
        dims = tuple(range(x.ndim))
    else:
        dims = tuple(normalize_axis(a, x.ndim) for a in ([axes] if isinstance(axes, int) else axes))
    if not dims:
        return x.clone()
    return func(x, dim=dims)


@implements(fft_api.fftshift)
def fftshift(x, axes=None):
    return _shift(torch.fft.fftshift, x, axes)


@implements(fft_api.ifftshift)
def ifftshift(x, axes=None):
    return _shift(torch.fft.ifftshift, x, axes)
