"""What every rule shares: verdicts, operators, the trend policy and outcomes.

A rule never reads files, clocks or globals: everything it may look at is in
the :class:`~ecociv.rules.Context` the engine hands it, as packaging's
``Marker.evaluate(environment)`` does.
"""

from __future__ import annotations

import enum
import math
import numbers
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ecociv._frozen import FrozenMap
from ecociv._indicator import IndicatorKind
from ecociv.errors import ArgumentError


__all__ = [
    "ANY",
    "FACTS",
    "MAX_WINDOW",
    "NUMBERS",
    "Op",
    "Outcome",
    "TrendComparison",
    "TrendPolicy",
    "UsedValue",
    "Verdict",
    "fmt",
]


#: What a rule that judges numbers accepts: quantities and indices.
NUMBERS = frozenset({IndicatorKind.QUANTITY, IndicatorKind.INDEX})
#: What a rule that judges yes/no states accepts.
FACTS = frozenset({IndicatorKind.FACT})
#: What a composite rule accepts: its parts say what they judge.
ANY = frozenset(IndicatorKind)


class Verdict(enum.Enum):
    """The judgement of one requirement (达标 / 未达标 / 不涉及 / 数据不足 / 未到期).

    Columns of verdicts hold each verdict's :attr:`code`, its position here.
    """

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"
    #: A plan target whose due year lies after the assessment year: reported
    #: with the current value and the distance left, not judged.
    NOT_YET_DUE = "not_yet_due"

    @property
    def code(self) -> int:
        """Return the verdict's code in verdict columns."""
        return _CODES[self]

    @classmethod
    def of_code(cls, code: int) -> Verdict:
        """Return the verdict with this code."""
        return _VERDICTS[code]

    def label(self, lang: str = "zh") -> str:
        """Return the verdict in words."""
        return _VERDICT_LABELS[self][0 if lang == "zh" else 1]


_VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
_CODES = {v: k for k, v in enumerate(_VERDICTS)}

_VERDICT_LABELS = {
    Verdict.MET: ("达标", "met"),
    Verdict.NOT_MET: ("未达标", "not met"),
    Verdict.NOT_APPLICABLE: ("不涉及", "not applicable"),
    Verdict.INSUFFICIENT_DATA: ("数据不足", "insufficient data"),
    Verdict.NOT_YET_DUE: ("未到期", "not yet due"),
}


