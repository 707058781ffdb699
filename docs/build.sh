#!/usr/bin/env bash
# Builds the documentation site into docs/_build/html, warnings as errors.
# Run from anywhere, after `pip install -e '.[docs]'`; CI runs it (.ci/run).
# The gallery (examples/plot_*.py) runs at build time; the API pages are
# regenerated from the docstrings on every build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
export MPLBACKEND=Agg
# From scratch: a stale cache hides the warnings of unchanged pages, keeps the stubs
# of removed functions, and sphinx-gallery would rerun only the examples whose
# source changed (not those whose output a change to sigproc or conf.py alters).
rm -rf docs/_build docs/api/generated docs/auto_examples
start=$SECONDS
# -q: only warnings and errors (to stderr); pass -v or other options through "$@".
"$PYTHON" -m sphinx -W --keep-going -q -b html -d docs/_build/doctrees docs docs/_build/html "$@"
echo "docs: built in $((SECONDS - start)) s; open docs/_build/html/index.html"
