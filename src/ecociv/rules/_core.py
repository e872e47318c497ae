"""What every rule shares: verdicts, the trend policy, the context and outcomes.

A rule never reads files, clocks or globals. Everything it may look at is in
the :class:`RuleContext` the engine hands it, as packaging's
``Marker.evaluate(environment)`` does.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs


if TYPE_CHECKING:
    from ecociv._indicator import Indicator
    from ecociv._observation import Observation
    from ecociv._region import Region


__all__ = [
    "Comparison",
    "Op",
    "Outcome",
    "RuleContext",
    "TrendPolicy",
    "UsedValue",
    "Verdict",
    "all_of_verdict",
    "any_of_verdict",
    "fmt",
]


class Verdict(enum.Enum):
    """The judgement of one requirement (达标 / 未达标 / 不涉及 / 数据不足)."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"
    #: A plan target whose due year lies after the assessment year: reported
    #: with the current value and the distance left, not judged.
    NOT_YET_DUE = "not_yet_due"

    def label(self, lang: str = "zh") -> str:
        """Return the verdict in words."""
        return _VERDICT_LABELS[self][0 if lang == "zh" else 1]


_VERDICT_LABELS = {
    Verdict.MET: ("达标", "met"),
    Verdict.NOT_MET: ("未达标", "not met"),
    Verdict.NOT_APPLICABLE: ("不涉及", "not applicable"),
    Verdict.INSUFFICIENT_DATA: ("数据不足", "insufficient data"),
    Verdict.NOT_YET_DUE: ("未到期", "not yet due"),
}


class Op(enum.Enum):
    """A comparison operator as standards print it."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    def holds(self, observed: float, bound: float) -> bool:
        """Return whether ``observed <op> bound``."""
        return _OPS[self](observed, bound)

    def margin(self, observed: float, bound: float) -> float:
        """Return the signed distance: positive on the passing side of the bound."""
        return observed - bound if self in (Op.GE, Op.GT) else bound - observed

    @property
    def symbol(self) -> str:
        """Return the printed symbol (≥, >, ≤, <)."""
        return {"<=": "≤", ">=": "≥"}.get(self.value, self.value)


_OPS: dict[Op, Callable[[float, float], bool]] = {
    Op.GE: operator.ge,
    Op.GT: operator.gt,
    Op.LE: operator.le,
    Op.LT: operator.lt,
}


class Comparison(enum.Enum):
    """Which years a trend rule compares."""

    #: Every consecutive pair in the window (y-2→y-1, y-1→y): 持续 means each step.
    CONSECUTIVE = "consecutive"
    #: Only the first year of the window against the last.
    FIRST_LAST = "first_last"


def _freeze(m: Mapping[str, float] | None) -> Mapping[str, float]:
    return MappingProxyType({str(k): float(v) for k, v in (m or {}).items()})


def _check_window(_: object, __: attrs.Attribute[int], value: int) -> None:
    if value < 2:
        raise ValueError(f"a trend window needs at least 2 years, got {value}")


def _check_tolerance(_: object, __: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:
        raise ValueError(f"tolerance must be a non-negative number, got {value!r}")


@attrs.frozen
class TrendPolicy:
    """How trend words (保持稳定, 持续下降 ...) are made operational.

    No official definition exists (see the docs, "Trend semantics"), so every
    part is explicit, configurable per call, and echoed in each trend verdict.

    Args:
        window: Years in the assessment window, ending in the assessment year
            (default 3: 近三年, the three data years an application files).
        comparison: Compare each consecutive pair (default), or the first
            year with the last.
        tolerance: How much a value may move the wrong way and still count
            as "stable", in the indicator's unit (default 0: no worsening).
        tolerances: Per-indicator tolerances (indicator id → tolerance) that
            replace ``tolerance`` for those indicators.

    >>> policy = TrendPolicy(tolerances={"forest_coverage": 0.1})
    >>> policy.tolerance_for("forest_coverage"), policy.tolerance_for("eqi")
    (0.1, 0.0)
    """

    window: int = attrs.field(default=3, validator=_check_window)
    comparison: Comparison = Comparison.CONSECUTIVE
    tolerance: float = attrs.field(
        default=0.0, converter=float, validator=_check_tolerance
    )
    tolerances: Mapping[str, float] = attrs.field(
        factory=dict, converter=_freeze, hash=False
    )

    def __attrs_post_init__(self) -> None:
        for key, tol in self.tolerances.items():
            if not tol >= 0:
                raise ValueError(
                    f"tolerance for {key!r} must be non-negative, got {tol}"
                )

    def tolerance_for(self, indicator_id: str) -> float:
        """Return the tolerance that applies to this indicator."""
        return self.tolerances.get(indicator_id, self.tolerance)

    def years(self, year: int) -> tuple[int, ...]:
        """Return the window's years, oldest first, ending in ``year``."""
        return tuple(range(year - self.window + 1, year + 1))


