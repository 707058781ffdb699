"""What ``sigproc demo`` reads off its results: noise floor, 60 Hz line, event, picture.

Everything here works on NumPy results (the numpy backend's, or SciPy's when
the numpy backend was not run) for the two detectors, rows 0 (H1) and 1 (L1).
"""

from __future__ import annotations

import numpy as np

from ._table import num

__all__ = ["PICTURE", "arrival_offset", "event_peaks", "picture", "science_lines"]

#: The text picture: time window (s from the start), frequency range (Hz, log axis), size.
PICTURE = {"t": (15.8, 16.6), "f": (30.0, 500.0), "columns": 60, "rows": 16}
#: Seconds left out at each end when looking for the event (taper and filter transients).
EDGE = 2.0
#: Largest H1-L1 delay searched (the light travel time between the sites is 10 ms).
MAX_DELAY = 0.010
_SHADES = " .:-=+*#%@"
_FLOOR_DB, _STEP_DB = 3.0, 1.5  # shading: blank below +3 dB over the median, then 1.5 dB steps


def event_peaks(band, fs):
    """Time (s from the start) and size (in standard deviations) of each row's largest |sample|."""
    n = band.shape[-1]
    lo, hi = int(EDGE * fs), n - int(EDGE * fs)
    inner = band[:, lo:hi]
    index = np.argmax(np.abs(inner), axis=-1)
    size = np.abs(inner[np.arange(len(inner)), index]) / np.std(inner, axis=-1)
    return (lo + index) / fs, size


def arrival_offset(band, fs, around):
    """H1 minus L1 arrival time (s) and the correlation at that lag, within +-10 ms.

    The normalised cross-correlation of the two band-passed whitened strains in
    the 0.3 s ending 50 ms after `around` (s from the start, the H1 peak); the
    lag of the largest |correlation|. A negative correlation means the signal
    is inverted in L1.
    """
    max_lag = round(MAX_DELAY * fs)
    start, stop = round((around - 0.25) * fs), round((around + 0.05) * fs)
    start, stop = max(start, max_lag), min(stop, band.shape[-1] - max_lag)
    h1 = band[0, start:stop]
    lags = np.arange(-max_lag, max_lag + 1)
    segments = np.stack([band[1, start - lag : stop - lag] for lag in lags])
    corr = segments @ h1 / np.sqrt(np.sum(segments**2, axis=-1) * np.sum(h1**2))
    best = int(np.argmax(np.abs(corr)))
    return lags[best] / fs, float(corr[best])


def science_lines(ref, detectors, *, fs, start, event, clock):
    """The printed findings: noise floor, 60 Hz line, event peak and H1-L1 offset."""
    f, asd = ref["f"], ref["ASD"]
    lines = ["noise floor (ASD, strain/√Hz):"]
    for name, row in zip(detectors, asd, strict=True):
        at = [row[np.argmin(np.abs(f - q))] for q in (100.0, 200.0)]
        lines.append(f"  {name}: {num(at[0], 3)} at 100 Hz, {num(at[1], 3)} at 200 Hz")
    lines.append("60 Hz mains line (ASD at its peak vs the median of 50-70 Hz without 58-62 Hz):")
    near = (np.abs(f - 60) > 2) & (np.abs(f - 60) < 10)
    window = np.abs(f - 60) <= 1
    for name, row in zip(detectors, asd, strict=True):
        k = np.flatnonzero(window)[np.argmax(row[window])]
        ratio = row[k] / np.median(row[near])
        lines.append(f"  {name}: {num(row[k], 3)} at {f[k]:.2f} Hz, x{num(ratio, 3)} the floor")
    band = ref["band-passed"]
    times, sizes = event_peaks(band, fs)
    lines.append(
        f"largest |whitened 35-350 Hz strain| (s from {clock} {start:.0f}, "
        f"the {EDGE:g} s at each end left out):"
    )
    for name, t, size in zip(detectors, times, sizes, strict=True):
        lines.append(
            f"  {name}: t = {t:.3f} s ({clock} {start + t:.3f}), {size:.1f} standard deviations"
        )
    lines.append(f"  catalogue time of GW150914: t = {event - start:.2f} s ({clock} {event:.2f})")
    delay, corr = arrival_offset(band, fs, times[0])
    first = "L1" if delay > 0 else "H1"
    sign = "inverted" if corr < 0 else "same sign"
    lines.append(
        f"H1 - L1 arrival (cross-correlation within ±{MAX_DELAY * 1e3:.0f} ms): "
        f"{delay * 1e3:+.1f} ms ({first} first), correlation {corr:+.2f} ({sign} in L1)"
    )
    return lines


def picture(f, t, sxx, *, name, start, clock):
    """A text time-frequency picture of one spectrogram of whitened strain.

    `sxx` is (frequencies, segments); `t` in s from the start. Each cell shows
    the mean power over the segments in its column, interpolated at the
    cell's (log-spaced) frequency, in dB over the median of the picture's
    range: blank below +3 dB, then one shade per 1.5 dB.
    """
    (t_lo, t_hi), (f_lo, f_hi) = PICTURE["t"], PICTURE["f"]
    columns, rows = PICTURE["columns"], PICTURE["rows"]
    t_edges = np.linspace(t_lo, t_hi, columns + 1)
    f_edges = np.geomspace(f_lo, f_hi, rows + 1)
    f_centres = np.sqrt(f_edges[:-1] * f_edges[1:])
    column = np.clip(np.searchsorted(t_edges, t, side="right") - 1, -1, columns)
    image = np.empty((rows, columns))
    for c in range(columns):
        inside = column == c
        if inside.any():
            mean = sxx[:, inside].mean(axis=1)
        else:  # segments sparser than columns: the nearest one
            mean = sxx[:, np.argmin(np.abs(t - (t_edges[c] + t_edges[c + 1]) / 2))]
        image[:, c] = np.interp(f_centres, f, mean)
    reference = np.median(sxx[(f >= f_lo) & (f <= f_hi)])
    db = 10 * np.log10(np.maximum(image, np.finfo(float).tiny) / reference)
    level = np.clip(np.floor((db - _FLOOR_DB) / _STEP_DB) + 1, 0, len(_SHADES) - 1).astype(int)
    top = _FLOOR_DB + _STEP_DB * (len(_SHADES) - 2)
    lines = [
        f"{name}: spectrogram of the whitened strain, {f_lo:g}-{f_hi:g} Hz on a log axis "
        f"('{_SHADES[1]}' +{_FLOOR_DB:g} dB ... '{_SHADES[-1]}' +{top:g} dB over the median)"
    ]
    lines += [
        f"{f_centres[r]:4.0f} Hz |" + "".join(_SHADES[k] for k in level[r])
        for r in range(rows - 1, -1, -1)
    ]
    axis = [" "] * columns
    labels = np.arange(np.ceil(t_lo * 10), np.floor(t_hi * 10) + 1, 2) / 10
    ticks = "        +" + "-" * columns
    for value in labels:
        text = f"{value:.1f}"
        i = min(round((value - t_lo) / (t_hi - t_lo) * columns), columns - len(text))
        axis[i : i + len(text)] = text
    lines += [ticks, "         " + "".join(axis) + f" s from {clock} {start:.0f}"]
    return lines
