"""The generated national data set, and the files written from it.

The data set is every county-level unit of the bundled region table x every
indicator of mee-2024-county's requirements x 5 years (2020-2024), long form,
values spread across every verdict (met, not met, not applicable, missing,
assigned targets present or not). A k-times file is k such blocks of 5 years
(block j covers 2020 - 5j to 2024 - 5j, each with its own random values), so
the file grows while the regions, indicators and the year judged (2024) stay
those of the national set: what grows is the reading, not the verdicts.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

import ecociv
from ecociv.rules import Threshold


STANDARD = "mee-2024-county"
YEAR = 2024
BLOCK_YEARS = 5
SEED = 20241123
COLUMNS = ("region", "indicator", "year", "value", "unit", "target")
FACT_WORDS = ("建立", "开展", "有效开展", "有效保障", "否", "是")
NO = "否"


def county_codes(every: int = 1) -> list[str]:
    """Return the county-level codes of the bundled table (every ``every``-th one).

    The public API has no way to list the regions of the bundled table
    (``all_regions`` is documented in docs/regions.md but not exported), so
    this one place reads the private module.
    """
    from ecociv._region import all_regions  # noqa: PLC0415  (see the docstring)

    codes = [r.code for r in all_regions(ecociv.RegionLevel.COUNTY)]
    return codes[::every]


@dataclasses.dataclass(frozen=True)
class Layout:
    """What a block of the data set is made of: regions, indicators and their bounds."""

    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    units: tuple[str, ...]
    facts: np.ndarray  # bool per indicator
    bounds: dict[str, float]  # a threshold per indicator, for the floors
    low: np.ndarray  # where the values 20-100 are mapped, per indicator
    high: np.ndarray

    @classmethod
    def of(cls, std: ecociv.standards.Standard, regions: list[str]) -> Layout:
        """Return the layout of ``std``'s indicators over ``regions``."""
        inds = list(dict.fromkeys(std.indicator(r.indicator) for r in std.requirements))
        bounds = {}
        for req in std.requirements:
            rule = req.rule
            bounds[req.indicator] = (
                float(rule.value) if isinstance(rule, Threshold) else 50.0
            )
        # 20-100 lies within most indicators' possible range; an indicator
        # whose range is narrower (a coefficient of 0-1) gets its own.
        low, high = [], []
        for i in inds:
            least = -math.inf if i.minimum is None else float(i.minimum)
            most = math.inf if i.maximum is None else float(i.maximum)
            lo, hi = max(20.0, least), min(100.0, most)
            if lo >= hi:  # the range lies outside 20-100: 80 wide within it
                lo = least if math.isfinite(least) else most - 80.0
                hi = most if math.isfinite(most) else least + 80.0
            low.append(lo)
            high.append(hi)
        return cls(
            regions=tuple(regions),
            indicators=tuple(i.id for i in inds),
            units=tuple(i.unit for i in inds),
            facts=np.array([i.kind.value == "fact" for i in inds]),
            bounds=bounds,
            low=np.array(low),
            high=np.array(high),
        )

    def spread(self, draws: np.ndarray, ind_pos: np.ndarray) -> np.ndarray:
        """Map draws of 20-100 into each indicator's own range (3 decimals).

        An indicator whose range holds 20-100 keeps its draws as they are, so
        the national set stays the one of the earlier benchmark for those.
        """
        lo, hi = self.low[ind_pos], self.high[ind_pos]
        same = (lo == 20.0) & (hi == 100.0)
        mapped = (lo + (draws - 20.0) / 80.0 * (hi - lo)).round(3)
        return np.where(same, draws, mapped)

    @property
    def rows_per_block(self) -> int:
        """Rows of one block of 5 years."""
        return len(self.regions) * len(self.indicators) * BLOCK_YEARS


