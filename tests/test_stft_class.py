"""ShortTimeFFT and closest_STFT_dual_window against SciPy on every array library.

The transforms (stft, stft_detrend, spectrogram, istft) across fft modes,
scalings, phase shifts, FFT lengths, slice ranges, offsets, paddings and axes;
the geometry and grids; windows given in any library; SciPy's errors; the two
calls where SciPy 1.17 fails; gradients on torch.
"""

import inspect

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc
from sigproc.dispatch._multimethod import registry

FFT_MODES = ("twosided", "centered", "onesided", "onesided2X")
HANN = scipy.signal.windows.hann(8, sym=False)


def _pair(win, hop, fs=1.0, **kwargs):
    """SciPy's instance and ours, each with its own NumPy copy of the window."""
    theirs = scipy.signal.ShortTimeFFT(np.array(win), hop, fs, **kwargs)
    ours = sigproc.ShortTimeFFT(np.array(win), hop, fs, **kwargs)
    return theirs, ours


def _stft_check(lib, theirs, ours, x, method="stft", *args, **kwargs):
    """`method` of both instances on `x` (NumPy for SciPy, `lib` for ours); compare."""
    xl = lib.asarray(x)
    got = getattr(ours, method)(xl, *args, **kwargs)
    want = getattr(theirs, method)(x.copy(), *args, **kwargs)
    assert_close(got, want, like=lib)
    assert_unchanged(x, xl, lib)
    return got


def _kwargs(fft_mode, **kwargs):
    # 'onesided2X' needs a scaling
    return {"fft_mode": fft_mode, "scale_to": "psd" if fft_mode == "onesided2X" else None, **kwargs}


# -- the surface -------------------------------------------------------------------------------
def _members(cls):
    return {n: v for n, v in vars(cls).items() if not n.startswith("_")}


def test_every_public_member_of_scipys_class_with_its_signature():
    theirs, ours = _members(scipy.signal.ShortTimeFFT), _members(sigproc.ShortTimeFFT)
    assert set(theirs) <= set(ours)
    for name, member in theirs.items():
        mine = ours[name]
        assert type(mine) is type(member), name
        if isinstance(member, property):
            assert (mine.fset is None) == (member.fset is None), name
            continue
        want = list(inspect.signature(getattr(member, "__func__", member)).parameters.values())
        got = list(inspect.signature(getattr(mine, "__func__", mine)).parameters.values())
        assert [p.name for p in got[: len(want)]] == [p.name for p in want], name
        for g, w in zip(got, want, strict=False):
            assert (g.kind, g.default) == (w.kind, w.default), f"{name}: {g.name}"
        assert all(p.kind is p.KEYWORD_ONLY for p in got[len(want) :]), name
    assert sigproc.ShortTimeFFT[np.float64] is not None  # generic, as SciPy's (scipy-stubs)


def test_multimethods_are_registered_under_readable_names():
    x = np.ones(32)
    for name in ("ShortTimeFFT.stft", "ShortTimeFFT.spectrogram", "ShortTimeFFT.istft"):
        assert name in registry and name in sigproc.dispatch.support_table()
    stft = registry["ShortTimeFFT.stft"]
    selection = sigproc.which_backend(stft, x, HANN, 4, "onesided", 8, None, 0)
    # NumPy runs the portable, batched code (SciPy loops over the slices)
    assert (selection.backend, selection.native) == ("numpy", False)


# -- stft --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fft_mode", FFT_MODES)
@pytest.mark.parametrize("phase_shift", [0, 3, -5, None])
@pytest.mark.parametrize("mfft", [None, 13])
def test_stft_modes_phase_shifts_fft_lengths(lib, rng, fft_mode, phase_shift, mfft):
    theirs, ours = _pair(HANN, 3, 10.0, **_kwargs(fft_mode, mfft=mfft, phase_shift=phase_shift))
    _stft_check(lib, theirs, ours, rng.standard_normal(29))


