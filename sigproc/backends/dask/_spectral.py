"""Dask backend: spectral."""
