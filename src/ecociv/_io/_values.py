"""The value cells of a sheet's entries: numbers, yes/no words, 不涉及, units.

Run by :class:`~ecociv._io._read.SheetReading` once its entries' keys are
read: each entry's value, target and reference are read as its indicator's
kind asks (a number, perhaps with a unit glued on; a yes/no state; the higher
level's 完成 / 未完成), converted to the indicator's unit once per (indicator,
unit) pair, and checked against the indicator's possible range. Every rule
runs once per distinct cell; entries carry codes, masks and numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, cast

from ecociv._arrays import is_blank, spread
from ecociv._indicator import (
    Indicator,
    IndicatorKind,
    out_of_range,
    takes_no_number,
)
from ecociv._io._cells import agree
from ecociv._io._vectors import (
    Column,
    distinct,
    flags,
    numbers,
    per,
    renumber,
)
from ecociv._vocabulary import (
    FACT_WORDS,
    NO_DATA_WORDS,
    NOT_APPLICABLE_WORDS,
    TASK_WORDS,
    state_code,
)
from ecociv.errors import UnitError, excerpt
from ecociv.units import convert_at, no_unit


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Bools, Floats, Ints
    from ecociv._io._read import SheetReading
else:
    from ecociv._lazy import numpy as np


__all__ = ["read_values"]

_ACCEPTED_FACTS = "/".join(FACT_WORDS)


def read_values(read: SheetReading) -> None:
    """Read value, target, reference and unit, as the indicator's kind asks.

    Every rule runs once per distinct cell (or per distinct pair of a
    unit and an indicator); entries carry only codes, masks and numbers,
    so a national file costs array operations, not a loop over rows.
    """
    n, c = len(read.ok), read.cells
    value = c["value"]
    read.vtexts = value.texts
    keys_ok = read.ok.copy()
    is_fact = np.array(
        [i is not None and i.kind is IndicatorKind.FACT for i in read.inds],
        dtype=bool,
    )
    fact = spread(is_fact, read.ind) if len(is_fact) else np.zeros(n, dtype=bool)
    _units(read)
    read.na = keys_ok & per(
        value, lambda t: t.lower() in NOT_APPLICABLE_WORDS, bool, words=True
    )
    # Entries whose keys were read and whose value applies: a fact's, or a
    # number's (a quantity, or the higher level's verdict 完成/未完成).
    live = keys_ok & ~read.na
    facts = live & fact
    numeric = live ^ facts
    del live
    task = list(distinct(value, lambda t: TASK_WORDS.get(t.lower()), words=True))
    said = numeric & flags(task, value.codes)
    quantity = numeric & ~said if any(t is not None for t in task) else numeric
    # The numbers read become the entries' values (no copy): an entry of
    # another kind has none but what its own reading (facts, tasks) puts.
    numbered = numbers(value, "value")
    v = numbered[0] if not is_blank(numbered[0]) else np.full(n, np.nan)
    v[~quantity] = np.nan
    read.value = v
    read.boolean = np.zeros(n, dtype=bool)
    read.named = np.full(n, -1, dtype=np.int8)
    read.given = np.full(n, -1, dtype=np.int32)
    read.shown = list(value.texts)
    # Not applicable (不涉及): no value, whatever the other cells hold.
    read.given[read.na] = value.codes[read.na]
    _facts(read, facts)
    _tasks(read, said, task)
    _quantities(read, quantity, numbered)


def _units(read: SheetReading) -> None:
    """Read each entry's unit as a code into ``read.units`` (the unit texts).

    The unit column's text, or, where it is blank, the unit an indicator
    name carries in brackets (PM2.5浓度(μg/m³)); the two must agree where
    both are written.
    """
    cells = read.cells["unit"]
    texts = list(cells.texts)
    codes = cells.codes  # the cells' own (perhaps Arrow's): copied before a write
    named = read.named_units
    if any(u is not None for u in named):
        at = {t: k for k, t in enumerate(texts)}
        for u in named:
            if u is not None and u not in at:
                at[u] = len(texts)
                texts.append(u)
        by_name = spread(
            np.array([-1 if u is None else at[u] for u in named]), read.ind
        )
        bracketed = by_name >= 0
        blank = spread(np.array([t == "" for t in texts], dtype=bool), codes)
        # Where both are written they must agree: once per (name, unit) pair.
        both = np.flatnonzero(bracketed & ~blank & read.ok)
        for group, (name, unit) in _groups(both, read.ind, codes):
            ind = cast("Indicator", read.inds[name])
            try:
                agree(texts[unit], {"indicator's name": named[name]}, ind)
            except (UnitError, ValueError) as exc:
                read.fail_at(group, str(exc))
        codes = np.where(bracketed & blank, by_name, codes)
    read.units, read.unit = texts, codes


def _unit_text(read: SheetReading, k: int) -> str:
    return str(read.units[int(read.unit[k])])


def _tasks(read: SheetReading, said: Bools, task: list[bool | None]) -> None:
    """Read 完成 / 未完成 in a number's value cell: the higher level's verdict.

    It is yes/no for the indicator (judged by an assigned-target rule
    only); a target or reference beside it would be a second answer to
    the same question, and is refused; so is a unit other than the
    indicator's own.
    """
    if not said.any():
        return
    c, codes = read.cells, read.cells["value"].codes
    read.fail(
        said & ~(c["target"].blank() & c["reference"].blank()),
        lambda k: (
            f"value {excerpt(read.vtexts[codes[k]])} is the higher level's "
            "verdict on the assigned task: give it without a target or reference"
        ),
    )
    at = np.flatnonzero(said & read.ok)
    for group, (name, unit) in _groups(at, read.ind, read.unit):
        ind, written = cast("Indicator", read.inds[name]), read.units[unit]
        if no_unit(written):
            continue
        try:
            agree(written, {"indicator": ind.unit}, ind)
        except (UnitError, ValueError):
            read.fail_at(group, _task_unit(read, ind, written))
    ok = said & read.ok
    yes = spread(np.array([t is True for t in task], dtype=bool), codes)
    read.value[ok] = np.where(yes[ok], 1.0, 0.0)
    read.boolean[ok] = True
    read.given[ok] = codes[ok]


def _task_unit(read: SheetReading, ind: Indicator, unit: str) -> Callable[[int], str]:
    """Return the message of a task verdict written with another unit."""
    codes = read.cells["value"].codes
    return lambda k: (
        f"value {excerpt(read.vtexts[codes[k]])} is the higher level's verdict on "
        f"the assigned task: its unit is the indicator's ({ind.unit}) or none, "
        f"got {excerpt(unit)}"
    )


def _facts(read: SheetReading, f: Bools) -> None:
    """Read the entries of yes/no indicators: a word, or no data; no unit."""
    at = np.flatnonzero(f)  # a few indicators' entries: worked on alone
    if not len(at):
        return
    # The value texts these entries hold, each read once (not every text).
    used, local = renumber(read.cells["value"].codes[at], len(read.vtexts))
    texts = [read.vtexts[u] for u in used.tolist()]
    unitless = np.array([no_unit(t) for t in read.units], dtype=bool)
    read.fail_at(
        at[~spread(unitless, read.unit[at])],
        lambda k: (
            f"an institutional fact takes no unit, got {excerpt(_unit_text(read, k))}"
        ),
    )
    word = [FACT_WORDS.get(t.lower()) for t in texts]
    nodata = spread(np.array([t in NO_DATA_WORDS for t in texts], dtype=bool), local)
    read.fail_at(
        at[~nodata & ~flags(word, local)],
        lambda k: (
            f"value {excerpt(read.vtexts[read.cells['value'].codes[k]])} is "
            f"not a yes/no state (accepted: {_ACCEPTED_FACTS}, 不涉及)"
        ),
    )
    for what in ("target", "reference"):  # yes or no: no number to compare with
        cells = read.cells[what]
        given = np.array([t not in NO_DATA_WORDS for t in cells.texts], dtype=bool)
        if given.any():
            read.fail_at(at[spread(given, cells.codes[at])], _takes_no(read, what))
    keep = ~nodata & read.ok[at]
    at, local = at[keep], local[keep]
    holds = np.array([bool(w and w[0]) for w in word], dtype=np.float64)
    read.value[at] = spread(holds, local)
    read.boolean[at] = True
    named = np.array([state_code(t) for t in texts], dtype=np.int8)
    read.named[at] = spread(named, local)
    read.given[at] = spread(used, local)


def _takes_no(read: SheetReading, what: str) -> Callable[[int], str]:
    """Return the message of a fact's entry given a target or a reference."""
    cells = read.cells[what]

    def message(k: int) -> str:
        shown = excerpt(cells.texts[cells.codes[k]])
        return takes_no_number(_indicator(read, k), what, shown)

    return message


