"""Larger than memory: welch and sosfiltfilt through sigproc on dask, with a memory cap.

Run: ``python benchmarks/dask_large.py [options]`` (``--help`` lists them).

What it does
------------
1. Writes C channels x N float32 samples (noise plus a 50 Hz tone, one seeded
   generator per chunk) to a Zarr store (``--format zarr``, uncompressed) or
   a ``.npy`` file (``--format npy``, memory-mapped) under ``--dir``, chunk by
   chunk: the recording is never in memory whole.
2. Starts a ``dask.distributed.LocalCluster`` of ``--workers`` processes (one
   thread each) with ``memory_limit`` ``--memory-limit`` per worker (dask
   spills to disk, then pauses, then restarts a worker above it).
3. Times, each ``--repeat`` times (the table shows the median), on the same
   dask array (time chunks of ``--chunk`` samples, all channels):

   - ``sigproc.welch`` (exact: segments straddling chunk boundaries included,
     one tree reduction) against ``map_blocks(scipy.signal.welch)`` on the
     same chunks, averaged over chunks (NOT exact: drops the straddling
     segments; the usual hand-written baseline);
   - ``sigproc.sosfiltfilt`` (exact: states carried across chunks) against
     ``map_blocks(scipy.signal.sosfiltfilt)`` (NOT exact: every chunk filtered
     on its own, transients at every boundary), both written to a Zarr store
     on disk (float64), chunk by chunk;
   - the command line: ``sigproc psd`` and ``sigproc filter`` with
     ``--chunks --scheduler <the cluster>`` on the same file.

4. Prints a Markdown table: wall time (median), input throughput (GB of
   float32 input per second), peak cluster memory (the scheduler's process
   memory samples, summed over workers, every 0.25 s, minus nothing: idle
   workers are shown in the header) and the peak RSS of this process.

With ``--check`` (only when the recording fits in memory) sigproc's welch and
sosfiltfilt are compared with SciPy on the whole array first.

Scale
-----
The default (8 x 2e7 float32 = 0.64 GB, 2 workers x 1.5 GiB) runs in about a
minute on 2 cores. The issue's case, 64 channels x 2e8 samples = 51 GB of
float32 (another 102 GB of float64 for the filter outputs; ``--no-filter-out``
computes their rms instead of writing them)::

    python benchmarks/dask_large.py --channels 64 --samples 2e8 --chunk 1e6 \\
        --workers 16 --memory-limit 4GiB --dir /scratch/sigproc-bench --repeat 1

(chunks of 64 x 1e6 float32 = 256 MB; each worker holds a few chunks and
their float64 intermediates at a time). ``--keep`` keeps the written input
for another run (it is reused when its shape matches).
"""

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.signal

FS = 1000.0
NPERSEG = 4096
TONE_HZ = 50.0


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=8, help="channels (default 8)")
    parser.add_argument("--samples", type=float, default=2e7, help="samples (default 2e7)")
    parser.add_argument("--chunk", type=float, default=2e6, help="samples per chunk (2e6)")
    parser.add_argument("--format", choices=("zarr", "npy"), default="zarr")
    parser.add_argument("--dir", help="where the data goes (default: a temporary folder)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--memory-limit", default="1.5GiB", help="per worker (default 1.5GiB)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (default 1)")
    parser.add_argument("--no-filter-out", action="store_true", help="rms instead of writing")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line rows")
    parser.add_argument("--check", action="store_true", help="compare with SciPy in memory")
    parser.add_argument("--keep", action="store_true", help="keep the written input")
    parser.add_argument("--json", help="write all timings here")
    return parser.parse_args()


def write_input(folder, fmt, channels, samples, chunk):
    """Write the recording chunk by chunk; return its path (reused when present)."""
    path = folder / f"x_{channels}x{samples}.{fmt}"
    shape = (channels, samples)
    if fmt == "zarr":
        import zarr

        if path.exists() and zarr.open_array(str(path), mode="r").shape == shape:
            return path, 0.0
        target = zarr.create_array(
            str(path),
            shape=shape,
            chunks=(channels, chunk),
            dtype="float32",
            compressors=None,
            overwrite=True,
            attributes={"fs": FS},
        )
    else:
        if path.exists() and np.load(path, mmap_mode="r").shape == shape:
            return path, 0.0
        target = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=shape)
    start = time.perf_counter()
    t_chunk = np.arange(chunk) / FS
    for k, lo in enumerate(range(0, samples, chunk)):
        hi = min(lo + chunk, samples)
        rng = np.random.default_rng([7, k])
        block = rng.standard_normal((channels, hi - lo), dtype=np.float32)
        block += np.sin(2 * np.pi * TONE_HZ * (lo / FS + t_chunk[: hi - lo])).astype(np.float32)
        target[:, lo:hi] = block
    if fmt == "npy":
        target.flush()
        del target
    return path, time.perf_counter() - start


