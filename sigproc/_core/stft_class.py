"""ShortTimeFFT: SciPy's argument checks and the portable transforms.

``scipy.signal.ShortTimeFFT`` semantics. The geometry of a transform (first
and last slice, the borders, the canonical dual window) is SciPy's own: a
``scipy.signal.ShortTimeFFT`` built on host copies of the windows
(:func:`host_sft`, cached per parameter set) answers it, so slice ranges and
their errors are SciPy's by construction; the NumPy backend runs that object's
methods. The portable code below keeps the arrays in the signal's library and
on its device: the signal is cut once (zero-copy views where the library has
them, see :mod:`.framing`), padded as ``numpy.pad`` pads, windowed and
transformed by the namespace's FFT in one batch; the inverse is one batched
inverse FFT and a vectorised overlap-add. Only a callable `detr` is called
slice by slice, as SciPy calls it. Nothing is modified in place, so torch
autograd flows through signal and windows.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device

from .arrays import from_host, np_dtype, real_dtype, to_host
from .extension import extend
from .framing import frame, overlap_add
from .spectral import as_inexact, complex_from, detrend_last, is_complex

#: SciPy's values of `padding` and the matching modes of :func:`.extension.extend`.
PADDINGS = ("zeros", "edge", "even", "odd")
_EXTENSION = {"zeros": "constant", "edge": "edge", "even": "reflect", "odd": "antireflect"}


# -- the host object: SciPy's geometry ---------------------------------------------------------
def _host_copy(a):
    return a if isinstance(a, np.ndarray) else np.asarray(to_host(a))


def _key(a):
    return None if a is None else (a.tobytes(), a.dtype.str, a.shape)


def _from_key(key):
    data, dtype, shape = key
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


@functools.lru_cache(maxsize=32)
def _cached_sft(win_key, dual_key, hop, fft_mode, mfft, scaling, phase_shift):
    dual = None if dual_key is None else _from_key(dual_key)
    sft = scipy.signal.ShortTimeFFT(
        _from_key(win_key), hop, 1.0, fft_mode="twosided", mfft=mfft, dual_win=dual,
        phase_shift=phase_shift,
    )  # fmt: skip
    # The windows come scaled already: only the label is set (SciPy's own
    # from_win_equals_dual sets it so); 'onesided2X' needs it before fft_mode.
    sft._scaling = scaling
    sft.fft_mode = fft_mode
    return sft


def host_sft(win, hop, fft_mode, mfft, scaling, phase_shift, dual_win=None):
    """SciPy's ``ShortTimeFFT`` for these parameters, on host copies of the windows (cached).

    `win` (and `dual_win`) are the windows as the transform uses them, scaled
    already; the sampling frequency plays no part in the transforms (1 here).
    A window on a GPU comes to the host once per call (a few samples).
    """
    win, dual_win = _host_copy(win), None if dual_win is None else _host_copy(dual_win)
    return _cached_sft(_key(win), _key(dual_win), hop, fft_mode, mfft, scaling, phase_shift)


# -- checks ------------------------------------------------------------------------------------
def check_stft(sft, x, detr, p0, p1, padding, axis, *, xp):
    """SciPy's checks of ``ShortTimeFFT.stft_detrend``, in SciPy's order; returns ``(p0, p1)``."""
    if sft.onesided_fft and is_complex(x, xp=xp):
        raise ValueError(
            f"Complex-valued `x` not allowed for self.fft_mode={sft.fft_mode!r}'! "
            "Set property `fft_mode` to 'twosided' or 'centered'."
        )
    if not (detr is None or isinstance(detr, str) or callable(detr)):
        raise ValueError(f"Parameter detr={detr!r} is not a str, function or None!")
    n = x.shape[axis]
    m2p = sft.m_num - sft.m_num_mid
    if not n >= m2p:
        e_str = f"len(x)={n}" if x.ndim == 1 else f"of axis={axis} of {tuple(x.shape)}"
        raise ValueError(f"{e_str} must be >= ceil(m_num/2) = {m2p}!")
    p0, p1 = sft.p_range(n, p0, p1)
    if padding not in PADDINGS:
        raise ValueError(f"Parameter padding={padding!r} not in {PADDINGS}!")
    return p0, p1


def check_istft(sft, shape, k0, k1, f_axis, t_axis):
    """SciPy's checks of ``ShortTimeFFT.istft``; returns ``(k1, q0, q1)``.

    ``q0 .. q1-1`` are the slices that touch the samples ``k0 .. k1-1``.
    """
    shape = tuple(shape)
    if f_axis == t_axis:
        raise ValueError(f"f_axis={f_axis} may not be equal to t_axis={t_axis}!")
    if shape[f_axis] != sft.f_pts:
        raise ValueError(
            f"S.shape[f_axis]={shape[f_axis]} must be equal to "
            f"self.f_pts={sft.f_pts} (S.shape={shape})!"
        )
    n_min = sft.m_num - sft.m_num_mid
    if not shape[t_axis] >= (q_num := sft.p_num(n_min)):
        raise ValueError(
            f"S.shape[t_axis]={shape[t_axis]} needs to have at least {q_num} "
            f"slices (S.shape={shape})!"
        )
    q_max = shape[t_axis] + sft.p_min
    k_max = (q_max - 1) * sft.hop + n_min
    k1 = k_max if k1 is None else k1
    if not (sft.k_min <= k0 < k1 <= k_max):
        raise ValueError(
            f"(self.k_min={sft.k_min}) <= (k0={k0}) < (k1={k1}) <= (k_max={k_max}) is false!"
        )
    if not (num_pts := k1 - k0) >= n_min:
        raise ValueError(
            f"(k1={k1}) - (k0={k0}) = {num_pts} has to be at least the half "
            f"the window length {n_min}!"
        )
    q0 = k0 // sft.hop + sft.p_min if k0 >= 0 else k0 // sft.hop
    return k1, q0, min(sft.p_max(k1), q_max)


# -- the transforms ----------------------------------------------------------------------------
def _onesided2x_factor(sft, spectra, *, xp):
    """Per-bin factor of 'onesided2X': bins paired with a negative frequency, doubled.

    Doubled in magnitude, or in power for 'psd' scaling; real, in the precision of `spectra`.
    """
    factor = np.ones(sft.f_pts)
    factor[1 : -1 if sft.mfft % 2 == 0 else None] = math.sqrt(2) if sft.scaling == "psd" else 2
    return from_host(factor, real_dtype(np_dtype(spectra.dtype, xp=xp)), spectra, xp=xp)


def _slices(x, sft, p0, p1, k_offset, padding, *, xp):
    """The padded signal slices ``(..., p1 - p0, m_num)`` of SciPy's ``_x_slices``."""
    n, hop, m = x.shape[-1], sft.hop, sft.m_num
    k0 = p0 * hop - sft.m_num_mid + k_offset
    k1 = k0 + (p1 - p0) * hop + m
    # SciPy's x[..., max(k0, 0):min(k1, n)], a negative end included, with bounds the
    # array API specifies
    start, stop, _ = slice(max(k0, 0), min(k1, n)).indices(n)
    part = x[..., start:stop] if start < stop else x[..., :0]
    if part.shape[-1] == 0 and padding != "zeros":  # numpy.pad's error
        raise ValueError(
            f"can't extend empty axis {x.ndim - 1} using modes other than 'constant' or 'empty'"
        )
    padded = extend(part, -min(k0, 0), max(k1 - n, 0), _EXTENSION[padding], xp=xp)
    return frame(padded, m, hop, xp=xp)[..., : p1 - p0, :]


