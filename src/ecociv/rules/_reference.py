"""Rules that compare with something other than a fixed bound.

- :class:`AssignedTarget`: 完成上级规定的考核任务, against a target given as data.
- :class:`AboveReference`: 高于全省平均值, against a reference value given as data.
- :class:`Around`: 稳定在70%左右, within a band around a value (the policy's, or
  one the requirement states).

The first two compare with a number each region's data carries, in one place
(:func:`compare_with_data`, its words in :func:`explain_with_data`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv.rules._context import (
    Context,
    insufficient,
    shown,
    shown_in,
    unusable,
    usable,
)
from ecociv.rules._core import NUMBERS, Op, Verdict, fmt, unit_text
from ecociv.rules._decision import MET, NOT_MET, Decision, codes_where, decided
from ecociv.rules._outcome import Outcome
from ecociv.rules._policy import TrendPolicy


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "AboveReference",
    "Around",
    "AssignedTarget",
    "compare_with_data",
    "explain_with_data",
]


@attrs.frozen
class AssignedTarget:
    """完成上级规定的考核任务: meet the target the higher level assigned for the year.

    The target is input data (``Observation.target``), not a constant. The
    comparison follows the indicator's direction: at least the target when
    higher is better, at most the target when lower is better.

    Args:
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "assigned_target"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    indicator: str | None = None

    def _op(self, ind: Indicator) -> Op:
        return Op.GE if ind.direction.sign() >= 0 else Op.LE

    def decide(self, ctx: Context) -> Decision:
        """Compare every region's value with its assigned target.

        Where the data gives only the higher level's verdict (完成 / 未完成
        in the value cell), that verdict is the decision, with no numbers.
        """
        ind = ctx.indicator_for(self.indicator)
        decision = compare_with_data(ctx, ind, "target", self._op(ind))
        col = ctx.column(ind)
        said = col.usable(fact=True)  # a yes/no in a number's column: 完成/未完成
        if not said.any():
            return decision
        return decision.replace(said, codes_where(col.value == 1.0, MET, NOT_MET))

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, how the value stands against the assigned target."""
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        if col.usable(fact=True)[r]:
            done = col.value[r] == 1.0
            return decision.outcome(
                r,
                self.kind,
                f"{ctx.year}年{ind.name_zh}上级考核结果为"
                f"{'完成' if done else '未完成'}:{'达到' if done else '未达到'}",
                f"the higher level's verdict on {ind.name_en} in {ctx.year} is "
                f"{'completed' if done else 'not completed'}: "
                f"{'met' if done else 'not met'}",
                values=shown(col, r),
            )
        return explain_with_data(
            self.kind, ctx, ind, decision, r, self._op(ind),
            ("上级考核目标", "the assigned target"),
        )  # fmt: skip

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        return "完成上级规定的考核任务" if lang == "zh" else "meet the assigned target"


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


def compare_with_data(
    ctx: Context, ind: Indicator, field: Literal["target", "reference"], op: Op
) -> Decision:
    """Compare the assessment year's value with a number each region's data carries.

    Shared by :class:`AssignedTarget` (``target``: 完成上级规定的考核任务) and
    :class:`~ecociv.rules.AboveReference` (``reference``: 高于全省平均值). Both
    numbers are input data; where absent the verdict is insufficient data.
    """
    col = ctx.column(ind)
    other = col.target if field == "target" else col.reference
    return decided(
        usable(col, ind) & ~np.isnan(other),
        op.holds(col.value, other),
        col.value,
        other,
        op.margin(col.value, other),
        ind.unit,
        np.ones(ctx.n, dtype=bool),
    )


def explain_with_data(  # noqa: PLR0913, PLR0917  (the parts of one comparison)
    kind: str,
    ctx: Context,
    ind: Indicator,
    decision: Decision,
    r: int,
    op: Op,
    names: tuple[str, str],
) -> Outcome:
    """Write the words of :func:`compare_with_data` for region ``r``."""
    out = insufficient(kind, ctx, ind, decision, r)
    if out is not None:
        return out
    name_zh, name_en = names
    values = shown_in(ctx, ind, r)
    if decision.verdict_at(r) is Verdict.INSUFFICIENT_DATA:
        return decision.outcome(
            r,
            kind,
            f"缺少{ctx.year}年{ind.name_zh}的{name_zh}",
            f"no value of {name_en} for {ind.name_en} in {ctx.year}",
            values=values,
        )
    ok = decision.verdict_at(r) is Verdict.MET
    v, other, u = fmt(decision.measure[r]), fmt(decision.target[r]), unit_text(ind.unit)
    return decision.outcome(
        r,
        kind,
        f"{ctx.year}年{ind.name_zh}为{v}{u},{name_zh}{other}{u},"
        f"要求{op.symbol}{name_zh}:{'达到' if ok else '未达到'}",
        f"{ind.name_en} is {v} {ind.unit} in {ctx.year} against {name_en} "
        f"{other} {ind.unit}; required {op.symbol} {name_en}: "
        f"{'met' if ok else 'not met'}",
        values=values,
    )


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
