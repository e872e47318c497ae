"""Plots of results: a region's gaps, one requirement's series, a cross-city heatmap.

Needs the ``report`` extra (matplotlib), imported only when a plot is made.
Every function draws on the ``ax`` given (or a new figure) and returns it.

Chinese names need a CJK font, and the ``report`` extra installs one: Noto Sans
SC (SIL Open Font License 1.1), shipped as a data file by the
``pylopdf-fonts-zh-cn`` package. :func:`cjk_font` registers that file with
matplotlib by its path, once per process, so plots draw Chinese on a machine
with no fonts installed and matplotlib's font cache plays no part. The plot
functions add its family as a fallback to the font family of every text they
draw (never to global rcParams), so Latin text keeps its usual font and Chinese
falls back to the CJK one. Only if the packaged file is missing (matplotlib
installed without the extra) is one of :data:`CJK_FONTS` looked for among the
machine's fonts; with neither, ``lang="en"`` gives plots with English names only.
"""

from __future__ import annotations

import functools
import textwrap
from typing import TYPE_CHECKING, Any

from ecociv.report._rows import current_value
from ecociv.report._svg import LINES
from ecociv.report._table import Comparison
from ecociv.report._view import TEXT, check_lang, level_target
from ecociv.rules import Verdict


if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.axes import Axes

    from ecociv._engine import Assessment
    from ecociv._observations import Observations


__all__ = [
    "CJK_FONTS",
    "VERDICT_COLOURS",
    "cjk_font",
    "cjk_font_file",
    "gaps",
    "heatmap",
    "series",
]

#: Font families looked for among the machine's fonts, in order, for Chinese
#: text when the packaged font (:func:`cjk_font_file`) is missing.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)

#: One colour per verdict, readable in print, on dark pages and by most
#: colour-blind readers (the sparklines' colours).
VERDICT_COLOURS = LINES


def cjk_font_file() -> Path | None:
    """Return the path of the CJK font file the ``report`` extra installs.

    Returns:
        The path of Noto Sans SC Regular (an OpenType file) from the
        ``pylopdf-fonts-zh-cn`` package, or None when that package is not
        installed.
    """
    try:
        from pylopdf_fonts_zh_cn import sans_path  # noqa: PLC0415
    except ImportError:
        return None
    path = sans_path()
    return path if path.is_file() else None


@functools.cache
def cjk_font() -> str | None:
    """Return the family name of the CJK font the plots fall back to, or None.

    On the first call the packaged font (:func:`cjk_font_file`) is registered
    with matplotlib by its file path, so neither matplotlib's font cache nor
    the machine's fonts matter; later calls return the cached name. Without
    the packaged file, the first of :data:`CJK_FONTS` that matplotlib knows is
    used, and None when there is none.
    """
    from matplotlib import font_manager  # noqa: PLC0415

    path = cjk_font_file()
    if path is not None:
        font_manager.fontManager.addfont(path)
        return font_manager.FontProperties(fname=path).get_name()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _setup(lang: str) -> None:
    check_lang(lang)


def _fonts(ax: Axes) -> Axes:
    """Give every text of the figure the CJK font as a fallback (no global rc)."""
    from matplotlib.text import Text  # noqa: PLC0415

    font = cjk_font()
    if font is not None:
        for text in ax.figure.findobj(Text):
            families = list(text.get_fontfamily())
            if font not in families:
                text.set_fontfamily([*families, font])
    return ax


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """Return the axes to draw on: the caller's, or those of a new figure.

    Either way the figure lays itself out (constrained layout) when drawn or
    saved, so long Chinese titles, tick labels and a legend outside the axes
    stay inside the saved image. A caller's figure that already has a layout
    engine keeps it.
    """
    from matplotlib.figure import Figure  # noqa: PLC0415  (no pyplot: no global state)

    if ax is not None:
        fig = ax.get_figure()
        if isinstance(fig, Figure) and fig.get_layout_engine() is None:
            fig.set_layout_engine("constrained")
        return ax

    return Figure(figsize=size, layout="constrained").add_subplot()


