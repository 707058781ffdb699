# ruff: noqa: D205, D400 (sphinx-gallery: the docstring opens with the page's title)
"""
Filtering and autograd on torch
===============================

Give sigproc a :class:`torch.Tensor` and torch's own kernels run the call, on the
tensor's device, and the result takes part in autograd like any torch
operation. This example filters tensors with :func:`sigproc.sosfiltfilt`, asks
which backend ran, differentiates through the filter with respect to its input,
and fits learnable sensor gains by gradient descent through it.
"""

# %%
# A torch tensor in, a torch tensor out
# -------------------------------------
# The filter is designed on the host (NumPy second-order sections); sigproc
# converts the coefficients to the signal's library, dtype and device.

import matplotlib.pyplot as plt
import numpy as np
import scipy.signal
import torch

import sigproc

# sphinx_gallery_thumbnail_number = 2

fs = 256.0
sos = sigproc.butter(4, [5, 40], btype="bandpass", fs=fs, output="sos")  # NumPy
generator = torch.Generator().manual_seed(0)
x = torch.randn(4, 1024, dtype=torch.float64, generator=generator)  # 4 channels, 4 s

y = sigproc.sosfiltfilt(sos, x)
print(type(y).__name__, y.dtype, y.device, tuple(y.shape))
print("same as SciPy:", np.allclose(y.numpy(), scipy.signal.sosfiltfilt(sos, x.numpy())))

# %%
# Which backend ran?
# ------------------
# :func:`sigproc.which_backend` says which backend would run a call, and why
# the ones before it declined; :func:`sigproc.dispatch.trace` records the calls
# actually made in a block.

print(sigproc.which_backend(sigproc.sosfiltfilt, sos, x))

with sigproc.dispatch.trace() as calls:
    f, pxx = sigproc.welch(y, fs=fs, nperseg=256)
    peaks = sigproc.find_peaks(y[0], height=2.0)
for call in calls:
    print(f"{call.function}: {call.backend} ({'native' if call.native else 'portable'})")

# %%
# ``welch`` ran torch's native kernels; ``find_peaks`` has no torch kernel, so the
# torch backend ran sigproc's portable array-API code on the tensor (still
# torch, on its device). ``sigproc backends --table`` lists this for every
# function.
#
# Gradients through the filter
# ----------------------------
# The energy of the filtered signal is a function of every input sample; its
# gradient with respect to the input is the filter applied, in adjoint, to the
# output. :func:`torch.autograd.gradcheck` compares the analytic gradient with
# finite differences. The first and last samples weigh most: ``sosfiltfilt``
# extends the signal at each end by odd reflection about them.

x_in = x[0].clone().requires_grad_(True)
energy = (sigproc.sosfiltfilt(sos, x_in) ** 2).sum()
energy.backward()


def filtered(signal):
    """The function whose gradient gradcheck checks."""
    return sigproc.sosfiltfilt(sos, signal)


small = torch.randn(64, dtype=torch.float64, generator=generator, requires_grad=True)
print("gradcheck:", torch.autograd.gradcheck(filtered, (small,)))

t = np.arange(x.shape[-1]) / fs
fig, axes = plt.subplots(3, 1, figsize=(8, 6), sharex=True, layout="constrained")
axes[0].plot(t, x[0], lw=0.6)
axes[0].set_ylabel("input x")
axes[1].plot(t, y[0], lw=0.6, color="C1")
axes[1].set_ylabel("sosfiltfilt(x)")
axes[2].plot(t, x_in.grad, lw=0.6, color="C2")
axes[2].set(ylabel="d energy / dx", xlabel="time (s)", xlim=(0, t[-1]))
fig.suptitle("The gradient of the output energy is itself band-passed")

# %%
# A learnable gain
# ----------------
# Four sensors record the same kind of signal with unknown gains, and we see
# only their band-passed, noisy outputs. The gains are
# :class:`torch.nn.Parameter`\ s, applied *before* the filter, and fitted by
# gradient descent through :func:`sigproc.sosfiltfilt`.

true_gain = torch.tensor([0.5, 1.0, 1.5, 2.0], dtype=torch.float64)[:, None]
source = torch.randn(4, 1024, dtype=torch.float64, generator=generator)
noise = 0.05 * torch.randn(4, 1024, dtype=torch.float64, generator=generator)
observed = sigproc.sosfiltfilt(sos, true_gain * source) + noise

gain = torch.nn.Parameter(torch.ones(4, 1, dtype=torch.float64))
optimizer = torch.optim.Adam([gain], lr=0.05)
losses = []
for _ in range(80):
    optimizer.zero_grad()
    loss = ((sigproc.sosfiltfilt(sos, gain * source) - observed) ** 2).mean()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print("fitted gains:", np.round(gain.detach().numpy().ravel(), 3))
print("true gains:  ", true_gain.numpy().ravel())

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
left.semilogy(losses)
left.set(xlabel="step", ylabel="mean squared error", title="Adam through sosfiltfilt")
positions = np.arange(4)
right.bar(positions - 0.2, true_gain.ravel(), width=0.4, label="true")
right.bar(positions + 0.2, gain.detach().ravel(), width=0.4, label="fitted")
right.set(xticks=positions, xlabel="sensor", ylabel="gain", title="Recovered gains")
right.legend()

plt.show()
