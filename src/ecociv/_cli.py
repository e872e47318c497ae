"""The ``ecociv`` command line: a thin layer over the library.

Exit status: 0 when the command did its job (whatever the verdicts), 2 when
the input is bad (one line on stderr, no traceback), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence

from ecociv import _cli_compare, _cli_report, _cli_standards, _wire
from ecociv._cli_standards import load_ref
from ecociv._engine import Assessment, assess
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv._side_by_side import SideBySide, compare_versions
from ecociv.errors import EcocivError
from ecociv.rules import Comparison, TrendPolicy, Verdict
from ecociv.standards import Standard


__all__ = ["main"]

_MARK = {
    Verdict.MET: "✔",
    Verdict.NOT_MET: "✘",
    Verdict.NOT_APPLICABLE: "–",
    Verdict.INSUFFICIENT_DATA: "?",
    Verdict.NOT_YET_DUE: "…",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ecociv",
        description="Judge regions against eco-civilization indicator standards.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    _cli_standards.add_parser(sub)
    _cli_report.add_parser(sub)
    _cli_compare.add_parser(sub)

    a = sub.add_parser(
        "assess", help="judge one region's data against standards or plans"
    )
    a.add_argument("data", help="CSV file, long or wide form")
    a.add_argument(
        "--standard",
        action="append",
        default=[],
        help="bundled id or .toml file; repeat to judge under several versions",
    )
    a.add_argument(
        "--plan", action="append", default=[], help="bundled plan id or .toml file"
    )
    a.add_argument("--region", required=True, help="6-digit region code, e.g. 330683")
    a.add_argument("--year", required=True, type=int, help="assessment year")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.add_argument("--lang", choices=("zh", "en"), default="zh")
    a.add_argument(
        "--html",
        metavar="PATH",
        help="also write the self-contained HTML report there (needs ecociv[report])",
    )
    a.add_argument(
        "--window", type=int, default=3, help="trend window in years (default 3)"
    )
    a.add_argument(
        "--comparison",
        choices=[c.value for c in Comparison],
        default=Comparison.CONSECUTIVE.value,
        help="trend comparison (default consecutive)",
    )
    a.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        help="trend tolerance for 'stable' (default 0)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "standards":
            return _cli_standards.run(args)
        if args.command == "report":
            return _cli_report.run(args)
        if args.command == "compare":
            return _cli_compare.run(args)
        return _assess(args)
    except EcocivError as exc:
        first = str(exc).splitlines()
        print(f"ecociv: error: {first[0]}", file=sys.stderr)
        for line in first[1:]:
            print(line, file=sys.stderr)
        return 2
    except ValueError as exc:  # bad option values (a negative tolerance ...)
        print(f"ecociv: error: {exc}", file=sys.stderr)
        return 2


def _assess(args: argparse.Namespace) -> int:
    refs = [*args.standard, *args.plan]
    if not refs:
        print("ecociv: error: give at least one --standard or --plan", file=sys.stderr)
        return 2
    stds = [load_ref(r) for r in refs]
    region = Region.from_code(args.region)
    policy = TrendPolicy(
        window=args.window,
        comparison=Comparison(args.comparison),
        tolerance=args.tolerance,
    )
    catalog = stds[0].catalog
    for std in stds[1:]:
        catalog = catalog.merged(std.catalog)
    data = Observations.from_csv(args.data, catalog)
    if len(stds) == 1:
        result = assess(stds[0], region, data, args.year, policy=policy)
        if args.format == "json":
            print(_wire.to_json(result))
        else:
            print(render_text(result, lang=args.lang))
        if args.html:
            _write_html(result, stds[0], args.html, args.lang)
        return 0
    if args.html:
        print("ecociv: error: --html takes one --standard or --plan", file=sys.stderr)
        return 2
    sbs = compare_versions(stds, region, data, args.year, policy=policy)
    print(
        _wire.to_json(sbs)
        if args.format == "json"
        else render_side_by_side(sbs, lang=args.lang)
    )
    return 0


def _write_html(result: Assessment, std: Standard, path: str, lang: str) -> None:
    try:
        from ecociv import report  # noqa: PLC0415  (jinja2 is an extra)
    except ImportError as exc:
        msg = "--html needs the report extra: pip install 'ecociv[report]'"
        raise ValueError(msg) from exc
    written = report.write(result, path, standard=std, lang=lang, fmt="html")
    print(f"HTML report written to {written}", file=sys.stderr)


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
            _pad("" if c is None else f"{_MARK[c.verdict]} {c.requirement}", width)
            for c in row.cells
        )
        lines.append(_pad(name + tag, 36) + cells)
    lines.append("")
    for a in sbs.assessments:
        eligible = {True: "yes", False: "no", None: "undetermined"}[a.summary.eligible]
        lines.append(f"{a.standard.id}: eligible {eligible}")
    return "\n".join(lines)


def render_text(a: Assessment, *, lang: str = "zh") -> str:
    """Return an assessment as a plain-text report (``lang`` is zh or en)."""
    zh = lang == "zh"
    s, b, p = a.summary, a.summary.binding, a.policy
    title = a.standard.title_zh if zh else a.standard.title_en
    consecutive = p.comparison is Comparison.CONSECUTIVE
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
            f"{_MARK[j.verdict]} {j.requirement:<5} [{tag}] {j.indicator.label(lang)}: "
            f"{j.verdict.label(lang)}{dist}"
        )
        lines.append(f"      {j.reason(lang)}")
    lines += ["", counts, verdict_line]
    lines += [f"! {problem}" for problem in a.issues]
    return "\n".join(lines)
