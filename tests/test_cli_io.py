"""Reading and writing recordings on the command line (``sigproc.cli._io``).

Round trips through every output format, ``--start``/``--duration`` windows,
the metadata each format carries (sampling rate, channel names, units, start,
GPS clock), the optional readers (pyedflib, soundfile, MATLAB v7.3 via h5py)
and the input defects of issue 15: directories, leaked warnings, the time
axis of a time x channels array, the default NPZ key, too-short signals.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings

import numpy as np
import pytest
import scipy.io
import scipy.io.wavfile

from sigproc.cli import main
from sigproc.cli._io import CLIError, Recording, cut, read_recording, write_signal

FS = 256.0
GPS = 1126259446.0
needs_h5py = pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="no h5py")


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def quiet_read(*args, **kwargs):
    """read_recording, asserting that no Python warning escaped it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = read_recording(*args, **kwargs)
    assert not caught, [str(w.message) for w in caught]
    return rec


@pytest.fixture
def gps_rec(rng):
    """Two channels x 8 s at 256 Hz on the GPS clock, as a GWOSC-derived file reads."""
    data = rng.standard_normal((2, int(8 * FS)))
    return Recording(data, FS, 1, ["H1", "L1"], "gw.npz", "strain", GPS, "GPS", ["a note"])


# --- cut -----------------------------------------------------------------------------


def test_cut_gps_time_and_offset_agree(gps_rec):
    by_clock = cut(gps_rec, start=GPS + 2, duration=1.5)
    by_offset = cut(gps_rec, start=2, duration=1.5)
    for part in (by_clock, by_offset):
        assert part.data.shape == (2, 384) and part.start == GPS + 2 and part.clock == "GPS"
        np.testing.assert_array_equal(part.data, gps_rec.data[:, 512:896])
        assert part.channels == ["H1", "L1"] and part.units == "strain"
    by_clock.notes.append("x")
    assert gps_rec.notes == ["a note"]  # copied, not shared
    tail = cut(gps_rec, start=7)
    assert tail.n_samples == 256 and tail.start == GPS + 7
    head = cut(gps_rec, duration=0.5)
    assert head.n_samples == 128 and head.start == GPS


def test_cut_rounds_gps_times_to_the_nearest_sample(rng):
    rec = Recording(rng.standard_normal(1000), 10.0, 0, ["x"], "g.npz", start=GPS, clock="GPS")
    for start in (GPS + 4.3, GPS + 4.3 + 3e-7, GPS + 4.3 - 3e-7):  # within float64's GPS grain
        part = cut(rec, start=start, duration=2.2)
        assert part.start == GPS + 4.3 and part.n_samples == 22


def test_cut_without_clock_counts_from_the_beginning(rng):
    rec = Recording(rng.standard_normal(1000), 100.0, 0, ["x"], "x.csv", start=5.0)
    part = cut(rec, start=6, duration=2)  # 6 s into the recording, not t = 6
    assert part.start == 11.0 and part.n_samples == 200
    np.testing.assert_array_equal(part.data, rec.data[600:800])


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"start": 9}, "GPS 1126259446 to 1126259454"),
        ({"start": GPS + 20}, "outside"),
        ({"start": -1}, "outside"),
        ({"start": 6, "duration": 3}, "ends past the end"),
        ({"start": 1, "duration": 0.004}, "at least 2"),
        ({"start": 1, "duration": 0}, "--duration"),
        ({"start": float("nan")}, "--start"),
    ],
)
def test_cut_refuses_windows_outside(gps_rec, window, expected):
    with pytest.raises(CLIError, match=expected):
        cut(gps_rec, **window)


def test_cut_message_without_clock(rng):
    rec = Recording(rng.standard_normal(100), 10.0, 0, ["x"], "x.npy")
    with pytest.raises(CLIError, match=r"spans 0 to 10 s$"):
        cut(rec, start=12)


def test_cut_chunked(gps_rec):
    da = pytest.importorskip("dask.array")
    lazy = Recording(**{**gps_rec.__dict__, "data": da.from_array(gps_rec.data, chunks=(2, 300))})
    part = cut(lazy, start=GPS + 1, duration=2)
    assert part.chunked and part.start == GPS + 1
    np.testing.assert_array_equal(part.data.compute(), gps_rec.data[:, 256:768])


# --- write_signal and reading back ---------------------------------------------------


