"""Plots: gaps, a series with threshold and trend band, a cross-city heatmap."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ecociv
from ecociv import Assessment, TrendPolicy, Verdict, plot
from ecociv.report import Comparison


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"


@pytest.fixture(scope="module")
def data() -> ecociv.Observations:
    """The bundled example's observations."""
    return ecociv.Observations.from_csv(
        EXAMPLE, ecociv.standards.load("mee-2024-county")
    )


@pytest.fixture(scope="module")
def result(data: ecociv.Observations) -> Assessment:
    """The bundled example judged for 2024 with a tolerance, so the band shows."""
    return ecociv.assess(
        "mee-2024-county", "330683", data, 2024, policy=TrendPolicy(tolerance=0.5)
    )


@pytest.fixture(scope="module")
def table(result: Assessment, data: ecociv.Observations) -> Comparison:
    """Two regions and two years of the example."""
    others = [
        ecociv.assess("mee-2024-county", "330604", data, 2024),
        ecociv.assess("mee-2024-county", "330683", data, 2023),
    ]
    return Comparison.from_assessments([result, *others])


def render(ax: object) -> bytes:
    """Draw the figure to PNG with every warning (a missing glyph) an error."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.savefig(buf, format="png", dpi=60)  # type: ignore[attr-defined]
    return buf.getvalue()


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let matplotlib know only its own fonts and the packaged CJK font."""
    import matplotlib as mpl  # noqa: PLC0415
    from matplotlib import font_manager  # noqa: PLC0415

    assert plot.cjk_font() is not None  # registers the packaged font first
    own = Path(mpl.get_data_path())
    packaged = plot.cjk_font_file()
    manager = font_manager.fontManager
    kept = [
        f
        for f in manager.ttflist
        if Path(f.fname).is_relative_to(own) or Path(f.fname) == packaged
    ]
    monkeypatch.setattr(manager, "ttflist", kept)
    # findfont memoizes its answers: forget those given with the system fonts.
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    yield
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def test_the_packaged_cjk_font_is_registered_once() -> None:
    """The report extra's font file is found and registered with matplotlib once."""
    from matplotlib import font_manager  # noqa: PLC0415

    path = plot.cjk_font_file()
    assert path is not None
    assert path.suffix == ".otf"
    assert plot.cjk_font() == plot.cjk_font() == "Noto Sans SC"
    entries = [f for f in font_manager.fontManager.ttflist if Path(f.fname) == path]
    assert len(entries) == 1


@pytest.mark.usefixtures("no_system_fonts")
def test_chinese_title_draws_with_no_system_font(result: Assessment) -> None:
    """With no system font, Chinese resolves to the packaged file; no glyph is lost."""
    from matplotlib import font_manager  # noqa: PLC0415

    ax = plot.gaps(result)
    title = ax.title
    assert "嵊州市" in title.get_text()
    families = title.get_fontfamily()
    assert families[-1] == plot.cjk_font()
    resolved = font_manager.findfont(
        font_manager.FontProperties(family=families[-1]), fallback_to_default=False
    )
    assert Path(resolved) == plot.cjk_font_file()
    assert render(ax).startswith(b"\x89PNG")


