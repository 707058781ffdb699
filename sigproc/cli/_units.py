"""Units for axis labels and table headings, from the recording's own unit.

A recording that names its unit (GWOSC strain, ``units`` in an ``.npz``, an EDF
physical dimension) gets it on every axis and heading: PSD ``strain²/Hz``, ASD
``strain/√Hz``, band power ``strain²``. Without one, the placeholder ``units``.
"""

from __future__ import annotations

__all__ = [
    "asd_unit",
    "clock_time",
    "power_unit",
    "psd_unit",
    "signal_unit",
    "time_label",
    "time_origin",
]

_PLACEHOLDER = "units"


def signal_unit(units):
    """The unit of the samples, or the placeholder ``"units"``."""
    return units.strip() if units and units.strip() else _PLACEHOLDER


def _atom(unit):
    """`unit` bracketed when a power or quotient would otherwise bind to its last part."""
    return f"({unit})" if any(c in unit for c in "/* ·^") else unit


def power_unit(units):
    """Unit of band power (the signal's unit squared), e.g. ``strain²``."""
    return f"{_atom(signal_unit(units))}²"


def psd_unit(units):
    """Unit of a power spectral density, e.g. ``strain²/Hz``."""
    return f"{power_unit(units)}/Hz"


def asd_unit(units):
    """Unit of an amplitude spectral density, e.g. ``strain/√Hz``."""
    return f"{_atom(signal_unit(units))}/√Hz"


def clock_time(value):
    """A time on a clock (GPS seconds): all integer digits, decimals only when needed."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def time_origin(rec):
    """(offset, label) for times shown from `rec`: seconds added to times from its first sample.

    On a clock (GPS), times count from the first sample analysed and the label
    names it (``time [s] from GPS 1126259446``); otherwise times count from
    the beginning of the file (so a ``--start`` window keeps the file's times).
    """
    if rec.clock:
        return 0.0, f"time [s] from {rec.clock} {clock_time(rec.start)}"
    return rec.start, "time [s]"


def time_label(rec):
    """The label of a time axis for `rec` (see :func:`time_origin`)."""
    return time_origin(rec)[1]
