"""numpy backend, B-splines and symmetric IIR filters: SciPy's compiled code."""
