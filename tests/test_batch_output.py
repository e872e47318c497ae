"""One set of columns, every output: records, frames, CSV, JSON and Parquet agree."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow.parquet as pq
import pytest

import ecociv
from ecociv import report
from ecociv._progress import Bars
from ecociv.batch import COLUMNS, BatchResult
from ecociv.report import Comparison


EXAMPLE = "examples/shengzhou-illustrative.csv"
FLOATS = ("value", "measure", "target", "distance")
FLAGS = ("binding", "provisional")
INTS = ("year", "due")


@pytest.fixture(scope="module")
def result() -> BatchResult:
    """Two standards (one with provisional rows), a plan (due years, leads), 2 years."""
    docs = [
        ecociv.standards.load(s)
        for s in ("mee-2024-county", "zhejiang-2016-county", "plan-shengzhou-2024")
    ]
    return ecociv.assess_many(
        EXAMPLE,
        docs,
        [2023, 2024],
        regions=["330683", "330604", "110101"],
        provisional=True,
    )


def _canon(rec: dict[str, Any]) -> dict[str, Any]:
    """Return a row's values in one form: floats or None, flags, ints or None, text."""
    out: dict[str, Any] = {}
    for name in COLUMNS:
        v = rec.get(name)
        if isinstance(v, tuple):  # lead departments, as a Row holds them
            v = "、".join(v)
        if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
            v = None
        elif name in FLOATS:
            v = float(
                {"True": 1.0, "False": 0.0}.get(v, v) if isinstance(v, str) else v
            )
        elif name in FLAGS:
            v = v == "True" if isinstance(v, str) else bool(v)
        elif name in INTS:
            v = int(v)
        else:
            v = str(getattr(v, "value", v))
        out[name] = v
    return out


def _records(r: BatchResult) -> list[dict[str, Any]]:
    return list(r.records())


def _frame(r: BatchResult) -> list[dict[str, Any]]:
    frame = r.to_frame().astype(object)
    return [
        {str(k): None if v is None or v != v else v for k, v in row.items()}  # noqa: PLR0124
        for row in frame.to_dict("records")
    ]


def _csv(r: BatchResult) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(report.render(r, "csv"))))  # type: ignore[arg-type]


def _json(r: BatchResult) -> list[dict[str, Any]]:
    text = report.render(r, "json")
    jsonschema.validate(json.loads(text), report.schema("comparison"))
    table = report.loads(text)
    return [{c: getattr(row, c) for c in COLUMNS} for row in table.rows]


def _parquet(r: BatchResult) -> list[dict[str, Any]]:
    data = report.render(r, "parquet")
    assert isinstance(data, bytes)
    return pq.read_table(io.BytesIO(data)).to_pylist()  # type: ignore[no-any-return]


READERS: dict[str, Callable[[BatchResult], list[dict[str, Any]]]] = {
    "records": _records,
    "to_frame": _frame,
    "csv": _csv,
    "json": _json,
    "parquet": _parquet,
}


@pytest.mark.parametrize("name", READERS)
def test_every_output_holds_the_rows_of_the_columns(
    result: BatchResult, name: str
) -> None:
    """Records, the frame, CSV, JSON and Parquet hold the same rows, in order."""
    want = [_canon(r) for r in _records(result)]
    got = [_canon(r) for r in READERS[name](result)]
    assert len(got) == len(result) > 100
    assert got == want
    assert {r["provisional"] for r in want} == {True, False}
    assert any(r["due"] is not None for r in want)
    assert any(r["lead"] is not None for r in want)
    assert any(isinstance(r["value"], bool) for r in _records(result))


def test_the_columns_are_built_once(result: BatchResult) -> None:
    """columns() is cached: every writer reads the same arrays."""
    assert result.columns() is result.columns()
    assert result.columns().names == COLUMNS


@pytest.mark.parametrize("indent", [None, 2, 4])
def test_the_document_is_what_json_writes(
    result: BatchResult, indent: int | None
) -> None:
    """A batch result's document has the bytes json.dumps writes for its data."""
    text = report.dumps(result, indent=indent)
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=indent, allow_nan=False)
    assert doc == report.to_document(result)


def test_a_document_s_records_are_each_their_own(result: BatchResult) -> None:
    """to_document builds plain data from the columns: no record shares a list or map.

    Each distinct value is converted once; a mapping (a summary's counts)
    is then copied per record, so changing one record changes no other.
    """
    doc = report.to_document(result)
    summaries = doc["summaries"]
    assert len(summaries) > 1
    first, second = summaries[0]["binding"], summaries[1]["binding"]
    assert first is not second
    before = dict(second)
    first["met"] = -1
    assert second == before


def test_a_batch_document_is_its_comparison(result: BatchResult) -> None:
    """The document of a batch result and of its comparison are the same bytes."""
    table = Comparison.from_batch(result)
    assert report.dumps(result) == report.dumps(table)
    assert report.loads(report.dumps(result)) == table
    assert report.render(result, "csv") == report.render(table, "csv")


def test_csv_cells_are_made_safe_once_per_text() -> None:
    """Every row repeating a formula-like name gets the leading quote; numbers stay."""
    rows = [
        {
            "region": "330683",
            "standard": "s",
            "year": 2024,
            "requirement": str(k),
            "indicator": "x",
            "binding": True,
            "verdict": "met",
            "region_name": "=HYPERLINK(1)",
            "unit": "-",
            "distance": -4.0,
            "number": "+5",
        }
        for k in range(3)
    ]
    text = report.render(Comparison.from_records(rows), "csv")
    assert isinstance(text, str)
    body = list(csv.DictReader(io.StringIO(text)))
    assert {r["region_name"] for r in body} == {"'=HYPERLINK(1)"}
    assert {(r["unit"], r["distance"], r["number"]) for r in body} == {
        ("-", "-4.0", "+5")
    }


def test_parquet_without_pyarrow_names_the_extra(
    result: BatchResult, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Writing Parquet without pyarrow says which extra to install."""
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pyarrow" else real(name, *a),
    )
    with pytest.raises(ValueError, match=r"ecociv\[dataframe\]"):
        report.write(result, tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()


def test_writers_report_the_rows_they_write(result: BatchResult) -> None:
    """CSV, JSON and Parquet end their progress at every row written."""
    for fmt in ("csv", "json", "parquet"):
        seen: list[tuple[str, int, int]] = []
        report.render(result, fmt, progress=lambda *c: seen.append(c))  # noqa: B023
        assert seen[-1] == ("write", len(result), len(result)), fmt


def test_bars_draw_one_bar_per_stage() -> None:
    """Bars draws a bar for each stage it hears, on the stream given."""
    out = io.StringIO()
    bars = Bars(out, prefix="ecociv: ")
    for stage, total in (("read", 46), ("judge", 31), ("write", 31)):
        bars(stage, 0, total)
        bars(stage, total, total)
    bars.close()
    text = out.getvalue()
    assert all(f"ecociv: {s}" in text for s in ("read", "judge", "write"))
