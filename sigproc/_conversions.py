"""Conversions between filter representations, host-side: SciPy's results, in the caller's library.

Transfer functions ``(b, a)``, zeros/poles/gain ``(z, p, k)``, second-order
sections and state space ``(A, B, C, D)`` hold a few coefficients, so these are
plain functions (not multimethods) that run ``scipy.signal`` on the host, on NumPy
versions of their arguments. Arrays that go in come back in their own library and on
their own device (``tf2zpk(b_torch, a_torch)`` gives torch ``z``, ``p`` and
``k``); ``xp=``/``device=`` place the results where only lists or NumPy
arrays go in. SciPy's checks, errors and warnings (:class:`BadCoefficients`)
are SciPy's own. ``scipy.signal`` is imported on the first call, so
``import sigproc`` stays light; ``BadCoefficients`` is looked up on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

import numpy as np

from ._lazy import core
from ._lazy import scipy_signal as _signal
from ._typing import Array, ArrayLike, Device, Namespace

__all__ = [
    "abcd_normalize",
    "besselap",
    "bilinear",
    "bilinear_zpk",
    "buttap",
    "cheb1ap",
    "cheb2ap",
    "cont2discrete",
    "ellipap",
    "findfreqs",
    "invres",
    "invresz",
    "lp2bp",
    "lp2bp_zpk",
    "lp2bs",
    "lp2bs_zpk",
    "lp2hp",
    "lp2hp_zpk",
    "lp2lp",
    "lp2lp_zpk",
    "normalize",
    "place_poles",
    "residue",
    "residuez",
    "sos2tf",
    "sos2zpk",
    "ss2tf",
    "ss2zpk",
    "tf2sos",
    "tf2ss",
    "tf2zpk",
    "unique_roots",
    "zpk2sos",
    "zpk2ss",
    "zpk2tf",
]

#: Numerator and denominator ``(b, a)``.
BA: TypeAlias = tuple[Array, Array]
#: Zeros, poles and gain ``(z, p, k)``; the gain is a 0-D array of a non-NumPy
#: library, else a NumPy or Python scalar (as SciPy returns it).
ZPK: TypeAlias = tuple[Array, Array, Array]
#: State-space matrices ``(A, B, C, D)``.
SS: TypeAlias = tuple[Array, Array, Array, Array]
#: A continuous-time system: ``(num, den)``, ``(z, p, k)``, ``(A, B, C, D)`` or a SciPy ``lti``.
System: TypeAlias = Any

_F = TypeVar("_F", bound=Callable[..., Any])

if TYPE_CHECKING:
    #: SciPy's own ``scipy.signal.BadCoefficients`` (a UserWarning subclass).
    BadCoefficients: type[UserWarning]
else:

    def __getattr__(name):
        # SciPy's own class, so that users' filters catch SciPy's warnings; looked up on
        # first use so that `import sigproc` does not import SciPy (PEP 562).
        if name == "BadCoefficients":
            return _signal().BadCoefficients
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _target(*args: Any, xp: Namespace | None, device: Device) -> tuple[Any, Device]:
    """Library and device of the results: `xp` when given, else the first non-NumPy input's."""
    if xp is None:
        xp, found = core("host").library_of(*args)
        device = found if device is None else device
    return xp, device


def _with_gain(result: Any, *, xp: Namespace | None, device: Device) -> Any:
    """``(z, p, k, ...)`` with a NumPy-scalar `k` as a 0-D array of a non-NumPy `xp`.

    SciPy's own array-API path returns the gain so (Python floats stay floats).
    """
    from array_api_compat import is_numpy_namespace

    if xp is None or is_numpy_namespace(xp) or not isinstance(result[2], np.generic):
        return result
    k = core("host").place(np.asarray(result[2]), xp=xp, device=device)
    return (*result[:2], k, *result[3:])


def _convert(
    name: str, *args: Any, xp: Namespace | None, device: Device, gain: bool = False, **kwargs: Any
) -> Any:
    """``scipy.signal.<name>(*args, **kwargs)`` on the host, its arrays placed (see `_target`).

    With `gain`, the result is ``(z, p, k)`` (see `_with_gain`).
    """
    xp, device = _target(*args, *kwargs.values(), xp=xp, device=device)
    result = core("host").on_host(getattr(_signal(), name), *args, xp=xp, device=device, **kwargs)
    return _with_gain(result, xp=xp, device=device) if gain else result


