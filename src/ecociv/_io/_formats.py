"""Excel number formats: what a format does to the number a cell shows.

A cell holds a number; its format decides what the sheet shows. ecociv reads
the number shown when it can say which that is, and refuses the cell when
not (``docs/input.md``):

- a percent format (``0%``, ``0.0%``) shows the number times 100: read as the
  text ``"96%"`` (exact decimal, full precision), which the cell rules read
  as 96 with the unit ``%``; a quoted or escaped ``%`` is a literal;
- a format with commas after its last digit (``#,##0,``) shows thousands, and
  a literal decimal point between digits (``0!.0000``) moves the point: both
  show another number and are refused;
- a conditional format whose sections disagree (``[>=1]0%;0``) is refused;
- a date or time format makes the cell a date (refused by the cell rules).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ecociv._io._cells import Unreadable
from ecociv.errors import excerpt


__all__ = ["NumberFormat"]


class NumberFormat:
    """What a number format does to the number it shows."""

    def __init__(self, fmt: str | None) -> None:
        from openpyxl.styles.numbers import (  # noqa: PLC0415
            is_date_format,
            is_timedelta_format,
        )

        self.fmt = fmt
        self.date = fmt is not None and is_date_format(fmt)
        self.duration = fmt is not None and is_timedelta_format(fmt)
        self.sections = [_codes(s) for s in _split(fmt or "General")][:3]
        self.conditional = any(cond for _, cond in self.sections)

    def shown(self, number: float, epoch: dt.datetime) -> object:
        if self.fmt is None:
            return Unreadable(str(number), "has a number format the workbook lacks")
        if self.date:
            from openpyxl.utils.datetime import from_excel  # noqa: PLC0415

            try:
                return from_excel(number, epoch, timedelta=self.duration)
            except (OverflowError, ValueError):
                return Unreadable(str(number), "is a date outside the calendar")
        kinds = {_kind(codes) for codes, _ in self.sections}
        if self.conditional and len(kinds) > 1:
            return Unreadable(
                str(number), f"has the conditional number format {excerpt(self.fmt)}"
            )
        kind = _kind(self._section(number))
        if kind == "percent":
            return f"{_times_100(number)}%"
        if kind == "scaled":
            return Unreadable(
                str(number),
                f"is shown as another number by its format {excerpt(self.fmt)}; "
                "format the cell as a plain number",
            )
        return number

    def _section(self, number: float) -> str:
        codes = [c for c, _ in self.sections]
        if number < 0 and len(codes) > 1:
            return codes[1]
        if number == 0 and len(codes) > 2:
            return codes[2]
        return codes[0]


def _split(fmt: str) -> list[str]:
    """Return a number format's sections (positive; negative; zero; text)."""
    sections: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in fmt:
        if escaped:
            escaped = False
        elif quoted:
            quoted = ch != '"'
        elif ch in "\\!_*":
            escaped = True
        elif ch == '"':
            quoted = True
        elif ch == ";":
            sections.append("".join(current))
            current = []
            continue
        current.append(ch)
    sections.append("".join(current))
    return sections


def _codes(section: str) -> tuple[str, bool]:
    r"""Return a section's format codes, literals dropped, and if it has a condition.

    A literal decimal point (``\.``, ``!.`` or ``"."``) between digit
    placeholders stays, marked ``L``, because it moves the point shown.
    """
    out: list[str] = []
    quoted = escaped = bracket = condition = False
    for ch in section:
        if escaped:
            escaped = False
            out.append("L" if ch == "." else "")
        elif quoted:
            quoted = ch != '"'
            out.append("L" if ch == "." else "")
        elif bracket:
            bracket = ch != "]"
            condition = condition or ch in "<>="
        elif ch in "\\!":
            escaped = True
        elif ch in "_*":
            escaped = True
            out.append("")
        elif ch == '"':
            quoted = True
        elif ch == "[":
            bracket = True
        else:
            out.append(ch)
    return "".join(out), condition


def _kind(codes: str) -> str:
    """Return ``percent``, ``scaled`` (shows another number) or ``plain``."""
    digits = [k for k, ch in enumerate(codes) if ch in "0#?"]
    if not digits:
        return "percent" if "%" in codes else "plain"
    first, last = digits[0], digits[-1]
    if (
        "L" in codes[first:last]
        or "," in codes[last + 1 :].split("E", maxsplit=1)[0].split("e", maxsplit=1)[0]
    ):
        return "scaled"
    return "percent" if "%" in codes else "plain"


def _times_100(number: float) -> str:
    """Return ``number`` times 100 as exact decimal text: 0.07 gives ``7``."""
    exact = Decimal(repr(number)).scaleb(2).normalize()
    return format(exact, "f")
