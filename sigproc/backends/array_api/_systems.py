"""Portable backend, LTI systems: the portable core."""
