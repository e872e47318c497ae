"""Sparklines as inline SVG, built from numbers only (no script, no fonts).

The SVG text is made here from floats and fixed strings, so it is safe to put
into a page as markup; labels go in a ``<title>`` and are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ecociv._engine import Judgement
from ecociv.rules import Verdict
from ecociv.rules._core import fmt


__all__ = ["COLOURS", "DARK_COLOURS", "LINES", "series", "sparkline"]

#: Badge colours per verdict on a light page (text colour, background).
COLOURS: dict[Verdict, tuple[str, str]] = {
    Verdict.MET: ("#0f5132", "#d1e7dd"),
    Verdict.NOT_MET: ("#842029", "#f8d7da"),
    Verdict.NOT_APPLICABLE: ("#41464b", "#e2e3e5"),
    Verdict.INSUFFICIENT_DATA: ("#664d03", "#fff3cd"),
    Verdict.NOT_YET_DUE: ("#055160", "#cff4fc"),
}

#: Badge colours per verdict on a dark page (text colour, background).
DARK_COLOURS: dict[Verdict, tuple[str, str]] = {
    Verdict.MET: ("#a3cfbb", "#0f3d26"),
    Verdict.NOT_MET: ("#f1aeb5", "#58151c"),
    Verdict.NOT_APPLICABLE: ("#dee2e6", "#343a40"),
    Verdict.INSUFFICIENT_DATA: ("#ffe69c", "#4d3a02"),
    Verdict.NOT_YET_DUE: ("#9eeaf9", "#043b45"),
}

#: Line and mark colours per verdict (sparklines, plots): mid tones, readable
#: on light and dark pages, in print and by most colour-blind readers.
LINES: dict[Verdict, str] = {
    Verdict.MET: "#2b8a3e",
    Verdict.NOT_MET: "#c92a2a",
    Verdict.NOT_APPLICABLE: "#adb5bd",
    Verdict.INSUFFICIENT_DATA: "#f08c00",
    Verdict.NOT_YET_DUE: "#1971c2",
}


def series(j: Judgement) -> list[tuple[int, float]]:
    """Return the judgement's own numeric values by year, oldest first."""
    points = {
        v.year: float(v.value)
        for v in j.values
        if v.indicator == j.indicator.id
        and isinstance(v.value, int | float)
        and not isinstance(v.value, bool)
    }
    return sorted(points.items())


def sparkline(
    points: Sequence[tuple[int, float]],
    *,
    target: float | None = None,
    verdict: Verdict = Verdict.MET,
    width: int = 96,
    height: int = 28,
) -> str:
    """Return an inline SVG line of the values, with the target as a dashed line.

    Returns an empty string when there are fewer than two points.

    >>> svg = sparkline([(2022, 28.0), (2023, 27.0), (2024, 26.0)], target=30)
    >>> svg.startswith("<svg") and "polyline" in svg
    True
    >>> sparkline([(2024, 1.0)])
    ''
    """
    if len(points) < 2:
        return ""
    ys = [y for _, y in points]
    lo, hi = min(ys), max(ys)
    if target is not None:
        lo, hi = min(lo, target), max(hi, target)
    pad = (hi - lo) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    x0, x1 = points[0][0], points[-1][0]
    span = (x1 - x0) or 1

    def xy(year: int, value: float) -> tuple[float, float]:
        x = 4 + (year - x0) / span * (width - 8)
        y = height - 3 - (value - lo) / (hi - lo) * (height - 6)
        return round(x, 1), round(y, 1)

    coords = [xy(yr, v) for yr, v in points]
    colour = LINES[verdict]
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">'
        ),
        "<title>"
        + escape(", ".join(f"{yr}: {fmt(v)}" for yr, v in points))
        + (f"; target {fmt(target)}" if target is not None else "")
        + "</title>",
    ]
    if target is not None:
        _, ty = xy(x0, target)
        parts.append(
            f'<line x1="2" y1="{ty}" x2="{width - 2}" y2="{ty}" stroke="#888" '
            'stroke-width="1" stroke-dasharray="3,2"/>'
        )
    line = " ".join(f"{x},{y}" for x, y in coords)
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
    )
    parts.extend(
        f'<circle cx="{x}" cy="{y}" r="2" fill="{colour}"/>' for x, y in coords
    )
    parts.append("</svg>")
    return "".join(parts)
