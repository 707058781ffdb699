"""The readers of :func:`sigproc.cli._io.read_recording`, one per format.

Each takes ``(path, key)`` and returns a :class:`~._io.Read`: the samples and
what the file says about them. NumPy and SciPy formats (NPY, NPZ, WAV, CSV,
MAT) are here; HDF5, Zarr and lazy NPY in ``_io_lazy``; soundfile and EDF in
``_io_audio``. Beside the signal, NPZ and MAT files may hold metadata
variables: a scalar ``fs`` (or ``Fs``, ``srate``, ``sfreq``, ...), ``channels``
(strings), ``units`` (a string), ``gps_start`` (the start on the GPS clock),
``start`` or ``t0`` (seconds) -- the files ``sigproc filter --out`` writes.
"""

from __future__ import annotations

import csv
import json
import math
import re
import struct
import zipfile

import numpy as np

from ._io_types import MIN_SAMPLES, CLIError, Read, Recording

__all__ = ["check", "warning_note"]

_TIME_COLUMNS = ("time", "t", "time_s", "seconds", "gps", "gps_time")
_FS_NAMES = ("fs", "Fs", "FS", "srate", "sfreq", "sampling_rate", "SampleRate")
_START_NAMES = ("gps_start", "start", "t0")
_META = frozenset((*_FS_NAMES, *_START_NAMES, "channels", "units"))


def check(found, fs, axis, path):
    """The :class:`~._io.Recording` of what a reader found, or CLIError (see ``read_recording``)."""
    data = found.data
    # lazy sources (a file source, a Zarr array) are checked from their metadata
    lazy = not isinstance(data, np.ndarray) and hasattr(data, "dtype") and hasattr(data, "shape")
    if not lazy:
        data = np.asarray(data)
        if data.dtype.kind in "biu":
            data = data.astype(np.float64)
    what = f"{path.name}{found.label}"
    if data.dtype.kind not in "fcbiu":
        raise CLIError(f"{what}: signal is not numeric (dtype {data.dtype})")
    shape = tuple(data.shape)
    if data.ndim == 0 or math.prod(shape) == 0:
        raise CLIError(f"{what}: signal is empty (shape {shape})")
    notes = list(found.notes)
    if axis is None:
        axis = found.axis % data.ndim
        longest = int(np.argmax(shape))
        if not found.fixed_axis and shape[axis] < shape[longest]:
            axis = longest
            notes.append(
                f"time axis: axis {axis} ({shape[axis]} samples) of shape {shape}, "
                "the longest; --axis to choose"
            )
    elif not -data.ndim <= axis < data.ndim:
        raise CLIError(f"--axis {axis} is out of range for a signal of shape {shape}")
    axis %= data.ndim
    if shape[axis] < MIN_SAMPLES:
        raise CLIError(
            f"{what}: {shape[axis]} sample(s) along time (axis {axis} of shape {shape}); "
            f"a signal needs at least {MIN_SAMPLES}: wrong --key, --axis or file?"
        )
    bad = 0 if lazy else np.count_nonzero(~np.isfinite(data))
    if bad:
        raise CLIError(f"{what}: signal contains {bad} NaN or infinite sample(s)")
    if fs is None:
        if found.fs is None:
            raise CLIError(f"{path.name} does not carry a sampling rate; give it with --fs")
        fs = found.fs
    elif found.fs is not None and not math.isclose(fs, found.fs, rel_tol=1e-9):
        notes.append(f"--fs {fs:g} Hz replaces the file's sampling rate, {found.fs:g} Hz")
    if not (math.isfinite(fs) and fs > 0):
        raise CLIError(f"sampling rate must be a positive number of Hz, got {fs}")
    n_channels = math.prod(shape) // shape[axis]
    names = list(found.names or [])
    if names and len(names) != n_channels:
        notes.append(
            f"the file names {len(names)} channel(s) for {n_channels}; numbered them instead"
        )
        names = []
    if not names:
        names = [f"ch{i}" for i in range(n_channels)] if n_channels > 1 else ["x"]
    return Recording(
        data,
        float(fs),
        axis,
        [str(name) for name in names],
        path.name,
        units=found.units or None,
        start=float(found.start),
        clock=found.clock,
        notes=notes,
    )


def warning_note(path, caught):
    """A one-line note for a Python warning a reader gave (never shown as a warning)."""
    text = str(caught.message).splitlines()[0] if str(caught.message) else ""
    sizes = re.match(r"Reached EOF prematurely; finished at (\d+) bytes, expected (\d+)", text)
    if sizes:  # scipy.io.wavfile on a cut-off file: the samples present are read
        have, want = sizes.groups()
        return f"{path.name} is truncated ({have} of the {want} bytes its header announces)"
    return f"{path.name}: {text or caught.category.__name__}"


