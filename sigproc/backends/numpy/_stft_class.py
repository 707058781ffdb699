"""numpy backend, ShortTimeFFT: SciPy's compiled code."""
