"""Cells of a data file: text, numbers, "no data", units glued on, ranges.

One set of cell rules for every reader. A cell is text as a CSV file holds
it; a typed cell (a number or a boolean from a DataFrame, Parquet or Excel
file, a Python value in a record) is first written as the text a CSV file
would hold (:func:`text`), so the same rules decide. What each cell accepts and
refuses is documented in ``docs/input.md``.

Some typed cells have no text a CSV file would hold for them and are refused
whatever their column (:func:`refusal`): a date or time, bytes, and a cell its
source holds but cannot give (:class:`Unreadable`: an Excel formula never
calculated, an Excel error). A message quotes a cell through
:func:`ecociv.errors.excerpt`, never whole.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from ecociv._indicator import Indicator
from ecociv._vocabulary import FACT_WORDS, NO_DATA_WORDS
from ecociv.errors import UnitError, excerpt


__all__ = [
    "NAMES_SHOWN",
    "Unreadable",
    "agree",
    "half",
    "listed",
    "number",
    "plain",
    "refusal",
    "refusals",
    "text",
    "written",
]

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to ASCII, and
# the minus sign U+2212 to "-". Not NFKC, which would also turn m³ into m3 and
# 10⁴ into 104 in a glued unit.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0x2212: 0x2D,
}
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# A number, then optionally a unit glued on: "35μg/m3", "1,234.5 万元", "35%".
_NUMBER_UNIT = re.compile(r"([+-]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?)\s*(.*)")
# A date written as text (2024-01-01, 2024/1/1, 2024年1月1日, with a time).
_DATE = re.compile(
    r"\d{4}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|年\d{1,2}月\d{1,2}日)"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_NON_FINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
                         "+infinity", "-infinity"})  # fmt: skip


def half(s: str) -> str:
    """Return ``text`` with full-width ASCII and the minus sign made ASCII."""
    return s if s.isascii() else s.translate(_HALF_WIDTH)


@attrs.frozen
class Unreadable:
    """A cell its source holds but cannot give as a value; refused wherever it is.

    Attributes:
        shown: What the cell holds, as its source shows it (``=SUM(B2:B4)``).
        reason: Why it gives no value, for the message.
    """

    shown: str
    reason: str


def text(cell: object) -> str:
    """Return a cell as the stripped, half-width text a CSV file would hold.

    An empty cell (None, NaN) is ``""``; a typed value is written with
    ``str``: ``35.2``, ``2024``, ``2024.0`` (a float year, which the year rule
    then refuses), ``True``. A value that cannot be written (an integer of
    thousands of digits) is a stand-in the rules refuse, never ``""``.

    >>> text(" ３５％ "), text(None), text(float("nan")), text(2024), text(True)
    ('35%', '', '', '2024', 'True')
    """
    if isinstance(cell, str):  # the common case first
        return half(cell).strip()
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, Unreadable):
        return half(cell.shown).strip() or "?"
    return half(written(cell)).strip()


def written(value: object) -> str:
    """Return ``str(value)``, or a stand-in when it cannot be written.

    A record may hold any object, and ``str`` of an integer of thousands of
    digits fails: reading must not.
    """
    try:
        return str(value)
    except Exception:  # noqa: BLE001  (any object's __str__ may fail)
        return f"<{type(value).__name__} that cannot be written as text>"


#: Fields a date may not stand in (a source may say when it was published).
_NO_DATES = frozenset({"region", "indicator", "year", "value", "unit", "target",
                       "reference"})  # fmt: skip


def refusal(cell: object, field: str) -> str | None:
    """Return why a typed cell cannot be read in ``field`` at all, or None.

    Refused whatever the indicator: a cell its source cannot give
    (:class:`Unreadable`), a date or time, typed or written as text
    (``2024-01-01``, ``2024/1/1``, ``2024年1月1日``: never taken for a year
    or a number), bytes (never decoded by guess).

    >>> refusal("35", "value") is None
    True
    >>> print(refusal(dt.date(2024, 1, 1), "year"))
    year '2024-01-01' is a date, not a year: write the year as a number (2024)
    >>> print(refusal("2024/1/1", "value"))
    value '2024/1/1' is a date or time, not a number
    """
    if cell is None:
        return None
    if type(cell) is str:
        if field in _NO_DATES and _DATE.fullmatch(half(cell).strip()):
            return _dated(cell.strip(), field)
        return None
    if isinstance(cell, Unreadable):
        return f"{field} {excerpt(cell.shown)} {cell.reason}"
    if field in _NO_DATES and _is_time(cell):
        return _dated(text(cell), field)
    if isinstance(cell, bytes | bytearray | memoryview):
        return f"{field} holds bytes, not text: store the column as text (strings)"
    return None


#: Cells :func:`refusal` refuses only as a date written as text: texts, and
#: numbers and booleans, whose text (``str``) is never one.
_PLAIN = frozenset({str, float, int, bool, type(None)})

# Where a date written as text can start: a column of texts none of which
# holds this is checked by one search, not one match per cell.
_DATE_START = re.compile(r"\d{4}[-/年]")


def refusals(
    values: Sequence[object], texts: Sequence[str], field: str
) -> list[str | None] | None:
    """Return :func:`refusal` of each cell (``texts``: each one's :func:`text`).

    None when no cell is refused: a column of plain cells (texts, numbers,
    booleans; a Parquet file's typed column) none of which can be a date is
    known by one search over all of them.
    """
    if all(type(v) in _PLAIN for v in values) and (
        field not in _NO_DATES or not _DATE_START.search("\n".join(texts))
    ):
        return None
    why = [refusal(v, field) for v in values]
    return None if all(w is None for w in why) else why


_KIND = {"value": "number", "target": "number", "reference": "number",
         "region": "region code", "indicator": "name", "unit": "unit"}  # fmt: skip


def _dated(shown: str, field: str) -> str:
    if field == "year":
        return (
            f"year {excerpt(shown)} is a date, not a year: write the year as a "
            "number (2024)"
        )
    return f"{field} {excerpt(shown)} is a date or time, not a {_KIND.get(field)}"


def _is_time(cell: object) -> bool:
    if isinstance(cell, dt.date | dt.time | dt.timedelta):
        return True
    # numpy's datetime64 and timedelta64, without importing numpy for it.
    return type(cell).__name__ in {"datetime64", "timedelta64"}


#: How many names (columns, worksheets) a message lists; the rest are counted.
NAMES_SHOWN = 10


def listed(names: Iterable[str]) -> str:
    """Return names for a message: the first few, each an excerpt, then a count.

    An empty name (a column with no name) is shown as ``(no name)``.

    >>> listed(["a", "b"]), listed(str(k) for k in range(12)), listed(["a", ""])
    ('a, b', '0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more', 'a, (no name)')
    """
    items = list(names)
    shown = ", ".join(
        excerpt(n, quoted=False) if n else "(no name)" for n in items[:NAMES_SHOWN]
    )
    more = len(items) - NAMES_SHOWN
    return shown + (f" and {more:,} more" if more > 0 else "")


def agree(column: str, glued: Mapping[str, str | None], ind: Indicator) -> str:
    """Return the row's unit: the unit column, or the unit glued to the numbers.

    Raises:
        UnitError: A glued unit is unknown.
        ValueError: A glued unit disagrees with the unit column or another cell.
    """
    from ecociv.units import canonical_unit  # noqa: PLC0415

    unit = column
    for what, u in glued.items():
        if not u:
            continue
        if not unit:
            unit = u
            continue
        a = canonical_unit(u, indicator_id=ind.id)
        b = canonical_unit(unit, indicator_id=ind.id)
        if a != b:
            raise ValueError(
                f"the {what} carries the unit {excerpt(u)} but the row's unit is "
                f"{excerpt(unit)}; write one unit, or leave the unit column blank"
            )
    return unit


def plain(text: str) -> float:
    """Return a cell written as a plain finite number (``35.2``, ``-1e3``), else NaN.

    The common case of :func:`number`, and its first step: such a cell is
    that number, with no unit glued on. Any other cell gives NaN, and
    :func:`number` reads it.

    >>> plain("35.2"), plain("1e999"), plain("35%")
    (35.2, nan, nan)
    """
    if _NUMBER.fullmatch(text):
        x = float(text)
        if math.isfinite(x):
            return x
    return math.nan


def number(text: str, what: str) -> tuple[float | None, str | None]:
    """Return the number in a value cell and the unit glued to it, if any.

    A yes/no word (``true``, ``是``, ``建立``, a boolean cell) is not a number.

    Raises:
        ValueError: The cell is not a number, a thousands separator is
            misplaced, or the number is not finite.
    """
    x = plain(text)
    if not math.isnan(x):  # the common case: a plain number, nothing glued
        return x, None
    if text in NO_DATA_WORDS:
        return None, None
    shown = excerpt(text)
    if text.lower() in _NON_FINITE:
        raise ValueError(f"{what} {shown} is not a finite number")
    if text.lower() in FACT_WORDS:
        raise ValueError(
            f"{what} {shown} is not a number: a yes/no word (or a true/false "
            "cell) is read only for institutional facts"
        )
    m = _NUMBER_UNIT.fullmatch(text)
    if m is None:
        raise ValueError(f"{what} {shown} is not a number")
    digits, unit = m.group(1), m.group(2).strip() or None
    if unit is not None:
        from ecociv.units import canonical_unit  # noqa: PLC0415

        try:
            canonical_unit(unit)
        except UnitError as exc:
            raise ValueError(
                f"{what} {shown} is not a number, nor a number followed by an "
                f"accepted unit ({exc})"
            ) from None
    if "," in digits:
        if not _GROUPED.fullmatch(digits):
            raise ValueError(
                f"{what} {shown} has a misplaced thousands separator "
                "(accepted: 1,234.5 with groups of three digits, or 1234.5)"
            )
        digits = digits.replace(",", "")
    if not _NUMBER.fullmatch(digits):
        raise ValueError(f"{what} {shown} is not a number")
    x = float(digits)
    if not math.isfinite(x):
        raise ValueError(f"{what} {shown} is not a finite number")
    return x, unit
