"""The Xianning 2022 plan (seed 000) judged on data taken from its own wording."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import ecociv
from ecociv import Verdict
from ecociv.standards import DocumentKind, Standard
from ecociv.testing import expect, judge


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NO_DATA, NOT_YET_DUE = Verdict.INSUFFICIENT_DATA, Verdict.NOT_YET_DUE

FILE = Path(ecociv.__file__).parent / "standards" / "data" / "plan-xianning-2022.toml"
CITY = "421200"
# 咸安区, 嘉鱼县, 通城县, 崇阳县, 通山县, 赤壁市
COUNTIES = ("421202", "421221", "421222", "421223", "421224", "421281")
PROV, NAT = "provincial_demonstration_title", "national_demonstration_title"

# A row is (indicator, year, value[, assigned target]) for the city itself, or
# (region, indicator, year, value) when its first item is a region code.
Row = tuple[Any, ...]


@pytest.fixture(scope="module")
def plan() -> Standard:
    """The Xianning plan file."""
    return ecociv.standards.load_file(FILE)


def titles(indicator: str, year: int, held: Sequence[bool | None]) -> list[Row]:
    """Rows giving each county's title; None leaves that county out."""
    return [
        (code, indicator, year, value)
        for code, value in zip(COUNTIES, held, strict=True)
        if value is not None
    ]


GROWTH = "construction_land_gdp_per_mu_growth_rate"
DECLINE = "construction_land_per_gdp_decline_rate"
ENERGY = "energy_per_gdp"
EI, EI_GOOD = "ei", "ei_grade_good_or_excellent"
PM, PM_DECLINE = "pm25_annual_mean", "pm25_concentration_decline"

