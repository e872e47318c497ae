"""What a rule concludes for one region, and why: its outcome and the values used.

A rule's ``explain(ctx, decision, r)`` writes an :class:`Outcome` from its
decision (``Decision.outcome``): the numbers are the decision's for region
``r``, the words (reasons, each value used as a :class:`UsedValue`) are written from
them. The engine puts outcomes into judgements; reports and documents read
them.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ecociv.rules._core import TargetSource, Verdict
from ecociv.rules._policy import TrendPolicy


__all__ = ["Outcome", "UsedValue"]


@attrs.frozen
class UsedValue:
    """A value a rule looked at, with its year and unit, for the explanation.

    ``region`` names the region when it is not the one judged (a child region's
    title, for rules over sub-regions); ``source`` is where the data says the
    value (and its target) came from, when it says.
    """

    indicator: str
    year: int
    value: float | bool | None
    unit: str
    target: float | None = None
    given: str | None = None
    region: str | None = None
    source: str | None = None


@attrs.frozen
class Outcome:
    """What one rule (or sub-rule) concluded for one region, and why.

    The numbers (verdict, measure, target, distance, unit) are the rule's
    decision for the region, taken as they are from the columns the rule
    decided over; the words (reasons, values used) are written from them.

    Args:
        verdict: The verdict.
        rule: The rule kind (``"threshold"``, ``"trend"``, ...).
        reason_zh: The reason in Chinese.
        reason_en: The reason in English.
        values: Every value the rule used.
        measure: The quantity compared with the target: the value itself, a
            change, a rate, the worst step of a trend, a share of sub-regions;
            None when nothing was compared.
        target: The number the measure was compared with, when there is one.
        distance: Signed distance from the target, in ``unit``: positive when
            the measure is on the passing side (met with that margin),
            negative when it falls short by that much, None when there is no
            number to compare (facts, missing data).
        unit: Unit of ``measure``, ``target`` and ``distance`` (a rate is in
            %, whatever the indicator's unit).
        policy: The reading policy used, for trend and 左右 (around) rules.
        children: The outcomes of sub-rules, for composite rules.
        target_from: Where ``target`` came from: ``"standard"`` (the number
            the standard or plan prints), ``"data"`` (an assigned or
            operative target, or a reference value, given in the data; the
            values used show its source), or None when there is no target.
    """

    verdict: Verdict
    rule: str
    reason_zh: str
    reason_en: str
    values: tuple[UsedValue, ...] = ()
    measure: float | None = None
    target: float | None = None
    distance: float | None = None
    unit: str = ""
    policy: TrendPolicy | None = None
    children: tuple[Outcome, ...] = ()
    target_from: TargetSource | None = None

    def reason(self, lang: str = "zh") -> str:
        """Return the reason in ``lang``."""
        return self.reason_zh if lang == "zh" else self.reason_en

    def walk(self) -> Iterable[Outcome]:
        """Yield this outcome and every sub-outcome, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()
