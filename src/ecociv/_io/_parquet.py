"""The Parquet door: a Parquet file's columns, its metadata checked first.

The metadata is read before any data: rows against ``ecociv.limits.max_rows``,
rows times columns against ``max_cells``, the uncompressed size against
``max_unpacked_bytes``, and the columns' types (a list, a record or a map is
not one value per cell). Columns keep their types; the typed-cell rules then
apply as for a DataFrame (NaN and null are empty, ``inf`` is refused).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._io._arrow import column_cells, refuse_nested
from ecociv._io._guards import (
    check_cells,
    check_rows,
    check_unpacked,
    needs,
    unreadable,
)
from ecociv._io._sheet import Cells, Sheet, sheet_of
from ecociv._io._text import read_bytes
from ecociv._progress import SCAN, Progress, of_stage
from ecociv.errors import DataError


if TYPE_CHECKING:
    import numpy as np

    from ecociv._io._sheet import Columns
else:
    from ecociv._lazy import numpy as np


__all__ = ["from_parquet"]


def from_parquet(
    path: Path, name: str, columns: Columns = None, progress: Progress | None = None
) -> Sheet:
    """Read a Parquet file's columns; a column of lists or records is refused.

    The file's metadata is read first: its rows against
    ``ecociv.limits.max_rows``, its data unpacked against
    ``ecociv.limits.max_unpacked_bytes``, its columns' types (a list, a
    record or a map is not one value per cell). Text columns are read
    dictionary-encoded, so a column repeating one long text a million times
    is held once, and one row group at a time (:func:`_columns`).
    ``progress`` hears the bytes of the columns read (``"scan"``, their
    size in the file), row group by row group.
    """
    pa, pq = needs("pyarrow", name), needs("pyarrow.parquet", name)
    read_bytes(path, name, keep=False)
    try:
        parquet = pq.ParquetFile(path)
        meta, schema = parquet.metadata, parquet.schema_arrow
        check_rows(meta.num_rows, name)
        check_cells(meta.num_rows, meta.num_columns, name)
        unpacked = sum(
            meta.row_group(g).column(c).total_uncompressed_size
            for g in range(meta.num_row_groups)
            for c in range(meta.num_columns)
        )
        check_unpacked(unpacked, name, "the file's data")
        refuse_nested(schema, name)
        texts = {
            f.name
            for f in schema
            if pa.types.is_string(f.type)
            or pa.types.is_large_string(f.type)
            or pa.types.is_binary(f.type)
            or pa.types.is_large_binary(f.type)
        }
        reader = pq.ParquetFile(path, read_dictionary=sorted(texts))
    except _failures(pa) as exc:
        raise DataError([unreadable(exc, name, "a Parquet file")]) from None

    ready: dict[int, Cells] = {}

    def prefetch(ks: list[int]) -> None:
        ready.update(_columns(reader, ks, name, of_stage(progress, SCAN)))

    def column(k: int) -> Cells:
        found = ready.pop(k, None)
        return found if found is not None else _columns(reader, [k], name)[k]

    rows = np.arange(2, meta.num_rows + 2, dtype=np.int32)
    return sheet_of(
        schema.names, column, rows, name, columns=columns, prefetch=prefetch
    )


def _columns(
    reader: Any,
    ks: list[int],
    name: str,
    scanned: Callable[[int, int], None] | None = None,
) -> dict[int, Cells]:
    """Return columns ``ks``' cells, read together one row group at a time.

    The columns of a row group are decoded together, on Arrow's threads;
    what is kept of each is its cells (a code per row and its distinct
    values), joined at the end. A column the column mapping leaves out is
    never read. Columns are found by position (``ParquetFile.reader``), as
    names may repeat among a spreadsheet's unnamed trailing columns.
    """
    import pyarrow as pa  # noqa: PLC0415

    ks = list(dict.fromkeys(ks))  # Arrow reads a column asked for twice once
    fields = [reader.schema_arrow.field(k) for k in ks]
    parts: list[list[Cells]] = [[] for _ in ks]
    try:
        sizes = [] if scanned is None else _sizes(reader, ks)
        done, total = 0, sum(sizes)
        if scanned is not None:
            scanned(done, total)
        for g in range(reader.num_row_groups):
            group = reader.reader.read_row_group(g, column_indices=ks, use_threads=True)
            for i, field in enumerate(fields):
                parts[i].append(column_cells(group.column(i), name, field))
            del group
            if scanned is not None:
                done += sizes[g]
                scanned(done, total)
    except _failures(pa) as exc:
        raise DataError([unreadable(exc, name, "a Parquet file")]) from None
    return {k: Cells.concat(p) for k, p in zip(ks, parts, strict=True)}


def _failures(pa: Any) -> tuple[type[BaseException], ...]:
    """Return what pyarrow raises on a Parquet file it cannot read.

    Its own errors, the system's, and a text of the file's metadata that is
    not UTF-8 (a column's name, decoded by pyarrow as the file is opened).
    """
    return (OSError, UnicodeDecodeError, pa.ArrowException)


def _sizes(reader: Any, ks: list[int]) -> list[int]:
    """Return each row group's size in the file, of the columns ``ks`` (progress)."""
    meta = reader.metadata
    return [
        sum(meta.row_group(g).column(k).total_compressed_size for k in ks)
        for g in range(reader.num_row_groups)
    ]
