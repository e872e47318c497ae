"""JSON Schemas derived from the model itself: standard files and result documents.

A schema is built from the attrs classes, so it cannot drift from what the
converter writes and reads (:mod:`ecociv._wire`): ``docs/standard-schema.json``
and ``ecociv/schemas/*.json`` are this module's output, and tests keep them
equal. Dates are ``"format": "date"`` strings; rules are the tagged union on
``kind``.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs

from ecociv.rules import RULE_KINDS, Rule


__all__ = ["schema_of"]


def schema_of(
    root: type,
    *,
    schema_id: str,
    title: str,
    front: dict[str, Any] | None = None,
    nullable: bool = False,
) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of an attrs class as data.

    Args:
        root: The class of the document.
        schema_id: The schema's ``$id``.
        title: The schema's title.
        front: Properties that come first and are required (a document's
            ``format`` and ``version``).
        nullable: Whether a field typed ``X | None`` may be ``null`` (JSON
            documents write None; TOML files have no null).
    """
    defs: dict[str, Any] = {}
    gen = _Schemas(defs, nullable)
    gen.ref(root)
    rules = [gen.ref(cls, kind=k) for k, cls in sorted(RULE_KINDS.items())]
    if any(_uses_rule(d) for d in defs.values()):
        defs["Rule"] = {"oneOf": rules}
    else:
        for cls in RULE_KINDS.values():
            defs.pop(cls.__name__, None)
    body = defs.pop(root.__name__)
    if front:
        body["properties"] = {**front, **body["properties"]}
        body["required"] = [*front, *body["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def _uses_rule(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("$ref") == "#/$defs/Rule" or any(
            _uses_rule(v) for v in node.values()
        )
    if isinstance(node, list):
        return any(_uses_rule(v) for v in node)
    return False


class _Schemas:
    """The schemas of the classes met so far, by name."""

    def __init__(self, defs: dict[str, Any], nullable: bool) -> None:
        self.defs = defs
        self.nullable = nullable

    def ref(self, cls: type, kind: str | None = None) -> dict[str, Any]:
        """Return a reference to the schema of ``cls``, making it if needed."""
        return _ref(cls, self, kind)

    def type(self, tp: Any) -> dict[str, Any]:
        """Return the schema of a type annotation."""
        return _type(tp, self)


def _ref(cls: type, gen: _Schemas, kind: str | None = None) -> dict[str, Any]:
    defs = gen.defs
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder against recursion
        hints = typing.get_type_hints(cls, localns={"Rule": Rule})
        props: dict[str, Any] = {}
        required: list[str] = []
        if kind is not None:
            props["kind"] = {"const": kind}
            required.append("kind")
        for f in attrs.fields(cls):
            if not f.init:
                continue
            key = f.alias or f.name
            props[key] = _type(hints[f.name], gen)
            if f.default is attrs.NOTHING:
                required.append(key)
        defs[name] = {
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }
        if cls.__doc__:
            defs[name]["description"] = cls.__doc__.strip().splitlines()[0]
    return {"$ref": f"#/$defs/{name}"}


def _type(tp: Any, gen: _Schemas) -> dict[str, Any]:
    if tp == Rule:
        return {"$ref": "#/$defs/Rule"}
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        options = [_type(a, gen) for a in args if a is not type(None)]
        if gen.nullable and type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (tuple, frozenset, list, set):
        return {"type": "array", "items": _type(args[0], gen)}
    if origin is not None and issubclass(origin, typing.Mapping):
        return {"type": "object", "additionalProperties": _type(args[1], gen)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if attrs.has(tp):
        return _ref(tp, gen)
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover
