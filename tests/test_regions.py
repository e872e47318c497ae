"""Regions: lookup, derived kind and class, overrides, children, the tables."""

from __future__ import annotations

import collections
import csv
import importlib.resources
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecociv import _region
from ecociv._region import (
    FOUR_REGIONS,
    Region,
    RegionClass,
    RegionClassScheme,
    RegionKind,
    RegionLevel,
    all_regions,
    children,
)
from ecociv._region import _tables as region_tables
from ecociv.errors import UnknownRegionError


L, K, C = RegionLevel, RegionKind, RegionClass  # short names for the tables


def _rows(filename: str) -> list[list[str]]:
    """Rows of a bundled table, read here independently of the module."""
    res = importlib.resources.files("ecociv") / "_data" / "regions" / filename
    return list(csv.reader(res.read_text(encoding="utf-8").splitlines()))[1:]


AREAS = _rows("areas.csv")
CITIES = _rows("cities.csv")
# Prefectures without counties (东莞, 中山, 儋州) repeat themselves as an area row.
COUNTY_CODES = sorted(row[0] for row in AREAS if not row[0].endswith("00"))


@pytest.mark.parametrize(
    ("code", "name", "level", "kind", "parent", "cls"),
    [
        ("330683", "嵊州市", "county", "county_level_city", "330600", "east"),
        ("330604", "上虞区", "county", "municipal_district", "330600", "east"),
        ("421000", "荆州市", "prefecture", "prefecture_city", "420000", "central"),
        ("421071", "荆州经济技术开发区", "county", "other", "421000", "central"),
        ("150602", "东胜区", "county", "municipal_district", "150600", "west"),
        ("429021", "神农架林区", "county", "county", "420000", "central"),
        ("429004", "仙桃市", "county", "county_level_city", "420000", "central"),
        ("520203", "六枝特区", "county", "county", "520200", "west"),
        ("610103", "碑林区", "county", "municipal_district", "610100", "west"),
        ("220102", "南关区", "county", "municipal_district", "220100", "northeast"),
        ("152923", "额济纳旗", "county", "county", "152900", "west"),
        ("460321", "西沙群岛", "county", "other", "460300", "east"),
        ("110105", "朝阳区", "county", "municipal_district", "110000", "east"),
        ("500240", "石柱土家族自治县", "county", "county", "500000", "west"),
        ("110100", "市辖区", "prefecture", "other", "110000", "east"),
        ("441900", "东莞市", "prefecture", "prefecture_city", "440000", "east"),
        ("152900", "阿拉善盟", "prefecture", "league", "150000", "west"),
        ("652900", "阿克苏地区", "prefecture", "prefecture", "650000", "west"),
        (
            "513300",
            "甘孜藏族自治州",
            "prefecture",
            "autonomous_prefecture",
            "510000",
            "west",
        ),
        ("330000", "浙江省", "province", "province", None, "east"),
        ("500000", "重庆市", "province", "municipality", None, "west"),
        ("450000", "广西壮族自治区", "province", "autonomous_region", None, "west"),
    ],
)
def test_from_code_derives_attributes(
    code: str, name: str, level: str, kind: str, parent: str | None, cls: str
) -> None:
    """A code yields its name, level, kind, parent, province and class."""
    r = Region.from_code(code)
    got = (r.code, r.name, r.level.value, r.kind.value, r.parent, r.region_class.value)
    assert got == (code, name, level, kind, parent, cls)
    assert r.province == code[:2] + "0000"
    assert r.class_scheme == "four-regions"
    assert r.overridden == frozenset()


@pytest.mark.parametrize(
    ("code", "province_name"),
    [("330683", "浙江省"), ("150602", "内蒙古自治区"), ("110100", "北京市")],
)
def test_province_name_is_given(code: str, province_name: str) -> None:
    """A region names its province."""
    assert Region.from_code(code).province_name == province_name


@pytest.mark.parametrize(
    ("given_code", "code"),
    [
        ("33", "330000"),
        ("3306", "330600"),
        (330683, "330683"),
        (11, "110000"),
        ("4290", "429000"),
    ],
)
def test_short_and_int_codes_are_accepted(given_code: str | int, code: str) -> None:
    """2- and 4-digit codes and ints name the same region as the 6-digit code."""
    assert Region.from_code(given_code) == Region.from_code(code)


