"""Sphinx directive ``sigproc-support-table``: the backend support table, from the registry.

The table is the one ``sigproc backends --markdown`` prints (and ``docs/support.sh``
writes into ``docs/support.md``): the directive runs that command's function at
build time and turns its rows into a table whose function names link to the API
reference, so the site can never disagree with the installed registry.

Options: ``:summary:`` (flag) adds a per-backend count of native / portable / host
functions above the table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
from collections import Counter
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

KINDS = ("native", "portable", "host", "missing", "unavailable")


def support_rows() -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The backends and the (function, kinds) rows of ``sigproc backends --markdown``."""
    from sigproc.cli import _commands

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _commands.run_backends(argparse.Namespace(markdown=True, table=False))
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    header, _rule, *body = lines
    names = [cell.strip() for cell in header.strip("|").split("|")][1:]
    rows = []
    for line in body:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((cells[0].strip("`"), cells[1:]))
    if not rows or any(len(kinds) != len(names) for _, kinds in rows):
        raise RuntimeError("unexpected output from `sigproc backends --markdown`")
    return names, rows


def _function_ref(name: str) -> nodes.Node:
    """``name`` as a link to its API page (``sigproc.<name>``), shown as code."""
    target = f"sigproc.{name}"
    ref = addnodes.pending_xref(
        "", refdomain="py", reftype="obj", reftarget=target, refexplicit=True, refwarn=False
    )
    ref += nodes.literal(name, name)
    return ref


def _table(
    title: str, headers: list[str], rows: list[list[Any]], classes: list[str]
) -> nodes.table:
    table = nodes.table(classes=classes)
    table += nodes.title(title, title)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for text in headers:
        row += nodes.entry("", nodes.paragraph(text=text))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            if isinstance(cell, nodes.Node):
                row += nodes.entry("", nodes.paragraph("", "", cell))
            else:
                classes = [f"kind-{cell}"] if cell in KINDS else []
                row += nodes.entry("", nodes.paragraph(text=str(cell)), classes=classes)
        body += row
    return table


class SupportTable(SphinxDirective):
    """Render the support table of the installed registry."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"summary": directives.flag}

    def run(self) -> list[nodes.Node]:
        """Build the tables: an optional per-backend summary, then one row per function."""
        names, rows = support_rows()
        result: list[nodes.Node] = []
        if "summary" in self.options:
            counts = {n: Counter(kinds[i] for _, kinds in rows) for i, n in enumerate(names)}
            used = [k for k in KINDS if any(c[k] for c in counts.values())]
            summary = [[n, *(str(counts[n][k]) for k in used)] for n in names]
            result.append(
                _table(
                    "Functions per backend, by how it runs them",
                    ["backend", *used],
                    summary,
                    ["sigproc-support-summary"],
                )
            )
        table_rows = [[_function_ref(func), *kinds] for func, kinds in rows]
        title = "How each backend runs each function"
        result.append(_table(title, ["function", *names], table_rows, ["sigproc-support"]))
        return result


def setup(app: Any) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("sigproc-support-table", SupportTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
