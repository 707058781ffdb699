"""Dask backend: iir."""
