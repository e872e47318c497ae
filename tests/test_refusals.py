"""Wrong verdicts that must be impossible: each class refused at its door.

Each test is table-driven over the ways in (``assess``, ``assess_many``,
``compare_versions``, the readers, ``standards.loads``) so that a class of
mistake is closed once, not per example.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import ecociv
from ecociv import Observation, Observations, TrendPolicy, Verdict
from ecociv.errors import ArgumentError, DataError, StandardFileError
from ecociv.standards import Level, Standard


ROOT = Path(__file__).parent.parent
MINIMAL = (ROOT / "tests" / "data" / "minimal-standard.toml").read_text("utf-8")
RULE = 'rule = { kind = "threshold", op = "<=", value = 25 }'
COUNTY = "330683"


@pytest.fixture(scope="module")
def county() -> Standard:
    """The 2024 county standard."""
    return ecociv.standards.load("mee-2024-county")


# -- Eligible with nothing judged ------------------------------------------


def _all_due_later(std: Standard) -> Standard:
    reqs = tuple(attrs.evolve(r, due=2030) for r in std.requirements)
    return attrs.evolve(std, requirements=reqs)


def _all_scoped_out(std: Standard) -> Standard:
    reqs = tuple(attrs.evolve(r, scope=(Level.CITY,)) for r in std.requirements)
    return attrs.evolve(std, requirements=reqs)


def _met_everywhere(std: Standard) -> list[Observation]:
    """One observation per indicator, in each year a trend may read, that meets."""
    return [
        Observation(COUNTY, i.id, y, True if i.unit == "-" else 1.0, i.unit)
        for i in std.indicators
        for y in (2022, 2023, 2024)
    ]


@pytest.mark.parametrize(
    ("case", "make"),
    [
        (
            "a standard with no rows encoded",
            lambda _: ecociv.standards.load("mee-2021"),
        ),
        ("every line due later", _all_due_later),
        ("every line scoped to another level", _all_scoped_out),
    ],
)
@pytest.mark.parametrize("data", ["none", "some"])
def test_nothing_judged_is_never_eligible(
    county: Standard, case: str, make: Callable[[Standard], Standard], data: str
) -> None:
    """Eligibility is True only when something binding was judged, and met."""
    std = make(county)
    obs = [] if data == "none" else _met_everywhere(county)
    one = ecociv.assess(std, COUNTY, obs, 2024)
    many = ecociv.assess_many(Observations(obs), std, 2024, regions=[COUNTY])
    assert one.summary.eligible is not True, case
    assert many.summary_records()[0]["eligible"] is not True, case
    assert one.summary.binding.met == 0


def test_empty_data_is_not_eligible(county: Standard) -> None:
    """An empty data set leaves every binding line without data."""
    result = ecociv.assess(county, COUNTY, Observations(()), 2024)
    assert result.summary.eligible is None
    assert result.summary.binding.insufficient_data == result.summary.binding.total


# -- Values in the wrong unit ------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "value", "unit"),
    [
        ("pm25_annual_mean", 0.026, "mg/m³"),
        ("pm25_annual_mean", 0.026, "mg/m3"),
        ("PM2.5浓度", 26.0, "μg/m³"),  # the Chinese name
        ("PM2.5浓度", 0.026, "mg/m3"),
        ("pm25_annual_mean", 26.0, ""),  # blank: the indicator's own unit
    ],
)
def test_hand_built_observations_are_converted(
    county: Standard, indicator: str, value: float, unit: str
) -> None:
    """Observations built in Python are named and converted as files are."""
    obs = [Observation(COUNTY, indicator, 2024, value, unit)]
    one = ecociv.assess(county, COUNTY, obs, 2024)
    pm = next(j for j in one.judgements if j.indicator.id == "pm25_annual_mean")
    (used,) = [v for v in pm.outcome.values if v.year == 2024]
    assert used.value == pytest.approx(26.0)
    assert used.unit == "μg/m³"
    many = ecociv.assess_many(Observations(obs), county, 2024, regions=[COUNTY])
    assert many.row(COUNTY, pm.id)["value"] == pytest.approx(26.0)


def test_data_read_for_one_standard_is_converted_for_another(
    county: Standard,
) -> None:
    """A standard that measures PM2.5 in mg/m³ gets 0.036 from a file's 36 μg/m³."""
    pm = county.catalog.get("pm25_annual_mean")
    assert pm is not None
    in_mg = attrs.evolve(pm, unit="mg/m³")
    req = next(r for r in county.requirements if r.indicator == pm.id)
    rule = ecociv.rules.Threshold(ecociv.rules.Op.LE, 0.035)
    other = attrs.evolve(
        county,
        id="pm25-in-mg",
        indicators=(in_mg,),
        requirements=(attrs.evolve(req, rule=rule),),
    )
    data = Observations.from_records(
        [{"region": COUNTY, "indicator": "PM2.5浓度", "year": 2024, "value": "36"}],
        county,
    )
    judged = ecociv.assess(other, COUNTY, data, 2024).judgements[0]
    assert judged.verdict is Verdict.NOT_MET  # 0.036 mg/m³ > 0.035
    assert judged.outcome.measure == pytest.approx(0.036)


