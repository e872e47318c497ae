"""Observations in columns: the one form data takes from a reader to the engine.

A :class:`Table` holds one entry per observation as parallel numpy arrays;
text that only an explanation needs (what the source wrote, the source
itself) is held as codes into its distinct texts (:class:`Texts`). Region,
indicator and unit are categorical (codes into a tuple of distinct values),
so a table of ten million observations holds no Python object per entry.

Entries are stored in input order and indexed by (indicator, year)
(:meth:`Table.grouped`: a permutation, ``order``, not a sort of every
column), so the engine never scans the whole table per rule:
:meth:`Table.column` cuts one indicator in one year for the regions judged
from one stretch of that index, and gathers only the fields a rule reads,
once per table (:meth:`Table.stretch`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._memo import Last
from ecociv._observation import Observation
from ecociv._table._column import Column
from ecociv._table._texts import Texts
from ecociv._vocabulary import state_code


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Bools, Floats, Ints
    from ecociv._arrays import Int16s as Years
    from ecociv._arrays import Int32s as Codes
    from ecociv._arrays import Int32s as Rows
else:
    from ecociv._lazy import numpy as np


__all__ = ["Column", "Table", "Texts", "factorize"]


def factorize(
    values: Iterable[Any], *, sort: bool = False
) -> tuple[tuple[Any, ...], Codes]:
    """Return the distinct values and each one's code.

    The distinct values come in order of first appearance, or sorted.

    >>> factorize(["b", "a", "b"])
    (('b', 'a'), array([0, 1, 0], dtype=int32))
    >>> factorize(["b", "a", "b"], sort=True)
    (('a', 'b'), array([1, 0, 1], dtype=int32))
    """
    seen: dict[Any, int] = {}
    codes = np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int32)
    distinct = tuple(seen)
    if not sort:
        return distinct, codes
    order = sorted(range(len(distinct)), key=distinct.__getitem__)
    remap = np.empty(len(order), dtype=np.int32)
    remap[order] = np.arange(len(order), dtype=np.int32)
    return tuple(distinct[k] for k in order), remap[codes] if len(codes) else codes


def _floats(values: Iterable[float | None]) -> Floats:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _distinct(
    _: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    """Refuse a category named twice: its entries would be split in two."""
    if len(set(value)) != len(value):
        twice = sorted({v for v in value if value.count(v) > 1})
        msg = f"{attribute.name} named twice in a table: {', '.join(twice)}"
        raise ValueError(msg)


@attrs.frozen(eq=False)
class Table:
    """Observations as parallel columns, one entry per observation.

    Attributes:
        regions: Distinct region codes, sorted; ``region`` holds codes into it.
        indicators: Distinct indicator ids; ``indicator`` holds codes into it.
        units: Distinct units; ``unit`` holds codes into it.
        year: Data years (16-bit: 1949 to 2100 and well beyond).
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
        checked: Whether each entry's numbers were checked against its
            indicator as they were read (a reader's table); a table of
            hand-built observations is checked when bound to the standards
            judged (:func:`ecociv._engine._bind.bind`).
        order: The entries grouped by (indicator, year), stably (within a
            group, in input order): positions into the arrays, which stay in
            input order. None until :meth:`grouped` finds it (a reader gives
            it, having sorted the keys to find repeats).

    Numbers are held as narrow as they can be (16-bit years, 32-bit rows), so
    ten million observations fit a small machine.
    """

    regions: tuple[str, ...] = attrs.field(validator=_distinct)
    region: Codes
    indicators: tuple[str, ...] = attrs.field(validator=_distinct)
    indicator: Codes
    units: tuple[str, ...] = attrs.field(validator=_distinct)
    unit: Codes
    year: Years
    value: Floats
    applicable: Bools
    boolean: Bools
    target: Floats
    reference: Floats
    named: npt.NDArray[np.int8]
    given: Texts
    source: Texts
    row: Rows
    checked: bool = attrs.field(default=False, kw_only=True)
    order: npt.NDArray[np.signedinteger[Any]] | None = attrs.field(
        default=None, kw_only=True
    )

    def __len__(self) -> int:
        return len(self.value)

    @classmethod
    def empty(cls) -> Table:
        """Return a table with no observation."""
        return cls.from_observations(())

    @classmethod
    def from_observations(cls, items: Iterable[Observation]) -> Table:
        """Build a table from :class:`~ecociv.Observation` values (grouped)."""
        obs = list(items)
        regions, region = factorize((o.region for o in obs), sort=True)
        indicators, indicator = factorize(o.indicator for o in obs)
        units, unit = factorize(o.unit for o in obs)
        return cls(
            regions=regions,
            region=region,
            indicators=indicators,
            indicator=indicator,
            units=units,
            unit=unit,
            year=np.array([o.year for o in obs], dtype=np.int16),
            value=_floats(None if o.value is None else float(o.value) for o in obs),
            applicable=np.array([o.applicable for o in obs], dtype=bool),
            boolean=np.array([isinstance(o.value, bool) for o in obs], dtype=bool),
            target=_floats(o.target for o in obs),
            reference=_floats(o.reference for o in obs),
            named=np.array([state_code(o.given) for o in obs], dtype=np.int8),
            given=Texts.of(o.given for o in obs),
            source=Texts.of(o.source for o in obs),
            row=np.zeros(len(obs), dtype=np.int32),
        ).grouped()

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

    def observations(self, entries: Iterable[int] | None = None) -> list[Observation]:
        """Return the entries (all, in input order, or those given) as observations."""
        ks = range(len(self)) if entries is None else entries
        return [self.observation(int(k)) for k in ks]

    def grouped(self) -> Table:
        """Return the table indexed by (indicator, year): with its ``order``.

        The entries stay where they are (in input order); ``order`` lists
        them by group, stably (a linear radix sort on a small key). A table
        with an order, or whose entries already come grouped, comes back as
        it is. :meth:`column` checks the order it reads.
        """
        if self.order is not None:
            return self
        key = self._key()
        if len(key) < 2 or bool((key[1:] >= key[:-1]).all()):
            return self
        return attrs.evolve(self, order=np.argsort(key, kind="stable"))

    def _key(self) -> npt.NDArray[Any]:
        """Return each entry's group key, (indicator, year), as one small integer."""
        if not len(self):
            return np.empty(0, dtype=np.int16)
        first = int(self.year.min())
        span = int(self.year.max()) - first + 1
        size = len(self.indicators) * span
        dtype: Any = (
            np.int16 if size < 2**15 else np.int32 if size < 2**31 else np.int64
        )
        key: npt.NDArray[Any] = np.multiply(self.indicator, span, dtype=dtype)
        key -= first  # in place (one array of the table's length); every
        key += self.year  # step within the key's type: no wrap-around
        return key

    def usable(self, fact: bool) -> Bools:
        """Return, per entry, whether it holds a value of that kind that applies.

        ``fact``: a yes/no state (else a number); 不涉及 and missing values are
        not usable. Computed once per table and kind.
        """
        found = self._usable_kinds.get(fact)
        if found is None:
            found = _usable(self.value, self.applicable, self.boolean, fact=fact)
            self._usable_kinds[fact] = found
        return found

    @functools.cached_property
    def _usable_kinds(self) -> dict[bool, Bools]:
        return {}

    @functools.cached_property
    def unit_pairs(self) -> tuple[tuple[int, int], ...]:
        """Return the distinct (indicator code, unit code) pairs of the entries."""
        if not len(self):
            return ()
        units = len(self.units)
        size = len(self.indicators) * units
        if size > 4 * len(self):  # many names and units (built by hand): sorted
            key = np.multiply(self.indicator, units, dtype=np.intp)
            key += self.unit
            from ecociv._arrays import unique  # noqa: PLC0415  (loads numpy)

            found = unique(key)
        else:  # the pairs are few (indicators x units): marked, not sorted,
            # a block of entries at a time (no array of the table's length;
            # numpy indexes by its own integer type without a cast)
            seen = np.zeros(size, dtype=bool)
            part: npt.NDArray[np.intp] = np.empty(min(len(self), _BLOCK), np.intp)
            for a in range(0, len(self), _BLOCK):
                ind, unit = self.indicator[a : a + _BLOCK], self.unit[a : a + _BLOCK]
                k = part[: len(ind)]
                np.multiply(ind, units, out=k)
                k += unit
                seen[k] = True
            found = np.flatnonzero(seen)
        return tuple(divmod(int(k), units) for k in found)

    @property
    def years(self) -> frozenset[int]:
        """The distinct years of the entries, from the (indicator, year) index."""
        return self._groups.years()

    @functools.cached_property
    def rows_ascend(self) -> bool:
        """Whether row numbers never fall from one entry to the next.

        True for a reader's table of one sheet or file (entries in input
        order); a table built by hand, or of sheets numbered afresh, may not.
        """
        row, last = self.row, len(self) - 1
        for a in range(0, last, _BLOCK):  # each entry against the next
            b = min(a + _BLOCK, last)
            if not (row[a + 1 : b + 1] >= row[a:b]).all():
                return False
        return True

    @functools.cached_property
    def _region_codes(self) -> Mapping[str, int]:
        return {c: k for k, c in enumerate(self.regions)}

    def region_code(self, region: str) -> int:
        """Return the category code of a region, -1 when it has no entry."""
        return self._region_codes.get(region, -1)

    def entries_of_region(self, region: str) -> Ints:
        """Return one region's entries, in input order."""
        return np.flatnonzero(self.region == self.region_code(region))

    def slots(self, regions: Sequence[str]) -> Ints | None:
        """Return, per table region, its position in ``regions`` (-1 if absent).

        None when ``regions`` are the table's own, in its order (each region
        its own slot): :meth:`column` then cuts without a gather. A tuple
        asked for again (the regions of run after run) is found by identity
        (read-only slots, found once).

        Raises:
            ValueError: When ``regions`` names a region twice (one table
                region has one slot; a second would be left empty).
        """
        if isinstance(regions, tuple):
            return self._last_slots(regions, self._slots)  # the method is not kept
        return self._slots(regions)

    @functools.cached_property
    def _last_slots(self) -> Last[tuple[str, ...], Ints | None]:
        return Last()

    def _slots(self, regions: Sequence[str]) -> Ints | None:
        if regions == self.regions:  # the table's own regions, in its order
            return None
        where = {c: k for k, c in enumerate(regions)}
        if len(where) != len(regions):
            msg = "slots of a region named twice: cut the distinct regions, then pick"
            raise ValueError(msg)
        found = np.array([where.get(c, -1) for c in self.regions], dtype=np.int64)
        found.flags.writeable = False
        return found

    @functools.cached_property
    def _groups(self) -> _Groups:
        """Return where each (indicator, year) group starts and stops in ``order``."""
        key = self._key()
        if not len(key):
            return _Groups.none()
        if self.order is not None:
            key = key[self.order]
        if not bool((key[1:] >= key[:-1]).all()):
            msg = "the table is not grouped by (indicator, year): call grouped()"
            raise ValueError(msg)
        first = int(self.year.min())
        span = int(self.year.max()) - first + 1
        return _Groups(self.indicators, first, span, key)

    @functools.cached_property
    def _whole(self) -> dict[tuple[int, int], bool]:
        """Return, per group's bounds, whether it holds every region in order (memo)."""
        return {}

    def group(self, a: int, b: int) -> Ints:
        """Return the entries of the group at ``a:b`` of ``order``, in its order."""
        if self.order is None:
            return np.arange(a, b)
        found: Ints = self.order[a:b]
        return found

    def stretch(self, field: str, a: int, b: int) -> npt.NDArray[Any]:
        """Return a field's values over the group at ``a:b`` of ``order`` (read-only).

        Stored grouped, a slice; otherwise gathered on first use and kept
        for the table's life: a run cuts the groups it judges, and each
        later run reads them as they are. ``field`` is one of the per-entry
        number fields, or ``usable`` / ``usable fact`` (:meth:`usable`).
        """
        key = (field, a, b)
        found: npt.NDArray[Any] | None = self._stretches.get(key)
        if found is None:
            if field.startswith("usable"):
                fact = field == "usable fact"
                if self.order is None:
                    found = self.usable(fact)[a:b]
                else:
                    found = _usable(
                        self.stretch("value", a, b),
                        self.stretch("applicable", a, b),
                        self.stretch("boolean", a, b),
                        fact=fact,
                    )
            elif self.order is None:
                found = getattr(self, field)[a:b]
            else:
                found = getattr(self, field)[self.order[a:b]]
            found.flags.writeable = False
            self._stretches[key] = found
        return found

    @functools.cached_property
    def _stretches(self) -> dict[tuple[str, int, int], npt.NDArray[Any]]:
        return {}

    def column(self, indicator: str, year: int, slots: Ints | None, n: int) -> Column:
        """Cut one indicator in one year into ``n`` slots.

        Args:
            indicator: The indicator id.
            year: The data year.
            slots: Per table region, its slot (see :meth:`slots`), -1 for none;
                None for the table's own regions, in its order.
            n: The number of slots.
        """
        bounds = self._groups.get((indicator, year))
        slot = None  # per entry of the group, its slot (-1: none)
        if bounds is not None:
            a, b = bounds
            if slots is None:  # the table's own regions: each region code is its slot
                whole = self._whole.get(bounds)  # found once per table
                if whole is None:
                    region = self.stretch("region", a, b)
                    whole = self._whole[bounds] = _in_order(region, len(self.regions))
                slot = None if whole else self.stretch("region", a, b)
            else:
                slot = slots[self.stretch("region", a, b)]
                whole = _in_order(slot, n)
            if whole:
                return Column(self, indicator, year, self.group(a, b), window=bounds)
        entry = np.full(n, -1, dtype=np.int64)
        if slot is not None:
            if slot.min(initial=0) >= 0:
                entry[slot] = self.group(a, b)
            else:
                keep = slot >= 0
                entry[slot[keep]] = self.group(a, b)[keep]
        return Column(self, indicator, year, entry)


#: Entries worked on at a time where a pass needs no array of the table's length.
_BLOCK = 1 << 16


class _Groups:
    """Where each (indicator, year) group of a grouped table starts and stops.

    Found by array operations, with no loop over the groups: a table of a
    century of years holds thousands of them, and a run looks up a few. A
    group's key is its indicator's code times the years' span plus the year's
    distance from the first (:meth:`Table._key`); the groups' keys ascend,
    so a key's group is found by bisection.
    """

    def __init__(
        self, indicators: tuple[str, ...], first: int, span: int, key: Ints
    ) -> None:
        self.first, self.span = first, span
        self.code = {name: i for i, name in enumerate(indicators)}
        starts = np.flatnonzero(np.r_[len(key) > 0, key[1:] != key[:-1]])
        self.starts = starts.tolist()
        self.stops = [*self.starts[1:], len(key)]
        self.keys = key[starts]

    @classmethod
    def none(cls) -> _Groups:
        """Return the groups of a table without entries."""
        return cls((), 0, 0, np.empty(0, dtype=np.int64))

    def get(self, pair: tuple[str, int]) -> tuple[int, int] | None:
        """Return the group of (indicator, year)'s ``(start, stop)``, or None."""
        i, y = self.code.get(pair[0]), pair[1] - self.first
        if i is None or not 0 <= y < self.span:
            return None
        k = i * self.span + y
        g = int(np.searchsorted(self.keys, k))
        if g == len(self.starts) or int(self.keys[g]) != k:
            return None
        return self.starts[g], self.stops[g]

    def years(self) -> frozenset[int]:
        """Return the years of the groups."""
        from ecociv._arrays import marked  # noqa: PLC0415  (loads numpy)

        return frozenset(self.first + y for y in marked(self.keys % max(self.span, 1)))


def _usable(value: Floats, applicable: Bools, boolean: Bools, *, fact: bool) -> Bools:
    """Return where entries hold a value of the kind asked that applies.

    ``fact``: a yes/no state (else a number); 不涉及 and missing values are
    not usable. The one rule of :meth:`Table.usable` and its stretches.
    """
    found: Bools = applicable & ~np.isnan(value)
    found &= boolean if fact else ~boolean
    return found


def _in_order(slot: npt.NDArray[np.signedinteger[Any]], n: int) -> bool:
    """Return whether the slots are 0, 1, ... n - 1: every region, in order."""
    return len(slot) == n and bool((slot == np.arange(n)).all())
