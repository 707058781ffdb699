"""The ``sigproc`` command line: spectra, spectrograms, band power and filters of recordings.

Run ``sigproc --help`` (or ``python -m sigproc --help``). Every problem the
user can fix (a missing file, a bad option, NaNs in the signal, a band
outside [0, fs/2], ...) is reported as one line,
``sigproc: error: <message>``, with exit status 2.

``psd``, ``spectrogram``, ``bandpower`` and ``filter`` take ``--chunks N``
(samples per chunk along time, or ``auto``) for recordings larger than
memory: the input is read lazily into a dask array (``.npy`` memory-mapped,
HDF5 and Zarr chunk by chunk), computed on ``--scheduler`` (threads,
processes, synchronous, or a dask.distributed address) with a progress bar
on stderr (``--no-progress`` turns it off), and ``filter`` writes its
``.npy``/``.zarr`` output chunk by chunk. dask is optional (the ``dask``
extra).

Every analysis command (``psd``, ``spectrogram``, ``bandpower``, ``filter``,
``whiten``) also takes ``--start``/``--duration`` (a window, in seconds or GPS
time), ``--channels`` (names, indices, ranges), ``--json`` (one JSON document
on stdout instead of the text report) and ``--no-progress`` (large in-memory
work shows a tqdm bar on stderr after one second). ``--backend auto`` reports
which backend ran.
"""

from __future__ import annotations

import argparse
import os
import sys

