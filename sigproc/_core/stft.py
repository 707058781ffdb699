"""Portable short-time transforms: spectrogram, STFT and its inverse.

scipy.signal._spectral_helper semantics. Segments are cut by :mod:`._framing`
(zero-copy views where the library has them) and processed in blocks of
bounded size; no Python loop runs over segments or samples. Windows, frequency
and time grids are computed on the host and moved once to the signal's device.
The NumPy backend reuses ``stft_core``/``istft_core`` with its own framing and FFT.
The small helpers shared with the Welch estimates live in :mod:`._spectral`.
"""

from __future__ import annotations

import math

import numpy as np
from array_api_compat import array_namespace, device

from ..dispatch._warnings import warn
from .arrays import holds
from .extension import PAD_MODES, extend
from .framing import frame, overlap_add, segment_chunks
from .spectral import (
    as_inexact,
    complex_from,
    detrend_kind,
    empty_float64,
    float_dtypes,
    freq_grid,
    is_complex,
    make_detrend_func,
    on_device,
    onesided_factor,
    pad_to,
    rfft_or_fft,
    window_array,
)
from .windows import host_window


# -- short-time transforms (scipy.signal._spectral_helper semantics) --------------
def _extend(x, n, kind, *, xp):
    """SciPy's even/odd/constant/zeros extension of `n` samples at both ends of axis -1."""
    if kind is None or n < 1:
        return x
    if kind in ("even", "odd") and n > x.shape[-1] - 1:
        raise ValueError(
            f"The extension length n ({n}) is too big. "
            f"It must not exceed x.shape[axis]-1, which is {x.shape[-1] - 1}."
        )
    return extend(x, n, n, PAD_MODES[kind], xp=xp)


def _triage_window(window, nperseg, n, dev, rdt, *, xp):
    if isinstance(window, (str, tuple)):
        if nperseg is None:
            nperseg = 256
        if nperseg > n:
            warn(
                f"nperseg = {nperseg:d} is greater than input length  = {n:d}, "
                f"using nperseg = {n:d}"
            )
            nperseg = n
        return on_device(host_window(window, nperseg), dev, rdt, xp=xp), nperseg
    win = window_array(window, dev, xp=xp)
    if win.ndim != 1:
        raise ValueError("window must be 1-D")
    if n < win.shape[0]:
        raise ValueError("window is longer than input signal")
    if nperseg is None:
        nperseg = win.shape[0]
    elif nperseg != win.shape[0]:
        raise ValueError("value specified for nperseg is different from length of window")
    return xp.astype(win, rdt), nperseg


def check_time_axis(ndim, axis):
    """The time axis of a short-time transform, which must exist (SciPy 1.17 does not check)."""
    axis = int(axis)
    if not -max(ndim, 1) <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of range for x with {ndim} dimensions")
    return axis


