"""One reader grammar: every header and cell case gives one answer through every door.

Each case is a small sheet (a header and rows of cells). It is written as a
CSV file, a DataFrame, a Parquet file and an Excel file (and, in long form,
as records), then read through each door: ``Observations.from_csv``, the
DataFrame reader, ``assess_many`` on each file, ``ecociv compare`` and
``ecociv assess``. Every door must give the same observations, or the same
problems (message, row, region, indicator, year).

Typed cells (numbers, booleans, None) stay typed in the typed doors; a CSV
file holds the text ``str`` gives them, which is exactly what the cell rules
read a typed cell as.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import ecociv
from ecociv import Observations
from ecociv._cli import main
from ecociv._io import _arrow
from ecociv._io import _csv as _csv_door
from ecociv._io import _frame as _frame_door
from ecociv._io._sheet import Cells
from ecociv.errors import DataError
from ecociv.standards import Standard


NAN = float("nan")
NEW_YEAR = dt.datetime(2024, 1, 1)  # noqa: DTZ001  (a spreadsheet's dates have no zone)


@attrs.frozen
class Case:
    """A sheet, and what every door must make of it.

    ``ok`` holds the observations expected as (region, indicator, year, value,
    target, reference, applicable) tuples, or ``error`` a piece of the first
    problem's message.
    """

    name: str
    header: tuple[Any, ...]
    rows: tuple[tuple[Any, ...], ...]
    ok: tuple[tuple[Any, ...], ...] | None = None
    error: str | None = None
    csv_only: bool = False
    #: Excel holds every number as a double and no infinity: a float 2024.0
    #: is the number 2024 there, and openpyxl writes inf as an empty cell.
    excel: bool = True
    #: The column mapping every door is given.
    columns: dict[str, str | None] | None = None


LONG = ("region", "indicator", "year", "value", "unit")
PM = "PM2.5浓度"
FACT = "生物多样性调查"

CASES = [
    Case(
        "indicator-columns",
        ("region", "year", "PM2.5浓度(μg/m3)", "森林覆盖率（%）", "生态质量指数(EQI)"),
        (("330683", "2024", "28", "60", "65.3"), ("330683", "2023", "30", "", "65")),
        ok=(
            ("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),
            ("330683", "forest_coverage", 2024, 60.0, None, None, True),
            ("330683", "eqi", 2024, 65.3, None, None, True),
            ("330683", "pm25_annual_mean", 2023, 30.0, None, None, True),
            ("330683", "forest_coverage", 2023, None, None, None, True),
            ("330683", "eqi", 2023, 65.0, None, None, True),
        ),
    ),
    Case(
        "indicator-columns-a-yearbook-export-mapped",
        ("城市", "年份", "PM2.5(微克/立方米)", "备注"),
        (("浙江省绍兴市嵊州市", "2024", "28", "x"),),
        ok=(("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),),
        columns={
            "城市": "region",
            "年份": "year",
            "PM2.5(微克/立方米)": "PM2.5浓度(微克/立方米)",
            "备注": None,
        },
    ),
    Case(
        "indicator-columns-unknown-name",
        ("region", "year", "人口(万人)"),
        (("330683", "2024", "70"),),
        error="unknown indicator '人口(万人)'",
    ),
    Case(
        "indicator-columns-take-no-unit-column",
        ("region", "year", "unit", "PM2.5浓度"),
        (("330683", "2024", "μg/m3", "28"),),
        error="indicator columns (region,year,<indicator>...) take no column(s) unit",
    ),
    Case(
        "a-cell-under-an-unnamed-trailing-column",
        (*LONG, ""),
        (("330683", PM, "2024", "28", "", ""), ("330683", PM, "2023", "30", "", "x")),
        error="row has 6 cells, the header has 5",
    ),
    Case(
        "unnamed-trailing-columns-left-empty",
        (*LONG, "", ""),
        (("330683", PM, "2024", "28", "", "", ""),),
        ok=(("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),),
    ),
    Case(
        "column-mapping-names-a-missing-column",
        LONG,
        (("330683", PM, "2024", "28", ""),),
        error="the column mapping names column(s) not in the header: 城市",
        columns={"城市": "region"},
    ),
    Case(
        "region-names",
        LONG,
        (
            ("湖北省咸宁市", PM, "2024", "28", ""),
            ("浙江省绍兴市嵊州市", PM, "2024", "30", ""),
            ("襄樊市", PM, "2024", "31", ""),
        ),
        ok=(
            ("421200", "pm25_annual_mean", 2024, 28.0, None, None, True),
            ("330683", "pm25_annual_mean", 2024, 30.0, None, None, True),
            ("420600", "pm25_annual_mean", 2024, 31.0, None, None, True),
        ),
    ),
    Case(
        "region-merged-before-its-merger-keeps-its-code",
        LONG,
        (("莱芜市", PM, "2017", "40", ""), ("莱芜市", PM, "2020", "35", "")),
        ok=(
            ("371200", "pm25_annual_mean", 2017, 40.0, None, None, True),
            ("370100", "pm25_annual_mean", 2020, 35.0, None, None, True),
        ),
    ),
    Case(
        "region-old-codes-are-read-as-their-names-are",
        LONG,
        (
            ("522200", PM, "2024", "28", ""),  # 铜仁地区, renamed 铜仁市 (520600)
            ("371200", PM, "2017", "40", ""),  # 莱芜市, merged into 济南市 in 2019
            ("371200", PM, "2020", "35", ""),
        ),
        ok=(
            ("520600", "pm25_annual_mean", 2024, 28.0, None, None, True),
            ("371200", "pm25_annual_mean", 2017, 40.0, None, None, True),
            ("370100", "pm25_annual_mean", 2020, 35.0, None, None, True),
        ),
    ),
    Case(
        "region-name-ambiguous",
        LONG,
        (("朝阳区", PM, "2024", "28", ""),),
        error="unknown region name '朝阳区': ambiguous name; candidates: 110105",
    ),
    Case(
        "region-name-unknown",
        LONG,
        (("火星市", PM, "2024", "28", ""),),
        error="unknown region name '火星市': no region has this name",
    ),
    Case(
        "task-words-in-a-number-cell",
        LONG,
        (("330683", PM, "2024", "完成", ""), ("330683", PM, "2023", "未达标", "")),
        ok=(
            ("330683", "pm25_annual_mean", 2024, True, None, None, True),
            ("330683", "pm25_annual_mean", 2023, False, None, None, True),
        ),
    ),
    Case(
        "task-word-with-a-target",
        (*LONG, "target"),
        (("330683", PM, "2024", "完成", "", "30"),),
        error="is the higher level's verdict on the assigned task",
    ),
    Case(
        "wide-with-reference",
        (
            "region",
            "indicator",
            "unit",
            "2023",
            "2024",
            "target_2024",
            "reference_2024",
        ),
        (("330683", PM, "μg/m3", "30", "28", "30", "32"),),
        ok=(
            ("330683", "pm25_annual_mean", 2023, 30.0, None, None, True),
            ("330683", "pm25_annual_mean", 2024, 28.0, 30.0, 32.0, True),
        ),
    ),
    Case(
        "wide-target-without-its-year",
        ("region", "indicator", "unit", "2024", "target_2025"),
        (("330683", PM, "", "28", "30"),),
        error="target column(s) for years without a value column: target_2025",
    ),
    Case(
        "long-value-twice",
        ("region", "indicator", "year", "value", "value"),
        (("330683", PM, "2024", "28", "29"),),
        error="column(s) named twice: value",
    ),
    Case(
        "wide-year-twice-in-full-width",
        ("region", "indicator", "2024", "２０２４"),
        (("330683", PM, "28", "29"),),
        error="column(s) named twice: 2024",
    ),
    Case(
        "year-as-float",
        LONG,
        (("330683", PM, 2024.0, "28", ""),),
        error="year '2024.0' is not a 4-digit year (a float: give years and codes "
        "as whole numbers or text;",
        excel=False,
    ),
    Case(
        "region-as-float",
        LONG,
        ((330683.0, PM, "2024", "28", ""),),
        error="region code '330683.0' is not 6 digits (a float: give years and "
        "codes as whole numbers or text;",
        excel=False,
    ),
    Case(
        "numbers-as-numbers",
        LONG,
        ((330683, PM, 2024, 28, ""), (330683, PM, 2023, 29.5, "")),
        ok=(
            ("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),
            ("330683", "pm25_annual_mean", 2023, 29.5, None, None, True),
        ),
    ),
    Case(
        "fact-as-boolean",
        LONG,
        (("330683", FACT, "2024", True, ""), ("330683", FACT, "2023", False, "")),
        ok=(
            ("330683", "biodiversity_survey", 2024, True, None, None, True),
            ("330683", "biodiversity_survey", 2023, False, None, None, True),
        ),
    ),
    Case(
        "number-as-boolean",
        LONG,
        (("330683", PM, "2024", True, ""),),
        error="value 'True' is not a number",
    ),
    Case(
        "empty-value-is-missing",
        LONG,
        (("330683", PM, "2024", None, ""), ("330683", PM, "2023", "—", "")),
        ok=(
            ("330683", "pm25_annual_mean", 2024, None, None, None, True),
            ("330683", "pm25_annual_mean", 2023, None, None, None, True),
        ),
    ),
    Case(
        "not-a-finite-number",
        LONG,
        (("330683", PM, "2024", math.inf, ""),),
        error="value 'inf' is not a finite number",
        excel=False,
    ),
    Case(
        "full-width-and-glued-unit",
        LONG,
        (("330683", PM, "２０２４", "３５μg/m3", ""),),
        ok=(("330683", "pm25_annual_mean", 2024, 35.0, None, None, True),),
    ),
    Case(
        "converted-unit",
        LONG,
        (("330683", PM, "2024", "0.026", "mg/m3"),),
        ok=(("330683", "pm25_annual_mean", 2024, 26.0, None, None, True),),
    ),
    Case(
        "not-applicable",
        LONG,
        (("330683", "草原综合植被盖度", "2024", "不涉及", ""),),
        ok=(("330683", "grassland_vegetation_cover", 2024, None, None, None, False),),
    ),
    Case(
        "blank-row-set-aside",
        LONG,
        (
            ("330683", PM, "2024", "28", ""),
            ("", "", "", "", ""),
            ("330683", PM, "2023", "29", ""),
        ),
        ok=(
            ("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),
            ("330683", "pm25_annual_mean", 2023, 29.0, None, None, True),
        ),
    ),
    Case(
        "identical-rows-merge",
        LONG,
        (
            ("330683", PM, "2024", "28", ""),
            ("330683", "pm25_annual_mean", "2024", "28", ""),
        ),
        ok=(("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),),
    ),
    Case(
        "conflicting-rows",
        LONG,
        (("330683", PM, "2024", "28", ""), ("330683", PM, "2024", "29", "")),
        error="duplicate row with a different value (29 here, 28 in row 2)",
    ),
    Case(
        "unknown-column",
        (*LONG, "colour"),
        (("330683", PM, "2024", "28", "", "red"),),
        error="unknown column(s) colour",
    ),
    Case(
        "unknown-indicator",
        LONG,
        (("330683", "PM9", "2024", "28", ""),),
        error="unknown indicator 'PM9'",
    ),
    Case(
        "padded-header",
        (*LONG, ""),
        (("330683", PM, "2024", "28", "", ""),),
        ok=(("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),),
    ),
    Case(
        "short-row",
        LONG,
        (("330683", PM, "2024"),),
        error="row has 3 cells, the header has 5",
        csv_only=True,
    ),
    Case(
        "spaces-around-header-names",
        (" region ", "indicator ", " year", "value", "unit"),
        (("330683", PM, "2024", "28", ""),),
        ok=(("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),),
    ),
    Case(
        "header-name-twice-once-padded",
        ("region", "indicator", "year", "value", " value "),
        (("330683", PM, "2024", "28", "29"),),
        error="column(s) named twice: value",
    ),
    *(
        Case(
            f"non-finite-text-{cell}",
            LONG,
            (("330683", PM, "2024", cell, ""),),
            error=f"value '{cell}' is not a finite number",
        )
        for cell in ("+inf", "inf", "-Infinity", "1e400", "nan")
    ),
    Case(
        "nan-float-is-missing",
        LONG,
        (("330683", PM, "2024", NAN, ""),),
        ok=(("330683", "pm25_annual_mean", 2024, None, None, None, True),),
        excel=False,  # Excel has no NaN
    ),
    Case(
        "date-in-value",
        LONG,
        (("330683", PM, "2024", NEW_YEAR, ""),),
        error="value '2024-01-01 00:00:00' is a date or time, not a number",
    ),
    Case(
        "date-in-year",
        LONG,
        (("330683", PM, NEW_YEAR, "28", ""),),
        error="year '2024-01-01 00:00:00' is a date, not a year",
    ),
    Case(
        "date-text-in-value",
        LONG,
        (("330683", PM, "2024", "2024/1/1", ""),),
        error="value '2024/1/1' is a date or time, not a number",
    ),
    Case(
        "yes-no-word-for-a-quantity",
        LONG,
        (("330683", PM, "2024", "是", ""),),
        error="value '是' is not a number: a yes/no word",
    ),
]


def _text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return str(cell)


def _csv(case: Case, path: Path) -> Path:
    # As a spreadsheet writes it: a cell holding a comma or a quote is quoted.
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        for row in (case.header, *case.rows):
            writer.writerow([_text(c) for c in row])
    return path


#: pandas' nullable dtype of each Python number type.
_NULLABLE = {int: "Int64", float: "Float64", bool: "boolean"}


def _frame(case: Case, *, nullable: bool = False) -> pd.DataFrame:
    """The case as a frame: a column of one number type keeps its type.

    In numpy's type, or (``nullable``) in pandas' nullable one, gaps allowed.
    """
    frame = pd.DataFrame([list(r) for r in case.rows], dtype=object)
    frame.columns = list(case.header)
    for k in range(frame.shape[1]):
        col = frame.iloc[:, k]
        kinds = {type(c) for c in col if c is not None}
        if len(kinds) == 1 and kinds <= set(_NULLABLE):
            kind = kinds.pop()
            frame.isetitem(
                k,
                pd.Series(list(col), dtype=_NULLABLE[kind]).array
                if nullable
                else col.astype(kind).to_numpy(),
            )
    return frame


def _arrow_table(case: Case) -> pa.Table:
    arrays = []
    for k in range(len(case.header)):
        cells = [r[k] for r in case.rows]
        kinds = {type(c) for c in cells if c is not None}
        arrays.append(pa.array(cells if len(kinds) == 1 else [_text(c) for c in cells]))
    return pa.Table.from_arrays(arrays, names=list(case.header))


def _parquet(case: Case, path: Path) -> Path:
    pq.write_table(_arrow_table(case), path)
    return path


def _text_frame(case: Case, text: Callable[[pd.Series], Any]) -> pd.DataFrame:
    """The frame with each column of text (and missing cells) made ``text(column)``."""
    frame = _frame(case)
    for k in range(frame.shape[1]):
        col = frame.iloc[:, k]
        if pd.api.types.infer_dtype(col, skipna=True) == "string":
            frame.isetitem(k, text(col))
    return frame


def _str(col: pd.Series) -> Any:
    """A column of text in pandas' str dtype."""
    return col.astype("str").array


