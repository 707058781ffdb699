"""``sigproc demo``: the classic GW150914 analysis on every available backend.

The built-in recording (32 s of LIGO strain from H1 and L1, GWOSC) goes
through the analysis of the GWOSC tutorials: Welch ASD, whitening, a 35-350 Hz
Butterworth band-pass forward and backward, and a spectrogram of the whitened
strain (:mod:`._demo_pipeline`). Each backend's results are compared with
SciPy's, and each backend is timed as the median of ``--repeat`` runs after a
warm-up call, interleaved with as many runs of SciPy. Then the science: the
noise floor, the 60 Hz line, the event in both detectors and their time
offset, and a text picture of the chirp.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

import sigproc

from ._compute import one_line
from ._demo_backends import KEYS, select
from ._demo_pipeline import OUTPUTS, Setup, deviation, run_scipy
from ._demo_science import picture, science_lines
from ._io import CLIError
from ._table import num, seconds, table

__all__ = ["add_arguments", "run_demo"]

#: Largest accepted ``max |backend - SciPy| / max |SciPy|`` (everything is float64).
TOLERANCE = 1e-6


def add_arguments(parser):
    """The ``demo`` command's options (the parser is built in ``sigproc.cli``)."""
    from ._args import int_at_least

    parser.add_argument(
        "--repeat",
        type=int_at_least(1),
        default=5,
        help="timed runs per backend after one warm-up; the median is shown (default 5)",
    )
    parser.add_argument(
        "--backends",
        metavar="LIST",
        help=f"comma-separated subset of {','.join(KEYS)} (default: every one available)",
    )
    parser.add_argument(
        "--plot", metavar="FILE", help="figure of the event: .png, .pdf or .svg (matplotlib)"
    )
    parser.add_argument("--no-picture", action="store_true", help="no text time-frequency picture")


def _load():
    records = [sigproc.datasets.gw150914(name) for name in ("H1", "L1")]
    h1 = records[0]
    x = np.stack([np.asarray(r.data, dtype=np.float64) for r in records])
    return x, h1, [r.name for r in records]


def run_demo(args):
    """``sigproc demo``: analyse, compare with SciPy, time, report.

    Parameters
    ----------
    args : argparse.Namespace
        ``repeat``, ``backends``, ``plot`` and ``no_picture``.

    Returns
    -------
    int
        0 when every backend ran and agreed with SciPy to :data:`TOLERANCE`
        (relative to the peak of each result), 1 otherwise.
    """
    from ._plot import check_plot_path

    check_plot_path(args.plot)
    if args.plot is not None and not Path(args.plot).resolve().parent.is_dir():
        raise CLIError(f"--plot: cannot write {args.plot}: no such directory")
    x, rec, detectors = _load()
    setup = Setup(rec.fs, x.shape[-1])
    contenders, missing = select(args.backends, setup)
    clock = "GPS"
    print(
        f"sigproc demo: GW150914, {x.shape[-1] / rec.fs:g} s of LIGO strain from "
        f"{' and '.join(detectors)} at {rec.fs:g} Hz from {clock} {rec.start:.0f} "
        f"({rec.attribution})"
    )
    print(f"analysis: {setup.describe()}")
    for key, reason in missing.items():
        print(f"not available: {key} ({reason})")
    ref = run_scipy(x, setup)
    rows, failures, numpy_results = [], [], None
    progress = _progress(len(contenders) * (args.repeat + 1))
    with progress:
        for contender in contenders:
            row, got, problem = _measure(contender, x, setup, ref, args.repeat, progress)
            rows.append(row)
            if problem:
                failures.append(f"{contender.key}: {problem}")
            if contender.key == "numpy" and got is not None:
                numpy_results = got
    print(
        f"\nmax |backend - SciPy| / max |SciPy| per result (> {TOLERANCE:g} fails); "
        f"median time of {args.repeat} run(s) of the whole analysis after a warm-up, "
        "SciPy's timed in the same loop:"
    )
    headers = ["backend", "device", *OUTPUTS, "median", "SciPy median", "SciPy/backend"]
    print(table(headers, rows))
    source = "the numpy backend's results" if numpy_results is not None else "SciPy's results"
    found = dict(ref)
    if numpy_results is not None:
        found.update(numpy_results)
    print(f"\nfrom {source}:")
    for line in science_lines(
        found, detectors, fs=rec.fs, start=rec.start, event=rec.event, clock=clock
    ):
        print(line)
    if not args.no_picture:
        for i, name in enumerate(detectors):
            print()
            lines = picture(
                found["f_spec"],
                found["t_spec"],
                found["spectrogram"][i],
                name=name,
                start=rec.start,
                clock=clock,
            )
            print("\n".join(lines))
    if args.plot:
        from ._demo_plot import plot_event

        plot_event(
            args.plot, found, detectors, fs=rec.fs, start=rec.start, clock=clock, event=rec.event
        )
        print(f"\nwrote {args.plot}")
    for failure in failures:
        print(f"sigproc: demo: {failure}")
    return 1 if failures else 0


def _measure(contender, x, setup, ref, repeat, progress):
    """(table row, NumPy results or None, failure message or None) of one contender."""
    name = [contender.label, contender.device]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contender.context():
                data = contender.put(x)
                got = contender.results(data)  # the warm-up call: imports, compilation
                progress.update()
                own, scipy_times = [], []
                for _ in range(repeat):
                    start = time.perf_counter()
                    contender.run(data)
                    own.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    run_scipy(x, setup)
                    scipy_times.append(time.perf_counter() - start)
                    progress.update()
        except Exception as exc:  # one backend failing must not hide the others' results
            message = one_line(exc) if isinstance(exc, CLIError) else repr(exc)
            return [*name, *("failed" for _ in OUTPUTS), "-", "-", "-"], None, message
    for text in dict.fromkeys(f"{w.category.__name__}: {one_line(w.message)}" for w in caught):
        print(f"sigproc: warning: demo: {contender.key}: {text}", file=sys.stderr)
    deviations = [deviation(got[k], ref[k]) for k in OUTPUTS]
    mine, theirs = statistics.median(own), statistics.median(scipy_times)
    problem = None
    if max(deviations) > TOLERANCE:
        worst = OUTPUTS[int(np.argmax(deviations))]
        problem = f"{worst} deviates from SciPy by {num(max(deviations), 3)}"
    row = [*name, *(num(d, 2) for d in deviations), seconds(mine), seconds(theirs)]
    return [*row, f"{theirs / mine:.2f}"], got, problem


class _Quiet:
    """A stand-in for tqdm when stderr is not a terminal."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n=1):
        pass


def _progress(total):
    if not sys.stderr.isatty():
        return _Quiet()
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="run", leave=False, desc="demo")
