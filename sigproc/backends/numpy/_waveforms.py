"""numpy backend, waveforms: SciPy's compiled code."""
