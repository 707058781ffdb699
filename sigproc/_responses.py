"""Frequency responses of filters: public multimethods with ``scipy.signal``'s names.

The coefficients' library selects the backend (they are the arrays these
functions work on); see ``docs/design.md``.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

__all__: list[str] = []
