"""Versioned indicator standards: the model, the loader, the bundled data.

>>> from ecociv import standards
>>> std = standards.load("mee-2024-county")
>>> std.document_number
'环办生态〔2024〕4号'
"""

from __future__ import annotations

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
from ecociv.standards._versions import (
    Coverage,
    Crosswalk,
    FieldChange,
    InForce,
    Link,
    Relation,
    RequirementChange,
    StandardDiff,
    crosswalk,
    diff,
    in_force,
)
from ecociv.standards._writer import dumps


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
