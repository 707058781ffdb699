"""The ``sigproc`` command line, run in-process through ``main([...])``.

Every test writes its own small recordings under ``tmp_path`` and compares
what the command writes with SciPy called directly. The ``data`` tests read
the GW150914 strain file from the shared data folder and skip when it is absent.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate
import scipy.io.wavfile
import scipy.signal

from sigproc.cli import main

FS = 1024.0
PNG = b"\x89PNG\r\n\x1a\n"
DATA = Path(__file__).parents[2] / "shared" / "data" / "gw150914"
LIGO = DATA / "H-H1_LOSC_4_V2-1126259446-32.hdf5"
needs_torch = pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="no torch")
needs_h5py = pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="no h5py")
needs_mpl = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="no mpl")


@pytest.fixture
def signal(rng):
    """Two channels x 4 s at 1024 Hz: noise plus 50 Hz and 120 Hz tones."""
    t = np.arange(int(4 * FS)) / FS
    tones = np.stack([np.sin(2 * np.pi * 50 * t), 0.5 * np.sin(2 * np.pi * 120 * t)])
    return rng.standard_normal((2, t.size)) * 0.1 + tones


def run(capsys, *argv):
    """(exit status, stdout, stderr) of ``sigproc argv...``."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def read_csv(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def write_gwosc(path, strain, fs):
    import h5py

    with h5py.File(path, "w") as h5:
        dataset = h5.create_dataset("strain/Strain", data=strain)
        dataset.attrs["Xspacing"] = 1.0 / fs
        h5.create_dataset("meta/Detector", data="H1")


def welch_ref(x, fs, nperseg, axis=-1):
    return scipy.signal.welch(x, fs=fs, nperseg=nperseg, axis=axis)


# --- inputs --------------------------------------------------------------------------


def _write(kind, tmp_path, x):
    """Write `x` (channels, time) in format `kind`; return (path, extra argv, time axis)."""
    if kind == "npy":
        np.save(tmp_path / "x.npy", x)
        return tmp_path / "x.npy", ["--fs", FS], -1
    if kind == "npz":
        np.savez(tmp_path / "x.npz", signal=x, other=np.zeros(3), fs=FS)
        return tmp_path / "x.npz", ["--key", "signal"], -1
    if kind == "wav":
        scipy.io.wavfile.write(tmp_path / "x.wav", int(FS), x.T.astype(np.float32))
        return tmp_path / "x.wav", [], 0
    if kind == "wav-int16":
        scipy.io.wavfile.write(tmp_path / "x.wav", int(FS), (x.T * 8000).astype(np.int16))
        return tmp_path / "x.wav", [], 0
    if kind == "csv":
        header = "left,right"
        np.savetxt(tmp_path / "x.csv", x.T, delimiter=",", header=header, comments="", fmt="%.17g")
        return tmp_path / "x.csv", ["--fs", FS], 0
    if kind == "csv-time":
        t = np.arange(x.shape[1]) / FS
        np.savetxt(
            tmp_path / "x.csv",
            np.column_stack([t, x.T]),
            delimiter=",",
            header="time,a,b",
            comments="",
            fmt="%.17g",
        )
        return tmp_path / "x.csv", [], 0
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["npy", "npz", "wav", "wav-int16", "csv", "csv-time"])
def test_psd_reads_every_format(capsys, tmp_path, signal, kind):
    path, extra, _ = _write(kind, tmp_path, signal)
    status, out, err = run(
        capsys, "psd", path, *extra, "--nperseg", 256, "--out", tmp_path / "p.csv"
    )
    assert status == 0, err
    table = read_csv(tmp_path / "p.csv")
    x = signal.astype(np.float32) if kind == "wav" else signal
    if kind == "wav-int16":
        x = (signal * 8000).astype(np.int16).astype(np.float64)  # the CLI reads PCM as float64
    f, pxx = welch_ref(x, FS, 256)
    np.testing.assert_allclose(table[:, 0], f, rtol=1e-12)
    rtol = 1e-4 if kind == "wav" else 1e-10
    np.testing.assert_allclose(table[:, 1:].T, pxx, rtol=rtol, atol=rtol * pxx.max())
    assert "50" in out and "120" in out  # the two tones are listed as lines


