"""torch backend, LTI systems: torch kernels."""
