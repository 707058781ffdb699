"""The types the command line's readers and writers share (below ``_io`` and them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["MIN_SAMPLES", "CLIError", "Read", "Recording"]

#: Fewest samples along time a recording may have (fewer: a wrong key, axis or file).
MIN_SAMPLES = 8


class CLIError(Exception):
    """A problem the user can fix; printed as ``sigproc: error: <message>``."""


@dataclass
class Recording:
    """A signal as read from a file.

    Attributes
    ----------
    data : numpy.ndarray
        Real or complex floating-point samples; time runs along `axis`.
    fs : float or None
        Sampling rate in Hz, when the file carries it.
    axis : int
        The time axis of `data` (non-negative).
    channels : list of str
        One label per channel, in C order over the non-time axes.
    source : str
        File name, for the report.
    units : str or None
        Physical unit of the samples as the file names it ("strain", "uV", ...);
        None when the file does not say.
    start : float
        Time of the first sample in seconds (0 unless the file carries a start).
    clock : str or None
        What `start` counts from, e.g. ``"GPS"`` for GWOSC strain; None when
        `start` is relative to the beginning of the recording.
    notes : list of str
        One-line remarks for the user about how the file was read (the time
        axis chosen, a converted format, a warning of the reader); the commands
        print them after their header line.

    With ``chunks``, `data` is a ``dask.array.Array`` chunked along `axis`.
    """

    data: np.ndarray
    fs: float | None
    axis: int
    channels: list = field(default_factory=list)
    source: str = ""
    units: str | None = None
    start: float = 0.0
    clock: str | None = None
    notes: list = field(default_factory=list)

    @property
    def n_samples(self):
        return self.data.shape[self.axis]

    @property
    def chunked(self):
        """Whether `data` is a lazy dask array (``--chunks``)."""
        return not isinstance(self.data, np.ndarray)

    @property
    def n_chunks(self):
        """Chunks along time (1 for an in-memory recording)."""
        return len(self.data.chunks[self.axis]) if self.chunked else 1


@dataclass
class Read:
    """What a reader found in a file, before :func:`read_recording` checks it.

    `axis` is the format's time axis; `fixed_axis` says the format defines it
    (WAV, audio, EDF, a CSV with a time column), so a longer other axis does
    not make it doubtful. `label` names the array read (`` array 'x'``) in
    messages. The other fields are those of :class:`Recording`.
    """

    data: Any
    fs: float | None = None
    axis: int = -1
    names: list | None = None
    units: str | None = None
    start: float = 0.0
    clock: str | None = None
    notes: list = field(default_factory=list)
    fixed_axis: bool = False
    label: str = ""
