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

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ecociv import limits
from ecociv._account import RowFate, RowStatus, SetAsideReason
from ecociv._indicator import Indicator, IndicatorCatalog, IndicatorKind
from ecociv._io._cells import agree, check_range, number, refusal
from ecociv._io._layout import FIELDS, Entries, entries, layout
from ecociv._io._sheet import Cells, Sheet
from ecociv._observations import Observations
from ecociv._region import Region, UnitChange, find_region
from ecociv._table import Table, factorize
from ecociv._vocabulary import (
    FACT_WORDS,
    NO_DATA_WORDS,
    NOT_APPLICABLE_WORDS,
    TASK_WORDS,
    state_code,
)
from ecociv.errors import (
    DataError,
    DataProblem,
    EcocivError,
    UnitError,
    UnknownRegionError,
    excerpt,
)
from ecociv.units import canonical_unit


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Objects = npt.NDArray[np.object_]
    Floats = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]
    Ints = npt.NDArray[np.int64]
else:
    from ecociv._lazy import numpy as np


__all__ = ["read_sheet"]

_REGION = re.compile(r"^\d{6}$")
_YEAR = re.compile(r"^\d{4}$")
_ACCEPTED_FACTS = "/".join(FACT_WORDS)


def _distinct(cells: Cells, fn: Callable[[str], Any], dtype: Any = object) -> Any:
    """Return ``fn`` of each distinct cell's text, one slot per distinct cell."""
    out = np.empty(len(cells.texts), dtype=dtype)
    out[:] = [fn(t) for t in cells.texts]
    return out


def _none(a: Any) -> Bools:
    """Return where an array of objects holds None."""
    return np.equal(a, None)  # type: ignore[no-any-return,call-overload]


def _per(cells: Cells, fn: Callable[[str], Any], dtype: Any = object) -> Any:
    """Return ``fn`` of each entry's text, computed once per distinct cell."""
    return _distinct(cells, fn, dtype)[cells.codes]


def _catching(fn: Callable[[str], Any]) -> Callable[[str], tuple[Any, str | None]]:
    """Return ``fn`` made to give (result, None) or (None, the error's message)."""

    def run(t: str) -> tuple[Any, str | None]:
        try:
            return fn(t), None
        except (EcocivError, ValueError) as exc:
            return None, str(exc)

    return run


def _place(text: str) -> tuple[str | None, str | None, UnitChange | None]:
    """Return a region cell's code, or why it names no region, and any rename.

    Six digits are a code, as written (an unknown code is set aside and
    warned of when judged). Other digits are a malformed code. Anything else
    is a name, found as :meth:`ecociv.Region.find` finds it: a name, or one
    qualified by province and prefecture; an ambiguous name lists its
    candidates.
    """
    if _REGION.match(text):
        return text, None, None
    if not text.strip() or (text.isascii() and any(c.isdigit() for c in text)):
        return None, f"region code {excerpt(text)} is not 6 digits", None
    try:
        region, change = find_region(text)
    except UnknownRegionError as exc:
        return None, str(exc), None
    return region.code, None, change


#: A name followed by a unit in brackets: ``PM2.5浓度(μg/m³)``, ``森林覆盖率（%）``.
_BRACKETED = re.compile(r"^(?P<name>.+?)\s*[(（]\s*(?P<unit>[^()（）]+?)\s*[)）]$")


def _named(
    catalog: IndicatorCatalog, text: str
) -> tuple[Indicator | None, str | None, str | None]:
    """Return the indicator a name cell names, the unit it carries, or why not.

    The whole text is tried first (生态质量指数(EQI) is a name); then a name
    followed by a unit in brackets, as yearbooks head their columns
    (PM2.5浓度(μg/m³)): the unit is kept only if it is one (a bracket that
    names no unit leaves the name unknown).
    """
    try:
        return catalog.find(text), None, None
    except (EcocivError, ValueError) as exc:
        why = str(exc)
    m = _BRACKETED.match(text)
    if m is None:
        return None, None, why
    try:
        ind = catalog.find(m["name"])
        canonical_unit(m["unit"], indicator_id=ind.id)
    except (EcocivError, ValueError):
        return None, None, why
    return ind, m["unit"], None


def _same_unit(a: object, b: object) -> bool | None:
    """Return whether two unit texts name one unit (None: either is absent)."""
    if not a or not b:
        return None
    try:
        return canonical_unit(str(a)) == canonical_unit(str(b))
    except EcocivError:
        return a == b


