"""``ecociv report``: HTML, Markdown and JSON files from the command line."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest

from ecociv import report
from ecociv._cli import main


EXAMPLE = str(Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv")
ARGS = ["report", EXAMPLE, "--standard", "mee-2024-county", "--region", "330683"]


def test_html_report_file(tmp_path: Path) -> None:
    """-o report.html writes one self-contained HTML page and nothing else."""
    out = tmp_path / "report.html"
    assert main([*ARGS, "--year", "2024", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "嵊州市" in page
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_json_report_file_validates(tmp_path: Path) -> None:
    """-o report.json writes the versioned document, which validates."""
    out = tmp_path / "report.json"
    assert main([*ARGS, "--year", "2024", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, report.schema("assessment"))


def test_markdown_to_stdout_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """Without -o the Markdown report goes to standard output."""
    assert main([*ARGS, "--year", "2024", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 嵊州市 (330683) · 2024")
    assert "**Eligible: no**" in out


def test_format_overrides_suffix(tmp_path: Path) -> None:
    """--format md writes Markdown whatever the file is called."""
    out = tmp_path / "report.txt"
    assert main([*ARGS, "--year", "2024", "-o", str(out), "--format", "md"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_unknown_suffix_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output name whose suffix names no format is refused before judging."""
    assert main([*ARGS, "--year", "2024", "-o", str(tmp_path / "report.pdf")]) == 2
    assert "--format" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_plan_report_has_departments(tmp_path: Path) -> None:
    """--plan with a bundled plan writes the department and deadline sections."""
    argv = [*ARGS[:2], "--plan", "plan-shengzhou-2024", *ARGS[4:]]
    out = tmp_path / "plan.html"
    assert main([*argv, "--year", "2024", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "按牵头单位" in page
    assert "完成时限" in page


def test_standard_and_plan_exclude_each_other() -> None:
    """Giving both --standard and --plan is a usage error."""
    with pytest.raises(SystemExit):
        main([*ARGS, "--plan", "x", "--year", "2024"])


def test_wired_into_the_command_line(tmp_path: Path) -> None:
    """`ecociv report` writes the HTML report through the command line."""
    from ecociv import _cli  # noqa: PLC0415

    out = tmp_path / "report.html"
    assert _cli.main([*ARGS, "--year", "2024", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_missing_jinja2_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Without jinja2 the HTML report names the extra to install; JSON still works."""
    monkeypatch.setattr(importlib.util, "find_spec", lambda _: None)
    out = tmp_path / "report.html"
    assert main([*ARGS, "--year", "2024", "-o", str(out)]) == 2
    assert "ecociv[report]" in capsys.readouterr().err
    assert not out.exists()
    assert main([*ARGS, "--year", "2024", "-o", str(tmp_path / "r.json")]) == 0
