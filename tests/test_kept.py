"""The entries kept are grouped by one stable order: (indicator, year), then region."""

from __future__ import annotations

import importlib

import numpy as np
import pytest


_kept = importlib.import_module("ecociv._io._kept")


@pytest.mark.parametrize("in_region_order", [False, True])
@pytest.mark.parametrize("seed", range(20))
def test_order_is_stable_by_group_then_region(in_region_order: bool, seed: int) -> None:
    """Whatever the order read (region order takes one sort), ties keep it."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    regions, groups = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    region = rng.integers(0, regions, n).astype(np.int32)
    if in_region_order:
        region = np.sort(region)
    group = rng.integers(0, groups, n).astype(np.int64)
    order = _kept._order(group.copy(), region, regions)
    # The definition: by group, then region, then position in the input.
    expected = np.lexsort((np.arange(n), region, group))
    assert order.tolist() == expected.tolist()
