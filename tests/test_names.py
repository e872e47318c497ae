"""Names as people write them: every printed name of a target is a name in data."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecociv
from ecociv.standards import Standard


ALL = ecociv.standards.bundled_ids()

# Printed names that do not name a measure, and why they stay refused in data.
NOT_NAMES = {
    **dict.fromkeys(
        ("松滋市", "洪湖市", "江陵县", "石首市", "公安县", "监利市"),
        "a county's name: the line is about that county's title",
    ),
    "CDP能耗": "OCR damage; GDP能耗 is accepted",
    "PM”浓度下降幅度": "OCR damage; PM2.5浓度下降幅度 is accepted",
    "专题食 (OCR)": "OCR damage of 专题会",
    "水耗": "too short to name one measure (per GDP or per industrial value added)",
    "碳排放强度": "a level, while the line judges its decline rate",
    "《上虞区生态文明建设示范区创建规划》": "the title of a document",
    "组织规划实施": "an activity, not a measure",
    "严格控制单位地区生产总值二氧化碳排放": "an aim; the line judges the action plan",
}


def _printed(std: Standard) -> list[tuple[str, str, str]]:
    return [
        (r.id, r.printed_name, r.indicator)
        for r in std.requirements
        # a redaction or an elision is not a name anyone writes in data
        if r.printed_name and "(略)" not in r.printed_name and "…" not in r.printed_name
    ]


@pytest.mark.parametrize("sid", ALL)
def test_printed_names_are_names_in_data(sid: str) -> None:
    """A target's printed name finds its indicator (or, for a 幅度, the change)."""
    std = ecociv.standards.load(sid)
    for rid, name, indicator in _printed(std):
        if name in NOT_NAMES:
            continue
        found = std.indicator(name)
        assert found.id == indicator or "幅度" in name, (sid, rid, name, found.id)


def test_refused_names_are_still_refused() -> None:
    """The printed names kept out of the catalog are not found by accident."""
    for sid in ALL:
        std = ecociv.standards.load(sid)
        for rid, name, _ in _printed(std):
            if name in NOT_NAMES:
                with pytest.raises(ecociv.errors.UnknownIndicatorError):
                    std.indicator(name)
                assert rid


@pytest.mark.parametrize(
    ("sid", "name", "indicator"),
    [
        ("plan-xianning-2022", "农村生活污水治理率", "rural_sewage_treatment_rate"),
        (
            "plan-ordos-2022",
            "危险废物处置利用率",
            "hazardous_waste_utilization_disposal_rate",
        ),
        (
            "plan-ordos-2022",
            "一般工业固废综合利用率",
            "industrial_solid_waste_utilization_rate",
        ),
        ("plan-ordos-2022", "农村牧区生活污水治理率", "rural_sewage_treatment_rate"),
        ("plan-shangyu-2017", "清洁生产审核通过率", "cleaner_production_audit_share"),
    ],
)
def test_a_data_file_may_use_the_printed_name(
    sid: str, name: str, indicator: str, tmp_path: Path
) -> None:
    """A CSV row named as the plan prints the target is read as its indicator."""
    std = ecociv.standards.load(sid)
    path = tmp_path / "data.csv"
    path.write_text(
        f"region,indicator,year,value,unit\n{std.region},{name},2023,62,%\n", "utf-8"
    )
    obs = ecociv.Observations.from_csv(path, std)
    assert [o.indicator for o in obs] == [indicator]
