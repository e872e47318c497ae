"""The command line: standards list/show and assess, text and JSON, clean errors."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ecociv._cli import main


EXAMPLE = str(Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv")
ASSESS = [
    "assess",
    EXAMPLE,
    "--standard",
    "mee-2024-county",
    "--region",
    "330683",
    "--year",
    "2024",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return exit status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_standards_list(capsys: pytest.CaptureFixture[str]) -> None:
    """The list names each bundled standard with its document number."""
    code, out, _ = run(capsys, "standards", "list")
    assert code == 0
    assert "mee-2024-county" in out
    assert "环办生态〔2024〕4号" in out


def test_standards_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON list carries id, level and completeness."""
    code, out, _ = run(capsys, "standards", "list", "--format", "json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["mee-2024-county"]["level"] == "county"
    assert rows["mee-2024-county"]["requirements"] == 31


def test_standards_show(capsys: pytest.CaptureFixture[str]) -> None:
    """Show prints every requirement with its target, confidence and sources."""
    code, out, _ = run(capsys, "standards", "show", "mee-2024-county")
    assert code == 0
    assert "△EQI>-1" in out
    assert out.count("[约束]") == 25
    assert out.count("[参考]") == 6


def test_standards_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Show --format json is the standard as data, rules tagged by kind."""
    code, out, _ = run(
        capsys, "standards", "show", "mee-2024-county", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["requirements"][0]["rule"]["kind"] == "threshold"


def test_assess_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The text report lists every requirement, the trend policy and eligibility."""
    code, out, _ = run(capsys, *ASSESS)
    assert code == 0
    assert "嵊州市" in out
    assert "窗口3年" in out
    assert "符合申报条件" in out


def test_assess_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON carries names, verdicts, binding flags and eligibility."""
    code, out, _ = run(capsys, *ASSESS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["format"], data["version"]) == ("ecociv.assessment", 3)
    js = data["judgements"]
    assert len(js) == 31
    assert {"name_zh", "unit"} <= set(js[0]["indicator"])
    assert {j["outcome"]["verdict"] for j in js} == {
        "met",
        "not_met",
        "not_applicable",
        "insufficient_data",
    }
    assert all(isinstance(j["requirement"]["binding"], bool) for j in js)
    assert data["summary"]["eligible"] is False


def test_assess_json_with_policy(capsys: pytest.CaptureFixture[str]) -> None:
    """A trend tolerance given on the command line is used and echoed."""
    code, out, _ = run(capsys, *ASSESS, "--format", "json", "--tolerance", "1")
    assert code == 0
    data = json.loads(out)
    j16 = next(j for j in data["judgements"] if j["requirement"]["id"] == "16")
    assert j16["outcome"]["verdict"] == "met"
    assert j16["outcome"]["policy"]["tolerance"] == 1.0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [
                "assess",
                "/nonexistent.csv",
                "--standard",
                "mee-2024-county",
                "--region",
                "330683",
                "--year",
                "2024",
            ],
            "cannot read",
        ),
        (
            [
                "assess",
                EXAMPLE,
                "--standard",
                "nope",
                "--region",
                "330683",
                "--year",
                "2024",
            ],
            "unknown standard",
        ),
        (
            [
                "assess",
                EXAMPLE,
                "--standard",
                "mee-2024-county",
                "--region",
                "999999",
                "--year",
                "2024",
            ],
            "unknown region",
        ),
        ([*ASSESS, "--window", "1"], "at least 2 years"),
        (["standards", "show", "nope"], "unknown standard"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Bad input gives exit status 2 and a message, not a traceback."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert err.startswith("ecociv: error:")


def test_bad_data_lists_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data file with bad rows names each row."""
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "region,indicator,year,value,unit\n330683,PM2.5浓度,2024,x,\n", encoding="utf-8"
    )
    code, _, err = run(
        capsys,
        "assess",
        str(bad),
        "--standard",
        "mee-2024-county",
        "--region",
        "330683",
        "--year",
        "2024",
    )
    assert code == 2
    assert f"{bad}:2" in err


