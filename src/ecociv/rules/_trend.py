"""Trend rules: 保持稳定或持续改善, 持续下降, 保持稳定或有所提高 ...

The words have no official operational meaning; :class:`~ecociv.rules.TrendPolicy`
makes window, comparison and tolerance explicit, and every trend outcome
carries the policy it used.
"""

from __future__ import annotations

import enum
import itertools
from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._table import Column
from ecociv.rules._context import (
    Context,
    Decision,
    decided,
    first_unusable,
    usable,
    used,
)
from ecociv.rules._core import (
    NUMBERS,
    Outcome,
    TrendComparison,
    TrendPolicy,
    Verdict,
    fmt,
)


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["TrendKind", "TrendRule"]


class TrendKind(enum.Enum):
    """What a trend rule asks of the series, in the indicator's good direction."""

    #: 保持稳定或持续改善/下降/提高, 保持稳定或有所提高, 不降低: no comparison may
    #: worsen by more than the tolerance.
    STABLE_OR_IMPROVING = "stable_or_improving"
    #: 持续下降, 持续提高, 逐年有所提高: every comparison must improve (strictly;
    #: the tolerance does not apply, since "stable" is not enough).
    IMPROVING = "improving"


@attrs.frozen
class TrendRule:
    """A trend over the assessment window.

    The window's years come from the policy (default: the three years ending
    in the assessment year). Each comparison is a pair of years (consecutive
    pairs, or first and last); its *change* is measured in the good direction
    (a fall of PM2.5 is a positive change), and the measure judged is the
    worst change. A missing year anywhere in the window gives insufficient
    data: a trend is never guessed.

    Args:
        trend: What the series must do.
        comparison: Pins the comparison regardless of the policy, for words
            that fix it (逐年: every year).
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "trend"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    trend: TrendKind
    comparison: TrendComparison | None = None
    indicator: str | None = None

    def policy(self, policy: TrendPolicy) -> TrendPolicy:
        """Return the policy this rule judges under (its pinned comparison, if any)."""
        if self.comparison is None or self.comparison is policy.comparison:
            return policy
        return attrs.evolve(policy, comparison=self.comparison)

    def _series(self, ctx: Context, ind: Indicator) -> list[Column]:
        return [ctx.column(ind, y) for y in self.policy(ctx.policy).years(ctx.year)]

    def decide(self, ctx: Context) -> Decision:
        """Find every region's worst change in the window and judge it."""
        ind = ctx.indicator_for(self.indicator)
        policy = self.policy(ctx.policy)
        tol = policy.tolerance_for(ind.id)
        cols = self._series(ctx, ind)
        ok = np.logical_and.reduce([usable(c, ind) for c in cols])
        pairs = (
            list(itertools.pairwise(cols))
            if policy.comparison is TrendComparison.CONSECUTIVE
            else [(cols[0], cols[-1])]
        )
        sign = ind.direction.sign() or 1
        worst = np.minimum.reduce([sign * (b.value - a.value) for a, b in pairs])
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            return decided(ok, worst >= -tol, worst, -tol, worst + tol, ind.unit)
        return decided(ok, worst > 0, worst, 0.0, worst, ind.unit)

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, the series, the worst change and what was asked."""
        ind = ctx.indicator_for(self.indicator)
        policy = self.policy(ctx.policy)
        cols = self._series(ctx, ind)
        years = policy.years(ctx.year)
        if decision.verdict_at(r) is Verdict.INSUFFICIENT_DATA:
            zh, en, values = first_unusable(cols, ind, r)
            return decision.outcome(
                r,
                self.kind,
                f"{zh}(趋势窗口{years[0]}–{years[-1]}年)",
                f"{en} (trend window {years[0]}–{years[-1]})",
                values=values,
                policy=policy,
            )
        tol = policy.tolerance_for(ind.id)
        series = ", ".join(f"{c.year}: {fmt(c.value[r])}" for c in cols)
        worst = float(decision.measure[r])
        consecutive = policy.comparison is TrendComparison.CONSECUTIVE
        how_zh = "逐年比较" if consecutive else "首末年比较"
        how_en = "each consecutive pair" if consecutive else "first against last year"
        good_zh = "下降" if ind.direction.sign() < 0 else "提高"
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            want_zh = f"保持稳定(容差{fmt(tol)})或持续{good_zh}"
            want_en = f"stable (tolerance {fmt(tol)} {ind.unit}) or improving"
        else:
            want_zh, want_en = f"持续{good_zh}", "improving at every comparison"
        ok = decision.verdict_at(r) is Verdict.MET
        shown = (used(c, r) for c in cols)
        return decision.outcome(
            r,
            self.kind,
            f"{ind.name_zh}{series}({how_zh},最差一次向好变化{worst:+.6g}),"
            f"要求{want_zh}:{'达到' if ok else '未达到'}",
            f"{ind.name_en} {series} ({how_en}; worst change in the good direction "
            f"{worst:+.6g}); required: {want_en}: {'met' if ok else 'not met'}",
            values=tuple(v for v in shown if v is not None),
            policy=policy,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            return "保持稳定或持续改善" if lang == "zh" else "stable or improving"
        return "持续改善" if lang == "zh" else "keeps improving"
