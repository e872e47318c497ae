"""The one home of argument checks for every entry to the engine.

``assess``, ``assess_many`` and ``compare_versions`` take standards, regions,
years, data and policies in the same forms and refuse the same mistakes with
the same :class:`~ecociv.errors.ArgumentError`, never coercing a value of the
wrong kind.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import cast

from ecociv import limits
from ecociv._observation import Observation
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv.errors import ArgumentError
from ecociv.rules import TargetSource, TrendPolicy
from ecociv.standards import Standard


__all__ = [
    "flag_of",
    "observations_of",
    "policy_of",
    "region_of",
    "regions_of",
    "standards_of",
    "targets_of",
    "year_of",
    "years_of",
]


def standards_of(standards: object) -> list[Standard]:
    """Return the standards asked for: one or several, objects or bundled ids.

    Raises:
        ArgumentError: When ``standards`` is none of these, is empty, or names
            one standard id twice (two standards claiming one id would be
            counted together).
        UnknownStandardError: When an id is not bundled.
    """
    from ecociv import standards as bundled  # noqa: PLC0415

    items = [standards] if isinstance(standards, Standard | str) else standards
    if not isinstance(items, Iterable) or isinstance(items, bytes):
        raise ArgumentError(
            "standards", standards, "accepted: a Standard, an id, or a list of them"
        )
    out: list[Standard] = []
    for s in items:
        if not isinstance(s, Standard | str):
            raise ArgumentError("standards", s, "accepted: a Standard or an id")
        out.append(bundled.load(s) if isinstance(s, str) else s)
    if not out:
        raise ArgumentError("standards", standards, "give at least one standard")
    seen: set[str] = set()
    for std in out:
        if std.id in seen:
            raise ArgumentError(
                "standards",
                std.id,
                "each standard once: two standards with one id would be counted "
                "together (give a user file its own id)",
            )
        seen.add(std.id)
    return out


def standard_of(standard: object) -> Standard:
    """Return the one standard asked for (an object or a bundled id)."""
    if not isinstance(standard, Standard | str):
        raise ArgumentError("standard", standard, "accepted: a Standard or an id")
    return standards_of(standard)[0]


def year_of(year: object) -> int:
    """Return a year given as an integer, one ecociv reads.

    Raises:
        ArgumentError: When ``year`` is not an integer (a bool is not), or
            lies outside ``ecociv.limits.min_year`` .. ``max_year``
            (:func:`ecociv.limits.year_problem`).
    """
    why = limits.year_problem(year)
    if why is not None:
        raise ArgumentError("year", year, why)
    return int(cast("numbers.Integral", year))  # an integer: year_problem says so


def years_of(years: object) -> list[int]:
    """Return the years asked for: one or several integers, each once.

    Raises:
        ArgumentError: When a year is not an integer, or none is given.
    """
    items = (
        [years] if not isinstance(years, Iterable) or isinstance(years, str) else years
    )
    out = list(dict.fromkeys(year_of(y) for y in items))
    if not out:
        raise ArgumentError("years", years, "give at least one year")
    return out


def region_of(region: object) -> Region:
    """Return a region given as a :class:`~ecociv.Region`, a code or a name.

    A code or a name is found as :meth:`ecociv.Region.find` finds it, as
    the command line's ``--region`` and a data file's region column are: a
    name (``嵊州市``, ``浙江省嵊州市``), a unit renamed or merged since
    (``莱芜市``, ``522200``) as its successor, whose ``note`` says so.

    Raises:
        ArgumentError: When ``region`` is none of these.
        UnknownRegionError: When the code or name matches no region, or a
            name several (the message lists them).
    """
    if isinstance(region, Region):
        return region
    if isinstance(region, str):
        return Region.find(region)
    raise ArgumentError("region", region, "accepted: a Region, a code or a name")


def regions_of(regions: object) -> list[Region]:
    """Return the regions asked for, each once, in the order given.

    Raises:
        ArgumentError: When ``regions`` is not a list of regions, codes or
            names, or is empty (None asks for every region in the data; an
            empty list would judge none, and say nothing), or names one
            region twice as two different :class:`~ecociv.Region` values
            (one with overrides, one without: which to judge?).
    """
    if isinstance(regions, Region | str):
        regions = [regions]
    if not isinstance(regions, Iterable) or isinstance(regions, bytes):
        raise ArgumentError(
            "regions", regions, "accepted: Regions, codes or names, in a list"
        )
    out: dict[str, Region] = {}
    for r in map(region_of, regions):
        if out.setdefault(r.code, r) != r:
            raise ArgumentError(
                "regions",
                regions,
                f"each region once: {r.code} is given twice, differently",
            )
    if not out:
        raise ArgumentError(
            "regions", regions, "give at least one region (None: every region)"
        )
    return list(out.values())


def flag_of(value: object, name: str = "provisional") -> bool:
    """Return a yes/no option given as a bool (never a truthy value of another kind)."""
    if not isinstance(value, bool):
        raise ArgumentError(name, value, "accepted: True or False")
    return value


def targets_of(targets: object) -> TargetSource:
    """Return which target fixed bounds are judged against: "standard" or "data".

    Raises:
        ArgumentError: When ``targets`` is neither (nor a :class:`TargetSource`).
    """
    if isinstance(targets, TargetSource):
        return targets
    try:
        return TargetSource(targets)
    except ValueError:
        accepted = " or ".join(repr(t.value) for t in TargetSource)
        raise ArgumentError("targets", targets, f"accepted: {accepted}") from None


def policy_of(policy: object) -> TrendPolicy:
    """Return the trend policy (None: the default)."""
    if policy is None:
        return TrendPolicy()
    if not isinstance(policy, TrendPolicy):
        raise ArgumentError("policy", policy, "accepted: a TrendPolicy")
    return policy


def observations_of(data: object) -> Observations:
    """Return data given as :class:`~ecociv.Observations` or observation values.

    Raises:
        ArgumentError: When ``data`` is neither.
    """
    if isinstance(data, Observations):
        return data
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        items = tuple(data)
        if all(isinstance(o, Observation) for o in items):
            return Observations(items)
    raise ArgumentError(
        "observations", data, "accepted: Observations or Observation values"
    )
