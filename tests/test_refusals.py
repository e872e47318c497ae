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

import attrs
import pytest

import ecociv
from ecociv import Observation, Observations, Verdict
from ecociv.errors import DataError
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


COEF = "irrigation_water_use_coefficient"


def _misread_by_hand(county: Standard, _: Path) -> list[str]:
    obs = Observations(
        [
            Observation(COUNTY, COEF, 2024, 0.6, "%", target=0.5),
            Observation(COUNTY, COEF, 2023, 70.0, "%", target=0.4),
        ]
    )
    with pytest.raises(DataError) as info:
        ecociv.assess_many(obs, county, 2024)
    return [p.message for p in info.value.problems]


def _misread_read(county: Standard, tmp: Path) -> list[str]:
    text = (
        "region,indicator,year,value,unit,target\n"
        f"{COUNTY},{COEF},2024,0.6,%,0.5\n"
        f"{COUNTY},{COEF},2023,70,%,0.4\n"
    )
    (tmp / "data.csv").write_text(text, "utf-8")
    data = Observations.from_csv(tmp / "data.csv", county, strict=False)
    return [p.message for p in data.issues]


@pytest.mark.parametrize("way", [_misread_by_hand, _misread_read])
def test_a_misread_coefficient_is_refused_alike_by_hand_and_read(
    county: Standard, way: Callable[[Standard, Path], list[str]], tmp_path: Path
) -> None:
    """One conversion of many numbers (units.convert_at) for both ways in.

    Every misread number is named, by its column, not only the first pair's
    first: 0.6 % (value) in 2024 and a target of 0.4 % in 2023.
    """
    messages = way(county, tmp_path)
    assert [m.split(":")[0] for m in messages] == [
        f"value 0.6 % for {COEF}",
        f"target 0.4 % for {COEF}",
    ]


@pytest.mark.parametrize("unit", ["", "-", "—", "－", " - "])
def test_a_fact_without_a_unit_reads_alike_by_hand_and_read(
    county: Standard, unit: str, tmp_path: Path
) -> None:
    """Every spelling of "no unit" is no unit, by hand and from a file."""
    fact = "biodiversity_survey"
    by_hand = ecociv.assess(
        county, COUNTY, [Observation(COUNTY, fact, 2024, True, unit)], 2024
    )
    text = f"region,indicator,year,value,unit\n{COUNTY},{fact},2024,是,{unit}\n"
    (tmp_path / "data.csv").write_text(text, "utf-8")
    data = Observations.from_csv(tmp_path / "data.csv", county)
    read = ecociv.assess(county, COUNTY, data, 2024)
    for result in (by_hand, read):
        j = next(j for j in result.judgements if j.indicator.id == fact)
        assert j.outcome.values[0].value == 1.0


# -- Standards that claim another's id (refusals: tests/test_corpus.py) --------


def test_the_bundled_file_itself_loads_under_its_id() -> None:
    """The bundled text, loaded as a user file, is the bundled standard."""
    text = (
        resources.files("ecociv.standards") / "data" / "mee-2024-county.toml"
    ).read_text("utf-8")
    assert ecociv.standards.loads(text) == ecociv.standards.load("mee-2024-county")


def test_regions_sharing_children_each_see_them() -> None:
    """A sub-region rule naming its children judges every region on them.

    plan-jingzhou-2020 C.9 names 421022 as the county to hold the title;
    judged for two regions at once, both count it (the second used to find
    it missing: one child had one slot).
    """
    std = ecociv.standards.load("plan-jingzhou-2020")
    obs = Observations(
        [Observation("421022", "national_demonstration_title", 2022, False, "-")]
    )
    codes = ["110101", "421000"]
    result = ecociv.assess_many(obs, std, 2022, regions=codes)
    for code in codes:
        assert result.row(code, "C.9")["verdict"] == "not_met"
        assert (
            ecociv.assess(std, code, obs, 2022).judgement("C.9").verdict
            is Verdict.NOT_MET
        )


# -- Numbers an indicator cannot have: refused alike by hand and when read -----

_FACT = "biodiversity_survey"
_IMPOSSIBLE = [
    (
        {"indicator": "pm25_annual_mean", "value": -3.0},
        "value -3 μg/m³ is below the possible range of pm25_annual_mean",
    ),
    (
        {"indicator": "forest_coverage", "value": 130.0, "unit": "%"},
        "value 130 % is above the possible range of forest_coverage",
    ),
    (
        {"indicator": "forest_coverage", "value": 1.3, "unit": "fraction"},
        "value 130 % is above the possible range of forest_coverage",
    ),
    (
        {"indicator": "pm25_annual_mean", "value": 30.0, "target": -5.0},
        "target -5 μg/m³ is below the possible range of pm25_annual_mean",
    ),
    (
        {"indicator": _FACT, "value": True, "target": 1.0},
        f"{_FACT} is an institutional fact (yes or no): it takes no target",
    ),
    (
        {"indicator": _FACT, "value": True, "reference": 1.0},
        f"{_FACT} is an institutional fact (yes or no): it takes no reference",
    ),
]


def _by_hand(county: Standard, fields: dict[str, object]) -> list[str]:
    obs = Observation(
        COUNTY,
        str(fields["indicator"]),
        2024,
        fields["value"],  # type: ignore[arg-type]
        str(fields.get("unit", "")),
        target=fields.get("target"),  # type: ignore[arg-type]
        reference=fields.get("reference"),  # type: ignore[arg-type]
    )
    with pytest.raises(DataError) as info:
        ecociv.assess(county, COUNTY, Observations([obs]), 2024)
    return [p.message for p in info.value.problems]


def _read(county: Standard, fields: dict[str, object]) -> list[str]:
    record = {"region": COUNTY, "year": 2024, **fields}
    if record["value"] is True:
        record["value"] = "是"
    data = Observations.from_records([record], county, strict=False)
    return [p.message for p in data.issues]


@pytest.mark.parametrize("way", [_by_hand, _read])
@pytest.mark.parametrize(("fields", "message"), _IMPOSSIBLE)
def test_a_number_an_indicator_cannot_have_is_refused_by_every_way_in(
    county: Standard,
    way: Callable[[Standard, dict[str, object]], list[str]],
    fields: dict[str, object],
    message: str,
) -> None:
    """A range, a fact's target: hand-built observations keep the reader's rules.

    Hand-built numbers were judged as given (a PM2.5 concentration of -3, a
    forest coverage of 130 %);
    a fact's target was dropped without a word when read.
    """
    messages = way(county, fields)
    assert len(messages) == 1
    assert messages[0].startswith(message)


def test_a_problem_names_a_year_only_when_it_is_one() -> None:
    """A bool is no year: a problem found before the year is checked leaves it out."""
    with pytest.raises(DataError) as info:
        Observation(COUNTY, "pm25_annual_mean", True, math.inf, "")
    assert info.value.problems[0].year is None
    with pytest.raises(DataError) as info:
        Observation(COUNTY, "pm25_annual_mean", 2024, math.inf, "")
    assert info.value.problems[0].year == 2024
