"""Window functions with ``scipy.signal.windows``' names, computed on the host.

Windows are a few coefficients computed once, so each function runs SciPy on
the host and returns NumPy arrays unless ``xp=``/``device=`` place the result
in another library. See ``docs/design.md``.

A window multiplies a segment of signal before a DFT (or shapes the taps of a
FIR filter). Its spectrum is what each spectral line gets smeared into: a
narrow main lobe resolves close frequencies, low side lobes keep a strong line
from hiding weak ones far from it, and no window has both at once.
``scipy.signal.windows`` is imported on the first call, so ``import sigproc``
stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ._lazy import core
from ._typing import Array, ArrayLike, Device, Namespace
from .spectral import get_window

__all__ = [
    "barthann",
    "bartlett",
    "blackman",
    "blackmanharris",
    "bohman",
    "boxcar",
    "chebwin",
    "cosine",
    "dpss",
    "exponential",
    "flattop",
    "gaussian",
    "general_cosine",
    "general_gaussian",
    "general_hamming",
    "get_window",
    "hamming",
    "hann",
    "kaiser",
    "kaiser_bessel_derived",
    "lanczos",
    "nuttall",
    "parzen",
    "taylor",
    "triang",
    "tukey",
]

_F = TypeVar("_F", bound=Callable[..., Any])

# Docstring pieces shared by the windows (each function's text says where they go).
_PIECES = {
    "M": """M : int
        Number of samples (0 gives an empty window, 1 a single 1.0).""",
    "sym": """sym : bool, optional
        True (default): a symmetric window, for filter design. False: the
        periodic ("DFT-even") window used for spectra, the first `M` samples
        of the symmetric window of ``M + 1`` samples.""",
    "place": """xp : array namespace, optional
        Library of the result (NumPy when None).
    device : optional
        Device of the result in `xp`.""",
    "returns": """Returns
    -------
    w : array, shape (M,), float64
        The window, in `xp` on `device`.""",
    "raises": """Raises
    ------
    ValueError
        If `M` is negative or not an integer.""",
    "host": """Notes
    -----
    Computed on the host by SciPy (a few coefficients, once), then placed in
    `xp` on `device`.""",
}
_HARRIS = (
    'F. J. Harris, "On the use of windows for harmonic analysis with the\n'
    '       discrete Fourier transform", Proc. IEEE 66(1), 51-83, 1978.'
)


def _documented(func: _F) -> _F:
    """Fill the shared pieces (``{M}``, ``{sym}``, ...) into `func`'s docstring."""
    func.__doc__ = (func.__doc__ or "").format(name=func.__name__, harris=_HARRIS, **_PIECES)
    return func


def _host(name: str, *args: Any, xp: Namespace | None, device: Device | None, **kwargs: Any) -> Any:
    """``scipy.signal.windows.<name>(*args, **kwargs)`` on the host, placed in `xp` on `device`."""
    import scipy.signal.windows

    result = getattr(scipy.signal.windows, name)(*args, **kwargs)
    return core("host").place(result, xp=xp, device=device)


# -- fixed windows: M and sym only -------------------------------------------------------


