"""The Ordos plan (seed 004) judged on data taken from its own wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import ecociv
from ecociv import Observations, Verdict
from ecociv.standards import DocumentKind, Level, Standard
from ecociv.testing import expect, judge


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NO_DATA, NOT_YET_DUE = Verdict.INSUFFICIENT_DATA, Verdict.NOT_YET_DUE

FILE = Path(ecociv.__file__).parent / "standards" / "data" / "plan-ordos-2022.toml"
CITY = "150600"

# A row is (indicator, year, value[, assigned target]) for Ordos.
Row = tuple[Any, ...]


@pytest.fixture(scope="module")
def plan() -> Standard:
    """The Ordos plan file."""
    return ecociv.standards.load_file(FILE)


SHARE = "eco_civ_assessment_share"
COVER = "forest_grass_coverage"
WASTE = "industrial_solid_waste_utilization_rate"
VILLAGES = "rural_waste_harmless_village_share"
ENERGY = "energy_per_gdp"

# (case, requirement, rows, assessment year, verdict, distance; None: no distance)
CASES: list[tuple[str, str, list[Row], int, Verdict, float | None]] = [
    # 2.1 到2022年底,全市生态文明建设工作实绩考核比重不低于20%
    ("share at 20", "2.1", [(SHARE, 2022, 20)], 2022, MET, 0.0),
    ("share 19.5", "2.1", [(SHARE, 2022, 19.5)], 2022, NOT_MET, -0.5),
    ("share missing", "2.1", [], 2022, NO_DATA, None),
    # 8.1 到2023年,全市生态环境状况指数不低于35.52
    ("ei 35.60", "8.1", [("ei", 2023, 35.6)], 2023, MET, 0.08),
    ("ei 35.50", "8.1", [("ei", 2023, 35.5)], 2023, NOT_MET, -0.02),
    # 9.1 到2025年,全市林草覆盖率稳定在70%左右 (70 ± 0.5)
    ("cover 70.4", "9.1", [(COVER, 2025, 70.4)], 2025, MET, 0.1),
    ("cover 69.5", "9.1", [(COVER, 2025, 69.5)], 2025, MET, 0.0),
    ("cover 70.6", "9.1", [(COVER, 2025, 70.6)], 2025, NOT_MET, -0.1),
    ("cover 68", "9.1", [(COVER, 2025, 68)], 2025, NOT_MET, -1.5),
    # 24.1 到2022年底,农村牧区生活污水治理率达到50%
    (
        "rural sewage 50",
        "24.1",
        [("rural_sewage_treatment_rate", 2022, 50)],
        2022,
        MET,
        0.0,
    ),
    (
        "rural sewage 48",
        "24.1",
        [("rural_sewage_treatment_rate", 2022, 48)],
        2022,
        NOT_MET,
        -2.0,
    ),
    # 21.2 到2025年,一般工业固废综合利用率年提高幅度不低于2%
    ("waste +2", "21.2", [(WASTE, 2024, 60), (WASTE, 2025, 62)], 2025, MET, 0.0),
    ("waste +3", "21.2", [(WASTE, 2024, 60), (WASTE, 2025, 63)], 2025, MET, 1.0),
    (
        "waste +1.5",
        "21.2",
        [(WASTE, 2024, 60), (WASTE, 2025, 61.5)],
        2025,
        NOT_MET,
        -0.5,
    ),
    ("waste no 2024", "21.2", [(WASTE, 2025, 63)], 2025, NO_DATA, None),
    # 6.1 优良天数比例达到自治区下达的考核任务要求 (target given as data)
    ("air days met", "6.1", [("good_air_days_share", 2025, 85, 83)], 2025, MET, 2.0),
    (
        "air days missed",
        "6.1",
        [("good_air_days_share", 2025, 80, 83)],
        2025,
        NOT_MET,
        -3.0,
    ),
    (
        "air days no target",
        "6.1",
        [("good_air_days_share", 2025, 85)],
        2025,
        NO_DATA,
        None,
    ),
    # 7.5 劣V类水体比例 at most the assigned level (lower is better)
    (
        "worse than V met",
        "7.5",
        [("surface_water_worse_than_v_share", 2025, 3, 5)],
        2025,
        MET,
        2.0,
    ),
    # 16.1 单位地区生产总值能耗保持下降
    (
        "energy falls",
        "16.1",
        [(ENERGY, 2022, 2.1), (ENERGY, 2023, 2.0), (ENERGY, 2024, 1.9)],
        2024,
        MET,
        0.1,
    ),
    (
        "energy flat",
        "16.1",
        [(ENERGY, 2022, 2.1), (ENERGY, 2023, 2.0), (ENERGY, 2024, 2.0)],
        2024,
        NOT_MET,
        0.0,
    ),
    # 26.1 到2023年,农村生活垃圾无害化处理村占比持续改善,达到90%
    (
        "villages rise to 91",
        "26.1",
        [(VILLAGES, 2021, 85), (VILLAGES, 2022, 88), (VILLAGES, 2023, 91)],
        2023,
        MET,
        1.0,
    ),
    (
        "villages rise to 89",
        "26.1",
        [(VILLAGES, 2021, 85), (VILLAGES, 2022, 88), (VILLAGES, 2023, 89)],
        2023,
        NOT_MET,
        -1.0,
    ),
    (
        "villages above 90, dip",
        "26.1",
        [(VILLAGES, 2021, 92), (VILLAGES, 2022, 91), (VILLAGES, 2023, 93)],
        2023,
        NOT_MET,
        -1.0,
    ),
    # 27.1 确保全市城镇人均公园绿地面积不降低 (no due year)
    (
        "park stable",
        "27.1",
        [("urban_park_green_area_per_capita", y, 20.5) for y in (2022, 2023, 2024)],
        2024,
        MET,
        0.0,
    ),
    # 10.2 外来物种入侵不明显; 13.2 确保不发生重大、特大突发环境事件
    (
        "invasion not obvious",
        "10.2",
        [("alien_species_invasion", 2023, True)],
        2023,
        MET,
        None,
    ),
    (
        "invasion obvious",
        "10.2",
        [("alien_species_invasion", 2023, False)],
        2023,
        NOT_MET,
        None,
    ),
    (
        "no incident",
        "13.2",
        [("major_environmental_incident", 2024, True)],
        2024,
        MET,
        None,
    ),
    (
        "incident",
        "13.2",
        [("major_environmental_incident", 2024, False)],
        2024,
        NOT_MET,
        None,
    ),
    # 0.1 2022-2025年…创成国家生态文明建设示范市
    (
        "title 2025",
        "0.1",
        [("national_demonstration_title", 2025, True)],
        2025,
        MET,
        None,
    ),
    (
        "no title 2025",
        "0.1",
        [("national_demonstration_title", 2025, False)],
        2025,
        NOT_MET,
        None,
    ),
]


@pytest.mark.parametrize(
    ("requirement", "rows", "year", "verdict", "distance"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_targets(
    plan: Standard,
    requirement: str,
    rows: list[Row],
    year: int,
    verdict: Verdict,
    distance: float | None,
) -> None:
    """Each target gets the verdict and distance its wording implies."""
    expect(judge(plan, requirement, rows, year), verdict, distance)


def test_plan_metadata(plan: Standard) -> None:
    """The file is Ordos's city plan, extending the 2021 revision."""
    assert plan.kind is DocumentKind.PLAN
    assert plan.level is Level.CITY
    assert plan.region == CITY
    assert plan.extends == "mee-2021"
    assert len(plan.domains) == 11
    assert len([t for t in plan.tasks if t.id.startswith("t")]) == 34


