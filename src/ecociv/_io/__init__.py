"""The one reader: bytes -> text -> rows -> cells -> observations, for every source.

CSV files, DataFrames, Parquet and Excel files and Python records all go the
same way: a door turns the source into a :class:`~ecociv._io._sheet.Sheet`
(a header and rows of cells, numbered as a spreadsheet numbers them), the
header grammar (:mod:`ecociv._io._layout`) says where each field is, and the
cell rules (:mod:`ecociv._io._cells`, applied by :mod:`ecociv._io._read` and
:mod:`ecociv._io._values`) make observations or problems. The doors differ
only in how they get cells; everything after is written once.
``docs/input.md`` is the user's account of it.

The rooms: ``_text`` (bytes to text), ``_csv`` and ``_arrow`` (the CSV door;
Arrow's tokenizer when pyarrow is installed), ``_parquet``, ``_excel`` (and
``_formats``, what an Excel number format shows), ``_frame`` (DataFrames and
records), ``_sheet`` (rows to a sheet, the rules the doors share),
``_layout`` (the header grammar), ``_cells`` (one cell's rules), ``_keys``
(region, indicator and year cells), ``_vectors`` (a rule run once per
distinct cell), ``_read`` (refusals and keys of a sheet's entries),
``_values`` (their values, units and ranges), ``_kept`` (repeats merged, the
table built).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._indicator import IndicatorCatalog
from ecociv._io import _csv, _frame, _sheet
from ecociv._io._layout import FIELDS
from ecociv._io._read import read_sheet
from ecociv._io._sheet import Sheet
from ecociv._observations import Observations
from ecociv._progress import READ, Progress
from ecociv.errors import ArgumentError, DataError, DataProblem
from ecociv.standards import Standard, catalog_of, reading_catalog


if TYPE_CHECKING:
    import pandas as pd

    from ecociv._io._sheet import Columns

#: What a reader is given to know the indicators by.
Indicators = Standard | Sequence[Standard] | IndicatorCatalog


__all__ = [
    "FILE_KINDS",
    "is_table",
    "read",
    "read_file",
    "read_records",
    "read_table",
    "reading",
]

FILE_KINDS = _sheet.FILE_KINDS


def reading(indicators: Indicators) -> IndicatorCatalog:
    """Return the catalog to read with: a catalog as given, or the standards' reading.

    Standards (one or several) read their own indicators and every other one
    ecociv knows (:func:`ecociv.standards.reading_catalog`), so rows for
    indicators they do not use are kept and counted, not refused as unknown.

    Raises:
        ArgumentError: When ``indicators`` is none of these.
        DataError: When several standards define one indicator differently.
    """
    if isinstance(indicators, IndicatorCatalog):
        return indicators
    if isinstance(indicators, Standard):
        return reading_catalog(indicators.catalog)
    if isinstance(indicators, list | tuple) and all(
        isinstance(s, Standard) for s in indicators
    ):
        return reading_catalog(catalog_of(indicators))
    raise ArgumentError(
        "indicators",
        indicators,
        "accepted: a Standard, a list of them, or an IndicatorCatalog",
    )


def read_file(  # noqa: PLR0913  (keyword-only options)
    path: str | Path,
    catalog: Indicators,
    *,
    strict: bool = True,
    kind: str | None = None,
    columns: Columns = None,
    progress: Progress | None = None,
) -> Observations:
    """Read a CSV, Parquet or Excel file (``kind``, or by its suffix).

    ``columns`` maps header names to the grammar's names (``{"城市":
    "region"}``), or to None to leave a column out. ``progress`` hears
    ``("scan", bytes so far, bytes)`` as Arrow cuts a large CSV file into
    cells, or reads a Parquet file's row groups (the size of the columns
    read), ``("read", 0, rows)`` once the file's rows are in hand and
    ``("read", rows, rows)`` once their cells are read.

    Raises:
        DataError: When the file cannot be read, its kind is unknown, its
            header is wrong, or (strict) any row is bad.
    """
    p, name = Path(path), str(path)
    kind = kind or FILE_KINDS.get(p.suffix.lower())
    if kind == "csv":
        sheet = _csv.from_csv(p, name, columns, progress)
    elif kind == "parquet":
        from ecociv._io._parquet import from_parquet  # noqa: PLC0415  (on first use)

        sheet = from_parquet(p, name, columns, progress)
    elif kind == "excel":
        from ecociv._io._excel import from_excel  # noqa: PLC0415  (on first use)

        sheet = from_excel(p, name, columns)
    else:
        accepted = ", ".join(FILE_KINDS)
        raise DataError(
            [DataProblem(f"unknown file kind (accepted: {accepted})", name)]
        )
    return _read(sheet, catalog, strict, progress)


def _read(
    sheet: Sheet, catalog: Indicators, strict: bool, progress: Progress | None
) -> Observations:
    """Read a sheet's cells, telling ``progress`` before and after."""
    n = len(sheet.rows)
    if progress is not None:
        progress(READ, 0, n)
    obs = read_sheet(sheet, reading(catalog), strict=strict)
    if progress is not None:
        progress(READ, n, n)
    return obs


