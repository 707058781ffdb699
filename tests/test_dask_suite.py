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
