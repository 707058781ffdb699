"""``sigproc bandpower``: power in frequency bands, absolute or relative.

Bands are checked before anything is computed: inside ``[0, fs/2]``, and
holding at least two frequencies of the Welch PSD (the trapezoid integral of
one frequency is 0, so a band narrower than the resolution ``fs/nperseg``
would silently read 0).
"""

from __future__ import annotations

import numpy as np

import sigproc

from . import _plot
from ._io import CLIError, write_columns
from ._progress import by_channel
from ._session import SHOWN_CHANNELS, Report, channels_last, check_out, load, results, segments
from ._spectra_cmd import more_channels
from ._table import hz, num, seconds, table
from ._units import power_unit

__all__ = ["check_bands", "parse_bands", "run_bandpower"]


def parse_bands(text):
    """``"20-60,60-250"`` -> ``[(20.0, 60.0), (60.0, 250.0)]``; CLIError when malformed."""
    bands = []
    for part in text.split(","):
        lo, sep, hi = part.strip().partition("-")
        try:
            band = (float(lo), float(hi))
        except ValueError:
            band = None
        if not sep or band is None or not all(np.isfinite(band)):
            raise CLIError(
                f"--bands: cannot read {part.strip()!r}; write bands as LO-HI,LO-HI (Hz)"
            )
        bands.append(band)
    return bands


def _bins(lo, hi, nperseg, fs):
    f = np.fft.rfftfreq(nperseg, 1 / fs)  # the frequencies of sigproc.welch (SciPy's)
    return int(np.count_nonzero((f >= lo) & (f <= hi)))


def check_bands(bands, fs, nperseg, n_samples):
    """CLIError naming the band when it is outside [0, fs/2] or holds < 2 PSD frequencies."""
    for lo, hi in bands:
        if not 0 <= lo < hi <= fs / 2:
            raise CLIError(
                f"band {num(lo)}-{num(hi)} Hz is not inside [0, fs/2 = {num(fs / 2)} Hz] "
                "with its low edge below its high edge"
            )
    for lo, hi in bands:
        count = _bins(lo, hi, nperseg, fs)
        if count >= 2:
            continue
        better = nperseg * 2
        while better <= n_samples and _bins(lo, hi, better, fs) < 2:
            better *= 2
        fix = (
            f"use a larger --nperseg (e.g. {better}, {hz(fs / better)} Hz resolution) "
            "or a wider band"
            if better <= n_samples
            else f"widen the band: the signal ({n_samples} samples) is too short to resolve it"
        )
        raise CLIError(
            f"--bands: band {num(lo)}-{num(hi)} Hz holds {count} frequency bin(s) of the PSD, "
            f"whose resolution is fs/nperseg = {num(fs)}/{nperseg} = {hz(fs / nperseg)} Hz; "
            f"its integral needs at least 2 and would read 0: {fix}"
        )


def run_bandpower(args):
    """``sigproc bandpower``: a bands x channels table (absolute or relative power).

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`~._io.CLIError`.
    """
    rec, place = load(args)
    check_out(args.out, (".csv", ".npy"), "bandpower")
    _plot.check_plot_path(args.plot)
    bands = parse_bands(args.bands)
    nperseg = segments(args, rec, 1.0)
    check_bands(bands, rec.fs, nperseg, rec.n_samples)

    def compute(data, axis):
        power = place.call(
            sigproc.bandpower,
            place.put(data),
            rec.fs,
            bands,
            axis=axis,
            relative=args.relative,
            nperseg=nperseg,
            noverlap=args.noverlap,
            window=args.window,
        )
        return (power,)

    if rec.chunked:
        (power,) = results(rec, place, *compute(rec.data, rec.axis), name="bandpower")
    else:
        progress = not args.no_progress
        (power,) = by_channel(
            rec.data, rec.axis, compute, per_channel={0}, progress=progress, what="bandpower"
        )
    power = channels_last(power, rec.axis)
    labels = [f"{num(lo)}-{num(hi)}" for lo, hi in bands]
    report = Report(args, "bandpower")
    noverlap = args.noverlap if args.noverlap is not None else nperseg // 2
    parameters = {
        "bands_hz": [list(b) for b in bands],
        "relative": args.relative,
        "nperseg": nperseg,
        "noverlap": noverlap,
        "window": args.window,
        "resolution_hz": rec.fs / nperseg,
    }
    report.start(rec, place, parameters)
    unit = "fraction of total power" if args.relative else power_unit(rec.units)
    kind = "fraction of total power" if args.relative else f"band power [{unit}]"
    report.say(
        f"welch: nperseg {nperseg} ({hz(rec.fs / nperseg)} Hz resolution), window "
        f"{args.window}; {kind}; {seconds(place.elapsed)}\n"
    )
    shown = rec.channels[: 2 * SHOWN_CHANNELS]
    rows = [(label, *(num(p) for p in power[: len(shown), k])) for k, label in enumerate(labels)]
    report.say(table(["band [Hz]", *shown], rows))
    more_channels(report, rec, len(shown))
    report.doc["results"] = {
        "unit": unit,
        "bands_hz": [list(b) for b in bands],
        "power": {c: p for c, p in zip(rec.channels, power, strict=True)},
    }
    if args.out:
        columns = {"band_lo_hz": [b[0] for b in bands], "band_hi_hz": [b[1] for b in bands]}
        columns.update({f"power_{c}": p for c, p in zip(rec.channels, power, strict=True)})
        report.wrote("out", write_columns(args.out, columns, kind="bandpower"))
    if args.plot:
        title = f"{rec.source}: band power, backend {place.label}"
        _plot.plot_bandpower(
            args.plot,
            labels,
            power,
            rec.channels,
            relative=args.relative,
            title=title,
            units=rec.units,
        )
        report.wrote("plot", args.plot)
    return report.finish()
