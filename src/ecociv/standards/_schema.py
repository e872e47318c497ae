"""The JSON Schema of standard and plan files (``docs/standard-schema.json``).

TOML files are checked against it after parsing (TOML dates appear as
``"format": "date"`` strings). It is derived from the model by
:mod:`ecociv._schema`, so it cannot drift from what the loader accepts.
"""

from __future__ import annotations

from typing import Any

from ecociv._schema import schema_of
from ecociv.standards._model import Standard


__all__ = ["json_schema"]

SCHEMA_ID = "https://ecociv.invalid/schemas/standard-1.json"


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a standard or plan file."""
    return schema_of(
        Standard, schema_id=SCHEMA_ID, title="ecociv standard or plan file"
    )
