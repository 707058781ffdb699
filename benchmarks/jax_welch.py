"""jit(sigproc.welch) against jit(jax.scipy.signal.welch), side by side (issue 14).

Run: ``python benchmarks/jax_welch.py``. 8 x 1e6 float64, nperseg 1024; median
of 7 interleaved runs after a warm-up.
"""

import time

import jax
import jax.numpy as jnp
import jax.scipy.signal as jss
import numpy as np

import sigproc


def _timed(func, x):
    start = time.perf_counter()
    func(x).block_until_ready()
    return time.perf_counter() - start


def main():
    jax.config.update("jax_enable_x64", True)
    x = jnp.asarray(np.random.default_rng(0).standard_normal((8, 1_000_000)))
    ours = jax.jit(lambda v: sigproc.welch(v, fs=1.0, nperseg=1024)[1])
    theirs = jax.jit(lambda v: jss.welch(v, fs=1.0, nperseg=1024)[1])
    a, b = ours(x).block_until_ready(), theirs(x).block_until_ready()
    print("max relative difference", float(jnp.max(jnp.abs(a - b)) / jnp.max(jnp.abs(b))))
    times = {"sigproc": [], "jax.scipy": []}
    for _ in range(7):
        times["sigproc"].append(_timed(ours, x))
        times["jax.scipy"].append(_timed(theirs, x))
    t_ours, t_theirs = np.median(times["sigproc"]), np.median(times["jax.scipy"])
    print(f"jit(sigproc.welch) {t_ours * 1e3:.1f} ms")
    print(f"jit(jax.scipy.signal.welch) {t_theirs * 1e3:.1f} ms")
    print(f"speed of sigproc relative to jax.scipy: {t_theirs / t_ours:.2f}x")


if __name__ == "__main__":
    main()
