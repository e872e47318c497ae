"""Rules built from rules: AllOf (且), AnyOf (或), Applicable (*), ByRegion.

No rule subclasses another: composites hold their parts, decide each part
over every region, and combine the parts' columns.
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import IndicatorKind
from ecociv._region import Region, RegionClass, RegionKind, Terrain
from ecociv.rules._context import Context, shown
from ecociv.rules._core import ANY, Op, Verdict
from ecociv.rules._decision import (
    INSUFFICIENT,
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    Decision,
    codes_where,
    numbers_where,
    same_unit,
)
from ecociv.rules._leaf import Threshold, bounded
from ecociv.rules._outcome import Outcome


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Floats, Ints
    from ecociv._arrays import Int8s as Codes
    from ecociv.rules import Rule
else:
    from ecociv._lazy import numpy as np


__all__ = ["AllOf", "AnyOf", "Applicable", "ByRegion", "RegionCase"]


@functools.cache
def _joined(every: bool) -> Codes:
    """Return the verdict of two verdicts joined, at index ``a * len(Verdict) + b``.

    且 (``every``): either not met → not met; else either insufficient →
    insufficient; else both not applicable → not applicable; else met. 或 is
    the same with met and not met swapped. Joining is associative (it is the
    greater verdict in the order not applicable < fallback < insufficient <
    decisive), so k parts are joined pairwise, and one part is joined with
    itself.
    """
    decisive, fallback = (NOT_MET, MET) if every else (MET, NOT_MET)
    n = len(Verdict)
    table = np.empty(n * n, dtype=np.int8)
    for a, b in itertools.product(range(n), repeat=2):
        if decisive in (a, b):
            code = decisive
        elif INSUFFICIENT in (a, b):
            code = INSUFFICIENT
        elif a == b == NOT_APPLICABLE:
            code = NOT_APPLICABLE
        else:
            code = fallback
        table[a * n + b] = code
    table.flags.writeable = False
    return table


def _combine(parts: list[Decision], *, every: bool) -> npt.NDArray[np.int8]:
    """Combine verdicts: 且 (every) or 或 (any), region by region (:func:`_joined`).

    One lookup per further part: no mask per verdict and part.
    """
    table, n = _joined(every), len(Verdict)
    out = parts[0].verdict
    for p in parts[1:] or parts:
        out = table.take(out * n + p.verdict)
    return out


def _lead(parts: list[Decision], verdict: Codes, *, every: bool) -> Ints:
    """Return, per region, the part that decided (-1: none).

    Where the join is decisive (且: not met; 或: met), the first part with that
    verdict and a distance; where it falls back (且: met; 或: not met), the
    first part with the least distance (且) or the greatest (或), NaN never and
    an infinite one pointing away from the target never; elsewhere none.
    A part with the decisive verdict makes the join decisive, so the two
    cases are told apart by the parts alone.
    """
    decisive, fallback = (NOT_MET, MET) if every else (MET, NOT_MET)
    distances = [p.distance for p in parts]
    if every:  # NaN-ignoring; NaN only where every part has none
        best = functools.reduce(np.fmin, distances)
        closest = (verdict == fallback) & (best < np.inf)
    else:
        best = functools.reduce(np.fmax, distances)
        closest = (verdict == fallback) & (best > -np.inf)
    lead = np.full(len(verdict), -1, dtype=np.int64)
    for k in range(len(parts) - 1, -1, -1):  # the first part found writes last
        p = parts[k]
        leads = (p.verdict == decisive) & (p.distance == p.distance)  # not NaN
        leads |= closest & (p.distance == best)
        np.putmask(lead, leads, k)
    return lead


def _units(parts: list[Decision]) -> tuple[tuple[str, ...], list[Codes]]:
    """Return every part's units together, and each part's codes into them."""
    units = tuple(dict.fromkeys(["", *(u for p in parts for u in p.units)]))
    where = {u: k for k, u in enumerate(units)}
    codes = [
        np.array([where[u] for u in p.units], dtype=np.int8)[p.unit] for p in parts
    ]
    return units, codes


def _pick(
    parts: list[Decision],
    verdict: npt.NDArray[np.int8],
    lead: Ints,
) -> Decision:
    """Return ``verdict`` with, per region, the numbers and unit of part ``lead``.

    Where ``lead`` is -1 there is no number, and the unit is the one every
    part shares, or none (``""``).
    """
    n = len(lead)
    hits = [lead == k for k in range(len(parts))]
    # The last part's numbers, then each earlier part's where it leads (one
    # selection per part and column: a where over floats is faster than a
    # masked write), then none where no part leads.
    measure, target, distance = parts[-1].measure, parts[-1].target, parts[-1].distance
    for p, hit in zip(parts[-2::-1], hits[-2::-1], strict=True):
        measure = np.where(hit, p.measure, measure)
        target = np.where(hit, p.target, target)
        distance = np.where(hit, p.distance, distance)
    measure, target, distance = numbers_where(lead >= 0, measure, target, distance)
    from_data = None
    for p, hit in zip(parts, hits, strict=True):
        if p.from_data is not None:
            if from_data is None:
                from_data = np.zeros(n, dtype=bool)
            np.putmask(from_data, hit, p.from_data)
    one: tuple[str, ...] = parts[0].units
    units: tuple[str, ...]
    if len(one) == 1 and all(p.units == one for p in parts):
        # Every part in one unit (the common case): every region's unit.
        units, unit = one, same_unit(n)
    else:
        units, codes = _units(parts)
        unit = codes[0]
        for c in codes[1:]:
            unit = codes_where(unit == c, unit, 0)
        for c, hit in zip(codes, hits, strict=True):
            np.putmask(unit, hit, c)
    return Decision(
        verdict,
        measure,
        target,
        distance,
        unit,
        units,
        tuple(parts),
        lead,
        from_data,
    )


def _join(rules: tuple[Rule, ...], ctx: Context, *, every: bool) -> Decision:
    """Decide every part and join them: 且 (``every``) or 或.

    The part that decided leads (gives target and distance): for 且 the first
    failing part, or, when all pass, the one with the least margin; for 或 the
    first passing part, or, when none passes, the one closest to passing.
    """
    parts = [rule.decide(ctx) for rule in rules]
    verdict = _combine(parts, every=every)
    lead = _lead(parts, verdict, every=every)
    return _pick(parts, verdict, lead)


def _explain_parts(
    kind: str, rules: tuple[Rule, ...], ctx: Context, decision: Decision, r: int
) -> Outcome:
    children = tuple(
        rule.explain(ctx, part, r)
        for rule, part in zip(rules, decision.parts, strict=True)
    )
    return decision.outcome(
        r,
        kind,
        ";".join(c.reason_zh for c in children),
        "; ".join(c.reason_en for c in children),
        values=tuple(dict.fromkeys(v for c in children for v in c.values)),
        policy=next((c.policy for c in children if c.policy is not None), None),
        children=children,
    )


@attrs.frozen
class AllOf:
    """Every part must hold (且): 完成上级规定的考核任务,且保持稳定或持续下降.

    The failing part gives target and distance; when all pass, the part with
    the least margin does.
    """

    kind: ClassVar[str] = "all_of"
    #: The kinds of indicator it judges (:data:`ecociv.rules.ANY`).
    accepts: ClassVar[frozenset[IndicatorKind]] = ANY

    rules: tuple[Rule, ...] = attrs.field(validator=attrs.validators.min_len(1))

    def decide(self, ctx: Context) -> Decision:
        """Decide every part; not met where any part is not met."""
        return _join(self.rules, ctx, every=True)

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Explain every part for region ``r``; the reasons joined."""
        return _explain_parts(self.kind, self.rules, ctx, decision, r)

    def describe(self, lang: str = "zh") -> str:
        """Return the parts joined by 且 / and."""
        return (",且" if lang == "zh" else ", and ").join(
            r.describe(lang) for r in self.rules
        )


