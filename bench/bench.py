"""Benchmark of the engine on a generated national data set; prints figures.

Run with ``nox -s bench`` (or ``PYTHONPATH=src python bench/bench.py``). The data
set is every county-level unit of the bundled region table x every requirement
of mee-2024-county x 5 years (2020-2024), values spread across every verdict
(met, not met, not applicable, missing, assigned targets present or not).
Every figure is measured in this one run, side by side, so ratios compare like
with like on a shared machine.
"""

from __future__ import annotations

import gc
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

import ecociv
from ecociv import Observations, RegionLevel
from ecociv._region import all_regions
from ecociv._table import Table
from ecociv._vocabulary import state_code
from ecociv.rules import Op, Threshold
from ecociv.standards import bundled_ids


YEARS = range(2020, 2025)
RNG = np.random.default_rng(20241123)


def national_frame(std: ecociv.standards.Standard) -> pd.DataFrame:
    """Long frame: every county x every requirement's indicator x 5 years."""
    regions = [r.code for r in all_regions(RegionLevel.COUNTY)]
    inds = list(dict.fromkeys(std.indicator(r.indicator) for r in std.requirements))
    n_r, n_i, n_y = len(regions), len(inds), len(YEARS)
    n = n_r * n_i * n_y
    region = np.repeat(np.array(regions), n_i * n_y)
    ind_pos = np.tile(np.repeat(np.arange(n_i), n_y), n_r)
    year = np.tile(np.array(YEARS), n_r * n_i)
    # Values around each indicator's usual range, so both sides of every bound occur.
    base = RNG.uniform(20, 100, n).round(1)  # within every indicator's range
    value = base.astype(object)
    kinds = np.array([i.kind.value for i in inds])[ind_pos]
    facts = kinds == "fact"
    value[facts] = RNG.choice(
        ["建立", "开展", "有效开展", "有效保障", "否", "是"], facts.sum()
    )
    roll = RNG.random(n)
    value[roll < 0.04] = ""  # missing
    value[(roll >= 0.04) & (roll < 0.06)] = "不涉及"
    target = np.where(RNG.random(n) < 0.8, RNG.uniform(20, 100, n).round(1), np.nan)
    ids = np.array([i.id for i in inds])[ind_pos]
    units = np.array([i.unit for i in inds])[ind_pos]
    return pd.DataFrame(
        {
            "region": region,
            "indicator": ids,
            "year": year,
            "value": value.astype(str),
            "unit": np.where(facts, "", units),
            "target": np.where(facts, np.nan, target),
        }
    )


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """Return the best wall time of ``repeat`` runs and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def peak_mib(fn) -> float:
    """Return the peak traced allocation of one call, in MiB (numpy included)."""
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def dense(table: Table) -> tuple[np.ndarray, list[str]]:
    """Return the values as a dense (indicator, region, year) array, and the ids."""
    years = np.unique(table.year)
    cube = np.full((len(table.indicators), len(table.regions), len(years)), np.nan)
    cube[table.indicator, table.region, np.searchsorted(years, table.year)] = (
        table.value
    )
    return cube, list(table.indicators)


def naive_loop(table: Table, std: ecociv.standards.Standard) -> float:
    """Per-observation pint loop: one quantity per value, compared with a bound."""
    from ecociv.units import registry

    ureg = registry()
    q = ureg.Quantity
    bounds = {}
    for req in std.requirements:
        ind = std.indicator(req.indicator)
        rule = req.rule
        bound = rule.value if isinstance(rule, Threshold) else 50.0
        op = rule.op if isinstance(rule, Threshold) else Op.GE
        unit = ind.unit if ind.unit not in ("-", "point") else "dimensionless"
        bounds[ind.id] = (q(bound, "percent" if unit == "%" else unit), op)
    ids = [table.indicators[k] for k in table.indicator.tolist()]
    t = time.perf_counter()
    met = 0
    for ind, v in zip(ids, table.value.tolist(), strict=True):
        bound, op = bounds[ind]
        if v == v and op.holds(q(v, bound.units), bound):  # noqa: PLR0124  (NaN check)
            met += 1
    return time.perf_counter() - t


def numpy_floor(cube: np.ndarray) -> float:
    """Only the comparisons, on the same values as one dense array: any engine's floor."""
    bounds = np.linspace(20, 100, cube.shape[0])[:, None, None]
    return timed(lambda: (cube >= bounds).sum(), 20)[0]


