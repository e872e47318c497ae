"""Every door closes cleanly: Excel and Parquet files, limits, bounded messages.

The shared header and cell cases run through every door in
``tests/test_readers.py``; here are the rules only some doors meet (a
workbook's number formats, formulas and zip directory, a Parquet file's
types and metadata) and the bounds every door keeps (limits, message length,
a header read in linear time). ``docs/input.md`` states each rule.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import ecociv
import ecociv.limits
from ecociv import Observations
from ecociv._io._sheet import Cells
from ecociv.errors import DataError, DataProblem, excerpt
from ecociv.standards import Standard


LONG = ["region", "indicator", "year", "value", "unit"]
PM, FOREST = "PM2.5浓度", "森林覆盖率"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def _book(
    path: Path,
    rows: list[list[Any]],
    *,
    formats: dict[str, str] | None = None,
    others: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """Write a workbook: a first sheet of rows (cell formats by coordinate)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for ref, fmt in (formats or {}).items():
        sheet[ref].number_format = fmt
    for title, cells in (others or {}).items():
        other = book.create_sheet(title)
        for row in cells:
            other.append(row)
    book.save(path)
    return path


def _patched(path: Path, parts: dict[str, bytes]) -> Path:
    """Rewrite a workbook with some of its parts replaced."""
    with zipfile.ZipFile(path) as old:
        members = {i.filename: old.read(i) for i in old.infolist()}
    members.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
    return path


def _raw(tmp: Path, rows: str, *, dimension: str = "A1:E2", before: str = "") -> Path:
    """Return a workbook whose first sheet's XML holds these rows (as written)."""
    path = _book(tmp / "raw.xlsx", [["x"]])
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    return _patched(path, {SHEET: xml.encode()})


def _header() -> str:
    cells = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABCDE", LONG, strict=False)
    )
    return f'<row r="1">{cells}</row>'


def _data_row(value_cell: str, *, row: int = 2, indicator: str = PM) -> str:
    """A long-form row for 330683, 2024, with the value cell's XML as given."""
    return (
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>330683</t></is></c>'
        f'<c r="B{row}" t="inlineStr"><is><t>{indicator}</t></is></c>'
        f'<c r="C{row}"><v>2024</v></c>{value_cell}</row>'
    )


def _read(path: Path, std: Standard) -> Any:
    """Return the value read, or the first problem's message."""
    try:
        (obs,) = Observations.from_file(path, std)
    except DataError as err:
        return err.problems[0].message
    return obs.value


# -- Excel: number formats -------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "stored", "indicator", "expected"),
    [
        ("0%", 0.96, FOREST, 96.0),
        ("0.0%", 0.655, FOREST, 65.5),
        ("0%", 0.964, FOREST, 96.4),  # full precision, not rounded as shown
        ("0.00%;[Red]-0.00%", 0.07, FOREST, 7.0),
        ('0"%"', 96, FOREST, 96.0),  # a quoted % is a literal: no scaling
        ("0\\%", 96, FOREST, 96.0),  # so is an escaped one
        ("General", 65.5, FOREST, 65.5),
        ("0.00", 65.5, FOREST, 65.5),
        ("#,##0", 1234, PM, 1234.0),
        ("0.00E+00", 35, PM, 35.0),
        ("0%", 0.3, PM, "different dimensions"),  # 30 % is no concentration
        ("#,##0,", 30000, PM, "is shown as another number by its format '#,##0,'"),
        ("0!.0000", 123456, PM, "is shown as another number"),
        ("[>=1]0%;0", 0.5, FOREST, "has the conditional number format"),
    ],
)
def test_number_formats_read_as_the_sheet_shows(
    fmt: str,
    stored: float,
    indicator: str,
    expected: Any,
    tmp_path: Path,
    county2024: Standard,
) -> None:
    """A percent cell is the percent shown; one showing another number is refused."""
    path = _book(
        tmp_path / "f.xlsx",
        [LONG, ["330683", indicator, 2024, stored]],
        formats={"D2": fmt},
    )
    got = _read(path, county2024)
    if isinstance(expected, float):
        assert got == pytest.approx(expected)
    else:
        assert expected in got


