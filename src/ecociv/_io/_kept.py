"""The entries a reading keeps: one per (region, indicator, year), as a table.

An entry that repeats an earlier entry's key is set aside when it says the
same (its value, target and reference, however written) and refused when it
differs; the entries kept become the :class:`~ecociv._table.Table` the
engine judges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ecociv._account import RowFate, RowStatus, SetAsideReason
from ecociv._indicator import Indicator
from ecociv._io._vectors import equal, used
from ecociv._table import Table, factorize


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._io._read import Reading

    Ints = npt.NDArray[np.int64]
else:
    from ecociv._lazy import numpy as np


__all__ = ["kept", "table_of"]


def kept(read: Reading) -> tuple[Ints, list[RowFate]]:
    """Return the entries kept (the first of each key) and the fates of repeats.

    A repeat equal to the first entry of its key is set aside; one that
    differs becomes a problem of its own.
    """
    good = np.flatnonzero(read.good)
    # One code per region, however many texts named it (or an old code
    # a merger added after a code it shares).
    _, same_place = factorize(read.places)
    region = same_place[read.place[good]] if len(good) else read.place[good]
    # Two names of one indicator (its id, its Chinese name) are one key.
    _, same = factorize(i.id if i else "" for i in read.inds)
    indicator = same[read.ind[good]].astype(np.int64) if len(same) else region * 0
    key = (
        region.astype(np.int64) * (len(read.inds) + 1) + indicator
    ) * 10_000 + read.year[good]
    _, first, inverse, counts = np.unique(
        key, return_index=True, return_inverse=True, return_counts=True
    )
    repeated = counts[inverse.ravel()] > 1
    keep = good[~repeated | (np.arange(len(good)) == first[inverse.ravel()])]
    fates = []
    for pos in np.flatnonzero(
        repeated & (np.arange(len(good)) != first[inverse.ravel()])
    ).tolist():
        k, j = int(good[pos]), int(good[first[inverse[pos]]])
        if _same(read, j, k):
            fates.append(
                RowFate(
                    int(read.row[k]),
                    RowStatus.NOT_USED,
                    f"repeats row {read.row[j]} (same value)",
                    read.region[k],
                    read.ids[k],
                    int(read.year[k]),
                    SetAsideReason.REPEAT,
                )
            )
        else:
            read.good[k] = read.ok[k] = False
            read.msg[k] = (
                f"duplicate row with a different value ({_shown(read, k)} here, "
                f"{_shown(read, j)} in row {read.row[j]})"
            )
    return np.sort(keep), fates


def _same(read: Reading, a: int, b: int) -> bool:
    # What the observation says, not how it was written or where it came
    # from: "35μg/m3" and "35" are the same value.
    fields = ("value", "boolean", "na", "target", "reference")
    return all(equal(getattr(read, f)[a], getattr(read, f)[b]) for f in fields)


def _shown(read: Reading, k: int) -> str:
    if read.na[k]:
        return "不涉及"
    v = float(read.value[k])
    if v != v:  # noqa: PLR0124
        return "no value"
    return repr(bool(v)) if read.boolean[k] else f"{v:g}"


def table_of(read: Reading, keep: Ints) -> Table:
    """Return the table of the entries kept, in input order."""
    places, same_place = factorize(read.places, sort=True)
    regions, region = used(places, same_place[read.place[keep]])
    # One category per indicator, however many of its names the file used
    # (its id and its Chinese name are one indicator, not two).
    named, names = np.unique(read.ind[keep], return_inverse=True)
    by_name = [cast("Indicator", read.inds[int(u)]) for u in named]
    ids, per_name = factorize(i.id for i in by_name)
    codes = per_name[names.ravel()] if len(per_name) else names.ravel()
    inds = [next(i for i in by_name if i.id == x) for x in ids]
    units, unit = factorize(i.unit for i in inds)
    return Table(
        regions=regions,
        region=region,
        indicators=ids,
        indicator=codes.astype(np.int32),
        units=units,
        unit=unit[codes.ravel()] if len(unit) else codes.ravel().astype(np.int32),
        year=read.year[keep].astype(np.int16),
        value=read.value[keep],
        applicable=~read.na[keep],
        boolean=read.boolean[keep],
        target=read.target[keep],
        reference=read.reference[keep],
        named=read.named[keep],
        given=read.given[keep],
        source=read.source[keep],
        row=read.row[keep].astype(np.int32),
        position=np.arange(len(keep), dtype=np.int32),
    ).grouped()