_FRAGMENTS = {
    "placement": """xp : array namespace, optional
        Library of the results, in place of the inputs' (NumPy when every
        input is a list or a NumPy array).
    device : device, optional
        Device of the results (default: the inputs' device, or `xp`'s default).""",
    "host": "Computed on the host by SciPy; arrays come back in the library and on the\n"
    "    device of the input arrays (NumPy for lists), or as `xp`/`device` say.",
    "ba": """b, a : array_like, 1-D
        Numerator and denominator polynomial coefficients, highest power first.""",
    "zpk": """z, p : array_like, 1-D
        Zeros and poles.
    k : float or 0-D array_like
        System gain.""",
    "ss": """A, B, C, D : array_like, 2-D
        State-space matrices: A (n, n), B (n, n_inputs), C (n_outputs, n),
        D (n_outputs, n_inputs).""",
    "wo": """wo : float, optional
        Target cutoff or centre frequency, in rad/s (default 1).""",
    "bw": """bw : float, optional
        Target bandwidth, in rad/s (default 1).""",
    "order": """N : int
        Filter order (number of poles).""",
    "zpk_out": """z, p : array, 1-D
        Zeros and poles.
    k : float or 0-D array
        System gain (a 0-D array when the results are not NumPy).""",
    "ba_out": """b, a : array, 1-D
        Numerator and denominator, highest power first.""",
    "proto": """z : array, 1-D
        Zeros (none but for the Chebyshev type II and elliptic prototypes).
    p : array, 1-D, complex128
        Poles, in the left half-plane.
    k : float or 0-D array
        Gain, for a unit passband (a 0-D array when `xp` is not NumPy and
        SciPy computed it).""",
    "residue_tol": """tol : float, optional
        Distance below which two poles count as one repeated pole.
    rtype : {"avg", "min", "max"}, optional
        Which of a group of close poles stands for the group.""",
    "proto_placement": """xp : array namespace, optional
        Library of the results (default NumPy).
    device : device, optional
        Device of the results, with `xp`.""",
    "ref": ".. [1] SciPy, ``scipy.signal.{name}`` (run on the host to compute the result).",
}


def _doc(func: _F) -> _F:
    """Fill the ``{fragment}`` fields of `func`'s docstring."""
    fields = {**_FRAGMENTS, "ref": _FRAGMENTS["ref"].format(name=func.__name__)}
    func.__doc__ = cast(str, func.__doc__).format_map(fields)
    return func


# --- transfer function, zeros/poles/gain, second-order sections ----------------------


@_doc
def tf2zpk(
    b: ArrayLike, a: ArrayLike, *, xp: Namespace | None = None, device: Device = None
) -> ZPK:
    """Zeros, poles and gain of a transfer function.

    {host}

    Parameters
    ----------
    {ba}
        Leading zeros of `b` are dropped; its first coefficient should be
        nonzero (else :class:`BadCoefficients` is warned).
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If `a` is all zeros or not 1-D, or `b` is not 1-D or 2-D (SciPy's checks).

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("tf2zpk", b, a, xp=xp, device=device, gain=True))


@_doc
def zpk2tf(
    z: ArrayLike, p: ArrayLike, k: ArrayLike, *, xp: Namespace | None = None, device: Device = None
) -> BA:
    """Transfer function of a system given by its zeros, poles and gain.

    {host}

    Parameters
    ----------
    z, p : array_like, 1-D or 2-D
        Zeros and poles (rows of a 2-D `z` are the zeros of several numerators).
    k : float or array_like, 1-D
        System gain (one per row of a 2-D `z`).
    {placement}

    Returns
    -------
    b, a : array
        Numerator (one row per row of `z`) and denominator, highest power
        first; real when the roots come in conjugate pairs.

    Raises
    ------
    ValueError
        If `z` has more than two dimensions (SciPy's polynomial expansion fails).

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("zpk2tf", z, p, k, xp=xp, device=device))


@_doc
def zpk2sos(
    z: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    pairing: str | None = None,
    *,
    analog: bool = False,
    xp: Namespace | None = None,
    device: Device = None,
) -> Array:
    """Second-order sections of a system given by its zeros, poles and gain.

    {host}

    Parameters
    ----------
    {zpk}
    pairing : {{None, "nearest", "keep_odd", "minimal"}}, optional
        How poles and zeros are paired into sections (default "nearest" for
        digital, "minimal" for analog systems).
    analog : bool, optional
        The system is analog (sections in s, rather than z).
    {placement}

    Returns
    -------
    sos : array, shape (n_sections, 6)
        Sections ``[b0, b1, b2, a0, a1, a2]``, ordered so that the last one
        has the poles closest to the unit circle (digital) or the imaginary axis.

    Raises
    ------
    ValueError
        If `pairing` is unknown or not "minimal" for an analog system, if an
        analog system has more zeros than poles, or if `k` is not real.

    References
    ----------
    {ref}
    """
    return _convert("zpk2sos", z, p, k, pairing, analog=analog, xp=xp, device=device)


