"""Spectral analysis against SciPy on every array library."""

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc

# 3-d inputs with the 301-sample time axis at each position.
SHAPES = {0: (301, 2, 3), 1: (2, 301, 3), -1: (2, 3, 301)}


def _signal(rng, shape, dtype=np.float64):
    x = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def _check_all(got, want, lib, **kw):
    for g, w in zip(got, want, strict=True):
        assert_close(g, w, like=lib, **kw)


# -- get_window --------------------------------------------------------------------------
@pytest.mark.parametrize("window", ["hann", "hann_periodic", ("tukey", 0.25), ("kaiser", 8.0)])
def test_get_window_matches_scipy(lib, window):
    w = sigproc.get_window(window, 33, xp=lib.xp)
    assert_close(w, scipy.signal.get_window(window, 33), like=lib)
    w2 = sigproc.get_window(window, 33, fftbins=False)
    np.testing.assert_array_equal(w2, scipy.signal.get_window(window, 33, fftbins=False))


def test_get_window_returns_a_fresh_array():
    w = sigproc.get_window("hann", 16)
    w[:] = 0
    np.testing.assert_array_equal(
        sigproc.get_window("hann", 16), scipy.signal.get_window("hann", 16)
    )


def test_get_window_bad_name():
    with pytest.raises(ValueError, match="window name"):
        sigproc.get_window("no-such-window", 16)


