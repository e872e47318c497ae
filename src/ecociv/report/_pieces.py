"""Text of many records, assembled from columns: how CSV and JSON rows are written.

Each field of every record is a *piece*: either codes into a table of texts
(text, flags, whole numbers and numbers are written once per distinct value)
or one text per record. Neighbouring coded pieces whose tables are small
together become one (its table holds every pair of texts), so a record
joins few pieces; then every piece of a chunk of records goes into one flat
list and one ``str.join`` makes the text. Nothing is done per record in
Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ecociv._io._vectors import renumber
from ecociv.batch import Coded, Tidy
from ecociv.batch._columns import distinct_numbers


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    from ecociv._lazy import numpy as np


__all__ = ["CHUNK", "Piece", "chunks", "column_texts", "per_record"]

#: Records written between two reports of progress.
CHUNK = 65_536

#: A field's text for every record: codes into a table of texts, or (codes
#: None) one text per record.
Piece = tuple["npt.NDArray[np.intp] | None", "npt.NDArray[np.object_]"]


def column_texts(
    tidy: Tidy,
    name: str,
    write: Callable[[Any], str],
    convert: Callable[[Any], Any] | None = None,
) -> Piece:
    """Return one column of rows as codes into the texts of its distinct values.

    ``write`` gives a value's text, once per distinct value however many
    rows hold it: None for a row with no value, then a coded column's
    categories (through ``convert`` first, if given); a column of flags or
    whole numbers, its values; a column of numbers, None (no number), its
    distinct finite numbers, then False and True, which a fact's ``value``
    row takes (facts are 1.0 / 0.0 in the column).
    """
    col = tidy[name]
    # None's text comes first, so a code of -1 (no value) is 0 once shifted
    # by one: an addition, where a remainder costs a division per row.
    if isinstance(col, Coded):
        values = col.categories if convert is None else map(convert, col.categories)
        table = np.array([write(None), *map(write, values)], dtype=object)
        return np.add(col.codes, 1, dtype=np.intp), table
    if col.dtype.kind in "bi":
        present, codes = _distinct_integers(col)
        return codes, np.array([write(v) for v in present.tolist()], dtype=object)
    numbers = distinct_numbers(col)
    table = np.array([*map(write, [None, *numbers.categories, False, True])], object)
    codes = np.add(numbers.codes, 1, dtype=np.intp)
    if name == "value":  # facts: False, True
        codes[tidy.facts] = len(table) - 2 + (col[tidy.facts] != 0)
    return codes, table


def _distinct_integers(
    col: npt.NDArray[Any],
) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Return a column of flags or whole numbers' distinct values, and a code per row.

    What ``np.unique(col, return_inverse=True)`` gives (values ascending),
    found by marking (:func:`~ecociv._io._vectors.renumber`) when the values
    span a short range (a year, a flag), by sorting otherwise.

    >>> import numpy as np
    >>> _distinct_integers(np.array([2024, 2020, 2024]))
    (array([2020, 2024]), array([1, 0, 1]))
    >>> _distinct_integers(np.array([True, True]))
    (array([ True]), array([0, 0]))
    """
    kind = col.dtype
    if kind.kind == "b":
        col = col.view(np.uint8)
    low = int(col.min()) if len(col) else 0
    span = int(col.max()) - low + 1 if len(col) else 0
    if span > max(len(col), 1 << 16):  # sparse: a sort is cheaper than a count
        present, codes = np.unique(col, return_inverse=True)
        return present, codes.astype(np.intp).ravel()
    at, place = renumber(col.astype(np.intp) - low, span)
    return (at + low).astype(kind), place.astype(np.intp)


def per_record(pieces: list[Piece], n: int) -> list[npt.NDArray[np.object_]]:
    """Return the pieces' texts per record, neighbouring coded pieces joined first."""
    merged: list[Piece] = []
    for codes, table in pieces:
        if merged and codes is not None:
            last_codes, last = merged[-1]
            if last_codes is not None and len(last) * len(table) <= max(n // 2, 64):
                pairs = (last[:, None] + table[None, :]).ravel()
                merged[-1] = (last_codes * len(table) + codes, pairs)
                continue
        merged.append((codes, table))
    return [table if codes is None else table[codes] for codes, table in merged]


def chunks(
    columns: list[npt.NDArray[np.object_]], end: str, last_end: str = ""
) -> Iterator[tuple[int, str]]:
    """Yield (records so far, text) per chunk: each record's pieces, then ``end``.

    The very last record ends with ``last_end`` instead.
    """
    n = len(columns[0]) if columns else 0
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        flat = np.empty((stop - start, len(columns) + 1), dtype=object)
        for k, column in enumerate(columns):
            flat[:, k] = column[start:stop]
        flat[:, -1] = end
        if stop == n:
            flat[-1, -1] = last_end
        yield stop, "".join(flat.ravel().tolist())
