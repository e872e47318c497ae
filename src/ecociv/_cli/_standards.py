"""``ecociv standards ...``: list, show, diff, validate, in-force."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ecociv import standards
from ecociv._cli import _options
from ecociv._cli._args import load_ref
from ecociv.standards import DocumentKind, Standard


__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Add the ``standards`` command and its actions."""
    s = sub.add_parser(
        "standards", help="list, show, compare and check standards and plans"
    )
    ssub = s.add_subparsers(dest="action", required=True)
    ls = ssub.add_parser("list", help="list the bundled standards and plans")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    show = ssub.add_parser("show", help="show one standard's requirements")
    show.add_argument("id", help="a bundled id, or the path of a .toml standard file")
    show.add_argument("--format", choices=("text", "json"), default="text")
    _options.add_lang(show)
    d = ssub.add_parser("diff", help="what changed between two standards")
    d.add_argument("old", help="the earlier standard (id or .toml file)")
    d.add_argument("new", help="the later standard (id or .toml file)")
    d.add_argument("--format", choices=("text", "json"), default="text")
    v = ssub.add_parser(
        "validate", help="check a standard or plan file; list every problem"
    )
    v.add_argument("file", help="a .toml standard or plan file")
    f = ssub.add_parser("in-force", help="which standards applied on a date")
    f.add_argument("--on", required=True, help="date, ISO form (2021-06-30)")
    f.add_argument("--level", choices=("county", "city"), required=True)
    f.add_argument("--province", help="6-digit province code, for provincial standards")
    f.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    """Run a ``standards`` action; return the exit status.

    A reader that stops early (``ecociv standards diff A B | head``) ends the
    output quietly: the rest is thrown away, and the status is 0.
    """
    try:
        status = int(_ACTIONS[args.action](args))
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at nothing, so that the flush at exit does not fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
    return status


def _summary(s: Standard) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "title_zh": s.title_zh,
        "title_en": s.title_en,
        "document_number": s.document_number,
        "level": s.level.value,
        "province": s.province,
        "region": s.region,
        "extends": s.extends,
        "supersedes": s.supersedes,
        "issued": s.issued.isoformat() if s.issued else None,
        "year": s.effective_year,
        "completeness": s.completeness.value,
        "requirements": len(s.requirements),
        "provisional": len(s.provisional()),
        "missing": len(s.missing),
    }


def _list(args: argparse.Namespace) -> int:
    rows = [standards.load(i) for i in standards.bundled_ids()]
    if args.format == "json":
        print(
            json.dumps(
                [_summary(s) for s in rows],
                ensure_ascii=False,
                indent=2,
                allow_nan=False,
            )
        )
        return 0
    for kind in DocumentKind:
        group = [s for s in rows if s.kind is kind]
        print("standards:" if kind is DocumentKind.STANDARD else "\nplans:")
        for s in group:
            n = len(s.provisional())
            extra = f" ({n} provisional)" if n else ""
            print(
                f"  {s.id:<22} {s.document_number or '-':<22} {s.level.value:<16}"
                f"{len(s.requirements):>3} requirements{extra}  "
                f"{s.completeness.value:<9} {s.title_zh}"
            )
    return 0


def _show(args: argparse.Namespace) -> int:
    std = load_ref(args.id)
    if args.format == "json":
        from ecociv import _wire  # noqa: PLC0415  (cattrs on first use)

        print(_wire.to_json(std))
        return 0
    print(f"{std.title_zh} ({std.document_number})\n{std.title_en}")
    print(
        f"id {std.id}, level {std.level.value}, completeness {std.completeness.value}"
    )
    units = {i.id: i for i in std.indicators}
    for req in std.requirements:
        ind = units[req.indicator]
        kind = "约束" if req.binding else "参考"
        if args.lang == "en":
            kind = "binding" if req.binding else "reference"
        due = f" (due {req.due})" if req.due else ""
        print(
            f"  {req.id:<5} [{kind}] {ind.id} {ind.label(args.lang)} ({ind.unit}): "
            f"{req.target_text}{due}  "
            f"[{req.confidence.value}; {', '.join(req.sources)}]"
            f"{_mark(req.provisional)}"
        )
    for m in std.missing:
        print(f"  missing: {m}")
    return 0


def _mark(provisional: bool) -> str:
    return " (待核实 provisional)" if provisional else ""


def _diff(args: argparse.Namespace) -> int:
    d = standards.diff(load_ref(args.old), load_ref(args.new))
    if args.format == "json":
        from ecociv import _wire  # noqa: PLC0415  (cattrs on first use)

        print(_wire.to_json(d))
        return 0
    lines = [f"{d.old} → {d.new}"]
    lines.extend(
        f"  {cov.id}: {cov.describe()}"
        for cov in (d.old_coverage, d.new_coverage)
        if cov is not None
    )
    for c in d.changed:
        how = f" [{c.relation}]" if c.relation != "same" else ""
        moved = f" ({c.direction})" if c.direction else ""
        lines.append(f"  changed {c.old} → {c.new}{how}{moved}{_mark(c.provisional)}")
        lines.extend(f"      {f.field}: {f.old} → {f.new}" for f in c.changes)
    rows = (
        ("added  ", d.added),
        ("removed", d.removed),
        (f"not encoded in {d.new}:", d.not_in_new),
        (f"not encoded in {d.old}:", d.not_in_old),
        (f"not a level {d.new} judges:", d.old_other_level),
        (f"not a level {d.old} judges:", d.new_other_level),
    )
    for label, reqs in rows:
        lines.extend(
            f"  {label} {r.id}: {r.indicator}: {r.target_text}{_mark(r.provisional)}"
            for r in reqs
        )
    counts = [
        f"{len(d.changed)} changed",
        f"{len(d.unchanged)} unchanged",
        f"{len(d.added)} added",
        f"{len(d.removed)} removed",
        f"{len(d.not_in_new)} not encoded in {d.new}",
        f"{len(d.not_in_old)} not encoded in {d.old}",
        (
            f"{len(d.old_other_level) + len(d.new_other_level)} of a level the "
            "other does not judge"
        ),
    ]
    lines.append(", ".join(counts))
    print("\n".join(lines))
    return 0


def _validate(args: argparse.Namespace) -> int:
    std = standards.load_file(args.file)
    n = len(std.requirements)
    print(f"{args.file}: ok ({std.kind.value} {std.id}, {n} requirements)")
    return 0


def _in_force(args: argparse.Namespace) -> int:
    r = standards.in_force(args.on, args.level, province=args.province)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "on": r.on.isoformat(),
                    "level": r.level.value,
                    "national": [s.id for s in r.national],
                    "provincial": [s.id for s in r.provincial],
                    "uncertain": [s.id for s in r.uncertain],
                },
                ensure_ascii=False,
                indent=2,
                allow_nan=False,
            )
        )
        return 0
    print(f"{r.on.isoformat()} · {r.level.value}")
    print("  national:   " + (", ".join(s.id for s in r.national) or "none bundled"))
    if args.province:
        print(
            "  provincial: " + (", ".join(s.id for s in r.provincial) or "none bundled")
        )
    for s in r.uncertain:
        print(f"  uncertain:  {s.id} (issued in {s.year}, day unknown)")
    return 0


_ACTIONS = {
    "list": _list,
    "show": _show,
    "diff": _diff,
    "validate": _validate,
    "in-force": _in_force,
}
