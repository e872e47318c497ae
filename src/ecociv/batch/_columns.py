"""Tidy rows as columns: the one form every output of many rows is written from.

A batch result's rows (one per region and requirement in scope, region-major)
are built once, as columns (:func:`result_columns`): numbers and flags as
numpy arrays, text as dictionary-encoded :class:`Coded` columns whose distinct
values are held once. ``records()``, ``to_frame()`` and the CSV, JSON and
Parquet writers all read these columns; nothing recomputes a row. Gathering
the results of several partitions (:func:`ecociv.batch.assess_partitioned`)
concatenates their columns (:meth:`Tidy.concat`). Needs numpy only; pandas
only for :meth:`Tidy.frame`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._frozen import FrozenMap
from ecociv.rules import TargetSource, Verdict
from ecociv.rules._context import region_codes


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ecociv._arrays import Bools
    from ecociv._engine import Run
else:
    from ecociv._lazy import numpy as np


__all__ = ["Coded", "Tidy", "coded", "distinct_numbers", "result_columns"]


@attrs.frozen(eq=False)
class Coded:
    """A dictionary-encoded column: each row a code into ``categories``.

    Attributes:
        codes: One code per row; -1 where the row has no value (None).
        categories: The distinct values, each held once.
        whole: The values are whole numbers (a due year), not text: a frame
            holds them as nullable integers.
    """

    codes: npt.NDArray[np.int32]
    categories: tuple[Any, ...]
    whole: bool = False

    def __len__(self) -> int:
        return len(self.codes)

    def values(self) -> list[Any]:
        """Return the column as Python values, None where the code is -1."""
        table = [*self.categories, None]  # -1 picks the None at the end
        return [table[c] for c in self.codes.tolist()]

    def take(self, index: npt.NDArray[np.intp]) -> Coded:
        """Return the rows at ``index``, with the same categories."""
        return Coded(self.codes[index], self.categories, self.whole)


if TYPE_CHECKING:
    #: A column of a :class:`Tidy`: numbers and flags as arrays, text coded.
    Column = Coded | npt.NDArray[Any]


def coded(values: Iterable[Any], *, whole: bool = False) -> Coded:
    """Return values as a coded column, distinct values in order of first sight.

    None is no category: its rows get the code -1.

    >>> c = coded(["b", None, "a", "b"])
    >>> c.categories, c.codes.tolist()
    (('b', 'a'), [0, -1, 1, 0])
    """
    seen: dict[Any, int] = {None: -1}
    codes = np.array([seen.setdefault(v, len(seen) - 1) for v in values], np.int32)
    return Coded(codes, tuple(v for v in seen if v is not None), whole)


def distinct_numbers(column: npt.NDArray[np.float64]) -> Coded:
    """Return a column of numbers coded by its distinct finite values (-1: none).

    Writers format each distinct number once, however many rows hold it.

    >>> import numpy as np
    >>> c = distinct_numbers(np.array([2.5, np.nan, 2.5, -0.0]))
    >>> sorted(c.categories), [c.categories[k] for k in c.codes[[0, 2, 3]]]
    ([-0.0, 2.5], [2.5, 2.5, -0.0])
    >>> int(c.codes[1])
    -1
    """
    finite = np.isfinite(column)
    # By bit pattern: -0.0 is written apart from 0.0.
    bits = column[finite].astype(np.float64).view(np.int64)
    values, codes = np.unique(bits, return_inverse=True)
    coded_rows = np.full(len(column), -1, dtype=np.int32)
    coded_rows[finite] = codes.ravel()
    return Coded(coded_rows, tuple(values.view(np.float64).tolist()))


def _merged(parts: Sequence[Coded]) -> Coded:
    """Return coded columns one after another, their categories united."""
    where: dict[Any, int] = {}
    codes = []
    for part in parts:
        remap = np.array(
            [where.setdefault(v, len(where)) for v in part.categories] + [-1],
            dtype=np.int32,
        )
        codes.append(remap[part.codes])  # -1 picks the -1 at the end
    joined = np.concatenate(codes) if codes else np.empty(0, np.int32)
    return Coded(joined.astype(np.int32), tuple(where), parts[0].whole)


@attrs.frozen(eq=False)
class Tidy:
    """Rows as columns, all of one length.

    Attributes:
        columns: The columns by name, in order.
        facts: Where the row's ``value`` is a fact's (1.0 / 0.0 in frames,
            True / False in records and documents).
    """

    columns: FrozenMap[str, Column]
    facts: Bools

    def __len__(self) -> int:
        return len(self.facts)

    def __getitem__(self, name: str) -> Column:
        return self.columns[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the column names, in order."""
        return tuple(self.columns)

    def values(self, name: str) -> list[Any]:
        """Return one column as records hold it: None for no value, facts as bools."""
        col = self.columns[name]
        if isinstance(col, Coded):
            return col.values()
        items = col.tolist()
        if col.dtype.kind != "f":
            return items  # type: ignore[no-any-return]
        out: list[Any] = [None if x != x else x for x in items]  # noqa: PLR0124
        if name == "value" and self.facts.any():
            for k in np.flatnonzero(self.facts).tolist():
                out[k] = bool(out[k])
        return out

    def records(self) -> Iterator[dict[str, Any]]:
        """Yield every row as a dict of plain Python values."""
        names = self.names
        for row in zip(*(self.values(n) for n in names), strict=True):
            yield dict(zip(names, row, strict=True))

    def record(self, k: int) -> dict[str, Any]:
        """Return row ``k`` as a dict of plain Python values."""
        return next(self.take(np.array([k], dtype=np.intp)).records())

    def take(self, index: npt.NDArray[np.intp]) -> Tidy:
        """Return the rows at ``index``."""
        return Tidy(
            FrozenMap(
                {
                    n: c.take(index) if isinstance(c, Coded) else c[index]
                    for n, c in self.columns.items()
                }
            ),
            self.facts[index],
        )

    def with_columns(self, extra: Mapping[str, Column]) -> Tidy:
        """Return the rows with more columns after these."""
        return Tidy(FrozenMap({**self.columns, **extra}), self.facts)

    @classmethod
    def concat(cls, parts: Sequence[Tidy]) -> Tidy:
        """Return the rows of ``parts`` one after another (same column names).

        Raises:
            ValueError: When no part is given, or the parts' columns differ.
        """
        if not parts:
            raise ValueError("no parts to concatenate")
        names = parts[0].names
        if any(p.names != names for p in parts):
            raise ValueError("the parts do not have the same columns")
        columns: dict[str, Column] = {}
        for n in names:
            cols = [p.columns[n] for p in parts]
            if isinstance(cols[0], Coded):
                columns[n] = _merged([c for c in cols if isinstance(c, Coded)])
            else:
                columns[n] = np.concatenate(
                    [c for c in cols if not isinstance(c, Coded)]
                )
        return cls(FrozenMap(columns), np.concatenate([p.facts for p in parts]))

    def frame(self, *, categorical: bool = True) -> pd.DataFrame:
        """Return the rows as a pandas DataFrame (imports pandas).

        Text columns are categorical unless ``categorical`` is False (plain
        objects, which concatenate without reconciling categories); coded
        whole numbers (a due year) are nullable integers; facts' values read
        1.0 and 0.0.
        """
        import pandas as pd  # noqa: PLC0415

        data: dict[str, Any] = {}
        texts = []
        for name, col in self.columns.items():
            if not isinstance(col, Coded):
                data[name] = col
            elif col.whole:
                ints = np.array([*col.categories, 0], dtype=np.int64)[col.codes]
                data[name] = pd.arrays.IntegerArray(ints, col.codes < 0)
            else:
                data[name] = pd.Categorical.from_codes(
                    col.codes, categories=pd.Index(list(col.categories) or [""])
                )
                texts.append(name)
        frame = pd.DataFrame(data)
        return frame if categorical else frame.astype(dict.fromkeys(texts, object))


