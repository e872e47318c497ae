"""Analyses of a batch result: shares, scores, ranks, short boards, time to target.

Every function reads a :class:`~ecociv.batch.BatchResult` (what
:func:`ecociv.assess_many` returns) and gives frozen records, so no pandas is
needed. *Missing is never zero* (a region without a value is not ranked) and
*not applicable is never met* (it counts neither for nor against a share).

>>> from ecociv import analysis
>>> tt = analysis.time_to_target({2022: 50.0, 2023: 55.0, 2024: 60.0}, 70.0, year=2024)
>>> tt.status.value, tt.year_reached, tt.slope
('reaches', 2026, 5.0)
"""

from __future__ import annotations

from ecociv.analysis._reach import Reach, TimeToTarget, time_to_target, times_to_target
from ecociv.analysis._score import Score, rank_scores, scores
from ecociv.analysis._tables import (
    NO_DEPARTMENT,
    Rank,
    Share,
    ShortBoard,
    by_department,
    ranking,
    share_meeting,
    short_boards,
)


__all__ = [
    "NO_DEPARTMENT",
    "Rank",
    "Reach",
    "Score",
    "Share",
    "ShortBoard",
    "TimeToTarget",
    "by_department",
    "rank_scores",
    "ranking",
    "scores",
    "share_meeting",
    "short_boards",
    "time_to_target",
    "times_to_target",
]
