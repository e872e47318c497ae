"""The ``ecociv`` command line: a thin layer over the library.

Exit status: 0 when the command did its job (whatever the verdicts), 2 when
the input is bad (one line on stderr, no traceback), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ecociv import _wire, standards
from ecociv._engine import Assessment, assess
from ecociv._observations import Observations
from ecociv._region import Region
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

    s = sub.add_parser("standards", help="list or show bundled standards")
    ssub = s.add_subparsers(dest="action", required=True)
    ls = ssub.add_parser("list", help="list the bundled standards")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    show = ssub.add_parser("show", help="show one standard's requirements")
    show.add_argument("id", help="a bundled id, or the path of a .toml standard file")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.add_argument("--lang", choices=("zh", "en"), default="zh")

    a = sub.add_parser("assess", help="judge one region's data against a standard")
    a.add_argument("data", help="CSV file, long or wide form")
    a.add_argument("--standard", required=True, help="bundled id or .toml file")
    a.add_argument("--region", required=True, help="6-digit region code, e.g. 330683")
    a.add_argument("--year", required=True, type=int, help="assessment year")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.add_argument("--lang", choices=("zh", "en"), default="zh")
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


def _standard(ref: str) -> Standard:
    if ref.endswith(".toml") or Path(ref).is_file():
        return standards.load_file(ref)
    return standards.load(ref)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "standards":
            return _standards(args)
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


def _standards(args: argparse.Namespace) -> int:
    if args.action == "list":
        rows = [standards.load(i) for i in standards.bundled_ids()]
        if args.format == "json":
            print(
                json.dumps(
                    [
                        {
                            "id": s.id,
                            "title_zh": s.title_zh,
                            "title_en": s.title_en,
                            "document_number": s.document_number,
                            "level": s.level.value,
                            "issued": s.issued.isoformat() if s.issued else None,
                            "completeness": s.completeness.value,
                            "requirements": len(s.requirements),
                        }
                        for s in rows
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for s in rows:
                print(
                    f"{s.id:<20} {s.document_number:<20} {s.level.value:<7} "
                    f"{len(s.requirements):>3} requirements  {s.completeness.value:<9} "
                    f"{s.title_zh}"
                )
        return 0
    std = _standard(args.id)
    if args.format == "json":
        print(_wire.to_json(std))
        return 0
    print(f"{std.title_zh} ({std.document_number})\n{std.title_en}")
    print(
        f"id {std.id}, level {std.level.value}, completeness {std.completeness.value}"
    )
    for req in std.requirements:
        ind = next(i for i in std.indicators if i.id == req.indicator)
        kind = "约束" if req.binding else "参考"
        if args.lang == "en":
            kind = "binding" if req.binding else "reference"
        name = ind.label(args.lang)
        print(
            f"  {req.id:<5} [{kind}] {name} ({ind.unit}): {req.target_text}"
            f"  [{req.confidence.value}; {', '.join(req.sources)}]"
        )
    return 0


def _assess(args: argparse.Namespace) -> int:
    std = _standard(args.standard)
    region = Region.from_code(args.region)
    policy = TrendPolicy(
        window=args.window,
        comparison=Comparison(args.comparison),
        tolerance=args.tolerance,
    )
    data = Observations.from_csv(args.data, std)
    result = assess(std, region, data, args.year, policy=policy)
    if args.format == "json":
        print(_wire.to_json(result))
    else:
        print(render_text(result, lang=args.lang))
    return 0


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
