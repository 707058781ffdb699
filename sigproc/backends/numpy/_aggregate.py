"""NumPy backend for the aggregates: none of its own.

``aggregate``, ``ranged_aggregate`` and ``bandpower`` run the portable
array-API code on NumPy arrays (the backend's fallback): it is already one
vectorised pass, and ``bandpower`` reaches the NumPy backend's own ``welch``.
"""

from . import implements  # noqa: F401
