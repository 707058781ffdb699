"""The short-time Fourier transform class: ``scipy.signal.ShortTimeFFT``.

Each method dispatches on the signal passed to it; see ``docs/design.md``.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

__all__: list[str] = []