def test_percent_cells_meet_the_unit_column(
    tmp_path: Path, county2024: Standard
) -> None:
    """A percent cell agrees with a unit column of %, and is refused against another."""
    rows: list[list[Any]] = [
        LONG,
        ["330683", FOREST, 2024, 0.65, "%"],
        ["330683", FOREST, 2023, 0.6, "1"],
    ]
    path = _book(tmp_path / "u.xlsx", rows, formats={"D2": "0%", "D3": "0%"})
    obs = Observations.from_file(path, county2024, strict=False)
    assert [o.value for o in obs] == [pytest.approx(65.0)]
    (issue,) = obs.issues
    assert issue.row == 3
    assert "carries the unit '%' but the row's unit is '1'" in issue.message


# -- Excel: formulas and error values --------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('<c r="D2"><f>20+15</f></c>', "'=20+15' is a formula without a saved value"),
        ('<c r="D2"><f>20+15</f><v></v></c>', "formula without a saved value"),
        ('<c r="D2"><f t="shared" si="0"/></c>', "formula without a saved value"),
        ('<c r="D2"><f>20+15</f><v>35</v></c>', 35.0),
        ('<c r="D2" t="str"><f>IF(1,"","")</f><v></v></c>', None),
        ('<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "'#DIV/0!' is an Excel error"),
        ('<c r="D2" t="e"><v>#N/A</v></c>', "is an Excel error value"),
        ('<c r="D2" t="n"><v>abc</v></c>', "is a damaged cell"),
        ('<c r="D2" t="s"><v>99</v></c>', "no such shared string"),
        ('<c r="D2" t="d"><v>2024-01-01</v></c>', "is a date or time, not a number"),
        ('<c r="D2" t="b"><v>1</v></c>', "value 'True' is not a number"),
        ('<c r="D2" s="99"><v>35</v></c>', "has a number format the workbook lacks"),
    ],
)
def test_formulas_are_read_by_their_saved_value(
    cell: str, expected: Any, tmp_path: Path, county2024: Standard
) -> None:
    """A formula gives its saved value; without one, or an error, it is refused."""
    path = _raw(tmp_path, _header() + _data_row(cell))
    got = _read(path, county2024)
    if expected is None or isinstance(expected, float):
        assert got == expected
    else:
        assert expected in got


def test_a_formula_without_value_is_refused_in_its_own_cell(
    tmp_path: Path, county2024: Standard
) -> None:
    """Leniently, the row with the formula is refused and the others are read."""
    path = _book(
        tmp_path / "f.xlsx",
        [LONG, ["330683", PM, 2024, "=20+15"], ["330683", PM, 2023, 30]],
    )
    obs = Observations.from_file(path, county2024, strict=False)
    assert [(o.year, o.value) for o in obs] == [(2023, 30.0)]
    (issue,) = obs.issues
    assert str(issue).startswith(
        f"{path}:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'=20+15' is a formula without a saved value: open and save the file"
    )
    with pytest.raises(DataError, match="formula without a saved value"):
        ecociv.assess_many(path, county2024, 2024)


# -- Excel: worksheets -----------------------------------------------------------


def test_other_worksheets_holding_cells_are_named_in_a_warning(
    tmp_path: Path, county2024: Standard
) -> None:
    """Only the first worksheet is read; others with cells are named, empty ones not."""
    path = _book(
        tmp_path / "w.xlsx",
        [LONG, ["330683", PM, 2024, 30]],
        others={"Notes": [["read me"]], "Empty": []},
    )
    obs = Observations.from_file(path, county2024)
    (warning,) = obs.warnings
    assert warning.file == str(path)
    assert "only the first worksheet, 'Sheet', is read" in warning.message
    assert warning.message.endswith("not: Notes")
    result = ecociv.assess_many(path, county2024, 2024)
    assert warning in result.warnings


def test_an_empty_first_worksheet_names_the_others(
    tmp_path: Path, county2024: Standard
) -> None:
    """An empty first sheet is refused, naming the sheets that hold the data."""
    path = _book(tmp_path / "e.xlsx", [], others={"Data": [LONG]})
    with pytest.raises(DataError) as err:
        Observations.from_file(path, county2024)
    assert str(err.value) == (
        f"{path}: the first worksheet, 'Sheet', is empty; only the first "
        "worksheet is read (not Data)"
    )


# -- Excel: damaged files and limits ----------------------------------------------


def _valid(tmp: Path) -> bytes:
    return _book(tmp / "v.xlsx", [LONG, ["330683", PM, 2024, 30]]).read_bytes()


