"""``ecociv report``: judge one region and write a report people can read.

::

    ecociv report DATA (--standard ID | --plan ID) --region CODE_OR_NAME
                  --year YEAR [-o report.html] [--format html|md|json|csv]
                  [--lang zh|en] [--lenient] [--max-rows N]
                  [--max-file-bytes N] [--window N]
                  [--comparison consecutive|first_last] [--tolerance X]

The format follows the suffix of ``-o`` (``.html``, ``.md``, ``.json``,
``.csv``) unless ``--format`` says otherwise; without ``-o`` the report goes
to standard output (Markdown by default). Nothing is written but the file
named.
"""

from __future__ import annotations

import argparse
from typing import Any

from ecociv._cli import _args, _options, _output
from ecociv.report._write import WRITERS


__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    """Add the ``report`` command to the command line's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        help="write an HTML, Markdown, JSON or CSV report of one region",
        description="Judge one region's data and write a report: HTML (one "
        "self-contained file), Markdown for documents, versioned JSON, or the "
        "rows as CSV.",
    )
    p.add_argument("data", help="CSV, Parquet or Excel (.xlsx) file, long or wide form")
    _options.add_documents(p, several=False)
    _options.add_region(p, several=False)
    p.add_argument("--year", required=True, type=int, help="assessment year")
    _options.add_output(p)
    _options.add_format(p, tuple(WRITERS), "md")
    _options.add_lang(p)
    _options.add_strictness(p)
    _options.add_columns(p)
    _options.add_limits(p)
    _options.add_judging(p)


def run(args: argparse.Namespace) -> int:
    """Run ``ecociv report``; return the exit status.

    Raises:
        EcocivError: On bad input (the caller prints it and exits with 2).
        ValueError: On a bad option value or output name, or a missing extra.
    """
    from ecociv import report  # noqa: PLC0415
    from ecociv._engine import assess  # noqa: PLC0415
    from ecociv._observations import Observations  # noqa: PLC0415

    (std,) = _args.documents(args)
    (region,) = _args.regions(args)
    judging = _args.judging(args)
    fmt = _args.output_format(args)
    out = _output.Output(args.output)
    report.writer_for(fmt=fmt).check()  # before the work: a missing extra
    out.check(fmt)  # ... or bytes for a terminal
    data = Observations.from_file(
        args.data, std, strict=_args.strict(args), columns=_args.columns(args)
    )
    result = assess(std, region, data, args.year, **judging)
    text = report.render(result, fmt, standard=std, lang=args.lang)
    out.write(text, fmt)
    _args.warn(result, to_text=False, lang=args.lang, command="report")
    return 0
