"""Peak finding: SciPy's argument checks and the portable algorithms.

Semantics are ``scipy.signal._peak_finding`` and its Cython helpers, in
float64 as SciPy computes. Local maxima (plateaus included), heights,
thresholds and plateau sizes are whole-array operations on the signal's
device. The base and width searches, sample-by-sample walks in SciPy, are
range queries over block tables answered for all peaks at once
(:class:`_Ranges`); only the distance selection, a greedy pass in priority
order, takes the candidate peaks (indices and heights) to the host. Returned
values are gathered from the signal on its device, so on torch they carry
autograd.
"""

import math
import numbers

import numpy as np
import scipy.signal
from array_api_compat import array_namespace, device, is_array_api_obj, to_device

from ..dispatch._warnings import warn
from .arrays import follow, from_host, require_concrete, to_host
from .host import on_host

#: NumPy comparators and the array-API functions that compute them.
_COMPARATORS = {
    np.greater: "greater",
    np.less: "less",
    np.greater_equal: "greater_equal",
    np.less_equal: "less_equal",
    np.equal: "equal",
    np.not_equal: "not_equal",
}

_PROPERTY_MISMATCH = "Buffer dtype mismatch, expected 'const {}' but got '{}'"
_DATA_SHAPE = "the number of indices it returns depends on the data"
_HOST_PEAKS = "the walks from each peak to its bases are host bookkeeping on the indices"


def _property_warning(message):
    # SciPy's own class, so that filters written for SciPy catch ours.
    from scipy.signal._peak_finding_utils import PeakPropertyWarning

    warn(message, PeakPropertyWarning)


def _is_array(value):
    return is_array_api_obj(value) and not isinstance(value, np.generic)


def _beside(value, like, *, xp):
    """An array argument in `like`'s library and on its device."""
    value = follow(value, like, xp=xp)
    return value if device(value) == device(like) else to_device(value, device(like))


# -- SciPy's argument checks -------------------------------------------------------
def signal_as_float64(x, *, xp):
    """`x` as the 1-D float64 signal SciPy's peak functions work on."""
    if xp.isdtype(x.dtype, "complex floating"):
        warn(
            "Casting complex values to real discards the imaginary part",
            np.exceptions.ComplexWarning,
        )
        x = xp.real(x)
    if x.dtype != xp.float64:
        x = xp.astype(x, xp.float64)
    if x.ndim != 1:
        raise ValueError("`x` must be a 1-D array")
    return x


def check_peaks(peaks, like, *, xp):
    """`peaks` as 1-D int64 indices; SciPy's errors for other dtypes and shapes."""
    peaks = _beside(peaks, like, xp=xp)
    if math.prod(peaks.shape) == 0:  # any empty array (lists arrive as float64) is valid
        return xp.zeros(0, dtype=xp.int64, device=device(like))
    if not (
        xp.isdtype(peaks.dtype, ("bool", "signed integer"))
        or peaks.dtype in (xp.uint8, xp.uint16, xp.uint32)
    ):
        raise TypeError("cannot safely cast `peaks` to dtype('intp')")
    if peaks.ndim != 1:
        raise ValueError("`peaks` must be a 1-D array")
    return peaks if peaks.dtype == xp.int64 else xp.astype(peaks, xp.int64)


def check_wlen(wlen):
    """SciPy's window length: -1 for None (the whole signal), else an integer > 1."""
    if wlen is None:
        return -1
    if wlen > 1:
        if isinstance(wlen, float):
            wlen = math.ceil(wlen)
        return int(np.intp(wlen))
    raise ValueError(f"`wlen` must be larger than 1, was {wlen}")


def check_distance(distance):
    if distance is not None and distance < 1:
        raise ValueError("`distance` must be greater or equal to 1")


def check_prominence_data(prominence_data, like, *, xp):
    """``(prominences, left_bases, right_bases)`` converted and checked as SciPy's buffers."""
    try:
        prominences, left_bases, right_bases = prominence_data
    except (TypeError, ValueError):
        raise TypeError(
            "prominence_data must be three arrays: prominences, left_bases, right_bases"
        ) from None
    out = []
    for value, dtype, name in (
        (prominences, xp.float64, "float64_t"),
        (left_bases, xp.int64, "intp_t"),
        (right_bases, xp.int64, "intp_t"),
    ):
        if not _is_array(value):
            raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")
        value = _beside(value, like, xp=xp)
        if value.ndim != 1:
            raise ValueError(
                f"Buffer has wrong number of dimensions (expected 1, got {value.ndim})"
            )
        if value.dtype != dtype:
            raise ValueError(_PROPERTY_MISMATCH.format(name, value.dtype))
        out.append(value)
    return tuple(out)


