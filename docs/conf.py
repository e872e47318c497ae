"""Sphinx configuration for the ecociv documentation site (MyST Markdown pages)."""

from __future__ import annotations

import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

project = "ecociv"
author = "ecociv developers"
copyright = "ecociv developers, MIT licence"  # noqa: A001  (Sphinx's name)

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# ecociv has two classes named Comparison (the trend comparison in ecociv.rules
# and the report table in ecociv.report); type hints read from implementation
# modules cannot tell them apart, and Sphinx warns about the ambiguity.
suppress_warnings = ["ref.python"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "ecociv"
html_static_path: list[str] = []
# The site is read offline too: no fonts or scripts from elsewhere.
html_theme_options = {"navigation_with_keys": True}
