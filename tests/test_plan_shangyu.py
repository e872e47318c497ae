"""The Shangyu 2017 plan (seed 002) judged on data taken from its own wording."""

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

FILE = Path(ecociv.__file__).parent / "standards" / "data" / "plan-shangyu-2017.toml"
DISTRICT = "330604"

# A row is (indicator, year, value[, assigned target[, reference]]) for Shangyu.
Row = tuple[Any, ...]


@pytest.fixture(scope="module")
def plan() -> Standard:
    """The Shangyu plan file."""
    return ecociv.standards.load_file(FILE)


ENERGY = "energy_per_gdp"
VILLAGES = "rural_waste_3r_village_share"
GRADE = "ei_grade_excellent"

# (case, requirement, rows, assessment year, verdict, distance; None: no distance)
CASES: list[tuple[str, str, list[Row], int, Verdict, float | None]] = [
    # 2.4 全区单位GDP能耗小于0.6吨标煤/万元 (strict)
    ("energy 0.55", "2.4", [(ENERGY, 2018, 0.55)], 2018, MET, 0.05),
    ("energy at 0.6", "2.4", [(ENERGY, 2018, 0.6)], 2018, NOT_MET, 0.0),
    ("energy 0.62", "2.4", [(ENERGY, 2018, 0.62)], 2018, NOT_MET, -0.02),
    # 2.5 单位工业增加值用水量小于28立方米/万元
    (
        "water 25",
        "2.5",
        [("water_per_industrial_value_added", 2018, 25)],
        2018,
        MET,
        3.0,
    ),
    # 2.6 建设用地集约利用水平达到85以上
    (
        "land 84",
        "2.6",
        [("construction_land_intensive_use_level", 2018, 84)],
        2018,
        NOT_MET,
        -1.0,
    ),
    # 5.2 森林覆盖率达到40%
    ("forest 40", "5.2", [("forest_coverage", 2018, 40)], 2018, MET, 0.0),
    ("forest 39.5", "5.2", [("forest_coverage", 2018, 39.5)], 2018, NOT_MET, -0.5),
    # 7.3 生态文明建设工作考核占党政实绩考核的比例达到22%以上
    ("share 22", "7.3", [("eco_civ_assessment_share", 2018, 22)], 2018, MET, 0.0),
    (
        "share 21",
        "7.3",
        [("eco_civ_assessment_share", 2018, 21)],
        2018,
        NOT_MET,
        -1.0,
    ),
    # 4.2 市控及以上断面达到或优于Ⅲ类比例达到80%以上
    (
        "sections 78",
        "4.2",
        [("surface_water_class_iii_share", 2018, 78)],
        2018,
        NOT_MET,
        -2.0,
    ),
    # 6.4 城镇人均公园绿地面积达到13平方米/人以上
    (
        "park 13.4",
        "6.4",
        [("urban_park_green_area_per_capita", 2018, 13.4)],
        2018,
        MET,
        0.4,
    ),
    # 6.8 农村生活垃圾…处理建制村比例高于全省平均值 (reference given as data)
    ("villages above", "6.8", [(VILLAGES, 2018, 92, None, 90)], 2018, MET, 2.0),
    ("villages below", "6.8", [(VILLAGES, 2018, 88, None, 90)], 2018, NOT_MET, -2.0),
    ("villages equal", "6.8", [(VILLAGES, 2018, 90, None, 90)], 2018, NOT_MET, 0.0),
    ("villages no average", "6.8", [(VILLAGES, 2018, 92)], 2018, NO_DATA, None),
    # 5.1 EI保持“优”的水平并逐年有所提高
    (
        "ei excellent, rising",
        "5.1",
        [("ei", 2016, 80), ("ei", 2017, 81), ("ei", 2018, 82), (GRADE, 2018, True)],
        2018,
        MET,
        1.0,
    ),
    (
        "ei excellent, dip",
        "5.1",
        [("ei", 2016, 80), ("ei", 2017, 82), ("ei", 2018, 81), (GRADE, 2018, True)],
        2018,
        NOT_MET,
        -1.0,
    ),
    (
        "ei rising, not excellent",
        "5.1",
        [("ei", 2016, 70), ("ei", 2017, 71), ("ei", 2018, 72), (GRADE, 2018, False)],
        2018,
        NOT_MET,
        None,
    ),
    (
        "ei rising, grade missing",
        "5.1",
        [("ei", 2016, 80), ("ei", 2017, 81), ("ei", 2018, 82)],
        2018,
        NO_DATA,
        None,
    ),
    # 2.1 确保完成年度节能任务 (no due year: judged in the assessment year)
    ("energy task met", "2.1", [(ENERGY, 2019, 0.50, 0.52)], 2019, MET, 0.02),
    ("energy task missed", "2.1", [(ENERGY, 2019, 0.53, 0.52)], 2019, NOT_MET, -0.01),
    # 2.2 进一步降低单位生产总值的能耗
    (
        "energy falls",
        "2.2",
        [(ENERGY, 2016, 0.60), (ENERGY, 2017, 0.58), (ENERGY, 2018, 0.55)],
        2018,
        MET,
        0.02,
    ),
    # 1.2 划定并遵守生态保护红线; 7.1 建立环境损害责任终身追究制度
    ("red line", "1.2", [("ecological_red_line", 2018, True)], 2018, MET, None),
    ("red line no", "1.2", [("ecological_red_line", 2018, False)], 2018, NOT_MET, None),
    (
        "accountability",
        "7.1",
        [("damage_accountability_system", 2018, True)],
        2018,
        MET,
        None,
    ),
    # P.5 通过省专家组对我区创建的现场验收
    ("accepted", "P.5", [("provincial_site_acceptance", 2018, True)], 2018, MET, None),
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
    """The file is Shangyu's district plan, extending the Zhejiang 2016 standard."""
    assert plan.kind is DocumentKind.PLAN
    assert plan.level is Level.COUNTY
    assert plan.region == DISTRICT
    assert plan.extends == "zhejiang-2016-county"
    assert len([t for t in plan.tasks if t.domain == "work_tasks"]) == 8


def test_base_ids_exist_in_the_extended_standard(plan: Standard) -> None:
    """Every `base` names a requirement of zhejiang-2016-county."""
    base = ecociv.standards.load("zhejiang-2016-county")
    ids = {r.id for r in base.requirements}
    bases = {r.base for r in plan.requirements if r.base is not None}
    assert bases == {"C1", "C2", "1", "2", "3", "7", "8", "9"}
    assert bases <= ids


def test_five_phases(plan: Standard) -> None:
    """The timetable runs from January 2017 to November 2018 in five phases."""
    assert [p.name_zh for p in plan.phases] == [
        "制定规划阶段",
        "创建实施阶段",
        "技术评估阶段",
        "整改落实阶段",
        "现场验收阶段",
    ]
    assert plan.phases[0].start == dt.date(2017, 1, 1)
    assert plan.phases[1].end == dt.date(2018, 5, 31)
    assert plan.phases[3].start == dt.date(2018, 8, 1)
    assert plan.phases[3].end == dt.date(2018, 10, 31)
    assert plan.phases[-1].end == dt.date(2018, 11, 30)
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert before.end is not None
        assert after.start == before.end + dt.timedelta(days=1)


def test_not_yet_due_in_2017(plan: Standard) -> None:
    """In 2017 the 2018 forest target is not yet due, with the gap left."""
    j = judge(plan, "5.2", [("forest_coverage", 2017, 38.5)], 2017)
    assert j.verdict is NOT_YET_DUE
    assert j.requirement.due == 2018
    assert j.distance == pytest.approx(-1.5)


def test_past_due_is_judged_on_2018(plan: Standard) -> None:
    """In 2020 the air target is judged on the 2018 data."""
    rows: list[Row] = [
        ("good_air_days_share", 2018, 86),
        ("good_air_days_share", 2020, 80),
    ]
    j = judge(plan, "4.7", rows, 2020)
    assert j.verdict is MET
    assert j.distance == pytest.approx(1.0)
    assert "2018" in j.reason_en


def test_plan_step_due_in_2017(plan: Standard) -> None:
    """The creation plan is due in 2017, the year of the first phase."""
    j = judge(plan, "P.1", [("eco_civ_plan", 2017, True)], 2017)
    assert j.verdict is MET
    assert j.requirement.due == 2017


def test_no_departments_are_named(plan: Standard) -> None:
    """The plan names no lead or responsible department for any target."""
    j = judge(plan, "5.2", [("forest_coverage", 2018, 41)], 2018)
    assert j.requirement.lead == ()
    assert j.requirement.support == ()
    assert all(not r.lead and not r.support for r in plan.requirements)


def test_whole_plan_without_data_is_undecided(plan: Standard) -> None:
    """With no data, nothing is met and eligibility cannot be answered."""
    result = ecociv.assess(plan, DISTRICT, Observations(()), 2018)
    assert result.summary.binding.met == 0
    assert result.summary.eligible is None
    assert not result.issues  # no rows refused
    # The plan fits the region; the one warning is that it has no rows.
    assert [w.message.split(" in ")[0] for w in result.warnings] == [
        f"no rows for region {DISTRICT}"
    ]