def _fft(segments, sft, *, xp):
    """SciPy's ``_fft_func``: phase shift, FFT of length ``mfft`` in `fft_mode`, last axis."""
    if sft.phase_shift is not None:
        if segments.shape[-1] < sft.mfft:
            extra = sft.mfft - segments.shape[-1]
            segments = extend(segments, 0, extra, "constant", xp=xp)
        shift = (sft.phase_shift + sft.m_num_mid) % sft.m_num
        segments = xp.roll(segments, -shift, axis=-1)
    if sft.onesided_fft:
        spectra = xp.fft.rfft(segments, n=sft.mfft, axis=-1)
        if sft.fft_mode == "onesided2X":
            spectra = spectra * _onesided2x_factor(sft, spectra, xp=xp)
        return spectra
    if not is_complex(segments, xp=xp):
        segments = complex_from(segments, xp.zeros_like(segments), xp=xp)
    spectra = xp.fft.fft(segments, n=sft.mfft, axis=-1)
    return xp.fft.fftshift(spectra, axes=-1) if sft.fft_mode == "centered" else spectra


def _ifft(spectra, sft, *, xp):
    """SciPy's ``_ifft_func``: the inverse of :func:`_fft`, ``m_num`` samples, last axis."""
    mode = sft.fft_mode
    if mode == "twosided":
        x = xp.fft.ifft(spectra, n=sft.mfft, axis=-1)
    elif mode == "centered":
        x = xp.fft.ifft(xp.fft.ifftshift(spectra, axes=-1), n=sft.mfft, axis=-1)
    else:
        if mode == "onesided2X":
            spectra = spectra / _onesided2x_factor(sft, spectra, xp=xp)
        x = xp.fft.irfft(spectra, n=sft.mfft, axis=-1)
    if sft.phase_shift is not None:
        x = xp.roll(x, (sft.phase_shift + sft.m_num_mid) % sft.m_num, axis=-1)
    return x[..., : sft.m_num]


def _window(win, *, xp):
    """The analysis window as it multiplies the slices: inexact and conjugated."""
    win = as_inexact(win, xp=xp)
    return xp.conj(win) if is_complex(win, xp=xp) else win