def _categorical(col: pd.Series) -> Any:
    """A column of text as a categorical, one category left unused."""
    texts = sorted({c for c in col if isinstance(c, str)} | {"未用"})
    return pd.Categorical(col, categories=texts)


def _frame_cell_by_cell(case: Case, _: Path, std: Standard) -> Observations:
    """Read a frame as its columns of mixed types are read: each cell by the rules."""
    with (
        mock.patch.object(_frame_door, "_texts", return_value=None),
        mock.patch.object(_frame_door, "_nullable", return_value=None),
    ):
        frame = _frame(case, nullable=True)
        return Observations.from_frame(frame, std, columns=case.columns)


def _xlsx(case: Case, path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (case.header, *case.rows):
        sheet.append([None if _text(c) == "" else c for c in row])
    book.save(path)
    return path


def _observations(obs: Observations) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (o.region, o.indicator, o.year, o.value, o.target, o.reference, o.applicable)
        for o in obs
    )


def _problems(err: DataError) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (p.message, p.row, p.region, p.indicator, p.year) for p in err.problems
    )


Door = Callable[[Case, Path, Standard], Observations]


def _csv_without_arrow(case: Case, tmp: Path, std: Standard) -> Observations:
    """Read as a machine without pyarrow does: Python's csv module cuts the cells."""
    with mock.patch.object(_arrow, "available", return_value=False):
        return Observations.from_csv(
            _csv(case, tmp / "d.csv"), std, columns=case.columns
        )