def check_rel_height(rel_height, peaks, prominences, left_bases, right_bases):
    rel_height = float(rel_height)
    if rel_height < 0:
        raise ValueError("`rel_height` must be greater or equal to 0.0")
    if not (peaks.shape[0] == prominences.shape[0] == left_bases.shape[0] == right_bases.shape[0]):
        raise ValueError("arrays in `prominence_data` must have the same shape as `peaks`")
    return rel_height


def _check_indices(peaks, n):
    host = to_host(peaks)
    bad = (host < 0) | (host >= n)
    if bad.any():
        raise ValueError(f"peak {host[bad][0]} is not a valid index for `x`")


def _check_bases(peaks, left_bases, right_bases, n):
    p, lo, hi = to_host(peaks), to_host(left_bases), to_host(right_bases)
    bad = ~((lo >= 0) & (lo <= p) & (p <= hi) & (hi < n))
    if bad.any():
        raise ValueError(f"prominence data is invalid for peak {p[bad][0]}")


# -- local maxima and the outward searches ------------------------------------------
def local_maxima(x, *, xp):
    """SciPy's ``_local_maxima_1d``: (midpoints, left_edges, right_edges), int64.

    A maximum is a run of equal samples with a lower sample on each side;
    runs touching the signal's edges are not maxima.
    """
    n = x.shape[0]
    if n < 3:
        empty = xp.zeros(0, dtype=xp.int64, device=device(x))
        return empty, empty, empty
    change = x[1:] != x[:-1]
    edge = xp.ones(1, dtype=xp.bool, device=device(x))
    starts = xp.nonzero(xp.concat([edge, change]))[0]
    ends = xp.nonzero(xp.concat([change, edge]))[0]
    before = xp.take(x, xp.clip(starts - 1, 0, n - 1))
    after = xp.take(x, xp.clip(ends + 1, 0, n - 1))
    rising = xp.logical_and(starts >= 1, before < xp.take(x, starts))
    falling = xp.logical_and(ends <= n - 2, after < xp.take(x, ends))
    keep = xp.nonzero(xp.logical_and(rising, falling))[0]
    left, right = xp.take(starts, keep), xp.take(ends, keep)
    return (left + right) // 2, left, right


