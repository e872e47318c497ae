"""HTML and Markdown reports, comparison tables and notebook display."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pandas as pd
import pytest

import ecociv
from ecociv import Assessment, Verdict
from ecociv.report import (
    Comparison,
    comparison_html,
    comparison_markdown,
    standard_html,
    to_html,
    to_markdown,
    write,
)
from ecociv.standards import Standard


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"
# Department names are made up for the test; the bundled plans come later.
PLAN = {
    "4": (("市生态环境局",), ("市发改委", "市交通局"), 2025),
    "12": (("市交通运输局",), (), 2026),
    "16": (("市经信局",), ("市生态环境局",), 2024),
}


@pytest.fixture(scope="module")
def std() -> Standard:
    """The bundled 2024 county standard."""
    return ecociv.standards.load("mee-2024-county")


@pytest.fixture(scope="module")
def result(std: Standard) -> Assessment:
    """The bundled example judged for 2024."""
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    return ecociv.assess(std, "330683", data, 2024)


def as_plan(a: Assessment) -> Assessment:
    """Return the assessment with departments and due years on a few judgements."""
    js = tuple(
        attrs.evolve(
            j,
            requirement=attrs.evolve(
                j.requirement,
                lead=PLAN[j.id][0],
                support=PLAN[j.id][1],
                due=PLAN[j.id][2],
            ),
        )
        if j.id in PLAN
        else j
        for j in a.judgements
    )
    return attrs.evolve(a, judgements=js)


def section(page: str, heading: str) -> str:
    """Return the HTML after a heading, up to the next h2."""
    start = page.index(f"<h2>{heading}</h2>")
    end = page.find("<h2>", start + 4)
    return page[start : end if end > 0 else None]


def test_html_is_one_self_contained_page(result: Assessment) -> None:
    """The page has no script, no external style, font or image, and a CSP."""
    page = to_html(result)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page
    assert not re.search(r'\ssrc="', page)
    assert "Content-Security-Policy" in page
    assert 'charset="utf-8"' in page


def test_html_shows_every_requirement_by_domain(result: Assessment) -> None:
    """Each requirement has a row with its verdict, under its domain's heading."""
    page = to_html(result)
    rows = re.findall(r'data-requirement="([^"]+)" data-verdict="([^"]+)"', page)
    assert rows == [(j.id, j.verdict.value) for j in result.judgements]
    assert "<h2>生态安全</h2>" in page
    assert "<h3>(二)环境质量改善</h3>" in page
    assert "符合申报条件" in page


def test_html_shows_values_target_distance_source(result: Assessment) -> None:
    """A row carries the values, the target as written, distance, source, grade."""
    page = to_html(result)
    row = page[page.index('data-requirement="12"') :]
    row = row[: row.index("</tr>")]
    assert "76 %" in row
    assert "≥80" in row
    assert "-4" in row
    assert "未达标" in row
    assert "S1" in row


def test_html_draws_sparklines_for_series(result: Assessment) -> None:
    """PM2.5's three years get an inline SVG; a one-year threshold gets none."""
    page = to_html(result)
    pm = page[page.index('data-requirement="4"') :]
    assert "<svg" in pm[: pm.index("</tr>")]
    one = page[page.index('data-requirement="1"') :]
    assert "<svg" not in one[: one.index("</tr>")]


def test_html_does_not_draw_a_change_target_as_a_level(result: Assessment) -> None:
    """△EQI's target (-1) is a difference, so its sparkline has no target line."""
    page = to_html(result)
    eqi = page[page.index('data-requirement="6.1"') :]
    eqi = eqi[: eqi.index("</tr>")]
    assert "<svg" in eqi
    assert "<line" not in eqi


def test_html_in_english(result: Assessment) -> None:
    """With lang='en' names, verdicts and reasons are English."""
    page = to_html(result, lang="en")
    assert "Annual mean PM2.5 concentration" in page or "PM2.5" in page
    assert "not met" in page
    assert "Eligible" in page
    assert "未达标" not in page


def test_html_escapes_text(result: Assessment) -> None:
    """A reason with markup is shown as text, never run."""
    first = result.judgements[0]
    j = attrs.evolve(
        first,
        outcome=attrs.evolve(first.outcome, reason_zh="<script>alert(1)</script>"),
    )
    page = to_html(attrs.evolve(result, judgements=(j, *result.judgements[1:])))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_plan_groups_by_department_with_deadlines(result: Assessment) -> None:
    """Judgements with lead, support and due years get both plan sections."""
    page = to_html(as_plan(result))
    by_dept = section(page, "按牵头单位")
    heads = re.findall(r'<tr class="group"><th colspan="7">([^<]+)</th>', by_dept)
    assert heads == ["市生态环境局", "市交通运输局", "市经信局", "(未指定)"]
    assert "市发改委、市交通局" in by_dept
    deadlines = section(page, "完成时限")
    years = re.findall(r"<tr><td>(\d{4})</td>", deadlines)
    assert years == ["2024", "2025", "2026"]


