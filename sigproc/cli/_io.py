"""Reading recordings and writing results for the command line.

:func:`read_recording` returns a :class:`Recording`: the samples, the sampling
rate, the axis that is time, one label per channel and what the file says
about units and start time. The readers per format are in ``_readers``,
``_io_lazy`` (HDF5, Zarr, memory-mapped NPY) and ``_io_audio`` (soundfile,
pyedflib); the writers in ``_io_write``. Problems with the file become
:class:`CLIError`, which ``main`` prints as one line; a reader's Python
warnings become notes (or a CLIError) and never reach the user.

With ``chunks`` (``--chunks``) the recording is a lazy ``dask.array.Array``
chunked along time only (every other axis whole): ``.npy`` files through a
memory map, HDF5 datasets and Zarr arrays read chunk by chunk when a task
needs them, so the file may be larger than memory. The other formats cannot
be read in part: they are read into memory, then chunked.
The readers that stay lazy open the file inside each task (small picklable
sources), so the ``processes`` and distributed schedulers work too (their
workers must see the same file system). Lazy data is not scanned for NaN
here (that would read the file twice): the commands count non-finite samples
in the same pass that computes their result.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np

from ._io_types import MIN_SAMPLES, CLIError, Read, Recording

__all__ = [
    "AUTO_CHUNK_BYTES",
    "FORMATS",
    "MIN_SAMPLES",
    "CLIError",
    "NpyTarget",
    "Read",
    "Recording",
    "cut",
    "read_recording",
    "require_dask",
    "write_columns",
    "write_signal",
]

FORMATS = (
    ".npy", ".npz", ".wav", ".csv", ".hdf5", ".h5", ".zarr", ".mat",
    ".edf", ".bdf", ".flac", ".ogg", ".aiff",
)  # fmt: skip
#: ``--chunks auto``: about this many bytes per chunk (all channels of a time slice).
AUTO_CHUNK_BYTES = 64 * 2**20
_ZARR_MARKERS = ("zarr.json", ".zarray", ".zgroup")  # a Zarr store under another name


def read_recording(path, *, key=None, fs=None, axis=None, chunks=None):
    """Read a recording and check it is usable.

    Parameters
    ----------
    path : str or Path
        One of :data:`FORMATS`: ``.npy``, ``.npz``, ``.wav``, ``.csv``, GWOSC
        ``.hdf5``/``.h5``, a Zarr store (a directory), MATLAB ``.mat``,
        ``.edf``/``.bdf`` (pyedflib), ``.flac``/``.ogg``/``.aiff`` (soundfile).
    key : str, optional
        Array name in an ``.npz`` file, variable in a ``.mat`` file, dataset
        path in an HDF5 file, array path in a Zarr group, comma-separated
        channel labels in an EDF/BDF file. Default: the largest numeric array
        (``.npz``/``.mat``; a note names it), ``strain/Strain`` (HDF5).
    fs : float, optional
        Sampling rate in Hz; overrides the file's. Required when the format
        carries none.
    axis : int, optional
        Time axis. Default: the format's (last axis for NPY/NPZ/MAT/HDF5/Zarr,
        rows for CSV, time for WAV/audio/EDF); when that is shorter than
        another axis of an array whose layout the format leaves open, the
        longest axis (a note says so).
    chunks : int or "auto", optional
        Samples per chunk along time: the data becomes a lazy dask array
        (``"auto"``: chunks of about :data:`AUTO_CHUNK_BYTES`). Default: read
        into memory as a NumPy array.

    Returns
    -------
    Recording
        With the file's units, start time and clock where it has them, and
        notes on every choice made for the user.

    Raises
    ------
    CLIError
        Missing or unreadable file, a directory, unknown format, no sampling
        rate, an empty or too short (under :data:`MIN_SAMPLES`) signal, a
        non-numeric signal, NaN or infinite samples (in-memory data only), a
        bad axis, ``chunks`` without dask installed, a missing optional reader.
    """
    from . import _readers

    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        if suffix != ".zarr" and not any((path / n).exists() for n in _ZARR_MARKERS):
            raise CLIError(f"{path} is a directory, not a recording file")
        suffix = ".zarr"
    elif not path.is_file():
        raise CLIError(f"no such file: {path}")
    if chunks is not None:
        require_dask("--chunks")
    reader = _reader_for(suffix, lazy=chunks is not None)
    if reader is None:
        raise CLIError(
            f"unknown input format {suffix or '(no extension)'!r} for {path.name}; "
            f"expected one of {', '.join(FORMATS)}"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            found = reader(path, key)
        except CLIError:
            raise
        except Exception as exc:  # each library raises its own types for a damaged file
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CLIError(f"cannot read {path.name} as {suffix[1:].upper()}: {reason}") from None
    found.notes += [_readers.warning_note(path, w) for w in caught]
    rec = _readers.check(found, fs, axis, path)
    if chunks is not None:
        rec.data = _chunked(rec.data, rec.axis, chunks)
    return rec


def _reader_for(suffix, *, lazy):
    """The reader for a file extension (lazy ones with ``--chunks``), or None."""
    from . import _io_audio, _io_lazy, _readers

    readers = {
        ".npy": _io_lazy.lazy_npy if lazy else _readers.read_npy,
        ".npz": _readers.read_npz,
        ".wav": _readers.read_wav,
        ".csv": _readers.read_csv,
        ".mat": _readers.read_mat,
        ".hdf5": _io_lazy.lazy_hdf5 if lazy else _io_lazy.read_hdf5,
        ".h5": _io_lazy.lazy_hdf5 if lazy else _io_lazy.read_hdf5,
        ".zarr": _io_lazy.lazy_zarr if lazy else _io_lazy.read_zarr,
        ".edf": _io_audio.read_edf,
        ".bdf": _io_audio.read_edf,
    }
    readers.update(dict.fromkeys(_io_audio.SOUNDFILE_FORMATS, _io_audio.read_soundfile))
    return readers.get(suffix)


def cut(rec, *, start=None, duration=None):
    """The part of `rec` from `start` for `duration` seconds (``--start``/``--duration``).

    Parameters
    ----------
    rec : Recording
    start : float, optional
        Seconds from the beginning of the recording; for a recording with a
        clock (GPS for GWOSC files) a value at or after ``rec.start`` is read as
        a time on that clock. Default: the beginning.
    duration : float, optional
        Seconds; default: to the end.

    Returns
    -------
    Recording
        A new recording (the data a view or lazy slice of `rec`'s), with
        `start` moved to the first kept sample.

    Raises
    ------
    CLIError
        A window outside the recording or shorter than two samples.
    """
    n, fs = rec.n_samples, rec.fs
    span = n / fs
    offset = 0.0 if start is None else float(start)
    if not math.isfinite(offset):  # argparse gives floats; NaN or inf is a typo
        raise CLIError(f"--start must be a finite number of seconds, got {start}")
    if rec.clock is not None and start is not None and offset >= rec.start:
        offset -= rec.start
    if rec.clock is not None:
        where = (
            f"{rec.clock} {rec.start:.10g} to {rec.start + span:.10g} "
            f"(or 0 to {span:.10g} s from its beginning)"
        )
    else:
        where = f"0 to {span:.10g} s"
    asked = " ".join(
        f"--{name} {value:.15g}"
        for name, value in (("start", start), ("duration", duration))
        if value is not None
    )
    if offset < 0 or offset >= span:
        raise CLIError(f"{asked} is outside {rec.source}, which spans {where}")
    # a GPS time (about 1e9 s) is only known to about 1e-7 s in float64: round within that
    slack = (
        1e-9 + 4 * np.finfo(np.float64).eps * abs(offset if start is None else float(start)) * fs
    )
    first = math.ceil(offset * fs - slack)
    last = n
    if duration is not None:
        length = float(duration)
        if not (math.isfinite(length) and length > 0):
            raise CLIError(f"--duration must be a positive number of seconds, got {duration}")
        if offset + length > span * (1 + 1e-12) + 1e-9:
            raise CLIError(f"{asked} ends past the end of {rec.source}, which spans {where}")
        last = min(n, first + math.floor(length * fs + slack))
    if last - first < 2:
        raise CLIError(
            f"{asked} holds {max(last - first, 0)} sample(s) of {rec.source} at {fs:g} Hz; "
            "a window needs at least 2"
        )
    index = tuple(
        slice(first, last) if i == rec.axis else slice(None) for i in range(rec.data.ndim)
    )
    return replace(rec, data=rec.data[index], start=rec.start + first / fs, notes=list(rec.notes))


def write_signal(path, data, *, fs, axis, channels, start=0.0, clock=None, units=None):
    """Write a signal (the output of ``filter`` or ``whiten``) keeping its sampling rate.

    Parameters
    ----------
    path : str or Path
        ``.npy`` (the array as is), ``.npz`` (the array as ``data``, ``fs``,
        ``start`` (``gps_start`` on a GPS clock), ``channels`` and ``units``),
        ``.csv`` (a ``time`` column in seconds -- ``gps_time`` on a GPS clock --
        then one column per channel), ``.wav`` (32-bit float, time x channels),
        ``.flac``/``.ogg`` (through soundfile; samples within [-1, 1]),
        ``.mat`` (``data``, ``fs``, ``channels``).
    data : numpy.ndarray
        Samples, time along `axis`.
    fs : float
        Sampling rate in Hz.
    axis : int
        Time axis of `data`.
    channels : list of str
        One label per channel (C order over the other axes).
    start, clock, units
        As in :class:`Recording`.

    Returns
    -------
    Path

    Raises
    ------
    CLIError
        Unsupported extension, a format that cannot hold the data (e.g. more
        than 2 dimensions for CSV or WAV), or a write error.
    """
    from ._io_write import write

    return write(
        Path(path),
        np.asarray(data),
        fs=fs,
        axis=axis,
        channels=list(channels),
        start=start,
        clock=clock,
        units=units,
    )


def _chunked(data, axis, chunks):
    """`data` (NumPy, a file source or a Zarr array) as dask, chunked along `axis` only."""
    import dask.array as da

    native = getattr(data, "chunks", None)
    native = native[axis] if isinstance(native, tuple) and native else None
    if chunks == "auto":
        chunks = auto_chunk(data.shape, data.dtype.itemsize, axis, native=native)
    spec = tuple(min(chunks, n) if i == axis else n for i, n in enumerate(data.shape))
    if type(data).__module__.split(".")[0] == "zarr":
        lazy = da.from_zarr(data, chunks=spec)
    else:
        lazy = da.from_array(data, chunks=spec, asarray=False, inline_array=True)
    return lazy.astype(np.float64) if lazy.dtype.kind in "biu" else lazy


def require_dask(option):
    """CLIError (one line, exit 2) unless dask.array can be imported."""
    try:
        import dask.array  # noqa: F401
    except ImportError:
        raise CLIError(
            f"{option} needs dask, which is not installed (pip install 'sigproc[dask]')"
        ) from None


def auto_chunk(shape, itemsize, axis, *, native=None):
    """Samples per chunk along `axis` for chunks of about :data:`AUTO_CHUNK_BYTES`.

    A multiple of `native` (the file's own chunk length along `axis`) when
    that is given and not larger than the signal.
    """
    row = itemsize * math.prod(n for i, n in enumerate(shape) if i != axis)
    samples = max(1, AUTO_CHUNK_BYTES // max(row, 1))
    if native and native < shape[axis]:
        samples = max(native, samples // native * native)
    return min(shape[axis], samples)


class NpyTarget:
    """A picklable ``.npy`` file to ``dask.array.store`` into, slice by slice.

    The header is written first (``open_memmap``); each write maps the file
    again, so workers in other processes can write their chunks too.
    """

    def __init__(self, path, shape, dtype):
        self.path, self.shape, self.dtype = str(path), tuple(shape), np.dtype(dtype)
        self.ndim = len(self.shape)
        np.lib.format.open_memmap(self.path, mode="w+", dtype=self.dtype, shape=self.shape)

    def __setitem__(self, index, value):
        mapped = np.load(self.path, mmap_mode="r+", allow_pickle=False)
        mapped[index] = value
        mapped.flush()
        del mapped


def write_columns(path, columns, *, kind):
    """Write named, equally long 1-d columns to ``.csv`` (with header) or ``.npy``.

    Parameters
    ----------
    path : str or Path
    columns : dict of str -> numpy.ndarray
        Column name to values; NPY stores them as the columns of a 2-d array.
    kind : str
        What is written (for messages).

    Raises
    ------
    CLIError
        Unsupported extension or a write error.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    table = np.column_stack([np.asarray(v) for v in columns.values()])
    try:
        if suffix == ".csv":
            fmt = "%.18g" if table.dtype.kind != "c" else "%s"
            np.savetxt(path, table, delimiter=",", header=",".join(columns), comments="", fmt=fmt)
        elif suffix == ".npy":
            np.save(path, table)
        else:
            raise CLIError(f"--out for {kind} must end in .csv or .npy, got {path.name!r}")
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def save_array(path, array, *, allowed=(".npy",)):
    """Save one array (or a dict of arrays for ``.npz``) with NumPy."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise CLIError(f"--out must end in one of {', '.join(allowed)}, got {path.name!r}")
    try:
        if suffix == ".npz":
            np.savez(path, **array)
        else:
            np.save(path, array)
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
