"""The benchmark suite: a thin wrapper around ``sigproc bench`` (same options).

Run: ``python benchmarks/run.py [--quick] [--cases PATTERN] [--backends LIST]
[--repeat N] [--out FILE.json] [--plot FILE.png] [--no-progress]``. The case
definitions live in ``sigproc/cli/_bench_cases.py`` so that an installed
``sigproc bench`` finds them. The other scripts here time one backend's
kernels in more shapes than the suite (``torch_iir.py``, ``torch_fir.py``,
``torch_spectral.py``).
"""

import sys

from sigproc.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
