"""docs/support.md renders the registry's support table, and stays true."""

from pathlib import Path

import pytest

import sigproc
from sigproc.cli._commands import _ALIASES, _host_functions

pytest.importorskip("torch")  # the torch column needs torch importable

DOC = Path(__file__).parents[1] / "docs" / "support.md"


def test_docs_render_the_registry():
    text = DOC.read_text()
    body = text.split("<!-- support-table:start -->\n")[1].split("<!-- support-table:end -->")[0]
    header = [c.strip() for c in body.splitlines()[0].split("|")[2:-1]]
    assert header == ["numpy", "torch", "cupy", "dask", "jax", "array_api"]
    rows = [line for line in body.splitlines()[2:] if line.startswith("| `")]
    documented = {
        row.split("|")[1].strip().strip("`"): [c.strip() for c in row.split("|")[2:-1]]
        for row in rows
    }
    table = sigproc.dispatch.support_table()  # tests may have registered more backends
    table.update({alias: table[target] for alias, target in _ALIASES.items()})
    table.update({n: dict.fromkeys(header, "host") for n in _host_functions(table)})
    public = {n: [kinds[b] for b in header] for n, kinds in table.items() if n in documented}
    assert set(documented) == {n for n in table if not n.startswith("dispatch_")}, (
        "docs/support.md lists other functions than the registry: run bash docs/support.sh"
    )

    assert public == documented, "docs/support.md is out of date: run bash docs/support.sh"


def test_every_public_function_runs_somewhere_natively_or_portably():
    for name, kinds in sigproc.dispatch.support_table().items():
        assert kinds["array_api"] == "portable" or name.startswith("dispatch_"), name


def test_every_scipy_callable_is_in_the_table():
    # Every function of SciPy's three modules is a row; classes are host objects
    # (SciPy's own LTI classes, or transforms dispatching through listed functions).
    import scipy.fft
    import scipy.signal

    text = DOC.read_text()
    rows = {line.split("|")[1].strip().strip("`") for line in text.splitlines() if "| `" in line}
    scipy_names = [
        *(n for n in scipy.signal.__all__ if callable(getattr(scipy.signal, n))),
        *(f"windows.{n}" for n in scipy.signal.windows.__all__),
        *(f"fft.{n}" for n in scipy.fft.__all__ if not n.endswith("backend")),
    ]
    missing = [
        n
        for n in scipy_names
        if n not in rows and not isinstance(getattr(scipy.signal, n, None), type)
    ]
    assert missing == []
