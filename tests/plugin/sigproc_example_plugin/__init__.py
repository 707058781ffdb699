"""A small plugin backend for the tests: serves sigproc.fft.rfft on NumPy arrays."""

import numpy as np

import sigproc.fft
from sigproc.dispatch import Backend

IMPORTED = True


class ExampleBackend(Backend):
    def owns(self, value):
        return isinstance(value, np.ndarray)

    def describe(self):
        return "NumPy arrays"

    def convert(self, value, like=None):
        return np.asarray(value)


backend = ExampleBackend("example")


@backend.implements(sigproc.fft.rfft)
def rfft(x, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, *, plan=None):
    return ("example", np.fft.rfft(x, n=n, axis=axis, norm=norm))