@pytest.mark.parametrize(
    ("code", "note"),
    [
        ("150602", "东北"),
        ("150000", "third-party"),
        ("330683", None),
        ("421071", None),
    ],
)
def test_class_note_flags_inner_mongolia(code: str, note: str | None) -> None:
    """Inner Mongolia's units carry the ambiguity note; others carry none."""
    got = Region.from_code(code).class_note
    assert got is None if note is None else (got is not None and note in got)


@pytest.mark.parametrize(
    ("code", "phrase"),
    [("421071", "statistical unit"), ("110100", "grouping"), ("429000", "grouping")],
)
def test_units_that_are_not_divisions_have_a_note(code: str, phrase: str) -> None:
    """7x statistical units and grouping rows say what they are."""
    note = Region.from_code(code).note
    assert note is not None
    assert phrase in note


@pytest.mark.parametrize(
    ("code", "overrides", "expected"),
    [
        (
            "150602",
            {"region_class": C.NORTHEAST},
            {"region_class": C.NORTHEAST, "class_note": None},
        ),
        (
            "150602",
            {"region_class": "northeast", "class_note": "eastern league"},
            {"region_class": C.NORTHEAST, "class_note": "eastern league"},
        ),
        ("421071", {"kind": "municipal_district"}, {"kind": K.MUNICIPAL_DISTRICT}),
        (
            "330683",
            {"name": "嵊州", "parent": "330000"},
            {"name": "嵊州", "parent": "330000"},
        ),
        ("110100", {"level": L.COUNTY}, {"level": L.COUNTY}),
    ],
)
def test_overrides_are_applied_and_recorded(
    code: str, overrides: dict[str, Any], expected: dict[str, Any]
) -> None:
    """Overridden fields take the given values and are named in `overridden`."""
    r = Region.from_code(code, **overrides)
    assert {k: getattr(r, k) for k in expected} == expected
    assert r.overridden == frozenset(overrides)
    assert r.code == Region.from_code(code).code


def test_unknown_override_is_a_type_error() -> None:
    """An override that names no field raises TypeError naming it."""
    with pytest.raises(TypeError, match="colour"):
        Region.from_code("330683", colour="green")
    with pytest.raises(TypeError, match="overridden"):
        Region.from_code("330683", overridden=frozenset())


def test_override_value_is_validated() -> None:
    """An override with a bad value is refused like any bad field value."""
    with pytest.raises(ValueError, match="bogus"):
        Region.from_code("330683", kind="bogus")
    with pytest.raises(ValueError, match="parent"):
        Region.from_code("330683", parent="3306")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("330699", "not in the NBS 2023 table"),
        ("990000", "not in the NBS 2023 table"),
        ("3399", "not in the NBS 2023 table"),
        (330699, "not in the NBS 2023 table"),
        ("3306831", "malformed"),
        ("３３０６８３", "malformed"),
        ("33068a", "malformed"),
        (" 330683", "malformed"),
        ("", "malformed"),
        (-33, "malformed"),
    ],
)
def test_bad_codes_raise_naming_the_code(code: str | int, reason: str) -> None:
    """Unknown and malformed codes raise UnknownRegionError naming the code."""
    with pytest.raises(UnknownRegionError) as info:
        Region.from_code(code)
    assert info.value.code == str(code)
    assert repr(str(code)) in str(info.value)
    assert reason in str(info.value)


@pytest.mark.parametrize("code", [3.5, True, None, b"330683"])
def test_non_code_types_are_type_errors(code: object) -> None:
    """A code that is neither str nor int is a programming error."""
    with pytest.raises(TypeError):
        Region.from_code(code)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "province", "level", "code"),
    [
        ("嵊州市", None, None, "330683"),
        ("朝阳区", "吉林省", None, "220104"),
        ("朝阳区", "11", None, "110105"),
        ("朝阳区", "110000", None, "110105"),
        ("嘉峪关市", None, L.PREFECTURE, "620200"),
        ("嘉峪关市", None, L.COUNTY, "620201"),
        ("浙江省", None, None, "330000"),
    ],
)
def test_from_name_finds_one_region(
    name: str, province: str | None, level: RegionLevel | None, code: str
) -> None:
    """An exact name, narrowed by province or level, finds one region."""
    assert Region.from_name(name, province=province, level=level).code == code


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("朝阳区", ["110105", "220104"]),
        ("嘉峪关市", ["620200", "620201"]),
        ("南山区", ["230404", "440305"]),
    ],
)
def test_from_name_ambiguity_lists_candidates(name: str, candidates: list[str]) -> None:
    """An ambiguous name raises and lists every candidate code."""
    with pytest.raises(UnknownRegionError, match="ambiguous") as info:
        Region.from_name(name)
    for code in candidates:
        assert code in str(info.value)


