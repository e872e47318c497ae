"""The rule kinds a standard is written in, and what they conclude.

Every rule is a frozen value with three parts:

- ``decide(ctx) -> Decision``: judge every region of a :class:`Context` at
  once, as columns (verdict, measure, target, distance and unit per region);
- ``explain(ctx, decision, r) -> Outcome``: write region ``r``'s reasons and
  the values used, from that decision (words only: it never decides again);
- ``describe(lang) -> str``: the rule as a standard prints it.

The set of kinds is closed: :data:`Rule` is their union, so mypy fails when a
kind lacks a part, and the standard loader reads a rule's ``kind`` key to pick
its class (see :data:`RULE_KINDS`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping

import attrs

from ecociv._frozen import FrozenMap
from ecociv._memo import ByIdentity
from ecociv._vocabulary import FACT_WORDS, FactState
from ecociv.rules._compose import AllOf, AnyOf, Applicable, ByRegion, RegionCase
from ecociv.rules._context import Columns, Context
from ecociv.rules._core import ANY, FACTS, NUMBERS, Op, TargetSource, Verdict
from ecociv.rules._decision import Decision
from ecociv.rules._leaf import Change, Fact, Threshold
from ecociv.rules._outcome import Outcome, UsedValue
from ecociv.rules._policy import (
    MAX_WINDOW,
    PRECISION,
    ROUNDING,
    TrendComparison,
    TrendPolicy,
)
from ecociv.rules._rates import Rate, RateMeasure
from ecociv.rules._reference import AboveReference, Around, AssignedTarget
from ecociv.rules._subregion import SubRegionShare
from ecociv.rules._trend import TrendKind, TrendRule


__all__ = [
    "ANY",
    "FACTS",
    "FACT_WORDS",
    "MAX_WINDOW",
    "NUMBERS",
    "PRECISION",
    "ROUNDING",
    "RULE_KINDS",
    "AboveReference",
    "AllOf",
    "AnyOf",
    "Applicable",
    "Around",
    "AssignedTarget",
    "ByRegion",
    "Change",
    "Columns",
    "Context",
    "Decision",
    "Fact",
    "FactState",
    "Op",
    "Outcome",
    "Rate",
    "RateMeasure",
    "RegionCase",
    "Rule",
    "SubRegionShare",
    "TargetSource",
    "Threshold",
    "TrendComparison",
    "TrendKind",
    "TrendPolicy",
    "TrendRule",
    "UsedValue",
    "Verdict",
    "walk",
    "walk_paths",
]

#: The closed union of rule kinds.
Rule = (
    Threshold
    | Fact
    | AssignedTarget
    | TrendRule
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

#: Rule classes by the ``kind`` key that names them in standard files (from the union).
RULE_KINDS: Mapping[str, type[Rule]] = FrozenMap(
    {cls.kind: cls for cls in typing.get_args(Rule)}
)


def walk_paths(rule: Rule, path: str = "rule") -> Iterator[tuple[Rule, str]]:
    """Yield ``rule`` and every rule nested in it with its key path, depth first.

    Nested rules are found in the rule's fields (a rule, a tuple of rules, or
    values such as :class:`RegionCase` that hold rules), so a new composite
    kind needs nothing here. A value that is not an attrs class (not a rule
    ecociv knows) is yielded but not entered.

    >>> from ecociv.rules import AnyOf, Op, Threshold
    >>> [p for _, p in walk_paths(AnyOf((Threshold(Op.GE, 1), Threshold(Op.LE, 9))))]
    ['rule', 'rule.rules[0]', 'rule.rules[1]']
    """
    yield rule, path
    if not attrs.has(type(rule)):
        return
    for field in attrs.fields(type(rule)):
        value = getattr(rule, field.name)
        for part, where in _nested_paths(value, f"{path}.{field.name}"):
            yield from walk_paths(part, where)


_KINDS = frozenset(RULE_KINDS.values())


def _nested_paths(value: object, path: str) -> Iterator[tuple[Rule, str]]:
    if type(value) in _KINDS:
        yield value, path  # type: ignore[misc]
    elif isinstance(value, tuple):
        for k, item in enumerate(value):
            yield from _nested_paths(item, f"{path}[{k}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _nested_paths(getattr(value, field.name), f"{path}.{field.name}")


def walk(rule: Rule) -> tuple[Rule, ...]:
    """Return ``rule`` and every rule nested in it, depth first (:func:`walk_paths`).

    Rules are frozen, so a rule's walk is made once while it lives and
    kept: the engine walks every requirement's rule on every run. What is
    kept are the rules nested in it, not the rule itself, so that the cache
    does not keep a rule alive.
    """
    return (rule, *_nested(rule))


_nested: ByIdentity[Rule, tuple[Rule, ...]] = ByIdentity(
    lambda rule: tuple(r for r, _ in walk_paths(rule))[1:], limit=4096
)
