"""Portable backend, 2-D and order filters: the portable core."""
