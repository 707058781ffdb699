"""Frequency responses of filters: public multimethods with ``scipy.signal``'s names.

The coefficients are what these functions work on, so they are the signal
arguments: their library selects the backend (see ``docs/design.md``). NumPy
arrays and lists run SciPy; any other array-API array runs the portable code
of :mod:`sigproc._core.responses` on its own device, differentiably for torch.

Which argument selects
    The coefficient arrays select (`b` with `a`, `z` with `p`, `sos`); the
    rest (`k`, the frequencies `worN`/`w`) follow their library and device.
    A Python number or list, such as the default ``a=1`` or the ``1`` of
    ``group_delay((1, a_torch))``, follows the arrays given with it.

``group_delay(system)``
    A signal argument's library is found from its type, and a tuple is a
    Python value, so `group_delay` is a plain function that unpacks
    ``system = (b, a)`` and calls the multimethod :func:`group_delay_ba`,
    registered under the public name ``"group_delay"``: backends implement
    ``group_delay_ba``, and ``which_backend`` takes it with ``(b, a, ...)``.

Extras after SciPy's parameters: ``xp=``/``device=`` place the results in
another array library and device (useful when the coefficients are NumPy
arrays or lists, whose results are NumPy otherwise).
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Callable
from math import pi
from typing import Any

from ._typing import Array, ArrayLike, Device, Namespace
from .dispatch import multimethod

__all__ = [
    "freqs",
    "freqs_zpk",
    "freqz",
    "freqz_sos",
    "freqz_zpk",
    "group_delay",
    "sosfreqz",
]

#: A callable receiving the frequencies and the response, ``plot(w, h)``.
Plot = Callable[[Array, Array], object]


@multimethod(signal=("b", "a"), coefficients=("worN",))
def freqz(
    b: Array,
    a: ArrayLike = 1,
    worN: int | ArrayLike | None = 512,
    whole: bool = False,
    plot: Plot | None = None,
    fs: float = 2 * pi,
    include_nyquist: bool = False,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response of a digital filter given as numerator and denominator.

    Evaluates ``H(e^{jw}) = B(e^{-jw}) / A(e^{-jw})`` with
    ``B(z^-1) = b[0] + b[1] z^-1 + ... + b[M] z^-M`` (and `A` likewise) on
    the upper half of the unit circle, or the whole circle.

    Parameters
    ----------
    b : array, shape (M + 1, ...)
        Numerator coefficients, first axis; any further axes broadcast with
        those of `a` and of the frequencies (several filters at once). Its
        array library selects the backend (lists and NumPy run SciPy).
    a : array, shape (N + 1, ...), optional
        Denominator coefficients (default 1: an FIR filter), in the library
        of `b` (a Python number or list follows `b`'s library and device).
    worN : int or array_like, optional
        An integer: the number of equally spaced frequencies from 0 up to the
        Nyquist frequency ``fs / 2`` (excluded unless `include_nyquist`), or up
        to `fs` with `whole`. An array: the frequencies themselves, in the
        units of `fs`. Default 512 (also for None).
    whole : bool, optional
        With an integer `worN`, cover the whole circle ``[0, fs)``.
    plot : callable, optional
        Called as ``plot(w, h)`` with the results before they are returned.
    fs : float, optional
        Sampling frequency, in the units wanted for `w` (default ``2*pi``:
        radians per sample).
    include_nyquist : bool, optional
        With an integer `worN` and ``whole=False``, end the grid at the
        Nyquist frequency itself.
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w : array
        Frequencies, in the units of `fs`: float64, float32 for single
        precision coefficients (SciPy's dtype, which follows an array `worN`).
    h : array, complex
        Response at `w`; shape ``b.shape[1:]`` broadcast with that of the
        frequencies. complex128, or complex64 where SciPy's single precision
        FFT or evaluation gives it.

    Raises
    ------
    ValueError
        If `fs` is None or not a scalar, or `worN` is a negative integer.

    Notes
    -----
    With an integer `worN`, a single denominator coefficient and a numerator
    no longer than the FFT, the response is an FFT of `b` (exact and fast for
    long FIR filters); otherwise both polynomials are evaluated by Horner's
    rule on the grid, as SciPy does.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.freqz`` (the reference semantics).

    Examples
    --------
    The gain of a 4th-order Butterworth low-pass at its cut-off, -3 dB:

    >>> import numpy as np, sigproc
    >>> b, a = sigproc.butter(4, 100, fs=1000)
    >>> w, h = sigproc.freqz(b, a, worN=[100], fs=1000)
    >>> round(float(20 * np.log10(abs(h[0]))), 2)
    -3.01
    """


