"""Reading recordings and writing results for the command line.

Every reader returns a :class:`Recording`: a NumPy array, its sampling rate
(or None when the format does not carry one), the axis that is time and
one label per channel. Problems with the file become :class:`CLIError`, which
``main`` prints as one line.
"""

from __future__ import annotations

import csv
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["FORMATS", "CLIError", "Recording", "read_recording", "write_columns"]

FORMATS = (".npy", ".npz", ".wav", ".csv", ".hdf5", ".h5")
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
    """

    data: np.ndarray
    fs: float | None
    axis: int
    channels: list = field(default_factory=list)
    source: str = ""

    @property
    def n_samples(self):
        return self.data.shape[self.axis]


def read_recording(path, *, key=None, fs=None, axis=None):
    """Read a recording and check it is usable.

    Parameters
    ----------
    path : str or Path
        ``.npy``, ``.npz``, ``.wav``, ``.csv`` or GWOSC ``.hdf5``/``.h5``.
    key : str, optional
        Array name in an ``.npz`` file or dataset path in an HDF5 file.
    fs : float, optional
        Sampling rate in Hz; overrides the file's. Required when the format
        carries none.
    axis : int, optional
        Time axis; default: last axis for NPY/NPZ/HDF5, rows for CSV/WAV.

    Returns
    -------
    Recording

    Raises
    ------
    CLIError
        Missing or unreadable file, unknown format, no sampling rate, an empty
        signal, a non-numeric signal, NaN or infinite samples, a bad axis.
    """
    path = Path(path)
    if not path.is_file():
        raise CLIError(f"no such file: {path}")
    suffix = path.suffix.lower()
    readers = {
        ".npy": _read_npy,
        ".npz": _read_npz,
        ".wav": _read_wav,
        ".csv": _read_csv,
        ".hdf5": _read_hdf5,
        ".h5": _read_hdf5,
    }
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
    return _check(data, fs if fs is not None else file_fs, default_axis, axis, names, path)


def _check(data, fs, default_axis, axis, names, path):
    data = np.asarray(data)
    if data.dtype.kind in "biu":
        data = data.astype(np.float64)
    if data.dtype.kind not in "fc":
        raise CLIError(f"{path.name}: signal is not numeric (dtype {data.dtype})")
    if data.ndim == 0 or data.size == 0:
        raise CLIError(f"{path.name}: signal is empty (shape {data.shape})")
    axis = default_axis if axis is None else axis
    if not -data.ndim <= axis < data.ndim:
        raise CLIError(f"--axis {axis} is out of range for a signal of shape {data.shape}")
    axis %= data.ndim
    bad = np.count_nonzero(~np.isfinite(data))
    if bad:
        raise CLIError(f"{path.name}: signal contains {bad} NaN or infinite sample(s)")
    if fs is None:
        raise CLIError(f"{path.name} does not carry a sampling rate; give it with --fs")
    if not (math.isfinite(fs) and fs > 0):
        raise CLIError(f"sampling rate must be a positive number of Hz, got {fs}")
    n_channels = data.size // data.shape[axis]
    if not names or len(names) != n_channels:
        names = [f"ch{i}" for i in range(n_channels)] if n_channels > 1 else ["x"]
    return Recording(data, float(fs), axis, list(names), path.name)


def _read_npy(path, key):
    with open(path, "rb") as stream:
        magic = stream.read(6)
    if magic != b"\x93NUMPY" and not zipfile.is_zipfile(path):
        raise CLIError(f"cannot read {path.name} as NPY: no NPY header (damaged or another format)")
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


def _read_hdf5(path, key):
    try:
        import h5py
    except ImportError:
        raise CLIError("reading HDF5 needs h5py (pip install 'sigproc[hdf5]')") from None
    with h5py.File(path, "r") as h5:
        name = key or "strain/Strain"
        if name not in h5 or not isinstance(h5[name], h5py.Dataset):
            raise CLIError(f"{path.name} has no dataset {name!r} (GWOSC strain files have one)")
        dataset = h5[name]
        data = dataset[()]
        spacing = dataset.attrs.get("Xspacing")
    fs = 1.0 / float(spacing) if spacing is not None and float(spacing) > 0 else None
    return data, fs, -1, [name.rsplit("/", 1)[-1].lower()] if np.ndim(data) == 1 else None


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
