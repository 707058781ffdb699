"""``sigproc.cli._whiten.whiten`` on every backend, and the ``sigproc demo`` command."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

from sigproc.cli import _demo, _demo_backends, main
from sigproc.cli._demo_science import arrival_offset
from sigproc.cli._whiten import default_nperseg, whiten

FS = 1024.0


def _reference(x, fs, nperseg, axis=-1):
    """The GWOSC tutorial's whitening in NumPy/SciPy: Welch ASD, np.interp, Tukey, rfft."""
    x = np.moveaxis(np.asarray(x), axis, -1)
    n = x.shape[-1]
    f, psd = scipy.signal.welch(x, fs=fs, nperseg=nperseg)
    freqs = np.fft.rfftfreq(n, 1 / fs)
    asd = np.sqrt(psd).reshape(-1, f.size)
    asd = np.stack([np.interp(freqs, f, row) for row in asd]).reshape(*x.shape[:-1], freqs.size)
    spectrum = np.fft.rfft(x * scipy.signal.windows.tukey(n, 0.1), axis=-1)
    white = np.fft.irfft(spectrum / asd * np.sqrt(2 / fs), n, axis=-1)
    return np.moveaxis(white.astype(x.dtype), -1, axis)


def _coloured(rng, shape, fs=FS):
    """Noise with a steep low-frequency wall and a 60 Hz line, time along the last axis."""
    n = shape[-1]
    f = np.fft.rfftfreq(n, 1 / fs)
    f[0] = f[1]
    shape_f = np.minimum((15 / f) ** 2, 100.0) + 1.0
    noise = np.fft.irfft(shape_f * np.fft.rfft(rng.standard_normal(shape)), n)
    return 1e-3 * (noise + 5 * np.sin(2 * np.pi * 60 * np.arange(n) / fs))


@pytest.mark.parametrize(
    "shape, axis, nperseg",
    [((8192,), -1, None), ((2, 6000), -1, 1024), ((5000, 3), 0, 512)],
    ids=["default", "channels", "time-first"],
)
def test_whiten_matches_reference(lib, rng, shape, axis, nperseg):
    x = _coloured(rng, shape[::-1] if axis == 0 else shape)
    x = np.moveaxis(x, -1, axis) if axis == 0 else x
    n = x.shape[axis]
    want = _reference(x, FS, nperseg or default_nperseg(n, FS), axis=axis)
    data = lib.asarray(x)
    got = whiten(data, FS, nperseg=nperseg, axis=axis)
    assert_close(got, want, like=lib, rtol=1e-9)
    assert_unchanged(x, data, lib)


def test_whiten_float32(lib, rng):
    x = _coloured(rng, (4096,)).astype(np.float32)
    want = _reference(x.astype(np.float64), FS, 1024)
    got = whiten(lib.asarray(x), FS, nperseg=1024)
    assert_close(got, want.astype(np.float32), like=lib, rtol=1e-3)


def test_whiten_gives_unit_variance(rng):
    # any colour and level: samples come out with unit variance (away from the taper)
    for x in (3.0 * rng.standard_normal(65536), 1e-21 * _coloured(rng, (65536,))):
        assert abs(np.std(whiten(x, FS)[4096:-4096]) - 1.0) < 0.05


def test_whiten_integers_and_zero_asd():
    x = np.zeros(4096, dtype=np.int16)
    x[100] = 7
    assert whiten(x, FS).dtype == np.float64
    silent = whiten(np.zeros(4096), FS)  # zero ASD everywhere: zero, not NaN
    assert np.all(silent == 0)


def test_default_nperseg():
    assert default_nperseg(131072, 4096.0) == 16384
    assert default_nperseg(131072, 44100.0) == 131072  # 2**17 is nearest 4 s at 44.1 kHz
    assert default_nperseg(5000, 4096.0) == 4096
    assert default_nperseg(100, 4096.0) == 64


@pytest.mark.parametrize(
    "kwargs, data, error, match",
    [
        ({"nperseg": 8192}, np.zeros(4096), ValueError, "nperseg"),
        ({"nperseg": 1}, np.zeros(4096), ValueError, "nperseg"),
        ({}, np.zeros(4096, complex), TypeError, "real"),
    ],
)
def test_whiten_errors(kwargs, data, error, match):
    with pytest.raises(error, match=match):
        whiten(data, FS, **kwargs)
    with pytest.raises(ValueError, match="fs"):
        whiten(np.zeros(64), 0.0)