def _quantities(
    read: SheetReading, q: Bools, value: tuple[Floats, Column, Column]
) -> None:
    """Read the entries of numbers: perhaps a unit glued on, then converted.

    ``value`` is the value column's numbers (``read.value`` already holds
    them at the entries ``q``).
    """
    c = read.cells
    v, (_, gv, pv) = read.value, value
    t, gt, pt = numbers(c["target"], "target")
    r, gr, pr = numbers(c["reference"], "reference")
    for problem in (pv, pt, pr):
        if problem:
            read.fail(q & problem.flags, problem.message)
    glued = np.zeros(0, dtype=np.int64)
    if gv or gt or gr:
        some = [g.flags for g in (gv, gt, gr) if g]
        glued = np.flatnonzero(np.logical_or.reduce(some) & q & read.ok)
    # Once per distinct (name, unit, value, target, reference) cells; a unit
    # read from the numbers joins the unit texts once.
    index = {u: k for k, u in enumerate(read.units)}
    cells = (c["value"].codes, c["target"].codes, c["reference"].codes)
    for group, (name, unit, *_) in _groups(glued, read.ind, read.unit, *cells):
        k = int(group[0])
        parts = {"value": gv.at(k), "target": gt.at(k), "reference": gr.at(k)}
        written = read.units[unit]
        try:
            agreed = agree(written, parts, cast("Indicator", read.inds[name]))
        except (UnitError, ValueError) as exc:
            read.fail_at(group, str(exc))
            continue
        if agreed != written:
            if agreed not in index:
                index[agreed] = len(read.units)
                read.units.append(agreed)
            if read.unit is c["unit"].codes:  # the cells' own: not written to
                read.unit = read.unit.copy()
            read.unit[group] = index[agreed]
    columns = {"value": v, "target": t, "reference": r}
    columns = {f: x for f, x in columns.items() if not is_blank(x)}
    converted, from_unit = _convert(read, q & read.ok, columns)
    # Ranges: values and targets an indicator cannot have.
    outside = out_of_range(read.inds, read.ind, v, t)
    for what, x, out in zip(("value", "target"), (v, t), outside, strict=True):
        read.fail_at(out[q[out]], _out_of_range(read, what, x))
    refused = q & ~read.ok
    q &= read.ok
    # The columns read become the entries' own (no copy): a refused entry,
    # or one of another kind, has no number of theirs.
    v[refused] = np.nan
    for x in (t, r):
        if not is_blank(x):
            x[~q] = np.nan
    read.target, read.reference = t, r
    _given(read, q, gv, converted, from_unit)


