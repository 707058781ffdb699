"""Plain-text tables for the terminal."""

from __future__ import annotations

import math

__all__ = ["hz", "num", "seconds", "table"]


def num(value, digits=4):
    """A number in ``%g`` style with `digits` significant digits."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    return f"{value:.{digits}g}"


def hz(value):
    """A frequency in Hz, with as many decimals as a sub-Hz resolution needs."""
    value = float(value)
    return f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def seconds(value):
    """A duration: ms below one second, else s."""
    return f"{value * 1e3:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(headers, rows, *, indent="  "):
    """Format `rows` (sequences of str) under `headers`; numeric columns are right-aligned.

    Parameters
    ----------
    headers : sequence of str
    rows : sequence of sequence of str
    indent : str, optional

    Returns
    -------
    str
        Lines joined by newlines, with a rule under the header.
    """
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    right = [i > 0 and all(_numeric(r[i]) for r in rows) for i in range(len(headers))]

    def line(cells):
        parts = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(cells, widths, right, strict=True)
        ]
        return indent + "  ".join(parts).rstrip()

    rule = indent + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _numeric(cell):
    text = cell.removeprefix("x").split(" ")[0]
    try:
        float(text)
    except ValueError:
        return cell in ("-", "failed", "")
    return True
