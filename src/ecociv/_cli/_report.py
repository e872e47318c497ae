"""``ecociv report``: judge one region and write a report people can read.

::

    ecociv report DATA (--standard ID | --plan ID) --region CODE --year YEAR
                  [-o report.html] [--format html|md|json] [--lang zh|en]
                  [--window N] [--comparison consecutive|first_last]
                  [--tolerance X]

The format follows the suffix of ``-o`` (``.html``, ``.md``, ``.json``)
unless ``--format`` says otherwise; without ``-o`` the report goes to
standard output (Markdown by default). Nothing is written but the file
named.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ecociv._cli import _options
from ecociv.report._write import WRITERS


__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    """Add the ``report`` command to the command line's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        help="write an HTML, Markdown or JSON report of one region",
        description="Judge one region's data and write a report: HTML (one "
        "self-contained file), Markdown for documents, or versioned JSON.",
    )
    p.add_argument("data", help="CSV file, long or wide form")
    _options.add_documents(p, several=False)
    p.add_argument("--region", required=True, help="6-digit region code")
    p.add_argument("--year", required=True, type=int, help="assessment year")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    _options.add_format(p, tuple(WRITERS), None)
    _options.add_lang(p)
    _options.add_policy(p)
    p.set_defaults(command="report")


def run(args: argparse.Namespace) -> int:
    """Run ``ecociv report``; return the exit status (0 written, 2 jinja2 missing).

    Raises:
        EcocivError: On bad input (the caller prints it and exits with 2).
        ValueError: On a bad option value or output name.
    """
    from ecociv import report  # noqa: PLC0415
    from ecociv._engine import assess  # noqa: PLC0415
    from ecociv._observations import Observations  # noqa: PLC0415
    from ecociv._region import Region  # noqa: PLC0415

    (std,) = _options.documents(args)
    policy = _options.policy(args)
    writer = report.writer_for(args.output, args.format)
    writer.check()
    data = Observations.from_csv(args.data, std)
    result = assess(std, Region.from_code(args.region), data, args.year, policy=policy)
    if args.output:
        report.write(result, args.output, standard=std, lang=args.lang, fmt=writer.name)
        return 0
    text = writer.render(result, std, args.lang)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