def test_whiten_torch_gradcheck(rng):
    torch = pytest.importorskip("torch")
    x = torch.asarray(_coloured(rng, (2, 64), fs=16.0) * 1e3, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a: whiten(a, 16.0, nperseg=16), (x,))


def test_whiten_jax_jit(rng):
    jax = pytest.importorskip("jax")
    previous = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", True)
    try:
        x = _coloured(rng, (2, 4096))
        want = _reference(x, FS, 1024)
        got = jax.jit(lambda a: whiten(a, FS, nperseg=1024))(jax.numpy.asarray(x))
        assert isinstance(got, jax.Array) and got.dtype == np.float64
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-9, atol=1e-9 * abs(want).max())
    finally:
        jax.config.update("jax_enable_x64", previous)


def test_whiten_dask(rng):
    da = pytest.importorskip("dask.array")
    x = _coloured(rng, (2, 8192))
    got = whiten(da.from_array(x, chunks=(1, 2048)), FS)
    assert isinstance(got, da.Array)
    want = _reference(x, FS, 4096)
    np.testing.assert_allclose(got.compute(), want, rtol=1e-9, atol=1e-9 * abs(want).max())


def test_whiten_gw150914_shows_the_chirp():
    import sigproc

    h1 = sigproc.datasets.gw150914("H1")
    white = whiten(h1.data, h1.fs)
    sos = scipy.signal.butter(4, [35, 350], "bandpass", fs=h1.fs, output="sos")
    strain = scipy.signal.sosfiltfilt(sos, white)
    t = h1.t
    window = (t > 15) & (t < 17.5)
    peak = t[window][np.argmax(np.abs(strain[window]))]
    assert abs(peak - (h1.event - h1.start)) < 0.05


# --- sigproc demo -------------------------------------------------------------------------


def _has(module):
    return importlib.util.find_spec(module) is not None


