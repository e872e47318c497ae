"""The header grammar: long or wide form, and the cells of each observation.

Long form (one row per value)::

    region,indicator,year,value[,unit][,target][,reference][,source]

Wide form (one column per year; ``target_YYYY`` and ``reference_YYYY``
columns give a year's assigned target and reference value)::

    region,indicator[,unit][,source],2022,2023,2024[,target_2024][,reference_2024]

Indicator columns (one column per indicator, as yearbooks export them; a
unit may follow the name in brackets)::

    region,year[,source],PM2.5浓度(μg/m³),森林覆盖率(%),...

Header names are read as cells are (full-width forms made ASCII, spaces
trimmed), so ``２０２４`` is ``2024``; a name given twice is refused. A
column mapping (``columns={"城市": "region", "年份": "year", "备注": None}``)
renames header names before the grammar reads them; ``None`` leaves a
column out, said so in a warning. The
header is read in time linear in its width (a row of a million commas is
one refusal, not a hang), and a refusal names at most
:data:`~ecociv._io._cells.NAMES_SHOWN` columns, each cut to an excerpt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ecociv._io._cells import NAMES_SHOWN, listed, text
from ecociv._io._keys import YEAR
from ecociv._io._sheet import Cells, Sheet
from ecociv.errors import DataError, DataProblem, excerpt


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    from ecociv._lazy import numpy as np


__all__ = ["FIELDS", "Entries", "entries", "layout", "rename"]

#: The fields of an observation, as long-form columns.
FIELDS = (
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "target",
    "reference",
    "source",
)
_LONG_REQUIRED = ("region", "indicator", "year", "value")
_WIDE_FIXED = ("region", "indicator", "unit", "source")
_PER_YEAR = ("target", "reference")


@attrs.frozen
class Layout:
    """Where each field of an observation lies in a sheet's columns.

    Attributes:
        fields: Column of each field a row holds once (long form: all of
            them; wide form: region, indicator, unit, source).
        years: Wide form only: per year column, the year and the columns of
            its value, target and reference (None: absent).
        indicators: Indicator columns only: per column, its header (the
            indicator's name, perhaps with a unit in brackets) and position.
    """

    fields: Mapping[str, int]
    years: tuple[tuple[str, int, int | None, int | None], ...] = ()
    indicators: tuple[tuple[str, int], ...] = ()

    @property
    def wide(self) -> bool:
        """Return whether the sheet is in wide form."""
        return bool(self.years)


def _refuse(message: str, file: str | None) -> DataError:
    return DataError([DataProblem(message, file, 1)])


def layout(
    header: tuple[str, ...],
    file: str | None,
    columns: Mapping[str, str | None] | None = None,
) -> Layout:
    """Return where the fields lie, from the header row.

    ``columns`` is the column mapping the header was renamed by
    (:func:`rename`): an unknown name it gave is said to come from it.

    Raises:
        DataError: When a name is given twice, a required column is missing,
            a column is unknown, or a ``target_YYYY`` / ``reference_YYYY``
            column has no year column.
    """
    names = [text(h) for h in header]
    twice = sorted(h for h, n in Counter(names).items() if n > 1)
    if twice:
        raise _refuse(f"column(s) named twice: {listed(twice)}", file)
    col = {h: k for k, h in enumerate(names)}
    if "value" not in col and "indicator" not in col and {"region", "year"} <= set(col):
        fixed = ("region", "year", "source")
        misplaced = [h for h in names if h in FIELDS and h not in fixed]
        if misplaced:
            raise _refuse(
                "indicator columns (region,year,<indicator>...) take no "
                f"column(s) {listed(misplaced)}: a unit goes in brackets after "
                "the indicator's name, as PM2.5浓度(μg/m³)",
                file,
            )
        inds = tuple((h, k) for k, h in enumerate(names) if h not in fixed)
        if not inds:
            raise _refuse("no indicator columns after region and year", file)
        return Layout({f: col[f] for f in fixed if f in col}, indicators=inds)
    if "value" in col:
        missing = [c for c in _LONG_REQUIRED if c not in col]
        unknown = [h for h in names if h not in FIELDS]
        if missing or unknown:
            why = [f"missing column(s) {', '.join(missing)}"] * bool(missing)
            why += [_unknown(unknown, columns)] * bool(unknown)
            raise _refuse("; ".join(why) + f" (accepted: {', '.join(FIELDS)})", file)
        return Layout({f: col[f] for f in FIELDS if f in col})
    years = [h for h in names if YEAR.match(h)]
    year_set = set(years)
    per_year = {
        (what, h.removeprefix(f"{what}_")): k
        for h, k in col.items()
        for what in _PER_YEAR
        if h.startswith(f"{what}_")
    }
    unknown = [
        h
        for h in names
        if h not in year_set
        and h not in _WIDE_FIXED
        and not h.startswith(("target_", "reference_"))
    ]
    missing = [c for c in ("region", "indicator") if c not in col]
    if not years or missing or unknown:
        why = [f"missing column(s) {', '.join(missing)}"] * bool(missing)
        why += [_unknown(unknown, columns)] * bool(unknown)
        why += ["no year columns"] * (not years)
        raise _refuse(
            "header is neither long form (region,indicator,year,value[,unit]...), "
            "wide form (region,indicator[,unit],<year>...[,target_<year>]) nor "
            "indicator columns (region,year,<indicator>...): " + "; ".join(why),
            file,
        )
    orphans = [
        f"{what} column(s) for years without a value column: "
        + listed(
            sorted(f"{w}_{y}" for w, y in per_year if w == what and y not in year_set)
        )
        for what in _PER_YEAR
        if any(w == what and y not in year_set for w, y in per_year)
    ]
    if orphans:
        raise _refuse("; ".join(orphans), file)
    return Layout(
        {f: col[f] for f in _WIDE_FIXED if f in col},
        tuple(
            (y, col[y], per_year.get(("target", y)), per_year.get(("reference", y)))
            for y in years
        ),
    )


def _unknown(names: list[str], columns: Mapping[str, str | None] | None) -> str:
    """Say which columns are unknown, and which of them the column mapping named.

    >>> _unknown(["nope", "x"], {"region": "nope"})
    "unknown column(s) nope, x ('nope' is the column mapping's name for 'region')"
    """
    found = f"unknown column(s) {listed(names)}"
    given = {text(v): text(k) for k, v in (columns or {}).items() if isinstance(v, str)}
    mapped = [
        f"{excerpt(n)} is the column mapping's name for {excerpt(given[n])}"
        for n in names
        if n in given
    ]
    return found + (f" ({'; '.join(mapped[:NAMES_SHOWN])})" if mapped else "")


def rename(
    header: tuple[str, ...], columns: Mapping[str, str | None] | None, file: str | None
) -> tuple[tuple[str, ...], tuple[int, ...], list[DataProblem]]:
    """Return the header with ``columns`` applied, the columns kept, and warnings.

    Each key must name a column of the header (as cells are read: trimmed,
    half-width); a value renames it, ``None`` leaves it out (a warning says
    which).

    Raises:
        DataError: When a key names no column, or a value is not text or None.
    """
    names = [text(h) for h in header]
    if not columns:
        return tuple(names), tuple(range(len(names))), []
    given: dict[str, object] = {text(k): v for k, v in columns.items()}
    absent = [k for k in given if k not in names]
    wrong = [k for k, v in given.items() if v is not None and not isinstance(v, str)]
    if absent or wrong:
        why = [f"names column(s) not in the header: {listed(absent)}"] * bool(absent)
        why += [f"maps {listed(wrong)} to a value that is not text or None"] * bool(
            wrong
        )
        raise _refuse("the column mapping " + "; ".join(why), file)
    keep = tuple(k for k, h in enumerate(names) if given.get(h, h) is not None)
    out = tuple(text(given.get(names[k], names[k])) for k in keep)
    left = [h for h in names if h in given and given[h] is None]
    notes = [
        DataProblem(f"column(s) left out by the column mapping: {listed(left)}", file)
    ] * bool(left)
    return out, keep, notes


@attrs.frozen(eq=False)
class Entries:
    """The cells of every observation a sheet holds, field by field (long form).

    A wide-form row gives one entry per year column, in row order then
    column order; ``row`` is each entry's spreadsheet row.
    """

    cells: Mapping[str, Cells]
    row: npt.NDArray[np.int32]

    def __len__(self) -> int:
        return len(self.row)


def entries(sheet: Sheet, lay: Layout) -> Entries:
    """Return the cells of each observation in the sheet."""
    n = len(sheet.rows)

    def column(k: int | None) -> Cells:
        return Cells.empty(n) if k is None else sheet.columns[k]

    if lay.indicators:
        m = len(lay.indicators)
        cells = {f: column(lay.fields.get(f)).repeat(m) for f in FIELDS}
        cells["indicator"] = Cells.stack(
            [Cells((h,), np.zeros(n, dtype=np.int64)) for h, _ in lay.indicators]
        )
        cells["value"] = Cells.stack([column(k) for _, k in lay.indicators])
        return Entries(cells, np.repeat(sheet.rows, m))
    if not lay.wide:
        return Entries({f: column(lay.fields.get(f)) for f in FIELDS}, sheet.rows)
    m = len(lay.years)
    cells = {f: column(lay.fields.get(f)).repeat(m) for f in _WIDE_FIXED}
    cells["year"] = Cells.stack(
        [Cells((y,), np.zeros(n, dtype=np.int64)) for y, *_ in lay.years]
    )
    cells["value"] = Cells.stack([column(v) for _, v, _, _ in lay.years])
    cells["target"] = Cells.stack([column(t) for _, _, t, _ in lay.years])
    cells["reference"] = Cells.stack([column(r) for _, _, _, r in lay.years])
    return Entries(cells, np.repeat(sheet.rows, m))