def _sources(run_block: Any) -> npt.NDArray[np.int8]:
    """Return per region where the target came from: -1 none, 0 standard, 1 data."""
    decision = run_block.decision
    data = (
        np.zeros(len(decision), dtype=bool)
        if decision.from_data is None
        else decision.from_data
    )
    return np.where(np.isnan(decision.target), -1, np.where(data, 1, 0)).astype(np.int8)


def result_columns(run: Run) -> tuple[Tidy, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Return a run's tidy rows (``ecociv.batch.COLUMNS``), region-major.

    One row per (region, block) where the block's line judges the region.
    Also returns, per row, the region's and the block's position.
    """
    blocks, regs = run.blocks, run.regions
    n_b, n_r = len(blocks), len(regs)
    if n_b:
        verdicts = np.stack([b.verdict for b in blocks])
    else:
        verdicts = np.empty((0, n_r), np.int8)
    keep = (verdicts >= 0).T.ravel()  # region-major; -1: out of scope
    r_at = np.repeat(np.arange(n_r), n_b)[keep]
    b_at = np.tile(np.arange(n_b), n_r)[keep]

    def grid(arrays: list[Any], dtype: Any) -> Any:
        if not arrays:
            return np.empty(0, dtype=dtype)
        return np.stack(arrays).astype(dtype, copy=False)[b_at, r_at]

    def per_block(values: list[Any]) -> Coded:
        return coded(values).take(b_at)

    def per_region(values: list[Any]) -> Coded:
        return coded(values).take(r_at)

    def flags(values: list[bool]) -> Bools:
        return np.array(values, dtype=bool)[b_at]

    units = coded(u for b in blocks for u in b.decision.units)
    where = {u: k for k, u in enumerate(units.categories)}
    unit = grid(
        [
            np.array([where[u] for u in b.decision.units], np.int32)[b.decision.unit]
            for b in blocks
        ],
        np.int32,
    )
    columns = [b.column for b in blocks]
    value = grid(
        [np.where(c.present & c.applicable, c.value, np.nan) for c in columns],
        np.float64,
    )
    facts = grid([c.boolean for c in columns], bool) & ~np.isnan(value)
    reqs = [b.requirement for b in blocks]
    tidy = {
        "region": per_region(list(region_codes(regs))),
        "region_name": per_region([r.name for r in regs]),
        "standard": per_block([b.standard.id for b in blocks]),
        "year": np.array([b.year for b in blocks], dtype=np.int64)[b_at],
        "requirement": per_block([q.id for q in reqs]),
        "number": per_block([q.number for q in reqs]),
        "indicator": per_block([q.indicator for q in reqs]),
        "binding": flags([q.binding for q in reqs]),
        "provisional": flags([q.provisional for q in reqs]),
        "verdict": Coded(
            verdicts.T.ravel()[keep].astype(np.int32), tuple(v.value for v in Verdict)
        ),
        "value": value,
        "value_unit": per_block([b.context.indicator.unit for b in blocks]),
        "measure": grid([b.decision.measure for b in blocks], np.float64),
        "target": grid([b.target for b in blocks], np.float64),
        "target_from": Coded(
            grid([_sources(b) for b in blocks], np.int32),
            tuple(t.value for t in TargetSource),
        ),
        "distance": grid([b.distance for b in blocks], np.float64),
        "unit": Coded(unit, units.categories),
        "target_text": per_block([q.target_text for q in reqs]),
        "due": coded([q.due for q in reqs], whole=True).take(b_at),
        "lead": per_block(["、".join(q.lead) for q in reqs]),
    }
    return Tidy(FrozenMap(tidy), facts), r_at, b_at
