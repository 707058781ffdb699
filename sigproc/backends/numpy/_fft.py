"""NumPy backend for ``sigproc.fft``: SciPy's pocketfft, every argument passed through."""

import scipy.fft

from ... import fft as fft_api
from ..._core.names import FFT_N_AXES, FFT_ONE_AXIS
from . import implements


def _one_axis(name):
    transform = getattr(scipy.fft, name)

    def impl(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
        return transform(x, n, axis, norm, overwrite_x, workers, plan=plan)

    impl.__name__ = impl.__qualname__ = name
    return implements(getattr(fft_api, name))(impl)


def _n_axes(name):
    # uarray drops arguments equal to the declaration's defaults: keep the same defaults here.
    transform = getattr(scipy.fft, name)
    default_axes = (-2, -1) if name.endswith("2") else None

    def impl(
        x, s=None, axes=default_axes, norm=None, overwrite_x=False, workers=None, *, plan=None
    ):
        return transform(x, s, axes, norm, overwrite_x, workers, plan=plan)

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
