"""Readers through optional libraries: soundfile (FLAC, OGG, AIFF) and pyedflib (EDF/BDF).

Both are extras (``pip install 'sigproc[audio]'``, ``'sigproc[edf]'``); without
them the reader is a CLIError naming the extra. Both read into memory.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ._io_types import CLIError, Read

__all__ = ["SOUNDFILE_FORMATS", "import_soundfile", "read_edf", "read_soundfile"]

#: Extensions read (and, for FLAC and OGG, written) through soundfile (libsndfile).
SOUNDFILE_FORMATS = (".flac", ".ogg", ".aiff", ".aif")


def import_soundfile(what):
    """The soundfile module, or CLIError naming the extra to install."""
    try:
        import soundfile
    except (ImportError, OSError):  # OSError: the module is there but libsndfile is not
        raise CLIError(f"{what} needs soundfile (pip install 'sigproc[audio]')") from None
    return soundfile


def read_soundfile(path, key):
    soundfile = import_soundfile(f"reading {path.suffix[1:].upper()}")
    data, rate = soundfile.read(str(path), dtype="float64", always_2d=False)
    found = Read(data, float(rate), 0, fixed_axis=True)
    if data.ndim == 2:
        found.names = [f"ch{i}" for i in range(data.shape[1])]
    return found


def read_edf(path, key):
    """EDF/EDF+/BDF through pyedflib: the channels at one sampling rate, with labels and units.

    `key`: comma-separated channel labels; default: every channel at the most
    common rate (a note names the channels left out).
    """
    try:
        import pyedflib
    except ImportError:
        fmt = path.suffix[1:].upper()
        raise CLIError(f"reading {fmt} needs pyedflib (pip install 'sigproc[edf]')") from None
    reader = pyedflib.EdfReader(str(path))
    try:
        labels = [label.strip() for label in reader.getSignalLabels()]
        rates = [float(rate) for rate in reader.getSampleFrequencies()]
        if not labels:
            raise CLIError(f"{path.name} holds no signals")
        notes = []
        if key is not None:
            picked = _pick_labels(path, labels, key)
            chosen = {rates[i] for i in picked}
            if len(chosen) > 1:
                listing = ", ".join(f"{labels[i]} ({rates[i]:g} Hz)" for i in picked)
                raise CLIError(
                    f"{path.name}: the channels of --key have different sampling rates "
                    f"({listing}); pick channels at one rate"
                )
        else:
            rate = Counter(rates).most_common(1)[0][0]
            picked = [i for i, r in enumerate(rates) if r == rate]
            if len(picked) < len(labels):
                left = ", ".join(
                    f"{label} ({r:g} Hz)"
                    for label, r in zip(labels, rates, strict=True)
                    if r != rate
                )
                notes.append(
                    f"read the {len(picked)} channel(s) at {rate:g} Hz; left out: {left}; "
                    "--key LABEL,... to choose"
                )
        data = np.stack([reader.readSignal(i) for i in picked])
        units = [reader.getPhysicalDimension(i).strip() for i in picked]
    finally:
        reader.close()
    found = Read(data if len(picked) > 1 else data[0], rates[picked[0]], -1, fixed_axis=True)
    found.names, found.notes = [labels[i] for i in picked], notes
    if len(set(units)) == 1:
        found.units = units[0] or None
    else:
        listing = ", ".join(
            f"{labels[i]} {u or '(none)'}" for i, u in zip(picked, units, strict=True)
        )
        found.notes.append(f"the channels have different units ({listing}); shown without units")
    return found


def _pick_labels(path, labels, key):
    picked = []
    for label in (part.strip() for part in key.split(",")):
        if label not in labels:
            raise CLIError(
                f"{path.name} has no channel {label!r} (--key); it has: {', '.join(labels)}"
            )
        picked.append(labels.index(label))
    return picked
