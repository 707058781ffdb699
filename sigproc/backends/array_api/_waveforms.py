"""Portable backend, waveforms: the portable core."""
