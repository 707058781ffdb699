"""``sigproc psd`` and ``sigproc spectrogram``.

Each ``run_<name>(args)`` reads the input (window and channels applied),
checks every option before it computes, runs the library through a
:class:`~._compute.Placement` (in pieces with a progress bar when the input
is large, see :mod:`._progress`), reports in text or JSON and writes
``--out``/``--plot``. It returns the exit status.

With ``--chunks`` the recording is a dask array: the library call only builds
a graph, and everything the report and the outputs need is computed in one
pass over the input by :func:`~._session.results`. Spectra and spectrograms
come back to memory (a spectrogram must fit: choose ``--nperseg`` and
``--noverlap`` accordingly).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

import sigproc

from . import _plot
from ._io import save_array, write_columns
from ._progress import by_channel, spectrogram_by_time
from ._session import (
    SHOWN_CHANNELS,
    Report,
    channels_last,
    check_fits,
    check_out,
    freq_range,
    load,
    results,
    segments,
)
from ._table import hz, num, seconds, table
from ._units import asd_unit, psd_unit, signal_unit, time_origin

__all__ = ["run_psd", "run_spectrogram"]


def _lines(f, psd, fmin, fmax, count):
    """Indices of the `count` strongest narrow peaks: PSD over its running median."""
    from scipy.ndimage import median_filter
    from scipy.signal import find_peaks

    width = max(9, (len(f) // 200) | 1)
    continuum = median_filter(psd, size=width, mode="nearest")
    ratio = psd / np.where(continuum > 0, continuum, np.inf)
    peaks, _ = find_peaks(ratio, height=3.0)
    peaks = peaks[(f[peaks] >= fmin) & (f[peaks] <= fmax)]
    return peaks[np.argsort(ratio[peaks])[::-1][:count]], ratio


def more_channels(report, rec, shown):
    """Say how many channels a terminal table left out (all are in --out and --json)."""
    hidden = len(rec.channels) - shown
    if hidden > 0:
        report.say(f"({hidden} more channel(s) not shown; see --out or --json)")


def run_psd(args):
    """``sigproc psd``: Welch PSD, a table of PSD/ASD and of narrow lines, ``--out``, ``--plot``.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options (see ``sigproc psd --help``).

    Returns
    -------
    int
        Exit status 0; problems raise :class:`~._io.CLIError`.
    """
    rec, place = load(args)
    check_out(args.out, (".csv", ".npy"), "psd")
    _plot.check_plot_path(args.plot)
    nperseg = segments(args, rec, 1.0)
    noverlap = args.noverlap if args.noverlap is not None else nperseg // 2

    def compute(data, axis):
        return place.call(
            sigproc.welch,
            place.put(data),
            fs=rec.fs,
            window=args.window,
            nperseg=nperseg,
            noverlap=args.noverlap,
            average=args.average,
            axis=axis,
        )

    if rec.chunked:
        f, pxx = results(rec, place, *compute(rec.data, rec.axis), name="welch")
    else:
        progress = not args.no_progress
        f, pxx = by_channel(
            rec.data, rec.axis, compute, per_channel={1}, progress=progress, what="psd"
        )
    psd = channels_last(pxx, rec.axis)
    fmin, fmax = freq_range(args, rec, f)
    report = Report(args, "psd")
    parameters = {
        "nperseg": nperseg,
        "noverlap": noverlap,
        "window": args.window,
        "average": args.average,
        "resolution_hz": rec.fs / nperseg,
        "fmin_hz": fmin,
        "fmax_hz": fmax,
        "lines": args.lines,
    }
    report.start(rec, place, parameters)
    report.say(
        f"welch: nperseg {nperseg} ({hz(rec.fs / nperseg)} Hz resolution), noverlap "
        f"{noverlap}, window {args.window}, average {args.average}; {seconds(place.elapsed)}"
    )
    unit, psd_u, asd_u = signal_unit(rec.units), psd_unit(rec.units), asd_unit(rec.units)
    band = (f >= fmin) & (f <= fmax)
    grid = np.unique(np.searchsorted(f, np.geomspace(max(fmin, f[1]), fmax, 8)).clip(0, f.size - 1))
    found = []
    for k, (name, row) in enumerate(zip(rec.channels, psd, strict=True)):
        rms = np.sqrt(np.trapezoid(row[band], f[band])) if band.sum() > 1 else float("nan")
        peaks, ratio = _lines(f, row, fmin, fmax, args.lines)
        peaks = sorted(peaks, key=lambda i: f[i])
        lines = [
            {
                "frequency_hz": f[i],
                "psd": row[i],
                "asd": np.sqrt(row[i]),
                "over_continuum": ratio[i],
            }
            for i in peaks
        ]
        found.append({"channel": name, "rms": rms, "lines": lines})
        if k >= SHOWN_CHANNELS:
            continue
        report.say(f"\nchannel {name}: rms in {hz(fmin)}-{hz(fmax)} Hz = {num(rms)} {unit}")
        rows = [(hz(f[i]), num(row[i]), num(np.sqrt(row[i]))) for i in grid]
        report.say(table(["frequency [Hz]", f"PSD [{psd_u}]", f"ASD [{asd_u}]"], rows))
        if peaks:
            report.say(f"  strongest narrow lines in {hz(fmin)}-{hz(fmax)} Hz:")
            rows = [
                (hz(f[i]), num(row[i]), num(np.sqrt(row[i])), f"x{num(ratio[i], 3)}") for i in peaks
            ]
            report.say(table(["frequency [Hz]", "PSD", "ASD", "over continuum"], rows))
    report.doc["results"] = {"units": {"psd": psd_u, "asd": asd_u}, "channels": found}
    more_channels(report, rec, SHOWN_CHANNELS)
    if args.out:
        columns = {
            "frequency_hz": f,
            **{f"psd_{c}": p for c, p in zip(rec.channels, psd, strict=True)},
        }
        report.wrote("out", write_columns(args.out, columns, kind="psd"))
    if args.plot:
        kind = "ASD" if args.asd else "PSD"
        title = f"{rec.source}: Welch {kind}, nperseg {nperseg}, backend {place.label}"
        _plot.plot_psd(
            args.plot,
            f,
            psd,
            rec.channels,
            fmin=fmin,
            fmax=fmax,
            title=title,
            units=rec.units,
            asd=args.asd,
        )
        report.wrote("plot", args.plot)
    return report.finish()


def run_spectrogram(args):
    """``sigproc spectrogram``: power per time and frequency, loudest bin, ``--out``, ``--plot``.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`~._io.CLIError`.
    """
    rec, place = load(args)
    check_out(args.out, (".npz", ".npy", ".csv"), "spectrogram")
    _plot.check_plot_path(args.plot)
    if args.plot:
        _plot.check_panels(len(rec.channels))
    nperseg = segments(args, rec, 0.125)
    noverlap = args.noverlap if args.noverlap is not None else nperseg // 8

    def compute(data, axis=rec.axis):
        return place.call(
            sigproc.spectrogram,
            place.put(data),
            fs=rec.fs,
            window=args.window,
            nperseg=nperseg,
            noverlap=noverlap,
            axis=axis,
        )

    if rec.chunked:
        f, t, sxx = compute(rec.data)
        if not any(math.isnan(n) for n in sxx.shape):
            check_fits(
                math.prod(sxx.shape) * sxx.dtype.itemsize,
                "spectrogram",
                "use a larger --nperseg or a smaller --noverlap",
            )
        f, t, sxx = results(rec, place, f, t, sxx, name="spectrogram")
    else:
        f, t, sxx = spectrogram_by_time(
            rec.data,
            rec.axis,
            compute,
            nperseg=nperseg,
            noverlap=noverlap,
            fs=rec.fs,
            progress=not args.no_progress,
        )
    offset, time_label = time_origin(rec)
    t = t + offset
    images = np.moveaxis(sxx, rec.axis, -2)
    images = images.reshape(-1, *images.shape[-2:])
    fmin, fmax = freq_range(args, rec, f)
    report = Report(args, "spectrogram")
    step = t[1] - t[0] if t.size > 1 else nperseg / rec.fs
    parameters = {
        "nperseg": nperseg,
        "noverlap": noverlap,
        "window": args.window,
        "resolution_hz": rec.fs / nperseg,
        "step_s": step,
        "frequencies": f.size,
        "times": t.size,
        "time_axis": time_label,
        "fmin_hz": fmin,
        "fmax_hz": fmax,
    }
    report.start(rec, place, parameters)
    report.say(
        f"spectrogram: {f.size} frequencies ({hz(f[1] - f[0])} Hz apart) x {t.size} times "
        f"({num(step * 1e3)} ms apart), nperseg {nperseg}, noverlap {noverlap}, "
        f"window {args.window}; {seconds(place.elapsed)}"
    )
    keep = (f >= fmin) & (f <= fmax)
    found = []
    for name, image in zip(rec.channels, images, strict=True):
        part = image[keep]
        i, j = np.unravel_index(np.argmax(part), part.shape)
        found.append(
            {
                "channel": name,
                "median_power": np.median(part),
                "max_power": part[i, j],
                "at_frequency_hz": f[keep][i],
                "at_time_s": t[j],
            }
        )
    psd_u = psd_unit(rec.units)
    report.doc["results"] = {"units": {"power": psd_u}, "loudest": found}
    report.say(f"\nloudest time-frequency bin in {hz(fmin)}-{hz(fmax)} Hz ({time_label}):")
    heads = ["channel", f"median power [{psd_u}]", "max power", "at f [Hz]", "at t [s]"]
    rows = [
        (
            c["channel"],
            num(c["median_power"]),
            num(c["max_power"]),
            hz(c["at_frequency_hz"]),
            f"{c['at_time_s']:.4f}".rstrip("0").rstrip("."),
        )
        for c in found
    ]
    report.say(table(heads, rows[: 4 * SHOWN_CHANNELS]))
    more_channels(report, rec, 4 * SHOWN_CHANNELS)
    if args.out:
        _write_spectrogram(args.out, f, t, sxx, images, rec)
        report.wrote("out", args.out)
    if args.plot:
        title = f"{rec.source}: spectrogram, nperseg {nperseg}, backend {place.label}"
        _plot.plot_spectrogram(
            args.plot,
            f,
            t,
            images,
            rec.channels,
            fmin=fmin,
            fmax=fmax,
            title=title,
            units=rec.units,
            time_label=time_label,
        )
        report.wrote("plot", args.plot)
    return report.finish()


def _write_spectrogram(path, f, t, sxx, images, rec):
    suffix = Path(path).suffix.lower()
    if suffix == ".npz":
        arrays = {"f": f, "t": t, "Sxx": sxx, "start": np.float64(rec.start)}
        if rec.clock:
            arrays["clock"] = np.array(rec.clock)
        save_array(path, arrays, allowed=(".npz",))
    elif suffix == ".npy":
        save_array(path, sxx)
    else:  # long format: one row per (time, frequency)
        tt, ff = np.meshgrid(t, f, indexing="ij")
        columns = {"time_s": tt.ravel(), "frequency_hz": ff.ravel()}
        columns.update(
            {f"power_{c}": im.T.ravel() for c, im in zip(rec.channels, images, strict=True)}
        )
        write_columns(path, columns, kind="spectrogram")