@_doc
def tf2sos(
    b: ArrayLike,
    a: ArrayLike,
    pairing: str | None = None,
    *,
    analog: bool = False,
    xp: Namespace | None = None,
    device: Device = None,
) -> Array:
    """Second-order sections of a transfer function.

    {host}

    Parameters
    ----------
    {ba}
    pairing : {{None, "nearest", "keep_odd", "minimal"}}, optional
        How poles and zeros are paired into sections (see `zpk2sos`).
    analog : bool, optional
        The system is analog.
    {placement}

    Returns
    -------
    sos : array, shape (n_sections, 6)
        Sections ``[b0, b1, b2, a0, a1, a2]``.

    Raises
    ------
    ValueError
        For the arguments `tf2zpk` or `zpk2sos` reject.

    References
    ----------
    {ref}
    """
    return _convert("tf2sos", b, a, pairing, analog=analog, xp=xp, device=device)


@_doc
def sos2tf(sos: ArrayLike, *, xp: Namespace | None = None, device: Device = None) -> BA:
    """Transfer function of cascaded second-order sections.

    {host}

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Sections ``[b0, b1, b2, a0, a1, a2]``.
    {placement}

    Returns
    -------
    b, a : array, shape (2 * n_sections + 1,)
        Numerator and denominator, highest power first.

    Raises
    ------
    ValueError
        If `sos` is not of shape (n_sections, 6).

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("sos2tf", sos, xp=xp, device=device))


@_doc
def sos2zpk(sos: ArrayLike, *, xp: Namespace | None = None, device: Device = None) -> ZPK:
    """Zeros, poles and gain of cascaded second-order sections.

    {host}

    Parameters
    ----------
    sos : array_like, shape (n_sections, 6)
        Sections ``[b0, b1, b2, a0, a1, a2]``.
    {placement}

    Returns
    -------
    z, p : array, shape (2 * n_sections,), complex128
        Zeros and poles, two per section (some possibly at the origin).
    k : float or 0-D array
        System gain.

    Raises
    ------
    ValueError
        If `sos` is not of shape (n_sections, 6).

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("sos2zpk", sos, xp=xp, device=device, gain=True))


@_doc
def normalize(
    b: ArrayLike, a: ArrayLike, *, xp: Namespace | None = None, device: Device = None
) -> BA:
    """Transfer function scaled so that the denominator's first coefficient is 1.

    Leading zeros of both polynomials are dropped.

    {host}

    Parameters
    ----------
    b : array_like, 1-D or 2-D
        Numerator (one per row for several outputs), highest power first.
    a : array_like, 1-D
        Denominator, highest power first.
    {placement}

    Returns
    -------
    b, a : array
        Normalised numerator and denominator.

    Raises
    ------
    ValueError
        If `a` is not 1-D or all zeros, or `b` is not 1-D or 2-D.

    Warns
    -----
    BadCoefficients
        If the numerator's leading coefficients are nearly zero (the result
        may be meaningless).

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("normalize", b, a, xp=xp, device=device))


# --- state space -----------------------------------------------------------------------


@_doc
def tf2ss(
    num: ArrayLike, den: ArrayLike, *, xp: Namespace | None = None, device: Device = None
) -> SS:
    """State-space (controller canonical) form of a transfer function.

    {host}

    Parameters
    ----------
    num : array_like, 1-D or 2-D
        Numerator (one row per output), highest power first.
    den : array_like, 1-D
        Denominator, highest power first.
    {placement}

    Returns
    -------
    A, B, C, D : array, 2-D
        State-space matrices.

    Raises
    ------
    ValueError
        If the numerator's degree exceeds the denominator's (improper system).

    References
    ----------
    {ref}
    """
    return cast(SS, _convert("tf2ss", num, den, xp=xp, device=device))


@_doc
def ss2tf(
    A: ArrayLike,
    B: ArrayLike,
    C: ArrayLike,
    D: ArrayLike,
    input: int = 0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Transfer function from one input of a state-space system.

    {host}

    Parameters
    ----------
    {ss}
    input : int, optional
        Index of the input whose transfer function is wanted.
    {placement}

    Returns
    -------
    num : array, shape (n_outputs, n + 1)
        Numerators, one row per output, highest power first.
    den : array, shape (n + 1,)
        Denominator.

    Raises
    ------
    ValueError
        If the matrices' shapes disagree or the system has no input `input`.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("ss2tf", A, B, C, D, input, xp=xp, device=device))


@_doc
def zpk2ss(
    z: ArrayLike, p: ArrayLike, k: ArrayLike, *, xp: Namespace | None = None, device: Device = None
) -> SS:
    """State-space form of a system given by its zeros, poles and gain.

    {host}

    Parameters
    ----------
    {zpk}
    {placement}

    Returns
    -------
    A, B, C, D : array, 2-D
        State-space matrices (controller canonical form).

    Raises
    ------
    ValueError
        If the system has more zeros than poles.

    References
    ----------
    {ref}
    """
    return cast(SS, _convert("zpk2ss", z, p, k, xp=xp, device=device))


@_doc
def ss2zpk(
    A: ArrayLike,
    B: ArrayLike,
    C: ArrayLike,
    D: ArrayLike,
    input: int = 0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> ZPK:
    """Zeros, poles and gain from one input of a state-space system.

    {host}

    Parameters
    ----------
    {ss}
    input : int, optional
        Index of the input.
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If the matrices' shapes disagree or the system has no input `input`.

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("ss2zpk", A, B, C, D, input, xp=xp, device=device, gain=True))


