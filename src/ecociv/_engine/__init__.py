"""The engine: one path from observations to verdicts, for one region or many.

:func:`~ecociv._engine._run.run` decides every requirement over every
region as columns; :func:`assess` is its one-region case, and
:class:`~ecociv.batch.BatchResult` wraps a run of many.
"""

from __future__ import annotations

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
from ecociv._engine._side_by_side import SideBySide, SideBySideRow, compare_versions


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
