"""The batch engine: many regions x standards x years in one call, as arrays.

:func:`assess_many` reads the data once into a columnar :class:`Table`
(units converted once per indicator and unit), then judges each requirement
over every region at once with the vectorized evaluators of
:mod:`ecociv._batch_eval`. A requirement whose rule tree holds a kind without
an evaluator is judged region by region
through :func:`ecociv.assess` instead: slower, never different. Due years
(plans) and scopes (a line that judges only some levels) mirror the engine. Reasons are
not built in the hot path; :meth:`BatchResult.explain` returns the full
:class:`~ecociv.Judgement`, reasons included, made by :func:`ecociv.assess`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ecociv._batch_eval import VERDICTS, Ctx, Judged, evaluate, vectorizable
from ecociv._batch_result import BatchResult, Block
from ecociv._batch_table import Table
from ecociv._engine import _LEVELS_BACK, Judgement, assess
from ecociv._indicator import Indicator, IndicatorCatalog
from ecociv._observations import Observations
from ecociv._region import Region, RegionLevel
from ecociv.errors import DataError, DataProblem
from ecociv.rules import TrendPolicy, Verdict
from ecociv.standards import Requirement, Standard


if TYPE_CHECKING:
    import pandas as pd


__all__ = ["BatchResult", "assess_many", "judge_one"]

Progress = Callable[[int, int], None]


def _standards(standards: Standard | str | Iterable[Standard | str]) -> list[Standard]:
    from ecociv import standards as bundled  # noqa: PLC0415

    items = [standards] if isinstance(standards, Standard | str) else list(standards)
    return [bundled.load(s) if isinstance(s, str) else s for s in items]


def catalog_of(stds: Sequence[Standard]) -> IndicatorCatalog:
    """Return one catalog holding the indicators of every standard.

    Where two standards define the same indicator id differently (a plan's
    own definition), the first wins if both read data alike (same unit and
    kind); otherwise data cannot be read once for both.

    Raises:
        DataError: When the standards' indicators cannot share one reading.
    """
    first: dict[str, tuple[Indicator, str]] = {}
    for std in stds:
        for ind in std.indicators:
            seen = first.setdefault(ind.id, (ind, std.id))
            if (seen[0].unit, seen[0].kind) != (ind.unit, ind.kind):
                raise DataError(
                    [
                        DataProblem(
                            f"{seen[1]} and {std.id} define {ind.id!r} with different "
                            f"units or kinds ({seen[0].unit}, {ind.unit}); judge "
                            "them in separate calls",
                            indicator=ind.id,
                        )
                    ]
                )
    try:
        return IndicatorCatalog.of(ind for ind, _ in first.values())
    except ValueError as exc:
        raise DataError(
            [DataProblem(f"the standards' indicator names clash: {exc}")]
        ) from None


def to_table(
    data: Observations | Table | pd.DataFrame | str | Path,
    stds: Sequence[Standard],
) -> Table:
    """Return the data in columnar form, reading files and frames as needed."""
    if isinstance(data, Table):
        return data
    if isinstance(data, Observations):
        return Table.from_observations(data)
    from ecociv._frames import read_table  # noqa: PLC0415  (pandas only when needed)

    return read_table(data, catalog_of(stds))


def assess_many(  # noqa: PLR0913  (keyword-only options)
    data: Observations | Table | pd.DataFrame | str | Path,
    standards: Standard | str | Iterable[Standard | str],
    years: int | Iterable[int],
    *,
    regions: Iterable[Region | str] | None = None,
    policy: TrendPolicy | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Judge many regions against one or more standards for one or more years.

    The result holds, for every (region, standard, year, requirement), the
    same verdict, target and distance as :func:`ecociv.assess` gives for that
    region, and a summary per (region, standard, year).

    Args:
        data: :class:`~ecociv.Observations`, a pandas DataFrame (long or wide
            form, as the CSV), or the path of a CSV, Parquet or Excel file.
        standards: One or more standards or bundled ids.
        years: One or more assessment years.
        regions: The regions to judge (default: every region in the data);
            a region without data is judged too (insufficient data). A
            :class:`~ecociv.Region` value is used as given (with its overrides).
        policy: The trend policy (default :class:`~ecociv.TrendPolicy`).
        progress: Called with (blocks done, blocks in all) as work proceeds.

    Returns:
        A :class:`BatchResult`; ``to_frame()`` gives the tidy DataFrame.

    Raises:
        UnknownRegionError: When a region code is not in the NBS table.
        DataError: When the data cannot be read (every bad row listed).
        RuleError: When a ``by_region`` rule has no case for a region.
    """
    stds = _standards(standards)
    yrs = [years] if isinstance(years, int) else list(years)
    pol = TrendPolicy() if policy is None else policy
    table = to_table(data, stds)
    given: dict[str, Region] = {}
    if regions is not None:
        wanted = list(regions)
        given = {r.code: r for r in wanted if isinstance(r, Region)}
        codes = [r.code if isinstance(r, Region) else r for r in wanted]
        table = table.select([Region.from_code(c).code for c in codes])
    regs = _regions(table.regions)
    if given:  # Region values as given: their overrides (class, kind ...) hold
        regs = tuple(given.get(r.code, r) for r in regs)
    blocks: list[Block] = []
    cache: dict[str, Observations] = {}
    columns: dict[tuple[str, int], Any] = {}
    total = sum(len(s.requirements) for s in stds) * len(yrs)
    for std in stds:
        indicators = MappingProxyType({i.id: i for i in std.indicators})
        for year in yrs:
            for req in std.requirements:
                ind = indicators[req.indicator]
                ctx = Ctx(table, ind, indicators, year, pol, regs, columns)
                blocks.append(_block(std, req, ctx, regs, cache))
                if progress is not None:
                    progress(len(blocks), total)
    return BatchResult.of(table, regs, stds, pol, blocks)


