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

from collections.abc import Iterator
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    from ecociv._lazy import numpy as np


__all__ = ["CHUNK", "Piece", "chunks", "per_record"]

#: Records written between two reports of progress.
CHUNK = 65_536

#: A field's text for every record: codes into a table of texts, or (codes
#: None) one text per record.
Piece = tuple["npt.NDArray[np.intp] | None", "npt.NDArray[np.object_]"]


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
