"""Shared fixtures: the 2024 county standard and a one-requirement judge."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from hypothesis import settings

import ecociv
from ecociv import Judgement, Observations, Region, TrendPolicy
from ecociv.standards import Standard
from ecociv.testing import observations


Row = tuple[Any, ...]

# Property tests check what is true, never how fast: a per-example deadline
# fails at random on a loaded machine (speed is measured by bench/, side by side).
settings.register_profile("ecociv", deadline=None)
settings.load_profile("ecociv")


@pytest.fixture(scope="session")
def county2024() -> Standard:
    """The bundled 2024 county standard."""
    return ecociv.standards.load("mee-2024-county")


def make_observations(
    std: Standard, rows: Iterable[Row], region: str = "330683"
) -> Observations:
    """Build observations from ``(indicator, year, value[, target])`` tuples."""
    return observations(std, rows, region)


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
