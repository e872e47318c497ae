"""Rules built from rules: AllOf (且), AnyOf (或), Applicable (*), ByRegion.

No rule subclasses another: composites hold their parts, and the verdict
logic of each is one small function in :mod:`ecociv.rules._core`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._region import Region, RegionClass, RegionKind, Terrain
from ecociv.rules._core import (
    Outcome,
    RuleContext,
    Verdict,
    all_of_verdict,
    any_of_verdict,
)
from ecociv.rules._leaf import used_value


if TYPE_CHECKING:
    from ecociv.rules import Rule


__all__ = ["AllOf", "AnyOf", "Applicable", "ByRegion", "RegionCase"]


def _summary(parts: tuple[Outcome, ...], lang: str) -> str:
    sep = ";" if lang == "zh" else "; "
    return sep.join(p.reason(lang) for p in parts)


def _lead(parts: tuple[Outcome, ...], verdict: Verdict) -> Outcome | None:
    """Return the part that decided the verdict (for target and distance)."""
    for p in parts:
        if p.verdict is verdict and p.distance is not None:
            return p
    return None


@attrs.frozen
class AllOf:
    """Every part must hold (且): 完成上级规定的考核任务,且保持稳定或持续下降."""

    kind: ClassVar[str] = "all_of"

    rules: tuple[Rule, ...] = attrs.field(validator=attrs.validators.min_len(1))

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge every part; not met if any part is not met."""
        parts = tuple(r.evaluate(ctx) for r in self.rules)
        verdict = all_of_verdict(p.verdict for p in parts)
        # The failing part decides the distance; when all pass, the tightest does.
        lead = _lead(parts, Verdict.NOT_MET) if verdict is Verdict.NOT_MET else None
        if lead is None and verdict is Verdict.MET:
            passed = [p for p in parts if p.distance is not None]
            lead = min(passed, key=lambda p: p.distance or 0.0) if passed else None
        return _combined(self.kind, verdict, parts, lead)

    def describe(self, lang: str = "zh") -> str:
        """Return the parts joined by 且 / and."""
        return ("," + "且" if lang == "zh" else ", and ").join(
            r.describe(lang) for r in self.rules
        )


@attrs.frozen
class AnyOf:
    """One part suffices (或): ≤25 或持续下降; 亩均GDP增长 ≥6.8% 或 用地下降 ≥4.5%."""

    kind: ClassVar[str] = "any_of"

    rules: tuple[Rule, ...] = attrs.field(validator=attrs.validators.min_len(1))

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge every part; met if any part is met."""
        parts = tuple(r.evaluate(ctx) for r in self.rules)
        verdict = any_of_verdict(p.verdict for p in parts)
        lead = None
        if verdict is Verdict.MET:
            lead = _lead(parts, Verdict.MET)
        elif verdict is Verdict.NOT_MET:
            # The part closest to passing shows how far the region has to go.
            failed = [p for p in parts if p.distance is not None]
            lead = max(failed, key=lambda p: p.distance or 0.0) if failed else None
        return _combined(self.kind, verdict, parts, lead)

    def describe(self, lang: str = "zh") -> str:
        """Return the parts joined by 或 / or."""
        return ("或" if lang == "zh" else " or ").join(
            r.describe(lang) for r in self.rules
        )


def _combined(
    kind: str, verdict: Verdict, parts: tuple[Outcome, ...], lead: Outcome | None
) -> Outcome:
    policy = next((p.policy for p in parts if p.policy is not None), None)
    return Outcome(
        verdict,
        kind,
        _summary(parts, "zh"),
        _summary(parts, "en"),
        values=tuple(dict.fromkeys(v for p in parts for v in p.values)),
        target=lead.target if lead else None,
        distance=lead.distance if lead else None,
        unit=lead.unit if lead else "",
        policy=policy,
        children=parts,
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

    rule: Rule
    where_zh: str = ""
    where_en: str = ""

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Return not applicable when the data says so, else the inner verdict."""
        obs = ctx.observation(ctx.indicator.id, ctx.year)
        if obs is not None and not obs.applicable:
            where_zh = f"(仅适用于{self.where_zh})" if self.where_zh else ""
            where_en = f" (applies only {self.where_en})" if self.where_en else ""
            return Outcome(
                Verdict.NOT_APPLICABLE,
                self.kind,
                f"数据表明{ctx.indicator.name_zh}不涉及{where_zh}",
                f"the data says {ctx.indicator.name_en} does not apply{where_en}",
                values=(used_value(obs),),
            )
        return self.rule.evaluate(ctx)

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

    cases: tuple[RegionCase, ...] = attrs.field(validator=attrs.validators.min_len(1))

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Judge with the first case that matches the region."""
        region = ctx.region
        for case in self.cases:
            if case.matches(region):
                inner = case.rule.evaluate(ctx)
                note_zh = f"按“{case.label_zh}”取值" if case.label_zh else ""
                note_en = f"value for {case.label_en}" if case.label_en else ""
                if region.class_note:
                    note_zh += f";注意:{region.class_note}"
                    note_en += f"; note: {region.class_note}"
                return attrs.evolve(
                    inner,
                    reason_zh=f"{inner.reason_zh}({note_zh})"
                    if note_zh
                    else inner.reason_zh,
                    reason_en=f"{inner.reason_en} ({note_en})"
                    if note_en
                    else inner.reason_en,
                )
        terrain = region.terrain.value if region.terrain else "not given"
        known = "; ".join(c.label_en or c.label_zh for c in self.cases)
        return Outcome(
            Verdict.INSUFFICIENT_DATA,
            self.kind,
            f"标准未给出适用于{region.name}(类别{region.region_class.value}、"
            f"类型{region.kind.value}、地形{terrain})的取值",
            f"the standard gives no value for {region.name} (class "
            f"{region.region_class.value}, kind {region.kind.value}, terrain "
            f"{terrain}); values exist for: {known}",
        )

    def describe(self, lang: str = "zh") -> str:
        """Return each case with its value."""
        sep = ";" if lang == "zh" else "; "
        return sep.join(
            f"{c.label_zh if lang == 'zh' else c.label_en}:{c.rule.describe(lang)}"
            for c in self.cases
        )