def block(layout: Layout, j: int = 0) -> dict[str, np.ndarray]:
    """Return block ``j`` (years 2020 - 5j to 2024 - 5j) as columns, region-major.

    Block 0 is the national data set of the earlier benchmark, draw for draw
    (values of indicators with a narrow range mapped into it).
    The ``value`` column is text (numbers, fact words, 不涉及, "" for missing);
    ``number`` holds the same values as floats (facts 1.0 / 0.0, NaN for
    不涉及 and missing).
    """
    rng = np.random.default_rng(SEED + j)
    years = np.arange(2020 - BLOCK_YEARS * j, 2025 - BLOCK_YEARS * j)
    n_r, n_i, n_y = len(layout.regions), len(layout.indicators), len(years)
    n = n_r * n_i * n_y
    region = np.repeat(np.array(layout.regions), n_i * n_y)
    ind_pos = np.tile(np.repeat(np.arange(n_i), n_y), n_r)
    year = np.tile(years, n_r * n_i)
    # Values around each indicator's usual range, so both sides of every bound occur.
    base = layout.spread(rng.uniform(20, 100, n).round(1), ind_pos)
    value = base.astype(object)
    facts = layout.facts[ind_pos]
    value[facts] = rng.choice(list(FACT_WORDS), facts.sum())
    roll = rng.random(n)
    missing = roll < 0.04
    value[missing] = ""
    value[(roll >= 0.04) & (roll < 0.06)] = "不涉及"
    given = rng.random(n) < 0.8
    target = np.where(
        given, layout.spread(rng.uniform(20, 100, n).round(1), ind_pos), np.nan
    )
    # Facts read 1.0 / 0.0, as the engine holds them.
    number = np.where(facts, (value != NO).astype(float), base)
    number[roll < 0.06] = np.nan
    return {
        "region": region,
        "indicator": np.array(layout.indicators)[ind_pos],
        "year": year,
        "value": value.astype(str),
        "unit": np.where(facts, "", np.array(layout.units)[ind_pos]),
        "target": np.where(facts, np.nan, target),
        "number": number,
        "ind_pos": ind_pos,
    }


def frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return the long text DataFrame of a block (the columns a file has)."""
    return pd.DataFrame({c: columns[c] for c in COLUMNS})


def _arrow(columns: dict[str, np.ndarray]) -> pa.Table:
    value = columns["value"]
    return pa.table(
        {
            "region": pa.array(columns["region"], pa.string()),
            "indicator": pa.array(columns["indicator"], pa.string()),
            "year": pa.array(columns["year"], pa.int64()),
            # A missing value is an empty cell, as a spreadsheet writes it.
            "value": pa.array(value, pa.string(), mask=value == ""),
            "unit": pa.array(columns["unit"], pa.string()),
            # NaN is no target: an empty cell, not the text "nan".
            "target": pa.array(columns["target"], pa.float64(), from_pandas=True),
        }
    )


def write_csv(path: Path, layout: Layout, blocks: int = 1) -> int:
    """Write ``blocks`` blocks as one long CSV (oldest years first); return its bytes.

    Written a block at a time, so a 50-times file never sits in memory. Cells
    are unquoted, as spreadsheets and pandas write them.
    """
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    with path.open("wb") as out:
        out.write((",".join(COLUMNS) + "\n").encode())
        for j in reversed(range(blocks)):
            pa_csv.write_csv(_arrow(block(layout, j)), out, write_options=options)
    return path.stat().st_size


def write_parquet(path: Path, columns: dict[str, np.ndarray]) -> int:
    """Write one block as a Parquet file; return its bytes."""
    pq.write_table(_arrow(columns), path)
    return path.stat().st_size


def dense(layout: Layout, columns: dict[str, np.ndarray]) -> np.ndarray:
    """Return a block's numbers as a dense (indicator, region, year) array."""
    n_r, n_i = len(layout.regions), len(layout.indicators)
    cube = columns["number"].reshape(n_r, n_i, BLOCK_YEARS)
    return np.ascontiguousarray(cube.transpose(1, 0, 2))
