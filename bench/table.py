"""Figures and the printed table: figure, value, target, ratio, mark.

The ratio is the figure over its target's limit (for a "≥" target, the limit
over the figure), so 1.00 is on target and anything above it misses: "4.0"
means four times too slow, too big or too few. A figure without a target is
printed for context, unmarked.
"""

from __future__ import annotations

import dataclasses
import math


SECONDS, MIB, TIMES = "s", "MiB", "x"


def show(value: float, unit: str) -> str:
    """Return a value in a readable unit (ms below a second, GiB above 10 GiB)."""
    if unit == SECONDS:
        if value < 0.01:
            return f"{value * 1000:.2f} ms"
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == MIB:
        return f"{value:,.0f} MiB" if value < 10240 else f"{value / 1024:.1f} GiB"
    if unit == TIMES:
        return f"{value:.1f}x" if value < 100 else f"{value:,.0f}x"
    return f"{value:g} {unit}"


@dataclasses.dataclass(frozen=True)
class Figure:
    """One measured figure, with its target when it has one."""

    name: str
    value: float | None  # None: not measured (the note says why)
    unit: str
    limit: float | None = None
    at_least: bool = False  # the target is "≥ limit" rather than "≤ limit"
    note: str = ""
    sized: bool = True  # the target is for the national size (not for --quick)
    status: str = ""  # printed as the mark instead (FAILED, SKIPPED, STOPPED)

    def __post_init__(self) -> None:
        # A figure computed from a failed one is not measured either.
        if self.value is not None and math.isnan(self.value):
            object.__setattr__(self, "value", None)

    @property
    def ratio(self) -> float | None:
        """Return the figure over the limit (1.00: on target; above: a miss)."""
        if self.limit is None or self.value is None:
            return None
        if self.at_least:
            return self.limit / self.value if self.value else float("inf")
        return self.value / self.limit

    def mark(self, quick: bool) -> str:
        """Return PASS or MISS, or nothing without a target."""
        if self.status:
            return self.status
        if self.limit is None:
            return ""
        if self.value is None:
            return "MISS"
        if quick and self.sized:
            return "(quick)"
        return "PASS" if self.ratio is not None and self.ratio <= 1 else "MISS"

    def cells(self, quick: bool) -> tuple[str, str, str, str, str]:
        """Return the printed cells: name, value, target, ratio, mark."""
        value = "—" if self.value is None else show(self.value, self.unit)
        target = ""
        if self.limit is not None:
            target = ("≥ " if self.at_least else "≤ ") + show(self.limit, self.unit)
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        return self.name, value, target, ratio, self.mark(quick)


@dataclasses.dataclass(frozen=True)
class Section:
    """A heading and its figures."""

    title: str
    figures: list[Figure]


def _width(text: str) -> int:
    """Return the printed width of ``text`` (CJK characters take two columns)."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def render(sections: list[Section], quick: bool) -> str:
    """Return the table of every section's figures, and their notes below it."""
    head = ("figure", "value", "target", "ratio", "mark")
    notes: list[str] = []
    body: list[tuple[str, ...] | str] = []
    for s in sections:
        body.append(f"[{s.title}]")
        for f in s.figures:
            cells = f.cells(quick)
            if f.note:
                notes.append(f.note)
                cells = (f"{cells[0]} ({len(notes)})", *cells[1:])
            body.append(cells)
    rows = [head, *(r for r in body if isinstance(r, tuple))]
    widths = [max(_width(r[k]) for r in rows) for k in range(5)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            _pad(c, w, right=0 < k < 4)
            for k, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [line(head), "  ".join("-" * w for w in widths)]
    lines.extend(r if isinstance(r, str) else line(r) for r in body)
    lines.append("")
    lines.extend(f"({k}) {n}" for k, n in enumerate(notes, 1))
    return "\n".join(lines)