@needs_h5py
def test_psd_reads_gwosc_hdf5(capsys, tmp_path, signal):
    write_gwosc(tmp_path / "s.hdf5", signal[0], FS)
    status, out, err = run(
        capsys, "psd", tmp_path / "s.hdf5", "--nperseg", 512, "--out", tmp_path / "p.npy"
    )
    assert status == 0, err
    table = np.load(tmp_path / "p.npy")
    f, pxx = welch_ref(signal[0], FS, 512)
    np.testing.assert_allclose(table[:, 0], f)
    np.testing.assert_allclose(table[:, 1], pxx, rtol=1e-10, atol=1e-10 * pxx.max())
    assert "fs 1024 Hz" in out


def test_psd_axis_and_options(capsys, tmp_path, signal):
    np.save(tmp_path / "x.npy", signal.T.copy())  # time along axis 0
    status, _, err = run(
        capsys,
        "psd",
        tmp_path / "x.npy",
        "--fs",
        FS,
        "--axis",
        0,
        "--nperseg",
        128,
        "--noverlap",
        96,
        "--window",
        "hamming",
        "--average",
        "median",
        "--out",
        tmp_path / "p.csv",
    )
    assert status == 0, err
    _f, pxx = scipy.signal.welch(
        signal.T, fs=FS, nperseg=128, noverlap=96, window="hamming", average="median", axis=0
    )
    np.testing.assert_allclose(
        read_csv(tmp_path / "p.csv")[:, 1:], pxx, rtol=1e-10, atol=1e-10 * pxx.max()
    )


@needs_mpl
def test_plots_are_written(capsys, tmp_path, signal):
    np.save(tmp_path / "x.npy", signal)
    commands = [
        ("psd", "--asd"),
        ("spectrogram", "--fmax", "300"),
        ("bandpower", "--bands", "10-60,60-200"),
    ]
    for command, *options in commands:
        png = tmp_path / f"{command}.png"
        status, out, err = run(
            capsys, command, tmp_path / "x.npy", "--fs", FS, *options, "--plot", png
        )
        assert status == 0, err
        assert png.read_bytes()[:8] == PNG and png.stat().st_size > 5000
        assert f"wrote {png}" in out


# --- spectrogram, bandpower, filter --------------------------------------------------


def test_spectrogram_outputs(capsys, tmp_path, signal):
    np.save(tmp_path / "x.npy", signal)
    status, _, err = run(
        capsys,
        "spectrogram",
        tmp_path / "x.npy",
        "--fs",
        FS,
        "--nperseg",
        128,
        "--noverlap",
        64,
        "--out",
        tmp_path / "s.npz",
    )
    assert status == 0, err
    f, t, sxx = scipy.signal.spectrogram(signal, fs=FS, window="hann", nperseg=128, noverlap=64)
    with np.load(tmp_path / "s.npz") as saved:
        np.testing.assert_allclose(saved["f"], f)
        np.testing.assert_allclose(saved["t"], t)
        np.testing.assert_allclose(saved["Sxx"], sxx, rtol=1e-10, atol=1e-10 * sxx.max())
    status, _, err = run(
        capsys,
        "spectrogram",
        tmp_path / "x.npy",
        "--fs",
        FS,
        "--nperseg",
        128,
        "--noverlap",
        64,
        "--out",
        tmp_path / "s.csv",
    )
    assert status == 0, err
    table = read_csv(tmp_path / "s.csv")
    assert table.shape == (t.size * f.size, 4)  # time, frequency, one column per channel
    np.testing.assert_allclose(table[:, 3], sxx[1].T.ravel(), rtol=1e-10, atol=1e-10 * sxx.max())


def _bandpower_ref(x, fs, bands, nperseg, relative=False):
    f, pxx = welch_ref(x, fs, nperseg)
    power = np.stack(
        [
            scipy.integrate.trapezoid(pxx[..., (f >= lo) & (f <= hi)], f[(f >= lo) & (f <= hi)])
            for lo, hi in bands
        ],
        axis=-1,
    )
    return power / scipy.integrate.trapezoid(pxx, f)[..., None] if relative else power


