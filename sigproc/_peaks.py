"""Peak finding: public multimethods with ``scipy.signal``'s names.

The signal's library selects the backend; see ``docs/design.md``. NumPy input
runs SciPy's compiled code; any other array-API array runs the portable code of
:mod:`sigproc._core.peaks` on its own device (``find_peaks_cwt`` on the host).
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from collections.abc import Callable

from ._typing import Array, ArrayLike
from .dispatch import multimethod

__all__ = [
    "argrelextrema",
    "argrelmax",
    "argrelmin",
    "find_peaks",
    "find_peaks_cwt",
    "peak_prominences",
    "peak_widths",
]

#: A comparison of two arrays, elementwise, giving booleans (``numpy.greater``, ...).
Comparator = Callable[[Array, Array], Array]


@multimethod(signal=("x",))
def find_peaks(
    x: Array,
    height: ArrayLike | None = None,
    threshold: ArrayLike | None = None,
    distance: float | None = None,
    prominence: ArrayLike | None = None,
    width: ArrayLike | None = None,
    wlen: float | None = None,
    rel_height: float = 0.5,
    plateau_size: ArrayLike | None = None,
) -> tuple[Array, dict[str, Array]]:
    """Local maxima of a 1-D signal, selected by their properties.

    A peak is a sample, or a run of equal samples (a plateau), whose two
    neighbouring samples are both lower; a plateau is reported by its middle
    sample (the left one of the two middle samples for an even length). The
    signal's first and last samples are never peaks. The conditions below
    then remove peaks, in the order `plateau_size`, `height`, `threshold`,
    `distance`, `prominence`, `width`.

    Every condition except `distance` is an interval: a number (the lower
    bound), a pair ``(lower, upper)`` whose entries may be None (open), or an
    array of ``x.size`` bounds, one per sample (alone or inside the pair).
    Bounds are inclusive. ``(None, None)`` removes nothing but still reports
    the property.

    Parameters
    ----------
    x : array, shape (n,)
        Signal; its array library selects the backend. Computed in float64,
        as SciPy does.
    height : number, array or pair, optional
        Interval of the peak's value ``x[peak]``, in the units of `x`.
    threshold : number, array or pair, optional
        Interval of the peak's vertical distance to its two neighbours: the
        lower bound applies to the smaller distance, the upper one to the
        larger.
    distance : float, optional
        Minimal distance between peaks, in samples (at least 1, rounded up).
        Working from the highest peak down, every lower peak closer than this
        to a kept peak is removed.
    prominence : number, array or pair, optional
        Interval of the peak's prominence (see :func:`peak_prominences`).
    width : number, array or pair, optional
        Interval of the peak's width in samples at `rel_height` (see
        :func:`peak_widths`).
    wlen : float, optional
        Window in samples for the prominences (see :func:`peak_prominences`);
        used only with `prominence` or `width`.
    rel_height : float, optional
        Height of the width measurement relative to the prominence (see
        :func:`peak_widths`); used only with `width`. Default 0.5.
    plateau_size : number, array or pair, optional
        Interval of the number of samples in the peak's flat top.

    Returns
    -------
    peaks : array of int64, shape (n_peaks,)
        Indices of the peaks that meet every condition, ascending.
    properties : dict of str to array, each of shape (n_peaks,)
        The properties the conditions computed, in SciPy's order:
        ``plateau_sizes``, ``left_edges``, ``right_edges`` (int64, with
        `plateau_size`); ``peak_heights`` (float64, with `height`; on torch
        differentiable with respect to `x`); ``left_thresholds``,
        ``right_thresholds`` (float64, with `threshold`); ``prominences``
        (float64), ``left_bases``, ``right_bases`` (int64, with `prominence`
        or `width`); ``widths``, ``width_heights``, ``left_ips``,
        ``right_ips`` (float64, with `width`). All in the library and on the
        device of `x`.

    Raises
    ------
    ValueError
        If `x` is not 1-D, ``distance < 1``, ``wlen <= 1``,
        ``rel_height < 0`` (with `width`), or a bound array's size differs
        from ``x.size``.

    Warns
    -----
    PeakPropertyWarning
        SciPy's class (``scipy.signal._peak_finding_utils``), when a
        prominence or a width is 0.

    Notes
    -----
    Peaks, plateaus, heights and thresholds are found with whole-array
    operations on the signal's device. The distance selection is sequential
    by nature: the candidate peaks' indices and heights go to the host for
    it. Prominences and widths search outwards from all peaks at once, in
    blocks; their cost grows with the distance to each peak's bases, as in
    SciPy, so `wlen` bounds it for long periodic signals. NaN samples give
    unspecified results, as in SciPy.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.find_peaks`` (the reference semantics).

    Examples
    --------
    Peaks higher than 0.5 and at least 20 samples apart:

    >>> import numpy as np
    >>> import sigproc
    >>> t = np.linspace(0, 1, 200)
    >>> x = np.sin(2 * np.pi * 5 * t) * np.exp(-t)
    >>> peaks, props = sigproc.find_peaks(x, height=0.5, distance=20)
    >>> peaks
    array([ 10,  50,  89, 129])
    """


@multimethod(signal=("x",), coefficients=("peaks",))
def peak_prominences(
    x: Array, peaks: ArrayLike, wlen: float | None = None
) -> tuple[Array, Array, Array]:
    """Prominence of each peak: its height above the higher of its two bases.

    From the peak, the search runs left and right until it meets a sample
    higher than the peak (equal samples do not stop it), the signal's edge or
    the edge of the `wlen` window. The lowest sample on each side is that
    side's base (the one nearest the peak among equal minima); the prominence
    is the peak's value minus the higher base's value.

    Parameters
    ----------
    x : array, shape (n,)
        Signal; its array library selects the backend. Computed in float64.
    peaks : array_like of int, shape (n_peaks,)
        Indices into `x`. Converted to the library and device of `x`.
    wlen : float, optional
        Window length in samples, centred on each peak (odd: ``wlen // 2``
        samples each side, a float rounded up first). Must exceed 1. Default:
        the whole signal.

    Returns
    -------
    prominences : array of float64, shape (n_peaks,)
        In the units of `x`; differentiable with respect to `x` on torch.
    left_bases, right_bases : arrays of int64, shape (n_peaks,)
        Indices of the bases.

    Raises
    ------
    ValueError
        If `x` or `peaks` is not 1-D, a peak is not a valid index into `x`,
        or ``wlen <= 1``.
    TypeError
        If `peaks` cannot be cast safely to an integer index type.

    Warns
    -----
    PeakPropertyWarning
        When a prominence is 0 (an index that is not a local maximum, or a
        plateau wider than `wlen`).

    References
    ----------
    .. [1] SciPy, ``scipy.signal.peak_prominences`` (the reference semantics).
    .. [2] Topographic prominence,
       https://en.wikipedia.org/wiki/Topographic_prominence
    """


@multimethod(signal=("x",), coefficients=("peaks",))
def peak_widths(
    x: Array,
    peaks: ArrayLike,
    rel_height: float = 0.5,
    prominence_data: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
    wlen: float | None = None,
) -> tuple[Array, Array, Array, Array]:
    """Width of each peak at a height relative to its prominence.

    The width is measured on the horizontal line
    ``x[peak] - rel_height * prominence``: from the peak, each side moves
    outwards while the signal stays above the line, not past the peak's base,
    and the crossing point is interpolated linearly between samples.

    Parameters
    ----------
    x : array, shape (n,)
        Signal; its array library selects the backend. Computed in float64.
    peaks : array_like of int, shape (n_peaks,)
        Indices into `x`. Converted to the library and device of `x`.
    rel_height : float, optional
        0.5 measures at half the prominence, 1 at the higher base. Must be at
        least 0. Default 0.5.
    prominence_data : tuple of three arrays, optional
        ``(prominences, left_bases, right_bases)`` as returned by
        :func:`peak_prominences` for `x` and `peaks` (float64, int64, int64);
        any array library, converted to that of `x`. Computed when omitted.
    wlen : float, optional
        Passed to :func:`peak_prominences` when `prominence_data` is omitted.

    Returns
    -------
    widths : array of float64, shape (n_peaks,)
        In samples.
    width_heights : array of float64, shape (n_peaks,)
        Height of the measuring line, in the units of `x`.
    left_ips, right_ips : arrays of float64, shape (n_peaks,)
        Interpolated positions (fractional sample indices) of the crossings.
        All four are differentiable with respect to `x` on torch.

    Raises
    ------
    ValueError
        If `x` or `peaks` is not 1-D, a peak is not a valid index, ``wlen <=
        1``, ``rel_height < 0``, the arrays of `prominence_data` have the
        wrong dtype or size, or a base does not satisfy ``0 <= left_base <=
        peak <= right_base < x.size``.
    TypeError
        If `peaks` cannot be cast safely to an integer index type.

    Warns
    -----
    PeakPropertyWarning
        When a width is 0 (e.g. ``rel_height=0``), or a prominence is 0.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.peak_widths`` (the reference semantics).
    """


@multimethod(signal=("data",))
def argrelextrema(
    data: Array, comparator: Comparator, axis: int = 0, order: int = 1, mode: str = "clip"
) -> tuple[Array, ...]:
    """Indices of relative extrema of an N-D array along one axis.

    A sample is an extremum when ``comparator(sample, neighbour)`` holds for
    each of its `order` neighbours on both sides along `axis`.

    Parameters
    ----------
    data : array
        Any shape; its array library selects the backend.
    comparator : callable
        ``comparator(a, b)`` gives a boolean array. NumPy's ``greater``,
        ``less``, ``greater_equal``, ``less_equal``, ``equal`` and
        ``not_equal`` run as the same function of the array's own library;
        any other callable receives the arrays of `data`'s library.
    axis : int, optional
        Axis along which to compare. Default 0.
    order : int, optional
        Neighbours compared on each side (at least 1). Default 1.
    mode : {'clip', 'wrap'}, optional
        Neighbours past the edges: ``'clip'`` repeats the edge sample,
        ``'wrap'`` wraps around. Default ``'clip'``.

    Returns
    -------
    extrema : tuple of int64 arrays
        One index array per dimension of `data` (a tuple for 1-D input too),
        as ``nonzero`` gives them, in `data`'s library and device.

    Raises
    ------
    ValueError
        If `order` is not an integer of at least 1, or `mode` is not
        ``'clip'``, ``'wrap'`` or ``'raise'``.
    IndexError
        With ``mode='raise'`` on a non-empty axis (every edge sample has a
        neighbour outside it), as NumPy's ``take`` raises.

    See Also
    --------
    argrelmax, argrelmin, find_peaks

    References
    ----------
    .. [1] SciPy, ``scipy.signal.argrelextrema`` (the reference semantics).
    """


@multimethod(signal=("data",))
def argrelmin(data: Array, axis: int = 0, order: int = 1, mode: str = "clip") -> tuple[Array, ...]:
    """Indices of strict relative minima of an N-D array along one axis.

    :func:`argrelextrema` with ``numpy.less``: a flat minimum (equal
    neighbours) is not a minimum. ``find_peaks(-x)`` finds flat ones in 1-D.

    Parameters
    ----------
    data : array
        Any shape; its array library selects the backend.
    axis : int, optional
        Axis along which to compare. Default 0.
    order : int, optional
        Neighbours compared on each side (at least 1). Default 1.
    mode : {'clip', 'wrap'}, optional
        Edge handling, as in :func:`argrelextrema`. Default ``'clip'``.

    Returns
    -------
    extrema : tuple of int64 arrays
        One index array per dimension of `data`.

    Raises
    ------
    ValueError
        If `order` is not an integer of at least 1.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.argrelmin`` (the reference semantics).
    """


@multimethod(signal=("data",))
def argrelmax(data: Array, axis: int = 0, order: int = 1, mode: str = "clip") -> tuple[Array, ...]:
    """Indices of strict relative maxima of an N-D array along one axis.

    :func:`argrelextrema` with ``numpy.greater``: a flat maximum (equal
    neighbours) is not a maximum. :func:`find_peaks` finds flat ones in 1-D.

    Parameters
    ----------
    data : array
        Any shape; its array library selects the backend.
    axis : int, optional
        Axis along which to compare. Default 0.
    order : int, optional
        Neighbours compared on each side (at least 1). Default 1.
    mode : {'clip', 'wrap'}, optional
        Edge handling, as in :func:`argrelextrema`. Default ``'clip'``.

    Returns
    -------
    extrema : tuple of int64 arrays
        One index array per dimension of `data`.

    Raises
    ------
    ValueError
        If `order` is not an integer of at least 1.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.argrelmax`` (the reference semantics).
    """


@multimethod(signal=("vector",), coefficients=("widths", "max_distances"))
def find_peaks_cwt(
    vector: Array,
    widths: ArrayLike,
    wavelet: Callable[[int, float], ArrayLike] | None = None,
    max_distances: ArrayLike | None = None,
    gap_thresh: float | None = None,
    min_length: int | None = None,
    min_snr: float = 1,
    noise_perc: float = 10,
    window_size: int | None = None,
) -> Array:
    """Peaks of a noisy 1-D signal found on ridges of its wavelet transform.

    `vector` is convolved with ``wavelet(n, width)`` for every width; relative
    maxima that line up across enough widths (ridge lines) and stand out from
    the noise at the smallest width are peaks.

    Parameters
    ----------
    vector : array, shape (n,)
        Signal; its array library selects the backend.
    widths : float or array_like, shape (n_widths,)
        Wavelet widths in samples, covering the expected peak widths.
    wavelet : callable, optional
        ``wavelet(points, width)`` gives the 1-D kernel (normalised,
        symmetric); called with NumPy values. Default: the Ricker wavelet.
    max_distances : array_like, shape (n_widths,), optional
        Largest column shift, per width, that still continues a ridge line.
        Default ``widths / 4``.
    gap_thresh : float, optional
        Widths a ridge line may skip before it ends. Default
        ``ceil(widths[0])``.
    min_length : int, optional
        Fewest widths a ridge line must span. Default ``n_widths / 4``.
    min_snr : float, optional
        Least signal-to-noise ratio. Default 1.
    noise_perc : float, optional
        Percentile of the smallest-width transform taken as the noise level.
        Default 10.
    window_size : int, optional
        Window of that noise percentile, in samples. Default ``n / 20``.

    Returns
    -------
    peaks_indices : array, shape (n_peaks,)
        Sorted indices into `vector`, in its library and on its device: int64,
        or float64 when empty (as SciPy returns).

    Notes
    -----
    The ridge-line search is a sequential walk over a small matrix: every
    backend other than NumPy's runs SciPy on a host copy of `vector` and
    places the indices back on the signal's device.

    References
    ----------
    .. [1] SciPy, ``scipy.signal.find_peaks_cwt`` (the reference semantics).
    .. [2] P. Du, W. A. Kibbe, S. M. Lin, "Improved peak detection in mass
       spectrum by incorporating continuous wavelet transform-based pattern
       matching", Bioinformatics 22 (17), 2059-2065, 2006.
    """
