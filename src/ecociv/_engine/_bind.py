"""Binding a table to the standards: indicator names to ids, units to each indicator's.

:func:`bind` is where observations built by hand meet the catalog: an
indicator named by its Chinese name or an alias takes its id, and values,
targets and references given in another unit are converted, once, to the
indicator's unit (refusing values that cannot mean what their unit says).
Tables from the readers already hold ids and canonical units, their numbers
checked, and pass through unchanged. :func:`~ecociv._engine._run.run` binds
before it decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ecociv._indicator import (
    IndicatorCatalog,
    IndicatorKind,
    out_of_range,
    takes_no_number,
)
from ecociv._table import Table, Texts, factorize
from ecociv.errors import DataError, DataProblem


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["bind"]


def bind(table: Table, catalog: IndicatorCatalog) -> Table:
    """Return the table with indicator names as ids and values in each indicator's unit.

    Readers already give ids and canonical units, and then the table comes
    back as it is. Observations built by hand may name an indicator by its
    Chinese name or an alias, and give another unit (mg/m³ for μg/m³): names
    are resolved and values, targets and references converted here, once,
    and the unit becomes the indicator's (what was given is kept in
    ``given``). A blank unit means the indicator's own. Indicators the
    catalog does not know stay as they are (no rule reads them). Their
    numbers are then held to the reader's rules (a table a reader made is
    ``checked`` already): each within its indicator's possible range, no
    target or reference for a fact.

    Raises:
        UnitError: When a unit does not convert to the indicator's unit.
        DataError: When a fact is given with a unit or a target, or a number
            cannot mean what its unit says (:func:`ecociv.units.misread`) or
            lies outside its indicator's range: every such observation, in
            the order given, each with its first problem.
    """
    if not all(name in catalog for name in table.indicators):
        table = _renamed(table, [_resolve(catalog, n) for n in table.indicators])
    converted: dict[str, Any] = {}
    final: dict[tuple[int, int], str] = {}  # (indicator, unit) -> unit after
    texts, codes = list(table.given.texts), table.given.codes  # copied if changed
    # Each refused observation's first problem, by entry.
    problems: dict[int, str] = {}
    for i, u in table.unit_pairs:
        ind, unit = catalog.get(table.indicators[i]), table.units[u]
        if ind is None or unit == ind.unit:
            continue
        final[(i, u)] = ind.unit
        if unit == "":
            continue
        from ecociv.units import convert_at, no_unit  # noqa: PLC0415  (a unit to read)

        if ind.kind is IndicatorKind.FACT:
            if no_unit(unit):
                continue
            raise DataError(
                [
                    DataProblem(
                        f"an institutional fact takes no unit, got {unit!r}",
                        indicator=ind.id,
                    )
                ]
            )
        at = np.flatnonzero((table.indicator == i) & (table.unit == u) & ~table.boolean)
        if not converted:
            converted = {
                f: getattr(table, f).copy() for f in ("value", "target", "reference")
            }
        changed, refused = convert_at(
            converted, at, unit, ind.unit, indicator_id=ind.id
        )
        for k, message in refused.items():
            problems.setdefault(k, message)
        if not changed:
            continue
        # What was given, where nothing was written: the value in its unit.
        for k in at[codes[at] < 0].tolist():
            v = float(table.value[k])
            if v == v:  # noqa: PLR0124  (NaN: nothing was given)
                if codes is table.given.codes:
                    codes = codes.copy()
                codes[k] = len(texts)
                texts.append(f"{v:g} {unit}")
    if not table.checked:  # hand-built: the reader's checks, on the numbers now
        for k, message in _number_problems(table, converted, catalog):
            problems.setdefault(k, message)
    if problems:  # in the order the observations were given
        # Entries are held in input order.
        raise DataError([_problem(table, k, problems[k]) for k in sorted(problems)])
    if not final and table.checked:
        return table
    if converted:
        converted["given"] = Texts(tuple(texts), codes)
    new = _units(table, final) if final else {}
    return attrs.evolve(table, **converted, **new, checked=True)


def _number_problems(
    table: Table, converted: dict[str, Any], catalog: IndicatorCatalog
) -> list[tuple[int, str]]:
    """Return the problems of hand-built numbers (entry, message), as read ones.

    A value or target outside its indicator's possible range (in the
    indicator's unit: after conversion), and a target or reference given
    for an institutional fact, which is yes or no.
    """
    if not len(table):
        return []
    value, target, reference = (
        converted.get(f, getattr(table, f)) for f in ("value", "target", "reference")
    )
    inds = [catalog.get(name) for name in table.indicators]
    number = ~table.boolean
    outside = out_of_range(inds, table.indicator, value, target)
    problems: list[tuple[int, str]] = []
    for what, x, out in zip(("value", "target"), (value, target), outside, strict=True):
        for k in (out[number[out]] if what == "value" else out).tolist():
            ind = inds[int(table.indicator[k])]
            why = None if ind is None else ind.range_problem(what, float(x[k]))
            if why is not None:
                problems.append((k, why))
    fact_kind = IndicatorKind.FACT
    facts = {c: i for c, i in enumerate(inds) if i is not None and i.kind is fact_kind}
    if facts:
        fact = np.isin(table.indicator, list(facts))
        for what, x in (("target", target), ("reference", reference)):
            for k in np.flatnonzero(fact & ~np.isnan(x)).tolist():
                ind = facts[int(table.indicator[k])]
                why = takes_no_number(ind, what, f"{x[k]:g}")
                problems.append((k, why))
    return problems


def _problem(table: Table, k: int, message: str) -> DataProblem:
    """Return the problem of observation ``k``, named by its key and row."""
    obs = table.observation(k)
    row = int(table.row[k]) or None
    return DataProblem(message, None, row, obs.region, obs.indicator, obs.year)


def _units(table: Table, final: dict[tuple[int, int], str]) -> dict[str, Any]:
    """Return the table's unit columns with each (indicator, unit) pair's new unit."""
    n = len(table.units)
    pair = table.indicator.astype(np.int64) * n + table.unit
    names = [table.units[u] for u in range(n)]
    distinct = sorted(set(names) | set(final.values()))
    code = {name: k for k, name in enumerate(distinct)}
    from ecociv._arrays import unique  # noqa: PLC0415  (loads numpy)

    keys = unique(pair)
    new = np.array(
        [code[final.get(divmod(int(k), n), names[int(k) % n])] for k in keys],
        dtype=np.int32,
    )
    return {"units": tuple(distinct), "unit": new[np.searchsorted(keys, pair)]}


def _renamed(table: Table, ids: list[str]) -> Table:
    """Return the table with its indicators named by ``ids`` (one per category).

    Two names of one indicator (its id and its Chinese name) become one
    category; the same region and year under both is a conflict.

    Raises:
        DataError: When two observations turn out to share a key.
    """
    names, remap = factorize(ids)
    renamed = attrs.evolve(
        table, indicators=names, indicator=remap[table.indicator], order=None
    ).grouped()
    if len(names) < len(ids):
        key = np.stack([renamed.indicator, renamed.region]).astype(np.int64)
        key = (key[0] * len(renamed.regions) + key[1]) * 10_000 + renamed.year
        values, counts = np.unique(key, return_counts=True)
        if (counts > 1).any():
            k = int(np.flatnonzero(np.isin(key, values[counts > 1]))[0])
            obs = renamed.observation(k)
            msg = (
                f"two observations for {obs.key}: the indicator is named twice, "
                "by its id and by another of its names"
            )
            raise DataError(
                [DataProblem(msg, None, None, obs.region, obs.indicator, obs.year)]
            )
    return renamed


def _resolve(catalog: IndicatorCatalog, name: str) -> str:
    """Return the id of the indicator a name (or alias) names, or the name itself."""
    if name in catalog:
        return name
    try:
        return catalog.find(name).id
    except LookupError:
        return name
