"""The entries a reading keeps: one per (region, indicator, year), as a table.

An entry that repeats an earlier entry's key is set aside when it says the
same (its value, target and reference, however written) and refused when it
differs; the entries kept become the :class:`~ecociv._table.Table` the
engine judges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecociv._account import RowFate, RowStatus, SetAsideReason
from ecociv._arrays import blank, has_number, spread
from ecociv._io._vectors import equal, used
from ecociv._table import Table, Texts, factorize


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Floats, Ints
    from ecociv._io._read import SheetReading
    from ecociv._io._sheet import Cells
else:
    from ecociv._lazy import numpy as np


__all__ = ["kept", "table_of"]


def kept(read: SheetReading) -> tuple[Ints, list[RowFate]]:
    """Return the entries kept, in the table's group order, and the fates of repeats.

    The entries are sorted once, stably, by (indicator, year, region): the
    repeats of a key then follow its first entry, and the entries kept come
    in the group order the :class:`~ecociv._table.Table` is indexed by. A repeat equal
    to the first entry of its key is set aside; one that differs becomes a
    problem of its own.
    """
    # Each entry's indicator as its id's code, found once (the table's
    # categories are made from it too: table_of).
    same = bool((read.id_of == np.arange(len(read.id_of))).all())
    # One name each: the codes as read.
    read.id_code = read.ind if same else spread(read.id_of, read.ind)
    every = bool(read.ok.all())  # the common case: no entry to leave out
    good = None if every else np.flatnonzero(read.ok)  # None: every entry
    if not (len(read.ok) if good is None else len(good)):
        return np.zeros(0, dtype=np.int64), []
    # Each entry's group, its (indicator, year) as one number, then its key,
    # the group and region as one number; made in place, as a national
    # file's entries are many, and in 32 bits where the keys fit. Two names
    # of one indicator (its id, its Chinese name) are one key; a region is
    # one code however named.
    year = read.year if good is None else read.year[good]
    first = int(year.min())
    span, places = int(year.max()) - first + 1, len(read.places)
    wide = len(read.ids) * span * places >= _NARROW
    group: npt.NDArray[np.signedinteger[Any]] = (
        read.id_code if good is None else read.id_code[good]
    ).astype(np.int64 if wide else np.int32)
    group *= span
    group += year
    group -= first
    del year
    region = read.place if good is None else read.place[good]
    order = _order(group, region, places)
    key = group
    key *= places
    key += region
    del region
    key = key[order]
    repeat = np.zeros(len(key), dtype=bool)
    repeat[1:] = key[1:] == key[:-1]
    fates = []
    if repeat.any():
        # Each entry's run starts at the last position that is no repeat.
        start = np.maximum.accumulate(np.where(repeat, 0, np.arange(len(key))))
        for pos in np.flatnonzero(repeat).tolist():
            k, j = int(order[pos]), int(order[start[pos]])
            if good is not None:
                k, j = int(good[k]), int(good[j])
            fate = _repeat(read, j, k)
            if fate is not None:
                fates.append(fate)
    at = order[~repeat] if repeat.any() else order
    return (at if good is None else good[at]), fates


#: Keys below this fit 32 bits (int32); others are made in 64.
_NARROW = 1 << 31


def _order(
    group: npt.NDArray[np.signedinteger[Any]],
    region: npt.NDArray[np.int32],
    regions: int,
) -> Ints:
    """Return the stable order by (group, region).

    Two stable sorts, region then group, when both fit 16 bits (numpy sorts
    those by radix, in linear time: one pass per byte, so keys that fit 8
    bits are sorted as such); one sort of the whole key otherwise. A file in
    region order (a national file in code order) needs only the second.
    """
    small = 1 << 15
    top = int(group.max()) if len(group) else 0
    if regions < small and top < small:
        narrow = np.uint8 if top < 1 << 8 else np.int16  # keys are >= 0
        if not len(region) or bool((region[1:] >= region[:-1]).all()):
            return np.argsort(group.astype(narrow), kind="stable")
        by_region = np.argsort(region.astype(np.int16), kind="stable")
        then = np.argsort(group.astype(narrow)[by_region], kind="stable")
        return by_region[then]
    return np.argsort(group * regions + region, kind="stable")


def _repeat(read: SheetReading, j: int, k: int) -> RowFate | None:
    """Set entry ``k`` aside as a repeat of ``j``, or refuse it: a fate, or None."""
    if _same(read, j, k):
        return RowFate(
            int(read.row[k]),
            RowStatus.NOT_USED,
            f"repeats row {read.row[j]} (same value)",
            read.region(k),
            read.indicator_id(k),
            int(read.year[k]),
            SetAsideReason.REPEAT,
        )
    read.fail_at(
        np.array([k]),
        f"duplicate row with a different value ({_shown(read, k)} here, "
        f"{_shown(read, j)} in row {read.row[j]})",
    )
    return None


def _same(read: SheetReading, a: int, b: int) -> bool:
    # What the observation says, not how it was written or where it came
    # from: "35μg/m3" and "35" are the same value.
    fields = ("value", "boolean", "na", "target", "reference")
    return all(equal(getattr(read, f)[a], getattr(read, f)[b]) for f in fields)


def _shown(read: SheetReading, k: int) -> str:
    if read.na[k]:
        return "不涉及"
    v = float(read.value[k])
    if v != v:  # noqa: PLR0124
        return "no value"
    return repr(bool(v)) if read.boolean[k] else f"{v:g}"


def table_of(read: SheetReading, at: Ints) -> Table:
    """Return the table of the entries kept, ``at`` in the order :func:`kept` gave.

    The table keeps the entries in input order, ``at`` becoming its group
    order (:attr:`~ecociv._table.Table.order`): where every entry is kept
    (the common case), the reading's columns are the table's, uncopied;
    otherwise each column is cut once to the entries kept, in input order
    (a forward pass, not a gather into another order). The reading's
    columns are let go one after another, so that a large file's columns
    are not held twice: call it last.
    """
    entries = len(read.ok)
    if len(at) == entries:  # every entry kept
        take, order = None, at
    else:
        taken = np.zeros(entries, dtype=bool)
        taken[at] = True
        take = np.flatnonzero(taken)  # the entries kept, in input order
        # Each kept entry's place among those kept: ``at`` renumbered.
        rank = np.cumsum(taken, dtype=np.int64) - 1
        del taken
        order = rank[at]
        del rank
    regions, region = used(read.places, _cut(read.place, take))
    # One category per indicator, however many of its names the file used,
    # in the order of the sort.
    indicators, indicator = used(read.ids, _cut(read.id_code, take))
    by_id = {i.id: i for i in read.inds if i is not None}
    units, unit = factorize(by_id[x].unit for x in indicators)
    return Table(
        regions=regions,
        region=region,
        indicators=indicators,
        indicator=indicator,
        units=units,
        unit=spread(unit, indicator) if len(unit) else indicator,
        year=_take(read, "year", take).astype(np.int16, copy=False),
        value=_take(read, "value", take),
        applicable=~_take(read, "na", take),
        boolean=_take(read, "boolean", take),
        target=_numbers(read, "target", take),
        reference=_numbers(read, "reference", take),
        named=_take(read, "named", take),
        given=Texts(tuple(read.shown), _take(read, "given", take)),
        source=_texts(read.cells["source"], take, len(at)),
        row=_take(read, "row", take),
        checked=True,  # every number against its indicator (_values)
        order=order,
    )


def _cut(column: npt.NDArray[Any], take: Ints | None) -> npt.NDArray[Any]:
    """Return a column at the entries kept (``take``; None: every entry)."""
    return column if take is None else column[take]


def _texts(cells: Cells, take: Ints | None, n: int) -> Texts:
    """Return the texts of the ``n`` cells kept, ``take`` (an empty cell: None).

    A column of one text (no source column: every cell empty) is one code
    seen ``n`` times, no memory per entry.
    """
    values = tuple(t or None for t in cells.texts)
    if len(values) == 1:
        return Texts(values, np.broadcast_to(np.int32(0), (n,)))
    return Texts(values, _cut(cells.codes, take).astype(np.int32, copy=False))


def _take(read: SheetReading, name: str, take: Ints | None) -> npt.NDArray[Any]:
    """Return a column of the reading at the entries kept, and let the reading go."""
    column: npt.NDArray[Any] = _cut(getattr(read, name), take)
    setattr(read, name, None)
    return column


def _numbers(read: SheetReading, name: str, take: Ints | None) -> Floats:
    """Return a column of numbers as :func:`_take` does; one of no number, ungathered.

    A file with no reference column (most) has no number in any entry: its
    column stays one that holds no memory (:func:`~ecociv._arrays.blank`).
    """
    column: Floats = getattr(read, name)
    n = len(column) if take is None else len(take)
    if has_number(column):
        return _take(read, name, take)
    setattr(read, name, None)
    return blank(n)
