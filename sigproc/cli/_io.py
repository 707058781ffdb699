"""Reading recordings and writing results for the command line.

Every reader returns a :class:`Recording`: a NumPy array, its sampling rate
(or None when the format does not carry one), the axis that is time and
one label per channel. Problems with the file become :class:`CLIError`, which
``main`` prints as one line.

With ``chunks`` (``--chunks``) the recording is a lazy ``dask.array.Array``
chunked along time only (every other axis whole): ``.npy`` files through a
memory map, HDF5 datasets and Zarr arrays read chunk by chunk when a task
needs them, so the file may be larger than memory. ``.npz``, ``.wav`` and
``.csv`` cannot be read in part: they are read into memory, then chunked.
The readers that stay lazy open the file inside each task (small picklable
sources), so the ``processes`` and distributed schedulers work too (their
workers must see the same file system). Lazy data is not scanned for NaN
here (that would read the file twice): the commands count non-finite samples
in the same pass that computes their result.
"""

from __future__ import annotations

import csv
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "AUTO_CHUNK_BYTES",
    "FORMATS",
    "CLIError",
    "NpyTarget",
    "Recording",
    "cut",
    "read_recording",
    "require_dask",
    "write_columns",
    "write_signal",
]

FORMATS = (".npy", ".npz", ".wav", ".csv", ".hdf5", ".h5", ".zarr")
#: ``--chunks auto``: about this many bytes per chunk (all channels of a time slice).
AUTO_CHUNK_BYTES = 64 * 2**20
_TIME_COLUMNS = ("time", "t", "time_s", "seconds", "gps", "gps_time")


class CLIError(Exception):
    """A problem the user can fix; printed as ``sigproc: error: <message>``."""


@dataclass
class Recording:
    """A signal as read from a file.

    Attributes
    ----------
    data : numpy.ndarray
        Real or complex floating-point samples; time runs along `axis`.
    fs : float or None
        Sampling rate in Hz, when the file carries it.
    axis : int
        The time axis of `data` (non-negative).
    channels : list of str
        One label per channel, in C order over the non-time axes.
    source : str
        File name, for the report.
    units : str or None
        Physical unit of the samples as the file names it ("strain", "uV", ...);
        None when the file does not say.
    start : float
        Time of the first sample in seconds (0 unless the file carries a start).
    clock : str or None
        What `start` counts from, e.g. ``"GPS"`` for GWOSC strain; None when
        `start` is relative to the beginning of the recording.
    notes : list of str
        One-line remarks for the user about how the file was read (the time
        axis chosen, a converted format, a warning of the reader); the commands
        print them after their header line.

    With ``chunks``, `data` is a ``dask.array.Array`` chunked along `axis`.
    """

    data: np.ndarray
    fs: float | None
    axis: int
    channels: list = field(default_factory=list)
    source: str = ""
    units: str | None = None
    start: float = 0.0
    clock: str | None = None
    notes: list = field(default_factory=list)

    @property
    def n_samples(self):
        return self.data.shape[self.axis]

    @property
    def chunked(self):
        """Whether `data` is a lazy dask array (``--chunks``)."""
        return not isinstance(self.data, np.ndarray)

    @property
    def n_chunks(self):
        """Chunks along time (1 for an in-memory recording)."""
        return len(self.data.chunks[self.axis]) if self.chunked else 1


def read_recording(path, *, key=None, fs=None, axis=None, chunks=None):
    """Read a recording and check it is usable.

    Parameters
    ----------
    path : str or Path
        ``.npy``, ``.npz``, ``.wav``, ``.csv``, GWOSC ``.hdf5``/``.h5`` or a
        Zarr store (a ``.zarr`` directory).
    key : str, optional
        Array name in an ``.npz`` file, dataset path in an HDF5 file, array
        path in a Zarr group.
    fs : float, optional
        Sampling rate in Hz; overrides the file's. Required when the format
        carries none.
    axis : int, optional
        Time axis; default: last axis for NPY/NPZ/HDF5/Zarr, rows for CSV/WAV.
    chunks : int or "auto", optional
        Samples per chunk along time: the data becomes a lazy dask array
        (``"auto"``: chunks of about :data:`AUTO_CHUNK_BYTES`). Default: read
        into memory as a NumPy array.

    Returns
    -------
    Recording

    Raises
    ------
    CLIError
        Missing or unreadable file, unknown format, no sampling rate, an empty
        signal, a non-numeric signal, NaN or infinite samples (in-memory data
        only), a bad axis, ``chunks`` without dask installed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".zarr" and path.is_dir():
        pass
    elif not path.is_file():
        raise CLIError(f"no such file: {path}")
    if chunks is not None:
        require_dask("--chunks")
    readers = {
        ".npy": _read_npy,
        ".npz": _read_npz,
        ".wav": _read_wav,
        ".csv": _read_csv,
        ".hdf5": _read_hdf5,
        ".h5": _read_hdf5,
        ".zarr": _read_zarr,
    }
    if chunks is not None:
        lazy = {".npy": _lazy_npy, ".hdf5": _lazy_hdf5, ".h5": _lazy_hdf5, ".zarr": _lazy_zarr}
        readers.update(lazy)
    if suffix not in readers:
        raise CLIError(
            f"unknown input format {suffix or '(no extension)'!r} for {path.name}; "
            f"expected one of {', '.join(FORMATS)}"
        )
    try:
        data, file_fs, default_axis, names = readers[suffix](path, key)
    except CLIError:
        raise
    except Exception as exc:  # each library raises its own types for a damaged file
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CLIError(f"cannot read {path.name} as {suffix[1:].upper()}: {reason}") from None
    rec = _check(data, fs if fs is not None else file_fs, default_axis, axis, names, path)
    if chunks is not None:
        rec.data = _chunked(rec.data, rec.axis, chunks)
    return rec


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
        A window outside the recording or shorter than one sample.
    """
    raise NotImplementedError  # filled in by the I/O work


