"""The analysis commands of ``sigproc``: windows, channels, JSON, units, plots, progress, whiten.

Run in-process through ``main([...])`` on small recordings written under
``tmp_path``; numbers are compared with SciPy called directly.
"""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
import scipy.io
import scipy.io.wavfile
import scipy.signal

from sigproc.cli import _compute, _plot, _progress, main

FS = 1024.0
GPS = 1_000_000_000.0
needs_mpl = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="no mpl")
needs_tqdm = pytest.mark.skipif(importlib.util.find_spec("tqdm") is None, reason="no tqdm")


@pytest.fixture
def signal(rng):
    """Three channels x 4 s at 1024 Hz: noise plus 50, 120 and 200 Hz tones."""
    t = np.arange(int(4 * FS)) / FS
    tones = np.stack([np.sin(2 * np.pi * f * t) for f in (50, 120, 200)])
    return rng.standard_normal((3, t.size)) * 0.1 + tones


@pytest.fixture
def gwosc_like(tmp_path, signal):
    """An .npz with the metadata ``sigproc example`` writes: GPS start, channels, units."""
    path = tmp_path / "g.npz"
    channels = np.array(["H1", "L1", "V1"])
    np.savez(path, strain=signal, fs=FS, gps_start=GPS, channels=channels, units="strain")
    return path


def run(capsys, *argv):
    """(exit status, stdout, stderr) of ``sigproc argv...``."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def error(capsys, *argv):
    """The one-line message of a command that must fail with exit status 2."""
    status, out, err = run(capsys, *argv)
    assert status == 2, out + err
    assert out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sigproc: error: "), err
    return lines[0]


def save(tmp_path, x, name="x.npy"):
    np.save(tmp_path / name, x)
    return tmp_path / name


def read_csv(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def whiten_ref(x, fs, nperseg):
    """The GWOSC tutorial's whitening, written with NumPy and SciPy (Tukey 0.1, sqrt(2/fs))."""
    n = x.shape[-1]
    f, pxx = scipy.signal.welch(x, fs=fs, nperseg=nperseg)
    fk = np.fft.rfftfreq(n, 1 / fs)
    asd = np.stack([np.interp(fk, f, np.sqrt(row)) for row in np.atleast_2d(pxx)])
    spectrum = np.fft.rfft(x * scipy.signal.windows.tukey(n, 0.1)) / asd.reshape(
        *pxx.shape[:-1], -1
    )
    return np.fft.irfft(spectrum * np.sqrt(2 / fs), n)


# --- --start / --duration -------------------------------------------------------------


def test_window_in_seconds(capsys, tmp_path, signal):
    path = save(tmp_path, signal)
    argv = ["psd", path, "--fs", FS, "--start", 1, "--duration", 2, "--nperseg", 256]
    status, out, err = run(capsys, *argv, "--out", tmp_path / "p.csv")
    assert status == 0, err
    assert "3 channel(s) x 2048 samples, fs 1024 Hz (2 s from 1 s)" in out.splitlines()[0]
    _, pxx = scipy.signal.welch(signal[:, 1024:3072], fs=FS, nperseg=256)
    np.testing.assert_allclose(read_csv(tmp_path / "p.csv")[:, 1:].T, pxx, rtol=1e-10)


