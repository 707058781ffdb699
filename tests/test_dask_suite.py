"""Dask backend: regressions found by SciPy's own test suite (tests/test_scipy_suite.py)."""

import numpy as np
import pytest
import scipy.fft
import scipy.signal

import sigproc
import sigproc.fft

da = pytest.importorskip("dask.array")


def close(got, want, rtol=1e-10):
    assert isinstance(got, da.Array), type(got)
    value = got.compute()
    want = np.asarray(want)
    assert value.dtype == want.dtype and value.shape == want.shape
    np.testing.assert_allclose(value, want, rtol=rtol, atol=rtol * np.abs(want).max())


def test_only_dask_block():
    # the implementations' probes run sigproc on NumPy: they must not fail inside
    # set_backend("dask", only=True)
    x = np.random.default_rng(0).standard_normal(16)
    with sigproc.set_backend("dask", only=True):
        y = sigproc.fft.rfft(da.from_array(x, chunks=16))
        _f, p = sigproc.welch(da.from_array(x, chunks=8), nperseg=8)
    close(y, scipy.fft.rfft(x))
    close(p, scipy.signal.welch(x, nperseg=8)[1])


def test_portable_iir_on_chunks():
    # the portable recursion reads its coefficients on the host (to_host of a dask array)
    x = np.random.default_rng(1).standard_normal(20)
    close(sigproc.cspline1d(da.from_array(x, chunks=7)), scipy.signal.cspline1d(x))


def test_portable_state_scan_on_chunks():
    # the block scan reshapes the inputs into blocks across chunk boundaries
    x = np.random.default_rng(2).standard_normal(30)
    system = ([1.0, 0.5], [1.0, -0.9, 0.2], 1.0)
    got = sigproc.dlsim(system, da.from_array(x, chunks=11))
    want = scipy.signal.dlsim(system, x)
    close(got[1], want[1])


def test_portable_numpy_coefficients():
    # the backend hands NumPy coefficients (freqs, weights) to the portable code
    rng = np.random.default_rng(3)
    x, y = np.sort(rng.uniform(0, 10, 12)), rng.standard_normal(12)
    freqs, weights = np.linspace(0.1, 3, 5), rng.uniform(0.5, 1, 12)
    got = sigproc.lombscargle(da.from_array(x, chunks=5), da.from_array(y, chunks=5), freqs,
                              weights=weights)  # fmt: skip
    close(got, scipy.signal.lombscargle(x, y, freqs, weights=weights))


def test_portable_lsim_numpy_times():
    # lsim's times T (a coefficient) stay NumPy beside a dask input
    t = np.linspace(0, 2, 9)
    u = np.random.default_rng(4).standard_normal(9)
    system = ([1.0], [1.0, 0.5])
    got = sigproc.lsim(system, da.from_array(u, chunks=4), t)
    want = scipy.signal.lsim(system, u, t)
    close(got[1], want[1])


def test_portable_vectorstrength_numpy_period():
    events = np.array([0.1, 1.3, 2.2, 3.9, 4.05, 5.5])
    period = np.array([1.0, 2.5])
    got = sigproc.vectorstrength(da.from_array(events, chunks=4), period)
    want = scipy.signal.vectorstrength(events, period)
    close(got[0], want[0])


def test_steady_state_of_dask_coefficients():
    # lfilter_zi/sosfilt_zi solve a coefficient-sized system: dask's solve needs
    # square chunks (and eye(1, m) a single chunk), so it runs on the host
    b, a = np.array([1.0, 2.0, 3.0]), np.array([1.0, -0.5, 0.2])
    close(sigproc.lfilter_zi(da.from_array(b, chunks=2), a), scipy.signal.lfilter_zi(b, a))
    sos = scipy.signal.butter(4, 0.2, output="sos")
    close(sigproc.sosfilt_zi(da.from_array(sos, chunks=(1, 3))), scipy.signal.sosfilt_zi(sos))


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_lfilter_empty_zi(dtype):
    # a filter with no state (len(a) == len(b) == 1): zf is the caller's empty zi
    x = np.arange(5).astype(dtype)
    one = np.ones(1, dtype)
    y, zf = sigproc.lfilter(one, one, da.from_array(x, chunks=3), zi=np.array([], dtype))
    close(y, x)
    value = zf.compute()
    assert value.dtype == np.dtype(dtype) and value.shape == (0,)


def test_deconvolve_dask_divisor():
    # the divisor (a dask array) becomes the lfilter taps: computed, it is coefficient-sized
    rng = np.random.default_rng(5)
    x, d = rng.standard_normal(10), np.array([1.0, 0.5, 0.2])
    quot, rem = sigproc.deconvolve(da.from_array(x, chunks=4), da.from_array(d, chunks=2))
    want = scipy.signal.deconvolve(x, d)
    close(quot, want[0])
    close(rem, want[1])


@pytest.mark.parametrize("residual", ["lowpass", "all"])
def test_envelope_whole_axis_intermediates(residual):
    # the padded one-sided spectrum, its band slices and the residual's spectrum
    # span several chunks: the portable code gathers them before each inverse FFT
    rng = np.random.default_rng(6)
    z = rng.standard_normal(16)
    want = scipy.signal.envelope(z, residual=residual, n_out=12)
    close(sigproc.envelope(da.from_array(z, chunks=16), residual=residual, n_out=12), want)
    zc = z + 1j * rng.standard_normal(16)
    want = scipy.signal.envelope(zc, (-3, 5), residual=residual)
    close(sigproc.envelope(da.from_array(zc, chunks=16), (-3, 5), residual=residual), want)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve2d_halos(mode):
    # convolve2d along chunked axes: halos and SciPy's call per chunk, not the portable
    # code's gathers (thousands of tasks); other edge models on one chunk
    rng = np.random.default_rng(7)
    a, b = rng.standard_normal((13, 17)), rng.standard_normal((4, 3))
    got = sigproc.convolve2d(da.from_array(a, chunks=(5, 6)), b, mode)
    assert any(n.startswith("conv_block") for n in got.__dask_graph__().layers)  # halo path
    close(got, scipy.signal.convolve2d(a, b, mode))
    wrap = sigproc.convolve2d(da.from_array(a, chunks=(5, 6)), b, mode, boundary="wrap")
    close(wrap, scipy.signal.convolve2d(a, b, mode, boundary="wrap"))
