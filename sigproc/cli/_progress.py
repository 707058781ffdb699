"""A progress bar for long in-memory work, computed in pieces whose results equal one call's.

Large in-memory inputs (more than :data:`SPLIT_SAMPLES` samples) are processed
in pieces with a tqdm bar on stderr that appears only once the work has taken
:data:`DELAY_S` seconds: batches of channels for ``psd``, ``bandpower``,
``filter`` and ``whiten`` (each channel is computed on its own, so a batch
gives the same numbers as the whole), and for ``spectrogram`` blocks of time
aligned to the hop between segments (every segment lies whole in one block).
Small inputs, ``--no-progress`` and machines without tqdm run one call and
print nothing. Chunked (dask) work keeps dask's own progress bar.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from ._compute import to_numpy

__all__ = ["DELAY_S", "PIECE_SAMPLES", "SPLIT_SAMPLES", "by_channel", "spectrogram_by_time"]

#: In-memory work on more samples than this runs in pieces with a progress bar.
SPLIT_SAMPLES = 10_000_000
#: About this many samples per piece.
PIECE_SAMPLES = 2_000_000
#: The bar shows only once the work has run this long (seconds).
DELAY_S = 1.0


def _bar(total, what, unit):
    """A tqdm bar on stderr, or None without tqdm."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=what, unit=unit, delay=DELAY_S, file=sys.stderr, leave=False)


def _large(data, progress):
    return progress and isinstance(data, np.ndarray) and data.size > SPLIT_SAMPLES


def by_channel(data, axis, compute, *, per_channel, progress, what):
    """``compute(data, axis)``, in batches of channels with a progress bar when it is large.

    Parameters
    ----------
    data : numpy.ndarray
        Samples, time along `axis`.
    axis : int
        Time axis (non-negative).
    compute : callable
        ``compute(x, axis)`` -> tuple of results (any array library) for
        signal `x`; called once on `data`, or on ``(channels, time)`` batches
        with ``axis=-1``.
    per_channel : set of int
        Indices of the results that have one row per channel with `axis`
        replaced by their first non-channel axis (``Pxx``, band power, a
        filtered signal; a spectrogram's ``Sxx`` with its time axis last);
        the others (frequencies, times) are taken from the first batch.
    progress : bool
        ``--no-progress`` turns the pieces and the bar off.
    what : str
        The bar's label.

    Returns
    -------
    tuple
        The results of one call on `data`, in NumPy.
    """
    n = data.shape[axis]
    other = data.shape[:axis] + data.shape[axis + 1 :]
    n_channels = math.prod(other)
    batch = max(1, PIECE_SAMPLES // max(n, 1))
    bar = _bar(n_channels, what, "channel") if _large(data, progress) else None
    if bar is None or batch >= n_channels:
        if bar is not None:
            bar.close()
        return to_numpy(tuple(compute(data, axis)))
    rows = np.moveaxis(data, axis, -1).reshape(n_channels, n)
    parts = []
    with bar:
        for first in range(0, n_channels, batch):
            piece = rows[first : first + batch]
            parts.append(to_numpy(tuple(compute(piece, -1))))
            bar.update(piece.shape[0])
    results = []
    for i, first_part in enumerate(parts[0]):
        if i not in per_channel:
            results.append(first_part)
            continue
        joined = np.concatenate([part[i] for part in parts])
        joined = joined.reshape(*other, *joined.shape[1:])
        results.append(np.moveaxis(joined, len(other), axis))
    return tuple(results)


def spectrogram_by_time(data, axis, compute, *, nperseg, noverlap, fs, progress):
    """``compute(data)`` -> (f, t, Sxx) of a spectrogram, in blocks of time when it is large.

    Block ``b`` holds the segments ``k0 <= k < k1``, the samples
    ``k0 * step`` to ``(k1 - 1) * step + nperseg`` (``step = nperseg -
    noverlap``); the blocks' ``Sxx`` are joined along their last (time) axis
    and ``t`` is SciPy's grid for the whole signal.
    """
    n = data.shape[axis]
    step = nperseg - noverlap
    n_segments = (n - nperseg) // step + 1
    channels = max(1, data.size // max(n, 1))
    per_block = max(1, (PIECE_SAMPLES // channels - nperseg) // step + 1)
    blocks = range(0, n_segments, per_block)
    bar = _bar(len(blocks), "spectrogram", "block") if _large(data, progress) else None
    if bar is None or len(blocks) < 2:
        if bar is not None:
            bar.close()
        return to_numpy(tuple(compute(data)))
    parts = []
    with bar:
        for k0 in blocks:
            k1 = min(k0 + per_block, n_segments)
            index = [slice(None)] * data.ndim
            index[axis] = slice(k0 * step, (k1 - 1) * step + nperseg)
            parts.append(to_numpy(tuple(compute(data[tuple(index)]))))
            bar.update()
    f = parts[0][0]
    sxx = np.concatenate([part[2] for part in parts], axis=-1)
    t = np.arange(nperseg / 2, n - nperseg / 2 + 1, step) / float(fs)
    return f, t.astype(parts[0][1].dtype, copy=False), sxx
