"""Every comparison output is produced from the real city data, not only the example."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import ecociv
from ecociv import Observation, Observations, Region, RegionLevel, plot, report
from ecociv.errors import UnknownRegionError
from ecociv.standards import Standard


CITIES = Path(__file__).parent.parent / "examples" / "cities"


@pytest.fixture(scope="module")
def standard() -> Standard:
    """The tutorial's own (unofficial) two-requirement city standard."""
    return ecociv.standards.load_file(CITIES / "tutorial-pm25-waste.toml")


@pytest.fixture(scope="module")
def records(standard: Standard) -> list[dict[str, Any]]:
    """The 2017 yearbook figures judged for every city whose name matches a code."""
    items = []
    with (CITIES / "ccsy_city_pm25_sewage_waste_2017.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                region = Region.from_name(row["city_zh"], level=RegionLevel.PREFECTURE)
            except UnknownRegionError:
                continue
            for ind, column in (
                ("pm25_annual_mean", "pm25_annual_mean_ug_m3"),
                (
                    "ccsy_domestic_waste_harmless_rate",
                    "domestic_waste_harmless_treatment_rate_pct",
                ),
            ):
                unit = standard.indicator(ind).unit
                value = float(row[column]) if row[column] else None
                items.append(Observation(region.code, ind, 2017, value, unit))
    result = ecociv.assess_many(Observations(items), standard, 2017)
    return list(result.records())


def test_many_cities_are_judged(records: list[dict[str, Any]]) -> None:
    """Hundreds of real cities are judged, with every applicable verdict kind."""
    regions = {r["region"] for r in records}
    assert len(regions) > 250
    verdicts = {r["verdict"] for r in records}
    assert {"met", "not_met", "insufficient_data"} <= verdicts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_comparison_html_and_markdown(records: list[dict[str, Any]], lang: str) -> None:
    """The comparison renders as one self-contained HTML page and as Markdown."""
    table = report.Comparison.from_records(records)
    html = report.comparison_html(table, lang=lang)
    assert "<script" not in html
    assert "北京" in html or "Beijing" in html or "石家庄市" in html
    md = report.comparison_markdown(table, lang=lang)
    assert md.count("\n") > 2


def test_comparison_json_validates(records: list[dict[str, Any]]) -> None:
    """The versioned comparison document validates against its shipped schema."""
    table = report.Comparison.from_records(records)
    doc = report.to_document(table)
    jsonschema.validate(doc, report.schema("comparison"))
    assert report.from_document(doc) == table


def test_heatmap_of_real_cities(records: list[dict[str, Any]], tmp_path: Path) -> None:
    """A heatmap of the first 40 cities draws, with Chinese names."""
    first = sorted({r["region"] for r in records})[:40]
    table = report.Comparison.from_records([r for r in records if r["region"] in first])
    ax = plot.heatmap(table)
    out = tmp_path / "heatmap.png"
    fig = ax.get_figure(root=True)
    assert fig is not None
    fig.savefig(out)
    assert out.stat().st_size > 10_000