@pytest.mark.parametrize(
    ("scale_to", "fft_mode"),
    [(s, m) for s in ("magnitude", "psd") for m in ("onesided", "onesided2X", "centered")]
    + [(None, "onesided")],
)
def test_stft_scalings(lib, rng, scale_to, fft_mode):
    win = scipy.signal.windows.kaiser(10, 6.0)  # even mfft: the Nyquist bin stays unpaired
    theirs, ours = _pair(win, 4, 250.0, fft_mode=fft_mode, scale_to=scale_to, mfft=16)
    _stft_check(lib, theirs, ours, rng.standard_normal(50))
    ours.mfft = theirs.mfft = 17  # odd: every bin but DC paired
    _stft_check(lib, theirs, ours, rng.standard_normal(50))


@pytest.mark.parametrize("padding", ["zeros", "edge", "even", "odd"])
@pytest.mark.parametrize(
    ("p0", "p1", "k_offset"), [(None, None, 0), (1, 5, 0), (-1, 3, 4), (0, 9, -3), (2, 10, 5)]
)
def test_stft_slice_ranges_offsets_paddings(lib, rng, padding, p0, p1, k_offset):
    theirs, ours = _pair(HANN, 3)
    x = rng.standard_normal((2, 26))
    _stft_check(lib, theirs, ours, x, "stft", p0, p1, k_offset=k_offset, padding=padding)


def test_stft_paddings_longer_than_the_signal(lib, rng):
    # The reflections repeat (numpy.pad's 'reflect') when a slice sticks out further
    # than the signal is long; SciPy's padding test, and a window of zeros at the ends.
    theirs, ours = _pair(np.ones(5), 4)
    x = np.array([[1, 2, 3, 4, 5], [0, 1, 4, 9, 16]], dtype=float)
    win = np.array([0, 0, 1, 2, 3, 2, 1, 0, 0, 0, 0.0])
    for padding in ("zeros", "edge", "even", "odd"):
        _stft_check(lib, theirs, ours, x, padding=padding)
        a, b = _pair(win, 2)
        _stft_check(lib, a, b, rng.standard_normal(7), padding=padding)
        _stft_check(
            lib, a, b, rng.standard_normal(7), "stft", a.p_min, a.p_min + 2, padding=padding
        )


def test_stft_offsets_beyond_the_signal(lib):
    theirs, ours = _pair(HANN, 3)
    x = np.arange(26.0)
    for k_offset in (100, -100):
        _stft_check(lib, theirs, ours, x, k_offset=k_offset)  # zeros, as SciPy's
        for sft, signal in ((theirs, x), (ours, lib.asarray(x))):
            with pytest.raises(ValueError, match="can't extend empty axis 0 using modes"):
                sft.stft(signal, k_offset=k_offset, padding="even")


@pytest.mark.parametrize("axis", [0, 1, -1, -3])
def test_stft_axis(lib, rng, axis):
    theirs, ours = _pair(HANN, 3, fft_mode="centered")
    x = rng.standard_normal((11, 12, 13))
    got = _stft_check(lib, theirs, ours, x, axis=axis)
    assert got.ndim == 4


@pytest.mark.parametrize("dtype", ["float32", "int64", "float16", "bool"])
def test_stft_dtypes_give_complex128_as_scipy(lib, rng, dtype):
    if dtype == "float16" and lib.module == "array_api_strict":
        pytest.skip("array-api-strict has no float16")
    theirs, ours = _pair(HANN, 2)
    x = (rng.standard_normal(20) * 5).astype(dtype)
    _stft_check(lib, theirs, ours, x)
    theirs, ours = _pair(HANN.astype(np.float32), 2)  # a float32 window: float32 FFTs
    assert_close(ours.stft(lib.asarray(x)), theirs.stft(x), like=lib, rtol=1e-5)


@pytest.mark.parametrize("fft_mode", ["twosided", "centered"])
def test_stft_complex_signals_and_windows(lib, rng, fft_mode):
    z = rng.standard_normal(30) + 1j * rng.standard_normal(30)
    theirs, ours = _pair(HANN, 3, fft_mode=fft_mode)
    _stft_check(lib, theirs, ours, z)
    _stft_check(lib, theirs, ours, z.astype(np.complex64))
    cwin = np.exp(2j * np.linspace(0, np.pi, 8))
    theirs, ours = _pair(cwin, 3, fft_mode=fft_mode, phase_shift=None, mfft=10)
    _stft_check(lib, theirs, ours, z)
    _stft_check(lib, theirs, ours, z.real)


