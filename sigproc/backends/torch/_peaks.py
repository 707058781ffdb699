"""torch backend, peak finding: torch kernels."""
