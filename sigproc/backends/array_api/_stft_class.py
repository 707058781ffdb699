"""Portable backend, ShortTimeFFT: the portable core."""