@pytest.mark.parametrize("command", ["psd", "spectrogram", "bandpower", "filter", "whiten"])
def test_window_in_gps_time_on_every_command(capsys, tmp_path, signal, gwosc_like, command):
    x = signal[:, 2048:3072]  # GPS + 2 s, for 1 s
    options = {
        "psd": ["--nperseg", 256, "--out", tmp_path / "o.npy"],
        "spectrogram": ["--nperseg", 128, "--out", tmp_path / "o.npz"],
        "bandpower": ["--bands", "40-60,100-300", "--nperseg", 256, "--out", tmp_path / "o.npy"],
        "filter": ["--lowpass", 100, "--out", tmp_path / "o.npy"],
        "whiten": ["--nperseg", 256, "--out", tmp_path / "o.npy"],
    }[command]
    argv = [command, gwosc_like, "--start", GPS + 2, "--duration", 1, *options]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "x 1024 samples, fs 1024 Hz (1 s from GPS 1000000002)" in out.splitlines()[0]
    if command == "psd":
        f, pxx = scipy.signal.welch(x, fs=FS, nperseg=256)
        want = np.column_stack([f, *pxx])
        got = np.load(tmp_path / "o.npy")
    elif command == "spectrogram":
        want = scipy.signal.spectrogram(x, fs=FS, window="hann", nperseg=128)[2]
        with np.load(tmp_path / "o.npz") as saved:
            got = saved["Sxx"]
            assert float(saved["start"]) == GPS + 2
    elif command == "bandpower":
        f, pxx = scipy.signal.welch(x, fs=FS, nperseg=256)
        want = np.stack(
            [
                np.trapezoid(pxx[:, (f >= lo) & (f <= hi)], f[(f >= lo) & (f <= hi)])
                for lo, hi in [(40, 60), (100, 300)]
            ]
        )
        got = np.load(tmp_path / "o.npy")[:, 2:]
    elif command == "filter":
        sos = scipy.signal.butter(4, 100, "lowpass", fs=FS, output="sos")
        want, got = scipy.signal.sosfiltfilt(sos, x), np.load(tmp_path / "o.npy")
    else:
        want, got = whiten_ref(x, FS, 256), np.load(tmp_path / "o.npy")
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12 * np.abs(want).max())


def test_window_outside_the_recording(capsys, tmp_path, gwosc_like):
    message = error(capsys, "psd", gwosc_like, "--start", GPS + 10)
    assert "--start" in message and "GPS" in message
    message = error(capsys, "psd", gwosc_like, "--duration", 0)
    assert "--duration" in message


# --- notes, backend, JSON --------------------------------------------------------------


def test_notes_follow_the_header(capsys, tmp_path, signal):
    np.savez(tmp_path / "x.npz", x=signal, fs=FS)
    status, out, err = run(capsys, "psd", tmp_path / "x.npz", "--fs", 2048)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("sigproc psd: x.npz")
    assert lines[1].startswith("note: ") and "--fs 2048" in lines[1]


def test_auto_backend_says_which_ran(capsys, tmp_path, signal):
    status, out, err = run(capsys, "psd", save(tmp_path, signal), "--fs", FS)
    assert status == 0, err
    assert "backend auto -> numpy" in out.splitlines()[0]


def test_label_names_kernels():
    place = _compute.Placement("auto", ran=["numpy"], kernels=["sosfilt: block scan"])
    assert place.label == "auto -> numpy [sosfilt: block scan]"
    assert _compute.Placement("torch", "cpu", ran=["torch"]).label == "torch (cpu)"


@pytest.mark.parametrize("command", ["psd", "spectrogram", "bandpower", "filter", "whiten"])
def test_json_is_the_only_output(capsys, tmp_path, gwosc_like, command):
    options = {
        "psd": ["--nperseg", 512],
        "spectrogram": ["--nperseg", 128],
        "bandpower": ["--bands", "40-60,100-140"],
        "filter": ["--band", 40, 60, "--out", tmp_path / "y.wav"],
        "whiten": ["--band", 30, 300, "--out", tmp_path / "w.csv"],
    }[command]
    status, out, err = run(capsys, command, gwosc_like, *options, "--json")
    assert status == 0, err
    doc = json.loads(out)  # the whole of stdout is one JSON document
    assert doc["command"] == command
    source = doc["input"]
    assert source["file"] == "g.npz" and source["shape"] == [3, 4096]
    assert source["channels"] == ["H1", "L1", "V1"] and source["fs"] == FS
    assert source["start"] == GPS and source["clock"] == "GPS" and source["units"] == "strain"
    assert doc["backend"]["asked"] == "auto" and doc["backend"]["ran"] == ["numpy"]
    results = doc["results"]
    if command == "psd":
        assert doc["parameters"]["nperseg"] == 512
        for tone, channel in zip((50, 120, 200), results["channels"], strict=True):
            assert tone in [round(line["frequency_hz"]) for line in channel["lines"]]
        assert results["units"] == {"psd": "strain²/Hz", "asd": "strain/√Hz"}
    elif command == "spectrogram":
        assert [c["channel"] for c in results["loudest"]] == ["H1", "L1", "V1"]
        assert results["loudest"][2]["at_frequency_hz"] == pytest.approx(200, abs=8)
    elif command == "bandpower":
        assert results["bands_hz"] == [[40, 60], [100, 140]] and results["unit"] == "strain²"
        power = np.array(list(results["power"].values()))
        assert power[0, 0] > 10 * power[0, 1] and power[1, 1] > 10 * power[1, 0]
    else:
        rows = results["channels"]
        assert [r["channel"] for r in rows] == ["H1", "L1", "V1"]
        assert all(r["rms_after"] > 0 and r["rms_before"] > 0 for r in rows)
        assert doc["outputs"]["out"].endswith(".wav" if command == "filter" else ".csv")


