"""A comparison: one tidy row per region and requirement, and a summary per region.

A comparison is whatever judged several regions (a loop over
:func:`ecociv.assess`, or the batch engine) reduced to the same long table:
``region, standard, year, requirement, indicator, binding, verdict, value,
unit, target, distance`` (and display names, the requirement's number, target
text, due year and lead departments), with one :class:`RegionSummary` per
(region, standard, year) when the producer knows eligibility. Reports, plots,
CSV and the JSON document read only that table, so any producer of those
columns works with them; :meth:`Comparison.from_batch` turns a
:class:`~ecociv.batch.BatchResult` into one. The writers of many rows (CSV,
the JSON document's rows, Parquet) read the table as columns
(:func:`tidy_rows`): a batch result's own columns, with the indicators'
names, or a comparison's rows gathered into columns.

This module holds the table (:class:`Comparison`, and the records it reads)
and its columns; the records of one row and one region,
:class:`~ecociv.report.Row` and :class:`~ecociv.report.RegionSummary`, are in
:mod:`ecociv.report._rows`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._account import InputAccount
from ecociv._engine._results import Assessment, VerdictCounts
from ecociv._frozen import FrozenMap
from ecociv.analysis._score import Score, counts_of, rank_scores
from ecociv.batch import BatchResult, Coded, PartitionedResult, Tidy
from ecociv.batch._columns import coded
from ecociv.errors import DataProblem
from ecociv.report._rows import RegionSummary, Row, _year
from ecociv.rules import Verdict


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["Comparison", "as_result", "tidy_rows"]


_FIELDS = tuple(a.name for a in attrs.fields(Row))
#: Text fields a record may leave empty (NaN, None): the row's default holds.
_TEXT = ("unit", "value_unit", "region_name", "indicator_zh", "indicator_en")
_OPTIONAL_TEXT = (*_TEXT, "number", "target_text", "lead")


def _clean(value: Any) -> Any:
    """Turn pandas/numpy scalars, NaN and infinities into plain Python values."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bool | int | float):
        value = item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@attrs.frozen
