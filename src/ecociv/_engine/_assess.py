"""``assess``: one region judged against one standard, with reasons."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ecociv._engine._account import Reading, account_of, warnings_of
from ecociv._engine._arguments import (
    flag_of,
    observations_of,
    policy_of,
    region_of,
    standard_of,
    targets_of,
    year_of,
)
from ecociv._engine._run import run


if TYPE_CHECKING:
    from ecociv._engine._results import Assessment
    from ecociv._observation import Observation
    from ecociv._observations import Observations
    from ecociv._region import Region
    from ecociv.rules import TrendPolicy
    from ecociv.standards import Standard


__all__ = ["assess"]


def assess(  # noqa: PLR0913  (keyword-only options)
    standard: Standard | str,
    region: Region | str,
    observations: Observations | Iterable[Observation],
    year: int,
    *,
    policy: TrendPolicy | None = None,
    provisional: bool = False,
    targets: str = "standard",
) -> Assessment:
    """Judge one region's data against a standard for an assessment year.

    This is the one-region run of the engine that :func:`ecociv.assess_many`
    runs over many: the same decisions, here written out in words.

    Args:
        standard: A :class:`~ecociv.standards.Standard` or a bundled id such
            as ``"mee-2024-county"``.
        region: A :class:`~ecociv.Region`, a 6-digit code or a name, found as
            :meth:`ecociv.Region.find` finds it (``浙江省嵊州市``).
        observations: The data; only the region's observations are used
            (and, for rules over sub-regions, its children's).
        year: The assessment year; trend windows end in it.
        policy: How trend words are judged (default :class:`TrendPolicy()`:
            three years, consecutive pairs, changes within the published
            precision read as stable).
        provisional: Also judge the rows known only from a plan's quotation
            (待核实); see :func:`ecociv.assess_many`.
        targets: ``"standard"`` (default): fixed bounds are the printed
            ones; ``"data"``: a target the data gives for the region and year
            replaces a fixed bound (an operative target), and the verdict
            says so (``Outcome.target_from``).

    Returns:
        One judgement per requirement in scope, in the standard's order, and
        a summary.

    Raises:
        UnknownStandardError: When ``standard`` is an unknown id.
        UnknownRegionError: When ``region`` is an unknown code.
        ArgumentError: When ``year`` is not an integer, or ``standard``,
            ``region`` or ``observations`` is of the wrong kind.
    """
    std, reg, y = standard_of(standard), region_of(region), year_of(year)
    pol, data = policy_of(policy), observations_of(observations)
    done = run(
        data.table,
        [std],
        [y],
        [reg],
        pol,
        provisional=flag_of(provisional),
        targets=targets_of(targets),
    )
    result = done.assessment(0, std, y)
    reading = Reading(done)
    return attrs.evolve(
        result,
        issues=data.issues,
        account=account_of(reading, data),
        warnings=(*result.warnings, *warnings_of(reading, data, (reg.code,))),
    )
