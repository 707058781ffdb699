"""torch backend, ShortTimeFFT: no kernels of its own.

The portable code already does the work with torch's kernels on the tensor's
device: ``Tensor.unfold`` cuts the slices (``_core.framing.frame``), ``torch.fft``
transforms them in one batch, and the inverse is one batched inverse FFT with a
reshape-and-sum overlap-add; a torch registration would only forward to it.
"""