@pytest.mark.parametrize("suffix", [".npz", ".csv", ".wav", ".mat"])
def test_written_signals_read_back(tmp_path, gps_rec, suffix):
    path = write_signal(
        tmp_path / f"y{suffix}",
        gps_rec.data,
        fs=FS,
        axis=1,
        channels=["H1", "L1"],
        start=GPS + 0.5,
        clock="GPS",
        units="strain",
    )
    back = quiet_read(path)
    assert back.fs == FS and back.start == GPS + 0.5 and back.clock == "GPS"
    assert back.channels == ["H1", "L1"] and not back.notes
    if suffix != ".csv":
        assert back.units == "strain"
    rtol = 1e-6 if suffix == ".wav" else 0
    got = np.moveaxis(back.data, back.axis, -1)
    np.testing.assert_allclose(got, gps_rec.data, rtol=rtol, atol=rtol * 4)


def test_csv_output_has_a_time_column(tmp_path, gps_rec):
    write_signal(
        tmp_path / "g.csv",
        gps_rec.data,
        fs=FS,
        axis=1,
        channels=["H1", "L1"],
        start=GPS,
        clock="GPS",
    )
    lines = (tmp_path / "g.csv").read_text().splitlines()
    assert lines[0] == "gps_time,H1,L1" and float(lines[2].split(",")[0]) == GPS + 1 / FS
    write_signal(tmp_path / "t.csv", gps_rec.data[0], fs=FS, axis=0, channels=["x"], start=2.0)
    rec = quiet_read(tmp_path / "t.csv")
    assert rec.clock is None and rec.start == 2.0 and rec.fs == FS
    assert (tmp_path / "t.csv").read_text().splitlines()[0] == "time,x"


def test_npy_output_is_the_array(tmp_path, gps_rec):
    write_signal(tmp_path / "y.npy", gps_rec.data, fs=FS, axis=1, channels=["H1", "L1"])
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), gps_rec.data)


@pytest.mark.parametrize(
    ("name", "data", "fs", "expected"),
    [
        ("y.csv", np.zeros((2, 3, 50)), FS, "2 dimensions"),
        ("y.wav", np.zeros((2, 3, 50)), FS, "2 dimensions"),
        ("y.wav", np.zeros((2, 50), complex), FS, "complex"),
        ("y.wav", np.zeros((2, 50)), 100.5, "whole-Hz"),
        ("y.txt", np.zeros((2, 50)), FS, "unknown output format"),
        ("missing/y.npy", np.zeros((2, 50)), FS, "cannot write"),
    ],
)
def test_write_refuses(tmp_path, name, data, fs, expected):
    with pytest.raises(CLIError, match=expected):
        write_signal(tmp_path / name, data, fs=fs, axis=-1, channels=["a", "b"])


@pytest.mark.parametrize("suffix", [".flac", ".ogg"])
def test_soundfile_round_trip(tmp_path, suffix):
    pytest.importorskip("soundfile")
    x = 0.5 * np.sin(2 * np.pi * 440 * np.arange(8000) / 8000.0)
    path = write_signal(
        tmp_path / f"a{suffix}", np.stack([x, -x]), fs=8000, axis=1, channels=["l", "r"]
    )
    rec = quiet_read(path)
    assert rec.fs == 8000 and rec.data.shape == (8000, 2) and rec.axis == 0
    atol = 1e-5 if suffix == ".flac" else 0.1  # 24-bit PCM; Vorbis is lossy
    np.testing.assert_allclose(rec.data[:, 0], x, atol=atol)
    with pytest.raises(CLIError, match=r"\[-1, 1\].*\.wav"):
        write_signal(tmp_path / f"b{suffix}", 3 * x, fs=8000, axis=0, channels=["x"])
    if suffix == ".flac":
        with pytest.raises(CLIError, match="at most 8 channels"):
            write_signal(tmp_path / "c.flac", np.zeros((9, 100)), fs=8000, axis=1, channels=[])


def test_aiff_through_soundfile(tmp_path):
    soundfile = pytest.importorskip("soundfile")
    x = np.linspace(-0.5, 0.5, 1000)
    soundfile.write(tmp_path / "a.aiff", x, 22050, subtype="PCM_16")
    rec = quiet_read(tmp_path / "a.aiff")
    assert rec.fs == 22050 and rec.channels == ["x"]
    np.testing.assert_allclose(rec.data, x, atol=1e-4)


