"""What :func:`ecociv.assess_many` returns: a tidy table of verdicts and summaries.

One row per (region, standard, year, requirement), region-major, with the
verdict, the value judged, the measure compared, target and signed distance
and their unit, and whether the requirement is binding; and one summary per
(region, standard, year). Every number is the run's decision, the same one
:func:`ecociv.assess` puts in its judgements; :meth:`BatchResult.explain`
writes one row's words from it. The rows are built once, as columns
(:meth:`BatchResult.columns`, :mod:`ecociv.batch._columns`): records, frames
and every writer read them. Plain records need nothing but numpy;
``to_frame`` imports pandas.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._account import InputAccount, RowFate
from ecociv._engine import Assessment, Block, Judgement, Run, Summary
from ecociv._engine._account import Reading, account_of, fates_of, warnings_of
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv._table import Table
from ecociv.batch._columns import Tidy, result_columns
from ecociv.errors import DataProblem
from ecociv.rules import TrendPolicy
from ecociv.standards import Standard


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    from ecociv._lazy import numpy as np


__all__ = ["COLUMNS", "SUMMARY_COLUMNS", "BatchResult"]

#: Columns of the tidy result, in order.
COLUMNS = (
    "region",
    "region_name",
    "standard",
    "year",
    "requirement",
    "number",
    "indicator",
    "binding",
    "provisional",
    "verdict",
    "value",
    "value_unit",
    "measure",
    "target",
    "target_from",
    "distance",
    "unit",
    "target_text",
    "due",
    "lead",
)
#: Columns of the summary, in order.
SUMMARY_COLUMNS = (
    "region",
    "region_name",
    "standard",
    "year",
    "binding_met",
    "binding_not_met",
    "binding_not_applicable",
    "binding_insufficient_data",
    "binding_not_yet_due",
    "reference_met",
    "reference_not_met",
    "provisional_met",
    "provisional_not_met",
    "eligible",
)


@attrs.frozen(eq=False)
class BatchResult:
    """Verdicts for many regions, standards and years, as arrays.

    Attributes:
        run: The run that decided every requirement over every region.
        data: The data it ran over (its refused rows in ``data.issues``).
        asked: The region codes the caller named (empty: every region of
            the data was judged).
    """

    run: Run
    data: Observations = attrs.field(factory=Observations)
    asked: tuple[str, ...] = ()

    @functools.cached_property
    def _tidy(self) -> tuple[Tidy, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        return result_columns(self.run)

    @functools.cached_property
    def _row_at(self) -> npt.NDArray[np.intp]:
        """Return each (block, region)'s row in the tidy rows (-1: out of scope)."""
        _, r_at, b_at = self._tidy
        at = np.full((len(self.blocks), len(self.regions)), -1, dtype=np.intp)
        at[b_at, r_at] = np.arange(len(r_at))
        return at

    def columns(self) -> Tidy:
        """Return the tidy rows as columns (``COLUMNS``), built once and kept.

        Numbers and flags are numpy arrays (NaN: none), text is
        dictionary-encoded (:class:`~ecociv.batch.Coded`: codes into the
        distinct values). Records, frames and the CSV, JSON and Parquet
        writers all read these columns.
        """
        return self._tidy[0]

    @functools.cached_property
    def _reading(self) -> Reading:
        return Reading(self.run)

    @functools.cached_property
    def account(self) -> InputAccount:
        """Return what became of the data: rows read, used, set aside by reason."""
        return account_of(self._reading, self.data)

    @functools.cached_property
    def warnings(self) -> tuple[DataProblem, ...]:
        """Return what the reader of the verdicts must know about the data."""
        return warnings_of(self._reading, self.data, self.asked)

    def fates(self) -> tuple[RowFate, ...]:
        """Return what became of every row read: used, set aside (why) or refused.

        One :class:`~ecociv.RowFate` per row (in wide form, per year cell),
        in row order; :attr:`account` holds the counts.
        """
        return fates_of(self._reading, self.data)

    @property
    def issues(self) -> tuple[DataProblem, ...]:
        """Return the rows of the data refused (read leniently), one problem each."""
        return self.data.issues

    @property
    def table(self) -> Table:
        """Return the data judged, in columns."""
        return self.run.table

    @property
    def regions(self) -> tuple[Region, ...]:
        """Return the regions judged, in row order."""
        return self.run.regions

    @property
    def standards(self) -> tuple[Standard, ...]:
        """Return the standards used."""
        return self.run.standards

    @property
    def policy(self) -> TrendPolicy:
        """Return the trend policy used."""
        return self.run.policy

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Return one block per (standard, year, requirement)."""
        return self.run.blocks

    def __len__(self) -> int:
        return int(sum(b.scope.sum() for b in self.blocks))

    def __repr__(self) -> str:
        stds = ", ".join(s.id for s in self.standards)
        years = ", ".join(str(y) for y in self.run.years)
        return (
            f"<BatchResult: {len(self.regions):,} regions x {stds} x {years}: "
            f"{len(self):,} rows>"
        )

    def _repr_html_(self) -> str:
        """Return shares per requirement and the best regions as HTML, for notebooks."""
        from ecociv.report import batch_html  # noqa: PLC0415  (jinja2 on use)

        return batch_html(self)

    def verdicts(self) -> npt.NDArray[np.int8]:
        """Return verdict codes, shape (blocks, regions); -1 where out of scope."""
        if not self.blocks:
            return np.empty((0, len(self.regions)), np.int8)
        return np.stack([b.verdict for b in self.blocks])

    def find(
        self, requirement: str, *, standard: str | None = None, year: int | None = None
    ) -> Block:
        """Return the block of one requirement; standard and year must be clear.

        Raises:
            KeyError: When no block matches, or several do (the message lists
                the standards and years to choose from).
        """
        found = [
            b
            for b in self.blocks
            if b.requirement.id == requirement
            and (standard is None or b.standard.id == standard)
            and (year is None or b.year == year)
        ]
        if len(found) == 1:
            return found[0]
        if not found:
            ids = sorted({b.requirement.id for b in self.blocks}, key=_natural)
            close = [i for i in ids if i.startswith(requirement)] or ids
            msg = f"no requirement {requirement!r}"
            if standard is not None or year is not None:
                msg += f" for standard={standard!r}, year={year!r}"
            raise KeyError(f"{msg}; requirements: {', '.join(close)}")
        choices = ", ".join(f"standard={b.standard.id!r} year={b.year}" for b in found)
        raise KeyError(
            f"requirement {requirement!r} is judged under several standards or "
            f"years; give one of: {choices}"
        )

    def index(self, region: str) -> int:
        """Return the position of a region among those judged.

        Raises:
            KeyError: When the region was not judged.
        """
        found = self._positions.get(region)
        if found is None:
            raise KeyError(f"region {region!r} was not judged")
        return found

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        """Return each judged region's position by code (found once, not per call)."""
        positions: dict[str, int] = {}
        for r, reg in enumerate(self.regions):
            positions.setdefault(reg.code, r)
        return positions

    def row(
        self,
        region: str,
        requirement: str,
        *,
        standard: str | None = None,
        year: int | None = None,
    ) -> dict[str, Any]:
        """Return one row as a record.

        Raises:
            KeyError: When there is no such row, or the standard or year is
                not clear (see :meth:`find`).
        """
        b = self.find(requirement, standard=standard, year=year)
        r = self.index(region)
        if not b.scope[r]:
            raise KeyError(f"requirement {requirement!r} does not judge {region}")
        return self._tidy[0].record(int(self._row_at[self.blocks.index(b), r]))

    def explain(
        self,
        region: str,
        requirement: str,
        *,
        standard: str | None = None,
        year: int | None = None,
    ) -> Judgement:
        """Return the full judgement of one row, reasons included.

        The words are written from the decision the row holds: the judgement
        is the one :func:`ecociv.assess` gives for that region.
        """
        b = self.find(requirement, standard=standard, year=year)
        return b.judgement(self.index(region))

    def assessment(
        self, region: str, *, standard: str | None = None, year: int | None = None
    ) -> Assessment:
        """Return one region's whole assessment under one standard in one year.

        Raises:
            KeyError: When the standard or year is not clear.
        """
        keys = {
            (s.id, y)
            for s in self.standards
            for y in self.run.years
            if (standard is None or s.id == standard) and (year is None or y == year)
        }
        if len(keys) != 1:
            choices = ", ".join(f"standard={s!r} year={y}" for s, y in sorted(keys))
            raise KeyError(f"give one of: {choices}")
        ((sid, y),) = keys
        std = next(s for s in self.standards if s.id == sid)
        found = self.run.assessment(self.index(region), std, y)
        return attrs.evolve(
            found,
            issues=self.issues,
            account=self.account,
            warnings=(*found.warnings, *self.warnings),
        )

    def records(self) -> Iterator[dict[str, Any]]:
        """Yield every row as a plain dict (no pandas needed), region-major."""
        return self.columns().records()

    def to_frame(self, *, categorical: bool = True) -> pd.DataFrame:
        """Return the tidy result as a pandas DataFrame (columns: ``COLUMNS``).

        Text columns are categorical (lean in memory) unless ``categorical``
        is False: plain text concatenates across partitions (Dask) without
        reconciling categories. Facts' values read 1.0 (yes) and 0.0 (no).
        """
        return self.columns().frame(categorical=categorical)

    def summary_records(self) -> list[dict[str, Any]]:
        """Return one summary per (region, standard, year), as plain dicts."""
        return [
            dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in self._summary_rows()
        ]

    def summary_frame(self) -> pd.DataFrame:
        """Return the summaries as a pandas DataFrame (``SUMMARY_COLUMNS``)."""
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame(self._summary_rows(), columns=list(SUMMARY_COLUMNS))

    def summaries(self) -> Iterator[tuple[Region, Standard, int, Summary]]:
        """Yield every (region, standard, year) summary, region-major.

        Every standard and year asked for has one, even a standard with no
        requirement in it (eligibility undetermined).
        """
        keys = [(std, year) for std in self.standards for year in self.run.years]
        per = {(std.id, year): self.run.summaries(std, year) for std, year in keys}
        for r, reg in enumerate(self.regions):
            for std, year in keys:
                yield reg, std, year, per[(std.id, year)][r]

    def _summary_rows(self) -> list[tuple[Any, ...]]:
        return [
            (
                reg.code,
                reg.name,
                std.id,
                year,
                *attrs.astuple(s.binding),
                s.reference.met,
                s.reference.not_met,
                s.provisional.met,
                s.provisional.not_met,
                s.eligible,
            )
            for reg, std, year, s in self.summaries()
        ]


def _natural(req_id: str) -> tuple[Any, ...]:
    """Sort key for requirement ids: 2 before 10, 5.2 before 5.10."""
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p)
        for p in req_id.replace("-", ".").split(".")
    )
