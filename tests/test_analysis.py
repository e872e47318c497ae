"""Analyses of a batch result, on hand-checked cases."""

from __future__ import annotations

from typing import Any

import pytest

import ecociv
from ecociv import Observation, Observations, TrendPolicy, analysis
from ecociv.analysis import Reach
from ecociv.batch import BatchResult
from ecociv.rules import Op
from ecociv.standards import Standard


def make_observations(
    std: Standard, rows: list[tuple[Any, ...]], region: str = "330683"
) -> Observations:
    """Build observations from ``(indicator, year, value[, target])`` tuples."""
    items = []
    for ind_id, year, value, *rest in rows:
        ind = std.indicator(ind_id)
        target = rest[0] if rest else None
        items.append(Observation(region, ind.id, year, value, ind.unit, target=target))
    return Observations(items)


# Three counties, PM2.5 (lower is better, assigned targets) and new-energy buses
# (≥80 %). 330683 improves, 330602 gets worse, 330603 has a gap in 2023.
PM25 = {
    "330683": [(2022, 30.0, 32.0), (2023, 28.0, 31.0), (2024, 26.0, 30.0)],
    "330602": [(2022, 30.0, 32.0), (2023, 32.0, 31.0), (2024, 34.0, 30.0)],
    "330603": [(2022, 31.0, 32.0), (2024, 29.0, 30.0)],
}
BUS = {"330683": 76.0, "330602": 90.0, "330603": 40.0}


@pytest.fixture
def result(county2024: Standard) -> BatchResult:
    """Judge the three counties for 2024."""
    items = []
    for code, rows in PM25.items():
        pm = [("pm25_annual_mean", y, v, t) for y, v, t in rows]
        bus = [("new_energy_bus_share", 2024, BUS[code])]
        items += list(make_observations(county2024, [*pm, *bus], code))
    return ecociv.assess_many(Observations(items), county2024, 2024)


def test_share_meeting_counts_only_judged_regions(result: BatchResult) -> None:
    """PM2.5: one of three met, one not met, one lacks data (the gap)."""
    shares = {s.requirement: s for s in analysis.share_meeting(result)}
    pm = shares["4"]
    assert (pm.met, pm.not_met, pm.insufficient_data) == (1, 1, 1)
    assert pm.share == 0.5
    bus = shares["12"]
    assert (bus.met, bus.not_met) == (1, 2)
    assert bus.share == pytest.approx(1 / 3)
    assert shares["1"].share is None  # nobody has data: no share, not 0 %


def test_ranking_follows_the_direction(result: BatchResult) -> None:
    """Lower PM2.5 ranks first; higher bus share ranks first."""
    pm = analysis.ranking(result, "4")
    assert [(r.rank, r.region) for r in pm] == [
        (1, "330683"),
        (2, "330603"),
        (3, "330602"),
    ]
    bus = analysis.ranking(result, "12")
    assert [r.region for r in bus] == ["330602", "330683", "330603"]


def test_ranking_leaves_out_missing_values(result: BatchResult) -> None:
    """A region without a value is not ranked (missing is never zero)."""
    assert analysis.ranking(result, "1") == ()


def test_short_boards_order_by_relative_distance(result: BatchResult) -> None:
    """330602's boards: PM2.5 over its target (-4/30) before nothing else."""
    boards = analysis.short_boards(result, "330603")
    # Buses at 40 against 80: -50 %; PM2.5 lacks data, so it is no board.
    assert [(b.requirement, b.relative) for b in boards] == [("12", -0.5)]
    worse = analysis.short_boards(result, "330602")
    assert [b.requirement for b in worse] == ["4"]
    assert worse[0].distance == -4.0
    assert worse[0].relative == pytest.approx(-4 / 30)


def test_by_department_groups_plan_targets() -> None:
    """Unmet plan targets are listed under their lead department."""
    plan = ecociv.standards.load("plan-shengzhou-2024")
    obs = make_observations(plan, [("eco_civ_assessment_share", 2024, 15.0)])
    result = ecociv.assess_many(obs, plan, 2024)
    groups = analysis.by_department(result)
    assert [b.requirement for b in groups["组织部(考核办)"]] == ["1.1-2024"]


def test_national_standards_name_no_department(result: BatchResult) -> None:
    """A requirement without a lead department is grouped under NO_DEPARTMENT."""
    groups = analysis.by_department(result)
    assert set(groups) == {analysis.NO_DEPARTMENT}


def test_time_to_target_for_an_improving_region() -> None:
    """50, 55, 60 toward 70 at +5 a year reaches it in 2026."""
    tt = analysis.time_to_target({2022: 50.0, 2023: 55.0, 2024: 60.0}, 70, year=2024)
    assert (tt.status, tt.year_reached, tt.slope) == (Reach.REACHES, 2026, 5.0)
    assert "2022-2024" in tt.method