def test_soundfile_missing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "soundfile", None)
    with pytest.raises(CLIError, match=r"pip install 'sigproc\[audio\]'"):
        write_signal(tmp_path / "a.flac", np.zeros(100), fs=8000, axis=0, channels=["x"])
    (tmp_path / "b.flac").write_bytes(b"fLaC")
    with pytest.raises(CLIError, match=r"sigproc\[audio\]"):
        read_recording(tmp_path / "b.flac")


# --- readers and their metadata ------------------------------------------------------


def test_npz_metadata_as_sigproc_example_writes_it(tmp_path, rng):
    strain = rng.standard_normal((2, 512))
    np.savez(
        tmp_path / "gw.npz",
        strain=strain,
        fs=FS,
        gps_start=GPS,
        channels=np.array(["H1", "L1"]),
        units="strain",
    )
    rec = quiet_read(tmp_path / "gw.npz")
    assert rec.channels == ["H1", "L1"] and rec.units == "strain" and rec.fs == FS
    assert rec.start == GPS and rec.clock == "GPS" and rec.axis == 1 and not rec.notes
    np.savez(tmp_path / "t0.npz", x=strain[0], fs=FS, t0=3.0)
    rec = quiet_read(tmp_path / "t0.npz")
    assert rec.start == 3.0 and rec.clock is None


def test_npz_default_key_is_the_largest(tmp_path, rng):
    np.savez(tmp_path / "k.npz", short=np.zeros(3), signal=rng.standard_normal(300), fs=FS)
    rec = quiet_read(tmp_path / "k.npz")
    assert rec.n_samples == 300
    assert rec.notes == ["array 'signal', the largest (also: 'short'); --key to choose"]
    with pytest.raises(CLIError, match=r"'short': 3 sample\(s\).*shape \(3,\).*--key"):
        read_recording(tmp_path / "k.npz", key="short")


def test_gwosc_hdf5_metadata(tmp_path, rng):
    h5py = pytest.importorskip("h5py")
    with h5py.File(tmp_path / "g.hdf5", "w") as h5:
        h5.create_dataset("strain/Strain", data=rng.standard_normal(512)).attrs["Xspacing"] = 1 / FS
        h5.create_dataset("meta/Detector", data=b"L1")
        h5.create_dataset("meta/GPSstart", data=int(GPS))
    for chunks in (None, 100):
        if chunks:
            pytest.importorskip("dask.array")
        rec = quiet_read(tmp_path / "g.hdf5", chunks=chunks)
        assert (rec.channels, rec.units, rec.start, rec.clock) == (["L1"], "strain", GPS, "GPS")


def test_csv_time_column_gives_start_and_clock(tmp_path, rng):
    x = rng.standard_normal(4096)
    t = GPS + np.arange(x.size) / 4096.0  # float64 holds GPS times to about 1e-7 s
    table = np.column_stack([t, x])
    np.savetxt(
        tmp_path / "g.csv", table, delimiter=",", header="gps_time,H1", comments="", fmt="%.17g"
    )
    rec = quiet_read(tmp_path / "g.csv")
    assert (rec.fs, rec.start, rec.clock, rec.channels) == (4096.0, GPS, "GPS", ["H1"])


def test_zarr_attributes(tmp_path, rng):
    zarr = pytest.importorskip("zarr")
    store = zarr.open_array(str(tmp_path / "x.zarr"), mode="w", shape=(2, 300), dtype="f8")
    store[...] = rng.standard_normal((2, 300))
    store.attrs.update({"fs": FS, "units": "uV", "channels": ["Cz", "Pz"], "start": 1.5})
    rec = quiet_read(tmp_path / "x.zarr")
    assert (rec.fs, rec.units, rec.channels, rec.start) == (FS, "uV", ["Cz", "Pz"], 1.5)