class Comparison:
    """Several regions judged against standards, as one tidy table of rows.

    Build one with :meth:`from_assessments`, :meth:`from_batch` or
    :meth:`from_records` (which also takes a pandas DataFrame with those
    columns). ``summaries`` holds one :class:`RegionSummary` per (region,
    standard, year) when the producer knew eligibility (assessments, a batch
    result); a table from plain records has none, and :meth:`scores` counts
    its rows instead. A table from a batch result also carries its input
    ``account`` (rows read, used, set aside by reason) and its ``warnings``;
    one from assessments the warnings of each (an account is per run).

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
    >>> table.scores()[0].text("en")
    'met 1/1 (100%)'
    """

    rows: tuple[Row, ...]
    summaries: tuple[RegionSummary, ...] = ()
    account: InputAccount | None = None
    warnings: tuple[DataProblem, ...] = ()

    @classmethod
    def from_assessments(cls, assessments: Iterable[Assessment]) -> Comparison:
        """Return the table of every judgement of these assessments."""
        items = list(assessments)
        return cls(
            tuple(Row.of(a, j) for a in items for j in a.judgements),
            tuple(
                RegionSummary(
                    a.region.code,
                    a.standard.id,
                    a.year,
                    a.summary.binding,
                    a.summary.reference,
                    a.summary.eligible,
                    a.region.name,
                )
                for a in items
            ),
            warnings=tuple(dict.fromkeys(w for a in items for w in a.warnings)),
        )

    @classmethod
    def from_batch(cls, result: BatchResult) -> Comparison:
        """Return the table of a batch result: its rows, summaries and names.

        >>> import ecociv
        >>> std = ecociv.standards.load("mee-2024-county")
        >>> data = ecociv.Observations.from_csv(
        ...     "examples/shengzhou-illustrative.csv", std)
        >>> Comparison.from_batch(ecociv.assess_many(data, std, 2024))
        <Comparison 1 regions x 31 requirements, 31 rows>
        """
        rows = tuple(Row(**rec) for rec in tidy_rows(result).records())
        return attrs.evolve(batch_head(result), rows=rows)

    @classmethod
    def from_records(cls, records: Any) -> Comparison:
        """Return the table of these records (mappings, or a DataFrame).

        Columns other than :class:`~ecociv.report.Row`'s fields are ignored,
        so a batch result's frame reads as it is. NaN and missing cells
        become None. Indicator names missing from the records are taken from
        the bundled indicator catalog, when the id is there. The table has
        no summaries (records do not say who is eligible).
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
            for k in _OPTIONAL_TEXT:
                if kw.get(k) is None:
                    kw.pop(k, None)
            if "indicator_zh" not in kw or "indicator_en" not in kw:
                catalog = catalog or shared_indicators()
                ind = catalog.get(str(kw.get("indicator", "")))
                if ind is not None:
                    kw.setdefault("indicator_zh", ind.name_zh)
                    kw.setdefault("indicator_en", ind.name_en)
            for k in ("region", "requirement", "number"):
                if k in kw:
                    kw[k] = str(kw[k])
            if "due" in kw:
                kw["due"] = _year(kw["due"])
            rows.append(Row(**kw))
        return cls(tuple(rows))

    def columns(self) -> Tidy:
        """Return the rows as columns, one per field of :class:`Row`."""
        rows = self.rows

        def field(name: str) -> list[Any]:
            return [getattr(r, name) for r in rows]

        def floats(name: str) -> Any:
            return np.array(
                [np.nan if v is None else float(v) for v in field(name)], np.float64
            )

        verdicts = np.array([r.verdict.code for r in rows], np.int32)
        columns: dict[str, Any] = {}
        for name in _FIELDS:
            if name == "year":
                columns[name] = np.array(field(name), np.int64)
            elif name in ("binding", "provisional"):
                columns[name] = np.array(field(name), bool)
            elif name in ("value", "target", "distance", "measure"):
                columns[name] = floats(name)
            elif name == "verdict":
                columns[name] = Coded(verdicts, tuple(v.value for v in Verdict))
            elif name == "due":
                columns[name] = coded(field(name), whole=True)
            elif name == "lead":
                columns[name] = coded("、".join(v) for v in field(name))
            else:
                columns[name] = coded(field(name))
        facts = np.array([isinstance(r.value, bool) for r in rows], dtype=bool)
        return Tidy(FrozenMap(columns), facts)

    def counts(self) -> dict[tuple[str, str, int], tuple[VerdictCounts, VerdictCounts]]:
        """Return binding and reference counts per (region, standard, year).

        From the summaries when the table carries them (a batch result's:
        the engine's own counts), else counted from the rows as the engine
        counts (provisional rows apart from the binding ones).
        """
        if self.summaries:
            return {
                (s.region, s.standard, s.year): (s.binding, s.reference)
                for s in self.summaries
            }
        per: dict[tuple[str, str, int], list[list[int]]] = {}
        codes = {v: k for k, v in enumerate(Verdict)}
        for r in self.rows:
            key = (r.region, r.standard, r.year)
            both = per.setdefault(key, [[0] * len(codes), [0] * len(codes)])
            if r.provisional and r.binding:
                continue
            both[0 if r.binding else 1][codes[r.verdict]] += 1
        return {k: (counts_of(b), counts_of(ref)) for k, (b, ref) in per.items()}

    def scores(self) -> tuple[Score, ...]:
        """Return every region's score, ranked within each (standard, year).

        Counted from the rows, so a table from any producer has scores; the
        definition is :class:`ecociv.analysis.Score`'s.
        """
        names = self._names()
        return rank_scores(
            Score.of(code, std, year, b, ref, names.get(code, ""))
            for (code, std, year), (b, ref) in self.counts().items()
        )

    def eligible(self) -> dict[tuple[str, str, int], bool | None]:
        """Return eligibility per (region, standard, year), where the table knows it."""
        return {(s.region, s.standard, s.year): s.eligible for s in self.summaries}

    def regions(self) -> list[tuple[str, int, str]]:
        """Return ``(code, year, label)`` of each region and year, in first-seen order.

        The label is the region's name (its code if unnamed), followed by the
        year when the table holds more than one year.
        """
        names = self._names()
        keys = dict.fromkeys((r.region, r.year) for r in self.rows)
        years = len({y for _, y in keys}) > 1
        return [
            (code, year, (names[code] or code) + (f" {year}" if years else ""))
            for code, year in keys
        ]

    def _names(self) -> dict[str, str]:
        """Return each region's name ("" if unnamed), by code."""
        names: dict[str, str] = {}
        for r in self.rows:
            if r.region_name or r.region not in names:
                names[r.region] = r.region_name or names.get(r.region, "")
        return names

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


def batch_head(result: BatchResult) -> Comparison:
    """Return the comparison of a batch result without its rows.

    Its summaries (region-major, as :meth:`BatchResult.summaries` gives
    them), input account and warnings: what a comparison document holds
    besides the rows, which are written from the result's columns.
    """
    summaries = [
        RegionSummary(
            reg.code,
            std.id,
            year,
            s.binding,
            s.reference,
            s.eligible,
            reg.name,
            s.provisional,
        )
        for reg, std, year, s in result.summaries()
    ]
    return Comparison((), tuple(summaries), result.account, result.warnings)


def tidy_rows(obj: Any) -> Tidy:
    """Return the rows of a result as columns, one per field of :class:`Row`.

    A batch result gives its own columns (:meth:`BatchResult.columns`) and
    the indicators' names, and so does the gathered result of
    :func:`~ecociv.batch.assess_partitioned`; a comparison its rows gathered
    into columns; an assessment the rows of its comparison.

    Raises:
        TypeError: For an object that holds no rows.
    """
    if isinstance(obj, BatchResult | PartitionedResult):
        tidy = obj.columns()
        names = {
            i.id: (i.name_zh, i.name_en) for s in obj.standards for i in s.indicators
        }
        ind = tidy["indicator"]
        assert isinstance(ind, Coded)  # noqa: S101  (the builder codes text)
        pairs = [names.get(i, ("", "")) for i in ind.categories]
        zh = coded(p[0] for p in pairs)
        en = coded(p[1] for p in pairs)
        return tidy.with_columns(
            {
                "indicator_zh": Coded(zh.codes[ind.codes], zh.categories),
                "indicator_en": Coded(en.codes[ind.codes], en.categories),
            }
        )
    if isinstance(obj, Assessment):
        obj = Comparison.from_assessments([obj])
    if isinstance(obj, Comparison):
        return obj.columns()
    raise TypeError(f"a {type(obj).__name__} holds no rows of a comparison")


def as_result(obj: Any) -> Any:
    """Return what reports and documents show of ``obj``: a batch result as a table."""
    return Comparison.from_batch(obj) if isinstance(obj, BatchResult) else obj
