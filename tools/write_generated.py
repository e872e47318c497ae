"""Write every file ecociv derives from its own model and data.

Each of these files is the output of a function, and a test fails when the
file and the function differ (the message names this tool). After changing a
result class, a standard, an indicator or a unit spelling, run::

    python tools/write_generated.py

It writes:

- ``src/ecociv/schemas/*.json``: each document format's current version
  (:func:`ecociv.report.document_schema`); files of versions no format writes
  any more are removed;
- ``docs/standard-schema.json`` (:func:`ecociv.standards.json_schema`);
- ``docs/catalog.md`` (:func:`ecociv.standards.catalog_markdown`);
- ``docs/indicators.md`` (:func:`ecociv.report.indicators_markdown`).

``docs/units.md`` holds the unit tables (:func:`ecociv.units.spellings_markdown`)
inside prose, so a test checks them and a person pastes them.
"""

from __future__ import annotations

import json
from pathlib import Path

from ecociv import report, standards
from ecociv.report._json import FORMATS, document_schema


ROOT = Path(__file__).parent.parent


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write every generated file of the repository."""
    out = ROOT / "src" / "ecociv" / "schemas"
    current = {fmt.schema_file for fmt in FORMATS.values()}
    for name in sorted(FORMATS):
        _write(out / FORMATS[name].schema_file, _json(document_schema(name)))
    for old in sorted(out.glob("*.json")):
        if old.name not in current:
            old.unlink()
            print(f"removed {old.relative_to(ROOT)}")
    docs = ROOT / "docs"
    _write(docs / "standard-schema.json", _json(standards.json_schema()))
    _write(docs / "catalog.md", standards.catalog_markdown())
    _write(docs / "indicators.md", report.indicators_markdown())


if __name__ == "__main__":
    main()
