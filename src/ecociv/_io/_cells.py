"""Cells of a data file: text, numbers, "no data", units glued on, ranges.

One set of cell rules for every reader. A cell is text as a CSV file holds
it; a typed cell (a number or a boolean from a DataFrame, Parquet or Excel
file, a Python value in a record) is first written as the text a CSV file
would hold (:func:`text`), so the same rules decide. What each cell accepts and
refuses is documented in ``docs/input.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from ecociv._indicator import Indicator
from ecociv._vocabulary import NO_DATA_WORDS
from ecociv.errors import UnitError


__all__ = ["agree", "check_range", "half", "number", "text"]

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
_NON_FINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
                         "+infinity", "-infinity"})  # fmt: skip


def half(s: str) -> str:
    """Return ``text`` with full-width ASCII and the minus sign made ASCII."""
    return s.translate(_HALF_WIDTH)


def text(cell: object) -> str:
    """Return a cell as the stripped, half-width text a CSV file would hold.

    An empty cell (None, NaN) is ``""``; a typed value is written with
    ``str``: ``35.2``, ``2024``, ``2024.0`` (a float year, which the year rule
    then refuses), ``True``.

    >>> text(" ３５％ "), text(None), text(float("nan")), text(2024), text(True)
    ('35%', '', '', '2024', 'True')
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return half(cell if isinstance(cell, str) else str(cell)).strip()


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
                f"the {what} carries the unit {u!r} but the row's unit is "
                f"{unit!r}; write one unit, or leave the unit column blank"
            )
    return unit


def check_range(what: str, x: float | None, ind: Indicator) -> None:
    lo, hi = ind.minimum, ind.maximum
    if x is None or ((lo is None or x >= lo) and (hi is None or x <= hi)):
        return
    bounds = (
        f"{_g(lo) if lo is not None else '-∞'} to {_g(hi) if hi is not None else '∞'}"
    )
    side = "below" if lo is not None and x < lo else "above"
    raise ValueError(
        f"{what} {_g(x)} {ind.unit} is {side} the possible range of "
        f"{ind.id} (accepted: {bounds} {ind.unit})"
    )


def _g(x: float) -> str:
    return f"{x:g}"


def number(text: str, what: str) -> tuple[float | None, str | None]:
    """Return the number in a value cell and the unit glued to it, if any.

    Raises:
        ValueError: The cell is not a number, a thousands separator is
            misplaced, or the number is not finite.
    """
    if text in NO_DATA_WORDS:
        return None, None
    if text.lower() in _NON_FINITE:
        raise ValueError(f"{what} {text!r} is not a finite number")
    m = _NUMBER_UNIT.fullmatch(text)
    if m is None:
        raise ValueError(f"{what} {text!r} is not a number")
    digits, unit = m.group(1), m.group(2).strip() or None
    if unit is not None:
        from ecociv.units import canonical_unit  # noqa: PLC0415

        try:
            canonical_unit(unit)
        except UnitError as exc:
            raise ValueError(
                f"{what} {text!r} is not a number, nor a number followed by an "
                f"accepted unit ({exc})"
            ) from None
    if "," in digits:
        if not _GROUPED.fullmatch(digits):
            raise ValueError(
                f"{what} {text!r} has a misplaced thousands separator "
                "(accepted: 1,234.5 with groups of three digits, or 1234.5)"
            )
        digits = digits.replace(",", "")
    if not _NUMBER.fullmatch(digits):
        raise ValueError(f"{what} {text!r} is not a number")
    x = float(digits)
    if not math.isfinite(x):
        raise ValueError(f"{what} {text!r} is not a finite number")
    return x, unit
