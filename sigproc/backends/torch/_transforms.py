"""torch backend, transforms and signal tools: torch kernels."""
