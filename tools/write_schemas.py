"""Write the JSON Schemas of ecociv's documents from the model.

The schemas in ``src/ecociv/schemas/`` are derived from the attrs classes
(:func:`ecociv.report.document_schema`); ``tests/test_schema.py`` fails when
they differ. After changing a result class, run::

    python tools/write_schemas.py

Each format writes its current version's file (``assessment-3.json`` ...);
files of versions no format writes any more are removed.
"""

from __future__ import annotations

import json
from pathlib import Path

from ecociv.report._json import FORMATS, document_schema


def main() -> None:
    """Write every document format's schema beside the package's code."""
    out = Path(__file__).parent.parent / "src" / "ecociv" / "schemas"
    current = {fmt.schema_file for fmt in FORMATS.values()}
    for name in sorted(FORMATS):
        path = out / FORMATS[name].schema_file
        text = json.dumps(document_schema(name), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for old in sorted(out.glob("*.json")):
        if old.name not in current:
            old.unlink()
            print(f"removed {old}")


if __name__ == "__main__":
    main()
