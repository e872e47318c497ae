"""Lower bounds and a naive baseline that the engine's figures are divided by.

- The *columnar floor* of a file: read it with pyarrow (``pyarrow.csv.read_csv``
  or ``pyarrow.parquet.read_table``, threads as pyarrow's defaults), turn the
  value cells into numbers once per distinct cell (dictionary encoding: the
  way the reader is meant to apply its cell rules), and compare every value
  with a threshold per indicator. No units, no rules, no result: a rough
  lower bound of "read and compare" that a columnar reader could approach.
- The *numpy floor*: only the comparisons, over the same values held as one
  dense (indicator, region, year) array.
- The *naive loop*: every value of the text frame judged one by one with pint
  quantities (parse, quantity, convert to the indicator's unit, compare).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

import ecociv
from bench.data import NO, Layout


_TEXT = ("region", "indicator", "value", "unit")


def _number(cell: str | None) -> float:
    """Return a cell's number: facts 1.0 / 0.0, words and empty cells NaN."""
    if cell is None or cell == "":
        return math.nan
    try:
        return float(cell)
    except ValueError:
        if cell == "不涉及":
            return math.nan
        return 0.0 if cell == NO else 1.0


def compare(table: pa.Table, bounds: dict[str, float]) -> int:
    """Compare every value of an Arrow table with its indicator's threshold."""
    ind = table.column("indicator").combine_chunks().dictionary_encode()
    # An empty cell is null in Parquet and "" in a CSV read: one missing value.
    val = pc.fill_null(table.column("value"), "").combine_chunks().dictionary_encode()
    limit = np.array([bounds.get(i, 50.0) for i in ind.dictionary.to_pylist()])
    number = np.array([_number(c) for c in val.dictionary.to_pylist()])
    values = number[val.indices.to_numpy(zero_copy_only=False)]
    limits = limit[ind.indices.to_numpy()]
    return int((values >= limits).sum())


def csv_floor(path: Path, bounds: dict[str, float]) -> int:
    """Read a CSV with pyarrow and compare every value: the CSV floor."""
    options = pa_csv.ConvertOptions(column_types=dict.fromkeys(_TEXT, pa.string()))
    return compare(pa_csv.read_csv(path, convert_options=options), bounds)


def parquet_floor(path: Path, bounds: dict[str, float]) -> int:
    """Read a Parquet file with pyarrow and compare every value: its floor."""
    return compare(pq.read_table(path), bounds)


def numpy_floor(cube: np.ndarray, layout: Layout) -> int:
    """Compare every value of a dense (indicator, region, year) array with its bound."""
    bounds = np.array([layout.bounds[i] for i in layout.indicators])[:, None, None]
    return int((cube >= bounds).sum())


def naive_loop(text: pd.DataFrame, std: ecociv.standards.Standard) -> int:
    """Judge every value of the text frame one by one with pint quantities.

    Each number becomes a quantity in its given unit, is converted to the
    indicator's unit and compared with the bound of its requirement (a
    threshold's, or 50 for the other kinds); facts compare 1 / 0 with 1.
    """
    from ecociv.rules import Op, Threshold  # noqa: PLC0415
    from ecociv.units import registry  # noqa: PLC0415

    quantity = registry().Quantity

    def pint_unit(unit: str) -> str:
        # The canonical spellings pint reads as they are, but for these.
        return {"%": "percent", "-": "dimensionless", "point": "dimensionless"}.get(
            unit, unit
        )

    bounds = {}
    for req in std.requirements:
        ind = std.indicator(req.indicator)
        rule = req.rule
        bound = float(rule.value) if isinstance(rule, Threshold) else 50.0
        if ind.kind.value == "fact":
            bound = 1.0
        op = rule.op if isinstance(rule, Threshold) else Op.GE
        unit = pint_unit(ind.unit)
        bounds[ind.id] = (quantity(bound, unit), op, unit)
    met = 0
    rows = zip(text["indicator"], text["value"], text["unit"], strict=True)
    for ind_id, cell, given in rows:
        bound, op, unit = bounds[ind_id]
        number = _number(cell)
        if number != number:  # noqa: PLR0124  (NaN: missing, 不涉及)
            continue
        value = quantity(number, pint_unit(given) if given else unit).to(unit)
        met += op.holds(value, bound)
    return met
