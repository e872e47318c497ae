"""How a standard's words are read: trends (保持稳定, 持续下降 ...) and 左右 (about).

:class:`TrendPolicy` makes every reading explicit (window, comparison,
tolerance, the band of 左右), checks each part when it is made, and is echoed
in every verdict that uses it. :func:`stated_precision` is the precision a
number is written in, the narrow reading of 左右.
"""

from __future__ import annotations

import decimal
import enum
import math
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from ecociv._frozen import FrozenMap
from ecociv.errors import ArgumentError
from ecociv.rules._core import fmt


if TYPE_CHECKING:
    from ecociv._indicator import Indicator


__all__ = [
    "MAX_WINDOW",
    "PRECISION",
    "ROUNDING",
    "TrendComparison",
    "TrendPolicy",
    "stated_precision",
]


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


#: The default trend tolerance: a change within half a unit of the last
#: published digit (the indicator's ``precision``) counts as stable.
PRECISION: Literal["precision"] = "precision"
#: The 左右 reading "rounds to the stated value at its stated precision".
ROUNDING: Literal["rounding"] = "rounding"

Tolerance = float | Literal["precision"]
Band = float | Literal["rounding"]


def _number(value: object, name: str, accepted: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
        or float(value) < 0
    ):
        raise ArgumentError(name, value, accepted)
    return float(value)


def _tolerance(value: object, name: str = "tolerance") -> Tolerance:
    if value == PRECISION and isinstance(value, str):
        return PRECISION
    return _number(value, name, f"accepted: {PRECISION!r} or a finite number >= 0")


def _tolerances(m: Mapping[str, object] | None) -> FrozenMap[str, float]:
    if m is not None and not isinstance(m, Mapping):
        raise ArgumentError("tolerances", m, "accepted: a mapping of indicator ids")
    accepted = "accepted: a finite number >= 0"
    return FrozenMap(
        {
            str(k): _number(v, f"tolerances[{k!r}]", accepted)
            for k, v in (m or {}).items()
        }
    )


def _around(value: object) -> Band:
    if value == ROUNDING and isinstance(value, str):
        return ROUNDING
    return _number(
        value, "around", f"accepted: {ROUNDING!r} or a finite percentage >= 0"
    )


def stated_precision(value: float) -> float:
    """Return the unit of the last decimal place of a number as written.

    A whole number is written to the unit: ``70`` (or ``700``) gives 1.

    >>> stated_precision(70), stated_precision(35.52), stated_precision(0.5)
    (1.0, 0.01, 0.1)
    >>> stated_precision(2e-05)
    1e-05
    """
    exponent = decimal.Decimal(f"{value:.12g}").as_tuple().exponent
    digits = min(int(exponent), 0)  # an int for a finite number
    return float(f"1e{digits}")


