"""Reductions along one axis: whole-axis aggregates, per-band aggregates, band power.

``aggregate`` reduces an axis with one named statistic; ``ranged_aggregate``
does it once per coordinate band (frequency bands of a spectrum, time windows
of a recording); ``bandpower`` integrates a Welch PSD over frequency bands.
All three dispatch on the library of `x` and keep its library and device.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import Any

from ._core.names import FUNCS as FUNCS  # re-exported: the statistics `func` accepts
from ._typing import Array, ArrayLike, Bands
from .dispatch import multimethod

__all__ = ["aggregate", "bandpower", "ranged_aggregate"]


@multimethod(signal=("x",), coefficients=("coords",))
def aggregate(
    x: Array, func: str = "mean", axis: int = -1, *, coords: ArrayLike | None = None
) -> Array:
    """Reduce one axis of `x` with a named statistic.

    Parameters
    ----------
    x : array, shape (..., n, ...)
        Data; its array library selects the backend. Boolean input counts as
        0/1 integers.
    func : str, optional
        One of ``mean median max min sum std var range argmax argmin trapezoid
        nanmean nanmedian nanmax nanmin nansum nanstd`` (default "mean"). Each
        follows its NumPy function (``range`` is ``np.ptp``, ``trapezoid`` is
        ``scipy.integrate.trapezoid``): ``std``/``var``/``nanstd`` use ddof=0,
        ``median`` averages the two middle values for even `n`, the ``nan*``
        forms ignore NaN (NaN for an all-NaN slice, 0 for ``nansum``).
    axis : int, optional
        Axis to reduce (default: last).
    coords : array_like, shape (n,), optional
        Real coordinates of the samples along `axis` (times in s, frequencies
        in Hz); follows the library and device of `x`. Required by
        ``trapezoid`` (the integral has units of x times coords); with
        ``argmax``/``argmin`` the coordinate of the extremum is returned
        instead of its index. Ignored by the other statistics.

    Returns
    -------
    out : array, shape of `x` without `axis`
        Same library and device as `x`. dtype as NumPy's: float32 stays
        float32, integers give float64 for mean/median/std/var, int64 indices
        for ``argmax``/``argmin`` (coords' dtype with `coords`), and the
        result type of `x` and `coords` for ``trapezoid``.

    Raises
    ------
    ValueError
        If `func` is unknown (the message lists the valid names), `axis` is
        out of range, `coords` is not 1-D of length ``x.shape[axis]``,
        ``trapezoid`` has no `coords`, or the axis is empty (except for
        ``sum``, ``nansum`` and ``trapezoid``).
    TypeError
        If an ordering statistic (median, max, min, range, argmax, argmin and
        their ``nan`` forms) gets complex data, or `coords` is complex.

    References
    ----------
    .. [1] NumPy, ``np.mean``, ``np.median``, ``np.ptp``, ``np.nanmedian``, ...
    .. [2] SciPy, ``scipy.integrate.trapezoid``.
    """


@multimethod(signal=("x",), coefficients=("coords",))
def ranged_aggregate(
    x: Array, coords: ArrayLike, bands: Bands, func: str = "mean", axis: int = -1
) -> Array:
    """Aggregate `x` separately over each coordinate band along one axis.

    For band ``(lo, hi)`` the result is ``aggregate(x[..., m, ...], func,
    coords=coords[m])`` with ``m = (lo <= coords) & (coords <= hi)``. All bands
    are computed in one vectorised pass: sums and means as a (bands x n) mask
    matrix product, the other statistics on a masked (..., bands, n) view.

    Parameters
    ----------
    x : array, shape (..., n, ...)
        Data; its array library selects the backend.
    coords : array_like, shape (n,)
        Real coordinates of the samples along `axis` (for example the
        frequencies of a spectrum, in Hz). Follows the library of `x`. Must be
        monotonic for ``trapezoid``.
    bands : sequence of (float, float), or array_like of shape (n_bands, 2)
        Host-side band edges ``(lo, hi)`` in the units of `coords`, both ends
        inclusive.
    func : str, optional
        Statistic, as for :func:`aggregate` (default "mean"). ``argmax`` and
        ``argmin`` return the coordinate of the extremum within the band.
    axis : int, optional
        Axis of `x` that `coords` labels (default: last).

    Returns
    -------
    out : array, shape of `x` with `axis` of length n_bands
        Same library and device as `x`; dtype as for :func:`aggregate`.

    Raises
    ------
    ValueError
        If `func` is unknown, `coords` is not 1-D of length ``x.shape[axis]``,
        `bands` is not a non-empty list of pairs, a band has ``lo > hi`` or
        contains no coordinate (the message names the band), or `coords` is
        not monotonic for ``trapezoid``.
    TypeError
        As for :func:`aggregate`.

    References
    ----------
    .. [1] NumPy/SciPy reductions, as listed for :func:`aggregate`.
    """


@multimethod(signal=("x",))
def bandpower(
    x: Array,
    fs: float,
    bands: Bands,
    *,
    axis: int = -1,
    method: str = "welch",
    relative: bool = False,
    **welch_kwargs: Any,
) -> Array:
    """Signal power in frequency bands, from the integral of its PSD.

    The one-sided power spectral density ``Pxx(f)`` of `x` is estimated with
    :func:`sigproc.welch` (or :func:`sigproc.periodogram`), then integrated
    with the trapezoid rule over the frequencies inside each band:
    ``P = trapezoid(Pxx[m], f[m])`` with ``m = (lo <= f) & (f <= hi)``. A band
    narrower than the frequency resolution holds at most one frequency and
    has power 0, as that integral.

    Parameters
    ----------
    x : array, shape (..., n_samples, ...)
        Signal (for example in V); its array library selects the backend. All
        channels are processed in one batched pass.
    fs : float
        Sampling frequency, in Hz.
    bands : sequence of (float, float), or array_like of shape (n_bands, 2)
        Band edges ``(lo, hi)`` in Hz, inclusive, with ``0 <= lo <= hi <= fs/2``.
    axis : int, optional
        Time axis of `x` (default: last).
    method : {"welch", "periodogram"}, optional
        PSD estimator.
    relative : bool, optional
        Divide by the integral of the PSD over all frequencies, giving the
        fraction of the total power in each band.
    **welch_kwargs
        Passed to the estimator (``nperseg``, ``window``, ``detrend``, ...).

    Returns
    -------
    power : array, shape of `x` with `axis` of length n_bands
        Band power in units**2 (V**2 if `x` is in V), or dimensionless with
        `relative`. Same library and device as `x`; float32 input stays float32.

    Raises
    ------
    ValueError
        If `fs` is not positive and finite, `method` is unknown, `bands` is
        not a non-empty list of pairs, or a band lies outside ``[0, fs/2]`` or
        has ``lo > hi`` (the message names the band).

    References
    ----------
    .. [1] P. Welch, "The use of the fast Fourier transform for the estimation
       of power spectra", IEEE Trans. Audio Electroacoust. 15(2), 1967.
    .. [2] SciPy, ``scipy.signal.welch`` and ``scipy.integrate.trapezoid``.
    """
