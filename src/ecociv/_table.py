"""Observations in columns: the one form data takes from a reader to the engine.

A :class:`Table` holds one entry per observation, in input order, as parallel
numpy arrays; text that only an explanation needs (what the source wrote, the
source itself) stays in object arrays beside them. Region, indicator and unit
are categorical (codes into a tuple of distinct values), so a table of ten
million observations holds no Python object per region or indicator.

The engine never scans the whole table per rule: :meth:`Table.column` cuts one
indicator in one year for the regions judged, through an index of the entries
by (indicator, year) built once per table.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._observation import Observation
from ecociv._vocabulary import state_code


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]
    Ints = npt.NDArray[np.int64]
    Codes = npt.NDArray[np.int32]
    Texts = npt.NDArray[np.object_]
else:
    from ecociv._lazy import numpy as np


__all__ = ["Column", "Table", "factorize"]


def factorize(values: Iterable[Any]) -> tuple[tuple[Any, ...], Codes]:
    """Return the distinct values in order of first appearance, and each one's code.

    >>> factorize(["b", "a", "b"])
    (('b', 'a'), array([0, 1, 0], dtype=int32))
    """
    seen: dict[Any, int] = {}
    codes = [seen.setdefault(v, len(seen)) for v in values]
    return tuple(seen), np.array(codes, dtype=np.int32)


def _floats(values: Iterable[float | None]) -> Floats:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _texts(values: Iterable[str | None]) -> Texts:
    items = list(values)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


@attrs.frozen(eq=False)
class Column:
    """One indicator in one year, over a list of regions (one slot per region).

    ``entry`` is the position of each slot's observation in the table's
    grouped order (:meth:`Table.grouped`), -1 when the region has none; every
    other field is cut from the table on first use, with the field's "no
    observation" value where ``entry`` is -1 (NaN values, applicable, not a
    yes/no, no state named).
    """

    table: Table
    indicator: str
    year: int
    entry: Ints

    def _cut(self, field: str) -> npt.NDArray[Any]:
        return self.table.grouped(field)[self.entry]

    @functools.cached_property
    def present(self) -> Bools:
        """Return where the region has an observation."""
        return self.entry >= 0

    @functools.cached_property
    def value(self) -> Floats:
        """Return the values (NaN: missing or not applicable)."""
        return self._cut("value")

    @functools.cached_property
    def applicable(self) -> Bools:
        """Return False where the source says 不涉及."""
        return self._cut("applicable")

    @functools.cached_property
    def boolean(self) -> Bools:
        """Return where the value is a yes/no state."""
        return self._cut("boolean")

    @functools.cached_property
    def target(self) -> Floats:
        """Return the assigned targets (NaN: none)."""
        return self._cut("target")

    @functools.cached_property
    def reference(self) -> Floats:
        """Return the reference values (NaN: none)."""
        return self._cut("reference")

    @functools.cached_property
    def named(self) -> npt.NDArray[np.int8]:
        """Return the codes of the fact states named (-1: none)."""
        return self._cut("named")

    def usable(self, fact: bool) -> Bools:
        """Return where a value of the right kind is there and applies.

        ``fact`` says the indicator is a yes/no state: a number for a fact, or
        yes/no for a quantity, is not usable; nor is 不涉及 or a missing value.
        """
        kind = self.boolean if fact else ~self.boolean
        return self.present & self.applicable & ~np.isnan(self.value) & kind

    def observation(self, r: int) -> Observation | None:
        """Return the observation in slot ``r``, if any."""
        k = int(self.entry[r])
        return None if k < 0 else self.table.observation(int(self.table.order[k]))


@attrs.frozen(eq=False)
class Table:
    """Observations as parallel columns, one entry per observation.

    Attributes:
        regions: Distinct region codes; ``region`` holds codes into it.
        indicators: Distinct indicator ids; ``indicator`` holds codes into it.
        units: Distinct units; ``unit`` holds codes into it.
        year: Data years.
        value: Values (facts as 1.0 / 0.0); NaN when missing or not applicable.
        applicable: False where the source says 不涉及.
        boolean: The value is a yes/no state.
        target: Assigned targets; NaN when none.
        reference: Reference values (高于全省平均值); NaN when none.
        named: Code of the fact state the source's word named
            (:data:`ecociv._vocabulary.FACT_STATES`), -1 for none.
        given: What the source wrote, when a conversion or a word was involved.
        source: Where the value comes from (free text), or None.
        row: The input row of each entry (spreadsheet numbering), 0 if none.
    """

    regions: tuple[str, ...]
    region: Codes
    indicators: tuple[str, ...]
    indicator: Codes
    units: tuple[str, ...]
    unit: Codes
    year: Ints
    value: Floats
    applicable: Bools
    boolean: Bools
    target: Floats
    reference: Floats
    named: npt.NDArray[np.int8]
    given: Texts
    source: Texts
    row: Ints

    def __len__(self) -> int:
        return len(self.value)

    @classmethod
    def empty(cls) -> Table:
        """Return a table with no observation."""
        return cls.from_observations(())

    @classmethod
    def from_observations(cls, items: Iterable[Observation]) -> Table:
        """Build a table from :class:`~ecociv.Observation` values, in their order."""
        obs = list(items)
        regions, region = factorize(o.region for o in obs)
        indicators, indicator = factorize(o.indicator for o in obs)
        units, unit = factorize(o.unit for o in obs)
        return cls(
            regions=regions,
            region=region,
            indicators=indicators,
            indicator=indicator,
            units=units,
            unit=unit,
            year=np.array([o.year for o in obs], dtype=np.int64),
            value=_floats(None if o.value is None else float(o.value) for o in obs),
            applicable=np.array([o.applicable for o in obs], dtype=bool),
            boolean=np.array([isinstance(o.value, bool) for o in obs], dtype=bool),
            target=_floats(o.target for o in obs),
            reference=_floats(o.reference for o in obs),
            named=np.array([state_code(o.given) for o in obs], dtype=np.int8),
            given=_texts(o.given for o in obs),
            source=_texts(o.source for o in obs),
            row=np.zeros(len(obs), dtype=np.int64),
        )

    def observation(self, k: int) -> Observation:
        """Return entry ``k`` as an :class:`~ecociv.Observation`."""
        v = float(self.value[k])
        applicable = bool(self.applicable[k])
        value: float | bool | None = None
        if applicable and v == v:  # noqa: PLR0124  (NaN is missing)
            value = bool(v) if self.boolean[k] else v
        t, ref = float(self.target[k]), float(self.reference[k])
        return Observation(
            self.regions[self.region[k]],
            self.indicators[self.indicator[k]],
            int(self.year[k]),
            value,
            self.units[self.unit[k]],
            applicable=applicable,
            target=None if t != t else t,  # noqa: PLR0124
            reference=None if ref != ref else ref,  # noqa: PLR0124
            source=self.source[k],
            given=self.given[k],
        )

    def observations(self, positions: Iterable[int] | None = None) -> list[Observation]:
        """Return the entries (all, or those at ``positions``) as observations."""
        ks = range(len(self)) if positions is None else positions
        return [self.observation(int(k)) for k in ks]

    def take(self, positions: Ints | Sequence[int]) -> Table:
        """Return the table of the entries at ``positions``, in that order.

        Categories are kept as they are (codes need no remapping).
        """
        pos = np.asarray(positions, dtype=np.int64)
        return attrs.evolve(
            self,
            **{f: getattr(self, f)[pos] for f in _PER_ENTRY},
        )

    @functools.cached_property
    def unit_pairs(self) -> tuple[tuple[int, int], ...]:
        """Return the distinct (indicator code, unit code) pairs of the entries."""
        if not len(self):
            return ()
        key = self.indicator.astype(np.int64) * len(self.units) + self.unit
        return tuple(divmod(int(k), len(self.units)) for k in np.unique(key))

    @functools.cached_property
    def _region_codes(self) -> Mapping[str, int]:
        return {c: k for k, c in enumerate(self.regions)}

    def region_code(self, region: str) -> int:
        """Return the category code of a region, -1 when it has no entry."""
        return self._region_codes.get(region, -1)

    def positions_of_region(self, region: str) -> Ints:
        """Return the positions of one region's entries, in input order."""
        code = self.region_code(region)
        if code < 0:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(self.region == code)

    def slots(self, regions: Sequence[str]) -> Ints:
        """Return, per table region, its position in ``regions`` (-1 if absent)."""
        where = {c: k for k, c in enumerate(regions)}
        return np.array([where.get(c, -1) for c in self.regions], dtype=np.int64)

    @functools.cached_property
    def _groups(self) -> tuple[Ints, Mapping[tuple[str, int], tuple[int, int]]]:
        """Sort the entries by (indicator, year), once; return the order and bounds."""
        if not len(self):
            return np.empty(0, dtype=np.int64), {}
        years, ycode = np.unique(self.year, return_inverse=True)
        key = self.indicator.astype(np.int64) * len(years) + ycode.ravel()
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        stops = np.r_[starts[1:], len(ordered)]
        bounds = {}
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
            i, y = divmod(int(ordered[a]), len(years))
            bounds[(self.indicators[i], int(years[y]))] = (a, b)
        return order, bounds

    @property
    def order(self) -> Ints:
        """Return the entries' positions sorted by (indicator, year), stable."""
        return self._groups[0]

    def grouped(self, field: str) -> npt.NDArray[Any]:
        """Return a field in grouped order, its "no observation" value appended.

        Reading it at -1 gives the value of a region without an observation.
        """
        found = self._grouped.get(field)
        if found is None:
            a = getattr(self, field)[self.order]
            found = np.append(a, np.array([_ABSENT.get(field, -1)], dtype=a.dtype))
            self._grouped[field] = found
        return found

    @functools.cached_property
    def _grouped(self) -> dict[str, npt.NDArray[Any]]:
        return {}

    def column(self, indicator: str, year: int, slots: Ints, n: int) -> Column:
        """Cut one indicator in one year into ``n`` slots.

        Args:
            indicator: The indicator id.
            year: The data year.
            slots: Per table region, its slot (see :meth:`slots`), -1 for none.
            n: The number of slots.
        """
        entry = np.full(n, -1, dtype=np.int64)
        bounds = self._groups[1].get((indicator, year))
        if bounds is not None:
            a, b = bounds
            slot = slots[self.grouped("region")[a:b]]
            if slot.min(initial=0) >= 0:
                entry[slot] = np.arange(a, b)
            else:
                keep = slot >= 0
                entry[slot[keep]] = np.arange(a, b)[keep]
        return Column(self, indicator, year, entry)


#: Each field's value where a region has no observation.
_ABSENT = {
    "value": math.nan,
    "applicable": True,
    "boolean": False,
    "target": math.nan,
    "reference": math.nan,
    "named": -1,
}

_PER_ENTRY = (
    "region",
    "indicator",
    "unit",
    "year",
    "value",
    "applicable",
    "boolean",
    "target",
    "reference",
    "named",
    "given",
    "source",
    "row",
)
