"""Discrete Fourier transforms with ``scipy.fft``'s names, signatures and dtype rules.

The transforms (Fourier, Hermitian, cosine and sine, fast Hankel) and the
shifts are multimethods that dispatch on the library of their signal: NumPy
arrays go to ``scipy.fft`` (pocketfft), other array-API arrays to their
library's ``fft`` extension through portable code (torch's own kernels where
torch has the transform). ``fftfreq``, ``rfftfreq``, ``next_fast_len``,
``prev_fast_len``, ``fhtoffset``, ``get_workers`` and ``set_workers`` take no
signal and are plain functions.

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
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from ._typing import Array, Device, Namespace
from .dispatch import multimethod

__all__ = [
    "dct",
    "dctn",
    "dst",
    "dstn",
    "fft",
    "fft2",
    "fftfreq",
    "fftn",
    "fftshift",
    "fht",
    "fhtoffset",
    "get_workers",
    "hfft",
    "hfft2",
    "hfftn",
    "idct",
    "idctn",
    "idst",
    "idstn",
    "ifft",
    "ifft2",
    "ifftn",
    "ifftshift",
    "ifht",
    "ihfft",
    "ihfft2",
    "ihfftn",
    "irfft",
    "irfft2",
    "irfftn",
    "next_fast_len",
    "prev_fast_len",
    "rfft",
    "rfft2",
    "rfftfreq",
    "rfftn",
    "set_workers",
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
        `axes` repeats an axis or does not match `s` in length, or is empty
        for a transform with real input or output (``rfftn``, ``hfftn``, ...).
    IndexError
        If an axis is out of range for `x`.
    NotImplementedError
        If `plan` is not None (as in SciPy).
    TypeError
        If a real-input transform (``rfft*``, ``ihfft*``) receives complex `x`."""

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