# -- welch -------------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_welch_nd_each_axis(lib, rng, axis):
    x = _signal(rng, SHAPES[axis])
    xin = lib.asarray(x)
    got = sigproc.welch(xin, fs=10.0, nperseg=64, axis=axis)
    _check_all(got, scipy.signal.welch(x, fs=10.0, nperseg=64, axis=axis), lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("scaling", ["density", "spectrum"])
@pytest.mark.parametrize("average", ["mean", "median"])
@pytest.mark.parametrize("detrend", ["constant", "linear", False])
@pytest.mark.parametrize("onesided", [True, False])
def test_welch_options(lib, rng, scaling, average, detrend, onesided):
    x = _signal(rng, (2, 400))
    kw = dict(
        nperseg=50,
        noverlap=21,
        scaling=scaling,
        average=average,
        detrend=detrend,
        return_onesided=onesided,
    )
    _check_all(sigproc.welch(lib.asarray(x), **kw), scipy.signal.welch(x, **kw), lib)


@pytest.mark.parametrize("nperseg,noverlap,nfft", [(33, 7, None), (64, 0, 101), (1, 0, None)])
def test_welch_odd_lengths(lib, rng, nperseg, noverlap, nfft):
    x = _signal(rng, 257)
    kw = dict(nperseg=nperseg, noverlap=noverlap, nfft=nfft)
    _check_all(sigproc.welch(lib.asarray(x), **kw), scipy.signal.welch(x, **kw), lib)


def test_welch_median_even_and_odd_segment_counts(lib, rng):
    for n in (64 * 4, 64 * 5):  # 7 and 9 half-overlapping segments
        x = _signal(rng, n)
        kw = dict(nperseg=64, average="median")
        _check_all(sigproc.welch(lib.asarray(x), **kw), scipy.signal.welch(x, **kw), lib)
    kw = dict(nperseg=64, noverlap=0, average="median")  # 4 segments: mean of middle two
    x = _signal(rng, 256)
    _check_all(sigproc.welch(lib.asarray(x), **kw), scipy.signal.welch(x, **kw), lib)


@pytest.mark.parametrize("window", ["hann", ("tukey", 0.3), "array"])
def test_welch_window_kinds(lib, rng, window):
    if isinstance(window, str) and window == "array":
        window = np.kaiser(48, 5.0)
    x = _signal(rng, (2, 300))
    got = sigproc.welch(lib.asarray(x), window=window)
    _check_all(got, scipy.signal.welch(x, window=window), lib)


def test_welch_window_array_of_the_signal_library(lib, rng):
    x = _signal(rng, 300)
    win = np.hamming(40)
    got = sigproc.welch(lib.asarray(x), window=lib.asarray(win))
    _check_all(got, scipy.signal.welch(x, window=win), lib)


def test_welch_float32(lib, rng):
    x = _signal(rng, (2, 500), np.float32)
    kw = dict(nperseg=100, detrend="linear", average="median")
    f, p = sigproc.welch(lib.asarray(x), **kw)
    f0, p0 = scipy.signal.welch(x, **kw)
    assert p0.dtype == np.float32
    assert_close(f, f0, like=lib)
    assert_close(p, p0, like=lib)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_welch_complex_is_two_sided(lib, rng, dtype):
    x = _signal(rng, (2, 300), dtype)
    kw = dict(nperseg=60, average="median")
    _check_all(sigproc.welch(lib.asarray(x), **kw), scipy.signal.welch(x, **kw), lib)


def test_welch_detrend_callable(lib, rng):
    x = _signal(rng, (3, 300))

    def remove_first(d):  # acts on the last axis, as SciPy's callable detrend does
        return d - d[..., :1]

    f, p = sigproc.welch(lib.asarray(x), nperseg=64, detrend=remove_first)
    _check_all((f, p), scipy.signal.welch(x, nperseg=64, detrend=remove_first), lib)


def test_welch_nperseg_longer_than_signal_warns(lib, rng):
    x = _signal(rng, 100)
    with pytest.warns(UserWarning, match="nperseg") as record:
        got = sigproc.welch(lib.asarray(x), nperseg=256)
    assert record[0].filename == __file__
    with pytest.warns(UserWarning):
        want = scipy.signal.welch(x, nperseg=256)
    _check_all(got, want, lib)


@pytest.mark.parametrize(
    "kw,match",
    [
        (dict(nperseg=64, noverlap=64), "noverlap"),
        (dict(nperseg=64, nfft=32), "nfft"),
        (dict(nperseg=0), "nperseg"),
        (dict(scaling="power"), "scaling"),
        (dict(nperseg=64, average="mode"), "average"),
        (dict(detrend="cubic"), "Trend type"),
        (dict(window=np.ones(30), nperseg=40), "nperseg"),
        (dict(window=np.ones((4, 4))), "1-D"),
    ],
)
def test_welch_bad_arguments(lib, rng, kw, match):
    x = _signal(rng, 300)
    with pytest.raises(ValueError):
        scipy.signal.welch(x, **kw)  # SciPy rejects it too
    with pytest.raises(ValueError, match=match):
        sigproc.welch(lib.asarray(x), **kw)


def test_welch_integer_input(lib):
    x = np.arange(200) % 7
    _check_all(sigproc.welch(lib.asarray(x), nperseg=32), scipy.signal.welch(x, nperseg=32), lib)


# -- csd, coherence, periodogram ------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_csd_nd_each_axis(lib, rng, axis):
    x, y = _signal(rng, SHAPES[axis]), _signal(rng, SHAPES[axis])
    xin, yin = lib.asarray(x), lib.asarray(y)
    got = sigproc.csd(xin, yin, nperseg=40, noverlap=13, axis=axis, average="median")
    want = scipy.signal.csd(x, y, nperseg=40, noverlap=13, axis=axis, average="median")
    _check_all(got, want, lib)
    assert_unchanged(x, xin, lib)
    assert_unchanged(y, yin, lib)


def test_csd_pads_and_broadcasts(lib, rng):
    x, y = _signal(rng, (2, 3, 300)), _signal(rng, (2, 3, 250))
    _check_all(
        sigproc.csd(lib.asarray(x), lib.asarray(y), nperseg=64),
        scipy.signal.csd(x, y, nperseg=64),
        lib,
    )
    y = _signal(rng, (3, 300))
    _check_all(
        sigproc.csd(lib.asarray(x), lib.asarray(y), nperseg=64),
        scipy.signal.csd(x, y, nperseg=64),
        lib,
    )


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_csd_dtypes(lib, rng, dtype):
    x, y = _signal(rng, 300, dtype), _signal(rng, 300, dtype)
    got = sigproc.csd(lib.asarray(x), lib.asarray(y), nperseg=50, scaling="spectrum")
    _check_all(got, scipy.signal.csd(x, y, nperseg=50, scaling="spectrum"), lib)


def test_csd_outer_shapes_must_broadcast(lib, rng):
    x, y = lib.asarray(_signal(rng, (2, 300))), lib.asarray(_signal(rng, (3, 300)))
    with pytest.raises(ValueError, match="broadcast"):
        sigproc.csd(x, y)


@pytest.mark.parametrize("axis", [0, -1])
def test_coherence(lib, rng, axis):
    shape = (300, 2) if axis == 0 else (2, 300)
    x = _signal(rng, shape)
    y = 0.5 * x + _signal(rng, shape)
    got = sigproc.coherence(lib.asarray(x), lib.asarray(y), fs=2.0, nperseg=50, axis=axis)
    _check_all(got, scipy.signal.coherence(x, y, fs=2.0, nperseg=50, axis=axis), lib)


@pytest.mark.parametrize("nfft", [None, 300, 400, 200])
@pytest.mark.parametrize("axis", [0, -1])
def test_periodogram(lib, rng, nfft, axis):
    x = _signal(rng, (300, 2) if axis == 0 else (2, 300))
    xin = lib.asarray(x)
    got = sigproc.periodogram(xin, fs=5.0, nfft=nfft, axis=axis, window="hann")
    _check_all(got, scipy.signal.periodogram(x, fs=5.0, nfft=nfft, axis=axis, window="hann"), lib)
    assert_unchanged(x, xin, lib)


def test_periodogram_window_array_and_complex(lib, rng):
    x = _signal(rng, 128, np.complex64)
    win = np.hanning(128)
    kw = dict(window=win, scaling="spectrum", detrend="linear")
    _check_all(sigproc.periodogram(lib.asarray(x), **kw), scipy.signal.periodogram(x, **kw), lib)
    with pytest.raises(ValueError, match="size of the window"):
        sigproc.periodogram(lib.asarray(x), window=np.ones(10))


# -- spectrogram ---------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_spectrogram_nd_each_axis(lib, rng, axis):
    x = _signal(rng, SHAPES[axis])
    xin = lib.asarray(x)
    got = sigproc.spectrogram(xin, fs=3.0, nperseg=50, axis=axis)
    _check_all(got, scipy.signal.spectrogram(x, fs=3.0, nperseg=50, axis=axis), lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("mode", ["psd", "complex", "magnitude", "angle", "phase"])
def test_spectrogram_modes(lib, rng, mode):
    x = _signal(rng, (2, 400))
    kw = dict(nperseg=41, noverlap=11, mode=mode, detrend="linear", scaling="spectrum")
    f, t, s = sigproc.spectrogram(lib.asarray(x), **kw)
    f0, t0, s0 = scipy.signal.spectrogram(x, **kw)
    assert_close(f, f0, like=lib)
    assert_close(t, t0, like=lib)
    if mode == "angle":  # angles of +-pi are the same angle: compare on the circle
        assert_close(s, s0, like=lib, atol=10.0)
        np.testing.assert_allclose(np.exp(1j * lib.to_numpy(s)), np.exp(1j * s0), atol=1e-10)
    else:
        assert_close(s, s0, like=lib)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_spectrogram_dtypes(lib, rng, dtype):
    x = _signal(rng, 300, dtype)
    kw = dict(nperseg=64, return_onesided=False)
    _check_all(sigproc.spectrogram(lib.asarray(x), **kw), scipy.signal.spectrogram(x, **kw), lib)


def test_spectrogram_complex_input_warns_like_scipy(lib, rng):
    x = _signal(rng, 300, np.complex128)
    with pytest.warns(UserWarning, match="complex"):
        got = sigproc.spectrogram(lib.asarray(x), nperseg=64)
    with pytest.warns(UserWarning, match="complex"):
        want = scipy.signal.spectrogram(x, nperseg=64)
    _check_all(got, want, lib)


def test_spectrogram_detrend_callable_sees_axis(lib, rng):
    x = _signal(rng, (300, 2))
    seen = []

    def remove_mean(d):
        seen.append(d.shape)
        return d - lib.xp.mean(d, axis=0, keepdims=True)

    got = sigproc.spectrogram(lib.asarray(x), nperseg=32, axis=0, detrend=remove_mean)
    assert seen[0][0] == 32  # segment samples on the signal's axis, as SciPy
    want = scipy.signal.spectrogram(x, nperseg=32, axis=0, detrend=lambda d: d - d.mean(0))
    _check_all(got, want, lib)


@pytest.mark.parametrize(
    "kw,match",
    [
        (dict(mode="power"), "mode"),
        (dict(nperseg=32, noverlap=40), "noverlap"),
        (dict(scaling="power"), "scaling"),
        (dict(window=np.ones(400)), "longer"),
    ],
)
def test_spectrogram_bad_arguments(lib, rng, kw, match):
    x = _signal(rng, 300)
    with pytest.raises(ValueError):
        scipy.signal.spectrogram(x, **kw)
    with pytest.raises(ValueError, match=match):
        sigproc.spectrogram(lib.asarray(x), **kw)


@pytest.mark.parametrize("func", ["spectrogram", "stft"])
def test_short_time_nperseg_longer_than_signal_warns(lib, rng, func):
    x = _signal(rng, (2, 100))
    with pytest.warns(UserWarning, match="nperseg") as record:
        got = getattr(sigproc, func)(lib.asarray(x), nperseg=256)
    assert record[0].filename == __file__  # reported at the caller, as SciPy does
    with pytest.warns(UserWarning, match="nperseg"):
        want = getattr(scipy.signal, func)(x, nperseg=256)
    _check_all(got, want, lib)


# -- stft / istft ----------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_stft_nd_each_axis(lib, rng, axis):
    x = _signal(rng, SHAPES[axis])
    xin = lib.asarray(x)
    got = sigproc.stft(xin, fs=2.0, nperseg=64, axis=axis)
    _check_all(got, scipy.signal.stft(x, fs=2.0, nperseg=64, axis=axis), lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("boundary", ["zeros", "even", "odd", "constant", None])
@pytest.mark.parametrize("padded", [True, False])
def test_stft_boundary_padded(lib, rng, boundary, padded):
    x = _signal(rng, (2, 203))
    kw = dict(nperseg=45, noverlap=20, boundary=boundary, padded=padded, scaling="psd")
    _check_all(sigproc.stft(lib.asarray(x), **kw), scipy.signal.stft(x, **kw), lib)


@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.complex128])
def test_stft_dtypes(lib, rng, dtype):
    x = _signal(rng, 200, dtype)
    kw = dict(nperseg=32, return_onesided=False, window=("tukey", 0.5))
    if np.dtype(dtype).kind == "c":
        kw["return_onesided"] = False
    _check_all(sigproc.stft(lib.asarray(x), **kw), scipy.signal.stft(x, **kw), lib)


@pytest.mark.parametrize("nperseg,noverlap", [(64, 32), (64, 48), (45, 17), (50, 49)])
def test_istft_matches_scipy_and_round_trips(lib, rng, nperseg, noverlap):
    x = _signal(rng, (2, 300))
    _, _, z = scipy.signal.stft(x, nperseg=nperseg, noverlap=noverlap)
    zin = lib.asarray(z)
    kw = dict(nperseg=nperseg, noverlap=noverlap)
    got = sigproc.istft(zin, **kw)
    want = scipy.signal.istft(z, **kw)
    _check_all(got, want, lib)
    assert_unchanged(z, zin, lib)
    _, xr = got
    np.testing.assert_allclose(lib.to_numpy(xr)[..., :300], x, atol=1e-10)


def test_stft_istft_round_trip_portable_axes(lib, rng):
    x = _signal(rng, (300, 3), np.float32)
    _f, _t, z = sigproc.stft(lib.asarray(x), nperseg=40, axis=0)  # z: (21, 3, nseg)
    tr, xr = sigproc.istft(z, nperseg=40, freq_axis=0, time_axis=-1)
    want = scipy.signal.istft(
        scipy.signal.stft(x, nperseg=40, axis=0)[2], nperseg=40, freq_axis=0, time_axis=-1
    )
    _check_all((tr, xr), want, lib)
    np.testing.assert_allclose(lib.to_numpy(xr)[:, :300].T, x, atol=1e-5)


def test_istft_two_sided_and_psd_scaling(lib, rng):
    x = _signal(rng, 256, np.complex128)
    kw = dict(nperseg=32, return_onesided=False, scaling="psd")
    _, _, z = scipy.signal.stft(x, **kw)
    ikw = dict(nperseg=32, input_onesided=False, scaling="psd")
    _check_all(sigproc.istft(lib.asarray(z), **ikw), scipy.signal.istft(z, **ikw), lib)


def test_istft_nola_failure_warns(lib, rng):
    x = _signal(rng, 200)
    _, _, z = scipy.signal.stft(x, nperseg=32, noverlap=0, boundary=None, padded=False)
    with pytest.warns(UserWarning, match="NOLA") as record:
        sigproc.istft(lib.asarray(z), nperseg=32, noverlap=0, boundary=False)
    assert record[0].filename == __file__


@pytest.mark.parametrize(
    "shape,kw,match",
    [
        ((33,), {}, "at least 2d"),
        ((33, 5), dict(time_axis=0, freq_axis=0), "differing"),
        ((33, 5), dict(noverlap=64), "noverlap"),
        ((33, 5), dict(window=np.ones(10)), "length"),
        ((33, 5), dict(scaling="power"), "scaling"),
    ],
)
def test_istft_bad_arguments(lib, shape, kw, match):
    z = np.ones(shape, dtype=np.complex128)
    with pytest.raises(ValueError):
        scipy.signal.istft(z, **kw)
    with pytest.raises(ValueError, match=match):
        sigproc.istft(lib.asarray(z), **kw)


def test_stft_bad_arguments(lib, rng):
    x = lib.asarray(_signal(rng, 300))
    with pytest.raises(ValueError, match="boundary"):
        sigproc.stft(x, boundary="wrap")
    with pytest.raises(ValueError, match="scaling"):
        sigproc.stft(x, scaling="density")
    with pytest.raises(ValueError, match="noverlap"):
        sigproc.stft(x, nperseg=16, noverlap=16)


# -- detrend ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["linear", "constant", "l", "c"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_detrend(lib, rng, kind, axis):
    x = _signal(rng, SHAPES[axis]) + np.arange(301).reshape(
        [-1 if a == axis % 3 else 1 for a in range(3)]
    )
    xin = lib.asarray(x)
    assert_close(
        sigproc.detrend(xin, axis=axis, type=kind),
        scipy.signal.detrend(x, axis=axis, type=kind),
        like=lib,
    )
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128, np.int64])
def test_detrend_dtypes(lib, rng, dtype):
    x = (
        (_signal(rng, (3, 50)) * 10).astype(dtype)
        if dtype is np.int64
        else _signal(rng, (3, 50), dtype)
    )
    assert_close(sigproc.detrend(lib.asarray(x)), scipy.signal.detrend(x), like=lib)