@pytest.mark.parametrize(("name", "province"), [("嵊州", None), ("嵊州市", "11")])
def test_from_name_without_match_raises(name: str, province: str | None) -> None:
    """A name with no match (in the province asked for) raises."""
    with pytest.raises(UnknownRegionError, match="no region"):
        Region.from_name(name, province=province)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("咸宁市", "421200"),
        ("湖北省咸宁市", "421200"),
        ("湖北咸宁市", "421200"),
        ("湖北省 咸宁市", "421200"),
        ("浙江省绍兴市嵊州市", "330683"),
        ("浙江省嵊州市", "330683"),
        ("绍兴市嵊州市", "330683"),
        ("浙江嵊州市", "330683"),
        ("北京市朝阳区", "110105"),
        ("吉林省朝阳区", "220104"),
        ("长春市朝阳区", "220104"),
        ("内蒙古鄂尔多斯市", "150600"),
        ("广西南宁市", "450100"),
        ("浙江省", "330000"),
        ("330683", "330683"),
        ("３３０６８３", "330683"),
        ("4212", "421200"),
        ("嘉峪关市", "620200"),  # its county-level row repeats the prefecture
    ],
)
def test_find_takes_codes_names_and_qualified_names(text: str, code: str) -> None:
    """Region.find reads a code, a name, or a name after its province and prefecture."""
    found = Region.find(text)
    assert found.code == code
    assert found.note == Region.from_code(code).note


@pytest.mark.parametrize(
    ("text", "code", "note"),
    [
        ("莱芜市", "370100", "莱芜市 (371200) was merged into 济南市 in 2019"),
        ("371200", "370100", "莱芜市 (371200) was merged into 济南市 in 2019"),
        ("襄樊市", "420600", "襄樊市 (420600) was renamed 襄阳市 in 2010"),
        ("那曲地区", "540600", "那曲地区 (542400) was renamed 那曲市 in 2017"),
    ],
)
def test_find_resolves_renamed_and_merged_units_with_a_note(
    text: str, code: str, note: str
) -> None:
    """A unit renamed or merged is found as its successor; the note says so."""
    found = Region.find(text)
    assert (found.code, found.note) == (code, note)
    assert found.traits == Region.from_code(code).traits


def test_find_lists_candidates_of_an_ambiguous_name() -> None:
    """An ambiguous name raises with every candidate, in the message and as data."""
    with pytest.raises(UnknownRegionError, match="ambiguous") as info:
        Region.find("朝阳区")
    assert info.value.candidates == ("110105", "220104")
    assert "吉林省长春市朝阳区" in str(info.value)
    assert Region.find("朝阳区", province="吉林省").code == "220104"


@pytest.mark.parametrize("text", ["嵊州", "nowhere", "999999", "湖南省咸宁市"])
def test_find_without_match_raises(text: str) -> None:
    """A name or code with no match raises UnknownRegionError, a LookupError."""
    with pytest.raises(LookupError) as info:
        Region.find(text)
    assert isinstance(info.value, UnknownRegionError)
    assert info.value.candidates == ()


def test_changes_point_at_units_of_the_table() -> None:
    """Every successor of changes.csv is in the 2023 table; no former name is."""
    rows = _rows("changes.csv")
    assert rows
    names = {r.name for r in all_regions()}
    for name, code, successor, year, kind in rows:
        assert Region.from_code(successor).level is L.PREFECTURE
        assert name not in names
        assert kind in {"renamed", "merged"}
        assert 2000 < int(year) < 2024
        if code != successor:
            with pytest.raises(UnknownRegionError):
                Region.from_code(code)


def test_from_name_applies_overrides() -> None:
    """from_name passes overrides on as from_code does."""
    r = Region.from_name("东胜区", region_class=C.NORTHEAST)
    assert (r.code, r.region_class, r.overridden) == (
        "150602",
        C.NORTHEAST,
        frozenset({"region_class"}),
    )


