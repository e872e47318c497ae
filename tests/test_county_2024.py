"""The 2024 county standard judged line by line, with cases taken from its own table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecociv import Judgement, TrendComparison, TrendPolicy, Verdict
from ecociv.standards import Confidence, Standard


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NA, NO_DATA = Verdict.NOT_APPLICABLE, Verdict.INSUFFICIENT_DATA

Judge = Callable[..., Judgement]

PM = "pm25_annual_mean"

# (requirement, rows, expected verdict, expected distance or None); rows are
# (indicator, year, value[, assigned target]); the assessment year is 2024.
# Trends are judged under the default reading: a change of at most half the
# published precision counts as stable, so a trend's distance is its worst
# change plus that tolerance (0.5 μg/m³ for PM2.5, 0.05 points for a share).
CASES: list[tuple[str, str, list[tuple[Any, ...]], Verdict, float | None]] = [
    # 1 ≥20: at the bound, just past it, just short, missing.
    ("at bound", "1", [("eco_civ_assessment_share", 2024, 20)], MET, 0.0),
    ("above", "1", [("eco_civ_assessment_share", 2024, 20.5)], MET, 0.5),
    ("short", "1", [("eco_civ_assessment_share", 2024, 19.9)], NOT_MET, -0.1),
    ("missing", "1", [], NO_DATA, None),
    ("other year only", "1", [("eco_civ_assessment_share", 2023, 25)], NO_DATA, None),
    # 2 建立; 3 开展; 9 有效保障; 10 有效开展.
    ("established", "2", [("damage_accountability_system", 2024, "建立")], MET, None),
    ("yes", "2", [("damage_accountability_system", 2024, "是")], MET, None),
    (
        "not established",
        "2",
        [("damage_accountability_system", 2024, "否")],
        NOT_MET,
        None,
    ),
    (
        "wrong word",
        "9",
        [("key_construction_land_safe_use", 2024, "开展")],
        NO_DATA,
        None,
    ),
    ("stronger word", "6.3", [("biodiversity_survey", 2024, "有效开展")], MET, None),
    ("weaker word", "10", [("invasive_species_control", 2024, "开展")], NO_DATA, None),
    ("fact missing", "11", [], NO_DATA, None),
    # 4 PM2.5: assigned target AND stable-or-falling.
    ("pm met", "4", [(PM, 2022, 28), (PM, 2023, 27), (PM, 2024, 26, 30)], MET, 1.5),
    ("pm stable", "4", [(PM, 2022, 26), (PM, 2023, 26), (PM, 2024, 26, 30)], MET, 0.5),
    (
        "pm target missed",
        "4",
        [(PM, 2022, 28), (PM, 2023, 27), (PM, 2024, 26, 25)],
        NOT_MET,
        -1.0,
    ),
    (
        "pm rose",
        "4",
        [(PM, 2022, 26), (PM, 2023, 27), (PM, 2024, 26, 30)],
        NOT_MET,
        -0.5,
    ),
    (
        "pm no target",
        "4",
        [(PM, 2022, 28), (PM, 2023, 27), (PM, 2024, 26)],
        NO_DATA,
        None,
    ),
    ("pm gap in window", "4", [(PM, 2022, 28), (PM, 2024, 26, 30)], NO_DATA, None),
    # 5.1 surface water: assigned AND stable-or-rising.
    (
        "water stable",
        "5.1",
        [("surface_water_class_iii_share", y, 90) for y in (2022, 2023)]
        + [("surface_water_class_iii_share", 2024, 90, 85)],
        MET,
        0.05,
    ),
    (
        "water fell",
        "5.1",
        [
            ("surface_water_class_iii_share", 2022, 92),
            ("surface_water_class_iii_share", 2023, 90),
            ("surface_water_class_iii_share", 2024, 90, 85),
        ],
        NOT_MET,
        -1.95,
    ),
    # 5.2 ≥95, 5.3 100, 5.4 100*.
    ("sewage at bound", "5.2", [("county_sewage_treatment_rate", 2024, 95)], MET, 0.0),
    (
        "sewage short",
        "5.2",
        [("county_sewage_treatment_rate", 2024, 94.99)],
        NOT_MET,
        -0.01,
    ),
    (
        "black water",
        "5.3",
        [("built_up_black_odorous_water_elimination", 2024, 99)],
        NOT_MET,
        -1.0,
    ),
    (
        "rural black n/a",
        "5.4",
        [("rural_black_odorous_water_remediation", 2024, "不涉及")],
        NA,
        None,
    ),
    ("rural black missing", "5.4", [], NO_DATA, None),
    (
        "rural black met",
        "5.4",
        [("rural_black_odorous_water_remediation", 2024, 100)],
        MET,
        0.0,
    ),
    # 6.1 △EQI > -1 (strict), against the previous year.
    ("eqi drop of 1", "6.1", [("eqi", 2023, 65.5), ("eqi", 2024, 64.5)], NOT_MET, 0.0),
    ("eqi small drop", "6.1", [("eqi", 2023, 65.5), ("eqi", 2024, 64.75)], MET, 0.25),
    ("eqi rise", "6.1", [("eqi", 2023, 60), ("eqi", 2024, 62)], MET, 3.0),
    ("eqi no base", "6.1", [("eqi", 2024, 64)], NO_DATA, None),
    # 7.1 / 7.2 trend*, 8 ≥93*.
    (
        "forest stable",
        "7.1",
        [("forest_coverage", y, 65.3) for y in (2022, 2023, 2024)],
        MET,
        0.05,
    ),
    (
        "forest fell",
        "7.1",
        [
            ("forest_coverage", 2022, 65.3),
            ("forest_coverage", 2023, 65.3),
            ("forest_coverage", 2024, 65.2),
        ],
        NOT_MET,
        -0.05,
    ),
    ("grass n/a", "7.2", [("grassland_vegetation_cover", 2024, "不涉及")], NA, None),
    (
        "farmland at bound",
        "8",
        [("contaminated_farmland_safe_use_rate", 2024, 93)],
        MET,
        0.0,
    ),
    (
        "farmland n/a",
        "8",
        [("contaminated_farmland_safe_use_rate", 2024, "不涉及")],
        NA,
        None,
    ),
    # 12 ≥80.
    ("buses short", "12", [("new_energy_bus_share", 2024, 76)], NOT_MET, -4.0),
    # 13 assigned target on a rate where higher is better; 14 the same, with *.
    (
        "water use met",
        "13",
        [("industrial_water_use_decline_rate", 2024, 4.1, 3.5)],
        MET,
        0.6,
    ),
    (
        "water use missed",
        "13",
        [("industrial_water_use_decline_rate", 2024, 3.0, 3.5)],
        NOT_MET,
        -0.5,
    ),
    (
        "water use no target",
        "13",
        [("industrial_water_use_decline_rate", 2024, 4.1)],
        NO_DATA,
        None,
    ),
    (
        "irrigation met",
        "14",
        [("irrigation_water_use_coefficient", 2024, 0.61, 0.6)],
        MET,
        0.01,
    ),
    (
        "irrigation n/a",
        "14",
        [("irrigation_water_use_coefficient", 2024, "不涉及")],
        NA,
        None,
    ),
    # 15 ≥85, 17 ≥90, 18/19 100.
    ("film", "15", [("agricultural_film_recovery_rate", 2024, 85)], MET, 0.0),
    (
        "satisfaction",
        "17",
        [("public_satisfaction_eco_env", 2024, 89.9)],
        NOT_MET,
        -0.1,
    ),
    ("green buildings", "18", [("green_building_share", 2024, 100)], MET, 0.0),
    (
        "disclosure",
        "19",
        [("eco_env_information_disclosure_rate", 2024, 98)],
        NOT_MET,
        -2.0,
    ),
    # 16 trend without an assigned target.
    (
        "solid waste dip",
        "16",
        [
            ("industrial_solid_waste_utilization_rate", 2022, 95.0),
            ("industrial_solid_waste_utilization_rate", 2023, 94.2),
            ("industrial_solid_waste_utilization_rate", 2024, 94.8),
        ],
        NOT_MET,
        -0.75,
    ),
    # 21 reference: assigned AND stable-or-rising.
    (
        "noise met",
        "21",
        [
            ("acoustic_zone_night_compliance_rate", 2022, 88),
            ("acoustic_zone_night_compliance_rate", 2023, 90),
            ("acoustic_zone_night_compliance_rate", 2024, 91, 85),
        ],
        MET,
        1.05,
    ),
    # 22 持续下降: stable is not enough.
    (
        "landfill falling",
        "22",
        [
            ("hazardous_waste_landfill_share", 2022, 12),
            ("hazardous_waste_landfill_share", 2023, 10.5),
            ("hazardous_waste_landfill_share", 2024, 9),
        ],
        MET,
        1.5,
    ),
    (
        "landfill flat",
        "22",
        [
            ("hazardous_waste_landfill_share", 2022, 12),
            ("hazardous_waste_landfill_share", 2023, 10.5),
            ("hazardous_waste_landfill_share", 2024, 10.5),
        ],
        NOT_MET,
        0.0,
    ),
    ("shoreline", "23", [("shoreline_protection_rate", 2024, 97, 95)], MET, 2.0),
    (
        "manure",
        "24",
        [("small_livestock_manure_system", 2024, "未建立")],
        NOT_MET,
        None,
    ),
    (
        "soil rising",
        "25",
        [
            ("farmland_soil_organic_matter", y, v)
            for y, v in ((2022, 28.1), (2023, 28.4), (2024, 28.6))
        ],
        MET,
        0.25,
    ),
]


@pytest.mark.parametrize(
    ("requirement", "rows", "verdict", "distance"),
    [pytest.param(*c[1:], id=f"{c[1]}-{c[0]}") for c in CASES],
)
def test_requirement(
    judge: Judge,
    requirement: str,
    rows: list[tuple[Any, ...]],
    verdict: Verdict,
    distance: float | None,
) -> None:
    """Each line of the table gives the verdict and distance its wording implies."""
    j = judge(requirement, rows)
    assert j.verdict is verdict, j.reason_en
    if distance is None:
        assert j.distance is None
    else:
        assert j.distance == pytest.approx(distance)
    assert j.reason_zh
    assert j.reason_en


def test_every_requirement_has_a_case() -> None:
    """The table above exercises every requirement of the standard."""
    import ecociv  # noqa: PLC0415

    covered = {c[1] for c in CASES} | {"3", "6.2", "20"}  # 3, 6.2, 20: see other tests
    std = ecociv.standards.load("mee-2024-county")
    assert {r.id for r in std.requirements} <= covered


@pytest.mark.parametrize(
    ("region", "value", "verdict", "case"),
    [
        ("330683", 60, MET, "东部地区"),  # 嵊州市, Zhejiang: east, county-level city
        ("330683", 59.9, NOT_MET, "东部地区"),
        ("420102", 60, MET, "中西部地区市辖区"),  # 江岸区, Wuhan: central, district
        ("420102", 59, NOT_MET, "中西部地区市辖区"),
        ("421022", 30, MET, "中西部其他地区"),  # 公安县, Hubei: central, county
        ("421022", 29.9, NOT_MET, "中西部其他地区"),
        (
            "220102",
            30,
            MET,
            "东北地区",
        ),  # 南关区, Changchun: north-east, even a district
        ("150602", 59, NOT_MET, "中西部地区市辖区"),  # 东胜区, Ordos: west (ambiguous)
    ],
)
def test_rural_sewage_depends_on_region(
    judge: Judge, region: str, value: float, verdict: Verdict, case: str
) -> None:
    """Rural sewage takes ≥60 or ≥30 by region class and kind, and names the case."""
    j = judge("20", [("rural_sewage_treatment_rate", 2024, value)], region=region)
    assert j.verdict is verdict
    assert case in j.reason_zh


def test_inner_mongolia_class_is_flagged(judge: Judge) -> None:
    """A region whose class is ambiguous says so in the verdict."""
    j = judge("20", [("rural_sewage_treatment_rate", 2024, 70)], region="150602")
    assert "注意" in j.reason_zh
    assert "note:" in j.reason_en


def test_not_applicable_only_for_starred(judge: Judge) -> None:
    """不涉及 on an indicator without * gives insufficient data, never met."""
    j = judge("5.2", [("county_sewage_treatment_rate", 2024, "不涉及")])
    assert j.verdict is NO_DATA
    assert "未标*" in j.reason_zh


def test_composite_names_the_failing_part(judge: Judge) -> None:
    """An AllOf verdict keeps each part, so the failing condition is visible."""
    j = judge("4", [(PM, 2022, 26), (PM, 2023, 27), (PM, 2024, 26, 30)])
    kinds = {p.rule: p.verdict for p in j.parts}
    assert kinds == {"assigned_target": MET, "trend": NOT_MET}
    assert j.policy == TrendPolicy()


@pytest.mark.parametrize(
    ("policy", "verdict"),
    [
        (TrendPolicy(), NOT_MET),
        (TrendPolicy(tolerance=0.5), NOT_MET),
        (TrendPolicy(tolerance=0.8), MET),
        (TrendPolicy(tolerances={"industrial_solid_waste_utilization_rate": 1.0}), MET),
        (TrendPolicy(comparison=TrendComparison.FIRST_LAST), NOT_MET),
        (TrendPolicy(window=2), MET),
    ],
)
def test_trend_policy_is_configurable(
    judge: Judge, policy: TrendPolicy, verdict: Verdict
) -> None:
    """Tolerance, comparison and window change the verdict and are echoed in it."""
    rows = [
        ("industrial_solid_waste_utilization_rate", 2022, 95.0),
        ("industrial_solid_waste_utilization_rate", 2023, 94.2),
        ("industrial_solid_waste_utilization_rate", 2024, 94.8),
    ]
    j = judge("16", rows, policy=policy)
    assert j.verdict is verdict
    assert j.policy == policy
    assert len(j.values) == policy.window


def test_first_last_comparison_ignores_the_dip(judge: Judge) -> None:
    """Comparing first with last year passes a series that dips and recovers."""
    rows = [
        ("forest_coverage", 2022, 65.0),
        ("forest_coverage", 2023, 64.5),
        ("forest_coverage", 2024, 65.5),
    ]
    assert judge("7.1", rows).verdict is NOT_MET
    first_last = TrendPolicy(comparison=TrendComparison.FIRST_LAST)
    assert judge("7.1", rows, policy=first_last).verdict is MET


def test_trend_window_reaches_back(judge: Judge) -> None:
    """A five-year window needs five years of data."""
    rows = [("forest_coverage", y, 65.0) for y in (2022, 2023, 2024)]
    j = judge("7.1", rows, policy=TrendPolicy(window=5))
    assert j.verdict is NO_DATA
    assert "2020" in j.reason_en


def test_remaining_lines(judge: Judge) -> None:
    """Lines 3 and 6.2 judge like the table says (开展; 100)."""
    assert (
        judge("3", [("natural_resource_departure_audit", 2024, "开展")]).verdict is MET
    )
    assert (
        judge("6.2", [("protected_area_problem_rectification_rate", 2024, 100)]).verdict
        is MET
    )


class TestStandardData:
    """The encoded table matches the research notes row for row."""

    def test_counts(self, county2024: Standard) -> None:
        """25 binding lines and 6 reference lines, as the table has."""
        binding = [r for r in county2024.requirements if r.binding]
        assert len(binding) == 25
        assert len(county2024.requirements) - len(binding) == 6
        assert sorted({r.number for r in binding}, key=int) == [
            str(n) for n in range(1, 20)
        ]

    def test_starred_lines_are_applicable_rules(self, county2024: Standard) -> None:
        """Exactly the * indicators are wrapped in an applicability rule."""
        starred = {r.id for r in county2024.requirements if r.rule.kind == "applicable"}
        assert starred == {"5.4", "7.1", "7.2", "8", "14"}
        for r in county2024.requirements:
            assert r.printed_name.endswith("*") == (r.id in starred), r.id

    def test_provenance(self, county2024: Standard) -> None:
        """Every line carries sources and a grade; ambiguities stay visible."""
        for r in county2024.requirements:
            assert r.sources
            assert isinstance(r.confidence, Confidence)
        by_id = {r.id: r for r in county2024.requirements}
        assert by_id["5.3"].printed_name == "(略)建成区黑臭水体消除率"
        assert by_id["5.3"].ambiguities
        assert by_id["14"].printed_unit == "%"
        assert by_id["14"].ambiguities
        assert by_id["5.1"].ambiguities  # the 下降 / 提高 contradiction in S1

    def test_names_as_printed(self, county2024: Standard) -> None:
        """Indicator names are the standard's wording, without * and group heading."""
        names = {i.name_zh for i in county2024.indicators}
        assert "PM2.5浓度" in names
        assert "生态质量指数(EQI)" in names
        assert all("*" not in n for n in names)
