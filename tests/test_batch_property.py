"""Properties of the one engine on random data: the words agree with the numbers.

Every rule kind decides once, over columns, and a separate step writes the
words from that decision. These properties check, over random regions,
values, gaps, 不涉及, fact words and targets, that what a judgement *says*
(its reasons, measure, target, unit) agrees with what it *decided*
(verdict and distance), and that a many-region run and a one-region run of
the engine give each region the same numbers.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ecociv
from ecociv import (
    Indicator,
    Observation,
    Observations,
    Region,
    RegionLevel,
    TrendPolicy,
)
from ecociv._region import all_regions, children
from ecociv.rules import (
    FACT_WORDS,
    PRECISION,
    ROUNDING,
    AllOf,
    AnyOf,
    Applicable,
    Around,
    AssignedTarget,
    Change,
    Fact,
    FactState,
    Op,
    Outcome,
    Rate,
    RateMeasure,
    Rule,
    Threshold,
    TrendComparison,
    TrendKind,
    TrendRule,
    Verdict,
)
from ecociv.rules._core import fmt
from ecociv.standards import Level, Requirement, Standard


COUNTIES = all_regions(RegionLevel.COUNTY)
CITIES = all_regions(RegionLevel.PREFECTURE)
YEARS = range(2019, 2025)


def _extra(std: Standard) -> Standard:
    """Add composite requirements the bundled standard does not have."""
    base = std.requirements[0]
    rules: list[tuple[str, str, Rule]] = [
        (
            "x1",
            "pm25_annual_mean",
            AnyOf((Threshold(Op.LE, 35), TrendRule(TrendKind.IMPROVING))),
        ),
        (
            "x2",
            "forest_coverage",
            AllOf(
                (
                    Change(Op.GE, 0.5, lag=2),
                    Threshold(Op.GT, 40, indicator="pm25_annual_mean"),
                    TrendRule(
                        TrendKind.STABLE_OR_IMPROVING, TrendComparison.FIRST_LAST
                    ),
                )
            ),
        ),
        (
            "x3",
            "grassland_vegetation_cover",
            Applicable(
                AnyOf(
                    (
                        AssignedTarget(),
                        Fact(FactState.CARRIED_OUT, "biodiversity_survey"),
                    )
                )
            ),
        ),
    ]
    extra = tuple(
        attrs.evolve(base, id=rid, number=rid, indicator=ind, rule=rule, due=due)
        for (rid, ind, rule), due in zip(rules, (2023, None, 2022), strict=True)
    )
    scoped = attrs.evolve(base, id="x4", number="x4", scope=(Level.CITY,))
    # Rules on forest cover: a share, so a trend meets its ceiling at 100.
    on_cover: tuple[Rule, ...] = (
        Rate(RateMeasure.AVERAGE_GROWTH, Op.GE, 5.0, years=2),
        Rate(RateMeasure.AVERAGE_DECLINE, Op.LT, 1.0),
        Rate(RateMeasure.ANNUAL_RISE, Op.GE, 0.5, years=3),
        Around(50.0),
        TrendRule(TrendKind.IMPROVING),
    )
    rates = tuple(
        attrs.evolve(
            base, id=f"r{k}", number=f"r{k}", indicator="forest_coverage", rule=r
        )
        for k, r in enumerate(on_cover)
    )
    return attrs.evolve(std, requirements=(*std.requirements, *extra, scoped, *rates))


@st.composite
def datasets(draw: st.DrawFn, std: Standard) -> tuple[Observations, list[Region]]:
    """Random regions, values, gaps, 不涉及, fact words and targets."""
    regions = draw(
        st.lists(
            st.sampled_from(COUNTIES) | st.sampled_from(CITIES),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    # A city's counties too, now and then: rules over sub-regions read them.
    city = next((r for r in regions if r.level is RegionLevel.PREFECTURE), None)
    if city is not None and draw(st.booleans()):
        kids = list(children(city.code, level=RegionLevel.COUNTY))
        regions += [c for c in kids[:8] if c not in regions]
    inds = draw(
        st.lists(st.sampled_from(std.indicators), min_size=1, max_size=12, unique=True)
    )
    items = []
    words = sorted(FACT_WORDS)
    for reg in regions:
        for ind in inds:
            for year in YEARS:
                kind = draw(
                    st.sampled_from(["none", "missing", "na", "value", "value"])
                )
                if kind == "none":
                    continue
                if kind == "na":
                    items.append(
                        Observation(
                            reg.code, ind.id, year, None, ind.unit, applicable=False
                        )
                    )
                    continue
                target = draw(st.none() | st.sampled_from([20.0, 35.0, 60.0, 95.0]))
                reference = draw(st.none() | st.sampled_from([30.0, 80.0]))
                if ind.kind.value == "fact":  # yes or no: no target, no reference
                    target = reference = None
                if kind == "missing":
                    value: float | bool | None = None
                    given = None
                elif ind.kind.value == "fact" or draw(st.integers(0, 30)) == 0:
                    given = draw(st.sampled_from(words))
                    value = FACT_WORDS[given][0]
                else:
                    value = float(draw(st.integers(0, 120))) / draw(
                        st.sampled_from([1, 2, 4])
                    )
                    given = None
                # Numbers an indicator can have (others are refused, as read).
                value = _within(ind, value)
                target = _within(ind, target)
                items.append(
                    Observation(
                        reg.code,
                        ind.id,
                        year,
                        value,
                        ind.unit,
                        target=target,
                        reference=reference,
                        given=given,
                    )
                )
    return Observations(items), regions


def _within(ind: Indicator, x: float | bool | None) -> Any:
    """Return a number held within the indicator's possible range (others as given)."""
    if x is None or isinstance(x, bool):
        return x
    if ind.maximum is not None:
        x = min(x, ind.maximum)
    if ind.minimum is not None:
        x = max(x, ind.minimum)
    return x


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or (math.isnan(a) and math.isnan(b))


