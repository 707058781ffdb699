"""Portable backend, B-splines and symmetric IIR filters: the portable core."""
