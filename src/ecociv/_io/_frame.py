"""The in-memory doors: a pandas DataFrame, an Arrow table, or mappings, as a sheet.

A frame's columns of numbers or booleans (numpy's or pandas' nullable types)
and its columns of text are encoded at C speed (:func:`_typed`,
:func:`_nullable`, :func:`_texts`), its other columns cell by cell, keeping
their types; an Arrow table's columns, and a frame's columns backed by Arrow
(pandas' ``ArrowDtype``), are encoded by Arrow, as a Parquet file's are;
records give their keys as the header. Every way, the sheet is
made by :func:`~ecociv._io._sheet.sheet_of`, as every door's is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ecociv._io._arrow import column_cells, refuse_nested, run_end_decoded
from ecociv._io._cells import text, written
from ecociv._io._guards import check_cells, check_rows, needs, unreadable
from ecociv._io._sheet import Cells, Columns, Sheet, sheet_of
from ecociv._io._vectors import integer_cells, shown
from ecociv.errors import DataError, DataProblem


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    from ecociv._lazy import numpy as np


__all__ = ["from_arrow", "from_frame", "from_records", "is_arrow", "is_frame"]


def _typed(
    values: npt.NDArray[Any], missing: npt.NDArray[np.bool_] | None = None
) -> Cells:
    """Encode a column of numbers or booleans at C speed.

    ``values``: numpy's own types; ``missing`` marks the cells of a pandas
    nullable column (``Int64``, ``Float64``, ``boolean``)
    that hold NA, whatever stands in ``values`` there. Integers spanning a
    short range (a year) are encoded by marking
    (:func:`~ecociv._io._vectors.integer_cells`, as an Arrow column's are),
    others by sorting. NaN and NA are the empty cell; the distinct values
    become Python numbers, so the cell rules see what a record would hold (a
    float32 as the number it shows: :func:`~ecociv._io._vectors.shown`).
    """
    if values.dtype.kind in "iu":  # marked, when they span a short range
        found = integer_cells(values, None if missing is None else ~missing)
        if found is not None:
            return found
    if missing is not None and missing.any():
        found = _typed(values[~missing])
        codes = np.zeros(len(values), dtype=np.int64)
        codes[~missing] = found.codes
        return Cells.with_empty(found.values, codes, missing)
    uniq, codes = np.unique(values, return_inverse=True, equal_nan=True)
    cells = [None if isinstance(u, float) and u != u else u for u in shown(uniq)]  # noqa: PLR0124
    return Cells(tuple(cells), codes.ravel().astype(np.int64))


#: A pandas nullable column's kind, and the numpy type its values are read in.
_NULLABLE = {"b": "bool", "i": "int64", "u": "uint64", "f": "float64"}


def _nullable(col: pd.Series[Any]) -> Cells | None:
    """Encode a pandas nullable column of numbers or booleans at C speed, else None.

    ``Int64``, ``UInt8``, ``Float64``, ``Float32``, ``boolean`` ... (a year
    column made ``Int64``, as the docs advise): their values as
    numpy's, NA marked (:func:`_typed`). Decimals, dates and the rest give
    None (read cell by cell).
    """
    import pandas as pd  # noqa: PLC0415  (only for frames)

    kind = getattr(col.dtype, "kind", "")
    if (
        not isinstance(col.dtype, pd.api.extensions.ExtensionDtype)
        or kind not in _NULLABLE
    ):
        return None
    missing = col.isna().to_numpy(dtype=bool)
    filler = False if kind == "b" else np.nan if kind == "f" else 0
    # Floats in their own width (Float32: read as shown, not widened first).
    own = getattr(col.dtype, "numpy_dtype", None) if kind == "f" else None
    dtype = _NULLABLE[kind] if own is None else own
    values = col.to_numpy(dtype=dtype, na_value=filler)
    if kind == "f":  # a NaN that is not NA is empty too: one empty cell
        missing = missing | np.isnan(values)
    return _typed(values, missing)


def _texts(col: pd.Series[Any]) -> Cells | None:
    """Encode a column of text at C speed: each distinct text once, a code per row.

    Only a column whose every cell is text or missing (pandas says so,
    ``infer_dtype``, in C), whatever its dtype (``str``, ``string``, an
    object column of ``str``, a categorical of text: :func:`_categories`): a
    missing cell (NaN, None, NA) is the empty cell. Any other column (bytes,
    numbers and text mixed, dates) gives None, and its cells are read one
    by one, keeping their types.
    """
    import pandas as pd  # noqa: PLC0415  (only for frames)

    if isinstance(col.dtype, pd.CategoricalDtype):
        return _categories(col)
    kind = pd.api.types.infer_dtype(col, skipna=True)
    if kind == "empty":  # every cell missing
        return Cells((None,), np.zeros(len(col), dtype=np.int64))
    if kind != "string":
        return None
    codes, distinct = pd.factorize(col, use_na_sentinel=True)
    return Cells.with_empty(distinct.tolist(), codes, codes < 0)


def _categories(col: pd.Series[Any]) -> Cells | None:
    """Encode a categorical column of text or numbers by its categories and codes.

    The categories are the distinct cells (one the rows do not use is never
    read into an entry, as an Arrow dictionary's unused value is not); a
    missing cell (code -1) is the empty cell. Numbers keep their type (a
    float32 as the number it shows: :func:`~ecociv._io._vectors.shown`).
    Other categories (dates, text mixed with numbers) give None: the cells
    are read one by one.
    """
    import pandas as pd  # noqa: PLC0415  (only for frames)

    categories = col.cat.categories
    codes = col.cat.codes.to_numpy().astype(np.int64)
    if pd.api.types.infer_dtype(categories, skipna=True) == "string":
        return Cells.with_empty(categories.tolist(), codes, codes < 0)
    kind = categories.dtype
    if isinstance(kind, np.dtype) and kind.kind in "biuf":
        return Cells.with_empty(shown(categories.to_numpy()), codes, codes < 0)
    return None


def from_frame(
    frame: pd.DataFrame, file: str | None = None, columns: Columns = None
) -> Sheet:
    """Read a pandas DataFrame: one row per frame row, numbered as if written out.

    Cells keep their types; a missing cell (NaN, None, NA, NaT) is empty.
    """
    import pandas as pd  # noqa: PLC0415  (only for frames)

    check_rows(len(frame), file)
    check_cells(len(frame), frame.shape[1], file)
    # Columns backed by Arrow (pandas' ArrowDtype) are Arrow data: refused,
    # when they hold lists or records, and read as the Arrow door reads them.
    fields = _arrow_fields(frame, file)

    def column(k: int) -> Cells:
        col = frame.iloc[:, k]
        if k in fields:
            return column_cells(col.array.__arrow_array__(), file, fields[k])
        if isinstance(col.dtype, pd.SparseDtype):  # its values, as a column holds them
            col = pd.Series(np.asarray(col), index=col.index)
        if pd.api.types.is_numeric_dtype(col.dtype) and not isinstance(
            col.dtype, pd.api.extensions.ExtensionDtype
        ):
            return _typed(col.to_numpy())
        found = _nullable(col)
        if found is None:
            found = _texts(col)
        if found is not None:
            return found
        cells = col.to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
        missing = pd.isna(cells)
        if missing.any():
            cells = cells.copy()
            cells[missing] = None
        return Cells.of(cells.tolist())

    rows = np.arange(2, len(frame) + 2, dtype=np.int32)
    header = _header(frame.columns, columns or {})
    return sheet_of(header, column, rows, file, columns=columns)


def _arrow_fields(frame: pd.DataFrame, file: str | None) -> dict[int, Any]:
    """Return the Arrow field of each column backed by Arrow, by position.

    Such a column is read as the Arrow door reads a table's column
    (:func:`~ecociv._io._arrow.column_cells`: the same cells, and the same
    words for a value that is not a number); one of lists or records is
    refused, as the Arrow door refuses it, before any is read.
    """
    import pandas as pd  # noqa: PLC0415  (only for frames)

    backed = [k for k, d in enumerate(frame.dtypes) if isinstance(d, pd.ArrowDtype)]
    if not backed:
        return {}
    pa = needs("pyarrow", file)
    fields = {
        k: pa.field(written(frame.columns[k]), frame.dtypes.iloc[k].pyarrow_dtype)
        for k in backed
    }
    refuse_nested(list(fields.values()), file)
    return fields


def is_frame(data: object) -> bool:
    """Return whether ``data`` is a pandas DataFrame (pandas not imported to tell)."""
    return type(data).__name__ == "DataFrame" and hasattr(data, "iloc")


def is_arrow(data: object) -> bool:
    """Return whether ``data`` gives Arrow data (the Arrow PyCapsule interface).

    A ``pyarrow.Table`` or ``RecordBatch``, a polars DataFrame, a DuckDB
    result: whatever exports ``__arrow_c_stream__`` or ``__arrow_c_array__``.
    A pandas DataFrame exports it too; the DataFrame door is asked first.
    """
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")


def from_arrow(data: Any, file: str | None = None, columns: Columns = None) -> Sheet:
    """Read an Arrow table (or anything :func:`is_arrow`): one row per table row.

    Rows are numbered as if the table were written out with its header
    (first row: 2). Columns keep their types, and are read as a Parquet
    file's are (:func:`~ecociv._io._arrow.column_cells`): a null is the
    empty cell, a column of lists or records is refused.
    """
    pa = needs("pyarrow", file, "Arrow data")
    try:
        table = data if isinstance(data, pa.Table) else pa.table(data)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise DataError([unreadable(exc, file, "Arrow data")]) from None
    check_rows(table.num_rows, file)
    check_cells(table.num_rows, table.num_columns, file)
    table = run_end_decoded(table)
    refuse_nested(table.schema, file)

    def column(k: int) -> Cells:
        return column_cells(table.column(k), file, table.schema.field(k))

    rows = np.arange(2, table.num_rows + 2, dtype=np.int32)
    return sheet_of(table.column_names, column, rows, file, columns=columns)


#: The name pandas gives a column whose header cell is empty (``read_csv``,
#: ``read_excel``).
_PANDAS_UNNAMED = re.compile(r"Unnamed: \d+")


def _header(names: Iterable[object], mapped: Mapping[str, object]) -> list[str]:
    """Return a frame's column names, pandas' names of empty trailing cells as "".

    A file's trailing empty header cells (a trailing comma, Excel padding)
    are unnamed columns whichever door reads it: pandas calls them
    ``Unnamed: 4``, and they are read as unnamed here, so a frame pandas
    read gives what the file itself gives. Elsewhere such a name is kept,
    and refused as an unknown column under the name the user sees; so is
    one the column mapping names (the user read it by that name).
    """
    header = [written(c) for c in names]
    k = len(header)
    while (
        k and _PANDAS_UNNAMED.fullmatch(header[k - 1]) and header[k - 1] not in mapped
    ):
        k -= 1
    return header[:k] + [""] * (len(header) - k)


def from_records(
    records: Iterable[object],
    file: str | None,
    first_row: int = 2,
    fields: Sequence[str] = (),
    columns: Columns = None,
) -> Sheet:
    """Read records: the header is ``fields``, then every other key met.

    A field a record lacks is an empty cell; a key that is not a field makes
    the header grammar refuse the records, whatever it is called, unless the
    records hold region and year and no indicator nor value: then the other
    keys are indicator columns (and only the fields met are columns).
    """
    keys: dict[str, None] = {}
    kept: list[dict[str, Any]] = []
    numbers: list[int] = []
    refused: list[DataProblem] = []
    for count, item in enumerate(records, start=1):
        check_rows(count, file, "records")
        n = first_row + count - 1
        if not isinstance(item, Mapping):
            refused.append(
                DataProblem(
                    f"record is a {type(item).__name__}, not a mapping", file, n
                )
            )
            continue
        rec = {k if type(k) is str else written(k): v for k, v in item.items()}
        keys.update(dict.fromkeys(rec))
        kept.append(rec)
        numbers.append(n)
    # What each key is called once the column mapping renames it.
    given = {text(k): v for k, v in (columns or {}).items()}
    named = {given.get(text(k), text(k)) for k in keys} - {None}
    # Records with region and year but no indicator and no value hold one
    # key per indicator; others have every field (a field no key gives is
    # an empty column).
    by_indicator = {"region", "year"} <= named and not {"indicator", "value"} & named
    head = [f for f in fields if f in keys or (not by_indicator and f not in named)]
    header = (*head, *(k for k in keys if k not in head))
    rows = np.array(numbers, dtype=np.int32)
    return sheet_of(
        header,
        lambda k: Cells.of([rec.get(header[k]) for rec in kept]),
        rows,
        file,
        refused=refused,
        columns=columns,
        padded=False,
    )
