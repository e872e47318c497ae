"""The Excel door: an .xlsx workbook's first worksheet, each cell as the sheet shows it.

A workbook is a zip file of XML parts. It is read in steps, each bounded
before the next begins:

1. the zip directory: the parts' unpacked sizes against
   ``ecociv.limits.max_unpacked_bytes``, before anything is unpacked (a small
   file that inflates to gigabytes is refused here);
2. the workbook (openpyxl, read-only): its worksheets, shared strings and
   number formats; the first worksheet's declared dimension against
   ``ecociv.limits.max_rows``;
3. the first worksheet's XML, streamed: only rows and cells are read, and a
   row numbered past ``max_rows`` is refused when met (the dimension may be
   missing or wrong); a row costs the cells it holds, not its last column;
4. the other worksheets: those holding cells are named in a warning (they
   are not read).

What a cell gives the cell rules (:mod:`ecociv._io._cells`):

- a number, as stored; formatted as a percent (``0%``, ``0.0%``: 0.96
  shown as 96%) the text shown, ``"96%"`` (the number times 100, at full
  precision, not rounded as shown), which the cell rules read as 96 with the
  unit ``%``; formatted so that it shows another number (``#,##0,`` shows
  thousands, ``0!.0000`` moves the decimal point) it is refused
  (:class:`~ecociv._io._cells.Unreadable`; the formats:
  :mod:`ecociv._io._formats`);
- a date-formatted number, a date (refused by the cell rules);
- TRUE / FALSE, a boolean; text, text;
- a formula, its saved value; a formula with no saved value (a workbook
  written by a program and never opened in a spreadsheet), and an error
  value (``#DIV/0!``, ``#N/A``), are refused, each in its own cell.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import attrs

from ecociv import limits
from ecociv._io._cells import Unreadable, listed, text
from ecociv._io._formats import NumberFormat
from ecociv._io._guards import check_rows, check_unpacked, needs, unreadable
from ecociv._io._sheet import Columns, Sheet, from_rows
from ecociv._io._text import read_bytes
from ecociv.errors import DataError, DataProblem, excerpt


__all__ = ["from_excel"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA = f"{_NS}row", f"{_NS}c", f"{_NS}v", f"{_NS}f"
_INLINE, _TEXT, _RUN = f"{_NS}is", f"{_NS}t", f"{_NS}r"
_SHEET_DATA = f"{_NS}sheetData"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_NUMERAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_MAX_COLUMN = 16_384  # XFD, the last column Excel has
# A file that is no zip: the compound-file header of .xls and of encrypted .xlsx.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What reading a workbook's parts may raise on a damaged file (and defusedxml's
# refusal of a DTD's entities, added when it is imported).
_DAMAGED: tuple[type[BaseException], ...] = (
    ET.ParseError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
)

_NO_FORMULA_VALUE = (
    "is a formula without a saved value: open and save the file in a "
    "spreadsheet program (Excel, WPS) so that its value is saved"
)


def from_excel(path: Path, name: str, columns: Columns = None) -> Sheet:
    """Read the first worksheet of an .xlsx file, each cell as the sheet shows it.

    Raises:
        DataError: When the file is not a readable workbook, is over a limit,
            or its first worksheet is empty.
    """
    openpyxl = needs("openpyxl", name)
    defused = needs("defusedxml", name)
    parse = needs("defusedxml.ElementTree", name).iterparse
    damaged = (*_DAMAGED, defused.DefusedXmlException)
    read_bytes(path, name, keep=False)
    archive = _open(path, name)
    try:
        unpacked = sum(i.file_size for i in archive.infolist())
        check_unpacked(unpacked, name, "the workbook")
        # openpyxl is given a file it does not own: it leaves its own open
        # when a damaged workbook stops it.
        with path.open("rb") as fh:
            try:
                book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001  (openpyxl raises anything on a damaged file)
                raise DataError([unreadable(exc, name, "the workbook")]) from None
            try:
                return _Book(archive, parse, damaged, name).read(book, columns)
            except damaged as exc:
                raise DataError([unreadable(exc, name, "the worksheet")]) from None
            finally:
                book.close()
    finally:
        archive.close()


def _open(path: Path, name: str) -> zipfile.ZipFile:
    """Return the workbook's zip file, or refuse what is not one."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        with path.open("rb") as fh:
            head = fh.read(len(_OLE))
        if head == _OLE:
            msg = (
                "the file is an Excel 97-2003 (.xls) workbook or a "
                "password-protected one; save it as an .xlsx workbook without "
                "a password"
            )
            raise DataError([DataProblem(msg, name)]) from None
        if not head:
            raise DataError([DataProblem("the file is empty", name)]) from None
        what = "an .xlsx workbook (a zip file)"
        raise DataError([unreadable(exc, name, what)]) from None


