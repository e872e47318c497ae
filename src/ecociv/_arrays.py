"""The array types ecociv's columns are made of, each named once, for type hints.

A column of a table, a reading or a decision is a one-dimensional numpy array
of one of these types. Modules import them under ``TYPE_CHECKING`` only:
numpy itself is loaded on first use (:mod:`ecociv._lazy`), and importing
this module loads it. It also holds :func:`spread`, the one way a table of
distinct values is spread to entries by their codes, :func:`unique`, an
array's distinct values (:func:`marked`: of a short span, by marking), and a
column of no number (:func:`blank`, :func:`is_blank`, :func:`has_number`),
imported where numpy is already in use (the reader, range checks, the engine).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


__all__ = [
    "Bools",
    "Codes",
    "Floats",
    "Int8s",
    "Int16s",
    "Int32s",
    "Ints",
    "Objects",
    "blank",
    "has_number",
    "is_blank",
    "marked",
    "spread",
    "unique",
]

#: Numbers: values, targets, measures, distances (NaN: none).
Floats = npt.NDArray[np.float64]
#: Masks.
Bools = npt.NDArray[np.bool_]
#: Positions and counts.
Ints = npt.NDArray[np.int64]
#: Codes into a tuple of distinct values, of whatever integer width.
Codes = npt.NDArray[np.signedinteger[Any]]
#: Narrow columns: verdict codes and fact states (8 bits), years (16 bits),
#: categories, rows and positions (32 bits).
Int8s = npt.NDArray[np.int8]
Int16s = npt.NDArray[np.int16]
Int32s = npt.NDArray[np.int32]
#: Python objects (messages, a few texts).
Objects = npt.NDArray[np.object_]

#: Entries spread at a time by :func:`spread`: their wide codes fit a cache.
_BLOCK = 1 << 14


def spread(table: npt.NDArray[Any], codes: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Return ``table[codes]``: each entry's slot of a table of distinct values.

    numpy gathers fastest with its own index type (``np.intp``); narrow codes
    (32 bits and less, as Arrow and the reader keep them) take a path 2-3x
    slower (numpy 2.4). They are widened a block at a time into one small
    buffer, with no wide copy of all the codes. The codes are checked
    against the table once, so each block is gathered unchecked (``take``
    with ``mode="raise"`` buffers its output to check every code: 1.6x
    slower); a code in range means what it means to ``table[codes]``.

    >>> spread(np.array([0.5, 2.0]), np.array([1, 0, 1], dtype=np.int8))
    array([2. , 0.5, 2. ])
    """
    if codes.dtype == np.intp or len(codes) <= _BLOCK:
        found: npt.NDArray[Any] = table[codes]
        return found
    n = len(table)
    if int(codes.min()) < -n or int(codes.max()) >= n:
        msg = f"a code outside the table of {n} (as table[codes] would say)"
        raise IndexError(msg)
    out = np.empty(len(codes), dtype=table.dtype)
    wide = np.empty(_BLOCK, dtype=np.intp)
    for start in range(0, len(codes), _BLOCK):
        part = codes[start : start + _BLOCK]
        at = wide[: len(part)]
        at[...] = part
        # In range (checked above): "wrap" then reads each code as indexing does.
        table.take(at, out=out[start : start + len(part)], mode="wrap")
    return out


def unique(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Return the distinct values, ascending: ``np.unique(values)``, NaN aside.

    Sorted, then kept where a value differs from the one before. Plain
    ``np.unique`` imports ``numpy.ma`` on its first call in a process (some
    10 ms of a command's start, to ask whether the array is masked); the
    engine's arrays never are. For codes, years and row numbers (never NaN).

    >>> unique(np.array([3, 1, 3, 2], dtype=np.int16))
    array([1, 2, 3], dtype=int16)
    """
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:  # no neighbour to compare
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    found: npt.NDArray[Any] = ordered[keep]
    return found


def marked(values: npt.NDArray[np.integer[Any]]) -> list[int]:
    """Return the distinct integers of a short span, ascending, found by marking.

    One mark per number of the span, no sort: linear in the values, for
    values spanning few numbers (years, a group key's year). The one way a
    short span's distinct values are found (:func:`unique` sorts).

    >>> marked(np.array([2024, 2020, 2024])), marked(np.array([], dtype=int))
    ([2020, 2024], [])
    """
    if not len(values):
        return []
    first = int(values.min())
    seen = np.zeros(int(values.max()) - first + 1, dtype=bool)
    seen[values - first] = True
    found: list[int] = (first + np.flatnonzero(seen)).tolist()
    return found


def blank(n: int) -> Floats:
    """Return a column of ``n`` NaN that holds no memory: a column of no number.

    It is read-only (one NaN, seen ``n`` times): a file without a reference
    column does not hold a national file's worth of NaN, twice.
    """
    return np.broadcast_to(np.float64(np.nan), (n,))


def is_blank(x: Floats) -> bool:
    """Return whether ``x`` is a column of no number made by :func:`blank`."""
    return x.strides == (0,) and not x.flags.writeable


def has_number(x: Floats) -> bool:
    """Return whether any value of a column is a number (not NaN).

    A :func:`blank` column has none, without a look at its values; any
    other is read once, with no copy (a reduction that passes NaN over).

    >>> has_number(blank(3)), has_number(np.array([np.nan, 2.0]))
    (False, True)
    """
    return bool(len(x)) and not is_blank(x) and not np.isnan(np.fmax.reduce(x))
