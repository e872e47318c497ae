"""The command line closes every door cleanly, and what it writes is safe to read.

Closed pipes, missing directories, full disks, repeated options, input limits,
lenient reading; control characters kept off the terminal, CSV cells that a
spreadsheet would run, JSON without NaN.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ecociv.limits
from ecociv._cli import main


EXAMPLE = str(Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv")
TUTORIAL = (
    Path(__file__).parent.parent / "examples" / "cities" / "tutorial-pm25-waste.toml"
)
ASSESS = ["assess", EXAMPLE, "--standard", "mee-2024-county", "--region", "330683"]
ASSESS += ["--year", "2024"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return exit status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def child(*argv: str, **kw: Any) -> subprocess.Popen[bytes]:
    """Start ``python -m ecociv`` with these arguments."""
    return subprocess.Popen(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", "ecociv", *argv],
        stderr=subprocess.PIPE,
        **kw,
    )


# --- closed pipes and full disks ---------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ASSESS,
        [
            "compare",
            EXAMPLE,
            "--standard",
            "mee-2024-county",
            "--year",
            "2024",
            "--format",
            "csv",
        ],
        ["standards", "show", "mee-2024-county"],
    ],
)
def test_a_reader_that_stops_early_ends_the_command_quietly(argv: list[str]) -> None:
    """With its pipe closed before it writes, a command exits 0 and prints nothing."""
    with child(*argv, stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # before the command writes: every write hits a closed pipe
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0
    assert err == ""


def test_head_reads_the_first_line_and_the_command_exits_0() -> None:
    """``ecociv ... | head -n 1`` gives one line; the command exits 0, stderr quiet."""
    cmd = (
        f"set -o pipefail; {sys.executable} -m ecociv compare {EXAMPLE} "
        "--standard mee-2024-county --year 2024 --format csv --max-rows none "
        "| head -n 1"
    )
    proc = subprocess.run(  # noqa: S603
        ["bash", "-c", cmd],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("region,region_name,standard")
    assert proc.stderr == ""


def test_standard_output_on_a_full_disk_is_one_line_and_exit_2() -> None:
    """Writing to /dev/full: one line on stderr, exit 2, no noise at exit."""
    with (
        Path("/dev/full").open("wb") as full,
        child("standards", "show", "mee-2024-county", stdout=full) as proc,
    ):
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 2
    assert (
        err == "ecociv: error: cannot write standard output: No space left on device\n"
    )


class _Full(io.StringIO):
    """A stream on a full disk: every write fails."""

    def write(self, text: str) -> int:
        del text
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_under_standard_output_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC from standard output gives exit 2 and the one line."""
    monkeypatch.setattr(sys, "stdout", _Full())
    code = main(ASSESS)
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        "ecociv: error: cannot write standard output: No space left on device"
    ]


def test_a_full_disk_under_an_output_file_leaves_no_partial_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC while writing -o: exit 2, one line naming the file, the file removed."""
    real_open = Path.open

    def full_open(self: Path, *args: Any, **kw: Any) -> Any:
        f = real_open(self, *args, **kw)
        f.write = _Full().write
        return f

    monkeypatch.setattr(Path, "open", full_open)
    out = tmp_path / "r.json"
    code, _, err = run(capsys, *ASSESS, "-o", str(out))
    assert code == 2
    assert err == f"ecociv: error: cannot write {out}: No space left on device\n"
    assert not out.exists()


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_a_missing_directory_is_one_line_and_exit_2(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output under a missing directory, or under a file, fails cleanly."""
    suffix = ".json" if option == "-o" else ".html"
    for target, reason in [
        (tmp_path / "missing" / f"r{suffix}", "No such file or directory"),
        (tmp_path / "file.txt" / f"r{suffix}", "Not a directory"),
    ]:
        (tmp_path / "file.txt").write_text("x", encoding="utf-8")
        code, _, err = run(capsys, *ASSESS, option, str(target))
        assert code == 2
        assert err.endswith(f"ecociv: error: cannot write {target}: {reason}\n")
        assert "Traceback" not in err


