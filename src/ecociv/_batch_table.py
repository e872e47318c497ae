"""The columnar form of a data set: numpy arrays keyed by indicator x region x year.

The batch engine never builds one Python object per value. A :class:`Table`
holds, for every (indicator, region, year) cell, the value in the indicator's
canonical unit (NaN when missing: missing is never zero), whether a row exists,
whether the row says 不涉及, whether the value is a yes/no state, the assigned
target, and which fact word the source used. Text that only an explanation
needs (what the source wrote, the source itself) is kept sparsely.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ecociv._observation import Observation
from ecociv._observations import Observations
from ecociv.rules import FACT_WORDS, FactState


__all__ = ["FACT_STATES", "Table", "named_state"]

#: Fact states by code; code -1 means the source gave no state word (是, yes ...).
FACT_STATES: tuple[FactState, ...] = tuple(FactState)
_STATE_CODE = {s: i for i, s in enumerate(FACT_STATES)}

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


Keys = Sequence[str] | npt.NDArray[Any] | tuple[Sequence[str], npt.NDArray[Any]]


def _factorize(keys: Keys) -> tuple[Sequence[str], npt.NDArray[np.int64]]:
    """Return sorted distinct values and each entry's code."""
    if isinstance(keys, tuple) and len(keys) == 2 and isinstance(keys[1], np.ndarray):
        return keys[0], keys[1].astype(np.int64)
    uniq, codes = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
    return [str(u) for u in uniq], codes.astype(np.int64)


def named_state(given: str | None) -> int:
    """Return the code of the fact state a source word names, or -1."""
    word = FACT_WORDS.get((given or "").strip().lower())
    if word is None or word[1] is None:
        return -1
    return _STATE_CODE[word[1]]


