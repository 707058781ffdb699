"""``sigproc bench``: SciPy vs sigproc's backends, side by side in one process.

For each selected case (:mod:`._bench_cases`) every contender is run once and
its result checked against SciPy's (rtol 1e-6 for float64, 1e-3 for float32,
scaled by the largest reference value); then repetitions are interleaved
(A B C A B C ...) so that load on a shared machine hits all alike. Each
sample is the mean over enough calls to last about `target` seconds. The
report gives the median, the interquartile range, SciPy's median over ours,
the effective bandwidth (input bytes / median) next to a single-pass read
(``xp.sum``) of the largest input in the same library, and the peak memory
of one call (tracemalloc for NumPy-based contenders, the CUDA allocator for
torch on CUDA, the memory pool for CuPy; n/a for torch on the CPU).
"""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
import tracemalloc
from functools import partial
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from array_api_compat import array_namespace

import sigproc

from ._bench_cases import Contender, direct_contender, to_host
from ._io import CLIError
from ._table import table

__all__ = ["EXTRA_CONTENDERS", "Contender", "run_bench"]

#: Test hook: contenders appended to the selected ones (e.g. a deliberately wrong one).
EXTRA_CONTENDERS: list = []


def _check(got, want):
    """None if `got` matches SciPy's `want`, else the reason."""
    got = to_host(got)
    if got.shape != want.shape:
        return f"shape {got.shape} != SciPy's {want.shape}"
    if got.dtype != want.dtype:
        return f"dtype {got.dtype} != SciPy's {want.dtype}"
    single = want.dtype in (np.float32, np.complex64)
    rtol = 1e-3 if single else 1e-6
    scale = float(np.max(np.abs(want))) if want.size else 0.0
    err = np.abs(got.astype(np.complex128) - want) if want.size else np.zeros(1)
    bad = err > rtol * (np.abs(want) + scale)
    if np.any(bad) or not np.all(np.isfinite(got) == np.isfinite(want)):
        worst = float(np.nanmax(err)) / (scale or 1.0)
        return f"{int(bad.sum())} of {want.size} values differ (max error {worst:.2e} x max|ref|)"
    return None


def _peak_memory(contender, run):
    """Bytes allocated at the peak of one call above the level before it (None: n/a)."""
    if contender.memory == "tracemalloc":
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            result = run()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        del result
        return peak - base
    if contender.memory == "torch-cuda":
        import torch

        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
        run()
        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated() - base
    if contender.memory == "cupy":  # pool size after the call: an upper bound of its peak
        import cupy

        pool = cupy.get_default_memory_pool()
        pool.free_all_blocks()
        base = pool.used_bytes()
        run()
        contender.sync()
        return pool.total_bytes() - base
    return None


def _timed(run, sync, calls):
    sync()
    start = time.perf_counter()
    for _ in range(calls):
        run()
    sync()
    return (time.perf_counter() - start) / calls


def _calls_per_sample(run, sync, target):
    calls = 1
    while True:
        elapsed = _timed(run, sync, calls) * calls
        if elapsed >= target / 5 or calls >= 10**6:
            return max(1, min(10**6, round(calls * target / max(elapsed, 1e-9))))
        calls *= 10


def _stats(samples):
    q1, med, q3 = np.percentile(samples, [25, 50, 75])
    return {"median": float(med), "q1": float(q1), "q3": float(q3),
            "min": min(samples), "max": max(samples)}  # fmt: skip


