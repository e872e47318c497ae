"""Standard versions: bundled files, dates in force, crosswalk, diff, side by side."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import ecociv
from ecociv import Observation, Observations, Region, Verdict
from ecociv.standards import (
    Completeness,
    Confidence,
    DocumentKind,
    Level,
    Relation,
    crosswalk,
    diff,
    dumps,
    in_force,
    load,
    loads,
)


ALL = ecociv.standards.bundled_ids()
STANDARDS = [i for i in ALL if load(i).kind is DocumentKind.STANDARD]
EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"


@pytest.mark.parametrize("sid", ALL)
def test_bundled_file_round_trips(sid: str) -> None:
    """Every bundled standard and plan loads, and written back reads back equal."""
    std = load(sid)
    assert loads(dumps(std)) == std


@pytest.mark.parametrize("sid", ALL)
def test_every_row_carries_provenance(sid: str) -> None:
    """Every requirement names sources the file lists, and a confidence grade."""
    std = load(sid)
    keys = {s.key for s in std.sources}
    for req in std.requirements:
        assert req.sources
        assert set(req.sources) <= keys
        assert isinstance(req.confidence, Confidence)


@pytest.mark.parametrize("sid", STANDARDS)
def test_partial_standards_say_what_is_missing(sid: str) -> None:
    """A partial standard lists the rows known to be missing; a complete one none."""
    std = load(sid)
    if std.completeness is Completeness.PARTIAL:
        assert std.missing
    else:
        assert not std.missing


def test_expected_versions_are_bundled() -> None:
    """The national versions and the Zhejiang standard of the issue are bundled."""
    assert {
        "mee-2024-county",
        "mee-2024-city",
        "mee-2019",
        "mee-2021",
        "mee-2016-county",
        "zhejiang-2016-county",
    } <= set(STANDARDS)


def test_c_rows_are_provisional_and_u_rows_absent() -> None:
    """A C row of a standard is provisional (待核实); a U row is never encoded."""
    for sid in STANDARDS:
        for req in load(sid).requirements:
            assert req.confidence is not Confidence.U, (sid, req.id)
            assert req.provisional == (req.confidence is Confidence.C), (sid, req.id)


@pytest.mark.parametrize("sid", STANDARDS)
def test_provisional_rows_carry_their_quotation(sid: str) -> None:
    """A provisional row cites a plan, quotes its words and says it is provisional."""
    std = load(sid)
    plans = {s.key for s in std.sources if "plan" in s.title}
    for req in std.provisional():
        assert set(req.sources) & plans, (sid, req.id)
        assert req.target_text, req.id
        assert any(n.startswith("Provisional (待核实)") for n in req.notes), req.id


def test_2021_revision_carries_only_what_is_known() -> None:
    """The 2021 revision has only provisional rows, its year, and supersedes 2019."""
    std = load("mee-2021")
    assert std.requirements == std.provisional()
    assert len(std.provisional()) == 42
    assert std.completeness is Completeness.PARTIAL
    assert std.issued is None
    assert std.year == 2021
    assert std.supersedes == "mee-2019"


def test_provisional_rows_must_be_graded_c() -> None:
    """A provisional row graded anything but C is refused with its key path."""
    text = _ONE_ROW.format(ind="eco_env_information_disclosure_rate", value=100)
    with pytest.raises(ecociv.errors.StandardFileError, match="graded C") as info:
        ecociv.standards.Standard.from_toml(text + "provisional = true\n")
    assert "$.requirements[0].confidence" in str(info.value)
    ok = text.replace('confidence = "B"', 'confidence = "C"') + "provisional = true\n"
    assert ecociv.standards.Standard.from_toml(ok).provisional()


def test_2019_scope_is_per_row() -> None:
    """The 2019 table covers both levels and its row 1 applies to both."""
    std = load("mee-2019")
    assert std.level is Level.CITY_AND_COUNTY
    assert std.requirements[0].applies_to(Level.CITY)
    assert std.requirements[0].applies_to(Level.COUNTY)


@pytest.mark.parametrize(
    ("on", "level", "province", "ids", "uncertain"),
    [
        ("2015-12-31", "county", None, (), ()),
        ("2016-01-28", "county", None, ("mee-2016-county",), ()),
        (
            "2016-06-01",
            "county",
            "330000",
            ("mee-2016-county",),
            ("zhejiang-2016-county",),
        ),
        ("2019-09-10", "county", None, ("mee-2016-county",), ()),
        ("2019-09-11", "county", None, ("mee-2019",), ()),
        ("2019-12-31", "city", None, ("mee-2019",), ()),
        ("2021-06-30", "county", None, ("mee-2019",), ("mee-2021",)),
        ("2022-01-01", "city", None, ("mee-2021",), ()),
        ("2024-01-31", "county", None, ("mee-2021",), ()),
        ("2024-02-01", "county", None, ("mee-2024-county",), ()),
        ("2024-02-01", "city", None, ("mee-2024-city",), ()),
        (
            "2025-06-01",
            "county",
            "330000",
            ("mee-2024-county", "zhejiang-2016-county"),
            (),
        ),
        ("2025-06-01", "county", "420000", ("mee-2024-county",), ()),
    ],
)
def test_in_force(
    on: str,
    level: str,
    province: str | None,
    ids: tuple[str, ...],
    uncertain: tuple[str, ...],
) -> None:
    """The standards in force follow effective dates and supersession."""
    result = in_force(on, level, province=province)
    assert result.ids == ids
    assert tuple(s.id for s in result.uncertain) == uncertain


def test_in_force_takes_a_date() -> None:
    """A date object works as well as an ISO string."""
    assert in_force(dt.date(2025, 1, 1), Level.CITY).ids == ("mee-2024-city",)


def test_crosswalk_links() -> None:
    """The crosswalk records the rename and the EI → EQI successor."""
    cw = crosswalk()
    rename = cw.link(
        "environmental_information_disclosure_rate",
        "eco_env_information_disclosure_rate",
    )
    assert rename is not None
    assert rename.relation is Relation.RENAME
    successor = cw.link("ei", "eqi")
    assert successor is not None
    assert successor.relation is Relation.SUCCESSOR
    assert cw.link("eqi", "ei") == successor  # either way round


def test_crosswalk_names_known_indicators() -> None:
    """Every indicator the crosswalk names is in the shared catalog."""
    cat = ecociv.standards.shared_indicators()
    for link in crosswalk().links:
        assert link.old in cat
        assert link.new in cat


def test_diff_2016_to_2024_county() -> None:
    """2016 → 2024 county: the assessment share stays, water per GDP has a successor."""
    d = diff("mee-2016-county", "mee-2024-county")
    assert [(c.old, c.new) for c in d.unchanged] == [("31", "1")]
    water = next(c for c in d.changed if c.old == "6")
    assert water.new == "13"
    assert water.relation == "successor"
    removed = {r.id for r in d.removed}
    assert {"1", "2", "3", "4"} <= removed  # red lines, protected areas, planning EIA
    # 2016 is partial: a 2024 row it lacks may be one it does not encode.
    assert "6.1" in {r.id for r in d.not_in_old}  # △EQI
    assert d.added == ()


def test_diff_finds_a_rename_and_a_tightening() -> None:
    """A renamed indicator is matched, and a raised bound reads as tightened."""
    old = ecociv.standards.Standard.from_toml(
        _ONE_ROW.format(ind="environmental_information_disclosure_rate", value=80)
    )
    new = ecociv.standards.Standard.from_toml(
        _ONE_ROW.format(ind="eco_env_information_disclosure_rate", value=100)
    )
    d = diff(old, new)
    (change,) = d.changed
    assert change.relation == "rename"
    assert change.direction == "tightened"
    assert {f.field for f in change.changes} >= {"indicator", "target"}
    assert diff(new, old).changed[0].direction == "loosened"


def test_diff_county_to_city_2024() -> None:
    """County → city 2024: noise turns binding with ≥85; the city adds good-air days."""
    d = diff("mee-2024-county", "mee-2024-city")
    noise = next(
        c for c in d.changed if c.old_indicator == "acoustic_zone_night_compliance_rate"
    )
    fields = {f.field: (f.old, f.new) for f in noise.changes}
    assert fields["binding"] == ("reference", "binding")
    # A city row is not "added" to a county table: the county table does not
    # judge cities.
    assert "good_air_days_share" in {r.indicator for r in d.new_other_level}
    assert d.added == ()


def test_side_by_side_matches_through_the_crosswalk() -> None:
    """One region under 2016 and 2024: rows joined by indicator or crosswalk link."""
    std = load("mee-2024-county")
    obs = Observations.from_csv(EXAMPLE, std)
    sbs = ecociv.compare_versions(
        ["mee-2016-county", "mee-2024-county"], "330683", obs, 2024
    )
    assert sbs.standards == ("mee-2016-county", "mee-2024-county")
    share = next(r for r in sbs.rows if "eco_civ_assessment_share" in r.indicators)
    assert [c.id if c else None for c in share.cells] == ["31", "1"]
    water = next(r for r in sbs.rows if "water_per_gdp" in r.indicators)
    assert water.relation == "successor"
    assert water.indicators == ("water_per_gdp", "industrial_water_use_decline_rate")
    only_2024 = next(r for r in sbs.rows if "eqi" in r.indicators)
    assert only_2024.cells[0] is None


def test_terrain_decides_the_2016_protected_area_share() -> None:
    """Protected-area share needs the user's terrain; without it, insufficient data."""
    std = load("mee-2016-county")
    obs = Observations([Observation("330683", "protected_area_share", 2016, 25.0, "%")])
    no_terrain = ecociv.assess(std, "330683", obs, 2016).judgement("3")
    assert no_terrain.verdict is Verdict.INSUFFICIENT_DATA
    hill = Region.from_code("330683", terrain="hill")
    assert ecociv.assess(std, hill, obs, 2016).judgement("3").verdict is Verdict.MET
    mountain = Region.from_code("330683", terrain="mountain")
    assert (
        ecociv.assess(std, mountain, obs, 2016).judgement("3").verdict
        is Verdict.NOT_MET
    )


