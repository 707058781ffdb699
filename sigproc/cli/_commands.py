"""``sigproc backends`` and ``sigproc example``; the analysis commands live in their modules.

The commands that analyse a recording are in :mod:`._spectra_cmd` (``psd``,
``spectrogram``), :mod:`._bandpower_cmd` (``bandpower``) and
:mod:`._filter_cmd` (``filter``, ``whiten``); they share :mod:`._session`
(reading, ``--start``/``--duration``/``--channels``, the text or JSON report)
and :mod:`._progress` (pieces and a progress bar for large in-memory work).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import sigproc

from ._bandpower_cmd import parse_bands, run_bandpower
from ._filter_cmd import run_filter, run_whiten
from ._io import CLIError
from ._spectra_cmd import run_psd, run_spectrogram
from ._table import table

__all__ = [
    "parse_bands",
    "run_backends",
    "run_bandpower",
    "run_example",
    "run_filter",
    "run_psd",
    "run_spectrogram",
    "run_whiten",
]


#: Public names that call another public function as they are (SciPy's aliases).
_ALIASES = {"sosfreqz": "freqz_sos"}


def _host_functions(support):
    """Public functions that do not dispatch: SciPy on the host (design, windows, ...).

    Classes are left out (the LTI classes are SciPy's; the transforms of
    ``ShortTimeFFT``, ``CZT`` and ``ZoomFFT`` dispatch through functions listed).
    """
    controls = set(sigproc.dispatch.__all__) | {"fft", "windows"}
    found = []
    for prefix, module in (("", sigproc), ("fft.", sigproc.fft), ("windows.", sigproc.windows)):
        for name in module.__all__:
            value = getattr(module, name)
            public = prefix + name
            if name in controls or public in support or isinstance(value, type):
                continue
            if callable(value) and not hasattr(value, "multimethod"):
                found.append(public)
    return found


def run_backends(args):
    """``sigproc backends``: one row per backend from :func:`sigproc.list_backends`.

    With ``--table`` also the function x backend table of
    :func:`sigproc.dispatch.support_table`, with the functions computed on
    the host (filter design, windows, conversions) marked "host";
    ``--markdown`` prints only that table, as rendered into ``docs/support.md``.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0.
    """
    rows = [
        (
            info.name,
            ", ".join(info.aliases) or "-",
            "yes" if info.installed else "no",
            ", ".join(info.devices) or "-",
            "yes" if info.in_chain else "no",
            info.note,
        )
        for info in sigproc.list_backends()
    ]
    support = sigproc.dispatch.support_table()
    names = list(next(iter(support.values())))
    support.update({alias: support[target] for alias, target in _ALIASES.items()})
    support.update({f: dict.fromkeys(names, "host") for f in _host_functions(support)})
    support = dict(sorted(support.items()))
    if args.markdown:
        print("| function | " + " | ".join(names) + " |")
        print("|---" * (len(names) + 1) + "|")
        for func, row in support.items():
            print(f"| `{func}` | " + " | ".join(row[n] for n in names) + " |")
        return 0
    print(f"sigproc {sigproc.__version__} backends (tried in this order for automatic dispatch):")
    print(table(["backend", "aliases", "installed", "devices", "automatic", "note"], rows))
    if args.table:
        print("\nhow each backend runs each function:")
        print(table(["function", *names], [(f, *r.values()) for f, r in support.items()]))
    return 0


def run_example(args):
    """``sigproc example``: write the built-in GW150914 recording for the other commands.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
        Exit status 0.
    """
    out = Path(args.out)
    if out.suffix != ".npz":
        raise CLIError(f"--out must be a .npz file, got {out.name}")
    records = [sigproc.datasets.gw150914(d) for d in ("H1", "L1")]
    strain = np.stack([r.data for r in records])
    try:
        np.savez(
            out,
            strain=strain,
            fs=np.float64(records[0].fs),
            gps_start=np.float64(records[0].start),
            channels=np.array([r.name for r in records]),
            units=np.array("strain"),  # the datasets say "strain (dimensionless)"
        )
    except OSError as exc:
        raise CLIError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(
        f"wrote {out}: strain of GW150914, LIGO H1 and L1 (2 channels x {strain.shape[1]} "
        f"samples, {records[0].fs:g} Hz, GPS {records[0].start:.0f}, event at "
        f"{records[0].event - records[0].start:.2f} s); {records[0].attribution}"
    )
    return 0
