"""A JSON Schema for standard and plan files, derived from the model itself.

The schema is built from the attrs classes, so it cannot drift from what the
loader accepts; ``docs/standard-schema.json`` is this function's output, and
a test keeps the two equal. TOML files are checked against it after parsing
(TOML dates appear as ``"format": "date"`` strings).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs

from ecociv.rules import RULE_KINDS, Rule
from ecociv.standards._model import Standard


__all__ = ["json_schema"]

SCHEMA_ID = "https://ecociv.invalid/schemas/standard-1.json"


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a standard or plan file."""
    defs: dict[str, Any] = {}
    root = _ref(Standard, defs)
    rules = [_ref(cls, defs, kind=k) for k, cls in sorted(RULE_KINDS.items())]
    defs["Rule"] = {"oneOf": rules}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ecociv standard or plan file",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _ref(cls: type, defs: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
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
            props[key] = _type(hints[f.name], defs)
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


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp == Rule:
        return {"$ref": "#/$defs/Rule"}
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _type(options[0], defs)
        return {"anyOf": [_type(a, defs) for a in options]}
    if origin in (tuple, frozenset, list, set):
        return {"type": "array", "items": _type(args[0], defs)}
    if origin is not None and issubclass(origin, typing.Mapping):
        return {"type": "object", "additionalProperties": _type(args[1], defs)}
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
        return _ref(tp, defs)
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover
