"""``ecociv assess``: one region's data against one or more standards or plans."""

from __future__ import annotations

import argparse
from typing import Any

from ecociv._cli import _args, _options, _output
from ecociv._cli._text import render_side_by_side, render_text
from ecociv._engine import assess
from ecociv._observations import Observations


__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Add the ``assess`` command."""
    p = sub.add_parser(
        "assess", help="judge one region's data against standards or plans"
    )
    p.add_argument("data", help="CSV, Parquet or Excel (.xlsx) file, long or wide form")
    _options.add_documents(p, several=True)
    _options.add_region(p, several=False)
    p.add_argument("--year", required=True, type=int, help="assessment year")
    _options.add_format(p, ("text", "json"), "text")
    _options.add_output(p)
    _options.add_lang(p)
    _options.add_html(p)
    _options.add_strictness(p)
    _options.add_columns(p)
    _options.add_limits(p)
    _options.add_judging(p)


def run(args: argparse.Namespace) -> int:
    """Run ``ecociv assess``; return the exit status."""
    from ecociv.report._json import to_json  # noqa: PLC0415  (cattrs when writing)

    stds = _args.documents(args)
    (region,) = _args.regions(args)
    judging = _args.judging(args)
    fmt = _args.output_format(args)
    data = Observations.from_file(
        args.data, stds, strict=_args.strict(args), columns=_args.columns(args)
    )
    if len(stds) == 1:
        result: Any = assess(stds[0], region, data, args.year, **judging)
        text = render_text(result, lang=args.lang)
    else:
        from ecociv._engine import compare_versions  # noqa: PLC0415  (on first use)

        result = compare_versions(stds, region, data, args.year, **judging)
        text = render_side_by_side(result, lang=args.lang)
    _output.Output(args.output).write(to_json(result) if fmt == "json" else text, fmt)
    to_text = fmt == "text" and args.output is None
    _args.warn(result, to_text=to_text, lang=args.lang, command="assess")
    _args.write_html(args, result, standard=stds[0])
    return 0
