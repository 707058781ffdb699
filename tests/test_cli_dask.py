"""The command line on chunked (dask) inputs: ``--chunks``, ``--scheduler``, progress.

Small recordings are written as ``.npy``, HDF5 and Zarr under ``tmp_path``;
each command run with ``--chunks`` must give the numbers the same command
gives in memory (and SciPy gives). The filter output of a chunked input is
checked to be written chunk by chunk.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest
import scipy.signal

da = pytest.importorskip("dask.array")

import sigproc  # noqa: E402
from sigproc.cli import _compute, _io, main  # noqa: E402

FS = 1024.0
needs_h5py = pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="no h5py")
needs_zarr = pytest.mark.skipif(importlib.util.find_spec("zarr") is None, reason="no zarr")


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


def write(kind, tmp_path, x):
    """Write `x` (channels, time) as `kind`; return (path, extra argv)."""
    if kind == "npy":
        np.save(tmp_path / "x.npy", x)
        return tmp_path / "x.npy", ["--fs", FS]
    if kind == "hdf5":
        import h5py

        with h5py.File(tmp_path / "x.h5", "w") as h5:
            h5.create_dataset("data/x", data=x, chunks=(x.shape[0], 512))
            h5["data/x"].attrs["Xspacing"] = 1 / FS
        return tmp_path / "x.h5", ["--key", "data/x"]
    if kind == "zarr":
        import zarr

        store = zarr.open_array(
            str(tmp_path / "x.zarr"), mode="w", shape=x.shape, chunks=(1, 1000), dtype=x.dtype
        )
        store[...] = x
        store.attrs["fs"] = FS
        return tmp_path / "x.zarr", []
    if kind == "npz":
        np.savez(tmp_path / "x.npz", signal=x, fs=FS)
        return tmp_path / "x.npz", []
    raise AssertionError(kind)


KINDS = [
    "npy",
    pytest.param("hdf5", marks=needs_h5py),
    pytest.param("zarr", marks=needs_zarr),
    "npz",
]


def no_compute(*args, **kwargs):
    raise AssertionError("computed while building the graph")


# --- reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_read_chunked_is_lazy_and_chunked_along_time(tmp_path, signal, kind):
    path, _ = write(kind, tmp_path, signal)
    key = "data/x" if kind == "hdf5" else None
    with sigproc_dask_forbidden():
        rec = _io.read_recording(path, key=key, fs=FS, chunks=1000)
    assert isinstance(rec.data, da.Array)
    assert rec.chunked and rec.n_chunks == 5 and rec.axis == 1
    assert rec.data.chunks == ((2,), (1000, 1000, 1000, 1000, 96))
    assert rec.channels == ["ch0", "ch1"]
    np.testing.assert_array_equal(rec.data.compute(scheduler="synchronous"), signal)


def sigproc_dask_forbidden():
    import dask

    return dask.config.set(scheduler=no_compute)


@pytest.mark.parametrize("kind", ["npy", pytest.param("hdf5", marks=needs_h5py)])
def test_file_sources_are_small_when_pickled(tmp_path, signal, kind):
    """Tasks carry the file's name, not its samples (processes, distributed)."""
    import pickle

    path, _ = write(kind, tmp_path, signal)
    key = "data/x" if kind == "hdf5" else None
    rec = _io.read_recording(path, key=key, fs=FS, chunks=1000)
    graph = dict(rec.data.__dask_graph__())
    assert len(pickle.dumps(graph)) < 20_000 < signal.nbytes


def test_auto_chunks_follow_the_byte_target(tmp_path, signal, monkeypatch):
    path, _ = write("npy", tmp_path, signal)
    monkeypatch.setattr(_io, "AUTO_CHUNK_BYTES", 2 * 8 * 1500)  # 1500 samples x 2 channels
    rec = _io.read_recording(path, fs=FS, chunks="auto")
    assert rec.data.chunks[1][0] == 1500
    assert _io.auto_chunk((2, 4096), 8, 1, native=1000) == 1000  # a multiple of the file's
    assert _io.auto_chunk((2, 4096), 8, 1, native=512) == 1024
    assert _io.auto_chunk((2, 1000), 8, 1) == 1000  # at most the signal


def test_integer_input_becomes_float64_lazily(tmp_path, capsys):
    x = (np.arange(4096) % 7).astype(np.int16)
    np.save(tmp_path / "i.npy", x)
    rec = _io.read_recording(tmp_path / "i.npy", fs=FS, chunks=1024)
    assert rec.data.dtype == np.float64
    status, _, err = run(capsys, "psd", tmp_path / "i.npy", "--fs", FS, "--chunks", 1024)
    assert status == 0, err


