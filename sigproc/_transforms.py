"""Transforms and signal tools: public multimethods with ``scipy.signal``'s names.

Chirp z-transforms, Lomb-Scargle periodograms, envelopes and small helpers of
the convolution and STFT functions. The signal's library selects the backend;
see ``docs/design.md``. NumPy input runs SciPy's compiled code; any other
array-API array runs the portable code of :mod:`sigproc._core.transforms` on
its own device. Functions that take no signal array (``czt_points``,
``correlation_lags``, ``check_COLA``, ``check_NOLA``) compute on the host with
SciPy; ``scipy.signal`` is imported on their first call.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

import cmath
import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from ._lazy import core
from ._lazy import scipy_signal as _signal
from ._typing import Array, ArrayLike, Device, Namespace, Window
from .dispatch import multimethod

__all__ = [
    "CZT",
    "ZoomFFT",
    "check_COLA",
    "check_NOLA",
    "choose_conv_method",
    "correlation_lags",
    "czt",
    "czt_points",
    "envelope",
    "hilbert2",
    "lombscargle",
    "vectorstrength",
    "zoom_fft",
]

#: Default of a deprecated parameter the caller did not pass (SciPy's ``_NoValue``,
#: also a bare ``object()``): passing any value, even False, warns as SciPy does.
NO_VALUE: Any = object()


def _place(result: Any, xp: Namespace | None, device: Device | None) -> Any:
    from ._core import host

    return host.place(result, xp=xp, device=device)  # type: ignore[no-untyped-call]


# -- chirp z-transforms ------------------------------------------------------------------
@multimethod(signal=("x",))
def czt(
    x: Array, m: int | None = None, w: complex | None = None, a: complex = 1 + 0j, *, axis: int = -1
) -> Array:
    """Sample the z-transform of `x` on a spiral in the complex plane.

    The transform ``X[k] = sum_n x[n] * (a * w**-k)**-n`` is computed for
    ``k = 0 .. m-1`` with Bluestein's algorithm (three FFTs of length
    ``next_fast_len(n + m - 1)``), so any `m` and any signal length cost
    ``O((n + m) log(n + m))``. With the defaults it equals ``fft(x)``.

    Parameters
    ----------
    x : array
        Signal, ``n`` samples along `axis`; its array library selects the backend.
    m : int, optional
        Number of output points. Default ``n``.
    w : complex, optional
        Ratio between consecutive points of the spiral. Default
        ``exp(-2j*pi/m)``: `m` points equally spaced on the unit circle. Give it
        precisely: its error accumulates along the output.
    a : complex, optional
        First point of the spiral. Default 1.
    axis : int, optional
        Axis to transform. Default -1.

    Returns
    -------
    X : array, complex128
        Shape of `x` with `m` points on `axis` (complex128 for every input
        dtype, as in SciPy).

    Raises
    ------
    ValueError
        If ``n`` or `m` is not a positive integer.
    IndexError
        If `x` has no axis `axis` (a 0-d input).

    See Also
    --------
    CZT : The same transform, planned once for many signals.
    zoom_fft : Equally spaced frequencies of one band.

    Notes
    -----
    The output points are ``czt_points(m, w, a)``. Away from the unit circle
    the chirps grow or decay exponentially, so the relative accuracy drops
    with ``n + m``; on it, `zoom_fft` is the more accurate choice.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.czt`` (the reference semantics).
    .. [2] L. R. Rabiner, R. W. Schafer and C. M. Rader, "The chirp
           z-transform algorithm", Bell Syst. Tech. J. 48, 1249-1292 (1969).

    Examples
    --------
    A decaying resonance has no leakage on the circle of its own radius:

    >>> import numpy as np
    >>> import sigproc
    >>> n = np.arange(64)
    >>> x = 0.9**n * np.cos(2 * np.pi * 8 * n / 64)
    >>> X = sigproc.czt(x, a=0.9)  # the circle of radius 0.9
    >>> int(np.argmax(np.abs(X[:32])))
    8
    >>> X.shape
    (64,)
    """


@multimethod(signal=("x",))
def zoom_fft(
    x: Array,
    fn: float | Sequence[float] | ArrayLike,
    m: int | None = None,
    *,
    fs: float = 2,
    endpoint: bool = False,
    axis: int = -1,
) -> Array:
    """Discrete Fourier transform of `x` on `m` equally spaced frequencies of a band.

    A chirp z-transform on an arc of the unit circle: the spectrum between
    ``f1`` and ``f2`` at a resolution finer than ``fs / n`` (an interpolation
    of the DFT: it cannot separate tones closer than ``fs / n``).

    Parameters
    ----------
    x : array
        Signal, ``n`` samples along `axis`; its array library selects the backend.
    fn : float or (float, float)
        The band ``[f1, f2]`` in the units of `fs`; a scalar means ``[0, fn]``.
    m : int, optional
        Number of frequencies. Default ``n``.
    fs : float, optional
        Sampling frequency. Default 2 (frequencies in half-cycles per sample,
        1 = Nyquist).
    endpoint : bool, optional
        Whether ``f2`` is the last frequency (else the band is half-open).
    axis : int, optional
        Axis to transform. Default -1.

    Returns
    -------
    X : array, complex128
        Shape of `x` with `m` points on `axis`, at frequencies
        ``linspace(f1, f2, m, endpoint=endpoint)``.

    Raises
    ------
    ValueError
        If `fn` has more than two values, or ``n`` or `m` is not a positive
        integer.

    See Also
    --------
    ZoomFFT : The same transform, planned once for many signals.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.zoom_fft`` (the reference semantics).

    Examples
    --------
    Zoom on 100 frequencies between 95 and 105 Hz of a 1 kHz recording:

    >>> import numpy as np
    >>> import sigproc
    >>> t = np.arange(1000) / 1000
    >>> X = sigproc.zoom_fft(np.sin(2 * np.pi * 100.3 * t), [95, 105], 100, fs=1000)
    >>> X.shape
    (100,)
    """


def czt_points(
    m: int,
    w: complex | None = None,
    a: complex = 1 + 0j,
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """The points of the complex plane where `czt` samples the z-transform.

    Parameters
    ----------
    m : int
        Number of points.
    w : complex, optional
        Ratio between consecutive points. Default ``exp(-2j*pi/m)``.
    a : complex, optional
        First point. Default 1.
    xp : array namespace, optional
        Library of the result; NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    z : array, shape (m,), complex128
        ``a * w**-arange(m)`` (``a * exp(2j*pi*k/m)`` by default).

    Raises
    ------
    ValueError
        If `m` is not a positive integer.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.czt_points`` (called to compute the points).
    """
    return _place(_signal().czt_points(m, w, a), xp, device)


class CZT:
    """A chirp z-transform planned for signals of one length.

    The chirps are computed once on the host (and cached); each call runs
    `czt` on the signal's own backend, so one plan serves NumPy arrays, torch
    tensors on any device and every other array library.

    Parameters
    ----------
    n : int
        Length of the signals.
    m : int, optional
        Number of output points. Default `n`.
    w : complex, optional
        Ratio between consecutive points. Default ``exp(-2j*pi/m)``.
    a : complex, optional
        First point. Default 1.

    Attributes
    ----------
    n, m : int
        Input and output lengths.
    w, a : complex
        Ratio and first point of the spiral (`w` computed when not given).

    Raises
    ------
    ValueError
        If `n` or `m` is not a positive integer.

    See Also
    --------
    czt : The same transform, for one signal.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.CZT`` (the reference semantics).

    Examples
    --------
    >>> import numpy as np
    >>> import sigproc
    >>> transform = sigproc.CZT(7)
    >>> np.allclose(transform(np.arange(7.0)), np.fft.fft(np.arange(7.0)))
    True
    """

    n: int
    m: int
    w: complex
    a: complex

    def __init__(
        self, n: int, m: int | None = None, w: complex | None = None, a: complex = 1 + 0j
    ) -> None:
        self.m = core("transforms").czt_sizes(n, m)
        self.n = n
        self.w = cmath.exp(-2j * math.pi / self.m) if w is None else w
        self.a = 1.0 * a
        self._w = w  # as given: None keeps the exact FFT chirp

    def _check(self, x: Array, axis: int) -> None:
        shape = x.shape if hasattr(x, "shape") else np.shape(x)
        core("transforms").check_czt_length(self.n, shape[axis])

    def __call__(self, x: Array, *, axis: int = -1) -> Array:
        """Transform `x` along `axis` (``n`` samples there); see `czt`.

        Parameters
        ----------
        x : array
            Signal of any array library; the result is in its library.
        axis : int, optional
            Axis to transform. Default -1.

        Returns
        -------
        X : array, complex128
            Shape of `x` with ``m`` points on `axis`.

        Raises
        ------
        ValueError
            If ``x.shape[axis] != n``.
        """
        self._check(x, axis)
        return czt(x, self.m, self._w, self.a, axis=axis)

    def points(self, *, xp: Namespace | None = None, device: Device | None = None) -> Array:
        """The points where the transform samples the z-transform (see `czt_points`).

        Parameters
        ----------
        xp : array namespace, optional
            Library of the result; NumPy by default.
        device : device, optional
            Device of the result, with `xp`.

        Returns
        -------
        z : array, shape (m,), complex128
            ``a * w**-arange(m)``.
        """
        return czt_points(self.m, self.w, self.a, xp=xp, device=device)


class ZoomFFT(CZT):
    """A zoom FFT planned for signals of one length (see `zoom_fft`).

    Parameters
    ----------
    n : int
        Length of the signals.
    fn : float or (float, float)
        The band ``[f1, f2]`` in the units of `fs`; a scalar means ``[0, fn]``.
    m : int, optional
        Number of frequencies. Default `n`.
    fs : float, optional
        Sampling frequency. Default 2.
    endpoint : bool, optional
        Whether ``f2`` is the last frequency.

    Attributes
    ----------
    n, m : int
        Input and output lengths.
    f1, f2, fs : float
        The band and the sampling frequency.
    w, a : complex
        Ratio and first point of the arc of the unit circle.

    Raises
    ------
    ValueError
        If `fn` has more than two values, or `n` or `m` is not a positive
        integer.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.ZoomFFT`` (the reference semantics).
    """

    f1: float
    f2: float
    fs: float

    def __init__(
        self,
        n: int,
        fn: float | Sequence[float] | ArrayLike,
        m: int | None = None,
        *,
        fs: float = 2,
        endpoint: bool = False,
    ) -> None:
        sizes = core("transforms")
        self.m = sizes.czt_sizes(n, m)
        self.n = n
        self.f1, self.f2 = sizes.zoom_band(fn)
        self.fs = fs
        self._endpoint = endpoint
        scale = sizes.zoom_scale(self.m, self.f1, self.f2, fs, endpoint)
        self.w = cmath.exp(-2j * math.pi / self.m * scale)
        self.a = cmath.exp(2j * math.pi * self.f1 / fs)

    def __call__(self, x: Array, *, axis: int = -1) -> Array:
        """Transform `x` along `axis` (``n`` samples there); see `zoom_fft`.

        Parameters
        ----------
        x : array
            Signal of any array library; the result is in its library.
        axis : int, optional
            Axis to transform. Default -1.

        Returns
        -------
        X : array, complex128
            Shape of `x` with ``m`` points on `axis`.

        Raises
        ------
        ValueError
            If ``x.shape[axis] != n``.
        """
        self._check(x, axis)
        band = (self.f1, self.f2)
        return zoom_fft(x, band, self.m, fs=self.fs, endpoint=self._endpoint, axis=axis)


# -- spectra of uneven samples, envelopes, analytic signals -------------------------------
@multimethod(signal=("x", "y"), coefficients=("freqs", "weights"))
def lombscargle(
    x: Array,
    y: Array,
    freqs: ArrayLike,
    *,
    precenter: bool = NO_VALUE,
    normalize: bool | Literal["power", "normalize", "amplitude"] = False,
    weights: ArrayLike | None = None,
    floating_mean: bool = False,
) -> Array:
    """Generalised Lomb-Scargle periodogram of unevenly sampled data.

    For each angular frequency ``w`` a weighted least-squares fit
    ``y(t) ~ a*cos(w*t) + b*sin(w*t) (+ c)`` is made independently; the
    periodogram is the power of the fitted sinusoid. Computed as outer
    products of samples and frequencies (in chunks of frequencies, so memory
    stays bounded), in float64.

    Parameters
    ----------
    x : array, shape (n,)
        Sample times (s, say). Its array library selects the backend.
    y : array, shape (n,)
        Measurements at `x`, same library. Real.
    freqs : array_like, shape (n_freqs,)
        Angular frequencies (rad/s for `x` in s); converted to the library
        and device of `x`.
    precenter : bool, optional
        Deprecated as in SciPy 1.17 (any value passed warns): True subtracts
        the mean of `y` first; pass ``y - y.mean()`` or use `floating_mean`.
    normalize : {False, True, 'power', 'normalize', 'amplitude'}, optional
        ``False``/``'power'``: power in units of y**2 times ``n / 4`` (``A**2 *
        n / 4`` for a sinusoid of amplitude ``A``); ``True``/``'normalize'``:
        power relative to the weighted power of `y` (in [0, 1]);
        ``'amplitude'``: complex amplitude and phase of the fit.
    weights : array_like, shape (n,), optional
        Non-negative weights of the samples (default: equal).
    floating_mean : bool, optional
        Fit a constant offset ``c`` at every frequency as well.

    Returns
    -------
    pgram : array, shape (n_freqs,), float64 (complex128 for 'amplitude')
        A 0-d array when `freqs` holds one frequency.

    Raises
    ------
    ValueError
        If `x`, `y` or `weights` are not 1-D of one non-zero length, `freqs` is
        not 1-D and non-empty, a weight is negative or they sum to zero, or
        `normalize` is not one of the options.

    Warns
    -----
    DeprecationWarning
        When `precenter` is passed.

    Notes
    -----
    Differentiable on torch (tested with respect to `y`).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.lombscargle`` (the reference semantics).
    .. [2] M. Zechmeister and M. Kürster, "The generalised Lomb-Scargle
           periodogram", Astronomy & Astrophysics 496, 577-584 (2009).

    Examples
    --------
    A 1.5 rad/s sinusoid sampled at 120 random times:

    >>> import numpy as np
    >>> import sigproc
    >>> t = np.sort(np.random.default_rng(0).uniform(0, 30, 120))
    >>> w = np.linspace(0.5, 3, 251)
    >>> p = sigproc.lombscargle(t, np.sin(1.5 * t), w, floating_mean=True)
    >>> float(w[np.argmax(p)])
    1.5
    """


@multimethod(signal=("z",))
def envelope(
    z: Array,
    bp_in: tuple[int | None, int | None] = (1, None),
    *,
    n_out: int | None = None,
    squared: bool = False,
    residual: Literal["lowpass", "all"] | None = "lowpass",
    axis: int = -1,
) -> Array:
    """Envelope (instantaneous amplitude) of a real or complex signal, by FFT.

    The spectrum is band-passed to the bins ``bp_in[0]:bp_in[1]`` (made
    analytic for real signals), shifted to baseband and transformed back; the
    envelope is the magnitude of that, optionally resampled to `n_out` points.
    The signal is treated as periodic.

    Parameters
    ----------
    z : array
        Signal, ``n`` samples along `axis` with spacing ``T``; its array library
        selects the backend.
    bp_in : (int or None, int or None), optional
        Pass band as FFT bin indices (multiples of ``1/(n*T)``) with
        ``-n//2 <= bp_in[0] < bp_in[1] <= (n+1)//2``; None means the end of the
        range. The default ``(1, None)`` drops the mean and the negative
        frequencies.
    n_out : int, optional
        Number of output samples (Fourier resampling). Default ``n``.
    squared : bool, optional
        Return the squared envelope.
    residual : {'lowpass', 'all', None}, optional
        Also return what the band-pass removed: only the part below the band
        (``'lowpass'``), everything outside it (``'all'``), or nothing (None).
    axis : int, optional
        Time axis. Default -1.

    Returns
    -------
    env : array
        Shape of `z` with `n_out` samples on `axis`, real (float32 for float32
        or complex64 input), when `residual` is None; otherwise an array of
        shape ``(2, ...)`` stacking the envelope and the residual (real for real
        input), so that ``env, res = envelope(z)`` unpacks.

    Raises
    ------
    ValueError
        For an invalid `axis`, an empty signal, a `bp_in` that is not two
        integers or None inside the range above, a non-positive or non-integer
        `n_out`, or an unknown `residual`.

    Notes
    -----
    Differentiable on torch with respect to `z` (where the envelope is not 0).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.envelope`` (the reference semantics).

    Examples
    --------
    The envelope of an amplitude-modulated tone is its modulation:

    >>> import numpy as np
    >>> import sigproc
    >>> t = np.arange(1000) / 1000
    >>> am = 1 + 0.5 * np.cos(2 * np.pi * 3 * t)
    >>> env = sigproc.envelope(am * np.cos(2 * np.pi * 100 * t), residual=None)
    >>> bool(np.allclose(env, am))
    True
    """


@multimethod(signal=("x",))
def hilbert2(
    x: Array, N: int | tuple[int, int] | None = None, axes: tuple[int, int] = (-2, -1)
) -> Array:
    """Two-dimensional analytic signal (single-orthant spectrum) of a real array.

    The 2-D FFT over `axes` keeps only the bins where both frequencies are
    non-negative: bins with both frequencies positive are multiplied by 4,
    those on one zero axis by 2, the DC bin is kept, everything else
    (negative frequencies and the Nyquist bins) is zeroed; then the inverse
    FFT.

    Parameters
    ----------
    x : array, real, at least 2-D (1-D is taken as one row)
        Signal; its array library selects the backend.
    N : int or (int, int), optional
        FFT shape over `axes`: `x` is cropped or zero-padded to it first.
        Default: the shape of `x` on `axes`.
    axes : (int, int), optional
        The two axes to transform. Default (-2, -1).

    Returns
    -------
    xa : array, complex
        Shape of `x` with `N` on `axes`; complex64 for float32 input,
        complex128 otherwise.

    Raises
    ------
    ValueError
        If `x` is complex, `axes` is not two distinct axes, or `N` is not a
        positive integer or two of them.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.hilbert2`` (the reference semantics).
    .. [2] S. L. Hahn, "Multidimensional complex signals with single-orthant
           spectra", Proc. IEEE 80, 1287-1300 (1992).
    """


@multimethod(signal=("events",), coefficients=("period",))
def vectorstrength(events: Array, period: float | ArrayLike) -> tuple[Array, Array]:
    """Vector strength and phase of event times with respect to a period.

    Each event is a unit vector at angle ``2*pi*t/period``; the vector
    strength is the length of their mean (1: perfectly phase-locked, 0: no
    locking) and the phase its angle. With an array of periods this is the
    "resonating vector strength".

    Parameters
    ----------
    events : array, shape (n,)
        Event times. Its array library selects the backend.
    period : float or array_like, shape (k,)
        Period or periods, in the units of `events`; converted to the library
        of `events`. Integer periods count as float64; the events are
        converted to the dtype of `period`, as in SciPy.

    Returns
    -------
    strength : array, shape (k,) or 0-d
        Vector strength per period (0-d, or a NumPy scalar for NumPy input,
        for a scalar `period`).
    phase : array, shape (k,) or 0-d
        Phase in radians, in ``(-pi, pi]``.

    Raises
    ------
    ValueError
        If `events` or `period` has more than one dimension or a period is
        not positive.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.vectorstrength`` (the reference semantics).
    .. [2] J. L. van Hemmen, "Vector strength after Goldberg, Brown, and von
           Mises", Biol. Cybern. 107, 385-396 (2013).
    """


# -- helpers of convolution and the STFT -------------------------------------------------
@multimethod(signal=("in1", "in2"))
def choose_conv_method(
    in1: Array, in2: Array, mode: str = "full", measure: bool = False
) -> str | tuple[str, dict[str, float]]:
    """The faster way to convolve `in1` with `in2`: ``'fft'`` or ``'direct'``.

    Without `measure`, SciPy's cost model decides (``'direct'`` wherever an
    FFT could lose integer exactness: large integers, booleans). With it,
    ``sigproc.convolve`` runs both ways on the arrays' own backend and device
    and the faster one wins.

    Parameters
    ----------
    in1, in2 : array
        The inputs of the convolution, of one array library (it selects the
        backend).
    mode : {'full', 'valid', 'same'}, optional
        Output size of the convolution.
    measure : bool, optional
        Time both methods instead of predicting.

    Returns
    -------
    method : str
        ``'fft'`` or ``'direct'``.
    times : dict, only when `measure` is True
        Seconds per call of each method, ``{'fft': ..., 'direct': ...}``.

    Raises
    ------
    ValueError
        If `mode` is not one of the options.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.choose_conv_method`` (the reference semantics
           and cost model).
    """


def correlation_lags(
    in1_len: int,
    in2_len: int,
    mode: str = "full",
    *,
    xp: Namespace | None = None,
    device: Device | None = None,
) -> Array:
    """Lags of the outputs of a 1-D cross-correlation of two signals.

    ``correlate(in1, in2, mode)[i]`` is the correlation at lag ``lags[i]``:
    ``in2`` shifted by ``lags[i]`` samples against ``in1``.

    Parameters
    ----------
    in1_len, in2_len : int
        Lengths of the two signals.
    mode : {'full', 'valid', 'same'}, optional
        Output size of the correlation.
    xp : array namespace, optional
        Library of the result; NumPy by default.
    device : device, optional
        Device of the result, with `xp`.

    Returns
    -------
    lags : array, int64
        One lag per output sample.

    Raises
    ------
    ValueError
        If `mode` is not one of the options.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.correlation_lags`` (called to compute the lags).

    Examples
    --------
    >>> import sigproc
    >>> sigproc.correlation_lags(4, 2).tolist()
    [-1, 0, 1, 2, 3]
    """
    return _place(_signal().correlation_lags(in1_len, in2_len, mode), xp, device)


def _overlap_check(name: str, window: Window, nperseg: int, noverlap: int, tol: float) -> Any:
    from ._core import host

    window = host.host(window)  # type: ignore[no-untyped-call]  # an array of any library
    return getattr(_signal(), name)(window, nperseg, noverlap, tol)


def check_COLA(window: Window, nperseg: int, noverlap: int, tol: float = 1e-10) -> Any:  # noqa: N802
    """Whether a window and overlap satisfy the constant overlap-add (COLA) condition.

    COLA holds when the window, shifted by every multiple of the hop
    ``nperseg - noverlap`` and summed, is constant; then overlap-add of the
    windowed segments rebuilds the signal up to a constant gain.

    Parameters
    ----------
    window : str, tuple or array_like
        A ``get_window`` specification (periodic, of length `nperseg`) or the
        window's samples, an array of any library (copied to the host).
    nperseg : int
        Segment length.
    noverlap : int
        Overlap of consecutive segments, in samples.
    tol : float, optional
        Largest allowed deviation of any sum from their median.

    Returns
    -------
    verdict : numpy.bool
        True when the condition holds (SciPy's own value).

    Raises
    ------
    ValueError
        If ``nperseg < 1``, ``noverlap >= nperseg``, or a window array is not
        1-D of length `nperseg`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.check_COLA`` (called to compute the verdict).

    Examples
    --------
    >>> import sigproc
    >>> bool(sigproc.check_COLA("hann", 256, 128))
    True
    """
    return _overlap_check("check_COLA", window, nperseg, noverlap, tol)


def check_NOLA(window: Window, nperseg: int, noverlap: int, tol: float = 1e-10) -> Any:  # noqa: N802
    """Whether a window and overlap satisfy the nonzero overlap-add (NOLA) condition.

    NOLA holds when the squared window, shifted by every multiple of the hop
    and summed, is nowhere (nearly) zero: the condition for `istft` to invert
    `stft`.

    Parameters
    ----------
    window : str, tuple or array_like
        A ``get_window`` specification (periodic, of length `nperseg`) or the
        window's samples, an array of any library (copied to the host).
    nperseg : int
        Segment length.
    noverlap : int
        Overlap of consecutive segments, in samples.
    tol : float, optional
        Sums at or below `tol` count as zero.

    Returns
    -------
    verdict : numpy.bool
        True when the condition holds (SciPy's own value).

    Raises
    ------
    ValueError
        If ``nperseg < 1``, `noverlap` is negative or ``>= nperseg``, or a window
        array is not 1-D of length `nperseg`.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.check_NOLA`` (called to compute the verdict).

    Examples
    --------
    >>> import sigproc
    >>> bool(sigproc.check_NOLA("hann", 64, 0))
    False
    """
    return _overlap_check("check_NOLA", window, nperseg, noverlap, tol)