def open_input(path, chunk):
    import dask.array as da

    if path.suffix == ".zarr":
        return da.from_zarr(str(path), chunks=(-1, chunk))
    from sigproc.cli import _io

    rec = _io.read_recording(path, fs=FS, chunks=chunk)
    return rec.data


def cases(x, sos, out_dir, write_filter_out):
    """(name, exact, function returning what to compute) for each contender."""
    import dask.array as da

    import sigproc

    n_blocks = len(x.chunks[1])

    def welch_block(block):
        return scipy.signal.welch(block, fs=FS, nperseg=NPERSEG)[1][:, None, :]

    def baseline_welch():
        per_chunk = x.map_blocks(
            welch_block,
            new_axis=2,
            chunks=(x.chunks[0], (1,) * n_blocks, (NPERSEG // 2 + 1,)),
            dtype=np.float64,
        )
        return per_chunk.mean(axis=1)

    def sigproc_welch():
        return sigproc.welch(x, fs=FS, nperseg=NPERSEG)[1]

    def filtered(y, name):
        if not write_filter_out:
            return da.sqrt(da.mean(y**2, axis=1))
        target = out_dir / f"{name}.zarr"
        return da.to_zarr(y, str(target), compute=False, mode="w")

    def baseline_filter():
        y = x.map_blocks(lambda b: scipy.signal.sosfiltfilt(sos, b, axis=-1), dtype=np.float64)
        return filtered(y, "baseline_filter")

    def sigproc_filter():
        return filtered(sigproc.sosfiltfilt(sos, x, axis=-1), "sigproc_filter")

    return [
        ("welch: sigproc on dask", "yes", sigproc_welch),
        ("welch: map_blocks(scipy.signal.welch)", "no", baseline_welch),
        ("sosfiltfilt: sigproc on dask", "yes", sigproc_filter),
        ("sosfiltfilt: map_blocks(scipy.signal.sosfiltfilt)", "no", baseline_filter),
    ]


def cli_cases(path, chunk, address, out_dir):
    from sigproc.cli import main

    common = ["--chunks", str(chunk), "--scheduler", address, "--no-progress"]
    if path.suffix == ".npy":
        common += ["--fs", str(FS)]
    out = out_dir / "cli_filter.zarr"

    def run(argv):
        def call():
            with contextlib.redirect_stdout(io.StringIO()) as text:
                status = main(argv)
            if status:
                raise RuntimeError(f"sigproc {' '.join(argv)} exited {status}: {text.getvalue()}")

        return call

    psd = ["psd", str(path), "--nperseg", str(NPERSEG), "--lines", "0", *common]
    filt = ["filter", str(path), "--band", "10", "100", "--out", str(out), *common]
    return [
        ("command line: sigproc psd --chunks", "yes", run(psd)),
        ("command line: sigproc filter --chunks", "yes", run(filt)),
    ]


def warm_up():
    """Imports and first calls on a worker, outside the timings."""
    import sigproc

    x = np.random.default_rng(0).standard_normal((2, 3 * NPERSEG)).astype(np.float32)
    sigproc.welch(x, fs=FS, nperseg=NPERSEG)
    sigproc.sosfiltfilt(scipy.signal.butter(4, 0.1, output="sos"), x)
    return True


def timed(client, sampler, label, make, repeat):
    """Median wall time, peak cluster memory (bytes) over `repeat` runs of `make`."""
    import dask

    times, peaks = [], []
    for i in range(repeat):
        key = f"{label} #{i}"
        with sampler.sample(key, client=client, interval=0.25):
            start = time.perf_counter()
            value = make()
            if dask.is_dask_collection(value):
                dask.compute(value)
            elapsed = time.perf_counter() - start
        times.append(elapsed)
        peaks.append(max((m for _, m in sampler.samples[key]), default=0))
    return statistics.median(times), max(peaks), times


def check(path, sos):
    """sigproc on a small dask array against SciPy on the whole array in memory."""
    import dask.array as da

    import sigproc

    whole = np.asarray(da.from_zarr(str(path)) if path.suffix == ".zarr" else np.load(path))
    x = open_input(path, max(whole.shape[1] // 7, NPERSEG))
    got = sigproc.welch(x, fs=FS, nperseg=NPERSEG)[1].compute()
    want = scipy.signal.welch(whole, fs=FS, nperseg=NPERSEG)[1]
    welch_err = float(np.max(np.abs(got - want) / np.abs(want)))
    got = sigproc.sosfiltfilt(sos, x, axis=-1).compute()
    want = scipy.signal.sosfiltfilt(sos, whole, axis=-1)
    filt_err = float(np.max(np.abs(got - want)) / np.max(np.abs(want)))
    print(f"check: welch max rel err {welch_err:.2e}, sosfiltfilt max err/max {filt_err:.2e}")


def main():
    args = parse()
    import dask
    from distributed import Client, LocalCluster
    from distributed.diagnostics import MemorySampler

    channels, samples, chunk = args.channels, int(args.samples), int(args.chunk)
    gb = channels * samples * 4 / 1e9
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="sigproc-dask-"))
    folder.mkdir(parents=True, exist_ok=True)
    out_dir = Path(tempfile.mkdtemp(prefix="out-", dir=folder))
    sos = scipy.signal.butter(4, [10, 100], "bandpass", fs=FS, output="sos")
    path, write_s = write_input(folder, args.format, channels, samples, chunk)
    if write_s:
        print(f"wrote {path} ({gb:.3g} GB) in {write_s:.1f} s ({gb / write_s:.2f} GB/s)")
    if args.check:
        check(path, sos)
    results = []
    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=args.memory_limit,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
        dask.config.set(scheduler=client.get),
    ):
        client.run(warm_up)
        warm_up()
        sampler = MemorySampler()
        with sampler.sample("idle", client=client, interval=0.25):
            time.sleep(1.0)
        idle = max((m for _, m in sampler.samples["idle"]), default=0)
        x = open_input(path, chunk)
        todo = cases(x, sos, out_dir, not args.no_filter_out)
        if not args.no_cli:
            todo += cli_cases(path, chunk, cluster.scheduler_address, out_dir)
        for name, exact, make in todo:
            wall, peak, times = timed(client, sampler, name, make, args.repeat)
            results.append((name, exact, wall, gb / wall, peak, times))
            print(f"{name}: {wall:.2f} s, {gb / wall:.3f} GB/s, peak {peak / 2**30:.2f} GiB")
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cores = os.cpu_count()
    print()
    print(
        f"{channels} channels x {samples:.3g} float32 samples ({gb:.3g} GB, {args.format}), "
        f"chunks of {chunk:.3g} samples ({len(x.chunks[1])} chunks); LocalCluster "
        f"{args.workers} workers x 1 thread, memory_limit {args.memory_limit} each "
        f"(idle workers: {idle / 2**30:.2f} GiB); {cores} cores; welch nperseg {NPERSEG}, "
        f"sosfiltfilt Butterworth order 4 band-pass (4 sections)"
        + ("" if args.no_filter_out else ", filter outputs written to Zarr (float64)")
        + f"; peak RSS of the client process {self_peak / 2**30:.2f} GiB."
    )
    print()
    print("| case | exact | wall [s] | input GB/s | peak cluster memory [GiB] |")
    print("|---|---|---:|---:|---:|")
    for name, exact, wall, rate, peak, _ in results:
        print(f"| {name} | {exact} | {wall:.2f} | {rate:.3f} | {peak / 2**30:.2f} |")
    if args.json:
        rows = [
            {"case": n, "exact": e, "wall_s": w, "gb_per_s": r, "peak_bytes": p, "times": t}
            for n, e, w, r, p, t in results
        ]
        Path(args.json).write_text(json.dumps(rows, indent=1))
    shutil.rmtree(out_dir, ignore_errors=True)
    if not args.keep:
        path.unlink() if path.is_file() else shutil.rmtree(path, ignore_errors=True)
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