@pytest.mark.parametrize(
    ("code", "level", "includes", "count"),
    [
        (
            "421000",
            None,
            {"421003": "荆州区", "421022": "公安县", "421071": "荆州经济技术开发区"},
            9,
        ),
        ("420000", L.COUNTY, {"429004": "仙桃市", "429021": "神农架林区"}, 4),
        ("420000", L.PREFECTURE, {"421000": "荆州市"}, 13),
        ("110000", None, {"110105": "朝阳区"}, 16),
        ("110100", None, {"110105": "朝阳区"}, 16),
        ("500000", L.COUNTY, {"500240": "石柱土家族自治县", "500101": "万州区"}, 38),
        ("441900", None, {}, 0),
        ("330683", None, {}, 0),
    ],
)
def test_children_are_the_units_directly_below(
    code: str, level: RegionLevel | None, includes: dict[str, str], count: int
) -> None:
    """children() lists the direct children, optionally of one level."""
    kids = children(code, level=level)
    names = {r.code: r.name for r in kids}
    assert names.items() >= includes.items()
    assert len(kids) == count
    assert [r.code for r in kids] == sorted(names)


def test_children_report_their_parent() -> None:
    """Every child names its parent, except members listed under a grouping."""
    for region in all_regions():
        for child in children(region.code):
            assert child.parent == region.code


def test_children_of_unknown_code_raise() -> None:
    """children() of an unknown code raises UnknownRegionError."""
    with pytest.raises(UnknownRegionError, match="330699"):
        children("330699")


def test_all_regions_counts_each_level() -> None:
    """all_regions holds 31 provinces, 333 prefectures and 2,975 county units."""
    counts = collections.Counter(r.level for r in all_regions())
    assert counts == {L.PROVINCE: 31, L.PREFECTURE: 333, L.COUNTY: 2975}
    assert len(all_regions(L.PREFECTURE)) == 333
    assert all(r.kind is not K.OTHER for r in all_regions(L.PREFECTURE))


def test_county_kinds_match_the_bundled_data() -> None:
    """The kind rules give the pinned count of each county-level kind."""
    counts = collections.Counter(r.kind for r in all_regions(L.COUNTY))
    assert counts == {
        K.COUNTY: 1470,
        K.MUNICIPAL_DISTRICT: 979,
        K.COUNTY_LEVEL_CITY: 398,
        K.OTHER: 128,
    }


def test_every_area_row_gets_a_kind_and_class() -> None:
    """Every county-level row of the table has a county-level kind and a class."""
    county_kinds = {K.MUNICIPAL_DISTRICT, K.COUNTY, K.COUNTY_LEVEL_CITY, K.OTHER}
    for code in COUNTY_CODES:
        r = Region.from_code(code)
        assert r.kind in county_kinds
        assert r.region_class is FOUR_REGIONS.class_of(code)
        unmatched = not r.name.endswith(("区", "县", "旗", "市"))
        assert (r.kind is K.OTHER) == (code[4] == "7" or unmatched)


@given(st.sampled_from(COUNTY_CODES))
def test_county_codes_round_trip(code: str) -> None:
    """A county code round-trips and its parent and province are consistent."""
    r = Region.from_code(code)
    assert (r.code, r.level) == (code, L.COUNTY)
    assert r.province == code[:2] + "0000"
    province = Region.from_code(r.province)
    assert (province.level, province.name) == (L.PROVINCE, r.province_name)
    assert r.parent is not None
    parent = Region.from_code(r.parent)
    assert parent.level in {L.PREFECTURE, L.PROVINCE}
    assert parent.kind is not K.OTHER
    assert r in children(r.parent)
    assert r in children(code[:4])  # the table's own grouping, real or not
    namesakes = [x for x in all_regions(L.COUNTY) if x.name == r.name]
    if [x.province for x in namesakes].count(r.province) == 1:
        assert Region.from_name(r.name, province=r.province, level=L.COUNTY) == r


@given(st.sampled_from(CITIES))
def test_prefecture_codes_agree_in_every_form(row: list[str]) -> None:
    """A prefecture's 4-digit, 6-digit and int codes give the same region."""
    code4, name, province = row
    r = Region.from_code(code4)
    assert r == Region.from_code(code4 + "00") == Region.from_code(int(code4))
    assert (r.name, r.level, r.parent) == (name, L.PREFECTURE, province + "0000")


