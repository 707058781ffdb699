"""IIR filtering against SciPy on every array library."""

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close, assert_unchanged

import sigproc

SOS8 = scipy.signal.butter(8, 0.15, output="sos")
SOS16 = scipy.signal.butter(16, 0.1, output="sos")
BA6 = scipy.signal.butter(6, 0.2)
NOTCH = scipy.signal.iirnotch(0.1, 30)
CHEBY6 = scipy.signal.cheby1(6, 0.5, 0.1)


def _close_tuple(got, want, lib, **kw):
    assert isinstance(got, tuple) and len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert_close(g, w, like=lib, **kw)


# -- lfilter -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ba6", "cheby6", "notch", "fir", "gain", "first"])
def test_lfilter_matches_scipy(lib, rng, name):
    b, a = {
        "ba6": BA6,
        "cheby6": CHEBY6,
        "notch": NOTCH,
        "fir": (scipy.signal.firwin(31, 0.3), [1.0]),
        "gain": ([2.0], [4.0]),
        "first": ([0.5, 0.5], [2.0, -0.9]),
    }[name]
    x = rng.standard_normal((2, 700))
    xin = lib.asarray(x)
    assert_close(sigproc.lfilter(b, a, xin), scipy.signal.lfilter(b, a, x), like=lib)
    assert_unchanged(x, xin, lib)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_lfilter_axes_and_zi(lib, rng, axis):
    x = rng.standard_normal((40, 50, 3))
    b, a = BA6
    shape = list(x.shape)
    shape[axis] = 6
    zi = rng.standard_normal(shape)
    xin, ziin = lib.asarray(x), lib.asarray(zi)
    got = sigproc.lfilter(b, a, xin, axis=axis, zi=ziin)
    _close_tuple(got, scipy.signal.lfilter(b, a, x, axis=axis, zi=zi), lib)
    assert_unchanged(x, xin, lib)
    assert_unchanged(zi, ziin, lib)


def test_lfilter_zi_broadcast_and_lists(lib, rng):
    x = rng.standard_normal((3, 64))
    b, a = [1.0, 0.3, 0.2], [1.0, -0.5, 0.25]
    zi = np.ones((1, 2))
    got = sigproc.lfilter(b, a, lib.asarray(x), zi=zi)
    _close_tuple(got, scipy.signal.lfilter(b, a, x, zi=zi), lib)