@_doc
def abcd_normalize(
    A: ArrayLike | None = None,
    B: ArrayLike | None = None,
    C: ArrayLike | None = None,
    D: ArrayLike | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> SS:
    """State-space matrices checked, made 2-D, and missing ones filled with zeros.

    {host}

    Parameters
    ----------
    A, B, C, D : array_like, optional
        State-space matrices; each missing one becomes zeros of the shape
        the others imply.
    {placement}

    Returns
    -------
    A, B, C, D : array, 2-D
        The four matrices, with consistent shapes.

    Raises
    ------
    ValueError
        If a dimension cannot be inferred or the shapes disagree.

    References
    ----------
    {ref}
    """
    return cast(SS, _convert("abcd_normalize", A, B, C, D, xp=xp, device=device))


@_doc
def cont2discrete(
    system: System,
    dt: float,
    method: str = "zoh",
    alpha: float | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> Any:
    """Discretise a continuous-time system.

    {host}
    The result is SciPy's structure, its arrays placed.

    Parameters
    ----------
    system : tuple or scipy.signal.lti
        ``(num, den)``, ``(z, p, k)`` or ``(A, B, C, D)``, or a SciPy ``lti``
        instance (whose ``to_discrete`` is called; its arrays stay NumPy).
    dt : float
        Sampling period, in the time unit of the system (s for rad/s).
    method : str, optional
        "zoh" or "foh" (zero- or first-order hold; default "zoh"), "impulse"
        (impulse invariance), or the generalised bilinear transform: "gbt"
        with `alpha`, "bilinear" (or "tustin", alpha 0.5), "euler" (or
        "forward_diff", alpha 0), "backward_diff" (alpha 1).
    alpha : float, optional
        Weight of the generalised bilinear transform, in [0, 1]; ``method="gbt"`` only.
    {placement}

    Returns
    -------
    sysd : tuple or scipy.signal.dlti
        ``(num, den, dt)``, ``(z, p, k, dt)`` or ``(A, B, C, D, dt)`` like
        `system`, or SciPy's ``dlti`` for an ``lti`` input.

    Raises
    ------
    ValueError
        For a tuple of another length, an unknown `method`, a missing or
        out-of-range `alpha` with "gbt", or "impulse" on a system with a
        direct feedthrough.

    References
    ----------
    {ref}
    .. [2] G. Zhang, X. Chen and T. Chen, "Digital redesign via the generalized
       bilinear transformation", Int. J. Control 82(4), pp. 741-754, 2009.
    .. [3] G. F. Franklin, J. D. Powell and M. L. Workman, Digital Control of
       Dynamic Systems, 3rd ed., Addison-Wesley, 1998, pp. 204-206 (first-order hold).
    """
    xp, device = _target(system, xp=xp, device=device)
    func = _signal().cont2discrete
    result = core("host").on_host(func, system, dt, method, alpha, xp=xp, device=device)
    if isinstance(result, tuple) and len(result) == 4:  # (z, p, k, dt)
        return _with_gain(result, xp=xp, device=device)
    return result


@_doc
def place_poles(
    A: ArrayLike,
    B: ArrayLike,
    poles: ArrayLike,
    method: str = "YT",
    rtol: float = 1e-3,
    maxiter: int = 30,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> Any:
    """State-feedback gain that places the closed-loop poles of ``A - B K``.

    {host}
    The result is SciPy's ``Bunch``; its array attributes are placed,
    `rtol` and `nb_iter` stay scalars.

    Parameters
    ----------
    A : array_like, shape (n, n)
        System matrix.
    B : array_like, shape (n, m)
        Input matrix.
    poles : array_like, shape (n,)
        Wanted closed-loop poles; complex ones in conjugate pairs.
    method : {{"YT", "KNV0"}}, optional
        Tits and Yang's method (default) or Kautsky, Nichols and Van Dooren's.
    rtol : float, optional
        Stop when the determinant of the eigenvectors changes by less.
    maxiter : int, optional
        Most iterations.
    {placement}

    Returns
    -------
    full_state_feedback : Bunch
        ``gain_matrix`` (m, n), ``computed_poles``, ``requested_poles``,
        ``X`` (closed-loop eigenvectors), ``rtol`` and ``nb_iter``.

    Raises
    ------
    ValueError
        For shapes that disagree, poles repeated more often than rank(B),
        complex poles not in pairs or with "KNV0", an unknown `method`,
        ``maxiter < 1`` or ``rtol > 1``, or poles that cannot be placed.

    Warns
    -----
    UserWarning
        If the wanted tolerance is not reached (SciPy's warning).

    References
    ----------
    {ref}
    .. [2] J. Kautsky, N. K. Nichols and P. Van Dooren, "Robust pole assignment
       in linear state feedback", Int. J. Control 41(5), pp. 1129-1155, 1985.
    .. [3] A. L. Tits and Y. Yang, "Globally convergent algorithms for robust
       pole assignment by state feedback", IEEE Trans. Autom. Control 41(10),
       pp. 1432-1452, 1996.
    """
    xp, device = _target(A, B, poles, xp=xp, device=device)
    result = core("host").on_host(_signal().place_poles, A, B, poles, method, rtol, maxiter)
    if xp is None:
        return result
    placed = core("host").place(vars(result), xp=xp, device=device)
    return type(result)(**placed)


# --- analog to digital, frequency transformations of analog prototypes ------------------


@_doc
def bilinear(
    b: ArrayLike,
    a: ArrayLike,
    fs: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Digital filter from an analog one by the bilinear transform (Tustin).

    Substitutes ``s = 2 fs (z - 1) / (z + 1)``; no frequency prewarping.
    {host}

    Parameters
    ----------
    b, a : array_like, 1-D
        Numerator and denominator of the analog transfer function, highest power first.
    fs : float, optional
        Sampling frequency, in Hz (default 1).
    {placement}

    Returns
    -------
    {ba_out}

    Raises
    ------
    ValueError
        If `b` or `a` is not 1-D, or `fs` is not a positive scalar.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("bilinear", b, a, fs, xp=xp, device=device))


@_doc
def bilinear_zpk(
    z: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    fs: float,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> ZPK:
    """Digital zeros, poles and gain from analog ones by the bilinear transform.

    Zeros at infinity go to Nyquist (z = -1).

    {host}

    Parameters
    ----------
    {zpk}
    fs : float
        Sampling frequency, in Hz.
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If there are more zeros than poles, or `fs` is not a positive scalar.

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("bilinear_zpk", z, p, k, fs, xp=xp, device=device, gain=True))


@_doc
def lp2lp(
    b: ArrayLike,
    a: ArrayLike,
    wo: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Analog lowpass prototype moved to the cutoff `wo` (``s -> s / wo``).

    {host}

    Parameters
    ----------
    {ba}
    {wo}
    {placement}

    Returns
    -------
    {ba_out}

    Raises
    ------
    ValueError
        If `b` or `a` is not 1-D, or `a` is all zeros.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("lp2lp", b, a, wo, xp=xp, device=device))


@_doc
def lp2hp(
    b: ArrayLike,
    a: ArrayLike,
    wo: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Analog highpass filter of cutoff `wo` from a lowpass prototype (``s -> wo / s``).

    {host}

    Parameters
    ----------
    {ba}
    {wo}
    {placement}

    Returns
    -------
    {ba_out}

    Raises
    ------
    ValueError
        If `b` or `a` is not 1-D, or `a` is all zeros.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("lp2hp", b, a, wo, xp=xp, device=device))


@_doc
def lp2bp(
    b: ArrayLike,
    a: ArrayLike,
    wo: float = 1.0,
    bw: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Analog bandpass filter from a lowpass prototype (``s -> (s**2 + wo**2) / (s bw)``).

    The order doubles.

    {host}

    Parameters
    ----------
    {ba}
    {wo}
    {bw}
    {placement}

    Returns
    -------
    {ba_out}

    Raises
    ------
    ValueError
        If `b` or `a` is not 1-D, or `a` is all zeros.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("lp2bp", b, a, wo, bw, xp=xp, device=device))


@_doc
def lp2bs(
    b: ArrayLike,
    a: ArrayLike,
    wo: float = 1.0,
    bw: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Analog bandstop filter from a lowpass prototype (``s -> s bw / (s**2 + wo**2)``).

    The order doubles.

    {host}

    Parameters
    ----------
    {ba}
    {wo}
    {bw}
    {placement}

    Returns
    -------
    {ba_out}

    Raises
    ------
    ValueError
        If `b` or `a` is not 1-D, or `a` is all zeros.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("lp2bs", b, a, wo, bw, xp=xp, device=device))


@_doc
def lp2lp_zpk(
    z: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    wo: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> ZPK:
    """Analog lowpass prototype, as zeros/poles/gain, moved to the cutoff `wo`.

    {host}

    Parameters
    ----------
    {zpk}
    {wo}
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If there are more zeros than poles (improper system).

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("lp2lp_zpk", z, p, k, wo, xp=xp, device=device, gain=True))


@_doc
def lp2hp_zpk(
    z: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    wo: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> ZPK:
    """Analog highpass zeros/poles/gain of cutoff `wo` from a lowpass prototype.

    Zeros at infinity move to the origin.

    {host}

    Parameters
    ----------
    {zpk}
    {wo}
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If there are more zeros than poles (improper system).

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("lp2hp_zpk", z, p, k, wo, xp=xp, device=device, gain=True))


@_doc
def lp2bp_zpk(
    z: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    wo: float = 1.0,
    bw: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> ZPK:
    """Analog bandpass zeros/poles/gain from a lowpass prototype.

    Each root becomes two; zeros at infinity give zeros at the origin.

    {host}

    Parameters
    ----------
    {zpk}
    {wo}
    {bw}
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If there are more zeros than poles (improper system).

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("lp2bp_zpk", z, p, k, wo, bw, xp=xp, device=device, gain=True))


@_doc
def lp2bs_zpk(
    z: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    wo: float = 1.0,
    bw: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> ZPK:
    """Analog bandstop zeros/poles/gain from a lowpass prototype.

    Each root becomes two; zeros at infinity give zeros at ``+-j wo``.

    {host}

    Parameters
    ----------
    {zpk}
    {wo}
    {bw}
    {placement}

    Returns
    -------
    {zpk_out}

    Raises
    ------
    ValueError
        If there are more zeros than poles (improper system).

    References
    ----------
    {ref}
    """
    return cast(ZPK, _convert("lp2bs_zpk", z, p, k, wo, bw, xp=xp, device=device, gain=True))


@_doc
def findfreqs(
    num: ArrayLike,
    den: ArrayLike,
    N: int,
    kind: str = "ba",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> Array:
    """Angular frequencies that show an analog filter's response.

    Logarithmically spaced, from below the lowest to above the highest
    pole or zero.

    {host}

    Parameters
    ----------
    num, den : array_like, 1-D
        Numerator and denominator coefficients (``kind="ba"``), or zeros and
        poles (``kind="zp"``).
    N : int
        Number of frequencies.
    kind : {{"ba", "zp"}}, optional
        What `num` and `den` hold.
    {placement}

    Returns
    -------
    w : array, shape (N,)
        Angular frequencies, in rad/s.

    Raises
    ------
    ValueError
        If `kind` is neither "ba" nor "zp".

    References
    ----------
    {ref}
    """
    return _convert("findfreqs", num, den, N, kind, xp=xp, device=device)


# --- partial fractions -------------------------------------------------------------------


@_doc
def residue(
    b: ArrayLike,
    a: ArrayLike,
    tol: float = 1e-3,
    rtype: str = "avg",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array, Array]:
    """Partial-fraction expansion of ``b(s) / a(s)``.

    ``b(s)/a(s) = sum_i r[i] / (s - p[i])**m + k(s)``, with the power `m` rising
    along a run of repeated poles.

    {host}

    Parameters
    ----------
    {ba}
    {residue_tol}
    {placement}

    Returns
    -------
    r : array, complex128
        Residues, one per pole.
    p : array, complex128
        Poles, by increasing magnitude; repeated ones side by side.
    k : array, float64
        Coefficients of the direct polynomial term, highest power first.

    Raises
    ------
    ValueError
        If `a` is all zeros or `rtype` is unknown.

    References
    ----------
    {ref}
    """
    return cast(
        tuple[Array, Array, Array], _convert("residue", b, a, tol, rtype, xp=xp, device=device)
    )


@_doc
def residuez(
    b: ArrayLike,
    a: ArrayLike,
    tol: float = 1e-3,
    rtype: str = "avg",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array, Array]:
    """Partial-fraction expansion of ``b(z) / a(z)`` in powers of ``z**-1``.

    ``b(z)/a(z) = sum_i r[i] / (1 - p[i] z**-1)**m + k(z)``.

    {host}

    Parameters
    ----------
    b, a : array_like, 1-D
        Numerator and denominator coefficients, in increasing powers of ``z**-1``.
    {residue_tol}
    {placement}

    Returns
    -------
    r : array, complex128
        Residues, one per pole.
    p : array, complex128
        Poles, by increasing magnitude; repeated ones side by side.
    k : array
        Coefficients of the direct polynomial term, in increasing powers of ``z**-1``.

    Raises
    ------
    ValueError
        If `a` is all zeros or ``a[0]`` is zero, or `rtype` is unknown.

    References
    ----------
    {ref}
    """
    return cast(
        tuple[Array, Array, Array], _convert("residuez", b, a, tol, rtype, xp=xp, device=device)
    )


@_doc
def invres(
    r: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    tol: float = 1e-3,
    rtype: str = "avg",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Transfer function ``b(s) / a(s)`` from its partial-fraction expansion.

    The inverse of `residue`.

    {host}

    Parameters
    ----------
    r : array_like
        Residues, one per pole (see `residue` for repeated poles).
    p : array_like
        Poles.
    k : array_like
        Coefficients of the direct polynomial term, highest power first.
    {residue_tol}
    {placement}

    Returns
    -------
    b, a : array, 1-D
        Numerator and denominator, highest power first.

    Raises
    ------
    ValueError
        If `rtype` is unknown.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("invres", r, p, k, tol, rtype, xp=xp, device=device))


@_doc
def invresz(
    r: ArrayLike,
    p: ArrayLike,
    k: ArrayLike,
    tol: float = 1e-3,
    rtype: str = "avg",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> BA:
    """Transfer function ``b(z) / a(z)`` from its partial-fraction expansion.

    The inverse of `residuez`; coefficients in increasing powers of ``z**-1``.

    {host}

    Parameters
    ----------
    r : array_like
        Residues, one per pole (see `residuez` for repeated poles).
    p : array_like
        Poles.
    k : array_like
        Coefficients of the direct polynomial term, in increasing powers of ``z**-1``.
    {residue_tol}
    {placement}

    Returns
    -------
    b, a : array, 1-D
        Numerator and denominator, in increasing powers of ``z**-1``.

    Raises
    ------
    ValueError
        If `rtype` is unknown.

    References
    ----------
    {ref}
    """
    return cast(BA, _convert("invresz", r, p, k, tol, rtype, xp=xp, device=device))


@_doc
def unique_roots(
    p: ArrayLike,
    tol: float = 1e-3,
    rtype: str = "min",
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Distinct roots and their multiplicities, roots closer than `tol` counting as one.

    {host}

    Parameters
    ----------
    p : array_like, 1-D
        Roots.
    tol : float, optional
        Distance below which two roots count as one.
    rtype : {{"min", "max", "avg"}}, optional
        Which of a group stands for it: smallest or largest magnitude
        ("minimum", "maximum" accepted), or the mean ("mean" accepted).
    {placement}

    Returns
    -------
    unique : array, 1-D
        Distinct roots.
    multiplicity : array, 1-D, int64
        How many roots each one stands for.

    Raises
    ------
    ValueError
        If `rtype` is unknown.

    References
    ----------
    {ref}
    """
    return cast(tuple[Array, Array], _convert("unique_roots", p, tol, rtype, xp=xp, device=device))


# --- analog lowpass prototypes (no array goes in: `xp`, `device` place the result) -----


def _prototype(name: str, *args: Any, xp: Namespace | None, device: Device) -> ZPK:
    """SciPy's prototype `name` computed as NumPy, placed in `xp` on `device`."""
    result = getattr(_signal(), name)(*args)
    placed = core("host").place(result, xp=xp, device=device)
    return cast(ZPK, _with_gain(placed, xp=xp, device=device))


@_doc
def buttap(N: int, *, xp: Namespace | None = None, device: Device = None) -> ZPK:
    """Analog Butterworth lowpass prototype, cutoff 1 rad/s.

    Poles evenly spaced on the left half of the unit circle; no zeros.
    Computed on the host by SciPy.

    Parameters
    ----------
    {order}
    {proto_placement}

    Returns
    -------
    {proto}

    Raises
    ------
    ValueError
        If `N` is not a nonnegative integer.

    References
    ----------
    {ref}
    """
    return _prototype("buttap", N, xp=xp, device=device)


@_doc
def cheb1ap(N: int, rp: float, *, xp: Namespace | None = None, device: Device = None) -> ZPK:
    """Analog Chebyshev type I lowpass prototype.

    Equiripple passband of `rp` dB up to 1 rad/s, the edge where the
    response first drops below ``-rp`` dB. Computed on the host by SciPy.

    Parameters
    ----------
    {order}
    rp : float
        Passband ripple, in dB (positive).
    {proto_placement}

    Returns
    -------
    {proto}

    Raises
    ------
    ValueError
        If `N` is not a nonnegative integer.

    References
    ----------
    {ref}
    """
    return _prototype("cheb1ap", N, rp, xp=xp, device=device)


@_doc
def cheb2ap(N: int, rs: float, *, xp: Namespace | None = None, device: Device = None) -> ZPK:
    """Analog Chebyshev type II lowpass prototype.

    Equiripple stopband at least `rs` dB down from 1 rad/s, the edge where
    the response first reaches ``-rs`` dB. Computed on the host by SciPy.

    Parameters
    ----------
    {order}
    rs : float
        Stopband attenuation, in dB (positive).
    {proto_placement}

    Returns
    -------
    {proto}

    Raises
    ------
    ValueError
        If `N` is not a nonnegative integer.

    References
    ----------
    {ref}
    """
    return _prototype("cheb2ap", N, rs, xp=xp, device=device)


@_doc
def ellipap(
    N: int, rp: float, rs: float, *, xp: Namespace | None = None, device: Device = None
) -> ZPK:
    """Analog elliptic (Cauer) lowpass prototype.

    Equiripple passband of `rp` dB up to 1 rad/s and equiripple stopband at
    least `rs` dB down. Computed on the host by SciPy.

    Parameters
    ----------
    {order}
    rp : float
        Passband ripple, in dB (positive).
    rs : float
        Stopband attenuation, in dB (positive).
    {proto_placement}

    Returns
    -------
    {proto}

    Raises
    ------
    ValueError
        If `N` is not a nonnegative integer, or no filter meets `rp` and `rs`.

    References
    ----------
    {ref}
    .. [2] A. Antoniou, Digital Filters: Analysis, Design, and Signal
       Processing, 2nd ed., McGraw-Hill, 2005, ch. 5 (elliptic approximation).
    """
    return _prototype("ellipap", N, rp, rs, xp=xp, device=device)


@_doc
def besselap(
    N: int, norm: str = "phase", *, xp: Namespace | None = None, device: Device = None
) -> ZPK:
    """Analog Bessel/Thomson lowpass prototype (maximally flat group delay).

    Computed on the host by SciPy.

    Parameters
    ----------
    {order}
    norm : {{"phase", "delay", "mag"}}, optional
        Normalisation at 1 rad/s: phase midpoint (-N pi / 4 rad; default),
        unit group delay at DC, or -3 dB magnitude.
    {proto_placement}

    Returns
    -------
    {proto}

    Raises
    ------
    ValueError
        If `N` is not a nonnegative integer, or `norm` is unknown.

    References
    ----------
    {ref}
    .. [2] W. E. Thomson, "Delay networks having maximally flat frequency
       characteristics", Proc. IEE Part III 96(44), pp. 487-490, 1949.
    """
    return _prototype("besselap", N, norm, xp=xp, device=device)
