"""Every result says what it used of the data, what it left, and what to know.

The input account and the warnings come from the engine's own record of what
its rules read; these tests hold them to the data through ``assess``,
``assess_many`` and ``compare_versions``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import ecociv
from ecociv import InputAccount, Observation, Observations, SetAsideReason
from ecociv._account import FIRST_ROWS
from ecociv.errors import DataProblem
from ecociv.standards import Standard


COUNTY, OTHER = "330683", "330681"
PM, FOREST = "pm25_annual_mean", "forest_coverage"


@pytest.fixture(scope="module")
def county() -> Standard:
    """The 2024 county standard."""
    return ecociv.standards.load("mee-2024-county")


def _records(*rows: tuple[str, str, int, str] | tuple[str, str, int, str, str]) -> Any:
    out = []
    for row in rows:
        region, indicator, year, value, *target = row
        rec = {"region": region, "indicator": indicator, "year": year, "value": value}
        if target:
            rec["target"] = target[0]
        out.append(rec)
    return out


def _read(county: Standard, *rows: Any) -> Observations:
    return Observations.from_records(_records(*rows), county, file="d.csv")


def _reasons(account: InputAccount) -> dict[str, tuple[int, tuple[int, ...]]]:
    return {s.reason.value: (s.count, s.rows) for s in account.set_aside}


# The three doors, each giving one assessment of COUNTY (or its warnings).
DOORS: dict[str, Callable[..., Any]] = {
    "assess": lambda std, data, year: ecociv.assess(std, COUNTY, data, year),
    "assess_many": lambda std, data, year: ecociv.assess_many(
        data, std, year, regions=[COUNTY]
    ).assessment(COUNTY),
    "compare_versions": lambda std, data, year: ecociv.compare_versions(
        [std], COUNTY, data, year
    ).assessments[0],
}


@pytest.mark.parametrize("door", DOORS)
def test_the_account_adds_up_and_says_why(county: Standard, door: str) -> None:
    """Used plus every reason set aside is what was read, with the first rows."""
    data = _read(
        county,
        (COUNTY, "PM2.5浓度", 2024, "30"),
        (COUNTY, "PM2.5浓度", 2023, "31"),
        (COUNTY, "PM2.5浓度", 2015, "50"),  # no rule reads 2015
        (OTHER, "PM2.5浓度", 2024, "29"),  # another region
        ("999999", "PM2.5浓度", 2024, "29"),  # not an NBS code
        (COUNTY, "城市生活污水集中收集率", 2024, "80"),  # not in this standard
    )
    result = DOORS[door](county, data, 2024)
    account = result.account
    assert (account.read, account.used) == (6, 2)
    assert _reasons(account) == {
        "other_region": (1, (5,)),
        "unknown_region": (1, (6,)),
        "unused_indicator": (1, (7,)),
        "other_year": (1, (4,)),
    }
    assert account.file == "d.csv"
    assert account.count(SetAsideReason.OTHER_YEAR) == 1


@pytest.mark.parametrize("door", DOORS)
def test_refused_blank_and_repeated_rows_are_counted(
    county: Standard, door: str
) -> None:
    """Rows the reader set aside are in the account too (read leniently)."""
    rows = [
        *_records((COUNTY, "PM2.5浓度", 2024, "30")),
        {"region": COUNTY, "indicator": "PM2.5浓度", "year": 2024, "value": "30"},
        {"region": COUNTY, "indicator": "森林覆盖率", "year": 2024, "value": "130"},
        {"region": "", "indicator": "", "year": "", "value": ""},
    ]
    data = Observations.from_records(rows, county, strict=False)
    account = DOORS[door](county, data, 2024).account
    assert account.read == account.used + sum(s.count for s in account.set_aside)
    reasons = _reasons(account)
    assert reasons["repeat"] == (1, (3,))
    assert reasons["refused"] == (1, (4,))
    assert reasons["blank"] == (1, (5,))


def test_hand_built_observations_have_counts_but_no_rows(county: Standard) -> None:
    """Observations built in Python are counted; they have no row numbers."""
    obs = [
        Observation(COUNTY, PM, 2024, 30.0, "μg/m³"),
        Observation(OTHER, PM, 2024, 30.0, "μg/m³"),
    ]
    account = ecociv.assess(county, COUNTY, obs, 2024).account
    assert account is not None
    assert (account.read, account.used) == (2, 1)
    assert _reasons(account) == {"other_region": (1, ())}
    assert str(account) == "2 rows read, 1 used; set aside: other regions: 1"


def test_the_account_and_warnings_are_in_the_json_document(county: Standard) -> None:
    """A service sees the account and the warnings without calling anything else."""
    data = _read(county, (COUNTY, "PM2.5浓度", 2024, "30"), (OTHER, PM, 2024, "30"))
    doc = json.loads(ecociv.to_json(ecociv.assess(county, COUNTY, data, 2024)))
    assert doc["account"] == {
        "read": 2,
        "used": 1,
        "set_aside": [{"reason": "other_region", "count": 1, "rows": [3]}],
        "file": "d.csv",
    }
    back = ecociv.report.loads(
        ecociv.to_json(ecociv.assess(county, COUNTY, data, 2024))
    )
    assert back.account.used == 1


def _messages(result: Any) -> list[str]:
    return [w.message for w in result.warnings]


@pytest.mark.parametrize("door", DOORS)
def test_a_region_without_rows_is_warned_of(county: Standard, door: str) -> None:
    """Asking for a region the data does not hold says so."""
    data = _read(county, (OTHER, "PM2.5浓度", 2024, "30"))
    result = DOORS[door](county, data, 2024)
    assert f"no rows for region {COUNTY} in the data" in "\n".join(_messages(result))


def test_many_regions_without_rows_are_one_warning(county: Standard) -> None:
    """A national run warns once, with the first few codes and a count."""
    codes = ["330681", "330682", "330683", "330702", "330703", "330726", "330727"]
    data = _read(county, ("330783", "PM2.5浓度", 2024, "30"))
    codes = [c for c in codes if ecociv._region.is_known(c)]
    result = ecociv.assess_many(data, county, 2024, regions=codes)
    (warning,) = [m for m in _messages(result) if m.startswith("no rows for")]
    assert f"no rows for {len(codes)} of the regions asked" in warning
    assert "more" in warning or len(codes) <= 5


@pytest.mark.parametrize("door", DOORS)
def test_a_year_without_rows_is_warned_of(county: Standard, door: str) -> None:
    """Asking for 2026 of data that ends in 2024 says so, with the years held."""
    data = _read(county, (COUNTY, "PM2.5浓度", 2023, "31"), (COUNTY, PM, 2024, "30"))
    result = DOORS[door](county, data, 2026)
    assert any(
        "no rows for the assessment year 2026" in m and "2023–2024" in m
        for m in _messages(result)
    )


def test_a_year_only_other_regions_have_is_warned_of(county: Standard) -> None:
    """The years held are the judged regions' own: another region's 2026 is not."""
    data = _read(
        county,
        (COUNTY, "PM2.5浓度", 2021, "31"),
        (COUNTY, PM, 2024, "30"),
        ("330783", PM, 2026, "29"),
    )
    result = ecociv.assess_many(data, county, 2026, regions=[COUNTY])
    (warning,) = [m for m in _messages(result) if "assessment year 2026" in m]
    assert "(years in the data: 2021–2024)" in warning
    asked = ecociv.assess_many(data, county, [2024, 2026], regions=["330783"])
    assert not [m for m in _messages(asked) if "assessment year 2026" in m]
    (other,) = [m for m in _messages(asked) if "assessment year 2024" in m]
    assert "(years in the data: 2026–2026)" in other


def test_unknown_region_codes_are_set_aside_not_a_crash(county: Standard) -> None:
    """assess_many over every region of the data judges the known codes only."""
    data = _read(
        county, (COUNTY, "PM2.5浓度", 2024, "30"), ("999999", "PM2.5浓度", 2024, "9")
    )
    result = ecociv.assess_many(data, county, 2024)
    assert [r.code for r in result.regions] == [COUNTY]
    assert result.account.count(SetAsideReason.UNKNOWN_REGION) == 1
    assert any("not in the NBS 2023 table (999999)" in m for m in _messages(result))


def test_an_unknown_region_asked_for_is_an_error(county: Standard) -> None:
    """Naming an unknown region is a mistake, not a warning."""
    with pytest.raises(ecociv.errors.UnknownRegionError):
        ecociv.assess_many(Observations(()), county, 2024, regions=["999999"])


@pytest.mark.parametrize("door", DOORS)
def test_a_target_no_requirement_reads_is_warned_of(
    county: Standard, door: str
) -> None:
    """Forest cover is judged on its trend: a target given for it is not used."""
    data = _read(
        county,
        (COUNTY, "森林覆盖率", 2024, "60", "65"),
        (COUNTY, "森林覆盖率", 2023, "60"),
        (COUNTY, "PM2.5浓度", 2024, "30", "35"),  # PM2.5 reads its target
        (COUNTY, "PM2.5浓度", 2023, "31", "36"),  # an earlier target: no surprise
    )
    messages = _messages(DOORS[door](county, data, 2024))
    target = [m for m in messages if "target" in m]
    assert target == [
        (
            f"a target is given for {FOREST} (row 2), but no requirement judged "
            "reads an assigned target for it: the target is not used"
        )
    ]


def test_reader_warnings_reach_the_result(county: Standard) -> None:
    """What a reader warned of (another sheet not read) travels into results."""
    warning = DataProblem("sheets not read: Sheet2", "book.xlsx")
    data = Observations([Observation(COUNTY, PM, 2024, 30.0, "μg/m³")])
    data = Observations(data.items, warnings=[warning])
    assert warning in ecociv.assess(county, COUNTY, data, 2024).warnings
    assert warning in ecociv.assess_many(data, county, 2024).warnings


def test_level_warnings_are_warnings_not_issues(county: Standard) -> None:
    """A prefecture judged by a county standard is warned of; issues are rows."""
    result = ecociv.assess(county, "330600", Observations(()), 2024)
    assert any("county-level" in m for m in _messages(result))
    assert result.issues == ()


def test_the_batch_account_and_fates_agree(county: Standard) -> None:
    """fates() lists each row once; its counts are the account's."""
    data = _read(
        county,
        (COUNTY, "PM2.5浓度", 2024, "30"),
        (COUNTY, "PM2.5浓度", 2015, "50"),
        (OTHER, "PM2.5浓度", 2024, "29"),
    )
    result = ecociv.assess_many(data, county, 2024, regions=[COUNTY])
    fates = result.fates()
    assert [f.row for f in fates] == [2, 3, 4]
    assert sum(f.status.value == "used" for f in fates) == result.account.used
    for reason in SetAsideReason:
        assert sum(f.cause is reason for f in fates) == result.account.count(reason)


