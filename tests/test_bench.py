"""``sigproc bench`` run in-process on a tiny subset of its cases (timings are not asserted)."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from sigproc.cli import _bench, main
from sigproc.cli._bench_cases import CASES

PNG = b"\x89PNG\r\n\x1a\n"
needs_mpl = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="no mpl")
needs_torch = pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="no torch")


def bench(tmp_path, *extra, cases="welch-f64-1024,dispatch-rfft8"):
    out, plot = tmp_path / "bench.json", tmp_path / "bench.png"
    argv = ["bench", "--quick", "--cases", cases, "--out", str(out), "--plot", str(plot)]
    status = main([*argv, "--no-progress", "--repeat", "2", *extra])
    return status, json.loads(out.read_text()), plot


@needs_mpl
@needs_torch
def test_report_structure(tmp_path, capsys):
    status, doc, plot = bench(tmp_path, "--backends", "numpy,portable,torch,strict")
    text = capsys.readouterr().out
    assert status == 0, text
    assert "all results match SciPy" in text and "dispatch adds" in text
    env = doc["environment"]
    for key in ("python", "numpy", "scipy", "torch", "cpu", "cpu_count", "gpu"):
        assert key in env
    assert env["threads"]["torch"] >= 1
    assert doc["repeat"] == 2 and doc["quick"] is True and doc["failed"] == []
    welch, rfft = doc["cases"]
    assert welch["name"] == "welch-f64-1024" and welch["dtype"] == "float64"
    assert welch["input_bytes"] == 2**18 * 8
    labels = list(welch["results"])
    assert labels == [
        "scipy",
        "sigproc numpy",
        "sigproc portable (numpy)",
        "sigproc torch cpu",
        "sigproc array-api-strict",
    ]
    for label, res in welch["results"].items():
        assert res["checked"] is True and res["error"] is None, label
        assert len(res["samples"]) == 2 and all(s > 0 for s in res["samples"])
        assert res["q1"] <= res["median"] <= res["q3"]
        assert res["ratio"] > 0 and res["gbps"] > 0 and res["read_fraction"] > 0
    assert welch["results"]["scipy"]["ratio"] == 1.0
    assert welch["results"]["sigproc numpy"]["peak_bytes"] > 0  # tracemalloc
    assert welch["results"]["sigproc torch cpu"]["peak_bytes"] is None  # n/a on torch CPU
    assert welch["read"]["numpycpu"]["gbps"] > 0 and "torchcpu" in welch["read"]
    # The dispatch case runs on scipy, the numpy backend and its implementation called
    # directly, with at least 15 samples, and no bandwidth.
    assert list(rfft["results"]) == ["scipy", "sigproc numpy", "numpy impl, direct"]
    # the time budget may cut a loaded run short, never below 3 samples
    assert rfft["repeat"] >= 15 and 3 <= len(rfft["results"]["scipy"]["samples"]) <= rfft["repeat"]
    assert "gbps" not in rfft["results"]["scipy"] and "dispatch_overhead_s" in rfft
    assert plot.read_bytes().startswith(PNG)


@needs_mpl
def test_wrong_contender_fails(tmp_path, capsys, monkeypatch):
    def wrong(case, inputs):
        return case.scipy(**inputs) * 1.01

    broken = _bench.Contender("broken", "broken", "numpy", np.asarray, call=wrong)
    monkeypatch.setattr(_bench, "EXTRA_CONTENDERS", [broken])
    status, doc, plot = bench(tmp_path, "--backends", "numpy", cases="welch-f32-256")
    text = capsys.readouterr().out
    assert status == 1
    res = doc["cases"][0]["results"]["broken"]
    assert res["checked"] is False and "differ" in res["error"] and "samples" not in res
    assert doc["cases"][0]["results"]["sigproc numpy"]["checked"] is True
    assert len(doc["failed"]) == 1 and doc["failed"][0].startswith("welch-f32-256 / broken")
    assert "FAILED welch-f32-256 / broken" in text and "1 check(s) failed" in text
    assert plot.read_bytes().startswith(PNG)


def test_raising_contender_fails(tmp_path, capsys, monkeypatch):
    def boom(case, inputs):
        raise RuntimeError("no luck")

    broken = _bench.Contender("boom", "boom", "numpy", np.asarray, call=boom)
    monkeypatch.setattr(_bench, "EXTRA_CONTENDERS", [broken])
    out = tmp_path / "b.json"
    argv = ["bench", "--quick", "--cases", "welch-f32-256", "--backends", "numpy"]
    assert main([*argv, "--no-progress", "--repeat", "1", "--out", str(out)]) == 1
    assert "RuntimeError: no luck" in json.loads(out.read_text())["failed"][0]
    assert "FAILED" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--backends", "numpy,jax"], "unknown backend 'jax'"),
        (["--cases", "no-such-case"], "matches no case"),
        (["--out", "x.txt"], "--out must end in .json"),
        (["--plot", "x.gif"], "--plot must end in"),
        (["--repeat", "0"], "must be at least 1"),
    ],
)
def test_bad_options(capsys, argv, message):
    assert main(["bench", "--quick", "--no-progress", *argv]) == 2
    assert message in capsys.readouterr().err


def test_unavailable_backend_is_skipped(capsys):
    if importlib.util.find_spec("cupy") is not None:
        pytest.skip("cupy is installed")
    argv = ["bench", "--quick", "--cases", "dispatch-rfft8", "--backends", "cupy,numpy"]
    assert main([*argv, "--no-progress", "--repeat", "1"]) == 0
    text = capsys.readouterr().out
    assert "skipped cupy: cupy is not installed" in text and "sigproc numpy" in text


def test_select_cases():
    names = [c.name for c in _bench.select_cases("welch-f64-*,stft", CASES)]
    assert names == ["welch-f64-256", "welch-f64-1024", "welch-f64-16384", "stft-f32"]
    assert len(_bench.select_cases(None, CASES)) == len(CASES)
    assert len({c.name for c in CASES}) == len(CASES)


def test_check():
    want = np.linspace(0.0, 1.0, 11)
    assert _bench._check(want * (1 + 1e-9), want) is None
    assert "differ" in _bench._check(want * (1 + 1e-4), want)
    assert "shape" in _bench._check(want[:-1], want)
    assert "dtype" in _bench._check(want.astype(np.float32), want)
    single = want.astype(np.float32)
    assert _bench._check(single * np.float32(1 + 1e-4), single) is None
