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
from typing import TYPE_CHECKING, cast

from ecociv import limits
from ecociv._account import RowFate, RowStatus, SetAsideReason
from ecociv._indicator import Indicator, IndicatorCatalog, IndicatorKind
from ecociv._io._cells import agree, check_range, refusals
from ecociv._io._kept import kept, table_of
from ecociv._io._keys import YEAR, change_note, indicator_of, region_of, same_unit
from ecociv._io._layout import FIELDS, Entries, entries, layout
from ecociv._io._sheet import Cells, Sheet
from ecociv._io._vectors import distinct, flags, is_none, messages, numbers, per
from ecociv._observations import Observations
from ecociv._region import UnitChange
from ecociv._table import factorize
from ecociv._vocabulary import (
    FACT_WORDS,
    NO_DATA_WORDS,
    NOT_APPLICABLE_WORDS,
    TASK_WORDS,
    state_code,
)
from ecociv.errors import DataError, DataProblem, UnitError, excerpt


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]
    Ints = npt.NDArray[np.int64]
else:
    from ecociv._lazy import numpy as np


__all__ = ["SheetReading", "read_sheet"]

_ACCEPTED_FACTS = "/".join(FACT_WORDS)


def read_sheet(
    sheet: Sheet, catalog: IndicatorCatalog, *, strict: bool
) -> Observations:
    """Return the observations of a sheet, or every problem in it.

    Raises:
        DataError: When the header is wrong, or (strict) when any row is bad.
    """
    read = SheetReading(
        entries(sheet, layout(sheet.header, sheet.file)), catalog, sheet.file
    )
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