def run_case(case, contenders, *, quick, repeat, target, budget, progress):
    """Check and time one case on every contender; returns its JSON record."""
    inputs, size = case.build(quick)
    arrays = {k: v for k, v in inputs.items() if isinstance(v, np.ndarray)}
    record = {"name": case.name, "description": case.description, "size": size,
              "input_bytes": sum(a.nbytes for a in arrays.values()), "results": {}}  # fmt: skip
    chosen = [c for c in contenders if case.only is None or c.key in case.only]
    if case.direct is not None:
        chosen.append(direct_contender())
    runs = {}
    reference = None
    for c in chosen:
        progress.set_postfix_str(f"{case.name}: check {c.label}", refresh=False)
        res = record["results"][c.label] = {"checked": False, "error": None}
        try:
            moved = {k: c.put(v) if k in arrays else v for k, v in inputs.items()}
            run = c.runner(case, moved)
            c.sync()
            start = time.perf_counter()
            got = run()
            c.sync()
            first = time.perf_counter() - start
            if c.reference:
                reference = to_host(got)
                record["dtype"] = str(reference.dtype)
            res["error"] = (
                "SciPy's reference failed" if reference is None else _check(got, reference)
            )
        except sigproc.BackendNotImplementedError as exc:
            res["error"] = f"not implemented: {' '.join(str(exc).split())[:200]}"
            res["not_implemented"] = True
        except Exception as exc:
            res["error"] = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        progress.update()
        if res["error"] is None:
            res["checked"] = True
            # Calls per sample: one for slow calls, else enough to last about `target`.
            calls = 1 if first >= target else _calls_per_sample(run, c.sync, target)
            # Samples: `repeat`, but no fewer than 3 nor much more than `budget` seconds.
            wanted = max(repeat, case.min_repeat)
            wanted = min(wanted, max(3, math.ceil(budget / (first * calls))))
            res["calls_per_sample"] = calls
            runs[c.label] = (c, run, moved, calls, wanted)
    if "scipy" not in runs:
        return record
    samples = {label: [] for label in runs}
    reads = {}
    big = max(arrays, key=lambda k: arrays[k].nbytes)
    if case.bandwidth:
        for c, _, moved, _, _ in runs.values():
            if c.library + c.device not in reads:
                a = moved[big]
                read = partial(array_namespace(a).sum, a)
                read_calls = _calls_per_sample(read, c.sync, target / 4)
                reads[c.library + c.device] = (read, c.sync, read_calls)
    read_samples = {k: [] for k in reads}
    record["repeat"] = max(r[4] for r in runs.values())
    for i in range(record["repeat"]):
        progress.set_postfix_str(f"{case.name}: timing", refresh=False)
        # Rotate the order every repetition: a contender always run right
        # after SciPy's (cache-cold) call would be biased.
        order = list(runs.items())
        order = order[i % len(order) :] + order[: i % len(order)]
        for label, (c, run, _, calls, wanted) in order:
            if i < wanted:
                samples[label].append(_timed(run, c.sync, calls))
            progress.update()
        for key, (read, sync, read_calls) in reads.items():
            read_samples[key].append(_timed(read, sync, read_calls))
    base = statistics.median(samples["scipy"])
    record["read"] = {k: {"samples": v, "median": statistics.median(v),
                          "gbps": arrays[big].nbytes / statistics.median(v) / 1e9}
                      for k, v in read_samples.items()}  # fmt: skip
    for label, (c, run, _, _, _) in runs.items():
        res = record["results"][label]
        res.update(samples=samples[label], **_stats(samples[label]))
        res["ratio"] = base / res["median"]
        res["library"], res["device"] = c.library, c.device
        if case.bandwidth:
            read = record["read"][c.library + c.device]
            res["gbps"] = record["input_bytes"] / res["median"] / 1e9
            res["read_fraction"] = read["median"] * record["input_bytes"] / arrays[big].nbytes
            res["read_fraction"] /= res["median"]
            progress.set_postfix_str(f"{case.name}: memory {label}", refresh=False)
            res["peak_bytes"] = _peak_memory(c, run)
        progress.update()
    if case.direct is not None and "numpy impl, direct" in runs and "sigproc numpy" in runs:
        direct, auto = record["results"]["numpy impl, direct"], record["results"]["sigproc numpy"]
        record["dispatch_overhead_s"] = auto["median"] - direct["median"]
        record["dispatch_share"] = record["dispatch_overhead_s"] / auto["median"]
        record["dispatch_overhead_min_s"] = auto["min"] - direct["min"]
    return record


