"""The sheet every door makes: a header and columns of cells, and the rules they share.

Each door has its module (CSV :mod:`~ecociv._io._csv`, Parquet, Excel, and
DataFrames and records :mod:`~ecociv._io._frame`); what they share is here.

A sheet is what a spreadsheet user sees: a header row, then data rows, each
numbered as the spreadsheet numbers it (the header is row 1). CSV cells are
text; DataFrame, Parquet and Excel cells keep their types (numbers,
booleans, None for an empty cell) until the cell rules write them as text
(:func:`ecociv._io._cells.text`). Rows that cannot become cells (a CSV row
with the wrong number of cells, a record that is not a mapping) are refused
here, with their row number; blank rows are set aside.

Columns are held dictionary-encoded (:class:`Cells`: the distinct cells and
each row's code), because a national file repeats its region codes,
indicator names, years and units thousands of times and every cell rule
then runs once per distinct cell.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._arrays import spread
from ecociv._io._cells import plain, text
from ecociv._io._guards import check_cells, check_rows
from ecociv.errors import DataError, DataProblem


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Bools, Codes, Floats, Ints
    from ecociv._arrays import Int32s as Rows

    #: Spreadsheet row numbers (32 bits: more rows than that never fit memory).
else:
    from ecociv._lazy import numpy as np

#: A column mapping: header name → field or indicator name; None leaves the
#: column out.
Columns = Mapping[str, str | None] | None


__all__ = [
    "FILE_KINDS",
    "Cells",
    "Columns",
    "Sheet",
    "fit",
    "from_rows",
    "padding",
    "read_header",
    "row_width",
    "sheet_of",
]

#: File suffixes read, and the kind each names.
FILE_KINDS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xlsm": "excel",
}


def _key(cell: object) -> Hashable:
    # 1, 1.0 and True are equal in Python but are different cells ("1",
    # "1.0", "True"): their type keeps them apart.
    return cell if type(cell) is str else (type(cell), cell)


@attrs.frozen(eq=False)
class Cells:
    """A column of cells, dictionary-encoded: the distinct cells and each row's code.

    Attributes:
        values: The distinct cells (text, numbers, booleans, None).
        codes: Each row's position in ``values``.
    """

    values: tuple[object, ...]
    codes: Codes

    @classmethod
    def with_empty(
        cls,
        values: Sequence[object],
        codes: Codes,
        missing: npt.NDArray[np.bool_] | None,
    ) -> Cells:
        """Return cells whose ``missing`` rows are the empty cell (None, added last).

        ``values`` are the other rows' distinct cells and ``codes`` their
        codes, written over in place at the missing rows. The one way an
        encoder (a frame's column, an Arrow column of integers) marks a
        missing cell (NaN, None, NA, null) empty.
        """
        if missing is None or not missing.any():
            return cls(tuple(values), codes)
        codes[missing] = len(values)
        return cls((*values, None), codes)

    @classmethod
    def of(cls, cells: Iterable[object]) -> Cells:
        """Encode cells; two cells are the same only if of the same type and equal."""
        items = cells if isinstance(cells, list) else list(cells)
        seen: dict[object, int] = {}
        try:
            codes = [seen.setdefault(c, len(seen)) for c in items]
            plain = all(type(v) is str for v in seen)
        except TypeError:  # an unhashable cell (a list in a record)
            plain = False
        if not plain:
            keyed: dict[Hashable, int] = {}
            values: list[object] = []
            codes = []
            for c in items:
                try:
                    k = _key(c)
                    hash(k)
                except TypeError:
                    k = ("unhashable", text(c))
                if k not in keyed:
                    keyed[k] = len(values)
                    values.append(c)
                codes.append(keyed[k])
            return cls(tuple(values), np.array(codes, dtype=np.int64))
        return cls(tuple(seen), np.array(codes, dtype=np.int64))

    @classmethod
    def empty(cls, n: int) -> Cells:
        """Return a column of ``n`` empty cells (a column the sheet does not have).

        Its codes are one 0 seen ``n`` times (read-only): no memory per row.
        """
        return cls((None,), np.broadcast_to(np.int64(0), (n,)))

    @classmethod
    def stack(cls, columns: Sequence[Cells]) -> Cells:
        """Return the columns' cells interleaved: each one's row 1, then row 2 ..."""
        offsets = np.cumsum([0, *(len(c.values) for c in columns[:-1])])
        codes = np.stack(
            [c.codes + o for c, o in zip(columns, offsets, strict=True)], axis=1
        )
        values = tuple(v for col in columns for v in col.values)
        return cls(values, codes.ravel())

    @classmethod
    def stack_rows(cls, first: Cells, then: Cells) -> Cells:
        """Return the rows of ``first``, then those of ``then``."""
        return cls(
            (*first.values, *then.values),
            np.concatenate([first.codes, then.codes + len(first.values)]),
        )

    @classmethod
    def concat(cls, parts: Sequence[Cells]) -> Cells:
        """Return parts of one column one after another, each distinct cell once.

        Parts read one after another (a CSV file's parts, a Parquet file's
        row groups) each have their distinct cells; a cell of two parts is
        one cell (of the same type and equal, as :meth:`of` keeps them).
        """
        if len(parts) == 1:
            return parts[0]
        # Every part's distinct cells, made distinct again by the one rule.
        every = cls.of([v for part in parts for v in part.values])
        places = every.codes.astype(np.int32)
        codes, start = [], 0
        for part in parts:
            remap = places[start : start + len(part.values)]
            start += len(part.values)
            same = bool((remap == np.arange(len(remap))).all())
            codes.append(part.codes if same else remap[part.codes])
        if not codes:
            return cls((), np.zeros(0, dtype=np.int32))
        return cls(every.values, np.concatenate(codes))

    def __len__(self) -> int:
        return len(self.codes)

    @functools.cached_property
    def texts(self) -> tuple[str, ...]:
        """Return each distinct cell as text (:func:`~ecociv._io._cells.text`)."""
        return tuple(map(text, self.values))

    @functools.cached_property
    def plain(self) -> Floats:
        """Return each distinct cell's number where it is plainly one, else NaN.

        A finite float is its own number (what its text, written with
        ``str``, reads as); a text or an integer written as a plain number
        is that number (:func:`~ecociv._io._cells.plain`). Every other cell
        (a word, a unit glued on, a problem, a value of another type) is
        NaN, for the full cell rules.
        """
        finite = math.isfinite
        found = [
            (v if finite(v) else math.nan)
            if type(v) is float
            else plain(t)
            if type(v) is str or type(v) is int
            else math.nan
            for v, t in zip(self.values, self.texts, strict=True)
        ]
        return np.array(found, dtype=np.float64)

    @functools.cached_property
    def worded(self) -> list[int]:
        """Return the distinct cells that are not plain numbers (:attr:`plain`).

        Only these can be a word (no data, 不涉及, 完成, 是), glue on a
        unit, or be refused as a date (:func:`~ecociv._io._cells.refusals`):
        a plain number is a text, integer or float holding only digits, a
        point, a sign and an exponent.
        """
        return np.flatnonzero(np.isnan(self.plain)).tolist()

    def take(self, rows: npt.NDArray[Any]) -> Cells:
        """Return the cells of some rows (an index or a mask)."""
        return Cells(self.values, self.codes[rows])

    def repeat(self, times: int) -> Cells:
        """Return each row's cell ``times`` times in a row."""
        return Cells(self.values, np.repeat(self.codes, times))

    @functools.cached_property
    def _empty(self) -> npt.NDArray[np.bool_]:
        """Return, per distinct cell, whether it is empty (no text at all)."""
        return np.array([t == "" for t in self.texts], dtype=bool)

    def any_blank(self) -> bool:
        """Return whether any cell is empty, found from the distinct cells."""
        return bool(self._empty.any())

    def blank(self) -> npt.NDArray[np.bool_]:
        """Return where the cell is empty (no text at all)."""
        if not self.any_blank():  # a column of keys: no gather
            return np.zeros(len(self.codes), dtype=bool)
        return spread(self._empty, self.codes)


@attrs.frozen(eq=False)
class Sheet:
    """A header and columns of cells, with each data row's spreadsheet number.

    Attributes:
        header: The column names as written.
        columns: One column of cells per header name, one cell per kept row.
        rows: The spreadsheet row number of each kept row.
        refused: Rows refused before their cells were read.
        blank: The numbers of blank rows (set aside, not read).
        file: The file name, for messages.
        encoding: The text encoding of a CSV file.
        warnings: What the user must know about the source as a whole (a
            workbook's other sheets, not read).
    """

    header: tuple[str, ...]
    columns: tuple[Cells, ...]
    rows: Rows
    refused: tuple[DataProblem, ...] = ()
    blank: tuple[int, ...] = ()
    file: str | None = None
    encoding: str | None = None
    warnings: tuple[DataProblem, ...] = ()


def _blank_rows(cells: Sequence[Cells], n: int) -> npt.NDArray[np.bool_]:
    """Return where every cell of a row is empty (a blank row).

    A column with no empty cell at all (a key column, most often the first)
    means no row is blank: found from its distinct cells, no pass over rows.
    """
    blank = np.ones(n, dtype=bool)  # a sheet of no column: every row blank
    if not all(col.any_blank() for col in cells):
        return ~blank
    for col in cells:
        blank &= col.blank()
    return blank


def sheet_of(  # noqa: PLR0913  (the parts of a sheet)
    header: Sequence[object],
    column: Callable[[int], Cells],
    rows: Rows,
    file: str | None,
    *,
    refused: Sequence[DataProblem] = (),
    encoding: str | None = None,
    columns: Columns = None,
    padded: bool = True,
    prefetch: Callable[[list[int]], None] | None = None,
) -> Sheet:
    """Return the sheet, its blank rows (every cell empty) set aside.

    ``columns`` (a column mapping, :func:`~ecociv._io._layout.rename`) renames
    header names, or leaves columns out, before the grammar reads them.

    Trailing columns with no name are a spreadsheet's padding, and are
    dropped; a row holding a cell under one is refused, as a CSV row longer
    than its header is (:func:`padding`). Records are not ``padded``: their
    keys have no order, and an empty key is a name like any other, which the
    header grammar refuses. The header grammar reads the header
    before any column is built (``column(k)`` builds column ``k``), so a
    header of a million names is one refusal. ``prefetch``, if given, is told
    the columns the grammar reads before the first is built, so that a door
    can read them together (a Parquet file's, decoded on Arrow's threads).
    """
    from ecociv._io._layout import layout, rename  # noqa: PLC0415  (it imports Sheet)

    names = [h if isinstance(h, str) else text(h) for h in header]
    width = _named_width(names) if padded else len(names)
    named, kept, notes = rename(tuple(names[:width]), columns, file)
    layout(named, file, columns)
    check_cells(len(rows), len(names), file)  # padding columns are read too
    problems = list(refused)
    wider = None
    if width < len(names):  # cells under empty trailing names: padding, or refused
        extra = [column(k) for k in range(width, len(names))]
        wider, more = padding(extra, width, rows, file)
        if wider is not None:
            problems = sorted([*problems, *more], key=lambda p: p.row or 0)
            rows = rows[wider]
    if prefetch is not None:
        prefetch(list(kept))
    cells = [column(k) if wider is None else column(k).take(wider) for k in kept]
    blank = _blank_rows(cells, len(rows))
    blanks = tuple(int(n) for n in rows[blank])
    if blanks:
        keep = ~blank
        cells, rows = [c.take(keep) for c in cells], rows[keep]
    return Sheet(
        named,
        tuple(cells),
        rows,
        tuple(problems),
        blanks,
        file,
        encoding,
        tuple(notes),
    )


def read_header(head: Sequence[Any], file: str | None, columns: Columns) -> list[Any]:
    """Return a header row without a spreadsheet's empty trailing names.

    The header grammar reads it (mapped through ``columns``) before any data
    row is looked at, so a wrong header is the one error reported.
    """
    from ecociv._io._layout import layout, rename  # noqa: PLC0415  (it imports Sheet)

    header = list(head)[: _named_width(head)]
    layout(rename(tuple(text(h) for h in header), columns, file)[0], file, columns)
    return header


def _named_width(header: Sequence[Any]) -> int:
    """Return how many names a header has before its empty trailing cells."""
    width = len(header)
    while width and text(header[width - 1]) == "":
        width -= 1
    return width


def fit(row: Sequence[Any], width: int, *, short: bool = False) -> Sequence[Any] | str:
    """Return a row made as wide as the header, or why it is refused.

    Empty trailing cells past the header are a spreadsheet's padding, and go;
    a row that is still longer, or a shorter one that holds a cell, is
    refused; a shorter empty row is a blank row (set aside later). Rows may
    be ``short`` (a worksheet's rows end at their last cell).
    """
    if short and len(row) < width:
        return [*row, *[None] * (width - len(row))]
    if len(row) == width:
        return row
    cells = list(row)
    while len(cells) > width and text(cells[-1]) == "":
        cells.pop()
    # A longer row now ends in a cell; only a shorter one may be blank.
    if len(cells) > width or (len(cells) < width and any(text(c) != "" for c in cells)):
        return row_width(len(cells), width)
    return [*cells, *[None] * (width - len(cells))]


def row_width(cells: int, width: int) -> str:
    """Return why a row of ``cells`` cells (its last one not empty) is refused."""
    return f"row has {cells} cells, the header has {width}"


def padding(
    extra: Sequence[Cells], width: int, rows: Rows, file: str | None
) -> tuple[Bools | None, list[DataProblem]]:
    """Refuse the rows holding a cell past the header's ``width`` names.

    ``extra`` are the columns past the header's names, which are a
    spreadsheet's padding where empty. Returns the rows to keep (None: all
    of them) and a problem per row refused, counting its cells up to its
    last one as :func:`fit` does.
    """
    last: Ints | None = None
    for j, col in enumerate(extra):
        held = ~col.blank()
        if held.any():
            if last is None:
                last = np.zeros(len(col), dtype=np.int64)
            last[held] = width + j + 1
    if last is None:
        return None, []
    filled = last > 0
    problems = [
        DataProblem(row_width(c, width), file, n)
        for n, c in zip(rows[filled].tolist(), last[filled].tolist(), strict=True)
    ]
    return ~filled, problems


def from_rows(
    rows: Iterable[Sequence[Any]],
    file: str | None,
    *,
    encoding: str | None = None,
    short: bool = False,
    columns: Columns = None,
) -> Sheet:
    """Return the sheet of a header row and data rows (CSV, Excel).

    Excel pads rows and headers with empty trailing cells: those are dropped.
    A data row with more cells than the header is refused, and so is one with
    fewer, unless rows may be ``short`` (a worksheet's rows end at their last
    cell). The header is read by the header grammar before any data row.
    """
    it = iter(rows)
    head = next(it, None)
    if head is None:
        raise DataError([DataProblem("the file is empty", file)])
    header = read_header(head, file, columns)
    width = len(header)
    kept: list[Sequence[Any]] = []
    numbers: list[int] = []
    refused: list[DataProblem] = []
    for n, raw in enumerate(it, start=2):
        check_rows(n - 1, file)
        check_cells(n - 1, width, file)
        row = fit(raw, width, short=short)
        if isinstance(row, str):
            refused.append(DataProblem(row, file, n))
            continue
        kept.append(row)
        numbers.append(n)
    return sheet_of(
        header,
        lambda k: Cells.of([r[k] for r in kept]),
        np.array(numbers, dtype=np.int32),
        file,
        refused=refused,
        encoding=encoding,
        columns=columns,
    )