def test_python_m_entry_point() -> None:
    """``python -m ecociv`` runs the same command line."""
    proc = subprocess.run(
        [sys.executable, "-m", "ecociv", "standards", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "mee-2024-county" in proc.stdout


def test_the_program_freezes_what_its_imports_made() -> None:
    """``ecociv`` as a program (run) freezes its imports' objects; main() does not.

    The console script and ``python -m ecociv`` both call ``run``.
    """
    import importlib.metadata  # noqa: PLC0415

    (script,) = [
        e
        for e in importlib.metadata.entry_points(group="console_scripts")
        if e.name == "ecociv"
    ]
    assert script.value == "ecociv._cli:run"
    code = (
        "import gc, sys; from ecociv import _cli; "
        "_cli.main = lambda: print(gc.get_freeze_count() > 1000) or 0; "
        "sys.exit(_cli.run())"
    )
    proc = subprocess.run(  # noqa: S603  (the code is the test's own)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert proc.stdout.strip() == "True", proc.stderr
    before = gc.get_freeze_count()
    main(["standards", "list"])
    assert gc.get_freeze_count() == before


def test_standards_list_shows_plans(capsys: pytest.CaptureFixture[str]) -> None:
    """The list names standards and plans, each group under its heading."""
    code, out, _ = run(capsys, "standards", "list")
    assert code == 0
    assert "standards:" in out
    assert "plans:" in out


def test_standards_diff(capsys: pytest.CaptureFixture[str]) -> None:
    """Diff prints changed, added and removed requirements with a count line."""
    code, out, _ = run(
        capsys, "standards", "diff", "mee-2016-county", "mee-2024-county"
    )
    assert code == 0
    assert "[successor]" in out
    assert "changed" in out
    assert "added" in out


def test_standards_diff_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Diff as JSON lists added, removed and changed requirements."""
    code, out, _ = run(
        capsys,
        "standards",
        "diff",
        "mee-2024-county",
        "mee-2024-city",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert {"added", "removed", "changed"} <= set(data)


def test_standards_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Validate says ok for a good file and lists every problem of a bad one."""
    good = tmp_path / "good.toml"
    good.write_text(
        (
            Path(__file__).parent.parent / "src/ecociv/standards/data/mee-2019.toml"
        ).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "standards", "validate", str(good))
    assert code == 0
    assert "ok" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        good.read_text(encoding="utf-8")
        .replace('level = "city_and_county"', 'level = "town"')
        .replace('confidence = "A"', 'confidence = "Z"'),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "standards", "validate", str(bad))
    assert code == 2
    assert "2 problems" in err
    assert "$.level" in err
    assert "$.requirements[0].confidence" in err


def test_standards_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    """In-force names the national and provincial standards and the uncertain ones."""
    code, out, _ = run(
        capsys,
        "standards",
        "in-force",
        "--on",
        "2021-06-30",
        "--level",
        "county",
        "--province",
        "330000",
    )
    assert code == 0
    assert "national:   mee-2019" in out
    assert "zhejiang-2016-county" in out
    assert "uncertain:  mee-2021" in out


def test_assess_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    """Two --standard options judge one region under both, side by side."""
    argv = [*ASSESS, "--standard", "mee-2016-county"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "mee-2016-county" in out
    # Each standard's eligibility, in the language asked for (zh by default).
    assert "mee-2016-county: 符合申报条件 待定" in out
    assert "eligible" not in out
    code, out, _ = run(capsys, *argv, "--lang", "en")
    assert "mee-2016-county: eligible undetermined" in out
    code, out, _ = run(capsys, *argv, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["standards"] == ["mee-2024-county", "mee-2016-county"]


def test_assess_needs_a_standard(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --standard or --plan the command says what is missing."""
    code, _, err = run(
        capsys, "assess", EXAMPLE, "--region", "330683", "--year", "2024"
    )
    assert code == 2
    assert "--standard or --plan" in err


def test_assess_writes_the_html_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--html writes the self-contained report beside the text output."""
    out_file = tmp_path / "report.html"
    code, out, err = run(capsys, *ASSESS, "--html", str(out_file))
    assert code == 0
    assert "符合申报条件" in out
    assert str(out_file) in err
    html = out_file.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith(
        "<!doctype html>"
    )
    assert "嵊州市" in html
    assert "<script" not in html


def test_assess_text_ends_with_the_input_account(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The text report says what became of the rows, and warns of what is missing."""
    argv = [a if a != "330683" else "330604" for a in ASSESS]
    code, out, _ = run(capsys, *argv, "--lang", "en")
    assert code == 0
    tail = out.splitlines()[-3:]
    assert tail[0] == f"data: 46 rows read, 0 used from {EXAMPLE}"
    assert tail[1] == "set aside, other regions: 46 (rows 2, 3, 4, 5, 6, …)"
    assert tail[2].startswith("warning: ")
    assert "no rows for region 330604" in tail[2]


def test_the_readme_shows_what_assess_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line of the README's example output is printed by its command."""
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    monkeypatch.chdir(root)
    relative = "examples/shengzhou-illustrative.csv"  # as the README writes it
    code, out, _ = run(capsys, "assess", relative, *ASSESS[2:])
    assert code == 0
    printed = out.splitlines()
    for line in shown:
        assert line in {"…", ""} or line in printed


def test_provisional_rows_are_judged_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--provisional judges the quoted rows and marks them; without it, a warning."""
    argv = ["assess", EXAMPLE, "--standard", "mee-2021", "--region", "330600"]
    code, out, _ = run(capsys, *argv, "--year", "2024", "--lang", "en")
    assert code == 0
    assert "[B, provisional]" not in out
    assert "42 provisional rows" in out
    code, out, _ = run(capsys, *argv, "--year", "2024", "--provisional", "--lang", "en")
    assert code == 0
    assert out.count("[B, provisional]") == 42
    assert "42 provisional rows" not in out


def test_compare_takes_provisional(capsys: pytest.CaptureFixture[str]) -> None:
    """Ecociv compare --provisional: every row of the batch carries the mark."""
    argv = ["compare", EXAMPLE, "--standard", "mee-2021", "--year", "2024"]
    code, out, err = run(capsys, *argv, "--region", "330600", "--format", "csv")
    assert code == 0
    assert out.count("\n") == 1  # the header only: nothing judged
    assert "42 provisional rows" in err
    code, out, _ = run(
        capsys, *argv, "--region", "330600", "--format", "csv", "--provisional"
    )
    rows = out.strip().splitlines()
    assert len(rows) == 43
    header = rows[0].split(",")
    at = header.index("provisional")
    assert {r.split(",")[at] for r in rows[1:]} == {"True"}


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_warnings_go_to_stderr_beside_other_formats(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Output that is not the text report leaves the warnings on stderr too."""
    argv = [a if a != "2024" else "2026" for a in ASSESS]
    cmd = "assess" if fmt == "json" else "report"
    code, out, err = run(capsys, cmd, *argv[1:], "--format", fmt, "--lang", "en")
    assert code == 0
    assert f"ecociv {cmd}: warning: " in err
    assert "no rows for the assessment year 2026" in err
    if fmt == "json":
        assert (
            "no rows for the assessment year 2026"
            in json.loads(out)["warnings"][0]["message"]
        )


def test_extra_indicators_in_the_data_are_counted_not_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with indicators the standard does not use is judged; they are counted."""
    data = tmp_path / "d.csv"
    data.write_text(
        Path(EXAMPLE).read_text("utf-8")
        + "330683,城市生活污水集中收集率,2024,95,%,,\n",
        "utf-8",
    )
    argv = [a if a != EXAMPLE else str(data) for a in ASSESS]
    code, out, _ = run(capsys, *argv, "--lang", "en")
    assert code == 0
    assert "indicators not used: 1 (row 48)" in out
