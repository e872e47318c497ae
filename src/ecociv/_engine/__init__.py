"""The engine: one path from observations to verdicts, for one region or many.

:func:`~ecociv._engine._run.run` decides every requirement over every
region as columns; :func:`assess` is its one-region case, and
:class:`~ecociv.batch.BatchResult` wraps a run of many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecociv._engine._assess import assess
from ecociv._engine._results import (
    Assessment,
    Judgement,
    StandardRef,
    Summary,
    VerdictCounts,
    eligibility,
)
from ecociv._engine._run import Block, Run, level_issues, run
from ecociv._lazy import facade


if TYPE_CHECKING:
    from ecociv._engine._side_by_side import SideBySide as SideBySide
    from ecociv._engine._side_by_side import SideBySideRow as SideBySideRow
    from ecociv._engine._side_by_side import compare_versions as compare_versions

#: One region under several standards, imported on first use: a run of many
#: regions needs none of it (nor the crosswalk it reads).
_HOMES = dict.fromkeys(
    ("SideBySide", "SideBySideRow", "compare_versions"),
    "ecociv._engine._side_by_side",
)


__all__ = [
    "Assessment",
    "Block",
    "Judgement",
    "Run",
    "SideBySide",
    "SideBySideRow",
    "StandardRef",
    "Summary",
    "VerdictCounts",
    "assess",
    "compare_versions",
    "eligibility",
    "level_issues",
    "run",
]

__getattr__, __dir__ = facade(globals(), _HOMES)
