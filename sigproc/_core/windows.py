"""Window samples computed on the host with SciPy's window functions, cached."""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=128)
def _cached_window(window: Any, Nx: int, fftbins: bool) -> Any:
    import scipy.signal

    w = scipy.signal.get_window(window, Nx, fftbins=fftbins)
    w.flags.writeable = False
    return w


def host_window(window: Any, Nx: int, fftbins: bool = True) -> Any:
    """Window samples as a read-only float64 NumPy array (cached when hashable)."""
    try:
        return _cached_window(window, Nx, fftbins)
    except TypeError:  # unhashable parameters, e.g. ('general_cosine', [0.5, 0.5])
        import scipy.signal

        return scipy.signal.get_window(window, Nx, fftbins=fftbins)
