"""Tables over a batch result: shares meeting, rankings, short boards, departments."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ecociv.rules import Verdict


if TYPE_CHECKING:
    from ecociv._engine import Block
    from ecociv.batch import BatchResult

MET, NOT_MET = Verdict.MET.code, Verdict.NOT_MET.code


__all__ = [
    "NO_DEPARTMENT",
    "Rank",
    "Share",
    "ShortBoard",
    "by_department",
    "ranking",
    "share_meeting",
    "short_boards",
]

NO_DEPARTMENT = "(未指定牵头单位)"


@attrs.frozen
class Share:
    """How many regions meet one requirement.

    ``share`` is met / (met + not met): regions that lack data or where the
    requirement does not apply are left out, and counted separately.
    """

    standard: str
    year: int
    requirement: str
    indicator: str
    binding: bool
    met: int
    not_met: int
    not_applicable: int
    insufficient_data: int
    share: float | None


def _blocks(result: BatchResult, standard: str | None, year: int | None) -> list[Block]:
    return [
        b
        for b in result.blocks
        if (standard is None or b.standard.id == standard)
        and (year is None or b.year == year)
    ]


def share_meeting(
    result: BatchResult, *, standard: str | None = None, year: int | None = None
) -> tuple[Share, ...]:
    """Return, per requirement, the share of regions judged that meet it."""
    out = []
    na = Verdict.NOT_APPLICABLE.code
    ins = Verdict.INSUFFICIENT_DATA.code
    for b in _blocks(result, standard, year):
        v = b.verdict[b.scope]
        met, not_met = int((v == MET).sum()), int((v == NOT_MET).sum())
        out.append(
            Share(
                b.standard.id,
                b.year,
                b.requirement.id,
                b.requirement.indicator,
                b.requirement.binding,
                met,
                not_met,
                int((v == na).sum()),
                int((v == ins).sum()),
                met / (met + not_met) if met + not_met else None,
            )
        )
    return tuple(out)


@attrs.frozen
class Rank:
    """A region's place for one indicator (1 = best; ties share a place)."""

    rank: int
    region: str
    region_name: str
    value: float
    verdict: str


def ranking(
    result: BatchResult,
    requirement: str,
    *,
    standard: str | None = None,
    year: int | None = None,
) -> tuple[Rank, ...]:
    """Rank regions by the requirement's indicator value, best first.

    The order follows the indicator's direction (lower PM2.5 ranks higher).
    Regions without a number (missing, 不涉及, a fact) are not ranked.
    """
    b = result.find(requirement, standard=standard, year=year)
    ind = b.standard.indicator(b.requirement.indicator)
    sign = ind.direction.sign() or 1
    col = b.column
    rows = [
        (float(col.value[r]), r)
        for r in range(len(result.regions))
        if b.scope[r]
        and col.present[r]
        and col.applicable[r]
        and not col.boolean[r]
        and not math.isnan(col.value[r])
    ]
    rows.sort(key=lambda vr: (-sign * vr[0], result.regions[vr[1]].code))
    out: list[Rank] = []
    for k, (v, r) in enumerate(rows):
        place = out[-1].rank if out and out[-1].value == v else k + 1
        reg = result.regions[r]
        out.append(
            Rank(place, reg.code, reg.name, v, Verdict.of_code(int(b.verdict[r])).value)
        )
    return tuple(out)


@attrs.frozen
class ShortBoard:
    """An unmet binding requirement of a region (短板), with how far it falls short.

    ``relative`` is distance / abs(target) (e.g. -0.05: 5 % short), None when
    there is no non-zero level to scale by (a fact; a trend, whose target is
    the tolerance of a change, not a level).
    """

    region: str
    standard: str
    year: int
    requirement: str
    indicator: str
    value: float | None
    target: float | None
    distance: float | None
    relative: float | None
    lead: tuple[str, ...]


def _board(b: Block, r: int, region: str) -> ShortBoard:
    t, d = float(b.target[r]), float(b.distance[r])
    target = None if math.isnan(t) else t
    distance = None if math.isnan(d) else d
    v = float(b.column.value[r])
    # A share of the target only where the target is a level of the value
    # (a bound, an assigned target), not the tolerance of a trend's change.
    level = float(b.decision.measure[r]) == v
    rel = distance / abs(target) if distance is not None and target and level else None
    return ShortBoard(
        region,
        b.standard.id,
        b.year,
        b.requirement.id,
        b.requirement.indicator,
        None if math.isnan(v) or not b.column.applicable[r] else v,
        target,
        distance,
        rel,
        b.requirement.lead,
    )


def short_boards(
    result: BatchResult,
    region: str,
    *,
    standard: str | None = None,
    year: int | None = None,
) -> tuple[ShortBoard, ...]:
    """Return a region's unmet binding requirements, furthest from target first.

    Ordered by relative distance (most negative first); unmet requirements
    without a number to scale (facts) come last, in the standard's order.
    """
    r = result.index(region)
    boards = [
        _board(b, r, region)
        for b in _blocks(result, standard, year)
        if b.scope[r] and b.requirement.binding and b.verdict[r] == NOT_MET
    ]
    return tuple(sorted(boards, key=lambda s: (s.relative is None, s.relative or 0.0)))


def by_department(
    result: BatchResult, *, standard: str | None = None, year: int | None = None
) -> Mapping[str, tuple[ShortBoard, ...]]:
    """Group every region's unmet requirements by lead department (牵头单位).

    A requirement with several lead departments is listed under each; one
    without (national standards name none) under ``NO_DEPARTMENT``.
    """
    groups: dict[str, list[ShortBoard]] = {}
    for b in _blocks(result, standard, year):
        for r in (b.verdict == NOT_MET).nonzero()[0]:
            if not b.scope[r]:
                continue
            board = _board(b, int(r), result.regions[int(r)].code)
            for dept in b.requirement.lead or (NO_DEPARTMENT,):
                groups.setdefault(dept, []).append(board)
    return {k: tuple(v) for k, v in sorted(groups.items())}