class _Book:
    """An open workbook's parts, read with a parser that expands no entities."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        parse: Callable[..., Iterator[tuple[str, ET.Element]]],
        damaged: tuple[type[BaseException], ...],
        name: str,
    ) -> None:
        self.archive, self.parse, self.damaged, self.name = (
            archive,
            parse,
            damaged,
            name,
        )

    def read(self, book: Any, columns: Columns = None) -> Sheet:
        """Return the first worksheet's sheet, a warning naming others with cells."""
        name = self.name
        sheets = book.worksheets
        if not sheets:
            raise DataError([DataProblem("the workbook has no worksheet", name)])
        first, others = sheets[0], sheets[1:]
        declared = first.max_row  # from the sheet's <dimension>, if it has one
        cap = limits.max_rows
        if cap is not None and declared is not None and declared - 1 > cap:
            found = (
                f"the worksheet {excerpt(first.title)} declares {declared - 1:,} rows"
            )
            msg = limits.exceeded("max_rows", cap, found + ", which")
            raise DataError([DataProblem(msg, name)])
        # openpyxl names no public way to a read-only sheet's part or strings.
        filled = [s.title for s in others if self._holds_cells(_part(s))]
        cells = _Cells(book, first, first._shared_strings)  # noqa: SLF001
        rows = self._rows(_part(first), cells, first.title, filled)
        sheet = from_rows(rows, name, short=True, columns=columns)
        if not filled:
            return sheet
        warning = DataProblem(
            f"only the first worksheet, {excerpt(first.title)}, is read; the other "
            f"worksheet(s) holding cells are not: {listed(filled)}",
            name,
        )
        return attrs.evolve(sheet, warnings=(*sheet.warnings, warning))

    def _holds_cells(self, part: str) -> bool:
        """Return whether a worksheet holds a cell with a value (read up to one)."""
        try:
            with self.archive.open(part) as fh:
                for _, element in self.parse(fh):
                    if element.tag == _CELL and any(
                        child.tag in (_VALUE, _INLINE, _FORMULA) for child in element
                    ):
                        return True
                    if element.tag == _ROW:
                        element.clear()
        except self.damaged:
            return True  # cannot tell: name it rather than say nothing
        return False

    def _rows(
        self, part: str, cells: _Cells, title: str, others: list[str]
    ) -> Iterator[list[object]]:
        """Yield the worksheet's rows from row 1, an absent row as an empty one."""
        name = self.name
        last = 0
        parent = None
        with self.archive.open(part) as fh:
            for event, element in self.parse(fh, events=("start", "end")):
                if event == "start":
                    if element.tag == _SHEET_DATA:
                        parent = element
                    continue
                if element.tag != _ROW:
                    continue
                number = _row_number(element.get("r"), last, name)
                check_rows(number - 1, name)
                yield from ([] for _ in range(last + 1, number))
                yield _row(element, cells, number, name)
                last = number
                if parent is not None:
                    parent.clear()  # rows read are dropped: memory holds one row
        if last == 0:
            where = f"the first worksheet, {excerpt(title)}, is empty"
            if others:
                where += f"; only the first worksheet is read (not {listed(others)})"
            raise DataError([DataProblem(where, name)])


def _part(sheet: Any) -> str:
    return str(sheet._worksheet_path)  # noqa: SLF001


