"""DataFrames, Parquet and Excel in; tidy frames out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import ecociv
from ecociv import Observations
from ecociv.errors import DataError
from ecociv.standards import Standard


EXAMPLE = "examples/shengzhou-illustrative.csv"


def _records(result: object) -> list[dict[str, object]]:
    return list(result.records())  # type: ignore[attr-defined]


@pytest.fixture
def frame() -> pd.DataFrame:
    """The bundled example as a frame of text cells."""
    return pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)


def test_a_frame_gives_what_the_csv_reader_gives(
    county2024: Standard, frame: pd.DataFrame
) -> None:
    """Reading a frame and reading the CSV give the same rows and explanations."""
    via_frame = ecociv.assess_many(frame, county2024, 2024)
    via_csv = ecociv.assess_many(
        Observations.from_csv(EXAMPLE, county2024), county2024, 2024
    )
    assert _records(via_frame) == _records(via_csv)
    # Units converted on reading: 0.026 mg/m3 is 26 μg/m³, and says so.
    j = via_frame.explain("330683", "4")
    assert j == ecociv.assess(
        county2024, "330683", Observations.from_csv(EXAMPLE, county2024), 2024
    ).judgement("4")


def test_wide_form_frames_are_read(county2024: Standard) -> None:
    """A wide frame (a column per year, target_YYYY) reads like its long form."""
    wide = pd.DataFrame(
        {
            "region": ["330683"],
            "indicator": ["PM2.5浓度"],
            "unit": ["μg/m3"],
            "2022": [28.0],
            "2023": [27.0],
            "2024": [26.0],
            "target_2024": [30.0],
        }
    )
    result = ecociv.assess_many(wide, county2024, 2024)
    row = result.row("330683", "4")
    # The target shown is the trend part's: minus the default tolerance, half
    # of PM2.5's published precision of 1 μg/m³.
    assert (row["verdict"], row["value"], row["target"]) == ("met", 26.0, -0.5)


def test_numeric_value_columns_are_read(county2024: Standard) -> None:
    """A numeric value column with NaN keeps NaN as missing, never zero."""
    long = pd.DataFrame(
        {
            "region": [330683, 330683],
            "indicator": ["new_energy_bus_share", "agricultural_film_recovery_rate"],
            "year": [2024, 2024],
            "value": [85.0, float("nan")],
        }
    )
    result = ecociv.assess_many(long, county2024, 2024)
    assert result.row("330683", "12")["verdict"] == "met"
    assert result.row("330683", "15")["verdict"] == "insufficient_data"


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx", ".csv"])
def test_files_are_read_by_their_suffix(
    county2024: Standard, frame: pd.DataFrame, tmp_path: Path, suffix: str
) -> None:
    """Parquet, Excel and CSV files give the same result as the frame."""
    path = tmp_path / f"data{suffix}"
    if suffix == ".parquet":
        frame.to_parquet(path)
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False)
    expected = _records(ecociv.assess_many(frame, county2024, 2024))
    assert _records(ecociv.assess_many(path, county2024, 2024)) == expected


def test_bad_rows_are_all_reported_with_their_place(county2024: Standard) -> None:
    """Every bad row is listed, naming file, row, region and indicator."""
    bad = pd.DataFrame(
        {
            "region": ["330683", "33068", "330683", "330683", "330683"],
            "indicator": [
                "PM2.5浓度",
                "PM2.5浓度",
                "no such thing",
                "PM2.5浓度",
                "生物多样性调查",
            ],
            "year": ["2024", "2024", "2024", "2023", "2024"],
            "value": ["abc", "30", "1", "30", "maybe"],
            "unit": ["μg/m3", "μg/m3", "", "kg", ""],
        }
    )
    with pytest.raises(DataError) as err:
        Observations.from_frame(bad, county2024, file="bad.csv")
    text = str(err.value)
    assert "bad.csv:2" in text
    assert "'abc' is not a number" in text
    assert "bad.csv:3" in text
    assert "not 6 digits" in text
    assert "bad.csv:4" in text
    assert "bad.csv:5" in text
    assert "indicator pm25_annual_mean" in text
    assert "bad.csv:6" in text
    assert "not a yes/no state" in text


def test_duplicates_that_disagree_are_errors(county2024: Standard) -> None:
    """Two rows for one key with different values are reported; equal ones merge."""
    dup = pd.DataFrame(
        {
            "region": ["330683"] * 3,
            "indicator": ["PM2.5浓度"] * 3,
            "year": ["2024"] * 3,
            "value": ["30", "30", "31"],
        }
    )
    with pytest.raises(DataError, match="duplicate row"):
        Observations.from_frame(dup, county2024)
    assert len(Observations.from_frame(dup.iloc[:2], county2024)) == 1


def test_the_tidy_frame_matches_the_records(
    county2024: Standard, frame: pd.DataFrame
) -> None:
    """to_frame() holds the same rows as records(), facts as 1.0/0.0."""
    result = ecociv.assess_many(frame, county2024, [2023, 2024])
    out = result.to_frame()
    recs = _records(result)
    assert len(out) == len(recs)
    assert list(out["verdict"].astype(str)) == [r["verdict"] for r in recs]
    assert list(out["requirement"].astype(str)) == [r["requirement"] for r in recs]
    summary = result.summary_frame()
    assert list(summary["eligible"]) == [None, False]


def test_standards_whose_names_clash_are_refused(frame: pd.DataFrame) -> None:
    """Reading one frame for plans that name indicators differently is an error."""
    plans = [ecociv.standards.load(s) for s in ecociv.standards.bundled_ids()]
    with pytest.raises(DataError, match=r"clash|different units"):
        ecociv.assess_many(frame, plans, 2024)


def test_unusual_cells_follow_the_csv_reader(
    county2024: Standard, tmp_path: Path
) -> None:
    """Glued units, no-data words, full-width digits: read as the CSV reader does."""
    long = pd.DataFrame(
        {
            "region": ["330683"] * 6,
            "indicator": [
                "PM2.5浓度",
                "PM2.5浓度",
                "PM2.5浓度",
                "新增和更新公共汽电车中新能源和清洁能源车辆比例",
                "生物多样性调查",
                "农膜回收率",
            ],
            "year": ["2022", "2023", "2024", "2024", "2024", "2024"],
            "value": ["35μg/m3", "３２", "0.030mg/m3", "0.85", "-", "无数据"],
            "unit": ["", "", "", "fraction", "", ""],
            "target": ["", "", "30", "", "", ""],
        }
    )
    path = tmp_path / "odd.csv"
    long.to_csv(path, index=False)
    via_csv = Observations.from_csv(path, county2024)
    via_frame = ecociv.assess_many(long, county2024, 2024)
    expected = ecociv.assess_many(via_csv, county2024, 2024)
    assert _records(via_frame) == _records(expected)
    for req in ("4", "12", "9", "15"):
        assert via_frame.explain("330683", req) == ecociv.assess(
            county2024, "330683", via_csv, 2024
        ).judgement(req)


def test_a_gbk_csv_reads_as_the_csv_reader_reads_it(
    tmp_path: Path, county2024: Standard
) -> None:
    """assess_many decodes a GBK file (Excel on a Chinese system) like from_csv."""
    text = "region,indicator,year,value,unit\n330683,森林覆盖率,2024,65.3,%\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    result = ecociv.assess_many(path, county2024, 2024)
    row = result.row("330683", "7.1")
    assert row["value"] == pytest.approx(65.3)
    assert Observations.from_csv(path, county2024).encoding == "gb18030"


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_file_size_limit_holds_for_every_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """A file over ecociv.limits.max_file_bytes is refused before it is read."""
    path = tmp_path / f"big{suffix}"
    path.write_bytes(b"x" * 200)
    monkeypatch.setattr(ecociv.limits, "max_file_bytes", 100)
    with pytest.raises(DataError, match=r"max_file_bytes = 100"):
        Observations.from_file(path, ecociv.standards.load("mee-2024-county"))
