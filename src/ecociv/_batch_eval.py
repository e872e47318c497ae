"""Vectorized evaluators: one per rule kind, each judging every region at once.

Each evaluator mirrors the ``evaluate`` method of its rule kind in
:mod:`ecociv.rules` and returns, per region, the verdict code, the target and
the signed distance (NaN for None). ``tests/test_batch_property.py`` checks
them against the rules on random data. A rule kind without an evaluator here
is not vectorized: :func:`vectorizable` says so, and the batch engine judges
that requirement region by region through :func:`ecociv.assess`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ecociv._batch_table import FACT_STATES, Table
from ecociv._indicator import Indicator, IndicatorKind
from ecociv._region import Region
from ecociv.rules import (
    AboveReference,
    AllOf,
    AnyOf,
    Applicable,
    Around,
    AssignedTarget,
    ByRegion,
    Change,
    Comparison,
    Fact,
    Op,
    Rate,
    RateMeasure,
    RuleContext,
    Threshold,
    Trend,
    TrendKind,
    TrendPolicy,
    Verdict,
)
from ecociv.rules._leaf import _IMPLIES  # one source of truth


__all__ = ["VERDICTS", "Ctx", "Judged", "evaluate", "vectorizable"]

#: Verdicts by code: the code of a verdict is its position here.
VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
MET, NOT_MET, NOT_APPLICABLE, INSUFFICIENT = (
    VERDICTS.index(v)
    for v in (
        Verdict.MET,
        Verdict.NOT_MET,
        Verdict.NOT_APPLICABLE,
        Verdict.INSUFFICIENT_DATA,
    )
)

Floats = npt.NDArray[np.float64]
Codes = npt.NDArray[np.int8]


@attrs.frozen(eq=False)
class Judged:
    """Per region: verdict codes, targets and distances (NaN for None)."""

    verdict: Codes
    target: Floats
    distance: Floats


@attrs.frozen(eq=False)
class Ctx:
    """What the vectorized evaluators may look at (the batch RuleContext).

    Args:
        table: The data.
        indicator: The requirement's indicator.
        indicators: Every indicator a rule may name, by id.
        year: The assessment year.
        policy: The trend policy.
        regions: The regions, in table order.
        columns: A cache of columns, shared by the contexts of one call.
    """

    table: Table
    indicator: Indicator
    indicators: Mapping[str, Indicator]
    year: int
    policy: TrendPolicy
    regions: tuple[Region, ...]
    #: Columns already cut, by (indicator id, year): shared by every Ctx of a call.
    columns: dict[tuple[str, int], _Column] = attrs.field(factory=dict)

    @property
    def n(self) -> int:
        """Return the number of regions."""
        return len(self.table.regions)

    def indicator_for(self, indicator_id: str | None) -> Indicator:
        """Return the indicator a rule names, or the requirement's own."""
        if indicator_id is None or indicator_id == self.indicator.id:
            return self.indicator
        return self.indicators[indicator_id]

    def column(self, ind: Indicator, year: int) -> _Column:
        """Return the cells of one indicator and year over all regions."""
        key = (ind.id, year)
        col = self.columns.get(key)
        if col is None:
            col = self.columns[key] = self._column(ind, year)
        return col

    def _column(self, ind: Indicator, year: int) -> _Column:
        t = self.table
        idx = t.indicators.index(ind.id) if ind.id in t.indicators else None
        pos = t.cell(idx, year)
        if pos is None:
            n = self.n
            return _Column(
                np.full(n, np.nan),
                np.zeros(n, bool),
                np.ones(n, bool),
                np.zeros(n, bool),
                np.full(n, np.nan),
                np.full(n, -1, np.int8),
                np.full(n, np.nan),
            )
        i, k = pos
        return _Column(
            t.value[i, :, k],
            t.present[i, :, k],
            t.applicable[i, :, k],
            t.boolean[i, :, k],
            t.target[i, :, k],
            t.named[i, :, k],
            t.reference[i, :, k],
        )