def test_stft_of_three_dimensional_signals_with_padded_shifted_slices(lib, rng):
    # SciPy 1.17 zero-pads the slices with hstack (axis 1), which breaks for 3-D
    # signals; ours equals SciPy's transform of each 1-D component (the numpy backend
    # sends such calls to the portable code).
    theirs, ours = _pair(HANN, 3, mfft=12, phase_shift=2)
    x = rng.standard_normal((2, 3, 20))
    with pytest.raises(ValueError):
        theirs.stft(x)
    got = lib.to_numpy(ours.stft(lib.asarray(x)))
    want = np.stack([[theirs.stft(row) for row in plane] for plane in x])
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    if lib.name == "numpy":
        stft = registry["ShortTimeFFT.stft"]
        args = (x, ours.win, 3, "onesided", 12, None, 2)
        assert sigproc.which_backend(stft, *args).native is False


# -- stft_detrend, spectrogram -----------------------------------------------------------------
@pytest.mark.parametrize("detr", ["constant", "linear", None])
def test_stft_detrend(lib, rng, detr):
    theirs, ours = _pair(HANN, 3, fft_mode="onesided2X", scale_to="magnitude")
    x = rng.standard_normal((3, 25)) + np.arange(25)
    _stft_check(lib, theirs, ours, x, "stft_detrend", detr, padding="odd")
    _stft_check(lib, theirs, ours, x.T.copy(), "stft_detrend", detr, 0, 4, axis=0)


def test_stft_detrend_callable_sees_one_slice_at_a_time(lib, rng):
    shapes = []

    def remove_first(s):
        shapes.append(tuple(s.shape))
        return s - s[..., :1]

    theirs, ours = _pair(HANN, 4)
    x = rng.standard_normal((2, 21))
    got = ours.stft_detrend(lib.asarray(x), remove_first)
    mine, shapes[:] = list(shapes), []
    want = theirs.stft_detrend(x, remove_first)
    assert_close(got, want, like=lib)
    assert mine == shapes == [(2, 8)] * want.shape[-1]


def test_spectrogram_and_cross_spectrogram(lib, rng):
    theirs, ours = _pair(scipy.signal.windows.gaussian(12, 3), 5, 2.0, scale_to="psd")
    x, y = rng.standard_normal((2, 40)), rng.standard_normal((2, 40))
    xl, yl = lib.asarray(x), lib.asarray(y)
    assert_close(ours.spectrogram(xl), theirs.spectrogram(x), like=lib)
    assert_close(ours.spectrogram(xl, xl), theirs.spectrogram(x, x), like=lib)
    got = ours.spectrogram(xl, yl, "linear", p0=0, p1=6, padding="even", axis=-1)
    want = theirs.spectrogram(x, y, "linear", p0=0, p1=6, padding="even", axis=-1)
    assert_close(got, want, like=lib)
    assert_close(ours.spectrogram(xl.T, axis=0), theirs.spectrogram(x.T, axis=0), like=lib)


# -- istft -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fft_mode", FFT_MODES)
@pytest.mark.parametrize(("mfft", "phase_shift"), [(None, 0), (16, 4), (16, None), (11, -3)])
def test_istft_roundtrip_and_scipy(lib, rng, fft_mode, mfft, phase_shift):
    theirs, ours = _pair(HANN, 3, 5.0, **_kwargs(fft_mode, mfft=mfft, phase_shift=phase_shift))
    x = rng.standard_normal(31)
    S = theirs.stft(x)
    Sl = lib.asarray(S)
    want = theirs.istft(S, k1=31)
    got = ours.istft(Sl, k1=31)
    assert_close(got, want, like=lib)
    np.testing.assert_allclose(lib.to_numpy(got).real, x, atol=1e-12)
    assert_close(ours.istft(Sl), theirs.istft(S), like=lib)
    for k0, k1 in [(10, 33), (-3, 12), (4, 9)]:
        assert_close(ours.istft(Sl, k0, k1), theirs.istft(S, k0, k1), like=lib)
    assert_unchanged(S, Sl, lib)


