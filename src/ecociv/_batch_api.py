"""The lazy door to the batch engine: ``import ecociv`` stays free of numpy.

:func:`assess_many` is re-exported by :mod:`ecociv`; numpy (and pandas, for
frames and files) load on its first call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._observations import Observations
from ecociv._region import Region
from ecociv.rules import TrendPolicy


if TYPE_CHECKING:
    from ecociv._batch_result import BatchResult
    from ecociv.standards import Standard


__all__ = ["assess_many"]


def assess_many(  # noqa: PLR0913  (keyword-only options)
    data: Observations | Path | str | Any,
    standards: Standard | str | Iterable[Standard | str],
    years: int | Iterable[int],
    *,
    regions: Iterable[Region | str] | None = None,
    policy: TrendPolicy | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Judge many regions against one or more standards for one or more years.

    Args:
        data: :class:`~ecociv.Observations`, a pandas DataFrame in long or
            wide form, or the path of a CSV, Parquet or Excel (.xlsx) file.
        standards: One or more standards or bundled ids.
        years: One or more assessment years.
        regions: The regions to judge (default: every region in the data).
        policy: The trend policy (default :class:`~ecociv.TrendPolicy`).
        progress: Called with (steps done, steps in all).

    Returns:
        A batch result: one row per (region, standard, year, requirement)
        with the verdict, value, unit, target and distance :func:`ecociv.assess`
        gives, and a summary per (region, standard, year).

    >>> import ecociv
    >>> std = ecociv.standards.load("mee-2024-county")
    >>> data = ecociv.Observations.from_csv("examples/shengzhou-illustrative.csv", std)
    >>> result = ecociv.assess_many(data, std, 2024)
    >>> result.row("330683", "12")["verdict"]
    'not_met'
    """
    from ecociv import _batch  # noqa: PLC0415  (numpy only when asked)

    return _batch.assess_many(
        data, standards, years, regions=regions, policy=policy, progress=progress
    )