def test_two_names_of_one_indicator_are_one_indicator(county: Standard) -> None:
    """Rows naming PM2.5 by its id and by its Chinese name are read as one."""
    rows = [
        {"region": COUNTY, "indicator": "PM2.5浓度", "year": 2024, "value": "30"},
        {"region": "330681", "indicator": "pm25_annual_mean", "year": 2024, "value": 9},
        {"region": COUNTY, "indicator": "pm25_annual_mean", "year": 2023, "value": 31},
    ]
    data = Observations.from_records(rows, county)
    assert data.table.indicators == ("pm25_annual_mean",)
    pm = next(
        j
        for j in ecociv.assess(county, COUNTY, data, 2024).judgements
        if j.indicator.id == "pm25_annual_mean"
    )
    assert [(v.year, v.value) for v in pm.outcome.values][-1] == (2024, 30.0)


@pytest.mark.parametrize("door", ["assess", "assess_many", "records"])
@pytest.mark.parametrize("value", [0.6, 0.55, 1.0])
def test_a_coefficient_in_percent_is_refused(
    county: Standard, door: str, value: float
) -> None:
    """0.6 written with the table's printed "%" is never read as 0.006."""
    ind = "irrigation_water_use_coefficient"
    obs = [Observation(COUNTY, ind, 2024, value, "%")]
    record = {"region": COUNTY, "indicator": ind, "year": 2024, "value": value}
    doors: dict[str, Callable[[], Any]] = {
        "records": lambda: Observations.from_records([record | {"unit": "%"}], county),
        "assess": lambda: ecociv.assess(county, COUNTY, obs, 2024),
        "assess_many": lambda: ecociv.assess_many(Observations(obs), county, 2024),
    }
    with pytest.raises(DataError, match="coefficient"):
        doors[door]()


def test_a_coefficient_as_a_percent_above_one_is_converted(county: Standard) -> None:
    """60 % of a coefficient is 0.6."""
    obs = [Observation(COUNTY, "irrigation_water_use_coefficient", 2024, 60.0, "%")]
    result = ecociv.assess(county, COUNTY, obs, 2024)
    j = next(
        j
        for j in result.judgements
        if j.indicator.id == "irrigation_water_use_coefficient"
    )
    assert j.outcome.values[0].value == pytest.approx(0.6)


# -- Standards that claim another's id ------------------------------------------


@pytest.mark.parametrize(
    "door",
    [
        lambda stds, obs: ecociv.assess_many(obs, stds, 2024),
        lambda stds, obs: ecociv.compare_versions(stds, COUNTY, obs, 2024),
    ],
    ids=["assess_many", "compare_versions"],
)
@pytest.mark.parametrize(
    "twice",
    [
        lambda s: [s, s],
        lambda s: [s, "mee-2024-county"],
        lambda s: [s, attrs.evolve(s, title_en="mine")],
    ],
    ids=["same object", "object and id", "another standard, same id"],
)
def test_one_standard_id_twice_is_refused(
    county: Standard, door: Callable[..., Any], twice: Callable[..., Any]
) -> None:
    """Two standards under one id would be counted together: refused."""
    with pytest.raises(ArgumentError, match="each standard once"):
        door(twice(county), Observations(()))


def test_a_user_file_claiming_a_bundled_id_is_refused() -> None:
    """A file that says it is mee-2024-county but differs is refused at loading."""
    text = MINIMAL.replace('id = "my-standard"', 'id = "mee-2024-county"')
    with pytest.raises(
        StandardFileError, match=r"give your standard its own id @ \$\.id"
    ):
        ecociv.standards.loads(text)


def test_the_bundled_file_itself_loads_under_its_id() -> None:
    """The bundled text, loaded as a user file, is the bundled standard."""
    text = (
        resources.files("ecociv.standards") / "data" / "mee-2024-county.toml"
    ).read_text("utf-8")
    assert ecociv.standards.loads(text) == ecociv.standards.load("mee-2024-county")


# -- Rule and indicator that do not fit -----------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            RULE,
            'rule = { kind = "fact", state = "established" }',
            "a fact rule judges yes/no states",
        ),
        (
            RULE,
            (
                'rule = { kind = "all_of", rules = [{ kind = "threshold", op = "<=", '
                'value = 25 }, { kind = "fact", state = "established" }] }'
            ),
            "@ $.requirements[0].rule.rules[1]",
        ),
        (
            'indicator = "pm25_annual_mean"',
            'indicator = "ecological_red_line"',
            "a threshold rule judges numbers",
        ),
    ],
)
def test_rules_that_do_not_fit_their_indicator_are_refused(
    old: str, new: str, message: str
) -> None:
    """A fact rule on PM2.5 or a threshold on a yes/no state never loads."""
    assert old in MINIMAL
    with pytest.raises(StandardFileError) as info:
        ecociv.standards.loads(MINIMAL.replace(old, new, 1))
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [("mg/m³", "quantity"), ("μg/m³", "index"), ("-", "fact")],
)
def test_redefining_a_shared_indicator_is_refused(unit: str, kind: str) -> None:
    """A user file may not give PM2.5 another unit or kind: it gets its own id."""
    block = (
        '\n[[indicators]]\nid = "pm25_annual_mean"\nname_zh = "某"\nname_en = "X"\n'
        f'unit = "{unit}"\ndirection = "lower"\nkind = "{kind}"\n'
    )
    with pytest.raises(
        StandardFileError, match=r"give yours its own id @ \$\.indicators\[0\]"
    ):
        ecociv.standards.loads(MINIMAL + block)