@multimethod(signal=("sos",), coefficients=("worN",))
def freqz_sos(
    sos: Array,
    worN: int | ArrayLike | None = 512,
    whole: bool = False,
    fs: float = 2 * pi,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response of a digital filter given as second-order sections.

    The product of the sections' responses ``B_k(e^{-jw}) / A_k(e^{-jw})``:
    accurate for high orders, where the expanded ``(b, a)`` form loses the
    response to rounding.

    Parameters
    ----------
    sos : array, shape (n_sections, 6)
        Sections ``[b0, b1, b2, 1, a1, a2]`` (one section may be given as a
        1-D array of 6). Its array library selects the backend.
    worN : int or array_like, optional
        Number of equally spaced frequencies on ``[0, fs/2)`` (``[0, fs)``
        with `whole`), or the frequencies themselves in the units of `fs`.
        Default 512 (also for None).
    whole : bool, optional
        With an integer `worN`, cover the whole circle.
    fs : float, optional
        Sampling frequency (default ``2*pi``: `w` in radians per sample).
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w : array
        Frequencies in the units of `fs`: float32 for single precision
        sections, else float64.
    h : array, complex
        Response at `w`: complex64 for single precision sections, else
        complex128.

    Raises
    ------
    ValueError
        If `sos` is not 2-D, not of 6 columns, has no section, or a column-3
        entry other than 1; if `fs` is None or not a scalar; if `worN` is a
        negative integer.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.freqz_sos`` (the reference semantics).

    Examples
    --------
    >>> import numpy as np, sigproc
    >>> sos = sigproc.butter(10, 0.2, output="sos")
    >>> w, h = sigproc.freqz_sos(sos, worN=[0.2 * np.pi])
    >>> round(float(abs(h[0]) ** 2), 6)  # half power at the cut-off
    0.5
    """


def sosfreqz(*args: Any, **kwargs: Any) -> tuple[Array, Array]:
    """Frequency response of second-order sections: the legacy name of `freqz_sos`.

    SciPy 1.17 keeps ``sosfreqz`` as a plain alias (no warning); so does
    sigproc.

    Parameters
    ----------
    *args, **kwargs
        The arguments of :func:`freqz_sos`.

    Returns
    -------
    w, h : array
        As :func:`freqz_sos`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.sosfreqz``.
    """
    return freqz_sos(*args, **kwargs)


@multimethod(signal=("z", "p"), coefficients=("k", "worN"))
def freqz_zpk(
    z: Array,
    p: Array,
    k: ArrayLike,
    worN: int | ArrayLike | None = 512,
    whole: bool = False,
    fs: float = 2 * pi,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response of a digital filter given by zeros, poles and gain.

    ``H(e^{jw}) = k * prod_i (e^{jw} - z_i) / prod_j (e^{jw} - p_j)``.

    Parameters
    ----------
    z, p : array, 1-D
        Zeros and poles. Their array library (the same for both) selects the
        backend.
    k : float
        Gain; follows the library of `z` and `p`.
    worN : int or array_like, optional
        Number of equally spaced frequencies on ``[0, fs/2)`` (``[0, fs)``
        with `whole`), or the frequencies themselves in the units of `fs`.
        Default 512 (also for None).
    whole : bool, optional
        With an integer `worN`, cover the whole circle.
    fs : float, optional
        Sampling frequency (default ``2*pi``: `w` in radians per sample).
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w : array
        Frequencies in the units of `fs`: float64 when `z` or `p` is double
        precision, else float32 (an array `worN` keeps its own dtype).
    h : array, complex
        Response at `w`.

    Raises
    ------
    ValueError
        If `fs` is None or not a scalar, or `worN` is a negative integer.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.freqz_zpk`` (the reference semantics).
    """


@multimethod(signal=("b", "a"), coefficients=("w",), name="group_delay")
def group_delay_ba(
    b: Array,
    a: ArrayLike,
    w: int | ArrayLike | None = 512,
    whole: bool = False,
    fs: float = 2 * pi,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Group delay of ``b / a``: the multimethod behind :func:`group_delay`.

    Backends implement this function (public name ``"group_delay"``); users
    call :func:`group_delay` with ``system=(b, a)``.

    Parameters
    ----------
    b : array
        Numerator; its array library selects the backend.
    a : array_like
        Denominator, in the library of `b` (a Python number or list follows it).
    w : int or array_like, optional
        As in :func:`group_delay`.
    whole : bool, optional
        As in :func:`group_delay`.
    fs : float, optional
        As in :func:`group_delay`.
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w, gd : array
        As :func:`group_delay`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.group_delay`` (the reference semantics).
    """


def group_delay(
    system: tuple[ArrayLike, ArrayLike],
    w: int | ArrayLike | None = 512,
    whole: bool = False,
    fs: float = 2 * pi,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Group delay of a digital filter, in samples.

    The group delay ``-d arg H(e^{jw}) / dw`` says by how many samples the
    filter delays the envelope of a narrow-band signal at frequency `w`. It
    is computed without unwrapping the phase: with ``c = b * conj(a
    reversed)`` (a convolution), ``gd = Re[C'(z) / C(z)] - (len(a) - 1)``
    where ``C'`` has coefficients ``n * c[n]`` [2]_.

    Parameters
    ----------
    system : tuple (b, a)
        Numerator and denominator coefficients; their library selects the
        backend (a Python number or list follows the other's library).
    w : int or array_like, optional
        Number of equally spaced frequencies on ``[0, fs/2)`` (``[0, fs)``
        with `whole`), or the frequencies themselves in the units of `fs`.
        Default 512 (also for None).
    whole : bool, optional
        With an integer `w`, cover the whole circle.
    fs : float, optional
        Sampling frequency (default ``2*pi``: `w` in radians per sample).
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w : array
        Frequencies in the units of `fs` (float64, or the dtype of an array
        `w`).
    gd : array, float64
        Group delay in samples.

    Raises
    ------
    ValueError
        If `system` is not a pair, `fs` is None or not a scalar, or `w` is a
        negative integer.

    Warns
    -----
    UserWarning
        Where the response has a zero or a pole on the unit circle (the
        delay is undefined there and set to 0), or where the denominator of
        the computation is nearly zero.

    Notes
    -----
    Dispatch runs on the multimethod ``sigproc._responses.group_delay_ba``
    (see that module's documentation), so ask ``which_backend`` about it:
    ``which_backend(sigproc._responses.group_delay_ba, b, a)``.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.group_delay`` (the reference semantics).
    .. [2] J. O. Smith III, "Numerical Computation of Group Delay", in
       *Introduction to Digital Filters with Audio Applications*, 2007.

    Examples
    --------
    A symmetric FIR filter of 21 taps delays every frequency by 10 samples:

    >>> import numpy as np, sigproc
    >>> w, gd = sigproc.group_delay((sigproc.firwin(21, 0.3), 1), w=4)
    >>> np.round(gd, 6)
    array([10., 10., 10., 10.])
    """
    b, a = system
    return group_delay_ba(b, a, w, whole, fs, xp=xp, device=device)


@multimethod(signal=("b", "a"), coefficients=("worN",))
def freqs(
    b: Array,
    a: ArrayLike,
    worN: int | ArrayLike | None = 200,
    plot: Plot | None = None,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response of an analog filter given as numerator and denominator.

    Evaluates ``H(jw) = B(jw) / A(jw)`` with ``B(s) = b[0] s^M + ... + b[M]``
    (highest power first, as analog designs return them).

    Parameters
    ----------
    b : array
        Numerator coefficients; its array library selects the backend.
    a : array_like
        Denominator coefficients, in the library of `b` (a Python number or list
        follows it).
    worN : int or array_like, optional
        An integer: the number of logarithmically spaced angular frequencies
        spanning the poles and zeros (SciPy's ``findfreqs``, computed on the
        host). An array: the angular frequencies in rad/s. Default 200 (also
        for None).
    plot : callable, optional
        Called as ``plot(w, h)`` with the results before they are returned.
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w : array
        Angular frequencies, rad/s.
    h : array, complex
        Response at `w`.

    Raises
    ------
    ValueError
        If `worN` is a negative integer.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.freqs`` (the reference semantics).
    """


@multimethod(signal=("z", "p"), coefficients=("k", "worN"))
def freqs_zpk(
    z: Array,
    p: Array,
    k: ArrayLike,
    worN: int | ArrayLike | None = 200,
    *,
    xp: Namespace | None = None,
    device: Device = None,
) -> tuple[Array, Array]:
    """Frequency response of an analog filter given by zeros, poles and gain.

    ``H(jw) = k * prod_i (jw - z_i) / prod_j (jw - p_j)``.

    Parameters
    ----------
    z, p : array, 1-D
        Zeros and poles. Their array library (the same for both) selects the
        backend.
    k : float
        Gain (a one-element array is accepted); follows the library of `z`.
    worN : int or array_like, optional
        An integer: the number of logarithmically spaced angular frequencies
        spanning the poles and zeros (computed on the host). An array: the
        angular frequencies in rad/s. Default 200 (also for None).
    xp : namespace, optional
        Array library of the results (``torch``, ``numpy``, ...). Default:
        the coefficients' library (NumPy for lists). Results are copied
        through host memory when it differs from the coefficients' library.
    device : device, optional
        Device of the results (with `xp`, or in the coefficients' library).

    Returns
    -------
    w : array
        Angular frequencies, rad/s.
    h : array, complex
        Response at `w`.

    Raises
    ------
    ValueError
        If `k` has more than one element or `worN` is a negative integer.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.freqs_zpk`` (the reference semantics).
    """
