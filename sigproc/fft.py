"""Public multimethods (placeholder, filled in by its owner)."""

__all__ = []