@attrs.frozen(eq=False)
class Table:
    """Observations as arrays of shape (indicators, regions, years).

    Args:
        regions: Region codes, sorted.
        indicators: Indicator ids.
        years: Consecutive years covered, oldest first.
        value: Values (facts as 1.0/0.0); NaN when missing or not applicable.
        present: A row exists for the cell.
        applicable: False where the row says 不涉及.
        boolean: The value is a yes/no state.
        target: Assigned targets; NaN when none.
        named: Code of the fact state word the source used (see
            :data:`FACT_STATES`), -1 for none.
        text: ``(given, source)`` of cells that have either, by flat index.
        units: The unit of each indicator's values.
    """

    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    years: tuple[int, ...]
    value: Floats
    present: Bools
    applicable: Bools
    boolean: Bools
    target: Floats
    named: npt.NDArray[np.int8]
    reference: Floats
    text: Mapping[int, tuple[str | None, str | None]] = MappingProxyType({})
    units: Mapping[str, str] = MappingProxyType({})

    @property
    def n_observations(self) -> int:
        """Return the number of cells that hold a row."""
        return int(self.present.sum())

    def flat(self, i: int, r: int, y: int) -> int:
        """Return the flat index of a cell."""
        return (i * len(self.regions) + r) * len(self.years) + y

    @classmethod
    def from_columns(  # noqa: PLR0913  (parallel columns, all optional but the key)
        cls,
        region: Keys,
        indicator: Keys,
        year: Sequence[int] | npt.NDArray[Any],
        value: Floats,
        *,
        applicable: Bools | None = None,
        boolean: Bools | None = None,
        target: Floats | None = None,
        named: npt.NDArray[np.int8] | None = None,
        reference: Floats | None = None,
        text: Mapping[int, tuple[str | None, str | None]] | None = None,
        units: Mapping[str, str] | None = None,
    ) -> Table:
        """Build a table from parallel columns, one entry per observation.

        ``region`` and ``indicator`` are the values, or (sorted distinct values,
        codes) when the caller has factorized them already. ``text`` is keyed
        by the observation's position in the columns.

        Raises:
            ValueError: When two observations share a (region, indicator, year).
        """
        n = len(value)
        regions, r_idx = _factorize(region)
        inds, i_idx = _factorize(indicator)
        yr = np.asarray(year, dtype=np.int64)
        y0 = int(yr.min()) if n else 0
        n_years = int(yr.max()) - y0 + 1 if n else 0
        shape = (len(inds), len(regions), n_years)
        flat = (i_idx.astype(np.int64) * len(regions) + r_idx) * n_years + (yr - y0)
        if n and len(np.unique(flat)) != n:
            raise ValueError("two observations for the same region, indicator and year")
        size = shape[0] * shape[1] * shape[2]

        def fill(
            data: npt.NDArray[Any], *, default: Any, dtype: Any
        ) -> npt.NDArray[Any]:
            out = np.full(size, default, dtype=dtype)
            out[flat] = data
            return out.reshape(shape)

        ones = np.ones(n, dtype=bool)
        return cls(
            regions=tuple(str(r) for r in regions),
            indicators=tuple(str(i) for i in inds),
            years=tuple(range(y0, y0 + n_years)),
            value=fill(value, default=np.nan, dtype=np.float64),
            present=fill(ones, default=False, dtype=bool),
            applicable=fill(
                ones if applicable is None else applicable, default=True, dtype=bool
            ),
            boolean=fill(
                ~ones if boolean is None else boolean, default=False, dtype=bool
            ),
            target=fill(
                np.full(n, np.nan) if target is None else target,
                default=np.nan,
                dtype=float,
            ),
            named=fill(
                np.full(n, -1) if named is None else named, default=-1, dtype=np.int8
            ),
            reference=fill(
                np.full(n, np.nan) if reference is None else reference,
                default=np.nan,
                dtype=float,
            ),
            text=MappingProxyType(
                {int(flat[k]): v for k, v in (text or {}).items()},
            ),
            units=MappingProxyType(dict(units or {})),
        )

    @classmethod
    def from_observations(cls, observations: Iterable[Observation]) -> Table:
        """Build a table from :class:`~ecociv.Observation` values."""
        items = list(observations)
        value = np.array(
            [np.nan if o.value is None else float(o.value) for o in items],
            dtype=np.float64,
        )
        return cls.from_columns(
            [o.region for o in items],
            [o.indicator for o in items],
            [o.year for o in items],
            value,
            applicable=np.array([o.applicable for o in items], dtype=bool),
            boolean=np.array([isinstance(o.value, bool) for o in items], dtype=bool),
            target=np.array(
                [np.nan if o.target is None else o.target for o in items], dtype=float
            ),
            named=np.array([named_state(o.given) for o in items], dtype=np.int8),
            reference=np.array(
                [np.nan if o.reference is None else o.reference for o in items],
                dtype=float,
            ),
            text={
                k: (o.given, o.source)
                for k, o in enumerate(items)
                if o.given is not None or o.source is not None
            },
            units={o.indicator: o.unit for o in items},
        )

    def select(self, codes: Sequence[str]) -> Table:
        """Return the table restricted (or extended) to these regions, in this order.

        A region without data gets empty cells: missing, never zero.
        """
        codes = list(dict.fromkeys(codes))
        pos = {c: k for k, c in enumerate(self.regions)}
        src = np.array([pos.get(c, -1) for c in codes], dtype=np.int64)
        have = src >= 0
        n_i, n_y = len(self.indicators), len(self.years)

        def take(a: npt.NDArray[Any], *, default: Any) -> npt.NDArray[Any]:
            out = np.full((n_i, len(codes), n_y), default, dtype=a.dtype)
            out[:, have, :] = a[:, src[have], :]
            return out

        new = {c: k for k, c in enumerate(codes)}
        text = {}
        for flat, v in self.text.items():
            i, rest = divmod(flat, len(self.regions) * n_y)
            r, y = divmod(rest, n_y)
            if (new_r := new.get(self.regions[r])) is not None:
                text[(i * len(codes) + new_r) * n_y + y] = v
        return attrs.evolve(
            self,
            regions=tuple(codes),
            value=take(self.value, default=np.nan),
            present=take(self.present, default=False),
            applicable=take(self.applicable, default=True),
            boolean=take(self.boolean, default=False),
            target=take(self.target, default=np.nan),
            named=take(self.named, default=-1),
            reference=take(self.reference, default=np.nan),
            text=MappingProxyType(text),
        )

    def cell(self, i: int | None, y: int) -> tuple[int, int] | None:
        """Return the array positions of an indicator and year, if covered."""
        k = y - self.years[0] if self.years else -1
        if i is None or not 0 <= k < len(self.years):
            return None
        return i, k

    def observations(self, r: int | None = None) -> Observations:
        """Return one region's cells (or all) as :class:`~ecociv.Observations`.

        This is the slow path, for explanations and rule kinds without a
        vectorized evaluator.
        """
        if r is None:
            every = [o for k in range(len(self.regions)) for o in self._items(k)]
            return Observations(every)
        return Observations(self._items(r))

    def _items(self, r: int) -> list[Observation]:
        items = []
        code = self.regions[r]
        for i, ind in enumerate(self.indicators):
            for k, y in enumerate(self.years):
                if not self.present[i, r, k]:
                    continue
                given, source = self.text.get(self.flat(i, r, k), (None, None))
                v = float(self.value[i, r, k])
                app = bool(self.applicable[i, r, k])
                value: float | bool | None = (
                    None if np.isnan(v) else bool(v) if self.boolean[i, r, k] else v
                )
                t = float(self.target[i, r, k])
                ref = float(self.reference[i, r, k])
                items.append(
                    Observation(
                        code,
                        ind,
                        y,
                        value if app else None,
                        self._unit(ind),
                        applicable=app,
                        target=None if np.isnan(t) else t,
                        reference=None if np.isnan(ref) else ref,
                        source=source,
                        given=given,
                    )
                )
        return items

    def _unit(self, indicator_id: str) -> str:
        return self.units.get(indicator_id, "")
