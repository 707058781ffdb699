"""The recordings shipped with sigproc (``sigproc.datasets``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.signal

import sigproc

SHARED = Path(__file__).parents[2] / "shared" / "data" / "gw150914"


@pytest.mark.parametrize("detector", ["H1", "L1"])
def test_gw150914_metadata(detector):
    rec = sigproc.datasets.gw150914(detector)
    assert rec.data.shape == (131072,) and rec.data.dtype == np.float64
    assert rec.fs == 4096.0 and rec.start == 1126259446.0
    assert rec.event - rec.start == pytest.approx(16.44)
    assert rec.name == detector and "GWOSC" in rec.attribution and "strain" in rec.units
    assert rec.t[-1] == pytest.approx(32 - 1 / 4096)
    assert np.all(np.isfinite(rec.data)) and 1e-22 < np.std(rec.data) < 1e-16


@pytest.mark.data
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is absent")
@pytest.mark.parametrize("detector", ["H1", "L1"])
def test_gw150914_is_the_gwosc_file(detector):
    h5py = pytest.importorskip("h5py")
    name = f"{detector[0]}-{detector}_LOSC_4_V2-1126259446-32.hdf5"
    with h5py.File(SHARED / name) as f:
        strain = f["strain/Strain"][()]
        assert f["strain/Strain"].attrs["Xspacing"] == 1 / 4096
    np.testing.assert_array_equal(sigproc.datasets.gw150914(detector).data, strain)


def test_gw150914_in_another_library():
    torch = pytest.importorskip("torch")
    rec = sigproc.datasets.gw150914("H1", xp=torch, device="cpu")
    assert isinstance(rec.data, torch.Tensor) and rec.data.dtype == torch.float64


def test_unknown_detector():
    with pytest.raises(ValueError, match="detector"):
        sigproc.datasets.gw150914("V1")


def _whitened_band(rec):
    # whiten by the ASD (Welch, 4 s segments), band-pass 35-350 Hz forward and backward
    f, psd = sigproc.welch(rec.data, fs=rec.fs, nperseg=int(4 * rec.fs))
    spectrum = np.fft.rfft(rec.data * scipy.signal.windows.tukey(rec.data.size, 0.1))
    freqs = np.fft.rfftfreq(rec.data.size, 1 / rec.fs)
    white = np.fft.irfft(spectrum / np.sqrt(np.interp(freqs, f, psd)), n=rec.data.size)
    sos = sigproc.butter(4, [35, 350], btype="band", fs=rec.fs, output="sos")
    return sigproc.sosfiltfilt(sos, white)


@pytest.mark.parametrize("detector", ["H1", "L1"])
def test_the_chirp_is_where_ligo_saw_it(detector):
    # The classic analysis: the loudest whitened, band-passed stretch is the merger.
    rec = sigproc.datasets.gw150914(detector)
    y = _whitened_band(rec)
    inner = slice(int(2 * rec.fs), int(30 * rec.fs))  # away from the tapered ends
    peak = (np.argmax(np.abs(y[inner])) + inner.start) / rec.fs
    assert 16.3 < peak < 16.5, peak
