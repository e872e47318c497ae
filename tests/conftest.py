"""Shared fixtures: the 2024 county standard and a one-requirement judge."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

import ecociv
from ecociv import Judgement, Observation, Observations, Region, TrendPolicy
from ecociv.standards import Standard


Row = tuple[Any, ...]


@pytest.fixture(scope="session")
def county2024() -> Standard:
    """The bundled 2024 county standard."""
    return ecociv.standards.load("mee-2024-county")


def make_observations(
    std: Standard, rows: Iterable[Row], region: str = "330683"
) -> Observations:
    """Build observations from ``(indicator, year, value[, target])`` tuples.

    ``value`` may be a number, True/False, None (missing) or the string
    ``"不涉及"`` (not applicable); facts may be given as a word.
    """
    items = []
    for row in rows:
        ind_id, year, value, *rest = row
        target = rest[0] if rest else None
        ind = std.indicator(ind_id)
        if value == "不涉及":
            items.append(
                Observation(region, ind.id, year, None, ind.unit, applicable=False)
            )
            continue
        given = None
        if isinstance(value, str):
            given = value
            value = ecociv.rules.FACT_WORDS[value][0]
        elif isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        items.append(
            Observation(
                region, ind.id, year, value, ind.unit, target=target, given=given
            )
        )
    return Observations(items)


MakeObservations = Callable[..., Observations]


@pytest.fixture(name="make_observations")
def make_observations_fixture() -> MakeObservations:
    """The row-tuple → Observations builder, for tests in other modules."""
    return make_observations


@pytest.fixture
def judge(county2024: Standard) -> Callable[..., Judgement]:
    """Judge one requirement of the 2024 county standard on a few rows."""

    def run(
        requirement: str,
        rows: Iterable[Row],
        *,
        region: str = "330683",
        year: int = 2024,
        policy: TrendPolicy | None = None,
    ) -> Judgement:
        obs = make_observations(county2024, rows, region)
        result = ecociv.assess(
            county2024, Region.from_code(region), obs, year, policy=policy
        )
        return result.judgement(requirement)

    return run
