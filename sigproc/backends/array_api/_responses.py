"""Portable backend, frequency responses: the portable core."""