DAMAGED: dict[str, tuple[Callable[[Path], bytes | Path], str]] = {
    "empty": (lambda _: b"", "the file is empty"),
    "csv-text": (lambda _: b"region,indicator\n", "cannot read an .xlsx workbook"),
    "truncated": (lambda t: _valid(t)[:-400], "cannot read"),
    "old-xls": (
        lambda _: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        "Excel 97-2003 (.xls) workbook or a password-protected one",
    ),
    "zip-of-text": (
        lambda _: _zip({"hello.txt": b"hi"}),
        "cannot read the workbook",
    ),
    "sheet-not-xml": (
        lambda t: _patched(
            _book(t / "n.xlsx", [["x"]]), {SHEET: b"<worksheet><sheetData><row>"}
        ),
        "cannot read the workbook: no element found",
    ),
    "entity-expansion": (
        lambda t: _raw(
            t,
            _header(),
            before='<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>',
        ),
        "cannot read the workbook",
    ),
    "rows-out-of-order": (
        lambda t: _raw(t, _header() + _data_row("", row=5) + _data_row("", row=3)),
        "the worksheet is damaged (row number '3' after row 5)",
    ),
    "bad-cell-reference": (
        lambda t: _raw(t, _header() + '<row r="2"><c r="XFE2"><v>1</v></c></row>'),
        "cell reference 'XFE2' in row 2",
    ),
}


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("case", list(DAMAGED), ids=list(DAMAGED))
def test_damaged_workbooks_are_refused_naming_the_file(
    case: str, tmp_path: Path, county2024: Standard
) -> None:
    """Empty, truncated, non-zip and malformed workbooks give a DataError, no crash."""
    make, message = DAMAGED[case]
    made = make(tmp_path)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(made.read_bytes() if isinstance(made, Path) else made)
    with pytest.raises(DataError) as err:
        Observations.from_file(path, county2024)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_a_zip_bomb_is_refused_from_the_zip_directory(
    tmp_path: Path, county2024: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small workbook that unpacks past max_unpacked_bytes is refused unread."""
    pad = b"<!--" + b" " * 60_000_000 + b"-->"
    path = _raw(tmp_path, _header(), before=pad.decode())
    assert path.stat().st_size < 1_000_000
    monkeypatch.setattr(ecociv.limits, "max_unpacked_bytes", 10_000_000)
    start = time.monotonic()
    with pytest.raises(DataError) as err:
        Observations.from_file(path, county2024)
    assert time.monotonic() - start < 5  # refused before 60 MB were unpacked
    assert "the workbook unpacks to" in str(err.value)
    assert "ecociv.limits.max_unpacked_bytes = 10,000,000; raise it" in str(err.value)


def test_a_declared_dimension_over_max_rows_is_refused_before_reading(
    tmp_path: Path, county2024: Standard
) -> None:
    """A sheet declaring two million rows is refused by its dimension."""
    path = _raw(tmp_path, _header(), dimension="A1:E2000001")
    with pytest.raises(DataError, match=r"declares 2,000,000 rows, which is over"):
        Observations.from_file(path, county2024)


def test_a_row_numbered_past_max_rows_is_refused_when_met(
    tmp_path: Path, county2024: Standard
) -> None:
    """A row numbered in the billions is refused at once, not after a billion rows."""
    path = _raw(tmp_path, _header() + _data_row('<c r="D2"><v>1</v></c>', row=10**9))
    start = time.monotonic()
    with pytest.raises(DataError, match=r"ecociv\.limits\.max_rows = 1,000,000"):
        Observations.from_file(path, county2024)
    assert time.monotonic() - start < 5


def test_cells_far_to_the_right_cost_what_they_hold(
    tmp_path: Path, county2024: Standard
) -> None:
    """Rows with an empty styled cell in column XFD read as short rows, quickly."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>330683</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>{PM}</t></is></c>'
        f'<c r="C{n}"><v>{1950 + n}</v></c><c r="D{n}"><v>30</v></c>'
        f'<c r="XFD{n}"/></row>'
        for n in range(2, 142)
    )
    path = _raw(tmp_path, _header() + rows)
    start = time.monotonic()
    assert len(Observations.from_file(path, county2024)) == 140
    assert time.monotonic() - start < 10


# -- Parquet ---------------------------------------------------------------------


