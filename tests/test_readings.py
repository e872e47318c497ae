"""How the bundled texts' words are read (docs/readings.md), from their seed lines.

Each case is a line of a seed plan or a standard, judged on data that puts it
at the edge a reader would argue about: a share already at 100 %, a value
that moves less than one published digit, a value near but not at "about 70".
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import ecociv
from ecociv import TrendPolicy, Verdict
from ecociv._wire import from_dict, to_dict
from ecociv.errors import ArgumentError
from ecociv.rules import PRECISION, ROUNDING, Around, TrendKind, TrendRule, walk
from ecociv.standards import DocumentKind, Standard
from ecociv.testing import expect, judge, outcome


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
STRICT = TrendPolicy(tolerance=0)
NARROW = TrendPolicy(around=ROUNDING)


@pytest.fixture(scope="module")
def std() -> dict[str, Standard]:
    """The bundled files the cases quote."""
    ids = ("plan-ordos-2022", "plan-xianning-2022", "mee-2024-county")
    return {i: ecociv.standards.load(i) for i in ids}


def _series(indicator: str, values: tuple[float, ...], last: int) -> list[Any]:
    first = last - len(values) + 1
    return [(indicator, first + k, v) for k, v in enumerate(values)]


BLACK = "prefecture_black_odorous_water_elimination"
CLASS_III = "surface_water_class_iii_share"
WORSE_V = "surface_water_worse_than_v_share"
VILLAGES = "rural_waste_harmless_village_share"
WASTE = "industrial_solid_waste_utilization_rate"

# Each case: name, file, requirement, rows, year, policy, verdict, distance and
# the words its English reason must hold.
CASES: list[
    tuple[str, str, str, list[Any], int, TrendPolicy | None, Verdict, float, str]
] = [
    # Ordos 7: 确保地表水水质达到或优于III类标准比例提高幅度、劣V类水体比例下降幅度、
    # 黑臭水体消除比例持续改善 — at 100 % (0 % for worse than V) they cannot improve.
    (
        "black water held at 100",
        "plan-ordos-2022",
        "7.3",
        _series(BLACK, (100, 100, 100), 2023),
        2023,
        None,
        MET,
        0.0,
        "ceiling of 100 %",
    ),
    (
        "class III held at 100",
        "plan-ordos-2022",
        "7.1",
        _series(CLASS_III, (100, 100, 100), 2023),
        2023,
        None,
        MET,
        0.0,
        "cannot rise further",
    ),
    (
        "worse than V held at 0",
        "plan-ordos-2022",
        "7.2",
        _series(WORSE_V, (0, 0, 0), 2023),
        2023,
        None,
        MET,
        0.0,
        "floor of 0 %",
    ),
    (
        "black water reaches 100 and stays",
        "plan-ordos-2022",
        "7.3",
        _series(BLACK, (98, 100, 100), 2023),
        2023,
        None,
        MET,
        2.0,
        "1 comparison(s) held at the ceiling",
    ),
    (
        "black water leaves 100",
        "plan-ordos-2022",
        "7.3",
        _series(BLACK, (100, 99, 100), 2023),
        2023,
        None,
        NOT_MET,
        -1.0,
        "not met",
    ),
    (
        "black water flat below 100",
        "plan-ordos-2022",
        "7.3",
        _series(BLACK, (95, 95, 96), 2023),
        2023,
        None,
        NOT_MET,
        0.0,
        "improving at every comparison",
    ),
    # Ordos 26: 到2023年,农村生活垃圾无害化处理村占比持续改善,达到90%.
    (
        "villages held at 100",
        "plan-ordos-2022",
        "26.1",
        _series(VILLAGES, (100, 100, 100), 2023),
        2023,
        None,
        MET,
        0.0,
        "counts as improving",
    ),
    # Xianning 22: 一般工业固体废物综合利用率保持稳定或持续改善 — at the bound.
    (
        "solid waste held at 100",
        "plan-xianning-2022",
        "22",
        _series(WASTE, (100, 100, 100), 2023),
        2023,
        STRICT,
        MET,
        0.0,
        "ceiling of 100 %",
    ),
    # 2024 county 7: 森林覆盖率* 保持稳定或持续改善 — 77.2 → 77.19 → 77.3.
    (
        "forest within a published digit",
        "mee-2024-county",
        "7.1",
        _series("forest_coverage", (77.2, 77.19, 77.3), 2024),
        2024,
        None,
        MET,
        0.04,
        "published precision 0.1 %",
    ),
    (
        "forest strict",
        "mee-2024-county",
        "7.1",
        _series("forest_coverage", (77.2, 77.19, 77.3), 2024),
        2024,
        STRICT,
        NOT_MET,
        -0.01,
        "strict reading, tolerance 0",
    ),
    (
        "forest falls a published digit",
        "mee-2024-county",
        "7.1",
        _series("forest_coverage", (77.2, 77.1, 77.3), 2024),
        2024,
        None,
        NOT_MET,
        -0.05,
        "a change of at most 0.05 counts as stable",
    ),
    # 2024 county 4: PM2.5 ... 保持稳定或持续下降, published in whole μg/m³.
    (
        "pm within half a microgram",
        "mee-2024-county",
        "4",
        [
            ("pm25_annual_mean", 2022, 26),
            ("pm25_annual_mean", 2023, 26.4),
            ("pm25_annual_mean", 2024, 26.4, 30),
        ],
        2024,
        None,
        MET,
        0.1,
        "published precision 1 μg/m³",
    ),
    # Ordos 9: 到2025年,全市林草覆盖率稳定在70%左右.
    (
        "cover 72 about 70",
        "plan-ordos-2022",
        "9.1",
        [("forest_grass_coverage", 2025, 72)],
        2025,
        None,
        MET,
        1.5,
        "default ±5 % of the stated value: 66.5–73.5",
    ),
    (
        "cover 72 rounding",
        "plan-ordos-2022",
        "9.1",
        [("forest_grass_coverage", 2025, 72)],
        2025,
        NARROW,
        NOT_MET,
        -1.5,
        "rounds to the stated value: 69.5–70.5",
    ),
    (
        "cover 74 about 70",
        "plan-ordos-2022",
        "9.1",
        [("forest_grass_coverage", 2025, 74)],
        2025,
        None,
        NOT_MET,
        -0.5,
        "not met",
    ),
]


@pytest.mark.parametrize(
    ("file", "rid", "rows", "year", "policy", "verdict", "distance", "words"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_reading(
    std: dict[str, Standard],
    file: str,
    rid: str,
    rows: list[Any],
    year: int,
    policy: TrendPolicy | None,
    verdict: Verdict,
    distance: float,
    words: str,
) -> None:
    """Each seed line is read as docs/readings.md says, and the reason says why."""
    region = std[file].region or "330683"  # a standard: Shengzhou, a county
    j = judge(std[file], rid, rows, year, region=region, policy=policy)
    expect(j, verdict, distance)
    assert words in j.reason_en, j.reason_en


def test_trend_at_the_bound_is_consistent(std: dict[str, Standard]) -> None:
    """A trend met at its ceiling has measure, target and distance all 0."""
    j = judge(std["plan-ordos-2022"], "7.3", _series(BLACK, (100,) * 3, 2023), 2023)
    trend = j.outcome
    assert (trend.measure, trend.target, trend.distance) == (0.0, 0.0, 0.0)
    assert "处于该指标的上限100%" in trend.reason_zh


def test_no_bound_no_exemption() -> None:
    """An indicator without a maximum gets no ceiling reading: flat is not improving."""
    park = ecociv.standards.shared_indicators().find("urban_park_green_area_per_capita")
    rows = [("330683", park.id, y, 20.0) for y in (2022, 2023, 2024)]
    obs = ecociv.Observations(
        [ecociv.Observation(c, i, y, v, park.unit) for c, i, y, v in rows]
    )
    out = outcome(TrendRule(TrendKind.IMPROVING), park, obs, 2024)
    assert (out.verdict, out.distance) == (NOT_MET, 0.0)


def test_around_band_stated_by_a_file_wins() -> None:
    """A requirement that states its own band keeps it under any policy."""
    cover = ecociv.standards.shared_indicators().find("forest_grass_coverage")
    obs = ecociv.Observations(
        [ecociv.Observation("150600", cover.id, 2025, 72.0, cover.unit)]
    )
    out = outcome(Around(70, tolerance=1), cover, obs, 2025, region="150600")
    assert (out.verdict, out.distance) == (NOT_MET, -1.0)
    assert "as the requirement states" in out.reason_en
    assert out.policy == TrendPolicy()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"tolerance": "exact"}, "tolerance"),
        ({"tolerance": -0.1}, "tolerance"),
        ({"tolerance": float("inf")}, "tolerance"),
        ({"tolerances": {"forest_coverage": "precision"}}, "tolerances"),
        ({"around": "about"}, "around"),
        ({"around": -5}, "around"),
        ({"around": True}, "around"),
    ],
)
def test_policy_refuses_bad_readings(kwargs: dict[str, Any], name: str) -> None:
    """A reading the policy does not know is refused when the policy is made."""
    with pytest.raises(ArgumentError, match=name):
        TrendPolicy(**kwargs)


@pytest.mark.parametrize(
    "policy",
    [
        TrendPolicy(),
        STRICT,
        NARROW,
        TrendPolicy(tolerance=0.5, tolerances={"eqi": 1.0}, around=10),
    ],
)
def test_policy_travels(policy: TrendPolicy) -> None:
    """A policy survives the wire form and pickle unchanged."""
    assert from_dict(to_dict(policy), TrendPolicy) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy  # noqa: S301  (our own bytes)


def test_policy_defaults_and_words() -> None:
    """The defaults are the precision reading and ±5 %, and the words say so."""
    p = TrendPolicy()
    assert (p.tolerance, p.around) == (PRECISION, 5.0)
    assert "按公布精度" in p.describe("zh")
    assert "±5 % of the stated value" in p.describe("en")
    assert "(strict)" in STRICT.describe("en")
    assert "rounding" in NARROW.describe("en")


def test_tolerance_follows_the_indicator() -> None:
    """The precision reading gives half a published digit, or 0 when unknown."""
    cat = ecociv.standards.shared_indicators()
    p = TrendPolicy(tolerances={"eqi": 1.0})
    assert p.tolerance_for(cat.find("forest_coverage")) == pytest.approx(0.05)
    assert p.tolerance_for(cat.find("pm25_annual_mean")) == pytest.approx(0.5)
    assert p.tolerance_for(cat.find("eqi")) == 1.0
    level = cat.find("construction_land_intensive_use_level")
    assert level.precision is None
    assert p.tolerance_for(level) == 0.0
    assert "unknown" in p.stable_reading(level)[1]
    assert STRICT.tolerance_for(cat.find("forest_coverage")) == 0.0


def _rules(rule: Any) -> list[Any]:
    return list(walk(rule))


@pytest.mark.parametrize("sid", ecociv.standards.bundled_ids())
def test_one_reading_of_fudu(sid: str) -> None:
    """幅度 with an assigned task is judged on the rise or fall, trends on the level.

    Wherever a line names a 提高幅度 / 下降幅度 and asks for the higher level's
    task, the task judges an indicator that holds the change itself; a trend
    in the same line judges the level, never the change.
    """
    std = ecociv.standards.load(sid)
    for req in std.requirements:
        if "幅度" not in (req.printed_name or std.indicator(req.indicator).name_zh):
            continue
        for rule in _rules(req.rule):
            if rule.kind not in ("assigned_target", "trend"):
                continue
            ind = std.indicator(rule.indicator or req.indicator)
            if rule.kind == "assigned_target":
                assert "幅度" in ind.name_zh, (sid, req.id, ind.id)
            elif rule.kind == "trend":
                assert "幅度" not in ind.name_zh, (sid, req.id, ind.id)


PLANS = [
    i
    for i in ecociv.standards.bundled_ids()
    if ecociv.standards.load(i).kind is DocumentKind.PLAN
]

# The year each plan's goal puts the indicators (or the title) at.
GOAL_YEAR = {
    "plan-jingzhou-2020": ("W.5", 2023),
    "plan-ordos-2022": ("7.3", 2023),
    "plan-shangyu-2017": ("S.1", 2018),
    "plan-shengzhou-2024": ("A1.2", 2024),
    "plan-xianning-2022": ("34", 2023),
}


@pytest.mark.parametrize("sid", PLANS)
def test_due_years_follow_one_convention(sid: str) -> None:
    """A plan target has a due year unless it is a recurring task that says so."""
    std = ecociv.standards.load(sid)
    for req in std.requirements:
        if req.due is None:
            assert any("recurring" in n for n in req.notes), (sid, req.id)
        else:
            assert std.effective_year <= req.due <= std.effective_year + 5, req.id
    rid, year = GOAL_YEAR[sid]
    goal = next(r for r in std.requirements if r.id == rid)
    assert goal.due == year
    assert any("goal year" in n for n in goal.notes)


@pytest.mark.parametrize(
    ("sid", "steps"),
    [
        (
            "plan-ordos-2022",
            {"S1.1": 2022, "S1.2": 2022, "0.2": 2022, "S2.1": 2023, "S3.1": 2025},
        ),
        (
            "plan-shengzhou-2024",
            {"T1.1": 2024, "T2.1": 2024, "T3.2": 2024, "T4.1": 2025},
        ),
        ("plan-xianning-2022", {"S1.1": 2023, "S2.5": 2023}),
        ("plan-shangyu-2017", {"P.1": 2017, "P.5": 2018}),
    ],
)
def test_step_deliverables_are_encoded(sid: str, steps: dict[str, int]) -> None:
    """A timetable's deliverables are due when their step ends; the rest are listed."""
    std = ecociv.standards.load(sid)
    due = {r.id: r.due for r in std.requirements}
    assert {k: due.get(k) for k in steps} == steps
    assert any("without a checkable deliverable" in m for m in std.missing)


