"""GPU benchmarks (issue #4): cupy backend vs cupyx direct vs torch on CUDA vs SciPy on the host.

Run on a machine with a GPU: ``python benchmarks/gpu_compare.py [--quick]``.
Contenders that cannot run here (no CuPy, no CUDA) are left out, so the
script also runs on a CPU-only machine (SciPy and torch CPU only). GPU
timings are synchronised (``cupy.cuda.Device().synchronize()``,
``torch.cuda.synchronize()``) and repetitions are interleaved; each result
is checked against SciPy's before timing. Prints a Markdown table for
``docs/benchmarks.md``.
"""

import argparse
import platform
import statistics
import time

import numpy as np
import scipy.signal

import sigproc


def _cupy():
    try:
        import cupy
        import cupyx.scipy.signal

        return cupy, cupyx.scipy.signal if cupy.cuda.runtime.getDeviceCount() else None
    except Exception:
        return None, None


def _torch_cuda():
    try:
        import torch
    except ImportError:
        return None
    return torch if torch.cuda.is_available() else None


def cases(quick):
    """(name, host input, function of (signal module, array, to-device converter))."""
    rng = np.random.default_rng(0)
    n_welch = 10**6 if quick else 5 * 10**7
    n = 10**6 if quick else 10**7
    rows = 8 if quick else 64
    x32 = rng.standard_normal(n_welch).astype(np.float32)
    x64 = rng.standard_normal(n)
    multi = rng.standard_normal((rows, 10**5 if quick else 10**6))
    sos = scipy.signal.butter(8, 0.1, output="sos")
    taps = np.hanning(1001)
    return [
        (f"welch {n_welch:.0e} f32 nperseg=1024", x32, lambda m, a, p: m.welch(a, nperseg=1024)[1]),
        (f"welch {n_welch:.0e} f32 nperseg=8", x32, lambda m, a, p: m.welch(a, nperseg=8)[1]),
        (f"spectrogram {n:.0e} f64", x64, lambda m, a, p: m.spectrogram(a, nperseg=256)[2]),
        (f"sosfilt order 8, {multi.shape}", multi, lambda m, a, p: m.sosfilt(p(sos), a)),
        (f"fftconvolve {n:.0e}, 1001 taps", x64, lambda m, a, p: m.fftconvolve(a, p(taps))),
        (f"resample_poly {n:.0e} up 2 down 3", x64, lambda m, a, p: m.resample_poly(a, 2, 3)),
    ]  # fmt: skip


def contenders():
    """(label, signal module, to-device converter, to-host converter, synchronise)."""
    out = [("scipy (host)", scipy.signal, np.asarray, np.asarray, lambda: None)]
    cupy, cusignal = _cupy()
    if cusignal is not None:
        sync = cupy.cuda.Device().synchronize
        out.append(("sigproc cupy", sigproc, cupy.asarray, cupy.asnumpy, sync))
        out.append(("cupyx direct", cusignal, cupy.asarray, cupy.asnumpy, sync))
    torch = _torch_cuda()
    if torch is not None:
        put = lambda a: torch.asarray(a, device="cuda")  # noqa: E731
        out.append(
            ("sigproc torch cuda", sigproc, put, lambda r: r.cpu().numpy(), torch.cuda.synchronize)
        )
    else:
        try:
            import torch as torch_cpu

            out.append(
                ("sigproc torch cpu", sigproc, torch_cpu.asarray, lambda r: r.numpy(), lambda: None)
            )
        except ImportError:
            pass
    return out  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description="GPU benchmarks against SciPy on the host")
    parser.add_argument("--quick", action="store_true", help="small inputs (about 1e6)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"host: {platform.processor() or platform.machine()}; " + _versions())
    print("| case | contender | median [ms] | vs SciPy |\n|---|---|---|---|")
    for name, data, call in cases(args.quick):
        runs = []
        for label, module, put, back, sync in contenders():
            signal = put(data)

            def run(module=module, signal=signal, put=put, sync=sync, call=call):
                out = call(module, signal, put)
                sync()
                return out

            runs.append((label, run, back))
        reference = runs[0][1]()
        scale = float(np.abs(reference).max())
        for label, run, back in runs[1:]:
            got = back(run())
            rtol = 1e-3 if data.dtype == np.float32 else 1e-8
            np.testing.assert_allclose(got, reference, rtol=rtol, atol=rtol * scale, err_msg=label)
        times = {label: [] for label, _, _ in runs}
        for _ in range(args.repeat):
            for label, run, _ in runs:
                start = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - start)
        base = statistics.median(times[runs[0][0]])
        for label, samples in times.items():
            med = statistics.median(samples)
            print(f"| {name} | {label} | {med * 1e3:.2f} | {base / med:.1f}x |")


def _versions():
    parts = [f"numpy {np.__version__}", f"scipy {scipy.__version__}"]
    cupy, _ = _cupy()
    if cupy is not None:
        name = cupy.cuda.runtime.getDeviceProperties(0)["name"].decode()
        parts.append(f"cupy {cupy.__version__} on {name}")
    try:
        import torch

        parts.append(f"torch {torch.__version__}")
    except ImportError:
        pass
    return ", ".join(parts)


if __name__ == "__main__":
    main()