def _run(*argv):
    """(exit status, stdout, stderr) of ``sigproc demo argv...``, run in-process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["demo", *map(str, argv)])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """One run on every available backend, with the figure."""
    png = tmp_path_factory.mktemp("demo") / "event.png"
    status, out, err = _run("--repeat", "1", "--plot", png)
    return status, out, err, png


def _table_rows(out):
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("backend"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        rows.append(line)
    return rows


def _house_stderr(err):
    # no traceback, no raw Python warning: every line is the CLI's own
    assert all(line.startswith("sigproc: ") for line in err.splitlines()), err


def test_demo_every_backend_agrees_with_scipy(full):
    status, out, err, _ = full
    assert status == 0, out + err
    _house_stderr(err)
    expected = ["numpy (SciPy kernels)", "array_api on NumPy"]
    expected += [label for module, label in _OPTIONAL if _has(module)]
    rows = _table_rows(out)
    assert [re.split(r"\s{2,}", row.strip())[0] for row in rows] == expected
    for row in rows:
        cells = re.split(r"\s{2,}", row.strip())
        deviations = [float(c) for c in cells[2:6]]
        assert max(deviations) < 1e-6, row
        assert cells[6].endswith("ms") or cells[6].endswith(" s"), row  # median time
        assert float(cells[8]) > 0  # SciPy/backend ratio


_OPTIONAL = [
    ("array_api_strict", "array_api_strict"),
    ("torch", "torch"),
    ("dask", "dask (threads, NumPy chunks)"),
    ("jax", "jax (jit)"),
]


def test_demo_finds_the_event(full):
    _, out, _, _ = full
    for name in ("H1", "L1"):
        match = re.search(rf"^  {name}: t = ([0-9.]+) s \(GPS 11262594", out, re.MULTILINE)
        assert match, out
        assert 16.3 <= float(match.group(1)) <= 16.5
    delay = re.search(r"H1 - L1 arrival .*: ([+-][0-9.]+) ms \(L1 first\)", out)
    assert delay and 5.0 <= float(delay.group(1)) <= 9.0, out
    assert "inverted in L1" in out
    floor = re.search(r"H1: ([0-9.e+-]+) at 100 Hz", out)
    assert floor and 5e-24 < float(floor.group(1)) < 3e-23
    assert re.search(r"H1: [0-9.e+-]+ at 60\.\d\d Hz, x", out)


def test_demo_text_picture_shows_the_chirp(full):
    _, out, _, _ = full
    for name in ("H1", "L1"):
        assert f"{name}: spectrogram of the whitened strain" in out
    rows = [line.split("|", 1)[1] for line in out.splitlines() if re.match(r"^ *\d+ Hz \|", line)]
    assert len(rows) == 32 and all(len(r) == 60 for r in rows)
    # the darkest shades sit in the columns of 16.3-16.45 s (of 15.8-16.6 s), in both
    for picture in (rows[:16], rows[16:]):
        dark = np.array([[c in "*#%@" for c in row] for row in picture])
        per_column = dark.sum(axis=0)
        chirp = slice(round(0.5 / 0.8 * 60), round(0.65 / 0.8 * 60))
        assert per_column[chirp].sum() > 0.8 * per_column.sum() > 0


def test_demo_writes_the_figure(full):
    _, out, _, png = full
    assert f"wrote {png}" in out
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    import matplotlib.image

    pixels = matplotlib.image.imread(png)
    assert pixels.shape[0] > 500 and pixels[..., :3].std() > 0.1


def test_demo_subset_without_picture():
    status, out, err = _run("--repeat", "1", "--backends", "numpy", "--no-picture")
    assert status == 0, out + err
    assert len(_table_rows(out)) == 1 and " Hz |" not in out
    assert "from the numpy backend's results" in out


def test_demo_times_the_median_after_a_warm_up(monkeypatch):
    calls = {"sigproc": 0, "scipy": 0}
    real_sigproc, real_scipy = _demo_backends.run_sigproc, _demo.run_scipy

    def counted(name, func):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return func(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(_demo_backends, "run_sigproc", counted("sigproc", real_sigproc))
    monkeypatch.setattr(_demo, "run_scipy", counted("scipy", real_scipy))
    status, out, _ = _run("--repeat", "3", "--backends", "portable", "--no-picture")
    assert status == 0
    assert calls == {"sigproc": 1 + 3, "scipy": 1 + 3}  # warm-up + 3; reference + 3
    assert "from SciPy's results" in out  # the numpy backend did not run


def test_demo_fails_on_disagreement(monkeypatch):
    monkeypatch.setattr(_demo, "TOLERANCE", 0.0)
    status, out, _ = _run("--repeat", "1", "--backends", "numpy", "--no-picture")
    assert status == 1
    assert re.search(r"^sigproc: demo: numpy: \S+ deviates from SciPy by", out, re.MULTILINE)


def test_demo_reports_a_failing_backend(monkeypatch):
    def broken(x, setup):
        raise RuntimeError("kaput")

    monkeypatch.setattr(_demo_backends, "run_sigproc", broken)
    status, out, err = _run("--repeat", "1", "--backends", "portable", "--no-picture")
    assert status == 1, err
    assert "failed" in _table_rows(out)[0]
    assert "sigproc: demo: portable: RuntimeError('kaput')" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--backends", "nope"], "--backends: unknown backend 'nope'; choose from numpy,"),
        (["--backends", ","], "--backends: unknown backend list (empty)"),
        (["--repeat", "0"], "--repeat: "),
        (["--plot", "figure.txt"], "--plot must end in one of"),
        (["--plot", "no/such/dir/figure.png"], "--plot: cannot write no/such/dir/figure.png: no"),
    ],
)
def test_demo_usage_errors(argv, message):
    status, out, err = _run(*argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sigproc: error: ") and message in err, err


@pytest.mark.skipif(_has("cupy"), reason="CuPy is installed")
def test_demo_unavailable_backend_named():
    status, _, err = _run("--backends", "numpy,cupy")
    assert status == 2
    assert err.startswith("sigproc: error: --backends cupy: not available here: CuPy")


def test_arrival_offset_finds_a_known_delay(rng):
    fs, delay = 4096.0, 29  # samples: L1 earlier and inverted
    x = rng.standard_normal(8192)
    band = np.stack([x, -np.roll(x, -delay)])
    lag, corr = arrival_offset(band, fs, around=1.0)
    assert lag == pytest.approx(delay / fs) and corr == pytest.approx(-1.0)