@attrs.frozen(eq=False)
class _Column:
    value: Floats
    present: npt.NDArray[np.bool_]
    applicable: npt.NDArray[np.bool_]
    boolean: npt.NDArray[np.bool_]
    target: Floats
    named: Codes
    reference: Floats
    _usable: dict[bool, npt.NDArray[np.bool_]] = attrs.field(factory=dict, init=False)

    def usable(self, ind: Indicator) -> npt.NDArray[np.bool_]:
        """Mirror ``rules._leaf.current``: a value of the right kind, applicable."""
        want_bool = ind.kind is IndicatorKind.FACT
        found = self._usable.get(want_bool)
        if found is None:
            kind_ok = self.boolean if want_bool else ~self.boolean
            found = self.present & self.applicable & ~np.isnan(self.value) & kind_ok
            self._usable[want_bool] = found
        return found


def _judged(verdict: Codes, target: Floats | float, distance: Floats) -> Judged:
    n = len(verdict)
    tgt = np.broadcast_to(np.asarray(target, dtype=np.float64), (n,))
    return Judged(verdict, tgt, distance)


def _compare(op: Op, observed: Floats, bound: Floats | float) -> tuple[Any, Floats]:
    with np.errstate(invalid="ignore"):
        holds = {
            Op.GE: np.greater_equal,
            Op.GT: np.greater,
            Op.LE: np.less_equal,
            Op.LT: np.less,
        }[op](observed, bound)
    margin = observed - bound if op in (Op.GE, Op.GT) else bound - observed
    return holds, np.asarray(margin, dtype=np.float64)


def _leaf(ok: Any, holds: Any, target: Floats | float, margin: Floats) -> Judged:
    verdict = np.full(len(ok), INSUFFICIENT, dtype=np.int8)
    met = ok & holds
    verdict[met] = MET
    verdict[ok & ~met] = NOT_MET
    tgt = np.where(ok, target, np.nan)
    return _judged(verdict, tgt, np.where(ok, margin, np.nan))


