# ruff: noqa: D205, D400 (sphinx-gallery: the docstring opens with the page's title)
"""
A backend of your own
=====================

A sigproc backend is a name, the arrays it owns, and implementations registered
against the public functions; whatever it does not implement, or declines, goes
on to the next backend. Here a tiny backend makes :func:`sigproc.welch` and
:func:`sigproc.sosfiltfilt` work on a home-made array type that carries a
physical unit, so that spectra come back labelled ``(m/s^2)^2/Hz``. The
details, plugins and scipy.fft interop are in :doc:`/writing-a-backend`.
"""

# %%
# An array type with units
# ------------------------
# The simplest possible one: NumPy values and a unit string.

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

import sigproc
from sigproc.dispatch import Backend


@dataclass
class Quantity:
    """NumPy values with a unit."""

    values: np.ndarray
    unit: str


# %%
# The backend
# -----------
# ``owns`` says which arguments are its arrays (it is asked about the *signal*
# arguments); ``convert`` turns coefficients (the filter's ``sos``, a NumPy
# array) and, with ``coerce=True``, other arrays into its own type;
# ``describe`` names its arrays in error messages.


class UnitsBackend(Backend):
    """sigproc on Quantity arrays: NumPy's backend on the values, units carried along."""

    def owns(self, value):
        """Whether `value` is one of this backend's arrays."""
        return isinstance(value, Quantity)

    def convert(self, value, like=None):
        """`value` as a Quantity (NumPy coefficients become dimensionless)."""
        return value if isinstance(value, Quantity) else Quantity(np.asarray(value), "1")

    def describe(self):
        """The arrays this backend takes, for error messages."""
        return "Quantity arrays"


units = UnitsBackend("units")

# %%
# Implementations take exactly the public function's parameters, in order, with
# its defaults (``implements`` checks this when it is applied). Each unwraps
# the values, calls sigproc on the NumPy array -- which the ``numpy`` backend
# (SciPy) runs -- and puts the right unit on the result.


@units.implements(sigproc.welch)
def welch(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    average="mean",
):
    """Welch's PSD of the values, in the signal's unit squared per hertz."""
    options = (fs, window, nperseg, noverlap, nfft, detrend, return_onesided, scaling, axis)
    f, pxx = sigproc.welch(x.values, *options, average)
    unit = f"({x.unit})^2/Hz" if scaling == "density" else f"({x.unit})^2"
    return Quantity(f, "Hz"), Quantity(pxx, unit)


@units.implements(sigproc.sosfiltfilt)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    """The filtered values, in the signal's unit (`sos` arrives as a Quantity)."""
    y = sigproc.sosfiltfilt(sos.values, x.values, axis, padtype, padlen)
    return Quantity(y, x.unit)


# %%
# Using it
# --------
# A vibration sensor's signal: mains hum at 50 Hz and a bearing tone at 157 Hz
# in broadband noise, in m/s^2. Outside a ``set_backend`` block no backend
# owns a ``Quantity``, and sigproc says why each one declined:

fs = 1000.0
t = np.arange(int(20 * fs)) / fs
rng = np.random.default_rng(7)
values = 0.3 * np.sin(2 * np.pi * 50 * t) + 0.05 * np.sin(2 * np.pi * 157 * t)
accel = Quantity(values + 0.2 * rng.standard_normal(t.size), "m/s^2")

try:
    sigproc.welch(accel, fs=fs)
except sigproc.BackendNotImplementedError as exc:
    print(exc)

# %%
# In a ``set_backend`` block (local to the thread and asyncio task) the backend
# comes first. It serves the two functions it implements; ``which_backend`` and
# ``trace`` show it at work. (``sigproc.register_backend(units)`` would put it
# in the automatic chain for good; this example keeps it to its blocks.)

sos = sigproc.butter(6, 100, btype="highpass", fs=fs, output="sos")  # NumPy coefficients

with sigproc.set_backend(units), sigproc.dispatch.trace() as calls:
    print(sigproc.which_backend(sigproc.welch, accel, fs=fs))
    f, pxx = sigproc.welch(accel, fs=fs, nperseg=2048)
    high = sigproc.sosfiltfilt(sos, accel)
    f_high, pxx_high = sigproc.welch(high, fs=fs, nperseg=2048)

for call in calls:
    print(f"{call.function}: ran on {call.backend!r}")

# %%
# Each call on a ``Quantity`` made one on its NumPy values, which the ``numpy``
# backend ran; the trace lists that inner call first, as it finished first.
#
# The units label the plot by themselves:

print(f"PSD unit: {pxx.unit}; filtered signal unit: {high.unit}")

fig, ax = plt.subplots(figsize=(8, 4))
ax.semilogy(f.values, pxx.values, lw=0.8, label="recorded")
ax.semilogy(f_high.values, pxx_high.values, lw=0.8, label="high-passed at 100 Hz")
ax.set(xlabel=f"frequency ({f.unit})", ylabel=f"PSD ({pxx.unit})", ylim=(1e-8, 1))
ax.set_title("Welch PSD of a Quantity, through a custom backend")
ax.legend()

plt.show()
