"""Versioned JSON documents of results, and their schemas.

A document is the object's fields, as the one converter writes them
(:mod:`ecociv._wire`), with ``"format"`` and ``"version"`` in front. There is
one format per result type (:data:`FORMATS`): an assessment, a comparison of
many regions (what :func:`ecociv.assess_many` gives is written as one), and a
region judged under several standards side by side. Each format has its own
version, and its JSON Schema is derived from the model
(:func:`document_schema`) and ships in ``ecociv/schemas/`` (a test keeps the
two equal); reading a document back gives an equal object. JSON never holds
NaN or Infinity: an undefined number is ``null`` (or, where null is a field's
default, the field is left out).

The rows of a comparison document (a batch result's can be millions) are
written from the rows' columns (:func:`~ecociv.report._table.tidy_rows`):
each distinct value of a text column is written once, by the one converter
and the standard library's encoder, the numbers by Python's own ``repr``
(what :mod:`json` writes), and each row is the join of its fields' text. The
bytes are those :func:`json.dumps` would write for the same document, indented
or not; the rest of the document (summaries, account, warnings) is written by
:mod:`json` itself. Every piece of text goes through one encoder, which also
writes the C1 controls and bidirectional overrides as JSON escapes
(:func:`ecociv._controls.json_safe`: the same strings, harmless on a
terminal), so a document is safe to show as written. :func:`to_document`
builds the same document as plain data from the same field values
(:func:`records`), without writing and parsing its text.

>>> from ecociv.report import Comparison, dumps, loads
>>> table = Comparison(())
>>> dumps(table, indent=None)
'{"format": "ecociv.comparison", "version": 3, "rows": []}'
>>> loads(dumps(table)) == table
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from ecociv import _wire
from ecociv._controls import json_safe
from ecociv._engine import Assessment, SideBySide
from ecociv._frozen import FrozenMap
from ecociv._progress import WRITE, Progress
from ecociv._schema import schema_of
from ecociv.batch import BatchResult, Coded, Tidy
from ecociv.batch._columns import coded
from ecociv.errors import DataError, DataProblem
from ecociv.report._pieces import Piece, chunks, column_texts, per_record
from ecociv.report._rows import RegionSummary, Row
from ecociv.report._table import Comparison, batch_head, tidy_rows


if TYPE_CHECKING:
    import numpy as np

    from ecociv._arrays import Ints
else:
    from ecociv._lazy import numpy as np


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
    if isinstance(obj, BatchResult | Comparison):
        head, table = _comparison_head(obj)
        arrays: dict[str, Any] = {"rows": records(Row, tidy_rows(obj))}
        if table.summaries:
            arrays["summaries"] = records(
                RegionSummary, summary_columns(table.summaries)
            )
        return {**head, **arrays, **_rest(table)}
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
    if isinstance(obj, BatchResult) or _format_of(obj) is not None:
        return dumps(obj, indent=indent)
    return _wire.to_json(obj, indent=indent)


def dumps(obj: Any, *, indent: int | None = 2, progress: Progress | None = None) -> str:
    """Return a result as a JSON document (UTF-8 text; never NaN or Infinity).

    ``progress`` hears ``("write", rows written, rows)`` as the rows of a
    comparison are written.

    Raises:
        TypeError: For an object that has no document format.
    """
    if not isinstance(obj, BatchResult | Comparison):
        return _encode(to_document(obj), indent)
    front, table = _comparison_head(obj)
    arrays = {"rows": _ROWS}
    if table.summaries:
        arrays["summaries"] = _SUMMARIES
    doc = {**front, **arrays, **_rest(table)}
    head, tail = _encode(doc, indent).split(_encode(_ROWS, None))
    parts = [head, records_json(Row, tidy_rows(obj), indent, progress)]
    if table.summaries:
        middle, tail = tail.split(_encode(_SUMMARIES, None))
        summaries = summary_columns(table.summaries)
        parts += [middle, records_json(RegionSummary, summaries, indent)]
    return "".join([*parts, tail])


def _comparison_head(
    obj: BatchResult | Comparison,
) -> tuple[dict[str, Any], Comparison]:
    """Return a comparison document's format and version, and the comparison.

    A batch result's comparison has no rows: they are written from its
    columns (:func:`tidy_rows`).
    """
    fmt = FORMATS["comparison"]
    table = batch_head(obj) if isinstance(obj, BatchResult) else obj
    return {"format": fmt.tag, "version": fmt.version}, table


def _rest(table: Comparison) -> dict[str, Any]:
    """Return what a comparison document holds besides its rows and summaries."""
    rest = _wire.to_dict(attrs.evolve(table, rows=(), summaries=()))
    del rest["rows"]
    return dict(rest)


#: Stand in the document for its arrays of records until they are written:
#: JSON writes NUL escaped, so their text occurs nowhere else in the document.
_ROWS = "\x00rows\x00"
_SUMMARIES = "\x00summaries\x00"


def _encode(data: Any, indent: int | None) -> str:
    """Return JSON text of ``data``: the one encoder of every piece of a document."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return json_safe(text)


