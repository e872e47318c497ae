"""Render assessments, standards and comparisons as HTML and Markdown.

Templates are jinja2 files in ``templates/``, loaded from the package with
autoescaping on for HTML: every name, reason and source title is escaped.
A page is self-contained: inline CSS, inline SVG, no script, no fonts or
images fetched from anywhere.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ecociv.report import _svg
from ecociv.report._table import Comparison
from ecociv.report._view import (
    TEXT,
    assessment_view,
    check_lang,
    kind_label,
    value_text,
)
from ecociv.standards import Standard


if TYPE_CHECKING:
    import jinja2

    from ecociv._engine import Assessment


__all__ = [
    "comparison_html",
    "comparison_markdown",
    "standard_html",
    "to_html",
    "to_markdown",
]


def _md(text: object) -> str:
    """Escape text for a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


@functools.cache
def _env() -> jinja2.Environment:
    import jinja2  # noqa: PLC0415  (an optional dependency: the report extra)

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ecociv.report", "templates"),
        # Escape everything but the Markdown templates, which escape table
        # cells with the ``md`` filter instead.
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2", "css.j2"),
            disabled_extensions=("md.j2",),
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    return env


def _render(name: str, **context: Any) -> str:
    from ecociv._version import __version__  # noqa: PLC0415

    return _env().get_template(name).render(version=__version__, **context)


def _page(
    body: str, page_title: str, lang: str, *, fragment: bool, **context: Any
) -> str:
    """Render the ``body`` template inside a whole page or a notebook fragment."""
    name = "fragment.html.j2" if fragment else "page.html.j2"
    return _render(name, body=body, page_title=page_title, lang=lang, **context)


def to_html(
    assessment: Assessment,
    *,
    standard: Standard | None = None,
    lang: str = "zh",
    fragment: bool = False,
) -> str:
    """Return an assessment as one self-contained HTML page.

    The page shows the summary and eligibility, a table per domain and task
    (each requirement's values, target, distance, a sparkline for series,
    verdict, reason, sources and confidence) and, when requirements carry
    departments or due years (a plan), the grouping by lead department and
    the deadlines.

    Args:
        assessment: The assessment to show.
        standard: The standard it used, for domain, task and source names;
            a bundled standard is found by id when not given.
        lang: ``"zh"`` or ``"en"``, for names, reasons and headings.
        fragment: Return a ``<div>`` with its style (for a notebook)
            instead of a whole page.

    Returns:
        HTML text.
    """
    view = assessment_view(assessment, standard, check_lang(lang))
    title = f"{assessment.region.name} {assessment.year} · {view['title']}"
    view.pop("lang")
    return _page(
        "_assessment.html.j2",
        title,
        lang,
        fragment=fragment,
        colours_of=_colours_by_value(),
        **view,
    )


def to_markdown(
    assessment: Assessment, *, standard: Standard | None = None, lang: str = "zh"
) -> str:
    """Return an assessment as Markdown, for pasting into documents.

    It holds what :func:`to_html` shows, except sparklines.
    """
    view = assessment_view(assessment, standard, check_lang(lang))
    return _render("assessment.md.j2", **view)


def _colours_by_value() -> dict[str, tuple[str, str]]:
    return {v.value: c for v, c in _svg.COLOURS.items()}


def standard_html(
    standard: Standard, *, lang: str = "zh", fragment: bool = True
) -> str:
    """Return a standard's requirements as HTML, grouped by domain."""
    t = TEXT[check_lang(lang)]
    other = "en" if lang == "zh" else "zh"
    inds = {i.id: i for i in standard.indicators}
    domains = {d.id: getattr(d, lang) for d in standard.domains}
    groups: list[dict[str, Any]] = []
    for req in standard.requirements:
        name = domains.get(req.domain or "", t["other"])
        if not groups or groups[-1]["name"] != name:
            groups.append({"name": name, "rows": []})
        ind = inds[req.indicator]
        groups[-1]["rows"].append(
            {
                "number": req.number,
                "name": req.printed_name or ind.label(lang),
                "other_name": ind.label(other),
                "binding": req.binding,
                "provisional": req.provisional,
                "kind": kind_label(req.binding, req.provisional, lang),
                "target": req.target_text,
                "unit": "" if ind.unit == "-" else ind.unit,
                "sources": req.sources,
                "confidence": req.confidence.value,
                "due": req.due,
                "lead": req.lead,
            }
        )
    n_binding = sum(1 for r in standard.requirements if r.binding)
    return _page(
        "_standard.html.j2",
        standard.title_zh,
        lang,
        fragment=fragment,
        t=t,
        std=standard,
        title=standard.title_zh if lang == "zh" else standard.title_en,
        groups=groups,
        plan=any(r.due or r.lead for r in standard.requirements),
        n_binding=n_binding,
        n_reference=len(standard.requirements) - n_binding,
    )


def _comparison_view(table: Comparison, lang: str) -> dict[str, Any]:
    t = TEXT[check_lang(lang)]
    regions = table.regions()
    index = table.index()
    requirements = []
    for req in table.requirements():
        cells: list[dict[str, Any] | None] = []
        for code, year, _ in regions:
            row = index.get((code, year, req.standard, req.requirement))
            cells.append(
                None
                if row is None
                else {
                    "verdict": row.verdict.value,
                    "label": row.verdict.label(lang),
                    "colours": _svg.COLOURS[row.verdict],
                    "value": ""
                    if row.value is None
                    else value_text(row.value, "", lang),
                    "distance": "" if row.distance is None else f"{row.distance:+.4g}",
                }
            )
        requirements.append(
            {
                "requirement": req.requirement,
                "name": req.label(lang),
                "other_name": req.label("en" if lang == "zh" else "zh"),
                "unit": "" if req.unit == "-" else req.unit,
                "binding": req.binding,
                "kind": t["binding" if req.binding else "reference"],
                "cells": cells,
            }
        )
    return {"t": t, "lang": lang, "regions": regions, "requirements": requirements}


def comparison_html(
    table: Comparison | Any,
    *,
    lang: str = "zh",
    title: str = "",
    fragment: bool = False,
) -> str:
    """Return a comparison as HTML: requirements down, regions across.

    Args:
        table: A :class:`~ecociv.report.Comparison`, or records / a DataFrame with its
            columns (see :class:`~ecociv.report.Row`).
        lang: ``"zh"`` or ``"en"``.
        title: A heading for the page.
        fragment: Return a ``<div>`` (for a notebook) instead of a page.
    """
    if not isinstance(table, Comparison):
        table = Comparison.from_records(table)
    view = _comparison_view(table, lang)
    view.pop("lang")
    return _page(
        "_comparison.html.j2",
        title or "ecociv",
        lang,
        fragment=fragment,
        title=title,
        **view,
    )


def comparison_markdown(table: Comparison | Any, *, lang: str = "zh") -> str:
    """Return a comparison as a Markdown table: requirements down, regions across."""
    if not isinstance(table, Comparison):
        table = Comparison.from_records(table)
    return _render("comparison.md.j2", **_comparison_view(table, lang))
