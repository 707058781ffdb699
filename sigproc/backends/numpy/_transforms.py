"""numpy backend, transforms and signal tools: SciPy's compiled code."""
