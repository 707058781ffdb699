"""Dask backend: fft."""
