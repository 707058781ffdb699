"""Entry point of the ``sigproc`` console script.

It lives outside the ``sigproc`` package because importing the package applies
``SIGPROC_BACKEND``: a value naming no backend makes ``import sigproc`` raise
``ValueError`` (as a library should), and here that becomes the command
line's one-line usage error with exit status 2 instead of a traceback.
"""

import sys


def main(argv=None):
    """Run ``sigproc.cli.main``; report a bad ``SIGPROC_BACKEND`` as a usage error."""
    try:
        from sigproc.cli import main as run
    except ValueError as exc:
        if getattr(exc, "variable", None) != "SIGPROC_BACKEND":
            raise
        print(f"sigproc: error: {exc}", file=sys.stderr)
        return 2
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