def test_2016_north_east_has_no_water_value() -> None:
    """2016 water per GDP gives no value for the north-east: insufficient, with why."""
    std = load("mee-2016-county")
    rows = [
        Observation("220102", "water_per_gdp", 2016, 40.0, "m³/10⁴ yuan"),
        Observation("220102", "total_water_use_within_control", 2016, True, "-"),
    ]
    j = ecociv.assess(std, "220102", Observations(rows), 2016).judgement("6")
    assert j.verdict is Verdict.INSUFFICIENT_DATA
    assert "northeast" in j.reason_en
    east = ecociv.assess(
        std,
        "330683",
        Observations(
            [Observation("330683", r.indicator, r.year, r.value, r.unit) for r in rows]
        ),
        2016,
    ).judgement("6")
    assert east.verdict is Verdict.MET


_ONE_ROW = """
id = "x"
title_zh = "x"
title_en = "x"
document_number = "x"
issuer = "x"
level = "county"
issued = 2020-01-01
completeness = "partial"
missing = ["everything else"]
[[sources]]
key = "S"
title = "s"
[[requirements]]
id = "1"
number = "1"
indicator = "{ind}"
binding = true
target_text = "≥{value}"
rule = {{ kind = "threshold", op = ">=", value = {value} }}
sources = ["S"]
confidence = "B"
"""