# --- filter and whiten outputs keep the sampling rate ---------------------------------------


def test_filter_wav_npz_mat_keep_the_rate(capsys, tmp_path, signal):
    scipy.io.wavfile.write(tmp_path / "x.wav", int(FS), signal.T.astype(np.float32))
    sos = scipy.signal.butter(4, [40, 60], "bandpass", fs=FS, output="sos")
    want = scipy.signal.sosfiltfilt(sos, signal.astype(np.float32), axis=-1)  # stays float32
    for name in ("y.wav", "y.npz", "y.mat"):
        status, out, err = run(
            capsys, "filter", tmp_path / "x.wav", "--band", 40, 60, "--out", tmp_path / name
        )
        assert status == 0, err
        assert f"wrote {tmp_path / name}" in out
    rate, data = scipy.io.wavfile.read(tmp_path / "y.wav")
    assert rate == FS and data.dtype == np.float32
    np.testing.assert_allclose(data, want.T, rtol=1e-5, atol=1e-5)
    with np.load(tmp_path / "y.npz") as saved:
        assert float(saved["fs"]) == FS
        np.testing.assert_allclose(saved["data"], want.T, rtol=1e-6, atol=1e-6)
    mat = scipy.io.loadmat(tmp_path / "y.mat")
    assert float(np.squeeze(mat["fs"])) == FS


def test_filter_out_format_checked_before_computing(capsys, tmp_path, signal):
    message = error(
        capsys, "filter", save(tmp_path, signal), "--fs", FS, "--lowpass", 50, "--out", "y.txt"
    )
    assert "--out" in message and ".wav" in message


def test_whiten_matches_the_gwosc_method(capsys, tmp_path, signal):
    path = save(tmp_path, signal)
    status, out, err = run(capsys, "whiten", path, "--fs", FS, "--out", tmp_path / "w.npz")
    assert status == 0, err
    assert "nperseg 4096" in out and "rms before" in out  # default: 4 s
    with np.load(tmp_path / "w.npz") as saved:
        assert float(saved["fs"]) == FS
        np.testing.assert_allclose(saved["data"], whiten_ref(signal, FS, 4096), atol=1e-10)
    argv = ["--fs", FS, "--nperseg", 512, "--band", 30, 300, "--butter", 6]
    status, out, err = run(capsys, "whiten", path, *argv, "--out", tmp_path / "w.npy")
    assert status == 0, err
    assert "butter order 6 band-pass 30-300 Hz, zero-phase" in out
    sos = scipy.signal.butter(6, [30, 300], "bandpass", fs=FS, output="sos")
    want = scipy.signal.sosfiltfilt(sos, whiten_ref(signal, FS, 512))
    np.testing.assert_allclose(np.load(tmp_path / "w.npy"), want, atol=1e-10)


def test_whiten_errors(capsys, tmp_path, signal):
    path = save(tmp_path, signal)
    out = tmp_path / "w.npy"
    assert "--band" in error(capsys, "whiten", path, "--fs", FS, "--butter", 4, "--out", out)
    assert "fs/2" in error(capsys, "whiten", path, "--fs", FS, "--band", 30, 600, "--out", out)
    assert "--nperseg" in error(capsys, "whiten", path, "--fs", FS, "--nperseg", 9999, "--out", out)
    assert "--out" in error(capsys, "whiten", path, "--fs", FS)


