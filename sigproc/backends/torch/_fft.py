"""Torch-backend implementations (placeholder, filled in by its owner)."""

from . import implements  # noqa: F401
