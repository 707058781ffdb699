"""numpy backend, 2-D and order filters: SciPy's compiled code."""