@pytest.mark.parametrize("fs_name", ["fs", "Fs", "srate", "sfreq", "SampleRate"])
def test_mat_v5(tmp_path, rng, fs_name):
    x = rng.standard_normal((1000, 3))  # MATLAB's samples x channels
    scipy.io.savemat(
        tmp_path / "m.mat",
        {
            "eeg": x,
            "info": np.ones(4),
            fs_name: 250.0,
            "channels": np.array(["C3", "Cz", "C4"], object),
        },
    )
    rec = quiet_read(tmp_path / "m.mat")
    assert rec.fs == 250.0 and rec.axis == 0 and rec.channels == ["C3", "Cz", "C4"]
    assert rec.notes == [
        "variable 'eeg', the largest (also: 'info'); --key to choose",
        "time axis: axis 0 (1000 samples) of shape (1000, 3), the longest; --axis to choose",
    ]
    np.testing.assert_array_equal(rec.data, x)
    with pytest.raises(CLIError, match="no variable 'nope'"):
        read_recording(tmp_path / "m.mat", key="nope")


def _write_mat73(path, variables):
    """A MATLAB v7.3 file as MATLAB writes it: HDF5 behind a 512-byte MAT header."""
    import h5py

    with h5py.File(path, "w", userblock_size=512) as h5:
        for name, value in variables.items():
            h5.create_dataset(name, data=np.asarray(value).T)  # MATLAB is column-major
            h5[name].attrs["MATLAB_class"] = np.bytes_("double")
    header = b"MATLAB 7.3 MAT-file, Platform: GLNXA64".ljust(116) + b"\0" * 8 + b"\x00\x02IM"
    with open(path, "r+b") as stream:
        stream.write(header)


@needs_h5py
def test_mat_v73_through_h5py(tmp_path, rng):
    x = rng.standard_normal((2, 700))
    _write_mat73(tmp_path / "m.mat", {"data": x, "srate": 500.0})
    rec = quiet_read(tmp_path / "m.mat")
    assert rec.fs == 500.0 and rec.axis == 1
    np.testing.assert_array_equal(rec.data, x)


@needs_h5py
def test_mat_v73_without_h5py(tmp_path, rng, monkeypatch):
    _write_mat73(tmp_path / "m.mat", {"data": rng.standard_normal(100), "fs": 10.0})
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(CLIError, match=r"v7\.3 \(HDF5\).*h5py"):
        read_recording(tmp_path / "m.mat")


@pytest.fixture
def edf(tmp_path):
    """An EDF with Fp1, Fp2 (uV, 256 Hz) and ECG (mV, 128 Hz), 10 s."""
    pytest.importorskip("pyedflib")
    from pyedflib import highlevel

    t = np.arange(2560) / 256
    signals = [50 * np.sin(2 * np.pi * 10 * t), 50 * np.cos(2 * np.pi * 10 * t), np.zeros(1280)]
    headers = highlevel.make_signal_headers(
        ["Fp1", "Fp2", "ECG"],
        dimension="uV",
        sample_frequency=256,
        physical_min=-200,
        physical_max=200,
    )
    headers[2].update(sample_frequency=128, dimension="mV")
    highlevel.write_edf(str(tmp_path / "e.edf"), signals, headers)
    return tmp_path / "e.edf", signals


def test_edf_reads_the_most_common_rate(edf):
    path, signals = edf
    rec = quiet_read(path)
    assert (rec.fs, rec.channels, rec.units, rec.axis) == (256.0, ["Fp1", "Fp2"], "uV", 1)
    assert rec.notes == [
        "read the 2 channel(s) at 256 Hz; left out: ECG (128 Hz); --key LABEL,... to choose"
    ]
    np.testing.assert_allclose(rec.data[0], signals[0], atol=0.01)  # 16-bit resolution


def test_edf_key_picks_channels_by_label(edf):
    path, _ = edf
    rec = quiet_read(path, key="ECG")
    assert (rec.fs, rec.channels, rec.units, rec.notes) == (128.0, ["ECG"], "mV", [])
    rec = quiet_read(path, key="Fp2, Fp1", chunks=500 if importlib.util.find_spec("dask") else None)
    assert rec.channels == ["Fp2", "Fp1"]
    with pytest.raises(CLIError, match="different sampling rates"):
        read_recording(path, key="Fp1,ECG")
    with pytest.raises(CLIError, match=r"no channel 'O1'.*Fp1, Fp2, ECG"):
        read_recording(path, key="O1")


