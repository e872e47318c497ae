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
import mmap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecociv._io._cells import listed, text
from ecociv._io._guards import unreadable
from ecociv._io._text import BOM
from ecociv.errors import DataError, DataProblem, excerpt


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Codes
    from ecociv._io._sheet import Cells
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "Tokens",
    "available",
    "cells_of",
    "column_cells",
    "int32s",
    "refuse_nested",
    "run_end_decoded",
    "tokens",
]


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

    def shifted(self, lines: int) -> Tokens:
        """Return the tokens of a part with ``lines`` lines of the file before it."""
        return Tokens(
            self.header,
            self.columns,
            self.rows + lines,
            [(n + lines, cells) for n, cells in self.odd],
            None if self.too_long is None else self.too_long + lines,
        )

    @classmethod
    def joined(cls, parts: list[Tokens]) -> Tokens:
        """Return the tokens of parts read one after another, as one."""
        from ecociv._io._sheet import Cells  # noqa: PLC0415

        too_long = next((p.too_long for p in parts if p.too_long is not None), None)
        if too_long is not None:
            return cls(parts[0].header, [], parts[0].rows[:0], [], too_long)
        width = len(parts[0].columns)
        return cls(
            parts[0].header,
            [Cells.concat([p.columns[k] for p in parts]) for k in range(width)],
            np.concatenate([p.rows for p in parts]),
            [o for p in parts for o in p.odd],
        )


def cells_of(col: Any) -> Cells:
    """Return an Arrow column as cells: its distinct values and each row's code.

    A dictionary-encoded column (a CSV column Arrow read, a Parquet text
    column) has its chunks' dictionaries unified into one, without a copy of
    its text; integers spanning a short range (a year) are encoded by
    marking (:func:`_small_integers`); another column (numbers, booleans) is
    encoded by Arrow first. A null is the empty cell (None), which its code
    points at. A column of one chunk keeps Arrow's codes where they lie (no
    copy).
    """
    import pyarrow as pa  # noqa: PLC0415

    from ecociv._io._sheet import Cells  # noqa: PLC0415

    if pa.types.is_integer(col.type):
        found = _small_integers(col)
        if found is not None:
            return found
    if not pa.types.is_dictionary(col.type):
        col = col.dictionary_encode()
    encoded = col.unify_dictionaries()
    chunks = [c for c in encoded.chunks if len(c)]
    if not chunks:
        return Cells((), np.zeros(0, dtype=np.int32))
    values = _values(chunks[0].dictionary)
    codes = [_codes(c.indices, len(values)) for c in chunks]
    if encoded.null_count:  # a null's code: the empty cell, added last
        values.append(None)
    return Cells(tuple(values), codes[0] if len(codes) == 1 else np.concatenate(codes))


def _values(dictionary: Any) -> list[Any]:
    """Return an Arrow array's values as Python's (a null as None).

    A float16 or float32 value is the number it shows (61.1, not the
    float64 61.099998474121094: :func:`~ecociv._io._vectors.shown`), as a
    frame's float32 column is read.
    """
    import pyarrow as pa  # noqa: PLC0415

    from ecociv._io._vectors import shown  # noqa: PLC0415

    kind = dictionary.type
    if not (pa.types.is_float16(kind) or pa.types.is_float32(kind)):
        return list(dictionary.to_pylist())
    dtype = np.dtype(np.float16 if pa.types.is_float16(kind) else np.float32)
    raw = np.frombuffer(
        dictionary.buffers()[1],
        dtype=dtype,
        count=len(dictionary),
        offset=dictionary.offset * dtype.itemsize,
    )
    values = shown(raw)
    valid = _valid(dictionary)
    if valid is None:
        return values
    return [v if ok else None for v, ok in zip(values, valid.tolist(), strict=True)]


