"""Filter design, host-side: SciPy's coefficients, unchanged.

Design runs once on the host and its coefficients are small, so these are
plain functions (not multimethods) that return exactly what ``scipy.signal``
returns as NumPy arrays. Filtering functions move the coefficients to the
signal's library and device: ``sosfilt(butter(4, 0.1, output="sos"), x_cuda)``.
``scipy.signal`` is imported on the first call, so ``import sigproc`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

import numpy as np

from ._typing import Device, Edges, Namespace, WindowSpec

#: What an IIR design returns: ``(b, a)``, ``(z, p, k)`` or ``sos`` NumPy arrays,
#: depending on `output` (SciPy's own return value, untyped: unpack it freely).
Coefficients: TypeAlias = Any

_F = TypeVar("_F", bound=Callable[..., Any])

__all__ = [
    "bessel",
    "butter",
    "cheby1",
    "cheby2",
    "ellip",
    "firwin",
    "iirfilter",
    "iirnotch",
    "iirpeak",
]

_IIR_DOC = """

    Parameters
    ----------
    N : int
        Filter order (band filters have twice as many poles).{extra}
    Wn : float or (float, float)
        Critical frequency or frequencies ({wn}). In half-cycles per sample
        (1 = Nyquist) for digital filters unless `fs` is given, in which case
        in the units of `fs`; in rad/s for analog filters. Must be finite.
    btype : {{"lowpass", "highpass", "bandpass", "bandstop"}}, optional
        Filter type (default "lowpass"; SciPy's short forms are accepted).
    analog : bool, optional
        Design an analog filter (default: digital).
    output : {{"ba", "zpk", "sos"}}, optional
        Numerator/denominator, zeros/poles/gain, or second-order sections.
        Use "sos" for anything but low orders: it is numerically robust.{norm}
    fs : float, optional
        Sampling frequency of the digital system (Hz when `Wn` is in Hz).

    Returns
    -------
    b, a : ndarray, float64
        Polynomial coefficients, for ``output="ba"``.
    z, p, k : ndarray, ndarray, float
        Zeros, poles and gain, for ``output="zpk"``.
    sos : ndarray, shape (n_sections, 6)
        Second-order sections, for ``output="sos"``.

    Raises
    ------
    ValueError
        If `Wn` holds a non-finite value, or for any argument SciPy rejects
        (digital `Wn` outside (0, 1) or (0, fs/2), unknown `btype` or `output`).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.{name}`` (called to compute the coefficients).
    """


def _doc(**fields: str) -> Callable[[_F], _F]:
    def decorate(func: _F) -> _F:
        fields.setdefault("extra", "")
        fields.setdefault("norm", "")
        fields.setdefault("wn", "a scalar for low/high-pass, (low, high) for band filters")
        func.__doc__ = (func.__doc__ or "") + _IIR_DOC.format(name=func.__name__, **fields)
        return func

    return decorate


def _check_finite(name: str, value: object) -> None:
    """ValueError naming the argument if any of its values is NaN or infinite."""
    try:
        values = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return  # SciPy reports the malformed argument itself
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be finite, got {value!r}")


def _signal() -> Any:  # scipy.signal, imported on first use (SciPy ships no types)
    import scipy.signal

    return scipy.signal


_RP = "\n    rp : float\n        Maximum passband ripple, in dB (positive)."
_RS = "\n    rs : float\n        Minimum stopband attenuation, in dB (positive)."


@_doc()
def butter(
    N: int,
    Wn: Edges,
    btype: str = "low",
    analog: bool = False,
    output: str = "ba",
    fs: float | None = None,
) -> Coefficients:
    """Design a Butterworth filter (maximally flat passband)."""
    _check_finite("Wn", Wn)
    return _signal().butter(N, Wn, btype=btype, analog=analog, output=output, fs=fs)


@_doc(extra=_RP)
def cheby1(
    N: int,
    rp: float,
    Wn: Edges,
    btype: str = "low",
    analog: bool = False,
    output: str = "ba",
    fs: float | None = None,
) -> Coefficients:
    """Design a Chebyshev type I filter (equiripple passband)."""
    _check_finite("Wn", Wn)
    return _signal().cheby1(N, rp, Wn, btype=btype, analog=analog, output=output, fs=fs)


@_doc(extra=_RS)
def cheby2(
    N: int,
    rs: float,
    Wn: Edges,
    btype: str = "low",
    analog: bool = False,
    output: str = "ba",
    fs: float | None = None,
) -> Coefficients:
    """Design a Chebyshev type II filter (equiripple stopband)."""
    _check_finite("Wn", Wn)
    return _signal().cheby2(N, rs, Wn, btype=btype, analog=analog, output=output, fs=fs)


@_doc(extra=_RP + _RS)
def ellip(
    N: int,
    rp: float,
    rs: float,
    Wn: Edges,
    btype: str = "low",
    analog: bool = False,
    output: str = "ba",
    fs: float | None = None,
) -> Coefficients:
    """Design an elliptic (Cauer) filter (equiripple passband and stopband)."""
    _check_finite("Wn", Wn)
    return _signal().ellip(N, rp, rs, Wn, btype=btype, analog=analog, output=output, fs=fs)


@_doc(
    norm='\n    norm : {"phase", "delay", "mag"}, optional\n'
    "        Normalisation of `Wn`: phase midpoint (default), group delay, or -3 dB point."
)
def bessel(
    N: int,
    Wn: Edges,
    btype: str = "low",
    analog: bool = False,
    output: str = "ba",
    norm: str = "phase",
    fs: float | None = None,
) -> Coefficients:
    """Design a Bessel/Thomson filter (maximally flat group delay)."""
    _check_finite("Wn", Wn)
    return _signal().bessel(N, Wn, btype=btype, analog=analog, output=output, norm=norm, fs=fs)


@_doc(
    extra=_RP.replace("float", "float, optional", 1)
    + " Needed by cheby1 and ellip."
    + _RS.replace("float", "float, optional", 1)
    + " Needed by cheby2 and ellip."
    + '\n    ftype : {"butter", "cheby1", "cheby2", "ellip", "bessel"}, optional\n'
    "        Filter family (default Butterworth).",
    wn="btype defaults to 'band' here, so two values by default",
)
def iirfilter(
    N: int,
    Wn: Edges,
    rp: float | None = None,
    rs: float | None = None,
    btype: str = "band",
    analog: bool = False,
    ftype: str = "butter",
    output: str = "ba",
    fs: float | None = None,
) -> Coefficients:
    """Design an IIR filter of any family and band type."""
    _check_finite("Wn", Wn)
    return _signal().iirfilter(
        N, Wn, rp=rp, rs=rs, btype=btype, analog=analog, ftype=ftype, output=output, fs=fs
    )


_RESONATOR_DOC = """

    Parameters
    ----------
    w0 : float
        Centre frequency, in the units of `fs` (half-cycles per sample with
        the default ``fs=2``). Must be finite and within (0, fs/2).
    Q : float
        Quality factor: `w0` divided by the -3 dB bandwidth.
    fs : float, optional
        Sampling frequency (default 2, i.e. `w0` relative to Nyquist).
    xp : array namespace, optional
        Library of the result (SciPy's meaning); NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    b, a : ndarray, shape (3,)
        Numerator and denominator of the second-order IIR filter.

    Raises
    ------
    ValueError
        If `w0` is not finite or outside (0, fs/2) (SciPy's check).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.{name}`` (called to compute the coefficients).
    """


def _resonator(name: str) -> Callable[[_F], _F]:
    def decorate(func: _F) -> _F:
        func.__doc__ = (func.__doc__ or "") + _RESONATOR_DOC.format(name=name)
        return func

    return decorate


@_resonator("iirnotch")
def iirnotch(
    w0: float, Q: float, fs: float = 2.0, *, xp: Namespace | None = None, device: Device = None
) -> Coefficients:
    """Design a second-order notch filter that removes one frequency."""
    _check_finite("w0", w0)
    return _signal().iirnotch(w0, Q, fs=fs, xp=xp, device=device)


@_resonator("iirpeak")
def iirpeak(
    w0: float, Q: float, fs: float = 2.0, *, xp: Namespace | None = None, device: Device = None
) -> Coefficients:
    """Design a second-order peaking (resonator) filter that passes one frequency."""
    _check_finite("w0", w0)
    return _signal().iirpeak(w0, Q, fs=fs, xp=xp, device=device)


def firwin(
    numtaps: int,
    cutoff: Edges,
    *,
    width: float | None = None,
    window: WindowSpec = "hamming",
    pass_zero: bool | str = True,
    scale: bool = True,
    fs: float | None = None,
) -> Coefficients:
    """Design a linear-phase FIR filter by the window method.

    Parameters
    ----------
    numtaps : int
        Number of taps (filter length; odd for a highpass or bandstop response).
    cutoff : float or 1-D array_like
        Band edges, increasing, in the units of `fs` (relative to Nyquist = 1
        without `fs`), strictly between 0 and Nyquist. Must be finite.
    width : float, optional
        Transition width: designs a Kaiser window for this width instead of `window`.
    window : str or tuple, optional
        Window, as accepted by ``get_window`` (default "hamming").
    pass_zero : {True, False, "bandpass", "lowpass", "highpass", "bandstop"}, optional
        Whether the response passes DC (or the band type by name).
    scale : bool, optional
        Scale so that the centre of the first passband has unit gain.
    fs : float, optional
        Sampling frequency.

    Returns
    -------
    h : ndarray, shape (numtaps,), float64
        Filter taps.

    Raises
    ------
    ValueError
        If `cutoff` holds a non-finite value, or for any argument SciPy
        rejects (cutoffs out of range or not increasing, even `numtaps` with
        a passband at Nyquist).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.firwin`` (called to compute the taps).
    """
    _check_finite("cutoff", cutoff)
    return _signal().firwin(
        numtaps, cutoff, width=width, window=window, pass_zero=pass_zero, scale=scale, fs=fs
    )
