"""The benchmark suite: a thin wrapper around ``sigproc bench`` (same options).

Run: ``python benchmarks/run.py [--quick] [--cases PATTERN] [--backends LIST]
[--repeat N] [--out FILE.json] [--plot FILE.png] [--no-progress]``. The case
definitions live in ``sigproc/cli/_bench_cases.py`` so that an installed
``sigproc bench`` finds them; the older scripts here (``cpu_compare.py``,
``gpu_compare.py``, ``dispatch_overhead.py``) still run but the suite supersedes them.
"""

import sys

from sigproc.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