# --- results equal to the in-memory command ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_psd_chunked_equals_in_memory(capsys, tmp_path, signal, kind):
    path, extra = write(kind, tmp_path, signal)
    common = ["psd", path, *extra, "--nperseg", 256, "--lines", 1]
    status, out_mem, err = run(capsys, *common, "--out", tmp_path / "mem.npy")
    assert status == 0, err
    status, out, err = run(capsys, *common, "--chunks", 700, "--out", tmp_path / "dask.npy")
    assert status == 0, err
    assert "backend dask (threads), 6 chunk(s) of 700 samples" in out
    got, want = np.load(tmp_path / "dask.npy"), np.load(tmp_path / "mem.npy")
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=0)
    f, pxx = scipy.signal.welch(signal, fs=FS, nperseg=256)
    np.testing.assert_allclose(got, np.column_stack([f, *pxx]), rtol=1e-9, atol=0)
    # the printed report is the same apart from the header and the timing
    assert out.splitlines()[2:-1] == out_mem.splitlines()[2:-1]


@pytest.mark.parametrize("average", ["mean", "median"])
def test_psd_average_options(capsys, tmp_path, signal, average):
    path, extra = write("npy", tmp_path, signal)
    argv = ["psd", path, *extra, "--nperseg", 128, "--noverlap", 32, "--average", average]
    status, _, err = run(capsys, *argv, "--chunks", 1000, "--out", tmp_path / "p.csv")
    assert status == 0, err
    got = np.loadtxt(tmp_path / "p.csv", delimiter=",", skiprows=1)
    f, pxx = scipy.signal.welch(signal, fs=FS, nperseg=128, noverlap=32, average=average)
    np.testing.assert_allclose(got, np.column_stack([f, *pxx]), rtol=1e-9, atol=0)


@pytest.mark.parametrize("relative", [False, True])
def test_bandpower_chunked_equals_in_memory(capsys, tmp_path, signal, relative):
    path, extra = write("npy", tmp_path, signal)
    argv = ["bandpower", path, *extra, "--bands", "20-60,100-140", "--nperseg", 256]
    argv += ["--relative"] if relative else []
    assert run(capsys, *argv, "--out", tmp_path / "mem.npy")[0] == 0
    status, out, err = run(capsys, *argv, "--chunks", 900, "--out", tmp_path / "dask.npy")
    assert status == 0, err
    assert "5 chunk(s) of 900 samples" in out
    np.testing.assert_allclose(
        np.load(tmp_path / "dask.npy"), np.load(tmp_path / "mem.npy"), rtol=1e-9, atol=0
    )


@pytest.mark.parametrize("kind", ["npy", pytest.param("zarr", marks=needs_zarr)])
def test_spectrogram_chunked_equals_scipy(capsys, tmp_path, signal, kind):
    path, extra = write(kind, tmp_path, signal)
    argv = ["spectrogram", path, *extra, "--nperseg", 128, "--noverlap", 64]
    status, out, err = run(capsys, *argv, "--chunks", 1000, "--out", tmp_path / "s.npz")
    assert status == 0, err
    assert "chunk(s) of 1000 samples" in out
    f, t, sxx = scipy.signal.spectrogram(signal, fs=FS, window="hann", nperseg=128, noverlap=64)
    with np.load(tmp_path / "s.npz") as saved:
        np.testing.assert_allclose(saved["f"], f, rtol=1e-12)
        np.testing.assert_allclose(saved["t"], t, rtol=1e-12)
        np.testing.assert_allclose(saved["Sxx"], sxx, rtol=1e-9, atol=0)


def test_spectrogram_too_large_for_memory(capsys, tmp_path, signal, monkeypatch):
    psutil = pytest.importorskip("psutil")

    class Tiny:
        available = 1000

    monkeypatch.setattr(psutil, "virtual_memory", lambda: Tiny)
    path, extra = write("npy", tmp_path, signal)
    status, _, err = run(capsys, "spectrogram", path, *extra, "--chunks", 1000)
    assert status == 2
    assert "spectrogram would take" in err and "--nperseg" in err


# --- filter: written chunk by chunk --------------------------------------------------------


def dask_native(name):
    return sigproc.dispatch.support_table()[name].get("dask") == "native"


