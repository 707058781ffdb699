"""Figures for ``--plot``, drawn with matplotlib's Agg canvas.

No pyplot: the figures never touch the user's interactive backend or global
state, and the command line works on machines without a display. Every
channel given to a plot is drawn (the commands refuse more spectrogram panels
than :data:`MAX_PANELS` before computing). Spectrogram images are reduced to
the pixels of their axes by the MAXIMUM of the bins each pixel covers, so a
narrow tone is never averaged or resampled away.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._io import CLIError
from ._units import asd_unit, power_unit, psd_unit

__all__ = [
    "MAX_PANELS",
    "check_panels",
    "check_plot_path",
    "plot_bandpower",
    "plot_psd",
    "plot_spectrogram",
    "reduce_max",
]

_FORMATS = (".png", ".pdf", ".svg")
#: At most this many channels get a legend entry; more are drawn without a legend.
_LEGEND_MAX = 10
#: Spectrogram panels (one per channel) in one figure.
MAX_PANELS = 8
_DPI = 110


def check_plot_path(path):
    """Fail early (before any computation) on a bad ``--plot`` name or missing matplotlib."""
    if path is None:
        return
    if Path(path).suffix.lower() not in _FORMATS:
        raise CLIError(f"--plot must end in one of {', '.join(_FORMATS)}, got {Path(path).name!r}")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise CLIError("--plot needs matplotlib (pip install 'sigproc[plot]')") from None


def check_panels(n_channels):
    """CLIError (before computing) when a spectrogram plot would need too many panels."""
    if n_channels > MAX_PANELS:
        raise CLIError(
            f"--plot draws one spectrogram panel per channel, at most {MAX_PANELS}; the "
            f"input has {n_channels} channels: pick some with --channels (e.g. --channels "
            f"0-{MAX_PANELS - 1}) or leave out --plot"
        )


def _figure(nrows=1, height=4.0):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, height * nrows), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(nrows, 1, squeeze=False)[:, 0]
    return figure, axes


def _save(figure, path):
    try:
        figure.savefig(path, dpi=_DPI)
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None


def _legend(ax, channels):
    if 1 < len(channels) <= _LEGEND_MAX:
        ax.legend(fontsize="small")


def plot_psd(path, f, psd, channels, *, fmin, fmax, title, units=None, asd=False):
    """PSD (or with `asd` the ASD) of every channel on log-log axes; `psd` is (channels, freqs)."""
    keep = (f >= fmin) & (f <= fmax) & (f > 0)
    figure, axes = _figure()
    ax = axes[0]
    values, label = (np.sqrt(psd), f"ASD [{asd_unit(units)}]") if asd else (psd, None)
    for name, row in zip(channels, values, strict=True):
        ax.loglog(f[keep], row[keep], lw=0.8, label=name)
    ax.set_ylabel(label or f"PSD [{psd_unit(units)}]")
    ax.grid(True, which="both", alpha=0.3)
    _legend(ax, channels)
    ax.set_xlabel("frequency [Hz]")
    if len(channels) > _LEGEND_MAX:
        title += f" ({len(channels)} channels)"
    ax.set_title(title)
    _save(figure, path)


def reduce_max(values, rows, cols):
    """`values` (freqs, times) reduced to at most `rows` x `cols` by the maximum of each block.

    Axes already within their limit are kept; otherwise consecutive bins are
    grouped into `rows` (`cols`) nearly equal groups and each group replaced
    by its maximum, so that a peak one bin wide survives.
    """
    for axis, limit in ((0, rows), (1, cols)):
        n = values.shape[axis]
        if n > limit >= 1:
            starts = np.unique((np.arange(limit) * n) // limit)
            values = np.maximum.reduceat(values, starts, axis=axis)
    return values


def _edges(values):
    step = values[1] - values[0] if values.size > 1 else 1.0
    return values[0] - step / 2, values[-1] + step / 2


def plot_spectrogram(path, f, t, sxx, channels, *, fmin, fmax, title, units=None, time_label):
    """Power in dB, frequency x time, one panel per channel; `sxx` is (channels, f, t).

    Each image is drawn at (at most) the pixel size of its axes: the power is
    reduced by :func:`reduce_max` to that many rows and columns once the
    layout is fixed, and shown with nearest-neighbour interpolation.
    """
    check_panels(len(channels))
    shown = len(channels)
    figure, axes = _figure(shown, height=3.2 if shown <= 4 else 2.4)
    keep = (f >= fmin) & (f <= fmax)
    floor = np.finfo(np.float64).tiny
    extent = (*_edges(t), *_edges(f[keep]))
    drawn = []
    for ax, name, power in zip(axes, channels, sxx, strict=True):
        power = np.asarray(power[keep], dtype=np.float64)
        db = 10 * np.log10(np.maximum(power, floor))
        lo, hi = np.percentile(db, [5, 99.9])
        image = ax.imshow(
            db,
            origin="lower",
            aspect="auto",
            interpolation="nearest",
            extent=extent,
            cmap="viridis",
            vmin=lo,
            vmax=hi if hi > lo else lo + 1,
        )
        ax.set_ylabel("frequency [Hz]")
        ax.set_title(name if shown > 1 else title, fontsize="small" if shown > 1 else None)
        figure.colorbar(image, ax=ax, label=f"power [dB re 1 {psd_unit(units)}]")
        drawn.append((ax, image, power))
    axes[-1].set_xlabel(time_label)
    if shown > 1:
        figure.suptitle(title)
    figure.canvas.draw()  # fixes the layout: each axes' size in pixels
    for ax, image, power in drawn:
        box = ax.get_window_extent()
        reduced = reduce_max(power, int(box.height), int(box.width))
        image.set_data(10 * np.log10(np.maximum(reduced, floor)))
    _save(figure, path)


def plot_bandpower(path, labels, power, channels, *, relative, title, units=None):
    """Grouped bars: one group per band, one bar per channel; `power` is (channels, bands)."""
    figure, axes = _figure()
    ax = axes[0]
    shown = len(channels)
    width = 0.8 / shown
    positions = np.arange(len(labels))
    for i in range(shown):
        ax.bar(positions + (i - (shown - 1) / 2) * width, power[i], width, label=channels[i])
    ax.set_xticks(positions, labels)
    ax.set_xlabel("band [Hz]")
    ax.set_ylabel("fraction of total power" if relative else f"band power [{power_unit(units)}]")
    if not relative and np.all(power > 0):
        ax.set_yscale("log")
    _legend(ax, channels)
    if shown > _LEGEND_MAX:
        title += f" ({shown} channels)"
    ax.set_title(title)
    _save(figure, path)
