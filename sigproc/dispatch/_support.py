"""The support table: how each backend of the automatic chain runs each public function."""

from __future__ import annotations

from ._control import chain
from ._multimethod import registry

__all__ = ["support_table"]


def support_table():
    """How each backend of the automatic chain runs each public function.

    Returns
    -------
    dict
        ``{public name: {backend name: "native" | "portable" | "missing" |
        "unavailable"}}``, functions sorted by name, backends in chain order.
        "portable" means the backend runs the portable array-API code on its
        own arrays; "unavailable" that its implementations could not be
        imported here (its library is missing). A native implementation may
        still hand particular calls to the portable code (see
        ``Backend.implements(unless=...)``).
    """
    table = {}
    for name in sorted(registry):
        row = table[name] = {}
        for backend in chain():
            try:
                kind = backend.supports(registry[name])
            except ImportError:
                kind = "unavailable"
            row[backend.name] = kind or "missing"
    return table