def environment():
    """Versions, thread counts and hardware, for the JSON report."""
    env = {"python": platform.python_version(), "platform": platform.platform(),
           "cpu": _cpu_model(), "cpu_count": os.cpu_count(), "numpy": np.__version__,
           "sigproc": sigproc.__version__, "gpu": None, "threads": {}}  # fmt: skip
    import scipy

    env["scipy"] = scipy.__version__
    if hasattr(os, "getloadavg"):
        env["load_average"] = list(os.getloadavg())
    for name in ("torch", "cupy", "array_api_strict", "array_api_compat", "uarray"):
        env[name] = None
        if find_spec(name) is not None:
            with contextlib.suppress(Exception):
                env[name] = getattr(__import__(name), "__version__", "?")
    if env["torch"]:
        import torch

        env["threads"]["torch"] = torch.get_num_threads()
        if torch.cuda.is_available():
            env["gpu"] = torch.cuda.get_device_name(0)
    if env["cupy"] and env["gpu"] is None:
        with contextlib.suppress(Exception):
            import cupy

            env["gpu"] = cupy.cuda.runtime.getDeviceProperties(0)["name"].decode()
    if find_spec("threadpoolctl") is not None:
        from threadpoolctl import threadpool_info

        env["threads"]["threadpoolctl"] = [
            {k: i.get(k) for k in ("user_api", "internal_api", "num_threads", "version")}
            for i in threadpool_info()
        ]
    return env


def _cpu_model():
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or platform.machine()


def select_cases(patterns, cases):
    """Cases whose name matches one of the comma-separated `patterns` (glob or substring)."""
    if not patterns:
        return list(cases)
    wanted = [p.strip() for p in patterns.split(",") if p.strip()]
    chosen = [
        c
        for c in cases
        if any(
            fnmatch.fnmatchcase(c.name, p) if set(p) & set("*?[") else p in c.name for p in wanted
        )
    ]
    if not chosen:
        names = ", ".join(c.name for c in cases)
        raise CLIError(f"--cases {patterns!r} matches no case; cases: {names}")
    return chosen


def _duration(value):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if value >= scale or unit == "µs":
            return f"{value / scale:.3g} {unit}"


def _mib(value):
    return "n/a" if value is None else f"{value / 2**20:.1f} MiB"


def report_table(records):
    """The terminal table: one row per case and contender."""
    rows = []
    for rec in records:
        first = True
        for label, res in rec["results"].items():
            name = f"{rec['name']} ({rec['size']})" if first else ""
            first = False
            if not res["checked"]:
                status = "n/i" if res.get("not_implemented") else "FAILED"
                rows.append([name, label, status, "", "", "", "", "", ""])
                continue
            spread = (res["q3"] - res["q1"]) / res["median"] * 100
            bw = "gbps" in res
            peak = res.get("peak_bytes")
            mem = _mib(peak) if bw else ""
            if bw and peak is not None:
                mem += f" ({peak / rec['input_bytes']:.2f}x)"
            gbps = f"{res['gbps']:.2f}" if bw else ""
            read = f"{res['read_fraction'] * 100:.2g}%" if bw else ""
            ratio = f"{res['ratio']:.2f}x"
            rows.append([name, label, _duration(res["median"]), f"{spread:.0f}%", ratio, gbps,
                         read, mem, "ok"])  # fmt: skip
    headers = ["case", "contender", "median", "IQR", "vs scipy", "GB/s", "of read", "peak mem",
               "check"]  # fmt: skip
    return table(headers, rows)


def plot_speedups(path, records):
    """Horizontal log-scale bars of SciPy's time over each contender's, per case."""
    from ._plot import _figure, _save

    labels = list(dict.fromkeys(lb for r in records for lb in r["results"] if lb != "scipy"))
    shown = [r for r in records if any("ratio" in r["results"].get(lb, {}) for lb in labels)]
    figure, axes = _figure(height=max(3.0, 0.15 * len(shown) * max(1, len(labels)) + 1.2))
    ax = axes[0]
    width = 0.8 / max(1, len(labels))
    for i, label in enumerate(labels):
        ys, xs = [], []
        for j, rec in enumerate(shown):
            ratio = rec["results"].get(label, {}).get("ratio")
            if ratio:
                ys.append(j + (i - (len(labels) - 1) / 2) * width)
                xs.append(ratio)
        ax.barh(ys, [x - 1 for x in xs], height=width, label=label, left=1)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_yticks(range(len(shown)), [r["name"] for r in shown], fontsize="small")
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlabel("speed-up vs SciPy (SciPy's median / ours; > 1 is faster)")
    ax.legend(fontsize="small", loc="best")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    ax.set_title("sigproc bench")
    _save(figure, path)


