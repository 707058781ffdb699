"""torch backend, peak finding: no kernels of its own.

The portable core (:mod:`sigproc._core.peaks`) already runs on torch's own
operations and keeps autograd, so tensors reach it through the fallback.
"""
