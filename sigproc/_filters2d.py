"""2-D and order filters: public multimethods with ``scipy.signal``'s names.

convolve2d, correlate2d, medfilt2d, wiener, order_filter, sepfir2d and
deconvolve. The signal's library selects the backend; see ``docs/design.md``.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

__all__: list[str] = []