def test_no_plan_sections_without_plan_fields(result: Assessment) -> None:
    """A standard's assessment (no departments, no due years) has no plan sections."""
    page = to_html(result)
    assert "按牵头单位" not in page
    assert "完成时限" not in page


def test_markdown_has_a_row_per_requirement(result: Assessment) -> None:
    """The Markdown holds a table row per requirement and the eligibility."""
    text = to_markdown(result)
    assert "**符合申报条件: 否**" in text
    for j in result.judgements:
        assert f"| {j.requirement.number} | {j.indicator.name_zh} |" in text
    assert "<" not in text.replace("<br>", "")


def test_markdown_escapes_pipes(result: Assessment) -> None:
    """A pipe in a reason does not break the table."""
    first = result.judgements[0]
    j = attrs.evolve(first, outcome=attrs.evolve(first.outcome, reason_zh="a|b"))
    text = to_markdown(attrs.evolve(result, judgements=(j, *result.judgements[1:])))
    assert "a\\|b" in text


def test_markdown_plan_sections(result: Assessment) -> None:
    """The Markdown of a plan lists departments and deadlines too."""
    text = to_markdown(as_plan(result), lang="en")
    assert "## By lead department" in text
    assert "### 市交通运输局" in text
    assert "| 2026 | 12 |" in text


def test_comparison_from_assessments(std: Standard, result: Assessment) -> None:
    """A comparison of two regions shows both, with a cell per requirement."""
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    other = ecociv.assess(std, "330604", data, 2024)
    table = Comparison.from_assessments([result, other])
    assert [label for *_, label in table.regions()] == ["嵊州市", "上虞区"]
    page = comparison_html(table, title="两地对比")
    # A cell per requirement and region, then each region's score and eligibility.
    assert page.count('class="cell"') == 2 * (len(result.judgements) + 2)
    assert "达标 22/24 (92%)" in page
    assert "排名 1" in page
    md = comparison_markdown(table, lang="en")
    head = next(line for line in md.splitlines() if line.startswith("| No."))
    assert head.endswith("| 嵊州市 | 上虞区 |")
    # 上虞区 has no rows: the warning comes first, above the table.
    assert md.startswith("**Warnings:**\n\n- ")
    assert "no rows for region 330604" in md


def test_comparison_from_records_and_dataframe(result: Assessment) -> None:
    """Records and a DataFrame with the tidy columns give the same table."""
    table = Comparison.from_assessments([result])
    records = [attrs.asdict(r) for r in table.rows]
    for rec in records:
        rec["verdict"] = rec["verdict"].value
        rec["reason"] = "extra columns are ignored"
    assert Comparison.from_records(records).rows == table.rows
    frame = pd.DataFrame(records)
    assert Comparison.from_records(frame).rows == table.rows
    assert "嵊州市" in comparison_html(frame)


def test_comparison_keeps_years_apart(std: Standard, result: Assessment) -> None:
    """The same region in two years gives two columns, labelled by year."""
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    earlier = ecociv.assess(std, "330683", data, 2023)
    table = Comparison.from_assessments([result, earlier])
    assert [label for *_, label in table.regions()] == ["嵊州市 2024", "嵊州市 2023"]
    cell = table.index()[("330683", 2024, "mee-2024-county", "12")]
    assert cell.verdict is Verdict.NOT_MET


def test_notebook_display(std: Standard, result: Assessment) -> None:
    """Standard, assessment and comparison show as HTML fragments in Jupyter."""
    table = Comparison.from_assessments([result])
    for obj in (std, result, table):
        html = obj._repr_html_()
        assert html.startswith("<style>")
        assert "<html" not in html
        assert "嵊州市" in html or "生态文明" in html


def test_plain_repr_stays_short(std: Standard, result: Assessment) -> None:
    """The text repr of each is one short line."""
    table = Comparison.from_assessments([result])
    for obj in (std, result, table):
        text = repr(obj)
        assert "\n" not in text
        assert len(text) < 160


def test_standard_html_of_a_plan(std: Standard) -> None:
    """A standard whose requirements carry due years and leads shows them."""
    reqs = tuple(
        attrs.evolve(r, due=2025, lead=("县林业局",)) if r.id == "7.1" else r
        for r in std.requirements
    )
    html = standard_html(attrs.evolve(std, requirements=reqs), lang="en")
    assert "县林业局" in html
    assert "<th>Due</th>" in html
    assert "<th>Due</th>" not in standard_html(std, lang="en")


@pytest.mark.parametrize("suffix", [".html", ".md", ".json", ".csv"])
def test_write_picks_the_format_from_the_suffix(
    result: Assessment, tmp_path: Path, suffix: str
) -> None:
    """write() writes the one file named, in the format of its suffix."""
    out = write(result, tmp_path / f"r{suffix}")
    assert [p.name for p in tmp_path.iterdir()] == [f"r{suffix}"]
    text = out.read_text(encoding="utf-8")
    starts = {".html": "<!DOCTYPE", ".md": "# ", ".json": "{", ".csv": "region,"}
    assert text.startswith(starts[suffix])


