"""JAX-native IIR filters vs SciPy on the CPU, side by side in one process.

Run: ``python benchmarks/jax_iir.py [--quick] [--repeat N]``. Times
``jax.jit(sigproc.sosfilt)`` (float64, compiled and warmed up first) against
``scipy.signal.sosfilt`` on the same data; repetitions are interleaved (SciPy,
JAX, SciPy, JAX, ...) so machine load hits both alike. Prints a Markdown table
of medians and SciPy's time divided by JAX's (> 1: JAX faster). Each JAX result
is checked against SciPy first (rtol 1e-10).
"""

import argparse
import os
import statistics
import time

import jax
import numpy as np
import scipy.signal

import sigproc

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402


def cases(quick):
    rng = np.random.default_rng(0)
    n = 10**5 if quick else 10**6
    x = rng.standard_normal((8, n))
    return [
        (
            f"sosfilt butter(8, 0.1) sos, 8 x {n:.0e}",
            "sosfilt",
            (scipy.signal.butter(8, 0.1, output="sos"),),
            x,
        ),
        (f"lfilter butter(2, 0.1) ba, 8 x {n:.0e}", "lfilter", scipy.signal.butter(2, 0.1), x),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x shorter signals")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    device = jax.devices()[0]
    print(f"jax {jax.__version__} on {device.platform} ({os.cpu_count()} CPUs), float64\n")
    print("| case | SciPy [ms] | jit(sigproc) [ms] | SciPy / JAX |")
    print("| --- | ---: | ---: | ---: |")
    for name, func, coefs, x in cases(args.quick):
        xj = jnp.asarray(x)
        compiled = jax.jit(lambda v, func=func, coefs=coefs: getattr(sigproc, func)(*coefs, v))
        want = getattr(scipy.signal, func)(*coefs, x)
        got = np.asarray(compiled(xj).block_until_ready())  # compiles: the warm-up
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10 * np.abs(want).max())
        times = {"scipy": [], "jax": []}
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            getattr(scipy.signal, func)(*coefs, x)
            times["scipy"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            compiled(xj).block_until_ready()
            times["jax"].append(time.perf_counter() - t0)
        s, j = statistics.median(times["scipy"]), statistics.median(times["jax"])
        print(f"| {name} | {1e3 * s:.1f} | {1e3 * j:.1f} | {s / j:.2f} |")


if __name__ == "__main__":
    main()