def _small_integers(col: Any) -> Cells | None:
    """Return an Arrow column of integers as cells by marking, else None.

    Its chunks' values and validity maps read in place, then encoded by
    :func:`~ecociv._io._vectors.integer_cells` (a national year column
    4 ms -> 1 ms against Arrow's hash table); a wide span gives None, and
    Arrow encodes it.
    """
    import pyarrow as pa  # noqa: PLC0415

    from ecociv._io._vectors import integer_cells  # noqa: PLC0415

    unsigned = pa.types.is_unsigned_integer(col.type)
    dtype = np.dtype(f"{'u' if unsigned else 'i'}{col.type.bit_width // 8}")
    chunks = [c for c in col.chunks if len(c)]
    parts = [
        np.frombuffer(
            c.buffers()[1], dtype=dtype, count=len(c), offset=c.offset * dtype.itemsize
        )
        for c in chunks
    ]
    if len(parts) == 1:  # a column of one chunk: its values where they lie
        values = parts[0]
    else:
        values = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
    valid = None
    if col.null_count:
        valid = np.concatenate(
            [
                np.ones(len(c), dtype=bool) if m is None else m
                for c in chunks
                for m in [_valid(c)]
            ]
        )
    return integer_cells(values, valid)


def _valid(array: Any) -> npt.NDArray[np.bool_] | None:
    """Return where an Arrow array holds a value (not null); None when none is null."""
    if not array.null_count:
        return None
    n, start = len(array), array.offset
    bits = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    valid: npt.NDArray[np.bool_] = np.unpackbits(
        bits, count=start + n, bitorder="little"
    )[start:].view(bool)
    return valid


def run_end_decoded(table: Any) -> Any:
    """Return an Arrow table with its run-end-encoded columns decoded.

    Such a column holds one value per row, each run of equal values stored
    once; decoded, it is read as any column of its values' type.
    """
    import pyarrow as pa  # noqa: PLC0415

    for k, field in enumerate(table.schema):
        if pa.types.is_run_end_encoded(field.type):
            import pyarrow.compute as pc  # noqa: PLC0415

            table = table.set_column(k, field.name, pc.run_end_decode(table.column(k)))
    return table


def refuse_nested(schema: Any, file: str | None) -> None:
    """Refuse an Arrow schema's columns of lists, records or maps, all at once.

    Such a column holds no one value per cell (a Parquet file's, an Arrow
    table's, a frame's column backed by Arrow: ``schema`` may be a list of
    fields); its name and type are said, at the header row.

    Raises:
        DataError: Naming every such column.
    """
    import pyarrow as pa  # noqa: PLC0415

    nested = [f"{f.name} ({f.type})" for f in schema if pa.types.is_nested(f.type)]
    if nested:
        msg = "column(s) hold lists or records, not one value per cell: "
        raise DataError([DataProblem(msg + listed(nested), file, 1)])


def column_cells(col: Any, file: str | None, field: Any) -> Cells:
    """Return an Arrow column as cells (:func:`cells_of`), or say why it cannot be.

    Raises:
        DataError: When Arrow cannot encode the column's type or give its
            values (a date outside Python's calendar), naming the column.
    """
    import pyarrow as pa  # noqa: PLC0415

    try:
        return cells_of(col)
    except (pa.ArrowException, ValueError, OverflowError) as exc:
        where = f"column {excerpt(field.name)} ({field.type})"
        raise DataError([unreadable(exc, file, where, 1)]) from None


def _codes(indices: Any, null: int) -> npt.NDArray[np.int32]:
    """Return a chunk's codes as numpy, a null's code being ``null``.

    Nulls are found in the validity bitmap, not with pyarrow.compute's
    ``fill_null``: making its fill value imports pandas, which would cost a
    Parquet file's first reading in a process more than the reading itself.
    """
    import pyarrow as pa  # noqa: PLC0415

    if indices.type != pa.int32():
        indices = indices.cast(pa.int32())
    codes = int32s(indices)
    valid = _valid(indices)
    if valid is None:
        return codes
    return np.where(valid, codes, np.int32(null))


def int32s(indices: Any) -> npt.NDArray[np.int32]:
    """Return an Arrow array of int32 codes (no nulls) as numpy, without a copy.

    Read from its buffer: pyarrow's ``to_numpy`` imports pandas, which costs
    more than a national file's reading.
    """
    return np.frombuffer(
        indices.buffers()[1],
        dtype=np.int32,
        count=len(indices),
        offset=indices.offset * 4,
    )


