"""Portable backend, peak finding: the portable core."""
