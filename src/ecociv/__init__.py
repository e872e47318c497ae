"""ecociv: China's ecological-civilization indicator systems as data, and a rule engine.

>>> import ecociv
>>> std = ecociv.standards.load("mee-2024-county")
>>> len(std.requirements)
31
>>> region = ecociv.Region.from_code("330683")
>>> region.name, region.region_class.value
('嵊州市', 'east')

Importing ecociv is cheap: pint loads on the first unit conversion, cattrs
on the first serialisation.
"""

from __future__ import annotations

from typing import Any, TypeVar

from ecociv import batch, errors, limits, rules, standards
from ecociv._engine import (
    Assessment,
    Judgement,
    SideBySide,
    SideBySideRow,
    StandardRef,
    Summary,
    VerdictCounts,
    assess,
    compare_versions,
)
from ecociv._indicator import Direction, Indicator, IndicatorCatalog, IndicatorKind
from ecociv._observation import Observation
from ecociv._observations import Observations, RowFate, RowStatus
from ecociv._region import (
    FOUR_REGIONS,
    Region,
    RegionClass,
    RegionClassScheme,
    RegionKind,
    RegionLevel,
    Terrain,
)
from ecociv._version import __version__ as __version__
from ecociv.batch import BatchResult, assess_many
from ecociv.rules import Outcome, TrendComparison, TrendPolicy, Verdict


__all__ = [
    "FOUR_REGIONS",
    "Assessment",
    "BatchResult",
    "Direction",
    "Indicator",
    "IndicatorCatalog",
    "IndicatorKind",
    "Judgement",
    "Observation",
    "Observations",
    "Outcome",
    "Region",
    "RegionClass",
    "RegionClassScheme",
    "RegionKind",
    "RegionLevel",
    "RowFate",
    "RowStatus",
    "SideBySide",
    "SideBySideRow",
    "StandardRef",
    "Summary",
    "Terrain",
    "TrendComparison",
    "TrendPolicy",
    "Verdict",
    "VerdictCounts",
    "assess",
    "assess_many",
    "batch",
    "compare_versions",
    "errors",
    "from_dict",
    "limits",
    "rules",
    "standards",
    "to_dict",
    "to_json",
]


T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """Return any ecociv value (assessment, standard, rule ...) as JSON-ready data."""
    from ecociv import _wire  # noqa: PLC0415  (cattrs only when serialising)

    return _wire.to_dict(obj)


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """Return any ecociv value as JSON text (UTF-8, Chinese unescaped).

    A result (an assessment, a comparison) is written as its versioned
    document, the one :func:`ecociv.report.dumps` writes and
    :func:`ecociv.report.loads` reads back.
    """
    from ecociv.report import _json  # noqa: PLC0415  (cattrs only when serialising)

    return _json.to_json(obj, indent=indent)


def from_dict(data: Any, cls: type[T]) -> T:
    """Build an ecociv value of type ``cls`` from JSON-ready data, strictly."""
    from ecociv import _wire  # noqa: PLC0415

    return _wire.from_dict(data, cls)