def _change_note(change: UnitChange, before: bool) -> str:
    """Say how rows naming a renamed or merged unit were read."""
    successor = Region.from_code(change.successor).name
    what = change.describe(successor)
    if before:
        return (
            f"rows for {change.name} from before {change.year} keep its own code "
            f"{change.code} ({what}): they describe {change.name}, not {successor}, "
            "and are set aside"
        )
    return (
        f"rows for {change.name} are read as {successor} ({change.successor}): {what}"
    )


def _numbers(cells: Cells, what: str) -> tuple[Floats, Objects, Objects]:
    """Return each entry's number (NaN: none), the unit glued to it, its problem."""
    parsed = [_catching(lambda t: number(t, what))(t) for t in cells.texts]
    x = np.array(
        [np.nan if p is None or p[0] is None else p[0] for p, _ in parsed],
        dtype=np.float64,
    )
    glued = np.array([None if p is None else p[1] for p, _ in parsed], dtype=object)
    problem = np.array([m for _, m in parsed], dtype=object)
    k = cells.codes
    return x[k], glued[k], problem[k]


def read_sheet(
    sheet: Sheet, catalog: IndicatorCatalog, *, strict: bool
) -> Observations:
    """Return the observations of a sheet, or every problem in it.

    Raises:
        DataError: When the header is wrong, or (strict) when any row is bad.
    """
    read = _Reading(
        entries(sheet, layout(sheet.header, sheet.file)), catalog, sheet.file
    )
    keep, repeats = read.unique()
    problems = sorted([*sheet.refused, *read.problems()], key=lambda p: p.row or 0)
    if problems and strict:
        raise DataError(problems)
    skipped = [
        RowFate(n, RowStatus.NOT_USED, "blank row", cause=SetAsideReason.BLANK)
        for n in sheet.blank
    ]
    return Observations.of_table(
        read.table(keep),
        problems,
        file=sheet.file,
        encoding=sheet.encoding,
        skipped=sorted([*skipped, *repeats], key=lambda f: (f.row, f.year or 0)),
        warnings=(*sheet.warnings, *read.warnings),
    )


