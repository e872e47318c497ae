"""The Shengzhou 2024-2025 plan (seed 001), judged on cases from its own wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import ecociv
from ecociv import Verdict
from ecociv.standards import DocumentKind, Standard
from ecociv.testing import judge


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NA, NO_DATA, NOT_DUE = (
    Verdict.NOT_APPLICABLE,
    Verdict.INSUFFICIENT_DATA,
    Verdict.NOT_YET_DUE,
)

SHENGZHOU = "330683"
PLAN_FILE = (
    Path(__file__).resolve().parents[1]
    / "src/ecociv/standards/data/plan-shengzhou-2024.toml"
)

PM = "pm25_annual_mean"
WATER = "surface_water_class_iii_share"

Row = tuple[Any, ...]


@pytest.fixture(scope="module")
def plan() -> Standard:
    """The Shengzhou plan, read from its data file."""
    return ecociv.standards.load_file(PLAN_FILE)


# (case, requirement, rows, assessment year, expected verdict, expected distance)
CASES: list[tuple[str, str, list[Row], int, Verdict, float | None]] = [
    # 1: 2024-2025年确保…比例不得低于20%.
    (
        "share at 20",
        "1.1-2024",
        [("eco_civ_assessment_share", 2024, 20)],
        2024,
        MET,
        0.0,
    ),
    (
        "share 19.5",
        "1.1-2025",
        [("eco_civ_assessment_share", 2025, 19.5)],
        2025,
        NOT_MET,
        -0.5,
    ),
    ("share missing", "1.1-2024", [], 2024, NO_DATA, None),
    # 4: PM2.5 完成上级规定的年度考核任务且保持稳定或持续下降.
    (
        "pm met",
        "4.1-2024",
        [(PM, 2022, 28), (PM, 2023, 27), (PM, 2024, 26, 30)],
        2024,
        MET,
        1.5,
    ),
    (
        "pm rose",
        "4.1-2024",
        [(PM, 2022, 26), (PM, 2023, 27), (PM, 2024, 26, 30)],
        2024,
        NOT_MET,
        -0.5,
    ),
    (
        "pm no assigned target",
        "4.1-2024",
        [(PM, 2022, 28), (PM, 2023, 27), (PM, 2024, 26)],
        2024,
        NO_DATA,
        None,
    ),
    # 4: 空气质量优良率, read in its good direction (stable or rising).
    (
        "good days rising",
        "4.2-2025",
        [
            ("good_air_days_share", 2023, 90),
            ("good_air_days_share", 2024, 92),
            ("good_air_days_share", 2025, 93, 91),
        ],
        2025,
        MET,
        1.05,
    ),
    # 5: 15个县控以上断面Ⅰ-Ⅲ类水比例和功能区达标率100%.
    (
        "sections all class I-III",
        "5.1",
        [("county_control_sections_class_i_iii_share", 2024, 100)],
        2024,
        MET,
        0.0,
    ),
    (
        "one section of 15 worse",
        "5.1",
        [("county_control_sections_class_i_iii_share", 2024, 93.3)],
        2024,
        NOT_MET,
        -6.7,
    ),
    (
        "zones compliant",
        "5.2",
        [("water_function_zone_compliance_rate", 2024, 100)],
        2025,
        MET,
        0.0,
    ),
    # 5: 地表水…比例 (table reading: stable or rising).
    (
        "water fell",
        "5.3-2024",
        [(WATER, 2022, 95), (WATER, 2023, 93), (WATER, 2024, 93, 90)],
        2024,
        NOT_MET,
        -1.95,
    ),
    # 5: 县城污水处理率不低于95%; 较大面积农村黑臭水体整治率*.
    (
        "sewage 96",
        "5.6-2025",
        [("county_sewage_treatment_rate", 2025, 96)],
        2025,
        MET,
        1.0,
    ),
    (
        "sewage 94",
        "5.6-2024",
        [("county_sewage_treatment_rate", 2024, 94)],
        2024,
        NOT_MET,
        -1.0,
    ),
    (
        "rural black water n/a",
        "5.5-2024",
        [("rural_black_odorous_water_remediation", 2024, "不涉及")],
        2024,
        NA,
        None,
    ),
    # 5: 2024年完成…47个行政村农村生活污水提标改造.
    (
        "47 villages",
        "5.7",
        [("rural_sewage_upgraded_villages", 2024, 47)],
        2024,
        MET,
        0.0,
    ),
    (
        "40 villages",
        "5.7",
        [("rural_sewage_upgraded_villages", 2024, 40)],
        2024,
        NOT_MET,
        -7.0,
    ),
    # 5: 农村生活污水治理(管控)率不低于60% (a reference line).
    (
        "rural sewage 58",
        "5.8-2024",
        [("rural_sewage_treatment_rate", 2024, 58)],
        2024,
        NOT_MET,
        -2.0,
    ),
    # 6: 危险废物填埋处置量占比持续下降 (strictly falling).
    (
        "landfill share flat",
        "6.2-2025",
        [
            ("hazardous_waste_landfill_share", 2023, 10),
            ("hazardous_waste_landfill_share", 2024, 9),
            ("hazardous_waste_landfill_share", 2025, 9),
        ],
        2025,
        NOT_MET,
        0.0,
    ),
    # 7: 2024年建设“宁静小区”3个以上.
    (
        "three quiet communities",
        "7.2",
        [("quiet_residential_communities_built", 2024, 3)],
        2024,
        MET,
        0.0,
    ),
    (
        "two quiet communities",
        "7.2",
        [("quiet_residential_communities_built", 2024, 2)],
        2024,
        NOT_MET,
        -1.0,
    ),
    # 8: EQI 与往年相比保持基本稳定或提升 (△EQI>-1).
    ("eqi fell 0.5", "8.1", [("eqi", 2023, 60.0), ("eqi", 2024, 59.5)], 2024, MET, 0.5),
    (
        "eqi fell 1",
        "8.1",
        [("eqi", 2023, 60.0), ("eqi", 2024, 59.0)],
        2024,
        NOT_MET,
        0.0,
    ),
    # 9, 16: 完成上级规定的考核任务.
    (
        "shoreline at target",
        "9.1-2024",
        [("shoreline_protection_rate", 2024, 90, 90)],
        2024,
        MET,
        0.0,
    ),
    (
        "industrial water decline short",
        "16.2-2025",
        [("industrial_water_use_decline_rate", 2025, 3, 4)],
        2025,
        NOT_MET,
        -1.0,
    ),
    # 10: 确保外来物种入侵不明显; 13: 坚决杜绝重、特大突发环境事件.
    (
        "invasion not obvious",
        "10.1",
        [("invasive_alien_species_invasion", 2024, True)],
        2024,
        MET,
        None,
    ),
    (
        "invasion obvious",
        "10.1",
        [("invasive_alien_species_invasion", 2024, False)],
        2024,
        NOT_MET,
        None,
    ),
    (
        "no major incident",
        "13.2",
        [("major_env_incident_or_eco_damage", 2024, True)],
        2024,
        MET,
        None,
    ),
    (
        "major incident",
        "13.2",
        [("major_env_incident_or_eco_damage", 2024, False)],
        2024,
        NOT_MET,
        None,
    ),
    # 12: 受污染耕地安全利用率达到93%以上; 建设用地安全利用得到有效保障.
    (
        "farmland 93",
        "12.2-2024",
        [("contaminated_farmland_safe_use_rate", 2024, 93)],
        2024,
        MET,
        0.0,
    ),
    (
        "construction land",
        "12.3-2025",
        [("key_construction_land_safe_use", 2025, True)],
        2025,
        MET,
        None,
    ),
    # 17: 秸秆综合利用率不低于90%; 农膜回收利用率不低于85%.
    ("straw 91", "17.1-2024", [("straw_utilization_rate", 2024, 91)], 2024, MET, 1.0),
    (
        "straw 89",
        "17.1-2025",
        [("straw_utilization_rate", 2025, 89)],
        2025,
        NOT_MET,
        -1.0,
    ),
    (
        "film 85",
        "17.2-2025",
        [("agricultural_film_recovery_rate", 2025, 85)],
        2025,
        MET,
        0.0,
    ),
    # 20: 公众对生态文明建设的满意度不低于90%.
    (
        "satisfaction 89",
        "20.1",
        [("public_satisfaction_eco_civ", 2024, 89)],
        2024,
        NOT_MET,
        -1.0,
    ),
    # Not yet due: 到2025年 targets assessed in 2024, with the distance left.
    (
        "prefab not yet due",
        "18.1",
        [("prefab_building_share", 2024, 20)],
        2024,
        NOT_DUE,
        -5.0,
    ),
    (
        "green travel not yet due",
        "14.2",
        [("green_travel_share", 2024, 72)],
        2024,
        NOT_DUE,
        2.0,
    ),
    (
        "monitoring not yet due",
        "7.3",
        [("acoustic_zone_automatic_monitoring", 2024, False)],
        2024,
        NOT_DUE,
        None,
    ),
    # Due: 到2025年 targets in 2025.
    ("prefab due", "18.1", [("prefab_building_share", 2025, 26)], 2025, MET, 1.0),
    (
        "green travel due short",
        "14.2",
        [("green_travel_share", 2025, 68)],
        2025,
        NOT_MET,
        -2.0,
    ),
    # Past due: 2024 targets assessed in 2025 are judged on the 2024 data.
    (
        "quiet communities past due",
        "7.2",
        [
            ("quiet_residential_communities_built", 2024, 4),
            ("quiet_residential_communities_built", 2025, 0),
        ],
        2025,
        MET,
        1.0,
    ),
    (
        "2024 share past due",
        "1.1-2024",
        [
            ("eco_civ_assessment_share", 2024, 18),
            ("eco_civ_assessment_share", 2025, 25),
        ],
        2025,
        NOT_MET,
        -2.0,
    ),
    (
        "title past due, 2024 data missing",
        "G.1",
        [("national_demonstration_title", 2025, True)],
        2025,
        NO_DATA,
        None,
    ),
    (
        "title named in 2024",
        "G.1",
        [("national_demonstration_title", 2024, True)],
        2024,
        MET,
        None,
    ),
]


@pytest.mark.parametrize(
    ("requirement", "rows", "year", "verdict", "distance"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_case(
    plan: Standard,
    requirement: str,
    rows: list[Row],
    year: int,
    verdict: Verdict,
    distance: float | None,
) -> None:
    """Each target of the plan gets the verdict and distance its wording implies."""
    j = judge(plan, requirement, rows, year)
    assert j.verdict is verdict, j.reason_en
    if distance is None:
        assert j.distance is None
    else:
        assert j.distance == pytest.approx(distance)


def test_plan_metadata(plan: Standard) -> None:
    """The file is a county plan for Shengzhou that extends the 2024 county standard."""
    assert plan.kind is DocumentKind.PLAN
    assert plan.id == "plan-shengzhou-2024"
    assert plan.extends == "mee-2024-county"
    assert plan.region == SHENGZHOU
    assert len(plan.requirements) == 80
    assert plan.completeness.value == "partial"
    assert plan.missing


def test_phases(plan: Standard) -> None:
    """The four phases run from January 2024 to the end of 2025 without gaps."""
    names = [p.name_zh for p in plan.phases]
    assert names == ["宣传启动阶段", "技术评估阶段", "考核验收阶段", "深化巩固阶段"]
    assert plan.phases[0].start == dt.date(2024, 1, 1)
    assert plan.phases[0].end == dt.date(2024, 2, 29)
    assert plan.phases[-1].end == dt.date(2025, 12, 31)
    for a, b in zip(plan.phases, plan.phases[1:], strict=False):
        assert a.end is not None
        assert b.start == a.end + dt.timedelta(days=1)
    assert plan.phases[2].contains(dt.date(2024, 12, 31))


def test_bases_point_at_the_standard(plan: Standard) -> None:
    """Every base is a mee-2024-county line on the same indicator; all 31 appear."""
    base = {r.id: r for r in ecociv.standards.load("mee-2024-county").requirements}
    for req in plan.requirements:
        if req.base is not None:
            assert req.base in base, req.id
            assert base[req.base].indicator == req.indicator, req.id
    assert {r.base for r in plan.requirements if r.base} == set(base)


def test_reference_lines_stay_reference(plan: Standard) -> None:
    """Targets restating the 参考性指标 lines 20-25 are not binding; the others are."""
    for req in plan.requirements:
        assert req.binding is (req.base not in {"20", "21", "22", "23", "24", "25"}), (
            req.id
        )


def test_dual_year_targets_pair_up(plan: Standard) -> None:
    """Each 2024-2025年 target has a 2024 and a 2025 requirement with the same rule."""
    reqs = {r.id: r for r in plan.requirements}
    firsts = [r for r in plan.requirements if r.id.endswith("-2024")]
    assert len(firsts) == 22
    for r in firsts:
        twin = reqs[r.id.removesuffix("-2024") + "-2025"]
        assert (r.due, twin.due) == (2024, 2025)
        assert (r.rule, r.target_text, r.lead) == (
            twin.rule,
            twin.target_text,
            twin.lead,
        )


@pytest.mark.parametrize(
    ("requirement", "lead", "support"),
    [
        ("1.1-2024", ("组织部(考核办)",), ()),
        (
            "4.1-2025",
            ("生态环境分局",),
            ("经信局", "发改局", "交通运输局", "商务局", "住建局"),
        ),
        ("5.4-2024", ("住建局",), ("生态环境分局", "治水办")),
        ("5.5-2025", ("治水办",), ("生态环境分局", "住建局", "农业农村局")),
        ("6.2-2024", ("生态环境分局",), ("卫健局",)),
        ("A1.10", ("自然资源局",), ("农业农村局",)),
        ("14.2", ("住建局",), ("交通运输局",)),
    ],
)
def test_departments(
    plan: Standard, requirement: str, lead: tuple[str, ...], support: tuple[str, ...]
) -> None:
    """The judgement carries the lead (marked *) and supporting departments."""
    j = judge(plan, requirement, [], 2025)
    assert j.requirement.lead == lead
    assert j.requirement.support == support


def test_contradiction_recorded(plan: Standard) -> None:
    """The plan's 持续下降 against 持续提高 for good surface water stays ambiguous."""
    req = next(r for r in plan.requirements if r.id == "5.3-2025")
    assert any("持续下降" in a and "持续提高" in a for a in req.ambiguities)


def test_assessment_summary(plan: Standard) -> None:
    """A 2024 assessment reports every requirement, the 2025 ones as not yet due."""
    result = ecociv.assess(plan, SHENGZHOU, [], 2024)
    assert len(result.judgements) == 80
    due_2025 = [r for r in plan.requirements if r.due == 2025]
    assert (
        result.summary.binding.not_yet_due + result.summary.reference.not_yet_due
        == len(due_2025)
    )
    assert result.summary.eligible is None
    assert not result.issues


def test_no_rule_kinds_the_plan_lacks(plan: Standard) -> None:
    """The plan has no 或, 左右, 高于 or sub-region targets, so none is encoded."""
    kinds = {r.kind for req in plan.requirements for r in ecociv.rules.walk(req.rule)}
    assert kinds.isdisjoint(
        {"any_of", "around", "above_reference", "sub_region_share", "rate"}
    )
