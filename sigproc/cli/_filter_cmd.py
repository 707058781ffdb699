"""``sigproc filter`` and ``sigproc whiten``: commands that write a signal.

The output keeps the sampling rate, start time, channel names and unit
(:func:`~._io.write_signal`: ``.npy``, ``.npz``, ``.csv`` with a time column,
``.wav``, ``.flac``/``.ogg``, ``.mat``). With ``--chunks``, ``filter`` writes
``.npy`` (memory-mapped) or ``.zarr`` chunk by chunk and never holds the
signal whole.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import sigproc

from ._io import CLIError, NpyTarget, write_signal
from ._progress import by_channel
from ._session import (
    SHOWN_CHANNELS,
    Report,
    channels_last,
    check_out,
    load,
    results,
    rms,
    segments,
)
from ._spectra_cmd import more_channels
from ._table import hz, num, seconds, table
from ._units import signal_unit

__all__ = ["SIGNAL_FORMATS", "run_filter", "run_whiten"]

#: What ``filter``/``whiten`` write for an in-memory signal (:func:`~._io.write_signal`).
SIGNAL_FORMATS = (".npy", ".npz", ".csv", ".wav", ".flac", ".ogg", ".mat")
_SOUNDFILE = (".flac", ".ogg")


def _check_signal_out(path, what):
    check_out(path, SIGNAL_FORMATS, what)
    if Path(path).suffix.lower() in _SOUNDFILE:
        from ._io_write import import_soundfile

        import_soundfile(f"--out {Path(path).suffix.lower()}")


def _design(band, lowpass, highpass, fs):
    nyquist = fs / 2
    if band is not None:
        lo, hi = band
        if not 0 < lo < hi < nyquist:
            raise CLIError(
                f"--band {num(lo)} {num(hi)}: need 0 < LO < HI < fs/2 = {num(nyquist)} Hz"
            )
        return [lo, hi], "bandpass", f"band-pass {num(lo)}-{num(hi)} Hz"
    edge, btype = (lowpass, "lowpass") if lowpass is not None else (highpass, "highpass")
    if not 0 < edge < nyquist:
        raise CLIError(f"--{btype} {num(edge)}: need 0 < F < fs/2 = {num(nyquist)} Hz")
    return edge, btype, f"{btype[:-4]}-pass {num(edge)} Hz"


def _butter(order, wn, btype, fs):
    try:
        return sigproc.butter(order, wn, btype, fs=fs, output="sos")
    except ValueError as exc:
        raise CLIError(f"butter: {' '.join(str(exc).split())}") from None


def _rms_table(report, rec, before, after, heads, *, ratio=True):
    rows = [
        (name, num(a), num(b), *([num(b / a) if a else "-"] if ratio else []))
        for name, a, b in zip(rec.channels, before, after, strict=True)
    ]
    heads = ["channel", *heads, *(["ratio"] if ratio else [])]
    report.say(table(heads, rows[: 4 * SHOWN_CHANNELS]))
    more_channels(report, rec, 4 * SHOWN_CHANNELS)
    report.doc["results"]["channels"] = [
        {"channel": name, "rms_before": a, "rms_after": b}
        for name, a, b in zip(rec.channels, before, after, strict=True)
    ]


def _write(report, out, y, rec, units):
    path = write_signal(
        out,
        y,
        fs=rec.fs,
        axis=rec.axis,
        channels=rec.channels,
        start=rec.start,
        clock=rec.clock,
        units=units,
    )
    report.wrote("out", path)


def run_filter(args):
    """``sigproc filter``: Butterworth SOS filter, zero-phase or causal; rms before/after.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`~._io.CLIError`.
    """
    rec, place = load(args)
    if rec.chunked:
        check_out(args.out, (".npy", ".zarr"), "filter")
    else:
        _check_signal_out(args.out, "filter")
    wn, btype, description = _design(args.band, args.lowpass, args.highpass, rec.fs)
    sos = _butter(args.butter, wn, btype, rec.fs)
    run = sigproc.sosfiltfilt if args.zero_phase else sigproc.sosfilt

    def compute(data, axis):
        return (place.call(run, sos, place.put(data), axis=axis),)

    if rec.chunked:
        name = "sosfiltfilt" if args.zero_phase else "sosfilt"
        (y,) = compute(rec.data, rec.axis)
        rms_before, rms_after = _write_chunked(args.out, y, rec, place, name=name)
    else:
        progress = not args.no_progress
        (y,) = by_channel(
            rec.data, rec.axis, compute, per_channel={0}, progress=progress, what="filter"
        )
        before = channels_last(rec.data, rec.axis)
        after = channels_last(y, rec.axis)
        rms_before, rms_after = [rms(a) for a in before], [rms(b) for b in after]
    mode = "zero-phase (sosfiltfilt)" if args.zero_phase else "causal (sosfilt)"
    report = Report(args, "filter")
    parameters = {
        "design": "butter",
        "order": args.butter,
        "btype": btype,
        "edges_hz": wn,
        "sections": len(sos),
        "zero_phase": args.zero_phase,
    }
    report.start(rec, place, parameters)
    report.say(
        f"butter order {args.butter} {description}, {len(sos)} second-order sections, "
        f"{mode}; {seconds(place.elapsed)}\n"
    )
    unit = signal_unit(rec.units)
    report.doc["results"]["units"] = unit
    _rms_table(report, rec, rms_before, rms_after, [f"rms before [{unit}]", "rms after"])
    if rec.chunked:
        report.wrote("out", args.out)
    else:
        _write(report, args.out, y, rec, rec.units)
    return report.finish()


def _write_chunked(out, y, rec, place, *, name):
    """Write the lazy filtered signal `y` chunk by chunk; (rms before, rms after) per channel.

    One pass over the input computes the output chunks (stored as they come,
    into a memory-mapped ``.npy`` or a Zarr array), the rms of input and
    output per channel and the count of non-finite input samples. When that
    count is not zero, the output is removed and a CLIError raised.
    """
    import dask.array as da

    path = Path(out)
    try:
        if path.suffix.lower() == ".npy":
            store = da.store(y, NpyTarget(path, y.shape, y.dtype), lock=False, compute=False)
        else:
            store = da.to_zarr(y, str(path), compute=False, mode="w")
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None

    def rms_of(values):
        return da.sqrt(da.mean(abs(values) ** 2, axis=rec.axis)).ravel()

    try:
        before, after, _ = results(
            rec, place, rms_of(rec.data), rms_of(y), name=name, extra=(store,)
        )
    except CLIError:
        _remove(path)
        raise
    if path.suffix.lower() == ".zarr":
        import zarr

        zarr.open_array(str(path), mode="r+").attrs["fs"] = rec.fs
    return [float(v) for v in before], [float(v) for v in after]


def _remove(path):
    import shutil

    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def run_whiten(args):
    """``sigproc whiten``: divide by the Welch ASD, optionally band-pass zero-phase; write it.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`~._io.CLIError`.
    """
    from ._whiten import TUKEY_ALPHA, default_nperseg, whiten

    rec, place = load(args)
    _check_signal_out(args.out, "whiten")
    if args.butter is not None and args.band is None:
        raise CLIError("--butter ORDER sets the band-pass order: give --band LO HI with it")
    if np.iscomplexobj(rec.data):
        raise CLIError(f"{rec.source}: whiten needs a real signal, this one is complex")
    nperseg = segments(args, rec, 4.0, default=default_nperseg(rec.n_samples, rec.fs))
    order = 4 if args.butter is None else args.butter
    sos = None
    if args.band is not None:
        wn, btype, description = _design(args.band, None, None, rec.fs)
        sos = _butter(order, wn, btype, rec.fs)

    def compute(data, axis):
        w = place.call(whiten, place.put(data), rec.fs, nperseg=nperseg, axis=axis)
        if sos is not None:
            w = place.call(sigproc.sosfiltfilt, sos, w, axis=axis)
        return (w,)

    progress = not args.no_progress
    (y,) = by_channel(
        rec.data, rec.axis, compute, per_channel={0}, progress=progress, what="whiten"
    )
    before = [rms(a) for a in channels_last(rec.data, rec.axis)]
    after = [rms(b) for b in channels_last(y, rec.axis)]
    report = Report(args, "whiten")
    parameters = {
        "nperseg": nperseg,
        "resolution_hz": rec.fs / nperseg,
        "tukey_alpha": TUKEY_ALPHA,
        "band_hz": list(args.band) if args.band is not None else None,
        "order": order if sos is not None else None,
        "zero_phase": sos is not None,
    }
    report.start(rec, place, parameters)
    then = (
        f"; then butter order {order} {description}, zero-phase (sosfiltfilt)"
        if sos is not None
        else ""
    )
    report.say(
        f"whiten: divided by the Welch ASD (nperseg {nperseg}, {hz(rec.fs / nperseg)} Hz "
        f"resolution, Tukey taper alpha {TUKEY_ALPHA}){then}; {seconds(place.elapsed)}",
        "the output is dimensionless"
        + ("\n" if sos is not None else " (rms about 1 for stationary Gaussian noise)\n"),
    )
    unit = signal_unit(rec.units)
    report.doc["results"]["units"] = {"before": unit, "after": "dimensionless"}
    heads = [f"rms before [{unit}]", "rms after"]
    _rms_table(report, rec, before, after, heads, ratio=False)
    _write(report, args.out, y, rec, None)
    return report.finish()