def test_phases(plan: Standard) -> None:
    """The three phases follow each other from February 2021 to December 2025."""
    starts = [p.start for p in plan.phases]
    ends = [p.end for p in plan.phases]
    assert starts == [dt.date(2021, 2, 1), dt.date(2022, 8, 1), dt.date(2023, 8, 1)]
    assert ends == [dt.date(2022, 7, 31), dt.date(2023, 7, 31), dt.date(2025, 12, 31)]
    assert plan.phases[1].contains(dt.date(2023, 1, 15))


def test_not_yet_due_reports_the_distance(plan: Standard) -> None:
    """Before 2022 the 20% share is not yet due, with the gap left."""
    j = judge(plan, "2.1", [(SHARE, 2021, 18)], 2021)
    assert j.verdict is NOT_YET_DUE
    assert j.requirement.due == 2022
    assert j.distance == pytest.approx(-2.0)


def test_ei_not_yet_due_in_2022(plan: Standard) -> None:
    """The EI target of 2023 is reported as not yet due in 2022."""
    j = judge(plan, "8.1", [("ei", 2022, 35.0)], 2022)
    assert j.verdict is NOT_YET_DUE
    assert j.distance == pytest.approx(-0.52)


def test_past_due_is_judged_on_the_due_year(plan: Standard) -> None:
    """In 2024 the rural-sewage target of 2022 is judged on the 2022 data."""
    rows: list[Row] = [
        ("rural_sewage_treatment_rate", 2022, 51),
        ("rural_sewage_treatment_rate", 2024, 40),
    ]
    j = judge(plan, "24.1", rows, 2024)
    assert j.verdict is MET
    assert j.distance == pytest.approx(1.0)
    assert "2022" in j.reason_en


