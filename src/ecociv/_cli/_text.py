"""Results as plain text for a terminal: one region, under one or several standards."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ecociv._account import InputAccount
from ecociv._engine import Assessment, Judgement
from ecociv.errors import DataProblem
from ecociv.report._account import account_lines, warning_lines
from ecociv.report._view import eligible_word
from ecociv.rules import Verdict


if TYPE_CHECKING:
    from ecociv._engine import SideBySide


__all__ = ["MARKS", "PROVISIONAL", "data_lines", "render_side_by_side", "render_text"]

#: One mark per verdict, at the start of each line.
MARKS = {
    Verdict.MET: "✔",
    Verdict.NOT_MET: "✘",
    Verdict.NOT_APPLICABLE: "–",
    Verdict.INSUFFICIENT_DATA: "?",
    Verdict.NOT_YET_DUE: "…",
}


#: The mark of a provisional requirement (待核实) in a side-by-side cell.
PROVISIONAL = "†"


def _dagger(j: Judgement) -> str:
    return PROVISIONAL if j.requirement.provisional else ""


def _provisional_words(lang: str) -> str:
    if lang == "zh":
        return "待核实: 仅见于方案引用的指标 (C级), 不单独决定是否符合申报条件"
    return (
        "provisional (待核实): known only from a plan's quotation (grade C), never "
        "enough on its own for eligibility"
    )


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
            _pad("" if c is None else f"{MARKS[c.verdict]} {c.id}{_dagger(c)}", width)
            for c in row.cells
        )
        lines.append(_pad(name + tag, 36) + cells)
    lines.append("")
    if any(c is not None and _dagger(c) for row in sbs.rows for c in row.cells):
        lines += [f"{PROVISIONAL} {_provisional_words(lang)}", ""]
    for a in sbs.assessments:
        said = "符合申报条件" if lang == "zh" else "eligible"
        word = eligible_word(a.summary.eligible, lang)
        lines.append(f"{a.standard.id}: {said} {word}")
    warnings = dict.fromkeys(w for a in sbs.assessments for w in a.warnings)
    lines += data_lines(head.account, warnings, lang)
    return "\n".join(lines)


def render_text(a: Assessment, *, lang: str = "zh") -> str:
    """Return an assessment as a plain-text report (``lang`` is zh or en)."""
    zh = lang == "zh"
    s, b, p = a.summary, a.summary.binding, a.policy
    title = a.standard.title_zh if zh else a.standard.title_en
    if zh:
        policy = f"判读口径: {p.describe('zh')}"
        counts = (
            f"约束性指标: 达标 {b.met}, 未达标 {b.not_met}, 不涉及 {b.not_applicable}, "
            f"数据不足 {b.insufficient_data}; "
            f"参考性指标达标 {s.reference.met}/{s.reference.total}"
        )
        eligible = eligible_word(s.eligible, "zh")
        verdict_line = f"符合申报条件: {eligible}"
    else:
        policy = f"reading policy: {p.describe('en')}"
        counts = (
            f"binding: {b.met} met, {b.not_met} not met, "
            f"{b.not_applicable} not applicable, {b.insufficient_data} insufficient "
            f"data; reference met {s.reference.met}/{s.reference.total}"
        )
        eligible = eligible_word(s.eligible, "en")
        verdict_line = f"eligible: {eligible}"
    header = f"{a.region.name} ({a.region.code}) · {a.year} · {title}"
    lines = [f"{header} ({a.standard.document_number})", policy, ""]
    for j in a.judgements:
        tag = ("约束" if j.binding else "参考") if zh else ("B" if j.binding else "R")
        if j.requirement.provisional:
            tag += "·待核实" if zh else ", provisional"
        dist = "" if j.distance is None else f"  Δ {j.distance:+.4g}"
        lines.append(
            f"{MARKS[j.verdict]} {j.id:<5} [{tag}] {j.indicator.label(lang)}: "
            f"{j.verdict.label(lang)}{dist}"
        )
        lines.append(f"      {j.reason(lang)}")
    lines += ["", counts, verdict_line]
    if any(j.requirement.provisional for j in a.judgements):
        lines.append(_provisional_words(lang))
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
