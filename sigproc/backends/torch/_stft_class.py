"""torch backend, ShortTimeFFT: torch kernels."""
