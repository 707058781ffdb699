"""Dask backend: helpers shared by its modules (axes, chunk checks, per-chunk calls)."""

import operator


def axis_index(axis, ndim):
    """`axis` as a non-negative index; SciPy's ValueError wording when out of range."""
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def require_one_chunk(x, axis, what):
    """ValueError unless `x` is one chunk along `axis`, saying how to rechunk."""
    axis = axis_index(axis, x.ndim)
    n = len(x.chunks[axis])
    if n > 1:
        raise ValueError(
            f"{what} needs axis {axis} of the dask array in one chunk (it has {n}); "
            f"rechunk it first, e.g. x.rechunk({{{axis}: -1}})"
        )
    return axis
