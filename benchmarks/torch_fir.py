"""FIR work on torch CPU tensors against SciPy 1.17, side by side in one process.

Run: ``python benchmarks/torch_fir.py [--quick] [--repeat R]``. Each case is
checked against SciPy once, then the two contenders alternate (SciPy, torch,
SciPy, torch, ...) so that load on a shared machine hits both alike; the table
shows median seconds and SciPy's time divided by torch's (> 1: torch faster).
torch uses the threads it finds (``torch.get_num_threads()``) unless ``--threads`` is given.
"""

import argparse
import os
import platform
import statistics
import time

import numpy as np
import scipy.signal
import torch

import sigproc


def cases(n):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n)
    taps = rng.standard_normal(1000)
    short = rng.standard_normal(16)
    return [
        (f"fftconvolve {n:.0e}, 1000 taps, full", "fftconvolve", (x, taps), {}),
        (f"convolve {n:.0e}, 1000 taps, full", "convolve", (x, taps), {}),
        (f"convolve {n:.0e}, 16 taps, same", "convolve", (x, short), {"mode": "same"}),
        (f"resample_poly {n:.0e}, up 2 down 3", "resample_poly", (x, 2, 3), {}),
        (f"upfirdn {n:.0e}, 1000 taps, up 3 down 2", "upfirdn", (taps, x, 3, 2), {}),
        (f"hilbert {n:.0e}", "hilbert", (x,), {}),
        (f"savgol_filter {n:.0e}, 31 / 3", "savgol_filter", (x, 31, 3), {}),
    ]


def _put(args):
    return [torch.from_numpy(a) if isinstance(a, np.ndarray) else a for a in args]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10**6 samples instead of 10**7")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's choice)")
    opts = parser.parse_args()
    if opts.threads:
        torch.set_num_threads(opts.threads)
    n = 10**6 if opts.quick else 10**7
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"scipy {scipy.__version__}")  # fmt: skip
    print(f"{'case':44s} {'scipy s':>9s} {'torch s':>9s} {'speed-up':>8s}")
    for label, name, args, kwargs in cases(n):
        ref_fn = getattr(scipy.signal, name)
        ours = getattr(sigproc, name)
        targs = _put(args)
        want = ref_fn(*args, **kwargs)
        got = ours(*targs, **kwargs).numpy()
        scale = np.abs(want).max()
        assert got.shape == want.shape and np.allclose(got, want, rtol=1e-10, atol=1e-10 * scale)
        times = {"scipy": [], "torch": []}
        for _ in range(opts.repeat):
            for key, fn, a in (("scipy", ref_fn, args), ("torch", ours, targs)):
                t0 = time.perf_counter()
                fn(*a, **kwargs)
                times[key].append(time.perf_counter() - t0)
        ts, tt = statistics.median(times["scipy"]), statistics.median(times["torch"])
        print(f"{label:44s} {ts:9.4f} {tt:9.4f} {ts / tt:7.2f}x", flush=True)


if __name__ == "__main__":
    main()