def _first_too_long(columns: list[Cells], rows: Codes) -> int | None:
    """Return the first row with a cell longer than csv's field limit, if any.

    Python's module counts a cell's characters; so does this, once per
    distinct cell.
    """
    limit = csv.field_size_limit()
    first = None
    for col in columns:
        long = np.array([len(str(v)) > limit for v in col.values], dtype=bool)
        if long.any():
            at = int(rows[np.flatnonzero(long[col.codes])[0]])
            first = at if first is None else min(first, at)
    return first


#: A file without quotes is read in parts of about this many bytes, so Arrow
#: never holds the cells of the whole file at once.
PART_BYTES = 1 << 26


def tokens(
    data: bytes | mmap.mmap,
    *,
    checked: bool = True,
    scanned: Callable[[int, int], None] | None = None,
) -> Tokens | None:
    """Return the tokens of UTF-8 CSV bytes, or None when Python's csv must read them.

    A large file with no quote character (so no line break inside a cell: a
    line is a row) is read in parts of :data:`PART_BYTES`, each cut at a
    line end and read where it lies in the bytes (no copy); the parts'
    cells, row numbers and odd rows are joined as one reading of the whole
    file would give them.

    Args:
        data: The file's bytes, UTF-8 (a GB18030 file is re-encoded first),
            or a read-only map of them (:func:`~ecociv._io._text.mapped`).
        checked: Whether the bytes are known to be UTF-8. When not, Arrow
            checks every cell, and bytes that are not UTF-8 or a row of
            another width than the header give None (Arrow cannot say which
            bytes of such a row are not UTF-8): the caller checks the bytes
            and asks again.
        scanned: Told ``(bytes cut so far, bytes in all)`` once the header
            is read, as each part is cut, and once the whole text is
            (progress).
    """
    start = len(BOM) if data[: len(BOM)] == BOM else 0
    end = data.find(b"\n", start)
    first = data[start:] if end < 0 else data[start:end]
    if b'"' in first:  # a quoted header cell may hold a line break: let csv read it
        return None
    try:
        line = first.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None  # not UTF-8: the caller finds the encoding
    header = next(csv.reader(io.StringIO(line)), [])
    if not header:
        return None
    if scanned is not None:
        scanned(0, len(data))
    view = memoryview(data)
    quoted = end >= 0 and data.find(b'"', end) >= 0
    if end < 0 or len(data) - end <= PART_BYTES or quoted:
        whole = _part(view[start:], header, header_row=True, odd=checked, quoted=quoted)
        if whole is not None and scanned is not None:
            scanned(len(data), len(data))
        if whole is None or not whole.odd:
            return whole
        # Odd rows are numbered by physical line: right only if every line
        # is a row (no line break inside a quoted cell).
        lines = _line_ends(view, start) + (0 if data[-1:] == b"\n" else 1)
        return whole if lines == len(whole.rows) + len(whole.odd) + 1 else None
    parts: list[Tokens] = []
    lines = 1  # the header's
    at = end + 1
    while at < len(data):
        stop = data.find(b"\n", at + PART_BYTES)
        stop = len(data) if stop < 0 else stop + 1
        found = _part(
            view[at:stop], header, header_row=False, odd=checked, quoted=False
        )
        if found is None:
            return None
        parts.append(found.shifted(lines))
        if scanned is not None:
            scanned(stop, len(data))
        if found.too_long is not None:
            break
        lines += len(found.rows) + len(found.odd)  # no quotes: a line is a row
        at = stop
    return Tokens.joined(parts)


def _line_ends(view: memoryview, start: int) -> int:
    """Return how many line ends the bytes hold from ``start`` on, a part at a time."""
    found = 0
    for at in range(start, len(view), PART_BYTES):
        part = np.frombuffer(view[at : at + PART_BYTES], dtype=np.uint8)
        found += int(np.count_nonzero(part == ord("\n")))
    return found


