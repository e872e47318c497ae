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
:class:`~ecociv.report.Comparison` need nothing more than ecociv.
"""

from __future__ import annotations

from ecociv.report._html import (
    comparison_html,
    comparison_markdown,
    side_by_side_html,
    side_by_side_markdown,
    standard_html,
    to_html,
    to_markdown,
)
from ecociv.report._indicators import indicators_markdown
from ecociv.report._json import (
    FORMATS,
    DocumentFormat,
    document_schema,
    dumps,
    from_document,
    loads,
    schema,
    to_document,
)
from ecociv.report._notebook import batch_html, observations_html
from ecociv.report._rows import RegionSummary, Row
from ecociv.report._table import Comparison
from ecociv.report._write import WRITERS, Writer, render, write, writer_for


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
