"""The support table: how each backend of the automatic chain runs each public function."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ._control import chain
from ._multimethod import registry

if TYPE_CHECKING:
    from ._backend import Backend

__all__ = ["support_table"]


def support_table() -> dict[str, dict[str, str]]:
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
    table: dict[str, dict[str, str]] = {}
    for name in sorted(registry):
        row: dict[str, str]
        row = table[name] = {}
        # The table assumes every backend of the chain is a sigproc Backend.
        for backend in cast("list[Backend]", chain()):
            try:
                kind = backend.supports(registry[name])
            except ImportError:
                kind = "unavailable"
            row[backend.name] = kind or "missing"
    return table