class Op(enum.Enum):
    """A comparison operator as standards print it; works on numbers and arrays."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    def holds(self, observed: Any, bound: Any) -> Any:
        """Return whether ``observed <op> bound`` (elementwise for arrays)."""
        return _OPS[self](observed, bound)

    def margin(self, observed: Any, bound: Any) -> Any:
        """Return the signed distance: positive on the passing side of the bound."""
        return observed - bound if self in (Op.GE, Op.GT) else bound - observed

    @property
    def symbol(self) -> str:
        """Return the printed symbol (≥, >, ≤, <)."""
        return {"<=": "≤", ">=": "≥"}.get(self.value, self.value)


_OPS: dict[Op, Callable[[Any, Any], Any]] = {
    Op.GE: operator.ge,
    Op.GT: operator.gt,
    Op.LE: operator.le,
    Op.LT: operator.lt,
}


class TrendComparison(enum.Enum):
    """Which years of its window a trend rule compares."""

    #: Every consecutive pair in the window (y-2→y-1, y-1→y): 持续 means each step.
    CONSECUTIVE = "consecutive"
    #: Only the first year of the window against the last.
    FIRST_LAST = "first_last"


#: The longest trend window a policy accepts, in years.
MAX_WINDOW = 30


def _window(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentError("window", value, "accepted: an integer number of years")
    if not 2 <= int(value) <= MAX_WINDOW:
        raise ArgumentError(
            "window",
            value,
            f"accepted: at least 2 years (a trend needs two), at most {MAX_WINDOW}",
        )
    return int(value)


def _comparison(value: object) -> TrendComparison:
    if isinstance(value, TrendComparison):
        return value
    known = [c.value for c in TrendComparison]
    if isinstance(value, str) and value in known:
        return TrendComparison(value)
    raise ArgumentError("comparison", value, "accepted: " + ", ".join(known))


def _tolerance(value: object, name: str = "tolerance") -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
        or float(value) < 0
    ):
        raise ArgumentError(name, value, "accepted: a finite number >= 0")
    return float(value)


def _tolerances(m: Mapping[str, object] | None) -> FrozenMap[str, float]:
    if m is not None and not isinstance(m, Mapping):
        raise ArgumentError("tolerances", m, "accepted: a mapping of indicator ids")
    return FrozenMap(
        {str(k): _tolerance(v, f"tolerances[{k!r}]") for k, v in (m or {}).items()}
    )


@attrs.frozen
class TrendPolicy:
    """How trend words (保持稳定, 持续下降 ...) are made operational.

    No official definition exists (see the docs, "Trend semantics"), so every
    part is explicit, configurable per call, and echoed in each trend verdict.
    Every part is checked when the policy is made: a bad one raises
    :class:`~ecociv.errors.ArgumentError`, never a surprise later.

    Args:
        window: Years in the assessment window, ending in the assessment year
            (default 3: 近三年, the three data years an application files);
            2 to :data:`MAX_WINDOW`.
        comparison: Compare each consecutive pair (default), or the first
            year with the last (a :class:`TrendComparison` or its value).
        tolerance: How much a value may move the wrong way and still count
            as "stable", in the indicator's unit (default 0: no worsening);
            finite and not negative.
        tolerances: Per-indicator tolerances (indicator id → tolerance) that
            replace ``tolerance`` for those indicators.

    >>> policy = TrendPolicy(tolerances={"forest_coverage": 0.1})
    >>> policy.tolerance_for("forest_coverage"), policy.tolerance_for("eqi")
    (0.1, 0.0)
    """

    window: int = attrs.field(default=3, converter=_window)
    comparison: TrendComparison = attrs.field(
        default=TrendComparison.CONSECUTIVE, converter=_comparison
    )
    tolerance: float = attrs.field(default=0.0, converter=_tolerance)
    tolerances: FrozenMap[str, float] = attrs.field(
        factory=FrozenMap, converter=_tolerances
    )

    def tolerance_for(self, indicator_id: str) -> float:
        """Return the tolerance that applies to this indicator."""
        return self.tolerances.get(indicator_id, self.tolerance)

    def years(self, year: int) -> tuple[int, ...]:
        """Return the window's years, oldest first, ending in ``year``."""
        return tuple(range(year - self.window + 1, year + 1))


@attrs.frozen
class UsedValue:
    """A value a rule looked at, with its year and unit, for the explanation.

    ``region`` names the region when it is not the one judged (a child region's
    title, for rules over sub-regions).
    """

    indicator: str
    year: int
    value: float | bool | None
    unit: str
    target: float | None = None
    given: str | None = None
    region: str | None = None


@attrs.frozen
class Outcome:
    """What one rule (or sub-rule) concluded for one region, and why.

    The numbers (verdict, measure, target, distance, unit) are the rule's
    decision for the region, taken as they are from the columns the rule
    decided over; the words (reasons, values used) are written from them.

    Args:
        verdict: The verdict.
        rule: The rule kind (``"threshold"``, ``"trend"``, ...).
        reason_zh: The reason in Chinese.
        reason_en: The reason in English.
        values: Every value the rule used.
        measure: The quantity compared with the target: the value itself, a
            change, a rate, the worst step of a trend, a share of sub-regions;
            None when nothing was compared.
        target: The number the measure was compared with, when there is one.
        distance: Signed distance from the target, in ``unit``: positive when
            the measure is on the passing side (met with that margin),
            negative when it falls short by that much, None when there is no
            number to compare (facts, missing data).
        unit: Unit of ``measure``, ``target`` and ``distance`` (a rate is in
            %, whatever the indicator's unit).
        policy: The trend policy used, for trend rules.
        children: The outcomes of sub-rules, for composite rules.
    """

    verdict: Verdict
    rule: str
    reason_zh: str
    reason_en: str
    values: tuple[UsedValue, ...] = ()
    measure: float | None = None
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


def fmt(x: float | None) -> str:
    """Format a number for a reason: no trailing zeros, at most 6 significant digits.

    >>> fmt(20.0), fmt(0.125), fmt(None)
    ('20', '0.125', '—')
    """
    if x is None:
        return "—"
    return f"{x:.6g}"
