"""Values that travel: every public result and every error survives pickle and deepcopy.

Services and process pools move results between processes (the Dask recipe
does), so each must come back equal, and each error with its message and data.
"""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest

import ecociv
from ecociv import Observations
from ecociv.errors import (
    ArgumentError,
    DataError,
    DataProblem,
    EcocivError,
    RuleError,
    StandardFileError,
    UnitError,
    UnknownIndicatorError,
    UnknownRegionError,
    UnknownStandardError,
)
from ecociv.standards import Standard


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"


def _trips(value: Any) -> list[Any]:
    return [pickle.loads(pickle.dumps(value)), copy.deepcopy(value)]  # noqa: S301  (our own bytes)


@pytest.fixture(scope="module")
def data() -> Observations:
    """The bundled example, read from its CSV file."""
    return Observations.from_csv(EXAMPLE, ecociv.standards.load("mee-2024-county"))


def test_an_assessment_travels(county2024: Standard, data: Observations) -> None:
    """An assessment comes back equal, judgements, reasons and summary included."""
    result = ecociv.assess(county2024, "330683", data, 2024)
    for back in _trips(result):
        assert back == result


def test_observations_travel(data: Observations) -> None:
    """A data set comes back equal, with its file, encoding and skipped rows."""
    for back in _trips(data):
        assert back == data
        assert (back.file, back.encoding) == (data.file, data.encoding)
        assert back.skipped == data.skipped


def test_a_batch_result_travels(county2024: Standard, data: Observations) -> None:
    """A batch result comes back with the same rows, summaries and explanations."""
    result = ecociv.assess_many(data, county2024, [2023, 2024])
    for back in _trips(result):
        assert list(back.records()) == list(result.records())
        assert back.summary_records() == result.summary_records()
        assert back.explain("330683", "4", year=2024) == result.explain(
            "330683", "4", year=2024
        )


def test_a_side_by_side_travels(data: Observations) -> None:
    """One region under two versions comes back equal."""
    sbs = ecociv.compare_versions(
        ["mee-2016-county", "mee-2024-county"], "330683", data, 2024
    )
    for back in _trips(sbs):
        assert back == sbs


def test_a_standard_and_a_policy_travel(county2024: Standard) -> None:
    """Standards and trend policies (values services pass along) come back equal."""
    policy = ecociv.TrendPolicy(window=4, tolerances={"forest_coverage": 0.5})
    for value in (county2024, policy):
        for back in _trips(value):
            assert back == value


ERRORS: list[EcocivError] = [
    UnitError("furlongs", "μg/m³", indicator_id="pm25", reason="why", accepted=["a"]),
    UnknownIndicatorError("PM9", ["PM2.5浓度"]),
    UnknownRegionError("999999"),
    UnknownStandardError("mee-2099", ["mee-2024-county"]),
    StandardFileError("s.toml", ["$.id: missing"]),
    DataError([DataProblem("bad", "d.csv", 2, "330683", "pm25", 2024)]),
    RuleError("no case", requirement_id="20", region_code="330683"),
    ArgumentError("year", "2024", "accepted: an integer"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_travels(error: EcocivError) -> None:
    """An error comes back as the same class, message and data."""
    for back in _trips(error):
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert vars(back) == vars(error)
