"""A comparison table: one tidy row per region and requirement.

A comparison is whatever judged several regions (a loop over
:func:`ecociv.assess`, or the batch engine) reduced to the same long table:
``region, standard, year, requirement, indicator, binding, verdict, value,
unit, target, distance``. Reports, plots and the JSON form read only that
table, so any producer of those columns works with them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ecociv._engine._results import Assessment, Judgement
from ecociv.rules import Verdict


__all__ = ["Comparison", "Row"]


def _verdict(value: Verdict | str) -> Verdict:
    return value if isinstance(value, Verdict) else Verdict(value)


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


_FIELDS = tuple(a.name for a in attrs.fields(Row))


def _clean(value: Any) -> Any:
    """Turn pandas/numpy scalars and NaN into plain Python values."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bool | int | float):
        value = item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@attrs.frozen
class Comparison:
    """Several regions judged against standards, as one tidy table of rows.

    Build one with :meth:`from_assessments` or :meth:`from_records` (which
    also takes a pandas DataFrame with those columns).

    >>> import ecociv
    >>> from ecociv.report import Comparison
    >>> table = Comparison.from_records(
    ...     [
    ...         {"region": "330683", "standard": "s", "year": 2024,
    ...          "requirement": "4", "indicator": "pm25_annual_mean",
    ...          "binding": True, "verdict": "met", "value": 26.0},
    ...     ]
    ... )
    >>> table
    <Comparison 1 regions x 1 requirements, 1 rows>
    """

    rows: tuple[Row, ...]

    @classmethod
    def from_assessments(cls, assessments: Iterable[Assessment]) -> Comparison:
        """Return the table of every judgement of these assessments."""
        return cls(tuple(Row.of(a, j) for a in assessments for j in a.judgements))

    @classmethod
    def from_records(cls, records: Any) -> Comparison:
        """Return the table of these records (mappings, or a DataFrame).

        Columns other than :class:`~ecociv.report.Row`'s fields are ignored,
        so a batch result with extra columns (``number``, ``lead`` ...)
        reads as it is. NaN and missing cells become None. Indicator names
        missing from the records are taken from the bundled indicator
        catalog, when the id is there.
        """
        from ecociv.standards import shared_indicators  # noqa: PLC0415

        catalog = None
        if hasattr(records, "to_dict"):
            records = records.to_dict("records")
        rows = []
        for rec in records:
            if not isinstance(rec, Mapping):
                raise TypeError(f"a comparison record must be a mapping, got {rec!r}")
            kw = {k: _clean(rec[k]) for k in _FIELDS if k in rec}
            for k in (
                "unit",
                "value_unit",
                "region_name",
                "indicator_zh",
                "indicator_en",
            ):
                if kw.get(k) is None:
                    kw.pop(k, None)
            if "indicator_zh" not in kw or "indicator_en" not in kw:
                catalog = catalog or shared_indicators()
                ind = catalog.get(str(kw.get("indicator", "")))
                if ind is not None:
                    kw.setdefault("indicator_zh", ind.name_zh)
                    kw.setdefault("indicator_en", ind.name_en)
            kw["region"] = str(kw["region"])
            kw["requirement"] = str(kw["requirement"])
            rows.append(Row(**kw))
        return cls(tuple(rows))

    def regions(self) -> list[tuple[str, int, str]]:
        """Return ``(code, year, label)`` of each region and year, in first-seen order.

        The label is the region's name (its code if unnamed), followed by the
        year when the table holds more than one year.
        """
        names: dict[str, str] = {}
        keys: dict[tuple[str, int], None] = {}
        for r in self.rows:
            if r.region_name or r.region not in names:
                names[r.region] = r.region_name or names.get(r.region, "")
            keys.setdefault((r.region, r.year), None)
        years = len({y for _, y in keys}) > 1
        return [
            (code, year, (names[code] or code) + (f" {year}" if years else ""))
            for code, year in keys
        ]

    def requirements(self) -> list[Row]:
        """Return one row per ``(standard, requirement)``, in first-seen order."""
        seen: dict[tuple[str, str], Row] = {}
        for r in self.rows:
            seen.setdefault((r.standard, r.requirement), r)
        return list(seen.values())

    def index(self) -> dict[tuple[str, int, str, str], Row]:
        """Return the rows by ``(region, year, standard, requirement)``."""
        return {(r.region, r.year, r.standard, r.requirement): r for r in self.rows}

    def _repr_html_(self) -> str:
        from ecociv.report._html import comparison_html  # noqa: PLC0415

        return comparison_html(self, fragment=True)

    def __repr__(self) -> str:
        return (
            f"<Comparison {len(self.regions())} regions x "
            f"{len(self.requirements())} requirements, {len(self.rows)} rows>"
        )