@given(st.text(max_size=8))
def test_malformed_text_never_passes(text: str) -> None:
    """Text that is not 2, 4 or 6 ASCII digits is refused, naming the text."""
    ok = text.isascii() and text.isdigit() and len(text) in {2, 4, 6}
    if ok:
        return
    with pytest.raises(UnknownRegionError) as info:
        Region.from_code(text)
    assert info.value.code == text


def test_four_regions_counts_and_ambiguity() -> None:
    """FOUR_REGIONS has 10 east, 6 central, 12 west, 3 north-east; 15 is flagged."""
    counts = collections.Counter(FOUR_REGIONS.classes.values())
    assert counts == {C.EAST: 10, C.CENTRAL: 6, C.WEST: 12, C.NORTHEAST: 3}
    assert set(FOUR_REGIONS.ambiguous) == {"15"}
    assert FOUR_REGIONS.class_of("150000") is C.WEST
    assert FOUR_REGIONS.note_for("15") == FOUR_REGIONS.ambiguous["15"]
    assert FOUR_REGIONS.note_for("33") is None
    assert {code + "0000" for code in FOUR_REGIONS.classes} == {
        r.code for r in all_regions(L.PROVINCE)
    }


def test_scheme_is_frozen_and_hashable() -> None:
    """A scheme is hashable, equal by value, and its mappings are read-only."""
    copy = RegionClassScheme(
        FOUR_REGIONS.name,
        dict(FOUR_REGIONS.classes),
        dict(FOUR_REGIONS.ambiguous),
        FOUR_REGIONS.description,
    )
    assert copy == FOUR_REGIONS
    assert hash(copy) == hash(FOUR_REGIONS)
    with pytest.raises(TypeError):
        FOUR_REGIONS.classes["33"] = C.WEST  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        FOUR_REGIONS.name = "x"  # type: ignore[misc]


def test_custom_scheme_classifies_regions() -> None:
    """A custom scheme (wire strings accepted) sets class and scheme name."""
    belts = RegionClassScheme(
        "three-belts", {"21": "east", "45": "east", "22": "central"}
    )
    r = Region.from_code("450302", scheme=belts)
    assert (r.region_class, r.class_scheme, r.class_note) == (
        C.EAST,
        "three-belts",
        None,
    )
    with pytest.raises(UnknownRegionError, match="three-belts"):
        Region.from_code("330683", scheme=belts)


@pytest.mark.parametrize("key", ["3", "330000", "ab", "３３"])
def test_scheme_refuses_bad_province_keys(key: str) -> None:
    """Scheme keys must be 2-digit province codes."""
    with pytest.raises(ValueError, match="province"):
        RegionClassScheme("bad", {key: C.EAST})


@pytest.mark.parametrize("code", ["3306", "33068a", "３３０６８３"])
def test_region_refuses_malformed_codes(code: str) -> None:
    """A Region's code must be 6 ASCII digits."""
    with pytest.raises(ValueError, match="6 ASCII digits"):
        attrs.evolve(Region.from_code("330683"), code=code)


def test_tables_load_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads that ask for the tables at once share one read."""
    reads = []
    real = region_tables._read_tables

    def counting() -> region_tables._Tables:
        reads.append(1)
        return real()

    monkeypatch.setattr(region_tables, "_LOADED", {})
    monkeypatch.setattr(region_tables, "_read_tables", counting)
    got: list[object] = []
    threads = [
        threading.Thread(target=lambda: got.append(region_tables._tables()))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1
    assert all(g is got[0] for g in got)


def test_import_does_not_read_the_tables() -> None:
    """Importing ecociv._region leaves the tables unread."""
    src = str(Path(_region.__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]),
    }
    code = (
        "import ecociv._region; from ecociv._region import _tables as t; "
        "print(bool(t._LOADED))"
    )
    out = subprocess.run(  # noqa: S603  (our own interpreter, fixed code)
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("嵊州", "did you mean 嵊州市?"),
        ("浙江", "did you mean 浙江省?"),
        ("朝阳", "did you mean 朝阳区 or 朝阳县 or 朝阳市?"),
        ("Shengzhou", "unknown region name 'Shengzhou': no region has this name"),
    ],
)
def test_a_name_without_its_unit_word_is_answered_with_the_full_names(
    written: str, said: str
) -> None:
    """嵊州 is refused (never guessed), naming 嵊州市; ASCII letters are a name."""
    with pytest.raises(UnknownRegionError) as info:
        Region.find(written)
    assert said in str(info.value)
