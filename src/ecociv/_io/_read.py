"""Cells to observations: the one reading of a sheet, column by column.

Each cell rule runs once per distinct cell of a column (a national file
repeats its region codes, indicator names, years and units thousands of
times), and the results are spread back over the entries as arrays. An entry
gets at most one problem, the first met in this order: a cell that cannot be
read at all (:func:`~ecociv._io._cells.refusal`: a date, bytes, a formula
never calculated), its region, its indicator, its year, then its value,
target, reference, unit and range; then entries that repeat an earlier
entry's key are merged when equal and refused when they differ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ecociv import limits
from ecociv._account import RowFate, RowStatus, SetAsideReason
from ecociv._arrays import spread, unique
from ecociv._indicator import Indicator, IndicatorCatalog
from ecociv._io._cells import refusals
from ecociv._io._kept import kept, table_of
from ecociv._io._keys import YEAR, change_note, floated, indicator_of, regions_of
from ecociv._io._layout import FIELDS, Entries, Layout, entries, layout
from ecociv._io._sheet import Cells, Sheet
from ecociv._io._values import read_values
from ecociv._io._vectors import distinct, flags, is_none, messages
from ecociv._observations import Observations
from ecociv._region import UnitChange
from ecociv._table import factorize
from ecociv.errors import DataError, DataProblem, excerpt


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Bools, Codes, Floats, Ints
else:
    from ecociv._lazy import numpy as np


__all__ = ["SheetReading", "read_sheet"]


def read_sheet(
    sheet: Sheet, catalog: IndicatorCatalog, *, strict: bool
) -> Observations:
    """Return the observations of a sheet, or every problem in it.

    Raises:
        DataError: When the header is wrong, or (strict) when any row is bad.
    """
    lay = layout(sheet.header, sheet.file)
    _indicator_columns(lay, catalog, sheet.file)
    read = SheetReading(entries(sheet, lay), catalog, sheet.file)
    keep, repeats = kept(read)
    problems = sorted([*sheet.refused, *read.problems()], key=lambda p: p.row or 0)
    if problems and strict:
        raise DataError(problems)
    skipped = [
        RowFate(n, RowStatus.NOT_USED, "blank row", cause=SetAsideReason.BLANK)
        for n in sheet.blank
    ]
    return Observations.of_table(
        table_of(read, keep),
        problems,
        file=sheet.file,
        encoding=sheet.encoding,
        skipped=sorted([*skipped, *repeats], key=lambda f: (f.row, f.year or 0)),
        warnings=(*sheet.warnings, *read.warnings),
    )


def _not_a_year(year: Cells, d: int) -> str:
    """Say why distinct year cell ``d`` is not a year (a float: how to mend it)."""
    text = year.texts[d]
    return f"year {excerpt(text)} is not a 4-digit year{floated(text)}"


def _indicator_columns(
    lay: Layout, catalog: IndicatorCatalog, file: str | None
) -> None:
    """Refuse indicator columns whose header names no indicator: once, at row 1.

    The name is in the header, not in a row: every row would repeat one
    problem, as an unknown column in long form is refused once.

    Raises:
        DataError: Naming each such column, and how to leave it out.
    """
    unknown = [
        (name, why)
        for name, _ in lay.indicators
        for ind, _, why in [indicator_of(catalog, name)]
        if ind is None
    ]
    if unknown:
        raise DataError(
            [
                DataProblem(
                    f"indicator column {excerpt(name)}: {why}; leave it out with a "
                    f"column mapping ({{{excerpt(name)}: None}}, --column "
                    f"{excerpt(name + '=')})",
                    file,
                    1,
                    indicator=name,
                )
                for name, why in unknown
            ]
        )


class SheetReading:
    """Every entry's fields read, and the first problem of each entry.

    The keys (region, indicator, year) are read here; the value cells by
    :func:`~ecociv._io._values.read_values`, which sets the fields below.
    """

    #: The unit texts, and each entry's unit as a code into them.
    units: list[str]
    unit: Codes
    #: Each entry's value, target and reference, in its indicator's unit
    #: (NaN: none).
    value: Floats
    target: Floats
    reference: Floats
    #: Where the source says 不涉及; where the value is a yes/no state; the
    #: fact state a word names (-1: none).
    na: Bools
    boolean: Bools
    named: npt.NDArray[np.int8]
    #: What the source wrote, where the entry's value is shown as given (a
    #: word, a unit glued on or converted): a code into ``shown``, or -1.
    given: npt.NDArray[np.int32]
    shown: list[str]
    #: The value column's distinct texts.
    vtexts: tuple[str, ...]
    #: Each entry's indicator as a code into ``ids`` (its id, however the
    #: file named it), found when the entries kept are (:func:`kept`).
    id_code: Codes

    def __init__(
        self, ent: Entries, catalog: IndicatorCatalog, file: str | None
    ) -> None:
        self.file, self.row, self.cells = file, ent.row, ent.cells
        #: Each bad entry's first problem, by entry (problems are few).
        self.msg: dict[int, str] = {}
        #: Where an entry has no problem yet (none in ``msg``): kept beside
        #: ``msg`` so that masks need no pass over Python objects.
        self.ok = np.ones(len(ent), dtype=bool)
        self._refusals()
        self._keys(catalog)
        read_values(self)

    def fail(self, where: Bools, message: Callable[[int], str]) -> None:
        """Give each entry in ``where`` that has no problem yet this one."""
        new = where & self.ok
        if new.any():  # the common case: no pass to find none
            self.fail_at(np.flatnonzero(new), message)

    def fail_at(self, at: Ints, message: Callable[[int], str] | str) -> None:
        """Give each entry at positions ``at`` that has no problem yet this one.

        The one place where an entry's problem (``msg``) and its mark
        (``ok``) change, so the two always agree.
        """
        at = at[self.ok[at]]
        for k in at.tolist():
            self.msg[k] = message if isinstance(message, str) else message(k)
        self.ok[at] = False

    def region(self, k: int) -> str:
        """Return entry ``k``'s region code (or the text that names no region)."""
        return str(self.places[int(self.place[k])])

    def indicator_id(self, k: int) -> str:
        """Return entry ``k``'s indicator id ("" when the name is unknown)."""
        found = self.inds[int(self.ind[k])]
        return found.id if found else ""

    def _refusals(self) -> None:
        """Refuse cells that cannot be read in any column (dates, bytes ...)."""
        for field in FIELDS:
            cells = self.cells[field]
            at = cells.worded  # a plain number is never refused
            values, texts = cells.values, cells.texts
            found = refusals([values[d] for d in at], [texts[d] for d in at], field)
            if found is not None:
                why = np.full(len(values), None, dtype=object)
                why[at] = found
                bad = ~is_none(why)
                self.fail(spread(bad, cells.codes), messages(spread(why, cells.codes)))

    def _keys(self, catalog: IndicatorCatalog) -> None:
        """Read region, indicator and year; a problem here names what it can."""
        region, name, year = (self.cells[f] for f in ("region", "indicator", "year"))
        places = regions_of(region.texts)
        # Each entry's region as a code into ``self.places`` (distinct texts
        # naming one region share one code, in code order), so keys are
        # compared as numbers.
        self.places, code = factorize(
            [p[0] or t for p, t in zip(places, region.texts, strict=True)], sort=True
        )
        self.place = spread(code, region.codes)
        # Why each distinct cell is no region, year (None: it is one): a
        # problem is found per distinct cell, spread only when there is one.
        why = [p[1] for p in places]
        named = [indicator_of(catalog, t) for t in name.texts]
        found = [(ind, why) for ind, _, why in named]
        # One indicator per distinct name; entries point at it through ``ind``.
        self.inds: list[Indicator | None] = [f[0] for f in found]
        self.ind = name.codes
        #: The unit each distinct name carries in brackets (PM2.5浓度(μg/m³)).
        self.named_units: list[str | None] = [u for _, u, _ in named]
        unknown = [None if ind else why for ind, why in found]
        # -1: not a 4-digit year (never judged: the entry fails below).
        years = distinct(year, lambda t: int(t) if YEAR.match(t) else -1, np.int16)
        self.year = spread(years, year.codes)
        # Not a year, or outside the limits (limits.outside_years).
        not_year = [
            _not_a_year(year, d) if y < 0 else limits.outside_years(y)
            for d, y in enumerate(years.tolist())
        ]
        self.fail(flags(why, region.codes), lambda k: str(why[region.codes[k]]))
        self.warnings = self._changes(region, places)
        self.fail(flags(unknown, self.ind), lambda k: str(unknown[self.ind[k]]))
        self.fail(flags(not_year, year.codes), lambda k: str(not_year[year.codes[k]]))
        #: Each indicator once, however many of its names the file used (its
        #: id and its Chinese name are one indicator, not two), "" for an
        #: unknown name; ``id_of`` maps a name's code to its id's code.
        self.ids, self.id_of = factorize(i.id if i else "" for i in self.inds)
        # A problem names the indicator's id once it is known (else its name),
        # and the year once it reads as one.
        self.labels = [
            i.id if i else t for i, t in zip(self.inds, name.texts, strict=True)
        ]
        self._region_why, self._region_codes = why, region.codes

    def _year_known(self, k: int) -> bool:
        """Return whether entry ``k``'s year and region were read."""
        return self._region_why[self._region_codes[k]] is None and self.year[k] >= 0

    def _changes(
        self,
        region: Cells,
        places: list[tuple[str | None, str | None, UnitChange | None]],
    ) -> list[DataProblem]:
        """Read the rows of renamed and merged units; return what to tell the user.

        A renamed unit is the same unit: its rows are its successor's. A unit
        merged into another (莱芜市 → 济南市, 2019) is not: its rows from
        before the merger describe the old unit, so they keep its own code (no
        longer in the NBS table: set aside and counted when judged).
        """
        notes: set[tuple[UnitChange, bool]] = set()
        for d, (_, _, change) in enumerate(places):
            if change is None:
                continue
            at = np.flatnonzero(region.codes == d)
            before = np.zeros(len(at), dtype=bool)
            if change.kind == "merged":
                before = self.year[at] < change.year
                if before.any():
                    self.places = (*self.places, change.code)
                    self.place[at[before]] = len(self.places) - 1
            notes.update((change, bool(b)) for b in unique(before))
        if any(c is not None and c.kind == "merged" for _, _, c in places):
            # In code order again, each code once (the old code may be named too).
            self.places, same = factorize(self.places, sort=True)
            self.place = same[self.place]
        return [
            DataProblem(
                change_note(c, before),
                self.file,
                region=c.code if before else c.successor,
            )
            for c, before in sorted(notes)
        ]

    def problems(self) -> list[DataProblem]:
        """Return a problem per bad entry, naming file, row, region, indicator, year."""
        return [
            DataProblem(
                self.msg[k],
                self.file,
                int(self.row[k]),
                self.region(k) or None,
                self.labels[int(self.ind[k])] or None,
                int(self.year[k]) if self._year_known(k) else None,
            )
            for k in np.flatnonzero(~self.ok).tolist()
        ]
