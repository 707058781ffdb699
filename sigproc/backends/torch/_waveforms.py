"""torch backend, waveforms: torch kernels.

None: each waveform is one elementwise formula of `t`, and the portable code
(``sigproc._core.waveforms``) already evaluates it with torch's own elementwise
kernels, on the tensor's device and differentiably, through the fallback. A
registration here would only forward to it.
"""