def _given(
    read: SheetReading,
    q: Bools,
    glued: Column,
    converted: Ints,
    from_unit: npt.NDArray[np.int32],
) -> None:
    """Keep what the source wrote of the values read, when not the number itself.

    A value with a unit glued on (``35μg/m3``) shows its cell; one
    converted from the unit column's unit shows the value and that unit,
    one text per pair. ``q``: the entries of numbers kept.
    """
    v, codes = read.value, read.cells["value"].codes
    if glued:  # the value as written, its unit glued on
        glued_v = q & glued.flags & ~np.isnan(v)
        read.given[glued_v] = codes[glued_v]
    keep = q[converted] & ~np.isnan(v[converted])
    if glued:
        keep &= ~glued.flags[converted]
    at, from_unit = converted[keep], from_unit[keep]
    if len(at):  # the value and the unit it was converted from, once per pair
        units = len(read.units)
        pairs, back = np.unique(
            codes[at].astype(np.int64) * units + from_unit, return_inverse=True
        )
        read.given[at] = len(read.shown) + back
        read.shown += [
            f"{read.vtexts[p // units]} {read.units[p % units]}" for p in pairs.tolist()
        ]


def _indicator(read: SheetReading, k: int) -> Indicator:
    """Return entry ``k``'s indicator (known once the entry's keys were read)."""
    return cast("Indicator", read.inds[read.ind[k]])


