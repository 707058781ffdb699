"""Discrete Fourier transforms with ``scipy.fft``'s names, signatures and dtype rules.

The transforms and shifts are multimethods that dispatch on the library of
`x`: NumPy arrays go to ``scipy.fft`` (pocketfft), other array-API arrays to
their library's ``fft`` extension through portable code. ``fftfreq``,
``rfftfreq`` and ``next_fast_len`` take no signal and are plain functions.

dtype rules (as ``scipy.fft``): boolean and integer input is computed in
float64; float16 and float32 in single precision (complex64 spectra), float64
in double precision (complex128). Real input to a complex transform is
treated as complex with zero imaginary part.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from ._typing import Array, Device, Namespace
from .dispatch import multimethod

__all__ = [
    "fft",
    "fft2",
    "fftfreq",
    "fftn",
    "fftshift",
    "hfft",
    "ifft",
    "ifft2",
    "ifftn",
    "ifftshift",
    "ihfft",
    "irfft",
    "irfft2",
    "irfftn",
    "next_fast_len",
    "rfft",
    "rfft2",
    "rfftfreq",
    "rfftn",
]

# Parameter text shared by the declarations (numpydoc sections, filled in by _doc).
_COMMON = """norm : {"backward", "ortho", "forward"}, optional
        Scaling: "backward" (default) leaves the forward transform unscaled
        and scales the inverse by ``1/n``; "ortho" scales both by
        ``1/sqrt(n)``; "forward" scales the forward transform by ``1/n``.
    overwrite_x : bool, optional
        Allow the NumPy backend to destroy `x`; other backends ignore it.
    workers : int, optional
        Threads for the NumPy backend (SciPy's meaning); other backends ignore it.
    plan : None
        Precomputed plans are not supported; must be None."""

_RAISES = """Raises
    ------
    ValueError
        If a transform length is smaller than 1, `norm` is unknown, or
        `axes` repeats an axis or does not match `s` in length.
    IndexError
        If an axis is out of range for `x`.
    NotImplementedError
        If `plan` is not None (as in SciPy).
    TypeError
        If a real-input transform (``rfft*``, ``ihfft``) receives complex `x`."""

_ONE_D = """Parameters
    ----------
    x : array, shape (..., m, ...)
        Input signal; its array library selects the backend. {xkind}
    n : int, optional
        Transform length {nwhat}. `x` is cropped or zero-padded along `axis`
        to {ninput}. Default: {ndefault}.
    axis : int, optional
        Axis along which to transform (default: last).
    {common}

    Returns
    -------
    out : array, same library and device as `x`
        {out} The length along `axis` is {outlen}; other axes are unchanged.

    {raises}

    References
    ----------
    .. [1] SciPy, ``scipy.fft.{name}`` (the reference semantics).
    """

_N_D = """Parameters
    ----------
    x : array
        Input signal; its array library selects the backend. {xkind}
    s : sequence of int, optional
        Transform lengths along `axes` {swhat}; ``-1`` keeps the input length.
        `x` is cropped or zero-padded to match. Default: {sdefault}.
    axes : sequence of int, optional
        Axes to transform. Default: {axesdefault} When `s` is given without
        `axes`, the last ``len(s)`` axes.
    {common}

    Returns
    -------
    out : array, same library and device as `x`
        {out}

    {raises}

    References
    ----------
    .. [1] SciPy, ``scipy.fft.{name}`` (the reference semantics).
    """

_COMPLEX_IN = "Real input is treated as complex."
_REAL_IN = "Must be real (boolean, integer or real floating)."


_F = TypeVar("_F", bound=Callable[..., Any])


def _doc(template: str, **fields: str) -> Callable[[_F], _F]:
    def decorate(func: _F) -> _F:
        func.__doc__ = (
            cast(str, func.__doc__)
            + "\n\n    "
            + template.format(common=_COMMON, raises=_RAISES, name=func.__name__, **fields)
        )
        return func

    return decorate


_CPLX_1D = dict(
    xkind=_COMPLEX_IN,
    nwhat="(number of input points used)",
    ninput="this length",
    ndefault="``x.shape[axis]``",
    out="Complex spectrum (complex64 for single precision, else complex128).",
    outlen="`n`",
)
_CPLX_ND = dict(
    xkind=_COMPLEX_IN,
    swhat="(number of input points used per axis)",
    sdefault="the input shape along `axes`",
    out="Complex array; its shape is the input's with ``s`` along `axes`.",
)


@multimethod(signal=("x",))
@_doc(_ONE_D, **_CPLX_1D)
def fft(
    x: Array,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the one-dimensional discrete Fourier transform along one axis."""


@multimethod(signal=("x",))
@_doc(_ONE_D, **_CPLX_1D)
def ifft(
    x: Array,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the one-dimensional inverse discrete Fourier transform along one axis."""


@multimethod(signal=("x",))
@_doc(
    _ONE_D,
    xkind=_REAL_IN,
    nwhat="(number of real input points used)",
    ninput="this length",
    ndefault="``x.shape[axis]``",
    out="Non-negative-frequency half of the spectrum of real `x` (complex).",
    outlen="``n // 2 + 1``",
)
def rfft(
    x: Array,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the discrete Fourier transform of real input (one-sided spectrum)."""


@multimethod(signal=("x",))
@_doc(
    _ONE_D,
    xkind="The one-sided spectrum of a real signal (real input is treated as complex).",
    nwhat="(length of the real output)",
    ninput="``n // 2 + 1`` points",
    ndefault="``2 * (m - 1)``",
    out="Real signal (float32 for single precision, else float64).",
    outlen="`n`",
)
def irfft(
    x: Array,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Invert ``rfft``: real signal from its one-sided spectrum."""


@multimethod(signal=("x",))
@_doc(
    _ONE_D,
    xkind="Half of a Hermitian-symmetric sequence (real input is treated as complex).",
    nwhat="(length of the real output)",
    ninput="``n // 2 + 1`` points",
    ndefault="``2 * (m - 1)``",
    out="Real spectrum, equal to ``irfft(conj(x), n)`` with the scaling direction swapped.",
    outlen="`n`",
)
def hfft(
    x: Array,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the FFT of a signal with Hermitian symmetry (a real spectrum)."""


@multimethod(signal=("x",))
@_doc(
    _ONE_D,
    xkind=_REAL_IN,
    nwhat="(number of real input points used)",
    ninput="this length",
    ndefault="``x.shape[axis]``",
    out="Complex, equal to ``conj(rfft(x, n))`` with the scaling direction swapped.",
    outlen="``n // 2 + 1``",
)
def ihfft(
    x: Array,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the inverse FFT of a real signal with Hermitian symmetric spectrum."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="the last two, ``(-2, -1)``.", **_CPLX_ND)
def fft2(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the two-dimensional discrete Fourier transform."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="the last two, ``(-2, -1)``.", **_CPLX_ND)
def ifft2(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the two-dimensional inverse discrete Fourier transform."""


_REAL_ND = dict(
    xkind=_REAL_IN,
    swhat="(number of real input points used per axis)",
    sdefault="the input shape along `axes`",
    out="Complex; the last transformed axis has length ``s[-1] // 2 + 1``.",
)
_IREAL_ND = dict(
    xkind="One-sided spectrum along the last axis of `axes` (real input is treated as complex).",
    swhat="(shape of the real output)",
    sdefault="the input shape, with ``2 * (m - 1)`` on the last axis",
    out="Real array of shape `s` along `axes`.",
)


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="the last two, ``(-2, -1)``.", **_REAL_ND)
def rfft2(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the two-dimensional discrete Fourier transform of real input."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="the last two, ``(-2, -1)``.", **_IREAL_ND)
def irfft2(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Invert ``rfft2``: real two-dimensional signal from its half spectrum."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="all axes.", **_CPLX_ND)
def fftn(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the N-dimensional discrete Fourier transform."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="all axes.", **_CPLX_ND)
def ifftn(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the N-dimensional inverse discrete Fourier transform."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="all axes.", **_REAL_ND)
def rfftn(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the N-dimensional discrete Fourier transform of real input."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="all axes.", **_IREAL_ND)
def irfftn(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Invert ``rfftn``: real N-dimensional signal from its half spectrum."""


@multimethod(signal=("x",))
def fftshift(x: Array, axes: int | Sequence[int] | None = None) -> Array:
    """Move the zero-frequency term to the centre of the spectrum.

    Parameters
    ----------
    x : array
        Spectrum in FFT order (as returned by ``fft``/``fftfreq``), any dtype;
        its array library selects the backend.
    axes : int or sequence of int, optional
        Axes to shift (default: all). Each is rolled by ``x.shape[axis] // 2``.

    Returns
    -------
    out : array, same shape, dtype, library and device as `x`

    Raises
    ------
    IndexError
        If an axis is out of range for `x`.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.fftshift`` (the reference semantics).
    """


@multimethod(signal=("x",))
def ifftshift(x: Array, axes: int | Sequence[int] | None = None) -> Array:
    """Undo ``fftshift``: put the zero-frequency term back at index 0.

    Parameters
    ----------
    x : array
        Centred spectrum, any dtype; its array library selects the backend.
    axes : int or sequence of int, optional
        Axes to shift (default: all). Each is rolled by ``-(x.shape[axis] // 2)``.

    Returns
    -------
    out : array, same shape, dtype, library and device as `x`

    Raises
    ------
    IndexError
        If an axis is out of range for `x`.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.ifftshift`` (the reference semantics).
    """


def fftfreq(
    n: int,
    d: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Return the sample frequencies of an ``n``-point FFT, in FFT order.

    Parameters
    ----------
    n : int
        Transform length.
    d : float, optional
        Sample spacing (seconds per sample gives frequencies in Hz). Default 1.
    xp : array namespace, optional
        Library of the result (``xp.fft.fftfreq`` builds it); NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    f : array, shape (n,)
        ``[0, 1, ..., n//2 - 1 (or (n-1)//2), -n//2, ..., -1] / (d * n)``.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.fftfreq`` (the reference; this function calls it).
    """
    import scipy.fft

    return scipy.fft.fftfreq(n, d, xp=xp, device=device)


def rfftfreq(
    n: int,
    d: float = 1.0,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Return the sample frequencies of an ``n``-point ``rfft`` (non-negative only).

    Parameters
    ----------
    n : int
        Transform length (of the real signal).
    d : float, optional
        Sample spacing (seconds per sample gives frequencies in Hz). Default 1.
    xp : array namespace, optional
        Library of the result (``xp.fft.rfftfreq`` builds it); NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    f : array, shape (n // 2 + 1,)
        ``[0, 1, ..., n // 2] / (d * n)``.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.rfftfreq`` (the reference; this function calls it).
    """
    import scipy.fft

    return scipy.fft.rfftfreq(n, d, xp=xp, device=device)


def next_fast_len(target: int, real: bool = False) -> int:
    """Return the smallest length >= `target` that the FFT computes fast.

    Parameters
    ----------
    target : int
        Minimum transform length (positive).
    real : bool, optional
        Whether the transform is real-input (``rfft``), which changes the
        admissible prime factors.

    Returns
    -------
    n : int
        A product of small primes (2, 3, 5, 7, 11 for complex transforms; 2, 3, 5 for real).

    Raises
    ------
    ValueError
        If `target` is negative.
    TypeError
        If `target` is not an integer.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.next_fast_len`` (the reference; this function calls it).
    """
    import scipy.fft

    return cast(int, scipy.fft.next_fast_len(target, real))
