"""Writing signals (``filter``/``whiten`` output) with their sampling rate and start.

:func:`write` backs :func:`sigproc.cli._io.write_signal`. Every format that can
hold them keeps the sampling rate, the start time (GPS for GWOSC input) and the
channel names, so that :func:`~sigproc.cli._io.read_recording` reads the file
back as it was: NPZ and MAT as variables, CSV as a time column and a header,
WAV as a ``LIST``/``INFO`` comment chunk (which other programs show as the
file's comment and SciPy's reader skips).
"""

from __future__ import annotations

import csv
import json
import struct

import numpy as np

from ._io_audio import import_soundfile
from ._io_types import CLIError

__all__ = ["WAV_TAG", "write"]

WAV_TAG = "sigproc "  # prefix of the WAV comment that carries sigproc's metadata
_WRITABLE = (".npy", ".npz", ".csv", ".wav", ".flac", ".ogg", ".mat")


def write(path, data, *, fs, axis, channels, start, clock, units):
    suffix = path.suffix.lower()
    if suffix not in _WRITABLE:
        raise CLIError(
            f"cannot write {path.name}: unknown output format {suffix or '(no extension)'!r}; "
            f"expected one of {', '.join(_WRITABLE)}"
        )
    start = float(start)
    try:
        if suffix == ".npy":
            np.save(path, data)
        elif suffix == ".npz":
            arrays = {"data": data, "fs": np.float64(fs), "channels": np.array(channels, str)}
            arrays["gps_start" if clock == "GPS" else "start"] = np.float64(start)
            if units:
                arrays["units"] = np.array(units)
            np.savez(path, **arrays)
        elif suffix == ".mat":
            _write_mat(path, data, fs, channels, start, clock, units)
        else:
            table = _time_by_channel(data, axis, path, suffix)
            if suffix == ".csv":
                _write_csv(path, table, fs, channels, start, clock)
            elif suffix == ".wav":
                _write_wav(path, table, fs, channels, start, clock, units)
            else:
                _write_soundfile(path, table, fs)
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _time_by_channel(data, axis, path, suffix):
    """`data` as a (time,) or (time, channels) array; CLIError when the format cannot hold it."""
    fmt = suffix[1:].upper()
    if data.ndim > 2:
        raise CLIError(
            f"cannot write {path.name}: {fmt} holds time x channels (2 dimensions), "
            f"the signal has shape {data.shape}; write .npy or .npz"
        )
    if data.dtype.kind == "c":
        raise CLIError(
            f"cannot write {path.name}: {fmt} holds real samples, the signal is complex; "
            "write .npy or .npz"
        )
    return np.moveaxis(data, axis, 0) if data.ndim == 2 else data


def _write_csv(path, table, fs, channels, start, clock):
    times = start + np.arange(table.shape[0]) / fs
    body = np.column_stack([times, table.reshape(table.shape[0], -1)])
    with open(path, "w", newline="") as stream:
        csv.writer(stream).writerow(["gps_time" if clock == "GPS" else "time", *channels])
        np.savetxt(stream, body, delimiter=",", fmt="%.17g")


def _integer_rate(fs, path):
    rate = round(fs)
    if abs(rate - fs) > 1e-9 * fs or rate < 1:
        fmt = path.suffix[1:].upper()
        raise CLIError(
            f"cannot write {path.name}: {fmt} holds whole-Hz sampling rates, "
            f"the signal's is {fs:g} Hz; write .npz or .csv"
        )
    return int(rate)


def _write_wav(path, table, fs, channels, start, clock, units):
    from scipy.io import wavfile

    wavfile.write(path, _integer_rate(fs, path), table.astype(np.float32))
    meta = {"channels": list(channels), "start": start}
    if clock:
        meta["clock"] = clock
    if units:
        meta["units"] = units
    _append_wav_comment(path, WAV_TAG + json.dumps(meta))


def _append_wav_comment(path, text):
    """Append a ``LIST``/``INFO``/``ICMT`` chunk to a RIFF WAV file (not RF64)."""
    payload = text.encode("utf-8") + b"\0"
    if len(payload) % 2:
        payload += b"\0"
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(payload)) + payload
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    with open(path, "r+b") as stream:
        if stream.read(4) != b"RIFF":
            return  # RF64 (over 4 GiB): no room in the header for more
        stream.seek(0, 2)
        if stream.tell() % 2:
            stream.write(b"\0")
        stream.write(chunk)
        size = stream.tell() - 8
        stream.seek(4)
        stream.write(struct.pack("<I", size))


def _write_soundfile(path, table, fs):
    soundfile = import_soundfile(f"writing {path.suffix[1:].upper()}")
    peak = float(np.max(np.abs(table))) if table.size else 0.0
    if peak > 1:
        raise CLIError(
            f"cannot write {path.name}: {path.suffix[1:].upper()} stores audio samples in "
            f"[-1, 1], the signal's peak is {peak:.4g}; write .wav (32-bit float) or .npy"
        )
    flac = path.suffix.lower() == ".flac"
    n_channels = table.shape[1] if table.ndim == 2 else 1
    if flac and n_channels > 8:
        raise CLIError(
            f"cannot write {path.name}: FLAC holds at most 8 channels, the signal has "
            f"{n_channels}; write .wav or .npy"
        )
    subtype = "PCM_24" if flac else None
    try:
        soundfile.write(path, table, _integer_rate(fs, path), subtype=subtype)
    except soundfile.LibsndfileError as exc:
        raise CLIError(f"cannot write {path.name}: {exc}") from None


def _write_mat(path, data, fs, channels, start, clock, units):
    from scipy import io

    variables = {"data": data, "fs": float(fs), "channels": np.array(channels, dtype=object)}
    variables["gps_start" if clock == "GPS" else "start"] = start
    if units:
        variables["units"] = units
    io.savemat(path, variables)