def _out_of_range(read: SheetReading, what: str, x: Floats) -> Callable[[int], str]:
    def message(k: int) -> str:
        return str(_indicator(read, k).range_problem(what, float(x[k])))

    return message


def _convert(
    read: SheetReading, where: Bools, columns: dict[str, Floats]
) -> tuple[Ints, npt.NDArray[np.int32]]:
    """Convert numbers to each indicator's unit, once per (indicator, unit).

    ``columns``: the columns of numbers (value, target, reference) that hold
    some, converted in place. Returns the entries converted, and the code
    of the unit each was converted from.
    """
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))
    # Each name's own unit as a code into the units read: an entry in
    # another unit (not blank) needs a conversion. Found per name, then one
    # look-up per entry: linear in the names, units and entries, however
    # many distinct names and units a file holds (no table of every pair).
    code = {u: k for k, u in enumerate(read.units)}
    written = set(code) - {""}
    owns = {ind.unit for ind in read.inds if ind is not None}
    if not written or (len(written) == 1 and written == owns):
        return none  # no unit written, or the one every name is in
    absent = len(code)  # a unit no entry is in
    own = np.array(
        [absent if ind is None else code.get(ind.unit, absent) for ind in read.inds],
        dtype=np.int32,
    )
    unit = read.unit
    differs = unit != spread(own, read.ind)
    if "" in code:
        differs &= unit != code[""]
    differs &= where
    if None in read.inds:  # an unknown name is never converted
        known = np.array([i is not None for i in read.inds], dtype=bool)
        differs &= spread(known, read.ind)
    idx = np.flatnonzero(differs)
    del differs
    if not len(idx):
        return none
    done, since = [], []
    for at, (i, u) in _groups(idx, read.ind, unit):  # each pair converted once
        ind, given = cast("Indicator", read.inds[i]), str(read.units[u])
        try:
            changed, refused = convert_at(
                columns, at, given, ind.unit, indicator_id=ind.id
            )
        except UnitError as exc:
            read.fail_at(at, str(exc))
            continue
        if refused:
            read.fail_at(np.array(list(refused)), refused.__getitem__)
        if changed:
            done.append(at)
            since.append(np.full(len(at), u, dtype=np.int32))
    if not done:
        return none
    return np.concatenate(done), np.concatenate(since)


def _groups(at: Ints, *keys: Ints) -> Iterator[tuple[Ints, list[int]]]:
    """Yield the entries ``at`` grouped by their keys: (entries, the keys' values).

    Each group once, in the order of its keys; a rule run per group runs
    once per distinct combination, however many entries share it.
    """
    if not len(at):
        return
    table = np.stack([np.asarray(key)[at] for key in keys], axis=1)
    distinct, back = np.unique(table, axis=0, return_inverse=True)
    back = back.ravel()
    order = np.argsort(back, kind="stable")
    stops = np.cumsum(np.bincount(back, minlength=len(distinct)))
    start = 0
    for row, stop in zip(distinct.tolist(), stops.tolist(), strict=True):
        yield at[order[start:stop]], row
        start = stop