def _steps(case, contenders, repeat):
    count = sum(case.only is None or c.key in case.only for c in contenders)
    count += case.direct is not None
    return count * (max(repeat, case.min_repeat) + 2)  # check, samples, memory


def _summary(records, elapsed):
    """Print the notes under the table; returns the failed checks."""
    failed = []
    for rec in records:
        if "dispatch_overhead_s" in rec:
            us, share = rec["dispatch_overhead_s"] * 1e6, rec["dispatch_share"] * 100
            fastest = rec["dispatch_overhead_min_s"] * 1e6
            print(f"{rec['name']}: dispatch adds {us:.2f} µs per call ({share:.1f}% of it; "
                  f"{fastest:.2f} µs between the fastest samples)")  # fmt: skip
        for label, res in rec["results"].items():
            if res.get("not_implemented"):
                print(f"n/i {rec['name']} / {label}: {res['error']}")
            elif not res["checked"]:
                failed.append(f"{rec['name']} / {label}: {res['error']}")
                print(f"FAILED {failed[-1]}")
    verdict = f"{len(failed)} check(s) failed" if failed else "all results match SciPy"
    print(f"{len(records)} case(s) in {elapsed:.1f} s; {verdict}")
    return failed


def run_bench(args):
    """``sigproc bench``: check, time and report; exit status 1 when any check failed."""
    from tqdm import tqdm

    from ._bench_cases import CASES, DEFAULT_KEYS
    from ._bench_cases import contenders as make_contenders
    from ._plot import check_plot_path

    check_plot_path(args.plot)
    if args.out is not None and Path(args.out).suffix.lower() != ".json":
        raise CLIError(f"--out must end in .json, got {args.out!r}")
    for path in (args.out, args.plot):
        if path is not None and not Path(path).resolve().parent.is_dir():
            raise CLIError(f"cannot write {path}: no such directory")
    cases = select_cases(args.cases, CASES)
    keys = DEFAULT_KEYS
    if args.backends is not None:
        keys = [k.strip() for k in args.backends.split(",") if k.strip() not in ("", "scipy")]
    contenders, skipped = make_contenders(keys)
    contenders += EXTRA_CONTENDERS
    env = environment()
    mode = " --quick" if args.quick else ""
    print(f"sigproc bench{mode}: {len(cases)} case(s), repeat {args.repeat}; {env['cpu']}, "
          f"{env['cpu_count']} CPUs; numpy {env['numpy']}, scipy {env['scipy']}, "
          f"torch {env['torch']}")  # fmt: skip
    for key, reason in skipped.items():
        print(f"skipped {key}: {reason}")
    steps = sum(_steps(case, contenders, args.repeat) for case in cases)
    stamp, started, records = time.strftime("%Y-%m-%dT%H:%M:%S%z"), time.perf_counter(), []
    hide = args.no_progress or not sys.stderr.isatty()
    with tqdm(total=steps, file=sys.stderr, unit="run", leave=False, disable=hide) as progress:
        for case in cases:
            target, budget = (0.01, 5.0) if args.quick else (0.05, 60.0)
            kw = {"quick": args.quick, "repeat": args.repeat, "target": target, "budget": budget}
            records.append(run_case(case, contenders, progress=progress, **kw))
            gc.collect()
    elapsed = time.perf_counter() - started
    print(report_table(records))
    failed = _summary(records, elapsed)
    if args.out:
        doc = {"schema": 1, "quick": args.quick, "repeat": args.repeat, "started": stamp,
               "elapsed_s": elapsed, "environment": env, "skipped": skipped,
               "contenders": [{"label": c.label, "key": c.key, "library": c.library,
                               "device": c.device} for c in contenders],
               "cases": records, "failed": failed}  # fmt: skip
        try:
            with open(args.out, "w") as out:
                json.dump(doc, out, indent=1)
        except OSError as exc:
            raise CLIError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        print(f"wrote {args.out}")
    if args.plot:
        plot_speedups(args.plot, records)
        print(f"wrote {args.plot}")
    return 1 if failed else 0
