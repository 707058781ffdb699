"""torch backend, waveforms: torch kernels."""
