"""ecociv: China's ecological-civilization indicator systems as data, and a rule engine.

>>> import ecociv
>>> std = ecociv.standards.load("mee-2024-county")
>>> len(std.requirements)
31
>>> region = ecociv.Region.from_code("330683")
>>> region.name, region.region_class.value
('嵊州市', 'east')

Importing ecociv is cheap: each public name is imported where it lives on
first use (PEP 562), pint on the first unit conversion, numpy on the first
judgement, cattrs on the first serialisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ecociv._lazy import facade
from ecociv._version import __version__ as __version__


if TYPE_CHECKING:
    from ecociv import (
        analysis as analysis,
    )
    from ecociv import (
        batch as batch,
    )
    from ecociv import (
        errors as errors,
    )
    from ecociv import (
        limits as limits,
    )
    from ecociv import (
        plot as plot,
    )
    from ecociv import (
        report as report,
    )
    from ecociv import (
        rules as rules,
    )
    from ecociv import (
        standards as standards,
    )
    from ecociv import (
        testing as testing,
    )
    from ecociv import (
        units as units,
    )
    from ecociv._account import (
        InputAccount as InputAccount,
    )
    from ecociv._account import (
        RowFate as RowFate,
    )
    from ecociv._account import (
        RowStatus as RowStatus,
    )
    from ecociv._account import (
        SetAside as SetAside,
    )
    from ecociv._account import (
        SetAsideReason as SetAsideReason,
    )
    from ecociv._engine import (
        Assessment as Assessment,
    )
    from ecociv._engine import (
        Judgement as Judgement,
    )
    from ecociv._engine import (
        SideBySide as SideBySide,
    )
    from ecociv._engine import (
        SideBySideRow as SideBySideRow,
    )
    from ecociv._engine import (
        StandardRef as StandardRef,
    )
    from ecociv._engine import (
        Summary as Summary,
    )
    from ecociv._engine import (
        VerdictCounts as VerdictCounts,
    )
    from ecociv._engine import (
        assess as assess,
    )
    from ecociv._engine import (
        compare_versions as compare_versions,
    )
    from ecociv._indicator import (
        Direction as Direction,
    )
    from ecociv._indicator import (
        Indicator as Indicator,
    )
    from ecociv._indicator import (
        IndicatorCatalog as IndicatorCatalog,
    )
    from ecociv._indicator import (
        IndicatorKind as IndicatorKind,
    )
    from ecociv._observation import (
        Observation as Observation,
    )
    from ecociv._observations import (
        Observations as Observations,
    )
    from ecociv._region import (
        FOUR_REGIONS as FOUR_REGIONS,
    )
    from ecociv._region import (
        Region as Region,
    )
    from ecociv._region import (
        RegionClass as RegionClass,
    )
    from ecociv._region import (
        RegionClassScheme as RegionClassScheme,
    )
    from ecociv._region import (
        RegionKind as RegionKind,
    )
    from ecociv._region import (
        RegionLevel as RegionLevel,
    )
    from ecociv._region import (
        Terrain as Terrain,
    )
    from ecociv.batch import (
        BatchResult as BatchResult,
    )
    from ecociv.batch import (
        assess_many as assess_many,
    )
    from ecociv.rules import (
        Outcome as Outcome,
    )
    from ecociv.rules import (
        TrendComparison as TrendComparison,
    )
    from ecociv.rules import (
        TrendPolicy as TrendPolicy,
    )
    from ecociv.rules import (
        Verdict as Verdict,
    )


#: Where each public name lives: imported there on first use.
_HOMES = {
    **dict.fromkeys(
        (
            "Assessment",
            "Judgement",
            "SideBySide",
            "SideBySideRow",
            "StandardRef",
            "Summary",
            "VerdictCounts",
            "assess",
            "compare_versions",
        ),
        "ecociv._engine",
    ),
    **dict.fromkeys(
        ("Direction", "Indicator", "IndicatorCatalog", "IndicatorKind"),
        "ecociv._indicator",
    ),
    "Observation": "ecociv._observation",
    "Observations": "ecociv._observations",
    **dict.fromkeys(
        ("InputAccount", "RowFate", "RowStatus", "SetAside", "SetAsideReason"),
        "ecociv._account",
    ),
    **dict.fromkeys(
        (
            "FOUR_REGIONS",
            "Region",
            "RegionClass",
            "RegionClassScheme",
            "RegionKind",
            "RegionLevel",
            "Terrain",
        ),
        "ecociv._region",
    ),
    **dict.fromkeys(("BatchResult", "assess_many"), "ecociv.batch"),
    **dict.fromkeys(
        ("Outcome", "TrendComparison", "TrendPolicy", "Verdict"), "ecociv.rules"
    ),
}

#: The public subpackages and modules, imported on first use too.
_MODULES = frozenset(
    {
        "analysis",
        "batch",
        "errors",
        "limits",
        "plot",
        "report",
        "rules",
        "standards",
        "testing",
        "units",
    }
)

__all__ = [
    "FOUR_REGIONS",
    "Assessment",
    "BatchResult",
    "Direction",
    "Indicator",
    "IndicatorCatalog",
    "IndicatorKind",
    "InputAccount",
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
    "SetAside",
    "SetAsideReason",
    "SideBySide",
    "SideBySideRow",
    "StandardRef",
    "Summary",
    "Terrain",
    "TrendComparison",
    "TrendPolicy",
    "Verdict",
    "VerdictCounts",
    "analysis",
    "assess",
    "assess_many",
    "batch",
    "compare_versions",
    "errors",
    "from_dict",
    "limits",
    "plot",
    "report",
    "rules",
    "standards",
    "testing",
    "to_dict",
    "to_json",
    "units",
]


__getattr__, __dir__ = facade(globals(), _HOMES, _MODULES)


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
