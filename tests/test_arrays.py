"""The array helpers every column is made with (``ecociv._arrays``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from ecociv._arrays import spread, unique


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
@pytest.mark.parametrize("n", [0, 5, 40_000])  # 40,000: several blocks and a part
def test_spread_is_a_lookup_by_code(dtype: type, n: int) -> None:
    """Each entry gets its code's slot, -1 the last, whatever the codes' width."""
    rng = np.random.default_rng(n)
    table = rng.normal(size=100)
    codes: npt.NDArray[np.signedinteger[Any]] = rng.integers(-1, 100, n).astype(dtype)
    got = spread(table, codes)
    assert got.dtype == table.dtype
    assert got.tolist() == [table[int(c)] for c in codes]


@pytest.mark.parametrize("code", [3, 7, -4])
def test_spread_refuses_a_code_outside_the_table(code: int) -> None:
    """A code outside the table is an error, never a wrapped or clipped slot."""
    codes = np.zeros(40_000, dtype=np.int32)
    codes[-1] = code
    with pytest.raises(IndexError):
        spread(np.arange(3.0), codes)


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int16, np.int32, np.int64])
@pytest.mark.parametrize("n", [0, 1, 2, 1_000])
def test_unique_is_the_distinct_values_ascending(dtype: type, n: int) -> None:
    """unique() gives what np.unique gives, in the array's own type."""
    rng = np.random.default_rng(n)
    values: npt.NDArray[Any] = rng.integers(
        0, 2 if dtype is np.bool_ else 50, n
    ).astype(dtype)
    got = unique(values)
    assert got.dtype == values.dtype
    assert got.tolist() == sorted(set(values.tolist()))
