"""torch backend, frequency responses: torch kernels."""
