"""``ecociv compare``: every region in a data file, under one or more standards.

Prints one summary line per (region, standard, year): the score (binding met
/ binding judged, missing apart, and the rank), eligibility and the unmet
binding requirements (short boards), as text; every row of the tidy result
as CSV or Parquet; the comparison document as JSON; the comparison table as
Markdown or HTML. On a terminal, reading, judging and writing each show a
progress bar on stderr (tqdm, the ``progress`` extra), unless
``--no-progress`` is given.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

from ecociv._cli import _args, _options, _output
from ecociv._cli._text import data_lines
from ecociv._observations import Observations
from ecociv._progress import Bars
from ecociv.batch import BatchResult, assess_many
from ecociv.report._view import eligible_word


__all__ = ["add_parser", "render_compare", "run"]


def add_parser(subparsers: Any) -> None:
    """Add the ``compare`` command to the ``ecociv`` parser."""
    p = subparsers.add_parser(
        "compare", help="judge every region in a data file; one line per region"
    )
    p.add_argument("data", help="CSV, Parquet or Excel (.xlsx) file, long or wide form")
    _options.add_documents(p, several=True)
    p.add_argument(
        "--year",
        action="append",
        type=int,
        required=True,
        help="assessment year; repeat for several",
    )
    _options.add_region(p, several=True)
    _options.add_format(p, ("text", "csv", "json", "md", "html", "parquet"), "text")
    _options.add_output(p)
    _options.add_lang(p)
    _options.add_html(p)
    _options.add_strictness(p)
    _options.add_columns(p)
    _options.add_limits(p)
    _options.add_judging(p)
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="show no progress bars (default: on a terminal, a bar for reading, "
        "judging and writing, when tqdm is installed: ecociv[progress])",
    )


def _bars(args: argparse.Namespace) -> Bars | None:
    """Return progress bars on stderr, if stderr is a terminal and they are wanted."""
    if args.no_progress or not sys.stderr.isatty():
        return None
    if importlib.util.find_spec("tqdm") is None:
        return None
    return Bars(sys.stderr, prefix="ecociv compare: ")


#: The formats that hold the rows only, not the input account.
_ROWS_ONLY = ("csv", "parquet")


def run(args: argparse.Namespace) -> int:
    """Run ``ecociv compare``; return the exit status (0: done)."""
    from ecociv import report  # noqa: PLC0415

    stds = _args.documents(args)
    judging = _args.judging(args)
    fmt = _args.output_format(args)
    writer = None if fmt == "text" else report.writer_for(fmt=fmt)
    out = _output.Output(args.output)
    if writer is not None:
        writer.check()  # before the work: a missing extra
        out.check(fmt)  # ... or bytes for a terminal
    regions = _args.regions(args) if args.region else None
    bars = _bars(args)
    try:
        result = assess_many(
            args.data,
            stds,
            args.year,
            regions=regions,
            strict=_args.strict(args),
            columns=_args.columns(args),
            progress=bars,
            **judging,
        )
        _list_set_aside(result.data)
        if fmt == "text":
            text: str | bytes = render_compare(result, lang=args.lang)
        else:
            text = report.render(result, fmt, lang=args.lang, progress=bars)
    finally:
        if bars is not None:
            bars.close()
    out.write(text, fmt)
    if fmt in _ROWS_ONLY and result.account.set_aside:
        # A file of rows only holds no account: what was set aside goes to stderr.
        for line in data_lines(result.account, (), args.lang)[1:]:
            print(_output.clean(line), file=sys.stderr)
    to_text = fmt == "text" and args.output is None
    _args.warn(result, to_text=to_text, lang=args.lang, command="compare")
    _args.write_html(args, result)
    return 0


def _list_set_aside(data: Observations) -> None:
    """List on stderr the rows read leniently and set aside, one a line."""
    if not data.issues:
        return
    n = len(data.issues)
    print(f"ecociv compare: {n} row{'s' * (n != 1)} set aside:", file=sys.stderr)
    for problem in data.issues:
        print(f"  {_output.clean(str(problem))}", file=sys.stderr)


def render_compare(result: BatchResult, *, lang: str = "zh") -> str:
    """Return one line per (region, standard, year) of a batch result.

    Each line gives the score and rank (:class:`ecociv.analysis.Score`),
    eligibility and the short boards; the last line counts the regions.
    """
    from ecociv import analysis  # noqa: PLC0415

    zh = lang == "zh"
    eligible = {
        (s["region"], s["standard"], s["year"]): s["eligible"]
        for s in result.summary_records()
    }
    lines = []
    for s in sorted(analysis.scores(result), key=lambda s: result.index(s.region)):
        boards = analysis.short_boards(
            result, s.region, standard=s.standard, year=s.year
        )
        short = ", ".join(b.requirement for b in boards) or "-"
        rank = "-" if s.rank is None else str(s.rank)
        ok = eligible_word(eligible[(s.region, s.standard, s.year)], lang)
        if zh:
            lines.append(
                f"{s.region} {s.region_name}  {s.standard} {s.year}: "
                f"约束性{s.text('zh')}, 排名 {rank}; 符合申报条件: {ok}; 短板: {short}"
            )
        else:
            lines.append(
                f"{s.region} {s.region_name}  {s.standard} {s.year}: binding "
                f"{s.text('en')}, rank {rank}; eligible: {ok}; short boards: {short}"
            )
    n = len(result.regions)
    lines.append(f"{n} 个地区" if zh else f"{n} regions judged")
    lines += data_lines(result.account, result.warnings, lang)
    return "\n".join(lines)
