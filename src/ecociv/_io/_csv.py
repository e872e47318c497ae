"""The CSV door: bytes, text, rows, a :class:`~ecociv._io._sheet.Sheet`.

A file is read whole (within :data:`ecociv.limits` size), decoded (UTF-8,
else GB18030, :mod:`ecociv._io._text`) and cut into cells: by Arrow's C++
reader when pyarrow is installed (:mod:`ecociv._io._arrow`), by Python's
:mod:`csv` module otherwise and for the few files Arrow cannot number
exactly. Either way one header rule (:func:`~ecociv._io._sheet.read_header`)
and one row rule (:func:`~ecociv._io._sheet.fit`) decide what is refused or
blank, and the sheet is made by :func:`~ecociv._io._sheet.sheet_of`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._io import _arrow
from ecociv._io._guards import check_cells, check_rows
from ecociv._io._sheet import (
    Cells,
    Columns,
    Sheet,
    fit,
    from_rows,
    padding,
    read_header,
    sheet_of,
)
from ecociv._io._text import (
    UTF16,
    csv_limit,
    csv_rows,
    decode,
    mapped,
    read_bytes,
    text_unless_utf8,
    utf8_encoding,
)
from ecociv._progress import SCAN, Progress, of_stage
from ecociv.errors import DataError, DataProblem


if TYPE_CHECKING:
    import numpy as np

    from ecociv._arrays import Int32s as Rows
else:
    from ecociv._lazy import numpy as np


__all__ = ["ARROW_FROM", "from_csv"]


#: Files of at least this many bytes are cut by Arrow; smaller ones by Python's
#: csv module, which reads a file of a few thousand rows faster than pyarrow
#: is imported.
ARROW_FROM = 1 << 20


def from_csv(
    path: Path, name: str, columns: Columns = None, progress: Progress | None = None
) -> Sheet:
    """Read a CSV file: bytes (size limit), text (UTF-8, else GB18030), rows.

    Arrow's C++ reader cuts the text into cells when pyarrow is installed
    and the file is large (:data:`ARROW_FROM`, :mod:`ecociv._io._arrow`);
    Python's :mod:`csv` module otherwise, and for the few files Arrow cannot
    number exactly. Either way the rows that are refused or blank are
    decided by :func:`fit`, and the sheet by :func:`sheet_of`. ``progress``
    hears the bytes Arrow has cut (``"scan"``), part by part.
    """
    arrow = _arrow.available() and _size(path) >= ARROW_FROM
    scanned = of_stage(progress, SCAN)
    if arrow:
        # The common case first: UTF-8 that Arrow reads whole from the file's
        # map (no copy in memory), checking every cell, so the bytes need no
        # second pass. Anything else (not UTF-8, a row of another width) is
        # read again once the encoding is known, found without making the
        # text (up to four times the file's size).
        with mapped(path, name) as view:
            head = view[:4]
            found = (
                None
                if head.startswith(UTF16)
                else _arrow.tokens(view, checked=False, scanned=scanned)
            )
        if found is not None:
            return _from_tokens(found, name, utf8_encoding(head), columns)
    data = read_bytes(path, name)
    if arrow:
        text, encoding = text_unless_utf8(data, name)
        utf8 = data if text is None else text.encode("utf-8")
        found = _arrow.tokens(utf8, scanned=scanned)
        if found is not None:
            del data, utf8  # the cells are in hand: the bytes can go
            return _from_tokens(found, name, encoding, columns)
        decoded = utf8.decode("utf-8-sig") if text is None else text
    else:
        decoded, encoding = decode(data, name)
    return from_rows(csv_rows(decoded, name), name, encoding=encoding, columns=columns)


def _size(path: Path) -> int:
    """Return the file's size (0 when it cannot be read: the reading says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _from_tokens(
    found: _arrow.Tokens, file: str, encoding: str, columns: Columns
) -> Sheet:
    """Return the sheet of a CSV text Arrow cut into columns.

    The rows Arrow set aside (another width than the header) and the cells
    past a header's empty trailing names go through :func:`fit`, as every
    row of Python's reader does; the rest are Arrow's columns as they are.
    """
    if found.too_long is not None:
        msg = (
            f"not a readable CSV file: field larger than field limit ({csv_limit():,})"
        )
        raise DataError([DataProblem(msg, file, found.too_long)])
    header = read_header(found.header, file, columns)
    width = len(header)
    records = len(found.rows) + len(found.odd)
    check_rows(records, file)
    check_cells(records, width, file)
    rows, cols = found.rows, found.columns
    refused: list[DataProblem] = []
    if len(cols) > width:  # cells under empty header names: padding, or too long
        keep, refused = padding(cols[width:], width, rows, file)
        cols = cols[:width]
        if keep is not None:
            cols, rows = [c.take(keep) for c in cols], rows[keep]
    late: list[tuple[int, Sequence[Any]]] = []
    for n, cells in found.odd:
        row = fit(cells, width)
        if isinstance(row, str):
            refused.append(DataProblem(row, file, n))
        else:
            late.append((n, row))
    if late:
        rows, cols = _merged(rows, cols, late)
    return sheet_of(
        header,
        cols.__getitem__,
        rows,
        file,
        refused=sorted(refused, key=lambda p: p.row or 0),
        encoding=encoding,
        columns=columns,
    )


def _merged(
    rows: Rows,
    columns: list[Cells],
    late: list[tuple[int, Sequence[Any]]],
) -> tuple[Rows, list[Cells]]:
    """Return the columns with a few more rows put in their places."""
    numbers = np.concatenate([rows, np.array([n for n, _ in late], dtype=np.int32)])
    order = np.argsort(numbers, kind="stable")
    out = []
    for k, col in enumerate(columns):
        added = Cells.of([row[k] for _, row in late])
        both = Cells.stack_rows(col, added)
        out.append(both.take(order))
    return numbers[order], out
