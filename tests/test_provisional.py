"""The 2019/2021 rows the plans quote: provisional (待核实), said so everywhere.

The official 2019 table beyond row 1 and the whole 2021 table were not found;
the rows the Xianning and Ordos plans quote (and the Zhejiang rows the
Shangyu plan quotes) are bundled as provisional requirements. These tests
hold the data to its provenance, every output to the mark, and the engine to
its rule: left out unless asked for, never deciding eligibility on their own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ecociv
from ecociv import Observation, Observations
from ecociv._cli import main
from ecociv._cli._text import render_text
from ecociv._engine import eligibility
from ecociv.standards import Completeness, Confidence, Level, diff, load


XIANNING = "421200"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def city_2023() -> ecociv.Assessment:
    """Xianning judged under the 2021 revision on two quoted rows."""
    obs = Observations(
        [
            Observation(XIANNING, "eco_civ_assessment_share", 2023, 22.0, "%"),
            Observation(XIANNING, "green_building_share", 2023, 45.0, "%"),
        ]
    )
    return ecociv.assess("mee-2021", XIANNING, obs, 2023, provisional=True)


@pytest.mark.parametrize(
    ("sid", "n"), [("mee-2019", 41), ("mee-2021", 42), ("zhejiang-2016-county", 18)]
)
def test_quoted_rows_are_provisional(sid: str, n: int) -> None:
    """The quoted rows are provisional, graded C, and the standard stays partial."""
    std = load(sid)
    rows = std.provisional()
    assert len(rows) == n
    assert all(r.confidence is Confidence.C for r in rows)
    assert std.completeness is Completeness.PARTIAL


def test_2019_quotes_judge_cities_only() -> None:
    """Rows known from city plans judge cities; rows 2-4 (named in S5) both levels."""
    std = load("mee-2019")
    by_id = {r.id: r for r in std.requirements}
    assert by_id["1"].provisional is False
    assert by_id["3"].scope == (Level.COUNTY, Level.CITY)
    assert "S5" in by_id["3"].sources
    assert all(by_id[f"P.{k}"].scope == (Level.CITY,) for k in range(1, 39))


def test_a_quote_keeps_the_plans_words() -> None:
    """P.25 quotes Xianning's words, and the rule reads them (≥50)."""
    req = next(r for r in load("mee-2021").requirements if r.id == "P.25")
    assert req.target_text == "农村生活污水治理率≥50%。"
    assert req.rule.describe() == "≥50"
    assert req.sources == ("S6", "S7")


def test_a_city_is_judged_on_the_quoted_rows(city_2023: ecociv.Assessment) -> None:
    """Every row of the 2021 revision is judged for a city, each one provisional."""
    judged = city_2023.judgements
    assert len(judged) == 42
    assert all(j.requirement.provisional for j in judged)
    verdicts = {j.id: j.verdict.value for j in judged}
    assert verdicts["P.03"] == "met"
    assert verdicts["P.29"] == "not_met"


def test_text_marks_provisional_rows(city_2023: ecociv.Assessment) -> None:
    """The terminal report tags each provisional row and says what that means."""
    zh = render_text(city_2023, lang="zh")
    assert "[约束·待核实]" in zh
    assert "不单独决定是否符合申报条件" in zh
    en = render_text(city_2023, lang="en")
    assert "[B, provisional]" in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reports_mark_provisional_rows(city_2023: ecociv.Assessment, lang: str) -> None:
    """HTML and Markdown reports mark every provisional row and explain the mark."""
    html = ecociv.report.to_html(city_2023, lang=lang)
    assert html.count('class="req provisional"') == 42
    md = ecociv.report.to_markdown(city_2023, lang=lang)
    word = "待核实" if lang == "zh" else "provisional"
    assert md.count(f"·{word} |") == 42
    page = ecociv.report.standard_html(load("mee-2021"), lang=lang)
    assert page.count("tag binding provisional") == 42


def test_established_rows_carry_no_mark() -> None:
    """A standard without quotations shows no provisional mark."""
    std = load("mee-2024-county")
    a = ecociv.assess(std, "330683", Observations([]), 2024)
    assert "待核实" not in render_text(a, lang="zh")
    html = ecociv.report.to_html(a, lang="en")
    assert 'class="req provisional"' not in html
    assert "provisional-note" not in html


