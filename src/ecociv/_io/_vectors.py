"""Column helpers of the reader: a rule run once per distinct cell, spread by codes.

A national file repeats its region codes, indicator names, years and units
thousands of times; :class:`~ecociv._io._sheet.Cells` keeps each distinct
text once and a code per entry. These helpers run a cell rule over the
distinct texts and hand back per-entry arrays, so that the reading of a
sheet costs array operations, not a loop over rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecociv._arrays import blank, spread
from ecociv._io._cells import number
from ecociv._io._sheet import Cells
from ecociv.errors import EcocivError


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Bools, Floats, Ints, Objects
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "SMALL_SPAN",
    "Column",
    "distinct",
    "equal",
    "flags",
    "is_none",
    "messages",
    "numbers",
    "per",
    "renumber",
    "shown",
    "used",
]


def distinct(
    cells: Cells, fn: Callable[[str], Any], dtype: Any = object, *, words: bool = False
) -> Any:
    """Return ``fn`` of each distinct cell's text, one slot per distinct cell.

    ``words``: ``fn`` looks for words (no data, 不涉及, 完成), which no
    plain number is, so it runs only on the cells that are not plainly
    numbers (:attr:`Cells.worded`); the others hold ``dtype``'s zero
    (False, None).
    """
    texts = cells.texts
    if not words:
        out = np.empty(len(texts), dtype=dtype)
        out[:] = [fn(t) for t in texts]
        return out
    if dtype is object:
        out = np.full(len(texts), None, dtype=object)
    else:
        out = np.zeros(len(texts), dtype=dtype)
    at = cells.worded
    if at:
        out[at] = [fn(texts[d]) for d in at]
    return out


def is_none(a: Any) -> Bools:
    """Return where an array of objects holds None."""
    return np.equal(a, None)  # type: ignore[no-any-return,call-overload]


def per(
    cells: Cells, fn: Callable[[str], Any], dtype: Any = object, *, words: bool = False
) -> Any:
    """Return ``fn`` of each entry's text, computed once per distinct cell.

    A flag no distinct cell raises is no gather (a column without 不涉及).
    ``words``: as for :func:`distinct`.
    """
    found = distinct(cells, fn, dtype, words=words)
    if found.dtype == bool and not found.any():
        return np.zeros(len(cells.codes), dtype=bool)
    return spread(found, cells.codes)


def renumber(codes: npt.NDArray[Any], size: int) -> tuple[Ints, npt.NDArray[np.int32]]:
    """Return the codes used (ascending) and each code's place among them.

    What ``np.unique(codes, return_inverse=True)`` gives, found by marking
    rather than sorting: codes are positions into a column's ``size``
    distinct cells, so the marking is linear in the entries.

    >>> renumber(np.array([5, 2, 5]), 6)
    (array([2, 5]), array([1, 0, 1], dtype=int32))
    """
    present = np.zeros(size, dtype=bool)
    present[codes] = True  # no count of 64-bit numbers as large as the codes
    if present.all():  # every code used: each its own place
        return np.arange(size), codes.astype(np.int32, copy=False)
    places = (np.cumsum(present) - 1).astype(np.int32)
    out: npt.NDArray[np.int32] = spread(places, codes)
    return np.flatnonzero(present), out


#: Integers spanning fewer values than this are encoded by marking them.
SMALL_SPAN = 1 << 16


def integer_cells(
    values: npt.NDArray[np.integer[Any]], valid: Bools | None = None
) -> Cells | None:
    """Return a column of integers as cells, found by marking, or None if they spread.

    The one encoder of a column of integers, for every door that has them
    typed (a Parquet file's or an Arrow table's column, a frame's): each
    row's code is found by marking its value (:func:`renumber`: linear, no
    sort and no hash table); the distinct values come ascending, as Python
    integers. ``valid`` marks the rows that hold a value (None: every row);
    the others are the empty cell. Values spanning :data:`SMALL_SPAN` or
    more (region codes as numbers) give None: the caller sorts or hashes.
    """
    present = values if valid is None else values[valid]
    if not len(present):  # no row, or every cell missing
        return Cells((None,) if len(values) else (), np.zeros(len(values), np.int32))
    low, high = int(present.min()), int(present.max())
    if high - low >= SMALL_SPAN:
        return None
    # Each value's distance from the least, in 64 bits: exact wherever there
    # is a value (less than SMALL_SPAN), whatever the integer type.
    wide = np.uint64 if values.dtype.kind == "u" else np.int64
    shifted = np.subtract(values, wide(low), dtype=wide).view(np.int64)
    missing = None if valid is None else ~valid
    if missing is not None:
        shifted[missing] = 0  # no value there: any code in range, overwritten
    found, codes = renumber(shifted, high - low + 1)
    return Cells.with_empty([low + int(u) for u in found.tolist()], codes, missing)


def shown(values: npt.NDArray[Any]) -> list[Any]:
    """Return typed values as Python numbers: a narrow float as the number it shows.

    A float16 or float32 holds the binary fraction nearest the number
    written: a float32 61.1 is 61.099998474121094 as a float64, which would
    miss a bound of 61.1 that the same value in a CSV file meets. Each is
    read as its shortest text (numpy's: the digits a CSV file of the column
    holds, and what a cell-by-cell reading of such a value sees), then as a
    float64. Other values are as they are (``tolist``). The one reading of
    narrow floats, for every door that has them typed.

    >>> import numpy as np
    >>> shown(np.array([61.1, 0.5], dtype=np.float32)), shown(np.array([61.1]))
    ([61.1, 0.5], [61.1])
    """
    if values.dtype.kind == "f" and values.dtype.itemsize < 8:
        values = values.astype(str).astype(np.float64)
    return values.tolist()  # type: ignore[no-any-return]


def used(
    names: tuple[str, ...], codes: npt.NDArray[Any]
) -> tuple[tuple[str, ...], npt.NDArray[np.int32]]:
    """Return the names the codes use (in order) and the codes renumbered to them.

    The order of the codes is kept (a code below another stays below it), in
    time linear in the entries.
    """
    at, out = renumber(codes, len(names))
    if len(at) == len(names):
        return names, out
    return tuple(names[k] for k in at.tolist()), out


class Column:
    """Something read once per distinct cell, seen per entry through the codes.

    False when no distinct cell has it (the common case of a unit glued on,
    or a problem): its per-entry ``flags`` are then never made.
    """

    def __init__(self, distinct: list[Any], codes: Ints) -> None:
        self.distinct, self.codes = distinct, codes
        self._any = any(d is not None for d in distinct)

    def __bool__(self) -> bool:
        return self._any

    @functools.cached_property
    def flags(self) -> Bools:
        """Return, per entry, whether its distinct cell has a value."""
        return flags(self.distinct, self.codes)

    def at(self, k: int) -> Any:
        """Return entry ``k``'s value."""
        return self.distinct[int(self.codes[k])]

    def message(self, k: int) -> str:
        """Return entry ``k``'s value as a message."""
        return str(self.at(k))


