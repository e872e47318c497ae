"""Notebook display: short reprs, small HTML tables, colours readable on dark pages."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import ecociv
from ecociv import SideBySide
from ecociv._region import all_regions
from ecociv.batch import BatchResult
from ecociv.report import _svg, side_by_side_markdown, to_markdown
from ecociv.rules import Verdict
from ecociv.standards import catalog_of


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"
STANDARDS = ("mee-2024-county", "mee-2016-county")


@pytest.fixture(scope="module")
def data() -> ecociv.Observations:
    """The example, read for both county standards."""
    stds = [ecociv.standards.load(s) for s in STANDARDS]
    return ecociv.Observations.from_csv(EXAMPLE, catalog_of(stds))


@pytest.fixture(scope="module")
def sbs(data: ecociv.Observations) -> SideBySide:
    """嵊州市 under the 2024 and the 2016 county standards."""
    return ecociv.compare_versions(list(STANDARDS), "330683", data, 2024)


@pytest.fixture(scope="module")
def many(data: ecociv.Observations) -> BatchResult:
    """Every county of Zhejiang judged (all but 嵊州市 without data)."""
    counties = [
        r.code for r in all_regions(ecociv.RegionLevel.COUNTY) if r.province == "330000"
    ]
    return ecociv.assess_many(data, "mee-2024-county", 2024, regions=counties)


def test_reprs_are_one_short_line(
    sbs: SideBySide, many: BatchResult, data: ecociv.Observations
) -> None:
    """A side-by-side, a batch result and a data set each repr in one short line."""
    assert repr(sbs) == (
        "<SideBySide 330683 嵊州市 2024 under mee-2024-county, mee-2016-county: "
        f"{len(sbs.rows)} rows>"
    )
    assert repr(many).startswith(f"<BatchResult: {len(many.regions)} regions x ")
    assert repr(data).startswith("<Observations from ")
    for obj in (sbs, many, data):
        assert "\n" not in repr(obj)
        assert len(repr(obj)) < 160


def test_html_fragments_are_small_and_safe(
    sbs: SideBySide, many: BatchResult, data: ecociv.Observations
) -> None:
    """Each shows as a styled fragment: no page, no script, a few table rows."""
    for obj in (sbs, many, data):
        html = obj._repr_html_()
        assert html.startswith("<style>")
        assert "<html" not in html
        assert "<script" not in html
        assert html.count("<tr") <= 2 * 12 + 2 or obj is sbs
    assert "嵊州市" in sbs._repr_html_()
    assert "pm25_annual_mean" in data._repr_html_()


def test_a_large_batch_shows_a_few_rows_and_says_how_many_more(
    many: BatchResult,
) -> None:
    """Of 31 requirements and 90-odd regions, 12 of each show; the rest are counted."""
    html = many._repr_html_()
    assert len(many.regions) > 24
    body_rows = html.count("<tr><td")
    assert body_rows == 12 + 1  # one region has a score: the others none
    assert "另有 19 行未显示" in html
    assert "得分最高的地区" in html
    assert "嵊州市" in html


def test_side_by_side_cells_show_verdicts_and_scores(sbs: SideBySide) -> None:
    """Each standard's column has a verdict badge per row, its score and eligibility."""
    html = sbs._repr_html_()
    assert html.count('class="badge verdict-') >= len(sbs.rows)
    assert "达标 22/24 (92%)" in html
    md = side_by_side_markdown(sbs, lang="en")
    assert md.splitlines()[2] == "| Indicator | mee-2024-county | mee-2016-county |"
    assert "| Binding met | met 22/24 (92%) |" in md


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("verdict", list(Verdict))
def test_badges_are_readable_on_light_and_dark_pages(verdict: Verdict) -> None:
    """Each verdict's badge has WCAG AA contrast in both palettes."""
    assert contrast(*_svg.COLOURS[verdict]) >= 4.5
    assert contrast(*_svg.DARK_COLOURS[verdict]) >= 4.5


@pytest.mark.parametrize("verdict", list(Verdict))
def test_lines_are_visible_on_white_and_on_a_dark_page(verdict: Verdict) -> None:
    """Sparkline and plot colours stand out from white and from a dark background."""
    line = _svg.LINES[verdict]
    assert contrast(line, "#ffffff") >= 2.0
    assert contrast(line, "#16191d") >= 2.5


def test_fragments_take_their_colours_from_the_page(sbs: SideBySide) -> None:
    """Text inherits the page's colour; dark pages get the dark badges."""
    html = sbs._repr_html_()
    style = html[: html.index("</style>")]
    assert re.search(r"\.ecociv \{[^}]*color: inherit", style)
    assert "prefers-color-scheme: dark" in style
    assert 'body[data-jp-theme-light="false"]' in style
    assert "body.vscode-dark" in style
    for verdict in Verdict:
        fg, bg = _svg.DARK_COLOURS[verdict]
        assert f"color: {fg}; background: {bg};" in style
    # Outside the badges, only the mid tones that read on both kinds of page.
    rules = [line for line in style.splitlines() if ".verdict-" not in line]
    fixed = set(re.findall(r"#[0-9a-f]{6}", "\n".join(rules)))
    assert fixed <= set(_svg.LINES.values())


def test_markdown_escapes_html_and_table_syntax(
    data: ecociv.Observations,
) -> None:
    """Markup in a name from a user's file is shown as text in Markdown, not run."""
    result = ecociv.assess("mee-2024-county", "330683", data, 2024)
    first = result.judgements[0]
    hostile = '<img src=x onerror="alert(1)">|[x](javascript:1)*b*'
    ind = attrs.evolve(first.indicator, name_zh=hostile)
    j = attrs.evolve(first, indicator=ind)
    md = to_markdown(attrs.evolve(result, judgements=(j, *result.judgements[1:])))
    assert "<img" not in md
    assert '&lt;img src=x onerror="alert(1)"&gt;\\|\\[x\\](javascript:1)\\*b\\*' in md
