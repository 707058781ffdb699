"""Cheap checks of the documentation site's sources (the build itself is ``docs/build.sh``).

Every public name is on an API page, every API entry exists, the support-table
extension reads the same data as ``sigproc backends --markdown``, the gallery
scripts are well-formed, and no docstring reference would render as a list.
Skipped when Sphinx is not installed (the ``docs`` extra).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")

import sigproc
import sigproc.dispatch

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"

# The modules whose ``__all__`` the API reference documents.
MODULES = ("sigproc", "sigproc.fft", "sigproc.windows", "sigproc.dispatch", "sigproc.datasets")


def _autosummaries():
    """``{(module, name)}`` listed in the autosummary directives of ``docs/api/*.rst``."""
    found = []
    for page in sorted((DOCS / "api").glob("*.rst")):
        module = None
        lines = page.read_text().splitlines()
        for i, line in enumerate(lines):
            directive = re.match(r"\.\. (?:currentmodule|module|automodule):: (\S+)", line)
            if directive:
                module = directive.group(1)
            if not line.startswith(".. autosummary::"):
                continue
            for entry in lines[i + 1 :]:
                if entry and not entry.startswith(" "):
                    break
                entry = entry.strip()
                if not entry or entry.startswith(":"):
                    continue
                assert module is not None, f"{page.name}: autosummary before a currentmodule"
                found.append((page.name, module, entry.split()[0]))
    return found


def _public(module_name):
    module = importlib.import_module(module_name)
    return {name: getattr(module, name) for name in module.__all__}


def test_every_public_name_is_documented():
    listed = _autosummaries()
    documented = {(module, name) for _, module, name in listed}
    objects = [getattr(importlib.import_module(m), n) for m, n in documented if "." not in n]
    missing = []
    for module_name in MODULES:
        for name, value in _public(module_name).items():
            if (module_name, name) in documented:
                continue
            # a re-export documented under another module (the same object)
            if any(value is other for other in objects):
                continue
            missing.append(f"{module_name}.{name}")
    assert not missing, f"public names on no API page (add them to docs/api/*.rst): {missing}"


def test_every_api_entry_exists_once():
    seen = set()
    problems = []
    for page, module_name, name in _autosummaries():
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            problems.append(f"{page}: {module_name}.{name} does not exist")
        if (module_name, name) in seen:
            problems.append(f"{page}: {module_name}.{name} listed twice")
        seen.add((module_name, name))
    assert not problems, problems


def test_api_pages_are_in_the_toctree():
    index = (DOCS / "api" / "index.rst").read_text()
    for page in (DOCS / "api").glob("*.rst"):
        if page.stem != "index":
            assert re.search(rf"^   {page.stem}$", index, re.M), f"{page.name} not in api/index"


@pytest.fixture(scope="module")
def support_extension():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        yield importlib.import_module("sigproc_support")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def test_support_table_comes_from_the_registry(support_extension):
    names, rows = support_extension.support_rows()
    table = sigproc.dispatch.support_table()
    assert names == list(next(iter(table.values())))
    functions = {func for func, _ in rows}
    assert set(table) <= functions
    for func, kinds in rows:
        if func in table:
            assert kinds == [table[func][n] for n in names], func
        else:  # computed on the host, or an alias of a listed function
            assert set(kinds) <= {"host"} or func == "sosfreqz", (func, kinds)
    assert functions >= {"welch", "fft.rfft", "windows.hann", "butter"}


def _gallery():
    return sorted(EXAMPLES.glob("plot_*.py"))


def test_gallery_has_the_four_examples():
    names = {path.stem for path in _gallery()}
    assert {"plot_gw150914", "plot_eeg_band_power", "plot_torch_autograd"} <= names
    assert "plot_custom_backend" in names
    header = EXAMPLES / "GALLERY_HEADER.rst"
    assert header.exists() or (EXAMPLES / "README.rst").exists()


@pytest.mark.parametrize("path", _gallery(), ids=lambda p: p.name)
def test_gallery_script_is_well_formed(path):
    source = path.read_text()
    tree = ast.parse(source, filename=str(path))  # compiles
    compile(tree, str(path), "exec")
    docstring = ast.get_docstring(tree, clean=False)
    assert docstring, "sphinx-gallery needs a module docstring"
    lines = docstring.strip("\n").splitlines()
    title, underline = lines[0], lines[1]
    assert set(underline) == {"="} and len(underline) >= len(title), (
        "the docstring must open with an RST title whose underline is as long as the title"
    )
    imports = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    if path.stem != "plot_torch_autograd":
        assert "torch" not in imports, "only the torch example imports torch"
    # registering a backend would change the chain, and so the support table the same
    # build renders after the gallery ran: examples use set_backend blocks only
    called = {
        getattr(node.func, "attr", getattr(node.func, "id", None))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert "register_backend" not in called


# A one-line reference whose text starts with an initial ("B. Allen et al., ...") is
# read by docutils as an alphabetic enumerated list, and renders as one (a reference
# that goes on to an indented second line is a paragraph).
_INITIAL_REFERENCE = re.compile(r"^(\s*)\.\. \[\w+\] +[A-Za-z]\. ")


def _renders_as_list(doc):
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        match = _INITIAL_REFERENCE.match(line)
        if match:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            indent = len(following) - len(following.lstrip())
            if not following.strip() or indent <= len(match.group(1)):
                return True
    return False


def _public_docstrings():
    for module_name in MODULES:
        for name, value in _public(module_name).items():
            if inspect.ismodule(value):
                continue
            doc = getattr(value, "__doc__", None)
            home = getattr(value, "__module__", "") or ""
            if doc and home.startswith("sigproc"):
                yield f"{module_name}.{name}", doc


def test_no_reference_renders_as_a_list():
    bad = [name for name, doc in _public_docstrings() if _renders_as_list(doc)]
    assert not bad, f"reference text starts with an initial (write the first name out): {bad}"


def test_build_script_treats_warnings_as_errors():
    script = (DOCS / "build.sh").read_text()
    assert "-W" in script and "--keep-going" in script and "-b html" in script
    conf = (DOCS / "conf.py").read_text()
    assert '"sphinx.ext.intersphinx"' not in conf, "the build must not need the network"