def _part(
    text: memoryview, header: list[str], *, header_row: bool, odd: bool, quoted: bool
) -> Tokens | None:
    """Return the tokens of CSV text (with its header row, or a part after it).

    Rows are numbered from 1 in the text read (the header, if there is one,
    is row 1); :meth:`Tokens.shifted` places a part in its file. Text
    without a quote character (``quoted`` false) holds no line break inside
    a cell, and is cut at every line end, which Arrow does faster.
    """
    rows: list[tuple[int, str]] = []

    def set_aside(row: Any) -> str:
        rows.append((row.number, row.text))
        return "skip"

    names = [f"c{k}" for k in range(len(header))]
    skip = 1 if header_row else 0
    handler = set_aside if odd else None  # None: a row of another width fails
    table = _read(text, names, handler, skip=skip, threads=True, quoted=quoted)
    if table is not None and any(n is None for n, _ in rows):
        rows.clear()  # threads do not number rows: read again
        table = _read(text, names, set_aside, skip=skip, threads=False, quoted=quoted)
    if table is None:
        return None
    found = _tokens(header, table, rows, skip)
    del table
    _release()
    return found


def _release() -> None:
    """Give the memory Arrow's pool keeps back to the system (the text it read)."""
    import pyarrow as pa  # noqa: PLC0415

    pa.default_memory_pool().release_unused()


def _text_codes() -> Any:
    """Return the Arrow type of a text column read dictionary-encoded."""
    import pyarrow as pa  # noqa: PLC0415

    return pa.dictionary(pa.int32(), pa.string())


#: Arrow parses a text in blocks of this many bytes (in parallel, when it may
#: use threads), each block a chunk of every column; larger than Arrow's
#: default (1 MB), so a national file's columns come in a few chunks whose
#: dictionaries are cheap to unify.
BLOCK_BYTES = 1 << 24


def _block(size: int) -> int:
    """Return the block size for a text of ``size`` bytes: a block per CPU."""
    import pyarrow as pa  # noqa: PLC0415

    return min(BLOCK_BYTES, max(size // int(pa.cpu_count()) + 1, 1 << 20))


def _read(  # noqa: PLR0913  (Arrow's options, one by one)
    text: memoryview,
    names: list[str],
    set_aside: Any,
    *,
    skip: int,
    threads: bool,
    quoted: bool,
) -> Any | None:
    """Return Arrow's table of the text's cells, or None when it cannot read them."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pcsv  # noqa: PLC0415

    try:
        return pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(text)),
            read_options=pcsv.ReadOptions(
                column_names=names,
                skip_rows=skip,
                use_threads=threads,
                block_size=_block(len(text)),
            ),
            parse_options=pcsv.ParseOptions(
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=set_aside,
            ),
            convert_options=pcsv.ConvertOptions(
                # Encoded as they are parsed: each distinct text held once.
                column_types=dict.fromkeys(names, _text_codes()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None  # Python's module says what is wrong, and where


def _tokens(
    header: list[str], table: Any, odd: list[tuple[int, str]], skip: int
) -> Tokens:
    """Return the tokens of a table Arrow read, its odd rows cut by Python's csv."""
    records = table.num_rows + len(odd)
    taken = np.array(sorted(n for n, _ in odd), dtype=np.int32)
    every = np.arange(1 + skip, records + 1 + skip, dtype=np.int32)
    rows = every[~np.isin(every, taken)] if len(taken) else every
    columns = [cells_of(col) for col in table.columns]
    too_long = _first_too_long(columns, rows)
    if too_long is not None:  # as Python's csv module: one rule for both readers
        return Tokens(header, [], rows[:0], [], too_long)
    cut = []
    for n, line in sorted(odd):
        try:
            cut.append((int(n), next(csv.reader(io.StringIO(line)), [])))
        except csv.Error:  # a cell over the field limit, in a row of odd width
            return Tokens(header, [], rows[:0], [], int(n))
    return Tokens(
        header, columns, rows, [(n, [text(c) for c in cells]) for n, cells in cut]
    )
