"""Rules that judge one value: fixed thresholds, facts, assigned targets, changes.

Each rule judges the assessment year's observation of its indicator (the
requirement's own unless ``indicator`` names another, which lets a plan
write "A or B" over two indicators).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Literal

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._observation import Observation
from ecociv.rules._core import Op, Outcome, RuleContext, UsedValue, Verdict, fmt


__all__ = [
    "FACT_WORDS",
    "AssignedTarget",
    "Change",
    "Fact",
    "FactState",
    "Threshold",
    "compare_with_data",
    "current",
    "used_value",
]


def used_value(obs: Observation) -> UsedValue:
    """Return what an explanation shows of an observation."""
    return UsedValue(
        obs.indicator, obs.year, obs.value, obs.unit, obs.target, obs.given
    )


def current(
    rule: str, ctx: RuleContext, indicator: Indicator, year: int | None = None
) -> Observation | Outcome:
    """Return the usable observation for ``year`` (default: the assessment year).

    Returns an insufficient-data :class:`Outcome` instead when the value is
    missing, or marked not applicable where the rule does not allow it (only
    :class:`~ecociv.rules.Applicable` turns 不涉及 into not applicable).
    """
    y = ctx.year if year is None else year
    obs = ctx.observation(indicator.id, y)
    name = indicator.name_zh
    if obs is None or (obs.applicable and obs.value is None):
        return Outcome(
            Verdict.INSUFFICIENT_DATA,
            rule,
            f"缺少{name}{y}年数据",
            f"no value of {indicator.name_en} for {y}",
        )
    if not obs.applicable:
        return Outcome(
            Verdict.INSUFFICIENT_DATA,
            rule,
            f"数据将{name}标为不涉及,但该指标未标*,适用于所有地区",
            f"the data marks {indicator.name_en} not applicable, but the standard "
            "does not mark it with * and it applies everywhere",
            values=(used_value(obs),),
        )
    if indicator.kind is IndicatorKind.FACT and not isinstance(obs.value, bool):
        return Outcome(
            Verdict.INSUFFICIENT_DATA,
            rule,
            f"{name}应为是/否状态,数据给出数值{obs.value}",
            f"{indicator.name_en} is a yes/no state, the data gives a number",
            values=(used_value(obs),),
        )
    if indicator.kind is not IndicatorKind.FACT and isinstance(obs.value, bool):
        return Outcome(
            Verdict.INSUFFICIENT_DATA,
            rule,
            f"{name}应为数值,数据给出是/否",
            f"{indicator.name_en} is a number, the data gives yes/no",
            values=(used_value(obs),),
        )
    return obs


@attrs.frozen
class Threshold:
    """A fixed bound: ``≥20`` %, ``100`` %, ``<0.6`` tce per 10⁴ yuan.

    Args:
        op: The comparison (a standard's "100" is ``>=`` 100).
        value: The bound, in the indicator's unit.
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "threshold"

    op: Op
    value: float
    indicator: str | None = None

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge the assessment year's value against the bound."""
        ind = ctx.indicator_for(self.indicator)
        obs = current(self.kind, ctx, ind)
        if isinstance(obs, Outcome):
            return obs
        v = float(obs.value)  # type: ignore[arg-type]  # current() checked it
        ok = self.op.holds(v, self.value)
        distance = self.op.margin(v, self.value)
        word_zh = "达到" if ok else "未达到"
        word_en = "meets" if ok else "does not meet"
        return Outcome(
            Verdict.MET if ok else Verdict.NOT_MET,
            self.kind,
            f"{ctx.year}年{ind.name_zh}为{fmt(v)}{_u(ind.unit)},{word_zh}"
            f"{self.op.symbol}{fmt(self.value)}{_u(ind.unit)}",
            f"{ind.name_en} is {fmt(v)} {ind.unit} in {ctx.year}, which {word_en} "
            f"{self.op.symbol} {fmt(self.value)} {ind.unit}",
            values=(used_value(obs),),
            target=self.value,
            distance=distance,
            unit=ind.unit,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as a standard prints it, e.g. ``≥20``."""
        del lang
        return f"{self.op.symbol}{fmt(self.value)}"


class FactState(enum.Enum):
    """An institutional state a standard requires."""

    ESTABLISHED = "established"  # 建立
    CARRIED_OUT = "carried_out"  # 开展
    EFFECTIVELY_CARRIED_OUT = "effectively_carried_out"  # 有效开展
    EFFECTIVELY_SAFEGUARDED = "effectively_safeguarded"  # 有效保障
    FORMULATED_AND_IMPLEMENTED = "formulated_and_implemented"  # 制定实施
    COMPILED = "compiled"  # 编制
    COMPLIED_WITH = "complied_with"  # 遵守
    DELINEATED_AND_COMPLIED_WITH = "delineated_and_complied_with"  # 划定并遵守
    FULLY_IMPLEMENTED = "fully_implemented"  # 全面推行
    IMPLEMENTED = "implemented"  # 实施, 落实
    NOT_OCCURRED = "not_occurred"  # 未发生
    NOT_OBVIOUS = "not_obvious"  # 不明显
    #: A condition stated in words (基本条件, 生态功能不降低、性质不改变): the
    #: requirement's target text says what must hold; the data says yes or no.
    HOLDS = "holds"

    @property
    def zh(self) -> str:
        """Return the Chinese word the standards print."""
        return _STATE_ZH[self]


_STATE_ZH = {
    FactState.ESTABLISHED: "建立",
    FactState.CARRIED_OUT: "开展",
    FactState.EFFECTIVELY_CARRIED_OUT: "有效开展",
    FactState.EFFECTIVELY_SAFEGUARDED: "有效保障",
    FactState.FORMULATED_AND_IMPLEMENTED: "制定实施",
    FactState.COMPILED: "编制",
    FactState.COMPLIED_WITH: "遵守",
    FactState.DELINEATED_AND_COMPLIED_WITH: "划定并遵守",
    FactState.FULLY_IMPLEMENTED: "全面推行",
    FactState.IMPLEMENTED: "实施",
    FactState.NOT_OCCURRED: "未发生",
    FactState.NOT_OBVIOUS: "不明显",
    FactState.HOLDS: "满足",
}

#: Words accepted in data for an institutional fact: word → (holds, state named).
#: A state word says which state holds; a generic word (是, yes) only says yes/no.
FACT_WORDS: Mapping[str, tuple[bool, FactState | None]] = MappingProxyType(
    {
        **{zh: (True, s) for s, zh in _STATE_ZH.items()},
        **{
            "未" + zh: (False, s)
            for s, zh in _STATE_ZH.items()
            if not zh.startswith(("未", "不"))
        },
        "已发生": (False, FactState.NOT_OCCURRED),
        "明显": (False, FactState.NOT_OBVIOUS),
        "不满足": (False, FactState.HOLDS),
        "是": (True, None),
        "否": (False, None),
        "yes": (True, None),
        "no": (False, None),
        "true": (True, None),
        "false": (False, None),
    }
)

# A stronger state satisfies a weaker requirement: 有效开展 is also 开展.
_IMPLIES = {
    FactState.EFFECTIVELY_CARRIED_OUT: {FactState.CARRIED_OUT},
    FactState.DELINEATED_AND_COMPLIED_WITH: {FactState.COMPLIED_WITH},
    FactState.FULLY_IMPLEMENTED: {FactState.IMPLEMENTED},
    FactState.FORMULATED_AND_IMPLEMENTED: {FactState.IMPLEMENTED},
}


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

    state: FactState
    indicator: str | None = None

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge whether the required state holds in the assessment year."""
        ind = ctx.indicator_for(self.indicator)
        obs = current(self.kind, ctx, ind)
        if isinstance(obs, Outcome):
            return obs
        word = FACT_WORDS.get((obs.given or "").strip().lower())
        named = word[1] if word else None
        if (
            obs.value is True
            and named is not None
            and named is not self.state
            and self.state not in _IMPLIES.get(named, ())
        ):
            return Outcome(
                Verdict.INSUFFICIENT_DATA,
                self.kind,
                f"数据写“{obs.given}”,而标准要求“{self.state.zh}”;请填写是/否或“{self.state.zh}”",
                f"the data says {named.value!r} but the standard requires "
                f"{self.state.value!r}; give yes/no or the required word",
                values=(used_value(obs),),
            )
        ok = obs.value is True
        return Outcome(
            Verdict.MET if ok else Verdict.NOT_MET,
            self.kind,
            f"{ctx.year}年{ind.name_zh}:{'符合' if ok else '不符合'}“{self.state.zh}”",
            f"{ind.name_en} in {ctx.year}: {self.state.value.replace('_', ' ')}: "
            f"{'yes' if ok else 'no'}",
            values=(used_value(obs),),
            unit=ind.unit,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the required state in words."""
        return self.state.zh if lang == "zh" else self.state.value.replace("_", " ")


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

    indicator: str | None = None

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge the assessment year's value against its assigned target."""
        ind = ctx.indicator_for(self.indicator)
        op = Op.GE if ind.direction.sign() >= 0 else Op.LE
        return compare_with_data(
            self.kind, ctx, ind, "target", op, "上级考核目标", "the assigned target"
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        return "完成上级规定的考核任务" if lang == "zh" else "meet the assigned target"


@attrs.frozen
class Change:
    """A bound on the change against the previous year: △EQI > -1.

    ``change = value(year) - value(year - lag)`` must satisfy ``op value``.

    Args:
        op: The comparison.
        value: The bound on the change, in the indicator's unit.
        lag: How many years back the comparison year lies (default 1, the
            previous year: the most natural reading of 与往年相比).
        indicator: Another indicator to judge instead of the requirement's.
    """

    kind: ClassVar[str] = "change"

    op: Op
    value: float
    lag: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    indicator: str | None = None

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge the change from ``year - lag`` to the assessment year."""
        ind = ctx.indicator_for(self.indicator)
        base_year = ctx.year - self.lag
        now = current(self.kind, ctx, ind)
        if isinstance(now, Outcome):
            return now
        base = current(self.kind, ctx, ind, base_year)
        if isinstance(base, Outcome):
            return attrs.evolve(base, values=(*base.values, used_value(now)))
        delta = float(now.value) - float(base.value)  # type: ignore[arg-type]
        ok = self.op.holds(delta, self.value)
        return Outcome(
            Verdict.MET if ok else Verdict.NOT_MET,
            self.kind,
            f"{ind.name_zh}由{base_year}年{fmt(base.number)}变为{ctx.year}年"
            f"{fmt(now.number)},变化{delta:+.6g},要求变化{self.op.symbol}{fmt(self.value)}",
            f"{ind.name_en} went from {fmt(base.number)} ({base_year}) to "
            f"{fmt(now.number)} ({ctx.year}), a change of {delta:+.6g}; required: "
            f"change {self.op.symbol} {fmt(self.value)}",
            values=(used_value(base), used_value(now)),
            target=self.value,
            distance=self.op.margin(delta, self.value),
            unit=ind.unit,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule as printed, e.g. ``△>-1``."""
        del lang
        return f"△{self.op.symbol}{fmt(self.value)}"


def compare_with_data(  # noqa: PLR0913, PLR0917  (the parts of one comparison)
    kind: str,
    ctx: RuleContext,
    ind: Indicator,
    field: Literal["target", "reference"],
    op: Op,
    name_zh: str,
    name_en: str,
) -> Outcome:
    """Compare the assessment year's value with a number its observation carries.

    Shared by :class:`AssignedTarget` (``target``: 完成上级规定的考核任务) and
    :class:`~ecociv.rules.AboveReference` (``reference``: 高于全省平均值). Both
    numbers are input data; when absent the verdict is insufficient data.
    """
    obs = current(kind, ctx, ind)
    if isinstance(obs, Outcome):
        return obs
    other = obs.target if field == "target" else obs.reference
    if other is None:
        return Outcome(
            Verdict.INSUFFICIENT_DATA,
            kind,
            f"缺少{ctx.year}年{ind.name_zh}的{name_zh}",
            f"no value of {name_en} for {ind.name_en} in {ctx.year}",
            values=(used_value(obs),),
        )
    v = float(obs.value)  # type: ignore[arg-type]  # current() checked it
    ok = op.holds(v, other)
    u = _u(ind.unit)
    return Outcome(
        Verdict.MET if ok else Verdict.NOT_MET,
        kind,
        f"{ctx.year}年{ind.name_zh}为{fmt(v)}{u},{name_zh}{fmt(other)}{u},"
        f"要求{op.symbol}{name_zh}:{'达到' if ok else '未达到'}",
        f"{ind.name_en} is {fmt(v)} {ind.unit} in {ctx.year} against {name_en} "
        f"{fmt(other)} {ind.unit}; required {op.symbol} {name_en}: "
        f"{'met' if ok else 'not met'}",
        values=(used_value(obs),),
        target=other,
        distance=op.margin(v, other),
        unit=ind.unit,
    )


def _u(unit: str) -> str:
    """Return a unit for Chinese running text: nothing for ``-`` and ``1``."""
    return "" if unit in ("-", "1", "point") else unit