@pytest.mark.parametrize("relative", [False, True])
def test_bandpower_matches_scipy(capsys, tmp_path, signal, relative):
    np.save(tmp_path / "x.npy", signal)
    flags = ["--relative"] if relative else []
    status, out, err = run(
        capsys,
        "bandpower",
        tmp_path / "x.npy",
        "--fs",
        FS,
        "--bands",
        "10-60,60-200,200-512",
        "--nperseg",
        256,
        *flags,
        "--out",
        tmp_path / "b.csv",
    )
    assert status == 0, err
    table = read_csv(tmp_path / "b.csv")
    np.testing.assert_array_equal(table[:, :2], [[10, 60], [60, 200], [200, 512]])
    want = _bandpower_ref(signal, FS, [(10, 60), (60, 200), (200, 512)], 256, relative)
    np.testing.assert_allclose(table[:, 2:].T, want, rtol=1e-10)
    assert "10-60" in out and "ch1" in out


@pytest.mark.parametrize(
    ("options", "design", "zero_phase"),
    [
        (["--band", "20", "200"], (4, [20, 200], "bandpass"), True),
        (["--lowpass", "100", "--butter", "6", "--causal"], (6, 100, "lowpass"), False),
        (["--highpass", "30", "--zero-phase"], (4, 30, "highpass"), True),
    ],
)
def test_filter_matches_scipy(capsys, tmp_path, signal, options, design, zero_phase):
    np.save(tmp_path / "x.npy", signal)
    status, out, err = run(
        capsys, "filter", tmp_path / "x.npy", "--fs", FS, *options, "--out", tmp_path / "y.npy"
    )
    assert status == 0, err
    sos = scipy.signal.butter(*design, fs=FS, output="sos")
    run_filter = scipy.signal.sosfiltfilt if zero_phase else scipy.signal.sosfilt
    want = run_filter(sos, signal)
    np.testing.assert_allclose(
        np.load(tmp_path / "y.npy"), want, rtol=1e-10, atol=1e-10 * np.abs(want).max()
    )
    assert "rms before" in out


def test_filter_csv_keeps_columns(capsys, tmp_path, signal):
    path, extra, _ = _write("csv", tmp_path, signal)
    status, _, err = run(
        capsys, "filter", path, *extra, "--band", 40, 60, "--out", tmp_path / "y.csv"
    )
    assert status == 0, err
    # the channel names kept, after the time column that keeps the sampling rate
    assert (tmp_path / "y.csv").read_text().splitlines()[0] == "time,left,right"
    sos = scipy.signal.butter(4, [40, 60], "bandpass", fs=FS, output="sos")
    want = scipy.signal.sosfiltfilt(sos, signal, axis=-1).T
    table = read_csv(tmp_path / "y.csv")
    np.testing.assert_allclose(table[:, 0], np.arange(signal.shape[1]) / FS, rtol=1e-12)
    np.testing.assert_allclose(table[:, 1:], want, rtol=1e-10, atol=1e-12)


# --- backends ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "backend",
    ["numpy", "array_api", pytest.param("torch", marks=needs_torch)],
)
def test_backend_option_gives_same_results(capsys, tmp_path, signal, backend):
    np.save(tmp_path / "x.npy", signal)
    extra = ["--device", "cpu"] if backend == "torch" else []
    status, out, err = run(
        capsys,
        "psd",
        tmp_path / "x.npy",
        "--fs",
        FS,
        "--nperseg",
        256,
        "--backend",
        backend,
        *extra,
        "--out",
        tmp_path / "p.csv",
    )
    assert status == 0, err
    assert f"backend {backend}" in out
    _f, pxx = welch_ref(signal, FS, 256)
    np.testing.assert_allclose(
        read_csv(tmp_path / "p.csv")[:, 1:].T, pxx, rtol=1e-10, atol=1e-10 * pxx.max()
    )


