"""What every analysis command shares: reading, the window and channels, the report.

:func:`load` reads the input, cuts the ``--start``/``--duration`` window and
keeps the ``--channels`` asked for, before anything is computed. A
:class:`Report` prints the human lines, or with ``--json`` collects the
same facts and prints them as one JSON document (and nothing else) on stdout.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from ._compute import placement, to_numpy
from ._io import CLIError, cut, read_recording
from ._table import num
from ._units import clock_time

__all__ = [
    "SHOWN_CHANNELS",
    "Report",
    "channels_last",
    "check_fits",
    "check_out",
    "freq_range",
    "header",
    "load",
    "results",
    "rms",
    "segments",
    "select_channels",
]

#: Channels shown in the terminal tables (all of them go to --out and --json).
SHOWN_CHANNELS = 4


def load(args):
    """(Recording, Placement) for the command's options; the window and channels applied."""
    chunks = getattr(args, "chunks", None)
    scheduler = getattr(args, "scheduler", None)
    if chunks is None and scheduler is not None:
        chunks = "auto"
    place = placement(
        args.backend,
        args.device,
        chunked=chunks is not None,
        scheduler=scheduler,
        progress=not args.no_progress,
    )
    rec = read_recording(args.input, key=args.key, fs=args.fs, axis=args.axis, chunks=chunks)
    if args.start is not None or args.duration is not None:
        rec = cut(rec, start=args.start, duration=args.duration)
    if args.channels is not None:
        rec = select_channels(rec, args.channels)
    return rec, place


def _listing(names, limit=12):
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown}, ... ({len(names)} channels)"


def _indices(text, names, source):
    """Channel indices for ``--channels`` `text`: names, indices, ranges ``a-b``."""
    picked = []
    for item in text.split(","):
        token = item.strip()
        if not token:
            raise CLIError(
                f"--channels: empty item in {text!r}; give names or indices, "
                "e.g. H1,L1 or 0,2 or 0-3"
            )
        if token in names:
            picked.append(names.index(token))
            continue
        low, dash, high = token.partition("-")
        try:
            first = int(low)
            last = int(high) if dash else first
        except ValueError:
            raise CLIError(
                f"--channels: {source} has no channel {token!r}; its channels are "
                f"{_listing(names)} (or indices 0-{len(names) - 1})"
            ) from None
        if not 0 <= first <= last < len(names):
            raise CLIError(
                f"--channels: {token} is not a channel index of {source}, which has "
                f"{len(names)} channel(s), 0-{len(names) - 1} ({_listing(names)})"
            )
        picked.extend(range(first, last + 1))
    repeated = sorted({names[i] for i in picked if picked.count(i) > 1})
    if repeated:
        raise CLIError(f"--channels: {', '.join(repeated)} asked for more than once in {text!r}")
    return picked


def select_channels(rec, text):
    """`rec` with only the channels of ``--channels`` `text`, as (channels, time) or (time,).

    Raises
    ------
    CLIError
        An unknown name, an index out of range, a channel asked twice.
    """
    picked = _indices(text, list(rec.channels), rec.source)
    n = rec.n_samples
    rows = np.moveaxis(rec.data, rec.axis, -1).reshape(-1, n)
    data = rows[picked[0]] if len(picked) == 1 else rows[picked]
    channels = [rec.channels[i] for i in picked]
    return replace(rec, data=data, axis=data.ndim - 1, channels=channels, notes=list(rec.notes))


def header(command, rec, place):
    """The first line of a report: input, shape, rate, span and backend."""
    n = rec.n_samples
    span = f"{num(n / rec.fs, 4)} s"
    if rec.clock:
        span += f" from {rec.clock} {clock_time(rec.start)}"
    elif rec.start:
        span += f" from {num(rec.start, 8)} s"
    chunks = ""
    if rec.chunked:
        size = rec.data.chunks[rec.axis][0]
        chunks = f", {rec.n_chunks} chunk(s) of {size} samples"
    return (
        f"sigproc {command}: {rec.source}: {len(rec.channels)} channel(s) x {n} samples, "
        f"fs {num(rec.fs, 6)} Hz ({span}), backend {place.label}{chunks}"
    )


