"""Side-by-side CPU timings: SciPy vs sigproc's backends, in one process.

Run: ``python benchmarks/cpu_compare.py [--quick]``. Repetitions of the
contenders are interleaved (A B C A B C ...) so that load on a shared
machine hits them alike; the table shows the median time and SciPy's time
divided by it (> 1 means faster than SciPy). Each result is checked against
SciPy before timing. The full benchmark suite (memory, bandwidth, plots) is
issue #5.
"""

import argparse
import contextlib
import statistics
import time

import numpy as np
import scipy.signal

import sigproc


def cases(quick):
    """(name, function of (module, signal, converter), signal)."""
    n = 10**6 if quick else 10**7
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n)
    multi = rng.standard_normal((8 if quick else 64, n // 10))
    sos = scipy.signal.butter(8, 0.1, output="sos")
    taps = np.hanning(1000)
    return [
        (f"welch {n:.0e} nperseg=1024", lambda m, a, put: m.welch(a, nperseg=1024)[1], x),
        (f"spectrogram {n:.0e} nperseg=256", lambda m, a, put: m.spectrogram(a, nperseg=256)[2], x),
        (f"sosfilt order 8, {multi.shape}", lambda m, a, put: m.sosfilt(sos, a), multi),
        (f"fftconvolve {n:.0e}, 1000 taps", lambda m, a, put: m.fftconvolve(a, put(taps)), x),
    ]


def contenders():
    """(label, module, backend to force, signal converter, result converter)."""
    out = [
        ("scipy", scipy.signal, None, np.asarray, np.asarray),
        ("sigproc numpy", sigproc, "numpy", np.asarray, np.asarray),
        ("sigproc array_api (numpy)", sigproc, "array_api", np.asarray, np.asarray),
    ]
    try:
        import torch
    except ImportError:
        return out
    out.append(("sigproc torch cpu", sigproc, "torch", torch.asarray, lambda r: r.numpy()))
    return out


def _runner(call, module, backend, put, data):
    signal = put(data)

    def run():
        ctx = sigproc.set_backend(backend, only=True) if backend else contextlib.nullcontext()
        with ctx:
            return call(module, signal, put)

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description="SciPy vs sigproc backends on the CPU")
    parser.add_argument("--quick", action="store_true", help="1e6 samples instead of 1e7")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'case':34s} {'contender':27s} {'median [ms]':>11s} {'vs scipy':>9s}")
    for name, call, data in cases(args.quick):
        runs = {
            label: (_runner(call, module, backend, put, data), back)
            for label, module, backend, put, back in contenders()
        }
        reference = runs["scipy"][0]()
        for run, back in runs.values():
            got = back(run())
            scale = np.abs(reference).max()
            np.testing.assert_allclose(got, reference, rtol=1e-8, atol=1e-12 * scale)
        times = {label: [] for label in runs}
        for _ in range(args.repeat):
            for label, (run, _) in runs.items():
                start = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - start)
        base = statistics.median(times["scipy"])
        for label, samples in times.items():
            med = statistics.median(samples)
            print(f"{name:34s} {label:27s} {med * 1e3:11.1f} {base / med:8.2f}x")


if __name__ == "__main__":
    main()