def _csv_by_arrow(case: Case, tmp: Path, std: Standard) -> Observations:
    """Read as a large file is read: Arrow's tokenizer cuts the cells."""
    with mock.patch.object(_csv_door, "ARROW_FROM", 0):
        return Observations.from_csv(
            _csv(case, tmp / "d.csv"), std, columns=case.columns
        )


def _csv_by_arrow_in_parts(case: Case, tmp: Path, std: Standard) -> Observations:
    """Read as a large file without quotes is read: Arrow, part by part."""
    with mock.patch.object(_arrow, "PART_BYTES", 1):
        return _csv_by_arrow(case, tmp, std)


DOORS: dict[str, Door] = {
    "Observations.from_csv": lambda c, t, s: Observations.from_csv(
        _csv(c, t / "d.csv"), s, columns=c.columns
    ),
    "Observations.from_csv(no pyarrow)": _csv_without_arrow,
    "Observations.from_csv(arrow)": _csv_by_arrow,
    "Observations.from_csv(arrow, a line a part)": _csv_by_arrow_in_parts,
    "Observations.from_frame": lambda c, _, s: Observations.from_frame(
        _frame(c), s, columns=c.columns
    ),
    "Observations.from_frame(str dtype)": lambda c, _, s: Observations.from_frame(
        _text_frame(c, _str), s, columns=c.columns
    ),
    "Observations.from_frame(nullable dtypes)": lambda c, _, s: Observations.from_frame(
        _frame(c, nullable=True), s, columns=c.columns
    ),
    "Observations.from_frame(categorical)": lambda c, _, s: Observations.from_frame(
        _text_frame(c, _categorical), s, columns=c.columns
    ),
    "Observations.from_frame(cell by cell)": _frame_cell_by_cell,
    "Observations.from_frame(Arrow-backed)": lambda c, _, s: Observations.from_frame(
        _arrow_table(c).to_pandas(types_mapper=pd.ArrowDtype), s, columns=c.columns
    ),
    "Observations.from_arrow": lambda c, _, s: Observations.from_arrow(
        _arrow_table(c), s, columns=c.columns
    ),
    "Observations.from_file(parquet)": lambda c, t, s: Observations.from_file(
        _parquet(c, t / "d.parquet"), s, columns=c.columns
    ),
    "Observations.from_file(xlsx)": lambda c, t, s: Observations.from_file(
        _xlsx(c, t / "d.xlsx"), s, columns=c.columns
    ),
}
TYPED = (
    "Observations.from_frame",
    "Observations.from_frame(str dtype)",
    "Observations.from_frame(nullable dtypes)",
    "Observations.from_frame(categorical)",
    "Observations.from_frame(cell by cell)",
    "Observations.from_frame(Arrow-backed)",
    "Observations.from_arrow",
    "Observations.from_file(parquet)",
    "Observations.from_file(xlsx)",
)