#: Leaf kinds whose reason states the target it compared with.
_STATES_TARGET = frozenset(
    {
        "threshold",
        "change",
        "rate",
        "around",
        "assigned_target",
        "above_reference",
        "sub_region_share",
    }
)


def _words_agree(out: Outcome, where: object) -> None:
    """The words of one outcome (and its parts) say what its numbers decided."""
    for o in out.walk():
        if o.children:  # a composite's numbers are one part's numbers
            if o.distance is not None:
                assert any(
                    (c.target, c.distance, c.unit) == (o.target, o.distance, o.unit)
                    for c in o.walk()
                    if c is not o
                ), where
            continue
        en = o.reason_en
        if o.verdict is Verdict.MET:
            assert "not met" not in en, (where, en)
            assert "does not meet" not in en, (where, en)
            assert o.distance is None or o.distance >= 0, (where, o)
        elif o.verdict is Verdict.NOT_MET:
            said_no = ("not met", "does not meet", ": no")
            assert any(w in en for w in said_no), (where, en)
            assert o.distance is None or o.distance <= 0, (where, o)
        elif o.verdict is not Verdict.NOT_YET_DUE:  # not yet due: as of now, in words
            assert o.distance is None, (where, o)
            assert o.measure is None, (where, o)
            assert not en.endswith((": met", ": yes")), (where, en)
        if o.measure is not None:
            m = o.measure
            assert fmt(m) in en or f"{m:+.6g}" in en, (where, m, en)
        if o.target is not None and o.rule in _STATES_TARGET:
            assert fmt(o.target) in en, (where, o.target, en)


def _check(
    std: Standard,
    obs: Observations,
    regions: list[Region],
    year: int,
    policy: TrendPolicy,
) -> None:
    result = ecociv.assess_many(obs, std, year, regions=regions, policy=policy)
    records = list(result.records())
    for reg in regions:
        one = ecociv.assess(std, reg, obs, year, policy=policy)
        assert sum(r["region"] == reg.code for r in records) == len(one.judgements)
        for j in one.judgements:
            where = (reg.code, j.id)
            _words_agree(j.outcome, where)
            row = result.row(reg.code, j.id)
            assert row["verdict"] == j.verdict.value, where
            assert _same(row["measure"], j.measure), where
            assert _same(row["target"], j.target), where
            assert _same(row["distance"], j.distance), where
            assert row["unit"] == j.unit, where
            assert result.explain(reg.code, j.id) == j, where
        summary = next(s for s in result.summary_records() if s["region"] == reg.code)
        assert summary["eligible"] == one.summary.eligible
        assert summary["binding_met"] == one.summary.binding.met


@pytest.fixture(scope="module")
def extended() -> Standard:
    """The 2024 county standard plus composite requirements."""
    return _extra(ecociv.standards.load("mee-2024-county"))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=st.data(),
    year=st.sampled_from([2022, 2023, 2024]),
    window=st.integers(2, 4),
    comparison=st.sampled_from(list(TrendComparison)),
    tolerance=st.sampled_from([PRECISION, 0.0, 0.5, 2.0]),
    around=st.sampled_from([5.0, ROUNDING, 0.0]),
)
def test_batch_agrees_with_assess(
    extended: Standard,
    data: st.DataObject,
    year: int,
    window: int,
    comparison: TrendComparison,
    tolerance: float | str,
    around: float | str,
) -> None:
    """Words agree with numbers, and many regions at once give each its own numbers."""
    obs, regions = data.draw(datasets(extended))
    policy = TrendPolicy(
        window=window,
        comparison=comparison,
        tolerance=tolerance,
        tolerances={"forest_coverage": 0.25},
        around=around,
    )
    _check(extended, obs, regions, year, policy)


@pytest.mark.parametrize(
    "standard_id",
    [
        "mee-2016-county",
        "mee-2024-city",
        "zhejiang-2016-county",
        "plan-shengzhou-2024",
        "plan-shangyu-2017",
        "plan-jingzhou-2020",
        "plan-ordos-2022",
        "plan-xianning-2022",
    ],
)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), year=st.sampled_from([2022, 2024]))
def test_batch_agrees_on_bundled_standards(
    standard_id: str, data: st.DataObject, year: int
) -> None:
    """Words agree with numbers on every bundled standard and plan."""
    std = ecociv.standards.load(standard_id)
    obs, regions = data.draw(datasets(std))
    _check(std, obs, regions, year, TrendPolicy())


def test_batch_agrees_on_the_bundled_example(extended: Standard) -> None:
    """Words agree with numbers on the bundled Shengzhou example."""
    obs = Observations.from_csv("examples/shengzhou-illustrative.csv", extended)
    regions = [Region.from_code("330683"), Region.from_code("150602")]
    for year in (2023, 2024):
        _check(extended, obs, regions, year, TrendPolicy())


def test_requirement_type_is_unchanged(extended: Standard) -> None:
    """The extended standard keeps Requirement values."""
    assert all(isinstance(r, Requirement) for r in extended.requirements)
