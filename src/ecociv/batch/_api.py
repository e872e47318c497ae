"""``assess_many``: many regions x standards x years through the one engine."""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._engine import catalog_of, run
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv.errors import ArgumentError
from ecociv.rules import TrendPolicy


if TYPE_CHECKING:
    from ecociv.batch._result import BatchResult
    from ecociv.standards import Standard


__all__ = ["assess_many", "standards_of", "years_of"]


def standards_of(standards: object) -> list[Standard]:
    """Return the standards asked for: one or several, objects or bundled ids.

    Raises:
        ArgumentError: When ``standards`` is neither.
    """
    from ecociv import standards as bundled  # noqa: PLC0415
    from ecociv.standards import Standard  # noqa: PLC0415

    items = [standards] if isinstance(standards, Standard | str) else standards
    if not isinstance(items, Iterable) or isinstance(items, bytes):
        raise ArgumentError(
            "standards", standards, "accepted: a Standard, an id, or a list of them"
        )
    out = []
    for s in items:
        if not isinstance(s, Standard | str):
            raise ArgumentError("standards", s, "accepted: a Standard or an id")
        out.append(bundled.load(s) if isinstance(s, str) else s)
    return out


def years_of(years: object) -> list[int]:
    """Return the years asked for: one or several integers.

    Raises:
        ArgumentError: When a year is not an integer.
    """
    items = (
        [years] if not isinstance(years, Iterable) or isinstance(years, str) else years
    )
    out = []
    for y in items:
        if isinstance(y, bool) or not isinstance(y, numbers.Integral):
            raise ArgumentError("year", y, "accepted: an integer such as 2024")
        out.append(int(y))
    return out


@functools.lru_cache(maxsize=8)
def _regions(codes: tuple[str, ...]) -> tuple[Region, ...]:
    """Return the regions of these codes (a national table's, looked up once)."""
    return tuple(Region.from_code(c) for c in codes)


def assess_many(  # noqa: PLR0913  (keyword-only options)
    data: Observations | Path | str | Any,
    standards: Standard | str | Iterable[Standard | str],
    years: int | Iterable[int],
    *,
    regions: Iterable[Region | str] | None = None,
    policy: TrendPolicy | None = None,
    progress: Callable[[int, int], None] | None = None,
    strict: bool = True,
) -> BatchResult:
    """Judge many regions against one or more standards for one or more years.

    The result holds, for every (region, standard, year, requirement), the
    verdict, measure, target, distance and unit that :func:`ecociv.assess`
    gives for that region (both run the same engine), and a summary per
    (region, standard, year).

    Args:
        data: :class:`~ecociv.Observations`, a pandas DataFrame (long or wide
            form, as the CSV), or the path of a CSV, Parquet or Excel (.xlsx)
            file; frames and files are read by the one reader
            (``docs/input.md``).
        standards: One or more standards or bundled ids.
        years: One or more assessment years.
        regions: The regions to judge (default: every region in the data);
            a region without data is judged too (insufficient data). A
            :class:`~ecociv.Region` value is used as given (with its overrides).
        policy: The trend policy (default :class:`~ecociv.TrendPolicy`).
        progress: Called with (blocks done, blocks in all) as work proceeds.
        strict: For a frame or a file: raise :class:`~ecociv.errors.DataError`
            listing every bad row (default); when False, set bad rows aside
            (listed in the data's ``issues`` and row account) and judge the rest,
            so one bad cell does not stop a national run. Observations passed in
            were read already: their own mode holds.

    Returns:
        A :class:`~ecociv.batch.BatchResult`; ``to_frame()`` gives the tidy
        DataFrame.

    Raises:
        UnknownRegionError: When a region code is not in the NBS table.
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

    stds = standards_of(standards)
    yrs = years_of(years)
    pol = TrendPolicy() if policy is None else policy
    obs = _io.read(data, catalog_of(stds), strict=strict)
    if regions is None:
        regs = list(_regions(obs.table.regions))  # sorted by code
    else:
        regs = [r if isinstance(r, Region) else Region.from_code(r) for r in regions]
        regs = list({r.code: r for r in regs}.values())
    return BatchResult(run(obs.table, stds, yrs, regs, pol, progress=progress))