from ._args import (
    chunk_length,
    finite_float,
    int_at_least,
    nonnegative_float,
    positive_float,
)
from ._compute import BACKEND_CHOICES
from ._io import FORMATS, CLIError

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors raised as :class:`CLIError` instead of printed."""

    def error(self, message):
        command = self.prog.partition(" ")[2]
        raise CLIError(f"{command}: {message}" if command else message)


def _input_options(parser, *, axis_help, chunks=True):
    parser.add_argument("input", help=f"recording: {', '.join(FORMATS)}")
    parser.add_argument(
        "--fs", type=positive_float, help="sampling rate in Hz (overrides the file's)"
    )
    parser.add_argument("--key", help="array name in an .npz, dataset path in an .hdf5 file")
    parser.add_argument("--axis", type=int, help=axis_help)
    parser.add_argument(
        "--channels",
        metavar="NAMES|INDICES",
        help="analyse only these channels: names or indices, comma-separated, ranges "
        "inclusive (e.g. H1,L1 or 0,2 or 0-3)",
    )
    parser.add_argument(
        "--start",
        type=finite_float,
        metavar="T",
        help="start of the window: seconds from the beginning, or a GPS time for GWOSC files",
    )
    parser.add_argument(
        "--duration", type=positive_float, metavar="S", help="length of the window in seconds"
    )
    parser.add_argument(
        "--backend",
        choices=BACKEND_CHOICES,
        default="auto",
        help="auto: sigproc's choice for NumPy data (the report says which ran); "
        "torch/cupy: move the data there",
    )
    parser.add_argument("--device", help="device for torch or cupy, e.g. cpu, cuda:0")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON document (input, backend, parameters, results, outputs) "
        "and nothing else on stdout",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (shown on stderr for large inputs after 1 s, and by dask)",
    )
    if not chunks:
        parser.set_defaults(chunks=None, scheduler=None)
        return
    big = parser.add_argument_group("larger than memory (dask)")
    big.add_argument(
        "--chunks",
        type=chunk_length,
        metavar="N|auto",
        help="read the input lazily as a dask array, N samples per chunk along time "
        "(auto: about 64 MB per chunk); .npy, .hdf5 and .zarr inputs are never read whole",
    )
    big.add_argument(
        "--scheduler",
        metavar="NAME|ADDRESS",
        help="threads (default), processes, synchronous, or a dask.distributed scheduler "
        "address such as tcp://host:8786; implies --chunks auto",
    )


def _segment_options(parser, *, default_seconds):
    parser.add_argument(
        "--nperseg",
        type=int_at_least(2),
        help=f"samples per segment (default: the power of two nearest {default_seconds} s)",
    )
    parser.add_argument("--noverlap", type=int_at_least(0), help="overlap in samples")
    parser.add_argument("--window", default="hann", help="window name (default hann)")


def _range_options(parser):
    parser.add_argument("--fmin", type=nonnegative_float, help="lowest frequency shown [Hz]")
    parser.add_argument("--fmax", type=positive_float, help="highest frequency shown [Hz]")


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sigproc")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


_SIGNAL_OUT = ".npy (same shape), .npz or .mat (with fs), .csv (time column), .wav, .flac or .ogg"
_DEMO_HELP = "the classic GW150914 analysis on the built-in recording, every backend vs SciPy"


def build_parser():
    """The argparse parser of the ``sigproc`` command."""
    parser = _Parser(
        prog="sigproc",
        description="Signal processing of recordings with sigproc, on any array backend.",
    )
    parser.add_argument("--version", action="version", version=f"sigproc {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    axis_help = "time axis (default: last for .npy/.npz/.hdf5/.zarr, rows for .csv/.wav)"

    psd = commands.add_parser("psd", help="power spectral density (Welch)")
    _input_options(psd, axis_help=axis_help)
    _segment_options(psd, default_seconds=1)
    psd.add_argument("--average", choices=("mean", "median"), default="mean")
    _range_options(psd)
    psd.add_argument("--lines", type=int_at_least(0), default=5, help="narrow lines listed")
    psd.add_argument("--out", help="write frequency and PSD columns: .csv or .npy")
    psd.add_argument("--plot", help="PSD on log-log axes: .png, .pdf or .svg")
    psd.add_argument(
        "--asd", action="store_true", help="plot the amplitude spectral density (sqrt of the PSD)"
    )

    spec = commands.add_parser("spectrogram", help="spectrogram (power per time and frequency)")
    _input_options(spec, axis_help=axis_help)
    _segment_options(spec, default_seconds=0.125)
    _range_options(spec)
    spec.add_argument("--out", help=".npz (f, t, Sxx), .npy (Sxx) or .csv (long format)")
    spec.add_argument("--plot", help="log-power image: .png, .pdf or .svg")

    bp = commands.add_parser("bandpower", help="power in frequency bands")
    _input_options(bp, axis_help=axis_help)
    bp.add_argument("--bands", required=True, help="bands in Hz, e.g. 20-60,60-250")
    bp.add_argument("--relative", action="store_true", help="fraction of the total power")
    _segment_options(bp, default_seconds=1)
    bp.add_argument("--out", help="write bands x channels: .csv or .npy")
    bp.add_argument("--plot", help="bar chart: .png, .pdf or .svg")

    filt = commands.add_parser("filter", help="Butterworth filter (zero-phase by default)")
    _input_options(filt, axis_help=axis_help)
    filt.add_argument(
        "--butter",
        type=int_at_least(1),
        default=4,
        metavar="ORDER",
        help="Butterworth order (default 4)",
    )
    kind = filt.add_mutually_exclusive_group(required=True)
    kind.add_argument(
        "--band", nargs=2, type=positive_float, metavar=("LO", "HI"), help="band-pass edges in Hz"
    )
    kind.add_argument("--lowpass", type=positive_float, metavar="F", help="low-pass edge [Hz]")
    kind.add_argument("--highpass", type=positive_float, metavar="F", help="high-pass edge [Hz]")
    phase = filt.add_mutually_exclusive_group()
    phase.add_argument(
        "--zero-phase",
        dest="zero_phase",
        action="store_true",
        default=True,
        help="forward-backward filtering, sosfiltfilt (default)",
    )
    phase.add_argument(
        "--causal", dest="zero_phase", action="store_false", help="one forward pass, sosfilt"
    )
    filt.add_argument(
        "--out",
        required=True,
        help=f"filtered signal: {_SIGNAL_OUT}; with --chunks .npy or .zarr, written chunk by chunk",
    )

    white = commands.add_parser(
        "whiten", help="divide by the amplitude spectral density (Welch), optionally band-pass"
    )
    _input_options(white, axis_help=axis_help, chunks=False)
    white.add_argument(
        "--nperseg",
        type=int_at_least(2),
        help="samples per Welch segment of the ASD (default: the power of two nearest 4 s)",
    )
    white.add_argument(
        "--band",
        nargs=2,
        type=positive_float,
        metavar=("LO", "HI"),
        help="then band-pass LO-HI Hz, zero-phase (Butterworth, sosfiltfilt)",
    )
    white.add_argument(
        "--butter", type=int_at_least(1), metavar="ORDER", help="band-pass order (default 4)"
    )
    white.add_argument("--out", required=True, help=f"whitened signal: {_SIGNAL_OUT}")

    example = commands.add_parser(
        "example", help="write the built-in recording (LIGO strain of GW150914) to a file"
    )
    example.add_argument(
        "--out",
        default="gw150914.npz",
        help=".npz with the strain of H1 and L1 as 2 channels, fs, gps_start, channels and "
        "units (default gw150914.npz)",
    )

    backends = commands.add_parser("backends", help="the backends sigproc knows and where they run")
    backends.add_argument(
        "--table",
        action="store_true",
        help="also print how each backend runs each function (native / portable)",
    )
    backends.add_argument(
        "--markdown", action="store_true", help="print only the function table, as Markdown"
    )

    from ._demo import add_arguments as demo_arguments

    demo_arguments(commands.add_parser("demo", help=_DEMO_HELP))

    bench = commands.add_parser("bench", help="benchmark sigproc's backends against SciPy")
    bench.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    bench.add_argument("--cases", metavar="PATTERN", help="comma-separated names or globs")
    bench.add_argument(
        "--backends",
        metavar="LIST",
        help="comma-separated: numpy,portable,torch,torch-cuda,cupy,strict "
        "(default: all but strict; SciPy always runs)",
    )
    bench.add_argument("--repeat", type=int_at_least(1), default=5, help="samples (default 5)")
    bench.add_argument("--out", metavar="FILE.json", help="all samples and the environment")
    bench.add_argument("--plot", metavar="FILE.png", help="speed-up bars: .png, .pdf or .svg")
    bench.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def main(argv=None):
    """Run the ``sigproc`` command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit status: 0 on success, 2 for a usage or input error (reported as
        one line on stderr), 1 for an unexpected failure.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if not argv:  # bare `sigproc`: the usage and the commands, not an error
            build_parser().print_help()
            return 0
        args = build_parser().parse_args(argv)
        from . import _bench, _commands, _demo

        runners = {
            "psd": _commands.run_psd,
            "spectrogram": _commands.run_spectrogram,
            "bandpower": _commands.run_bandpower,
            "filter": _commands.run_filter,
            "whiten": _commands.run_whiten,
            "backends": _commands.run_backends,
            "example": _commands.run_example,
            "demo": _demo.run_demo,
            "bench": _bench.run_bench,
        }
        return runners[args.command](args)
    except CLIError as exc:
        print(f"sigproc: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        print("sigproc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `sigproc psd F | head`: the reader left; not an error. Point stdout at
        # /dev/null so that Python's flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("SIGPROC_TRACEBACK"):
            raise
        reason = " ".join(str(exc).split()) or "no message"
        print(
            f"sigproc: internal error: {type(exc).__name__}: {reason} "
            "(set SIGPROC_TRACEBACK=1 for the traceback and please report it)",
            file=sys.stderr,
        )
        return 1
