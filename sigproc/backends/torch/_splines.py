"""torch backend, B-splines and symmetric IIR filters: torch kernels."""
