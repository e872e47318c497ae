"""Comparisons as CSV that a spreadsheet opens safely: the one CSV writer of ecociv.

Cells come from data and from standard files (a region's name, an indicator
name in a user's TOML), so a cell may start like a formula. A spreadsheet runs
a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one); :func:`safe_cell` writes such a cell with a leading ``'``,
which spreadsheets read as "text follows" and do not show. A number (``-4.0``,
``+5``) and a lone sign (``-``, the unit of a unitless indicator) are left as
they are. Numbers that are not finite are written as empty cells, like
missing ones.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

from ecociv.batch import COLUMNS as BATCH_COLUMNS
from ecociv.report._table import Comparison


__all__ = ["COLUMNS", "safe_cell", "to_csv"]

#: Columns of a comparison's CSV, in order: the batch result's tidy columns,
#: then the indicator's names (every field of :class:`~ecociv.report.Row`).
COLUMNS = (*BATCH_COLUMNS, "indicator_zh", "indicator_en")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_cell(value: object) -> str:
    """Return a value as a CSV cell a spreadsheet will not run as a formula.

    >>> [safe_cell(v) for v in ("=1+2", "-4.0", "-", "@SUM(A1)", None, -4.0)]
    ["'=1+2", '-4.0', '-', "'@SUM(A1)", '', '-4.0']
    >>> safe_cell(float("nan")), safe_cell(("市生态环境局", "市发改委"))
    ('', '市生态环境局、市发改委')
    """
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, tuple | list):
        value = "、".join(str(v) for v in value)
    text = str(getattr(value, "value", value))  # an enum: its wire value
    if len(text) > 1 and text.startswith(_TRIGGERS) and not _is_number(text):
        return "'" + text
    return text


def write_rows(
    rows: Iterable[Sequence[object]], header: Sequence[str], stream: Any
) -> None:
    """Write a header and rows of values to ``stream``, every cell made safe."""
    w = csv.writer(stream, lineterminator="\n")
    w.writerow([safe_cell(h) for h in header])
    for row in rows:
        w.writerow([safe_cell(v) for v in row])


def to_csv(table: Comparison) -> str:
    """Return a comparison's rows as CSV text (columns: :data:`COLUMNS`).

    >>> from ecociv.report import Comparison
    >>> table = Comparison.from_records([{"region": "330683", "standard": "s",
    ...     "year": 2024, "requirement": "4", "indicator": "x", "binding": True,
    ...     "verdict": "met", "region_name": "=HYPERLINK(1)"}])
    >>> to_csv(table).splitlines()[1].split(",")[:2]
    ['330683', "'=HYPERLINK(1)"]
    """
    out = io.StringIO()
    write_rows(([getattr(r, c) for c in COLUMNS] for r in table.rows), COLUMNS, out)
    return out.getvalue()