def test_detrend_overwrite_data_leaves_input(lib, rng):
    x = _signal(rng, (3, 50))
    xin = lib.asarray(x)
    sigproc.detrend(xin, overwrite_data=True)
    assert_unchanged(x, xin, lib)


def test_detrend_bad_type(lib, rng):
    with pytest.raises(ValueError, match="Trend type"):
        sigproc.detrend(lib.asarray(_signal(rng, 20)), type="quadratic")


def test_detrend_breakpoints(lib, rng):
    # One least-squares line per piece between breakpoints, on every backend.
    x = _signal(rng, (2, 60))
    for bp in ([20, 45], 30, [59]):
        assert_close(
            sigproc.detrend(lib.asarray(x), bp=bp), scipy.signal.detrend(x, bp=bp), like=lib
        )
    with pytest.raises(ValueError, match="Breakpoints"):
        sigproc.detrend(lib.asarray(x), bp=[61])


# -- the NumPy backend's own Welch, on a longer record ------------------------------------
def test_numpy_welch_many_chunks_matches_scipy(rng, monkeypatch):
    from sigproc._core import framing as _framing

    monkeypatch.setattr(_framing, "CHUNK_BYTES", 1 << 14)  # force many blocks
    x = rng.standard_normal((2, 20000))
    for average in ("mean", "median"):
        _f, p = sigproc.welch(x, nperseg=256, average=average)
        _f0, p0 = scipy.signal.welch(x, nperseg=256, average=average)
        np.testing.assert_allclose(p, p0, rtol=1e-12)


@pytest.mark.parametrize(("nperseg", "step"), [(8, 8), (8, 4), (9, 3), (16, 4), (10, 4), (7, 7)])
@pytest.mark.parametrize("n", [7, 31, 32, 33])
def test_portable_framing_matches_sliding_windows(nperseg, step, n):
    # Whole hops per segment: reshaped slices; otherwise a gather. Both as NumPy's view.
    xps = pytest.importorskip("array_api_strict")
    from sigproc._core.framing import frame

    if n < nperseg:
        pytest.skip("no whole segment")
    x = np.arange(2 * n, dtype=float).reshape(2, n)
    want = np.lib.stride_tricks.sliding_window_view(x, nperseg, axis=-1)[..., ::step, :]
    got = frame(xps.asarray(x), nperseg, step, xp=xps)
    np.testing.assert_array_equal(np.asarray(got), want)
