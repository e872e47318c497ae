"""Generated docs stay current: the file-format JSON Schema and the catalog."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import ecociv


ROOT = Path(__file__).parent.parent
DATA = ROOT / "src" / "ecociv" / "standards" / "data"
FILES = sorted(
    p for p in DATA.glob("*.toml") if p.stem not in ("indicators", "crosswalk")
)


def _plain(value: Any) -> Any:
    """Return parsed TOML with dates as ISO strings, as JSON would carry them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the schema the library derives from its model."""
    schema = ecociv.standards.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_docs_publish_the_current_schema() -> None:
    """docs/standard-schema.json is exactly what the library derives."""
    published = json.loads((ROOT / "docs" / "standard-schema.json").read_text("utf-8"))
    assert published == ecociv.standards.json_schema(), (
        "run: python tools/write_generated.py"
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_bundled_files_validate(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    """Every bundled standard and plan file satisfies the schema."""
    data = _plain(tomllib.loads(path.read_text("utf-8")))
    assert not list(validator.iter_errors(data))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(titel="x"), "titel"),
        (lambda d: d.update(level="town"), "town"),
        (lambda d: d["requirements"][0]["rule"].update(kind="treshold"), "treshold"),
        (lambda d: d["requirements"][0].update(binding="yes"), "yes"),
    ],
)
def test_schema_is_strict(
    validator: jsonschema.Draft202012Validator, change: Any, where: str
) -> None:
    """Unknown keys, values and rule kinds fail the schema, as they fail the loader."""
    data = _plain(tomllib.loads((DATA / "mee-2019.toml").read_text("utf-8")))
    change(data)
    errors = list(validator.iter_errors(data))
    assert errors
    assert any(where in str(e.message) or where in str(e.instance) for e in errors)


def test_docs_catalog_is_current() -> None:
    """docs/catalog.md lists exactly the bundled standards and plans, as generated."""
    published = (ROOT / "docs" / "catalog.md").read_text("utf-8")
    assert published == ecociv.standards.catalog_markdown(), (
        "run: python tools/write_generated.py"
    )
