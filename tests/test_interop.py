"""scipy.fft interop: scipy.fft backends serve sigproc.fft, sigproc backends serve scipy.fft."""

import warnings

import numpy as np
import pytest
import scipy.fft

import sigproc
import sigproc.fft

TRANSFORMS = ["fft", "ifft", "rfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "fftn", "rfftn"]


@pytest.fixture
def fftw():
    pyfftw_scipy = pytest.importorskip("pyfftw.interfaces.scipy_fft")
    return sigproc.dispatch.from_scipy_fft(pyfftw_scipy)


@pytest.mark.parametrize("name", TRANSFORMS)
def test_pyfftw_serves_sigproc_fft(fftw, name):
    x = np.random.default_rng(0).standard_normal((6, 10))
    with sigproc.set_backend(fftw, only=True):
        got = getattr(sigproc.fft, name)(x)
        assert sigproc.which_backend(getattr(sigproc.fft, name), x).backend == fftw.name
    np.testing.assert_allclose(got, getattr(scipy.fft, name)(x), rtol=1e-12, atol=1e-12)


def test_pyfftw_backend_declines_foreign_arrays(fftw):
    torch = pytest.importorskip("torch")
    with sigproc.set_backend(fftw):  # not only: the chain goes on to the torch backend
        out = sigproc.fft.rfft(torch.ones(4))
    assert isinstance(out, torch.Tensor)
    sel = sigproc.which_backend(sigproc.fft.rfft, torch.ones(4))
    assert sel.backend == "torch"


def test_not_a_scipy_fft_backend():
    with pytest.raises(TypeError, match=r"numpy\.scipy\.fft"):
        sigproc.dispatch.from_scipy_fft(object())


@pytest.mark.parametrize("name", ["rfft", "fft", "irfft", "fftn"])
def test_sigproc_torch_serves_scipy_fft(name):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).standard_normal((4, 8))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # uarray 0.9 via scipy.fft (gh-237)
        with scipy.fft.set_backend(sigproc.dispatch.to_scipy_fft("torch"), only=True):
            out = getattr(scipy.fft, name)(torch.asarray(x))
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(out.numpy(), getattr(scipy.fft, name)(x), rtol=1e-12)


def test_scipy_fft_falls_back_for_foreign_arrays():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with scipy.fft.set_backend(sigproc.dispatch.to_scipy_fft("torch")):
            out = scipy.fft.rfft(np.ones(4))  # the torch backend declines NumPy arrays
    assert isinstance(out, np.ndarray)


@pytest.mark.gpu
def test_cupyx_fft_serves_sigproc_fft():
    cupy = pytest.importorskip("cupy")
    try:
        if not cupy.cuda.runtime.getDeviceCount():
            pytest.skip("no CUDA device")
    except Exception:
        pytest.skip("no CUDA device")
    import cupyx.scipy.fft

    backend = sigproc.dispatch.from_scipy_fft(cupyx.scipy.fft)
    x = cupy.asarray(np.random.default_rng(2).standard_normal(64))
    with sigproc.set_backend(backend, only=True):
        out = sigproc.fft.rfft(x)
    np.testing.assert_allclose(out.get(), scipy.fft.rfft(x.get()), rtol=1e-12)