def test_lfilter_long_input_in_halves(lib, rng):
    # several blocks and a ragged tail; carrying zf equals filtering at once
    x = rng.standard_normal(20011)
    b, a = BA6
    zi = scipy.signal.lfilter_zi(b, a) * 0.3
    xin = lib.asarray(x)
    y, zf = sigproc.lfilter(b, a, xin, zi=zi)
    assert_close(y, scipy.signal.lfilter(b, a, x, zi=zi)[0], like=lib)
    y1, z1 = sigproc.lfilter(b, a, lib.asarray(x[:7777]), zi=zi)
    y2, z2 = sigproc.lfilter(b, a, lib.asarray(x[7777:]), zi=z1)
    full = lib.to_numpy(y)
    np.testing.assert_allclose(lib.to_numpy(y1), full[:7777], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(lib.to_numpy(y2), full[7777:], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(lib.to_numpy(z2), lib.to_numpy(zf), rtol=1e-10, atol=1e-10)


def test_lfilter_float32_and_complex(lib, rng):
    b, a = (c.astype(np.float32) for c in BA6)
    x = rng.standard_normal(500).astype(np.float32)
    assert_close(sigproc.lfilter(b, a, lib.asarray(x)), scipy.signal.lfilter(b, a, x), like=lib)
    # float32 signal, float64 coefficients: float64 (SciPy's result type)
    got = sigproc.lfilter(*BA6, lib.asarray(x))
    assert_close(got, scipy.signal.lfilter(*BA6, x), like=lib)
    xc = rng.standard_normal(300) + 1j * rng.standard_normal(300)
    assert_close(sigproc.lfilter(*BA6, lib.asarray(xc)), scipy.signal.lfilter(*BA6, xc), like=lib)
    bc = np.array([1.0, 0.5j]), np.array([1.0, -0.4 + 0.3j, 0.1j])
    assert_close(sigproc.lfilter(*bc, lib.asarray(xc)), scipy.signal.lfilter(*bc, xc), like=lib)


def test_lfilter_short_and_integer_input(lib, rng):
    b, a = BA6
    zi = rng.standard_normal(6)
    for n in (1, 4, 6, 7):  # shorter than, equal to and just above the order
        x = rng.standard_normal(n)
        got = sigproc.lfilter(b, a, lib.asarray(x), zi=zi)
        _close_tuple(got, scipy.signal.lfilter(b, a, x, zi=zi), lib)
    xi = np.arange(-20, 30)
    assert_close(sigproc.lfilter(b, a, lib.asarray(xi)), scipy.signal.lfilter(b, a, xi), like=lib)
    with pytest.raises(NotImplementedError):
        sigproc.lfilter(np.array([1, 1]), np.array([1, 0]), lib.asarray(xi))
    with pytest.raises(ValueError):
        sigproc.lfilter(b, a, lib.asarray(np.float64(1.0)))


@pytest.mark.parametrize(
    ("b", "a", "match"),
    [
        ([1.0, np.nan], [1.0, 0.5], "b must contain only finite"),
        ([1.0], [1.0, np.inf], "a must contain only finite"),
        ([1.0, 1.0], [0.0, 1.0], r"a\[0\] must be nonzero"),
        ([], [1.0], "Parameter b is not a non-empty 1d array"),
        ([[1.0]], [1.0], "Parameter b is not a non-empty 1d array"),
    ],
)
def test_lfilter_bad_coefficients(lib, b, a, match):
    with pytest.raises(ValueError, match=match):
        sigproc.lfilter(b, a, lib.asarray(np.ones(10)))


def test_lfilter_bad_zi(lib):
    x = lib.asarray(np.ones((2, 10)))
    with pytest.raises(ValueError, match=r"zi.*shape|shape.*zi"):
        sigproc.lfilter([1.0, 1.0], [1.0, 0.5], x, zi=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="zi must contain only finite"):
        sigproc.lfilter([1.0, 1.0], [1.0, 0.5], x, zi=np.full((2, 1), np.nan))


# -- sosfilt ----------------------------------------------------------------------
@pytest.mark.parametrize("sos", [SOS8, SOS16], ids=["order8", "order16"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_sosfilt_matches_scipy(lib, rng, sos, axis):
    x = np.moveaxis(rng.standard_normal((2, 3, 300)), -1, axis)
    xin = lib.asarray(x)
    assert_close(
        sigproc.sosfilt(sos, xin, axis=axis), scipy.signal.sosfilt(sos, x, axis=axis), like=lib
    )
    shape = [len(sos), *x.shape]
    shape[axis % x.ndim + 1] = 2
    zi = rng.standard_normal(shape)
    got = sigproc.sosfilt(sos, xin, axis=axis, zi=lib.asarray(zi))
    _close_tuple(got, scipy.signal.sosfilt(sos, x, axis=axis, zi=zi), lib)
    assert_unchanged(x, xin, lib)


def test_sosfilt_long_in_halves(lib, rng):
    x = rng.standard_normal((2, 20003))
    zi = np.zeros((len(SOS16), 2, 2))
    y, zf = sigproc.sosfilt(SOS16, lib.asarray(x), zi=zi)
    assert_close(y, scipy.signal.sosfilt(SOS16, x), like=lib)
    y1, z1 = sigproc.sosfilt(SOS16, lib.asarray(x[:, :9000]), zi=zi)
    y2, z2 = sigproc.sosfilt(SOS16, lib.asarray(x[:, 9000:]), zi=z1)
    got = np.concatenate([lib.to_numpy(y1), lib.to_numpy(y2)], axis=1)
    np.testing.assert_allclose(got, lib.to_numpy(y), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(lib.to_numpy(z2), lib.to_numpy(zf), rtol=1e-10, atol=1e-12)


def test_sosfilt_poles_near_one(lib, rng):
    # a 4e-4 cutoff puts the poles 1e-3 from z = 1; float64 squaring of the block
    # matrix would lose 5 digits here, the kernels are built in decimal arithmetic
    sos = scipy.signal.butter(4, 4e-4, output="sos")
    x = rng.standard_normal(30000)
    assert_close(sigproc.sosfilt(sos, lib.asarray(x)), scipy.signal.sosfilt(sos, x), like=lib)
    # complex sections (SciPy accepts them)
    sosc = SOS8 * np.exp(0.3j * np.array([1, 1, 1, 0, 0, 0]))
    assert_close(
        sigproc.sosfilt(sosc, lib.asarray(x[:500])), scipy.signal.sosfilt(sosc, x[:500]), like=lib
    )


def test_sosfilt_dtypes(lib, rng):
    x32 = rng.standard_normal(400).astype(np.float32)
    sos32 = SOS8.astype(np.float32)
    assert_close(
        sigproc.sosfilt(sos32, lib.asarray(x32)), scipy.signal.sosfilt(sos32, x32), like=lib
    )
    assert_close(sigproc.sosfilt(SOS8, lib.asarray(x32)), scipy.signal.sosfilt(SOS8, x32), like=lib)
    xc = rng.standard_normal(300) + 1j * rng.standard_normal(300)
    assert_close(sigproc.sosfilt(SOS8, lib.asarray(xc)), scipy.signal.sosfilt(SOS8, xc), like=lib)
    sos_list = SOS8.tolist()
    x = rng.standard_normal(100)
    assert_close(sigproc.sosfilt(sos_list, lib.asarray(x)), scipy.signal.sosfilt(SOS8, x), like=lib)


def test_sosfilt_bad_input(lib):
    x = lib.asarray(np.ones(20))
    with pytest.raises(ValueError, match=r"sos array must be shape \(n_sections, 6\)"):
        sigproc.sosfilt(np.ones((2, 5)), x)
    bad = SOS8.copy()
    bad[0, 1] = np.nan
    with pytest.raises(ValueError, match="sos must contain only finite"):
        sigproc.sosfilt(bad, x)
    bad = SOS8.copy()
    bad[1, 3] = 2.0
    with pytest.raises(ValueError, match=r"sos\[:, 3\]"):
        sigproc.sosfilt(bad, x)
    with pytest.raises(ValueError, match=r"zi.*shape|shape.*zi"):
        sigproc.sosfilt(SOS8, x, zi=np.zeros((3, 2)))


# -- initial conditions ------------------------------------------------------------
def test_lfilter_zi_and_sosfilt_zi(lib):
    for b, a in (BA6, NOTCH, ([1.0, 2.0], [4.0, 1.0]), ([0.5], [1.0, 0.3])):
        b, a = np.asarray(b, dtype=float), np.asarray(a, dtype=float)
        got = sigproc.lfilter_zi(lib.asarray(b), lib.asarray(a))
        assert_close(got, scipy.signal.lfilter_zi(b, a), like=lib)
    got = sigproc.lfilter_zi(
        lib.asarray(BA6[0].astype(np.float32)), lib.asarray(BA6[1].astype(np.float32))
    )
    want = scipy.signal.lfilter_zi(BA6[0].astype(np.float32), BA6[1].astype(np.float32))
    assert_close(got, want, like=lib)
    with pytest.raises(ValueError):
        sigproc.lfilter_zi(lib.asarray(np.ones(1)), lib.asarray(np.ones(1)))  # order 0
    sos = lib.asarray(SOS16)
    assert_close(sigproc.sosfilt_zi(sos), scipy.signal.sosfilt_zi(SOS16), like=lib)
    with pytest.raises(ValueError, match=r"must be shape \(n_sections, 6\)"):
        sigproc.sosfilt_zi(lib.asarray(np.ones((2, 4))))
    with pytest.raises(ValueError, match="b must contain only finite"):
        sigproc.lfilter_zi(lib.asarray(np.array([np.nan, 1.0])), lib.asarray(np.array([1.0, 0.5])))


def test_lfiltic(lib, rng):
    b, a = BA6
    y = rng.standard_normal(6)
    x = rng.standard_normal(4)
    yin = lib.asarray(y)
    assert_close(sigproc.lfiltic(b, a, yin, x), scipy.signal.lfiltic(b, a, y, x), like=lib)
    assert_close(sigproc.lfiltic(b, a, yin), scipy.signal.lfiltic(b, a, y), like=lib)
    bb, aa = [1.0, 0.5, 0.25, 0.1], [2.0, -0.3]
    got = sigproc.lfiltic(bb, aa, lib.asarray(y[:1]), x[:2])
    assert_close(got, scipy.signal.lfiltic(bb, aa, y[:1], x[:2]), like=lib)
    assert_unchanged(y, yin, lib)
    with pytest.raises(ValueError, match=r"a\[0\] must be nonzero"):
        sigproc.lfiltic([1.0], [0.0, 1.0], yin)


# -- zero phase ----------------------------------------------------------------------
@pytest.mark.parametrize("padtype", ["odd", "even", "constant", None])
@pytest.mark.parametrize("axis", [0, -1])
def test_filtfilt_matches_scipy(lib, rng, padtype, axis):
    x = np.moveaxis(rng.standard_normal((2, 3, 250)), -1, axis)
    xin = lib.asarray(x)
    for b, a in (BA6, NOTCH):
        got = sigproc.filtfilt(b, a, xin, axis=axis, padtype=padtype)
        assert_close(got, scipy.signal.filtfilt(b, a, x, axis=axis, padtype=padtype), like=lib)
        got = sigproc.sosfiltfilt(SOS8, xin, axis=axis, padtype=padtype, padlen=17)
        want = scipy.signal.sosfiltfilt(SOS8, x, axis=axis, padtype=padtype, padlen=17)
        assert_close(got, want, like=lib)
    assert_unchanged(x, xin, lib)


def test_filtfilt_dtypes_and_defaults(lib, rng):
    x32 = rng.standard_normal((2, 200)).astype(np.float32)
    b32, a32 = (c.astype(np.float32) for c in BA6)
    assert_close(
        sigproc.filtfilt(b32, a32, lib.asarray(x32)), scipy.signal.filtfilt(b32, a32, x32), like=lib
    )
    sos32 = SOS16.astype(np.float32)
    got = sigproc.sosfiltfilt(sos32, lib.asarray(x32))
    assert_close(got, scipy.signal.sosfiltfilt(sos32, x32), like=lib)
    xc = rng.standard_normal(200) + 1j * rng.standard_normal(200)
    assert_close(sigproc.filtfilt(*BA6, lib.asarray(xc)), scipy.signal.filtfilt(*BA6, xc), like=lib)
    assert_close(
        sigproc.sosfiltfilt(SOS8, lib.asarray(xc)), scipy.signal.sosfiltfilt(SOS8, xc), like=lib
    )
    # sections with b2 == a2 == 0 shorten the default padding
    sos = scipy.signal.butter(5, 0.2, output="sos")
    x = rng.standard_normal(40)
    assert_close(
        sigproc.sosfiltfilt(sos, lib.asarray(x)), scipy.signal.sosfiltfilt(sos, x), like=lib
    )


def test_filtfilt_bad_input(lib):
    x = lib.asarray(np.ones(20))
    with pytest.raises(ValueError, match="padtype"):
        sigproc.filtfilt(*NOTCH, x, padtype="wrap")
    with pytest.raises(ValueError, match="must be greater than padlen"):
        sigproc.filtfilt(*BA6, x)
    with pytest.raises(ValueError, match="method must be"):
        sigproc.filtfilt(*NOTCH, x, method="fast")
    with pytest.raises(ValueError, match="must be greater than padlen"):
        sigproc.sosfiltfilt(SOS16, x)
    with pytest.raises(ValueError, match="sos must contain only finite"):
        sigproc.sosfiltfilt(np.full((1, 6), np.inf), x)


@pytest.mark.parametrize("irlen", [None, 30])
def test_filtfilt_gust(lib, rng, irlen):
    # Gustafsson's initial states, on every backend.
    x = rng.standard_normal((2, 100))
    got = sigproc.filtfilt(*NOTCH, lib.asarray(x), method="gust", irlen=irlen)
    assert_close(got, scipy.signal.filtfilt(*NOTCH, x, method="gust", irlen=irlen), like=lib)


# -- decimate --------------------------------------------------------------------
@pytest.mark.parametrize("ftype", ["iir", "fir"])
@pytest.mark.parametrize("zero_phase", [True, False])
def test_decimate_matches_scipy(lib, rng, ftype, zero_phase):
    x = rng.standard_normal((2, 1003))
    xin = lib.asarray(x)
    for q, axis in ((3, -1), (4, 1)):
        got = sigproc.decimate(xin, q, ftype=ftype, axis=axis, zero_phase=zero_phase)
        want = scipy.signal.decimate(x, q, ftype=ftype, axis=axis, zero_phase=zero_phase)
        assert_close(got, want, like=lib)
    assert_unchanged(x, xin, lib)
    got = sigproc.decimate(lib.asarray(x.T), 2, n=5, ftype=ftype, axis=0, zero_phase=zero_phase)
    want = scipy.signal.decimate(x.T, 2, n=5, ftype=ftype, axis=0, zero_phase=zero_phase)
    assert_close(got, want, like=lib)


def test_decimate_large_factor(lib, rng):
    x = rng.standard_normal(6000)
    for ftype in ("iir", "fir"):
        got = sigproc.decimate(lib.asarray(x), 13, ftype=ftype)
        assert_close(got, scipy.signal.decimate(x, 13, ftype=ftype), like=lib)


def test_decimate_dtypes(lib, rng):
    x32 = rng.standard_normal(500).astype(np.float32)
    assert_close(sigproc.decimate(lib.asarray(x32), 5), scipy.signal.decimate(x32, 5), like=lib)
    xi = rng.integers(-5, 5, 300)
    assert_close(sigproc.decimate(lib.asarray(xi), 3), scipy.signal.decimate(xi, 3), like=lib)


@pytest.mark.parametrize("zero_phase", [True, False])
@pytest.mark.parametrize(
    "design",
    [
        lambda: scipy.signal.butter(4, 0.2),  # IIR: second-order sections
        lambda: (scipy.signal.firwin(15, 0.3), [1.0]),  # FIR: resample_poly / upfirdn
        lambda: scipy.signal.cheby1(2, 1, 0.3),
    ],
    ids=["butter", "fir", "cheby1"],
)
def test_decimate_dlti(lib, rng, design, zero_phase):
    # A dlti system as the anti-aliasing filter, on every backend.
    x = rng.standard_normal((2, 300))
    system = scipy.signal.dlti(*design())
    got = sigproc.decimate(lib.asarray(x), 3, ftype=system, zero_phase=zero_phase)
    want = scipy.signal.decimate(x, 3, ftype=system, zero_phase=zero_phase)
    assert_close(got, want, like=lib)


def test_decimate_bad_input(lib):
    x = lib.asarray(np.ones(200))
    with pytest.raises(TypeError):
        sigproc.decimate(x, 2.5)
    with pytest.raises(ValueError, match="ftype"):
        sigproc.decimate(x, 2, ftype="fancy")