def _damaged(what: str, name: str) -> DataError:
    msg = (
        f"the worksheet is damaged ({what}); open and save the file in a "
        "spreadsheet program"
    )
    return DataError([DataProblem(msg, name)])


def _row_number(r: str | None, last: int, name: str) -> int:
    if r is None:
        return last + 1
    if not r.isdigit() or int(r) <= last:
        raise _damaged(f"row number {excerpt(r)} after row {last}", name)
    return int(r)


def _row(element: ET.Element, cells: _Cells, number: int, name: str) -> list[object]:
    """Return a row's cells up to its last one holding something."""
    found: dict[int, object] = {}
    column = 0
    for c in element:
        if c.tag != _CELL:
            continue
        column = _column(c.get("r"), column, number, name)
        value = cells.value(c)
        if text(value) != "":
            if column in found:
                raise _damaged(f"two cells in column {column} of row {number}", name)
            found[column] = value
    if not found:
        return []
    row: list[object] = [None] * max(found)
    for k, value in found.items():
        row[k - 1] = value
    return row


def _column(ref: str | None, last: int, row: int, name: str) -> int:
    if ref is None:
        return last + 1
    m = _REF.fullmatch(ref)
    if m is None:
        raise _damaged(f"cell reference {excerpt(ref)} in row {row}", name)
    k = 0
    for letter in m.group(1):
        k = k * 26 + ord(letter) - 64
    if k > _MAX_COLUMN:
        raise _damaged(f"cell reference {excerpt(ref)} in row {row}", name)
    return k


class _Cells:
    """Each cell's value as the sheet shows it, number formats read once per style."""

    def __init__(self, book: Any, sheet: Any, strings: list[Any]) -> None:
        from openpyxl.cell.read_only import ReadOnlyCell  # noqa: PLC0415

        self.epoch = book.epoch
        self.strings = strings
        self._formats: dict[str, NumberFormat] = {}
        self._format_of: Callable[[int], str] = lambda s: (
            ReadOnlyCell(sheet, 1, 1, None, "n", s).number_format or "General"
        )

    def format(self, style: str | None) -> NumberFormat:
        key = style or "0"
        if key not in self._formats:
            try:
                fmt = self._format_of(int(key))
            except (ValueError, IndexError, KeyError, TypeError):
                fmt = None
            self._formats[key] = NumberFormat(fmt)
        return self._formats[key]

    def value(self, c: ET.Element) -> object:
        kind = c.get("t", "n")
        saved = formula = inline = None
        for child in c:
            if child.tag == _VALUE:
                saved = child.text or ""
            elif child.tag == _FORMULA:
                formula = "=" + (child.text or "")
            elif child.tag == _INLINE:
                inline = "".join(
                    [*(t.text or "" for t in child.findall(_TEXT))]
                    + [
                        t.text or ""
                        for r in child.findall(_RUN)
                        for t in r.findall(_TEXT)
                    ]
                )
        # A formula's empty saved text result is <v></v> in a "str" cell; an
        # empty or absent <v> in any other cell was never calculated.
        if formula is not None and not saved and kind not in ("str", "inlineStr"):
            return Unreadable(formula, _NO_FORMULA_VALUE)
        if kind == "inlineStr":
            return inline
        if saved is None or saved == "":
            return None
        if kind in ("s", "str"):
            return saved if kind == "str" else self._shared(saved)
        if kind == "b":
            if saved not in ("0", "1"):
                return Unreadable(saved, "is a damaged TRUE/FALSE cell")
            return saved == "1"
        if kind == "e":
            return Unreadable(saved, "is an Excel error value: its formula failed")
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(saved)
            except ValueError:
                return Unreadable(saved, "is a damaged date cell")
        if kind != "n" or not _NUMERAL.fullmatch(saved):
            return Unreadable(saved, "is a damaged cell (not a number Excel wrote)")
        number = float(saved) if any(ch in saved for ch in ".eE") else int(saved)
        return self.format(c.get("s")).shown(number, self.epoch)

    def _shared(self, index: str) -> object:
        try:
            return self.strings[int(index)]
        except (ValueError, IndexError):
            return Unreadable(index, "is a damaged text cell (no such shared string)")
