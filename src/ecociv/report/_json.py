"""Versioned JSON documents of assessments and comparisons, and their schemas.

A document is the object's fields with ``"format"`` and ``"version"`` in
front; the JSON Schema of each format ships in ``ecociv/schemas/`` and is
published in the docs. Reading a document back gives an equal object.

>>> from ecociv.report import Comparison, dumps, loads
>>> table = Comparison(())
>>> dumps(table, indent=None)
'{"format": "ecociv.comparison", "version": 1, "rows": []}'
>>> loads(dumps(table)) == table
True
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ecociv._wire import SCHEMA_VERSION, from_document, to_document


__all__ = ["SCHEMA_VERSION", "dumps", "from_document", "loads", "schema", "to_document"]


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """Return an assessment or comparison as a JSON document (UTF-8 text)."""
    return json.dumps(to_document(obj), ensure_ascii=False, indent=indent)


def loads(text: str | bytes) -> Any:
    """Read a JSON document back into an assessment or comparison.

    Raises:
        DataError: When the document is not one this ecociv reads.
    """
    return from_document(json.loads(text))


def schema(name: str = "assessment", version: int = SCHEMA_VERSION) -> Any:
    """Return the JSON Schema of a document format as a dict.

    Args:
        name: ``"assessment"`` or ``"comparison"``.
        version: The format version.

    Raises:
        LookupError: When no such schema ships with ecociv.

    >>> schema("comparison")["title"]
    'ecociv comparison, version 1'
    """
    path = resources.files("ecociv.schemas") / f"{name}-{version}.json"
    if not path.is_file():
        raise LookupError(f"no schema {name!r} version {version} in ecociv")
    return json.loads(path.read_text(encoding="utf-8"))