class SheetReading:
    """Every entry's fields read, and the first problem of each entry."""

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
        self._values()
        #: Each distinct source cell (None: blank); entries point at it by code.
        self.sources = distinct(self.cells["source"], lambda t: t or None)
        self.good = self.ok.copy()

    def fail(self, where: Bools, message: Callable[[int], str]) -> None:
        """Give each entry in ``where`` that has no problem yet this one."""
        new = where & self.ok
        if not new.any():  # the common case: no pass to find none
            return
        for k in np.flatnonzero(new).tolist():
            self.msg[k] = message(k)
        self.ok &= ~new

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
            found = refusals(cells.values, cells.texts, field)
            if found is not None:
                why = np.array(found, dtype=object)
                bad = ~is_none(why)
                self.fail(bad[cells.codes], messages(why[cells.codes]))

    def _keys(self, catalog: IndicatorCatalog) -> None:
        """Read region, indicator and year; a problem here names what it can."""
        region, name, year = (self.cells[f] for f in ("region", "indicator", "year"))
        places = [region_of(t) for t in region.texts]
        # Each entry's region as a code into ``self.places`` (distinct texts
        # naming one region share one code, in code order), so keys are
        # compared as numbers.
        self.places, code = factorize(
            [p[0] or t for p, t in zip(places, region.texts, strict=True)], sort=True
        )
        self.place = code[region.codes]
        region_ok = np.array([p[0] is not None for p in places], dtype=bool)[
            region.codes
        ]
        why = [p[1] for p in places]
        named = [indicator_of(catalog, t) for t in name.texts]
        found = [(ind, why) for ind, _, why in named]
        # One indicator per distinct name; entries point at it through ``ind``.
        self.inds: list[Indicator | None] = [f[0] for f in found]
        self.ind = name.codes
        #: The unit each distinct name carries in brackets (PM2.5浓度(μg/m³)).
        self.named_units: list[str | None] = [u for _, u, _ in named]
        known = np.array([i is not None for i in self.inds], dtype=bool)[self.ind]
        # -1: not a 4-digit year (never judged: the entry fails below).
        self.year = per(year, lambda t: int(t) if YEAR.match(t) else -1, np.int16)
        four = self.year >= 0
        inside = (self.year >= limits.min_year) & (self.year <= limits.max_year)
        self.fail(~region_ok, lambda k: str(why[region.codes[k]]))
        self.warnings = self._changes(region, places)
        self.fail(~known, lambda k: str(found[self.ind[k]][1]))
        self.fail(
            ~four,
            lambda k: (
                f"year {excerpt(year.texts[year.codes[k]])} is not a 4-digit year"
            ),
        )
        self.fail(
            ~inside,
            lambda k: (
                f"year {self.year[k]} is outside {limits.min_year}.."
                f"{limits.max_year} (ecociv.limits.min_year, max_year)"
            ),
        )
        #: Each indicator once, however many of its names the file used (its
        #: id and its Chinese name are one indicator, not two), "" for an
        #: unknown name; ``id_of`` maps a name's code to its id's code.
        self.ids, self.id_of = factorize(i.id if i else "" for i in self.inds)
        # A problem names the indicator's id once it is known (else its name),
        # and the year once it reads as one.
        self.labels = [
            i.id if i else t for i, t in zip(self.inds, name.texts, strict=True)
        ]
        self.year_known = region_ok & four

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
            notes.update((change, bool(b)) for b in np.unique(before))
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

    def _values(self) -> None:
        """Read value, target, reference and unit, as the indicator's kind asks.

        Every rule runs once per distinct cell (or per distinct pair of a
        unit and an indicator); entries carry only codes, masks and numbers,
        so a national file costs array operations, not a loop over rows.
        """
        n, c = len(self.ok), self.cells
        value = c["value"]
        self.vtexts = value.texts
        keys_ok = self.ok.copy()
        is_fact = np.array(
            [i is not None and i.kind is IndicatorKind.FACT for i in self.inds],
            dtype=bool,
        )
        fact = is_fact[self.ind] if len(is_fact) else np.zeros(n, dtype=bool)
        self._units()
        self.na = keys_ok & per(
            value, lambda t: t.lower() in NOT_APPLICABLE_WORDS, bool
        )
        self.value = np.full(n, np.nan)
        self.boolean = np.zeros(n, dtype=bool)
        self.named = np.full(n, -1, dtype=np.int8)
        #: What the source wrote, where the entry's value is shown as given
        #: (a word, a unit glued on or converted): a code into ``shown``, or -1.
        self.given = np.full(n, -1, dtype=np.int32)
        self.shown: list[str] = list(value.texts)
        # Not applicable (不涉及): no value, whatever the other cells hold.
        self.given[self.na] = value.codes[self.na]
        self._facts(keys_ok & fact & ~self.na)
        task = [TASK_WORDS.get(t.strip().lower()) for t in value.texts]
        said = keys_ok & ~fact & ~self.na & flags(task, value.codes)
        self._tasks(said, task)
        self._quantities(keys_ok & ~fact & ~self.na & ~said)

    def _units(self) -> None:
        """Read each entry's unit as a code into ``self.units`` (the unit texts).

        The unit column's text, or, where it is blank, the unit an indicator
        name carries in brackets (PM2.5浓度(μg/m³)); the two must agree where
        both are written.
        """
        cells = self.cells["unit"]
        texts = list(cells.texts)
        codes = cells.codes.copy()
        named = self.named_units
        if any(u is not None for u in named):
            at = {t: k for k, t in enumerate(texts)}
            for u in named:
                if u is not None and u not in at:
                    at[u] = len(texts)
                    texts.append(u)
            by_name = np.array([-1 if u is None else at[u] for u in named])[self.ind]
            bracketed = by_name >= 0
            blank = np.array([t == "" for t in texts], dtype=bool)[codes]
            for k in np.flatnonzero(bracketed & ~blank & self.ok).tolist():
                written, carried = texts[codes[k]], texts[by_name[k]]
                if same_unit(written, carried) is False:
                    self.msg[k] = (
                        f"the indicator's name gives the unit {excerpt(carried)} "
                        f"but the row's unit is {excerpt(written)}; write one unit"
                    )
                    self.ok[k] = False
            codes = np.where(bracketed & blank, by_name, codes)
        self.units, self.unit = texts, codes

    def _unit_text(self, k: int) -> str:
        return str(self.units[int(self.unit[k])])

    def _tasks(self, said: Bools, task: list[bool | None]) -> None:
        """Read 完成 / 未完成 in a number's value cell: the higher level's verdict.

        It is yes/no for the indicator (judged by an assigned-target rule
        only); a target or reference beside it would be a second answer to
        the same question, and is refused.
        """
        if not said.any():
            return
        c, codes = self.cells, self.cells["value"].codes
        beside = per(c["target"], str, object) != ""
        beside |= per(c["reference"], str, object) != ""
        self.fail(
            said & beside,
            lambda k: (
                f"value {excerpt(self.vtexts[codes[k]])} is the higher level's "
                "verdict on the assigned task: give it without a target or reference"
            ),
        )
        ok = said & self.ok
        yes = np.array([t is True for t in task], dtype=bool)[codes]
        self.value[ok] = np.where(yes[ok], 1.0, 0.0)
        self.boolean[ok] = True
        self.given[ok] = codes[ok]

    def _facts(self, f: Bools) -> None:
        """Read the entries of yes/no indicators: a word, or no data; no unit."""
        at = np.flatnonzero(f)  # a few indicators' entries: worked on alone
        if not len(at):
            return
        texts, codes = self.cells["value"].texts, self.cells["value"].codes[at]
        no_unit = np.array([t in ("", "-", "—") for t in self.units], dtype=bool)
        self.fail(
            self._mask(at[~no_unit[self.unit[at]]]),
            lambda k: (
                "an institutional fact takes no unit, got "
                f"{excerpt(self._unit_text(k))}"
            ),
        )
        word = [FACT_WORDS.get(t.lower()) for t in texts]
        nodata = np.array([t in NO_DATA_WORDS for t in texts], dtype=bool)[codes]
        self.fail(
            self._mask(at[~nodata & ~flags(word, codes)]),
            lambda k: (
                f"value {excerpt(self.vtexts[self.cells['value'].codes[k]])} is "
                f"not a yes/no state (accepted: {_ACCEPTED_FACTS}, 不涉及)"
            ),
        )
        keep = ~nodata & self.ok[at]
        at, codes = at[keep], codes[keep]
        holds = np.array([bool(w and w[0]) for w in word], dtype=np.float64)
        self.value[at] = holds[codes]
        self.boolean[at] = True
        self.named[at] = np.array([state_code(t) for t in texts], dtype=np.int8)[codes]
        self.given[at] = codes

    def _mask(self, at: Ints) -> Bools:
        """Return a mask of the entries ``at``."""
        where = np.zeros(len(self.ok), dtype=bool)
        where[at] = True
        return where

    def _quantities(self, q: Bools) -> None:
        """Read the entries of numbers: perhaps a unit glued on, then converted."""
        c = self.cells
        v, gv, pv = numbers(c["value"], "value")
        t, gt, pt = numbers(c["target"], "target")
        r, gr, pr = numbers(c["reference"], "reference")
        for problem in (pv, pt, pr):
            self.fail(q & problem.flags, problem.message)
        glued = gv.flags | gt.flags | gr.flags
        for k in np.flatnonzero(q & glued & self.ok).tolist():
            parts = {"value": gv.at(k), "target": gt.at(k), "reference": gr.at(k)}
            try:
                agreed = agree(self._unit_text(k), parts, self._indicator(k))
            except (UnitError, ValueError) as exc:
                self.msg[k], self.ok[k] = str(exc), False
                continue
            if agreed != self._unit_text(k):
                self.units.append(agreed)
                self.unit[k] = len(self.units) - 1
        from_unit = self._convert(q & self.ok, (v, t, r))
        # Ranges: values and targets an indicator cannot have.
        lo = np.array(
            [
                -np.inf if i is None or i.minimum is None else i.minimum
                for i in self.inds
            ]
        )[self.ind]
        hi = np.array(
            [np.inf if i is None or i.maximum is None else i.maximum for i in self.inds]
        )[self.ind]
        for what, x in (("value", v), ("target", t)):
            self.fail(q & ((x < lo) | (x > hi)), self._out_of_range(what, x))
        q &= self.ok
        # The columns read become the entries' own (no copy): elsewhere they
        # keep what the other readings (facts, tasks, 不涉及) put there.
        np.copyto(v, self.value, where=~q)
        t[~q] = np.nan
        r[~q] = np.nan
        self.value, self.target, self.reference = v, t, r
        # What the source wrote, when a unit was glued on or converted.
        shown = q & ~np.isnan(v)
        glued_v = shown & gv.flags
        codes = c["value"].codes
        self.given[glued_v] = codes[glued_v]
        at = np.flatnonzero(shown & ~glued_v & (from_unit >= 0))
        if len(at):  # the value and the unit it was converted from, once per pair
            units = len(self.units)
            pairs, back = np.unique(
                codes[at].astype(np.int64) * units + from_unit[at], return_inverse=True
            )
            self.given[at] = len(self.shown) + back
            self.shown += [
                f"{self.vtexts[p // units]} {self.units[p % units]}"
                for p in pairs.tolist()
            ]

    def _indicator(self, k: int) -> Indicator:
        """Return entry ``k``'s indicator (known once the entry's keys were read)."""
        return cast("Indicator", self.inds[self.ind[k]])

    def _out_of_range(self, what: str, x: Floats) -> Callable[[int], str]:
        def message(k: int) -> str:
            return _range(what, float(x[k]), self._indicator(k))

        return message

    def _convert(
        self, where: Bools, arrays: tuple[Floats, ...]
    ) -> npt.NDArray[np.int32]:
        """Convert values to each indicator's unit, once per (indicator, unit).

        Returns, per entry, the code of the unit converted from (-1: none).
        """
        from_unit = np.full(len(where), -1, dtype=np.int32)
        # Whether a (name, unit) pair needs a conversion: the pairs are few
        # (indicators x units), and most entries are in their indicator's
        # unit already, or in none.
        units = len(self.units)
        needs = np.array(
            [
                ind is not None and u not in ("", ind.unit)
                for ind in self.inds
                for u in self.units
            ],
            dtype=bool,
        )
        if not needs.any():
            return from_unit
        pair = self.ind.astype(np.int64) * units + self.unit
        idx = np.flatnonzero(where & needs[pair])
        if not len(idx):
            return from_unit
        from ecociv.units import conversion, misread  # noqa: PLC0415  (pint only when needed)

        pair = pair[idx]
        for key in np.flatnonzero(np.bincount(pair)).tolist():
            i, u = divmod(int(key), units)
            ind, unit = cast("Indicator", self.inds[i]), str(self.units[u])
            at = idx[pair == key]
            try:
                conv = conversion(unit, ind.unit, indicator_id=ind.id)
            except UnitError as exc:
                self.msg.update(dict.fromkeys(at.tolist(), str(exc)))
                self.ok[at] = False
                continue
            if conv.factor == 1 and conv.offset == 0:
                continue
            for arr in arrays:
                bad, why = misread(arr[at], unit, ind.unit)
                for k in at[bad].tolist():
                    shown = f"{arr[k]:g} {excerpt(unit, quoted=False)}"
                    self.msg.setdefault(k, f"{shown} for {ind.id}: {why}")
                    self.ok[k] = False
                arr[at] = arr[at] * conv.factor + conv.offset
            from_unit[at] = u
        return from_unit

    def problems(self) -> list[DataProblem]:
        """Return a problem per bad entry, naming file, row, region, indicator, year."""
        return [
            DataProblem(
                self.msg[k],
                self.file,
                int(self.row[k]),
                self.region(k) or None,
                self.labels[int(self.ind[k])] or None,
                int(self.year[k]) if self.year_known[k] else None,
            )
            for k in np.flatnonzero(~self.good).tolist()
        ]


def _range(what: str, x: float, ind: Indicator) -> str:
    """Return the message of a value outside the indicator's possible range."""
    try:
        check_range(what, float(x), ind)
    except ValueError as exc:
        return str(exc)
    msg = f"{what} {x} was taken as out of range but is not"
    raise AssertionError(msg)
