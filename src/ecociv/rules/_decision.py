"""What a rule decides: verdict, measure, target, distance and unit, as columns.

Every rule kind decides once, over the regions of a
:class:`~ecociv.rules.Context` (n >= 1; one region is n = 1): ``decide``
returns a :class:`Decision`, the verdict, measure, target, distance and unit
of every region as arrays. A separate, words-only step, ``explain``, writes
one region's reasons and the values used from that decision
(:meth:`Decision.outcome`); it never decides again.

This module also holds the verdict codes decisions are made of and
:func:`decided`, which turns the masks of a comparison into a decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ecociv.rules._core import TargetSource, Verdict
from ecociv.rules._outcome import Outcome, UsedValue
from ecociv.rules._policy import TrendPolicy


if TYPE_CHECKING:
    import numpy as np

    from ecociv._arrays import Bools, Floats, Ints
    from ecociv._arrays import Int8s as Codes
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "INSUFFICIENT",
    "MET",
    "NOT_APPLICABLE",
    "NOT_MET",
    "Decision",
    "codes_where",
    "decided",
    "numbers_where",
    "verdicts",
]

MET = Verdict.MET.code
NOT_MET = Verdict.NOT_MET.code
NOT_APPLICABLE = Verdict.NOT_APPLICABLE.code
INSUFFICIENT = Verdict.INSUFFICIENT_DATA.code


@attrs.frozen(eq=False)
class Decision:
    """A rule's decision over n regions: numbers only, no words.

    Attributes:
        verdict: Verdict codes (:attr:`Verdict.code`).
        measure: The quantity compared with the target (NaN: none).
        target: The target (NaN: none).
        distance: Signed distance from the target (NaN: none).
        unit: The unit of measure, target and distance, per region, as a
            code into ``units``.
        units: The units in play (a rate in %, a level in the indicator's
            unit); ``""`` where no unit applies.
        parts: The decisions of the sub-rules, for composite rules (for
            :class:`~ecociv.rules.ByRegion`, one per case, each read only
            where its case applies).
        lead: For composites, the part that gave target and distance
            (-1: none); for region-dependent rules, the case that applies.
        from_data: Where the target is a number the data gave (an assigned
            or operative target, a reference value); None: nowhere.
    """

    verdict: Codes
    measure: Floats
    target: Floats
    distance: Floats
    unit: Codes
    units: tuple[str, ...]
    parts: tuple[Decision, ...] = ()
    lead: Ints | None = None
    from_data: Bools | None = None

    def __len__(self) -> int:
        return len(self.verdict)

    def unit_at(self, r: int) -> str:
        """Return region ``r``'s unit."""
        return self.units[int(self.unit[r])]

    def verdict_at(self, r: int) -> Verdict:
        """Return region ``r``'s verdict."""
        return Verdict.of_code(int(self.verdict[r]))

    def outcome(  # noqa: PLR0913  (the words of one outcome)
        self,
        r: int,
        rule: str,
        reason_zh: str,
        reason_en: str,
        *,
        values: tuple[UsedValue, ...] = (),
        policy: TrendPolicy | None = None,
        children: tuple[Outcome, ...] = (),
    ) -> Outcome:
        """Return region ``r``'s outcome: this decision's numbers with the words."""
        target = _number(self.target[r])
        return Outcome(
            self.verdict_at(r),
            rule,
            reason_zh,
            reason_en,
            values=values,
            measure=_number(self.measure[r]),
            target=target,
            distance=_number(self.distance[r]),
            unit=self.unit_at(r),
            policy=policy,
            children=children,
            target_from=None if target is None else self.target_from(r),
        )

    def target_from(self, r: int) -> TargetSource:
        """Return where region ``r``'s target came from (the standard, or the data)."""
        data = self.from_data is not None and bool(self.from_data[r])
        return TargetSource.DATA if data else TargetSource.STANDARD

    def replace(self, where: Bools, verdict: int | Codes) -> Decision:
        """Return the decision with ``verdict`` and no numbers where ``where`` holds.

        ``verdict`` is one verdict's code, or a code per region. Where no
        region is concerned, the decision itself.
        """
        if not where.any():
            return self
        measure, target, distance = numbers_where(
            ~where, self.measure, self.target, self.distance
        )
        return attrs.evolve(
            self,
            verdict=codes_where(where, verdict, self.verdict),
            measure=measure,
            target=target,
            distance=distance,
        )


