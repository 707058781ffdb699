"""Filter design, host-side: SciPy's coefficients, unchanged.

Design runs once on the host and its coefficients are small, so these are
plain functions (not multimethods) that return exactly what ``scipy.signal``
returns. Filtering functions move the coefficients to the signal's library and
device: ``sosfilt(butter(4, 0.1, output="sos"), x_cuda)``. Arrays given to a
design function (``firls(73, bands_cuda, desired)``, ``minimum_phase(h_torch)``)
are copied to NumPy and the result comes back in their library and on their
device; where none is given, ``xp=``/``device=`` place the result
(``sigproc._core.host``). Scalars stay the Python or NumPy scalars SciPy returns.
``scipy.signal`` is imported on the first call, so ``import sigproc`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeAlias, TypeVar

import numpy as np

from ._lazy import core
from ._lazy import scipy_signal as _signal
from ._typing import ArrayLike, Device, Edges, Namespace, WindowSpec

#: What an IIR design returns: ``(b, a)``, ``(z, p, k)`` or ``sos`` NumPy arrays,
#: depending on `output` (SciPy's own return value, untyped: unpack it freely).
Coefficients: TypeAlias = Any

_F = TypeVar("_F", bound=Callable[..., Any])

__all__ = [
    "band_stop_obj",
    "bessel",
    "butter",
    "buttord",
    "cheb1ord",
    "cheb2ord",
    "cheby1",
    "cheby2",
    "ellip",
    "ellipord",
    "firls",
    "firwin",
    "firwin2",
    "firwin_2d",
    "gammatone",
    "iircomb",
    "iirdesign",
    "iirfilter",
    "iirnotch",
    "iirpeak",
    "kaiser_atten",
    "kaiser_beta",
    "kaiserord",
    "minimum_phase",
    "remez",
    "savgol_coeffs",
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
    if value is None:
        return  # an optional argument left out
    try:
        values = np.asarray(core("host").host(value), dtype=float)  # a GPU array, too
    except (TypeError, ValueError):
        return  # SciPy reports the malformed argument itself
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be finite, got {value!r}")


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


# -- Order selection and design from specifications ------------------------------------

_PLACEMENT = """
    xp : array namespace, optional
        Library of the returned arrays. By default the library of the array
        arguments (their device too), NumPy when they are lists or NumPy arrays.
    device : device, optional
        Device of the returned arrays, with `xp`."""

_SPEC = """wp, ws : float or (float, float)
        Passband and stopband edge frequencies: scalars for a lowpass or
        highpass, pairs for a bandpass or bandstop (the band type follows
        from their order: ``wp < ws`` is a lowpass, ``ws`` inside ``wp`` a
        bandstop, ...). In half-cycles per sample (1 = Nyquist) for digital
        filters unless `fs` is given, in which case in the units of `fs`;
        in rad/s for analog filters.
    gpass : float
        Largest loss allowed in the passband, in dB (positive).
    gstop : float
        Smallest attenuation required in the stopband, in dB (positive,
        at least `gpass`).
    analog : bool, optional
        Design an analog filter (default: digital)."""

_ORD_DOC = """

    Computed on the host by SciPy; the arrays given are copied to NumPy.

    Parameters
    ----------
    {spec}
    fs : float, optional
        Sampling frequency of the digital system (Hz when `wp`, `ws` are in Hz).{placement}

    Returns
    -------
    ord : int
        The lowest order of a {family} filter meeting the specification.
    wn : numpy.float64 or array, shape (2,), float64
        Critical frequency or frequencies (in the units of `wp`) to pass to
        ``{design}`` with `ord`; an array, in the library of `wp`/`ws` or
        `xp`, for band filters, a NumPy scalar otherwise.

    Raises
    ------
    ValueError
        If `gpass` or `gstop` is not positive, ``gpass > gstop``, or `fs` is
        given for an analog filter (SciPy's checks; SciPy does not check the
        edges' range, and raises IndexError when only one of `wp`, `ws` is a pair).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.{name}`` (called to compute the order).
    """


def _placement(func: _F) -> _F:
    """`func` with ``{placement}`` (and ``{spec}``) in its docstring filled in."""
    func.__doc__ = (func.__doc__ or "").format(placement=_PLACEMENT, spec=_SPEC)
    return func


def _ord_doc(family: str, design: str) -> Callable[[_F], _F]:
    def decorate(func: _F) -> _F:
        func.__doc__ = (func.__doc__ or "") + _ORD_DOC.format(
            name=func.__name__,
            family=family,
            design=design,
            spec=_SPEC,
            placement=_PLACEMENT,
        )
        return func

    return decorate


def _order(
    name: str,
    wp: Edges,
    ws: Edges,
    gpass: float,
    gstop: float,
    analog: bool,
    fs: float | None,
    xp: Namespace | None,
    device: Device,
) -> tuple[int, Any]:
    """``scipy.signal.<name>(wp, ws, ...)`` on the host, a band `wn` placed back."""
    order, wn = core("host").on_host(
        getattr(_signal(), name), wp, ws, gpass, gstop, analog=analog, fs=fs, xp=xp, device=device
    )
    return order, wn


@_ord_doc("Butterworth", "butter")
def buttord(
    wp: Edges,
    ws: Edges,
    gpass: float,
    gstop: float,
    analog: bool = False,
    fs: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[int, Any]:
    """Choose the order of a Butterworth filter that meets a specification."""
    return _order("buttord", wp, ws, gpass, gstop, analog, fs, xp, device)


@_ord_doc("Chebyshev type I", "cheby1")
def cheb1ord(
    wp: Edges,
    ws: Edges,
    gpass: float,
    gstop: float,
    analog: bool = False,
    fs: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[int, Any]:
    """Choose the order of a Chebyshev type I filter that meets a specification."""
    return _order("cheb1ord", wp, ws, gpass, gstop, analog, fs, xp, device)


@_ord_doc("Chebyshev type II", "cheby2")
def cheb2ord(
    wp: Edges,
    ws: Edges,
    gpass: float,
    gstop: float,
    analog: bool = False,
    fs: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[int, Any]:
    """Choose the order of a Chebyshev type II filter that meets a specification."""
    return _order("cheb2ord", wp, ws, gpass, gstop, analog, fs, xp, device)


@_ord_doc("elliptic (Cauer)", "ellip")
def ellipord(
    wp: Edges,
    ws: Edges,
    gpass: float,
    gstop: float,
    analog: bool = False,
    fs: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[int, Any]:
    """Choose the order of an elliptic (Cauer) filter that meets a specification."""
    return _order("ellipord", wp, ws, gpass, gstop, analog, fs, xp, device)


def band_stop_obj(
    wp: float,
    ind: int,
    passb: ArrayLike,
    stopb: ArrayLike,
    gpass: float,
    gstop: float,
    type: str,
) -> float:
    """Order of an analog bandstop filter with one passband edge moved (objective function).

    The order-selection functions (``buttord``, ``cheb1ord``, ``cheb2ord``,
    ``ellipord``) minimise this over each passband edge of a bandstop
    specification, mapped to an analog prototype, to find the lowest order.
    Computed on the host by SciPy; arrays are copied to NumPy.

    Parameters
    ----------
    wp : float
        Trial value of the passband edge ``passb[ind]``, in rad/s.
    ind : {0, 1}
        Which passband edge `wp` replaces.
    passb : array, shape (2,)
        Passband edges (rad/s); not modified. A NumPy array (or an array of
        another library, copied to NumPy), as in SciPy: not a list.
    stopb : array, shape (2,)
        Stopband edges (rad/s), same kind as `passb`.
    gpass : float
        Largest passband loss, in dB (positive).
    gstop : float
        Smallest stopband attenuation, in dB (at least `gpass`).
    type : {"butter", "cheby", "ellip"}
        Filter family whose order formula is used.

    Returns
    -------
    n : numpy.float64
        The (non-integer) order the specification needs.

    Raises
    ------
    ValueError
        If `gpass` or `gstop` is not positive, ``gpass > gstop``, or `type`
        is unknown.
    IndexError
        If `ind` is not a valid index of `passb`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.band_stop_obj`` (called to compute the order).
    """
    n: float = core("host").on_host(
        _signal().band_stop_obj, wp, ind, passb, stopb, gpass, gstop, type
    )
    return n


@_placement
def iirdesign(
    wp: Edges,
    ws: Edges,
    gpass: float,
    gstop: float,
    analog: bool = False,
    ftype: str = "ellip",
    output: str = "ba",
    fs: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design the lowest-order IIR filter of a family that meets a specification.

    Chooses the order with ``buttord`` (``cheb1ord``, ...) and designs the
    filter with ``iirfilter``. Computed on the host by SciPy; the arrays
    given are copied to NumPy, and the coefficients come back in the library
    and on the device of `wp`/`ws` (or of `xp`), NumPy by default.

    Parameters
    ----------
    {spec}
    ftype : {{"ellip", "butter", "cheby1", "cheby2", "bessel"}}, optional
        Filter family (default elliptic). Bessel filters have no order
        formula: SciPy raises for them.
    output : {{"ba", "zpk", "sos"}}, optional
        Numerator/denominator, zeros/poles/gain, or second-order sections.
        Use "sos" for anything but low orders: it is numerically robust.
    fs : float, optional
        Sampling frequency of the digital system (Hz when `wp`, `ws` are in Hz).{placement}

    Returns
    -------
    b, a : array, float64
        Polynomial coefficients, for ``output="ba"``.
    z, p, k : array, array, float
        Zeros, poles and gain, for ``output="zpk"``.
    sos : array, shape (n_sections, 6), float64
        Second-order sections, for ``output="sos"``.

    Raises
    ------
    ValueError
        If `gpass` or `gstop` is not positive, ``gpass > gstop``, `ftype`
        (Bessel included: it has no order formula) or `output` is unknown,
        or `wp` and `ws` do not have one or two elements each and the same shape.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.iirdesign`` (called to compute the coefficients).
    """
    return core("host").on_host(
        _signal().iirdesign,
        wp,
        ws,
        gpass,
        gstop,
        analog=analog,
        ftype=ftype,
        output=output,
        fs=fs,
        xp=xp,
        device=device,
    )


# -- Special IIR filters -----------------------------------------------------------------


def iircomb(
    w0: float,
    Q: float,
    ftype: str = "notch",
    fs: float = 2.0,
    *,
    pass_zero: bool = False,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design a comb filter: narrow notches (or peaks) evenly spaced by `w0`.

    Computed on the host by SciPy.

    Parameters
    ----------
    w0 : float
        Fundamental frequency, in the units of `fs` (half-cycles per sample
        with the default ``fs=2``). `fs` must be an integer multiple of it,
        and it must lie within (0, fs/2).
    Q : float
        Quality factor: `w0` divided by the -3 dB bandwidth of each notch or peak.
    ftype : {"notch", "peak"}, optional
        Narrow notches in a unit gain (default), or narrow peaks over zero gain.
    fs : float, optional
        Sampling frequency (default 2, i.e. `w0` relative to Nyquist).
    pass_zero : bool, optional
        If False (default) the gain is 0 at DC, `w0`, ``2 * w0``, ... and 1
        halfway between; if True it is 1 at DC and the harmonics of `w0` and
        0 halfway between. `ftype` sets which of the two is narrow.
    xp : array namespace, optional
        Library of the result (SciPy's meaning: the arrays are made by `xp`,
        in its default floating dtype); NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    b, a : array, shape (fs // w0 + 1,)
        Numerator and denominator of the IIR comb filter (float64 with NumPy).

    Raises
    ------
    ValueError
        If `w0` is outside (0, fs/2), `fs` is not a multiple of `w0`, or
        `ftype` is unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.iircomb`` (called to compute the coefficients).
    .. [2] S. J. Orfanidis, "Introduction to Signal Processing",
           Prentice-Hall, 1996, chapter 11 (comb filter design).
    """
    return _signal().iircomb(w0, Q, ftype=ftype, fs=fs, pass_zero=pass_zero, xp=xp, device=device)


def gammatone(
    freq: float,
    ftype: str,
    order: int | None = None,
    numtaps: int | None = None,
    fs: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design a gammatone filter, a model of the cochlea's auditory filters.

    Computed on the host by SciPy.

    Parameters
    ----------
    freq : float
        Centre frequency, in the units of `fs`, within (0, fs/2).
    ftype : {"fir", "iir"}
        A FIR filter (the sampled gammatone impulse response) or an 8th-order
        IIR filter that approximates a 4th-order gammatone.
    order : int, optional
        Order of the gammatone, 1 to 24 (FIR only; default 4, as the human
        auditory system).
    numtaps : int, optional
        FIR length (FIR only; default ``max(int(fs * 0.015), 15)``, i.e. 15 ms).
    fs : float, optional
        Sampling frequency (default 2, i.e. `freq` relative to Nyquist).
    xp : array namespace, optional
        Library of the result (SciPy's meaning: the arrays are made by `xp`,
        in its default floating dtype); NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    b, a : array, array
        Numerator and denominator: ``(numtaps,)`` taps and ``a = [1.0]`` for
        FIR, shapes (5,) and (9,) for IIR (float64 with NumPy).

    Raises
    ------
    ValueError
        If `freq` is outside (0, fs/2), `ftype` is unknown, or `order` is
        outside 1..24.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.gammatone`` (called to compute the coefficients).
    .. [2] M. Slaney, "An Efficient Implementation of the Patterson-Holdsworth
           Auditory Filter Bank", Apple Computer Technical Report 35, 1993.
    """
    return _signal().gammatone(
        freq, ftype, order=order, numtaps=numtaps, fs=fs, xp=xp, device=device
    )


# -- FIR design ------------------------------------------------------------------------


@_placement
def firwin2(
    numtaps: int,
    freq: ArrayLike,
    gain: ArrayLike,
    *,
    nfreqs: int | None = None,
    window: WindowSpec | None = "hamming",
    antisymmetric: bool = False,
    fs: float | None = None,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design a linear-phase FIR filter with an arbitrary gain by frequency sampling.

    The gain, interpolated linearly between the points (`freq`, `gain`) on
    a grid of `nfreqs` frequencies, is inverse-transformed and the first
    `numtaps` samples are windowed. Computed on the host by SciPy; the arrays
    given are copied to NumPy.

    Parameters
    ----------
    numtaps : int
        Number of taps; less than `nfreqs`. Its parity and `antisymmetric`
        choose the filter type: odd/False is type I, even/False type II
        (zero gain at Nyquist), odd/True type III (zero at DC and Nyquist),
        even/True type IV (zero at DC).
    freq : 1-D array_like
        Frequency points, non-decreasing, from 0 to Nyquist (``fs/2``; 1
        without `fs`), in the units of `fs`. An inner value may appear twice
        for a jump in gain. Must be finite.
    gain : 1-D array_like, same length as `freq`
        Gain (linear, not dB) at each frequency point. Must be finite.
    nfreqs : int, optional
        Size of the interpolation grid (default: one more than the smallest
        power of 2 not below `numtaps`; a power of 2 plus one is fastest).
    window : str or tuple or float or None, optional
        Window, as accepted by ``get_window`` (default "hamming"); None for no window.
    antisymmetric : bool, optional
        Design an antisymmetric (type III or IV) filter (default symmetric).
    fs : float, optional
        Sampling frequency (default 2, i.e. `freq` relative to Nyquist).{placement}

    Returns
    -------
    taps : array, shape (numtaps,), float64
        Filter taps, in the library and on the device of `freq`/`gain` (or
        of `xp`), NumPy by default.

    Raises
    ------
    ValueError
        If `freq` or `gain` holds a non-finite value, or for any argument
        SciPy rejects (`freq` not from 0 to Nyquist or decreasing, lengths
        that differ, ``nfreqs <= numtaps``, a nonzero gain where the filter
        type forces a zero).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.firwin2`` (called to compute the taps).
    .. [2] A. V. Oppenheim and R. W. Schafer, "Discrete-Time Signal
           Processing", Prentice-Hall, 1989 (frequency-sampling design).
    """
    _check_finite("freq", freq)
    _check_finite("gain", gain)
    return core("host").on_host(
        _signal().firwin2,
        numtaps,
        freq,
        gain,
        nfreqs=nfreqs,
        window=window,
        antisymmetric=antisymmetric,
        fs=fs,
        xp=xp,
        device=device,
    )


@_placement
def firls(
    numtaps: int,
    bands: ArrayLike,
    desired: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    fs: float | None = None,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design a linear-phase FIR filter by weighted least squares.

    Minimises the weighted integral of the squared error between the filter's
    gain and a piecewise-linear target over the given bands. Computed on the
    host by SciPy; the arrays given are copied to NumPy.

    Parameters
    ----------
    numtaps : int
        Number of taps; odd (a type I filter).
    bands : array_like, shape (2 * n_bands,) or (n_bands, 2)
        Band edges, non-decreasing pairs ``(start, stop)``, within
        [0, Nyquist] in the units of `fs` (1 = Nyquist without `fs`).
        Frequencies outside every band are "don't care". Must be finite.
    desired : array_like, same shape as `bands`
        Target gain (linear) at each band edge; linear in between. Must be finite.
    weight : array_like, shape (n_bands,), optional
        Relative weight of each band's error (default all 1). Must be finite.
    fs : float, optional
        Sampling frequency (default 2, i.e. `bands` relative to Nyquist).{placement}

    Returns
    -------
    taps : array, shape (numtaps,), float64
        Filter taps (symmetric), in the library and on the device of the
        array arguments (or of `xp`), NumPy by default.

    Raises
    ------
    ValueError
        If an argument holds a non-finite value, or for any argument SciPy
        rejects (even `numtaps`, `bands` not in pairs, decreasing or outside
        [0, Nyquist], `desired` of another shape, negative weights).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.firls`` (called to compute the taps).
    .. [2] I. Selesnick, "Linear-Phase FIR Filter Design By Least Squares",
           OpenStax CNX, 2005.
    """
    _check_finite("bands", bands)
    _check_finite("desired", desired)
    _check_finite("weight", weight)
    return core("host").on_host(
        _signal().firls, numtaps, bands, desired, weight=weight, fs=fs, xp=xp, device=device
    )


@_placement
def remez(
    numtaps: int,
    bands: ArrayLike,
    desired: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    type: str = "bandpass",
    maxiter: int = 25,
    grid_density: int = 16,
    fs: float | None = None,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design a minimax (equiripple) FIR filter with the Remez exchange algorithm.

    Minimises the largest weighted deviation from a piecewise-constant gain
    over the given bands (Parks-McClellan). Computed on the host by SciPy;
    the arrays given are copied to NumPy.

    Parameters
    ----------
    numtaps : int
        Number of taps (the filter order plus one).
    bands : 1-D array_like, shape (2 * n_bands,)
        Band edges, increasing, within [0, fs/2] in the units of `fs`.
        Note SciPy's default ``fs=1``: without `fs` Nyquist is 0.5, not 1.
        Must be finite.
    desired : 1-D array_like, shape (n_bands,)
        Gain (linear) in each band; the slope for a differentiator. Must be finite.
    weight : 1-D array_like, shape (n_bands,), optional
        Relative weight of each band's error (default all 1). Must be finite.
    type : {{"bandpass", "differentiator", "hilbert"}}, optional
        Symmetric taps (default), or antisymmetric taps for a
        differentiator or a Hilbert transformer.
    maxiter : int, optional
        Most iterations of the exchange algorithm (default 25).
    grid_density : int, optional
        Frequency grid points per tap, as ``grid_density * numtaps`` (default 16).
    fs : float, optional
        Sampling frequency (default 1).{placement}

    Returns
    -------
    taps : array, shape (numtaps,), float64
        Filter taps, in the library and on the device of the array
        arguments (or of `xp`), NumPy by default.

    Raises
    ------
    ValueError
        If an argument holds a non-finite value, `type` is unknown, the
        lengths of `bands`, `desired` and `weight` disagree, or the algorithm
        does not converge in `maxiter` iterations (SciPy suggests a wider
        transition band).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.remez`` (called to compute the taps).
    .. [2] J. H. McClellan, T. W. Parks and L. R. Rabiner, "A computer program
           for designing optimum FIR linear phase digital filters", IEEE
           Trans. Audio Electroacoust., vol. AU-21, pp. 506-526, 1973.
    .. [3] T. W. Parks and J. H. McClellan, "Chebyshev approximation for
           nonrecursive digital filters with linear phase", IEEE Trans.
           Circuit Theory, vol. CT-19, pp. 189-194, 1972.
    """
    _check_finite("bands", bands)
    _check_finite("desired", desired)
    _check_finite("weight", weight)
    return core("host").on_host(
        _signal().remez,
        numtaps,
        bands,
        desired,
        weight=weight,
        type=type,
        maxiter=maxiter,
        grid_density=grid_density,
        fs=fs,
        xp=xp,
        device=device,
    )


@_placement
def firwin_2d(
    hsize: Sequence[int],
    window: WindowSpec | Sequence[WindowSpec],
    *,
    fc: Edges | None = None,
    fs: float = 2,
    circular: bool = False,
    pass_zero: bool | str = True,
    scale: bool = True,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Design a 2-D FIR filter by the window method.

    Separable (the outer product of two ``firwin`` filters, one per axis),
    or circularly symmetric (a 1-D ``firwin`` filter swept around the
    centre). Computed on the host by SciPy; an array `fc` is copied to NumPy.

    Parameters
    ----------
    hsize : (int, int)
        Number of taps along rows and along columns.
    window : (window, window) or window
        One window per axis, each as accepted by ``get_window``, for the
        separable filter; a single window when `circular` is True.
    fc : float or 1-D array_like, optional
        Cutoff frequency or band edges, in the units of `fs` within
        [0, fs/2] (the gain is about -6 dB there). Required when
        `circular` is True. Must be finite.
    fs : float, optional
        Sampling frequency (default 2, i.e. `fc` relative to Nyquist).
    circular : bool, optional
        Design a circularly symmetric filter (default separable).
    pass_zero : bool or str, optional
        Accepted for SciPy's signature; SciPy 1.17 does not use it (its
        ``firwin`` calls keep their defaults).
    scale : bool, optional
        Accepted for SciPy's signature; unused by SciPy 1.17, as `pass_zero`.{placement}

    Returns
    -------
    h : array, shape (hsize[0], hsize[1]), float64
        Filter taps, in the library and on the device of `fc` (or of `xp`),
        NumPy by default.

    Raises
    ------
    ValueError
        If `hsize` (or, for the separable filter, `window`) does not have
        two entries, `fc` is missing for a circular filter or holds a
        non-finite value, or for any cutoff ``firwin`` rejects.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.firwin_2d`` (called to compute the taps).
    """
    _check_finite("fc", fc)
    return core("host").on_host(
        _signal().firwin_2d,
        hsize,
        window,
        fc=fc,
        fs=fs,
        circular=circular,
        pass_zero=pass_zero,
        scale=scale,
        xp=xp,
        device=device,
    )


# -- Kaiser window formulas ------------------------------------------------------------

_KAISER_REFS = """
    .. [2] J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh
           window function", Proc. IEEE Int. Symp. Circuits and Systems,
           pp. 20-23, 1974.
    .. [3] A. V. Oppenheim and R. W. Schafer, "Discrete-Time Signal
           Processing", 3rd ed., Pearson, 2009, section 7.5.3."""


def kaiserord(ripple: float, width: float) -> tuple[int, float]:
    """Length and beta of a Kaiser-window FIR filter that meets a specification.

    Kaiser's empirical formulas: ``beta = kaiser_beta(ripple)`` and
    ``numtaps = ceil((ripple - 7.95) / (2.285 * pi * width) + 1)``. Pass the
    results to ``firwin(numtaps, ..., window=("kaiser", beta))``. Computed on
    the host by SciPy.

    Parameters
    ----------
    ripple : float
        Largest deviation of the gain from the ideal response outside the
        transition bands, as a positive attenuation in dB (``-20 * log10(delta)``).
        At least 8 dB.
    width : float
        Width of the transition band, relative to Nyquist (1 = Nyquist, i.e.
        ``fs/2``): divide a width in Hz by ``fs/2``.

    Returns
    -------
    numtaps : int
        Number of taps of the filter.
    beta : float
        Shape parameter of the Kaiser window.

    Raises
    ------
    ValueError
        If `ripple` is below 8 dB (the formula's range).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.kaiserord`` (called to compute the values).{refs}
    """
    numtaps, beta = _signal().kaiserord(ripple, width)
    return numtaps, beta


def kaiser_beta(a: float) -> float:
    """Beta of the Kaiser window for a stopband attenuation (Kaiser's formula).

    ``0.1102 * (a - 8.7)`` above 50 dB, ``0.5842 * (a - 21)**0.4 +
    0.07886 * (a - 21)`` from 21 to 50 dB, 0 below. Computed on the host by SciPy.

    Parameters
    ----------
    a : float
        Stopband attenuation, in dB (positive; ``-20 * log10(ripple)``).

    Returns
    -------
    beta : float
        Shape parameter of the Kaiser window.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.kaiser_beta`` (called to compute the value).{refs}
    """
    beta: float = _signal().kaiser_beta(a)
    return beta


def kaiser_atten(numtaps: int, width: float) -> float:
    """Attenuation a Kaiser-window FIR filter reaches (Kaiser's formula).

    ``2.285 * (numtaps - 1) * pi * width + 7.95``, the inverse of the length
    formula of ``kaiserord``. Computed on the host by SciPy.

    Parameters
    ----------
    numtaps : int
        Number of taps of the filter.
    width : float
        Width of the transition band, relative to Nyquist (1 = Nyquist).

    Returns
    -------
    a : float
        Stopband attenuation, in dB (positive).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.kaiser_atten`` (called to compute the value).{refs}
    """
    a: float = _signal().kaiser_atten(numtaps, width)
    return a


for _kaiser in (kaiserord, kaiser_beta, kaiser_atten):
    _kaiser.__doc__ = (_kaiser.__doc__ or "").format(refs=_KAISER_REFS)
del _kaiser


# -- Derived filters -------------------------------------------------------------------


def minimum_phase(
    h: ArrayLike,
    method: Literal["homomorphic", "hilbert"] = "homomorphic",
    n_fft: int | None = None,
    *,
    half: bool = True,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Convert a linear-phase FIR filter to a minimum-phase one.

    Computed on the host by SciPy: `h` is copied to NumPy and the result
    comes back in its library, on its device, in SciPy's dtype for it.

    Parameters
    ----------
    h : array_like, shape (numtaps,)
        Taps of a linear-phase (symmetric) FIR filter, at least 2.
    method : {"homomorphic", "hilbert"}, optional
        Homomorphic (cepstral) method (default; best with odd lengths), or
        the discrete Hilbert transform method, meant for equiripple filters
        (``remez``) whose gains are 0 or 1.
    n_fft : int, optional
        FFT length of the cepstrum; a few times ``len(h)`` or more (default:
        a power of 2 that keeps the error near 0.01).
    half : bool, optional
        If True (default), return ``(numtaps + 1) // 2`` taps whose gain is
        the square root of `h`'s; if False (homomorphic only), `numtaps`
        taps with `h`'s gain.
    xp : array namespace, optional
        Library of the result; by default that of `h` (NumPy for lists).
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    h_minimum : array, shape ((numtaps + 1) // 2,) or (numtaps,)
        Minimum-phase taps; float64 (float32 for float32 `h`, as SciPy).

    Raises
    ------
    ValueError
        If `h` is not 1-D with at least 2 taps, `method` is unknown, or
        ``half=False`` with the Hilbert method.

    Warns
    -----
    RuntimeWarning
        If `h` does not look symmetric (the conversion may fail).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.minimum_phase`` (called to compute the taps).
    .. [2] N. Damera-Venkata and B. L. Evans, "Optimal design of real and
           complex minimum phase digital FIR filters", Proc. IEEE ICASSP,
           pp. 1145-1148, 1999 (the Hilbert method).
    .. [3] A. V. Oppenheim, R. W. Schafer and J. R. Buck, "Discrete-Time
           Signal Processing", 3rd ed., Pearson, 2009 (the homomorphic method).
    """
    return core("host").on_host(
        _signal().minimum_phase, h, method, n_fft, half=half, xp=xp, device=device
    )


def savgol_coeffs(
    window_length: int,
    polyorder: int,
    deriv: int = 0,
    delta: float = 1.0,
    pos: int | None = None,
    use: str = "conv",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> Coefficients:
    """Coefficients of a Savitzky-Golay FIR filter (local polynomial least squares).

    Computed on the host by SciPy with NumPy, then placed in `xp` on `device`
    (float64 in every library: SciPy itself places the result only when its
    array-API support is switched on, ``SCIPY_ARRAY_API=1``).

    Parameters
    ----------
    window_length : int
        Number of taps (samples each polynomial is fitted to).
    polyorder : int
        Order of the fitted polynomial, below `window_length`.
    deriv : int, optional
        Order of the derivative the filter computes (default 0: smoothing).
    delta : float, optional
        Sample spacing, in the units of the abscissa; scales derivatives by
        ``delta ** -deriv`` (default 1).
    pos : int, optional
        Index within the window of the point evaluated (default the middle,
        ``window_length // 2``).
    use : {"conv", "dot"}, optional
        Order the taps for convolution (default) or reversed, for a dot product.
    xp : array namespace, optional
        Library of the result; NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    coeffs : array, shape (window_length,), float64
        Filter taps.

    Raises
    ------
    ValueError
        If ``polyorder >= window_length``, `pos` is outside the window, or
        `use` is unknown.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.savgol_coeffs`` (called to compute the taps).
    .. [2] A. Savitzky and M. J. E. Golay, "Smoothing and Differentiation of
           Data by Simplified Least Squares Procedures", Analytical Chemistry,
           vol. 36, pp. 1627-1639, 1964.
    """
    return core("host").on_host(
        _signal().savgol_coeffs,
        window_length,
        polyorder,
        deriv,
        delta,
        pos,
        use,
        xp=xp,
        device=device,
    )
