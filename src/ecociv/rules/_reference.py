"""Rules that compare with something other than a fixed bound.

- :class:`AboveReference`: 高于全省平均值, against a reference value given as data.
- :class:`Around`: 稳定在70%左右, within a stated tolerance of a value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import IndicatorKind
from ecociv.rules._context import Context, Decision, decided, unusable, usable, used
from ecociv.rules._core import NUMBERS, Op, Outcome, Verdict, fmt
from ecociv.rules._leaf import compare_with_data, explain_with_data


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["AboveReference", "Around"]


@attrs.frozen
class AboveReference:
    """高于全省平均值: compare the value with a reference given in the data.

    The reference (a provincial average, the previous year's county average)
    is input data (``Observation.reference``), never a constant.

    Args:
        op: The comparison with the reference (``>`` for 高于).
        reference_zh: What the reference is, in Chinese (全省平均值).
        reference_en: The same in English.
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "above_reference"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    op: Op = Op.GT
    reference_zh: str = "参照值"
    reference_en: str = "the reference value"
    indicator: str | None = None

    def decide(self, ctx: Context) -> Decision:
        """Compare every region's value with its reference."""
        return compare_with_data(
            ctx, ctx.indicator_for(self.indicator), "reference", self.op
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, how the value stands against the reference."""
        return explain_with_data(
            self.kind,
            ctx,
            ctx.indicator_for(self.indicator),
            decision,
            r,
            self.op,
            (self.reference_zh, self.reference_en),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        if lang == "zh":
            return f"{self.op.symbol}{self.reference_zh}"
        return f"{self.op.symbol} {self.reference_en}"


@attrs.frozen
class Around:
    """X左右: the value lies within ``tolerance`` of ``value`` (inclusive).

    "左右" (about) has no official width; a standard or plan file states the
    tolerance it uses and why (see its notes). Distance is the tolerance left:
    positive inside the band, negative outside.

    Args:
        value: The centre, in the indicator's unit.
        tolerance: Half-width of the band, in the indicator's unit.
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "around"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    value: float
    tolerance: float = attrs.field(validator=attrs.validators.ge(0))
    indicator: str | None = None

    def decide(self, ctx: Context) -> Decision:
        """Judge whether every region's value lies in the band."""
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        distance = self.tolerance - np.abs(col.value - self.value)
        return decided(
            usable(col, ind), distance >= 0, col.value, self.value, distance, ind.unit
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, whether the value lies in the band."""
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        why = unusable(col, ind, r)
        if why is not None:
            zh, en, values = why
            return decision.outcome(r, self.kind, zh, en, values=values)
        ok = decision.verdict_at(r) is Verdict.MET
        v = fmt(decision.measure[r])
        band = f"{fmt(self.value)}±{fmt(self.tolerance)}"
        shown = used(col, r)
        return decision.outcome(
            r,
            self.kind,
            f"{ctx.year}年{ind.name_zh}为{v},要求在{band}之间:"
            f"{'达到' if ok else '未达到'}",
            f"{ind.name_en} is {v} in {ctx.year}; required within {band} "
            f"{ind.unit}: {'met' if ok else 'not met'}",
            values=() if shown is None else (shown,),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as printed, e.g. ``70左右(±0.5)``."""
        word = "左右" if lang == "zh" else " about"
        return f"{fmt(self.value)}{word}(±{fmt(self.tolerance)})"
