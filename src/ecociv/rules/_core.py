"""What every rule shares: verdicts, operators, and how a reason writes a number.

A rule never reads files, clocks or globals: everything it may look at is in
the :class:`~ecociv.rules.Context` the engine hands it, as packaging's
``Marker.evaluate(environment)`` does.

This module is the bottom of the rules and imports none of them: the kinds of
indicator a rule accepts, :class:`Verdict`, :class:`Op`, :class:`TargetSource`,
and the two helpers every explanation writes numbers and units with
(:func:`fmt`, :func:`unit_text`).
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable
from typing import Any

from ecociv._indicator import IndicatorKind


__all__ = [
    "ANY",
    "FACTS",
    "NUMBERS",
    "Op",
    "TargetSource",
    "Verdict",
    "fmt",
    "unit_text",
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


class TargetSource(enum.Enum):
    """Where a verdict's target came from, and which target a run judges against."""

    #: The number the standard or plan prints (≥80).
    STANDARD = "standard"
    #: A number the data gives for the region and year: an assigned target
    #: (完成上级规定的考核任务), a reference value (高于全省平均值), or, when
    #: asked for, an operative target that replaces the printed one.
    DATA = "data"


def fmt(x: float | None) -> str:
    """Format a number for a reason: no trailing zeros, at most 6 significant digits.

    >>> fmt(20.0), fmt(0.125), fmt(None)
    ('20', '0.125', '—')
    """
    if x is None:
        return "—"
    return f"{x:.6g}"


def unit_text(unit: str) -> str:
    """Return a unit for Chinese running text: nothing for ``-``, ``1``, ``point``."""
    return "" if unit in ("-", "1", "point") else unit