# --- options -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        ([*ASSESS, "--year", "2023"], "--year"),
        ([*ASSESS, "--format", "json", "--format", "text"], "--format"),
        ([*ASSESS, "--region", "330604"], "--region"),
        ([*ASSESS, "--lang", "en", "--lang", "zh"], "--lang"),
        ([*ASSESS, "-o", "a.json", "--output", "b.json"], "-o/--output"),
        ([*ASSESS, "--tolerance", "1", "--tolerance", "2"], "--tolerance"),
        (
            [
                "report",
                EXAMPLE,
                "--standard",
                "mee-2024-county",
                "--standard",
                "mee-2016-county",
                "--region",
                "330683",
                "--year",
                "2024",
            ],
            "--standard",
        ),
        (
            ["standards", "show", "mee-2024-county", "--lang", "en", "--lang", "zh"],
            "--lang",
        ),
    ],
)
def test_an_option_given_twice_is_an_error(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An option that takes one value refuses a second: exit 2, naming it."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert f"{option} was given more than once" in capsys.readouterr().err


def test_options_that_repeat_still_repeat(capsys: pytest.CaptureFixture[str]) -> None:
    """--standard, --plan, --year and --region of compare take several values."""
    code, out, _ = run(
        capsys,
        "compare",
        EXAMPLE,
        "--standard",
        "mee-2024-county",
        "--plan",
        "plan-shengzhou-2024",
        "--year",
        "2023",
        "--year",
        "2024",
        "--region",
        "330683",
        "--region",
        "330604",
    )
    assert code == 0
    judged = out.split("\n\n")[0].splitlines()
    assert len(judged) == 2 * 2 * 2 + 1  # regions x documents x years, and a count


@pytest.mark.parametrize("option", ["--max-rows", "--max-file-bytes"])
def test_limits_can_be_lowered_and_switched_off(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--max-rows and --max-file-bytes hold for the run only; 0 or none lifts them."""
    before = (ecociv.limits.max_rows, ecociv.limits.max_file_bytes)
    code, _, err = run(capsys, *ASSESS, option, "5")
    assert code == 2
    name = option.removeprefix("--").replace("-", "_")
    assert f"ecociv.limits.{name} = 5" in err
    for off in ("0", "none"):
        code, out, _ = run(capsys, *ASSESS, option, off)
        assert code == 0
        assert "嵊州市" in out
    assert (ecociv.limits.max_rows, ecociv.limits.max_file_bytes) == before


def test_a_limit_must_be_a_whole_number(capsys: pytest.CaptureFixture[str]) -> None:
    """A negative or non-numeric limit is refused by the parser."""
    for bad in ("-1", "lots"):
        with pytest.raises(SystemExit):
            main([*ASSESS, "--max-rows", bad])
        assert "--max-rows" in capsys.readouterr().err


def test_an_unknown_output_suffix_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o with a suffix naming no format of the command: exit 2, nothing written."""
    code, _, err = run(capsys, *ASSESS, "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    assert "use a .txt, .json file or --format" in err
    assert not list(tmp_path.iterdir())


def test_output_format_follows_the_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assess -o x.json writes the JSON document; -o x.txt the text."""
    code, out, _ = run(capsys, *ASSESS, "-o", str(tmp_path / "r.json"))
    assert (code, out) == (0, "")
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["format"] == "ecociv.assessment"
    run(capsys, *ASSESS, "-o", str(tmp_path / "r.txt"))
    assert "符合申报条件" in (tmp_path / "r.txt").read_text(encoding="utf-8")


# --- lenient and strict ----------------------------------------------------------


@pytest.fixture
def bad_data(tmp_path: Path) -> Path:
    """The example with one bad row (row 3) added."""
    text = Path(EXAMPLE).read_text(encoding="utf-8").splitlines()
    bad = "330683,PM2.5浓度,2021,lots,μg/m³"
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([text[0], text[1], bad, *text[2:]]) + "\n", "utf-8")
    return path


def test_strict_is_the_default_and_stops(
    bad_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """By default a bad row stops the command with exit 2, naming the row."""
    for command in ("assess", "report"):
        argv = [command, str(bad_data), *ASSESS[2:]]
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert f"{bad_data}:3" in err


def test_lenient_sets_bad_rows_aside_and_lists_them(
    bad_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lenient judges the rest and lists the row set aside, in every command."""
    code, out, _ = run(capsys, "assess", str(bad_data), *ASSESS[2:], "--lenient")
    assert code == 0
    assert f"! {bad_data}:3" in out
    code, out, _ = run(
        capsys, "report", str(bad_data), *ASSESS[2:], "--lenient", "--lang", "en"
    )
    assert code == 0
    assert "## Data issues" in out
    assert "bad.csv:3: row has 5 cells" in out
    code, out, err = run(
        capsys,
        "compare",
        str(bad_data),
        "--standard",
        "mee-2024-county",
        "--year",
        "2024",
        "--lenient",
    )
    assert code == 0
    assert "ecociv compare: 1 row set aside:" in err
    assert f"{bad_data}:3" in err
    assert "嵊州市" in out


# --- what reaches the reader ----------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A user's standard whose indicator names hold escapes and a formula, and data."""
    text = TUTORIAL.read_text(encoding="utf-8")
    text = text.replace(
        'name_zh = "生活垃圾无害化处理率"',
        'name_zh = "\\u001b[2J\\u001b[31m生活垃圾\\u009b6n无害化\\u202e处理率"',
    )
    text = text.replace(
        'name_en = "Domestic waste harmless treatment rate (city yearbook, whole city)"',  # noqa: E501
        'name_en = "=HYPERLINK(\\"http://example.com\\")"',
    )
    std = tmp_path / "hostile.toml"
    std.write_text(text, encoding="utf-8")
    data = tmp_path / "h.csv"
    data.write_text(
        "region,indicator,year,value,unit\n"
        "421200,ccsy_domestic_waste_harmless_rate,2024,90,%\n"
        "421200,pm25_annual_mean,2024,30,μg/m³\n",
        encoding="utf-8",
    )
    return std, data


CONTROLS = ("\x1b", "\x9b", "\u202e")
#: Commands over the hostile standard ({std}) and data ({data}); | between arguments.
HOSTILE = {
    "assess": "assess|{data}|--standard|{std}|--region|咸宁市|--year|2024",
    "compare": "compare|{data}|--standard|{std}|--year|2024",
    "report": "report|{data}|--standard|{std}|--region|421200|--year|2024",
    "standards": "standards|show|{std}",
}


def hostile_argv(command: str, hostile: tuple[Path, Path], *more: str) -> list[str]:
    """Return the command line of one of :data:`HOSTILE`, with more options."""
    std, data = hostile
    return [a.format(std=std, data=data) for a in HOSTILE[command].split("|")] + [*more]


@pytest.mark.parametrize(
    ("command", "more"),
    [
        ("assess", []),
        ("assess", ["--lang", "en"]),
        ("compare", ["--format", "md"]),
        ("compare", ["--format", "html"]),
        ("compare", ["--format", "csv"]),
        ("report", []),
        ("standards", []),
        ("standards", ["--lang", "en"]),
    ],
)
def test_no_control_character_reaches_the_terminal(
    command: str,
    more: list[str],
    hostile: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ANSI escapes, C1 controls and bidi overrides from a standard are stripped."""
    code, out, err = run(capsys, *hostile_argv(command, hostile, *more))
    assert code == 0, err
    assert "生活垃圾" in out or "HYPERLINK" in out
    for ch in CONTROLS:
        assert ch not in out
        assert ch not in err


def test_csv_cells_hold_no_control_character(
    hostile: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CSV is written clean cell by cell: to a file, and from the library too."""
    out_file = tmp_path / "out.csv"
    argv = hostile_argv("compare", hostile, "--format", "csv", "-o", str(out_file))
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    written = out_file.read_text(encoding="utf-8")
    assert "[2J[31m生活垃圾6n无害化处理率" in written  # the escapes made inert
    for ch in CONTROLS:
        assert ch not in written
    from ecociv.report._csv import safe_cell  # noqa: PLC0415

    assert safe_cell(NAME) == "[2J[31m生活垃圾6n无害化处理率"
    assert safe_cell("\u202e=1+2") == "'=1+2"  # cleaned, then guarded as a formula


@pytest.mark.parametrize("command", ["assess", "compare", "standards"])
def test_json_keeps_the_characters_escaped(
    command: str, hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    r"""JSON output holds the same name, with the controls as \u escapes."""
    argv = hostile_argv(command, hostile, "--format", "json")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    for ch in CONTROLS:
        assert ch not in out
    assert "\\u001b[2J" in out
    assert "\\u009b6n" in out
    assert NAME in set(strings(json.loads(out)))


NAME = "\u001b[2J\u001b[31m生活垃圾\u009b6n无害化\u202e处理率"


def strings(obj: object) -> Any:
    """Yield every string inside a JSON value."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(
    hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell starting with = (an indicator name from a file) gets a leading quote."""
    code, out, _ = run(capsys, *hostile_argv("compare", hostile, "--format", "csv"))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    waste = next(r for r in rows if r["requirement"] == "2")
    assert waste["indicator_en"] == '\'=HYPERLINK("http://example.com")'
    assert waste["distance"] == "-5.0"  # a number keeps its sign
    for row in rows:
        for cell in row.values():
            assert (
                not cell.startswith(("=", "+", "@"))
                or cell[1:].replace(".", "").isdigit()
            )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["compare", EXAMPLE, "--standard", "mee-2024-county", "--standard",
             "mee-2024-county", "--year", "2024"],
            "each standard once",
        ),
        ([*ASSESS, "--window", "0"], "window 0 (int) is not accepted"),
        ([*ASSESS, "--tolerance", "-1"], "tolerance -1.0 (float) is not accepted"),
        ([*ASSESS, "--targets", "operative"], "invalid choice: 'operative'"),
        (
            ["assess", EXAMPLE, "--standard", "CLAIM", "--region", "330683", "--year",
             "2024"],
            "give your standard its own id @ $.id",
        ),
    ],
    ids=["standard-twice", "window-0", "tolerance-negative", "targets-unknown",
         "file-claims-bundled-id"],
)  # fmt: skip
def test_wrong_answers_made_impossible_are_refused_at_the_command_line(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The engine's refusals reach the command line as one line and exit 2."""
    claim = tmp_path / "claim.toml"
    minimal = Path(__file__).parent / "data" / "minimal-standard.toml"
    claim.write_text(
        minimal.read_text("utf-8").replace('"my-standard"', '"mee-2024-county"'),
        "utf-8",
    )
    argv = [str(claim) if a == "CLAIM" else a for a in argv]
    code: object
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as stop:  # argparse refuses a bad choice itself
        code, (out, err) = stop.code, capsys.readouterr()
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


COMPARE = ["compare", EXAMPLE, "--standard", "mee-2024-county", "--year", "2024"]


def test_a_column_mapped_twice_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """``--column`` naming one column twice is an error, not "the last one wins"."""
    with pytest.raises(SystemExit) as info:
        main([*COMPARE, "--column", "A=region", "--column", "A=year"])
    assert info.value.code == 2
    assert "--column maps the column 'A' twice; map it once" in capsys.readouterr().err


def test_bytes_for_a_terminal_are_refused_before_the_work(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parquet to a terminal is refused at once, not after judging everything."""
    pytest.importorskip("pyarrow")
    from ecociv._cli import _compare  # noqa: PLC0415

    def judged(*_: object, **__: object) -> None:
        raise AssertionError("judged before the output was checked")

    monkeypatch.setattr(_compare, "assess_many", judged)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, _, err = run(capsys, *COMPARE, "--format", "parquet")
    assert code == 2
    assert "parquet is binary: write it to a file" in err


def test_rows_only_formats_list_what_was_set_aside(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """CSV and Parquet hold no input account: what was set aside goes to stderr."""
    pytest.importorskip("pyarrow")
    data = tmp_path / "data.csv"
    data.write_text(
        "region,indicator,year,value\n"
        "330683,pm25_annual_mean,2024,27.5\n"
        "330683,pm25_annual_mean,2019,40\n",  # another year: set aside
        encoding="utf-8",
    )
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"rows.{fmt}"
        argv = ["compare", str(data), "--standard", "mee-2024-county", "--year", "2024"]
        code, _, err = run(
            capsys, *argv, "--format", fmt, "-o", str(out), "--lang", "en"
        )
        assert code == 0, err
        assert out.stat().st_size > 0
        assert "set aside, years not used: 1 (row 3)" in err, (fmt, err)


def test_limits_applied_for_a_block_are_put_back() -> None:
    """``limits.applied`` sets some limits for a block and restores them after."""
    before = ecociv.limits.current()
    with ecociv.limits.applied({"max_rows": 5, "min_year": 2000}):
        assert (ecociv.limits.max_rows, ecociv.limits.min_year) == (5, 2000)
        assert ecociv.limits.current()["max_file_bytes"] == before["max_file_bytes"]
    assert ecociv.limits.current() == before
    with (
        pytest.raises(ValueError, match="not limits: max_bytes"),
        ecociv.limits.applied({"max_bytes": 1}),
    ):
        pass
    assert ecociv.limits.current() == before


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_a_result_ends_in_one_newline_on_stdout_and_in_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    """What a writer gives, then one newline unless it ends in one: both doors alike.

    The newline is written after the text (a joined copy of a national JSON
    result was some 50 ms), so the bytes are the writer's own and one newline.
    """
    from ecociv import report  # noqa: PLC0415

    std = ecociv.standards.load("mee-2024-county")
    result = ecociv.assess_many(EXAMPLE, std, 2024)
    text = report.render(result, fmt)
    assert isinstance(text, str)
    want = text if text.endswith("\n") else text + "\n"
    code, out, _ = run(capsys, *COMPARE, "--format", fmt)
    assert code == 0
    assert out == want
    path = tmp_path / f"out.{fmt}"
    code, _, _ = run(capsys, *COMPARE, "--format", fmt, "-o", str(path))
    assert code == 0
    assert path.read_bytes() == want.encode("utf-8")