def test_nd_input_along_a_middle_axis(capsys, tmp_path, rng):
    x = rng.standard_normal((2, 2048, 3))  # time along axis 1: six channels
    np.save(tmp_path / "x.npy", x)
    common = ["--fs", FS, "--axis", 1]
    status, _out, err = run(
        capsys,
        "bandpower",
        tmp_path / "x.npy",
        *common,
        "--bands",
        "10-100,100-400",
        "--nperseg",
        256,
        "--out",
        tmp_path / "b.csv",
    )
    assert status == 0, err
    want = _bandpower_ref(np.moveaxis(x, 1, -1), FS, [(10, 100), (100, 400)], 256)
    np.testing.assert_allclose(
        read_csv(tmp_path / "b.csv")[:, 2:], want.reshape(6, 2).T, rtol=1e-10
    )
    status, _, err = run(
        capsys,
        "spectrogram",
        tmp_path / "x.npy",
        *common,
        "--nperseg",
        128,
        "--out",
        tmp_path / "s.npy",
    )
    assert status == 0, err
    _, _, sxx = scipy.signal.spectrogram(x, fs=FS, window="hann", nperseg=128, axis=1)
    np.testing.assert_allclose(np.load(tmp_path / "s.npy"), sxx, rtol=1e-10, atol=1e-10 * sxx.max())
    status, _, err = run(
        capsys,
        "filter",
        tmp_path / "x.npy",
        *common,
        "--highpass",
        50,
        "--causal",
        "--out",
        tmp_path / "y.npy",
    )
    assert status == 0, err
    sos = scipy.signal.butter(4, 50, "highpass", fs=FS, output="sos")
    np.testing.assert_allclose(
        np.load(tmp_path / "y.npy"), scipy.signal.sosfilt(sos, x, axis=1), rtol=1e-10, atol=1e-12
    )


@needs_torch
def test_filter_on_torch(capsys, tmp_path, signal):
    np.save(tmp_path / "x.npy", signal)
    status, out, err = run(
        capsys,
        "filter",
        tmp_path / "x.npy",
        "--fs",
        FS,
        "--band",
        20,
        200,
        "--backend",
        "torch",
        "--out",
        tmp_path / "y.csv",
    )
    assert status == 0, err
    assert "backend torch (cpu)" in out
    sos = scipy.signal.butter(4, [20, 200], "bandpass", fs=FS, output="sos")
    want = scipy.signal.sosfiltfilt(sos, signal).T
    np.testing.assert_allclose(
        read_csv(tmp_path / "y.csv")[:, 1:], want, rtol=1e-10, atol=1e-10 * np.abs(want).max()
    )


def test_unavailable_devices_are_errors(capsys, tmp_path, signal):
    path = _save(tmp_path, signal)
    cases = []
    if importlib.util.find_spec("cupy") is None:
        cases.append((["--backend", "cupy"], "CuPy is not installed"))
    if importlib.util.find_spec("torch") is not None:
        import torch

        if not torch.cuda.is_available():
            cases.append((["--backend", "torch", "--device", "cuda:0"], "CUDA device"))
        cases.append((["--backend", "torch", "--device", "nodevice"], "not a torch device"))
    for options, expected in cases:
        status, _, err = run(capsys, "psd", path, "--fs", FS, *options)
        assert status == 2
        assert err.count("\n") == 1 and expected in err, err


def test_backends_table(capsys):
    status, out, _ = run(capsys, "backends")
    assert status == 0
    assert "numpy" in out and "array_api" in out and "installed" in out


def test_python_dash_m_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "sigproc", "backends"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "array_api" in done.stdout


# --- errors: one line on stderr, exit status 2 ---------------------------------------


