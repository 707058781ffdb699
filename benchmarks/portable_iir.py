"""The portable IIR filters on NumPy arrays vs SciPy, side by side in one process.

Run: ``python benchmarks/portable_iir.py [--quick] [--repeat N] [--cases PATTERN]``.
The portable path is forced with ``sigproc.set_backend("array_api", only=True)``
on NumPy arrays (the code that also runs on array-api-strict, torch and JAX).
Repetitions are interleaved (SciPy, portable, SciPy, portable, ...) so machine
load hits both alike; the table shows medians and SciPy's time divided by the
portable one (> 1: the portable path is faster). The float32 cases pass float32
coefficients too (with float64 ones SciPy, and sigproc, compute in float64).
Each result is checked against SciPy first (rtol 1e-10 in float64, 1e-4 in
float32). The portable path's matrix products run on NumPy's BLAS, which uses
threads: on a machine whose cores are busy with other work, compare with
``OPENBLAS_NUM_THREADS=1`` (SciPy's filters run on one thread).
"""

import argparse
import fnmatch
import functools
import os
import statistics
import time

import numpy as np
import scipy.signal

import sigproc

SHAPES = ((1, 262_144), (8, 10**6), (64, 10**5))


def cases(quick):
    rng = np.random.default_rng(0)
    scale = 10 if quick else 1
    sos = scipy.signal.butter(8, 0.1, output="sos")
    b, a = scipy.signal.butter(4, 0.1)
    out = []
    for rows, n in SHAPES:
        x64 = rng.standard_normal((rows, n // scale))
        for dtype in (np.float64, np.float32):
            x = x64.astype(dtype)
            tag = f"{rows} x {n // scale:,} {np.dtype(dtype).name}"
            coefficients = (sos.astype(dtype),), (b.astype(dtype), a.astype(dtype))
            out.append((f"sosfilt butter(8) sos, {tag}", "sosfilt", coefficients[0], x))
            out.append((f"lfilter butter(4) ba, {tag}", "lfilter", coefficients[1], x))
    return out


def _portable(func, coefs, x):
    with sigproc.set_backend("array_api", only=True):
        return getattr(sigproc, func)(*coefs, x)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x shorter signals")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cases", default="*", help="glob on the case names")
    args = parser.parse_args(argv)
    threads = {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")}
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, {threads or 'default threads'}")
    print(f"{'case':44s} {'scipy [s]':>10s} {'portable [s]':>13s} {'scipy/portable':>15s}")
    for name, func, coefs, x in cases(args.quick):
        if not fnmatch.fnmatch(name, args.cases):
            continue
        scipy_run = functools.partial(getattr(scipy.signal, func), *coefs, x)
        ours_run = functools.partial(_portable, func, coefs, x)
        want, got = scipy_run(), ours_run()
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
        tol = 1e-10 if x.dtype == np.float64 else 1e-4
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol * np.abs(want).max())
        times = {"scipy": [], "portable": []}
        for _ in range(args.repeat):
            for label, run in (("scipy", scipy_run), ("portable", ours_run)):
                t0 = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - t0)
        s, p = statistics.median(times["scipy"]), statistics.median(times["portable"])
        print(f"{name:44s} {s:10.4f} {p:13.4f} {s / p:15.2f}", flush=True)


if __name__ == "__main__":
    main()
