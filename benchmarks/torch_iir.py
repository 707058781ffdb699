"""Torch-native IIR filters vs SciPy on the CPU, side by side in one process.

Run: ``python benchmarks/torch_iir.py [--quick] [--repeat N] [--cases PATTERN]
[--threads T] [--scan]``.
Repetitions are interleaved (SciPy, torch, SciPy, torch, ...) so that machine load
hits both alike; the table shows medians, SciPy's time divided by torch's (> 1:
torch faster), the kernel torch ran (``sigproc.dispatch.trace``) and the load
average before and after. Each torch result is checked against SciPy first
(float64: 1e-10 of the largest value, float32: 1e-4). ``--scan`` forces the
block-parallel scan on every call (the kernel autograd and CUDA tensors get) to
compare it with SciPy's loop.
"""

import argparse
import fnmatch
import functools
import os
import statistics
import time

import numpy as np
import scipy.signal
import torch

import sigproc

SOS8 = scipy.signal.butter(8, 0.1, output="sos")
BA8 = scipy.signal.butter(8, 0.1)
BA4 = scipy.signal.butter(4, 0.1)


def cases(quick):
    """(name, function, coefficients, shape, dtype): shapes of the issue's table."""
    shapes = {
        "64x1e6": (16, 2**15) if quick else (64, 10**6),
        "1x1e6": (1, 2**16) if quick else (1, 10**6),
        "1x262144": (1, 2**14) if quick else (1, 2**18),
        "1000x1000": (100, 1000) if quick else (1000, 1000),
        "8x1e6": (4, 2**15) if quick else (8, 10**6),
    }
    out = []
    for dtype in (np.float64, np.float32):
        tag = np.dtype(dtype).name
        out += [
            (f"sosfilt butter8 {shape} {tag}", "sosfilt", (SOS8,), shapes[shape], dtype)
            for shape in ("64x1e6", "1x1e6", "1x262144", "1000x1000")
        ]
        out += [
            (f"lfilter butter8-ba {shape} {tag}", "lfilter", BA8, shapes[shape], dtype)
            for shape in ("8x1e6", "1x1e6", "1000x1000")
        ]
        out += [
            (f"lfilter butter4-ba 8x1e6 {tag}", "lfilter", BA4, shapes["8x1e6"], dtype),
            (f"sosfiltfilt butter8 8x1e6 {tag}", "sosfiltfilt", (SOS8,), shapes["8x1e6"], dtype),
            (f"filtfilt butter4-ba 8x1e6 {tag}", "filtfilt", BA4, shapes["8x1e6"], dtype),
        ]
    return out


def _kernel(run):
    with sigproc.dispatch.trace() as calls:
        run()
    return calls[-1].kernel or "-"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small signals")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cases", default="*", help="fnmatch pattern on the case names")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: torch's)")
    parser.add_argument("--scan", action="store_true", help="force the block scan")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.scan:
        from sigproc.backends.torch import _iir_sequential

        _iir_sequential.views = lambda *values: None  # no NumPy views: the scan
    rng = np.random.default_rng(0)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, scipy "
        f"{scipy.__version__}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'case':40s} {'scipy [s]':>10s} {'torch [s]':>10s} {'scipy/torch':>12s}  "
        f"{'kernel':18s} load"
    )
    ratios = []
    for name, func, coefs, shape, dtype in cases(args.quick):
        if not fnmatch.fnmatch(name, args.cases):
            continue
        x = rng.standard_normal(shape, dtype=np.float64).astype(dtype)
        coefs = tuple(np.asarray(c, dtype=dtype) for c in coefs)
        xt = torch.from_numpy(x)
        scipy_run = functools.partial(getattr(scipy.signal, func), *coefs, x)
        torch_run = functools.partial(getattr(sigproc, func), *coefs, xt)
        want = scipy_run()
        rtol = 1e-10 if dtype == np.float64 else 1e-4
        np.testing.assert_allclose(
            torch_run().numpy(), want, rtol=rtol, atol=rtol * np.abs(want).max()
        )
        kernel = _kernel(torch_run)
        load = os.getloadavg()[0]
        times = {"scipy": [], "torch": []}
        for _ in range(args.repeat):
            for label, run in (("scipy", scipy_run), ("torch", torch_run)):
                t0 = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - t0)
        s, t = statistics.median(times["scipy"]), statistics.median(times["torch"])
        ratios.append(s / t)
        load = f"{load:.1f}-{os.getloadavg()[0]:.1f}"
        print(f"{name:40s} {s:10.4f} {t:10.4f} {s / t:12.2f}  {kernel:18s} {load}", flush=True)
    if ratios:
        print(f"smallest ratio {min(ratios):.2f}, median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
