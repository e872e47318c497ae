"""Operative targets: a target the data gives replaces a printed bound, on request.

A region's operative target can differ from the printed one (the 13th
Five-Year Plan's good-air-days target was printed ">80" while the official
verdicts imply 84.5). With ``targets="data"`` the data's target replaces a
fixed bound for that region and year, and every verdict says which target it
used; without it the target is reported as not used, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ecociv
from ecociv import Observation, Observations, Verdict
from ecociv._cli import main
from ecociv.errors import ArgumentError
from ecociv.rules import TargetSource


DISTRICT = "330604"  # 上虞区; plan-shangyu-2017 4.7: 优良天数比例 ≥85 by 2018
PLAN = "plan-shangyu-2017"


def _data(value: float, target: float | None) -> Observations:
    return Observations(
        [
            Observation(
                DISTRICT,
                "good_air_days_share",
                2018,
                value,
                "%",
                target=target,
                source="上级下达 2018",
            )
        ]
    )


DOORS: dict[str, Callable[[Observations, str], Any]] = {
    "assess": lambda obs, t: (
        ecociv.assess(PLAN, DISTRICT, obs, 2018, targets=t).judgement("4.7").outcome
    ),
    "assess_many": lambda obs, t: ecociv.assess_many(
        obs, PLAN, 2018, regions=[DISTRICT], targets=t
    ).row(DISTRICT, "4.7"),
    "compare_versions": lambda obs, t: (
        ecociv.compare_versions([PLAN], DISTRICT, obs, 2018, targets=t)
        .assessments[0]
        .judgement("4.7")
        .outcome
    ),
}


def _get(found: Any, field: str) -> Any:
    value = found[field] if isinstance(found, dict) else getattr(found, field)
    return value.value if isinstance(value, TargetSource | Verdict) else value


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(
    ("targets", "value", "target", "verdict", "used", "source"),
    [
        ("standard", 86.0, 88.0, "met", 85.0, "standard"),  # printed ≥85
        ("data", 86.0, 88.0, "not_met", 88.0, "data"),  # operative ≥88
        ("data", 84.0, 83.0, "met", 83.0, "data"),  # an easier operative target
        ("data", 86.0, None, "met", 85.0, "standard"),  # no target given: printed
    ],
)
def test_an_operative_target_replaces_the_printed_bound_on_request(
    door: str,
    targets: str,
    value: float,
    target: float | None,
    verdict: str,
    used: float,
    source: str,
) -> None:
    """The verdict uses, and names, the target it was judged against."""
    found = DOORS[door](_data(value, target), targets)
    assert _get(found, "verdict") == verdict
    assert _get(found, "target") == used
    assert _get(found, "target_from") == source


def test_the_reason_names_the_operative_and_the_printed_target() -> None:
    """The words say the target came from the data, and what the standard prints."""
    out = ecociv.assess(PLAN, DISTRICT, _data(86.0, 88.0), 2018, targets="data")
    j = out.judgement("4.7")
    assert "≥88%(运行目标,数据给出;标准印制≥85%)" in j.reason_zh
    assert "an operative target given in the data; the standard prints ≥ 85 %" in (
        j.reason_en
    )
    assert j.outcome.values[0].source == "上级下达 2018"


def test_without_the_switch_the_target_is_reported_unused() -> None:
    """A target for a fixed bound is not silently ignored: a warning says how."""
    out = ecociv.assess(PLAN, DISTRICT, _data(86.0, 88.0), 2018)
    (warning,) = [w.message for w in out.warnings if "target" in w.message]
    assert "the target is not used" in warning
    assert 'targets="data"' in warning
    asked = ecociv.assess(PLAN, DISTRICT, _data(86.0, 88.0), 2018, targets="data")
    assert not [w for w in asked.warnings if "target" in w.message]


def test_an_assigned_target_is_never_also_an_operative_one() -> None:
    """Where a line reads the target as its assigned target, its bounds stay printed.

    mee-2024-city's good-air line is 完成上级任务 且 (≥90 或 持续改善): the
    data's target is the assigned task, not a replacement for the 90.
    """
    city = "330600"
    obs = Observations(
        [
            Observation(city, "good_air_days_share", y, v, "%", target=t)
            for y, v, t in ((2022, 91.0, None), (2023, 91.5, None), (2024, 92.0, 95.0))
        ]
    )
    std = "mee-2024-city"
    req = next(
        r.id
        for r in ecociv.standards.load(std).requirements
        if r.indicator == "good_air_days_share"
    )
    plain = ecociv.assess(std, city, obs, 2024).judgement(req)
    asked = ecociv.assess(std, city, obs, 2024, targets="data").judgement(req)
    assert plain.verdict is asked.verdict is Verdict.NOT_MET  # 92 < the task's 95
    bounds = [o.target for o in asked.outcome.walk() if o.rule == "threshold"]
    assert bounds == [90.0]


@pytest.mark.parametrize("targets", ["operative", "", None, True])
def test_a_bad_targets_value_is_refused(targets: object) -> None:
    """Targets takes "standard" or "data", nothing else."""
    with pytest.raises(ArgumentError, match="targets"):
        ecociv.assess(PLAN, DISTRICT, [], 2018, targets=targets)  # type: ignore[arg-type]


def test_batch_frame_and_records_say_where_each_target_came_from() -> None:
    """The tidy result has a target_from column: standard, data, or none."""
    result = ecociv.assess_many(
        _data(86.0, 88.0), PLAN, 2018, regions=[DISTRICT], targets="data"
    )
    frame = result.to_frame()
    row = frame[frame["requirement"] == "4.7"].iloc[0]
    assert row["target_from"] == "data"
    assert {r["target_from"] for r in result.records()} <= {None, "standard", "data"}


def test_the_command_line_takes_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ecociv assess --targets data judges against the data's target column."""
    data = tmp_path / "d.csv"
    data.write_text(
        "region,indicator,year,value,unit,target\n"
        f"{DISTRICT},优良天数比例,2018,86,%,88\n",
        "utf-8",
    )
    argv = ["assess", str(data), "--plan", PLAN, "--region", DISTRICT, "--year", "2018"]
    assert main([*argv, "--lang", "en"]) == 0
    plain = capsys.readouterr().out
    assert main([*argv, "--lang", "en", "--targets", "data"]) == 0
    asked = capsys.readouterr().out
    assert 'targets="data"' in plain
    assert "an operative target given in the data" in asked