def stft_core(
    x,
    fs,
    window,
    nperseg,
    noverlap,
    nfft,
    detrend,
    return_onesided,
    scaling,
    axis,
    mode,
    boundary=None,
    padded=False,
    *,
    default_noverlap=2,
    frame_func=frame,
    fft_func=rfft_or_fft,
    spectra_func=None,
    xp,
):
    """Per-segment spectra of `x` (mode 'psd' or 'stft'); returns f, t, result.

    `spectra_func`, when given, replaces the block loop below (a backend's own
    engine): it is called with `x` (samples on the last axis) and keywords
    ``win, detrend`` (see :func:`._spectral.detrend_kind`), ``weight, nperseg, step,
    nseg, nfft, onesided, mode, dtype`` and returns the ``(..., nseg, nbins)`` result,
    or None to run the portable loop.
    """
    if boundary not in ("even", "odd", "constant", "zeros", None):
        raise ValueError(
            f"Unknown boundary option '{boundary}', "
            "must be one of: ['even', 'odd', 'constant', 'zeros', None]"
        )
    axis = check_time_axis(x.ndim, axis)
    dev = device(x)
    x = as_inexact(x, xp=xp)
    if math.prod(x.shape) == 0:
        return (empty_float64(x.shape, dev, xp=xp),) * 3
    rdt, cdt = float_dtypes(x.dtype, xp=xp)
    x = xp.moveaxis(x, axis, -1)
    if nperseg is not None:
        nperseg = int(nperseg)
        if nperseg < 1:
            raise ValueError("nperseg must be a positive integer")
    win, nperseg = _triage_window(window, nperseg, x.shape[-1], dev, rdt, xp=xp)
    if nfft is None:
        nfft = nperseg
    elif nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    nfft = int(nfft)
    noverlap = nperseg // default_noverlap if noverlap is None else int(noverlap)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    x = _extend(x, nperseg // 2, boundary, xp=xp)
    if padded:
        nadd = (-(x.shape[-1] - nperseg) % step) % nperseg
        x = pad_to(x, x.shape[-1] + nadd, xp=xp)
    detrend_func = make_detrend_func(detrend, none_when_falsy=True, xp=xp)
    if callable(detrend) and axis != -1:
        # SciPy hands a callable the segments with their samples on `axis`.
        user = detrend
        detrend_func = lambda d: xp.moveaxis(user(xp.moveaxis(d, -1, axis)), axis, -1)  # noqa: E731
    if scaling == "density":
        scale = 1.0 / (fs * xp.sum(win * win))
    elif scaling == "spectrum":
        scale = 1.0 / xp.sum(win) ** 2
    else:
        raise ValueError(f"Unknown scaling: {scaling!r}")
    if mode == "stft":
        scale = xp.sqrt(scale)
    onesided = bool(return_onesided)
    if onesided and is_complex(x, xp=xp):
        onesided = False
        warn("Input data is complex, switching to return_onesided=False")
    n = x.shape[-1]
    nseg = (n - nperseg) // step + 1
    weight = scale  # per frequency bin, applied in the same pass as |s|**2
    if onesided and mode == "psd":
        nbins = nfft // 2 + 1
        weight = scale * onesided_factor(nbins, nfft, rdt, dev, xp=xp)
    result = None
    if spectra_func is not None:
        result = spectra_func(
            x, win=win, detrend=detrend_kind(detrend, detrend_func), weight=weight,
            nperseg=nperseg, step=step, nseg=nseg, nfft=nfft, onesided=onesided, mode=mode,
            dtype=rdt if mode == "psd" else cdt,
        )  # fmt: skip
    if result is None:
        parts = []
        for seg in segment_chunks(x, nperseg, step, nseg, nfft, frame_func=frame_func, xp=xp):
            if detrend_func is not None:
                seg = detrend_func(seg)
            s = fft_func(seg * win, nfft, onesided, xp=xp)
            if mode == "psd":
                s = xp.real(s) ** 2 + xp.imag(s) ** 2
            parts.append(s * weight)
        result = parts[0] if len(parts) == 1 else xp.concat(parts, axis=-2)
    result = xp.astype(result, rdt if mode == "psd" else cdt, copy=False)
    t = np.arange(nperseg / 2, n - nperseg / 2 + 1, nperseg - noverlap) / float(fs)
    if boundary is not None:
        t -= (nperseg / 2) / fs
    out_axis = axis - 1 if axis < 0 else axis
    return (
        freq_grid(nfft, fs, onesided, dev, xp=xp),
        on_device(t, dev, xp.float64, xp=xp),
        xp.moveaxis(result, -1, out_axis),
    )


def _unwrap(p, axis, *, xp):
    """numpy.unwrap (period 2 pi) along `axis`."""
    p = xp.moveaxis(p, axis, -1)
    dd = p[..., 1:] - p[..., :-1]
    ddmod = xp.remainder(dd + math.pi, 2 * math.pi) - math.pi
    ddmod = xp.where((ddmod == -math.pi) & (dd > 0), math.pi, ddmod)
    correct = xp.where(xp.abs(dd) < math.pi, 0.0, ddmod - dd)
    head = xp.zeros_like(p[..., :1])
    p = p + xp.concat((head, xp.cumulative_sum(correct, axis=-1)), axis=-1)
    return xp.moveaxis(p, -1, axis)


def spectrogram_modes(f, t, sxx, mode, axis, *, xp):
    if mode == "magnitude":
        sxx = xp.abs(sxx)
    elif mode in ("angle", "phase"):
        sxx = xp.atan2(xp.imag(sxx), xp.real(sxx))
        if mode == "phase":
            sxx = _unwrap(sxx, axis - 1 if axis < 0 else axis, xp=xp)
    return f, t, sxx


SPECTROGRAM_MODES = ("psd", "complex", "magnitude", "angle", "phase")


def spectrogram(x, *args, **kwargs):
    return spectrogram_core(x, *args, **kwargs, xp=array_namespace(x))


def check_spectrogram_mode(mode):
    """SciPy's spectrogram check of `mode`."""
    if mode not in SPECTROGRAM_MODES:
        raise ValueError(f"unknown value for mode {mode}, must be one of {list(SPECTROGRAM_MODES)}")


def spectrogram_core(
    x,
    fs=1.0,
    window=("tukey_periodic", 0.25),
    nperseg=None,
    noverlap=None,
    nfft=None,
    detrend="constant",
    return_onesided=True,
    scaling="density",
    axis=-1,
    mode="psd",
    *,
    xp,
    **hooks,
):
    """scipy.signal.spectrogram (1.17) semantics; `hooks` go to :func:`stft_core`."""
    check_spectrogram_mode(mode)
    f, t, sxx = stft_core(
        x,
        fs,
        window,
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        scaling,
        axis,
        "psd" if mode == "psd" else "stft",
        xp=xp,
        default_noverlap=8,
        **hooks,
    )
    return spectrogram_modes(f, t, sxx, mode, axis, xp=xp)


def stft_scaling(scaling):
    if scaling == "psd":
        return "density"
    if scaling != "spectrum":
        raise ValueError(f"Parameter {scaling=} not in ['spectrum', 'psd']!")
    return scaling


def stft(x, *args, **kwargs):
    return stft_public_core(x, *args, **kwargs, xp=array_namespace(x))