def summary_columns(summaries: Sequence[RegionSummary]) -> Tidy:
    """Return region summaries as columns, one coded column per field."""
    fields = attrs.fields(RegionSummary)
    columns = {f.name: coded(getattr(s, f.name) for s in summaries) for f in fields}
    return Tidy(FrozenMap(columns), np.zeros(len(summaries), dtype=bool))


def records_json(
    cls: type[Any],
    tidy: Tidy,
    indent: int | None = 2,
    progress: Progress | None = None,
) -> str:
    """Return records of ``cls`` (given as columns) as a document's JSON array.

    The text is what :func:`json.dumps` writes for the records as the
    converter unstructures them (fields in ``cls``'s order, a field equal to
    its default left out), as the value of a key of the document. The first
    field of ``cls`` must have no default (it opens every record).
    """
    n = len(tidy)
    if not n:
        return "[]"
    if indent is None:
        rec_open, rec_close, item, sep = "{", "}", ", ", ", "
        list_open, list_close = "[", "]"
    else:
        rec_open, rec_close = "{" + _pad(indent, 3), _pad(indent, 2) + "}"
        item, sep = "," + _pad(indent, 2), "," + _pad(indent, 3)
        list_open, list_close = "[" + _pad(indent, 2), _pad(indent, 1) + "]"
    pieces = [
        _field_json(tidy, f, "" if k == 0 else sep, indent)
        for k, f in enumerate(attrs.fields(cls))
    ]
    out = [list_open + rec_open]
    between = rec_close + item + rec_open
    for done, text in chunks(per_record(pieces, n), between, rec_close + list_close):
        out.append(text)
        if progress is not None:
            progress(WRITE, done, n)
    return "".join(out)


def records(cls: type[Any], tidy: Tidy) -> list[dict[str, Any]]:
    """Return records of ``cls`` (given as columns) as the converter writes them.

    The plain data of :func:`records_json`'s text, built from the same field
    values (:func:`_field_values`): fields in ``cls``'s order, a field equal
    to its default left out. A field's list or mapping (a row's lead
    departments, a summary's counts) is each record's own copy.
    """
    names, columns = [], []
    left_out: dict[str, Ints] = {}  # the records that leave a field out
    nested = []
    for f in attrs.fields(cls):
        codes, table = _field_values(tidy, f)
        values = table.tolist()
        plain = np.empty(len(values), dtype=object)  # never a 2-D array of lists
        for k, v in enumerate(values):
            plain[k] = v if v is _LEFT_OUT else v.value
        names.append(f.name)
        columns.append((plain if codes is None else plain[codes]).tolist())
        left = np.array([v is _LEFT_OUT for v in values], dtype=bool)
        if left.any():
            left_out[f.name] = np.flatnonzero(left if codes is None else left[codes])
        if any(isinstance(v, _Wire) and v.mutable for v in values):
            nested.append(f.name)
    out = [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
    for name, at in left_out.items():
        for k in at.tolist():
            del out[k][name]
    for name in nested:  # JSON's lists, each record's own
        for rec in out:
            if name in rec:
                rec[name] = json.loads(json.dumps(rec[name]))
    return out


def _pad(indent: int, depth: int) -> str:
    return "\n" + " " * (indent * depth)


class _Wire:
    """A field's value as the converter writes it (once per distinct value)."""

    __slots__ = ("mutable", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.mutable = isinstance(value, dict | list | tuple)


#: A field equal to its default: left out of its record.
_LEFT_OUT = object()


def _field_values(tidy: Tidy, field: attrs.Attribute[Any]) -> Piece:
    """Return one field of every record as the converter writes it, or left out.

    The one reading of a record's field for the document's text
    (:func:`_field_json`) and its plain data (:func:`records`): a field equal
    to its default is left out (:data:`_LEFT_OUT`), as the converter does;
    each distinct value of a coded column (or a flag, or a whole number) is
    converted once.
    """
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()

    def wire(value: Any) -> Any:
        if default is not attrs.NOTHING and value == default:
            return _LEFT_OUT
        return _Wire(_wire.to_dict(value))

    col = tidy[field.name]
    if not isinstance(col, Coded) and col.dtype.kind == "f" and default is not None:
        raise TypeError(f"{field.name}: a column of numbers leaves out None only")
    convert: Any = (
        field.converter
    )  # a coded column's categories, as the field holds them
    return column_texts(tidy, field.name, wire, convert)


def _field_json(
    tidy: Tidy, field: attrs.Attribute[Any], lead: str, indent: int | None
) -> Piece:
    """Return one field of every record as JSON text (``lead``, key, value), or "".

    Written once per distinct value (:func:`_field_values`).
    """
    key = lead + _encode(field.name, None) + ": "

    def text(value: Any) -> str:
        if value is _LEFT_OUT:
            return ""
        wire = value.value
        if type(wire) is float:  # what json writes for a finite number
            return key + float.__repr__(wire)
        if not isinstance(wire, dict | list):  # the same text at any indent
            return key + _encode(wire, None)
        out = _encode(wire, indent)
        return key + (out if indent is None else out.replace("\n", _pad(indent, 3)))

    codes, table = _field_values(tidy, field)
    return codes, np.array([text(v) for v in table.tolist()], dtype=object)


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