@_documented
def boxcar(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Rectangular (boxcar) window: all ones.

    The narrowest main lobe of all windows (2 bins between its first nulls)
    but the highest side lobes (-13 dB, falling 6 dB per octave). Suits
    transients shorter than the window and lines that fall exactly on bins.

    Parameters
    ----------
    {M}
    {sym}
        Both give the same samples.
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("boxcar", M, sym, xp=xp, device=device)


@_documented
def triang(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Triangular window whose end samples are not zero.

    Side lobes at -27 dB, falling 12 dB per octave. Unlike :func:`bartlett`,
    the end points are nonzero: for odd `M` it is ``bartlett(M + 2)[1:-1]``.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("triang", M, sym, xp=xp, device=device)


@_documented
def parzen(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Parzen (de la Vallee Poussin) window: a piecewise cubic, a B-spline of order 4.

    Side lobes at -53 dB that fall fast (24 dB per octave), for a main lobe
    four times as wide as the rectangular window's (8 bins between its first
    nulls).

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("parzen", M, sym, xp=xp, device=device)


@_documented
def bohman(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Bohman window: the convolution of two half-length cosine lobes.

    Side lobes at -46 dB falling 24 dB per octave; the main lobe is 6 bins
    wide.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("bohman", M, sym, xp=xp, device=device)


@_documented
def blackman(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Blackman window: three cosine terms, ``0.42 - 0.5 cos + 0.08 cos(2x)``.

    Side lobes at -58 dB for a main lobe three times the rectangular window's
    (6 bins between its first nulls).

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("blackman", M, sym, xp=xp, device=device)


@_documented
def nuttall(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Nuttall's minimum four-term Blackman-Harris window.

    Four cosine terms chosen by Nuttall for the lowest side lobes (about
    -98 dB) a four-term window reaches; the main lobe is 8 bins wide.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] A. H. Nuttall, "Some windows with very good sidelobe behavior",
       IEEE Trans. Acoust., Speech, Signal Process. 29(1), 84-91, 1981.
    """
    return _host("nuttall", M, sym, xp=xp, device=device)


@_documented
def blackmanharris(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Minimum four-term Blackman-Harris window.

    Four cosine terms with side lobes at -92 dB, for high-dynamic-range
    spectra; the main lobe is 8 bins wide.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("blackmanharris", M, sym, xp=xp, device=device)


@_documented
def flattop(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Flat top window: five cosine terms with a main lobe flat at its top.

    A sinusoid between two bins loses almost nothing in amplitude (the
    scalloping loss is about 0.01 dB), so the peak of the
    spectrum reads the amplitude directly; the price is a very wide main lobe.
    Its samples go slightly negative.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] G. D'Antona and A. Ferrero, "Digital Signal Processing for
       Measurement Systems", Springer, 2006, p. 70.
    """
    return _host("flattop", M, sym, xp=xp, device=device)


@_documented
def bartlett(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Bartlett window: a triangle that is zero at both ends.

    Side lobes at -27 dB falling 12 dB per octave; its transform is the Fejer
    kernel (a squared Dirichlet kernel).

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] M. S. Bartlett, "Periodogram analysis and continuous spectra",
       Biometrika 37, 1-16, 1950.
    """
    return _host("bartlett", M, sym, xp=xp, device=device)


@_documented
def barthann(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Modified Bartlett-Hann window: a blend of a triangle and a Hann window.

    ``0.62 - 0.48 |x| + 0.38 cos(2 pi x)`` for ``x`` from -1/2 to 1/2 across
    the window: a main lobe as wide as Hann's (4 bins) with side lobes at
    about -36 dB.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("barthann", M, sym, xp=xp, device=device)


@_documented
def hamming(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Hamming window: ``0.54 - 0.46 cos``, a raised cosine on a pedestal.

    The pedestal cancels the first side lobe of the Hann window: the highest
    side lobe is -43 dB, but the far ones fall only 6 dB per octave. A common
    choice for FIR design by windowing.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("hamming", M, sym, xp=xp, device=device)


@_documented
def hann(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Hann window: ``0.5 - 0.5 cos``, a raised cosine reaching zero at both ends.

    Side lobes at -31.5 dB that fall 18 dB per octave, for a main lobe twice
    the rectangular window's (4 bins): the usual default for spectra.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("hann", M, sym, xp=xp, device=device)


@_documented
def cosine(
    M: int, sym: bool = True, *, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Cosine (sine) window: one half period of a sine across the window.

    ``sin(pi (n + 1/2) / M)``: close to the square root of a Hann window, with
    nonzero end samples; side lobes at -23 dB.

    Parameters
    ----------
    {M}
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("cosine", M, sym, xp=xp, device=device)


@_documented
def lanczos(
    M: int, *, sym: bool = True, xp: Namespace | None = None, device: Device | None = None
) -> Array:
    """Lanczos (sinc) window: the main lobe of ``sinc`` across the window.

    Used to taper Fourier series and interpolation kernels (Lanczos
    resampling); side lobes at about -26 dB.

    Parameters
    ----------
    {M}
    {sym}
        Keyword-only, as in SciPy.
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("lanczos", M, sym=sym, xp=xp, device=device)


# -- windows with shape parameters ---------------------------------------------------------


@_documented
def kaiser(
    M: int,
    beta: float,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Kaiser window: ``I0(beta sqrt(1 - x**2)) / I0(beta)`` for ``x`` from -1 to 1.

    A close, cheap approximation of the first discrete prolate spheroidal
    sequence (:func:`dpss`), the window that concentrates the most energy in
    its main lobe. `beta` trades main-lobe width against side-lobe level:
    0 is the rectangular window, about 5 resembles Hamming, 6 Hann, 8.6
    Blackman; larger values lower the side lobes further.

    Parameters
    ----------
    {M}
    beta : float
        Shape parameter (>= 0).
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh
       window function", Proc. IEEE Int. Symp. Circuits and Systems, 20-23, 1974.
    .. [3] J. F. Kaiser and R. W. Schafer, "On the use of the I0-sinh window for
       spectrum analysis", IEEE Trans. Acoust., Speech, Signal Process. 28(1),
       105-107, 1980.
    """
    return _host("kaiser", M, beta, sym, xp=xp, device=device)


@_documented
def kaiser_bessel_derived(
    M: int,
    beta: float,
    *,
    sym: bool = True,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Kaiser-Bessel-derived (KBD) window, for the modified DCT of audio coders.

    The square root of the running sum of a Kaiser window of ``M/2 + 1``
    samples, mirrored. It meets the Princen-Bradley condition
    ``w[n]**2 + w[n + M/2]**2 == 1``, so MDCT frames overlapping by half
    reconstruct the signal exactly.

    Parameters
    ----------
    M : int
        Number of samples, even (0 gives an empty window).
    beta : float
        Shape parameter of the underlying Kaiser window.
    sym : bool, optional
        Must be True (the window is defined only symmetric); keyword-only.
    {place}

    Returns
    -------
    w : array, shape (M,), float64
        The window, in `xp` on `device`.

    Raises
    ------
    ValueError
        If `M` is odd or ``sym=False``.

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] M. Bosi and R. E. Goldberg, "Introduction to Digital Audio Coding and
       Standards", Kluwer, 2003.
    """
    return _host("kaiser_bessel_derived", M, beta, sym=sym, xp=xp, device=device)


@_documented
def gaussian(
    M: int,
    std: float,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Gaussian window: ``exp(-n**2 / (2 std**2))``, `n` counted from the centre.

    Its transform is Gaussian too (no side lobes of its own; truncation at
    the ends adds some), with width inversely proportional to `std`.

    Parameters
    ----------
    {M}
    std : float
        Standard deviation, in samples.
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("gaussian", M, std, sym, xp=xp, device=device)


@_documented
def general_gaussian(
    M: int,
    p: float,
    sig: float,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Generalised Gaussian window: ``exp(-0.5 |n / sig|**(2 p))``, `n` from the centre.

    ``p = 1`` is the Gaussian window, ``p = 0.5`` a two-sided exponential;
    large `p` flattens the top towards a rectangle with smooth edges.

    Parameters
    ----------
    {M}
    p : float
        Shape parameter.
    sig : float
        Width parameter (the standard deviation when ``p = 1``), in samples.
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("general_gaussian", M, p, sig, sym, xp=xp, device=device)


@_documented
def general_cosine(
    M: int,
    a: ArrayLike,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Sum-of-cosines window: ``sum_k (-1)**k a[k] cos(k x)``, ``x`` from -pi to pi.

    The family of Hann, Hamming, Blackman, Nuttall and flat top windows: each
    is a choice of `a`. Coefficients from the literature (Heinzel's flat top
    windows, Nuttall's) give any other member.

    Parameters
    ----------
    {M}
    a : array_like
        Coefficients ``a[0], a[1], ...``; a NumPy array, a list, or an array
        of any library (read on the host).
    {sym}
    {place}
        SciPy's own ``general_cosine`` has no `xp`/`device`; these are extras.

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] A. H. Nuttall, "Some windows with very good sidelobe behavior",
       IEEE Trans. Acoust., Speech, Signal Process. 29(1), 84-91, 1981.
    """
    return _host("general_cosine", M, core("host").host(a), sym, xp=xp, device=device)


@_documented
def general_hamming(
    M: int,
    alpha: float,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Generalised Hamming window: ``alpha - (1 - alpha) cos``.

    ``alpha = 0.54`` is the Hamming window, ``alpha = 0.5`` the Hann window.

    Parameters
    ----------
    {M}
    alpha : float
        Height of the cosine's pedestal, in [0, 1].
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("general_hamming", M, alpha, sym, xp=xp, device=device)


@_documented
def chebwin(
    M: int,
    at: float,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Dolph-Chebyshev window: all side lobes at one level, `at` dB below the main lobe.

    For a given side-lobe level it has the narrowest main lobe of all
    windows. Built from a Chebyshev polynomial in the frequency domain.

    Parameters
    ----------
    {M}
    at : float
        Side-lobe attenuation in dB (positive).
    {sym}
    {place}

    {returns}

    {raises}

    Warns
    -----
    UserWarning
        If ``abs(at) < 45`` (SciPy's warning): below about 45 dB the window's
        equivalent noise bandwidth no longer grows with the attenuation, which
        makes it a poor choice for spectral estimates.

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] C. L. Dolph, "A current distribution for broadside arrays which
       optimizes the relationship between beam width and side-lobe level",
       Proc. IRE 34(6), 335-348, 1946.
    .. [3] {harris}
    """
    return _host("chebwin", M, at, sym, xp=xp, device=device)


@_documented
def exponential(
    M: int,
    center: float | None = None,
    tau: float = 1.0,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Exponential (Poisson) window: ``exp(-|n - center| / tau)``.

    A two-sided exponential decay; with a `center` at one end, a one-sided
    decay (for transients that start at the window's start).

    Parameters
    ----------
    {M}
    center : float, optional
        Position of the peak, in samples; default the middle, ``(M - 1) / 2``.
        Only with ``sym=False``.
    tau : float, optional
        Decay constant in samples (default 1.0); ``tau = -(M - 1) / ln(x)``
        makes the window fall to `x` at the ends for a centred peak.
    {sym}
    {place}

    {returns}

    Raises
    ------
    ValueError
        If `M` is negative or not an integer, or `center` is given with
        ``sym=True``.

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    """
    return _host("exponential", M, center, tau, sym, xp=xp, device=device)


@_documented
def tukey(
    M: int,
    alpha: float = 0.5,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Tukey (tapered cosine) window: flat in the middle, cosine tapers at the ends.

    A fraction `alpha` of the window is taper (half at each end): ``alpha = 0``
    is the rectangular window, ``alpha = 1`` the Hann window. Keeps most of the
    record at full weight while smoothing its edges.

    Parameters
    ----------
    {M}
    alpha : float, optional
        Fraction of the window inside the tapers, in [0, 1]. Default 0.5.
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] {harris}
    """
    return _host("tukey", M, alpha, sym, xp=xp, device=device)


@_documented
def taylor(
    M: int,
    nbar: int = 4,
    sll: float = 30,
    norm: bool = True,
    sym: bool = True,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Taylor window: near side lobes at a set level, far ones decaying.

    Taylor's approximation of the Dolph-Chebyshev window for antenna arrays
    and radar: the `nbar` - 1 side lobes nearest the main lobe sit at about
    `sll` dB below it, the farther ones fall off, avoiding the Chebyshev
    window's edge spikes.

    Parameters
    ----------
    {M}
    nbar : int, optional
        Number of nearly constant side lobes next to the main lobe. Default 4.
    sll : float, optional
        Side-lobe suppression in dB relative to the main lobe (positive).
        Default 30.
    norm : bool, optional
        Scale the window so that its centre sample is 1 (for odd `M`; the
        middle two sit just below 1 for even `M`). Default True.
    {sym}
    {place}

    {returns}

    {raises}

    {host}

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] T. T. Taylor, "Design of line-source antennas for narrow beamwidth
       and low side lobes", IRE Trans. Antennas Propag. 3(1), 16-28, 1955.
    .. [3] A. W. Doerry, "Catalog of window taper functions for sidelobe
       control", Sandia National Laboratories, SAND2017-4042, 2017.
    """
    return _host("taylor", M, nbar, sll, norm, sym, xp=xp, device=device)


@_documented
def dpss(
    M: int,
    NW: float,
    Kmax: int | None = None,
    sym: bool = True,
    norm: int | str | None = None,
    return_ratios: bool = False,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array | tuple[Array, Array | float]:
    """Discrete prolate spheroidal sequences (DPSS, Slepian sequences).

    Among all sequences of `M` samples, the first DPSS concentrates the most
    energy in the band ``|f| < NW / M`` (cycles per sample); each next one
    does the same while orthogonal to those before. The first ``2 NW - 1`` or
    so are nearly fully concentrated: they are the tapers of multitaper
    spectral estimation.

    Parameters
    ----------
    {M}
    NW : float
        Time-half-bandwidth product, ``0 < NW < M / 2``; the concentration
        band is ``NW / M`` cycles per sample on each side of 0.
    Kmax : int, optional
        Number of sequences, ``1 <= Kmax <= M``. None (default) returns the
        first sequence alone, as a 1-D window.
    {sym}
    norm : {{2, "approximate", "subsample"}}, optional
        Scaling: 2 gives unit energy; "approximate" and "subsample" scale the
        first sequence's maximum to 1 with a correction for even `M` (by
        formula, or by a half-sample shift). Default "approximate" when `Kmax`
        is None, else 2.
    return_ratios : bool, optional
        Also return the concentration ratios (the fraction of each sequence's
        energy inside the band).
    {place}

    Returns
    -------
    v : array, float64, shape (Kmax, M), or (M,) when `Kmax` is None
        The sequences, one per row, in `xp` on `device` (SciPy returns
        shape (M,) whatever `Kmax` when ``M <= 1``).
    r : array, shape (Kmax,), or shape () when `Kmax` is None
        The concentration ratios, only with `return_ratios`, in `xp` on
        `device` (for ``M <= 1`` without `Kmax`, SciPy's Python float 1.0).

    Raises
    ------
    ValueError
        If `M` is negative or not an integer, `Kmax` is outside 1..`M`, `NW`
        is not within (0, M/2), or `norm` is unknown.

    {host} Both results are placed.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.windows.{name}`` (the reference semantics).
    .. [2] D. Slepian, "Prolate spheroidal wave functions, Fourier analysis, and
       uncertainty - V: The discrete case", Bell Syst. Tech. J. 57(5),
       1371-1430, 1978.
    .. [3] D. B. Percival and A. T. Walden, "Spectral Analysis for Physical
       Applications", Cambridge University Press, 1993.
    """
    return _host("dpss", M, NW, Kmax, sym, norm, return_ratios, xp=xp, device=device)
