"""numpy backend, LTI systems: SciPy's compiled code."""
