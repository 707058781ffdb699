"""Sphinx configuration of sigproc's documentation site.

Build it from the repository root with ``bash docs/build.sh`` (warnings are
errors). Nothing here reaches the network: no intersphinx, no remote images.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent))  # the sigproc of this checkout, installed or not

import sigproc  # noqa: E402

os.environ.setdefault("MPLBACKEND", "Agg")

project = "sigproc"
author = "the sigproc developers"
copyright = "the sigproc developers"
version = release = sigproc.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
    "sphinxarg.ext",
    "sigproc_support",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    # Generated into the repository by ``docs/support.sh`` for readers of the source
    # tree; the site builds its own table from the registry (``support.rst``).
    "support.md",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.json",
    "auto_examples/*.md5",
]

# -- API reference ------------------------------------------------------------------
autosummary_generate = True
autosummary_generate_overwrite = True
autodoc_typehints = "none"  # the numpydoc Parameters section is the documentation
autodoc_default_options = {"member-order": "bysource"}
numpydoc_show_class_members = False  # the class template lists the members
numpydoc_use_plots = False
numpydoc_xref_param_type = False
numpydoc_attributes_as_param_list = False
add_function_parentheses = False
default_role = "autolink"

# -- Markdown pages (myst) ------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

# -- Gallery --------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(HERE.parent / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "sigproc_gallery.GalleryOrder",
    "download_all_examples": False,
    "write_computation_times": False,
    "remove_config_comments": True,
    "doc_module": ("sigproc",),
    "backreferences_dir": None,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "show_memory": False,
    "min_reported_time": 1,
    "capture_repr": (),  # print() what matters; no "<matplotlib.legend.Legend ...>"
}

# -- HTML -----------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sigproc {release}"
html_static_path = ["_static"]
html_css_files = ["sigproc.css"]
html_show_sourcelink = False
html_theme_options = {
    "navigation_depth": 2,
    "collapse_navigation": True,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 8,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
# Single pages have no section navigation: no empty left sidebar.
html_sidebars = {
    page: []
    for page in ("index", "readme", "support", "cli", "design", "writing-a-backend", "benchmarks")
}
