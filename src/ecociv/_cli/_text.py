"""Results as plain text for a terminal: one region, under one or several standards."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ecociv._account import InputAccount
from ecociv._engine import Assessment, SideBySide
from ecociv.errors import DataProblem
from ecociv.report._account import account_lines, warning_lines
from ecociv.rules import TrendComparison, Verdict


__all__ = ["MARKS", "data_lines", "render_side_by_side", "render_text"]

#: One mark per verdict, at the start of each line.
MARKS = {
    Verdict.MET: "✔",
    Verdict.NOT_MET: "✘",
    Verdict.NOT_APPLICABLE: "–",
    Verdict.INSUFFICIENT_DATA: "?",
    Verdict.NOT_YET_DUE: "…",
}


def _pad(text: str, width: int) -> str:
    """Pad to a display width, counting CJK characters as two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 1)


def render_side_by_side(sbs: SideBySide, *, lang: str = "zh") -> str:
    """Return one region under several standards as a plain-text table."""
    head = sbs.assessments[0]
    lines = [f"{head.region.name} ({head.region.code}) · {head.year}", ""]
    width = max(len(s) for s in sbs.standards) + 2
    lines.append(_pad("", 36) + "".join(_pad(s, width) for s in sbs.standards))
    for row in sbs.rows:
        first = next(c for c in row.cells if c is not None)
        name = first.indicator.label(lang)
        if len(name) > 16:
            name = name[:15] + "…"
        tag = f" [{row.relation}]" if row.relation != "same" else ""
        cells = "".join(
            _pad("" if c is None else f"{MARKS[c.verdict]} {c.id}", width)
            for c in row.cells
        )
        lines.append(_pad(name + tag, 36) + cells)
    lines.append("")
    for a in sbs.assessments:
        eligible = {True: "yes", False: "no", None: "undetermined"}[a.summary.eligible]
        lines.append(f"{a.standard.id}: eligible {eligible}")
    warnings = dict.fromkeys(w for a in sbs.assessments for w in a.warnings)
    lines += data_lines(head.account, warnings, lang)
    return "\n".join(lines)


def render_text(a: Assessment, *, lang: str = "zh") -> str:
    """Return an assessment as a plain-text report (``lang`` is zh or en)."""
    zh = lang == "zh"
    s, b, p = a.summary, a.summary.binding, a.policy
    title = a.standard.title_zh if zh else a.standard.title_en
    consecutive = p.comparison is TrendComparison.CONSECUTIVE
    if zh:
        how = "逐年比较" if consecutive else "首末年比较"
        policy = f"趋势口径: 窗口{p.window}年, {how}, 容差{p.tolerance:g}"
        counts = (
            f"约束性指标: 达标 {b.met}, 未达标 {b.not_met}, 不涉及 {b.not_applicable}, "
            f"数据不足 {b.insufficient_data}; "
            f"参考性指标达标 {s.reference.met}/{s.reference.total}"
        )
        eligible = {True: "是", False: "否", None: "待定"}[s.eligible]
        verdict_line = f"符合申报条件: {eligible}"
    else:
        policy = (
            f"trend policy: window {p.window} years, {p.comparison.value}, "
            f"tolerance {p.tolerance:g}"
        )
        counts = (
            f"binding: {b.met} met, {b.not_met} not met, "
            f"{b.not_applicable} not applicable, {b.insufficient_data} insufficient "
            f"data; reference met {s.reference.met}/{s.reference.total}"
        )
        eligible = {True: "yes", False: "no", None: "undetermined"}[s.eligible]
        verdict_line = f"eligible: {eligible}"
    header = f"{a.region.name} ({a.region.code}) · {a.year} · {title}"
    lines = [f"{header} ({a.standard.document_number})", policy, ""]
    for j in a.judgements:
        tag = ("约束" if j.binding else "参考") if zh else ("B" if j.binding else "R")
        dist = "" if j.distance is None else f"  Δ {j.distance:+.4g}"
        lines.append(
            f"{MARKS[j.verdict]} {j.id:<5} [{tag}] {j.indicator.label(lang)}: "
            f"{j.verdict.label(lang)}{dist}"
        )
        lines.append(f"      {j.reason(lang)}")
    lines += ["", counts, verdict_line]
    lines += [f"! {problem}" for problem in a.issues]
    lines += data_lines(a.account, a.warnings, lang)
    return "\n".join(lines)


def data_lines(
    account: InputAccount | None, warnings: Iterable[DataProblem], lang: str
) -> list[str]:
    """Return the input account and the warnings as text lines (none for neither)."""
    note = "注意" if lang == "zh" else "warning"
    lines = account_lines(account, lang)
    lines += [f"{note}: {w}" for w in warning_lines(warnings)]
    return ["", *lines] if lines else []
