"""NumPy backend for ``sigproc.fft``: SciPy's pocketfft, every argument passed through.

``workers=None`` means SciPy's default, which ``sigproc.fft.set_workers`` sets.
scipy.fft's functions are looked up at call time (``scipy.fft.name``), as everywhere
in this backend.
"""

import numpy as np
import scipy.fft

from ... import fft as fft_api
from ..._core.fft import check_fht_length
from ..._core.names import FFT_N_AXES, FFT_ONE_AXIS
from . import implements


def _one_axis(name):
    def impl(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
        return getattr(scipy.fft, name)(x, n, axis, norm, overwrite_x, workers, plan=plan)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


def _n_axes(name):
    # uarray drops arguments equal to the declaration's defaults: keep the same defaults here.
    default_axes = (-2, -1) if name.endswith("2") else None

    def impl(
        x, s=None, axes=default_axes, norm=None, overwrite_x=False, workers=None, *, plan=None
    ):
        return getattr(scipy.fft, name)(x, s, axes, norm, overwrite_x, workers, plan=plan)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


for _name in FFT_ONE_AXIS:
    _one_axis(_name)
for _name in FFT_N_AXES:
    _n_axes(_name)


@implements(fft_api.fftshift)
def fftshift(x, axes=None):
    return scipy.fft.fftshift(x, axes)


@implements(fft_api.ifftshift)
def ifftshift(x, axes=None):
    return scipy.fft.ifftshift(x, axes)


# -- DCT/DST. Our orthogonalize is keyword-only in dctn alone, as SciPy 1.17's public
# signatures; it goes to SciPy by keyword, since SciPy's own idctn/idstn backends take it
# keyword-only (a positional one is a TypeError there).


@implements(fft_api.dct)
def dct(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None):
    return scipy.fft.dct(x, type, n, axis, norm, overwrite_x, workers, orthogonalize=orthogonalize)


@implements(fft_api.idct)
def idct(
    x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return scipy.fft.idct(x, type, n, axis, norm, overwrite_x, workers, orthogonalize=orthogonalize)


@implements(fft_api.dst)
def dst(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None):
    return scipy.fft.dst(x, type, n, axis, norm, overwrite_x, workers, orthogonalize=orthogonalize)


@implements(fft_api.idst)
def idst(
    x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return scipy.fft.idst(x, type, n, axis, norm, overwrite_x, workers, orthogonalize=orthogonalize)


@implements(fft_api.dctn)
def dctn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *, orthogonalize=None
):
    return scipy.fft.dctn(x, type, s, axes, norm, overwrite_x, workers, orthogonalize=orthogonalize)


@implements(fft_api.idctn)
def idctn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return scipy.fft.idctn(
        x, type, s, axes, norm, overwrite_x, workers, orthogonalize=orthogonalize
    )


@implements(fft_api.dstn)
def dstn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return scipy.fft.dstn(x, type, s, axes, norm, overwrite_x, workers, orthogonalize=orthogonalize)


@implements(fft_api.idstn)
def idstn(
    x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, orthogonalize=None
):
    return scipy.fft.idstn(
        x, type, s, axes, norm, overwrite_x, workers, orthogonalize=orthogonalize
    )


# -- fast Hankel transform --------------------------------------------------------------


# SciPy divides by zero (ZeroDivisionError) for an empty last axis: our ValueError first.


@implements(fft_api.fht)
def fht(a, dln, mu, offset=0.0, bias=0.0):
    check_fht_length(np.shape(a)[-1])
    return scipy.fft.fht(a, dln, mu, offset, bias)


@implements(fft_api.ifht)
def ifht(A, dln, mu, offset=0.0, bias=0.0):
    check_fht_length(np.shape(A)[-1])
    return scipy.fft.ifht(A, dln, mu, offset, bias)