def read_table(  # noqa: PLR0913  (keyword-only options)
    data: pd.DataFrame | Any,
    catalog: Indicators,
    *,
    strict: bool = True,
    file: str | None = None,
    columns: Columns = None,
    progress: Progress | None = None,
) -> Observations:
    """Read a table in memory: a pandas DataFrame, or Arrow data (:func:`is_table`).

    In long or wide form, or with indicator columns. A DataFrame is read by
    the frame door, Arrow data by the Arrow door. ``columns`` and
    ``progress`` as for files (:func:`read_file`).

    Raises:
        ArgumentError: When ``data`` is neither.
    """
    if not is_table(data):
        raise ArgumentError(
            "data",
            data,
            "accepted: a pandas DataFrame, or Arrow data (a pyarrow Table or "
            "RecordBatch, or anything exporting __arrow_c_stream__)",
        )
    door = _frame.from_frame if _frame.is_frame(data) else _frame.from_arrow
    return _read(door(data, file, columns), catalog, strict, progress)


def is_table(data: object) -> bool:
    """Return whether :func:`read_table` reads ``data``: a DataFrame, or Arrow data."""
    return _frame.is_frame(data) or _frame.is_arrow(data)


def read_records(  # noqa: PLR0913  (keyword-only options)
    records: Iterable[object],
    catalog: Indicators,
    *,
    file: str | None = None,
    first_row: int = 2,
    strict: bool = True,
    columns: Columns = None,
) -> Observations:
    """Read records (mappings whose keys are the columns of a header)."""
    sheet = _frame.from_records(records, file, first_row, FIELDS, columns)
    return read_sheet(sheet, reading(catalog), strict=strict)


def read(
    data: Any,
    catalog: Indicators,
    *,
    strict: bool = True,
    columns: Columns = None,
    progress: Progress | None = None,
) -> Observations:
    """Read a path (str or Path), a DataFrame or Arrow data; Observations pass through.

    Arrow data: a ``pyarrow.Table`` or ``RecordBatch``, or anything that
    exports it (``__arrow_c_stream__``: a polars DataFrame, a DuckDB
    result). ``progress`` hears the reading (see :func:`read_file`).

    Raises:
        ArgumentError: When ``data`` is none of these.
    """
    if isinstance(data, Observations):
        if columns:
            raise ArgumentError(
                "columns",
                columns,
                "a column mapping reads a file or a frame; these observations "
                "were read already",
            )
        return data
    if isinstance(data, str | Path):
        return read_file(
            data, catalog, strict=strict, columns=columns, progress=progress
        )
    if is_table(data):
        return read_table(
            data, catalog, strict=strict, columns=columns, progress=progress
        )
    raise ArgumentError(
        "data",
        data,
        "accepted: Observations, a pandas DataFrame, an Arrow table, or the path "
        "of a CSV, Parquet or Excel file",
    )