def _oracle(result: Any) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Each reason's count and smallest rows, from every row's fate (the definition)."""
    out: dict[str, tuple[int, tuple[int, ...]]] = {}
    for reason in SetAsideReason:
        rows = sorted({f.row for f in result.fates() if f.cause is reason})
        if rows:
            count = result.account.count(reason)
            out[reason.value] = (count, tuple(rows[:FIRST_ROWS]))
    return out


@pytest.mark.parametrize("wide", [False, True], ids=["long", "wide"])
def test_the_first_rows_of_a_reason_are_found_past_the_first_block(
    county: Standard, wide: bool
) -> None:
    """A reason whose rows come late in a large file still names its first rows.

    Some 72,000 rows of other years come first (more than the account reads
    at a time); the rows of an unknown region and an indicator no standard
    judged come last. Long form, rows ascend with the entries; wide form
    (a year per column), the entries may not follow the rows.
    """
    import pandas as pd  # noqa: PLC0415

    from ecociv._region import all_regions  # noqa: PLC0415

    codes = [r.code for r in all_regions(ecociv.RegionLevel.COUNTY)]
    years = list(range(2000, 2025))
    late = [("999999", "PM2.5浓度"), ("999998", "PM2.5浓度")] + [
        (c, "城市生活污水集中收集率") for c in codes[:3]
    ]
    keys = [(c, "PM2.5浓度") for c in codes] + late
    if wide:
        frame = pd.DataFrame(keys, columns=["region", "indicator"])
        for y in years:
            frame[str(y)] = "30"
    else:
        frame = pd.DataFrame(
            [(c, i, y, "30") for c, i in keys for y in years],
            columns=["region", "indicator", "year", "value"],
        )
    result = ecociv.assess_many(frame, county, 2024)
    reasons = _reasons(result.account)
    assert reasons == _oracle(result)
    first = len(codes) * (1 if wide else len(years)) + 2  # the header is row 1
    assert reasons["unknown_region"][1] == (
        (first, first + 1) if wide else tuple(range(first, first + 5))
    )
    assert reasons["other_year"][1] == (2, 3, 4, 5, 6)  # the first block's


@pytest.mark.parametrize("ascending", [True, False])
def test_first_rows_are_the_smallest_whichever_way_rows_run(ascending: bool) -> None:
    """The first rows of entries marked: found block by block, or partitioned out."""
    import attrs  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    from ecociv._engine._account import _first_rows  # noqa: PLC0415
    from ecociv._table import Table  # noqa: PLC0415

    n = 150_000  # past two blocks
    rows = np.repeat(np.arange(2, n // 3 + 2, dtype=np.int32), 3)  # 3 entries a row
    rows[:7] = 0  # hand-built entries first: no row
    if not ascending:
        rows = rows[::-1].copy()
    obs = [Observation(COUNTY, PM, 2024, 1.0, "μg/m³")] * n
    table = attrs.evolve(Table.from_observations(obs), row=rows)
    assert table.rows_ascend is ascending
    marks = np.zeros(n, dtype=np.int8)
    # Late rows, each of its 3 entries marked; row 43,692 straddles the
    # second block's start (entry 131,072), and the first five straddle it.
    late = (rows > 43_600) & (rows < 44_000) & ((rows % 50 == 0) | (rows == 43_692))
    marks[late] = 3
    assert _first_rows(table, marks, mark=3) == [43_650, 43_692, 43_700, 43_750, 43_800]
    assert (
        _first_rows(table, marks, mark=0)
        == sorted(set(rows[rows > 0].tolist()))[:FIRST_ROWS]
    )
    assert _first_rows(table, marks, mark=5) == []
