"""Reading region data: long and wide CSV, units converted once, bad rows named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecociv import Observation, Observations
from ecociv.errors import DataError
from ecociv.standards import Standard


HEADER = "region,indicator,year,value,unit,target,source\n"


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    """Write a UTF-8 file and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(
    tmp_path: Path, std: Standard, body: str, *, strict: bool = True
) -> Observations:
    """Read long-form rows written under the standard header."""
    return Observations.from_csv(write(tmp_path, HEADER + body), std, strict=strict)


def one(obs: Observations) -> Observation:
    """Return the only observation."""
    (item,) = obs.items
    return item


@pytest.mark.parametrize(
    ("row", "value", "target", "given"),
    [
        ("330683,PM2.5浓度,2024,27.5,μg/m3,30,", 27.5, 30.0, None),
        ("330683,PM2.5浓度,2024,27.5,µg/m³,,", 27.5, None, None),
        ("330683,pm25_annual_mean,2024,0.026,mg/m3,0.03,", 26.0, 30.0, "0.026 mg/m3"),
        ("330683,PM2.5 浓度,2024,27.5,,,", 27.5, None, None),
        ("330683,生态环境信息公开率,2024,0.98,fraction,,", 98.0, None, "0.98 fraction"),
        ("330683,农膜回收利用率,2024,88,%,,", 88.0, None, None),
        ("330683,农田灌溉水有效利用系数,2024,60.1,%,60,", 0.601, 0.6, "60.1 %"),
    ],
)
def test_values_convert_at_the_boundary(
    tmp_path: Path,
    county2024: Standard,
    row: str,
    value: float,
    target: float | None,
    given: str | None,
) -> None:
    """Values and targets arrive in the indicator's unit; the original is kept."""
    o = one(read(tmp_path, county2024, row + "\n"))
    assert o.value == pytest.approx(value)
    assert o.target == (None if target is None else pytest.approx(target))
    assert o.given == given


@pytest.mark.parametrize(
    ("cell", "value", "applicable"),
    [
        ("建立", True, True),
        ("否", False, True),
        ("Yes", True, True),
        ("未建立", False, True),
        ("", None, True),
        ("不涉及", None, False),
        ("not applicable", None, False),
    ],
)
def test_fact_words(
    tmp_path: Path,
    county2024: Standard,
    cell: str,
    value: bool | None,
    applicable: bool,
) -> None:
    """Institutional facts accept state words, yes/no, blank (missing) and 不涉及."""
    o = one(
        read(tmp_path, county2024, f"330683,突发环境事件应急管理机制,2024,{cell},,,\n")
    )
    assert o.value is value
    assert o.applicable is applicable


def test_missing_is_never_zero(tmp_path: Path, county2024: Standard) -> None:
    """A blank value is kept as missing, not as zero."""
    o = one(read(tmp_path, county2024, "330683,森林覆盖率,2024,,%,,\n"))
    assert o.value is None
    assert o.applicable


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("330683,PM2.5浓度,2024,27.5,%,,", "does not convert"),
        ("330683,PM2.5浓度,2024,27.5,furlongs,,", "unknown unit"),
        ("330683,PM2.5浓度,2024,abc,μg/m3,,", "is not a number"),
        ("330683,PM2.5浓度,2024,nan,μg/m3,,", "not a finite number"),
        ("330683,PM10浓度,2024,50,μg/m3,,", "unknown indicator"),
        ("33068,PM2.5浓度,2024,27,μg/m3,,", "not 6 digits"),
        ("330683,PM2.5浓度,二〇二四,27,μg/m3,,", "not a 4-digit year"),
        ("330683,突发环境事件应急管理机制,2024,maybe,,,", "not a yes/no state"),
        ("330683,突发环境事件应急管理机制,2024,建立,%,,", "takes no unit"),
        ("330683,PM2.5浓度,2024", "cells"),
    ],
)
def test_bad_rows_are_named(
    tmp_path: Path, county2024: Standard, row: str, message: str
) -> None:
    """A bad row's error names the file, the row, the region and the indicator."""
    path = write(tmp_path, HEADER + "330683,森林覆盖率,2024,65,%,,\n" + row + "\n")
    with pytest.raises(DataError) as info:
        Observations.from_csv(path, county2024)
    (problem,) = info.value.problems
    assert message in problem.message
    assert problem.file == str(path)
    assert problem.row == 3
    text = str(info.value)
    assert f"{path}:3" in text
    if "6 digits" not in message and "cells" not in message:
        assert "region 330683" in text
        assert "indicator" in text


def test_all_bad_rows_at_once(tmp_path: Path, county2024: Standard) -> None:
    """Strict reading lists every bad row in one error."""
    body = "330683,PM2.5浓度,2024,x,,,\n330683,森林覆盖率,2024,y,,,\n"
    with pytest.raises(DataError) as info:
        read(tmp_path, county2024, body)
    assert [p.row for p in info.value.problems] == [2, 3]


def test_lenient_mode_keeps_good_rows(tmp_path: Path, county2024: Standard) -> None:
    """Lenient reading keeps the good rows and reports the bad ones."""
    body = "330683,PM2.5浓度,2024,x,,,\n330683,森林覆盖率,2024,65,,,\n"
    obs = read(tmp_path, county2024, body, strict=False)
    assert len(obs) == 1
    assert len(obs.issues) == 1
    assert obs.issues[0].row == 2


