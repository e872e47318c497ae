"""A table is cut into columns: its own regions without a gather, others by slot."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ecociv
from ecociv._table import Table, Texts
from ecociv.standards import Standard


def _table(county2024: Standard) -> ecociv.Observations:
    pm25, forest = "pm25_annual_mean", "forest_coverage"
    # pm25 in 2024 for all three regions (a whole group), in the file's own
    # order; forest coverage for two of them only.
    rows = [
        {"region": "330683", "indicator": pm25, "year": 2024, "value": 30},
        {"region": "330102", "indicator": pm25, "year": 2024, "value": 20},
        {"region": "330105", "indicator": pm25, "year": 2024, "value": 25},
        {"region": "330683", "indicator": forest, "year": 2024, "value": 60},
        {"region": "330102", "indicator": forest, "year": 2024, "value": 40},
    ]
    return ecociv.Observations.from_records(rows, county2024)


def _values(col: object) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in col.value]  # type: ignore[attr-defined]


def test_own_regions_cut_whole_groups_as_windows(county2024: Standard) -> None:
    """The table's own regions need no slots; a group holding them all is a window."""
    t = _table(county2024).table
    assert t.regions == ("330102", "330105", "330683")
    assert t.slots(t.regions) is None
    whole = t.column("pm25_annual_mean", 2024, None, 3)
    assert whole.window is not None
    assert _values(whole) == [20.0, 25.0, 30.0]
    part = t.column("forest_coverage", 2024, None, 3)
    assert part.window is None
    assert _values(part) == [40.0, None, 60.0]
    assert part.present.tolist() == [True, False, True]


def test_other_regions_are_cut_by_slot(county2024: Standard) -> None:
    """Regions in another order, fewer, or more than the table has: each in its slot."""
    t = _table(county2024).table
    asked = ("330683", "330102", "330110")  # reversed, one absent, one unknown
    slots = t.slots(asked)
    assert slots is not None
    assert slots.tolist() == [1, -1, 0]
    pm25 = t.column("pm25_annual_mean", 2024, slots, len(asked))
    assert pm25.window is None
    assert _values(pm25) == [30.0, 20.0, None]
    forest = t.column("forest_coverage", 2024, slots, len(asked))
    assert _values(forest) == [60.0, 40.0, None]
    assert np.array_equal(forest.present, [True, True, False])
    missing = t.column("forest_coverage", 2020, slots, len(asked))
    assert _values(missing) == [None, None, None]


def test_texts_follow_their_entries_through_grouping(county2024: Standard) -> None:
    """What the source wrote and the source stay with their entry when grouped.

    Both are held as codes into the distinct texts; grouping the table by
    (indicator, year) moves the codes with the numbers.
    """
    rows = [
        {"region": "330683", "indicator": "forest_coverage", "year": 2024,
         "value": "60%", "source": "统计年鉴"},
        {"region": "330102", "indicator": "pm25_annual_mean", "year": 2024,
         "value": "0.02", "unit": "mg/m3"},
        {"region": "330105", "indicator": "forest_coverage", "year": 2023,
         "value": 40},
        {"region": "330102", "indicator": "forest_coverage", "year": 2024,
         "value": 50, "source": "统计年鉴"},
    ]  # fmt: skip
    t = ecociv.Observations.from_records(rows, county2024).table
    assert isinstance(t.given, Texts)
    # One text, however many entries hold it.
    assert [s for s in t.source.texts if s is not None] == ["统计年鉴"]
    seen = {
        (t.regions[t.region[k]], t.indicators[t.indicator[k]], int(t.year[k])): (
            t.given[k],
            t.source[k],
        )
        for k in range(len(t))
    }
    assert seen == {
        ("330683", "forest_coverage", 2024): ("60%", "统计年鉴"),
        ("330102", "pm25_annual_mean", 2024): ("0.02 mg/m3", None),
        ("330105", "forest_coverage", 2023): (None, None),
        ("330102", "forest_coverage", 2024): (None, "统计年鉴"),
    }
    # In input order, as observations.
    assert [o.source for o in t.observations()] == ["统计年鉴", None, None, "统计年鉴"]


def test_texts_encode_none_as_minus_one() -> None:
    """None is code -1; an index or a mask picks entries, an integer one text."""
    t = Texts.of([None, "a", "b", "a", None])
    assert t.texts == ("a", "b")
    assert t.codes.tolist() == [-1, 0, 1, 0, -1]
    assert list(t) == [None, "a", "b", "a", None]
    assert list(t[np.array([True, False, False, True, True])]) == [None, "a", None]
    assert list(t[np.array([2, 0])]) == ["b", None]
    assert t[np.int64(2)] == "b"


