"""Torch-native IIR filters vs SciPy on the CPU, side by side in one process.

Run: ``python benchmarks/torch_iir.py [--quick] [--repeat N]``. Repetitions are
interleaved (SciPy, torch, SciPy, torch, ...) so machine load hits both alike;
the table shows medians and SciPy's time divided by torch's (> 1: torch faster).
Each torch result is checked against SciPy first (float64, rtol 1e-10).
"""

import argparse
import functools
import statistics
import time

import numpy as np
import scipy.signal
import torch

import sigproc


def cases(quick):
    rng = np.random.default_rng(0)
    scale = 10 if quick else 1
    sos = scipy.signal.butter(8, 0.1, output="sos")
    ba = scipy.signal.butter(4, 0.1)
    multi = rng.standard_normal((64, 10**6 // scale))
    long = rng.standard_normal((4, 10**7 // scale))
    return [
        (f"sosfilt butter(8) sos {multi.shape}", "sosfilt", (sos,), multi),
        (f"lfilter butter(4) ba {long.shape}", "lfilter", ba, long),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x smaller signals")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"{'case':40s} {'scipy [s]':>10s} {'torch [s]':>10s} {'scipy/torch':>12s}")
    for name, func, coefs, x in cases(args.quick):
        xt = torch.asarray(x)
        scipy_run = functools.partial(getattr(scipy.signal, func), *coefs, x)
        torch_run = functools.partial(getattr(sigproc, func), *coefs, xt)
        want = scipy_run()
        np.testing.assert_allclose(
            torch_run().numpy(), want, rtol=1e-10, atol=1e-10 * np.abs(want).max()
        )
        times = {"scipy": [], "torch": []}
        for _ in range(args.repeat):
            for label, run in (("scipy", scipy_run), ("torch", torch_run)):
                t0 = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - t0)
        s, t = statistics.median(times["scipy"]), statistics.median(times["torch"])
        print(f"{name:40s} {s:10.3f} {t:10.3f} {s / t:12.2f}")


if __name__ == "__main__":
    main()
