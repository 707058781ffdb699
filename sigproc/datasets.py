"""Recordings shipped with sigproc, for examples, the demo and tests.

``gw150914()`` is 32 s of strain from both LIGO detectors around GW150914, the
first detected gravitational wave (GWOSC, CC BY 4.0; see ``sigproc/data/README.md``
for the attribution). The files are read on each call (about 1 MB each); nothing
is imported or read at ``import sigproc``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ._typing import Device, Namespace

__all__ = ["Recording", "gw150914"]

DETECTORS = ("H1", "L1")


@dataclass(frozen=True)
class Recording:
    """One channel of a shipped recording.

    Attributes
    ----------
    data : array, shape (n_samples,), float64
        The samples (strain, dimensionless, for GW150914), in the library asked for.
    fs : float
        Sampling frequency in Hz.
    start : float
        Time of the first sample (GPS seconds for GWOSC data).
    event : float
        Time of the event in the record (GPS seconds), or NaN.
    units : str
        Units of `data`.
    name : str
        Detector or channel name.
    attribution : str
        Whom to cite when the data is used.
    """

    data: Any
    fs: float
    start: float
    event: float
    units: str
    name: str
    attribution: str

    @property
    def t(self) -> np.ndarray:
        """Seconds from the start of the record, one per sample (NumPy, float64)."""
        return np.arange(np.shape(self.data)[-1]) / self.fs


_ATTRIBUTION = (
    "LIGO Scientific Collaboration and Virgo Collaboration, Gravitational Wave Open "
    "Science Center (GWOSC); CC BY 4.0"
)


def gw150914(
    detector: str = "H1", *, xp: Namespace | None = None, device: Device | None = None
) -> Recording:
    """Load 32 s of LIGO strain around GW150914 (4096 Hz, GPS 1126259446 to 1126259478).

    The gravitational-wave chirp of two merging black holes sweeps from about
    35 Hz to 250 Hz in the last 0.2 s before GPS 1126259462.44, 16.44 s into
    the record, in both detectors (Livingston sees it about 7 ms earlier,
    inverted). It is buried in noise: whiten by the amplitude spectral density
    and band-pass 35-350 Hz to see it.

    Parameters
    ----------
    detector : {"H1", "L1"}, optional
        LIGO Hanford (default) or LIGO Livingston.
    xp : array namespace, optional
        Library of `data` (NumPy when None).
    device : optional
        Device of `data` in `xp`.

    Returns
    -------
    Recording
        ``data`` (131,072 float64 samples of strain), ``fs`` 4096.0, ``start``
        and ``event`` in GPS seconds, ``units``, ``name`` and ``attribution``.

    Raises
    ------
    ValueError
        If `detector` is not "H1" or "L1".

    References
    ----------
    .. [1] B. P. Abbott et al. (LIGO Scientific Collaboration and Virgo
       Collaboration), "Observation of Gravitational Waves from a Binary Black
       Hole Merger", Phys. Rev. Lett. 116, 061102 (2016).
    .. [2] GWOSC, https://gwosc.org (the data release of GW150914, CC BY 4.0).

    Examples
    --------
    >>> import sigproc
    >>> rec = sigproc.datasets.gw150914("L1")
    >>> rec.data.shape, rec.fs, round(rec.event - rec.start, 2)
    ((131072,), 4096.0, 16.44)
    """
    if detector not in DETECTORS:
        raise ValueError(f"detector must be one of {DETECTORS}, got {detector!r}")
    files = resources.files("sigproc") / "data"
    meta = json.loads((files / f"gw150914_{detector}.json").read_text())
    with resources.as_file(files / f"gw150914_{detector}.npy") as path:
        data = np.load(path)
    if xp is not None:
        data = xp.asarray(data, device=device)
    return Recording(
        data=data,
        fs=float(meta["fs_hz"]),
        start=float(meta["gps_start"]),
        event=float(meta["event_gps"]),
        units=str(meta["units"]),
        name=detector,
        attribution=_ATTRIBUTION,
    )
