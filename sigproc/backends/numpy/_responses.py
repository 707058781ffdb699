"""numpy backend, frequency responses: SciPy's compiled code."""
