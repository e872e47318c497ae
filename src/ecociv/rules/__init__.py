"""The rule kinds a standard is written in, and what they conclude.

Every rule is a frozen value with ``evaluate(ctx) -> Outcome`` and
``describe(lang) -> str``. The set of kinds is closed: :data:`Rule` is their
union, checked by mypy and by the standard loader, which reads a rule's
``kind`` key to pick its class (see :data:`RULE_KINDS`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import attrs

from ecociv.rules._compose import AllOf, AnyOf, Applicable, ByRegion, RegionCase
from ecociv.rules._core import (
    Comparison,
    Op,
    Outcome,
    RuleContext,
    TrendPolicy,
    UsedValue,
    Verdict,
)
from ecociv.rules._leaf import (
    FACT_WORDS,
    AssignedTarget,
    Change,
    Fact,
    FactState,
    Threshold,
)
from ecociv.rules._rates import Rate, RateMeasure
from ecociv.rules._reference import AboveReference, Around
from ecociv.rules._subregion import SubRegionShare
from ecociv.rules._trend import Trend, TrendKind


__all__ = [
    "FACT_WORDS",
    "RULE_KINDS",
    "AboveReference",
    "AllOf",
    "AnyOf",
    "Applicable",
    "Around",
    "AssignedTarget",
    "ByRegion",
    "Change",
    "Comparison",
    "Fact",
    "FactState",
    "Op",
    "Outcome",
    "Rate",
    "RateMeasure",
    "RegionCase",
    "Rule",
    "RuleContext",
    "SubRegionShare",
    "Threshold",
    "Trend",
    "TrendKind",
    "TrendPolicy",
    "UsedValue",
    "Verdict",
    "walk",
]

#: The closed union of rule kinds.
Rule = (
    Threshold
    | Fact
    | AssignedTarget
    | Trend
    | Change
    | Rate
    | AboveReference
    | Around
    | SubRegionShare
    | AllOf
    | AnyOf
    | Applicable
    | ByRegion
)

# Composites refer to ``Rule`` before it exists; resolve their annotations now.
for _cls in (AllOf, AnyOf, Applicable, RegionCase):
    attrs.resolve_types(_cls, localns={"Rule": Rule})

#: Rule classes by the ``kind`` key that names them in standard files.
RULE_KINDS: Mapping[str, type[Rule]] = MappingProxyType(
    {
        cls.kind: cls
        for cls in (
            Threshold,
            Fact,
            AssignedTarget,
            Trend,
            Change,
            Rate,
            AboveReference,
            Around,
            SubRegionShare,
            AllOf,
            AnyOf,
            Applicable,
            ByRegion,
        )
    }
)


def walk(rule: Rule) -> Iterator[Rule]:
    """Yield ``rule`` and every rule nested in it, depth first."""
    yield rule
    if isinstance(rule, AllOf | AnyOf):
        for part in rule.rules:
            yield from walk(part)
    elif isinstance(rule, Applicable):
        yield from walk(rule.rule)
    elif isinstance(rule, ByRegion):
        for case in rule.cases:
            yield from walk(case.rule)