def stft_public_core(
    x,
    fs=1.0,
    window="hann_periodic",
    nperseg=256,
    noverlap=None,
    nfft=None,
    detrend=False,
    return_onesided=True,
    boundary="zeros",
    padded=True,
    axis=-1,
    scaling="spectrum",
    *,
    xp,
    **hooks,
):
    """scipy.signal.stft (1.17) semantics; `hooks` go to :func:`stft_core`."""
    return stft_core(
        x,
        fs,
        window,
        nperseg,
        noverlap,
        nfft,
        detrend,
        return_onesided,
        stft_scaling(scaling),
        axis,
        "stft",
        boundary,
        padded,
        xp=xp,
        **hooks,
    )


def istft(Zxx, *args, **kwargs):
    return istft_core(Zxx, *args, **kwargs, xp=array_namespace(Zxx))


def istft_core(
    Zxx,
    fs=1.0,
    window="hann_periodic",
    nperseg=None,
    noverlap=None,
    nfft=None,
    input_onesided=True,
    boundary=True,
    time_axis=-1,
    freq_axis=-2,
    scaling="spectrum",
    *,
    xp,
):
    """scipy.signal.istft semantics, with a vectorised overlap-add."""
    dev = device(Zxx)
    Zxx = as_inexact(Zxx, xp=xp)
    if not is_complex(Zxx, xp=xp):
        Zxx = complex_from(Zxx, xp.zeros_like(Zxx), xp=xp)
    freq_axis, time_axis = int(freq_axis), int(time_axis)
    if Zxx.ndim < 2:
        raise ValueError("Input stft must be at least 2d!")
    if freq_axis == time_axis:
        raise ValueError("Must specify differing time and frequency axes!")
    nseg = Zxx.shape[time_axis]
    n_default = 2 * (Zxx.shape[freq_axis] - 1) if input_onesided else Zxx.shape[freq_axis]
    if nperseg is None:
        nperseg = n_default
    else:
        nperseg = int(nperseg)
        if nperseg < 1:
            raise ValueError("nperseg must be a positive integer")
    if nfft is None:
        nfft = nperseg if input_onesided and nperseg == n_default + 1 else n_default
    elif nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    nfft = int(nfft)
    noverlap = nperseg // 2 if noverlap is None else int(noverlap)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    ndim = Zxx.ndim
    if time_axis != ndim - 1 or freq_axis != ndim - 2:
        freq_axis, time_axis = freq_axis % ndim, time_axis % ndim
        outer = [a for a in range(ndim) if a not in (freq_axis, time_axis)]
        Zxx = xp.permute_dims(Zxx, (*outer, freq_axis, time_axis))
    rdt = xp.float32 if Zxx.dtype == xp.complex64 else xp.float64
    if isinstance(window, str) or type(window) is tuple:
        win = on_device(host_window(window, nperseg), dev, rdt, xp=xp)
    else:
        win = window_array(window, dev, xp=xp)
        if win.ndim != 1:
            raise ValueError("window must be 1-D")
        if win.shape[0] != nperseg:
            raise ValueError(f"window must have length of {nperseg}")
        win = xp.astype(win, rdt)

    # Segments along the last axis: (..., nseg, nfft) -> first nperseg samples.
    segments = xp.moveaxis(Zxx, -2, -1)
    if input_onesided:
        xsubs = xp.fft.irfft(segments, n=nfft, axis=-1)
    else:
        xsubs = xp.fft.ifft(segments, n=nfft, axis=-1)
    xsubs = xsubs[..., :nperseg]
    if scaling == "spectrum":
        xsubs = xsubs * xp.sum(win)
    elif scaling == "psd":
        xsubs = xsubs * xp.sqrt(fs * xp.sum(win**2))
    else:
        raise ValueError(f"Parameter {scaling=} not in ['spectrum', 'psd']!")
    x = overlap_add(xsubs * win, step, xp=xp)
    norm = overlap_add(xp.broadcast_to(win**2, (nseg, nperseg)), step, xp=xp)
    if boundary:
        half = nperseg // 2
        # SciPy slices [half:-half], which is empty for half == 0.
        stop = x.shape[-1] - half if half else 0
        x, norm = x[..., half:stop], norm[half:stop]
    ok = norm > 1e-10
    # SciPy's NOLA check; skipped under tracing (jax.jit: the window's sums are
    # traced too), where samples without window overlap stay unscaled as here.
    if not holds(xp.all(ok)):
        warn(
            "NOLA condition failed, STFT may not be invertible."
            + (" Possibly due to missing boundary" if not boundary else "")
        )
    x = x / xp.where(ok, norm, xp.ones_like(norm))
    if input_onesided:
        x = xp.real(x) if is_complex(x, xp=xp) else x
    if x.ndim > 1 and time_axis != ndim - 1:
        if freq_axis < time_axis:
            time_axis -= 1
        x = xp.moveaxis(x, -1, time_axis)
    t = np.arange(x.shape[0]) / float(fs)
    return on_device(t, dev, xp.float64, xp=xp), x
