"""Host computation of small arrays: SciPy on NumPy, results placed in the caller's library.

Filter design, conversions between filter representations and windows work on
a few coefficients, so they run SciPy on the host. Arrays that go in come back
in their own library and on their own device (:func:`on_host`); where no array
goes in, ``xp=``/``device=`` place the result (:func:`place`).
"""

import numpy as np
from array_api_compat import array_namespace, is_array_api_obj
from array_api_compat import device as device_of

from .arrays import to_host


def _foreign(value):
    """`value` if it is an array of a library other than NumPy, else None."""
    if isinstance(value, np.ndarray | np.generic) or not is_array_api_obj(value):
        return None
    return value


def library_of(*values):
    """``(xp, device)`` of the first non-NumPy array among `values`, else ``(None, None)``.

    Tuples and lists are searched too (``zpk2tf(z, p, k)``'s ``(z, p)`` pairs).
    """
    for value in values:
        if isinstance(value, tuple | list):
            found = library_of(*value)
            if found[0] is not None:
                return found
        elif (array := _foreign(value)) is not None:
            return array_namespace(array), device_of(array)
    return None, None


def host(value):
    """`value` with every non-NumPy array in it (tuples and lists too) as a NumPy copy.

    A copy, not a view: SciPy must never write into the caller's memory.
    """
    if isinstance(value, tuple | list):
        return type(value)(host(v) for v in value)
    return value if _foreign(value) is None else np.array(to_host(value), copy=True)


def place(result, *, xp=None, device=None):
    """`result` with its NumPy arrays (in tuples, lists and dicts too) in `xp` on `device`.

    ``xp=None`` leaves NumPy arrays as they are; Python and NumPy scalars stay scalars.
    """
    if xp is None:
        return result
    if isinstance(result, np.ndarray):
        # torch refuses read-only memory and negative strides (SciPy's ``k[::-1]``)
        usable = result.flags.writeable and all(s >= 0 for s in result.strides)
        return xp.asarray(result if usable else result.copy(), device=device)
    if isinstance(result, tuple | list):
        return type(result)(place(v, xp=xp, device=device) for v in result)
    if isinstance(result, dict):
        return {k: place(v, xp=xp, device=device) for k, v in result.items()}
    return result


def on_host(func, *args, xp=None, device=None, **kwargs):
    """``func(*args, **kwargs)`` on NumPy copies of the arrays, placed back where they came from.

    The result goes to `xp`/`device` when given, else to the library and device
    of the first non-NumPy array argument, else it stays NumPy.
    """
    if xp is None:
        xp, found = library_of(*args, *kwargs.values())
        device = found if device is None else device
    result = func(*host(list(args)), **{k: host(v) for k, v in kwargs.items()})
    return place(result, xp=xp, device=device)
