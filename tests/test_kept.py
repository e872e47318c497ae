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


@pytest.mark.parametrize("narrow", [True, False])
def test_keys_in_32_or_64_bits_keep_the_same_entries(
    narrow: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys are made in 32 bits where they fit: the entries kept do not change.

    Repeats (the same key again) are set aside or refused either way.
    """
    import ecociv  # noqa: PLC0415

    if not narrow:
        monkeypatch.setattr(_kept, "_NARROW", 0)  # every key in 64 bits
    std = ecociv.standards.load("mee-2024-county")
    rows = [
        "region,indicator,year,value",
        "330683,森林覆盖率,2024,60",
        "330681,森林覆盖率,2024,61",
        "330683,森林覆盖率,2023,59",
        "330683,森林覆盖率,2024,60",  # a repeat, the same: set aside
        "330681,森林覆盖率,2024,62",  # a repeat that differs: refused
    ]
    obs = ecociv.Observations.from_records(
        [dict(zip(rows[0].split(","), r.split(","), strict=True)) for r in rows[1:]],
        std,
        strict=False,
    )
    assert [(o.region, o.year, o.value) for o in obs] == [
        ("330683", 2024, 60.0),
        ("330681", 2024, 61.0),
        ("330683", 2023, 59.0),
    ]
    assert [p.message[:30] for p in obs.issues] == ["duplicate row with a different"]
    assert [f.reason for f in obs.skipped] == ["repeats row 2 (same value)"]


def test_a_column_of_no_number_holds_no_memory() -> None:
    """A file without references: its table's reference column is one NaN, seen n times.

    It reads, pickles and gathers as a column of NaN; nothing writes to it.
    """
    import pickle  # noqa: PLC0415

    import ecociv  # noqa: PLC0415
    from ecociv._arrays import is_blank  # noqa: PLC0415

    std = ecociv.standards.load("mee-2024-county")
    obs = ecociv.Observations.from_csv("examples/shengzhou-illustrative.csv", std)
    table = obs.table
    assert is_blank(table.reference)
    assert table.reference.base is not None  # a view of one number
    assert table.reference.base.nbytes <= 8
    assert np.isnan(table.reference).all()
    assert all(o.reference is None for o in obs)
    again = pickle.loads(pickle.dumps(obs))  # noqa: S301  (our own bytes)
    assert list(again) == list(obs)
    assert not is_blank(table.target)  # the example gives targets
    result = ecociv.assess_many(obs, std, 2024)
    assert result.to_frame()["verdict"].notna().all()