@functools.lru_cache(maxsize=8)
def _regions(codes: tuple[str, ...]) -> tuple[Region, ...]:
    return tuple(Region.from_code(c) for c in codes)


@functools.lru_cache(maxsize=8)
def _levels(codes: tuple[str, ...]) -> dict[RegionLevel, npt.NDArray[np.bool_]]:
    levels = np.array([r.level.value for r in _regions(codes)])
    return {lv: levels == lv.value for lv in RegionLevel}


def _scope(req: Requirement, regs: tuple[Region, ...]) -> npt.NDArray[np.bool_]:
    """Mirror the engine: a line with a scope judges only regions of its levels."""
    if not getattr(req, "scope", ()):
        return np.ones(len(regs), dtype=bool)
    out = np.zeros(len(regs), dtype=bool)
    for lv, mask in _levels(tuple(r.code for r in regs)).items():
        if lv not in _LEVELS_BACK or req.applies_to(_LEVELS_BACK[lv]):
            out |= mask
    return out


def _due(req: Requirement, ctx: Ctx) -> Judged:
    """Mirror ``_engine._evaluate_due``: not yet due before, due-year data after."""
    if req.due is None or req.due == ctx.year:
        return evaluate(req.rule, ctx)
    if ctx.year < req.due:
        out = evaluate(req.rule, ctx)
        nyd = np.full(ctx.n, VERDICTS.index(Verdict.NOT_YET_DUE), dtype=np.int8)
        return Judged(nyd, out.target, out.distance)
    return evaluate(req.rule, attrs.evolve(ctx, year=req.due))


def _block(
    std: Standard,
    req: Requirement,
    ctx: Ctx,
    regs: tuple[Region, ...],
    cache: dict[str, Observations],
) -> Block:
    col = ctx.column(ctx.indicator, ctx.year)
    scope = _scope(req, regs)
    if vectorizable(req.rule):
        j = _due(req, ctx)
        return Block(std, ctx.year, req, j.verdict, j.target, j.distance, col, scope)
    # Not vectorized: the engine itself judges, one region at a time.
    n = len(regs)
    verdict = np.empty(n, dtype=np.int8)
    target = np.full(n, np.nan)
    distance = np.full(n, np.nan)
    for r, reg in enumerate(regs):
        if not scope[r]:
            verdict[r] = -1
            continue
        if "all" not in cache:
            # Every region's data: a rule over sub-regions may look at others.
            cache["all"] = ctx.table.observations()
        only = attrs.evolve(std, requirements=(req,))
        jd = judge_one(cache["all"], reg, only, ctx.year, ctx.policy)
        verdict[r] = VERDICTS.index(jd.verdict)
        target[r] = np.nan if jd.target is None else jd.target
        distance[r] = np.nan if jd.distance is None else jd.distance
    return Block(std, ctx.year, req, verdict, target, distance, col, scope)


def judge_one(
    observations: Observations,
    region: Region,
    std: Standard,
    year: int,
    policy: TrendPolicy,
) -> Judgement:
    """Judge a one-requirement standard for one region with :func:`ecociv.assess`."""
    result = assess(std, region, observations, year, policy=policy)
    return result.judgements[0]
