"""Versioned JSON documents: one per result type, valid against the shipped schemas."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import ecociv
from ecociv import Assessment, Observation, SideBySide, Verdict
from ecociv._indicator import IndicatorKind
from ecociv.batch import BatchResult
from ecociv.errors import DataError
from ecociv.report import (
    FORMATS,
    Comparison,
    document_schema,
    dumps,
    from_document,
    loads,
    schema,
    to_document,
)
from ecociv.rules import RULE_KINDS
from ecociv.standards import Standard


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"
DOCS = Path(__file__).parent.parent / "docs"
BUNDLED = ecociv.standards.bundled_ids()


@pytest.fixture(scope="module")
def result() -> Assessment:
    """The bundled example judged for 2024."""
    std = ecociv.standards.load("mee-2024-county")
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    return ecociv.assess(std, "330683", data, 2024)


def validate(doc: object, name: str) -> None:
    """Validate a document against the shipped schema, checking the schema too."""
    s = schema(name)
    jsonschema.Draft202012Validator.check_schema(s)
    jsonschema.Draft202012Validator(s).validate(doc)


def region_of(std: Standard) -> str:
    """Return the region a plan is for, or a county for a standard."""
    return std.region or ("330683" if "county" in std.level.value else "330600")


def _scale(maximum: float | None) -> float:
    return 1.0 if maximum is None or maximum >= 100 else maximum / 100


def sample(std: Standard, region: str) -> ecociv.Observations:
    """Four years of values of every indicator of ``std`` for one region.

    Values are 40 to 49, or 40 % to 49 % of an indicator's maximum below 100
    (a coefficient's values lie between 0 and 1).
    """
    items = [
        Observation(
            region,
            ind.id,
            year,
            True
            if ind.kind is IndicatorKind.FACT
            else (40.0 + 3 * k) * _scale(ind.maximum),
            ind.unit,
        )
        for ind in std.indicators
        for k, year in enumerate(range(2021, 2025))
    ]
    return ecociv.Observations(items)


def round_trip(obj: object, name: str) -> Any:
    """Write a document, validate it, read it back; return what was read."""
    text = dumps(obj)
    doc = json.loads(text)
    assert list(doc)[:2] == ["format", "version"]
    assert (doc["format"], doc["version"]) == (
        f"ecociv.{name}",
        FORMATS[name].version,
    )
    validate(doc, name)
    back = loads(text)
    assert dumps(back) == text
    return back


def test_assessment_document_validates(result: Assessment) -> None:
    """The example's document validates, starts with format and version, reads back."""
    assert round_trip(result, "assessment") == result


@pytest.mark.parametrize("sid", BUNDLED)
def test_every_bundled_document_validates_and_round_trips(sid: str) -> None:
    """Each bundled standard's and plan's assessment and comparison validate."""
    std = ecociv.standards.load(sid)
    data = sample(std, region_of(std))
    a = ecociv.assess(std, region_of(std), data, 2024)
    assert round_trip(a, "assessment") == a
    many = ecociv.assess_many(data, std, [2023, 2024])
    assert round_trip(many, "comparison") == Comparison.from_batch(many)


def test_side_by_side_documents_validate() -> None:
    """Every bundled standard side by side, and every plan, validate and read back."""
    for kind in ecociv.standards.DocumentKind:
        stds = [s for s in map(ecociv.standards.load, BUNDLED) if s.kind is kind]
        region = "330683"
        data = sample(stds[0], region)
        sbs = ecociv.compare_versions(stds, region, data, 2024)
        back = round_trip(sbs, "side_by_side")
        assert isinstance(back, SideBySide)
        assert back == sbs


def test_plan_assessment_document_validates(result: Assessment) -> None:
    """Departments, due years and the not-yet-due verdict validate too."""
    first = result.judgements[0]
    j = attrs.evolve(
        first,
        requirement=attrs.evolve(
            first.requirement, lead=("市生态环境局",), support=("市发改委",), due=2026
        ),
        outcome=attrs.evolve(first.outcome, verdict=Verdict.NOT_YET_DUE),
    )
    plan = attrs.evolve(result, judgements=(j, *result.judgements[1:]))
    assert round_trip(plan, "assessment") == plan


def test_comparison_document_validates(result: Assessment) -> None:
    """A comparison of assessments (rows and summaries) validates and reads back."""
    table = Comparison.from_assessments([result])
    assert table.summaries[0].eligible is False
    assert round_trip(table, "comparison") == table


def test_a_batch_result_is_written_as_its_comparison(result: Assessment) -> None:
    """ecociv.to_json and report.dumps write a batch result as a comparison document."""
    std = ecociv.standards.load("mee-2024-county")
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    many = ecociv.assess_many(data, std, 2024)
    assert isinstance(many, BatchResult)
    assert ecociv.to_json(many) == dumps(many) == dumps(Comparison.from_batch(many))
    back = loads(dumps(many))
    assert back.rows == Comparison.from_assessments([result]).rows
    assert back.summaries == Comparison.from_assessments([result]).summaries


def undefined(result: Assessment) -> Assessment:
    """The example with an infinite distance and an undefined measure."""
    first = result.judgements[0]
    out = attrs.evolve(first.outcome, distance=math.inf, measure=math.nan)
    j = attrs.evolve(first, outcome=out)
    return attrs.evolve(result, judgements=(j, *result.judgements[1:]))


def test_no_nan_or_infinity_is_ever_written(result: Assessment) -> None:
    """A number that is not finite is written as null, never NaN or Infinity."""
    odd = undefined(result)
    for text in (
        dumps(odd),
        ecociv.to_json(odd),
        dumps(Comparison.from_assessments([odd])),
    ):
        assert "NaN" not in text
        assert "Infinity" not in text
        json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    outcome = to_document(odd)["judgements"][0]["outcome"]
    assert outcome["distance"] is None
    assert outcome["measure"] is None


def test_any_value_writes_undefined_numbers_as_null() -> None:
    """ecociv.to_json writes NaN and infinities inside any value as null."""
    text = ecociv.to_json({"x": math.nan, "y": [-math.inf, 1.5]}, indent=None)
    assert text == '{"x": null, "y": [null, 1.5]}'


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"format": "ecociv.assessment", "version": 1}, "version 1"),
        ({"format": "ecociv.comparison", "version": 2}, "version 2"),
        ({"format": "ecociv.comparison", "version": True}, "version True"),
        ({"format": "other", "version": 1}, "'other'"),
        ([], "JSON object"),
    ],
)
def test_unknown_documents_are_refused(doc: object, message: str) -> None:
    """Another format or version is refused with what this ecociv reads."""
    with pytest.raises(DataError, match=message) as info:
        from_document(doc)
    if isinstance(doc, dict):
        assert "ecociv.side_by_side version 1" in str(info.value)