def stft_core(x, win, sft, detr, p0, p1, k_offset, padding, axis, *, xp):
    """``ShortTimeFFT.stft_detrend`` with the geometry of the SciPy object `sft`."""
    p0, p1 = check_stft(sft, x, detr, p0, p1, padding, axis, xp=xp)
    ndim = x.ndim
    x = as_inexact(x, xp=xp)
    if ndim > 1:
        x = xp.moveaxis(x, axis, -1)
    segments = _slices(x, sft, p0, p1, k_offset, padding, xp=xp)
    if isinstance(detr, str):
        segments = detrend_last(segments, detr, xp=xp)
    elif detr is not None:  # SciPy hands a callable one slice at a time
        count = segments.shape[-2]
        segments = xp.stack([detr(segments[..., p, :]) for p in range(count)], axis=-2)
    spectra = _fft(segments * _window(win, xp=xp), sft, xp=xp)
    S = xp.moveaxis(xp.astype(spectra, xp.complex128), -1, -2)  # complex128, as SciPy's
    if ndim > 1:
        S = xp.moveaxis(S, -2, axis if axis >= 0 else axis - 1)
    return S


def stft_detrend(
    x, win, hop, fft_mode, mfft, scaling, phase_shift, detr=None, p0=None, p1=None, *,
    k_offset=0, padding="zeros", axis=-1,
):  # fmt: skip
    sft = host_sft(win, hop, fft_mode, mfft, scaling, phase_shift)
    return stft_core(x, win, sft, detr, p0, p1, k_offset, padding, axis, xp=array_namespace(x))


def spectrogram(
    x, win, hop, fft_mode, mfft, scaling, phase_shift, y=None, detr=None, *,
    p0=None, p1=None, k_offset=0, padding="zeros", axis=-1,
):  # fmt: skip
    xp = array_namespace(x) if y is None else array_namespace(x, y)
    sft = host_sft(win, hop, fft_mode, mfft, scaling, phase_shift)
    sx = stft_core(x, win, sft, detr, p0, p1, k_offset, padding, axis, xp=xp)
    if y is None:
        return xp.real(sx) ** 2 + xp.imag(sx) ** 2
    sy = stft_core(y, win, sft, detr, p0, p1, k_offset, padding, axis, xp=xp)
    return sx * xp.conj(sy)


def istft(
    S, win, dual_win, hop, fft_mode, mfft, scaling, phase_shift, k0=0, k1=None, *,
    f_axis=-2, t_axis=-1,
):  # fmt: skip
    xp = array_namespace(S)
    sft = host_sft(win, hop, fft_mode, mfft, scaling, phase_shift)
    k1, q0, q1 = check_istft(sft, S.shape, k0, k1, f_axis, t_axis)
    if dual_win is None:  # the canonical dual window (SciPy's ValueError if there is none)
        dual_win = from_host(np.array(sft.dual_win), sft.dual_win.dtype, S, xp=xp)
    dual_win = as_inexact(dual_win, xp=xp)
    if sft.onesided_fft and is_complex(dual_win, xp=xp):
        raise TypeError(  # SciPy adds complex slices into its float output
            "Cannot cast ufunc 'add' output from dtype('complex128') to dtype('float64') "
            "with casting rule 'same_kind'"
        )
    ndim = S.ndim
    if t_axis != ndim - 1 or f_axis != ndim - 2:
        t_axis = ndim + t_axis if t_axis < 0 else t_axis
        f_axis = ndim + f_axis if f_axis < 0 else f_axis
        outer = [a for a in range(ndim) if a not in (f_axis, t_axis)]
        S = xp.permute_dims(S, (*outer, f_axis, t_axis))
    S = as_inexact(S, xp=xp)
    if not is_complex(S, xp=xp):
        S = complex_from(S, xp.zeros_like(S), xp=xp)
    x = _overlap_add(S, dual_win, sft, k0, k1, q0, q1, xp=xp)
    x = xp.astype(x, xp.float64 if sft.onesided_fft else xp.complex128)
    if x.ndim > 1:
        x = xp.moveaxis(x, -1, f_axis if f_axis < x.ndim else t_axis)
    return x


def _overlap_add(S, dual_win, sft, k0, k1, q0, q1, *, xp):
    """Samples ``k0 .. k1-1`` from the slices ``q0 .. q1-1`` of `S` ``(..., f_pts, slices)``.

    A slice before the first one of `S` (``q < p_min``, which SciPy's loop reads
    as ``S[..., q - p_min]``, wrapping to the last slices) adds nothing here.
    """
    hop, p_min = sft.hop, sft.p_min
    q0 = max(q0, p_min)
    length = k1 - k0
    if q1 <= q0:
        x = xp.zeros((*S.shape[:-2], length), dtype=S.dtype, device=device(S))
        return xp.real(x) if sft.onesided_fft else x
    spectra = xp.moveaxis(S[..., q0 - p_min : q1 - p_min], -1, -2)  # (..., slices, f_pts)
    frames = _ifft(spectra, sft, xp=xp) * dual_win
    x = overlap_add(frames, hop, xp=xp)
    first = q0 * hop - sft.m_num_mid  # the signal index of x[..., 0]
    lo, hi = max(k0 - first, 0), min(k1 - first, x.shape[-1])
    part = x[..., lo:hi] if lo < hi else x[..., :0]
    before = min(max(first - k0, 0), length)
    return extend(part, before, length - before - part.shape[-1], "constant", xp=xp)
