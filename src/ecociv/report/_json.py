"""Versioned JSON documents of results, and their schemas.

A document is the object's fields, as the one converter writes them
(:mod:`ecociv._wire`), with ``"format"`` and ``"version"`` in front. There is
one format per result type (:data:`FORMATS`): an assessment, a comparison of
many regions (what :func:`ecociv.assess_many` gives is written as one), and a
region judged under several standards side by side. Each format has its own
version, and its JSON Schema is derived from the model
(:func:`document_schema`) and ships in ``ecociv/schemas/`` (a test keeps the
two equal); reading a document back gives an equal object. JSON never holds
NaN or Infinity: an undefined number is ``null``.

>>> from ecociv.report import Comparison, dumps, loads
>>> table = Comparison(())
>>> dumps(table, indent=None)
'{"format": "ecociv.comparison", "version": 3, "rows": []}'
>>> loads(dumps(table)) == table
True
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import attrs

from ecociv import _wire
from ecociv._engine import Assessment, SideBySide
from ecociv._schema import schema_of
from ecociv.errors import DataError, DataProblem
from ecociv.report._table import Comparison, as_result


__all__ = [
    "FORMATS",
    "DocumentFormat",
    "document_schema",
    "dumps",
    "from_document",
    "loads",
    "schema",
    "to_document",
    "to_json",
]


@attrs.frozen
class DocumentFormat:
    """One document format: the result type it holds and its version.

    Args:
        name: The format's name; the document's ``format`` is ``"ecociv." + name``.
        cls: The type a document of this format reads back into.
        version: The format's version; it changes only when a field changes
            meaning or disappears, or a new field would trip a strict reader.
    """

    name: str
    cls: type[Any]
    version: int

    @property
    def tag(self) -> str:
        """Return the value of the document's ``format`` key."""
        return f"ecociv.{self.name}"

    @property
    def schema_file(self) -> str:
        """Return the name of the shipped schema file (``assessment-3.json``)."""
        return f"{self.name}-{self.version}.json"


#: Document formats by name.
FORMATS: dict[str, DocumentFormat] = {
    f.name: f
    for f in (
        DocumentFormat("assessment", Assessment, 3),
        DocumentFormat("comparison", Comparison, 3),
        DocumentFormat("side_by_side", SideBySide, 1),
    )
}


def _format_of(obj: Any) -> DocumentFormat | None:
    return next((f for f in FORMATS.values() if isinstance(obj, f.cls)), None)


def to_document(obj: Any) -> dict[str, Any]:
    """Return a result as a versioned JSON document (plain data).

    An assessment, a comparison and a side-by-side judgement are written as
    their own formats; a :class:`~ecociv.batch.BatchResult` as the comparison
    :meth:`~ecociv.report.Comparison.from_batch` makes of it.

    Raises:
        TypeError: For an object that has no document format.
    """
    obj = as_result(obj)
    fmt = _format_of(obj)
    if fmt is None:
        raise TypeError(f"no document format for {type(obj).__name__}")
    head = {"format": fmt.tag, "version": fmt.version}
    return {**head, **_wire.to_dict(obj)}


def from_document(data: Any) -> Any:
    """Build the result a versioned document holds.

    Raises:
        DataError: When the format or version is not one this ecociv reads,
            or the document does not match it (every problem listed).
    """
    if not isinstance(data, dict):
        raise DataError([DataProblem("a document must be a JSON object")])
    tag, version = data.get("format"), data.get("version")
    fmt = next((f for f in FORMATS.values() if f.tag == tag), None)
    if fmt is None or version != fmt.version or isinstance(version, bool):
        known = ", ".join(f"{f.tag} version {f.version}" for f in FORMATS.values())
        msg = f"cannot read format {tag!r} version {version!r}; ecociv reads {known}"
        raise DataError([DataProblem(msg)])
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    try:
        return _wire.from_dict(body, fmt.cls)
    except _wire.StructureError as exc:
        raise DataError([DataProblem(p) for p in _wire.problems(exc)]) from exc


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """Return any ecociv value as JSON text; a result as its versioned document.

    This is :func:`ecociv.to_json`: a result (an assessment, a comparison, a
    batch result, a side-by-side judgement) is written as :func:`dumps`
    writes it, any other value (a standard, a rule) as the converter writes it.
    """
    if _format_of(as_result(obj)) is not None:
        return dumps(obj, indent=indent)
    return _wire.to_json(obj, indent=indent)


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """Return a result as a JSON document (UTF-8 text; never NaN or Infinity).

    Raises:
        TypeError: For an object that has no document format.
    """
    return json.dumps(
        to_document(obj), ensure_ascii=False, indent=indent, allow_nan=False
    )


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
    fmt = FORMATS[name]
    return schema_of(
        fmt.cls,
        schema_id=f"urn:ecociv:schema:{name}-{fmt.version}",
        title=f"ecociv {name}, version {fmt.version}",
        front={"format": {"const": fmt.tag}, "version": {"const": fmt.version}},
        nullable=True,
    )


def schema(name: str = "assessment", version: int | None = None) -> Any:
    """Return the shipped JSON Schema of a document format as a dict.

    Args:
        name: ``"assessment"``, ``"comparison"`` or ``"side_by_side"``.
        version: The format version (default: the one this ecociv writes).

    Raises:
        LookupError: When no such schema ships with ecociv.

    >>> schema("comparison")["title"]
    'ecociv comparison, version 3'
    """
    if version is None:
        fmt = FORMATS.get(name)
        if fmt is None:
            raise LookupError(f"no document format {name!r}")
        version = fmt.version
    path = resources.files("ecociv.schemas") / f"{name}-{version}.json"
    if not path.is_file():
        raise LookupError(f"no schema {name!r} version {version} in ecociv")
    return json.loads(path.read_text(encoding="utf-8"))
