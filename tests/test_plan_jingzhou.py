"""The Jingzhou 2020 notice (seed 003) judged on data taken from its own wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ecociv
from ecociv import Verdict
from ecociv.standards import Confidence, DocumentKind, Standard
from ecociv.testing import expect, judge


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NO_DATA, NOT_YET_DUE = Verdict.INSUFFICIENT_DATA, Verdict.NOT_YET_DUE

FILE = Path(ecociv.__file__).parent / "standards" / "data" / "plan-jingzhou-2020.toml"
CITY = "421000"
SONGZI, HONGHU = "421087", "421083"
JIANGLING, SHISHOU, GONGAN, JIANLI = "421024", "421081", "421022", "421088"
PROV, NAT = "provincial_demonstration_title", "national_demonstration_title"

# A row is (indicator, year, value[, assigned target]) for the city itself, or
# (region, indicator, year, value) when its first item is a region code.
Row = tuple[Any, ...]


@pytest.fixture(scope="module")
def plan() -> Standard:
    """The Jingzhou plan file."""
    return ecociv.standards.load_file(FILE)


# (case, requirement, rows, assessment year, verdict, distance; None: no distance)
CASES: list[tuple[str, str, list[Row], int, Verdict, float | None]] = [
    # 到2021年,松滋市、洪湖市成功创建国家级示范 (C.1, C.2)
    ("Songzi national 2021", "C.1", [(SONGZI, NAT, 2021, True)], 2021, MET, 0.0),
    ("Songzi not yet", "C.1", [(SONGZI, NAT, 2021, False)], 2021, NOT_MET, -100.0),
    ("Songzi missing", "C.1", [(HONGHU, NAT, 2021, True)], 2021, NO_DATA, None),
    ("Honghu national 2021", "C.2", [(HONGHU, NAT, 2021, True)], 2021, MET, 0.0),
    # Before its year a county goal is not yet due, with the distance as of then.
    (
        "Songzi in 2020",
        "C.1",
        [(SONGZI, NAT, 2020, False)],
        2020,
        NOT_YET_DUE,
        -100.0,
    ),
    # 2021年江陵县、石首市、公安县、监利市成功创建省级示范县(市) (C.3-C.6)
    ("Jiangling provincial", "C.3", [(JIANGLING, PROV, 2021, True)], 2021, MET, 0.0),
    (
        "Shishou provincial",
        "C.4",
        [(SHISHOU, PROV, 2021, False)],
        2021,
        NOT_MET,
        -100.0,
    ),
    ("Gong'an provincial", "C.5", [(GONGAN, PROV, 2021, True)], 2021, MET, 0.0),
    ("Jianli provincial", "C.6", [(JIANLI, PROV, 2021, True)], 2021, MET, 0.0),
    # 2022年成功创建国家级示范县(市) (C.7-C.10), judged on 2022 data after 2022
    ("Jiangling national", "C.7", [(JIANGLING, NAT, 2022, True)], 2022, MET, 0.0),
    ("Jianli past due", "C.10", [(JIANLI, NAT, 2022, True)], 2024, MET, 0.0),
    ("Jianli late title", "C.10", [(JIANLI, NAT, 2024, True)], 2024, NO_DATA, None),
    (
        "Shishou in 2021",
        "C.8",
        [(SHISHOU, NAT, 2021, False)],
        2021,
        NOT_YET_DUE,
        -100.0,
    ),
    # 到2023年,荆州市成功创建成为国家生态文明建设示范市
    ("city named 2023", "G.1", [(NAT, 2023, True)], 2023, MET, None),
    ("city not named", "G.1", [(NAT, 2023, False)], 2023, NOT_MET, None),
    ("city before 2023", "G.1", [(NAT, 2022, False)], 2022, NOT_YET_DUE, None),
    # Work without a year of its own is due in the goal year, 2023.
    (
        "worse than V before 2023",
        "W.5",
        [("state_sections_worse_than_v_share", 2021, 10)],
        2021,
        NOT_YET_DUE,
        -10.0,
    ),
    # 碳排放强度、GDP能耗、水耗等完成市定年度目标
    (
        "energy under target",
        "W.3b",
        [("energy_per_gdp", 2021, 0.5, 0.52)],
        2021,
        MET,
        0.02,
    ),
    (
        "energy over target",
        "W.3b",
        [("energy_per_gdp", 2021, 0.55, 0.52)],
        2021,
        NOT_MET,
        -0.03,
    ),
    ("energy no target", "W.3b", [("energy_per_gdp", 2021, 0.5)], 2021, NO_DATA, None),
    (
        "carbon decline met",
        "W.3a",
        [("co2_per_gdp_decline_rate", 2021, 4, 3.5)],
        2021,
        MET,
        0.5,
    ),
    # 国控断面全面消除劣V类
    (
        "no worse than V",
        "W.5",
        [("state_sections_worse_than_v_share", 2023, 0)],
        2023,
        MET,
        0.0,
    ),
    (
        "one section worse",
        "W.5",
        [("state_sections_worse_than_v_share", 2023, 10)],
        2023,
        NOT_MET,
        -10.0,
    ),
    # 每半年组织召开一次专题会
    (
        "two meetings",
        "S.1c",
        [("leading_group_thematic_meetings", 2021, 2)],
        2021,
        MET,
        0.0,
    ),
    (
        "one meeting",
        "S.1c",
        [("leading_group_thematic_meetings", 2021, 1)],
        2021,
        NOT_MET,
        -1.0,
    ),
    # 开展省级和市级生态镇、村的创建申报工作
    (
        "applications made",
        "W.6",
        [("eco_town_village_application", 2023, True)],
        2023,
        MET,
        None,
    ),
    (
        "leading group",
        "S.1a",
        [("leading_group_established", 2023, False)],
        2023,
        NOT_MET,
        None,
    ),
]


@pytest.mark.parametrize(
    ("req", "rows", "year", "verdict", "distance"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_plan_targets(
    plan: Standard,
    req: str,
    rows: list[Row],
    year: int,
    verdict: Verdict,
    distance: float | None,
) -> None:
    """Each target gets the verdict and distance its wording implies."""
    expect(judge(plan, req, rows, year), verdict, distance)


def test_plan_header(plan: Standard) -> None:
    """The file is a city plan for 荆州市 that extends the 2019 standard."""
    assert plan.kind is DocumentKind.PLAN
    assert (plan.region, plan.extends, plan.level.value) == (CITY, "mee-2019", "city")
    assert plan.document_number == "荆政发〔2020〕14号"
    assert len(plan.requirements) == 27
    assert plan.phases == ()


@pytest.mark.parametrize(
    ("req", "code", "indicator", "due"),
    [
        ("C.1", SONGZI, NAT, 2021),
        ("C.2", HONGHU, NAT, 2021),
        ("C.3", JIANGLING, PROV, 2021),
        ("C.4", SHISHOU, PROV, 2021),
        ("C.5", GONGAN, PROV, 2021),
        ("C.6", JIANLI, PROV, 2021),
        ("C.7", JIANGLING, NAT, 2022),
        ("C.8", SHISHOU, NAT, 2022),
        ("C.9", GONGAN, NAT, 2022),
        ("C.10", JIANLI, NAT, 2022),
    ],
)
def test_county_goals(
    plan: Standard, req: str, code: str, indicator: str, due: int
) -> None:
    """Each county goal names one county, its title and its year."""
    r = next(r for r in plan.requirements if r.id == req)
    assert (r.indicator, r.due, r.rule.regions) == (indicator, due, (code,))  # type: ignore[union-attr]


def test_county_goal_counts_only_its_county(plan: Standard) -> None:
    """A county goal judges its own county and ignores the others' titles."""
    rows: list[Row] = [(SONGZI, NAT, 2021, True), (HONGHU, NAT, 2021, False)]
    j = judge(plan, "C.1", rows, 2021)
    assert j.verdict is MET
    assert [v.region for v in j.values] == [SONGZI]


def test_garbled_readings_are_grade_c(plan: Standard) -> None:
    """Targets read through OCR damage carry confidence C and an ambiguity."""
    for req in ("W.3b", "S.1c"):
        r = next(r for r in plan.requirements if r.id == req)
        assert r.confidence is Confidence.C
        assert r.ambiguities


@pytest.mark.parametrize(
    ("req", "lead", "support"),
    [
        ("G.1", ("市生态办",), ()),
        ("C.3", ("各县(市、区)领导小组",), ()),
        ("S.1b", ("市生态办",), ()),
        ("W.3b", (), ()),
    ],
)
def test_departments(
    plan: Standard, req: str, lead: tuple[str, ...], support: tuple[str, ...]
) -> None:
    """A judgement carries the departments the notice names, and none it does not."""
    j = judge(plan, req, [], 2023)
    assert (j.requirement.lead, j.requirement.support) == (lead, support)
