"""torch backend, 2-D and order filters: ``convolve2d``/``correlate2d`` on ``F.conv2d``.

The portable core extends the image (a differentiable gather for SciPy's edge
models) and this module's kernel takes the valid cross-correlation with
``torch.nn.functional.conv2d``, differentiable in both inputs. It serves CUDA
tensors, and on the CPU single precision with kernels of 64 taps or more; the
portable direct sum is faster for the rest there (measured on one channel), and
it serves integers, for which conv2d has no kernel on every device. The other
functions run the portable code on the tensors.
"""

import array_api_compat.torch as xpt
import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

from ... import _filters2d as api
from ..._core import filters2d
from ..._core.arrays import np_dtype
from . import implements

#: Single precision on CUDA runs in double: cuDNN may compute float32 convolutions in
#: TF32 (torch's default, a 10-bit mantissa), far from float32's own accuracy, and its
#: switch is process-wide state this module should not touch.
_WIDER = {torch.float32: torch.float64, torch.complex64: torch.complex128}


def _valid_correlate(xe, kernel):
    wide = _WIDER.get(xe.dtype) if xe.device.type == "cuda" else None
    if wide is not None:
        return _valid_correlate(xe.to(wide), kernel.to(wide)).to(xe.dtype)
    return F.conv2d(xe[None, None], kernel[None, None])[0, 0]


#: Below this many kernel taps on the CPU the portable direct sum (one multiply-add
#: per tap over the image) beats conv2d on one channel; in double precision it always
#: does (torch 2.13, 2-core x86: float64 conv2d has no oneDNN kernel).
_CPU_MIN_TAPS = 64


def _conv2d_serves(in1, in2, mode="full", boundary="fill", fillvalue=0):
    dt = np.result_type(np_dtype(in1.dtype, xp=xpt), np_dtype(in2.dtype, xp=xpt))
    if dt.kind not in "fc":
        return "integer inputs: conv2d computes in floating point only"
    if in1.device.type != "cpu":
        return None
    if dt not in (np.float32, np.complex64):
        return "double precision on the CPU: the portable direct sum is faster than conv2d"
    taps = in2.numel() if mode != "valid" else min(in1.numel(), in2.numel())
    if taps < _CPU_MIN_TAPS:
        return f"under {_CPU_MIN_TAPS} kernel taps on the CPU: the direct sum is faster"
    return None


@implements(api.convolve2d, unless=_conv2d_serves)
def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    return filters2d.conv2d(
        in1, in2, mode, boundary, fillvalue, True, valid_correlate=_valid_correlate, xp=xpt
    )


@implements(api.correlate2d, unless=_conv2d_serves)
def correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    return filters2d.conv2d(
        in1, in2, mode, boundary, fillvalue, False, valid_correlate=_valid_correlate, xp=xpt
    )
