"""Dask backend: fir."""