def _corrupt(tmp_path, name, content=b"this is not a recording\x00\x01"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


ERRORS = {
    "missing file": (lambda p, s: ["psd", p / "nope.npy", "--fs", 10], "no such file"),
    "unknown format": (lambda p, s: ["psd", _corrupt(p, "x.txt"), "--fs", 10], "unknown input"),
    "corrupt npy": (lambda p, s: ["psd", _corrupt(p, "x.npy"), "--fs", 10], "cannot read"),
    "corrupt npz": (lambda p, s: ["psd", _corrupt(p, "x.npz"), "--fs", 10], "cannot read"),
    "corrupt wav": (lambda p, s: ["psd", _corrupt(p, "x.wav")], "cannot read"),
    "corrupt hdf5": (lambda p, s: ["psd", _corrupt(p, "x.hdf5")], "cannot read"),
    "corrupt csv": (
        lambda p, s: ["psd", _corrupt(p, "x.csv", b"a,b\n1,2\n3,zz\n"), "--fs", 10],
        "cannot read",
    ),
    "no fs": (lambda p, s: ["psd", _save(p, s)], "--fs"),
    "nan": (lambda p, s: ["psd", _save(p, np.where(s > 1.05, np.nan, s)), "--fs", FS], "NaN"),
    "empty": (lambda p, s: ["psd", _save(p, np.zeros((2, 0))), "--fs", FS], "empty"),
    "strings": (lambda p, s: ["psd", _save(p, np.array(["a", "b"])), "--fs", FS], "numeric"),
    "band above nyquist": (
        lambda p, s: ["bandpower", _save(p, s), "--fs", FS, "--bands", "10-600"],
        "fs/2",
    ),
    "bad band text": (
        lambda p, s: ["bandpower", _save(p, s), "--fs", FS, "--bands", "low-high"],
        "--bands",
    ),
    "filter band": (
        lambda p, s: ["filter", _save(p, s), "--fs", FS, "--band", 100, 900, "--out", p / "y.npy"],
        "fs/2",
    ),
    "lowpass above nyquist": (
        lambda p, s: ["filter", _save(p, s), "--fs", FS, "--lowpass", 512, "--out", p / "y.npy"],
        "fs/2",
    ),
    "filter short signal": (
        lambda p, s: [
            "filter",
            _save(p, s[:, :10]),
            "--fs",
            FS,
            "--lowpass",
            10,
            "--out",
            p / "y.npy",
        ],
        "sosfiltfilt",
    ),
    "bad nperseg": (lambda p, s: ["psd", _save(p, s), "--fs", FS, "--nperseg", "abc"], "--nperseg"),
    "zero nperseg": (lambda p, s: ["psd", _save(p, s), "--fs", FS, "--nperseg", 0], "--nperseg"),
    "negative fs": (lambda p, s: ["psd", _save(p, s), "--fs", -3], "--fs"),
    "noverlap": (
        lambda p, s: ["psd", _save(p, s), "--fs", FS, "--nperseg", 64, "--noverlap", 64],
        "--noverlap",
    ),
    "unknown backend": (
        lambda p, s: ["psd", _save(p, s), "--fs", FS, "--backend", "jax"],
        "--backend",
    ),
    "device without torch": (
        lambda p, s: ["psd", _save(p, s), "--fs", FS, "--device", "cuda:0"],
        "--device",
    ),
    "bad window (library error)": (
        lambda p, s: ["psd", _save(p, s), "--fs", FS, "--window", "nosuchwindow"],
        "welch",
    ),
    "bad axis": (lambda p, s: ["psd", _save(p, s), "--fs", FS, "--axis", 5], "--axis"),
    "npz key": (lambda p, s: ["psd", _savez(p, s), "--key", "nope"], "nope"),
    "out suffix": (lambda p, s: ["psd", _save(p, s), "--fs", FS, "--out", p / "p.txt"], "--out"),
    "filter needs out": (
        lambda p, s: ["filter", _save(p, s), "--fs", FS, "--lowpass", 10],
        "--out",
    ),
    "filter needs a kind": (
        lambda p, s: ["filter", _save(p, s), "--fs", FS, "--out", p / "y.npy"],
        "--band",
    ),
    "option but no command": (lambda p, s: ["--no-such"], "required"),
    "unknown command": (lambda p, s: ["fft"], "invalid choice"),
}


def _save(tmp_path, x):
    np.save(tmp_path / "s.npy", x)
    return tmp_path / "s.npy"


def _savez(tmp_path, x):
    np.savez(tmp_path / "s.npz", x=x, fs=FS)
    return tmp_path / "s.npz"


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_are_one_line(capsys, tmp_path, signal, case):
    build, expected = ERRORS[case]
    status, out, err = run(capsys, *build(tmp_path, signal))
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sigproc: error: ")
    assert expected in lines[0]
    assert "Traceback" not in err + out


def test_bare_command_prints_usage(capsys):
    status, out, err = run(capsys)
    assert status == 0 and "usage: sigproc" in out and "psd" in out and not err


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.startswith("sigproc ")


def test_a_closed_pipe_is_not_an_error(tmp_path, signal):
    # `sigproc psd F | head -1`: the reader leaves early (`true` leaves at once, long
    # before the interpreter has started, so the first write meets a closed pipe)
    path = _save(tmp_path, signal)
    script = f"{sys.executable} -m sigproc psd {path} --fs {FS} | true; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0", done.stderr
    assert "Error" not in done.stderr


def test_help_exits_zero(capsys):
    assert main(["psd", "--help"]) == 0
    assert "--nperseg" in capsys.readouterr().out


def test_inputs_are_not_modified(capsys, tmp_path, signal):
    path = _save(tmp_path, signal)
    before = path.read_bytes()
    assert (
        run(capsys, "filter", path, "--fs", FS, "--lowpass", 100, "--out", tmp_path / "y.npy")[0]
        == 0
    )
    assert path.read_bytes() == before


# --- the GW150914 strain file ----------------------------------------------------------


def needs_ligo(test):
    absent = pytest.mark.skipif(not LIGO.is_file(), reason=f"{LIGO} is absent")
    return pytest.mark.data(absent(test))


@needs_ligo
def test_ligo_psd_shows_60hz_line(capsys, tmp_path):
    status, out, err = run(
        capsys,
        "psd",
        LIGO,
        "--nperseg",
        16384,
        "--fmin",
        20,
        "--fmax",
        100,
        "--out",
        tmp_path / "p.csv",
    )
    assert status == 0, err
    table = read_csv(tmp_path / "p.csv")
    f, psd = table[:, 0], table[:, 1]
    i60 = np.argmin(np.abs(f - 60))
    neighbours = np.r_[psd[i60 - 12 : i60 - 3], psd[i60 + 4 : i60 + 13]]  # 1-3 Hz away
    assert psd[i60] > 50 * np.median(neighbours)
    assert "\n  60 " in out  # listed among the strongest narrow lines


@needs_ligo
def test_ligo_bandpower_same_on_numpy_and_array_api(capsys, tmp_path):
    results = []
    for backend in ("numpy", "array_api"):
        out = tmp_path / f"{backend}.csv"
        status, _, err = run(
            capsys, "bandpower", LIGO, "--bands", "20-60,60-250", "--backend", backend, "--out", out
        )
        assert status == 0, err
        results.append(read_csv(out))
    np.testing.assert_allclose(results[1], results[0], rtol=1e-10)


@needs_ligo
def test_ligo_filter_matches_scipy(capsys, tmp_path):
    status, _, err = run(
        capsys, "filter", LIGO, "--butter", 4, "--band", 20, 300, "--out", tmp_path / "y.npy"
    )
    assert status == 0, err
    import h5py

    with h5py.File(LIGO, "r") as h5:
        strain = h5["strain/Strain"][()]
    sos = scipy.signal.butter(4, [20, 300], "bandpass", fs=4096, output="sos")
    want = scipy.signal.sosfiltfilt(sos, strain)
    np.testing.assert_allclose(
        np.load(tmp_path / "y.npy"), want, rtol=1e-10, atol=1e-10 * np.abs(want).max()
    )


def test_example_writes_the_built_in_recording(capsys, tmp_path):
    out = tmp_path / "gw.npz"
    status, text, _ = run(capsys, "example", "--out", out)
    assert status == 0 and "GW150914" in text and "CC BY 4.0" in text
    with np.load(out) as archive:
        assert archive["strain"].shape == (2, 131072) and float(archive["fs"]) == 4096.0
    status, text, err = run(capsys, "psd", out, "--nperseg", 16384)
    assert status == 0 and "2 channel(s) x 131072 samples, fs 4096 Hz" in text, err
    status, _, err = run(capsys, "example", "--out", tmp_path / "gw.npy")
    assert status == 2 and "must be a .npz" in err
