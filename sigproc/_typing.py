"""Type aliases of the public signatures.

Arrays are typed ``Any``: sigproc accepts the arrays of any array-API library
and no static type spans them all. The aliases name what each parameter
means, as the numpydoc docstrings do. Only :mod:`typing` and
:mod:`collections.abc` are imported, so ``import sigproc`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeAlias

__all__ = [
    "Array",
    "ArrayLike",
    "Bands",
    "Detrend",
    "Device",
    "Edges",
    "Namespace",
    "Window",
    "WindowSpec",
]

#: An array of any array-API library (NumPy, torch, CuPy, JAX, array-api-strict, ...);
#: the library of a signal argument selects the backend.
Array: TypeAlias = Any

#: Coefficients (taps, sections, states, coordinates, window samples): a NumPy array,
#: a list or a scalar, or an array of the signal's library; converted to the signal's
#: library and device.
ArrayLike: TypeAlias = Any

#: An array-API namespace (``numpy``, ``torch``, ``array_api_strict``, ...).
Namespace: TypeAlias = Any

#: A device of an array library (``"cpu"``, ``torch.device("cuda:0")``, ...).
Device: TypeAlias = Any

#: A window as ``get_window`` takes it: a name (``"hann"``), a name with its
#: parameters (``("tukey", 0.25)``), or a float (the beta of a Kaiser window).
WindowSpec: TypeAlias = str | tuple[Any, ...] | float

#: A window specification, or the window's samples as an array.
Window: TypeAlias = WindowSpec | ArrayLike

#: Trend removal: ``"constant"``, ``"linear"``, a callable of the segments, or False.
Detrend: TypeAlias = str | Callable[[Array], Array] | Literal[False]

#: Band edges ``(lo, hi)``: a sequence of pairs or an array of shape (n_bands, 2).
Bands: TypeAlias = Sequence[tuple[float, float]] | ArrayLike

#: A critical frequency or band edges: a scalar, a sequence, or a 1-D array.
Edges: TypeAlias = float | Sequence[float] | ArrayLike