@attrs.frozen
class UsedValue:
    """A value a rule looked at, with its year and unit, for the explanation."""

    indicator: str
    year: int
    value: float | bool | None
    unit: str
    target: float | None = None
    given: str | None = None


@attrs.frozen
class Outcome:
    """What one rule (or sub-rule) concluded, and why.

    Args:
        verdict: The verdict.
        rule: The rule kind (``"threshold"``, ``"trend"``, ...).
        reason_zh: The reason in Chinese.
        reason_en: The reason in English.
        values: Every value the rule used.
        target: The numeric target compared with, when there is one.
        distance: Signed distance to the target in the indicator's unit:
            positive when the value is on the passing side (met with that
            margin), negative when it falls short by that much, None when
            there is no number to compare (facts, missing data).
        unit: Unit of ``target`` and ``distance``.
        policy: The trend policy used, for trend rules.
        children: The outcomes of sub-rules, for composite rules.
    """

    verdict: Verdict
    rule: str
    reason_zh: str
    reason_en: str
    values: tuple[UsedValue, ...] = ()
    target: float | None = None
    distance: float | None = None
    unit: str = ""
    policy: TrendPolicy | None = None
    children: tuple[Outcome, ...] = ()

    def reason(self, lang: str = "zh") -> str:
        """Return the reason in ``lang``."""
        return self.reason_zh if lang == "zh" else self.reason_en

    def walk(self) -> Iterable[Outcome]:
        """Yield this outcome and every sub-outcome, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen
class RuleContext:
    """Everything a rule may look at when it judges one requirement.

    Args:
        indicator: The requirement's indicator.
        region: The region judged.
        year: The assessment year.
        policy: The trend policy in force.
        observations: The region's observations by ``(indicator id, year)``.
        indicators: Every indicator a rule may refer to, by id.
        children: The child regions, for rules over sub-regions (the engine
            fills it only for standards that have such rules).
        lookup: Returns another region's observations by code (children's
            titles); by default, no other region has any.
    """

    indicator: Indicator
    region: Region
    year: int
    policy: TrendPolicy
    observations: Mapping[tuple[str, int], Observation]
    indicators: Mapping[str, Indicator]
    children: tuple[Region, ...] = ()
    lookup: Callable[[str], Mapping[tuple[str, int], Observation]] = attrs.field(
        default=lambda _: MappingProxyType({}), eq=False, repr=False
    )

    def indicator_for(self, indicator_id: str | None) -> Indicator:
        """Return the indicator a rule names, or the requirement's own."""
        if indicator_id is None or indicator_id == self.indicator.id:
            return self.indicator
        return self.indicators[indicator_id]

    def observation(self, indicator_id: str, year: int) -> Observation | None:
        """Return the observation for that indicator and year, if any."""
        return self.observations.get((indicator_id, year))


def fmt(x: float | None) -> str:
    """Format a number for a reason: no trailing zeros, at most 6 significant digits.

    >>> fmt(20.0), fmt(0.125), fmt(None)
    ('20', '0.125', '—')
    """
    if x is None:
        return "—"
    return f"{x:.6g}"


def all_of_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine verdicts that must all hold (且).

    Any not met → not met; else any insufficient → insufficient; else all not
    applicable → not applicable; else met.
    """
    vs = list(verdicts)
    if Verdict.NOT_MET in vs:
        return Verdict.NOT_MET
    if Verdict.INSUFFICIENT_DATA in vs:
        return Verdict.INSUFFICIENT_DATA
    if vs and all(v is Verdict.NOT_APPLICABLE for v in vs):
        return Verdict.NOT_APPLICABLE
    return Verdict.MET


def any_of_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine verdicts of which one suffices (或).

    Any met → met; else any insufficient → insufficient; else all not
    applicable → not applicable; else not met.
    """
    vs = list(verdicts)
    if Verdict.MET in vs:
        return Verdict.MET
    if Verdict.INSUFFICIENT_DATA in vs:
        return Verdict.INSUFFICIENT_DATA
    if vs and all(v is Verdict.NOT_APPLICABLE for v in vs):
        return Verdict.NOT_APPLICABLE
    return Verdict.NOT_MET
