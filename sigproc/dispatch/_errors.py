"""Errors raised by the dispatch layer."""

import uarray as ua

__all__ = ["BackendNotImplementedError"]


# uarray ships no type stubs, so its error class is Any to mypy.
class BackendNotImplementedError(ua.BackendNotImplementedError, TypeError):  # type: ignore[misc]
    """No backend could run a call.

    The message lists every backend that was tried, in order, and why each
    one declined (not installed, foreign array type, function not
    implemented, ...). It subclasses uarray's ``BackendNotImplementedError``
    (a ``NotImplementedError``) and ``TypeError``, since the usual cause is
    arrays of a type no backend accepts.
    """