def _wrap(text: str, lang: str, width: int) -> str:
    """Return ``text`` in lines of ``width`` columns (a Chinese character is 2)."""
    return textwrap.fill(text, width // 2 if lang == "zh" else width)


def _legend(
    ax: Axes, lang: str, verdicts: list[Verdict], *, outside: bool = False
) -> None:
    from matplotlib.patches import Patch  # noqa: PLC0415

    handles = [
        Patch(color=VERDICT_COLOURS[v], label=v.label(lang))
        for v in Verdict
        if v in verdicts
    ]
    if outside:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            fontsize="small",
            frameon=False,
        )
    else:
        ax.legend(handles=handles, loc="best", fontsize="small")


def gaps(
    assessment: Assessment,
    *,
    lang: str = "zh",
    binding_only: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw each requirement's distance to its target, as a share of the target.

    Distances are in different units (μg/m³, %, points), so each bar is the
    signed distance as a share of the region's current value (of the target
    when there is no value); the raw distance and unit are written at the
    bar's end. Requirements without a
    numeric distance (facts, missing data) are left out.
    """
    _setup(lang)
    rows = [
        j
        for j in assessment.judgements
        if j.distance is not None and (j.binding or not binding_only)
    ]
    labels = [_wrap(f"{j.id} {j.indicator.label(lang)}", lang, 40) for j in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    ax = _axes(ax, (9, 0.2 * lines + 0.12 * len(rows) + 1.6))
    widths, colours, notes = [], [], []
    for j in rows:
        dist = float(j.distance or 0.0)
        now = current_value(j, assessment.year)
        level = now if isinstance(now, float) and now else level_target(j)
        widths.append(100 * dist / abs(level) if level else dist)
        colours.append(VERDICT_COLOURS[j.verdict])
        unit = "" if j.unit in ("-", "") else f" {j.unit}"
        notes.append(f"{dist:+.3g}{unit}")
    y = list(range(len(rows)))
    ax.barh(y, widths, color=colours)
    for yi, w, note in zip(y, widths, notes, strict=True):
        ax.annotate(
            note,
            (w, yi),
            xytext=(3 if w >= 0 else -3, 0),
            textcoords="offset points",
            ha="left" if w >= 0 else "right",
            va="center",
            fontsize="x-small",
        )
    ax.set_yticks(y, labels, fontsize="small")
    ax.invert_yaxis()
    ax.axvline(0, color="#495057", linewidth=0.8)
    ax.margins(x=0.2)
    zh = lang == "zh"
    ax.set_xlabel(
        "距目标的差距(占现状值%)" if zh else "distance to target (% of current value)",
        wrap=True,
    )
    ax.set_title(
        f"{assessment.region.name} {assessment.year} · "
        + (assessment.standard.title_zh if zh else assessment.standard.title_en),
        fontsize="medium",
        wrap=True,
    )
    _legend(ax, lang, [j.verdict for j in rows])
    return _fonts(ax)


def series(
    assessment: Assessment,
    requirement: str,
    *,
    observations: Observations | None = None,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """Draw one requirement's values by year with its threshold and trend window.

    Args:
        assessment: The assessment.
        requirement: The requirement id.
        observations: All the region's data, to draw years outside the
            window too; by default only the values the rule used.
        lang: ``"zh"`` or ``"en"``.
        ax: Axes to draw on.

    The trend policy's window is shaded, and the tolerance is drawn as a
    band below (or, where lower is better, above) the window's first value:
    "stable" allows a move that far the wrong way.
    """
    _setup(lang)
    j = assessment.judgement(requirement)
    ind = j.indicator
    points: dict[int, float] = {}
    if observations is not None:
        for o in observations.for_region(assessment.region.code).values():
            if o.indicator == ind.id and isinstance(o.value, float):
                points[o.year] = o.value
    for v in j.values:
        if v.indicator == ind.id and isinstance(v.value, float):
            points[v.year] = v.value
    years = sorted(points)
    ax = _axes(ax, (6.5, 3.8))
    colour = VERDICT_COLOURS[j.verdict]
    ax.plot(
        years,
        [points[y] for y in years],
        marker="o",
        color=colour,
        label=TEXT[lang]["observed"],
    )
    t = TEXT[lang]
    assigned = sorted(
        (v.year, v.target)
        for v in j.values
        if v.indicator == ind.id and v.target is not None
    )
    if assigned:
        ax.plot(
            [y for y, _ in assigned],
            [x for _, x in assigned],
            linestyle="none",
            marker="_",
            markersize=14,
            color="#495057",
            label="上级考核目标" if lang == "zh" else "assigned target",
        )
    target = level_target(j)
    if target is not None:
        ax.axhline(
            target,
            color="#495057",
            linestyle="--",
            linewidth=1,
            label=f"{t['target']} {j.requirement.target_text}",
        )
    policy = j.policy
    if policy is not None:
        window = policy.years(assessment.year)
        ax.axvspan(
            window[0] - 0.4,
            window[-1] + 0.4,
            color="#e7f5ff",
            zorder=0,
            label=_window_label(policy.window, lang),
        )
        start = points.get(window[0])
        tol = policy.tolerance_for(ind)
        if start is not None and tol > 0:
            worse = -ind.direction.sign() or -1
            ax.axhspan(
                start,
                start + worse * tol,
                color="#ffe8cc",
                zorder=0,
                label=f"{'容差' if lang == 'zh' else 'tolerance'} {tol:g}",
            )
    ax.set_xticks(years, [str(y) for y in years])
    unit = "" if ind.unit == "-" else ind.unit
    ax.set_ylabel(unit)
    title = (
        f"{assessment.region.name} · {j.id} {ind.label(lang)} · {j.verdict.label(lang)}"
    )
    ax.set_title(textwrap.fill(title, 36 if lang == "zh" else 64), fontsize="medium")
    ax.legend(fontsize="small", loc="best")
    return _fonts(ax)


def _window_label(window: int, lang: str) -> str:
    return f"评估窗口{window}年" if lang == "zh" else f"trend window ({window} years)"


def heatmap(
    table: Comparison | Any,
    *,
    lang: str = "zh",
    binding_only: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw regions (rows) by requirements (columns), coloured by verdict.

    Args:
        table: A :class:`~ecociv.report.Comparison`, or records / a DataFrame
            with its columns.
        lang: ``"zh"`` or ``"en"``.
        binding_only: Leave out reference requirements.
        ax: Axes to draw on.
    """
    from matplotlib.colors import ListedColormap  # noqa: PLC0415

    _setup(lang)
    if not isinstance(table, Comparison):
        table = Comparison.from_records(table)
    regions = table.regions()
    reqs = [r for r in table.requirements() if r.binding or not binding_only]
    index = table.index()
    order = list(Verdict)
    grid = []
    for code, year, _ in regions:
        line = []
        for req in reqs:
            row = index.get((code, year, req.standard, req.requirement))
            line.append(
                float("nan") if row is None else float(order.index(row.verdict))
            )
        grid.append(line)
    ax = _axes(ax, (0.34 * len(reqs) + 3, 0.34 * len(regions) + 2))
    cmap = ListedColormap([VERDICT_COLOURS[v] for v in order])
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, aspect="auto")
    ax.set_xticks(
        range(len(reqs)), [r.requirement for r in reqs], fontsize="x-small", rotation=90
    )
    ax.set_yticks(
        range(len(regions)), [label for _, _, label in regions], fontsize="small"
    )
    ax.set_xlabel(TEXT[lang]["indicator"])
    ax.set_xticks([x - 0.5 for x in range(1, len(reqs))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(regions))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    _legend(ax, lang, [r.verdict for r in table.rows], outside=True)
    return _fonts(ax)