def check_npy_header(path):
    with open(path, "rb") as stream:
        magic = stream.read(6)
    if magic != b"\x93NUMPY" and not zipfile.is_zipfile(path):
        raise CLIError(f"cannot read {path.name} as NPY: no NPY header (damaged or another format)")


def read_npy(path, key):
    check_npy_header(path)
    data = np.load(path, allow_pickle=False)
    if not isinstance(data, np.ndarray):  # an .npz archive under an .npy name
        data.close()
        raise CLIError(f"{path.name} is an NPZ archive, not an NPY file; rename it to .npz")
    return Read(data)


def pick_variable(path, shapes, key, kind):
    """The signal's name among `shapes` (name -> (shape, dtype)) and a note, or CLIError.

    Default: the largest numeric array that is not metadata; the note names it
    when there was a choice.
    """
    if key is not None:
        if key not in shapes:
            listing = ", ".join(shapes) or "nothing"
            raise CLIError(f"{path.name} has no {kind} {key!r}; it holds: {listing}")
        return key, None
    candidates = [
        name
        for name, (shape, dtype) in shapes.items()
        if np.dtype(dtype).kind in "biufc" and not (name in _META and math.prod(shape) <= 1)
    ]
    if not candidates:
        raise CLIError(f"{path.name} holds no numeric signal {kind}")
    best = max(candidates, key=lambda name: math.prod(shapes[name][0]))
    note = None
    if len(candidates) > 1:
        others = ", ".join(repr(name) for name in candidates if name != best)
        note = f"{kind} {best!r}, the largest (also: {others}); --key to choose"
    return best, note


def metadata(found, get, names):
    """Fill `found` from metadata variables: `get(name)` -> array, for `names` present."""
    for name in _FS_NAMES:
        if name in names and _scalar(get(name)) is not None:
            found.fs = _scalar(get(name))
            break
    for name in _START_NAMES:
        if name in names and _scalar(get(name)) is not None:
            found.start = _scalar(get(name))
            found.clock = "GPS" if name == "gps_start" else None
            break
    if "units" in names:
        units = np.asarray(get("units"))
        if units.dtype.kind in "US" and units.size == 1:
            found.units = str(units.reshape(()).item()).strip() or None
    if "channels" in names:
        channels = np.atleast_1d(np.asarray(get("channels"), dtype=object))
        if channels.ndim == 1 and all(isinstance(c, str) for c in channels):
            found.names = [c.strip() for c in channels]
    return found


def _scalar(value):
    value = np.asarray(value)
    if value.size == 1 and value.dtype.kind in "biuf" and np.isfinite(value).all():
        return float(value.reshape(()))
    return None


def _npz_shapes(path):
    """Map name -> (shape, dtype) of each array in an NPZ archive, from the headers only."""
    shapes = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".npy"):
                continue
            with archive.open(info) as stream:
                version = np.lib.format.read_magic(stream)
                read = np.lib.format.read_array_header_1_0
                if version != (1, 0):
                    read = np.lib.format.read_array_header_2_0
                shape, _, dtype = read(stream)
            shapes[info.filename[: -len(".npy")]] = (shape, dtype)
    return shapes


def read_npz(path, key):
    if not zipfile.is_zipfile(path):
        raise CLIError(f"cannot read {path.name} as NPZ: not a zip archive")
    shapes = _npz_shapes(path)
    key, note = pick_variable(path, shapes, key, "array")
    with np.load(path, allow_pickle=False) as archive:
        found = Read(archive[key], label=f" array {key!r}", notes=[note] if note else [])
        metadata(found, archive.__getitem__, [n for n in shapes if n in _META and n != key])
    return found


def read_wav(path, key):
    from scipy.io import wavfile

    rate, data = wavfile.read(path)
    found = Read(data, float(rate), 0, fixed_axis=True)
    if data.ndim == 2:
        found.names = [f"ch{i}" for i in range(data.shape[1])]
    meta = _wav_comment(path)
    if meta:  # written by sigproc: channel names, start, clock, units
        names = meta.get("channels")
        found.names = [str(n) for n in names] if isinstance(names, list) else found.names
        start = meta.get("start")
        found.start = float(start) if isinstance(start, (int, float)) else 0.0
        found.clock = meta.get("clock") if isinstance(meta.get("clock"), str) else None
        found.units = meta.get("units") if isinstance(meta.get("units"), str) else None
    return found