def write_signal(path, data, *, fs, axis, channels, start=0.0, clock=None, units=None):
    """Write a signal (the output of ``filter`` or ``whiten``) keeping its sampling rate.

    Parameters
    ----------
    path : str or Path
        ``.npy`` (the array as is), ``.npz`` (the array, ``fs``, ``start`` and
        ``channels``), ``.csv`` (a ``time`` column in seconds, then one column per
        channel), ``.wav`` (32-bit float, time x channels), ``.flac``/``.ogg``
        (through soundfile), ``.mat`` (``data``, ``fs``).
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
    raise NotImplementedError  # filled in by the I/O work


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


def _check(data, fs, default_axis, axis, names, path):
    # lazy sources (a file source, a Zarr array) are checked from their metadata
    lazy = not isinstance(data, np.ndarray) and hasattr(data, "dtype") and hasattr(data, "shape")
    if not lazy:
        data = np.asarray(data)
        if data.dtype.kind in "biu":
            data = data.astype(np.float64)
    if data.dtype.kind not in "fcbiu":
        raise CLIError(f"{path.name}: signal is not numeric (dtype {data.dtype})")
    if data.ndim == 0 or math.prod(data.shape) == 0:
        raise CLIError(f"{path.name}: signal is empty (shape {data.shape})")
    axis = default_axis if axis is None else axis
    if not -data.ndim <= axis < data.ndim:
        raise CLIError(f"--axis {axis} is out of range for a signal of shape {data.shape}")
    axis %= data.ndim
    bad = 0 if lazy else np.count_nonzero(~np.isfinite(data))
    if bad:
        raise CLIError(f"{path.name}: signal contains {bad} NaN or infinite sample(s)")
    if fs is None:
        raise CLIError(f"{path.name} does not carry a sampling rate; give it with --fs")
    if not (math.isfinite(fs) and fs > 0):
        raise CLIError(f"sampling rate must be a positive number of Hz, got {fs}")
    n_channels = math.prod(data.shape) // data.shape[axis]
    if not names or len(names) != n_channels:
        names = [f"ch{i}" for i in range(n_channels)] if n_channels > 1 else ["x"]
    return Recording(data, float(fs), axis, list(names), path.name)


def _read_npy_header(path):
    with open(path, "rb") as stream:
        magic = stream.read(6)
    if magic != b"\x93NUMPY" and not zipfile.is_zipfile(path):
        raise CLIError(f"cannot read {path.name} as NPY: no NPY header (damaged or another format)")


def _read_npy(path, key):
    _read_npy_header(path)
    data = np.load(path, allow_pickle=False)
    if not isinstance(data, np.ndarray):  # an .npz archive under an .npy name
        data.close()
        raise CLIError(f"{path.name} is an NPZ archive, not an NPY file; rename it to .npz")
    return data, None, -1, None


def _read_npz(path, key):
    if not zipfile.is_zipfile(path):
        raise CLIError(f"cannot read {path.name} as NPZ: not a zip archive")
    with np.load(path, allow_pickle=False) as archive:
        names = list(archive.files)
        arrays = [n for n in names if n != "fs"]
        if key is None:
            if not arrays:
                raise CLIError(f"{path.name} holds no signal array")
            key = arrays[0]
        elif key not in names:
            raise CLIError(f"{path.name} has no array {key!r}; it holds: {', '.join(names)}")
        data = archive[key]
        fs = float(archive["fs"]) if "fs" in names and archive["fs"].size == 1 else None
    return data, fs, -1, None


def _read_wav(path, key):
    from scipy.io import wavfile

    rate, data = wavfile.read(path)
    channels = [f"ch{i}" for i in range(data.shape[1])] if data.ndim == 2 else ["x"]
    return data, float(rate), 0, channels


def _read_csv(path, key):
    with open(path, newline="") as stream:
        sample = stream.read(4096)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t ")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    first = next(csv.reader(sample.splitlines()[:1], delimiter=delimiter), [])
    header = first and not all(_is_number(cell) for cell in first if cell.strip())
    data = np.loadtxt(path, delimiter=delimiter, skiprows=1 if header else 0, ndmin=2)
    names = [cell.strip() for cell in first] if header else None
    fs = None
    if names and names[0].lower() in _TIME_COLUMNS and data.shape[1] > 1:
        fs = _rate_from_times(data[:, 0], path)
        data, names = data[:, 1:], names[1:]
    if data.shape[1] == 1:
        data = data[:, 0]
    return data, fs, 0, names


def _rate_from_times(times, path):
    steps = np.diff(times)
    if steps.size == 0 or not np.all(steps > 0):
        raise CLIError(f"{path.name}: the time column must increase")
    step = float(np.median(steps))
    if np.max(np.abs(steps - step)) > 1e-6 * step:
        raise CLIError(f"{path.name}: the time column is not uniformly spaced")
    return 1.0 / step


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _import_h5py():
    try:
        import h5py
    except ImportError:
        raise CLIError("reading HDF5 needs h5py (pip install 'sigproc[hdf5]')") from None
    return h5py


def _hdf5_name(h5py, h5, key, path):
    name = key or "strain/Strain"
    if name not in h5 or not isinstance(h5[name], h5py.Dataset):
        raise CLIError(f"{path.name} has no dataset {name!r} (GWOSC strain files have one)")
    return name


def _read_hdf5(path, key):
    h5py = _import_h5py()
    with h5py.File(path, "r") as h5:
        name = _hdf5_name(h5py, h5, key, path)
        dataset = h5[name]
        data = dataset[()]
        spacing = dataset.attrs.get("Xspacing")
    fs = 1.0 / float(spacing) if spacing is not None and float(spacing) > 0 else None
    return data, fs, -1, [name.rsplit("/", 1)[-1].lower()] if np.ndim(data) == 1 else None


class _FileSource:
    """A picklable array-like over part of a file: opened afresh by each read.

    dask's ``from_array`` slices it once per chunk; only the slice is read.
    Unlike an open memory map or ``h5py.Dataset`` it pickles as a few fields,
    so tasks can run in other processes (which must see the same file).
    """

    def __init__(self, path, name, shape, dtype, chunks=None):
        self.path, self.name = str(path), name
        self.shape, self.dtype = tuple(shape), np.dtype(dtype)
        self.ndim, self.size = len(self.shape), math.prod(self.shape)
        self.chunks = chunks  # the file's own chunk shape (HDF5), or None

    def __getitem__(self, index):
        raise NotImplementedError


class _NpySource(_FileSource):
    def __getitem__(self, index):
        return np.array(np.load(self.path, mmap_mode="r", allow_pickle=False)[index])


class _Hdf5Source(_FileSource):
    def __getitem__(self, index):
        import h5py

        with h5py.File(self.path, "r") as h5:
            return h5[self.name][index]


def _lazy_npy(path, key):
    _read_npy_header(path)
    mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    if not isinstance(mapped, np.ndarray):
        raise CLIError(f"{path.name} is an NPZ archive, not an NPY file; rename it to .npz")
    source = _NpySource(path, None, mapped.shape, mapped.dtype)
    del mapped
    return source, None, -1, None


def _lazy_hdf5(path, key):
    h5py = _import_h5py()
    with h5py.File(path, "r") as h5:
        name = _hdf5_name(h5py, h5, key, path)
        dataset = h5[name]
        shape, dtype, native = dataset.shape, dataset.dtype, dataset.chunks
        spacing = dataset.attrs.get("Xspacing")
    fs = 1.0 / float(spacing) if spacing is not None and float(spacing) > 0 else None
    data = _Hdf5Source(path, name, shape, dtype, native)
    return data, fs, -1, [name.rsplit("/", 1)[-1].lower()] if len(shape) == 1 else None


def _open_zarr(path, key):
    """(zarr.Array, fs or None) of the array `key` (or the only array) of a store."""
    try:
        import zarr
    except ImportError:
        raise CLIError("reading Zarr needs zarr (pip install 'sigproc[dask]')") from None
    node = zarr.open(store=str(path), mode="r")
    if key is not None:
        if not isinstance(node, zarr.Group) or key not in node:
            raise CLIError(f"{path.name} has no array {key!r}")
        node = node[key]
    elif isinstance(node, zarr.Group):
        names = sorted(name for name, _ in node.arrays())
        if len(names) != 1:
            listing = ", ".join(names) or "none"
            raise CLIError(f"{path.name} is a Zarr group; name its array with --key ({listing})")
        key, node = names[0], node[names[0]]
    if not isinstance(node, zarr.Array):
        raise CLIError(f"{path.name}: {key!r} is a Zarr group, not an array")
    attrs = dict(node.attrs)
    fs = attrs.get("fs", attrs.get("sample_rate"))
    spacing = attrs.get("Xspacing")
    if fs is None and spacing is not None and float(spacing) > 0:
        fs = 1.0 / float(spacing)
    return node, float(fs) if fs is not None else None


def _read_zarr(path, key):
    array, fs = _open_zarr(path, key)
    return array[...], fs, -1, None


def _lazy_zarr(path, key):
    array, fs = _open_zarr(path, key)
    return array, fs, -1, None


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
