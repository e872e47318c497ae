"""The records of a comparison: one :class:`Row` per region and requirement.

A :class:`Row` is one region's verdict on one requirement (with display names,
the requirement's number, target text, due year and lead departments), made
from an assessment's judgement (:meth:`Row.of`) or from a record whose fields
it converts (a verdict's value, a due year a DataFrame holds as 2025.0,
departments a batch record joins with 、). A :class:`RegionSummary` is one
region under one standard in one year: its verdict counts and eligibility.
The table that holds them, :class:`~ecociv.report.Comparison`, is in
:mod:`ecociv.report._table`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ecociv._engine._results import Assessment, Judgement, VerdictCounts
from ecociv.analysis._score import Score
from ecociv.rules import Verdict


__all__ = ["RegionSummary", "Row", "current_value"]


def _verdict(value: Verdict | str) -> Verdict:
    return value if isinstance(value, Verdict) else Verdict(value)


def _departments(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """Return departments as a tuple; a batch record joins them with 、."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(d for d in value.split("、") if d)
    return tuple(value)


def _year(value: float | None) -> int | None:
    """Return a due year as an int (a DataFrame may hold 2025.0).

    Raises:
        ValueError: For a year with a fraction.
    """
    if value is None:
        return None
    if value != int(value):
        raise ValueError(f"a due year is a whole number, got {value!r}")
    return int(value)


@attrs.frozen
class Row:
    """One region's verdict on one requirement.

    Args:
        region: 6-digit region code.
        standard: Standard (or plan) id.
        year: Assessment year.
        requirement: Requirement id within the standard.
        indicator: Indicator id.
        binding: Binding (约束性) or reference (参考性).
        verdict: The verdict (a :class:`~ecociv.Verdict` or its value).
        value: The assessment year's value, when there is one.
        value_unit: The unit of ``value`` (the indicator's).
        unit: The unit of ``target`` and ``distance`` (a rate is in %).
        target: The number compared with, when there is one.
        distance: Signed distance to the target (positive when met).
        region_name: The region's name, for display.
        indicator_zh: The indicator's Chinese name, for display.
        indicator_en: The indicator's English name, for display.
        number: The requirement's number as the standard prints it.
        measure: The quantity compared with the target (the value, a change,
            a rate ...), in ``unit``.
        target_text: The target as the standard writes it (``≤35``).
        due: The due year of a plan target, if any.
        lead: The lead departments (牵头单位) a plan names.
        provisional: The requirement is known only from a plan's quotation
            (待核实); it is not counted with the binding requirements.
        target_from: Where ``target`` came from: ``"standard"`` (printed)
            or ``"data"`` (an assigned or operative target, a reference).
    """

    region: str
    standard: str
    year: int
    requirement: str
    indicator: str
    binding: bool
    verdict: Verdict = attrs.field(converter=_verdict)
    value: float | bool | None = None
    value_unit: str = ""
    unit: str = ""
    target: float | None = None
    distance: float | None = None
    region_name: str = ""
    indicator_zh: str = ""
    indicator_en: str = ""
    number: str = ""
    measure: float | None = None
    target_text: str = ""
    due: int | None = attrs.field(default=None, converter=_year)
    lead: tuple[str, ...] = attrs.field(default=(), converter=_departments)
    provisional: bool = False
    target_from: str | None = None

    @classmethod
    def of(cls, assessment: Assessment, judgement: Judgement) -> Row:
        """Return the row of one judgement of an assessment."""
        j = judgement
        return cls(
            region=assessment.region.code,
            standard=assessment.standard.id,
            year=assessment.year,
            requirement=j.id,
            indicator=j.indicator.id,
            binding=j.binding,
            verdict=j.verdict,
            value=current_value(j, assessment.year),
            value_unit=j.indicator.unit,
            unit=j.unit,
            target=j.target,
            distance=j.distance,
            region_name=assessment.region.name,
            indicator_zh=j.indicator.name_zh,
            indicator_en=j.indicator.name_en,
            number=j.requirement.number,
            measure=j.measure,
            target_text=j.requirement.target_text,
            due=j.requirement.due,
            lead=j.requirement.lead,
            provisional=j.requirement.provisional,
            target_from=None
            if j.outcome.target_from is None
            else j.outcome.target_from.value,
        )

    def label(self, lang: str = "zh") -> str:
        """Return the indicator's display name in ``lang`` (its id if unnamed)."""
        name = self.indicator_zh if lang == "zh" else self.indicator_en
        return name or self.indicator_zh or self.indicator_en or self.indicator


def current_value(j: Judgement, year: int) -> float | bool | None:
    """Return the value of the judgement's own indicator in ``year``, if used."""
    own = [v for v in j.values if v.indicator == j.indicator.id]
    for v in own:
        if v.year == year:
            return v.value
    return None


@attrs.frozen
class RegionSummary:
    """One region under one standard in one year: verdict counts and eligibility.

    Args:
        region: 6-digit region code.
        standard: Standard (or plan) id.
        year: Assessment year.
        binding: Binding requirements per verdict.
        reference: Reference requirements per verdict.
        eligible: As :attr:`ecociv.Summary.eligible`: False when a binding
            requirement is not met, True when the region may apply, None
            when the question cannot be answered yet.
        region_name: The region's name, for display.
        provisional: The binding rows known only from a plan's quotation
            (待核实), when they were judged (see :attr:`ecociv.Summary.provisional`).
    """

    region: str
    standard: str
    year: int
    binding: VerdictCounts
    reference: VerdictCounts
    eligible: bool | None
    region_name: str = ""
    provisional: VerdictCounts = attrs.field(factory=VerdictCounts)

    @property
    def score(self) -> Score:
        """Return the region's score (unranked; see :mod:`ecociv.analysis`)."""
        return Score.of(
            self.region,
            self.standard,
            self.year,
            self.binding,
            self.reference,
            self.region_name,
        )
