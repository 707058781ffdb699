"""torch backend, transforms and signal tools: no kernels of its own.

Every function here runs the portable code on the tensors (the backend's
fallback), which already does its work with torch's own FFTs, matmuls and
elementwise kernels on the tensor's device, differentiably; a torch
registration would only forward to it.
"""
