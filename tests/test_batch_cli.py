"""``ecociv compare``: every region of a file as text, CSV, JSON, Markdown, HTML."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from ecociv import report
from ecociv._cli import main


EXAMPLE = "examples/shengzhou-illustrative.csv"
COMPARE = ["compare", EXAMPLE, "--standard", "mee-2024-county", "--year", "2024"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return exit status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_gives_one_line_per_region(capsys: pytest.CaptureFixture[str]) -> None:
    """The text form names the region, the score, the rank and the short boards."""
    code, text, _ = run(capsys, *COMPARE, "--lang", "en")
    assert code == 0
    first = text.splitlines()[0]
    assert first.startswith("330683 嵊州市  mee-2024-county 2024")
    assert "binding met 22/24 (92%), rank 1" in first
    assert "eligible: no" in first
    assert "short boards: 12, 16" in first
    assert "\n1 regions judged\n\ndata: 46 rows read, 46 used from " in text


def test_text_in_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --lang the summary line is Chinese, as for assess."""
    _, text, _ = run(capsys, *COMPARE)
    assert "约束性达标 22/24 (92%), 排名 1; 符合申报条件: 否; 短板: 12, 16" in text


def test_csv_gives_the_tidy_rows(capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV form has one row per requirement, with the tidy columns."""
    _, text, _ = run(capsys, *COMPARE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 31
    bus = next(r for r in rows if r["requirement"] == "12")
    assert (bus["verdict"], bus["value"], bus["target"], bus["distance"]) == (
        "not_met",
        "76.0",
        "80.0",
        "-4.0",
    )
    assert bus["indicator_zh"] == "新增和更新公共汽电车中新能源和清洁能源车辆比例"


def test_json_is_the_comparison_document(capsys: pytest.CaptureFixture[str]) -> None:
    """Two standards and two years give a comparison document with four summaries."""
    _, text, _ = run(
        capsys,
        *COMPARE,
        "--standard",
        "mee-2024-city",
        "--year",
        "2023",
        "--format",
        "json",
    )
    doc = json.loads(text)
    jsonschema.validate(doc, report.schema("comparison"))
    assert (doc["format"], doc["version"]) == ("ecociv.comparison", 3)
    assert len(doc["summaries"]) == 4
    assert {r["standard"] for r in doc["rows"]} == {"mee-2024-county", "mee-2024-city"}
    table = report.loads(text)
    assert len(table.rows) == len(doc["rows"])


def test_region_picks_a_subset_by_code_or_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--region, repeated, judges just those regions, named by code or name."""
    _, text, _ = run(
        capsys,
        *COMPARE,
        "--region",
        "浙江省绍兴市上虞区",
        "--region",
        "330683",
        "--lang",
        "en",
    )
    lines = text.splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["330604", "330683"]
    assert (
        "330604 上虞区  mee-2024-county 2024: binding none judged, rank -" in lines[0]
    )
    assert lines[2] == "2 regions judged"
    # Then what became of the data, and what the reader must know.
    assert lines[4].startswith("data: 46 rows read, 46 used from ")
    assert lines[5].endswith(
        "no rows for region 330604 in the data: its requirements lack data"
    )
    assert lines[5].startswith("warning: ")


def test_plan_and_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--plan judges under a plan; -o writes the file in the format of its suffix."""
    out = tmp_path / "compare.md"
    code, text, _ = run(
        capsys,
        "compare",
        EXAMPLE,
        "--plan",
        "plan-shengzhou-2024",
        "--year",
        "2024",
        "-o",
        str(out),
        "--lang",
        "en",
    )
    assert code == 0
    assert text == ""
    md = out.read_text(encoding="utf-8")
    assert md.startswith("| No. | Indicator | Type | 嵊州市 |")
    assert "| | Binding met |" in md


def test_html_report_of_a_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--html also writes the comparison as one self-contained page."""
    page = tmp_path / "c.html"
    code, text, err = run(capsys, *COMPARE, "--html", str(page))
    assert code == 0
    assert "嵊州市" in text
    assert str(page) in err
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "约束性指标达标" in html
    assert "<script" not in html


def test_a_merged_unit_is_judged_as_its_successor_with_a_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--region 莱芜市 judges 济南市 and says why on stderr."""
    code, text, err = run(capsys, *COMPARE, "--region", "莱芜市", "--lang", "en")
    assert code == 0
    assert text.startswith("370100 济南市  mee-2024-county 2024")
    assert err == ("ecociv: note: 莱芜市 (371200) was merged into 济南市 in 2019\n")