@attrs.frozen
class TrendPolicy:
    """How a standard's words are read: trends (保持稳定, 持续下降 ...) and 左右.

    No official definition exists (see ``docs/readings.md``), so every part is
    explicit, configurable per call, and echoed in each verdict that uses it.
    Every part is checked when the policy is made: a bad one raises
    :class:`~ecociv.errors.ArgumentError`, never a surprise later.

    Args:
        window: Years in the assessment window, ending in the assessment year
            (default 3: 近三年, the three data years an application files);
            2 to :data:`MAX_WINDOW`.
        comparison: Compare each consecutive pair (default), or the first
            year with the last (a :class:`TrendComparison` or its value).
        tolerance: How much a value may move the wrong way and still count
            as "stable". ``"precision"`` (default): half a unit of the last
            digit in which the indicator is published (its ``precision``:
            77.2 → 77.19 is stable for a share published to 0.1 %), and 0
            for an indicator whose precision is not known. A number: that
            much, in the indicator's unit, for every indicator; ``0`` is the
            strict reading (any worsening fails).
        tolerances: Per-indicator tolerances (indicator id → a number in the
            indicator's unit) that replace ``tolerance`` for those indicators.
        around: The band of 左右 (about) where a requirement states none:
            a number is the half-width as a percentage of the stated value
            (default 5: 70左右 is 66.5 to 73.5); ``"rounding"`` is the
            narrow reading, the values that round to the stated value at the
            precision it is written in (70左右 is 69.5 to 70.5).

    >>> policy = TrendPolicy(tolerances={"forest_coverage": 0.1})
    >>> policy.tolerance, policy.tolerances["forest_coverage"], policy.around
    ('precision', 0.1, 5.0)
    >>> TrendPolicy(tolerance=0).describe("en")
    'window 3 years, consecutive, tolerance 0 (strict), 左右 ±5 % of the stated value'
    """

    window: int = attrs.field(default=3, converter=_window)
    comparison: TrendComparison = attrs.field(
        default=TrendComparison.CONSECUTIVE, converter=_comparison
    )
    tolerance: Tolerance = attrs.field(default=PRECISION, converter=_tolerance)
    tolerances: FrozenMap[str, float] = attrs.field(
        factory=FrozenMap, converter=_tolerances
    )
    around: Band = attrs.field(default=5.0, converter=_around)

    def tolerance_for(self, indicator: Indicator) -> float:
        """Return the tolerance that applies to this indicator, in its unit."""
        if indicator.id in self.tolerances:
            return self.tolerances[indicator.id]
        if self.tolerance == PRECISION:
            return 0.0 if indicator.precision is None else indicator.precision / 2
        return float(self.tolerance)

    def stable_reading(self, indicator: Indicator) -> tuple[str, str]:
        """Say which reading of "stable" applies to the indicator (Chinese, English)."""
        tol, unit = fmt(self.tolerance_for(indicator)), indicator.unit
        if indicator.id in self.tolerances:
            return f"该指标容差{tol}", f"tolerance {tol} {unit} set for this indicator"
        if self.tolerance != PRECISION:
            if tol == "0":
                return "严格口径,容差0", "strict reading, tolerance 0"
            return f"容差{tol}", f"tolerance {tol} {unit}"
        if indicator.precision is None:
            return (
                "公布精度未知,按严格口径,容差0",
                "published precision unknown, so strict: tolerance 0",
            )
        p = fmt(indicator.precision)
        return (
            f"按公布精度{p}比较,变化不超过{tol}视为稳定",
            (
                f"compared at the published precision {p} {unit}: a change of at "
                f"most {tol} counts as stable"
            ),
        )

    def band(self, value: float) -> tuple[float, str, str]:
        """Return the half-width of 左右 around ``value``, and the reading (zh, en)."""
        if self.around == ROUNDING:
            half = stated_precision(value) / 2
            return half, "按所写精度四舍五入", "rounds to the stated value"
        half = abs(value) * float(self.around) / 100
        share = fmt(float(self.around))
        return half, f"默认±{share}%", f"default ±{share} % of the stated value"

    def describe(self, lang: str = "zh") -> str:
        """Return the policy in words, for the head of a report."""
        consecutive = self.comparison is TrendComparison.CONSECUTIVE
        extra = "".join(f", {k} {fmt(v)}" for k, v in sorted(self.tolerances.items()))
        if lang == "zh":
            how = "逐年比较" if consecutive else "首末年比较"
            tol = (
                "按公布精度(半个末位单位)"
                if self.tolerance == PRECISION
                else f"{fmt(float(self.tolerance))}"
                + ("(严格)" if self.tolerance == 0 else "")
            )
            around = (
                "按所写精度"
                if self.around == ROUNDING
                else f"±{fmt(float(self.around))}%"
            )
            return f"窗口{self.window}年, {how}, 容差{tol}{extra}, 左右{around}"
        tol = (
            "by published precision (half a unit of the last digit)"
            if self.tolerance == PRECISION
            else f"{fmt(float(self.tolerance))}"
            + (" (strict)" if self.tolerance == 0 else "")
        )
        around = (
            "rounding to the stated value"
            if self.around == ROUNDING
            else f"±{fmt(float(self.around))} % of the stated value"
        )
        return (
            f"window {self.window} years, {self.comparison.value}, "
            f"tolerance {tol}{extra}, 左右 {around}"
        )

    def years(self, year: int) -> tuple[int, ...]:
        """Return the window's years, oldest first, ending in ``year``."""
        return tuple(range(year - self.window + 1, year + 1))