def test_a_task_is_not_yet_due_before_the_goal_year() -> None:
    """Xianning's task 34 (培训人数比例达100%) waits for 2023, then uses 2023's data."""
    std = ecociv.standards.load("plan-xianning-2022")
    share = "officials_training_share"
    rows = [(share, 2022, 100), (share, 2023, 90)]
    assert judge(std, "34", rows, 2022).verdict is Verdict.NOT_YET_DUE
    late = judge(std, "34", rows, 2024)
    expect(late, NOT_MET, -10.0)
    assert "2023" in late.reason_en


@pytest.mark.parametrize(
    ("word", "verdict"),
    [
        ("完成", MET),
        ("已完成", MET),
        ("达标", MET),
        ("未完成", NOT_MET),
        ("未达标", NOT_MET),
    ],
)
def test_the_higher_levels_verdict_judges_an_assigned_task(
    word: str, verdict: Verdict
) -> None:
    """Xianning 8.1: 提高幅度完成上级规定的考核任务, known only as 完成 / 未完成.

    The word in the rise's value cell is the task's verdict; the level's trend
    (保持稳定或持续改善) is judged on the level's own numbers.
    """
    rows = [
        {"region": "421200", "indicator": "surface_water_class_iii_share_rise",
         "year": 2023, "value": word},
        *(
            {"region": "421200", "indicator": "surface_water_class_iii_share",
             "year": y, "value": v}
            for y, v in ((2021, 80), (2022, 81), (2023, 82))
        ),
    ]  # fmt: skip
    plan = ecociv.standards.load("plan-xianning-2022")
    data = ecociv.Observations.from_records(rows, plan)
    j = ecociv.assess(plan, "421200", data, 2023).judgement("8.1")
    assert j.verdict is verdict
    task = j.parts[0]
    assert task.rule == "assigned_target"
    assert task.verdict is verdict
    assert "上级考核结果为" + ("完成" if verdict is MET else "未完成") in task.reason_zh
    assert (task.measure, task.target, task.distance) == (None, None, None)
    many = ecociv.assess_many(data, plan, 2023, regions=["421200"])
    assert many.row("421200", "8.1")["verdict"] == verdict.value