# (case, requirement, rows, assessment year, verdict, distance; None: no distance)
CASES: list[tuple[str, str, list[Row], int, Verdict, float | None]] = [
    # 3 生态文明建设工作占党政实绩的考核比例达20%以上
    ("share at 20", "3", [("eco_civ_assessment_share", 2023, 20)], 2023, MET, 0.0),
    (
        "share 19.5",
        "3",
        [("eco_civ_assessment_share", 2023, 19.5)],
        2023,
        NOT_MET,
        -0.5,
    ),
    ("share missing", "3", [], 2023, NO_DATA, None),
    # 24 城镇污水处理率达95%以上
    ("sewage 96", "24", [("urban_sewage_treatment_rate", 2023, 96)], 2023, MET, 1.0),
    (
        "sewage 94",
        "24",
        [("urban_sewage_treatment_rate", 2023, 94)],
        2023,
        NOT_MET,
        -1.0,
    ),
    # 25 农村生活污水治理率≥50%
    (
        "rural sewage 50",
        "25",
        [("rural_sewage_treatment_rate", 2023, 50)],
        2023,
        MET,
        0.0,
    ),
    # 27 农村生活垃圾无害化处理村占比达80%
    (
        "villages 79",
        "27",
        [("rural_waste_harmless_village_share", 2023, 79)],
        2023,
        NOT_MET,
        -1.0,
    ),
    # 28 城镇人均公园绿地面积达15平方米/人以上
    (
        "park 15.5",
        "28",
        [("urban_park_green_area_per_capita", 2023, 15.5)],
        2023,
        MET,
        0.5,
    ),
    (
        "park 14",
        "28",
        [("urban_park_green_area_per_capita", 2023, 14)],
        2023,
        NOT_MET,
        -1.0,
    ),
    # 32.3 在售用水器具中节水型器具占比达100%
    (
        "fixtures 99",
        "32.3",
        [("water_saving_fixture_share", 2023, 99)],
        2023,
        NOT_MET,
        -1.0,
    ),
    # 19 亩均GDP年均增长率达6.8%以上 或 单位GDP建设用地使用面积下降率达4.5%以上
    (
        "growth suffices",
        "19",
        [(GROWTH, 2023, 7.0), (DECLINE, 2023, 3.0)],
        2023,
        MET,
        0.2,
    ),
    (
        "decline suffices",
        "19",
        [(GROWTH, 2023, 5.0), (DECLINE, 2023, 4.6)],
        2023,
        MET,
        0.1,
    ),
    ("neither", "19", [(GROWTH, 2023, 6.0), (DECLINE, 2023, 4.0)], 2023, NOT_MET, -0.5),
    ("one short, one missing", "19", [(GROWTH, 2023, 6.0)], 2023, NO_DATA, None),
    # 17 能耗完成上级下达的目标任务并保持稳定或持续改善
    (
        "energy met",
        "17",
        [(ENERGY, 2021, 0.50), (ENERGY, 2022, 0.48), (ENERGY, 2023, 0.47, 0.49)],
        2023,
        MET,
        0.0105,
    ),
    (
        "energy rose",
        "17",
        [(ENERGY, 2021, 0.50), (ENERGY, 2022, 0.46), (ENERGY, 2023, 0.47, 0.49)],
        2023,
        NOT_MET,
        -0.0095,
    ),
    (
        "energy no target",
        "17",
        [(ENERGY, 2021, 0.50), (ENERGY, 2022, 0.48), (ENERGY, 2023, 0.47)],
        2023,
        NO_DATA,
        None,
    ),
    # 7.2 PM2.5下降幅度完成考核任务; the concentration stays stable or falls
    (
        "pm25 met",
        "7.2",
        [(PM, 2021, 36), (PM, 2022, 34), (PM, 2023, 33), (PM_DECLINE, 2023, 8, 5)],
        2023,
        MET,
        1.5,
    ),
    (
        "pm25 decline short",
        "7.2",
        [(PM, 2021, 36), (PM, 2022, 34), (PM, 2023, 33), (PM_DECLINE, 2023, 4, 5)],
        2023,
        NOT_MET,
        -1.0,
    ),
    # 9 生态环境状况指数保持为优良且不降低
    (
        "ei good, stable",
        "9",
        [(EI, 2021, 70), (EI, 2022, 70), (EI, 2023, 71), (EI_GOOD, 2023, True)],
        2023,
        MET,
        0.005,
    ),
    (
        "ei fell",
        "9",
        [(EI, 2021, 70), (EI, 2022, 71), (EI, 2023, 70.5), (EI_GOOD, 2023, True)],
        2023,
        NOT_MET,
        -0.495,
    ),
    # 15 生态保护红线面积不减少、性质不改变、功能不降低
    ("red line holds", "15", [("ecological_red_line", 2023, True)], 2023, MET, None),
    (
        "red line broken",
        "15",
        [("ecological_red_line", 2023, False)],
        2023,
        NOT_MET,
        None,
    ),
    # 30 进一步提高公共交通出行分担率
    (
        "transport rising",
        "30",
        [
            ("public_transport_share", y, v)
            for y, v in ((2021, 40), (2022, 41), (2023, 43))
        ],
        2023,
        MET,
        1.0,
    ),
    # 二 省级示范县市区全覆盖 (due 2023), judged over the six counties
    ("all provincial", "G.1", titles(PROV, 2023, [True] * 6), 2023, MET, 0.0),
    (
        "one not provincial",
        "G.1",
        titles(PROV, 2023, [True] * 5 + [False]),
        2023,
        NOT_MET,
        100 * 5 / 6 - 100,
    ),
    (
        "one county missing",
        "G.1",
        titles(PROV, 2023, [True] * 5 + [None]),
        2023,
        NO_DATA,
        None,
    ),
    # 二 国家级示范县市区达50%及以上
    (
        "three national",
        "G.2",
        titles(NAT, 2023, [True] * 3 + [False] * 3),
        2023,
        MET,
        0.0,
    ),
    (
        "two national",
        "G.2",
        titles(NAT, 2023, [True] * 2 + [False] * 4),
        2023,
        NOT_MET,
        100 * 2 / 6 - 50,
    ),
    # Before 2023 the goals are not yet due, with the distance as of that year.
    (
        "not yet due",
        "G.2",
        titles(NAT, 2022, [True] * 2 + [False] * 4),
        2022,
        NOT_YET_DUE,
        100 * 2 / 6 - 50,
    ),
    # After 2023 the goals are judged on the data of 2023.
    ("past due, 2023 data", "G.3", [(NAT, 2023, True)], 2025, MET, None),
    ("past due, later data only", "G.3", [(NAT, 2025, True)], 2025, NO_DATA, None),
    (
        "step past due",
        "S2.4",
        [("provincial_pre_review_recommendation", 2023, False)],
        2024,
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
    """The file is a city plan for 咸宁市 that extends the 2021 revision."""
    assert plan.kind is DocumentKind.PLAN
    assert (plan.region, plan.extends, plan.level.value) == (CITY, "mee-2021", "city")
    assert len(plan.requirements) == 52
    assert [p.name_zh for p in plan.phases] == [
        "全面开展创建",
        "申报核查命名",
        "示范引领再提升",
    ]


def test_every_task_is_encoded(plan: Standard) -> None:
    """Each of the 36 numbered tasks has at least one requirement."""
    numbers = {r.number for r in plan.requirements}
    assert {str(n) for n in range(1, 37)} <= numbers


@pytest.mark.parametrize(
    ("req", "lead", "support"),
    [
        ("3", ("市委组织部",), ("市生态环境局", "各县市区党委、政府")),
        ("19", ("市自然资源和规划局",), ("各县市区政府",)),
        ("G.3", ("市生态创建办",), ()),
    ],
)
def test_departments(
    plan: Standard, req: str, lead: tuple[str, ...], support: tuple[str, ...]
) -> None:
    """A judgement carries the requirement's lead and supporting departments."""
    j = judge(plan, req, [], 2023)
    assert (j.requirement.lead, j.requirement.support) == (lead, support)


def test_goal_counts_the_six_counties(plan: Standard) -> None:
    """The county goal counts exactly Xianning's six county-level units."""
    j = judge(plan, "G.1", titles(PROV, 2023, [True] * 6), 2023)
    assert sorted(str(v.region) for v in j.values) == sorted(COUNTIES)
