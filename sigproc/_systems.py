"""Linear time-invariant systems: ``scipy.signal``'s LTI classes and simulations.

The input signal's library selects the backend; see ``docs/design.md``.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

__all__: list[str] = []
