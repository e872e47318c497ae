"""One region judged under several standard versions, side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from ecociv._engine._arguments import (
    observations_of,
    policy_of,
    region_of,
    standards_of,
    year_of,
)
from ecociv._engine._assess import assess
from ecociv._engine._results import Assessment, Judgement
from ecociv.standards import crosswalk


if TYPE_CHECKING:
    from ecociv._observation import Observation
    from ecociv._observations import Observations
    from ecociv._region import Region
    from ecociv.rules import TrendPolicy
    from ecociv.standards import Standard


__all__ = ["SideBySide", "SideBySideRow", "compare_versions"]


@attrs.frozen
class SideBySideRow:
    """One indicator (or a chain of related indicators) across the versions.

    ``cells`` holds one judgement per standard, in the order of
    :attr:`SideBySide.standards`, or None where that version has no matching
    requirement. ``relation`` says how the indicators of the row relate
    (``same``, or a crosswalk relation such as ``rename``).
    """

    indicators: tuple[str, ...]
    relation: str
    cells: tuple[Judgement | None, ...]


@attrs.frozen
class SideBySide:
    """A region judged under several standards, rows matched through the crosswalk."""

    standards: tuple[str, ...]
    assessments: tuple[Assessment, ...]
    rows: tuple[SideBySideRow, ...]

    def __repr__(self) -> str:
        head = self.assessments[0] if self.assessments else None
        where = f" {head.region.code} {head.region.name} {head.year}" if head else ""
        return (
            f"<SideBySide{where} under {', '.join(self.standards)}: "
            f"{len(self.rows)} rows>"
        )

    def _repr_html_(self) -> str:
        """Return the standards side by side as an HTML fragment, for notebooks."""
        from ecociv.report import side_by_side_html  # noqa: PLC0415  (jinja2 on use)

        return side_by_side_html(self, fragment=True)


def compare_versions(  # noqa: PLR0913  (keyword-only options)
    standards: Sequence[Standard | str],
    region: Region | str,
    observations: Observations | Iterable[Observation],
    year: int,
    *,
    policy: TrendPolicy | None = None,
    provisional: bool = False,
    targets: str = "standard",
) -> SideBySide:
    """Judge one region under each standard and line the results up.

    Rows follow the first standard's order, then the requirements the later
    standards add. A requirement joins an existing row when its indicator is
    the same or linked to it in the crosswalk.

    Raises:
        ArgumentError: When an argument is of the wrong kind, or one standard
            id is given twice.
    """
    stds, reg, y = standards_of(standards), region_of(region), year_of(year)
    obs, pol = observations_of(observations), policy_of(policy)
    results = tuple(
        assess(s, reg, obs, y, policy=pol, provisional=provisional, targets=targets)
        for s in stds
    )
    cw = crosswalk()
    keys: list[list[str]] = []  # indicator ids per row
    relations: list[str] = []
    cells: list[list[Judgement | None]] = []
    for col, result in enumerate(results):
        for j in result.judgements:
            ind = j.indicator.id
            row = next((i for i, ks in enumerate(keys) if ind in ks), None)
            relation = "same"
            if row is None:
                for i, ks in enumerate(keys):
                    link = next((cw.link(k, ind) for k in ks if cw.link(k, ind)), None)
                    if link is not None and cells[i][col] is None:
                        row, relation = i, link.relation.value
                        break
            if row is None or cells[row][col] is not None:
                keys.append([ind])
                relations.append("same")
                cells.append([None] * len(results))
                row = len(keys) - 1
            elif ind not in keys[row]:
                keys[row].append(ind)
                relations[row] = relation
            cells[row][col] = j
    rows = tuple(
        SideBySideRow(tuple(k), r, tuple(c))
        for k, r, c in zip(keys, relations, cells, strict=True)
    )
    return SideBySide(tuple(s.id for s in stds), results, rows)
