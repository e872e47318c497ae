"""Comparisons as CSV that a spreadsheet opens safely: the one CSV writer of ecociv.

Cells come from data and from standard files (a region's name, an indicator
name in a user's TOML), so a cell may start like a formula. A spreadsheet runs
a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one); :func:`safe_cell` writes such a cell with a leading ``'``,
which spreadsheets read as "text follows" and do not show. A number
(``-4.0``, ``+5``) and a lone sign (``-``, the unit of a unitless indicator)
are left as they are. Numbers that are not finite are written as empty
cells, like missing ones. A cell holds no control character
(:func:`ecociv._controls.clean`: no ANSI escape, C1 control or bidirectional
override), so the CSV text is safe on a terminal as written.

Rows are written column by column (:func:`write_csv`): text columns are
dictionary-encoded, so each distinct text is made safe once, however many
rows repeat it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ecociv._controls import clean
from ecociv._progress import WRITE, Progress
from ecociv.batch import COLUMNS as BATCH_COLUMNS
from ecociv.batch import Tidy
from ecociv.report._pieces import Piece, chunks, column_texts, per_record
from ecociv.report._table import tidy_rows


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["COLUMNS", "cells", "safe_cell", "to_csv", "write_csv"]

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
    text = clean(str(getattr(value, "value", value)))  # an enum: its wire value
    if len(text) > 1 and text.startswith(_TRIGGERS) and not _is_number(text):
        return "'" + text
    return text


#: What makes the csv module quote a cell (the delimiter, the quote, a line end).
_QUOTED_IF = re.compile('[,"\r\n]')


def _quoted(texts: Sequence[str]) -> list[str]:
    """Return cells as the csv module writes them (quoted where they must be).

    Texts none of which holds a character that is quoted are the cells as
    they are (one search over them all); otherwise each goes through the
    csv module.
    """
    if not _QUOTED_IF.search("".join(texts)):
        return list(texts)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    cells = []
    for text in texts:
        out.seek(0)
        out.truncate()
        w.writerow([text, ""])  # the cell, a comma, an empty cell, a newline
        cells.append(out.getvalue()[:-2])
    return cells


def _cell(value: object) -> str:
    """Return a value's CSV cell: a number as Python writes it, or :func:`safe_cell`."""
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return safe_cell(value)  # text, flags, and NaN or infinity as an empty cell


def cells(tidy: Tidy, name: str) -> Piece:
    """Return one column of rows as CSV cells, made safe once per distinct value.

    :func:`safe_cell` and the csv module's quoting run once per distinct
    value (:func:`~ecociv.report._pieces.column_texts`), and the rows take
    their cell by code. Numbers are written as Python writes them (``-4.0``;
    never quoted), facts as ``True`` / ``False``, nothing (NaN, None) as an
    empty cell.
    """
    codes, table = column_texts(tidy, name, _cell)
    return codes, np.array(_quoted(table.tolist()), dtype=object)


def write_csv(
    tidy: Tidy,
    stream: Any,
    header: Sequence[str] = COLUMNS,
    progress: Progress | None = None,
) -> None:
    """Write rows to ``stream`` as CSV, column by column, every cell made safe.

    ``progress`` hears ``("write", rows written, rows)`` as chunks of rows go.
    """
    stream.write(",".join(_quoted([safe_cell(h) for h in header])) + "\n")
    pieces = []
    for k, name in enumerate(header):
        codes, table = cells(tidy, name)
        pieces.append((codes, table if k == 0 else "," + table))
    n = len(tidy)
    for done, text in chunks(per_record(pieces, n), "\n", "\n"):
        stream.write(text)
        if progress is not None:
            progress(WRITE, done, n)


def to_csv(obj: Any, progress: Progress | None = None) -> str:
    """Return the rows of a comparison or a batch result as CSV (:data:`COLUMNS`).

    >>> from ecociv.report import Comparison
    >>> table = Comparison.from_records([{"region": "330683", "standard": "s",
    ...     "year": 2024, "requirement": "4", "indicator": "x", "binding": True,
    ...     "verdict": "met", "region_name": "=HYPERLINK(1)"}])
    >>> to_csv(table).splitlines()[1].split(",")[:2]
    ['330683', "'=HYPERLINK(1)"]
    """
    parts: list[str] = []
    write_csv(tidy_rows(obj), _Parts(parts), progress=progress)
    return "".join(parts)


class _Parts:
    """A text stream that keeps what is written as parts, joined once at the end.

    A :class:`io.StringIO` copies a large text again to give it back.
    """

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append
