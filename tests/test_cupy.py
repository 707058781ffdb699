"""The CuPy backend: its table of cupyx kernels, and (on a GPU) no host round trips.

Without a GPU, the native table is loaded against stand-in ``cupyx`` modules
so that its signatures, ``unless`` checks and window-name translation are
checked in CI too. With a GPU (``python -m pytest -m gpu``) the real
kernels run, and device-to-host synchronisation is made an error during the
calls.
"""

import importlib
import sys
import types

import numpy as np
import pytest
import scipy.signal
from conftest import _cupy_gpu

import sigproc
from sigproc.backends import cupy_backend


@pytest.fixture
def stub_cupyx(monkeypatch):
    """Stand-in cupyx.scipy modules whose functions record their arguments."""
    calls = []

    def recorder(name):
        def record(*args, **kwargs):
            calls.append((name, args, kwargs))
            return name

        record.__name__ = name
        return record

    signal = types.ModuleType("cupyx.scipy.signal")
    fft = types.ModuleType("cupyx.scipy.fft")
    names = [n for n in dir(scipy.signal) if not n.startswith("_")]
    for n in names:
        setattr(signal, n, recorder(n))
    for n in [
        "fft",
        "ifft",
        "rfft",
        "irfft",
        "hfft",
        "ihfft",
        "fft2",
        "ifft2",
        "rfft2",
        "irfft2",
        "fftn",
        "ifftn",
    ]:
        setattr(fft, n, recorder(n))
    for n in ["rfftn", "irfftn", "fftshift", "ifftshift", "dct", "idct", "dstn", "idstn"]:
        setattr(fft, n, recorder(n))
    cupyx = types.ModuleType("cupyx")
    scipy_pkg = types.ModuleType("cupyx.scipy")
    cupyx.scipy, scipy_pkg.signal, scipy_pkg.fft = scipy_pkg, signal, fft
    for name, module in {
        "cupyx": cupyx,
        "cupyx.scipy": scipy_pkg,
        "cupyx.scipy.signal": signal,
        "cupyx.scipy.fft": fft,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    saved = {k: getattr(cupy_backend, k) for k in ("_table", "_unless", "_fast", "_loaded")}
    cupy_backend._table, cupy_backend._unless, cupy_backend._fast = {}, {}, {}
    sys.modules.pop("sigproc.backends.cupy._native", None)
    try:
        # Registration checks every signature against its declaration.
        importlib.import_module("sigproc.backends.cupy._native")
        cupy_backend._loaded = True
        yield calls
    finally:
        sys.modules.pop("sigproc.backends.cupy._native", None)
        for k, v in saved.items():
            setattr(cupy_backend, k, v)


@pytest.mark.skipif(_cupy_gpu(), reason="a GPU is present: the real cupyx is tested below")
class TestTableWithoutGPU:
    def test_every_entry_matches_its_declaration(self, stub_cupyx):
        native = {m.sigproc_name for m in cupy_backend._table}
        assert {"welch", "sosfilt", "fftconvolve", "fft.rfft", "resample_poly"} <= native
        assert "lfilter_zi" not in native and "sosfilt_zi" not in native  # wrong in cupyx

    def test_periodic_window_names_are_translated(self, stub_cupyx):
        impl, native, _ = cupy_backend.choose(sigproc.welch.multimethod, ("x",), {})
        assert native and impl("x", 2.0, ("tukey_periodic", 0.25)) == "welch"
        assert stub_cupyx[-1][1][2] == ("tukey", 0.25)
        impl("x", window="hann_periodic")
        assert stub_cupyx[-1][1][2] == "hann"

    def test_options_cupyx_lacks_go_to_portable(self, stub_cupyx):
        method = sigproc.resample_poly.multimethod
        _, native, _ = cupy_backend.choose(method, ("x", 2, 3), {})
        assert native
        impl, native, _ = cupy_backend.choose(method, ("x", 2, 3), {"padtype": "line"})
        assert impl is not None and not native
        _, native, _ = cupy_backend.choose(sigproc.filtfilt.multimethod, (), {"method": "gust"})
        assert not native

    @pytest.mark.parametrize(
        ("kwargs", "native"),
        [
            ({}, True),
            ({"type": 3, "norm": "ortho"}, True),
            ({"type": 1}, False),
            ({"type": 4}, False),
            ({"workers": 2}, False),
            ({"orthogonalize": False}, False),
        ],
    )
    def test_trig_transforms_beyond_cupyx_go_to_portable(self, stub_cupyx, kwargs, native):
        for func in (sigproc.fft.dct, sigproc.fft.idstn):
            _, got, _ = cupy_backend.choose(func.multimethod, ("x",), kwargs)
            assert got == native, (func, kwargs)


gpu = pytest.mark.skipif(not _cupy_gpu(), reason="no CuPy GPU")


@pytest.mark.gpu
@gpu
class TestOnGPU:
    @pytest.fixture
    def cp(self):
        return pytest.importorskip("cupy")

    def test_native_table_is_used(self, cp):
        x = cp.ones(64)
        for func in (sigproc.welch, sigproc.fft.rfft, sigproc.hilbert):
            sel = sigproc.which_backend(func, x)
            assert (sel.backend, sel.native) == ("cupy", True), func

    def test_no_host_round_trip(self, cp):
        import cupyx

        rng = np.random.default_rng(0)
        x = cp.asarray(rng.standard_normal((4, 4096)))
        sos = cp.asarray(scipy.signal.butter(4, 0.1, output="sos"))
        taps = cp.asarray(np.hanning(31))
        cp.cuda.Device().synchronize()
        with cupyx.allow_synchronize(False):
            sigproc.welch(x, nperseg=256)
            sigproc.sosfilt(sos, x)
            sigproc.fftconvolve(x, taps[None, :])
            sigproc.resample_poly(x, 2, 3, axis=-1)
            sigproc.fft.rfft(x)
            sigproc.stft(x, nperseg=128)

    def test_coerce_moves_numpy_on_purpose(self, cp):
        x = np.ones(256)
        with sigproc.set_backend("cupy", coerce=True):
            _, p = sigproc.welch(x, nperseg=64)
        assert isinstance(p, cp.ndarray)
        with sigproc.set_backend("cupy"):
            _f, p = sigproc.welch(x, nperseg=64)
        assert isinstance(p, np.ndarray)

    def test_results_match_scipy(self, cp):
        x = np.random.default_rng(1).standard_normal((3, 5000))
        sos = scipy.signal.butter(8, [0.1, 0.3], "bandpass", output="sos")
        y = sigproc.sosfiltfilt(sos, cp.asarray(x))
        np.testing.assert_allclose(y.get(), scipy.signal.sosfiltfilt(sos, x), rtol=1e-10)
        _f, p = sigproc.welch(cp.asarray(x), fs=100.0, nperseg=512)
        np.testing.assert_allclose(p.get(), scipy.signal.welch(x, fs=100.0, nperseg=512)[1])