_HERM_ND = dict(
    xkind="Half of a Hermitian-symmetric signal along the last axis of `axes` "
    "(real input is treated as complex).",
    swhat="(shape of the real output)",
    sdefault="the input shape, with ``2 * (m - 1)`` on the last axis",
    out="Real array of shape `s` along `axes`, equal to ``irfftn(conj(x), s, axes)`` "
    "with the scaling direction swapped (float32 for single precision, else float64).",
)
_IHERM_ND = dict(
    xkind=_REAL_IN,
    swhat="(number of real input points used per axis)",
    sdefault="the input shape along `axes`",
    out="Complex, equal to ``conj(rfftn(x, s, axes))`` with the scaling direction "
    "swapped; the last transformed axis has length ``s[-1] // 2 + 1``.",
)


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="the last two, ``(-2, -1)``.", **_HERM_ND)
def hfft2(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the two-dimensional FFT of a Hermitian-symmetric signal (a real result)."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="the last two, ``(-2, -1)``.", **_IHERM_ND)
def ihfft2(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the two-dimensional inverse FFT of a real signal (a Hermitian half spectrum)."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="all axes.", **_HERM_ND)
def hfftn(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the N-dimensional FFT of a Hermitian-symmetric signal (a real result)."""


@multimethod(signal=("x",))
@_doc(_N_D, axesdefault="all axes.", **_IHERM_ND)
def ihfftn(
    x: Array,
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    plan: None = None,
) -> Array:
    """Compute the N-dimensional inverse FFT of a real signal (a Hermitian half spectrum)."""


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


# -- DCT and DST -------------------------------------------------------------------------

_TRIG_COMMON = """norm : {"backward", "ortho", "forward"}, optional
        Scaling by the logical length ``N`` (``2 * (n - 1)`` for the type 1
        DCT, ``2 * (n + 1)`` for the type 1 DST, ``2 * n`` otherwise):
        "backward" (default) leaves the forward transform unscaled and scales
        the inverse by ``1/N``; "ortho" scales both by ``1/sqrt(N)``;
        "forward" scales the forward transform by ``1/N``.
    overwrite_x : bool, optional
        Allow the NumPy backend to destroy `x`; other backends ignore it.
    workers : int, optional
        Threads for the NumPy backend (SciPy's meaning); other backends ignore it.
    orthogonalize : bool, optional
        Use the orthogonalized definition (see Notes), which with
        ``norm="ortho"`` makes the transform matrix orthonormal. Default:
        True when ``norm="ortho"``, else False. As in SciPy, complex `x`
        ignores it: both parts get the default for `norm`."""

_TRIG_RAISES = """Raises
    ------
    ValueError
        If `type` is not 1, 2, 3 or 4, a transform length is smaller than 1,
        `norm` is unknown, or `axes` is invalid (out of range, repeated, or
        not matching `s` in length).
    IndexError
        If `axis` (one-axis transforms) is out of range for `x`.
    TypeError
        If `type` or a length is not an integer.
    RuntimeError
        If a type 1 DCT gets fewer than 2 points (SciPy's pocketfft error)."""

_TRIG_ONE_D = """Parameters
    ----------
    x : array, shape (..., m, ...)
        Input signal; its array library selects the backend. Real (boolean,
        integer or floating); complex input is transformed as its real and
        imaginary parts separately.
    type : {{1, 2, 3, 4}}, optional
        Transform type (see Notes). Default 2.
    n : int, optional
        Transform length: `x` is cropped or zero-padded along `axis` to `n`
        points. Default: ``x.shape[axis]``.
    axis : int, optional
        Axis along which to transform (default: last).
    {trig_common}

    Returns
    -------
    y : array, same library and device as `x`
        The shape of `x` with `n` points along `axis`. Real: float32 for
        float16 and float32 input, else float64 (complex64 or complex128 for
        complex input).

    {trig_raises}

    Notes
    -----
    {notes}

    References
    ----------
    .. [1] SciPy, ``scipy.fft.{name}`` (the reference semantics).
    .. [2] J. Makhoul, "A fast cosine transform in one and two dimensions",
           IEEE Trans. Acoust., Speech, Signal Process. 28(1), 27-34, 1980.
    """

_TRIG_N_D = """Parameters
    ----------
    x : array
        Input signal; its array library selects the backend. Real (boolean,
        integer or floating); complex input is transformed as its real and
        imaginary parts separately.
    type : {{1, 2, 3, 4}}, optional
        Transform type, the same along every axis. Default 2.
    s : int or sequence of int, optional
        Transform lengths along `axes`; ``-1`` keeps the input length. `x` is
        cropped or zero-padded to match. Default: the input shape along `axes`.
    axes : int or sequence of int, optional
        Axes to transform. Default: all axes, or the last ``len(s)`` when `s`
        is given. An empty `axes` returns a copy of `x`, unconverted (as SciPy
        returns `x` itself).
    {trig_common}

    Returns
    -------
    y : array, same library and device as `x`
        The shape of `x` with `s` along `axes`. Real: float32 for float16
        and float32 input, else float64 (complex64 or complex128 for complex
        input).

    {trig_raises}

    Notes
    -----
    The transform is separable: ``{one}`` along each axis of `axes` in turn.
    See ``{one}`` for the definitions.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.{name}`` (the reference semantics).
    """

_DCT_NOTES = r"""For real `x` of ``n`` points and ``norm="backward"``, the four types are

    .. math::

        \text{I:}\quad y_k &= x_0 + (-1)^k x_{n-1}
            + 2 \sum_{j=1}^{n-2} x_j \cos\frac{\pi k j}{n - 1} \\
        \text{II:}\quad y_k &= 2 \sum_{j=0}^{n-1} x_j \cos\frac{\pi k (2j + 1)}{2n} \\
        \text{III:}\quad y_k &= x_0 + 2 \sum_{j=1}^{n-1} x_j \cos\frac{\pi (2k + 1) j}{2n} \\
        \text{IV:}\quad y_k &= 2 \sum_{j=0}^{n-1} x_j \cos\frac{\pi (2k + 1)(2j + 1)}{4n}

    Orthogonalized, type I multiplies ``x[0]`` and ``x[-1]`` by
    :math:`\sqrt{2}` and divides ``y[0]`` and ``y[-1]`` by it, type II divides
    ``y[0]`` by :math:`\sqrt{2}`, type III multiplies ``x[0]`` by it; type IV
    is unchanged. Types II and III invert each other up to ``2n``; with
    ``norm="ortho"`` (orthogonalized) they are exact inverses. The portable
    code computes each type from one FFT of about ``2n`` points of the
    array's own library ([2]_ gives the classic ``n``-point variants)."""

_DST_NOTES = r"""For real `x` of ``n`` points and ``norm="backward"``, the four types are

    .. math::

        \text{I:}\quad y_k &= 2 \sum_{j=0}^{n-1} x_j \sin\frac{\pi (k + 1)(j + 1)}{n + 1} \\
        \text{II:}\quad y_k &= 2 \sum_{j=0}^{n-1} x_j \sin\frac{\pi (k + 1)(2j + 1)}{2n} \\
        \text{III:}\quad y_k &= (-1)^k x_{n-1}
            + 2 \sum_{j=0}^{n-2} x_j \sin\frac{\pi (2k + 1)(j + 1)}{2n} \\
        \text{IV:}\quad y_k &= 2 \sum_{j=0}^{n-1} x_j \sin\frac{\pi (2k + 1)(2j + 1)}{4n}

    Orthogonalized, type II divides ``y[-1]`` by :math:`\sqrt{2}` and type
    III multiplies ``x[-1]`` by it; types I and IV are unchanged. The portable
    code maps types II-IV onto the cosine transform (sign alternation and
    reversal) and type I onto one FFT of ``2(n + 1)`` points."""

_INVERSE_NOTES = """The inverse of type ``t`` is the {kind} of the inverse type (II and III
    swap, I and IV are their own inverses) with the other scaling direction,
    so ``{name}({kind}(x, t, norm=m), t, norm=m)`` returns `x` for every type
    and `norm` (and the same `orthogonalize`). See ``{kind}`` for the
    definitions."""


def _trig_doc(template: str, notes: str = "", **fields: str) -> Callable[[_F], _F]:
    def decorate(func: _F) -> _F:
        text = template.format(
            trig_common=_TRIG_COMMON, trig_raises=_TRIG_RAISES, notes=notes,
            name=func.__name__, **fields,
        )  # fmt: skip
        func.__doc__ = cast(str, func.__doc__) + "\n\n    " + text
        return func

    return decorate


@multimethod(signal=("x",))
@_trig_doc(_TRIG_ONE_D, _DCT_NOTES)
def dct(
    x: Array,
    type: int = 2,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the discrete cosine transform (types 1-4) along one axis."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_ONE_D, _INVERSE_NOTES.format(kind="dct", name="idct"))
def idct(
    x: Array,
    type: int = 2,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the inverse discrete cosine transform (types 1-4) along one axis."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_ONE_D, _DST_NOTES)
def dst(
    x: Array,
    type: int = 2,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the discrete sine transform (types 1-4) along one axis."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_ONE_D, _INVERSE_NOTES.format(kind="dst", name="idst"))
def idst(
    x: Array,
    type: int = 2,
    n: int | None = None,
    axis: int = -1,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the inverse discrete sine transform (types 1-4) along one axis."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_N_D, one="dct")
def dctn(
    x: Array,
    type: int = 2,
    s: int | Sequence[int] | None = None,
    axes: int | Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    *,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the N-dimensional discrete cosine transform (types 1-4)."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_N_D, one="idct")
def idctn(
    x: Array,
    type: int = 2,
    s: int | Sequence[int] | None = None,
    axes: int | Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the N-dimensional inverse discrete cosine transform (types 1-4)."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_N_D, one="dst")
def dstn(
    x: Array,
    type: int = 2,
    s: int | Sequence[int] | None = None,
    axes: int | Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the N-dimensional discrete sine transform (types 1-4)."""


@multimethod(signal=("x",))
@_trig_doc(_TRIG_N_D, one="idst")
def idstn(
    x: Array,
    type: int = 2,
    s: int | Sequence[int] | None = None,
    axes: int | Sequence[int] | None = None,
    norm: str | None = None,
    overwrite_x: bool = False,
    workers: int | None = None,
    orthogonalize: bool | None = None,
) -> Array:
    """Compute the N-dimensional inverse discrete sine transform (types 1-4)."""


# -- fast Hankel transform ---------------------------------------------------------------

_FHT = """Parameters
    ----------
    {arg} : array, shape (..., n)
        {what}
        on the logarithmic grid of Notes, along the last axis. Real (boolean,
        integer or floating); its array library selects the backend.
    dln : float
        Logarithmic spacing of the grid (``log(r[1] / r[0])``).
    mu : float
        Order of the Hankel transform (any real number).
    offset : float, optional
        ``log(k_c * r_c)``, the offset between the two grids' centres.
        ``fhtoffset`` returns a low-ringing value. Default 0.
    bias : float, optional
        Exponent ``q`` of the power-law bias ``(r / r_c)**(-q)`` applied before
        the transform and removed after it. Default 0 (unbiased).

    Returns
    -------
    {out} : array, shape (..., n), same library and device as `{arg}`
        {result}
        float32 for single-precision input with ``bias=0``, else float64 (a
        nonzero bias is applied in double precision, as in SciPy).

    Raises
    ------
    TypeError
        If `{arg}` is complex.
    ValueError
        If the last axis is empty.

    Warns
    -----
    UserWarning
        If the {which} transform is singular for this `mu` and `bias`: its
        zero-frequency coefficient is {bad}, and is set to {fix} instead.

    Notes
    -----
    With ``j_c = (n - 1) / 2`` the grids are ``r_j = r_c exp((j - j_c) dln)``
    and ``k_j = k_c exp((j - j_c) dln)``, and the transform approximates

    .. math:: A(k) = \\int_0^\\infty a(r) J_\\mu(k r) \\, k \\, dr

    by Hamilton's FFTLog algorithm [2]_: a real FFT of the (biased) samples,
    a product with coefficients built from Gamma functions, an inverse real
    FFT and a reversal. ``ifht(fht(a, ...), ...)`` returns `a` with the same
    arguments. The coefficients are computed on the host (``n // 2 + 1`` of
    them, with ``scipy.special.loggamma``); the FFTs run on the array's device.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.{name}`` (the reference semantics).
    .. [2] A. J. S. Hamilton, "Uncorrelated modes of the non-linear power
           spectrum", MNRAS 312, 257-284, 2000 (astro-ph/9905191).
    """


@multimethod(signal=("a",))
@_doc(
    _FHT,
    arg="a",
    what="Samples ``a(r_j)`` of a function of `r`",
    out="A",
    result="Samples ``A(k_j)`` of the Hankel transform of `a`.",
    which="forward",
    bad="infinite",
    fix="zero",
)
def fht(a: Array, dln: float, mu: float, offset: float = 0.0, bias: float = 0.0) -> Array:
    """Compute the fast Hankel transform of a logarithmically sampled function."""


@multimethod(signal=("A",))
@_doc(
    _FHT,
    arg="A",
    what="Samples ``A(k_j)`` of a Hankel transform",
    out="a",
    result="Samples ``a(r_j)`` of the function whose transform is `A`.",
    which="inverse",
    bad="zero",
    fix="infinity",
)
def ifht(A: Array, dln: float, mu: float, offset: float = 0.0, bias: float = 0.0) -> Array:
    """Compute the inverse fast Hankel transform of a logarithmically sampled transform."""


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


def prev_fast_len(target: int, real: bool = False) -> int:
    """Return the largest length <= `target` that the FFT computes fast.

    Parameters
    ----------
    target : int
        Maximum transform length (positive).
    real : bool, optional
        Whether the transform is real-input (``rfft``), which changes the
        admissible prime factors.

    Returns
    -------
    n : int
        A product of small primes (2, 3, 5, 7, 11 for complex transforms; 2, 3, 5
        for real), useful to crop a signal to a fast length.

    Raises
    ------
    ValueError
        If `target` is smaller than 1.
    TypeError
        If `target` is not an integer.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.prev_fast_len`` (the reference; this function calls it).
    """
    import scipy.fft

    return cast(int, scipy.fft.prev_fast_len(target, real))


def fhtoffset(dln: float, mu: float, initial: float = 0.0, bias: float = 0.0) -> float:
    """Return the low-ringing offset of a fast Hankel transform nearest to `initial`.

    Parameters
    ----------
    dln : float
        Logarithmic spacing of the grid, as passed to ``fht``.
    mu : float
        Order of the Hankel transform.
    initial : float, optional
        Starting value of the offset ``log(k_c * r_c)``. Default 0.
    bias : float, optional
        Exponent of the power-law bias, as passed to ``fht``. Default 0.

    Returns
    -------
    offset : float
        The offset closest to `initial` that satisfies Hamilton's low-ringing
        condition [2]_, to pass as ``fht(..., offset=offset)``.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.fhtoffset`` (the reference; this function calls it).
    .. [2] Andrew J. S. Hamilton, MNRAS 312, 257-284, 2000 (astro-ph/9905191).
    """
    import scipy.fft

    return float(scipy.fft.fhtoffset(dln, mu, initial, bias))


def get_workers() -> int:
    """Return the default number of threads of the NumPy backend's transforms.

    Returns
    -------
    workers : int
        The value ``workers=None`` stands for in this thread: SciPy's
        ``scipy.fft`` default, 1 unless changed by ``set_workers``.

    Notes
    -----
    This is ``scipy.fft.get_workers``: the NumPy backend runs ``scipy.fft``,
    so the setting is SciPy's and sigproc shares it. The torch backend uses
    torch's own thread pool (``torch.set_num_threads``), and the portable
    backend leaves threading to the array library; neither reads this value.

    References
    ----------
    .. [1] SciPy, ``scipy.fft.get_workers`` (the reference; this function calls it).
    """
    import scipy.fft

    return cast(int, scipy.fft.get_workers())


def set_workers(workers: int) -> AbstractContextManager[None]:
    """Set the default number of threads of the NumPy backend's transforms, in a block.

    Parameters
    ----------
    workers : int
        Threads for transforms called with ``workers=None`` inside the block;
        negative values count back from ``os.cpu_count()`` (-1: all cores).

    Returns
    -------
    context : context manager
        Use as ``with set_workers(4): ...``; the previous default is restored
        on exit. The setting is per thread.

    Raises
    ------
    ValueError
        If `workers` is 0 or below ``-os.cpu_count()`` (on entering the block).

    Notes
    -----
    This is ``scipy.fft.set_workers``: it controls SciPy's pocketfft, so every
    ``sigproc.fft`` transform (and every spectral function) on the NumPy
    backend, and ``scipy.fft`` itself. On the torch backend use
    ``torch.set_num_threads``; the portable backend leaves threading to the
    array library. Neither is affected by this block.

    Examples
    --------
    >>> import numpy as np
    >>> import sigproc.fft
    >>> with sigproc.fft.set_workers(2):
    ...     spectrum = sigproc.fft.rfft(np.ones((8, 1024)))
    ...     sigproc.fft.get_workers()
    2

    References
    ----------
    .. [1] SciPy, ``scipy.fft.set_workers`` (the reference; this function calls it).
    """
    import scipy.fft

    return cast(AbstractContextManager[None], scipy.fft.set_workers(workers))