def _block_size(n):
    """Samples per block of :class:`_Ranges`: tables of about ``n / 2`` entries at most."""
    size = 16
    while -(-n // size) * (-(-n // size)).bit_length() > n // 2 + 64:
        size *= 2
    return size


def _later(a, b, *, xp):
    """Of two (minimum, index) pairs, `b` when lower, or equal and real (index >= 0)."""
    take_b = xp.logical_or(b[0] < a[0], xp.logical_and(b[0] == a[0], b[1] >= 0))
    return xp.where(take_b, b[0], a[0]), xp.where(take_b, b[1], a[1])


def _above(values, level):  # SciPy's walks to the bases stop where not x <= level
    return ~(values <= level)


def _not_above(values, level):  # ... and its walks to the width line where not level < x
    return ~(level < values)


class _Ranges:
    """Range queries on a float64 signal, answering SciPy's sample-by-sample walks.

    The signal is cut into blocks of :func:`_block_size` samples; sparse tables
    (built on first use) hold, for every run of ``2**k`` blocks, its maximum,
    its minimum, and the minimum's last index. A walk of any length becomes
    two block scans and a binary search over the tables: a few whole-array
    operations for all peaks at once, on the signal's device.
    """

    def __init__(self, x, *, xp):
        self.x, self.xp, self.n = x, xp, x.shape[0]
        self.size = _block_size(self.n)
        self.count = max(-(-self.n // self.size), 1)
        self.lane = xp.arange(self.size, dtype=xp.int64, device=device(x))
        self.tables = {}
        # floor(log2(k)) and 2 ** floor(log2(k)) for runs of k = 0 ... count blocks
        log2 = np.log2(np.maximum(np.arange(self.count + 1), 1)).astype(np.int64)
        self.log2 = from_host(log2, np.int64, x, xp=xp)
        self.span = from_host(2**log2, np.int64, x, xp=xp)

    def table(self, kind):
        """Flat ``(levels * count)`` tables of "max", "min" or "argmin" (minima, indices)."""
        if kind in self.tables:
            return self.tables[kind]
        xp, count, size, dev = self.xp, self.count, self.size, device(self.x)
        fill = -math.inf if kind == "max" else math.inf
        pad = xp.full(count * size - self.n, fill, dtype=xp.float64, device=dev)
        grid = xp.reshape(xp.concat([self.x, pad]), (count, size))
        level = [(xp.max if kind == "max" else xp.min)(grid, axis=1)]
        if kind == "argmin":
            place = self.lane + size * xp.arange(count, dtype=xp.int64, device=dev)[:, None]
            last = xp.logical_and(grid == level[0][:, None], place < self.n)
            level.append(xp.max(xp.where(last, place, -1), axis=1))
        levels = [level]
        while 1 << len(levels) <= count:
            half = 1 << (len(levels) - 1)
            a, b = [v[:-half] for v in levels[-1]], [v[half:] for v in levels[-1]]
            if kind == "argmin":
                levels.append(list(_later(a, b, xp=xp)))
            else:
                levels.append([(xp.maximum if kind == "max" else xp.minimum)(a[0], b[0])])
        self.tables[kind] = [
            xp.concat(
                [
                    part
                    for lv in levels
                    for part in (
                        lv[i],
                        xp.zeros(count - lv[i].shape[0], dtype=lv[i].dtype, device=dev),
                    )
                ]
            )
            for i in range(len(level))
        ]
        return self.tables[kind]

    def _block(self, block):
        """Sample indices (rows, size) of one block per row, and the samples (clipped)."""
        xp = self.xp
        place = block[:, None] * self.size + self.lane
        index = xp.reshape(xp.clip(place, 0, max(self.n - 1, 0)), (-1,))
        return place, xp.reshape(xp.take(self.x, index), place.shape)

    def last_halt(self, start, stop, level, halt):
        """Largest ``i`` in ``[stop, start]`` with ``halt(x[i], level)``, else ``stop - 1``."""
        xp, size, count = self.xp, self.size, self.count

        def scan(block):
            place, values = self._block(block)
            hit = xp.logical_and(halt(values, level[:, None]), place >= stop[:, None])
            hit = xp.logical_and(hit, place <= start[:, None])
            return xp.max(xp.where(hit, place, -1), axis=1)

        # A block holds a halting sample when its maximum (above) or minimum halts.
        (summary,) = self.table("max" if halt is _above else "min")
        low, block = stop // size, start // size
        for k in reversed(range(count.bit_length())):
            before = block - (1 << k)
            total = xp.take(summary, k * count + xp.clip(before, 0, count - 1))
            clear = xp.logical_and(before >= low, xp.logical_not(halt(total, level)))
            block = xp.where(clear, before, block)
        here, further = scan(start // size), scan(block - 1)
        found = xp.where(here >= 0, here, further)
        return xp.where(found >= 0, found, stop - 1)

    def last_minimum(self, a, b):
        """Index of the last minimum of ``x[a : b + 1]``, per row (``a <= b``)."""
        xp, size, count = self.xp, self.size, self.count

        def part(block):
            place, values = self._block(block)
            inside = xp.logical_and(place >= a[:, None], place <= b[:, None])
            values = xp.where(inside, values, math.inf)
            least = xp.min(values, axis=1)
            at = xp.logical_and(inside, values == least[:, None])
            return least, xp.max(xp.where(at, place, -1), axis=1)

        first, last = a // size, b // size
        inner = xp.clip(last - first - 1, 0, count)  # whole blocks between the two ends
        k = xp.take(self.log2, inner)
        minima, index = self.table("argmin")
        ends = (first + 1, last - xp.take(self.span, inner))
        runs = [k * count + xp.clip(j, 0, count - 1) for j in ends]
        middle = _later(*((xp.take(minima, r), xp.take(index, r)) for r in runs), xp=xp)
        middle = (xp.where(inner > 0, middle[0], math.inf), xp.where(inner > 0, middle[1], -1))
        return _later(_later(part(first), middle, xp=xp), part(last), xp=xp)[1]


def _directions(x, *, xp):
    """Range queries on `x` and on `x` reversed (where walks to the right go left)."""
    return _Ranges(x, xp=xp), _Ranges(xp.flip(x), xp=xp)


def _bases(x, peaks, wlen, ranges, *, xp):
    """SciPy's ``_peak_prominences`` for valid `peaks` of float64 signal `x`."""
    n, m = x.shape[0], peaks.shape[0]
    if m == 0:
        return xp.zeros(0, dtype=xp.float64, device=device(x)), peaks, peaks
    height = xp.take(x, peaks)
    if wlen >= 2:
        i_min, i_max = xp.clip(peaks - wlen // 2, 0, n - 1), xp.clip(peaks + wlen // 2, 0, n - 1)
    else:
        i_min, i_max = xp.zeros_like(peaks), xp.full_like(peaks, n - 1)
    forward, backward = ranges
    # Each side runs to the last sample above the peak (or the window's edge);
    # the base is the minimum nearest the peak in between.
    stop = forward.last_halt(peaks - 1, i_min, height, _above)
    left_bases = forward.last_minimum(stop + 1, peaks)
    mirrored = n - 1 - peaks
    stop = backward.last_halt(mirrored - 1, n - 1 - i_max, height, _above)
    right_bases = n - 1 - backward.last_minimum(stop + 1, mirrored)
    prominences = height - xp.maximum(xp.take(x, left_bases), xp.take(x, right_bases))
    if bool(xp.any(prominences == 0)):
        _property_warning("some peaks have a prominence of 0")
    return prominences, left_bases, right_bases


def _widths(x, peaks, rel_height, prominences, left_bases, right_bases, ranges, *, xp):
    """SciPy's ``_peak_widths`` on checked arguments."""
    n = x.shape[0]
    if peaks.shape[0] == 0:
        empty = xp.zeros(0, dtype=xp.float64, device=device(x))
        return empty, empty, empty, empty
    height = xp.take(x, peaks) - prominences * rel_height
    forward, backward = ranges
    left = forward.last_halt(peaks, left_bases + 1, height, _not_above)
    mirrored = n - 1 - peaks
    right = n - 1 - backward.last_halt(mirrored, n - right_bases, height, _not_above)
    left_ips = _crossing(x, left, 1, height, n, xp=xp)
    right_ips = _crossing(x, right, -1, height, n, xp=xp)
    widths = right_ips - left_ips
    if bool(xp.any(widths == 0)):
        _property_warning("some peaks have a width of 0")
    return widths, height, left_ips, right_ips


def _crossing(x, i, inward, height, n, *, xp):
    """Sample `i` moved towards its neighbour `i + inward` to where the line crosses."""
    here = xp.take(x, i)
    there = xp.take(x, xp.clip(i + inward, 0, max(n - 1, 0)))
    interpolate = xp.logical_and(here < height, there != here)
    slope = xp.where(interpolate, there - here, 1.0)
    shift = xp.where(interpolate, (height - here) / slope, 0.0)
    return xp.astype(i, xp.float64) + inward * shift


def _select_by_distance(peaks, heights, distance, *, xp):
    """SciPy's greedy distance selection on the host; a keep mask on the device."""
    host, priority = to_host(peaks), to_host(heights)
    m = host.shape[0]
    distance = float(distance)
    if not (math.isfinite(distance) and distance < 2.0**63):
        # SciPy casts ceil(distance) to intp; out of range that gives the most
        # negative integer on x86, so no peak is removed.
        return xp.ones(m, dtype=xp.bool, device=device(peaks))
    reach = min(math.ceil(distance), int(host[-1]) + 2 if m else 1)
    lo = np.searchsorted(host, host - reach + 1, "left").tolist()
    hi = np.searchsorted(host, host + reach - 1, "right").tolist()
    keep = [True] * m
    for j in np.argsort(priority)[::-1].tolist():  # SciPy's order, ties included
        if keep[j]:
            keep[lo[j] : j] = [False] * (j - lo[j])
            keep[j + 1 : hi[j]] = [False] * (hi[j] - j - 1)
    return from_host(keep, bool, peaks, xp=xp)


# -- find_peaks's conditions ----------------------------------------------------------
class _Bound:
    """An entry of a 1-D array interval: a number, as NumPy's unpacking gives it."""

    def __init__(self, value):
        self.value = value


def _interval(interval, x, peaks, *, xp):
    """SciPy's ``_unpack_condition_args``: float64 (lower, upper) at `peaks`, or None."""
    if _is_array(interval):
        if interval.ndim == 1 and interval.shape[0] == 2:
            pair = (_Bound(interval[0]), _Bound(interval[1]))
        elif interval.ndim > 1 and interval.shape[0] == 2:
            pair = (interval[0, ...], interval[1, ...])
        else:
            pair = (interval, None)
    else:
        try:
            pair = tuple(interval)
            if len(pair) != 2:
                raise ValueError
        except (TypeError, ValueError):
            pair = (interval, None)
    return tuple(
        _border(v, which, x, peaks, xp=xp)
        for v, which in zip(pair, ("lower", "upper"), strict=True)
    )


def _border(value, which, x, peaks, *, xp):
    if value is None:
        return None
    if isinstance(value, _Bound):
        value = value.value
        if not _is_array(value):
            return float(value)
        return xp.astype(_beside(value, x, xp=xp), xp.float64)
    if _is_array(value):
        if math.prod(value.shape) != x.shape[0]:
            raise ValueError(f"array size of {which} interval border must match x")
        value = xp.reshape(_beside(value, x, xp=xp), (-1,))
        return xp.astype(xp.take(value, peaks), xp.float64)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(
        f"interval border must be a number, an array matching x or None, not {type(value).__name__}"
    )


def _within(values, bounds, *, xp):
    lower, upper = bounds
    keep = xp.ones(values.shape, dtype=xp.bool, device=device(values))
    if lower is not None:
        keep = xp.logical_and(keep, lower <= values)
    if upper is not None:
        keep = xp.logical_and(keep, values <= upper)
    return keep


def _kept(keep, peaks, properties, *, xp):
    index = xp.nonzero(keep)[0]
    return xp.take(peaks, index), {k: xp.take(v, index) for k, v in properties.items()}


def find_peaks(
    x,
    height=None,
    threshold=None,
    distance=None,
    prominence=None,
    width=None,
    wlen=None,
    rel_height=0.5,
    plateau_size=None,
):
    require_concrete("find_peaks", x, why=_DATA_SHAPE)
    xp = array_namespace(x)
    x = signal_as_float64(x, xp=xp)
    check_distance(distance)
    peaks, left_edges, right_edges = local_maxima(x, xp=xp)
    props = {}
    if plateau_size is not None:
        sizes = right_edges - left_edges + 1
        keep = _within(
            xp.astype(sizes, xp.float64), _interval(plateau_size, x, peaks, xp=xp), xp=xp
        )
        props.update(plateau_sizes=sizes, left_edges=left_edges, right_edges=right_edges)
        peaks, props = _kept(keep, peaks, props, xp=xp)
    if height is not None:
        props["peak_heights"] = heights = xp.take(x, peaks)
        peaks, props = _kept(
            _within(heights, _interval(height, x, peaks, xp=xp), xp=xp), peaks, props, xp=xp
        )
    if threshold is not None:
        lower, upper = _interval(threshold, x, peaks, xp=xp)
        at = xp.take(x, peaks)
        left, right = at - xp.take(x, peaks - 1), at - xp.take(x, peaks + 1)
        keep = xp.ones(peaks.shape, dtype=xp.bool, device=device(x))
        if lower is not None:
            keep = xp.logical_and(keep, lower <= xp.minimum(left, right))
        if upper is not None:
            keep = xp.logical_and(keep, xp.maximum(left, right) <= upper)
        props.update(left_thresholds=left, right_thresholds=right)
        peaks, props = _kept(keep, peaks, props, xp=xp)
    if distance is not None:
        keep = _select_by_distance(peaks, xp.take(x, peaks), distance, xp=xp)
        peaks, props = _kept(keep, peaks, props, xp=xp)
    if prominence is not None or width is not None:
        ranges = _directions(x, xp=xp)
        bases = _bases(x, peaks, check_wlen(wlen), ranges, xp=xp)
        props.update(zip(("prominences", "left_bases", "right_bases"), bases, strict=True))
    if prominence is not None:
        bounds = _interval(prominence, x, peaks, xp=xp)
        peaks, props = _kept(_within(props["prominences"], bounds, xp=xp), peaks, props, xp=xp)
    if width is not None:
        bases = (props["prominences"], props["left_bases"], props["right_bases"])
        rel_height = check_rel_height(rel_height, peaks, *bases)
        measured = _widths(x, peaks, rel_height, *bases, ranges, xp=xp)
        props.update(
            zip(("widths", "width_heights", "left_ips", "right_ips"), measured, strict=True)
        )
        bounds = _interval(width, x, peaks, xp=xp)
        peaks, props = _kept(_within(props["widths"], bounds, xp=xp), peaks, props, xp=xp)
    return peaks, props


def peak_prominences(x, peaks, wlen=None):
    require_concrete("peak_prominences", x, peaks, why=_HOST_PEAKS)
    xp = array_namespace(x)
    x = signal_as_float64(x, xp=xp)
    peaks = check_peaks(peaks, x, xp=xp)
    wlen = check_wlen(wlen)
    _check_indices(peaks, x.shape[0])
    return _bases(x, peaks, wlen, _directions(x, xp=xp), xp=xp)


def peak_widths(x, peaks, rel_height=0.5, prominence_data=None, wlen=None):
    require_concrete("peak_widths", x, peaks, why=_HOST_PEAKS)
    xp = array_namespace(x)
    x = signal_as_float64(x, xp=xp)
    peaks = check_peaks(peaks, x, xp=xp)
    ranges = _directions(x, xp=xp)
    if prominence_data is None:
        wlen = check_wlen(wlen)
        _check_indices(peaks, x.shape[0])
        bases = _bases(x, peaks, wlen, ranges, xp=xp)
    else:
        bases = check_prominence_data(prominence_data, x, xp=xp)
    rel_height = check_rel_height(rel_height, peaks, *bases)
    if prominence_data is not None:
        _check_bases(peaks, bases[1], bases[2], x.shape[0])
    return _widths(x, peaks, rel_height, *bases, ranges, xp=xp)


# -- argrelextrema ---------------------------------------------------------------------
def argrelextrema(data, comparator, axis=0, order=1, mode="clip"):
    require_concrete("argrelextrema", data, why=_DATA_SHAPE)
    xp = array_namespace(data)
    if int(order) != order or order < 1:
        raise ValueError("Order must be an int >= 1")
    n = data.shape[axis]
    if mode not in ("clip", "wrap", "raise"):
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    if mode == "raise" and n:
        raise IndexError(f"index {n} is out of bounds for axis {axis % data.ndim} with size {n}")
    try:
        name = _COMPARATORS.get(comparator)
    except TypeError:  # an unhashable callable
        name = None
    compare = comparator if name is None else getattr(xp, name)
    results = xp.ones(data.shape, dtype=xp.bool, device=device(data))
    if n == 0:
        return xp.nonzero(results)
    locs = xp.arange(n, dtype=xp.int64, device=device(data))
    for shift in range(1, int(order) + 1):
        if mode == "clip":
            after, before = xp.clip(locs + shift, 0, n - 1), xp.clip(locs - shift, 0, n - 1)
        else:
            after, before = (locs + shift) % n, (locs - shift) % n
        for neighbours in (after, before):
            hit = compare(data, xp.take(data, neighbours, axis=axis))
            results = xp.logical_and(results, xp.astype(hit, xp.bool))
        if not bool(xp.any(results)):  # SciPy stops comparing here too
            break
    return xp.nonzero(results)


def argrelmin(data, axis=0, order=1, mode="clip"):
    return argrelextrema(data, np.less, axis, order, mode)


def argrelmax(data, axis=0, order=1, mode="clip"):
    return argrelextrema(data, np.greater, axis, order, mode)


# -- find_peaks_cwt --------------------------------------------------------------------
def find_peaks_cwt(
    vector,
    widths,
    wavelet=None,
    max_distances=None,
    gap_thresh=None,
    min_length=None,
    min_snr=1,
    noise_perc=10,
    window_size=None,
):
    # Ridge lines are followed row by row through a small matrix: SciPy on the host.
    require_concrete("find_peaks_cwt", vector, why=_DATA_SHAPE)
    return on_host(
        scipy.signal.find_peaks_cwt,
        vector,
        widths,
        wavelet=wavelet,
        max_distances=max_distances,
        gap_thresh=gap_thresh,
        min_length=min_length,
        min_snr=min_snr,
        noise_perc=noise_perc,
        window_size=window_size,
    )
