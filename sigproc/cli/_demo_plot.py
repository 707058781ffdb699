"""``sigproc demo --plot FILE``: the event in both detectors, drawn with matplotlib (Agg).

Three panels sharing one time axis (s from the GPS start of the record): the
whitened band-passed strain of H1 and L1 around the event, then the
spectrogram of each detector's whitened strain on a log frequency axis.
"""

from __future__ import annotations

import numpy as np

from ._demo_pipeline import BAND
from ._demo_science import PICTURE
from ._io import CLIError

__all__ = ["plot_event"]

_COLOURS = {"H1": "tab:red", "L1": "tab:blue"}


def plot_event(path, ref, detectors, *, fs, start, clock, event):
    """Write the figure to `path` (.png, .pdf or .svg; checked before the analysis).

    Parameters
    ----------
    ref : dict
        NumPy results of the analysis (``band-passed``, ``spectrogram``,
        ``f_spec``, ``t_spec``), rows in the order of `detectors`.
    fs, start, event : float
        Sampling rate (Hz), GPS time of the first sample and of the event.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import LogNorm
    from matplotlib.figure import Figure

    (t_lo, t_hi), (f_lo, f_hi) = PICTURE["t"], PICTURE["f"]
    figure = Figure(figsize=(8, 8), layout="constrained")
    FigureCanvasAgg(figure)
    panels = figure.subplot_mosaic(
        [["strain", "."], ["spec0", "bar"], ["spec1", "bar"]], width_ratios=[40, 1]
    )
    axes = [panels["strain"], panels["spec0"], panels["spec1"]]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    band = ref["band-passed"]
    t = np.arange(band.shape[-1]) / fs
    keep = (t >= t_lo) & (t <= t_hi)
    for name, row in zip(detectors, band, strict=True):
        axes[0].plot(t[keep], row[keep], lw=0.9, color=_COLOURS.get(name), label=name)
    axes[0].axvline(event - start, color="0.4", lw=0.8, ls="--", label="catalogue time")
    axes[0].set_ylabel("whitened strain\n(unit variance before the band-pass)")
    axes[0].set_title(
        f"GW150914: whitened strain band-passed {BAND[0]:g}-{BAND[1]:g} Hz (forward-backward)"
    )
    axes[0].legend(fontsize="small", loc="upper left")
    axes[0].grid(alpha=0.3)

    f, ts, sxx = ref["f_spec"], ref["t_spec"], ref["spectrogram"]
    rows = (f >= f_lo / 2) & (f <= f_hi * 1.5) & (f > 0)  # bins just outside: no blank edge
    cols = (ts >= t_lo - 0.05) & (ts <= t_hi + 0.05)
    shown = sxx[:, rows][:, :, cols]
    positive = shown[shown > 0]
    vmin = float(np.median(positive)) if positive.size else 1e-12
    vmax = max(float(shown.max()), vmin * 10)
    norm = LogNorm(vmin=vmin, vmax=vmax)
    for ax, name, power in zip(axes[1:], detectors, shown, strict=True):
        image = ax.pcolormesh(ts[cols], f[rows], power, shading="gouraud", norm=norm, cmap="magma")
        ax.set_yscale("log")
        ax.set_ylim(f_lo, f_hi)
        ticks = [v for v in (30, 50, 100, 200, 300, 500) if f_lo <= v <= f_hi]
        ax.set_yticks(ticks, [f"{v:g}" for v in ticks])
        ax.minorticks_off()
        ax.set_ylabel("frequency [Hz]")
        ax.set_title(f"{name}: spectrogram of the whitened strain", fontsize="medium")
    figure.colorbar(image, cax=panels["bar"], label="PSD of whitened strain [1/Hz]")
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    axes[-1].set_xlabel(f"time [s from {clock} {start:.0f}]")
    axes[-1].set_xlim(t_lo, t_hi)
    try:
        figure.savefig(path, dpi=110)
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None
