"""One observed value (现状值) of one indicator, for one region and year."""

from __future__ import annotations

import math
import numbers

import attrs

from ecociv.errors import ArgumentError, DataError, DataProblem


__all__ = ["Observation"]


def _wrong(field: str, value: object, accepted: str) -> ArgumentError:
    return ArgumentError(field, value, f"accepted: {accepted}")


def named_year(year: object) -> int | None:
    """Return the year a problem may name: an integer, not a bool (else None).

    An observation's year is checked where observations are collected
    (``Observations``), after its other fields: a problem found first names
    the year only when it is one.
    """
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _refused(inst: Observation, message: str) -> DataError:
    """Return the error of an observation's value, naming its key."""
    year = named_year(inst.year)
    problem = DataProblem(message, None, None, inst.region, inst.indicator, year)
    return DataError([problem])


def _text(_: Observation, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise _wrong(attribute.name, value, "text")


def _text_or_none(
    _: Observation, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None and not isinstance(value, str):
        raise _wrong(attribute.name, value, "text or None")


def _flag(_: Observation, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise _wrong(attribute.name, value, "True or False")


def _finite(
    inst: Observation, field: str, value: object, accepted: str = "a number or None"
) -> None:
    """Refuse what is not a finite number: a text, a bool, NaN or infinity.

    Text goes through the readers' cell rules (``Observations.from_records``),
    never ``float()`` alone; missing is None, never NaN.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _wrong(field, value, accepted)
    if not math.isfinite(value):
        raise _refused(inst, f"{field} must be finite, got {value!r} (None: none)")


def _number_or_none(
    inst: Observation, attribute: attrs.Attribute[float | None], value: object
) -> None:
    if value is not None:
        _finite(inst, attribute.name, value)


def _check_value(
    inst: Observation,
    _: attrs.Attribute[float | bool | None],
    value: float | bool | None,
) -> None:
    if not inst.applicable and value is not None:
        msg = "an observation marked not applicable cannot carry a value"
        raise _refused(inst, msg)
    if value is not None and not isinstance(value, bool):
        _finite(inst, "value", value, "a number, True or False (a fact), or None")


@attrs.frozen
class Observation:
    """A region's value of one indicator in one year, already in the indicator's unit.

    Units are converted once, when data is read (see
    :meth:`ecociv.Observations.from_csv`); an observation always holds the
    value in the indicator's canonical unit, and ``given`` keeps what the
    source wrote when that differs.

    Args:
        region: 6-digit region code.
        indicator: Indicator id.
        year: Data year.
        value: A number for quantities and indices, ``True``/``False`` for
            institutional facts, ``None`` when the source reports no value
            (missing is never zero).
        unit: The indicator's canonical unit (``"-"`` for facts).
        applicable: ``False`` when the source says the indicator does not
            apply to the region (不涉及); the value is then ``None``.
        target: The target the higher level assigned to this region for
            this year (上级规定的考核任务), in ``unit``, if given.
        reference: A reference value to compare with, for targets relative
            to a population (高于全省平均值: the provincial average), in ``unit``.
        source: Where the value comes from (free text).
        given: The value and unit as the source wrote them, when a
            conversion or a word was involved (e.g. ``"0.035 mg/m³"``, ``"建立"``).
    """

    region: str = attrs.field(validator=_text)
    indicator: str = attrs.field(validator=_text)
    year: int
    value: float | bool | None = attrs.field(validator=_check_value)
    unit: str = attrs.field(validator=_text)
    applicable: bool = attrs.field(default=True, kw_only=True, validator=_flag)
    target: float | None = attrs.field(
        default=None, kw_only=True, validator=_number_or_none
    )
    reference: float | None = attrs.field(
        default=None, kw_only=True, validator=_number_or_none
    )
    source: str | None = attrs.field(
        default=None, kw_only=True, validator=_text_or_none
    )
    given: str | None = attrs.field(default=None, kw_only=True, validator=_text_or_none)

    @property
    def key(self) -> tuple[str, str, int]:
        """Return ``(region, indicator, year)``, the observation's identity."""
        return (self.region, self.indicator, self.year)

    @property
    def number(self) -> float | None:
        """Return the value as a float, or None when missing or a fact."""
        v = self.value
        if v is None or isinstance(v, bool):
            return None
        return float(v)
