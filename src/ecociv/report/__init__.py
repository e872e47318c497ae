"""Results people can read: HTML and Markdown reports, comparison tables, JSON.

>>> import ecociv
>>> from ecociv import report
>>> std = ecociv.standards.load("mee-2024-county")
>>> data = ecociv.Observations.from_csv("examples/shengzhou-illustrative.csv", std)
>>> result = ecociv.assess(std, "330683", data, 2024)
>>> page = report.to_html(result, lang="en")
>>> page.startswith("<!DOCTYPE html>") and "<script" not in page
True
>>> report.from_document(report.to_document(result)) == result
True

HTML and Markdown need the ``report`` extra (jinja2); the JSON functions and
:class:`~ecociv.report.Comparison` need nothing more than ecociv. Each name
is imported where it lives on first use (PEP 562), as ``ecociv``'s are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecociv._lazy import facade


if TYPE_CHECKING:
    from ecociv.report._html import comparison_html as comparison_html
    from ecociv.report._html import comparison_markdown as comparison_markdown
    from ecociv.report._html import side_by_side_html as side_by_side_html
    from ecociv.report._html import side_by_side_markdown as side_by_side_markdown
    from ecociv.report._html import standard_html as standard_html
    from ecociv.report._html import to_html as to_html
    from ecociv.report._html import to_markdown as to_markdown
    from ecociv.report._indicators import indicators_markdown as indicators_markdown
    from ecociv.report._json import FORMATS as FORMATS
    from ecociv.report._json import DocumentFormat as DocumentFormat
    from ecociv.report._json import document_schema as document_schema
    from ecociv.report._json import dumps as dumps
    from ecociv.report._json import from_document as from_document
    from ecociv.report._json import loads as loads
    from ecociv.report._json import schema as schema
    from ecociv.report._json import to_document as to_document
    from ecociv.report._notebook import batch_html as batch_html
    from ecociv.report._notebook import observations_html as observations_html
    from ecociv.report._rows import RegionSummary as RegionSummary
    from ecociv.report._rows import Row as Row
    from ecociv.report._table import Comparison as Comparison
    from ecociv.report._write import WRITERS as WRITERS
    from ecociv.report._write import Writer as Writer
    from ecociv.report._write import render as render
    from ecociv.report._write import write as write
    from ecociv.report._write import writer_for as writer_for

#: Where each public name lives: imported there on first use, so writing CSV
#: does not import the HTML templates, nor the JSON converter (cattrs).
_HOMES = {
    "Comparison": "ecociv.report._table",
    "DocumentFormat": "ecociv.report._json",
    "FORMATS": "ecociv.report._json",
    "RegionSummary": "ecociv.report._rows",
    "Row": "ecociv.report._rows",
    "WRITERS": "ecociv.report._write",
    "Writer": "ecociv.report._write",
    "batch_html": "ecociv.report._notebook",
    "comparison_html": "ecociv.report._html",
    "comparison_markdown": "ecociv.report._html",
    "document_schema": "ecociv.report._json",
    "dumps": "ecociv.report._json",
    "from_document": "ecociv.report._json",
    "indicators_markdown": "ecociv.report._indicators",
    "loads": "ecociv.report._json",
    "observations_html": "ecociv.report._notebook",
    "render": "ecociv.report._write",
    "schema": "ecociv.report._json",
    "side_by_side_html": "ecociv.report._html",
    "side_by_side_markdown": "ecociv.report._html",
    "standard_html": "ecociv.report._html",
    "to_document": "ecociv.report._json",
    "to_html": "ecociv.report._html",
    "to_markdown": "ecociv.report._html",
    "write": "ecociv.report._write",
    "writer_for": "ecociv.report._write",
}

__all__ = [
    "FORMATS",
    "WRITERS",
    "Comparison",
    "DocumentFormat",
    "RegionSummary",
    "Row",
    "Writer",
    "batch_html",
    "comparison_html",
    "comparison_markdown",
    "document_schema",
    "dumps",
    "from_document",
    "indicators_markdown",
    "loads",
    "observations_html",
    "render",
    "schema",
    "side_by_side_html",
    "side_by_side_markdown",
    "standard_html",
    "to_document",
    "to_html",
    "to_markdown",
    "write",
    "writer_for",
]

__getattr__, __dir__ = facade(globals(), _HOMES)
