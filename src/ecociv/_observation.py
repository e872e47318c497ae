"""One observed value (现状值) of one indicator, for one region and year."""

from __future__ import annotations

import math

import attrs


__all__ = ["Observation"]


def _check_value(
    inst: Observation,
    _: attrs.Attribute[float | bool | None],
    value: float | bool | None,
) -> None:
    if not inst.applicable and value is not None:
        raise ValueError("an observation marked not applicable cannot carry a value")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"value must be finite, got {value!r}")


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

    region: str
    indicator: str
    year: int
    value: float | bool | None = attrs.field(validator=_check_value)
    unit: str
    applicable: bool = attrs.field(default=True, kw_only=True)
    target: float | None = attrs.field(default=None, kw_only=True)
    reference: float | None = attrs.field(default=None, kw_only=True)
    source: str | None = attrs.field(default=None, kw_only=True)
    given: str | None = attrs.field(default=None, kw_only=True)

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