@pytest.mark.parametrize("depth", [33, 200, 5000])
@pytest.mark.parametrize("bracket", ["[", "{ a = "])
def test_deep_nesting_is_refused_before_parsing(depth: int, bracket: str) -> None:
    """A small file nested thousands deep is refused, not a RecursionError."""
    close = "]" if bracket == "[" else "}"
    text = MINIMAL + "\nx = " + bracket * depth + "1" + close * depth + "\n"
    with pytest.raises(StandardFileError, match="nest"):
        ecociv.standards.loads(text)


# -- Policies that lie -----------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"comparison": "bogus"},
        {"comparison": 3},
        {"window": 0},
        {"window": 1},
        {"window": 3.5},
        {"window": "3"},
        {"window": True},
        {"window": 10**8},
        {"tolerance": -1},
        {"tolerance": math.inf},
        {"tolerance": math.nan},
        {"tolerance": "0.1"},
        {"tolerances": {"pm25_annual_mean": -0.5}},
        {"tolerances": {"pm25_annual_mean": math.inf}},
        {"tolerances": ["pm25_annual_mean"]},
    ],
    ids=str,
)
def test_a_bad_policy_is_refused_when_made(kwargs: dict[str, Any]) -> None:
    """Every part of a trend policy is checked at construction."""
    with pytest.raises(ArgumentError):
        TrendPolicy(**kwargs)


@pytest.mark.parametrize(
    "door",
    [
        lambda p: ecociv.assess("mee-2024-county", COUNTY, [], 2024, policy=p),
        lambda p: ecociv.assess_many(
            Observations(()), "mee-2024-county", 2024, policy=p
        ),
    ],
    ids=["assess", "assess_many"],
)
@pytest.mark.parametrize("policy", [{"window": 3}, "consecutive", 3])
def test_a_policy_of_the_wrong_kind_is_refused(
    door: Callable[[Any], Any], policy: object
) -> None:
    """A dict or a word in place of a TrendPolicy is refused, not half-used."""
    with pytest.raises(ArgumentError, match="TrendPolicy"):
        door(policy)


# -- Wrong argument kinds ------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"standard": 5}, "standard"),
        ({"region": 330683}, "region"),
        ({"year": "2024"}, "year"),
        ({"year": 2024.0}, "year"),
        ({"year": True}, "year"),
        ({"observations": "data.csv"}, "observations"),
        ({"observations": [1, 2]}, "observations"),
    ],
)
def test_assess_refuses_wrong_kinds(kwargs: dict[str, Any], name: str) -> None:
    """``assess`` names the argument of the wrong kind and what it accepts."""
    args: dict[str, Any] = {
        "standard": "mee-2024-county",
        "region": COUNTY,
        "observations": [],
        "year": 2024,
    } | kwargs
    with pytest.raises(ArgumentError) as info:
        ecociv.assess(**args)
    assert info.value.name == name


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"standards": 5}, "standards"),
        ({"standards": []}, "standards"),
        ({"standards": [5]}, "standards"),
        ({"years": "2024"}, "year"),
        ({"years": []}, "years"),
        ({"years": [2024, 2024.5]}, "year"),
        ({"regions": 330683}, "regions"),
        ({"regions": [330683]}, "region"),
        ({"data": 42}, "data"),
        ({"data": b"region,indicator"}, "data"),
    ],
)
def test_assess_many_refuses_wrong_kinds(kwargs: dict[str, Any], name: str) -> None:
    """``assess_many`` names the argument of the wrong kind and what it accepts."""
    args: dict[str, Any] = {
        "data": Observations(()),
        "standards": "mee-2024-county",
        "years": 2024,
    } | kwargs
    with pytest.raises(ArgumentError) as info:
        ecociv.assess_many(**args)
    assert info.value.name == name


@pytest.mark.parametrize("items", ["abc", [1, 2], [None]])
def test_observations_refuse_what_is_not_an_observation(items: Any) -> None:
    """Observations(...) takes Observation values only."""
    with pytest.raises(ArgumentError):
        Observations(items)


def test_two_observations_of_one_key_are_a_data_error() -> None:
    """Two values for one (region, indicator, year) are refused, naming the key."""
    obs = [Observation(COUNTY, "pm25_annual_mean", 2024, 30.0, "μg/m³")] * 2
    with pytest.raises(DataError, match="two observations") as info:
        Observations(obs)
    assert info.value.problems[0].region == COUNTY
