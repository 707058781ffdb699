"""Window functions with ``scipy.signal.windows``' names, computed on the host.

Windows are a few coefficients computed once, so each function runs SciPy on
the host and returns NumPy arrays unless ``xp=``/``device=`` place the result
in another library. See ``docs/design.md``.
"""

from __future__ import annotations

__all__: list[str] = []