def test_past_due_without_due_year_data(plan: Standard) -> None:
    """A past-due target lacks data when only later years are given."""
    j = judge(plan, "24.1", [("rural_sewage_treatment_rate", 2024, 60)], 2024)
    assert j.verdict is NO_DATA


def test_around_rule_states_its_tolerance(plan: Standard) -> None:
    """The 左右 rule uses ±0.5 and its note says why."""
    req = next(r for r in plan.requirements if r.id == "9.1")
    assert req.rule.kind == "around"
    assert any("左右 read as" in n for n in req.notes)
    j = judge(plan, "9.1", [(COVER, 2025, 70.5)], 2025)
    assert j.verdict is MET


def test_lead_and_support_departments(plan: Standard) -> None:
    """Judgements carry the 牵头部门 and 责任部门 the plan names."""
    j = judge(plan, "6.1", [("good_air_days_share", 2025, 85, 83)], 2025)
    assert j.requirement.lead == ("市生态环境局",)
    assert j.requirement.support == ("市农牧局", "工信局", "住建局")
    j = judge(plan, "14.2", [("ecological_red_line", 2024, True)], 2024)
    assert j.requirement.lead == ("市生态环境局", "林草局")
    assert j.requirement.support == ("市自然资源局",)


def test_task_30_takes_the_first_listed_department_as_lead(plan: Standard) -> None:
    """Task 30 has no 牵头部门; 市统计局, listed first, leads."""
    j = judge(plan, "30.1", [("energy_saving_appliance_market_share", 2025, 50)], 2025)
    assert j.verdict is MET
    assert j.requirement.lead == ("市统计局",)
    assert j.requirement.support == ("市发改委",)


def test_every_requirement_is_binding_and_sourced(plan: Standard) -> None:
    """Every target is binding and cites the plan."""
    assert all(r.binding for r in plan.requirements)
    assert all(r.sources == ("P",) for r in plan.requirements)


def test_whole_plan_without_data_is_undecided(plan: Standard) -> None:
    """With no data, nothing is met and eligibility cannot be answered."""
    result = ecociv.assess(plan, CITY, Observations(()), 2025)
    assert result.summary.binding.met == 0
    assert result.summary.eligible is None
    assert not result.issues  # no rows refused
    # The plan fits the region; the one warning is that it has no rows.
    assert [w.message.split(" in ")[0] for w in result.warnings] == [
        f"no rows for region {CITY}"
    ]