def _parquet(tmp: Path, value: pa.Array) -> Path:
    path = tmp / "p.parquet"
    n = len(value)
    table = pa.table(
        {
            "region": ["330683"] * n,
            "indicator": [PM] * n,
            "year": list(range(2024, 2024 - n, -1)),
            "value": value,
        }
    )
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        (pa.array([[1.0]]), "column(s) hold lists or records"),
        (pa.array([{"a": 1}]), "value (struct<a: int64>)"),
        (
            pa.array([[("a", 1)]], type=pa.map_(pa.string(), pa.int64())),
            "hold lists or records",
        ),
        (pa.array([float("inf")]), "value 'inf' is not a finite number"),
        (pa.array([float("-inf")]), "value '-inf' is not a finite number"),
        (pa.array([float("nan")]), None),
        (pa.array([None], type=pa.float64()), None),
        (pa.array([True]), "value 'True' is not a number: a yes/no word"),
        (pa.array([b"35"]), "value holds bytes, not text"),
        (pa.array([dt.date(2024, 1, 1)]), "value '2024-01-01' is a date or time"),
        (pa.array([10**8], type=pa.date32()), "cannot read column 'value' (date32"),
        (pa.array([35.5], type=pa.float32()), 35.5),
    ],
)
def test_parquet_types_are_read_or_refused(
    array: pa.Array, expected: Any, tmp_path: Path, county2024: Standard
) -> None:
    """Nested columns are refused unread; NaN is missing; inf, bytes, dates refused."""
    got = _read(_parquet(tmp_path, array), county2024)
    if expected is None or isinstance(expected, float):
        assert got == expected
    else:
        assert expected in got


