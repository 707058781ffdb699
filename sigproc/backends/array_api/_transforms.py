"""Portable backend, transforms and signal tools: the portable core."""
