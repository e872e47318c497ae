"""CSV text tokenized by Arrow's C++ reader, when pyarrow is installed.

The grammar after the tokens is the one every door shares (a
:class:`~ecociv._io._sheet.Sheet`: header, dictionary-encoded cells,
spreadsheet row numbers, refused and blank rows); only the way a CSV text
becomes cells differs from Python's :mod:`csv` module, and only in speed. The
rules that decide which rows are refused or blank are the ones
:func:`~ecociv._io._sheet.fit` applies, run on the few rows Arrow sets
aside. A file Arrow's reader cannot number exactly (a row of the wrong width
in a file whose quoted cells hold line breaks) is read by Python's module.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from ecociv._io._cells import text


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._io._sheet import Cells

    Codes = npt.NDArray[np.signedinteger[Any]]
else:
    from ecociv._lazy import numpy as np


__all__ = ["Tokens", "available", "tokens"]


def available() -> bool:
    """Return whether pyarrow's CSV reader can be imported."""
    try:
        import pyarrow.csv  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


class Tokens:
    """A CSV text cut into a header and columns of cells, with what was set aside.

    Attributes:
        header: The header row's cells.
        columns: One column of cells per header cell, for the rows kept.
        rows: The spreadsheet number of each row kept (header = 1).
        odd: The rows of another width than the header: (number, cells).
        too_long: The first row holding a cell longer than Python's csv
            module reads (:data:`csv.field_size_limit`), which makes the
            file unreadable by either reader; None when there is none.
    """

    def __init__(
        self,
        header: list[str],
        columns: list[Cells],
        rows: Codes,
        odd: list[tuple[int, list[str]]],
        too_long: int | None = None,
    ) -> None:
        self.header, self.columns, self.rows, self.odd = header, columns, rows, odd
        self.too_long = too_long


def _first_too_long(table: Any, rows: Codes) -> int | None:
    """Return the first row with a cell longer than csv's field limit, if any."""
    import pyarrow.compute as pc  # noqa: PLC0415

    limit = csv.field_size_limit()
    first = None
    for col in table.columns:
        lengths = pc.binary_length(col)
        longest = pc.max(lengths).as_py()
        if longest is None or longest <= limit:
            continue  # the common case: one pass in C, nothing copied
        long = pc.greater(lengths, limit).to_numpy(zero_copy_only=False)
        if long.any():
            at = int(rows[np.flatnonzero(long)[0]])
            first = at if first is None else min(first, at)
    return first


def tokens(data: bytes) -> Tokens | None:
    """Return the tokens of UTF-8 CSV bytes, or None when Python's csv must read them.

    Args:
        data: The file's bytes, UTF-8 (a GB18030 file is re-encoded first).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    end = data.find(b"\n")
    first = data if end < 0 else data[:end]
    if b'"' in first:  # a quoted header cell may hold a line break: let csv read it
        return None
    header = next(csv.reader(io.StringIO(first.decode("utf-8").rstrip("\r"))), [])
    width = len(header)
    if not width:
        return None
    odd: list[tuple[int, str]] = []

    def set_aside(row: Any) -> str:
        odd.append((row.number, row.text))
        return "skip"

    names = [f"c{k}" for k in range(width)]
    table = _read(data, names, set_aside, threads=True)
    if table is None:
        return None
    if any(n is None for n, _ in odd):  # threads do not number rows: read again
        odd.clear()
        table = _read(data, names, set_aside, threads=False)
        if table is None:
            return None
    found = _tokens(data, header, table, odd)
    del table
    _release()
    return found


def _release() -> None:
    """Give the memory Arrow's pool keeps back to the system (the text it read)."""
    import pyarrow as pa  # noqa: PLC0415

    pa.default_memory_pool().release_unused()


def _read(
    data: bytes, names: list[str], set_aside: Any, *, threads: bool
) -> Any | None:
    """Return Arrow's table of the text's cells, or None when it cannot read them."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pcsv  # noqa: PLC0415

    try:
        return pcsv.read_csv(
            io.BytesIO(data),
            read_options=pcsv.ReadOptions(
                column_names=names, skip_rows=1, use_threads=threads
            ),
            parse_options=pcsv.ParseOptions(
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=set_aside,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None  # Python's module says what is wrong, and where


def _tokens(
    data: bytes, header: list[str], table: Any, odd: list[tuple[int, str]]
) -> Tokens | None:
    """Return the tokens of a table Arrow read, its odd rows cut by Python's csv."""
    from ecociv._io._sheet import Cells  # noqa: PLC0415

    records = table.num_rows + len(odd)
    if odd and data.count(b"\n") - (0 if data.endswith(b"\n") else -1) != records + 1:
        return None  # line breaks inside cells: physical lines are not rows
    taken = np.array(sorted(n for n, _ in odd), dtype=np.int64)
    every = np.arange(2, records + 2, dtype=np.int64)
    rows = every[~np.isin(every, taken)] if len(taken) else every
    too_long = _first_too_long(table, rows)
    if too_long is not None:  # as Python's csv module: one rule for both readers
        return Tokens(header, [], rows[:0], [], too_long)
    columns = []
    for col in table.columns:
        encoded = col.combine_chunks().dictionary_encode()
        columns.append(
            Cells(
                tuple(encoded.dictionary.to_pylist()),
                encoded.indices.to_numpy(),
            )
        )
    cut = []
    for n, line in sorted(odd):
        try:
            cut.append((int(n), next(csv.reader(io.StringIO(line)), [])))
        except csv.Error:  # a cell over the field limit, in a row of odd width
            return Tokens(header, [], rows[:0], [], int(n))
    return Tokens(
        header, columns, rows, [(n, [text(c) for c in cells]) for n, cells in cut]
    )
