"""Trend rules: 保持稳定或持续改善, 持续下降, 保持稳定或有所提高 ...

The words have no official operational meaning; :class:`~ecociv.rules.TrendPolicy`
makes window, comparison and tolerance explicit, and every trend outcome
carries the policy it used.
"""

from __future__ import annotations

import enum
import itertools
from typing import ClassVar

import attrs

from ecociv._observation import Observation
from ecociv.rules._core import (
    Comparison,
    Outcome,
    RuleContext,
    Verdict,
    fmt,
)
from ecociv.rules._leaf import current, used_value


__all__ = ["Trend", "TrendKind"]


class TrendKind(enum.Enum):
    """What a trend rule asks of the series, in the indicator's good direction."""

    #: 保持稳定或持续改善/下降/提高, 保持稳定或有所提高, 不降低: no comparison may
    #: worsen by more than the tolerance.
    STABLE_OR_IMPROVING = "stable_or_improving"
    #: 持续下降, 持续提高, 逐年有所提高: every comparison must improve (strictly;
    #: the tolerance does not apply, since "stable" is not enough).
    IMPROVING = "improving"


@attrs.frozen
class Trend:
    """A trend over the assessment window.

    The window's years come from the policy (default: the three years ending
    in the assessment year). Each comparison is a pair of years (consecutive
    pairs, or first and last); its *change* is measured in the good direction
    (a fall of PM2.5 is a positive change). A missing year anywhere in the
    window gives insufficient data: a trend is never guessed.

    Args:
        trend: What the series must do.
        comparison: Pins the comparison regardless of the policy, for words
            that fix it (逐年: every year).
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "trend"

    trend: TrendKind
    comparison: Comparison | None = None
    indicator: str | None = None

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge the series in the window under the context's policy."""
        ind = ctx.indicator_for(self.indicator)
        policy = ctx.policy
        if self.comparison is not None and self.comparison is not policy.comparison:
            policy = attrs.evolve(policy, comparison=self.comparison)
        tol = policy.tolerance_for(ind.id)
        years = policy.years(ctx.year)
        series: list[Observation] = []
        for y in years:
            obs = current(self.kind, ctx, ind, y)
            if isinstance(obs, Outcome):
                return attrs.evolve(
                    obs,
                    reason_zh=obs.reason_zh + f"(趋势窗口{years[0]}–{years[-1]}年)",
                    reason_en=obs.reason_en + f" (trend window {years[0]}–{years[-1]})",
                    values=tuple(used_value(o) for o in series) + obs.values,
                    policy=policy,
                )
            series.append(obs)
        pairs = (
            list(itertools.pairwise(series))
            if policy.comparison is Comparison.CONSECUTIVE
            else [(series[0], series[-1])]
        )
        sign = ind.direction.sign() or 1
        changes = [sign * (float(b.value) - float(a.value)) for a, b in pairs]  # type: ignore[arg-type]
        worst = min(changes)
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            ok = worst >= -tol
            distance = worst + tol
        else:
            ok = worst > 0
            distance = worst
        values = ", ".join(f"{o.year}: {fmt(o.number)}" for o in series)
        how_zh = (
            "逐年比较" if policy.comparison is Comparison.CONSECUTIVE else "首末年比较"
        )
        how_en = (
            "each consecutive pair"
            if policy.comparison is Comparison.CONSECUTIVE
            else "first against last year"
        )
        good_zh = "下降" if sign < 0 else "提高"
        want_zh = (
            f"保持稳定(容差{fmt(tol)})或持续{good_zh}"
            if self.trend is TrendKind.STABLE_OR_IMPROVING
            else f"持续{good_zh}"
        )
        want_en = (
            f"stable (tolerance {fmt(tol)} {ind.unit}) or improving"
            if self.trend is TrendKind.STABLE_OR_IMPROVING
            else "improving at every comparison"
        )
        return Outcome(
            Verdict.MET if ok else Verdict.NOT_MET,
            self.kind,
            f"{ind.name_zh}{values}({how_zh},最差一次向好变化{worst:+.6g}),"
            f"要求{want_zh}:{'达到' if ok else '未达到'}",
            f"{ind.name_en} {values} ({how_en}; worst change in the good direction "
            f"{worst:+.6g}); required: {want_en}: {'met' if ok else 'not met'}",
            values=tuple(used_value(o) for o in series),
            target=-tol if self.trend is TrendKind.STABLE_OR_IMPROVING else 0.0,
            distance=distance,
            unit=ind.unit,
            policy=policy,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            return "保持稳定或持续改善" if lang == "zh" else "stable or improving"
        return "持续改善" if lang == "zh" else "keeps improving"