def numbers(cells: Cells, what: str) -> tuple[Floats, Column, Column]:
    """Return each entry's number, the unit glued to it, and its problem.

    A column holding no number at all is :func:`blank` (read-only).
    """
    x = cells.plain.copy()
    glued: list[str | None] = [None] * len(x)
    problem: list[str | None] = [None] * len(x)
    for d in cells.worded:  # the cells not plainly numbers: the full rules
        try:
            got, glued[d] = number(cells.texts[d], what)
        except (EcocivError, ValueError) as exc:
            problem[d] = str(exc)
        else:
            if got is not None:
                x[d] = got
    k = cells.codes
    # A column with no number at all (no reference given) needs no gather.
    at = spread(x, k) if not np.isnan(x).all() else blank(len(k))
    return at, Column(glued, k), Column(problem, k)


def flags(distinct: list[Any], codes: npt.NDArray[np.signedinteger[Any]]) -> Bools:
    """Return, per entry, whether its distinct cell's value is not None."""
    present = [d is not None for d in distinct]
    if not any(present):  # the common case of a column that is all blank
        return np.zeros(len(codes), dtype=bool)
    out: Bools = spread(np.array(present, dtype=bool), codes)
    return out


def messages(problems: Objects) -> Callable[[int], str]:
    return lambda k: str(problems[k])


def equal(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:  # noqa: PLR0124
        return True
    return bool(a == b)
