"""What :func:`ecociv.assess_many` returns: a tidy table of verdicts and summaries.

One row per (region, standard, year, requirement), region-major, with the
verdict, the region's value in the assessment year, unit, target, signed
distance and whether the requirement is binding; and one summary per
(region, standard, year). Plain records need nothing but numpy; ``to_frame``
imports pandas.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ecociv._batch_eval import MET, NOT_APPLICABLE, NOT_MET, VERDICTS
from ecociv._batch_table import Table
from ecociv._engine import Judgement
from ecociv._region import Region
from ecociv.rules import TrendPolicy, Verdict
from ecociv.standards import Requirement, Standard


if TYPE_CHECKING:
    import pandas as pd

    from ecociv._batch_eval import _Column


__all__ = ["COLUMNS", "SUMMARY_COLUMNS", "BatchResult", "Block"]

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
    "verdict",
    "value",
    "unit",
    "target",
    "distance",
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
    "eligible",
)


@attrs.frozen(eq=False)
class Block:
    """One requirement of one standard in one year, judged over every region.

    ``scope`` is False for regions the line does not judge (its scope names
    other levels): they have no row, as :func:`ecociv.assess` gives none.
    """

    standard: Standard
    year: int
    requirement: Requirement
    verdict: npt.NDArray[np.int8]
    target: npt.NDArray[np.float64]
    distance: npt.NDArray[np.float64]
    column: _Column
    scope: npt.NDArray[np.bool_]


def _value(col: _Column, r: int) -> float | bool | None:
    if not col.present[r] or not col.applicable[r] or np.isnan(col.value[r]):
        return None
    v = float(col.value[r])
    return bool(v) if col.boolean[r] else v


def _num(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


@attrs.frozen(eq=False)
class BatchResult:
    """Verdicts for many regions, standards and years, as arrays.

    Attributes:
        table: The data, in columnar form.
        regions: The regions judged, in row order.
        standards: The standards used.
        policy: The trend policy used.
        blocks: One block per (standard, year, requirement).
    """

    table: Table
    regions: tuple[Region, ...]
    standards: tuple[Standard, ...]
    policy: TrendPolicy
    blocks: tuple[Block, ...]

    @classmethod
    def of(
        cls,
        table: Table,
        regions: tuple[Region, ...],
        standards: Sequence[Standard],
        policy: TrendPolicy,
        blocks: Sequence[Block],
    ) -> BatchResult:
        """Bundle the judged blocks."""
        return cls(table, regions, tuple(standards), policy, tuple(blocks))

    def __len__(self) -> int:
        return int(sum(b.scope.sum() for b in self.blocks))

    def verdicts(self) -> npt.NDArray[np.int8]:
        """Return verdict codes, shape (blocks, regions); -1 where out of scope."""
        if not self.blocks:
            return np.empty((0, len(self.regions)), np.int8)
        return np.stack([np.where(b.scope, b.verdict, -1) for b in self.blocks]).astype(
            np.int8
        )

    def _find(self, standard: str | None, year: int | None, requirement: str) -> Block:
        for b in self.blocks:
            if (
                b.requirement.id == requirement
                and (standard is None or b.standard.id == standard)
                and (year is None or b.year == year)
            ):
                return b
        raise KeyError((standard, year, requirement))

    def _r(self, region: str) -> int:
        try:
            return self.table.regions.index(region)
        except ValueError:
            raise KeyError(region) from None

    def row(
        self,
        region: str,
        requirement: str,
        *,
        standard: str | None = None,
        year: int | None = None,
    ) -> dict[str, Any]:
        """Return one row as a record (the first standard and year by default).

        Raises:
            KeyError: When there is no such row.
        """
        b = self._find(standard, year, requirement)
        r = self._r(region)
        if not b.scope[r]:
            raise KeyError((region, requirement))
        return self._record(b, r)

    def explain(
        self,
        region: str,
        requirement: str,
        *,
        standard: str | None = None,
        year: int | None = None,
    ) -> Judgement:
        """Return the full judgement of one row, reasons included.

        It is made by :func:`ecociv.assess` on the region's data, so its
        reasons are the engine's own.
        """
        from ecociv._batch import judge_one  # noqa: PLC0415  (circular)
        from ecociv._batch_eval import vectorizable  # noqa: PLC0415

        b = self._find(standard, year, requirement)
        r = self._r(region)
        # A rule over sub-regions may look at other regions' data.
        own = vectorizable(b.requirement.rule)
        return judge_one(
            self.table.observations(r if own else None),
            self.regions[r],
            attrs.evolve(b.standard, requirements=(b.requirement,)),
            b.year,
            self.policy,
        )

    def _record(self, b: Block, r: int) -> dict[str, Any]:
        reg, req = self.regions[r], b.requirement
        return {
            "region": reg.code,
            "region_name": reg.name,
            "standard": b.standard.id,
            "year": b.year,
            "requirement": req.id,
            "number": req.number,
            "indicator": req.indicator,
            "binding": req.binding,
            "verdict": VERDICTS[b.verdict[r]].value,
            "value": _value(b.column, r),
            "unit": b.standard.indicator(req.indicator).unit,
            "target": _num(b.target[r]),
            "distance": _num(b.distance[r]),
            "target_text": req.target_text,
            "due": req.due,
            "lead": "、".join(req.lead),
        }

    def records(self) -> Iterator[dict[str, Any]]:
        """Yield every row as a plain dict (no pandas needed), region-major."""
        for r in range(len(self.regions)):
            for b in self.blocks:
                if b.scope[r]:
                    yield self._record(b, r)

    def to_frame(self, *, categorical: bool = True) -> pd.DataFrame:
        """Return the tidy result as a pandas DataFrame (columns: ``COLUMNS``).

        Text columns are categorical (lean in memory) unless ``categorical``
        is False: plain text concatenates across partitions (Dask) without
        reconciling categories. Facts' values read 1.0 (yes) and 0.0 (no).
        """
        import pandas as pd  # noqa: PLC0415

        from ecociv._frames import result_frame  # noqa: PLC0415  (pandas)

        frame = result_frame(self)
        if categorical:
            return frame
        cats = [
            c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)
        ]
        return frame.astype(dict.fromkeys(cats, object))

    def summary_records(self) -> list[dict[str, Any]]:
        """Return one summary per (region, standard, year), as plain dicts."""
        return [
            dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in self._summary_rows()
        ]

    def summary_frame(self) -> pd.DataFrame:
        """Return the summaries as a pandas DataFrame (``SUMMARY_COLUMNS``)."""
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame(self._summary_rows(), columns=list(SUMMARY_COLUMNS))

    def _summary_rows(self) -> list[tuple[Any, ...]]:
        keys = list(dict.fromkeys((b.standard.id, b.year) for b in self.blocks))
        vs = self.verdicts()
        binding = np.array([b.requirement.binding for b in self.blocks], dtype=bool)
        rows: list[tuple[Any, ...]] = []
        counts: dict[tuple[str, int], tuple[npt.NDArray[Any], ...]] = {}
        for sid, year in keys:
            sel = np.array(
                [(b.standard.id, b.year) == (sid, year) for b in self.blocks]
            )
            bind = vs[sel & binding]
            ref = vs[sel & ~binding]
            per = [(bind == k).sum(axis=0) for k in range(len(VERDICTS))]
            ref_met = (ref == MET).sum(axis=0)
            ref_not = (ref == NOT_MET).sum(axis=0)
            counts[(sid, year)] = (*per, ref_met, ref_not)
        insufficient = VERDICTS.index(Verdict.INSUFFICIENT_DATA)
        for r, reg in enumerate(self.regions):
            for sid, year in keys:
                c = [int(a[r]) for a in counts[(sid, year)]]
                eligible = False if c[NOT_MET] else None if c[insufficient] else True
                rows.append(
                    (
                        reg.code,
                        reg.name,
                        sid,
                        year,
                        c[MET],
                        c[NOT_MET],
                        c[NOT_APPLICABLE],
                        c[insufficient],
                        c[VERDICTS.index(Verdict.NOT_YET_DUE)],
                        c[len(VERDICTS)],
                        c[len(VERDICTS) + 1],
                        eligible,
                    )
                )
        return rows
