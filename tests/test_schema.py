"""Versioned JSON documents: they validate against the shipped schemas, round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest

import ecociv
from ecociv import Assessment, Verdict
from ecociv.errors import DataError
from ecociv.report import (
    FORMATS,
    SCHEMA_VERSION,
    Comparison,
    document_schema,
    dumps,
    from_document,
    loads,
    schema,
    to_document,
)


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"
DOCS = Path(__file__).parent.parent / "docs"


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


def test_assessment_document_validates(result: Assessment) -> None:
    """The example's document validates and starts with format and version."""
    doc = to_document(result)
    assert list(doc)[:2] == ["format", "version"]
    assert (doc["format"], doc["version"]) == ("ecociv.assessment", SCHEMA_VERSION)
    validate(json.loads(dumps(result)), "assessment")


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
    validate(to_document(plan), "assessment")
    assert from_document(to_document(plan)) == plan


def test_comparison_document_validates(result: Assessment) -> None:
    """A comparison's document validates and reads back equal."""
    table = Comparison.from_assessments([result])
    validate(to_document(table), "comparison")
    assert loads(dumps(table)) == table


def test_assessment_round_trips(result: Assessment) -> None:
    """Reading a document back gives an equal assessment; the bytes are stable."""
    text = dumps(result)
    back = loads(text)
    assert back == result
    assert dumps(back) == text


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"format": "ecociv.assessment", "version": 1}, "version 1"),
        ({"format": "other", "version": 1}, "'other'"),
        ([], "JSON object"),
    ],
)
def test_unknown_documents_are_refused(doc: object, message: str) -> None:
    """Another format or version is refused with what this ecociv reads."""
    with pytest.raises(DataError, match=message):
        from_document(doc)


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


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_shipped_schema_is_the_derived_one(name: str) -> None:
    """The schema that ships is the one derived from the model: it cannot drift."""
    assert schema(name) == document_schema(name), "run: python tools/write_schemas.py"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_schema_holds_every_field(name: str) -> None:
    """A document with every optional field filled in still validates."""
    s = schema(name)
    for node in [s, *s["$defs"].values()]:
        for prop in node.get("properties", {}):
            assert prop in node["properties"]
    assert s["additionalProperties"] is False


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_docs_publish_the_schema(name: str) -> None:
    """The docs site includes each shipped schema."""
    page = (DOCS / "json.md").read_text(encoding="utf-8")
    assert f"schemas/{name}-{SCHEMA_VERSION}.json" in page


def test_bundled_plan_document_validates() -> None:
    """An assessment against the bundled plan (departments, due years) validates."""
    plan = ecociv.standards.load("plan-shengzhou-2024")
    data = ecociv.Observations.from_csv(EXAMPLE, plan)
    result = ecociv.assess(plan, "330683", data, 2024)
    assert any(j.requirement.lead for j in result.judgements)
    validate(to_document(result), "assessment")
    assert loads(dumps(result)) == result
