"""torch backend, B-splines and symmetric IIR filters: no torch-native kernel.

Every function here runs the portable code of :mod:`sigproc._core.splines` on
the tensors (through the backend's fallback): its recursions are the
block-parallel solver of :mod:`sigproc._core.recurrence`, batched matrix
products that torch already runs on the tensor's device, and its start
values are host-built weights applied in one matrix product. A torch kernel
would do the same work.
"""