# --- channels --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rows"), [("V1", [2]), ("2,0", [2, 0]), ("0-1", [0, 1]), ("H1,1-2", [0, 1, 2])]
)
def test_channels_select_before_computing(capsys, tmp_path, signal, gwosc_like, text, rows):
    argv = ["bandpower", gwosc_like, "--bands", "40-60", "--channels", text]
    status, out, err = run(capsys, *argv, "--nperseg", 256, "--out", tmp_path / "b.csv")
    assert status == 0, err
    assert f"{len(rows)} channel(s) x 4096" in out
    header = (tmp_path / "b.csv").read_text().splitlines()[0].split(",")[2:]
    assert header == [f"power_{['H1', 'L1', 'V1'][r]}" for r in rows]
    f, pxx = scipy.signal.welch(signal[rows], fs=FS, nperseg=256)
    m = (f >= 40) & (f <= 60)
    np.testing.assert_allclose(read_csv(tmp_path / "b.csv")[0, 2:], np.trapezoid(pxx[:, m], f[m]))


def test_channels_of_an_nd_array(capsys, tmp_path, rng):
    x = rng.standard_normal((2, 1024, 3))  # time along axis 1: ch0..ch5 in C order
    status, _, err = run(
        capsys,
        "filter",
        save(tmp_path, x),
        "--fs",
        FS,
        "--axis",
        1,
        "--channels",
        "1,5",
        "--lowpass",
        100,
        "--out",
        tmp_path / "y.npy",
    )
    assert status == 0, err
    sos = scipy.signal.butter(4, 100, "lowpass", fs=FS, output="sos")
    want = scipy.signal.sosfiltfilt(sos, np.stack([x[0, :, 1], x[1, :, 2]]))
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G1", "has no channel 'G1'; its channels are H1, L1, V1"),
        ("3", "3 is not a channel index"),
        ("0-5", "0-5 is not a channel index"),
        ("H1,0", "H1 asked for more than once"),
        ("H1,", "empty item"),
    ],
)
def test_channel_errors(capsys, gwosc_like, text, expected):
    assert expected in error(capsys, "psd", gwosc_like, "--channels", text)


@needs_mpl
def test_psd_plot_draws_every_channel(capsys, tmp_path, rng, monkeypatch):
    drawn = []
    monkeypatch.setattr(_plot, "_save", lambda figure, path: drawn.append(figure))
    x = rng.standard_normal((12, 2048))
    status, _, err = run(capsys, "psd", save(tmp_path, x), "--fs", FS, "--plot", "p.png")
    assert status == 0, err
    (ax,) = drawn[0].axes
    assert len(ax.lines) == 12 and ax.get_legend() is None  # too many for a legend
    assert "12 channels" in ax.get_title()


def test_spectrogram_panels_limited_before_computing(capsys, tmp_path, rng, monkeypatch):
    monkeypatch.setattr(_compute.Placement, "call", lambda *a, **k: pytest.fail("computed"))
    path = save(tmp_path, rng.standard_normal((9, 1024)))
    message = error(capsys, "spectrogram", path, "--fs", FS, "--plot", tmp_path / "s.png")
    assert "at most 8" in message and "9 channels" in message and "--channels" in message


# --- units and axes -----------------------------------------------------------------------


@needs_mpl
def test_units_on_axes_and_tables(capsys, tmp_path, gwosc_like):
    import matplotlib

    texts = {}
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text in the SVG
        for command, options in (
            ("psd", ["--asd"]),
            ("spectrogram", ["--start", GPS + 1]),
            ("bandpower", ["--bands", "40-60"]),
        ):
            svg = tmp_path / f"{command}.svg"
            status, out, err = run(capsys, command, gwosc_like, *options, "--plot", svg)
            assert status == 0, err
            texts[command] = (out, svg.read_text())
    out, svg = texts["psd"]
    assert "PSD [strain²/Hz]" in out and "ASD [strain/√Hz]" in out
    assert "ASD [strain/√Hz]" in svg and "PSD [" not in svg  # --asd plots the ASD
    out, svg = texts["spectrogram"]
    assert "dB re 1 strain²/Hz" in svg and "time [s] from GPS 1000000001" in svg
    assert "median power [strain²/Hz]" in out and "(time [s] from GPS 1000000001)" in out
    out, svg = texts["bandpower"]
    assert "band power [strain²]" in out and "band power [strain²]" in svg


