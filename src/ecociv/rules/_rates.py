"""Rates computed from a series: average growth, average decline, yearly rise.

- 年均增长率 ≥6.8% (建设用地亩均GDP): compound average growth over ``years``.
- 下降率 ≥4.5% (单位GDP建设用地使用面积): compound average decline.
- 年提高幅度不低于2% (yearly rise of at least 2 points): every year's rise.

When the data already holds the rate as its own indicator (a 下降率 in %),
a plain :class:`~ecociv.rules.Threshold` on that indicator is the rule; this
kind is for series of levels.
"""

from __future__ import annotations

import enum
import itertools
from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._table import Column
from ecociv.rules._context import Context, first_unusable, shown, usable
from ecociv.rules._core import NUMBERS, Op, Verdict, fmt
from ecociv.rules._decision import Decision, decided
from ecociv.rules._outcome import Outcome


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["Rate", "RateMeasure"]


class RateMeasure(enum.Enum):
    """What a :class:`Rate` computes."""

    #: ((v[y] / v[y-n]) ** (1/n) - 1) × 100, in %.
    AVERAGE_GROWTH = "average_growth"
    #: (1 - (v[y] / v[y-n]) ** (1/n)) × 100, in %.
    AVERAGE_DECLINE = "average_decline"
    #: The smallest of the n yearly rises v[t] - v[t-1], in the indicator's unit.
    ANNUAL_RISE = "annual_rise"


_WORDS = {
    RateMeasure.AVERAGE_GROWTH: ("年均增长率", "average annual growth"),
    RateMeasure.AVERAGE_DECLINE: ("年均下降率", "average annual decline"),
    RateMeasure.ANNUAL_RISE: ("最小年提高幅度", "smallest yearly rise"),
}


@attrs.frozen
class Rate:
    """A bound on a rate computed from the series of the last ``years`` years.

    Every year from ``year - years`` to the assessment year is needed; a gap
    gives insufficient data, and so does a non-positive level for a growth
    or decline rate (no rate can be computed from it).

    Args:
        measure: What to compute.
        op: The comparison.
        value: The bound: in % for growth and decline, in the indicator's
            unit for the yearly rise.
        years: How many years the rate spans (default 1: against last year).
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "rate"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    measure: RateMeasure
    op: Op
    value: float
    years: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    indicator: str | None = None

    def _series(self, ctx: Context, ind: Indicator) -> list[Column]:
        return [ctx.column(ind, y) for y in range(ctx.year - self.years, ctx.year + 1)]

    def unit(self, ind: Indicator) -> str:
        """Return the rate's unit: % for growth and decline, else the indicator's."""
        return ind.unit if self.measure is RateMeasure.ANNUAL_RISE else "%"

    def decide(self, ctx: Context) -> Decision:
        """Compute every region's rate over the span and judge it."""
        ind = ctx.indicator_for(self.indicator)
        cols = self._series(ctx, ind)
        ok = np.logical_and.reduce([usable(c, ind) for c in cols])
        first, last = cols[0].value, cols[-1].value
        if self.measure is RateMeasure.ANNUAL_RISE:
            rate = np.minimum.reduce(
                [b.value - a.value for a, b in itertools.pairwise(cols)]
            )
        else:
            ok &= (first > 0) & (last > 0)
            growth = ((last / first) ** (1 / self.years) - 1) * 100
            rate = growth if self.measure is RateMeasure.AVERAGE_GROWTH else -growth
        return decided(
            ok,
            self.op.holds(rate, self.value),
            rate,
            self.value,
            self.op.margin(rate, self.value),
            self.unit(ind),
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, the rate over the span, or why there is none."""
        ind = ctx.indicator_for(self.indicator)
        cols = self._series(ctx, ind)
        word_zh, word_en = _WORDS[self.measure]
        values = tuple(v for c in cols for v in shown(c, r))
        if decision.verdict_at(r) is Verdict.INSUFFICIENT_DATA:
            if any(not usable(c, ind)[r] for c in cols):
                zh, en, values = first_unusable(cols, ind, r)
                return decision.outcome(r, self.kind, zh, en, values=values)
            return decision.outcome(
                r,
                self.kind,
                f"{ind.name_zh}存在非正值,无法计算{word_zh}",
                f"{ind.name_en} has a non-positive level; no {word_en} can be computed",
                values=values,
            )
        ok = decision.verdict_at(r) is Verdict.MET
        rate, unit = fmt(decision.measure[r]), self.unit(ind)
        span = f"{ctx.year - self.years}–{ctx.year}"
        return decision.outcome(
            r,
            self.kind,
            f"{ind.name_zh}{span}年{word_zh}为{rate}{unit},要求"
            f"{self.op.symbol}{fmt(self.value)}{unit}:{'达到' if ok else '未达到'}",
            f"{ind.name_en}: {word_en} {span} is {rate} {unit}; required "
            f"{self.op.symbol} {fmt(self.value)} {unit}: {'met' if ok else 'not met'}",
            values=values,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words, e.g. ``年均增长率≥6.8``."""
        word = _WORDS[self.measure][0 if lang == "zh" else 1]
        return f"{word}{self.op.symbol}{fmt(self.value)}"