@attrs.frozen
class AnyOf:
    """One part suffices (或): ≤25 或持续下降; 亩均GDP增长 ≥6.8% 或 用地下降 ≥4.5%.

    A passing part gives target and distance; when none passes, the part
    closest to passing does (how far the region has to go).
    """

    kind: ClassVar[str] = "any_of"
    #: The kinds of indicator it judges (:data:`ecociv.rules.ANY`).
    accepts: ClassVar[frozenset[IndicatorKind]] = ANY

    rules: tuple[Rule, ...] = attrs.field(validator=attrs.validators.min_len(1))

    def decide(self, ctx: Context) -> Decision:
        """Decide every part; met where any part is met."""
        return _join(self.rules, ctx, every=False)

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Explain every part for region ``r``; the reasons joined."""
        return _explain_parts(self.kind, self.rules, ctx, decision, r)

    def describe(self, lang: str = "zh") -> str:
        """Return the parts joined by 或 / or."""
        return ("或" if lang == "zh" else " or ").join(
            r.describe(lang) for r in self.rules
        )


@attrs.frozen
class Applicable:
    """A ``*`` indicator: it applies only where the thing exists.

    The verdict is not applicable only when the data says so for the
    assessment year (value 不涉及 / "not applicable"); missing data stays
    insufficient data, and not applicable is never met.

    Args:
        rule: The rule that judges the indicator where it applies.
        where_zh: Where it applies, in Chinese (e.g. "有草原的地区").
        where_en: The same in English.
    """

    kind: ClassVar[str] = "applicable"
    #: The kinds of indicator it judges (:data:`ecociv.rules.ANY`).
    accepts: ClassVar[frozenset[IndicatorKind]] = ANY

    rule: Rule
    where_zh: str = ""
    where_en: str = ""

    def decide(self, ctx: Context) -> Decision:
        """Not applicable where the data says so; elsewhere the inner rule decides."""
        inner = self.rule.decide(ctx)
        col = ctx.column(ctx.indicator)
        na = col.present & ~col.applicable
        return attrs.evolve(
            inner.replace(na, NOT_APPLICABLE), parts=(inner,), lead=None
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say the data marks region ``r`` not applicable, or explain the inner rule."""
        if decision.verdict_at(r) is not Verdict.NOT_APPLICABLE:
            return self.rule.explain(ctx, decision.parts[0], r)
        where_zh = f"(仅适用于{self.where_zh})" if self.where_zh else ""
        where_en = f" (applies only {self.where_en})" if self.where_en else ""
        return decision.outcome(
            r,
            self.kind,
            f"数据表明{ctx.indicator.name_zh}不涉及{where_zh}",
            f"the data says {ctx.indicator.name_en} does not apply{where_en}",
            values=shown(ctx.column(ctx.indicator), r),
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the inner rule, marked with ``*``."""
        return self.rule.describe(lang) + "(*)"


@attrs.frozen
class RegionCase:
    """One branch of a :class:`ByRegion` rule.

    A region matches when its class is in ``classes``, its kind in
    ``kinds`` and its terrain in ``terrains``; an empty set matches anything,
    and a case with terrains never matches a region whose terrain is unknown.
    """

    rule: Rule
    classes: frozenset[RegionClass] = frozenset()
    kinds: frozenset[RegionKind] = frozenset()
    terrains: frozenset[Terrain] = frozenset()
    label_zh: str = ""
    label_en: str = ""

    def matches(self, region: Region) -> bool:
        """Return whether the region falls in this case."""
        return (
            (not self.classes or region.region_class in self.classes)
            and (not self.kinds or region.kind in self.kinds)
            and (not self.terrains or region.terrain in self.terrains)
        )


@attrs.frozen
class ByRegion:
    """A rule whose value depends on the region's class, kind or terrain.

    农村生活污水治理(管控)率: ≥60 for eastern regions and central-western
    municipal districts, ≥30 for other central-western and north-eastern
    units. Cases are tried in order; the first that matches judges. The
    outcome names the case and, when the region's class is ambiguous (Inner
    Mongolia), says so. When no case matches (a terrain the user did not
    give, a class the standard has no value for), the verdict is
    insufficient data, with the reason.
    """

    kind: ClassVar[str] = "by_region"
    #: The kinds of indicator it judges (:data:`ecociv.rules.ANY`).
    accepts: ClassVar[frozenset[IndicatorKind]] = ANY

    cases: tuple[RegionCase, ...] = attrs.field(validator=attrs.validators.min_len(1))

    def case_of(self, region: Region) -> int:
        """Return the index of the first case that matches ``region``, or -1."""
        return next((k for k, c in enumerate(self.cases) if c.matches(region)), -1)

    def decide(self, ctx: Context) -> Decision:
        """Decide each case; every region takes the decision of its own case.

        The decision's parts hold one decision per case, each read only where
        its case applies (``lead``). When every case is a fixed bound with one
        comparison on one indicator (≥60 here, ≥30 there), the cases are one
        comparison with a bound per region, and every part is that decision.
        """

        def cases() -> Ints:
            group, reps = ctx.kinds()
            return np.array([self.case_of(r) for r in reps], dtype=np.int64)[group]

        case: Ints = ctx.memo(("cases", self), cases)
        fixed = ctx.memo(("case bounds", self), lambda: _case_bounds(self.cases, case))
        if fixed is not None:
            op, indicator, bounds = fixed
            one = bounded(ctx, ctx.indicator_for(indicator), op, bounds, case >= 0)
            return attrs.evolve(one, parts=(one,) * len(self.cases), lead=case)
        parts = [c.rule.decide(ctx) for c in self.cases]
        verdict = np.full(ctx.n, INSUFFICIENT, dtype=np.int8)
        for k, p in enumerate(parts):
            verdict = codes_where(case == k, p.verdict, verdict)
        return _pick(parts, verdict, case)

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Explain region ``r``'s case, naming it; or say that no case fits."""
        region = ctx.regions[r]
        k = -1 if decision.lead is None else int(decision.lead[r])
        if k < 0:
            terrain = region.terrain.value if region.terrain else "not given"
            known = "; ".join(c.label_en or c.label_zh for c in self.cases)
            return decision.outcome(
                r,
                self.kind,
                f"标准未给出适用于{region.name}(类别{region.region_class.value}、"
                f"类型{region.kind.value}、地形{terrain})的取值",
                f"the standard gives no value for {region.name} (class "
                f"{region.region_class.value}, kind {region.kind.value}, terrain "
                f"{terrain}); values exist for: {known}",
            )
        case = self.cases[k]
        inner = case.rule.explain(ctx, decision.parts[k], r)
        note_zh = f"按“{case.label_zh}”取值" if case.label_zh else ""
        note_en = f"value for {case.label_en}" if case.label_en else ""
        if region.class_note:
            note_zh += f";注意:{region.class_note}"
            note_en += f"; note: {region.class_note}"
        return attrs.evolve(
            inner,
            reason_zh=f"{inner.reason_zh}({note_zh})" if note_zh else inner.reason_zh,
            reason_en=f"{inner.reason_en} ({note_en})" if note_en else inner.reason_en,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return each case with its value."""
        sep = ";" if lang == "zh" else "; "
        return sep.join(
            f"{c.label_zh if lang == 'zh' else c.label_en}:{c.rule.describe(lang)}"
            for c in self.cases
        )


def _case_bounds(
    cases: tuple[RegionCase, ...], case: Ints
) -> tuple[Op, str | None, Floats] | None:
    """Return the one comparison of cases that are all fixed bounds, if they are.

    The comparison, the indicator and every region's bound (NaN where no
    case applies). None when a case is another kind, or the cases compare
    differently or judge different indicators.
    """
    bounds = [c.rule for c in cases if isinstance(c.rule, Threshold)]
    first = bounds[0] if len(bounds) == len(cases) else None
    if first is None or any(
        b.op is not first.op or b.indicator != first.indicator for b in bounds
    ):
        return None
    values = np.array([b.value for b in bounds] + [np.nan])  # the last: case -1
    return first.op, first.indicator, values[case]