def _plain(value):
    """`value` with NumPy scalars/arrays as Python numbers/lists, NaN and inf as None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, complex):
        return {"real": _plain(value.real), "imag": _plain(value.imag)}
    return value


class Report:
    """The output of one command: human lines on stdout, or one JSON document with ``--json``.

    Parameters
    ----------
    args : argparse.Namespace
        The command's options (``args.json``).
    command : str
        The command's name.
    """

    def __init__(self, args, command):
        self.json = bool(getattr(args, "json", False))
        self.doc = {"command": command}

    def say(self, *lines):
        """Print `lines` (nothing with ``--json``)."""
        if not self.json:
            for line in lines:
                print(line)

    def start(self, rec, place, parameters):
        """The header line and the recording's notes; the input and backend for JSON."""
        self.say(header(self.doc["command"], rec, place))
        self.say(*(f"note: {note}" for note in rec.notes))
        self.doc["input"] = {
            "file": str(rec.source),
            "shape": list(rec.data.shape),
            "axis": rec.axis,
            "channels": list(rec.channels),
            "samples": rec.n_samples,
            "fs": rec.fs,
            "start": rec.start,
            "clock": rec.clock,
            "duration_s": rec.n_samples / rec.fs,
            "units": rec.units,
            "notes": list(rec.notes),
        }
        self.doc["backend"] = {
            "asked": place.asked,
            "ran": list(place.ran),
            "kernels": list(place.kernels),
            "device": place.device,
            "elapsed_s": place.elapsed,
        }
        self.doc["parameters"] = parameters
        self.doc["results"] = {}
        self.doc["outputs"] = {}

    def wrote(self, kind, path):
        """Record (and say) that `path` was written."""
        self.doc.setdefault("outputs", {})[kind] = str(path)
        self.say(f"wrote {path}")

    def finish(self):
        """Print the JSON document when asked for; the exit status 0."""
        if self.json:
            print(json.dumps(_plain(self.doc), indent=2, allow_nan=False))
        return 0


def results(rec, place, *values, name, extra=()):
    """`values` as NumPy; for a chunked recording computed in one pass over the input.

    The pass also counts the input's NaN/infinite samples (a CLIError when
    there are any, as for in-memory input) and computes `extra` (dask
    collections or delayed writes), returned after the values.
    """
    if not rec.chunked:
        return to_numpy(values)
    import dask.array as da

    bad = da.count_nonzero(~da.isfinite(rec.data))
    *out, bad = place.compute(*values, *extra, bad, name=name)
    if bad:
        raise CLIError(f"{rec.source}: signal contains {bad} NaN or infinite sample(s)")
    return tuple(to_numpy(v) if v is not None else v for v in out)


def check_fits(nbytes, what, advice):
    """CLIError when a result to be held in memory is larger than the memory available."""
    try:
        import psutil
    except ImportError:  # no way to tell: let it try
        return
    available = psutil.virtual_memory().available
    if nbytes > available:
        raise CLIError(
            f"the {what} would take {nbytes / 2**30:.3g} GiB, more than the "
            f"{available / 2**30:.3g} GiB of memory available; {advice}"
        )


def channels_last(array, axis):
    """(channels, ...) view of a result whose axis `axis` replaced the time axis."""
    moved = np.moveaxis(array, axis, -1)
    return moved.reshape(-1, moved.shape[-1])


def _default_nperseg(rec, seconds_per_segment):
    """The power of two nearest ``fs * seconds_per_segment``, at most the signal length."""
    target = max(rec.fs * seconds_per_segment, 8.0)
    return int(min(2 ** round(np.log2(target)), rec.n_samples))


def segments(args, rec, seconds_per_segment, *, default=None):
    """``--nperseg`` checked against the signal (default `default` or a power of two)."""
    if rec.n_samples < 2:
        raise CLIError(f"the signal has {rec.n_samples} sample(s); a spectrum needs at least 2")
    nperseg = args.nperseg or default or _default_nperseg(rec, seconds_per_segment)
    if nperseg > rec.n_samples:
        raise CLIError(f"--nperseg {nperseg} is longer than the signal ({rec.n_samples} samples)")
    noverlap = getattr(args, "noverlap", None)
    if noverlap is not None and noverlap >= nperseg:
        raise CLIError(f"--noverlap {noverlap} must be less than --nperseg {nperseg}")
    return nperseg


def freq_range(args, rec, f):
    """(fmin, fmax) shown: ``--fmin``/``--fmax`` or the first non-zero bin to fs/2."""
    fmin = f[1] if args.fmin is None and f.size > 1 else (args.fmin or 0.0)
    fmax = rec.fs / 2 if args.fmax is None else args.fmax
    if fmin >= fmax:
        raise CLIError(f"--fmin {num(fmin)} must be below --fmax {num(fmax)}")
    if fmin > rec.fs / 2:
        raise CLIError(f"--fmin {num(fmin)} Hz is above the Nyquist frequency {num(rec.fs / 2)} Hz")
    return fmin, fmax


def check_out(path, allowed, what):
    """CLIError (before computing) when ``--out`` has none of the `allowed` suffixes."""
    if path is not None and Path(path).suffix.lower() not in allowed:
        raise CLIError(
            f"--out for {what} must end in {', '.join(allowed[:-1])} or {allowed[-1]}, "
            f"got {Path(path).name!r}"
            if len(allowed) > 1
            else f"--out for {what} must end in {allowed[0]}, got {Path(path).name!r}"
        )


def rms(values):
    """Root mean square of `values` (NumPy)."""
    return float(np.sqrt(np.mean(np.abs(values) ** 2)))
