"""Versioned indicator standards: the model, the loader, the bundled data.

>>> from ecociv import standards
>>> std = standards.load("mee-2024-county")
>>> std.document_number
'环办生态〔2024〕4号'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecociv._lazy import facade
from ecociv.standards._catalog import catalog_markdown
from ecociv.standards._loader import (
    bundled_ids,
    catalog_of,
    load,
    load_file,
    loads,
    reading_catalog,
    shared_indicators,
)
from ecociv.standards._model import (
    Completeness,
    Confidence,
    DocumentKind,
    Domain,
    Level,
    Phase,
    Requirement,
    Source,
    Standard,
    Task,
)
from ecociv.standards._schema import json_schema
from ecociv.standards._writer import dumps


if TYPE_CHECKING:
    from ecociv.standards._versions import Coverage as Coverage
    from ecociv.standards._versions import Crosswalk as Crosswalk
    from ecociv.standards._versions import FieldChange as FieldChange
    from ecociv.standards._versions import InForce as InForce
    from ecociv.standards._versions import Link as Link
    from ecociv.standards._versions import Relation as Relation
    from ecociv.standards._versions import RequirementChange as RequirementChange
    from ecociv.standards._versions import StandardDiff as StandardDiff
    from ecociv.standards._versions import crosswalk as crosswalk
    from ecociv.standards._versions import diff as diff
    from ecociv.standards._versions import in_force as in_force


__all__ = [
    "Completeness",
    "Confidence",
    "Coverage",
    "Crosswalk",
    "DocumentKind",
    "Domain",
    "FieldChange",
    "InForce",
    "Level",
    "Link",
    "Phase",
    "Relation",
    "Requirement",
    "RequirementChange",
    "Source",
    "Standard",
    "StandardDiff",
    "Task",
    "bundled_ids",
    "catalog_markdown",
    "catalog_of",
    "crosswalk",
    "diff",
    "dumps",
    "in_force",
    "json_schema",
    "load",
    "load_file",
    "loads",
    "reading_catalog",
    "shared_indicators",
]

#: The names listed but not imported above: the versions' (which standards
#: applied when, the crosswalk, diffs), imported on first use, as judging a
#: file needs none of them.
_HOMES = dict.fromkeys(
    (name for name in __all__ if name not in globals()), "ecociv.standards._versions"
)

__getattr__, __dir__ = facade(globals(), _HOMES)
