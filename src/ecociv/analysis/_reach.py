"""Time to target: the year a region reaches a target at its current trend.

The trend estimate is stated, never implied: the **average annual change over
the trend window** of the :class:`~ecociv.TrendPolicy` (its ``window`` years
ending in the assessment year), i.e. ``(last - first) / (window - 1)``,
extrapolated linearly. Every year of the window must have a value: a gap or a
missing year gives insufficient data, as for trend rules. Fewer points than
the policy's window are never extrapolated.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ecociv.rules import Op, Threshold, TrendPolicy


if TYPE_CHECKING:
    from ecociv.batch import BatchResult


__all__ = ["Reach", "TimeToTarget", "time_to_target", "times_to_target"]


class Reach(enum.Enum):
    """Whether, and how, a series reaches its target."""

    ALREADY_MET = "already_met"
    REACHES = "reaches"
    #: Flat or moving away from the target: never reached at this trend.
    NOT_AT_THIS_TREND = "not_at_this_trend"
    INSUFFICIENT_DATA = "insufficient_data"


@attrs.frozen
class TimeToTarget:
    """When a series reaches its target at its current trend, and how it was estimated.

    Args:
        status: Already met, reaches, not at this trend, or insufficient data.
        year_reached: The first year the extrapolated value meets the target.
        slope: Average annual change over the window, in the indicator's unit.
        method: The trend estimate in words (window and points used).
        due: The due year of a plan target, if any.
        on_track: For a due year: reached by then (True), not (False), or
            unknown (None: insufficient data).
        region: The region, when computed from a batch result.
    """

    status: Reach
    year_reached: int | None
    slope: float | None
    method: str
    due: int | None = None
    on_track: bool | None = None
    region: str | None = attrs.field(default=None, repr=False)


def time_to_target(  # noqa: PLR0913  (keyword-only options)
    series: Mapping[int, float | None],
    target: float,
    *,
    year: int,
    op: Op = Op.GE,
    policy: TrendPolicy | None = None,
    due: int | None = None,
) -> TimeToTarget:
    """Return when ``series`` meets ``op target`` at its average annual change.

    Args:
        series: Values by year (None or absent: missing).
        target: The target, in the series' unit.
        year: The assessment year: the window ends here.
        op: The comparison the target asks for (``>=`` by default; ``<=``
            for a lower-is-better indicator such as PM2.5).
        policy: Its ``window`` is the number of years used (default 3).
        due: A plan target's due year, to say on or off track.

    >>> time_to_target({2022: 40.0, 2023: 38.0, 2024: 36.0}, 35.0, year=2024,
    ...                op=Op.LE, due=2025).on_track
    True
    """
    pol = TrendPolicy() if policy is None else policy
    years = pol.years(year)
    method = f"average annual change over {years[0]}-{years[-1]} ({len(years)} points)"
    values = [series.get(y) for y in years]
    if any(v is None or math.isnan(v) for v in values):
        return TimeToTarget(
            Reach.INSUFFICIENT_DATA, None, None, method + ": a year is missing", due
        )
    first, last = float(values[0] or 0.0), float(values[-1] or 0.0)  # checked above
    slope = (last - first) / (len(years) - 1)
    if op.holds(last, target):
        return TimeToTarget(
            Reach.ALREADY_MET, year, slope, method, due, None if due is None else True
        )
    gap = target - last
    if slope == 0 or (gap > 0) != (slope > 0):
        off = None if due is None else False
        return TimeToTarget(Reach.NOT_AT_THIS_TREND, None, slope, method, due, off)
    n = max(1, math.ceil(gap / slope))
    while not op.holds(last + n * slope, target):  # a strict bound hit exactly
        n += 1
    reached = year + n
    return TimeToTarget(
        Reach.REACHES,
        reached,
        slope,
        method,
        due,
        None if due is None else reached <= due,
    )


def times_to_target(
    result: BatchResult,
    requirement: str,
    *,
    standard: str | None = None,
    year: int | None = None,
) -> tuple[TimeToTarget, ...]:
    """Return each region's time to the requirement's target (one per region).

    The target is the one the requirement judged (a threshold's bound, the
    assigned target of the year); the comparison is the threshold's, or the
    indicator's direction. A region without a target gets insufficient data.
    """
    b = result.find(requirement, standard=standard, year=year)
    ind = b.standard.indicator(b.requirement.indicator)
    rule = b.requirement.rule
    by_direction = Op.LE if ind.direction.sign() < 0 else Op.GE
    op = rule.op if isinstance(rule, Threshold) else by_direction
    kinds = {rule.kind, *(getattr(p, "kind", "") for p in getattr(rule, "rules", ()))}
    # The target compared with: a threshold's bound, a by-region case's bound,
    # or the assigned target of the year (also inside an all_of with a trend).
    if "assigned_target" in kinds:
        targets = b.column.target
    elif kinds & {"threshold", "by_region"}:
        targets = b.target
    else:
        targets = None
    # The series of the window, cut as the rules cut it: usable numbers only.
    window = result.policy.years(b.year)
    cols = [b.context.columns.column(ind.id, y) for y in window]
    usable = [c.usable(fact=False) for c in cols]
    out = []
    for r, reg in enumerate(result.regions):
        series: dict[int, float | None] = {
            y: float(c.value[r]) if ok[r] else None
            for y, c, ok in zip(window, cols, usable, strict=True)
        }
        target = math.nan if targets is None else float(targets[r])
        if math.isnan(target):
            tt = TimeToTarget(
                Reach.INSUFFICIENT_DATA, None, None, "no target", b.requirement.due
            )
        else:
            tt = time_to_target(
                series,
                target,
                year=b.year,
                op=op,
                policy=result.policy,
                due=b.requirement.due,
            )
        out.append(attrs.evolve(tt, region=reg.code))
    return tuple(out)
