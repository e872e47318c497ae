"""What a report of many shows: regions compared, a region under several standards.

As :mod:`ecociv.report._view` does for one assessment, this module decides
the content (labels in the chosen language, the score rows, the cells) and
the templates lay it out, so the HTML and the Markdown say the same thing.
"""

from __future__ import annotations

from typing import Any

from ecociv._engine import SideBySide
from ecociv.analysis._score import Score
from ecociv.report._account import account_view
from ecociv.report._table import Comparison
from ecociv.report._view import TEXT, eligibility, value_text


__all__ = ["WORDS", "comparison_view", "side_by_side_view"]

#: Words of the comparison's score rows, per language.
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "score": "约束性指标达标",
        "reference_score": "参考性指标达标",
        "rank": "排名",
        "eligible": "符合申报条件",
        "standard": "标准",
        "not_in": "(无此项)",
    },
    "en": {
        "score": "Binding met",
        "reference_score": "Reference met",
        "rank": "Rank",
        "eligible": "Eligible",
        "standard": "Standard",
        "not_in": "(not in this standard)",
    },
}


def _score_cell(s: Score | None, lang: str) -> dict[str, str]:
    if s is None:
        return {"text": "", "rank": "", "reference": "", "eligible": ""}
    ref = s.reference_share
    return {
        "text": s.text(lang),
        "rank": "" if s.rank is None else str(s.rank),
        "reference": ""
        if ref is None
        else f"{s.reference.met}/{s.reference_judged} ({ref:.0%})",
        "eligible": "",
    }


def _score_rows(table: Comparison, lang: str) -> list[dict[str, Any]]:
    """Return, per standard, each region column's score, rank and eligibility."""
    scores = {(s.region, s.standard, s.year): s for s in table.scores()}
    eligible = table.eligible()
    standards = list(dict.fromkeys(r.standard for r in table.rows))
    out = []
    for std in standards:
        cells = []
        for code, year, _ in table.regions():
            cell = _score_cell(scores.get((code, std, year)), lang)
            if (code, std, year) in eligible:
                cell |= eligibility(eligible[(code, std, year)], lang)
            cells.append(cell)
        out.append({"standard": std, "cells": cells, "eligible": bool(eligible)})
    return out


def comparison_view(table: Comparison, lang: str) -> dict[str, Any]:
    """Return everything a comparison report shows, in ``lang``."""
    t = TEXT[lang]
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
    return {
        "t": t,
        "w": WORDS[lang],
        "lang": lang,
        "regions": regions,
        "requirements": requirements,
        "scores": _score_rows(table, lang),
        "several": len({r.standard for r in table.rows}) > 1,
        **account_view(table.account, table.warnings, lang),
    }


def side_by_side_view(sbs: SideBySide, lang: str) -> dict[str, Any]:
    """Return everything a side-by-side report shows, in ``lang``."""
    t = TEXT[lang]
    head = sbs.assessments[0]
    rows = []
    for row in sbs.rows:
        first = next(c for c in row.cells if c is not None)
        rows.append(
            {
                "name": first.indicator.label(lang),
                "relation": "" if row.relation == "same" else row.relation,
                "cells": [
                    None
                    if c is None
                    else {
                        "id": c.id,
                        "verdict": c.verdict.value,
                        "label": c.verdict.label(lang),
                        "binding": c.binding,
                        "distance": "" if c.distance is None else f"{c.distance:+.4g}",
                    }
                    for c in row.cells
                ],
            }
        )
    standards = []
    for a in sbs.assessments:
        score = Score.of(
            a.region.code,
            a.standard.id,
            a.year,
            a.summary.binding,
            a.summary.reference,
        )
        standards.append(
            {
                "id": a.standard.id,
                "title": a.standard.title_zh if lang == "zh" else a.standard.title_en,
                "counts": score.text(lang),
                **eligibility(a.summary.eligible, lang),
            }
        )
    return {
        "t": t,
        "w": WORDS[lang],
        "lang": lang,
        "title": f"{head.region.name} ({head.region.code}) · {head.year}",
        "standards": standards,
        "rows": rows,
        **account_view(
            head.account,
            dict.fromkeys(w for a in sbs.assessments for w in a.warnings),
            lang,
        ),
    }