def test_parquet_limits_are_read_from_its_metadata(
    tmp_path: Path, county2024: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Parquet file's unpacked size and cells are checked before it is read."""
    path = _parquet(tmp_path, pa.array([30.0] * 100))
    monkeypatch.setattr(ecociv.limits, "max_unpacked_bytes", 100)
    with pytest.raises(DataError, match="the file's data unpacks to"):
        Observations.from_file(path, county2024)
    monkeypatch.setattr(ecociv.limits, "max_unpacked_bytes", None)
    monkeypatch.setattr(ecociv.limits, "max_cells", 100)
    with pytest.raises(DataError, match=r"100 rows of 4 columns \(400 cells\)"):
        Observations.from_file(path, county2024)


def test_parquet_row_groups_read_as_one_file(
    tmp_path: Path, county2024: Standard
) -> None:
    """A file of many row groups reads as the same rows in one group.

    Each group is read on its own; a cell in two groups is one cell (a text,
    a number), and a row's number counts across groups.
    """
    years = list(range(2001, 2025))
    table = pa.table(
        {
            "region": ["330683"] * len(years),
            "indicator": [PM, FOREST] * (len(years) // 2),
            "year": years,
            "value": [30.0, None, 0.0, -0.0, 28.5, 30.0] * (len(years) // 6),
            "unit": [None, "%", "", "mg/m3", "μg/m³", None] * (len(years) // 6),
        }
    )
    one, many = tmp_path / "one.parquet", tmp_path / "many.parquet"
    pq.write_table(table, one)
    pq.write_table(table, many, row_group_size=5)
    assert pq.ParquetFile(many).num_row_groups == 5
    read = [Observations.from_file(p, county2024, strict=False) for p in (one, many)]
    assert list(read[1]) == list(read[0])
    assert [(p.row, p.message) for p in read[1].issues] == [
        (p.row, p.message) for p in read[0].issues
    ]
    assert len(read[0]) + len(read[0].issues) == len(years)


def test_parquet_columns_left_out_are_never_read(
    tmp_path: Path, county2024: Standard
) -> None:
    """The columns the grammar reads are read together; one left out, never.

    A column whose cells cannot be read (a date Python's calendar has not)
    refuses the file when read (here as the source), and is not read when
    the column mapping leaves it out, however many row groups the file has.
    """
    path = tmp_path / "extra.parquet"
    table = pa.table(
        {
            "region": ["330683"] * 4,
            "indicator": [PM] * 4,
            "year": [2021, 2022, 2023, 2024],
            "note": pa.array([10**8] * 4, type=pa.date32()),
            "value": [30.0, 29.0, 28.0, 27.0],
        }
    )
    pq.write_table(table, path, row_group_size=3)
    with pytest.raises(DataError, match="cannot read column 'note'"):
        Observations.from_file(path, county2024, columns={"note": "source"})
    obs = Observations.from_file(path, county2024, columns={"note": None})
    assert [o.value for o in obs] == [30.0, 29.0, 28.0, 27.0]
    assert [o.year for o in obs] == [2021, 2022, 2023, 2024]


def test_parts_of_a_column_join_by_the_rule_cells_are_made_by() -> None:
    """A cell in two parts is one cell; 1, 1.0 and True stay three (``Cells.of``)."""
    first = Cells(("x", 1, None), np.array([0, 1, 2, 0], dtype=np.int32))
    then = Cells((1.0, True, "x", None), np.array([3, 2, 1, 0], dtype=np.int32))
    joined = Cells.concat([first, then])
    distinct = joined.values  # noqa: PD011  (Cells, not a frame)
    assert distinct == ("x", 1, None, 1.0, True)
    cells = [distinct[k] for k in joined.codes]
    assert cells == ["x", 1, None, "x", None, "x", True, 1.0]
    assert [type(c) for c in cells[-2:]] == [bool, float]
    assert Cells.concat([first]) is first


def test_a_repeated_long_text_is_held_once(
    tmp_path: Path, county2024: Standard
) -> None:
    """A text column repeating one value is read dictionary-encoded, not per row."""
    path = tmp_path / "r.parquet"
    n = 50_000
    pq.write_table(
        pa.table(
            {
                "region": ["330683"] * n,
                "indicator": [PM] * n,
                "year": ["x" * 10_000] * n,  # 500 MB if each row held its own
                "value": [1.0] * n,
            }
        ),
        path,
    )
    obs = Observations.from_file(path, county2024, strict=False)
    assert len(obs.issues) == n
    assert "year 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is not" in str(
        obs.issues[0]
    )


# -- every door: limits and bounded messages --------------------------------------


def test_max_cells_holds_for_every_door(
    tmp_path: Path, county2024: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows times columns over ecociv.limits.max_cells is refused by every door."""
    rows = [["330683", PM, str(y), "30", ""] for y in range(2000, 2010)]
    frame = pd.DataFrame(rows, columns=LONG)
    csv = tmp_path / "c.csv"
    frame.to_csv(csv, index=False)
    xlsx = _book(tmp_path / "c.xlsx", [LONG, *rows])
    records = [dict(zip(LONG, r, strict=True)) for r in rows]
    monkeypatch.setattr(ecociv.limits, "max_cells", 20)
    for read in (
        lambda: Observations.from_csv(csv, county2024),
        lambda: Observations.from_file(xlsx, county2024),
        lambda: Observations.from_frame(frame, county2024),
        lambda: Observations.from_records(records, county2024),
        lambda: ecociv.assess_many(frame, county2024, 2024),
    ):
        with pytest.raises(DataError, match=r"ecociv\.limits\.max_cells = 20"):
            read()


def test_a_data_error_lists_twenty_problems_and_counts_the_rest() -> None:
    """The message lists the first 20 problems; .problems holds all of them."""
    err = DataError([DataProblem(f"bad {k}", "d.csv", k) for k in range(2, 27)])
    text = str(err)
    assert len(err.problems) == 25
    assert text.startswith("25 problems in the data\n  - d.csv:2: bad 2")
    assert "d.csv:21: bad 21\n  ... and 5 more problems" in text
    assert "bad 22" not in text


@pytest.mark.parametrize(
    "field", ["region", "indicator", "year", "value", "unit", "target"]
)
def test_a_huge_cell_is_quoted_as_an_excerpt(
    field: str, tmp_path: Path, county2024: Standard
) -> None:
    """A 100 000-character cell appears in messages cut to 40 characters."""
    big = "9" * 50_000 + "x" * 50_000
    row = {"region": "330683", "indicator": PM, "year": "2024", "value": "30"}
    row[field] = big
    header = [*LONG, "target"]
    frame = pd.DataFrame([[row.get(h, "") for h in header]], columns=header)
    csv = tmp_path / "h.csv"
    frame.to_csv(csv, index=False)
    reads: list[Callable[[], Observations]] = [
        lambda: Observations.from_csv(csv, county2024),
        lambda: Observations.from_frame(frame, county2024),
        lambda: Observations.from_records([row], county2024),
    ]
    for read in reads:
        with pytest.raises(DataError) as err:
            read()
        assert len(str(err.value)) < 600, str(err.value)[:700]
        assert "9" * 40 + "…" in str(err.value)


def test_a_header_of_a_million_columns_is_one_bounded_refusal(
    tmp_path: Path, county2024: Standard
) -> None:
    """A million-column header is read in linear time and refused once, briefly."""
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{k}" for k in range(1_000_000)) + "\n1,2\n", "utf-8")
    start = time.monotonic()
    with pytest.raises(DataError) as err:
        Observations.from_csv(path, county2024)
    assert time.monotonic() - start < 60
    (problem,) = err.value.problems
    assert problem.row == 1
    assert (
        "unknown column(s) c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 999,990 more"
        in (problem.message)
    )
    assert len(str(err.value)) < 400


def test_a_million_trailing_commas_are_padding(
    tmp_path: Path, county2024: Standard
) -> None:
    """A header and rows ending in a million empty cells read as the cells before."""
    path = tmp_path / "commas.csv"
    pad = "," * 1_000_000
    path.write_text(f"region,indicator,year,value{pad}\n330683,{PM},2024,30{pad}\n")
    (obs,) = Observations.from_csv(path, county2024)
    assert obs.value == 30.0


def test_every_name_repeated_is_counted_not_listed(
    tmp_path: Path, county2024: Standard
) -> None:
    """A header of ten thousand repeated year columns names ten and counts the rest."""
    path = tmp_path / "years.csv"
    years = ",".join(str(1000 + k % 9000) for k in range(200_000))
    path.write_text(f"region,indicator,{years}\n", "utf-8")
    with pytest.raises(DataError, match=r"named twice: 1000, 1001, .* and 8,990 more$"):
        Observations.from_csv(path, county2024)


class _Unwritable:
    def __str__(self) -> str:
        msg = "no text"
        raise RuntimeError(msg)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10**5000, "cannot be written as text"),
        (_Unwritable(), "'<_Unwritable that cannot be written"),
        (dt.timedelta(days=1), "is a date or time"),
        (b"30", "holds bytes"),
        # numpy's year 1975, written "1975": a date, though its text is a number
        (np.datetime64(5, "Y"), "'1975' is a date or time"),
    ],
    ids=["huge-int", "unwritable", "timedelta", "bytes", "datetime64-year"],
)
def test_records_that_cannot_be_written_are_refused(
    value: object, expected: str, county2024: Standard
) -> None:
    """A record value str() cannot write, or that is no text, is refused cleanly."""
    rec = {"region": "330683", "indicator": PM, "year": 2024, "value": value}
    with pytest.raises(DataError, match=expected):
        Observations.from_records([rec], county2024)


def test_a_year_typed_as_a_date_is_refused_though_written_as_a_number(
    county2024: Standard,
) -> None:
    """A datetime64 year 2024 (numpy's) is written "2024", and is still a date."""
    rec = {"region": "330683", "indicator": PM, "value": 30}
    with pytest.raises(DataError, match="year '2024' is a date, not a year"):
        Observations.from_records([{**rec, "year": np.datetime64(54, "Y")}], county2024)


def test_excerpt_cuts_and_shows_hidden_characters() -> None:
    """Excerpt quotes at most 40 characters; unquoted, hidden characters still show."""
    assert excerpt("a" * 41) == repr("a" * 40 + "…")
    assert excerpt("value", quoted=False) == "value"
    assert excerpt("\u200bvalue", quoted=False) == "'\\u200bvalue'"
    assert excerpt(b"x") == "\"b'x'\""


def test_none_switches_a_year_bound_off(
    county2024: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for every limit, None switches ``min_year`` or ``max_year`` off."""
    records = [
        {"region": "330683", "indicator": PM, "year": year, "value": 30}
        for year in (1800, 2024, 2200)
    ]
    with pytest.raises(DataError) as err:
        Observations.from_records(records, county2024)
    assert [p.message for p in err.value.problems] == [
        "year 1800 is outside 1949..2100 (ecociv.limits.min_year, max_year)",
        "year 2200 is outside 1949..2100 (ecociv.limits.min_year, max_year)",
    ]
    monkeypatch.setattr(ecociv.limits, "max_year", None)
    with pytest.raises(DataError, match=r"year 1800 is outside 1949\.\. "):
        Observations.from_records(records, county2024)
    monkeypatch.setattr(ecociv.limits, "min_year", None)
    years = [o.year for o in Observations.from_records(records, county2024)]
    assert sorted(years) == [1800, 2024, 2200]