def test_conflicting_duplicates(tmp_path: Path, county2024: Standard) -> None:
    """The same region, indicator and year twice with different values is an error."""
    body = "330683,森林覆盖率,2024,65,,,\n330683,forest_coverage,2024,66,,,\n"
    with pytest.raises(DataError, match="duplicate"):
        read(tmp_path, county2024, body)


def test_identical_duplicates_merge(tmp_path: Path, county2024: Standard) -> None:
    """An identical repeated row is kept once."""
    body = "330683,森林覆盖率,2024,65,,,\n330683,森林覆盖率,2024,65,%,,\n"
    assert len(read(tmp_path, county2024, body)) == 1


def test_bad_header(tmp_path: Path, county2024: Standard) -> None:
    """An unknown column is refused with the columns accepted."""
    path = write(tmp_path, "region,indicator,year,value,units\n")
    with pytest.raises(DataError, match="unknown column"):
        Observations.from_csv(path, county2024)


def test_empty_file(tmp_path: Path, county2024: Standard) -> None:
    """An empty file says so."""
    with pytest.raises(DataError, match="empty"):
        Observations.from_csv(write(tmp_path, ""), county2024)


def test_bom_is_accepted(tmp_path: Path, county2024: Standard) -> None:
    """A UTF-8 file with a byte-order mark (as Excel writes) reads the same."""
    path = tmp_path / "bom.csv"
    path.write_bytes((HEADER + "330683,森林覆盖率,2024,65,%,,\n").encode("utf-8-sig"))
    assert len(Observations.from_csv(path, county2024)) == 1


def test_wide_form(tmp_path: Path, county2024: Standard) -> None:
    """One column per year, with target_YYYY columns, reads like the long form."""
    text = (
        "region,indicator,unit,2022,2023,2024,target_2024\n"
        "330683,PM2.5浓度,μg/m3,28,27,26,30\n"
        "330683,森林覆盖率,%,65.2,65.3,\n"
    )
    path = write(tmp_path, text)
    with pytest.raises(DataError) as info:
        Observations.from_csv(path, county2024)
    assert info.value.problems[0].row == 3  # the short row, by its line number
    fixed = text.replace("65.3,\n", "65.3,65.3,\n")
    obs = Observations.from_csv(write(tmp_path, fixed), county2024)
    data = obs.for_region("330683")
    assert data[("pm25_annual_mean", 2024)].target == 30.0
    assert data[("pm25_annual_mean", 2022)].target is None
    assert data[("forest_coverage", 2023)].value == 65.3
    assert len(obs) == 6


def test_example_file_reads(county2024: Standard) -> None:
    """The bundled example reads without problems."""
    path = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"
    obs = Observations.from_csv(path, county2024)
    assert obs.regions() == ("330683",)
    assert not obs.issues


def test_a_bracketed_unit_must_agree_with_the_unit_column(
    tmp_path: Path, county2024: Standard
) -> None:
    """A name's unit in brackets and the row's unit: the same unit, or refused."""
    body = (
        "330683,PM2.5浓度(μg/m³),2024,27.5,µg/m3,,\n"  # the same unit, spelled apart
        "330683,PM2.5浓度(μg/m³),2023,0.03,mg/m3,,\n"  # another unit: refused
        "330683,PM2.5浓度(μg/m³),2022,31,,,\n"  # the bracket gives the unit
    )
    obs = read(tmp_path, county2024, body, strict=False)
    assert sorted((o.year, o.value) for o in obs.items) == [(2022, 31.0), (2024, 27.5)]
    (problem,) = obs.issues
    assert (problem.row, problem.region, problem.indicator, problem.year) == (
        3,
        "330683",
        "pm25_annual_mean",
        2023,
    )
    assert "indicator's name carries the unit 'μg/m³'" in problem.message
    assert "the row's unit is 'mg/m3'" in problem.message


def test_glued_units_are_read_once_per_distinct_cell(county2024: Standard) -> None:
    """Many rows with a unit glued to the number share one unit, not one each."""
    from ecociv._io import reading  # noqa: PLC0415
    from ecociv._io._layout import entries, layout  # noqa: PLC0415
    from ecociv._io._read import SheetReading  # noqa: PLC0415
    from ecociv._io._sheet import from_rows  # noqa: PLC0415

    rows = [["region", "indicator", "year", "value", "unit"]]
    regions = ("330683", "330102", "330105")
    rows += [
        [r, "pm25_annual_mean", str(y), f"{y % 7}.5μg/m3", ""]
        for r in regions
        for y in range(2000, 2024)
    ]
    rows += [["330683", "pm25_annual_mean", "2024", "0.03mg/m3", ""]]
    sheet = from_rows(rows, "glued.csv")
    read = SheetReading(
        entries(sheet, layout(sheet.header, sheet.file)), reading(county2024), "x"
    )
    assert read.ok.all()
    glued = {read.units[u] for u in read.unit.tolist()}
    assert glued == {"μg/m3", "mg/m3"}
    assert len(read.units) <= len(sheet.columns[4].values) + 2  # each unit once
    assert read.value[-1] == pytest.approx(30.0)  # converted from mg/m3
