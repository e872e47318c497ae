"""Rules that judge one value: fixed thresholds, facts, changes.

Each rule judges the assessment year's observation of its indicator (the
requirement's own unless ``indicator`` names another, which lets a plan
write "A or B" over two indicators).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._vocabulary import FACT_STATES, FACT_WORDS, FactState, satisfies
from ecociv.rules._context import Context, insufficient, shown_in, unusable, usable
from ecociv.rules._core import (
    FACTS,
    NUMBERS,
    Op,
    TargetSource,
    Verdict,
    fmt,
    unit_text,
)
from ecociv.rules._decision import Decision, decided, same_unit, verdicts
from ecociv.rules._outcome import Outcome


if TYPE_CHECKING:
    import numpy as np

    from ecociv._arrays import Bools, Floats
else:
    from ecociv._lazy import numpy as np


__all__ = ["Change", "Fact", "Threshold", "bounded"]


@attrs.frozen
class Threshold:
    """A fixed bound: ``≥20`` %, ``100`` %, ``<0.6`` tce per 10⁴ yuan.

    Args:
        op: The comparison (a standard's "100" is ``>=`` 100).
        value: The bound, in the indicator's unit.
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "threshold"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    op: Op
    value: float
    indicator: str | None = None

    def decide(self, ctx: Context) -> Decision:
        """Compare every region's value in the assessment year with the bound.

        When the run judges against operative targets (``targets="data"``),
        a target the data gives for the region and year replaces the
        printed bound there, and the decision says so.
        """
        return bounded(ctx, ctx.indicator_for(self.indicator), self.op, self.value)

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, which value met or missed the bound."""
        ind = ctx.indicator_for(self.indicator)
        out = insufficient(self.kind, ctx, ind, decision, r)
        if out is not None:
            return out
        ok = decision.verdict_at(r) is Verdict.MET
        v, u = fmt(decision.measure[r]), unit_text(ind.unit)
        bound, printed = fmt(decision.target[r]), fmt(self.value)
        zh = en = ""
        if decision.target_from(r) is TargetSource.DATA:
            zh = f"(运行目标,数据给出;标准印制{self.op.symbol}{printed}{u})"
            en = (
                f" (an operative target given in the data; the standard prints "
                f"{self.op.symbol} {printed} {ind.unit})"
            )
        return decision.outcome(
            r,
            self.kind,
            f"{ctx.year}年{ind.name_zh}为{v}{u},{'达到' if ok else '未达到'}"
            f"{self.op.symbol}{bound}{u}{zh}",
            f"{ind.name_en} is {v} {ind.unit} in {ctx.year}, which "
            f"{'meets' if ok else 'does not meet'} {self.op.symbol} "
            f"{bound} {ind.unit}{en}",
            values=shown_in(ctx, ind, r),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as a standard prints it, e.g. ``≥20``."""
        del lang
        return f"{self.op.symbol}{fmt(self.value)}"


def bounded(
    ctx: Context,
    ind: Indicator,
    op: Op,
    value: Floats | float,
    where: Bools | None = None,
) -> Decision:
    """Compare every region's value in the assessment year with a fixed bound.

    The one comparison of :class:`Threshold`; ``value`` is one bound, or a
    bound per region (:class:`~ecociv.rules.ByRegion` over thresholds, one
    comparison for every case). ``where``, if given, says where a bound
    applies: elsewhere the verdict is insufficient data, with no numbers.
    When the run judges against operative targets (``targets="data"``), a
    target the data gives replaces the bound where it applies.
    """
    col = ctx.column(ind)
    ok = usable(col, ind)
    if where is not None:
        ok = ok & where
    bound = value
    operative = None
    if ctx.targets is TargetSource.DATA:
        operative = ~np.isnan(col.target)
        if where is not None:
            operative &= where
        bound = np.where(operative, col.target, value)
    return decided(
        ok,
        op.holds(col.value, bound),
        col.value,
        bound,
        op.margin(col.value, bound),
        ind.unit,
        operative,
    )


@functools.cache
def _clashes(state: FactState) -> Bools:
    """Return, per fact state's code, whether a word naming it does not show ``state``.

    The last slot serves code -1 (a generic yes such as 是): no clash.
    """
    clash = np.array([not satisfies(s, state) for s in FACT_STATES] + [False])
    clash.flags.writeable = False
    return clash


@attrs.frozen
class Fact:
    """An institutional fact: 建立 (established), 开展 (carried out), ...

    Data gives ``True``/``False`` (from 是/否, yes/no, or the state word
    itself). A different state word than the one required (开展 where
    有效保障 is required) is not taken as yes: the verdict is insufficient
    data, with the reason.

    Args:
        state: The state the standard requires.
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "fact"
    #: The kinds of indicator it judges (:data:`ecociv.rules.FACTS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = FACTS

    state: FactState
    indicator: str | None = None

    def decide(self, ctx: Context) -> Decision:
        """Judge whether the required state holds in the assessment year."""
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        yes = col.value == 1.0
        # Not usable, or a yes naming another state (开展 for 有效保障): no data.
        ok = usable(col, ind) & ~(yes & _clashes(self.state).take(col.named))
        verdict = verdicts(ok, yes)
        nan = np.full(ctx.n, np.nan)
        return Decision(verdict, nan, nan, nan, same_unit(ctx.n), (ind.unit,))

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, whether the state holds, or why it cannot tell."""
        ind = ctx.indicator_for(self.indicator)
        out = insufficient(self.kind, ctx, ind, decision, r)
        if out is not None:
            return out
        values = shown_in(ctx, ind, r)
        verdict = decision.verdict_at(r)
        if verdict is Verdict.INSUFFICIENT_DATA:
            given = values[0].given if values else None
            word = FACT_WORDS.get((given or "").strip().lower())
            named = word[1].value if word and word[1] else given
            return decision.outcome(
                r,
                self.kind,
                f"数据写“{given}”,而标准要求“{self.state.zh}”;"
                f"请填写是/否或“{self.state.zh}”",
                f"the data says {named!r} but the standard requires "
                f"{self.state.value!r}; give yes/no or the required word",
                values=values,
            )
        ok = verdict is Verdict.MET
        return decision.outcome(
            r,
            self.kind,
            f"{ctx.year}年{ind.name_zh}:{'符合' if ok else '不符合'}“{self.state.zh}”",
            f"{ind.name_en} in {ctx.year}: {self.state.en}: {'yes' if ok else 'no'}",
            values=values,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the required state in words."""
        return self.state.zh if lang == "zh" else self.state.en


@attrs.frozen
class Change:
    """A bound on the change against an earlier year: △EQI > -1.

    ``change = value(year) - value(year - lag)`` must satisfy ``op value``.

    Args:
        op: The comparison.
        value: The bound on the change, in the indicator's unit.
        lag: How many years back the comparison year lies (default 1, the
            previous year: the most natural reading of 与往年相比).
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "change"
    #: The kinds of indicator it judges (:data:`ecociv.rules.NUMBERS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = NUMBERS

    op: Op
    value: float
    lag: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    indicator: str | None = None

    def decide(self, ctx: Context) -> Decision:
        """Compare every region's change from ``year - lag`` with the bound."""
        ind = ctx.indicator_for(self.indicator)
        now, base = ctx.column(ind), ctx.column(ind, ctx.year - self.lag)
        delta = now.value - base.value
        return decided(
            usable(now, ind) & usable(base, ind),
            self.op.holds(delta, self.value),
            delta,
            self.value,
            self.op.margin(delta, self.value),
            ind.unit,
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, how much the value changed, or which year lacks it."""
        ind = ctx.indicator_for(self.indicator)
        base_year = ctx.year - self.lag
        now, base = ctx.column(ind), ctx.column(ind, base_year)
        for col, extra in ((now, ()), (base, shown_in(ctx, ind, r))):
            why = unusable(col, ind, r)
            if why is not None:
                zh, en, values = why
                return decision.outcome(r, self.kind, zh, en, values=(*values, *extra))
        delta = decision.measure[r]
        a, b = fmt(base.value[r]), fmt(now.value[r])
        ok = decision.verdict_at(r) is Verdict.MET
        return decision.outcome(
            r,
            self.kind,
            f"{ind.name_zh}由{base_year}年{a}变为{ctx.year}年{b},变化{delta:+.6g},"
            f"要求变化{self.op.symbol}{fmt(self.value)}:{'达到' if ok else '未达到'}",
            f"{ind.name_en} went from {a} ({base_year}) to {b} ({ctx.year}), a "
            f"change of {delta:+.6g}; required: change {self.op.symbol} "
            f"{fmt(self.value)}: {'met' if ok else 'not met'}",
            values=(*shown_in(ctx, ind, r, base_year), *shown_in(ctx, ind, r)),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as printed, e.g. ``△>-1``."""
        del lang
        return f"△{self.op.symbol}{fmt(self.value)}"