def import_time() -> float:
    """Return the median wall time of ``import ecociv`` in a fresh interpreter."""
    code = "import time; t=time.perf_counter(); import ecociv; print(time.perf_counter()-t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def ten_million() -> tuple[int, float, float]:
    """Judge ~10 million observations held as a Table; return count, s, peak RSS MiB."""
    std = ecociv.standards.load("mee-2024-county")
    regions = [r.code for r in all_regions()]
    inds = list(dict.fromkeys(std.indicator(r.indicator) for r in std.requirements))
    n_years = 10_000_000 // (len(regions) * len(inds)) + 1
    n_i, n_r = len(inds), len(regions)
    n = n_i * n_r * n_years
    facts = np.array([i.kind.value == "fact" for i in inds])
    # Built grouped, as a reader leaves a table: indicator, then year, then region.
    ind = np.repeat(np.arange(n_i, dtype=np.int32), n_r * n_years)
    fact = facts[ind]
    value = RNG.uniform(20, 110, n)
    value = np.where(fact, (value > 50).astype(float), value)
    units = tuple(dict.fromkeys(i.unit for i in inds))
    years = np.arange(2025 - n_years, 2025, dtype=np.int16)
    table = Table(
        regions=tuple(regions),
        region=np.tile(np.arange(n_r, dtype=np.int32), n_i * n_years),
        indicators=tuple(i.id for i in inds),
        indicator=ind,
        units=units,
        unit=np.array([units.index(i.unit) for i in inds], dtype=np.int32)[ind],
        year=np.tile(np.repeat(years, n_r), n_i),
        value=value,
        applicable=np.ones(n, bool),
        boolean=fact,
        target=np.full(n, 60.0),
        reference=np.full(n, np.nan),
        named=np.full(n, state_code("是"), np.int8),
        given=np.full(n, None, object),
        source=np.full(n, None, object),
        row=np.zeros(n, np.int32),
        position=np.arange(n, dtype=np.int32),
    )
    t = time.perf_counter()
    ecociv.assess_many(Observations.of_table(table), std, 2024)
    took = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return len(table), took, rss


def main() -> None:
    """Print every figure, measured side by side in one run."""
    if sys.argv[1:] == ["--ten-million"]:
        n, took, rss = ten_million()
        print(f"{n} {took} {rss}")
        return
    std = ecociv.standards.load("mee-2024-county")
    frame = national_frame(std)
    t_read, data = timed(lambda: Observations.from_frame(frame, std), 3)
    table = data.table
    ecociv.assess_many(data, std, 2024)  # the table's (indicator, year) index, once
    print(
        f"national data set: {len(table.regions)} regions x {len(table.indicators)} "
        f"indicators x {len(YEARS)} years = {len(table):,} observations "
        f"({len(frame):,} rows)"
    )
    t_batch, result = timed(lambda: ecociv.assess_many(data, std, 2024))
    t_frame, _ = timed(lambda: ecociv.assess_many(frame, std, 2024), 3)
    mem_batch = peak_mib(lambda: ecociv.assess_many(data, std, 2024))
    t_out, _ = timed(lambda: result.to_frame(), 3)
    verdicts = pd.Series(result.verdicts().ravel()).value_counts().to_dict()
    print(f"  verdict codes spread: {verdicts}")
    print(
        f"assess_many, national, from Observations:  {t_batch * 1000:8.1f} ms  "
        f"peak {mem_batch:6.1f} MiB   (target <= 250 ms)"
    )
    print(f"  reading the DataFrame (from_frame):      {t_read * 1000:8.1f} ms")
    print(f"  assess_many from the DataFrame:         {t_frame * 1000:8.1f} ms")
    print(f"  result.to_frame():                      {t_out * 1000:8.1f} ms")
    versions = [s for s in bundled_ids() if not s.startswith("plan-")]
    stds = [ecociv.standards.load(s) for s in versions]
    t_all, _ = timed(lambda: ecociv.assess_many(data, stds, 2024), 3)
    mem_all = peak_mib(lambda: ecociv.assess_many(data, stds, 2024))
    print(
        f"all {len(stds)} bundled standard versions at once: {t_all * 1000:8.1f} ms  "
        f"peak {mem_all:6.1f} MiB   (target <= 1000 ms; {', '.join(versions)})"
    )
    t_naive = naive_loop(table, std)
    cube, _ = dense(table)
    t_floor = numpy_floor(cube)
    print(
        f"naive per-observation pint loop:          {t_naive * 1000:8.1f} ms  "
        f"-> batch is {t_naive / t_batch:5.1f}x faster (target >= 15x)"
    )
    print(
        f"numpy floor (comparisons only):           {t_floor * 1000:8.1f} ms  "
        f"-> batch is {t_batch / t_floor:5.1f}x the floor (target <= 10x)"
    )
    print(
        f"import ecociv (median of 5, fresh):       {import_time() * 1000:8.1f} ms  "
        "(target <= 200 ms)"
    )
    example = Observations.from_csv("examples/shengzhou-illustrative.csv", std)
    ecociv.assess(std, "330683", example, 2024)
    t_one, _ = timed(lambda: ecociv.assess(std, "330683", example, 2024), 20)
    t_one_b, _ = timed(lambda: ecociv.assess_many(example, std, 2024), 20)
    print(
        f"one region warm, assess:                  {t_one * 1000:8.2f} ms  "
        "(target <= 5 ms)"
    )
    print(f"one region warm, assess_many:             {t_one_b * 1000:8.2f} ms")
    out = subprocess.run(
        [sys.executable, __file__, "--ten-million"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    print(
        f"10 million observations ({int(out[0]):,}): "
        f"{float(out[1]):6.2f} s, peak RSS {float(out[2]):7.1f} MiB (target <= 1536 MiB)"
    )


if __name__ == "__main__":
    main()
