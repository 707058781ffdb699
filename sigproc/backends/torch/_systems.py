"""torch backend, LTI systems: torch kernels.

None: ``dlsim`` and ``lsim`` run the portable block-wise scan on the tensors (its
matrix products are torch's own), on their device and differentiable.
"""
