"""``ecociv compare``: every region of a data file, as text, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import io
import json

from ecociv._cli import _compare as _cli_compare


EXAMPLE = "examples/shengzhou-illustrative.csv"


def _run(*argv: str) -> str:
    parser = argparse.ArgumentParser(prog="ecociv")
    _cli_compare.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["compare", *argv])
    out = io.StringIO()
    assert _cli_compare.run(args, out) == 0
    return out.getvalue()


def test_text_gives_one_line_per_region() -> None:
    """The text form names the region, the counts and the short boards."""
    text = _run(EXAMPLE, "--standard", "mee-2024-county", "--year", "2024")
    first = text.splitlines()[0]
    assert first.startswith("330683 嵊州市  mee-2024-county 2024")
    assert "not eligible" in first
    assert "short boards: 12, 16" in first
    assert text.endswith("1 regions judged\n")


def test_csv_gives_the_tidy_rows() -> None:
    """The CSV form has one row per requirement, with the tidy columns."""
    text = _run(
        EXAMPLE, "--standard", "mee-2024-county", "--year", "2024", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 31
    bus = next(r for r in rows if r["requirement"] == "12")
    assert (bus["verdict"], bus["value"], bus["target"], bus["distance"]) == (
        "not_met",
        "76.0",
        "80.0",
        "-4.0",
    )


def test_json_gives_rows_and_summaries_for_each_standard() -> None:
    """Two standards and two years give four summaries."""
    text = _run(
        EXAMPLE,
        "--standard",
        "mee-2024-county",
        "--standard",
        "mee-2024-city",
        "--year",
        "2023",
        "--year",
        "2024",
        "--format",
        "json",
    )
    doc = json.loads(text)
    assert len(doc["summary"]) == 4
    assert {r["standard"] for r in doc["rows"]} == {"mee-2024-county", "mee-2024-city"}
