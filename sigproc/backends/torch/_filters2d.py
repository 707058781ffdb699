"""torch backend, 2-D and order filters: torch kernels."""