def test_istft_axes(lib, rng):
    theirs, ours = _pair(np.ones(8) / 8, 3, 25.0)
    x = rng.standard_normal((2, 25, 3))
    S = theirs.stft(x, axis=1)  # (2, f, 3, p)
    for f_axis, t_axis in [(1, -1), (1, 3), (-3, 3)]:
        want = theirs.istft(S, k1=25, f_axis=f_axis, t_axis=t_axis)
        assert_close(
            ours.istft(lib.asarray(S), k1=25, f_axis=f_axis, t_axis=t_axis), want, like=lib
        )
    ST = np.moveaxis(S, (1, -1), (-1, 1))  # time on axis 1, frequency last
    want = theirs.istft(ST, k1=25, t_axis=1, f_axis=-1)
    assert_close(ours.istft(lib.asarray(ST), k1=25, t_axis=1, f_axis=-1), want, like=lib)
    S1 = S[0, :, 0, :]  # 2-D with the axes given as the last two
    want = theirs.istft(S1.T.copy(), k1=25, f_axis=1, t_axis=0)
    assert_close(ours.istft(lib.asarray(S1.T.copy()), k1=25, f_axis=1, t_axis=0), want, like=lib)


def test_istft_complex_window_float32_and_real_spectra(lib, rng):
    cwin = np.exp(2j * np.linspace(0, np.pi, 8))
    theirs, ours = _pair(cwin, 3, fft_mode="twosided")
    z = rng.standard_normal(11) + 2j * rng.standard_normal(11)
    S = theirs.stft(z)
    assert_close(ours.istft(lib.asarray(S), k1=11), theirs.istft(S, k1=11), like=lib)
    theirs, ours = _pair(HANN, 2)
    S = theirs.stft(rng.standard_normal(20)).astype(np.complex64)
    assert_close(ours.istft(lib.asarray(S)), theirs.istft(S), like=lib, rtol=1e-5)
    R = np.abs(S).astype(np.float64)  # real spectra are complex ones with no imaginary part
    assert_close(ours.istft(lib.asarray(R)), theirs.istft(R), like=lib)


def test_istft_where_scipy_fails(lib):
    istft = registry["ShortTimeFFT.istft"]
    # SciPy 1.17 reads slice q0 < p_min as S[..., q0 - p_min], one from the end.
    theirs, ours = _pair(np.ones(8), 4)
    x = np.arange(1.0, 19)
    S = theirs.stft(x)[:, :4]
    wrong = theirs.istft(S, k0=-4, k1=10)
    assert np.any(wrong[:4] != 0)
    got = lib.to_numpy(ours.istft(lib.asarray(S), k0=-4, k1=10))
    np.testing.assert_allclose(got, np.concatenate([np.zeros(4), x[:10]]), atol=1e-12)
    if lib.name == "numpy":
        args = (S, ours.win, None, 4, "onesided", 8, None, 0, -4, 10)
        assert sigproc.which_backend(istft, *args).native is False
    # ... and fails when its first slice ends before k0 (a negative slice end).
    theirs, ours = _pair(HANN, 3, mfft=16, phase_shift=4)
    x = np.random.default_rng(3).standard_normal(31)
    S = theirs.stft(x)
    with pytest.raises(ValueError, match="could not be broadcast"):
        theirs.istft(S, 5, 20)
    assert_close(ours.istft(lib.asarray(S), 5, 20), theirs.istft(S)[5:20], like=lib)
    if lib.name == "numpy":
        args = (S, ours.win, None, 3, "onesided", 16, None, 4, 5, 20)
        assert sigproc.which_backend(istft, *args).native is False


