"""Standard files load strictly: every problem reported at once, with its key path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import ecociv
from ecociv.errors import StandardFileError, UnknownStandardError
from ecociv.rules import (
    AllOf,
    Applicable,
    AssignedTarget,
    ByRegion,
    Threshold,
    TrendRule,
)
from ecociv.standards import Level, Standard


MINIMAL = (Path(__file__).parent / "data" / "minimal-standard.toml").read_text(
    encoding="utf-8"
)


def test_minimal_file_loads() -> None:
    """A user-written standard loads, with indicators from the shared catalog."""
    std = Standard.from_toml(MINIMAL)
    assert std.id == "my-standard"
    assert std.level is Level.COUNTY
    assert std.effective is not None
    assert std.effective.isoformat() == "2025-03-01"
    assert std.requirements[0].rule == Threshold(ecociv.rules.Op.LE, 25.0)
    assert [i.id for i in std.indicators] == ["pm25_annual_mean"]


def test_bundled_ids() -> None:
    """The bundled standards are listed by id."""
    assert "mee-2024-county" in ecociv.standards.bundled_ids()


def test_unknown_bundled_id() -> None:
    """An unknown id names the ids that exist."""
    with pytest.raises(UnknownStandardError, match="mee-2024-county"):
        ecociv.standards.load("mee-2099")


def test_rules_structure_recursively(county2024: Standard) -> None:
    """Nested rules (all_of, applicable, by_region) load into their classes."""
    by_id = {r.id: r.rule for r in county2024.requirements}
    assert isinstance(by_id["4"], AllOf)
    assert isinstance(by_id["4"].rules[0], AssignedTarget)
    assert isinstance(by_id["4"].rules[1], TrendRule)
    assert isinstance(by_id["8"], Applicable)
    assert isinstance(by_id["20"], ByRegion)
    assert len(by_id["20"].cases) == 4


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('op = "<="', 'op = "=<"', "$.requirements[0].rule"),
        ('kind = "threshold"', 'kind = "treshold"', "unknown rule kind 'treshold'"),
        ('confidence = "B"', 'confidence = "Z"', "$.requirements[0].confidence"),
        ('level = "county"', 'level = "village"', "$.level"),
        ("issued = 2025-01-01", 'issued = "01/01/2025"', "$.issued"),
        ("binding = true", "binding = true\nbindng = false", "bindng"),
        (
            'indicator = "pm25_annual_mean"',
            'indicator = "pm10"',
            "unknown indicator 'pm10' @ $.requirements[0].indicator",
        ),
        ('task = "t"', 'task = "x"', "unknown task 'x' @ $.requirements[0].task"),
        ('sources = ["T"]', 'sources = ["S9"]', "unknown source 'S9'"),
        ("value = 25", 'value = "25"', "$.requirements[0].rule"),
    ],
)
def test_one_problem_is_named_with_its_path(old: str, new: str, expected: str) -> None:
    """Each kind of mistake is reported with where it is and what is wrong."""
    assert old in MINIMAL
    with pytest.raises(StandardFileError) as info:
        Standard.from_toml(MINIMAL.replace(old, new), path="mine.toml")
    assert expected in str(info.value)
    assert str(info.value).startswith("mine.toml:")


def test_every_problem_is_reported_at_once() -> None:
    """Three mistakes in one file give one error listing all three."""
    text = (
        MINIMAL.replace('level = "county"', 'level = "village"')
        .replace('confidence = "B"', 'confidence = "Z"')
        .replace('title_en = "Test indicators"', 'title_en = "Test"\ntitel = "x"')
    )
    with pytest.raises(StandardFileError) as info:
        Standard.from_toml(text)
    assert len(info.value.problems) == 3, info.value.problems


def test_reference_problems_are_collected() -> None:
    """Unknown indicator, task and source in one file are all reported."""
    text = (
        MINIMAL.replace('indicator = "pm25_annual_mean"', 'indicator = "pm10"')
        .replace('task = "t"', 'task = "x"')
        .replace('sources = ["T"]', 'sources = ["S9"]')
    )
    with pytest.raises(StandardFileError) as info:
        Standard.from_toml(text)
    assert len(info.value.problems) == 3


def test_local_indicator_with_bad_unit() -> None:
    """An indicator defined in the file must use a known unit, named in the error."""
    text = MINIMAL + textwrap.dedent(
        """
        [[indicators]]
        id = "noise"
        name_zh = "噪声"
        name_en = "Noise"
        unit = "furlongs"
        direction = "lower"
        """
    )
    with pytest.raises(StandardFileError, match=r"furlongs.*\$\.indicators\[0\]\.unit"):
        Standard.from_toml(text)


def test_not_toml() -> None:
    """A file that is not TOML says so."""
    with pytest.raises(StandardFileError, match="not valid TOML"):
        Standard.from_toml("id = ")


def test_load_file_missing() -> None:
    """A missing file is a StandardFileError naming the path."""
    with pytest.raises(StandardFileError, match="cannot read"):
        ecociv.standards.load_file("/nonexistent/standard.toml")


def test_round_trip_through_dict(county2024: Standard) -> None:
    """Unstructuring and structuring the bundled standard gives the same standard."""
    data = ecociv.to_dict(county2024)
    assert ecociv.from_dict(data, Standard) == county2024


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("x = [[1], [2]]", 2),
        ('x = "[[[[" # {{{{\ny = [1]', 1),
        ("x = '[[[' \ny = {a = [1]}", 2),
        ('x = """\n[[[ \\""" ]]] """\ny = [[1]]', 2),
        ("x = '''\n{{{ ''' \ny = [1]", 1),
        ('x = "a\\"[[" \ny = [1]', 1),
        ('x = "unclosed [[[[', 0),
        ('x = """unclosed \\', 0),
        ("# [[[[\n[table]\nx = 1", 1),
    ],
)
def test_nesting_is_counted_outside_strings_and_comments(text: str, depth: int) -> None:
    """Brackets in strings (any of TOML's four kinds) and comments do not nest."""
    from ecociv.standards._loader import _depth  # noqa: PLC0415

    assert _depth(text) == depth


def test_the_catalog_of_several_standards_is_made_once_per_set() -> None:
    """Runs over the same standards read with one catalog, and one reading catalog.

    What is made once per catalog (its reading catalog) is then made once per
    set of standards, not once per run (a batch of many files runs once per
    file). A set whose indicators cannot share a reading is refused on every
    call, never remembered as a catalog.
    """
    import attrs  # noqa: PLC0415

    from ecociv.errors import DataError  # noqa: PLC0415
    from ecociv.standards import catalog_of  # noqa: PLC0415
    from ecociv.standards._loader import reading_catalog  # noqa: PLC0415

    a, b = (ecociv.standards.load(s) for s in ("mee-2024-county", "mee-2016-county"))
    joint = catalog_of([a, b])
    assert catalog_of((a, b)) is joint
    assert reading_catalog(catalog_of([a, b])) is reading_catalog(joint)
    assert {i.id for i in joint} == {i.id for s in (a, b) for i in s.indicators}
    assert catalog_of([b, a]) is not joint  # the first definition is kept: order counts
    ind = a.indicators[0]
    other = attrs.evolve(b, indicators=(attrs.evolve(ind, unit="km2"), *b.indicators))
    for _ in range(2):
        with pytest.raises(DataError, match="different units or kinds"):
            catalog_of([a, other])