def _answer(door: Door, case: Case, tmp: Path, std: Standard) -> Any:
    try:
        return ("ok", _observations(door(case, tmp, std)))
    except DataError as err:
        return ("error", _problems(err))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_door_gives_one_answer(
    case: Case, county2024: Standard, tmp_path: Path
) -> None:
    """The CSV, DataFrame, Parquet and Excel doors read a sheet alike."""
    doors = {
        k: v
        for k, v in DOORS.items()
        if not (case.csv_only and k in TYPED) and (case.excel or "xlsx" not in k)
    }
    answers = {}
    for name, door in doors.items():
        sub = tmp_path / name.replace("(", "_").replace(")", "")
        sub.mkdir()
        answers[name] = _answer(door, case, sub, county2024)
    first = answers["Observations.from_csv"]
    for name, got in answers.items():
        assert got == first, name
    kind, body = first
    if case.ok is not None:
        assert (kind, body) == ("ok", case.ok)
    else:
        assert kind == "error"
        assert case.error in body[0][0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_assess_many_reads_files_as_the_readers_do(
    case: Case, county2024: Standard, tmp_path: Path
) -> None:
    """assess_many reads files, frames and Arrow tables as the readers do."""
    expected = _answer(DOORS["Observations.from_csv"], case, tmp_path, county2024)
    sources: dict[str, Any] = {"csv": _csv(case, tmp_path / "m.csv")}
    if not case.csv_only:
        sources |= {
            "frame": _frame(case),
            "arrow": _arrow_table(case),
            "parquet": _parquet(case, tmp_path / "m.parquet"),
        }
        if case.excel:
            sources["xlsx"] = _xlsx(case, tmp_path / "m.xlsx")
    for name, data in sources.items():
        try:
            result = ecociv.assess_many(data, county2024, 2024, columns=case.columns)
            got: Any = ("ok", _observations(Observations.of_table(result.table)))
        except DataError as err:
            got = ("error", _problems(err))
        assert got == expected, name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_command_line_reads_as_the_readers_do(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ecociv assess` and `ecociv compare` take or refuse a file as the readers do."""
    path = _csv(case, tmp_path / "c.csv")
    common = ["--standard", "mee-2024-county", "--year", "2024"]
    for name, to in (case.columns or {}).items():
        common += ["--column", f"{name}={to or ''}"]
    for argv in (
        ["assess", str(path), *common, "--region", "330683"],
        ["compare", str(path), *common],
    ):
        code = main(argv)
        _, err = capsys.readouterr()
        if case.ok is not None:
            assert code == 0, (argv[0], err)
        else:
            assert code == 2, argv[0]
            assert str(case.error) in err, (argv[0], err)


def test_records_read_as_the_long_form_does(county2024: Standard) -> None:
    """Records give what the same rows in a CSV file give, column mappings too.

    Every case but the wide form (records have none) and the rows only a
    text file can hold (a short row, a header with an empty or repeated name).
    """
    for case in CASES:
        wide = any(h.isdigit() or h.startswith(("target_", "reference_"))
                   for h in case.header)  # fmt: skip
        repeated = len(set(case.header)) != len(case.header) or "" in case.header
        if case.csv_only or wide or repeated:
            continue
        records = [dict(zip(case.header, r, strict=False)) for r in case.rows]
        try:
            got: Any = (
                "ok",
                _observations(
                    Observations.from_records(records, county2024, columns=case.columns)
                ),
            )
        except DataError as err:
            got = ("error", _problems(err))
        if case.ok is not None:
            assert got == ("ok", case.ok), case.name
        else:
            assert got[0] == "error", case.name
            assert str(case.error) in got[1][0][0], case.name


def test_records_have_no_padding(county2024: Standard) -> None:
    """An empty key in a record is an unknown column, named so, not padding.

    Records have no column order, so no key trails the others; a sheet's
    unnamed trailing columns are padding (the cases above).
    """
    record = {"region": "330683", "indicator": PM, "year": 2024, "value": 28, "": ""}
    with pytest.raises(DataError, match=r"unknown column\(s\) \(no name\)"):
        Observations.from_records([record], county2024)


class _Exported:
    """Data that only exports Arrow (as a polars DataFrame or a DuckDB result does)."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._table.__arrow_c_stream__(requested_schema)


def test_anything_exporting_arrow_data_is_read_as_its_table(
    county2024: Standard,
) -> None:
    """An object giving an Arrow stream is read by the Arrow door, a batch too."""
    case = next(c for c in CASES if c.name == "region-names")
    table = _arrow_table(case)
    expected = _observations(Observations.from_arrow(table, county2024))
    assert expected == case.ok
    for data in (_Exported(table), table.to_batches()[0]):
        assert _observations(Observations.from_arrow(data, county2024)) == expected
        result = ecociv.assess_many(data, county2024, 2024)
        assert _observations(Observations.of_table(result.table)) == expected


def test_a_value_no_row_holds_says_nothing(county2024: Standard) -> None:
    """An unused category or dictionary value is never read into an entry.

    522200 (铜仁地区, renamed) warns when a row holds it; as a category or an
    Arrow dictionary value no row uses, it gives no warning and no problem.
    """
    used = {"region": ["330683"], "indicator": [PM], "year": [2024], "value": ["28"]}
    warned = Observations.from_frame(
        pd.DataFrame(used | {"region": ["522200"]}), county2024
    )
    assert warned.warnings  # the renamed unit, when a row holds it
    region = pd.Categorical(["330683"], categories=["330683", "522200", "不是地区"])
    frame = pd.DataFrame(used | {"region": region})
    table = pa.table(used | {"region": pa.array(region)})
    for obs in (
        Observations.from_frame(frame, county2024),
        Observations.from_arrow(table, county2024),
    ):
        assert _observations(obs) == (
            ("330683", "pm25_annual_mean", 2024, 28.0, None, None, True),
        )
        assert obs.warnings == ()
        assert obs.issues == ()


def test_a_frame_s_text_columns_are_read_by_their_distinct_texts(
    county2024: Standard,
) -> None:
    """A column of text is not read cell by cell; one of text and numbers is."""
    frame = pd.DataFrame(
        {
            "region": ["330683"] * 3,
            "indicator": [PM, PM, None],
            "year": [2024, 2023, 2022],
            "value": pd.Series(["28", 30, None], dtype=object),
            "unit": pd.Series([None, None, None], dtype=object),
        }
    )
    texts = mock.patch.object(_frame_door, "_texts", wraps=_frame_door._texts)
    per_cell = mock.patch.object(Cells, "of", wraps=Cells.of)
    with texts as found, per_cell as cell_by_cell:
        obs = Observations.from_frame(frame, county2024, strict=False)
    # Asked of every column but the year (numbers); the value column alone
    # (text and a number) is read cell by cell, "28" and 30 kept apart.
    asked = [c.args[0].name for c in found.call_args_list]
    assert sorted(asked) == ["indicator", "region", "unit", "value"]
    assert cell_by_cell.call_count == 1
    assert [o.value for o in obs] == [28.0, 30.0]
    assert [p.row for p in obs.issues] == [4]  # no indicator: a problem, never dropped


@pytest.mark.parametrize("strict", [True, False])
def test_an_unknown_indicator_column_is_one_problem_at_the_header(
    tmp_path: Path, county2024: Standard, strict: bool
) -> None:
    """The name is in the header: one problem at row 1, not one per data row.

    It says how to leave the column out, and the mapping it names does.
    """
    path = tmp_path / "yearbook.csv"
    rows = "".join(f"330683,{y},28,70\n" for y in range(2000, 2025))
    path.write_text("region,year,PM2.5浓度,人口(万人)\n" + rows, encoding="utf-8")
    with pytest.raises(DataError) as err:
        Observations.from_csv(path, county2024, strict=strict)
    (problem,) = err.value.problems
    assert problem.row == 1
    assert "indicator column '人口(万人)': unknown indicator" in problem.message
    assert "{'人口(万人)': None}" in problem.message
    obs = Observations.from_csv(path, county2024, columns={"人口(万人)": None})
    assert len(obs) == 25


@pytest.mark.parametrize(
    "text",
    [
        "region,indicator,year,value,\n330683,PM2.5浓度,2024,28,\n",
        (
            "region,indicator,year,value,,\n330683,PM2.5浓度,2024,28,,\n"
            "330683,PM2.5浓度,2023,29,,x\n"
        ),
    ],
    ids=["padding", "a-cell-under-padding"],
)
def test_a_frame_pandas_read_gives_what_its_file_gives(
    tmp_path: Path, county2024: Standard, text: str
) -> None:
    """A file's empty trailing header cells, which pandas names ``Unnamed: 4``.

    They are unnamed columns through either door: padding, or a row refused.
    """
    import io  # noqa: PLC0415

    path = tmp_path / "padded.csv"
    path.write_text(text, encoding="utf-8")
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    assert frame.columns[-1].startswith("Unnamed: ")
    by_frame = Observations.from_frame(frame, county2024, strict=False)
    by_file = Observations.from_csv(path, county2024, strict=False)
    assert _observations(by_frame) == _observations(by_file)
    assert [(p.message, p.row) for p in by_frame.issues] == [
        (p.message, p.row) for p in by_file.issues
    ]


#: The cells random sheets are made of: every kind of cell the cases above
#: hold (typed cells too), in any combination.
_RANDOM_CELLS: dict[str, list[Any]] = {
    "region": ["330683", "330102", "铜仁地区", "522200", "朝阳区", "", "33068",
               330683, "莱芜市", "371200", "浙江省绍兴市嵊州市", " 330683 "],
    "indicator": [PM, "forest_coverage", FACT, "eqi", "未知指标", ""],
    "year": ["2024", "2023", "2024.0", "", "二〇二四", "1800", 2024, "２０２４"],
    "value": ["28", "28.5", "", "不涉及", "是", "否", "35μg/m3", "1,234", "1,23",
              "完成", "x", "-", "inf", "60%", "0.035mg/m3", "建立", 28, 28.5, True,
              None, "２８", "−3", "2024-01-01", "n/a", "1e3", "30 %"],
    "unit": ["", "%", "μg/m³", "mg/m3", "-", "点"],
    "target": ["", "30", "abc", 30, 25.5, None, "30%"],
    "": ["", "", "x"],
}  # fmt: skip


def _random_case(rng: random.Random) -> Case:
    """Return a random long-form sheet, perhaps with unnamed trailing columns."""
    header = (*LONG, "target", *[""] * rng.choice([0, 0, 1, 2]))
    rows: tuple[tuple[Any, ...], ...] = tuple(
        tuple(rng.choice(_RANDOM_CELLS[h]) for h in header)
        for _ in range(rng.randint(1, 4))
    )
    return Case("random", header, rows)


@pytest.mark.parametrize("seed", range(12))
def test_every_door_gives_one_answer_on_random_sheets(
    seed: int, tmp_path: Path, county2024: Standard
) -> None:
    """Sheets mixing every kind of cell above: one answer through every door.

    Seeded, so a failure names its sheet and comes back the same.
    """
    case = _random_case(random.Random(seed))  # noqa: S311  (a sheet, not a secret)
    answers = {
        n: _answer(door, case, tmp_path, county2024) for n, door in DOORS.items()
    }
    first = answers["Observations.from_csv"]
    for name, got in answers.items():
        assert got == first, (name, case.header, case.rows)


def test_a_pandas_unnamed_column_the_mapping_names_is_read(
    county2024: Standard,
) -> None:
    """``Unnamed: 4`` named in the column mapping is that column, not padding."""
    import io  # noqa: PLC0415

    text = "region,indicator,year,value,\n330683,PM2.5浓度,2024,28,统计年鉴\n"
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    obs = Observations.from_frame(frame, county2024, columns={"Unnamed: 4": "source"})
    assert [(o.value, o.source) for o in obs] == [(28.0, "统计年鉴")]


@pytest.mark.parametrize("start", [0, 1, 3, 7, 9])
def test_arrow_cells_keep_their_nulls_wherever_a_chunk_starts(start: int) -> None:
    """A null is the empty cell in a chunk sliced at any bit of its validity map.

    Chunks of an Arrow column may start inside a byte of their validity
    bitmap (a sliced table, a Parquet page); numbers are encoded first.
    """
    cells = ["a", None, "b", "a", None, "c", "b", None, "a", "d", None, "e"]
    numbers = [1.5, None, 2.0, None, 3.0, 1.5, None, 4.0, None, 2.0, 5.0, None]
    years = [2024, None, 2023, 2024, None, 2020, 2023, None, 2024, 2021, None, 2022]
    columns: list[tuple[list[Any], Any]] = [
        (cells, None),
        (numbers, None),
        (years, pa.int64()),  # a short span: marked, not hashed
        (years, pa.uint16()),
        ([-3, None, 120, -128, None, 0, 7, None, -3, 127, None, 5], pa.int8()),
        ([2**64 - 1, None, 2**64 - 3, 2**64 - 1] * 3, pa.uint64()),
        ([330683, None, 110101, 330683] * 3, pa.int32()),  # a wide span: hashed
        ([None] * 12, pa.int64()),
        ([2024, 2023, 2020, 2024, 2021, 2022] * 2, pa.int16()),  # no null
        ([330683, 110101, 330683] * 4, pa.int64()),  # no null, a wide span
    ]
    for every, kind in columns:
        arr = pa.array(every, type=kind)
        if every is cells:
            arr = arr.dictionary_encode()
        parts = [arr.slice(start, 2), arr.slice(start + 2)]
        got = _arrow.cells_of(pa.chunked_array(parts, type=arr.type))
        distinct = got.values  # noqa: PD011  (Cells, not a frame)
        assert [distinct[k] for k in got.codes] == every[start:]
        assert len(set(distinct)) == len(distinct)  # each distinct cell once
        kinds = {type(v) for v in every if v is not None}  # Python's, as to_pylist
        assert all(v is None or type(v) in kinds for v in distinct)
        if kind is not None and pa.types.is_integer(kind):  # a frame's, alike
            nullable = "UInt64" if kind == pa.uint64() else "Int64"
            col = pd.Series(every[start:], dtype=nullable)
            framed = _frame_door._nullable(col)
            assert framed is not None
            shown = framed.values  # noqa: PD011  (Cells, not a frame)
            assert [shown[k] for k in framed.codes] == every[start:]
            if None not in every:
                plain = _frame_door._typed(col.to_numpy(dtype=nullable.lower()))
                assert plain.values == framed.values  # noqa: PD011


def test_a_large_csv_is_read_from_its_map_or_its_bytes(
    tmp_path: Path, county2024: Standard
) -> None:
    """Arrow reads a large CSV from a map of the file, or from its bytes alike.

    A file that cannot be mapped (a special file system, an empty file) is
    read from its bytes.
    """
    import mmap  # noqa: PLC0415

    from ecociv._io import _text  # noqa: PLC0415

    path = tmp_path / "d.csv"
    path.write_text(
        "region,indicator,year,value\n"
        + "".join(f"330683,森林覆盖率,{y},{60 + y % 7}\n" for y in range(1950, 2025)),
        encoding="utf-8-sig",
    )
    with mock.patch.object(_csv_door, "ARROW_FROM", 0):
        mapped = Observations.from_csv(path, county2024)
        with mock.patch("mmap.mmap", side_effect=OSError(19, "no map")) as no_map:
            read = Observations.from_csv(path, county2024)
        assert no_map.called  # the map was tried, and the bytes read instead
    assert list(mapped) == list(read)
    assert len(mapped) == 75
    assert mapped.encoding == "utf-8-sig"
    with _text.mapped(path, "d.csv") as view:
        assert isinstance(view, mmap.mmap)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with _text.mapped(empty, "empty.csv") as view:
        assert view == b""


def test_many_names_and_units_cost_no_table_of_every_pair(
    county2024: Standard, tmp_path: Path
) -> None:
    """Thousands of distinct indicator names and units: memory grows with the rows.

    Which entries need a unit conversion is found per name and per entry, not
    in a table of every (name, unit) pair: a bad upload of n rows with n
    names and n units stays linear (a table would hold n² cells).
    """
    import tracemalloc  # noqa: PLC0415

    n = 4000
    lines = ["region,indicator,year,value,unit"] + [
        f"330683,{'森林覆盖率' if i % 2 else f'名称{i}'},2024,{i % 90},单位{i}"
        for i in range(n)
    ]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    tracemalloc.start()
    try:
        obs = ecociv.Observations.from_csv(path, county2024, strict=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(obs) == 0
    assert len(obs.issues) == n  # every row refused, each with its reason
    assert peak < 40 * 2**20  # a table of every pair: n² = 16 M cells


@pytest.mark.parametrize("says", [None, 0, 10])
def test_a_file_is_read_whole_whatever_size_it_says(
    tmp_path: Path, says: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file is read to its end (or one byte past the limit), not to the size it says.

    It is asked its size first (a small file costs no buffer of the limit's
    size); one that says less (a special file says 0, one being written
    grows) is read on, and one over the limit is still refused.
    """
    import os  # noqa: PLC0415

    from ecociv._io._text import read_bytes  # noqa: PLC0415

    data = b"region,indicator,year,value\n" * 200
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    if says is not None:
        real = os.fstat

        def fstat(fd: int) -> os.stat_result:
            found = list(real(fd))
            found[6] = says  # st_size
            return os.stat_result(found)

        monkeypatch.setattr(os, "fstat", fstat)
    assert read_bytes(path, "f.csv") == data
    with (
        ecociv.limits.applied({"max_file_bytes": len(data) - 1}),
        pytest.raises(ecociv.errors.DataError, match="max_file_bytes"),
    ):
        read_bytes(path, "f.csv")


def test_an_unknown_name_the_column_mapping_gave_is_said_to_come_from_it(
    county2024: Standard, tmp_path: Path
) -> None:
    """``--column region=nope``: the header error names the mapping's rename."""
    path = tmp_path / "m.csv"
    path.write_text("region,indicator,year,value\n330683,森林覆盖率,2024,60\n")
    with pytest.raises(ecociv.errors.DataError) as caught:
        ecociv.Observations.from_csv(path, county2024, columns={"region": "nope"})
    (problem,) = caught.value.problems
    assert "missing column(s) region" in problem.message
    assert "'nope' is the column mapping's name for 'region'" in problem.message
    assert problem.row == 1


#: Numbers no float16 or float32 holds exactly (61.1 is 61.099998474121094 as
#: a float32 read as a float64), each a sewage treatment rate (%).
NARROW = [95.1, 93.3, 61.1]


def _narrow(door: str, tmp_path: Path) -> Any:
    """Return the data of :data:`NARROW`, its values in a narrow float type."""
    n = len(NARROW)
    keys: dict[str, list[Any]] = {
        "region": ["330683"] * n,
        "indicator": ["county_sewage_treatment_rate"] * n,
        "year": [2022, 2023, 2024],
    }
    target = pa.array(NARROW, pa.float64())  # the same numbers, float64
    if door in ("arrow", "arrow dictionary", "parquet"):
        value = pa.array(NARROW, pa.float32())
        if door == "arrow dictionary":
            value = value.dictionary_encode()
        table = pa.table({**keys, "value": value, "unit": ["%"] * n, "target": target})
        if door != "parquet":
            return table
        pq.write_table(table, tmp_path / "narrow.parquet")
        return tmp_path / "narrow.parquet"
    if door == "records":
        return [
            {**{k: v[i] for k, v in keys.items()}, "value": np.float32(x), "target": x}
            for i, x in enumerate(NARROW)
        ]
    frame = pd.DataFrame({**keys, "value": NARROW, "unit": ["%"] * n, "target": NARROW})
    narrow: Any = frame["value"].astype(np.float16 if door == "float16" else np.float32)
    if door == "category":
        narrow = narrow.astype("category")
    elif door == "Sparse[float32]":
        narrow = narrow.astype(pd.SparseDtype(np.float32))
    elif door == "dictionary[pyarrow]":
        dictionary = pd.ArrowDtype(pa.dictionary(pa.int32(), pa.float32()))
        narrow = pd.Series(pd.array(NARROW, dtype=dictionary))  # type: ignore[call-overload]
    elif door in ("Float32", "float32[pyarrow]"):
        narrow = narrow.astype(door)
    return frame.assign(value=narrow)


@pytest.mark.parametrize(
    "door",
    [
        "numpy",
        "float16",
        "Float32",
        "float32[pyarrow]",
        "category",
        "Sparse[float32]",
        "dictionary[pyarrow]",
        "arrow",
        "arrow dictionary",
        "parquet",
        "records",
    ],
)
def test_a_narrow_float_is_read_as_the_number_it_shows(
    door: str, county2024: Standard, tmp_path: Path
) -> None:
    """A float32 61.1 is 61.1 at every door, as a CSV file of it holds.

    Widened as it is stored (61.099998474121094) it would miss a target of
    61.1 given beside it as a float64, and be judged not met; each value is
    read as its shortest text instead, as a cell-by-cell reading of it is.
    """
    data = _narrow(door, tmp_path)
    if door == "records":
        obs = Observations.from_records(data, county2024)
    elif isinstance(data, Path):
        obs = Observations.from_file(data, county2024)
    elif isinstance(data, pa.Table):
        obs = Observations.from_arrow(data, county2024)
    else:
        obs = Observations.from_frame(data, county2024)
    assert [o.value for o in obs] == NARROW
    result = ecociv.assess_many(obs, county2024, 2024, targets="data")
    assert result.row("330683", "5.2")["verdict"] == "met"


def test_a_run_end_encoded_column_is_read_as_its_values(county2024: Standard) -> None:
    """Runs of equal values stored once are one value per row, as written out.

    Arrow's run-end encoding is not a column of lists (it was refused as
    one); a run of nested values is still refused, naming the values' type.
    """
    runs = pa.RunEndEncodedArray.from_arrays([2, 3], pa.array(["60", None]))
    keys = {
        "region": ["330683"] * 3,
        "indicator": ["forest_coverage"] * 3,
        "year": [2022, 2023, 2024],
    }
    plain = pa.table({**keys, "value": ["60", "60", None]})
    encoded = pa.table({**keys, "value": pa.chunked_array([runs])})
    expected = _observations(Observations.from_arrow(plain, county2024))
    assert _observations(Observations.from_arrow(encoded, county2024)) == expected
    lists = pa.array([["60"], None], pa.list_(pa.string()))
    nested = pa.table(
        {**keys, "value": pa.RunEndEncodedArray.from_arrays([1, 3], lists)}
    )
    with pytest.raises(DataError, match=r"value \(list<item: string>\)"):
        Observations.from_arrow(nested, county2024)


@pytest.mark.parametrize(
    "value",
    [
        pa.array([dt.timedelta(days=1), None]),
        pa.array([["60"], None], pa.list_(pa.string())),
        pa.array([dt.datetime(2024, 1, 1, tzinfo=dt.UTC), None]),
        pa.array([61.1, None], pa.float32()).dictionary_encode(),
        pa.array([True, None]),
        pa.array(["60", None], pa.large_string()),
    ],
    ids=["duration", "list", "timestamp", "dictionary", "bool", "large_string"],
)
def test_a_frame_column_backed_by_arrow_is_read_as_the_arrow_door_reads_it(
    value: pa.Array, county2024: Standard
) -> None:
    """A pandas ArrowDtype column is Arrow data: the same cells, the same words.

    Read cell by cell they were pandas' objects (a duration written
    ``1 days 00:00:00``, a list read as the text ``['60']``); now each is
    read as the Arrow door reads the table's column, and a column of lists
    is refused at the header, as there.
    """
    table = pa.table(
        {
            "region": ["330683"] * 2,
            "indicator": ["forest_coverage"] * 2,
            "year": [2023, 2024],
            "value": value,
            "unit": ["%"] * 2,
        }
    )
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    assert isinstance(frame["value"].dtype, pd.ArrowDtype)

    def answer(read: Door) -> Any:
        return _answer(read, CASES[0], Path(), county2024)

    by_table = answer(lambda *_: Observations.from_arrow(table, county2024))
    by_frame = answer(lambda *_: Observations.from_frame(frame, county2024))
    assert by_frame == by_table