@needs_mpl
def test_spectrogram_plot_keeps_a_narrow_tone(capsys, tmp_path, rng):
    """A 1 kHz tone 45 dB above white noise in a 44.1 kHz WAV: 2049 bins, ~280 pixel rows."""
    import matplotlib.image

    fs, n = 44100, 3 * 44100
    noise = 0.01 * rng.standard_normal(n)
    tone = 0.0593 * np.sin(2 * np.pi * 1000 * np.arange(n) / fs)
    scipy.io.wavfile.write(tmp_path / "tone.wav", fs, (noise + tone).astype(np.float32))
    status, out, err = run(
        capsys, "spectrogram", tmp_path / "tone.wav", "--plot", tmp_path / "s.png", "--json"
    )
    assert status == 0, err
    loudest = json.loads(out)["results"]["loudest"][0]
    assert loudest["at_frequency_hz"] == pytest.approx(1000, abs=11)
    assert 10 * np.log10(loudest["max_power"] / loudest["median_power"]) == pytest.approx(45, abs=3)

    rgb = matplotlib.image.imread(tmp_path / "s.png")[..., :3]
    middle = rgb[:, 350:550]  # columns well inside the image
    inside = np.flatnonzero(np.all(middle.sum(axis=-1) < 2.9, axis=1))  # not white
    top, bottom = inside.min(), inside.max()
    assert bottom - top > 200
    yellow = (middle[..., 0] + middle[..., 1] - middle[..., 2]).mean(axis=1)  # viridis top
    row = top + int(np.argmax(yellow[top : bottom + 1]))
    df = fs / 4096
    expected = bottom - (bottom - top) * (1000 + df / 2) / (fs / 2 + df)
    assert abs(row - expected) <= 4, (row, expected)
    neighbours = np.r_[yellow[row - 8 : row - 3], yellow[row + 4 : row + 9]]
    assert yellow[row] > 1.2 and neighbours.max() < yellow[row] - 0.5


def test_reduce_max_keeps_one_bin_peaks():
    values = np.ones((2049, 36))
    values[93, :] = 1e4
    values[:, 7] = 1e3
    reduced = _plot.reduce_max(values, 280, 20)
    assert reduced.shape == (280, 20)
    assert np.count_nonzero(reduced == 1e4) == 20  # one pixel row holds the tone
    assert np.count_nonzero(reduced.max(axis=0) >= 1e3) == 20
    assert np.count_nonzero(reduced.min(axis=0) == 1e3) == 1  # one pixel column
    assert _plot.reduce_max(values, 5000, 100).shape == (2049, 36)  # never enlarged


# --- bandpower resolution ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("band", "bins", "nperseg"),
    [("40.2-40.7", 0, 4096), ("40-40.5", 1, 2048), ("39.5-40.9", 1, 2048)],
)
def test_band_narrower_than_the_resolution(capsys, tmp_path, signal, band, bins, nperseg):
    path = save(tmp_path, signal)
    message = error(capsys, "bandpower", path, "--fs", FS, "--bands", f"10-20,{band}")
    assert f"band {band} Hz holds {bins} frequency bin(s)" in message
    assert "fs/nperseg = 1024/1024 = 1 Hz" in message and f"--nperseg (e.g. {nperseg}," in message


def test_band_of_two_bins_is_accepted(capsys, tmp_path, signal):
    path = save(tmp_path, signal)
    status, _, err = run(capsys, "bandpower", path, "--fs", FS, "--bands", "40-41")
    assert status == 0, err


def test_band_too_narrow_for_the_recording(capsys, tmp_path, signal):
    path = save(tmp_path, signal)
    message = error(capsys, "bandpower", path, "--fs", FS, "--bands", "40.1-40.15")
    assert "too short to resolve it" in message


# --- progress -------------------------------------------------------------------------


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces and a bar at once for anything over 1000 samples, 2000 samples a piece."""
    monkeypatch.setattr(_progress, "SPLIT_SAMPLES", 1000)
    monkeypatch.setattr(_progress, "PIECE_SAMPLES", 2000)
    monkeypatch.setattr(_progress, "DELAY_S", 0)


@needs_tqdm
@pytest.mark.parametrize("command", ["psd", "bandpower", "filter", "whiten", "spectrogram"])
def test_pieces_equal_one_call(capsys, tmp_path, rng, small_pieces, command):
    x = rng.standard_normal((5, 1500)) if command != "spectrogram" else rng.standard_normal(9000)
    path = save(tmp_path, x)
    options = {
        "psd": ["--nperseg", 256, "--out", tmp_path / "o.npy"],
        "bandpower": ["--bands", "10-100,100-300", "--nperseg", 256, "--out", tmp_path / "o.npy"],
        "filter": ["--highpass", 30, "--out", tmp_path / "o.npy"],
        "whiten": ["--nperseg", 256, "--out", tmp_path / "o.npy"],
        "spectrogram": ["--nperseg", 256, "--noverlap", 200, "--out", tmp_path / "o.npz"],
    }[command]
    status, out, err = run(capsys, command, path, "--fs", FS, *options)
    assert status == 0, err
    assert (" 0/5 " if command != "spectrogram" else " 0/") in err  # the bar, on stderr
    assert "it/s" not in out and "%|" not in out
    if command == "psd":
        f, pxx = scipy.signal.welch(x, fs=FS, nperseg=256)
        want, got = np.column_stack([f, *pxx]), np.load(tmp_path / "o.npy")
    elif command == "bandpower":
        f, pxx = scipy.signal.welch(x, fs=FS, nperseg=256)
        bands = [(10, 100), (100, 300)]
        want = np.stack(
            [np.trapezoid(pxx[:, (f >= a) & (f <= b)], f[(f >= a) & (f <= b)]) for a, b in bands]
        )
        got = np.load(tmp_path / "o.npy")[:, 2:]
    elif command == "filter":
        sos = scipy.signal.butter(4, 30, "highpass", fs=FS, output="sos")
        want, got = scipy.signal.sosfiltfilt(sos, x), np.load(tmp_path / "o.npy")
    elif command == "whiten":
        want, got = whiten_ref(x, FS, 256), np.load(tmp_path / "o.npy")
    else:
        f, t, sxx = scipy.signal.spectrogram(x, fs=FS, window="hann", nperseg=256, noverlap=200)
        with np.load(tmp_path / "o.npz") as saved:
            np.testing.assert_array_equal(saved["t"], t)
            np.testing.assert_array_equal(saved["f"], f)
            want, got = sxx, saved["Sxx"]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14 * np.abs(want).max())
    status, out, err = run(capsys, command, path, "--fs", FS, *options, "--no-progress")
    assert status == 0 and err == ""


def test_spectrogram_blocks_follow_the_hop(rng, small_pieces):
    x = rng.standard_normal((2, 7001, 1))  # two channels, time along axis 1, odd length
    calls = []

    def compute(data):
        calls.append(data.shape[1])
        return scipy.signal.spectrogram(data, fs=FS, nperseg=300, noverlap=100, axis=1)

    _, t, sxx = _progress.spectrogram_by_time(
        x, 1, compute, nperseg=300, noverlap=100, fs=FS, progress=True
    )
    want = scipy.signal.spectrogram(x, fs=FS, nperseg=300, noverlap=100, axis=1)
    assert len(calls) > 2
    np.testing.assert_array_equal(t, want[1])
    np.testing.assert_allclose(sxx, want[2], rtol=1e-13, atol=0)


def test_no_progress_on_small_inputs(capsys, tmp_path, signal):
    status, _, err = run(capsys, "spectrogram", save(tmp_path, signal), "--fs", FS)
    assert status == 0 and err == ""


# --- example ---------------------------------------------------------------------------


def test_example_writes_metadata(capsys, tmp_path):
    out = tmp_path / "gw.npz"
    status, _, err = run(capsys, "example", "--out", out)
    assert status == 0, err
    with np.load(out) as archive:
        assert list(archive["channels"]) == ["H1", "L1"] and str(archive["units"]) == "strain"
        assert float(archive["gps_start"]) == 1126259446.0 and float(archive["fs"]) == 4096.0
    status, text, err = run(capsys, "bandpower", out, "--bands", "35-350", "--channels", "L1")
    assert status == 0, err
    assert "(32 s from GPS 1126259446)" in text and "band power [strain²]" in text
    assert "L1" in text and "H1" not in text.split("\n", 1)[1]
