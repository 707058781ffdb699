"""The short-time Fourier transform class: ``scipy.signal.ShortTimeFFT``.

A :class:`ShortTimeFFT` lives on the host: it holds its parameters, its
windows as they were given (arrays of any library) and a SciPy
``ShortTimeFFT`` on host copies of them, which answers every question about
the geometry (slice ranges, borders, time and frequency grids, scaling
factors, the canonical dual window) and checks the parameters with SciPy's
own errors. The methods that take a signal (``stft``, ``stft_detrend``,
``spectrogram``; ``istft`` takes the transform ``S``) dispatch on it through
the private multimethods below, registered as ``"ShortTimeFFT.stft"``,
``"ShortTimeFFT.spectrogram"`` and ``"ShortTimeFFT.istft"``: the windows are
their coefficients, converted to the signal's library and device. NumPy
input runs SciPy's ``ShortTimeFFT``, any other array-API array the portable
code of :mod:`sigproc._core.stft_class` on its own device (differentiable on
torch). ``closest_STFT_dual_window`` computes on the host, results placed
back in the library of its input.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Callable
from types import GenericAlias
from typing import Any, ClassVar, Literal, TypeAlias

import numpy as np

from ._lazy import core
from ._lazy import scipy_signal as _signal
from ._typing import Array, ArrayLike, Device, Namespace, WindowSpec
from .dispatch import multimethod

__all__ = ["ShortTimeFFT", "closest_STFT_dual_window"]

#: The values of `fft_mode`.
FFTMode: TypeAlias = Literal["twosided", "centered", "onesided", "onesided2X"]
#: The values of `padding`.
Padding: TypeAlias = Literal["zeros", "edge", "even", "odd"]
#: What `detr` may be: a trend SciPy's ``detrend`` removes, a callable of one slice, or None.
SliceDetrend: TypeAlias = Callable[[Array], Array] | Literal["linear", "constant"] | None


# -- the dispatched transforms -----------------------------------------------------------------
@multimethod(signal=("x",), coefficients=("win",), name="ShortTimeFFT.stft")
def _stft(
    x: Array,
    win: ArrayLike,
    hop: int,
    fft_mode: FFTMode,
    mfft: int,
    scaling: str | None,
    phase_shift: int | None,
    detr: SliceDetrend = None,
    p0: int | None = None,
    p1: int | None = None,
    *,
    k_offset: int = 0,
    padding: Padding = "zeros",
    axis: int = -1,
) -> Array:
    """Dispatched part of :meth:`ShortTimeFFT.stft_detrend` (and ``stft``).

    `win` is the window as the transform uses it (scaled); `scaling` only
    labels it (it sets the factor of ``'onesided2X'``). The other parameters
    are those of the method and of the instance.
    """


@multimethod(signal=("x", "y"), coefficients=("win",), name="ShortTimeFFT.spectrogram")
def _spectrogram(
    x: Array,
    win: ArrayLike,
    hop: int,
    fft_mode: FFTMode,
    mfft: int,
    scaling: str | None,
    phase_shift: int | None,
    y: Array | None = None,
    detr: SliceDetrend = None,
    *,
    p0: int | None = None,
    p1: int | None = None,
    k_offset: int = 0,
    padding: Padding = "zeros",
    axis: int = -1,
) -> Array:
    """Dispatched part of :meth:`ShortTimeFFT.spectrogram` (see `_stft`)."""


@multimethod(signal=("S",), coefficients=("win", "dual_win"), name="ShortTimeFFT.istft")
def _istft(
    S: Array,
    win: ArrayLike,
    dual_win: ArrayLike | None,
    hop: int,
    fft_mode: FFTMode,
    mfft: int,
    scaling: str | None,
    phase_shift: int | None,
    k0: int = 0,
    k1: int | None = None,
    *,
    f_axis: int = -2,
    t_axis: int = -1,
) -> Array:
    """Dispatched part of :meth:`ShortTimeFFT.istft` (see `_stft`).

    ``dual_win=None`` means the canonical dual window of `win`.
    """


# -- dual windows ------------------------------------------------------------------------------
def closest_STFT_dual_window(  # noqa: N802  (SciPy's name)
    win: ArrayLike, hop: int, desired_dual: ArrayLike | None = None, *, scaled: bool = True
) -> tuple[Array, Any]:
    """The dual window of an STFT window closest to a desired one.

    Among all windows ``d`` that invert the STFT with analysis window `win` and
    step `hop` (by overlap-add), the one minimising ``sum(abs(d -
    desired_dual)**2)``; with `scaled`, the one minimising ``sum(abs(alpha*d -
    desired_dual)**2)`` over ``alpha`` too. With a rectangular `desired_dual`
    this finds windows that satisfy the constant-overlap-add (COLA) condition.

    Parameters
    ----------
    win : array_like, shape (m,)
        The analysis window, real or complex. Any array library; computed on
        the host.
    hop : int
        Step between neighbouring slices, in samples, ``1 <= hop <= m``.
    desired_dual : array_like, shape (m,), optional
        The dual window to approach. Default: ones (rectangular).
    scaled : bool, optional
        Also optimise the scale ``alpha`` of `win`. Default True.

    Returns
    -------
    dual_win : array, shape (m,)
        A dual window of ``alpha * win``, in the library and on the device of
        the first non-NumPy array among `win` and `desired_dual` (else NumPy).
    alpha : float or complex
        The scale of `win` (1 when not `scaled`); the dual window of `win`
        itself is ``dual_win / alpha``.

    Raises
    ------
    ValueError
        If the windows are not 1-D of equal length or not finite, if `hop`
        is not an integer in ``[1, m]``, if the STFT is not invertible, or if
        the optimal scale is numerically unstable (try ``scaled=False``).

    See Also
    --------
    ShortTimeFFT.from_win_equals_dual : A window that is its own dual.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.closest_STFT_dual_window`` (called to compute it).

    Examples
    --------
    A periodic Hann window at 50 % overlap sums to a constant (COLA): its closest
    dual is rectangular.

    >>> import numpy as np
    >>> import sigproc
    >>> win = sigproc.windows.hann(16, sym=False)
    >>> dual, alpha = sigproc.closest_STFT_dual_window(win, 8)
    >>> bool(np.allclose(dual, alpha * np.ones(16)))
    True
    """
    win = np.asarray(win) if isinstance(win, list | tuple) else win
    if isinstance(desired_dual, list | tuple):
        desired_dual = np.asarray(desired_dual)
    dual, alpha = core("host").on_host(
        _signal().closest_STFT_dual_window, win, hop, desired_dual, scaled=scaled
    )
    return dual, alpha


# -- the class ---------------------------------------------------------------------------------
class ShortTimeFFT:
    """A short-time Fourier transform with its inverse, for signals of any array library.

    The transform slides the window `win` over a signal in steps of `hop`
    samples and takes the FFT of each windowed slice: ``S[q, p]`` is the
    component at frequency ``q * delta_f`` of the slice centred at time ``p *
    delta_t``, ``delta_t = hop / fs``, ``delta_f = fs / mfft``. Slice 0 is
    centred on the first sample, so slices with negative indices (``p_min <=
    p < 0``) cover the start. The inverse (`istft`) transforms each slice back,
    multiplies it by the dual window `dual_win` and adds the slices up.

    Each method that takes a signal dispatches on it and runs the portable,
    batched code on the signal's own library and device (for NumPy arrays too:
    SciPy's loop over slices is about 10 times slower); the windows follow the
    signal's library and device. Grids (`t`, `f`) and the geometry are computed on the
    host, as SciPy computes them.

    Parameters
    ----------
    win : array_like, shape (m_num,)
        The window, real or complex, finite. Kept as given (any array library;
        a NumPy window is made read-only, as SciPy does): signals of its
        library use it as it is (torch autograd reaches it), others a copy
        converted to their library and device.
    hop : int
        Step between neighbouring slices, in samples, >= 1.
    fs : float
        Sampling frequency of the signal and the window, in Hz (``T = 1/fs``).
    fft_mode : {'onesided', 'twosided', 'centered', 'onesided2X'}, optional
        Which FFT: ``'onesided'`` the non-negative frequencies of a real
        signal (``rfft``, default), ``'twosided'`` all of them in FFT order,
        ``'centered'`` all of them in increasing order (``fftshift``),
        ``'onesided2X'`` one-sided with the bins that pair with a negative
        frequency doubled (magnitude scaling) or multiplied by ``sqrt(2)``
        (psd scaling); it needs a scaling.
    mfft : int, optional
        FFT length, >= ``m_num`` (zero-padded slices). Default ``m_num``.
    dual_win : array_like, shape (m_num,), optional
        The dual window used by `istft`. Default: the canonical dual window,
        computed when first needed.
    scale_to : {'magnitude', 'psd'}, optional
        Scale the window so that each slice is a magnitude spectrum or a power
        spectral density (see `scale_to`). Default: unscaled.
    phase_shift : int or None, optional
        Circular shift, in samples, of each zero-padded slice before its FFT:
        the phase of bin ``q`` gains ``2*pi*q*phase_shift/mfft``. 0 (default)
        makes the phase of slice 0 refer to ``t = 0``; None shifts nothing.
        ``abs(phase_shift) < mfft``.

    Attributes
    ----------
    win, dual_win : array
        The windows, in the library they were given in.
    hop, fs, T, mfft, fft_mode, phase_shift, scaling : see the properties.

    Raises
    ------
    ValueError
        SciPy's errors for a window that is not 1-D, empty or not finite, a
        `hop` that is not an integer >= 1, ``fs <= 0``, ``mfft < m_num``, a
        `dual_win` of another shape or not finite, an unknown `scale_to` or
        `fft_mode`, a one-sided mode for a complex window or 'onesided2X'
        without scaling, and a `phase_shift` out of range.

    See Also
    --------
    stft, istft, spectrogram : The legacy short-time functions.
    closest_STFT_dual_window : Dual windows close to a desired one.

    Notes
    -----
    With ``phase_shift=0`` the transform is ``S[q, p] = sum_k x[k] *
    conj(win[k - p*hop + m_num_mid]) * exp(-2j*pi*q*(k - p*hop)/mfft)``: the
    phase of each slice refers to the slice's centre. `win` and `dual_win` are
    dual when ``sum_p win[k - p*hop] * conj(dual_win[k - p*hop]) = 1`` for
    every ``k``; then `istft` inverts `stft` exactly.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.ShortTimeFFT`` (the reference semantics and,
           on NumPy arrays, the implementation).
    .. [2] J. B. Allen and L. R. Rabiner, "A unified approach to short-time
           Fourier analysis and synthesis", Proc. IEEE 65, 1558-1564 (1977).

    Examples
    --------
    A 50 Hz tone sampled at 1 kHz, analysed in 64-sample Hann slices every
    16 samples, and recovered exactly:

    >>> import numpy as np
    >>> import sigproc
    >>> fs = 1000.0
    >>> x = np.sin(2 * np.pi * 50 * np.arange(1000) / fs)
    >>> SFT = sigproc.ShortTimeFFT(sigproc.windows.hann(64, sym=False), 16, fs)
    >>> S = SFT.stft(x)
    >>> S.shape  # (frequencies, slices)
    (33, 66)
    >>> float(SFT.f[np.argmax(abs(S[:, 30]))])
    46.875
    >>> bool(np.allclose(SFT.istft(S, k1=len(x)), x))
    True
    """

    # generic type compatibility with scipy-stubs, as SciPy's
    __class_getitem__: ClassVar[classmethod[Any, Any, Any]] = classmethod(GenericAlias)

    _sft: Any  # SciPy's ShortTimeFFT on host copies: parameters, geometry, checks
    _win: Array | None  # the window given in a library other than NumPy (scaled)
    _dual: Array | None  # the dual window likewise
    _dual_given: bool  # whether the dual window was given (else canonical)
    _like: tuple[Namespace | None, Device | None]  # where windows computed here go
    _placed: dict[str, Array]  # host windows placed in `_like`, by name

    def __init__(
        self,
        win: ArrayLike,
        hop: int,
        fs: float,
        *,
        fft_mode: FFTMode = "onesided",
        mfft: int | None = None,
        dual_win: ArrayLike | None = None,
        scale_to: Literal["magnitude", "psd"] | None = None,
        phase_shift: int | None = 0,
    ) -> None:
        host = core("host")
        win = np.asarray(win) if isinstance(win, list | tuple) else win
        if isinstance(dual_win, list | tuple):
            dual_win = np.asarray(dual_win)
        # SciPy checks everything in its own order; the mode and the shift are set
        # after the scaling, as SciPy sets them.
        sft = _signal().ShortTimeFFT(
            host.host(win), hop, fs, fft_mode="twosided", mfft=mfft,
            dual_win=None if dual_win is None else host.host(dual_win),
        )  # fmt: skip
        self._adopt(
            sft,
            win if host.library_of(win)[0] is not None else None,
            dual_win if host.library_of(dual_win)[0] is not None else None,
            dual_win is not None,
            host.library_of(win, dual_win),
        )
        if scale_to is not None:
            self.scale_to(scale_to)
        sft.fft_mode, sft.phase_shift = fft_mode, phase_shift

    def _adopt(
        self,
        sft: Any,
        win: Array | None,
        dual: Array | None,
        dual_given: bool,
        like: tuple[Namespace | None, Device | None],
    ) -> None:
        self._sft, self._win, self._dual, self._dual_given = sft, win, dual, dual_given
        self._like, self._placed = like, {}

    @classmethod
    def _from_host(cls, sft: Any, like: tuple[Namespace | None, Device | None]) -> ShortTimeFFT:
        # An instance around a SciPy object whose windows were computed on the host.
        self = cls.__new__(cls)
        self._adopt(sft, None, None, True, like)
        return self

    @classmethod
    def from_dual(
        cls,
        dual_win: ArrayLike,
        hop: int,
        fs: float,
        *,
        fft_mode: FFTMode = "onesided",
        mfft: int | None = None,
        scale_to: Literal["magnitude", "psd"] | None = None,
        phase_shift: int | None = 0,
    ) -> ShortTimeFFT:
        """An instance given its dual window: `win` is the canonical dual of `dual_win`.

        The STFT then expands a signal into time-shifted, modulated copies of
        `dual_win` (``S[q, p]`` is the weight of the copy shifted by ``p *
        delta_t`` and modulated to ``q * delta_f``).

        Parameters
        ----------
        dual_win : array_like, shape (m_num,)
            The dual window, real or complex; any array library (the windows
            of the instance are placed in it).
        hop, fs, fft_mode, mfft, scale_to, phase_shift
            As for :class:`ShortTimeFFT`.

        Returns
        -------
        ShortTimeFFT

        Raises
        ------
        ValueError
            If `dual_win` has no dual window for `hop` (``hop > m_num``, an
            integer window, or an STFT that is not invertible), and the
            errors of :class:`ShortTimeFFT`.

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.from_dual``.
        """
        host = core("host")
        dual_win = np.asarray(dual_win) if isinstance(dual_win, list | tuple) else dual_win
        sft = _signal().ShortTimeFFT.from_dual(
            host.host(dual_win), hop, fs, fft_mode=fft_mode, mfft=mfft, scale_to=scale_to,
            phase_shift=phase_shift,
        )  # fmt: skip
        return cls._from_host(sft, host.library_of(dual_win))

    @classmethod
    def from_window(
        cls,
        win_param: WindowSpec,
        fs: float,
        nperseg: int,
        noverlap: int,
        *,
        symmetric_win: bool = False,
        fft_mode: FFTMode = "onesided",
        mfft: int | None = None,
        scale_to: Literal["magnitude", "psd"] | None = None,
        phase_shift: int | None = 0,
    ) -> ShortTimeFFT:
        """An instance with a window of `get_window`, in the terms of the legacy `stft`.

        Parameters
        ----------
        win_param : str, tuple or float
            The window as `get_window` takes it (``'hann'``, ``('kaiser',
            8.0)``, a Kaiser beta).
        fs : float
            Sampling frequency, Hz.
        nperseg : int
            Window length ``m_num``.
        noverlap : int
            Overlap of neighbouring slices; ``hop = nperseg - noverlap``.
        symmetric_win : bool, optional
            A symmetric window instead of the periodic one (default False);
            a name ending in ``'_periodic'``/``'_symmetric'`` decides itself.
        fft_mode, mfft, scale_to, phase_shift
            As for :class:`ShortTimeFFT`.

        Returns
        -------
        ShortTimeFFT
            Its window is a NumPy array (it follows each signal).

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.from_window``.

        Examples
        --------
        >>> import sigproc
        >>> SFT = sigproc.ShortTimeFFT.from_window("hann", 1e3, 128, 96)
        >>> SFT.hop, SFT.m_num, SFT.f_pts
        (32, 128, 65)
        """
        sft = _signal().ShortTimeFFT.from_window(
            win_param, fs, nperseg, noverlap, symmetric_win=symmetric_win, fft_mode=fft_mode,
            mfft=mfft, scale_to=scale_to, phase_shift=phase_shift,
        )  # fmt: skip
        return cls._from_host(sft, (None, None))

    @classmethod
    def from_win_equals_dual(
        cls,
        desired_win: ArrayLike,
        hop: int,
        fs: float,
        *,
        fft_mode: FFTMode = "onesided",
        mfft: int | None = None,
        scale_to: Literal["magnitude", "psd", "unitary"] | None = None,
        phase_shift: int | None = 0,
    ) -> ShortTimeFFT:
        """An instance whose window is its own dual (up to a factor), closest to `desired_win`.

        The window is the least-squares closest one to `desired_win` among
        those equal to their dual window; then it is scaled by `scale_to`.
        With ``scale_to='unitary'`` (window divided and dual window multiplied
        by ``sqrt(mfft)``) the STFT preserves inner products and energy.

        Parameters
        ----------
        desired_win : array_like, shape (m_num,)
            Real or complex, not integer; any array library (the windows of
            the instance are placed in it).
        hop, fs, fft_mode, mfft, phase_shift
            As for :class:`ShortTimeFFT`.
        scale_to : {'magnitude', 'psd', 'unitary'}, optional
            Scaling; default none.

        Returns
        -------
        ShortTimeFFT

        Raises
        ------
        ValueError
            If `desired_win` is not 1-D, integer or not finite, `hop` is not
            an integer in ``[1, m_num]``, `scale_to` is unknown, or no such
            window exists for `hop`.

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.from_win_equals_dual``.

        Examples
        --------
        >>> import numpy as np
        >>> import sigproc
        >>> SFT = sigproc.ShortTimeFFT.from_win_equals_dual(
        ...     sigproc.windows.gaussian(32, 6), 8, fs=1.0, fft_mode="twosided",
        ...     scale_to="unitary")
        >>> x = np.random.default_rng(0).standard_normal(100)
        >>> bool(np.isclose(np.sum(SFT.spectrogram(x)), np.sum(x**2)))
        True
        """
        host = core("host")
        if isinstance(desired_win, list | tuple):
            desired_win = np.asarray(desired_win)
        sft = _signal().ShortTimeFFT.from_win_equals_dual(
            host.host(desired_win), hop, fs, fft_mode=fft_mode, mfft=mfft, scale_to=scale_to,
            phase_shift=phase_shift,
        )  # fmt: skip
        return cls._from_host(sft, host.library_of(desired_win))

    # -- windows and parameters ----------------------------------------------------------------
    def _place(self, name: str, value: Any) -> Any:
        xp, dev = self._like
        if xp is None:
            return value
        if name not in self._placed:
            self._placed[name] = core("host").place(value, xp=xp, device=dev)
        return self._placed[name]

    @property
    def win(self) -> Array:
        """The window, shape ``(m_num,)``, in the library it was given in (scaled by `scale_to`).

        Read-only: `dual_win` depends on it.
        """
        return self._win if self._win is not None else self._place("win", self._sft.win)

    @property
    def dual_win(self) -> Array:
        """The dual window used by `istft`, shape ``(m_num,)``.

        The given one, or the canonical dual window (least energy among the
        dual windows), computed on first use in the library of `win`. `win`
        is in turn a dual window of `dual_win`.

        Raises
        ------
        ValueError
            If the STFT is not invertible (no dual window exists).
        """
        if self._dual is not None:
            return self._dual
        return self._place("dual_win", self._sft.dual_win)

    @property
    def invertible(self) -> bool:
        """Whether the STFT is invertible: a dual window exists."""
        return bool(self._sft.invertible)

    @property
    def hop(self) -> int:
        """Step between neighbouring slices, in samples (read-only)."""
        return int(self._sft.hop)

    @property
    def T(self) -> float:  # noqa: N802  (SciPy's name)
        """Sampling interval of the signal and the window, ``1/fs``; settable, > 0."""
        value: float = self._sft.T
        return value

    @T.setter
    def T(self, v: float) -> None:  # noqa: N802
        self._sft.T = v

    @property
    def fs(self) -> float:
        """Sampling frequency of the signal and the window, Hz; settable, > 0."""
        value: float = self._sft.fs
        return value

    @fs.setter
    def fs(self, v: float) -> None:
        self._sft.fs = v

    @property
    def fft_mode(self) -> FFTMode:
        """The FFT: 'twosided', 'centered', 'onesided' or 'onesided2X' (settable).

        One-sided modes need a real window and real signals; 'onesided2X'
        needs a scaling. See :class:`ShortTimeFFT`.
        """
        mode: FFTMode = self._sft.fft_mode
        return mode

    @fft_mode.setter
    def fft_mode(self, t: FFTMode) -> None:
        self._sft.fft_mode = t

    @property
    def mfft(self) -> int:
        """FFT length, at least `m_num` (settable)."""
        return int(self._sft.mfft)

    @mfft.setter
    def mfft(self, n_: int) -> None:
        self._sft.mfft = n_

    @property
    def scaling(self) -> Literal["magnitude", "psd", "unitary"] | None:
        """The window's scaling: 'magnitude', 'psd', 'unitary' or None (see `scale_to`)."""
        scaling: Literal["magnitude", "psd", "unitary"] | None = self._sft.scaling
        return scaling

    def scale_to(self, scaling: Literal["magnitude", "psd"]) -> None:
        """Scale the window so that each slice is a magnitude or a power density spectrum.

        'magnitude' gives the window unit sum (a sine of amplitude ``a`` shows
        ``a/2`` in its two bins); 'psd' gives ``sum(abs(win)**2) = fs`` (slices
        in units**2/Hz). The dual window, if any, is divided by the same factor.

        Parameters
        ----------
        scaling : {'magnitude', 'psd'}

        Raises
        ------
        ValueError
            If `scaling` is neither.
        """
        sft = self._sft
        factor = None
        if scaling in ("magnitude", "psd") and sft.scaling != scaling:
            factor = float(sft.fac_psd if scaling == "psd" else sft.fac_magnitude)
        sft.scale_to(scaling)
        if factor is not None:
            if self._win is not None:
                self._win = self._win * factor
            if self._dual is not None:
                self._dual = self._dual / factor
            self._placed = {}

    @property
    def phase_shift(self) -> int | None:
        """Circular shift of each slice before its FFT, in samples, or None (settable).

        ``abs(phase_shift) < mfft``; see :class:`ShortTimeFFT`.
        """
        shift: int | None = self._sft.phase_shift
        return shift

    @phase_shift.setter
    def phase_shift(self, v: int | None) -> None:
        self._sft.phase_shift = v

    @property
    def fac_magnitude(self) -> float:
        """Factor that turns the slices into magnitude spectra (1 when so scaled)."""
        value: float = self._sft.fac_magnitude
        return value

    @property
    def fac_psd(self) -> float:
        """Factor that turns the slices into power spectral densities (1 when so scaled)."""
        value: float = self._sft.fac_psd
        return value

    @property
    def m_num(self) -> int:
        """Number of samples of the window."""
        return int(self._sft.m_num)

    @property
    def m_num_mid(self) -> int:
        """Centre index of the window, ``m_num // 2``."""
        return int(self._sft.m_num_mid)

    # -- geometry ------------------------------------------------------------------------------
    @property
    def k_min(self) -> int:
        """Smallest signal index touched by a slice (<= 0)."""
        return int(self._sft.k_min)

    @property
    def p_min(self) -> int:
        """Index of the first slice that reaches into the signal (<= 0)."""
        return int(self._sft.p_min)

    def k_max(self, n: int) -> int:
        """First signal index past the last slice, for `n` samples.

        Parameters
        ----------
        n : int
            Signal length, >= ``m_num - m_num_mid``.

        Returns
        -------
        int
        """
        return int(self._sft.k_max(n))

    def p_max(self, n: int) -> int:
        """Index past the last slice that reaches into a signal of `n` samples.

        Parameters
        ----------
        n : int
            Signal length, >= ``m_num - m_num_mid``.

        Returns
        -------
        int
        """
        return int(self._sft.p_max(n))

    def p_num(self, n: int) -> int:
        """Number of slices of a signal of `n` samples, ``p_max(n) - p_min``.

        Parameters
        ----------
        n : int
            Signal length.

        Returns
        -------
        int
        """
        return int(self._sft.p_num(n))

    def p_range(self, n: int, p0: int | None = None, p1: int | None = None) -> tuple[int, int]:
        """The slice range ``p0 .. p1-1`` with its defaults, checked.

        Parameters
        ----------
        n : int
            Signal length.
        p0, p1 : int, optional
            First slice and the slice past the last; default `p_min` and
            ``p_max(n)``.

        Returns
        -------
        p0, p1 : int

        Raises
        ------
        ValueError
            Unless ``p_min <= p0 < p1 <= p_max(n)``.
        """
        p0_, p1_ = self._sft.p_range(n, p0, p1)
        return int(p0_), int(p1_)

    @property
    def lower_border_end(self) -> tuple[int, int]:
        """``(k, p)``: first sample and first slice unaffected by the padding at the start."""
        k, p = self._sft.lower_border_end
        return int(k), int(p)

    def upper_border_begin(self, n: int) -> tuple[int, int]:
        """``(k, p)``: first sample and first slice affected by the padding at the end.

        Parameters
        ----------
        n : int
            Signal length, >= ``m_num - m_num_mid``.

        Returns
        -------
        k, p : int
        """
        k, p = self._sft.upper_border_begin(n)
        return int(k), int(p)

    def nearest_k_p(self, k: int, left: bool = True) -> int:
        """The sample index nearest to `k` where a slice is centred (a multiple of `hop`).

        Parameters
        ----------
        k : int
            Sample index.
        left : bool, optional
            Round down (default) or up.

        Returns
        -------
        int
        """
        return int(self._sft.nearest_k_p(k, left))

    @property
    def delta_t(self) -> float:
        """Time between neighbouring slices, ``hop * T``."""
        value: float = self._sft.delta_t
        return value

    @property
    def delta_f(self) -> float:
        """Width of a frequency bin, ``1 / (mfft * T)``."""
        value: float = self._sft.delta_f
        return value

    @property
    def f_pts(self) -> int:
        """Number of frequencies: ``mfft // 2 + 1`` one-sided, else `mfft`."""
        return int(self._sft.f_pts)

    @property
    def onesided_fft(self) -> bool:
        """Whether `fft_mode` is one-sided ('onesided' or 'onesided2X')."""
        return bool(self._sft.onesided_fft)

    @property
    def f(self) -> Array:
        """The frequencies of the rows of the STFT, Hz: NumPy, shape ``(f_pts,)``."""
        return self._sft.f

    def t(
        self,
        n: int,
        p0: int | None = None,
        p1: int | None = None,
        k_offset: int = 0,
        *,
        xp: Namespace | None = None,
        device: Device | None = None,
    ) -> Array:
        """The times of the slices of a signal of `n` samples, seconds.

        Parameters
        ----------
        n : int
            Signal length, > 0.
        p0, p1 : int, optional
            The slice range (see `p_range`).
        k_offset : int, optional
            Index of the sample at ``t = 0``. Default 0.
        xp : array namespace, optional
            Library of the result; NumPy by default.
        device : device, optional
            Device of the result, with `xp`.

        Returns
        -------
        t : array, shape (p1 - p0,), float64
            ``arange(p0, p1) * delta_t + k_offset * T``.

        Raises
        ------
        ValueError
            If `n` is not a positive integer or the slice range is invalid.
        """
        return core("host").place(self._sft.t(n, p0, p1, k_offset), xp=xp, device=device)

    def extent(
        self, n: int, axes_seq: Literal["tf", "ft"] = "tf", center_bins: bool = False
    ) -> tuple[float, float, float, float]:
        """The time and frequency limits of the STFT of `n` samples, for ``imshow(extent=...)``.

        Parameters
        ----------
        n : int
            Signal length.
        axes_seq : {'tf', 'ft'}, optional
            ``(t0, t1, f0, f1)`` (default) or ``(f0, f1, t0, t1)``.
        center_bins : bool, optional
            Shift the limits by half a bin, so that each value sits in the
            middle of its cell. Default False.

        Returns
        -------
        tuple of 4 floats

        Raises
        ------
        ValueError
            For an unknown `axes_seq`, or `fft_mode` 'twosided' (its
            frequencies are not monotonic).
        """
        a, b, c, d = self._sft.extent(n, axes_seq, center_bins)
        return a, b, c, d

    # -- transforms ----------------------------------------------------------------------------
    def _windows(self, signal: Array) -> tuple[Array, Array | None]:
        # The windows for a call on `signal`: as given (kept for autograd) when they
        # are of the signal's library, else the host copies, which dispatch moves to
        # the signal's library and device. The dual window is None when it was not
        # given: the backend uses the canonical one (computed where SciPy does).
        sft = self._sft
        xp = self._like[0]
        if xp is None or core("host").library_of(signal)[0] is not xp:
            return sft.win, sft.dual_win if self._dual_given else None
        if not self._dual_given:
            return self.win, None
        return self.win, self.dual_win

    def _parameters(self, signal: Array) -> tuple[Array, int, FFTMode, int, str | None, int | None]:
        sft = self._sft
        win = self._windows(signal)[0]
        return (win, sft.hop, sft.fft_mode, sft.mfft, sft.scaling, sft.phase_shift)

    def stft(
        self,
        x: Array,
        p0: int | None = None,
        p1: int | None = None,
        *,
        k_offset: int = 0,
        padding: Padding = "zeros",
        axis: int = -1,
    ) -> Array:
        """The short-time Fourier transform of `x`.

        Parameters
        ----------
        x : array
            Signal, real or (for 'twosided' and 'centered') complex; its
            array library selects the backend.
        p0, p1 : int, optional
            Compute the slices ``p0 .. p1-1``. Default `p_min` and
            ``p_max(n)``: every slice that reaches into the signal.
        k_offset : int, optional
            Index of the sample at ``t = 0``. Default 0.
        padding : {'zeros', 'edge', 'even', 'odd'}, optional
            What slices see beyond the signal's ends: zeros, the end sample,
            the signal mirrored about the end sample, or mirrored and negated
            about it. Default 'zeros'.
        axis : int, optional
            Time axis of `x`. Default -1.

        Returns
        -------
        S : array, complex128, library and device of `x`
            ``x.ndim + 1`` dimensions: frequency (`f_pts` rows) on `axis`,
            slices on the last axis (``(f_pts, p1 - p0)`` for 1-D `x`).

        Raises
        ------
        ValueError
            For complex `x` with a one-sided `fft_mode`, a signal shorter than
            ``m_num - m_num_mid``, an invalid slice range or `padding`.

        See Also
        --------
        stft_detrend : The same with a trend removed from each slice.
        istft : The inverse.

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.stft``.
        """
        return _stft(
            x, *self._parameters(x), None, p0, p1, k_offset=k_offset, padding=padding, axis=axis
        )

    def stft_detrend(
        self,
        x: Array,
        detr: SliceDetrend,
        p0: int | None = None,
        p1: int | None = None,
        *,
        k_offset: int = 0,
        padding: Padding = "zeros",
        axis: int = -1,
    ) -> Array:
        """The short-time Fourier transform of `x` with a trend removed from each slice.

        Parameters
        ----------
        x : array
            Signal; its array library selects the backend.
        detr : {'linear', 'constant'}, callable or None
            Remove the least-squares line or the mean of each padded slice
            before windowing (as ``detrend``), or call ``detr(slice)`` on each
            slice, shape ``(..., m_num)`` (one call per slice, as SciPy makes
            them), or None (as `stft`).
        p0, p1, k_offset, padding, axis
            As for `stft`.

        Returns
        -------
        S : array, complex128, library and device of `x`
            As for `stft`.

        Raises
        ------
        ValueError
            As `stft`, and for a `detr` that is not a trend name, a callable
            or None.

        Notes
        -----
        Detrended slices no longer add up to the signal: `istft` does not
        invert this transform.

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.stft_detrend``.
        """
        return _stft(
            x, *self._parameters(x), detr, p0, p1, k_offset=k_offset, padding=padding, axis=axis
        )

    def spectrogram(
        self,
        x: Array,
        y: Array | None = None,
        detr: SliceDetrend = None,
        *,
        p0: int | None = None,
        p1: int | None = None,
        k_offset: int = 0,
        padding: Padding = "zeros",
        axis: int = -1,
    ) -> Array:
        """The spectrogram ``abs(S_x)**2``, or the cross-spectrogram ``S_x * conj(S_y)``.

        Parameters
        ----------
        x : array
            Signal; its array library selects the backend.
        y : array, optional
            Second signal, same library as `x`; None (or `x` itself) gives the
            spectrogram of `x`.
        detr, p0, p1, k_offset, padding, axis
            As for `stft_detrend`.

        Returns
        -------
        S_xy : array, library and device of `x`
            float64 (non-negative) for the spectrogram, complex128 for the
            cross-spectrogram; shaped as `stft`'s result.

        Raises
        ------
        ValueError
            As `stft_detrend`.

        Notes
        -----
        With a unitary scaling (`from_win_equals_dual`) the sum of the
        spectrogram is the signal's energy ``sum(abs(x)**2)``.

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.spectrogram``.
        """
        if y is x:
            y = None
        return _spectrogram(
            x, *self._parameters(x), y, detr,
            p0=p0, p1=p1, k_offset=k_offset, padding=padding, axis=axis,
        )  # fmt: skip

    def istft(
        self, S: Array, k0: int = 0, k1: int | None = None, *, f_axis: int = -2, t_axis: int = -1
    ) -> Array:
        """The inverse short-time Fourier transform: samples ``k0 .. k1-1`` of the signal.

        Each slice is transformed back, multiplied by `dual_win` and added at
        its place (overlap-add).

        Parameters
        ----------
        S : array
            STFT, `f_pts` frequencies on `f_axis` and slices on `t_axis`, the
            first slice being `p_min`; its array library selects the backend.
        k0, k1 : int, optional
            The samples to reconstruct; default 0 to the last sample any slice
            of `S` reaches (pass the signal length as `k1`).
        f_axis, t_axis : int, optional
            Frequency and time axes of `S`. Default -2 and -1.

        Returns
        -------
        x : array, library and device of `S`
            float64 for a one-sided `fft_mode`, else complex128; ``S.ndim - 1``
            dimensions, time where the frequency axis was (or the time axis,
            when `f_axis` was the last one).

        Raises
        ------
        ValueError
            If the axes are equal, `S` has not `f_pts` frequencies or too few
            slices, ``k_min <= k0 < k1 <= k_max`` fails, fewer than ``m_num -
            m_num_mid`` samples are asked for, or the STFT is not invertible.

        Notes
        -----
        SciPy 1.17 reads a slice before `p_min` (a negative `k0` more than a
        slice before the signal) as one from the end of `S`; here it adds
        nothing, on every backend.

        References
        ----------
        .. [1] SciPy, ``scipy.signal.ShortTimeFFT.istft``.
        """
        sft = self._sft
        win, dual_win = self._windows(S)
        return _istft(
            S, win, dual_win, sft.hop, sft.fft_mode, sft.mfft, sft.scaling,
            sft.phase_shift, k0, k1, f_axis=f_axis, t_axis=t_axis,
        )  # fmt: skip