def test_dual_windows_given_and_canonical(lib, rng):
    x = rng.standard_normal(40)
    # a given dual window (scaled with the window)
    dual, _ = scipy.signal.closest_STFT_dual_window(HANN, 2, np.ones(8), scaled=False)
    theirs, ours = _pair(HANN, 2, dual_win=dual, scale_to="magnitude")
    S = theirs.stft(x)
    assert_close(ours.istft(lib.asarray(S), k1=40), theirs.istft(S, k1=40), like=lib)
    np.testing.assert_allclose(ours.dual_win, theirs.dual_win, rtol=1e-15)
    # from_dual, from_window, from_win_equals_dual (unitary)
    cases = [
        ("from_dual", (scipy.signal.windows.gaussian(9, 2.0), 3, 2.0), {"scale_to": "psd"}),
        ("from_window", (("tukey", 0.5), 4.0, 10, 7), {"mfft": 12, "phase_shift": None}),
        ("from_win_equals_dual", (HANN, 2, 1.0), {"fft_mode": "centered", "scale_to": "unitary"}),
    ]
    for name, args, kwargs in cases:
        theirs = getattr(scipy.signal.ShortTimeFFT, name)(*args, **kwargs)
        ours = getattr(sigproc.ShortTimeFFT, name)(*args, **kwargs)
        assert ours.scaling == theirs.scaling
        np.testing.assert_array_equal(ours.win, theirs.win)
        np.testing.assert_array_equal(ours.dual_win, theirs.dual_win)
        S = theirs.stft(x)
        assert_close(ours.stft(lib.asarray(x)), S, like=lib)
        assert_close(ours.istft(lib.asarray(S)), theirs.istft(S), like=lib)


# -- windows of any library --------------------------------------------------------------------
def test_windows_given_in_the_signals_library(lib, rng):
    win, x = scipy.signal.windows.kaiser(9, 5.0), rng.standard_normal(33)
    theirs = scipy.signal.ShortTimeFFT(win.copy(), 4, 3.0, scale_to="magnitude")
    ours = sigproc.ShortTimeFFT(lib.asarray(win), 4, 3.0, scale_to="magnitude")
    assert_close(ours.win, theirs.win, like=lib)
    assert_close(ours.dual_win, theirs.dual_win, like=lib)
    assert ours.fac_psd == theirs.fac_psd and ours.fac_magnitude == 1
    S = _stft_check(lib, theirs, ours, x)
    assert_close(ours.istft(S, k1=33), theirs.istft(theirs.stft(x), k1=33), like=lib)
    ours.scale_to("psd")
    theirs.scale_to("psd")
    assert_close(ours.win, theirs.win, like=lib)
    # a signal of another library uses the host copy of the window
    assert isinstance(ours.stft(x), np.ndarray)
    np.testing.assert_allclose(ours.stft(x), theirs.stft(x), rtol=1e-12)
    ours = sigproc.ShortTimeFFT.from_dual(lib.asarray(win), 4, 3.0)
    assert_close(ours.win, scipy.signal.ShortTimeFFT.from_dual(win, 4, 3.0).win, like=lib)


def test_closest_stft_dual_window(lib):
    win = scipy.signal.windows.bartlett(12, sym=False)
    for desired, scaled in [
        (None, True),
        (np.ones(12), False),
        (HANN[[*range(8), 0, 1, 2, 3]], True),
    ]:
        want, alpha = scipy.signal.closest_STFT_dual_window(win, 3, desired, scaled=scaled)
        got, a = sigproc.closest_STFT_dual_window(
            lib.asarray(win), 3, None if desired is None else lib.asarray(desired), scaled=scaled
        )
        assert_close(got, want, like=lib)
        assert a == alpha
    with pytest.raises(ValueError, match="not an integer between 1 and"):
        sigproc.closest_STFT_dual_window(lib.asarray(win), 13)


# -- geometry and grids ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("win", "hop"),
    [(np.ones(8), 4), (HANN, 3), (np.array([0, 0, 0, 0, 0, 0, 0, 1.0]), 1), (np.ones(8)[::-1], 20)],
)
def test_geometry_and_grids_are_scipys(win, hop):
    theirs, ours = _pair(win, hop, 8.0, fft_mode="centered", mfft=9)
    scalar = ("k_min", "p_min", "lower_border_end", "delta_t", "delta_f", "f_pts", "m_num")
    for name in (*scalar, "m_num_mid", "mfft", "hop", "T", "fs", "invertible", "onesided_fft"):
        assert getattr(ours, name) == getattr(theirs, name), name
    for n in (4, 5, 9, 23, 24, 25):
        for name in ("k_max", "p_max", "p_num", "upper_border_begin", "p_range"):
            assert getattr(ours, name)(n) == getattr(theirs, name)(n), (name, n)
        np.testing.assert_array_equal(ours.t(n, k_offset=2), theirs.t(n, k_offset=2))
        assert ours.extent(n, "ft", True) == theirs.extent(n, "ft", True)
    assert ours.nearest_k_p(7) == theirs.nearest_k_p(7)
    assert ours.nearest_k_p(7, left=False) == theirs.nearest_k_p(7, left=False)
    np.testing.assert_array_equal(ours.f, theirs.f)