def test_time_to_target_for_a_region_getting_worse() -> None:
    """PM2.5 rising 30, 32, 34 never reaches ≤30 at this trend: off track."""
    tt = analysis.time_to_target(
        {2022: 30.0, 2023: 32.0, 2024: 34.0}, 30, year=2024, op=Op.LE, due=2025
    )
    assert tt.status is Reach.NOT_AT_THIS_TREND
    assert tt.on_track is False
    assert tt.slope == 2.0


def test_time_to_target_with_a_gap_is_insufficient() -> None:
    """A missing year in the window is never bridged: insufficient data."""
    tt = analysis.time_to_target({2022: 31.0, 2024: 29.0}, 25, year=2024, op=Op.LE)
    assert tt.status is Reach.INSUFFICIENT_DATA
    assert tt.year_reached is None
    assert tt.on_track is None


def test_time_to_target_never_uses_fewer_points_than_the_window() -> None:
    """With a window of 4, three years are not enough."""
    series = {2022: 50.0, 2023: 55.0, 2024: 60.0}
    tt = analysis.time_to_target(series, 70, year=2024, policy=TrendPolicy(window=4))
    assert tt.status is Reach.INSUFFICIENT_DATA


def test_time_to_target_on_and_off_track_against_a_due_year() -> None:
    """Reaching in 2026 is on track for 2026, off track for 2025."""
    series = {2022: 50.0, 2023: 55.0, 2024: 60.0}
    on = analysis.time_to_target(series, 70, year=2024, due=2026)
    off = analysis.time_to_target(series, 70, year=2024, due=2025)
    assert (on.on_track, off.on_track) == (True, False)


def test_a_strict_bound_hit_exactly_needs_one_more_year() -> None:
    """>70 reached exactly in 2026 counts from 2027."""
    series = {2022: 50.0, 2023: 55.0, 2024: 60.0}
    tt = analysis.time_to_target(series, 70, year=2024, op=Op.GT)
    assert tt.year_reached == 2027


def test_times_to_target_over_a_batch(result: BatchResult) -> None:
    """Per region, against its assigned 2024 PM2.5 target (≤30)."""
    tts = {t.region: t for t in analysis.times_to_target(result, "4")}
    assert tts["330683"].status is Reach.ALREADY_MET
    assert tts["330602"].status is Reach.NOT_AT_THIS_TREND
    assert tts["330603"].status is Reach.INSUFFICIENT_DATA
    buses = {t.region: t for t in analysis.times_to_target(result, "12")}
    assert buses["330683"].status is Reach.INSUFFICIENT_DATA  # one year only


def test_scores_rank_by_binding_share_with_ties(result: BatchResult) -> None:
    """Two counties meet 1 of 2 judged (a shared first place); one meets 0 of 1."""
    scores = {s.region: s for s in analysis.scores(result)}
    first, second, third = (scores[c] for c in ("330683", "330602", "330603"))
    assert (first.binding.met, first.binding_judged, first.rank) == (1, 2, 1)
    assert (second.binding.met, second.binding_judged, second.rank) == (1, 2, 1)
    assert (third.binding.met, third.binding_judged, third.rank) == (0, 1, 3)
    # 330603's PM2.5 has a gap: missing, not failed.
    assert third.binding_missing == first.binding_missing + 1
    assert [s.region for s in analysis.scores(result)] == ["330602", "330683", "330603"]


V = ecociv.VerdictCounts


@pytest.mark.parametrize(
    ("binding", "share", "judged", "coverage"),
    [
        (V(met=1, not_applicable=5), 1.0, 1, 1.0),  # not applicable: never met
        (V(met=1, insufficient_data=9), 1.0, 1, 0.1),  # missing: neither way
        (V(met=1, not_met=1, not_yet_due=4), 0.5, 2, 1.0),  # not due: not judged
        (V(not_applicable=3, insufficient_data=2), None, 0, 0.0),
        (V(), None, 0, None),
    ],
)
def test_a_score_counts_met_over_judged_only(
    binding: Any, share: float | None, judged: int, coverage: float | None
) -> None:
    """Only met and not met enter the share; missing shows as coverage."""
    s = analysis.Score.of("330683", "s", 2024, binding, V())
    assert (s.binding_share, s.binding_judged, s.coverage) == (share, judged, coverage)
    assert s.reference_share is None


def test_rank_scores_uses_the_reference_share_to_break_ties() -> None:
    """Equal binding shares are ordered by reference share; no share, no rank."""
    made = [
        analysis.Score.of("a", "s", 2024, V(met=2), V(met=1, not_met=1)),
        analysis.Score.of("b", "s", 2024, V(met=1), V(met=2)),
        analysis.Score.of("c", "s", 2024, V(insufficient_data=3), V(met=2)),
        analysis.Score.of("d", "s", 2024, V(met=1, not_met=1), V()),
        analysis.Score.of("e", "t", 2024, V(not_met=1), V()),
    ]
    ranked = analysis.rank_scores(made)
    assert [(s.region, s.rank) for s in ranked] == [
        ("b", 1),
        ("a", 2),
        ("d", 3),
        ("c", None),
        ("e", 1),  # another standard: ranked on its own
    ]
