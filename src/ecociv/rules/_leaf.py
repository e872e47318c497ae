"""Rules that judge one value: fixed thresholds, facts, assigned targets, changes.

Each rule judges the assessment year's observation of its indicator (the
requirement's own unless ``indicator`` names another, which lets a plan
write "A or B" over two indicators).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, ClassVar, Literal

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._vocabulary import FACT_STATES, FACT_WORDS, FactState, satisfies
from ecociv.rules._context import (
    INSUFFICIENT,
    MET,
    NOT_MET,
    Context,
    Decision,
    decided,
    same_unit,
    shown,
    unusable,
    usable,
)
from ecociv.rules._core import (
    FACTS,
    NUMBERS,
    Op,
    Outcome,
    TargetSource,
    UsedValue,
    Verdict,
    fmt,
)


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "AssignedTarget",
    "Change",
    "Fact",
    "Threshold",
    "compare_with_data",
    "explain_with_data",
    "unit_text",
]


def unit_text(unit: str) -> str:
    """Return a unit for Chinese running text: nothing for ``-``, ``1``, ``point``."""
    return "" if unit in ("-", "1", "point") else unit


def _insufficient(
    kind: str, ctx: Context, ind: Indicator, d: Decision, r: int
) -> Outcome | None:
    """Return the outcome of a one-value rule whose value is unusable, if it is."""
    why = unusable(ctx.column(ind), ind, r)
    if why is None:
        return None
    zh, en, values = why
    return d.outcome(r, kind, zh, en, values=values)


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
        ind = ctx.indicator_for(self.indicator)
        col = ctx.column(ind)
        bound: Floats | float = self.value
        operative = None
        if ctx.targets is TargetSource.DATA:
            operative = ~np.isnan(col.target)
            bound = np.where(operative, col.target, self.value)
        return decided(
            usable(col, ind),
            self.op.holds(col.value, bound),
            col.value,
            bound,
            self.op.margin(col.value, bound),
            ind.unit,
            operative,
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, which value met or missed the bound."""
        ind = ctx.indicator_for(self.indicator)
        out = _insufficient(self.kind, ctx, ind, decision, r)
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
            values=_values(ctx, ind, r),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as a standard prints it, e.g. ``≥20``."""
        del lang
        return f"{self.op.symbol}{fmt(self.value)}"


def _values(
    ctx: Context, ind: Indicator, r: int, year: int | None = None
) -> tuple[UsedValue, ...]:
    return shown(ctx.column(ind, year), r)


@functools.cache
def _shows(state: FactState) -> Bools:
    """Return, per fact state's code, whether a word naming it shows ``state``.

    The last slot serves code -1 (a generic yes such as 是).
    """
    fine = np.array([satisfies(s, state) for s in FACT_STATES] + [True])
    fine.flags.writeable = False
    return fine


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
        ok = usable(col, ind)
        yes = col.value == 1.0
        clash = yes & ~_shows(self.state)[col.named]
        verdict = np.where(ok & ~clash, np.where(yes, MET, NOT_MET), INSUFFICIENT)
        nan = np.full(ctx.n, np.nan)
        return Decision(
            verdict.astype(np.int8), nan, nan, nan, same_unit(ctx.n), (ind.unit,)
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, whether the state holds, or why it cannot tell."""
        ind = ctx.indicator_for(self.indicator)
        out = _insufficient(self.kind, ctx, ind, decision, r)
        if out is not None:
            return out
        values = _values(ctx, ind, r)
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
        return decision.replace(
            said, np.where(col.value == 1.0, MET, NOT_MET).astype(np.int8)
        )

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
        for col, extra in ((now, ()), (base, _values(ctx, ind, r))):
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
            values=(*_values(ctx, ind, r, base_year), *_values(ctx, ind, r)),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as printed, e.g. ``△>-1``."""
        del lang
        return f"△{self.op.symbol}{fmt(self.value)}"


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
    out = _insufficient(kind, ctx, ind, decision, r)
    if out is not None:
        return out
    name_zh, name_en = names
    values = _values(ctx, ind, r)
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
