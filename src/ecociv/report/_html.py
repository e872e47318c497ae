"""Render assessments, standards, comparisons and side-by-sides as HTML and Markdown.

Templates are jinja2 files in ``templates/``. Every value a template prints
is escaped: in HTML by autoescaping, in Markdown by :func:`md_escape`, which
the Markdown environment applies to every ``{{ ... }}`` (its ``finalize``), so
a name or reason from a user's file can neither add markup nor break a table.
A page is self-contained: inline CSS, inline SVG, no script, no fonts or
images fetched from anywhere. Its colours follow the reader's: text takes
the colour of the page around it (a notebook's theme), greys are
translucent, and a dark page (``prefers-color-scheme: dark``, JupyterLab's
and VS Code's dark themes) gets dark badges.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

from ecociv._controls import clean
from ecociv.report import _svg
from ecociv.report._account import account_view
from ecociv.report._compare import comparison_view, side_by_side_view
from ecociv.report._table import Comparison, as_result
from ecociv.report._view import (
    TEXT,
    assessment_view,
    check_lang,
    kind_label,
)
from ecociv.rules import Verdict
from ecociv.standards import Standard


if TYPE_CHECKING:
    import jinja2

    from ecociv._engine import Assessment, SideBySide


__all__ = [
    "comparison_html",
    "comparison_markdown",
    "md_escape",
    "side_by_side_html",
    "side_by_side_markdown",
    "standard_html",
    "to_html",
    "to_markdown",
]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def md_escape(value: object) -> str:
    r"""Return a value as Markdown text: no markup, no HTML, no table breaks.

    Backslash, backtick, ``*``, ``_``, brackets and pipes are escaped with a
    backslash; ``&``, ``<`` and ``>`` become entities (Markdown renderers pass
    raw HTML through); line breaks become spaces and control characters go
    (:func:`ecociv._controls.clean`; a tab too, which would misalign a table).

    >>> md_escape("a|b <script>*x*</script>\n[c](d)")
    'a\\|b &lt;script&gt;\\*x\\*&lt;/script&gt; \\[c\\](d)'
    >>> md_escape("a\u200fb\tc")
    'abc'
    """
    text = html.escape(str(value), quote=False)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _MD_SPECIAL.sub(r"\\\1", clean(text).replace("\t", ""))


@functools.cache
def _env(markdown: bool) -> jinja2.Environment:
    import jinja2  # noqa: PLC0415  (an optional dependency: the report extra)

    if markdown:
        return jinja2.Environment(
            loader=jinja2.PackageLoader("ecociv.report", "templates"),
            autoescape=False,  # noqa: S701  (Markdown: md_escape escapes every value)
            finalize=md_escape,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ecociv.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["palette"] = [
        (v.value, _svg.COLOURS[v], _svg.DARK_COLOURS[v]) for v in Verdict
    ]
    return env


def _render(name: str, **context: Any) -> str:
    from ecociv._version import __version__  # noqa: PLC0415

    env = _env(markdown=name.endswith(".md.j2"))
    return env.get_template(name).render(version=__version__, **context)


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
    view = _with_account(
        assessment, assessment_view(assessment, standard, check_lang(lang))
    )
    title = f"{assessment.region.name} {assessment.year} · {view['title']}"
    view.pop("lang")
    return _page(
        "_assessment.html.j2",
        title,
        lang,
        fragment=fragment,
        **view,
    )


def to_markdown(
    assessment: Assessment, *, standard: Standard | None = None, lang: str = "zh"
) -> str:
    """Return an assessment as Markdown, for pasting into documents.

    It holds what :func:`to_html` shows, except sparklines.
    """
    view = _with_account(
        assessment, assessment_view(assessment, standard, check_lang(lang))
    )
    return _render("assessment.md.j2", **view)


def _with_account(result: Any, view: dict[str, Any]) -> dict[str, Any]:
    """Add what the report says of the data (account, warnings) to a view."""
    return view | account_view(result.account, result.warnings, view["lang"])


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


def _table(table: Any) -> Comparison:
    """Return a comparison of a table, a batch result, records or a DataFrame."""
    table = as_result(table)
    return table if isinstance(table, Comparison) else Comparison.from_records(table)


def comparison_html(
    table: Comparison | Any,
    *,
    lang: str = "zh",
    title: str = "",
    fragment: bool = False,
) -> str:
    """Return a comparison as HTML: requirements down, regions across.

    Below the requirements, one row per standard gives each region's score
    (binding met / binding judged, and the rank: see
    :class:`ecociv.analysis.Score`), and eligibility where the table knows it.

    Args:
        table: A :class:`~ecociv.report.Comparison`, a batch result, or
            records / a DataFrame with its columns (see
            :class:`~ecociv.report.Row`).
        lang: ``"zh"`` or ``"en"``.
        title: A heading for the page.
        fragment: Return a ``<div>`` (for a notebook) instead of a page.
    """
    table = _table(table)
    view = comparison_view(table, lang)
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
    table = _table(table)
    return _render("comparison.md.j2", **comparison_view(table, lang))


def side_by_side_html(
    sbs: SideBySide, *, lang: str = "zh", fragment: bool = True
) -> str:
    """Return one region under several standards as HTML: standards across.

    Rows are matched through the crosswalk (see
    :func:`ecociv.compare_versions`); each cell shows the verdict, the
    requirement id and the distance, and the last rows each standard's
    counts and eligibility.
    """
    view = side_by_side_view(sbs, check_lang(lang))
    view.pop("lang")
    return _page(
        "_side_by_side.html.j2", view["title"], lang, fragment=fragment, **view
    )


def side_by_side_markdown(sbs: SideBySide, *, lang: str = "zh") -> str:
    """Return one region under several standards as a Markdown table."""
    return _render("side_by_side.md.j2", **side_by_side_view(sbs, check_lang(lang)))