def test_mutable_parameters_and_placed_grids(lib):
    theirs, ours = _pair(HANN, 2, 4.0)
    for name, value in [("fs", 16.0), ("T", 0.5), ("mfft", 12), ("phase_shift", None)]:
        setattr(theirs, name, value)
        setattr(ours, name, value)
        assert getattr(ours, name) == getattr(theirs, name)
    ours.scale_to("magnitude")
    theirs.scale_to("magnitude")
    ours.fft_mode = theirs.fft_mode = "onesided2X"
    np.testing.assert_array_equal(ours.f, theirs.f)
    assert_close(ours.t(20, 1, 5, xp=lib.xp, device=lib.device), theirs.t(20, 1, 5), like=lib)
    _stft_check(lib, theirs, ours, np.arange(20.0))


# -- errors ------------------------------------------------------------------------------------
ERRORS = [
    ((np.ones((2, 2)), 4, 1), {}, r"Parameter win must be 1d, but win.shape=\(2, 2\)!"),
    ((np.array([1, np.inf, 2, 3]), 4, 1), {}, "Parameter win must have finite entries"),
    ((np.ones(4), 0, 1), {}, "Parameter hop=0 is not an integer >= 1!"),
    ((np.ones(4), 2.0, 1), {}, "Parameter hop=2.0 is not an integer >= 1!"),
    ((np.ones(4), 2, 0), {}, "Sampling frequency fs=0 must be positive!"),
    ((np.ones(4), 2, 1), {"dual_win": np.ones(5)}, r"dual_win.shape=\(5,\) must equal"),
    ((np.ones(3), 2, 1), {"dual_win": np.array([np.nan, 2, 3])}, "must be a finite array"),
    ((np.ones(4), 2, 1), {"mfft": 3}, "Attribute mfft=3 needs to be at least"),
    ((np.ones(4), 2, 1), {"scale_to": "unitary"}, "scaling='unitary' not in"),
    ((np.ones(4), 2, 1), {"fft_mode": "x"}, "fft_mode='x' not in"),
    ((np.ones(4), 2, 1), {"fft_mode": "onesided2X"}, "For scaling is None"),
    ((np.ones(4) * 1j, 2, 1), {}, "One-sided spectra, i.e., fft_mode='onesided'"),
    ((np.ones(4), 2, 1), {"phase_shift": 4}, "-mfft < phase_shift < mfft does not hold"),
]


