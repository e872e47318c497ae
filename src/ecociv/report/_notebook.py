"""Small HTML tables for notebooks: a batch result, a data set.

A notebook shows the last value of a cell; for a run over 3,000 regions or a
national data file the whole table would be a wall. These views show what a
reader checks first, in a few rows each: for a batch result, the share of
regions meeting each requirement and the best-scoring regions; for a data
set, what it holds per indicator and the first problems met while reading.
Each table says how many rows it leaves out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecociv.analysis import scores, share_meeting
from ecociv.report._account import ACCOUNT_WORDS, account_lines, warning_lines
from ecociv.report._compare import WORDS
from ecociv.report._view import TEXT, check_lang


if TYPE_CHECKING:
    import numpy as np

    from ecociv._observations import Observations
    from ecociv.batch import BatchResult
else:
    from ecociv._lazy import numpy as np


__all__ = ["batch_html", "observations_html"]

#: Words of these views, per language.
NOTEBOOK: dict[str, dict[str, str]] = {
    "zh": {
        "by_requirement": "各指标达标情况",
        "best": "得分最高的地区",
        "met": "达标",
        "not_met": "未达标",
        "not_applicable": "不涉及",
        "insufficient_data": "数据不足",
        "share": "达标率",
        "more": "另有 {n} 行未显示",
        "observations": "观测值",
        "regions": "地区数",
        "years": "年份",
        "unit": "单位",
        "issues": "读取问题",
    },
    "en": {
        "by_requirement": "Requirements met",
        "best": "Best-scoring regions",
        "met": "met",
        "not_met": "not met",
        "not_applicable": "n/a",
        "insufficient_data": "no data",
        "share": "share met",
        "more": "{n} more rows not shown",
        "observations": "observations",
        "regions": "regions",
        "years": "years",
        "unit": "unit",
        "issues": "Problems met while reading",
    },
}


def _names(lang: str) -> dict[str, str]:
    from ecociv.standards import shared_indicators  # noqa: PLC0415

    return {i.id: i.label(lang) for i in shared_indicators()}


def batch_html(result: BatchResult, *, lang: str = "zh", limit: int = 12) -> str:
    """Return a batch result as a notebook fragment: shares met, the best regions.

    Args:
        result: What :func:`ecociv.assess_many` returned.
        lang: ``"zh"`` or ``"en"``.
        limit: Rows shown per table; the rest are counted, not shown.
    """
    from ecociv.report._html import _page  # noqa: PLC0415  (jinja2 on first use)

    t, n = TEXT[check_lang(lang)], NOTEBOOK[lang]
    names = {i.id: i.label(lang) for s in result.standards for i in s.indicators}
    shares = [
        {
            "standard": s.standard,
            "year": s.year,
            "requirement": s.requirement,
            "name": names.get(s.indicator, s.indicator),
            "kind": t["binding" if s.binding else "reference"],
            "binding": s.binding,
            "counts": (s.met, s.not_met, s.not_applicable, s.insufficient_data),
            "share": "—" if s.share is None else f"{s.share:.0%}",
        }
        for s in share_meeting(result)
    ]
    ranked = [s for s in scores(result) if s.rank is not None]
    ranked.sort(key=lambda s: (s.rank or 0, s.standard, s.year))
    best = [
        {
            "rank": s.rank,
            "region": s.region,
            "name": s.region_name,
            "standard": s.standard,
            "year": s.year,
            "score": s.text(lang),
        }
        for s in ranked[:limit]
    ]
    return _page(
        "_batch.html.j2",
        "ecociv",
        lang,
        fragment=True,
        t=t,
        n=n,
        w=WORDS[lang],
        w_account=ACCOUNT_WORDS[lang],
        caption=repr(result),
        data=account_lines(result.account, lang),
        warnings=warning_lines(result.warnings)[:limit],
        shares=shares[:limit],
        more_shares=max(len(shares) - limit, 0),
        best=best,
        more_best=max(len(ranked) - limit, 0),
    )


def observations_html(data: Observations, *, lang: str = "zh", limit: int = 12) -> str:
    """Return a data set as a notebook fragment: what it holds per indicator, problems.

    Args:
        data: The observations.
        lang: ``"zh"`` or ``"en"``.
        limit: Rows shown per table; the rest are counted, not shown.
    """
    from ecociv.report._html import _page  # noqa: PLC0415  (jinja2 on first use)

    t, n = TEXT[check_lang(lang)], NOTEBOOK[lang]
    table = data.table
    names = _names(lang)
    rows: list[dict[str, Any]] = []
    for k, ind in enumerate(table.indicators):
        mine = table.indicator == k
        if not mine.any():
            continue
        years = table.year[mine]
        units = sorted({table.units[u] for u in np.unique(table.unit[mine])})
        rows.append(
            {
                "id": ind,
                "name": names.get(ind, ""),
                "count": int(mine.sum()),
                "regions": len(np.unique(table.region[mine])),
                "years": f"{int(years.min())}–{int(years.max())}",
                "unit": ", ".join(u for u in units if u != "-"),
            }
        )
    return _page(
        "_observations.html.j2",
        "ecociv",
        lang,
        fragment=True,
        t=t,
        n=n,
        caption=repr(data),
        rows=rows[:limit],
        more_rows=max(len(rows) - limit, 0),
        issues=[str(p) for p in data.issues[:limit]],
        more_issues=max(len(data.issues) - limit, 0),
    )