def _by_region(county2024: Standard, *, bad: bool = False) -> ecociv.Observations:
    """Two indicators over two years for three regions, in region order (as read)."""
    rows = [
        {"region": code, "indicator": ind, "year": year, "value": base + k + year % 10}
        for k, code in enumerate(("330102", "330105", "330683"))
        for ind, base in (("forest_coverage", 40), ("pm25_annual_mean", 20))
        for year in (2023, 2024)
    ]
    if bad:
        rows.insert(3, {**rows[2], "value": "lots"})  # refused
        rows.insert(6, dict(rows[0]))  # a repeat, the same: set aside
    return ecociv.Observations.from_records(rows, county2024, strict=not bad)


@pytest.mark.parametrize("bad", [False, True])
def test_a_read_table_keeps_input_order_and_indexes_its_groups(
    county2024: Standard, bad: bool
) -> None:
    """A reader's table is in input order; ``order`` groups it, no column moved.

    Entries refused or set aside are cut out, and the order follows. Each
    group a rule reads is gathered once per table, read-only.
    """
    t = _by_region(county2024, bad=bad).table
    assert len(t) == 12
    assert t.order is not None
    # Input order: region by region, as the records came.
    assert [t.regions[c] for c in t.region[:4]] == ["330102"] * 4
    assert t.value[:4].tolist() == [43.0, 44.0, 23.0, 24.0]
    key = [(t.indicators[t.indicator[k]], int(t.year[k])) for k in t.order]
    assert key == sorted(key, key=lambda ky: (t.indicators.index(ky[0]), ky[1]))
    col = t.column("pm25_annual_mean", 2024, None, 3)
    assert col.window is not None
    assert col.value.tolist() == [24.0, 25.0, 26.0]
    assert col.value is t.column("pm25_annual_mean", 2024, None, 3).value
    assert not col.value.flags.writeable
    assert col.usable(False).all()
    asked = ("330683", "330102")
    other = t.column("forest_coverage", 2023, t.slots(asked), 2)
    assert other.value.tolist() == [45.0, 43.0]
    assert [o.value for o in t.observations()][:2] == [43.0, 44.0]


def test_an_order_that_does_not_group_is_refused(county2024: Standard) -> None:
    """A table whose ``order`` does not list its groups in turn is not cut."""
    import attrs  # noqa: PLC0415

    t = _by_region(county2024).table
    wrong = attrs.evolve(t, order=np.arange(len(t)))
    with pytest.raises(ValueError, match="not grouped"):
        wrong.column("pm25_annual_mean", 2024, None, 3)


def test_a_table_pickles_its_fields_not_what_runs_worked_out(
    county2024: Standard,
) -> None:
    """Groups and stretches are not pickled (made again); the verdicts are alike."""
    import pickle  # noqa: PLC0415

    obs = _by_region(county2024)
    size = len(pickle.dumps(obs))
    before = ecociv.assess_many(obs, county2024, 2024).to_frame()
    assert len(pickle.dumps(obs)) == size  # the run's gathers stay behind
    again = pickle.loads(pickle.dumps(obs))  # noqa: S301  (our own bytes)
    assert again.table.order is not None
    after = ecociv.assess_many(again, county2024, 2024).to_frame()
    assert before.equals(after)


def test_unit_pairs_of_many_names_and_units_cost_no_table_of_every_pair() -> None:
    """Observations built by hand with many names and units: the pairs are sorted out.

    A table of every (indicator, unit) pair would hold n² cells.
    """
    n = 3000
    obs = [
        ecociv.Observation("330683", f"指标{k}", 2024, float(k), f"单位{k}")
        for k in range(n)
    ]
    t = Table.from_observations(obs)
    assert len(t.unit_pairs) == n
    assert {(t.indicators[i], t.units[u]) for i, u in t.unit_pairs} == {
        (f"指标{k}", f"单位{k}") for k in range(n)
    }


def test_every_group_is_found_among_many_years_with_gaps(county2024: Standard) -> None:
    """Each (indicator, year) present is found at its entries; an absent one is not.

    The definition: a group is the entries of that indicator and year. Years
    span most of a century with gaps, an indicator lacks years another has,
    and years just outside the span and an unknown indicator are asked too.
    """
    pm25, forest = "pm25_annual_mean", "forest_coverage"
    years = {pm25: range(1950, 2025, 3), forest: (1950, 1990, 2024)}
    rows = [
        {"region": r, "indicator": ind, "year": y, "value": y - 1940}
        for ind, ys in years.items()
        for y in ys
        for r in ("330683", "330102")
    ]
    t = ecociv.Observations.from_records(rows, county2024).table
    present = {(ind, y) for ind, ys in years.items() for y in ys}
    assert t.years == {y for _, y in present}
    for ind in (pm25, forest, "no_such_indicator"):
        for year in range(1948, 2027):
            col = t.column(ind, year, None, len(t.regions))
            if (ind, year) in present:
                assert col.present.all(), (ind, year)
                assert _values(col) == [year - 1940] * 2, (ind, year)
                at = col.entries()
                assert {t.indicators[i] for i in t.indicator[at]} == {ind}
            else:
                assert not col.present.any(), (ind, year)