def test_write_refuses_an_unknown_format(result: Assessment, tmp_path: Path) -> None:
    """An unknown suffix is an error, and nothing is written."""
    with pytest.raises(ValueError, match=r"use a \.html, .*\.csv, \.parquet file"):
        write(result, tmp_path / "r.pdf")
    assert not list(tmp_path.iterdir())


def test_unknown_language_is_an_error(result: Assessment) -> None:
    """Only zh and en are accepted."""
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        to_html(result, lang="fr")


@pytest.fixture(scope="module")
def plan_result() -> Assessment:
    """The example judged against the bundled Shengzhou plan."""
    plan = ecociv.standards.load("plan-shengzhou-2024")
    data = ecociv.Observations.from_csv(EXAMPLE, plan)
    return ecociv.assess(plan, "330683", data, 2024)


def test_bundled_plan_report(plan_result: Assessment) -> None:
    """The bundled plan's report groups by department and lists deadlines."""
    page = to_html(plan_result)
    assert "<h2>按牵头单位</h2>" in page
    assert "<h2>完成时限</h2>" in page
    leads = {d for j in plan_result.judgements for d in j.requirement.lead}
    heads = re.findall(r'<tr class="group"><th colspan="7">([^<]+)</th>', page)
    assert leads <= set(heads)
    assert "未到期" in page
    assert " ()" not in page
    md = to_markdown(plan_result, lang="en")
    assert "## Deadlines" in md


def test_domainless_binding_rows_are_not_called_reference(
    plan_result: Assessment,
) -> None:
    """Rows outside the domain tree are 'other' unless all are reference rows."""
    page = to_html(plan_result)
    if any(j.requirement.domain is None and j.binding for j in plan_result.judgements):
        assert "<h2>其他指标</h2>" in page
    county = to_html(
        attrs.evolve(
            plan_result,
            judgements=tuple(
                j
                for j in plan_result.judgements
                if j.requirement.domain or not j.binding
            ),
        )
    )
    assert "<h2>其他指标</h2>" not in county


def test_batch_result_reads_as_a_comparison(std: Standard) -> None:
    """The batch engine's tidy records make the same comparison as assess()."""
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    batch = ecociv.assess_many(data, std, 2024, regions=["330683", "330604"])
    table = Comparison.from_records(list(batch.records()))
    one = Comparison.from_assessments(
        ecociv.assess(std, code, data, 2024) for code in ("330683", "330604")
    )
    assert [(r.region, r.requirement, r.verdict) for r in table.rows] == [
        (r.region, r.requirement, r.verdict) for r in one.rows
    ]
    assert table.rows[0].indicator_zh == one.rows[0].indicator_zh
    assert "嵊州市" in comparison_html(table)


def test_csv_has_a_column_for_every_row_field(result: Assessment) -> None:
    """The CSV of a comparison holds every field of its rows, batch columns first."""
    from ecociv.batch import COLUMNS as BATCH  # noqa: PLC0415
    from ecociv.report import Row  # noqa: PLC0415
    from ecociv.report._csv import COLUMNS  # noqa: PLC0415

    assert set(COLUMNS) == {f.name for f in attrs.fields(Row)}
    assert COLUMNS[: len(BATCH)] == BATCH
    text = ecociv.report.render(result, "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert len(text.splitlines()) == 1 + len(result.judgements)


@pytest.fixture(scope="module")
def absent(std: Standard) -> Assessment:
    """上虞区 judged on the example, which has no rows for it."""
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    return ecociv.assess(std, "330604", data, 2024)


def test_reports_show_the_input_account_and_warnings(absent: Assessment) -> None:
    """HTML and Markdown say how many rows were read, used and set aside, and warn."""
    assert absent.account is not None
    assert absent.account.used == 0
    page = to_html(absent, lang="en")
    summary = section(page, "Summary")  # the warning stands under the summary
    assert '<div class="warnings"><b>Warnings</b>' in summary
    assert "no rows for region 330604 in the data" in summary
    used = section(page, "Data used")
    assert "46 rows read, 0 used" in used
    assert re.search(r"<td>other regions</td><td class=\"num\">46</td>", used)
    assert "rows 2, 3, 4, 5, 6, …" in used
    md = to_markdown(absent, lang="zh")
    assert "**注意:**" in md
    assert "## 数据使用情况" in md
    assert "| 其他地区 | 46 | 第 2, 3, 4, 5, 6, … 行 |" in md


def test_a_report_of_a_full_example_says_every_row_was_used(
    result: Assessment,
) -> None:
    """With nothing set aside there is no warning box and no set-aside table."""
    page = to_html(result, lang="en")
    assert 'class="warnings"' not in page
    assert "46 rows read, 46 used" in page
    assert 'class="compact account"' not in page


def test_a_comparison_of_a_batch_carries_its_account(std: Standard) -> None:
    """A batch result's comparison holds its account and warnings, in every form."""
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    many = ecociv.assess_many(data, std, 2024, regions=["330683", "330604"])
    table = Comparison.from_batch(many)
    assert table.account == many.account
    assert table.warnings == many.warnings
    assert "no rows for region 330604" in comparison_html(table)
    assert "46 rows read, 46 used" in comparison_markdown(table, lang="en")
