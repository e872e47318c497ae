"""``assess``: one region judged against one standard, with reasons."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import attrs

from ecociv._engine._results import Assessment
from ecociv._engine._run import run
from ecociv._observation import Observation
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv.errors import ArgumentError
from ecociv.rules import TrendPolicy
from ecociv.standards import Standard


__all__ = ["assess", "observations_of"]


def _check_arguments(standard: object, region: object, year: object) -> None:
    """Refuse wrong kinds of arguments with a clean error, never coerce them."""
    if not isinstance(standard, Standard | str):
        raise ArgumentError("standard", standard, "accepted: a Standard or an id")
    if not isinstance(region, Region | str):
        raise ArgumentError("region", region, "accepted: a Region or a 6-digit code")
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ArgumentError("year", year, "accepted: an integer such as 2024")


def observations_of(data: object) -> Observations:
    """Return data given as :class:`~ecociv.Observations` or observation values.

    Raises:
        ArgumentError: When ``data`` is neither.
    """
    if isinstance(data, Observations):
        return data
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        items = tuple(data)
        if all(isinstance(o, Observation) for o in items):
            return Observations(items)
    raise ArgumentError(
        "observations", data, "accepted: Observations or Observation values"
    )


def assess(
    standard: Standard | str,
    region: Region | str,
    observations: Observations | Iterable[Observation],
    year: int,
    *,
    policy: TrendPolicy | None = None,
) -> Assessment:
    """Judge one region's data against a standard for an assessment year.

    This is the one-region run of the engine that :func:`ecociv.assess_many`
    runs over many: the same decisions, here written out in words.

    Args:
        standard: A :class:`~ecociv.standards.Standard` or a bundled id such
            as ``"mee-2024-county"``.
        region: A :class:`~ecociv.Region` or a 6-digit code.
        observations: The data; only the region's observations are used
            (and, for rules over sub-regions, its children's).
        year: The assessment year; trend windows end in it.
        policy: How trend words are judged (default :class:`TrendPolicy()`:
            three years, consecutive pairs, no tolerance).

    Returns:
        One judgement per requirement in scope, in the standard's order, and
        a summary.

    Raises:
        UnknownStandardError: When ``standard`` is an unknown id.
        UnknownRegionError: When ``region`` is an unknown code.
        ArgumentError: When ``year`` is not an integer, or ``standard``,
            ``region`` or ``observations`` is of the wrong kind.
    """
    from ecociv import standards  # noqa: PLC0415

    _check_arguments(standard, region, year)
    std = standards.load(standard) if isinstance(standard, str) else standard
    reg = Region.from_code(region) if isinstance(region, str) else region
    pol = TrendPolicy() if policy is None else policy
    data = observations_of(observations)
    result = run(data.table, [std], [int(year)], [reg], pol).assessment(
        0, std, int(year)
    )
    return attrs.evolve(result, issues=(*data.issues, *result.issues))
