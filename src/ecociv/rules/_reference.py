"""Rules that compare with something other than a fixed bound.

- :class:`AboveReference`: 高于全省平均值, against a reference value given as data.
- :class:`Around`: 稳定在70%左右, within a band around a value (the policy's, or
  one the requirement states).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import IndicatorKind
from ecociv.rules._context import (
    Context,
    Decision,
    decided,
    shown,
    unusable,
    usable,
)
from ecociv.rules._core import NUMBERS, Op, Outcome, TrendPolicy, Verdict, fmt
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
    """X左右: the value lies within a band around ``value`` (inclusive).

    "左右" (about) has no official width. Unless the requirement states its
    own ``tolerance``, the band is the policy's (:attr:`TrendPolicy.around
    <ecociv.rules.TrendPolicy.around>`: by default ±5 % of the stated value,
    so 70左右 is 66.5 to 73.5), and each outcome says which band it used.
    Distance is the band left: positive inside, negative outside.

    Args:
        value: The centre, in the indicator's unit.
        tolerance: Half-width of the band, in the indicator's unit, when the
            source states one; None (default) takes the policy's band.
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "around"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    value: float
    tolerance: float | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.ge(0)),
    )
    indicator: str | None = None

    def band(self, policy: TrendPolicy) -> tuple[float, str, str]:
        """Return the half-width used under ``policy`` and its reading (zh, en)."""
        if self.tolerance is not None:
            return self.tolerance, "标准所定", "as the requirement states"
        return policy.band(self.value)

    def decide(self, ctx: Context) -> Decision:
        """Judge whether every region's value lies in the band."""
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        half, _, _ = self.band(ctx.policy)
        distance = half - np.abs(col.value - self.value)
        return decided(
            usable(col, ind), distance >= 0, col.value, self.value, distance, ind.unit
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, whether the value lies in the band, and which band."""
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        why = unusable(col, ind, r)
        if why is not None:
            zh, en, values = why
            return decision.outcome(r, self.kind, zh, en, values=values)
        ok = decision.verdict_at(r) is Verdict.MET
        v = fmt(decision.measure[r])
        half, how_zh, how_en = self.band(ctx.policy)
        band = f"{fmt(self.value)}±{fmt(half)}"
        span = f"{fmt(self.value - half)}–{fmt(self.value + half)}"
        return decision.outcome(
            r,
            self.kind,
            f"{ctx.year}年{ind.name_zh}为{v},要求{fmt(self.value)}左右,即{band}"
            f"({how_zh}:{span}):{'达到' if ok else '未达到'}",
            f"{ind.name_en} is {v} in {ctx.year}; required about {fmt(self.value)}, "
            f"that is within {band} {ind.unit} ({how_en}: {span}): "
            f"{'met' if ok else 'not met'}",
            values=shown(col, r),
            policy=ctx.policy,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as printed, e.g. ``70左右`` (with its band when stated)."""
        word = "左右" if lang == "zh" else " about"
        band = "" if self.tolerance is None else f"(±{fmt(self.tolerance)})"
        return f"{fmt(self.value)}{word}{band}"
