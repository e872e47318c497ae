"""Write the JSON Schemas of ecociv's documents from the model.

The schemas in ``src/ecociv/schemas/`` are derived from the attrs classes
(:func:`ecociv.report.document_schema`); ``tests/test_schema.py`` fails when
they differ. After changing a result class, run::

    python tools/write_schemas.py
"""

from __future__ import annotations

import json
from pathlib import Path

from ecociv.report._json import FORMATS, SCHEMA_VERSION, document_schema


def main() -> None:
    """Write every document format's schema beside the package's code."""
    out = Path(__file__).parent.parent / "src" / "ecociv" / "schemas"
    for name in sorted(FORMATS):
        path = out / f"{name}-{SCHEMA_VERSION}.json"
        text = json.dumps(document_schema(name), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