def test_standards_show_marks_provisional_rows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`standards show` and `standards list` say which rows are provisional."""
    code, out = _run(capsys, "standards", "show", "mee-2021")
    assert code == 0
    assert out.count("(待核实 provisional)") == 42
    _, listing = _run(capsys, "standards", "list")
    assert "(42 provisional)" in listing


def test_diff_2019_to_2024_shows_ei_to_eqi() -> None:
    """The EI row the plans quote is succeeded by the EQI row of 2024."""
    d = diff("mee-2019", "mee-2024-county")
    ei = next(c for c in d.changed if c.old_indicator == "ei")
    assert (ei.new_indicator, ei.relation, ei.provisional) == ("eqi", "successor", True)


def test_diff_never_calls_an_unencoded_row_removed() -> None:
    """Against a partial side a row is 'not encoded'; removed needs a complete side."""
    d = diff("mee-2019", "mee-2024-county")
    assert {r.id for r in d.removed} == {"1", "2", "4"}  # county rows 2024 lacks
    assert all(r.applies_to(Level.COUNTY) for r in d.removed)
    assert {r.id for r in d.not_in_old} >= {"5.1", "8"}  # 2019 simply lacks them
    assert d.added == ()
    assert len(d.old_other_level) == 28  # city rows: not a county table's
    back = diff("mee-2024-county", "mee-2021")
    assert back.removed == ()
    assert back.not_in_new
    assert d.old_coverage is not None
    assert d.new_coverage is not None
    assert d.old_coverage.describe() == "partial: 1 row, 41 provisional, 5 missing"
    assert d.new_coverage.describe() == "complete: 31 rows"


def test_diff_text_and_json_state_completeness(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The text and JSON of `standards diff` give each side's completeness."""
    code, out = _run(capsys, "standards", "diff", "mee-2019", "mee-2024-county")
    assert code == 0
    assert "mee-2019: partial: 1 row, 41 provisional, 5 missing" in out
    assert "not encoded in mee-2019: 5.1" in out
    assert "changed P.8 → 6.1 [successor] (待核实 provisional)" in out
    assert "removed P." not in out
    _, text = _run(
        capsys, "standards", "diff", "mee-2019", "mee-2024-county", "--format", "json"
    )
    data = json.loads(text)
    assert data["old_coverage"]["completeness"] == "partial"
    assert data["new_coverage"]["completeness"] == "complete"
    assert {r["id"] for r in data["removed"]} == {"1", "2", "4"}


def test_diff_into_a_closed_pipe_exits_quietly() -> None:
    """`ecociv standards diff A B | head` ends with status 0 and nothing on stderr."""
    root = Path(__file__).parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecociv", "standards", "diff", "mee-2019", "mee-2021"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=root,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait() == 0
    assert err == b""


def test_provisional_rows_are_left_out_unless_asked_for() -> None:
    """By default a quoted row is not judged, and the result says so."""
    obs = Observations([Observation(XIANNING, "green_building_share", 2023, 45.0, "%")])
    result = ecociv.assess("mee-2021", XIANNING, obs, 2023)
    assert result.judgements == ()
    assert result.summary.eligible is None
    (warning,) = [w.message for w in result.warnings if "provisional" in w.message]
    assert warning.startswith("mee-2021: 42 provisional rows (待核实")
    asked = ecociv.assess("mee-2021", XIANNING, obs, 2023, provisional=True)
    assert not [w for w in asked.warnings if "provisional" in w.message]


@pytest.mark.parametrize(
    "door",
    [
        lambda obs, flag: (
            ecociv.assess("mee-2021", XIANNING, obs, 2023, provisional=flag).summary
        ),
        lambda obs, flag: ecociv.assess_many(
            obs, "mee-2021", 2023, regions=[XIANNING], provisional=flag
        ).summary_records()[0],
        lambda obs, flag: (
            ecociv.compare_versions(["mee-2021"], XIANNING, obs, 2023, provisional=flag)
            .assessments[0]
            .summary
        ),
    ],
    ids=["assess", "assess_many", "compare_versions"],
)
def test_provisional_rows_are_counted_apart(door: Any) -> None:
    """Judged on request, quoted rows are counted apart from the binding rows."""
    obs = Observations([Observation(XIANNING, "green_building_share", 2023, 45.0, "%")])
    summary = door(obs, True)
    if isinstance(summary, dict):
        assert summary["binding_met"] == 0
        assert summary["provisional_met"] + summary["provisional_not_met"] >= 1
    else:
        assert summary.binding.total == 0
        assert summary.provisional.total == 42
    assert (
        summary["eligible"] if isinstance(summary, dict) else summary.eligible
    ) is None


def _counts(**verdicts: int) -> Any:
    """One region's counts, one row per verdict (in Verdict order)."""
    return np.array([[verdicts.get(v.value, 0)] for v in ecociv.Verdict])


@pytest.mark.parametrize(
    ("binding", "quoted", "eligible"),
    [
        ({"met": 3}, None, True),
        ({"met": 3}, {"met": 5}, True),
        ({"met": 3}, {"not_met": 1}, None),  # a doubt holds a True back
        ({"met": 3}, {"insufficient_data": 1}, None),
        ({"met": 3}, {"not_yet_due": 1}, None),
        ({"not_met": 1}, {"met": 9}, False),
        ({}, {"met": 9}, None),  # never True on their own
        ({"not_applicable": 2}, {"met": 9}, None),
        ({"met": 1, "not_met": 1}, {"met": 1}, False),
    ],
)
def test_provisional_rows_never_decide_eligibility(
    binding: dict[str, int], quoted: dict[str, int] | None, eligible: bool | None
) -> None:
    """Provisional rows can hold a True back; they never make one, nor a False."""
    got = eligibility(
        _counts(**binding), True, None if quoted is None else _counts(**quoted)
    )
    assert got[0] is eligible


def test_batch_rows_carry_the_mark() -> None:
    """Each batch row says whether its requirement is provisional."""
    obs = Observations([Observation(XIANNING, "green_building_share", 2023, 45.0, "%")])
    result = ecociv.assess_many(obs, "mee-2021", 2023, provisional=True)
    assert {r["provisional"] for r in result.records()} == {True}
    assert result.to_frame()["provisional"].all()