def test_a_malformed_document_lists_its_problems(result: Assessment) -> None:
    """Bad fields are reported together, each with its key path."""
    doc = to_document(result)
    doc["year"] = "soon"
    doc["judgements"][0]["outcome"]["verdict"] = "great"
    with pytest.raises(DataError) as info:
        from_document(doc)
    text = str(info.value)
    assert "$.year" in text
    assert "$.judgements[0].outcome.verdict" in text


def test_unknown_schema_is_a_lookup_error() -> None:
    """Asking for a schema that does not ship raises LookupError."""
    with pytest.raises(LookupError):
        schema("assessment", 99)
    with pytest.raises(LookupError):
        schema("nothing")
    with pytest.raises(TypeError, match="no document format"):
        to_document(ecociv.standards.load("mee-2024-county"))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_shipped_schema_is_the_derived_one(name: str) -> None:
    """The schema that ships is the one derived from the model: it cannot drift."""
    assert schema(name) == document_schema(name), "run: python tools/write_generated.py"
    shipped = {
        p.name for p in (Path(ecociv.__file__).parent / "schemas").glob("*.json")
    }
    assert shipped == {f.schema_file for f in FORMATS.values()}


def _attrs_classes(cls: type) -> Iterator[type]:
    """Yield ``cls`` and every attrs class its fields name, once each."""
    seen: set[type] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c in seen or not attrs.has(c):
            continue
        seen.add(c)
        yield c
        hints = attrs.resolve_types(c)
        for f in attrs.fields(hints):
            todo += [t for t in _types_in(f.type) if isinstance(t, type)]


def _types_in(tp: object) -> Iterator[object]:
    import typing  # noqa: PLC0415

    yield tp
    for arg in typing.get_args(tp):
        yield from _types_in(arg)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_schema_holds_every_field(name: str) -> None:
    """Each class of a document has a definition listing exactly its fields."""
    s = schema(name)
    defs = {**s["$defs"], FORMATS[name].cls.__name__: s}
    rules = set(RULE_KINDS.values())
    checked = 0
    for cls in _attrs_classes(FORMATS[name].cls):
        props = set(defs[cls.__name__]["properties"]) - {"format", "version"}
        tag = {"kind"} if cls in rules else set()  # the union's tag
        assert props == {f.name for f in attrs.fields(cls)} | tag, cls.__name__
        assert defs[cls.__name__]["additionalProperties"] is False
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_docs_publish_the_schema(name: str) -> None:
    """The docs site includes each shipped schema."""
    page = (DOCS / "json.md").read_text(encoding="utf-8")
    assert f"schemas/{FORMATS[name].schema_file}" in page


def test_bundled_plan_document_validates() -> None:
    """An assessment against the bundled plan (departments, due years) validates."""
    plan = ecociv.standards.load("plan-shengzhou-2024")
    data = ecociv.Observations.from_csv(EXAMPLE, plan)
    result = ecociv.assess(plan, "330683", data, 2024)
    assert any(j.requirement.lead for j in result.judgements)
    assert round_trip(result, "assessment") == result


def test_documents_carry_the_input_account_and_warnings() -> None:
    """Assessment, comparison and side-by-side documents hold account and warnings."""
    std = ecociv.standards.load("mee-2024-county")
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    a = ecociv.assess(std, "330604", data, 2024)
    doc = to_document(a)
    assert doc["account"] == {
        "read": 46,
        "used": 0,
        "set_aside": [{"reason": "other_region", "count": 46, "rows": [2, 3, 4, 5, 6]}],
        "file": str(EXAMPLE),
    }
    assert doc["warnings"][0]["region"] == "330604"
    many = ecociv.assess_many(data, std, 2024, regions=["330683", "330604"])
    back = round_trip(many, "comparison")
    assert (back.account, back.warnings) == (many.account, many.warnings)
    sbs = ecociv.compare_versions([std], "330604", data, 2024)
    assert round_trip(sbs, "side_by_side").assessments[0].account == a.account
