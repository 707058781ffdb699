"""The subcommands that analyse a recording: psd, spectrogram, bandpower, filter, backends.

Each ``run_<name>(args)`` reads the input, checks every option before it
computes, runs the library through a :class:`~._compute.Placement`, prints a
report and writes ``--out``/``--plot``. It returns the exit status.

With ``--chunks`` the recording is a dask array: the library call only builds
a graph, and everything the report and the outputs need (the result, the
count of non-finite input samples, rms values) is computed in one pass over
the input by :meth:`~._compute.Placement.compute`. Spectra, band powers and
spectrograms come back to memory (a spectrogram must fit: choose ``--nperseg``
and ``--noverlap`` accordingly); a filtered signal is written to ``.npy``
(memory-mapped) or ``.zarr`` chunk by chunk and never held whole.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

import sigproc

from . import _plot
from ._compute import placement, to_numpy
from ._io import CLIError, NpyTarget, read_recording, save_array, write_columns
from ._table import hz, num, seconds, table

__all__ = ["run_backends", "run_bandpower", "run_filter", "run_psd", "run_spectrogram"]

_SHOWN_CHANNELS = 4


def _load(args):
    chunks = args.chunks
    if chunks is None and args.scheduler is not None:
        chunks = "auto"
    place = placement(
        args.backend,
        args.device,
        chunked=chunks is not None,
        scheduler=args.scheduler,
        progress=not args.no_progress,
    )
    rec = read_recording(args.input, key=args.key, fs=args.fs, axis=args.axis, chunks=chunks)
    return rec, place


def _header(command, rec, place):
    n = rec.n_samples
    chunks = ""
    if rec.chunked:
        size = rec.data.chunks[rec.axis][0]
        chunks = f", {rec.n_chunks} chunk(s) of {size} samples"
    return (
        f"sigproc {command}: {rec.source}: {len(rec.channels)} channel(s) x {n} samples, "
        f"fs {num(rec.fs, 6)} Hz ({num(n / rec.fs, 4)} s), backend {place.label}{chunks}"
    )


def _results(rec, place, *values, name, extra=()):
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


def _check_fits(nbytes, what, advice):
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


def _channels_last(array, axis):
    """(channels, ...) view of a result whose axis `axis` replaced the time axis."""
    moved = np.moveaxis(array, axis, -1)
    return moved.reshape(-1, moved.shape[-1])


def _default_nperseg(rec, seconds_per_segment):
    """The power of two nearest ``fs * seconds_per_segment``, at most the signal length."""
    target = max(rec.fs * seconds_per_segment, 8.0)
    return int(min(2 ** round(np.log2(target)), rec.n_samples))


def _segments(args, rec, seconds_per_segment):
    if rec.n_samples < 2:
        raise CLIError(f"the signal has {rec.n_samples} sample(s); a spectrum needs at least 2")
    nperseg = args.nperseg or _default_nperseg(rec, seconds_per_segment)
    if nperseg > rec.n_samples:
        raise CLIError(f"--nperseg {nperseg} is longer than the signal ({rec.n_samples} samples)")
    if args.noverlap is not None and args.noverlap >= nperseg:
        raise CLIError(f"--noverlap {args.noverlap} must be less than --nperseg {nperseg}")
    return nperseg


def _freq_range(args, rec, f):
    fmin = f[1] if args.fmin is None and f.size > 1 else (args.fmin or 0.0)
    fmax = rec.fs / 2 if args.fmax is None else args.fmax
    if fmin >= fmax:
        raise CLIError(f"--fmin {num(fmin)} must be below --fmax {num(fmax)}")
    if fmin > rec.fs / 2:
        raise CLIError(f"--fmin {num(fmin)} Hz is above the Nyquist frequency {num(rec.fs / 2)} Hz")
    return fmin, fmax


def _check_out(path, allowed, what):
    if path is not None and Path(path).suffix.lower() not in allowed:
        raise CLIError(
            f"--out for {what} must end in {' or '.join(allowed)}, got {Path(path).name!r}"
        )


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


def run_psd(args):
    """``sigproc psd``: Welch PSD, a table of PSD/ASD and of narrow lines, ``--out``, ``--plot``.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options (see ``sigproc psd --help``).

    Returns
    -------
    int
        Exit status 0; problems raise :class:`CLIError`.
    """
    rec, place = _load(args)
    _check_out(args.out, (".csv", ".npy"), "psd")
    _plot.check_plot_path(args.plot)
    nperseg = _segments(args, rec, 1.0)
    f, pxx = place.call(
        sigproc.welch,
        place.put(rec.data),
        fs=rec.fs,
        window=args.window,
        nperseg=nperseg,
        noverlap=args.noverlap,
        average=args.average,
        axis=rec.axis,
    )
    f, pxx = _results(rec, place, f, pxx, name="welch")
    psd = _channels_last(pxx, rec.axis)
    fmin, fmax = _freq_range(args, rec, f)
    print(_header("psd", rec, place))
    print(
        f"welch: nperseg {nperseg} ({hz(rec.fs / nperseg)} Hz resolution), noverlap "
        f"{args.noverlap if args.noverlap is not None else nperseg // 2}, window {args.window}, "
        f"average {args.average}; {seconds(place.elapsed)}"
    )
    band = (f >= fmin) & (f <= fmax)
    grid = np.unique(np.searchsorted(f, np.geomspace(max(fmin, f[1]), fmax, 8)).clip(0, f.size - 1))
    for name, row in list(zip(rec.channels, psd, strict=True))[:_SHOWN_CHANNELS]:
        rms = np.sqrt(np.trapezoid(row[band], f[band])) if band.sum() > 1 else float("nan")
        print(f"\nchannel {name}: rms in {hz(fmin)}-{hz(fmax)} Hz = {num(rms)}")
        rows = [(hz(f[i]), num(row[i]), num(np.sqrt(row[i]))) for i in grid]
        print(table(["frequency [Hz]", "PSD [units²/Hz]", "ASD [units/√Hz]"], rows))
        peaks, ratio = _lines(f, row, fmin, fmax, args.lines)
        if peaks.size:
            print(f"  strongest narrow lines in {hz(fmin)}-{hz(fmax)} Hz:")
            rows = [
                (hz(f[i]), num(row[i]), num(np.sqrt(row[i])), f"x{num(ratio[i], 3)}")
                for i in sorted(peaks, key=lambda i: f[i])
            ]
            print(table(["frequency [Hz]", "PSD", "ASD", "over continuum"], rows))
    _more_channels(rec)
    if args.out:
        columns = {
            "frequency_hz": f,
            **{f"psd_{c}": p for c, p in zip(rec.channels, psd, strict=True)},
        }
        print(f"wrote {write_columns(args.out, columns, kind='psd')}")
    if args.plot:
        title = f"{rec.source}: Welch PSD, nperseg {nperseg}, backend {place.label}"
        _plot.plot_psd(
            args.plot, f, psd, rec.channels, fmin=fmin, fmax=fmax, title=title, asd=args.asd
        )
        print(f"wrote {args.plot}")
    return 0


def _more_channels(rec):
    if len(rec.channels) > _SHOWN_CHANNELS:
        print(f"\n({len(rec.channels) - _SHOWN_CHANNELS} more channel(s) not shown; see --out)")


def run_spectrogram(args):
    """``sigproc spectrogram``: power per time and frequency, loudest bin, ``--out``, ``--plot``.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`CLIError`.
    """
    rec, place = _load(args)
    _check_out(args.out, (".npz", ".npy", ".csv"), "spectrogram")
    _plot.check_plot_path(args.plot)
    nperseg = _segments(args, rec, 0.125)
    f, t, sxx = place.call(
        sigproc.spectrogram,
        place.put(rec.data),
        fs=rec.fs,
        window=args.window,
        nperseg=nperseg,
        noverlap=args.noverlap,
        axis=rec.axis,
    )
    if rec.chunked and not any(math.isnan(n) for n in sxx.shape):
        _check_fits(
            math.prod(sxx.shape) * sxx.dtype.itemsize,
            "spectrogram",
            "use a larger --nperseg or a smaller --noverlap",
        )
    f, t, sxx = _results(rec, place, f, t, sxx, name="spectrogram")
    images = np.moveaxis(sxx, rec.axis, -2)
    images = images.reshape(-1, *images.shape[-2:])
    fmin, fmax = _freq_range(args, rec, f)
    print(_header("spectrogram", rec, place))
    step = t[1] - t[0] if t.size > 1 else nperseg / rec.fs
    print(
        f"spectrogram: {f.size} frequencies ({hz(f[1] - f[0])} Hz apart) x {t.size} times "
        f"({num(step * 1e3)} ms apart), nperseg {nperseg}, window {args.window}; "
        f"{seconds(place.elapsed)}"
    )
    keep = (f >= fmin) & (f <= fmax)
    rows = []
    for name, image in zip(rec.channels, images, strict=True):
        part = image[keep]
        i, j = np.unravel_index(np.argmax(part), part.shape)
        rows.append((name, num(np.median(part)), num(part[i, j]), hz(f[keep][i]), num(t[j], 5)))
    print(f"\nloudest time-frequency bin in {hz(fmin)}-{hz(fmax)} Hz:")
    heads = ["channel", "median power [units²/Hz]", "max power", "at f [Hz]", "at t [s]"]
    print(table(heads, rows[: 4 * _SHOWN_CHANNELS]))
    if args.out:
        _write_spectrogram(args.out, f, t, sxx, images, rec.channels)
        print(f"wrote {args.out}")
    if args.plot:
        title = f"{rec.source}: spectrogram, nperseg {nperseg}, backend {place.label}"
        _plot.plot_spectrogram(
            args.plot, f, t, images, rec.channels, fmin=fmin, fmax=fmax, title=title
        )
        print(f"wrote {args.plot}")
    return 0


def _write_spectrogram(path, f, t, sxx, images, channels):
    suffix = Path(path).suffix.lower()
    if suffix == ".npz":
        save_array(path, {"f": f, "t": t, "Sxx": sxx}, allowed=(".npz",))
    elif suffix == ".npy":
        save_array(path, sxx)
    else:  # long format: one row per (time, frequency)
        tt, ff = np.meshgrid(t, f, indexing="ij")
        columns = {"time_s": tt.ravel(), "frequency_hz": ff.ravel()}
        columns.update({f"power_{c}": im.T.ravel() for c, im in zip(channels, images, strict=True)})
        write_columns(path, columns, kind="spectrogram")


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


def _check_bands(bands, fs):
    for lo, hi in bands:
        if not 0 <= lo < hi <= fs / 2:
            raise CLIError(
                f"band {num(lo)}-{num(hi)} Hz is not inside [0, fs/2 = {num(fs / 2)} Hz] "
                "with its low edge below its high edge"
            )


def run_bandpower(args):
    """``sigproc bandpower``: a bands x channels table (absolute or relative power).

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`CLIError`.
    """
    rec, place = _load(args)
    _check_out(args.out, (".csv", ".npy"), "bandpower")
    _plot.check_plot_path(args.plot)
    bands = parse_bands(args.bands)
    _check_bands(bands, rec.fs)
    nperseg = _segments(args, rec, 1.0)
    power = place.call(
        sigproc.bandpower,
        place.put(rec.data),
        rec.fs,
        bands,
        axis=rec.axis,
        relative=args.relative,
        nperseg=nperseg,
        noverlap=args.noverlap,
        window=args.window,
    )
    (power,) = _results(rec, place, power, name="bandpower")
    power = _channels_last(power, rec.axis)
    labels = [f"{num(lo)}-{num(hi)}" for lo, hi in bands]
    print(_header("bandpower", rec, place))
    kind = "fraction of total power" if args.relative else "band power [units²]"
    print(f"welch: nperseg {nperseg}, window {args.window}; {kind}; {seconds(place.elapsed)}\n")
    shown = rec.channels[: 2 * _SHOWN_CHANNELS]
    rows = [(label, *(num(p) for p in power[: len(shown), k])) for k, label in enumerate(labels)]
    print(table(["band [Hz]", *shown], rows))
    if len(rec.channels) > len(shown):
        print(f"({len(rec.channels) - len(shown)} more channel(s) not shown; see --out)")
    if args.out:
        columns = {"band_lo_hz": [b[0] for b in bands], "band_hi_hz": [b[1] for b in bands]}
        columns.update({f"power_{c}": p for c, p in zip(rec.channels, power, strict=True)})
        print(f"wrote {write_columns(args.out, columns, kind='bandpower')}")
    if args.plot:
        title = f"{rec.source}: band power, backend {place.label}"
        _plot.plot_bandpower(
            args.plot, labels, power, rec.channels, relative=args.relative, title=title
        )
        print(f"wrote {args.plot}")
    return 0


def _design(args, fs):
    nyquist = fs / 2
    if args.band is not None:
        lo, hi = args.band
        if not 0 < lo < hi < nyquist:
            raise CLIError(
                f"--band {num(lo)} {num(hi)}: need 0 < LO < HI < fs/2 = {num(nyquist)} Hz"
            )
        return [lo, hi], "bandpass", f"band-pass {num(lo)}-{num(hi)} Hz"
    edge, btype = (
        (args.lowpass, "lowpass") if args.lowpass is not None else (args.highpass, "highpass")
    )
    if not 0 < edge < nyquist:
        raise CLIError(f"--{btype} {num(edge)}: need 0 < F < fs/2 = {num(nyquist)} Hz")
    return edge, btype, f"{btype[:-4]}-pass {num(edge)} Hz"


def run_filter(args):
    """``sigproc filter``: Butterworth SOS filter, zero-phase or causal; rms before/after.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0; problems raise :class:`CLIError`.
    """
    rec, place = _load(args)
    _check_out(args.out, (".npy", ".zarr") if rec.chunked else (".npy", ".csv"), "filter")
    wn, btype, description = _design(args, rec.fs)
    try:
        sos = sigproc.butter(args.butter, wn, btype, fs=rec.fs, output="sos")
    except ValueError as exc:
        raise CLIError(f"butter: {' '.join(str(exc).split())}") from None
    x = place.put(rec.data)
    if args.zero_phase:
        y = place.call(sigproc.sosfiltfilt, sos, x, axis=rec.axis)
    else:
        y = place.call(sigproc.sosfilt, sos, x, axis=rec.axis)
    if rec.chunked:
        name = "sosfiltfilt" if args.zero_phase else "sosfilt"
        rms_before, rms_after = _write_chunked(args.out, y, rec, place, name=name)
    else:
        y = to_numpy(y)
        before = _channels_last(rec.data, rec.axis)
        after = _channels_last(y, rec.axis)
        rms_before, rms_after = [_rms(a) for a in before], [_rms(b) for b in after]
    mode = "zero-phase (sosfiltfilt)" if args.zero_phase else "causal (sosfilt)"
    print(_header("filter", rec, place))
    print(
        f"butter order {args.butter} {description}, {len(sos)} second-order sections, "
        f"{mode}; {seconds(place.elapsed)}\n"
    )
    rows = [
        (name, num(a), num(b), num(b / a) if a else "-")
        for name, a, b in zip(rec.channels, rms_before, rms_after, strict=True)
    ]
    print(table(["channel", "rms before", "rms after", "ratio"], rows[: 4 * _SHOWN_CHANNELS]))
    if not rec.chunked:
        if Path(args.out).suffix.lower() == ".npy":
            save_array(args.out, y)
        else:
            columns = {c: v for c, v in zip(rec.channels, after, strict=True)}
            write_columns(args.out, columns, kind="filter")
    print(f"wrote {args.out}")
    return 0


def _rms(values):
    return float(np.sqrt(np.mean(np.abs(values) ** 2)))


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

    def rms(values):
        return da.sqrt(da.mean(abs(values) ** 2, axis=rec.axis)).ravel()

    try:
        before, after, _ = _results(rec, place, rms(rec.data), rms(y), name=name, extra=(store,))
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


#: Public names that call another public function as they are (SciPy's aliases).
_ALIASES = {"sosfreqz": "freqz_sos"}


def _host_functions(support):
    """Public functions that do not dispatch: SciPy on the host (design, windows, ...).

    Classes are left out (the LTI classes are SciPy's; the transforms of
    ``ShortTimeFFT``, ``CZT`` and ``ZoomFFT`` dispatch through functions listed).
    """
    controls = set(sigproc.dispatch.__all__) | {"fft", "windows"}
    found = []
    for prefix, module in (("", sigproc), ("fft.", sigproc.fft), ("windows.", sigproc.windows)):
        for name in module.__all__:
            value = getattr(module, name)
            public = prefix + name
            if name in controls or public in support or isinstance(value, type):
                continue
            if callable(value) and not hasattr(value, "multimethod"):
                found.append(public)
    return found


def run_backends(args):
    """``sigproc backends``: one row per backend from :func:`sigproc.list_backends`.

    With ``--table`` also the function x backend table of
    :func:`sigproc.dispatch.support_table`, with the functions computed on
    the host (filter design, windows, conversions) marked "host";
    ``--markdown`` prints only that table, as rendered into ``docs/support.md``.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0.
    """
    rows = [
        (
            info.name,
            ", ".join(info.aliases) or "-",
            "yes" if info.installed else "no",
            ", ".join(info.devices) or "-",
            "yes" if info.in_chain else "no",
            info.note,
        )
        for info in sigproc.list_backends()
    ]
    support = sigproc.dispatch.support_table()
    names = list(next(iter(support.values())))
    support.update({alias: support[target] for alias, target in _ALIASES.items()})
    support.update({f: dict.fromkeys(names, "host") for f in _host_functions(support)})
    support = dict(sorted(support.items()))
    if args.markdown:
        print("| function | " + " | ".join(names) + " |")
        print("|---" * (len(names) + 1) + "|")
        for func, row in support.items():
            print(f"| `{func}` | " + " | ".join(row[n] for n in names) + " |")
        return 0
    print(f"sigproc {sigproc.__version__} backends (tried in this order for automatic dispatch):")
    print(table(["backend", "aliases", "installed", "devices", "automatic", "note"], rows))
    if args.table:
        print("\nhow each backend runs each function:")
        print(table(["function", *names], [(f, *r.values()) for f, r in support.items()]))
    return 0


def run_example(args):
    """``sigproc example``: write the built-in GW150914 recording for the other commands.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0.
    """
    out = Path(args.out)
    if out.suffix != ".npz":
        raise CLIError(f"--out must be a .npz file, got {out.name}")
    records = [sigproc.datasets.gw150914(d) for d in ("H1", "L1")]
    strain = np.stack([r.data for r in records])
    try:
        np.savez(out, strain=strain, fs=records[0].fs, gps_start=records[0].start)
    except OSError as exc:
        raise CLIError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(
        f"wrote {out}: strain of GW150914, LIGO H1 and L1 (2 channels x {strain.shape[1]} "
        f"samples, {records[0].fs:g} Hz, GPS {records[0].start:.0f}, event at "
        f"{records[0].event - records[0].start:.2f} s); {records[0].attribution}"
    )
    return 0