def test_a_verdict_word_is_no_number_for_other_rules() -> None:
    """完成 where a number is needed (a fixed bound) leaves the line without data."""
    std = ecociv.standards.load("mee-2024-county")
    ind = "eco_civ_assessment_share"  # line 1: ≥20
    rows = [{"region": "330683", "indicator": ind, "year": 2024, "value": "完成"}]
    data = ecociv.Observations.from_records(rows, std)
    j = ecociv.assess(std, "330683", data, 2024).judgement("1")
    assert j.verdict is Verdict.INSUFFICIENT_DATA
    assert "需要数值,数据只给出上级考核结果(完成)" in j.reason_zh


def test_a_verdict_word_takes_the_indicators_unit_or_none() -> None:
    """完成 with the indicator's unit, or none, reads; another unit is refused."""
    std = ecociv.standards.load("mee-2024-county")
    ind = "industrial_water_use_decline_rate"  # an assigned task, in %
    rows = [
        {"region": "330683", "indicator": ind, "year": y, "value": "完成", "unit": u}
        for y, u in ((2022, ""), (2023, "%"), (2024, "吨"))
    ]
    data = ecociv.Observations.from_records(rows, std, strict=False)
    assert sorted(o.year for o in data.items) == [2022, 2023]
    (problem,) = data.issues
    assert (problem.row, problem.indicator, problem.year) == (4, ind, 2024)
    assert "its unit is the indicator's (%) or none, got '吨'" in problem.message
