"""Torch spectral path vs SciPy and vs the portable code on torch tensors, in one process.

Run: ``python benchmarks/torch_spectral.py [--quick] [--repeat N] [--device cuda]``.
Contenders run interleaved (A B C A B C ...) so that load on a shared machine hits
them alike; the table shows the median time and SciPy's time divided by it
(> 1: faster than SciPy). Every result is checked against SciPy first. The issue-3
target is the first row: ``welch`` on 10**7 float64 samples, ``nperseg=1024``,
torch on the CPU at least 1.4x faster than ``scipy.signal.welch``.
"""

import argparse
import os
import statistics
import time

import numpy as np
import scipy.signal
import torch

import sigproc


def cases(n):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(n), rng.standard_normal(n)
    z = scipy.signal.stft(x[: n // 10], nperseg=256)[2]
    return [
        (f"welch {n:.0e} nperseg=1024", lambda m, a, b: m.welch(a, nperseg=1024)[1], x, y),
        (
            f"welch {n:.0e} float32",
            lambda m, a, b: m.welch(a, nperseg=1024)[1],
            x.astype(np.float32),
            y,
        ),
        (
            f"welch {n:.0e} median",
            lambda m, a, b: m.welch(a, nperseg=1024, average="median")[1],
            x,
            y,
        ),
        (
            f"welch {n:.0e} linear",
            lambda m, a, b: m.welch(a, nperseg=1024, detrend="linear")[1],
            x,
            y,
        ),
        (f"coherence {n:.0e}", lambda m, a, b: m.coherence(a, b, nperseg=1024)[1], x, y),
        (f"spectrogram {n:.0e} 256", lambda m, a, b: m.spectrogram(a, nperseg=256)[2], x, y),
        (f"stft {n // 10:.0e} 256", lambda m, a, b: m.stft(a, nperseg=256)[2], x[: n // 10], y),
        (f"istft {z.shape}", lambda m, a, b: m.istft(a, nperseg=256)[1], z, y),
    ]


def contenders(device):
    def to_torch(a):
        return torch.asarray(a, device=device)

    def portable(call):
        def run(m, a, b):
            with sigproc.set_backend("array_api", only=True):
                return call(m, a, b)

        return run

    native = (sigproc, to_torch, lambda c: c)
    return {
        "scipy": (scipy.signal, np.asarray, lambda c: c),
        "sigproc numpy": (sigproc, np.asarray, lambda c: c),
        f"torch {device} native": native,
        f"torch {device} portable": (sigproc, to_torch, portable),
    }


def _sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1e6 samples instead of 1e7")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--device", default="cpu")
    parser.add_argument(
        "--threads", type=int, default=None, help="torch threads (default: torch's own choice)"
    )
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    load = ", load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads of {os.cpu_count()} CPUs")
    print(f"device {args.device}{load}")
    print(f"{'case':28s} {'contender':24s} {'median [ms]':>11s} {'vs scipy':>9s}")
    for name, call, x, y in cases(10**6 if args.quick else 10**7):
        if args.only not in name:
            continue
        runs = {}
        for label, (module, put, wrap) in contenders(args.device).items():
            a, b = put(x), put(y)
            func = wrap(call)
            runs[label] = lambda f=func, m=module, a=a, b=b: f(m, a, b)
        reference = np.asarray(runs["scipy"]())
        rtol = 1e-4 if reference.dtype in (np.float32, np.complex64) else 1e-8
        for run in runs.values():
            got = run()
            got = got.cpu().numpy() if isinstance(got, torch.Tensor) else np.asarray(got)
            scale = np.abs(reference).max()
            np.testing.assert_allclose(got, reference, rtol=rtol, atol=rtol * 1e-4 * scale)
        times = {label: [] for label in runs}
        for _ in range(args.repeat):
            for label, run in runs.items():
                _sync(args.device)
                t0 = time.perf_counter()
                run()
                _sync(args.device)
                times[label].append(time.perf_counter() - t0)
        ref = statistics.median(times["scipy"])
        for label, ts in times.items():
            med = statistics.median(ts)
            print(f"{name:28s} {label:24s} {med * 1e3:11.1f} {ref / med:9.2f}")


if __name__ == "__main__":
    main()
