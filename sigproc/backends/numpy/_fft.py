"""NumPy backend for ``sigproc.fft``: SciPy's pocketfft, every argument passed through."""

import scipy.fft

from . import implements

_ONE_D = ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")
_N_D = ("fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn")


def _one_d(name):
    transform = getattr(scipy.fft, name)

    def impl(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
        return transform(x, n, axis, norm, overwrite_x, workers, plan=plan)

    impl.__name__ = name
    return implements(f"fft.{name}")(impl)


def _n_d(name):
    # uarray drops arguments equal to the declaration's defaults: keep the same defaults here.
    transform = getattr(scipy.fft, name)
    default_axes = (-2, -1) if name.endswith("2") else None

    def impl(
        x, s=None, axes=default_axes, norm=None, overwrite_x=False, workers=None, *, plan=None
    ):
        return transform(x, s, axes, norm, overwrite_x, workers, plan=plan)

    impl.__name__ = name
    return implements(f"fft.{name}")(impl)


for _name in _ONE_D:
    _one_d(_name)
for _name in _N_D:
    _n_d(_name)


@implements("fft.fftshift")
def fftshift(x, axes=None):
    return scipy.fft.fftshift(x, axes)


@implements("fft.ifftshift")
def ifftshift(x, axes=None):
    return scipy.fft.ifftshift(x, axes)
