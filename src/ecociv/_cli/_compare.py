"""``ecociv compare``: every region in a data file, under one or more standards.

Prints one summary line per (region, standard, year) with the unmet binding
requirements (short boards), as text; or every row of the tidy result as CSV
or JSON. On a terminal, long runs show their progress on stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any, TextIO

from ecociv._cli import _options
from ecociv.batch import assess_many


__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    """Add the ``compare`` command to the ``ecociv`` parser."""
    p = subparsers.add_parser(
        "compare", help="judge every region in a data file; one line per region"
    )
    p.add_argument("data", help="CSV, Parquet or Excel (.xlsx) file, long or wide form")
    p.add_argument(
        "--standard",
        action="append",
        required=True,
        help="bundled id or .toml file; repeat to compare under several versions",
    )
    p.add_argument(
        "--year", action="append", type=int, required=True, help="assessment year"
    )
    _options.add_format(p, ("text", "csv", "json"), "text")
    _options.add_policy(p)


def _progress(stream: TextIO) -> Any:
    def show(done: int, total: int) -> None:
        stream.write(f"\recociv compare: {done}/{total} requirements judged")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``ecociv compare``; return the exit status (0: done)."""
    stream = sys.stdout if out is None else out
    stds = _options.documents(args)
    policy = _options.policy(args)
    progress = _progress(sys.stderr) if sys.stderr.isatty() else None
    result = assess_many(args.data, stds, args.year, policy=policy, progress=progress)
    if args.format == "csv":
        _write_csv(result.records(), stream)
    elif args.format == "json":
        doc = {"rows": list(result.records()), "summary": result.summary_records()}
        json.dump(doc, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    else:
        _write_text(result, stream)
    return 0


def _write_csv(records: Any, stream: TextIO) -> None:
    from ecociv.batch import COLUMNS  # noqa: PLC0415

    w = csv.DictWriter(stream, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    for rec in records:
        w.writerow({k: "" if v is None else v for k, v in rec.items()})


def _write_text(result: Any, stream: TextIO) -> None:
    from ecociv import analysis  # noqa: PLC0415

    eligible = {True: "eligible", False: "not eligible", None: "undecided"}
    for s in result.summary_records():
        judged = sum(s[k] for k in s if k.startswith("binding_"))
        boards = analysis.short_boards(
            result, s["region"], standard=s["standard"], year=s["year"]
        )
        short = ", ".join(b.requirement for b in boards) or "-"
        stream.write(
            f"{s['region']} {s['region_name']}  {s['standard']} {s['year']}: "
            f"binding met {s['binding_met']}/{judged}, not met "
            f"{s['binding_not_met']}, no data {s['binding_insufficient_data']}; "
            f"{eligible[s['eligible']]}; short boards: {short}\n"
        )
    n = len({s["region"] for s in result.summary_records()})
    stream.write(f"{n} regions judged\n")