def _threshold(rule: Threshold, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    col = ctx.column(ind, ctx.year)
    holds, margin = _compare(rule.op, col.value, rule.value)
    return _leaf(col.usable(ind), holds, rule.value, margin)


def _fact(rule: Fact, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    col = ctx.column(ind, ctx.year)
    ok = col.usable(ind)
    yes = col.value == 1.0
    # fine[k]: the word for state k satisfies the rule; the last slot serves -1.
    fine = np.array(
        [
            named is rule.state or rule.state in _IMPLIES.get(named, ())
            for named in FACT_STATES
        ]
        + [False]
    )
    clash = yes & (col.named >= 0) & ~fine[col.named]
    verdict = np.where(ok & ~clash, np.where(yes, MET, NOT_MET), INSUFFICIENT).astype(
        np.int8
    )
    nan = np.full(ctx.n, np.nan)
    return Judged(verdict, nan, nan)


def _assigned(rule: AssignedTarget, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    col = ctx.column(ind, ctx.year)
    op = Op.GE if ind.direction.sign() >= 0 else Op.LE
    holds, margin = _compare(op, col.value, col.target)
    ok = col.usable(ind) & ~np.isnan(col.target)
    return _leaf(ok, holds, col.target, margin)


def _above_reference(rule: AboveReference, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    col = ctx.column(ind, ctx.year)
    holds, margin = _compare(rule.op, col.value, col.reference)
    ok = col.usable(ind) & ~np.isnan(col.reference)
    return _leaf(ok, holds, col.reference, margin)


def _around(rule: Around, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    col = ctx.column(ind, ctx.year)
    distance = rule.tolerance - np.abs(col.value - rule.value)
    with np.errstate(invalid="ignore"):
        holds = distance >= 0
    return _leaf(col.usable(ind), holds, rule.value, distance)


def _rate(rule: Rate, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    cols = [ctx.column(ind, y) for y in range(ctx.year - rule.years, ctx.year + 1)]
    ok = np.logical_and.reduce([c.usable(ind) for c in cols])
    first, last = cols[0].value, cols[-1].value
    with np.errstate(invalid="ignore", divide="ignore"):
        if rule.measure is RateMeasure.ANNUAL_RISE:
            rate = np.minimum.reduce(
                [b.value - a.value for a, b in itertools.pairwise(cols)]
            )
        else:
            ok = ok & ~((first <= 0) | (last <= 0))
            growth = ((last / first) ** (1 / rule.years) - 1) * 100
            rate = growth if rule.measure is RateMeasure.AVERAGE_GROWTH else -growth
    holds, margin = _compare(rule.op, rate, rule.value)
    return _leaf(ok, holds, rule.value, margin)


def _change(rule: Change, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    now = ctx.column(ind, ctx.year)
    base = ctx.column(ind, ctx.year - rule.lag)
    delta = now.value - base.value
    holds, margin = _compare(rule.op, delta, rule.value)
    return _leaf(now.usable(ind) & base.usable(ind), holds, rule.value, margin)


def _trend(rule: Trend, ctx: Ctx) -> Judged:
    ind = ctx.indicator_for(rule.indicator)
    policy = ctx.policy
    if rule.comparison is not None and rule.comparison is not policy.comparison:
        policy = attrs.evolve(policy, comparison=rule.comparison)
    tol = policy.tolerance_for(ind.id)
    cols = [ctx.column(ind, y) for y in policy.years(ctx.year)]
    ok = np.logical_and.reduce([c.usable(ind) for c in cols])
    pairs = (
        list(itertools.pairwise(cols))
        if policy.comparison is Comparison.CONSECUTIVE
        else [(cols[0], cols[-1])]
    )
    sign = ind.direction.sign() or 1
    with np.errstate(invalid="ignore"):
        worst = np.minimum.reduce([sign * (b.value - a.value) for a, b in pairs])
        if rule.trend is TrendKind.STABLE_OR_IMPROVING:
            holds, distance, target = worst >= -tol, worst + tol, -tol
        else:
            holds, distance, target = worst > 0, worst, 0.0
    return _leaf(ok, holds, target, distance)


def _parts(rules: tuple[Any, ...], ctx: Ctx) -> list[Judged]:
    return [evaluate(r, ctx) for r in rules]


def _pick(parts: list[Judged], chosen: Any) -> tuple[Floats, Floats]:
    target = np.full(len(chosen), np.nan)
    distance = np.full(len(chosen), np.nan)
    for k, p in enumerate(parts):
        hit = chosen == k
        target[hit] = p.target[hit]
        distance[hit] = p.distance[hit]
    return target, distance


def _first(parts: list[Judged], want: int, n: int) -> Any:
    """Mirror ``_compose._lead``: the first part with this verdict and a distance."""
    chosen = np.full(n, -1)
    for k, p in enumerate(parts):
        chosen[(chosen < 0) & (p.verdict == want) & ~np.isnan(p.distance)] = k
    return chosen


def _extreme(parts: list[Judged], n: int, *, low: bool) -> Any:
    """The first part with the smallest (largest) distance, as ``min``/``max`` pick."""
    chosen = np.full(n, -1)
    best = np.full(n, np.nan)
    for k, p in enumerate(parts):
        d = p.distance
        with np.errstate(invalid="ignore"):
            better = (d < best) if low else (d > best)
        take = ~np.isnan(d) & ((chosen < 0) | better)
        chosen[take] = k
        best[take] = d[take]
    return chosen


def _combine(parts: list[Judged], *, every: bool) -> Codes:
    vs = np.stack([p.verdict for p in parts])
    decisive, fallback = (NOT_MET, MET) if every else (MET, NOT_MET)
    out = np.where(
        (vs == decisive).any(axis=0),
        decisive,
        np.where(
            (vs == INSUFFICIENT).any(axis=0),
            INSUFFICIENT,
            np.where((vs == NOT_APPLICABLE).all(axis=0), NOT_APPLICABLE, fallback),
        ),
    )
    return out.astype(np.int8)


def _all_of(rule: AllOf, ctx: Ctx) -> Judged:
    parts = _parts(rule.rules, ctx)
    verdict = _combine(parts, every=True)
    chosen = np.where(
        verdict == NOT_MET,
        _first(parts, NOT_MET, ctx.n),
        np.where(verdict == MET, _extreme(parts, ctx.n, low=True), -1),
    )
    return Judged(verdict, *_pick(parts, chosen))


def _any_of(rule: AnyOf, ctx: Ctx) -> Judged:
    parts = _parts(rule.rules, ctx)
    verdict = _combine(parts, every=False)
    chosen = np.where(
        verdict == MET,
        _first(parts, MET, ctx.n),
        np.where(verdict == NOT_MET, _extreme(parts, ctx.n, low=False), -1),
    )
    return Judged(verdict, *_pick(parts, chosen))


def _applicable(rule: Applicable, ctx: Ctx) -> Judged:
    inner = evaluate(rule.rule, ctx)
    col = ctx.column(ctx.indicator, ctx.year)
    na = col.present & ~col.applicable
    return Judged(
        np.where(na, NOT_APPLICABLE, inner.verdict).astype(np.int8),
        np.where(na, np.nan, inner.target),
        np.where(na, np.nan, inner.distance),
    )


def _by_region(rule: ByRegion, ctx: Ctx) -> Judged:
    group, reps = _groups(ctx.table.regions, ctx.regions)
    per_group = np.array(
        [next((k for k, c in enumerate(rule.cases) if c.matches(r)), -1) for r in reps],
        dtype=np.int64,
    )
    case_of = per_group[group]
    if (case_of < 0).any():
        # The rule itself raises the engine's error, with its message.
        rule.evaluate(_one_context(ctx, int(np.argmax(case_of < 0))))
    verdict = np.full(ctx.n, INSUFFICIENT, dtype=np.int8)
    target = np.full(ctx.n, np.nan)
    distance = np.full(ctx.n, np.nan)
    for k, case in enumerate(rule.cases):
        hit = case_of == k
        if hit.any():
            part = evaluate(case.rule, ctx)
            verdict[hit], target[hit], distance[hit] = (
                part.verdict[hit],
                part.target[hit],
                part.distance[hit],
            )
    return Judged(verdict, target, distance)


_IDENTITY = frozenset({"code", "name", "parent", "province", "province_name", "note"})


_GROUPS: dict[
    tuple[str, ...], tuple[tuple[Region, ...], npt.NDArray[np.int64], list[Region]]
] = {}


def _groups(
    codes: tuple[str, ...], regions: tuple[Region, ...]
) -> tuple[npt.NDArray[np.int64], list[Region]]:
    """Group regions that differ only in identity (code, name ...), not in class.

    A case matches on a region's attributes other than its identity (class,
    kind, terrain ...), so one representative per group decides for all.
    Cached by the codes while the regions are the very same tuple.
    """
    found = _GROUPS.get(codes)
    if found is not None and found[0] is regions:
        return found[1], found[2]
    fields = [f.name for f in attrs.fields(Region) if f.name not in _IDENTITY]
    keys: dict[tuple[Any, ...], int] = {}
    reps: list[Region] = []
    group = np.empty(len(regions), dtype=np.int64)
    for k, r in enumerate(regions):
        key = tuple(getattr(r, f) for f in fields)
        if key not in keys:
            keys[key] = len(reps)
            reps.append(r)
        group[k] = keys[key]
    if len(_GROUPS) > 8:
        _GROUPS.clear()
    _GROUPS[codes] = (regions, group, reps)
    return group, reps


def _one_context(ctx: Ctx, r: int) -> RuleContext:
    reg = ctx.regions[r]
    data = ctx.table.observations(r).for_region(reg.code)
    return RuleContext(ctx.indicator, reg, ctx.year, ctx.policy, data, ctx.indicators)


_EVALUATORS: Mapping[type[Any], Callable[[Any, Ctx], Judged]] = {
    Threshold: _threshold,
    Fact: _fact,
    AssignedTarget: _assigned,
    Change: _change,
    Rate: _rate,
    AboveReference: _above_reference,
    Around: _around,
    Trend: _trend,
    AllOf: _all_of,
    AnyOf: _any_of,
    Applicable: _applicable,
    ByRegion: _by_region,
}


def vectorizable(rule: Any) -> bool:
    """Return whether every kind in the rule's tree has a vectorized evaluator."""
    if type(rule) not in _EVALUATORS:
        return False
    if isinstance(rule, AllOf | AnyOf):
        return all(vectorizable(r) for r in rule.rules)
    if isinstance(rule, Applicable):
        return vectorizable(rule.rule)
    if isinstance(rule, ByRegion):
        return all(vectorizable(c.rule) for c in rule.cases)
    return True


def evaluate(rule: Any, ctx: Ctx) -> Judged:
    """Judge a rule over every region of the context's table at once."""
    return _EVALUATORS[type(rule)](rule, ctx)
