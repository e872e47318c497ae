"""``ecociv assess``: one region's data against one or more standards or plans."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ecociv._cli import _options
from ecociv._cli._text import render_side_by_side, render_text
from ecociv._engine import Assessment, assess, catalog_of, compare_versions
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv.standards import Standard


__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Add the ``assess`` command."""
    p = sub.add_parser(
        "assess", help="judge one region's data against standards or plans"
    )
    p.add_argument("data", help="CSV file, long or wide form")
    _options.add_documents(p, several=True)
    p.add_argument("--region", required=True, help="6-digit region code, e.g. 330683")
    p.add_argument("--year", required=True, type=int, help="assessment year")
    _options.add_format(p, ("text", "json"), "text")
    _options.add_lang(p)
    p.add_argument(
        "--html",
        metavar="PATH",
        help="also write the self-contained HTML report there (needs ecociv[report])",
    )
    _options.add_policy(p)


def run(args: argparse.Namespace) -> int:
    """Run ``ecociv assess``; return the exit status."""
    from ecociv.report._json import to_json  # noqa: PLC0415  (cattrs when writing)

    stds = _options.documents(args)
    region = Region.from_code(args.region)
    policy = _options.policy(args)
    data = Observations.from_csv(args.data, catalog_of(stds))
    if len(stds) == 1:
        result = assess(stds[0], region, data, args.year, policy=policy)
        if args.format == "json":
            print(to_json(result))
        else:
            print(render_text(result, lang=args.lang))
        if args.html:
            _write_html(result, stds[0], args.html, args.lang)
        return 0
    if args.html:
        msg = "--html takes one --standard or --plan"
        raise ValueError(msg)
    sbs = compare_versions(stds, region, data, args.year, policy=policy)
    print(
        to_json(sbs)
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