class _Reading:
    """Every entry's fields read, and the first problem of each entry."""

    def __init__(
        self, ent: Entries, catalog: IndicatorCatalog, file: str | None
    ) -> None:
        self.file, self.row, self.cells = file, ent.row, ent.cells
        self.msg = np.full(len(ent), None, dtype=object)
        self._refusals()
        self._keys(catalog)
        self._values()
        source = _per(self.cells["source"], lambda t: t or None)
        self.source = source
        self.good = _none(self.msg)

    def fail(self, where: Bools, message: Callable[[int], str]) -> None:
        """Give each entry in ``where`` that has no problem yet this one."""
        for k in np.flatnonzero(where & _none(self.msg)).tolist():
            self.msg[k] = message(k)

    def _refusals(self) -> None:
        """Refuse cells that cannot be read in any column (dates, bytes ...)."""
        for field in FIELDS:
            cells = self.cells[field]
            why = np.array([refusal(v, field) for v in cells.values], dtype=object)
            bad = ~_none(why)
            if bad.any():
                self.fail(bad[cells.codes], _message(why[cells.codes]))

    def _keys(self, catalog: IndicatorCatalog) -> None:
        """Read region, indicator and year; a problem here names what it can."""
        region, name, year = (self.cells[f] for f in ("region", "indicator", "year"))
        places = [_place(t) for t in region.texts]
        code = np.array(
            [p[0] or t for p, t in zip(places, region.texts, strict=True)],
            dtype=object,
        )
        self.region = code[region.codes]
        region_ok = np.array([p[0] is not None for p in places], dtype=bool)[
            region.codes
        ]
        why = np.array([p[1] for p in places], dtype=object)[region.codes]
        named = [_named(catalog, t) for t in name.texts]
        found = [(ind, why) for ind, _, why in named]
        # One indicator per distinct name; entries point at it through ``ind``.
        self.inds: list[Indicator | None] = [f[0] for f in found]
        self.ind = name.codes
        #: The unit a name carries in brackets (PM2.5浓度(μg/m³)), per entry.
        self.named_unit = np.array([u for _, u, _ in named], dtype=object)[self.ind]
        known = np.array([i is not None for i in self.inds], dtype=bool)[self.ind]
        ids = np.array([i.id if i else "" for i in self.inds], dtype=object)
        self.ids = ids[self.ind]
        four = _per(year, lambda t: bool(_YEAR.match(t)), bool)
        self.year = _per(year, lambda t: int(t) if _YEAR.match(t) else 0, np.int64)
        inside = (self.year >= limits.min_year) & (self.year <= limits.max_year)
        self.fail(~region_ok, lambda k: str(why[k]))
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
        # A problem names the indicator's id once it is known (else its name),
        # and the year once it reads as one.
        self.label = np.where(known, self.ids, _per(name, str))
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
                self.region[at[before]] = change.code
            notes.update((change, bool(b)) for b in np.unique(before))
        return [
            DataProblem(
                _change_note(c, before),
                self.file,
                region=c.code if before else c.successor,
            )
            for c, before in sorted(notes)
        ]

    def _attribute(
        self, get: Callable[[Indicator], Any], default: Any, dtype: Any
    ) -> Any:
        """Return an attribute of each entry's indicator, read once per indicator."""
        per = [default if i is None else get(i) for i in self.inds]
        return np.array(per, dtype=dtype)[self.ind]

    def _values(self) -> None:
        """Read value, target, reference and unit, as the indicator's kind asks."""
        n, c = len(self.msg), self.cells
        value = c["value"]
        raw = _per(value, str)
        keys_ok = _none(self.msg)
        fact = self._attribute(
            lambda i: i.kind is IndicatorKind.FACT, default=False, dtype=bool
        )
        unit_text = _per(c["unit"], str)
        bracketed = ~_none(self.named_unit)
        both = keys_ok & bracketed & (unit_text != "")
        differ = np.array(
            [
                _same_unit(a, b) is False
                for a, b in zip(unit_text, self.named_unit, strict=True)
            ],
            dtype=bool,
        )
        self.fail(
            both & differ,
            lambda k: (
                f"the indicator's name gives the unit {excerpt(self.named_unit[k])} "
                f"but the row's unit is {excerpt(unit_text[k])}; write one unit"
            ),
        )
        unit_text = np.where(bracketed & (unit_text == ""), self.named_unit, unit_text)
        self.na = keys_ok & _per(
            value, lambda t: t.lower() in NOT_APPLICABLE_WORDS, bool
        )
        self.value = np.full(n, np.nan)
        self.boolean = np.zeros(n, dtype=bool)
        self.named = np.full(n, -1, dtype=np.int8)
        self.given = np.full(n, None, dtype=object)
        self.target = np.full(n, np.nan)
        self.reference = np.full(n, np.nan)
        # Not applicable (不涉及): no value, whatever the other cells hold.
        self.given[self.na] = raw[self.na]
        self._facts(keys_ok & fact & ~self.na, raw, unit_text)
        task = _per(value, lambda t: TASK_WORDS.get(t.strip().lower()))
        said = keys_ok & ~fact & ~self.na & ~_none(task)
        self._tasks(said, task, raw)
        self._quantities(keys_ok & ~fact & ~self.na & ~said, raw, unit_text)

    def _tasks(self, said: Bools, task: Objects, raw: Objects) -> None:
        """Read 完成 / 未完成 in a number's value cell: the higher level's verdict.

        It is yes/no for the indicator (judged by an assigned-target rule
        only); a target or reference beside it would be a second answer to
        the same question, and is refused.
        """
        c = self.cells
        beside = _per(c["target"], str) != ""
        beside |= _per(c["reference"], str) != ""
        self.fail(
            said & beside,
            lambda k: (
                f"value {excerpt(raw[k])} is the higher level's verdict on the "
                "assigned task: give it without a target or reference"
            ),
        )
        ok = said & _none(self.msg)
        self.value[ok] = np.where(task[ok].astype(bool), 1.0, 0.0)
        self.boolean[ok] = True
        self.given[ok] = raw[ok]

    def _facts(self, f: Bools, raw: Objects, unit_text: Objects) -> None:
        """Read the entries of yes/no indicators: a word, or no data; no unit."""
        value = self.cells["value"]
        self.fail(
            f & ~np.isin(unit_text, ["", "-", "—"]),
            lambda k: (
                f"an institutional fact takes no unit, got {excerpt(unit_text[k])}"
            ),
        )
        word = _per(value, lambda t: FACT_WORDS.get(t.lower()))
        nodata = _per(value, lambda t: t in NO_DATA_WORDS, bool)
        self.fail(
            f & ~nodata & _none(word),
            lambda k: (
                f"value {excerpt(raw[k])} is not a yes/no state "
                f"(accepted: {_ACCEPTED_FACTS}, 不涉及)"
            ),
        )
        yes_no = f & ~nodata & _none(self.msg)
        self.value[yes_no] = _per(
            value,
            lambda t: 1.0 if FACT_WORDS.get(t.lower(), (0,))[0] else 0.0,
            np.float64,
        )[yes_no]
        self.boolean[yes_no] = True
        self.named[yes_no] = _per(value, state_code, np.int8)[yes_no]
        self.given[yes_no] = raw[yes_no]

    def _quantities(self, q: Bools, raw: Objects, unit_text: Objects) -> None:
        """Read the entries of numbers: perhaps a unit glued on, then converted."""
        c = self.cells
        v, gv, pv = _numbers(c["value"], "value")
        t, gt, pt = _numbers(c["target"], "target")
        r, gr, pr = _numbers(c["reference"], "reference")
        for problem in (pv, pt, pr):
            self.fail(q & ~_none(problem), _message(problem))
        unit = unit_text.copy()
        glued = ~_none(gv) | ~_none(gt) | ~_none(gr)
        for k in np.flatnonzero(q & glued & _none(self.msg)).tolist():
            parts = {"value": gv[k], "target": gt[k], "reference": gr[k]}
            try:
                unit[k] = agree(unit_text[k], parts, self._indicator(k))
            except (UnitError, ValueError) as exc:
                self.msg[k] = str(exc)
        own = self._attribute(lambda i: i.unit, default="", dtype=object)
        from_unit = self._convert(
            q & _none(self.msg) & (unit != "") & (unit != own),
            unit,
            own,
            (v, t, r),
        )
        # Ranges: values and targets an indicator cannot have.
        lo = self._attribute(lambda i: i.minimum, default=None, dtype=object)
        hi = self._attribute(lambda i: i.maximum, default=None, dtype=object)
        lo = np.where(_none(lo), -np.inf, lo).astype(np.float64)
        hi = np.where(_none(hi), np.inf, hi).astype(np.float64)
        for what, x in (("value", v), ("target", t)):
            self.fail(q & ((x < lo) | (x > hi)), self._out_of_range(what, x))
        q &= _none(self.msg)
        self.value[q], self.target[q], self.reference[q] = v[q], t[q], r[q]
        # What the source wrote, when a unit was glued on or converted.
        shown = q & ~np.isnan(v)
        glued_v = shown & ~_none(gv)
        self.given[glued_v] = raw[glued_v]
        plain = np.flatnonzero(shown & ~glued_v & ~_none(from_unit))
        for k in plain.tolist():
            self.given[k] = f"{raw[k]} {from_unit[k]}"

    def _indicator(self, k: int) -> Indicator:
        """Return entry ``k``'s indicator (known once the entry's keys were read)."""
        return cast("Indicator", self.inds[self.ind[k]])

    def _out_of_range(self, what: str, x: Floats) -> Callable[[int], str]:
        def message(k: int) -> str:
            return _range(what, float(x[k]), self._indicator(k))

        return message

    def _convert(
        self,
        where: Bools,
        unit: Objects,
        own: Objects,
        arrays: tuple[Floats, ...],
    ) -> Objects:
        """Convert values to each indicator's unit, once per (indicator, unit).

        Returns the unit converted from, per entry (None: no conversion).
        """
        from_unit = np.full(len(unit), None, dtype=object)
        idx = np.flatnonzero(where)
        if not len(idx):
            return from_unit
        from ecociv.units import conversion, misread  # noqa: PLC0415  (pint only when needed)

        groups: dict[tuple[str, str], list[int]] = {}
        for k in idx.tolist():
            groups.setdefault((self.ids[k], unit[k]), []).append(k)
        for (iid, u), ks in groups.items():
            at = np.array(ks, dtype=np.int64)
            try:
                conv = conversion(u, own[at[0]], indicator_id=iid)
            except UnitError as exc:
                self.msg[at] = str(exc)
                continue
            if conv.factor == 1 and conv.offset == 0:
                continue
            for arr in arrays:
                bad, why = misread(arr[at], u, own[at[0]])
                for k in at[bad].tolist():
                    shown = f"{arr[k]:g} {excerpt(u, quoted=False)}"
                    self.msg[k] = self.msg[k] or f"{shown} for {iid}: {why}"
                arr[at] = arr[at] * conv.factor + conv.offset
            from_unit[at] = u
        return from_unit

    def problems(self) -> list[DataProblem]:
        """Return a problem per bad entry, naming file, row, region, indicator, year."""
        return [
            DataProblem(
                str(self.msg[k]),
                self.file,
                int(self.row[k]),
                self.region[k] or None,
                self.label[k] or None,
                int(self.year[k]) if self.year_known[k] else None,
            )
            for k in np.flatnonzero(~self.good).tolist()
        ]

    def unique(self) -> tuple[Ints, list[RowFate]]:
        """Return the entries kept (the first of each key) and the fates of repeats.

        A repeat equal to the first entry of its key is set aside; one that
        differs becomes a problem of its own.
        """
        good = np.flatnonzero(self.good)
        _, region = factorize(self.region[good].tolist())
        # Two names of one indicator (its id, its Chinese name) are one key.
        _, same = factorize(i.id if i else "" for i in self.inds)
        indicator = same[self.ind[good]].astype(np.int64) if len(same) else region * 0
        key = (
            region.astype(np.int64) * (len(self.inds) + 1) + indicator
        ) * 10_000 + self.year[good]
        _, first, inverse, counts = np.unique(
            key, return_index=True, return_inverse=True, return_counts=True
        )
        repeated = counts[inverse.ravel()] > 1
        keep = good[~repeated | (np.arange(len(good)) == first[inverse.ravel()])]
        fates = []
        for pos in np.flatnonzero(
            repeated & (np.arange(len(good)) != first[inverse.ravel()])
        ).tolist():
            k, j = int(good[pos]), int(good[first[inverse[pos]]])
            if self._same(j, k):
                fates.append(
                    RowFate(
                        int(self.row[k]),
                        RowStatus.NOT_USED,
                        f"repeats row {self.row[j]} (same value)",
                        self.region[k],
                        self.ids[k],
                        int(self.year[k]),
                        SetAsideReason.REPEAT,
                    )
                )
            else:
                self.good[k] = False
                self.msg[k] = (
                    f"duplicate row with a different value ({self._shown(k)} here, "
                    f"{self._shown(j)} in row {self.row[j]})"
                )
        return np.sort(keep), fates

    def _same(self, a: int, b: int) -> bool:
        # What the observation says, not how it was written or where it came
        # from: "35μg/m3" and "35" are the same value.
        fields = ("value", "boolean", "na", "target", "reference")
        return all(_eq(getattr(self, f)[a], getattr(self, f)[b]) for f in fields)

    def _shown(self, k: int) -> str:
        if self.na[k]:
            return "不涉及"
        v = float(self.value[k])
        if v != v:  # noqa: PLR0124
            return "no value"
        return repr(bool(v)) if self.boolean[k] else f"{v:g}"

    def table(self, keep: Ints) -> Table:
        """Return the table of the entries kept, in input order."""
        regions, region = factorize(self.region[keep].tolist(), sort=True)
        # One category per indicator, however many of its names the file used
        # (its id and its Chinese name are one indicator, not two).
        used, names = np.unique(self.ind[keep], return_inverse=True)
        by_name = [cast("Indicator", self.inds[int(u)]) for u in used]
        ids, per_name = factorize(i.id for i in by_name)
        codes = per_name[names.ravel()] if len(per_name) else names.ravel()
        inds = [next(i for i in by_name if i.id == x) for x in ids]
        units, unit = factorize(i.unit for i in inds)
        return Table(
            regions=regions,
            region=region,
            indicators=ids,
            indicator=codes.astype(np.int32),
            units=units,
            unit=unit[codes.ravel()] if len(unit) else codes.ravel().astype(np.int32),
            year=self.year[keep].astype(np.int16),
            value=self.value[keep],
            applicable=~self.na[keep],
            boolean=self.boolean[keep],
            target=self.target[keep],
            reference=self.reference[keep],
            named=self.named[keep],
            given=self.given[keep],
            source=self.source[keep],
            row=self.row[keep].astype(np.int32),
            position=np.arange(len(keep), dtype=np.int32),
        ).grouped()


def _message(problems: Objects) -> Callable[[int], str]:
    return lambda k: str(problems[k])


def _range(what: str, x: float, ind: Indicator) -> str:
    """Return the message of a value outside the indicator's possible range."""
    try:
        check_range(what, float(x), ind)
    except ValueError as exc:
        return str(exc)
    msg = f"{what} {x} was taken as out of range but is not"
    raise AssertionError(msg)


def _eq(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:  # noqa: PLR0124
        return True
    return bool(a == b)
