"""The one cattrs converter: every wire decision ecociv makes, in one place.

:func:`make_converter` builds a converter with these decisions:

- Unknown keys are errors (``forbid_extra_keys``): a misspelt key in a
  standard file is reported, never silently ignored.
- Errors are detailed: every problem in a document is collected, and
  :func:`problems` turns them into one line each with a JSON-path-like key
  path (``$.requirements[3].rule.op``).
- JSON never holds NaN or Infinity: a number that is not finite (an
  undefined distance) is written as ``null``, and :func:`to_json` refuses
  one it meets anyway (``allow_nan=False``).
- Dates are ISO 8601 strings (``date.fromisoformat``); TOML dates pass through.
- Enums are their values (``Verdict.NOT_APPLICABLE`` ↔ ``"not_applicable"``).
- Rules are a tagged union on ``kind`` (``{"kind": "threshold", ...}``); an
  unknown kind is an error that lists the known ones.
- Sets (region classes and kinds) are sorted lists; tuples are lists.
- Scalars are taken as they are, never coerced: a string where a number,
  boolean or list is expected is an error (cattrs alone would turn
  ``binding = "no"`` into ``True`` and ``missing = "rows"`` into letters);
  numbers must be finite.
- Mappings (per-indicator tolerances) are plain objects.
- A trend policy is written whole (window, comparison, tolerance, tolerances,
  around); its tolerance is ``"precision"`` or a number, its 左右 band
  ``"rounding"`` or a percentage.
- Observation values are numbers, booleans or null, kept as given.
- Fields equal to their default are omitted when unstructuring, so files and
  JSON stay short; structuring restores them.

Domain classes never import cattrs; this module is the only place that does.
It imports no engine or report type: documents of results (``format`` and
``version`` in front) are made in :mod:`ecociv.report._json` on top of it.
Nothing is ever read from pickles.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn
from cattrs.v import format_exception

from ecociv.rules import (
    PRECISION,
    ROUNDING,
    RULE_KINDS,
    Rule,
    TrendComparison,
    TrendPolicy,
)


__all__ = [
    "StructureError",
    "from_dict",
    "make_converter",
    "problems",
    "to_dict",
    "to_json",
]

#: What structuring raises when data does not fit (every problem attached).
StructureError = (ClassValidationError, IterableValidationError)

T = TypeVar("T")


def _structure_date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got a date and time: {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected an ISO date (YYYY-MM-DD), got {value!r}")


def _structure_value(value: Any, _: Any) -> float | bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"expected a number, true/false or null, got {value!r}")


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _structure_policy(value: Any, _: Any) -> TrendPolicy:
    if not isinstance(value, Mapping):
        raise TypeError(f"a trend policy must be a table, got {value!r}")
    extra = sorted(set(value) - {f.name for f in attrs.fields(TrendPolicy)})
    if extra:
        raise ValueError(f"unknown policy keys: {', '.join(map(str, extra))}")

    def word_or_number(key: str, word: str, default: Any) -> Any:
        given = value.get(key, default)
        return given if given == word else _structure_float(given, float)

    return TrendPolicy(
        window=int(value.get("window", 3)),
        comparison=TrendComparison(value.get("comparison", "consecutive")),
        tolerance=word_or_number("tolerance", PRECISION, PRECISION),
        tolerances={
            str(k): _structure_float(v, float)
            for k, v in dict(value.get("tolerances", {})).items()
        },
        around=word_or_number("around", ROUNDING, 5.0),
    )


def _configure_rules(conv: cattrs.Converter) -> None:
    """Rules are a tagged union on ``kind``."""

    def structure_rule(data: Any, _: Any) -> Rule:
        if not isinstance(data, Mapping):
            raise TypeError(f"a rule must be a table with a 'kind' key, got {data!r}")
        kind = data.get("kind")
        cls = RULE_KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            known = ", ".join(sorted(RULE_KINDS))
            raise ValueError(f"unknown rule kind {kind!r}; known kinds: {known}")
        body = {k: v for k, v in data.items() if k != "kind"}
        return conv.structure(body, cls)

    conv.register_structure_hook_func(lambda t: t == Rule, structure_rule)
    for cls in RULE_KINDS.values():
        body = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        conv.register_unstructure_hook(
            cls, lambda r, body=body: {"kind": r.kind, **body(r)}
        )


def _is_set(t: Any) -> bool:
    return t is frozenset or t is set or typing.get_origin(t) in (frozenset, set)


def _exact(kind: type[Any], what: str) -> Any:
    """Return a hook that takes values of exactly ``kind`` (no str(5), bool("no"))."""

    def hook(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise TypeError(f"expected {what}, got {value!r}")
        return value

    return hook


def _is_list(t: Any) -> bool:
    origin = typing.get_origin(t)
    if origin is list:
        return True
    args = typing.get_args(t)
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _list_factory(t: Any, conv: cattrs.Converter) -> Any:
    """Return a hook for ``list[X]`` / ``tuple[X, ...]`` that refuses a lone string."""
    if typing.get_origin(t) is list:
        inner = list_structure_factory(t, conv)
    else:
        inner = homogenous_tuple_structure_factory(t, conv)

    def hook(value: Any, type_: Any) -> Any:
        if isinstance(value, str | bytes | Mapping):
            raise TypeError(f"expected a list, got {value!r}")
        return inner(value, type_)

    return hook


def make_converter() -> cattrs.Converter:
    """Return a new converter with ecociv's wire decisions (see the module doc)."""
    conv = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=True
    )
    conv.register_unstructure_hook_func(
        _is_set, lambda s: sorted(conv.unstructure(e) for e in s)
    )
    conv.register_structure_hook(str, _exact(str, "a string"))
    conv.register_structure_hook(bool, _exact(bool, "true or false"))
    conv.register_structure_hook(int, _exact(int, "an integer"))
    conv.register_structure_hook_factory(_is_list, _list_factory)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(float, _structure_float)
    conv.register_unstructure_hook(float, _finite_or_none)
    conv.register_structure_hook_func(
        lambda t: t == (float | bool | None), _structure_value
    )
    conv.register_structure_hook(TrendPolicy, _structure_policy)
    conv.register_unstructure_hook(
        TrendPolicy,
        lambda p: {
            "window": p.window,
            "comparison": p.comparison.value,
            "tolerance": p.tolerance,
            "tolerances": dict(sorted(p.tolerances.items())),
            "around": p.around,
        },
    )
    # Last: the rule hooks generate code that looks up the hooks above.
    _configure_rules(conv)
    return conv


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


def to_dict(obj: Any) -> Any:
    """Return ``obj`` as plain JSON-ready data (dicts, lists, str, numbers)."""
    return _converter().unstructure(obj)


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """Return ``obj`` as JSON text; the same object always gives the same bytes."""
    return json.dumps(
        to_dict(obj),
        ensure_ascii=False,
        indent=indent,
        sort_keys=False,
        allow_nan=False,
    )


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data, strictly.

    Raises:
        cattrs.errors.BaseValidationError: With every problem attached; use
            :func:`problems` to list them.
    """
    return _converter().structure(data, cls)


def _format_exception(exc: BaseException, type_: Any) -> str:
    base = "invalid rule" if type_ == Rule else format_exception(exc, type_)
    detail = str(exc)
    if isinstance(exc, ValueError | TypeError) and detail and detail not in base:
        return f"{base}: {detail}"
    return base


def problems(exc: BaseException, path: str = "$") -> list[str]:
    """Return one line per problem in a structuring error, with key paths."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return cattrs.transform_error(
            exc, path=path, format_exception=_format_exception
        )
    return [f"{_format_exception(exc, None)} @ {path}"]