@pytest.mark.parametrize("zero_phase", [True, False])
def test_filter_chunked_equals_scipy(capsys, tmp_path, signal, zero_phase):
    name = "sosfiltfilt" if zero_phase else "sosfilt"
    if not dask_native(name):
        pytest.skip(f"the dask backend has no native {name} yet (portable code fails on dask)")
    path, extra = write("npy", tmp_path, signal)
    phase = [] if zero_phase else ["--causal"]
    argv = ["filter", path, *extra, "--band", 40, 60, *phase, "--chunks", 1000]
    status, out, err = run(capsys, *argv, "--out", tmp_path / "y.npy")
    assert status == 0, err
    assert f"({name})" in out and "5 chunk(s)" in out
    sos = scipy.signal.butter(4, [40, 60], "bandpass", fs=FS, output="sos")
    want = getattr(scipy.signal, name)(sos, signal)
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), want, rtol=1e-9, atol=1e-12)


def test_filter_npy_output_from_worker_processes(capsys, tmp_path, signal):
    """Chunks written into the .npy by other processes land in the file."""
    if not dask_native("sosfiltfilt"):
        pytest.skip("the dask backend has no native sosfiltfilt yet")
    path, extra = write("npy", tmp_path, signal)
    argv = ["filter", path, *extra, "--lowpass", 80, "--chunks", 1500]
    argv += ["--scheduler", "processes", "--out", tmp_path / "y.npy"]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "backend dask (processes)" in out
    sos = scipy.signal.butter(4, 80, "lowpass", fs=FS, output="sos")
    want = scipy.signal.sosfiltfilt(sos, signal)
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), want, rtol=1e-9, atol=1e-12)


@pytest.fixture
def doubling_filter(monkeypatch):
    """sosfiltfilt replaced by a lazy ``2 * x``: the output path, whatever the IIR code."""
    calls = []

    def fake(sos, x, axis=-1):
        calls.append(type(x))
        return x * 2.0

    monkeypatch.setattr(sigproc, "sosfiltfilt", fake)
    return calls


def test_filter_npy_output_is_stored_chunk_by_chunk(
    capsys, tmp_path, signal, doubling_filter, monkeypatch
):
    writes = []
    store = _io.NpyTarget.__setitem__

    def counting(self, index, value):
        writes.append(value.shape)
        store(self, index, value)

    monkeypatch.setattr(_io.NpyTarget, "__setitem__", counting)
    path, extra = write("npy", tmp_path, signal)
    argv = ["filter", path, *extra, "--band", 40, 60, "--chunks", 1000]
    status, out, err = run(capsys, *argv, "--out", tmp_path / "y.npy")
    assert status == 0, err
    assert doubling_filter == [da.Array]
    assert sorted(writes) == [(2, 96)] + [(2, 1000)] * 4  # one write per chunk, none whole
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), 2 * signal)
    rms = np.sqrt(np.mean(signal**2, axis=1))
    for name, value in zip(["ch0", "ch1"], rms, strict=True):
        line = next(line for line in out.splitlines() if line.strip().startswith(name))
        cells = line.split()
        np.testing.assert_allclose(float(cells[1]), value, rtol=1e-3)
        np.testing.assert_allclose(float(cells[2]), 2 * value, rtol=1e-3)
        assert cells[3] == "2"


@needs_zarr
def test_filter_zarr_output(capsys, tmp_path, signal, doubling_filter):
    import zarr

    path, extra = write("npy", tmp_path, signal)
    argv = ["filter", path, *extra, "--lowpass", 100, "--chunks", 1500]
    status, _, err = run(capsys, *argv, "--out", tmp_path / "y.zarr")
    assert status == 0, err
    out = zarr.open_array(str(tmp_path / "y.zarr"), mode="r")
    assert out.chunks == (2, 1500)
    assert out.attrs["fs"] == FS
    np.testing.assert_array_equal(out[...], 2 * signal)
    # the written store is a recording the command line reads again
    status, _, err = run(capsys, "psd", tmp_path / "y.zarr", "--chunks", 2000)
    assert status == 0, err


def test_filter_chunked_refuses_csv(capsys, tmp_path, signal):
    path, extra = write("npy", tmp_path, signal)
    argv = ["filter", path, *extra, "--band", 40, 60, "--chunks", 1000]
    status, _, err = run(capsys, *argv, "--out", tmp_path / "y.csv")
    assert status == 2
    assert "must end in .npy or .zarr" in err
    assert not (tmp_path / "y.csv").exists()


def test_nan_in_chunked_input(capsys, tmp_path, signal, doubling_filter):
    signal[1, 3000] = np.nan
    path, extra = write("npy", tmp_path, signal)
    status, _, err = run(capsys, "psd", path, *extra, "--chunks", 1000)
    assert status == 2
    assert err.strip() == "sigproc: error: x.npy: signal contains 1 NaN or infinite sample(s)"
    argv = ["filter", path, *extra, "--band", 40, 60, "--chunks", 1000]
    status, _, err = run(capsys, *argv, "--out", tmp_path / "y.npy")
    assert status == 2 and "1 NaN" in err
    assert not (tmp_path / "y.npy").exists()  # a partial output is removed


# --- schedulers, progress, errors -----------------------------------------------------------


@pytest.mark.parametrize("scheduler", ["threads", "synchronous", "processes"])
def test_scheduler_option(capsys, tmp_path, signal, scheduler):
    path, extra = write("npy", tmp_path, signal)
    argv = ["psd", path, *extra, "--nperseg", 256, "--out", tmp_path / "p.npy"]
    status, out, err = run(capsys, *argv, "--chunks", 1000, "--scheduler", scheduler)
    assert status == 0, err
    assert f"backend dask ({scheduler})" in out
    f, pxx = scipy.signal.welch(signal, fs=FS, nperseg=256)
    np.testing.assert_allclose(np.load(tmp_path / "p.npy"), np.column_stack([f, *pxx]), rtol=1e-9)


def test_scheduler_implies_auto_chunks(capsys, tmp_path, signal):
    path, extra = write("npy", tmp_path, signal)
    status, out, err = run(capsys, "psd", path, *extra, "--scheduler", "synchronous")
    assert status == 0, err
    assert "backend dask (synchronous), 1 chunk(s) of 4096 samples" in out


def test_distributed_scheduler_address(capsys, tmp_path, signal):
    distributed = pytest.importorskip("distributed")
    path, extra = write("npy", tmp_path, signal)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        argv = ["bandpower", path, *extra, "--bands", "40-60", "--chunks", 1000]
        status, out, err = run(capsys, *argv, "--scheduler", cluster.scheduler_address)
    assert status == 0, err
    assert f"backend dask ({cluster.scheduler_address})" in out
    assert "100%" in err  # distributed's text progress bar, on stderr
    assert "100%" not in out


def test_unreachable_scheduler(capsys, tmp_path, signal, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(_compute, "CONNECT_TIMEOUT", "0.5s")
    path, extra = write("npy", tmp_path, signal)
    status, _, err = run(capsys, "psd", path, *extra, "--scheduler", "tcp://127.0.0.1:9")
    assert status == 2
    assert err.startswith("sigproc: error: --scheduler: cannot reach a dask scheduler at")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--scheduler", "fast"], "--scheduler must be one of threads, processes, synchronous"),
        (["--chunks", "0"], "--chunks: must be 'auto' or a whole number of samples >= 1"),
        (["--chunks", "1.5"], "--chunks: must be 'auto' or a whole number"),
        (["--chunks", "ten"], "--chunks: must be 'auto' or a whole number"),
        (["--chunks", 100, "--backend", "numpy"], "drop --backend numpy"),
        (["--chunks", 100, "--device", "cuda:0"], "drop --device cuda:0"),
    ],
)
def test_option_errors(capsys, tmp_path, signal, argv, message):
    path, extra = write("npy", tmp_path, signal)
    status, out, err = run(capsys, "psd", path, *extra, *argv)
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert out == ""


def test_chunks_in_exponent_notation(capsys, tmp_path, signal):
    path, extra = write("npy", tmp_path, signal)
    status, out, err = run(capsys, "psd", path, *extra, "--chunks", "2e3")
    assert status == 0, err
    assert "3 chunk(s) of 2000 samples" in out


def test_progress_bar_on_stderr(capsys, tmp_path, signal, monkeypatch):
    monkeypatch.setattr(_compute, "PROGRESS_MINIMUM_S", 0.0)
    path, extra = write("npy", tmp_path, signal)
    status, out, err = run(capsys, "psd", path, *extra, "--chunks", 1000)
    assert status == 0
    assert "100% Completed" in err and "Completed" not in out
    status, out, err = run(capsys, "psd", path, *extra, "--chunks", 1000, "--no-progress")
    assert status == 0
    assert "Completed" not in err + out


def test_in_memory_run_unchanged(capsys, tmp_path, signal, monkeypatch):
    """Without --chunks nothing imports or uses dask."""
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.array", None)
    path, extra = write("npy", tmp_path, signal)
    status, out, err = run(capsys, "psd", path, *extra)
    assert status == 0, err
    assert "backend auto" in out and "chunk" not in out


@pytest.mark.parametrize("option", [["--chunks", 100], ["--scheduler", "threads"]])
def test_without_dask(capsys, tmp_path, signal, monkeypatch, option):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.array", None)
    path, extra = write("npy", tmp_path, signal)
    status, out, err = run(capsys, "psd", path, *extra, *option)
    assert status == 2 and out == ""
    assert err == (
        f"sigproc: error: {option[0]} needs dask, which is not installed "
        "(pip install 'sigproc[dask]')\n"
    )