@pytest.mark.parametrize(("args", "kwargs", "match"), ERRORS)
def test_constructor_errors_are_scipys(lib, args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        scipy.signal.ShortTimeFFT(*args, **kwargs)
    win, *rest = args
    kwargs = {k: lib.asarray(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    with pytest.raises(ValueError, match=match):
        sigproc.ShortTimeFFT(lib.asarray(win), *rest, **kwargs)


def test_method_errors_are_scipys(lib):
    theirs, ours = _pair(np.ones(8), 4)
    cases = [
        ("stft", (np.ones(16) * 1j,), {}, "Complex-valued `x` not allowed for self.fft_mode="),
        (
            "stft_detrend",
            (np.zeros(16), "invalid"),
            {},
            "Trend type must be 'linear' or 'constant'",
        ),
        ("stft_detrend", (np.zeros(16), np.nan), {}, "Parameter detr=nan is not a str, function"),
        ("stft", (np.zeros(3),), {}, r"len\(x\)=3 must be >= ceil\(m_num/2\) = 4!"),
        ("stft", (np.zeros((2, 3)),), {}, r"of axis=-1 of \(2, 3\) must be >= ceil"),
        ("stft", (np.zeros(16), 0, 200), {}, "Invalid Parameter p0=0, p1=200"),
        ("stft", (np.zeros(16),), {"padding": "wrap"}, "Parameter padding='wrap' not in"),
        ("istft", (np.zeros((5, 2)),), {"t_axis": 0, "f_axis": 0}, "f_axis=0 may not be equal"),
        ("istft", (np.zeros((2, 2)),), {}, r"S.shape\[f_axis\]=2 must be equal to self.f_pts=5"),
        ("istft", (np.zeros((5, 1)),), {}, r"S.shape\[t_axis\]=1 needs to have at least 2"),
        ("istft", (np.zeros((5, 3)),), {"k1": 100}, r"\(k1=100\) <= \(k_max=12\) is false!$"),
        ("istft", (np.zeros((5, 3)), 0, 1), {}, r"\(k1=1\) - \(k0=0\) = 1 has to be at least"),
        ("extent", (100, "invalid"), {}, r"Parameter axes_seq='invalid' not in \['tf', 'ft'\]!"),
        ("scale_to", ("invalid",), {}, "scaling='invalid' not in"),
    ]
    for method, args, kwargs, match in cases:
        with pytest.raises(ValueError, match=match):
            getattr(theirs, method)(*args, **kwargs)
        mine = [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
        with pytest.raises(ValueError, match=match):
            getattr(ours, method)(*mine, **kwargs)
    for name, value, match in [("fs", -1, "fs=-1 must be"), ("T", -1, "T=-1 must be"),
                               ("phase_shift", 3.0, "phase_shift=3.0 has the unit")]:  # fmt: skip
        with pytest.raises(ValueError, match=match):
            setattr(theirs, name, value)
        with pytest.raises(ValueError, match=match):
            setattr(ours, name, value)
    theirs, ours = _pair(np.ones(8), 9)  # hop > window: not invertible
    assert ours.invertible is theirs.invertible is False
    S = np.zeros((5, 3))
    with pytest.raises(ValueError, match="larger than window length"):
        theirs.istft(S)
    with pytest.raises(ValueError, match="larger than window length"):
        ours.istft(lib.asarray(S))


def test_classmethod_errors_are_scipys():
    for name, args, match in [
        ("from_dual", (np.ones(8), 9, 1.0), "larger than window length"),
        ("from_win_equals_dual", (np.ones(8, dtype=int), 2, 1.0), "cannot be of integer type"),
        ("from_win_equals_dual", (np.ones(8), 2, 1.0, "x"), None),
        ("from_window", ("hann", 1.0, 8, 8), "hop=0 is not an integer"),
    ]:
        if match is None:  # scale_to is keyword-only, as SciPy's
            with pytest.raises(TypeError):
                getattr(sigproc.ShortTimeFFT, name)(*args)
            continue
        with pytest.raises(ValueError, match=match):
            getattr(scipy.signal.ShortTimeFFT, name)(*args)
        with pytest.raises(ValueError, match=match):
            getattr(sigproc.ShortTimeFFT, name)(*args)


# -- torch: gradients --------------------------------------------------------------------------
def test_torch_gradients_of_stft_istft_and_the_window():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    sft = sigproc.ShortTimeFFT(torch.asarray(HANN), 3, 1.0, mfft=10, phase_shift=2)
    x = torch.asarray(rng.standard_normal(14), requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: sft.stft(v, padding="odd"), (x,))
    assert torch.autograd.gradcheck(lambda v: sft.spectrogram(v, detr="linear"), (x,))
    S = torch.asarray(sft.stft(x).detach().numpy(), requires_grad=True)
    assert torch.autograd.gradcheck(lambda s: sft.istft(s, 1, 12), (S,))
    # a window tensor is used as given (scale_to's factor is a host constant)
    w = torch.asarray(HANN, requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: sigproc.ShortTimeFFT(v, 3, 1.0).stft(x), (w,))
    sft = sigproc.ShortTimeFFT(HANN, 3, 1.0, fft_mode="centered")
    z = torch.asarray(rng.standard_normal(14) + 1j * rng.standard_normal(14), requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: sft.istft(sft.stft(v), k1=14), (z,))
