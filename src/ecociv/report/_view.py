"""What a report shows, in one language: plain values the templates lay out.

The templates decide the layout; this module decides the content (names in
the chosen language, the grouping by domain and task, the departments and
deadlines of a plan), so the HTML and the Markdown report say the same thing.
"""

from __future__ import annotations

from typing import Any

from ecociv._engine._results import Assessment, Judgement
from ecociv.report import _svg
from ecociv.report._rows import current_value
from ecociv.rules import Verdict
from ecociv.rules._core import fmt
from ecociv.standards import Standard


__all__ = [
    "LEVEL_RULES",
    "TEXT",
    "assessment_view",
    "check_lang",
    "kind_label",
    "level_target",
    "value_text",
]

#: Words of the page furniture, per language.
TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "report": "生态文明建设示范区指标评估报告",
        "summary": "总体情况",
        "eligible": "符合申报条件",
        "binding": "约束性",
        "reference": "参考性",
        "no": "序号",
        "indicator": "指标",
        "kind": "类型",
        "target": "目标值",
        "observed": "现状值",
        "distance": "差距",
        "verdict": "结论",
        "trend": "趋势",
        "reason": "说明",
        "source": "来源 / 可信度",
        "other": "其他指标",
        "reference_block": "参考性指标",
        "policy": "判读口径",
        "departments": "按牵头单位",
        "deadlines": "完成时限",
        "due": "时限",
        "lead": "牵头单位",
        "support": "责任单位",
        "issues": "数据问题",
        "sources": "资料来源",
        "ambiguity": "存疑",
        "provisional": "待核实",
        "provisional_note": (
            "待核实: 仅见于方案引用的指标 (C级), 不单独决定是否符合申报条件"
        ),
        "region": "地区",
        "count": "个数",
        "yes": "是",
        "no_": "否",
        "undetermined": "待定",
        "completeness": "完整性",
        "generated": "由 ecociv 生成",
        "unassigned": "(未指定)",
    },
    "en": {
        "report": "Eco-civilization demonstration zone indicator report",
        "summary": "Summary",
        "eligible": "Eligible",
        "binding": "binding",
        "reference": "reference",
        "no": "No.",
        "indicator": "Indicator",
        "kind": "Type",
        "target": "Target",
        "observed": "Values",
        "distance": "Distance",
        "verdict": "Verdict",
        "trend": "Trend",
        "reason": "Reason",
        "source": "Source / confidence",
        "other": "Other requirements",
        "reference_block": "Reference indicators",
        "policy": "Reading policy",
        "departments": "By lead department",
        "deadlines": "Deadlines",
        "due": "Due",
        "lead": "Lead",
        "support": "Support",
        "issues": "Data issues",
        "sources": "Sources",
        "ambiguity": "Open question",
        "provisional": "provisional",
        "provisional_note": (
            "provisional (待核实): known only from a plan's quotation (grade C), "
            "never enough on its own for eligibility"
        ),
        "region": "Region",
        "count": "Count",
        "yes": "yes",
        "no_": "no",
        "undetermined": "undetermined",
        "completeness": "Completeness",
        "generated": "Made with ecociv",
        "unassigned": "(unassigned)",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is ``"zh"`` or ``"en"``.

    Raises:
        ValueError: For any other language.
    """
    if lang not in TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


def value_text(value: float | bool | None, unit: str, lang: str) -> str:
    """Return a value with its unit as a reader writes it.

    >>> value_text(26.0, "μg/m³", "zh"), value_text(True, "-", "en")
    ('26 μg/m³', 'yes')
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return TEXT[lang]["yes" if value else "no_"]
    return fmt(value) if unit in ("", "-") else f"{fmt(value)} {unit}"


def kind_label(binding: bool, provisional: bool, lang: str) -> str:
    """Return a row's kind in words: binding or reference, and provisional (待核实).

    >>> kind_label(True, True, "zh"), kind_label(False, False, "en")
    ('约束性·待核实', 'reference')
    """
    word = TEXT[lang]["binding" if binding else "reference"]
    return f"{word}·{TEXT[lang]['provisional']}" if provisional else word


#: Rule kinds whose target is a level of the indicator (not a change or rate).
LEVEL_RULES = frozenset({"threshold", "assigned_target"})


def level_target(j: Judgement) -> float | None:
    """Return the judgement's target if it is a level the series can be drawn against.

    A change (△EQI > -1) or a trend has a target on another scale: a
    difference, not a value; those are not drawn.
    """
    if j.target is None:
        return None
    if j.outcome.rule in LEVEL_RULES:
        return j.target
    for part in j.parts:
        for o in part.walk():
            if o.rule in LEVEL_RULES and o.target == j.target:
                return j.target
    return None


def _standard_for(a: Assessment, standard: Standard | None) -> Standard | None:
    if standard is not None:
        return standard
    from ecociv import standards  # noqa: PLC0415

    if a.standard.id in standards.bundled_ids():
        return standards.load(a.standard.id)
    return None


def _row(
    a: Assessment, j: Judgement, std: Standard | None, lang: str
) -> dict[str, Any]:
    own = current_value(j, a.year)
    points = _svg.series(j)
    shown = points[-3:] if len(points) > 1 else []
    lines = (
        [f"{yr}: {value_text(v, j.indicator.unit, lang)}" for yr, v in shown]
        if shown
        else [value_text(own, j.indicator.unit, lang)]
    )
    src = {s.key: s.title for s in std.sources} if std else {}
    return {
        "id": j.id,
        "number": j.requirement.number,
        "name": j.indicator.label(lang),
        "other_name": j.indicator.label("en" if lang == "zh" else "zh"),
        "binding": j.binding,
        "provisional": j.requirement.provisional,
        "kind": kind_label(j.binding, j.requirement.provisional, lang),
        "target": j.requirement.target_text,
        "unit": j.unit if j.unit != "-" else "",
        "observed": "; ".join(lines),
        "observed_lines": lines,
        "distance": "" if j.distance is None else f"{j.distance:+.4g}",
        "verdict": j.verdict.value,
        "verdict_label": j.verdict.label(lang),
        "colours": _svg.COLOURS[j.verdict],
        "spark": _svg.sparkline(points, target=level_target(j), verdict=j.verdict),
        "reason": j.reason(lang),
        "sources": [(k, src.get(k, "")) for k in j.requirement.sources],
        "confidence": j.requirement.confidence.value,
        "ambiguities": list(j.requirement.ambiguities),
        "due": j.requirement.due,
        "lead": list(j.requirement.lead),
        "support": list(j.requirement.support),
    }


_OTHER = "\x00other"


def _groups(
    a: Assessment, rows: list[dict[str, Any]], std: Standard | None, lang: str
) -> list[dict[str, Any]]:
    """Group rows by domain, then task, in the standard's order."""

    def name(obj: Any, fallback: str) -> str:
        return str(getattr(obj, lang, "") or fallback) if obj else fallback

    domains = {d.id: d for d in std.domains} if std else {}
    tasks = {t.id: t for t in std.tasks} if std else {}
    out: list[dict[str, Any]] = []
    for j, row in zip(a.judgements, rows, strict=True):
        dom = name(
            domains.get(j.requirement.domain or ""), j.requirement.domain or _OTHER
        )
        task = name(tasks.get(j.requirement.task or ""), j.requirement.task or "")
        if not out or out[-1]["name"] != dom:
            out.append({"name": dom, "tasks": []})
        dtasks = out[-1]["tasks"]
        if not dtasks or dtasks[-1]["name"] != task:
            dtasks.append({"name": task, "rows": []})
        dtasks[-1]["rows"].append(row)
    for group in out:
        if group["name"] == _OTHER:
            rows_ = [r for t in group["tasks"] for r in t["rows"]]
            key = "reference_block" if not any(r["binding"] for r in rows_) else "other"
            group["name"] = TEXT[lang][key]
    return out


def _departments(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Group rows by lead department, in first-seen order; unassigned rows last."""
    by: dict[str, list[dict[str, Any]]] = {}
    unassigned: list[dict[str, Any]] = []
    for row in rows:
        for dept in row["lead"]:
            by.setdefault(dept, []).append(row)
        if not row["lead"]:
            unassigned.append(row)
    groups = [{"name": k, "rows": v} for k, v in by.items()]
    if unassigned:
        groups.append({"name": TEXT[lang]["unassigned"], "rows": unassigned})
    return groups


def _counts(a: Assessment, lang: str) -> list[dict[str, Any]]:
    s = a.summary
    return [
        {
            "verdict": v.value,
            "label": v.label(lang),
            "colours": _svg.COLOURS[v],
            "binding": getattr(s.binding, v.value),
            "reference": getattr(s.reference, v.value),
        }
        for v in Verdict
    ]


def _policy(a: Assessment, lang: str) -> str:
    return a.policy.describe(lang)


def eligible_word(value: bool | None, lang: str) -> str:
    """Return the word for an eligibility in ``lang``: yes, no, or undetermined (None).

    >>> eligible_word(None, "zh"), eligible_word(True, "en")
    ('待定', 'yes')
    """
    t = TEXT[lang]
    return {True: t["yes"], False: t["no_"], None: t["undetermined"]}[value]


def eligibility(value: bool | None, lang: str) -> dict[str, str]:
    """Return an eligibility's word and the verdict its badge is coloured as."""
    badge = {True: "met", False: "not_met", None: "insufficient_data"}[value]
    return {"eligible": eligible_word(value, lang), "eligible_value": badge}


def assessment_view(
    a: Assessment, standard: Standard | None, lang: str
) -> dict[str, Any]:
    """Return everything a report of ``a`` shows, in ``lang``."""
    std = _standard_for(a, standard)
    rows = [_row(a, j, std, lang) for j in a.judgements]
    t = TEXT[lang]
    plan = any(r["lead"] or r["support"] or r["due"] for r in rows)
    return {
        "t": t,
        "lang": lang,
        "title": a.standard.title_zh if lang == "zh" else a.standard.title_en,
        "standard": a.standard,
        "region": a.region,
        "year": a.year,
        "policy": _policy(a, lang),
        **eligibility(a.summary.eligible, lang),
        "counts": _counts(a, lang),
        "groups": _groups(a, rows, std, lang),
        "plan": plan,
        "departments": _departments(rows, lang) if plan else [],
        "deadlines": sorted(
            (r for r in rows if r["due"] is not None), key=lambda r: r["due"]
        ),
        "issues": [str(p) for p in a.issues],
        "provisional": any(r["provisional"] for r in rows),
        "sources": list(std.sources) if std else [],
    }