def _wav_comment(path):
    """The metadata sigproc wrote into a WAV's ``LIST``/``INFO``/``ICMT`` chunk, or {}."""
    from ._io_write import WAV_TAG

    try:
        with open(path, "rb") as stream:
            riff, size, wave = struct.unpack("<4sI4s", stream.read(12))
            if riff != b"RIFF" or wave != b"WAVE":
                return {}
            while stream.tell() < size + 8:
                header = stream.read(8)
                if len(header) < 8:
                    return {}
                chunk, length = struct.unpack("<4sI", header)
                body_at = stream.tell()
                if chunk == b"LIST" and stream.read(4) == b"INFO":
                    info = stream.read(length - 4)
                    at = 0
                    while at + 8 <= len(info):
                        name, n = struct.unpack("<4sI", info[at : at + 8])
                        text = info[at + 8 : at + 8 + n].rstrip(b"\0").decode("utf-8")
                        if name == b"ICMT" and text.startswith(WAV_TAG):
                            meta = json.loads(text[len(WAV_TAG) :])
                            return meta if isinstance(meta, dict) else {}
                        at += 8 + n + n % 2
                stream.seek(body_at + length + length % 2)
    except (OSError, ValueError, struct.error):  # not ours or damaged: the samples still count
        return {}
    return {}


def read_csv(path, key):
    with open(path, newline="") as stream:
        sample = stream.read(4096)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t ")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    first = next(csv.reader(sample.splitlines()[:1], delimiter=delimiter), [])
    header = bool(first) and not all(_is_number(cell) for cell in first if cell.strip())
    rows = sample.splitlines()[1 if header else 0 :]
    if not any(row.strip() for row in rows):
        raise CLIError(f"{path.name} holds no samples")
    data = np.loadtxt(path, delimiter=delimiter, skiprows=1 if header else 0, ndmin=2)
    names = [cell.strip() for cell in first] if header else None
    found = Read(data, axis=0, names=names)
    if names and names[0].lower() in _TIME_COLUMNS and data.shape[1] > 1:
        found.fs = _rate_from_times(data[:, 0], path)
        found.start = float(data[0, 0])
        found.clock = "GPS" if names[0].lower() in ("gps", "gps_time") else None
        found.fixed_axis = True
        data, found.names = data[:, 1:], names[1:]
    found.data = data[:, 0] if data.shape[1] == 1 else data
    return found


def _rate_from_times(times, path):
    """Sampling rate of a time column (uniform within the resolution of its numbers)."""
    steps = np.diff(times)
    if steps.size == 0 or not np.all(steps > 0):
        raise CLIError(f"{path.name}: the time column must increase")
    step = float(np.median(steps))
    # GPS times (about 1e9 s) carry only about 1e-7 s of resolution in float64
    resolution = 4 * np.finfo(np.float64).eps * float(np.max(np.abs(times)))
    if np.max(np.abs(steps - step)) > 1e-6 * step + resolution:
        raise CLIError(f"{path.name}: the time column is not uniformly spaced")
    fs = (times.size - 1) / float(times[-1] - times[0])
    tolerance = fs * (1e-12 + 2 * resolution / float(times[-1] - times[0]))
    for digits in range(1, 16):  # the shortest decimal within the column's resolution
        rounded = float(f"{fs:.{digits}g}")
        if abs(rounded - fs) <= tolerance:
            return rounded
    return fs


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_mat(path, key):
    from scipy import io

    major, _ = io.matlab.matfile_version(str(path))
    if major == 2:
        return _read_mat73(path, key)
    variables = io.loadmat(str(path), squeeze_me=True)
    arrays = {name: np.asarray(v) for name, v in variables.items() if not name.startswith("__")}
    shapes = {name: (a.shape, a.dtype) for name, a in arrays.items()}
    key, note = pick_variable(path, shapes, key, "variable")
    found = Read(arrays[key], label=f" variable {key!r}", notes=[note] if note else [])
    return metadata(found, arrays.__getitem__, [n for n in arrays if n in _META and n != key])


def _read_mat73(path, key):
    """A MATLAB v7.3 file: HDF5 with MATLAB's classes; arrays transposed back to MATLAB's shape."""
    try:
        import h5py
    except ImportError:
        raise CLIError(
            f"{path.name} is a MATLAB v7.3 (HDF5) file: reading it needs h5py "
            "(pip install 'sigproc[hdf5]'), or save it with -v7 in MATLAB"
        ) from None
    arrays = {}
    with h5py.File(path, "r") as h5:
        for name, node in h5.items():
            if not isinstance(node, h5py.Dataset) or name.startswith("#"):
                continue
            kind = node.attrs.get("MATLAB_class", b"")
            kind = kind.decode() if isinstance(kind, bytes) else str(kind)
            value = np.asarray(node[()]).T
            if kind == "char":
                value = np.array("".join(map(chr, value.ravel())))
            elif value.dtype.kind not in "biufc":
                continue  # cells, structs and references: not signals
            arrays[name] = np.squeeze(value)
    shapes = {name: (a.shape, a.dtype) for name, a in arrays.items()}
    key, note = pick_variable(path, shapes, key, "variable")
    found = Read(arrays[key], label=f" variable {key!r}", notes=[note] if note else [])
    return metadata(found, arrays.__getitem__, [n for n in arrays if n in _META and n != key])
