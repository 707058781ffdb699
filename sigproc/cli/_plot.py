"""Figures for ``--plot``, drawn with matplotlib's Agg canvas.

No pyplot: the figures never touch the user's interactive backend or global
state, and the command line works on machines without a display.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._io import CLIError

__all__ = ["check_plot_path", "plot_bandpower", "plot_psd", "plot_spectrogram"]

_FORMATS = (".png", ".pdf", ".svg")
_MAX_LINES = 8


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


def _figure(nrows=1, height=4.0):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, height * nrows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(nrows, 1, squeeze=False)[:, 0]
    return figure, axes


def _save(figure, path):
    try:
        figure.savefig(path, dpi=110)
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None


def plot_psd(path, f, psd, channels, *, fmin, fmax, title, asd=False):
    """PSD (and optionally ASD) of each channel on log-log axes; `psd` is (channels, freqs)."""
    keep = (f >= fmin) & (f <= fmax) & (f > 0)
    figure, axes = _figure(2 if asd else 1)
    panels = [(axes[0], psd, "PSD [units²/Hz]")]
    if asd:
        panels.append((axes[1], np.sqrt(psd), "ASD [units/√Hz]"))
    for ax, values, label in panels:
        for name, row in zip(channels[:_MAX_LINES], values[:_MAX_LINES], strict=False):
            ax.loglog(f[keep], row[keep], lw=0.8, label=name)
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        if len(channels) > 1:
            ax.legend(fontsize="small")
    axes[-1].set_xlabel("frequency [Hz]")
    axes[0].set_title(title)
    _save(figure, path)


def plot_spectrogram(path, f, t, sxx, channels, *, fmin, fmax, title):
    """Log power (dB) images, time x frequency, of up to four channels; `sxx` is (ch, f, t)."""
    shown = min(len(channels), 4)
    figure, axes = _figure(shown, height=3.2)
    keep = (f >= fmin) & (f <= fmax)
    floor = np.finfo(np.float64).tiny
    for ax, name, power in zip(axes, channels, sxx, strict=False):
        db = 10 * np.log10(np.maximum(power[keep], floor))
        image = ax.pcolormesh(t, f[keep], db, shading="nearest", cmap="viridis", rasterized=True)
        lo, hi = np.percentile(db, [5, 99.9])
        image.set_clim(lo, hi)
        ax.set_ylabel("frequency [Hz]")
        ax.set_title(name if shown > 1 else title, fontsize="small" if shown > 1 else None)
        figure.colorbar(image, ax=ax, label="power [dB]")
    axes[-1].set_xlabel("time [s]")
    if shown > 1:
        figure.suptitle(title)
    _save(figure, path)


def plot_bandpower(path, labels, power, channels, *, relative, title):
    """Grouped bars: one group per band, one bar per channel; `power` is (channels, bands)."""
    figure, axes = _figure()
    ax = axes[0]
    shown = min(len(channels), _MAX_LINES)
    width = 0.8 / shown
    positions = np.arange(len(labels))
    for i in range(shown):
        ax.bar(positions + (i - (shown - 1) / 2) * width, power[i], width, label=channels[i])
    ax.set_xticks(positions, labels)
    ax.set_xlabel("band [Hz]")
    ax.set_ylabel("fraction of total power" if relative else "band power [units²]")
    if not relative and np.all(power[:shown] > 0):
        ax.set_yscale("log")
    if shown > 1:
        ax.legend(fontsize="small")
    ax.set_title(title)
    _save(figure, path)