@pytest.mark.usefixtures("no_system_fonts")
def test_without_the_packaged_font_a_system_font_is_looked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the packaged file, a system CJK font is used if any, else None."""
    from matplotlib import font_manager  # noqa: PLC0415

    monkeypatch.setattr(plot, "cjk_font_file", lambda: None)
    manager = font_manager.fontManager
    system_cjk = [f for f in manager.ttflist if f.name == plot.cjk_font()]
    assert system_cjk  # the packaged file, standing in for a system font
    assert plot.cjk_font.__wrapped__() == "Noto Sans SC"
    others = [f for f in manager.ttflist if f not in system_cjk]
    monkeypatch.setattr(manager, "ttflist", others)
    assert plot.cjk_font.__wrapped__() is None


def test_gaps_in_chinese_have_every_glyph(result: Assessment) -> None:
    """The gaps chart renders its Chinese names with no missing glyph."""
    ax = plot.gaps(result)
    assert render(ax).startswith(b"\x89PNG")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "12 新增和更新公共汽电车中新能源和清洁\n能源车辆比例" in labels  # wrapped
    assert plot.cjk_font() in ax.get_yticklabels()[0].get_fontfamily()


def test_gaps_leave_out_requirements_without_distance(result: Assessment) -> None:
    """Facts and missing data have no bar; bars are coloured by verdict."""
    ax = plot.gaps(result, lang="en", binding_only=True)
    render(ax)
    with_distance = [
        j for j in result.judgements if j.binding and j.distance is not None
    ]
    assert len(ax.patches) == len(with_distance)
    red = [p for p in ax.patches if np.asarray(p.get_facecolor())[0] > 0.7]
    assert len(red) == result.summary.binding.not_met


def test_series_shows_threshold_and_band(
    result: Assessment, data: ecociv.Observations
) -> None:
    """PM2.5 is drawn by year with assigned targets, the window and the tolerance."""
    ax = plot.series(result, "4", observations=data)
    render(ax)
    line = ax.get_lines()[0]
    assert np.asarray(line.get_xdata()).tolist() == [2022, 2023, 2024]
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "上级考核目标" in labels
    assert "评估窗口3年" in labels
    assert "容差 0.5" in labels


def test_series_of_a_threshold_draws_the_target(result: Assessment) -> None:
    """A threshold's bound is drawn as a horizontal line."""
    ax = plot.series(result, "12", lang="en")
    render(ax)
    ys = [np.asarray(ln.get_ydata()).tolist() for ln in ax.get_lines()]
    assert [80.0, 80.0] in ys


def test_heatmap_colours_are_verdicts(table: Comparison) -> None:
    """Each cell's value is its verdict; rows are regions, columns requirements."""
    ax = plot.heatmap(table)
    render(ax)
    grid = np.asarray(ax.images[0].get_array())
    regions, reqs = table.regions(), table.requirements()
    assert grid.shape == (len(regions), len(reqs))
    col = [r.requirement for r in reqs].index("12")
    assert list(Verdict)[int(grid[0, col])] is Verdict.NOT_MET
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        label for *_, label in regions
    ]


def test_heatmap_takes_records(table: Comparison) -> None:
    """A list of records with the tidy columns works as well as a Comparison."""
    records = [
        {
            "region": r.region,
            "standard": r.standard,
            "year": r.year,
            "requirement": r.requirement,
            "indicator": r.indicator,
            "binding": r.binding,
            "verdict": r.verdict.value,
        }
        for r in table.rows
    ]
    ax = plot.heatmap(records, lang="en", binding_only=True)
    render(ax)
    assert np.asarray(ax.images[0].get_array()).shape[1] == 25


def _outside(fig: Any) -> list[str]:
    """Return the sides on which what a drawn figure shows reaches outside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415

    canvas = FigureCanvasAgg(fig)  # drawn, it is laid out as saving lays it out
    canvas.draw()  # type: ignore[no-untyped-call]
    shown = fig.get_tightbbox(canvas.get_renderer())  # type: ignore[no-untyped-call]
    w, h = fig.get_size_inches()
    slack = 0.01  # inches
    sides = {
        "left": shown.x0 < -slack,
        "bottom": shown.y0 < -slack,
        "right": shown.x1 > w + slack,
        "top": shown.y1 > h + slack,
    }
    return [side for side, out in sides.items() if out]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["gaps", "series", "heatmap"])
def test_saved_plots_keep_titles_and_labels_inside(
    kind: str,
    lang: str,
    result: Assessment,
    data: ecociv.Observations,
    table: Comparison,
    tmp_path: Path,
) -> None:
    """Saved, every title, tick label, note and legend lies inside the figure."""
    ax = {
        "gaps": lambda: plot.gaps(result, lang=lang),
        "series": lambda: plot.series(result, "4", observations=data, lang=lang),
        "heatmap": lambda: plot.heatmap(table, lang=lang),
    }[kind]()
    fig: Any = ax.figure
    assert fig.get_layout_engine() is not None
    fig.savefig(tmp_path / "p.png", dpi=60)
    assert _outside(fig) == []
    assert ax.get_title() or ax.get_xlabel()


def test_a_figure_of_the_callers_gets_a_layout(result: Assessment) -> None:
    """Axes passed in from a figure without a layout engine get a constrained one."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=(8, 8))
    ax = plot.gaps(result, ax=fig.add_subplot())
    assert ax.figure.get_layout_engine() is not None
    render(ax)
    assert _outside(fig) == []
