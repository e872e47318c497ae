"""Versioned JSON documents of results, and their schemas.

A document is the object's fields, as the one converter writes them
(:mod:`ecociv._wire`), with ``"format"`` and ``"version"`` in front. Each
format's JSON Schema is derived from the model (:func:`document_schema`) and
ships in ``ecociv/schemas/`` (a test keeps the two equal); reading a document
back gives an equal object.

>>> from ecociv.report import Comparison, dumps, loads
>>> table = Comparison(())
>>> dumps(table, indent=None)
'{"format": "ecociv.comparison", "version": 2, "rows": []}'
>>> loads(dumps(table)) == table
True
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ecociv import _wire
from ecociv._engine import Assessment
from ecociv._schema import schema_of
from ecociv.errors import DataError, DataProblem
from ecociv.report._table import Comparison


__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "document_schema",
    "dumps",
    "from_document",
    "loads",
    "schema",
    "to_document",
    "to_json",
]

#: The version of every document format (``assessment-2.json`` ...).
SCHEMA_VERSION = 2

#: Document formats by name: the ``format`` key is ``"ecociv." + name``.
FORMATS: dict[str, type[Any]] = {"assessment": Assessment, "comparison": Comparison}


def to_document(obj: Any) -> dict[str, Any]:
    """Return a result as a versioned JSON document (plain data).

    Raises:
        TypeError: For an object that has no document format.
    """
    for name, cls in FORMATS.items():
        if isinstance(obj, cls):
            head = {"format": f"ecociv.{name}", "version": SCHEMA_VERSION}
            return {**head, **_wire.to_dict(obj)}
    raise TypeError(f"no document format for {type(obj).__name__}")


def from_document(data: Any) -> Any:
    """Build the result a versioned document holds.

    Raises:
        DataError: When the format or version is not one this ecociv reads,
            or the document does not match it (every problem listed).
    """
    if not isinstance(data, dict):
        raise DataError([DataProblem("a document must be a JSON object")])
    name, version = data.get("format"), data.get("version")
    cls = FORMATS.get(name.removeprefix("ecociv.")) if isinstance(name, str) else None
    if cls is None or not str(name).startswith("ecociv.") or version != SCHEMA_VERSION:
        known = ", ".join(f"ecociv.{k} version {SCHEMA_VERSION}" for k in FORMATS)
        msg = f"cannot read format {name!r} version {version!r}; ecociv reads {known}"
        raise DataError([DataProblem(msg)])
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    try:
        return _wire.from_dict(body, cls)
    except _wire.StructureError as exc:
        raise DataError([DataProblem(p) for p in _wire.problems(exc)]) from exc


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """Return any ecociv value as JSON text; a result as its versioned document.

    This is :func:`ecociv.to_json`: a result of a format in :data:`FORMATS`
    is written as :func:`dumps` writes it, any other value (a standard, a
    side-by-side judgement) as the converter writes it.
    """
    if isinstance(obj, tuple(FORMATS.values())):
        return dumps(obj, indent=indent)
    return _wire.to_json(obj, indent=indent)


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """Return a result as a JSON document (UTF-8 text)."""
    return json.dumps(to_document(obj), ensure_ascii=False, indent=indent)


def loads(text: str | bytes) -> Any:
    """Read a JSON document back into the result it holds.

    Raises:
        DataError: When the document is not one this ecociv reads.
    """
    return from_document(json.loads(text))


def document_schema(name: str) -> dict[str, Any]:
    """Return the JSON Schema of a document format, derived from the model.

    Raises:
        LookupError: When there is no such format.
    """
    if name not in FORMATS:
        raise LookupError(f"no document format {name!r}; formats: {', '.join(FORMATS)}")
    return schema_of(
        FORMATS[name],
        schema_id=f"urn:ecociv:schema:{name}-{SCHEMA_VERSION}",
        title=f"ecociv {name}, version {SCHEMA_VERSION}",
        front={
            "format": {"const": f"ecociv.{name}"},
            "version": {"const": SCHEMA_VERSION},
        },
        nullable=True,
    )


def schema(name: str = "assessment", version: int = SCHEMA_VERSION) -> Any:
    """Return the shipped JSON Schema of a document format as a dict.

    Args:
        name: ``"assessment"`` or ``"comparison"``.
        version: The format version.

    Raises:
        LookupError: When no such schema ships with ecociv.

    >>> schema("comparison")["title"]
    'ecociv comparison, version 2'
    """
    path = resources.files("ecociv.schemas") / f"{name}-{version}.json"
    if not path.is_file():
        raise LookupError(f"no schema {name!r} version {version} in ecociv")
    return json.loads(path.read_text(encoding="utf-8"))
