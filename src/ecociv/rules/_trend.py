"""Trend rules: 保持稳定或持续改善, 持续下降, 保持稳定或有所提高 ...

The words have no official operational meaning; :class:`~ecociv.rules.TrendPolicy`
makes window, comparison and tolerance explicit (by default, a change within
half the indicator's published precision is stable), and every trend outcome
carries the policy it used and names its reading. A comparison held at the
indicator's best bound (a share at 100 %) cannot improve and is left out: a
ceiling is not a failure (docs/readings.md).
"""

from __future__ import annotations

import enum
import functools
import itertools
from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._table import Column
from ecociv.rules._context import Context, first_unusable, shown, usable
from ecociv.rules._core import NUMBERS, Verdict, fmt, unit_text
from ecociv.rules._decision import Decision, decided
from ecociv.rules._outcome import Outcome
from ecociv.rules._policy import TrendComparison, TrendPolicy


if TYPE_CHECKING:
    import numpy as np

    from ecociv._arrays import Bools
else:
    from ecociv._lazy import numpy as np


__all__ = ["TrendKind", "TrendRule", "best_bound"]


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

    def _pairs(
        self, policy: TrendPolicy, cols: list[Column]
    ) -> list[tuple[Column, Column]]:
        if policy.comparison is TrendComparison.CONSECUTIVE:
            return list(itertools.pairwise(cols))
        return [(cols[0], cols[-1])]

    def decide(self, ctx: Context) -> Decision:
        """Find every region's worst change in the window and judge it.

        A comparison whose two years are both at the indicator's best bound
        (a share at its maximum of 100 %, a share of bad water at its
        minimum of 0 %) cannot improve and does not worsen: it is left out
        of the worst change, and a series held at the bound throughout is
        improving with a worst change of 0.
        """
        ind = ctx.indicator_for(self.indicator)
        policy = self.policy(ctx.policy)
        tol = policy.tolerance_for(ind)
        cols = self._series(ctx, ind)
        ok = functools.reduce(np.logical_and, [usable(c, ind) for c in cols])
        pairs = self._pairs(policy, cols)
        sign = ind.direction.sign() or 1
        # Each change is a new column, written in place from here on.
        changes = [b.value - a.value for a, b in pairs]
        if sign < 0:
            for c in changes:
                np.negative(c, out=c)
        held = _held(ind, pairs)  # none where the indicator has no best bound
        for h, c in zip(held, changes, strict=bool(held)):
            np.putmask(c, h, np.inf)  # held at the bound: left out of the worst
        worst = functools.reduce(np.minimum, changes)  # new, or the one change
        at_bound = (
            functools.reduce(np.logical_and, held) if held else np.zeros(ctx.n, bool)
        )
        np.putmask(worst, at_bound, 0.0)  # held throughout: improving, by 0
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            return decided(ok, worst >= -tol, worst, -tol, worst + tol, ind.unit)
        return decided(ok, (worst > 0) | at_bound, worst, 0.0, worst, ind.unit)

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
        series = ", ".join(f"{c.year}: {fmt(c.value[r])}" for c in cols)
        worst = float(decision.measure[r])
        consecutive = policy.comparison is TrendComparison.CONSECUTIVE
        how_zh = "逐年比较" if consecutive else "首末年比较"
        how_en = "each consecutive pair" if consecutive else "first against last year"
        good_zh = "下降" if ind.direction.sign() < 0 else "提高"
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            reading_zh, reading_en = policy.stable_reading(ind)
            want_zh = f"保持稳定({reading_zh})或持续{good_zh}"
            want_en = f"stable ({reading_en}) or improving"
        else:
            want_zh, want_en = f"持续{good_zh}", "improving at every comparison"
        bound_zh, bound_en = _bound_words(ind, self._pairs(policy, cols), r)
        ok = decision.verdict_at(r) is Verdict.MET
        return decision.outcome(
            r,
            self.kind,
            f"{ind.name_zh}{series}({how_zh},最差一次向好变化{worst:+.6g}{bound_zh}),"
            f"要求{want_zh}:{'达到' if ok else '未达到'}",
            f"{ind.name_en} {series} ({how_en}; worst change in the good direction "
            f"{worst:+.6g}{bound_en}); required: {want_en}: "
            f"{'met' if ok else 'not met'}",
            values=tuple(v for c in cols for v in shown(c, r)),
            policy=policy,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        if self.trend is TrendKind.STABLE_OR_IMPROVING:
            return "保持稳定或持续改善" if lang == "zh" else "stable or improving"
        return "持续改善" if lang == "zh" else "keeps improving"


def best_bound(ind: Indicator) -> float | None:
    """Return the best value an indicator can take, if it has one.

    Its maximum when higher is better (a share's 100 %), its minimum when
    lower is better (0 % of water worse than Class V); None otherwise.
    """
    sign = ind.direction.sign()
    return ind.maximum if sign > 0 else ind.minimum if sign < 0 else None


def _held(ind: Indicator, pairs: list[tuple[Column, Column]]) -> list[Bools]:
    """Return, per comparison, where both of its years are at the best bound."""
    bound = best_bound(ind)
    if bound is None:
        return []
    at = np.greater_equal if ind.direction.sign() > 0 else np.less_equal
    years = {id(c): c for pair in pairs for c in pair}  # a year in two pairs: once
    there = {k: at(c.value, bound) for k, c in years.items()}
    return [there[id(a)] & there[id(b)] for a, b in pairs]


def _bound_words(
    ind: Indicator, pairs: list[tuple[Column, Column]], r: int
) -> tuple[str, str]:
    """Say, for region ``r``, which comparisons sat at the bound (zh, en)."""
    held = [bool(h[r]) for h in _held(ind, pairs)]
    if not any(held):
        return "", ""
    bound = best_bound(ind)
    up = ind.direction.sign() > 0
    edge_zh, edge_en = ("上限", "ceiling") if up else ("下限", "floor")
    move_zh, move_en = ("提高", "rise") if up else ("下降", "fall")
    zh_b = fmt(bound) + unit_text(ind.unit)
    en_b = fmt(bound) + ("" if ind.unit in ("1", "-") else f" {ind.unit}")
    if all(held):
        return (
            f";各年均处于该指标的{edge_zh}{zh_b},无法再{move_zh},视为持续改善",
            (
                f"; every year is at the indicator's {edge_en} of {en_b}: it cannot "
                f"{move_en} further, which counts as improving"
            ),
        )
    n = sum(held)
    return (
        f";其中{n}次比较两年均处于{edge_zh}{zh_b},无法再{move_zh},不计入",
        (
            f"; {n} comparison(s) held at the {edge_en} of {en_b} cannot "
            f"{move_en} further and are left out"
        ),
    )
