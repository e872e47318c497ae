"""``assess_many``: many regions x standards x years through the one engine."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._engine import run
from ecociv._engine._arguments import (
    flag_of,
    policy_of,
    regions_of,
    standards_of,
    targets_of,
    years_of,
)
from ecociv._observations import Observations
from ecociv._progress import Progress
from ecociv._region import Region, is_known
from ecociv.rules import TrendPolicy


if TYPE_CHECKING:
    from ecociv.batch._result import BatchResult
    from ecociv.standards import Standard


__all__ = ["assess_many"]


@functools.lru_cache(maxsize=8)
def _known_regions(codes: tuple[str, ...]) -> tuple[Region, ...]:
    """Return the regions of the codes the NBS table knows (a table's, found once)."""
    return tuple(Region.from_code(c) for c in codes if is_known(c))


def assess_many(  # noqa: PLR0913  (keyword-only options)
    data: Observations | Path | str | Any,
    standards: Standard | str | Iterable[Standard | str],
    years: int | Iterable[int],
    *,
    regions: Iterable[Region | str] | None = None,
    policy: TrendPolicy | None = None,
    provisional: bool = False,
    targets: str = "standard",
    progress: Progress | None = None,
    strict: bool = True,
    columns: Mapping[str, str | None] | None = None,
) -> BatchResult:
    """Judge many regions against one or more standards for one or more years.

    The result holds, for every (region, standard, year, requirement), the
    verdict, measure, target, distance and unit that :func:`ecociv.assess`
    gives for that region (both run the same engine), and a summary per
    (region, standard, year).

    Args:
        data: :class:`~ecociv.Observations`, a pandas DataFrame (long or wide
            form, as the CSV), an Arrow table (or anything exporting Arrow
            data: a polars DataFrame, a DuckDB result), or the path of a CSV,
            Parquet or Excel (.xlsx) file; frames, tables and files are read
            by the one reader (``docs/input.md``).
        standards: One or more standards or bundled ids.
        years: One or more assessment years.
        regions: The regions to judge (default: every region in the data
            whose code the NBS table knows; rows for other codes are set
            aside, counted in the account and warned of); a region without
            data is judged too (insufficient data, and a warning). A
            :class:`~ecociv.Region` value is used as given (with its overrides).
            An empty list is refused (it would judge none).
        policy: The trend policy (default :class:`~ecociv.TrendPolicy`).
        provisional: Also judge the rows known only from a plan's quotation
            (待核实, ``Requirement.provisional``; the 2019/2021 rows): marked
            provisional in every output, they never make a region eligible
            on their own. Left out by default, with a warning.
        targets: ``"standard"`` (default): fixed bounds are the printed
            ones; ``"data"``: a target the data gives for a region and year
            replaces a fixed bound there (an operative target, e.g. the 84.5
            the official verdicts imply for a printed ">80"); each row's
            ``target_from`` says which was used.
        progress: Called as work proceeds, as ``progress(stage, done,
            total)``: ``("read", rows, rows)`` before and after a frame or
            file is read, ``("judge", blocks, blocks)`` as blocks (one
            requirement of one standard in one year, over every region) are
            decided (``ecociv._progress``; :class:`ecociv.batch.Bars` draws
            them as bars).
        strict: For a frame or a file: raise :class:`~ecociv.errors.DataError`
            listing every bad row (default); when False, set bad rows aside
            (listed in the result's ``issues`` and counted in its ``account``)
            and judge the rest, so one bad cell does not stop a national run.
            Observations passed in were read already: their own mode holds.
            Rows for indicators the standards do not use but ecociv knows are
            read and counted, never refused.
        columns: For a frame or a file: a column mapping from its header names
            to the grammar's (``{"城市": "region", "年份": "year", "备注":
            None}``), as :meth:`ecociv.Observations.from_csv` takes.

    Returns:
        A :class:`~ecociv.batch.BatchResult`; ``to_frame()`` gives the tidy
        DataFrame.

    Raises:
        UnknownRegionError: When a region asked for is not in the NBS table.
        DataError: When the data cannot be read (every bad row listed).
        ArgumentError: When an argument is of the wrong kind.

    >>> import ecociv
    >>> std = ecociv.standards.load("mee-2024-county")
    >>> data = ecociv.Observations.from_csv("examples/shengzhou-illustrative.csv", std)
    >>> result = ecociv.assess_many(data, std, 2024)
    >>> result.row("330683", "12")["verdict"]
    'not_met'
    """
    from ecociv import _io  # noqa: PLC0415
    from ecociv.batch._result import BatchResult  # noqa: PLC0415

    stds, yrs, pol = standards_of(standards), years_of(years), policy_of(policy)
    regs: Sequence[Region] | None = None if regions is None else regions_of(regions)
    obs = _io.read(data, stds, strict=strict, columns=columns, progress=progress)
    if regs is None:  # every region of the data the NBS table knows, by code
        regs = _known_regions(tuple(obs.table.regions))
        asked: tuple[str, ...] = ()
    else:
        asked = tuple(r.code for r in regs)
    done = run(
        obs.table,
        stds,
        yrs,
        regs,
        pol,
        provisional=flag_of(provisional),
        targets=targets_of(targets),
        progress=progress,
    )
    return BatchResult(done, obs, asked)