def _number(x: float) -> float | None:
    return None if x != x else float(x)  # noqa: PLR0124  (NaN is none)


def codes_where(cond: Bools, yes: Codes | int, no: Codes | int) -> Codes:
    """Return verdict codes: ``yes`` where ``cond`` holds, ``no`` elsewhere.

    ``yes`` and ``no`` are a code each, or a code per region. The result is
    a new int8 array. ``np.where`` does the same, but numpy has no fast path
    for one-byte items in it (about 4x slower than over floats, measured with
    numpy 2.4); a copy and one masked write is not, and the engine picks
    verdict codes this way dozens of times per requirement judged.

    >>> import numpy as np
    >>> codes_where(np.array([True, False]), np.array([0, 1], np.int8), 3)
    array([0, 3], dtype=int8)
    """
    if isinstance(no, np.ndarray):
        out = no.astype(np.int8)  # a copy, whatever the type given
    else:
        out = np.full(len(cond), no, dtype=np.int8)
    if isinstance(yes, np.ndarray) and yes.shape != out.shape:
        msg = f"codes of shape {yes.shape} for {out.shape}"  # putmask would cycle them
        raise ValueError(msg)
    np.putmask(out, cond, yes)
    return out


def numbers_where(keep: Bools, *numbers: Floats | float) -> tuple[Floats, ...]:
    """Return each column of numbers where ``keep`` holds, NaN elsewhere (new arrays).

    One selection, then a product per column (``x * 1.0`` is ``x`` bit for
    bit, ``x * NaN`` is NaN): what ``np.where(keep, x, nan)`` gives for each,
    at one selection for all. A number may be one for every region.

    >>> import numpy as np
    >>> numbers_where(np.array([True, False]), np.array([-0.0, 2.0]), 5.0)
    (array([-0., nan]), array([ 5., nan]))
    """
    only = np.where(keep, 1.0, np.nan)
    return tuple(np.multiply(x, only) for x in numbers)


def same_unit(n: int) -> Codes:
    """Return a unit column in which every region has the first unit."""
    return np.zeros(n, dtype=np.int8)


def verdicts(ok: Bools, holds: Bools) -> Codes:
    """Return verdict codes: met where ``holds``, else not met, where ``ok``.

    Elsewhere insufficient data. A new array.

    >>> import numpy as np
    >>> verdicts(np.array([True, True, False]), np.array([True, False, True]))
    array([0, 1, 3], dtype=int8)
    """
    # MET is code 0, NOT_MET 1 and INSUFFICIENT 3 (Verdict's order; a test
    # holds it): 3 * (not ok) | (not holds) is 3 where not ok, else 0 or 1.
    # Two in-place steps on one new array: no mask written through.
    verdict: Codes = np.invert(ok).view(np.int8)
    verdict *= INSUFFICIENT
    verdict |= np.invert(holds).view(np.int8)
    return verdict


def decided(  # noqa: PLR0913, PLR0917  (the columns of one comparison)
    ok: Bools,
    holds: Bools,
    measure: Floats | float,
    target: Floats | float,
    distance: Floats,
    unit: str,
    from_data: Bools | None = None,
) -> Decision:
    """Return the decision of a comparison: met or not where ``ok``, else no data.

    ``from_data`` says where the target is a number the data gave.
    """
    n = len(ok)
    verdict = verdicts(ok, holds)
    measure, target, distance = numbers_where(ok, measure, target, distance)
    return Decision(
        verdict,
        measure,
        target,
        distance,
        same_unit(n),
        (unit,),
        from_data=from_data,
    )