def test_edf_without_pyedflib(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyedflib", None)
    (tmp_path / "e.bdf").write_bytes(b"0" * 256)
    with pytest.raises(CLIError, match=r"BDF needs pyedflib \(pip install 'sigproc\[edf\]'\)"):
        read_recording(tmp_path / "e.bdf")


# --- defects of issue 15 -------------------------------------------------------------


def test_a_directory_is_not_a_recording(capsys, tmp_path):
    (tmp_path / "d").mkdir()
    status, _, err = run(capsys, "psd", tmp_path / "d", "--fs", 10)
    assert status == 2 and err.strip().splitlines() == [
        f"sigproc: error: {tmp_path / 'd'} is a directory, not a recording file"
    ]


def test_a_zarr_store_is_still_read(tmp_path, rng):
    zarr = pytest.importorskip("zarr")
    for name in ("x.zarr", "store"):  # named .zarr, or recognised by its metadata
        array = zarr.open_array(str(tmp_path / name), mode="w", shape=(64,), dtype="f8")
        array[...] = rng.standard_normal(64)
        assert quiet_read(tmp_path / name, fs=FS).n_samples == 64


@pytest.mark.parametrize("content", ["", "a,b\n", "time,x\n\n"])
def test_empty_csv_is_one_line(capsys, tmp_path, content):
    (tmp_path / "e.csv").write_text(content)
    status, _, err = run(capsys, "psd", tmp_path / "e.csv", "--fs", 10)
    assert status == 2 and err == "sigproc: error: e.csv holds no samples\n"


def test_truncated_wav(tmp_path):
    scipy.io.wavfile.write(tmp_path / "t.wav", 8000, np.zeros((1000, 2), np.float32))
    whole = (tmp_path / "t.wav").read_bytes()
    (tmp_path / "t.wav").write_bytes(whole[:4058])  # half the samples
    rec = quiet_read(tmp_path / "t.wav")
    assert rec.n_samples == 500
    assert rec.notes == ["t.wav is truncated (4058 of the 8058 bytes its header announces)"]
    (tmp_path / "t.wav").write_bytes(whole[:68])  # header and one sample
    with pytest.raises(CLIError, match=r"1 sample\(s\) along time .*shape \(1, 2\)"):
        quiet_read(tmp_path / "t.wav")


def test_time_by_channels_takes_the_long_axis(capsys, tmp_path, rng):
    x = rng.standard_normal((20000, 3))
    np.save(tmp_path / "x.npy", x)
    for chunks in (None, 4096) if importlib.util.find_spec("dask") else (None,):
        rec = quiet_read(tmp_path / "x.npy", fs=FS, chunks=chunks)
        assert rec.axis == 0 and rec.channels == ["ch0", "ch1", "ch2"]
        assert rec.notes == [
            "time axis: axis 0 (20000 samples) of shape (20000, 3), the longest; --axis to choose"
        ]
    with pytest.raises(CLIError, match=r"3 sample\(s\) along time \(axis 1 of shape"):
        read_recording(tmp_path / "x.npy", fs=FS, axis=1)  # an explicit --axis is obeyed
    status, out, err = run(capsys, "psd", tmp_path / "x.npy", "--fs", FS)
    assert status == 0 and "20000 samples" in out and "the longest" in out, err


def test_csv_without_time_column_follows_the_long_axis(tmp_path, rng):
    np.savetxt(tmp_path / "w.csv", rng.standard_normal((2, 100)), delimiter=",")
    rec = quiet_read(tmp_path / "w.csv", fs=FS)
    assert rec.axis == 1 and rec.n_samples == 100 and "longest" in rec.notes[0]


def test_notes_for_overrides_and_names(tmp_path, rng):
    np.savez(
        tmp_path / "n.npz", x=rng.standard_normal((3, 64)), fs=FS, channels=np.array(["a", "b"])
    )
    rec = quiet_read(tmp_path / "n.npz", fs=128)
    assert rec.fs == 128 and rec.channels == ["ch0", "ch1", "ch2"]
    assert rec.notes == [
        "--fs 128 Hz replaces the file's sampling rate, 256 Hz",
        "the file names 2 channel(s) for 3; numbered them instead",
    ]


def test_new_formats_chunk(tmp_path, rng):
    pytest.importorskip("dask.array")
    x = rng.standard_normal((2, 1000))
    scipy.io.savemat(tmp_path / "m.mat", {"x": x, "fs": FS})
    rec = quiet_read(tmp_path / "m.mat", chunks=300)
    assert rec.chunked and rec.n_chunks == 4
    np.testing.assert_array_equal(rec.data.compute(), x)
