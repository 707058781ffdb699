"""numpy backend, peak finding: SciPy's compiled code."""
