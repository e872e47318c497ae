"""What a run used of its data, and what its user must be told about it.

The one home of the input account and of the warnings about the data. Both
come from the run's own record of what its rules read (the columns they cut
from the table), so "used" means "read by a requirement judged", by
construction: an entry no rule read is set aside, and the reason is worked
out from what was asked (regions, indicators, years), never guessed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._account import (
    FIRST_ROWS,
    InputAccount,
    RowFate,
    RowStatus,
    SetAside,
    SetAsideReason,
)
from ecociv._region import is_known
from ecociv.errors import DataProblem
from ecociv.rules import Threshold, walk
from ecociv.rules._context import region_codes


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._engine._run import Run
    from ecociv._observations import Observations
    from ecociv._table import Table
else:
    from ecociv._lazy import numpy as np


__all__ = ["Reading", "account_of", "fates_of", "warnings_of"]

#: Set-aside reasons in the order of the enum, as codes into it.
_REASONS = tuple(SetAsideReason)
_USED = -1


class Reading:
    """Which entries of a run's table its rules read, and why the others were not.

    Args:
        run: A finished run.
    """

    def __init__(self, run: Run) -> None:
        t = run.table
        self.run, self.table = run, t
        n = len(t)
        self.read = np.zeros(n, dtype=bool)
        #: Per indicator of the table: whether a rule read its targets
        #: (references) in some year.
        self.target = np.zeros(len(t.indicators), dtype=bool)
        self.reference = np.zeros(len(t.indicators), dtype=bool)
        code = {name: k for k, name in enumerate(t.indicators)}
        cut = run.columns.cut()
        if cut:
            self.read[np.concatenate([col.entries() for col in cut])] = True
        indicators = {col.indicator for col in cut}
        for col in cut:
            k = code.get(col.indicator)
            if k is not None:
                fields = col.fields_read
                self.target[k] |= "target" in fields
                self.reference[k] |= "reference" in fields
        self.known = np.array([is_known(c) for c in t.regions], dtype=bool)
        #: Per table region: whether it is one of the regions the run judged
        #: (their slots, as the run's columns found them).
        slots = t.slots(region_codes(run.regions))
        self.judged = np.ones(len(t.regions), bool) if slots is None else slots >= 0
        judged = self.judged.copy()
        judged[t.region[self.read]] = True  # sub-regions a rule read
        in_play = np.array([i in indicators for i in t.indicators], dtype=bool)
        # Why an entry no rule read was set aside depends on its region and
        # indicator only (the first that holds, in this order; else its
        # year): one small table of reasons, gathered per entry.
        why = np.full((len(t.regions), len(t.indicators)), _OTHER_YEAR, np.int8)
        why[:, ~in_play] = _REASONS.index(SetAsideReason.UNUSED_INDICATOR)
        why[~judged] = _REASONS.index(SetAsideReason.OTHER_REGION)
        why[~self.known] = _REASONS.index(SetAsideReason.UNKNOWN_REGION)
        #: The reason of every entry no rule read, -1 for the entries read.
        self.reason = _pairs_of(t, why.ravel())
        self.reason[self.read] = _USED

    @functools.cached_property
    def counts(self) -> npt.NDArray[np.intp]:
        """Entries per reason (codes into ``SetAsideReason``), then those read."""
        found = np.zeros(256, dtype=np.intp)
        for a in range(0, len(self.reason), _BLOCK):  # -1 (read) is byte 255
            found += np.bincount(self.reason[a : a + _BLOCK].view(np.uint8), None, 256)
        counts: npt.NDArray[np.intp] = np.r_[found[: len(_REASONS)], found[255]]
        return counts


#: Entries worked on at a time by a pass that needs no array of the table's length.
_BLOCK = 1 << 16
_OTHER_YEAR = _REASONS.index(SetAsideReason.OTHER_YEAR)


def _pairs_of(t: Table, table: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
    """Return ``table[region, indicator]`` per entry, ``table`` flat, by blocks."""
    n, width = len(t), len(t.indicators)
    out = np.empty(n, dtype=np.int8)
    key = np.empty(min(n, _BLOCK), dtype=np.intp)  # numpy's own index type
    for a in range(0, n, _BLOCK):
        region, indicator = t.region[a : a + _BLOCK], t.indicator[a : a + _BLOCK]
        k = key[: len(region)]
        np.multiply(region, width, out=k)
        k += indicator
        table.take(k, out=out[a : a + len(k)])
    return out


def _first_rows(t: Table, marks: npt.NDArray[Any], *, mark: Any) -> list[int]:
    """Return the first few distinct rows (0: no row) of the entries marked ``mark``.

    Where rows ascend with the entries (a reader's table), the first
    entries marked hold the first rows: read a block at a time until enough
    are found (one block, for a reason most entries have). Otherwise the
    smallest are partitioned out, not all sorted.
    """
    from ecociv._arrays import unique  # noqa: PLC0415  (loads numpy)

    if not t.rows_ascend:  # rows by hand, or numbered afresh (sheets)
        rows = t.row[marks == mark]
        rows = rows[rows > 0]
        m = FIRST_ROWS * 8
        while True:
            head = np.partition(rows, m)[:m] if len(rows) > m else rows
            distinct = unique(head)
            if len(distinct) >= FIRST_ROWS or len(head) == len(rows):
                return [int(r) for r in distinct[:FIRST_ROWS]]
            m *= 4
    found: list[int] = []
    for a in range(0, len(t), _BLOCK):
        part = t.row[a : a + _BLOCK][marks[a : a + _BLOCK] == mark]
        part = part[part > 0]  # ascending: each block's rows follow the last's
        if len(part):
            new = part[np.r_[True, part[1:] != part[:-1]]][: FIRST_ROWS + 1].tolist()
            found += new[1:] if found and new[0] == found[-1] else new
        if len(found) >= FIRST_ROWS:
            break
    return found[:FIRST_ROWS]


def account_of(reading: Reading, data: Observations) -> InputAccount:
    """Return the input account of a run over ``data``: read, used, set aside."""
    counts = reading.counts
    aside = []
    for code, why in enumerate(_REASONS):
        if why is SetAsideReason.REFUSED:
            rows = [p.row for p in data.issues if p.row is not None]
            count = len(data.issues)
        elif why in (SetAsideReason.BLANK, SetAsideReason.REPEAT):
            fates = [f for f in data.skipped if _cause(f.cause, f.reason) is why]
            rows, count = [f.row for f in fates], len(fates)
        else:
            count = int(counts[code])
            rows = (
                _first_rows(reading.table, reading.reason, mark=code) if count else []
            )
        if count:
            aside.append(SetAside(why, count, tuple(sorted(set(rows))[:FIRST_ROWS])))
    read = len(reading.table) + len(data.issues) + len(data.skipped)
    return InputAccount(read, int(counts[-1]), tuple(aside), data.file)


def fates_of(reading: Reading, data: Observations) -> tuple[RowFate, ...]:
    """Return what became of every row read, one fate per row (per year cell).

    Used rows, rows set aside with the reason in words, refused rows with
    their problem, blank and repeated rows, in row order; observations built
    in Python (no row) are left out. The counts are those of
    :func:`account_of`.
    """
    t = reading.table
    fates = [attrs.evolve(f, cause=_cause(f.cause, f.reason)) for f in data.skipped]
    fates += [
        RowFate(
            p.row,
            RowStatus.REFUSED,
            p.message,
            p.region,
            p.indicator,
            p.year,
            SetAsideReason.REFUSED,
        )
        for p in data.issues
        if p.row is not None
    ]
    asked = ", ".join(r.code for r in reading.run.regions[:3])
    if len(reading.run.regions) > 3:
        asked += ", ..."
    words = {
        SetAsideReason.OTHER_REGION: f"other region (not {asked})",
        SetAsideReason.UNKNOWN_REGION: "region code not in the NBS 2023 table",
        SetAsideReason.UNUSED_INDICATOR: "indicator not used by the standards judged",
        SetAsideReason.OTHER_YEAR: "year not used by the requirements judged",
    }
    for k in np.flatnonzero(t.row > 0).tolist():
        code = int(reading.reason[k])
        region, indicator = t.regions[t.region[k]], t.indicators[t.indicator[k]]
        year = int(t.year[k])
        if code == _USED:
            fates.append(
                RowFate(int(t.row[k]), RowStatus.USED, "", region, indicator, year)
            )
        else:
            why = _REASONS[code]
            fates.append(
                RowFate(
                    int(t.row[k]),
                    RowStatus.NOT_USED,
                    words[why],
                    region,
                    indicator,
                    year,
                    why,
                )
            )
    return tuple(sorted(fates, key=lambda f: (f.row, f.year or 0)))


def _cause(cause: SetAsideReason | None, reason: str) -> SetAsideReason:
    """Return why a row was skipped (rows skipped by hand may not say)."""
    if cause is not None:
        return cause
    return SetAsideReason.BLANK if "blank" in reason else SetAsideReason.REPEAT


def warnings_of(
    reading: Reading, data: Observations, asked: Sequence[str] = ()
) -> tuple[DataProblem, ...]:
    """Return what the user must know about the data of a run.

    Args:
        reading: What the run read.
        data: The data it ran over.
        asked: The region codes the caller named (a region the caller did
            not name is never "missing").

    Warned: what the reader warned of (``data.warnings``); provisional rows
    left out; a region asked for has no rows; an assessment year has no rows
    for the regions judged; rows for region codes not in the NBS table; a
    target or reference given where no requirement judged reads one.
    """
    t, file = reading.table, data.file
    out: list[DataProblem] = list(data.warnings)
    if not reading.run.provisional:
        out.extend(
            DataProblem(
                f"{std.id}: {_n(len(std.provisional()), 'provisional row')} (待核实, "
                "known only from a plan's quotation) not judged; ask for them with "
                "provisional=True (--provisional on the command line)"
            )
            for std in reading.run.standards
            if std.provisional()
        )
    out += _regions_without_rows(t, asked, file)
    out += _years_without_rows(reading, file)
    unknown = [c for c, k in zip(t.regions, reading.known, strict=True) if not k]
    if unknown:
        count = int((~reading.known[t.region]).sum())
        out.append(
            DataProblem(
                f"{_n(count, 'row')} for {_n(len(unknown), 'region code')} not in "
                f"the NBS 2023 table ({_some(unknown)}): set aside, not judged",
                file,
            )
        )
    from ecociv._arrays import has_number, unique  # noqa: PLC0415  (loads numpy)

    bounded = _fixed_bounds(reading.run)
    for field, read in (("target", reading.target), ("reference", reading.reference)):
        # Entries used whose indicator's targets no requirement reads in any
        # year (an earlier year's target beside a trend is not a surprise).
        values = getattr(t, field)
        if read.all() or not has_number(values):  # the common case: one pass
            continue
        given = reading.read & ~np.isnan(values) & ~read[t.indicator]
        for i in unique(t.indicator[given]).tolist():
            mine = given & (t.indicator == i)
            where = _where(_first_rows(t, mine, mark=True), int(mine.sum()))
            what = "an assigned target" if field == "target" else "a reference value"
            hint = ""
            if field == "target" and t.indicators[i] in bounded:
                hint = (
                    "; to judge it in place of the printed bound, ask for "
                    'targets="data" (--targets data on the command line)'
                )
            out.append(
                DataProblem(
                    f"a {field} is given for {t.indicators[i]}{where}, but no "
                    f"requirement judged reads {what} for it: the {field} is not "
                    f"used{hint}",
                    file,
                    indicator=t.indicators[i],
                )
            )
    return tuple(out)


def _fixed_bounds(run: Run) -> set[str]:
    """Return the indicators a fixed bound judges (an operative target may replace)."""
    out = set()
    for block in run.blocks:
        for rule in walk(block.requirement.rule):
            if isinstance(rule, Threshold):
                out.add(rule.indicator or block.requirement.indicator)
    return out


def _regions_without_rows(
    t: Table, asked: Sequence[str], file: str | None
) -> list[DataProblem]:
    present = set(t.regions)
    missing = [c for c in asked if c not in present]
    if not missing:
        return []
    if len(missing) == 1:
        return [
            DataProblem(
                f"no rows for region {missing[0]} in the data: its requirements "
                "lack data",
                file,
                region=missing[0],
            )
        ]
    return [
        DataProblem(
            f"no rows for {len(missing):,} of the regions asked ({_some(missing)}) "
            "in the data: their requirements lack data",
            file,
        )
    ]


def _years_without_rows(reading: Reading, file: str | None) -> list[DataProblem]:
    t, run = reading.table, reading.run
    if not reading.judged.any():
        return []
    # All the table's regions judged: its years, as its index holds them.
    judged = reading.judged
    years = set(t.years) if judged.all() else _years_of(t, judged)
    span = f"{min(years)}–{max(years)}" if years else "none"
    return [
        DataProblem(
            f"no rows for the assessment year {y} for the regions judged "
            f"(years in the data: {span}): requirements on {y} lack data",
            file,
            year=y,
        )
        for y in run.years
        if y not in years
    ]


def _years_of(t: Table, regions: npt.NDArray[np.bool_]) -> set[int]:
    """Return the years some of the regions marked have entries for."""
    from ecociv._arrays import marked  # noqa: PLC0415  (loads numpy)

    return set(marked(t.year[regions[t.region]]))


def _where(rows: Sequence[int], count: int) -> str:
    """Return " (row 7)", " (3 rows: 5, 6, 9)" or "" when rows are not known."""
    if not rows:
        return f" ({count:,} observations)" if count > 1 else ""
    if count == 1:
        return f" (row {rows[0]})"
    more = ", ..." if len(rows) == FIRST_ROWS and count > len(rows) else ""
    return f" ({count:,} rows: {', '.join(map(str, rows))}{more})"


def _n(count: int, noun: str) -> str:
    """Return "1 row", "2 rows"."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _some(items: Iterable[str]) -> str:
    """Return the first few items, then how many more."""
    items = list(items)
    head = ", ".join(items[:FIRST_ROWS])
    more = len(items) - FIRST_ROWS
    return head + (f" and {more:,} more" if more > 0 else "")
