"""Transforms and signal tools: public multimethods with ``scipy.signal``'s names.

Chirp z-transforms, Lomb-Scargle periodograms, envelopes and small helpers of
the convolution and STFT functions. The signal's library selects the backend;
see ``docs/design.md``.
"""

# A declaration's body is its docstring: `multimethod` replaces the function,
# so the body never runs and needs no return statement.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

__all__: list[str] = []
