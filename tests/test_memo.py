"""Work done once per live object (rules walked, catalogs, standards checked)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from ecociv._memo import ByIdentity, Last
from ecociv.rules import AllOf, Op, Threshold, walk


EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"


class _Key:
    """An object as the caches key them: by identity, weakly referenced."""


def _fresh(_: _Key) -> list[int]:
    return []


def test_a_value_is_made_once_per_live_key() -> None:
    """Two calls with one key make one value; another key gets its own."""
    cache: ByIdentity[_Key, list[int]] = ByIdentity(_fresh, limit=8)
    a, b = _Key(), _Key()
    first = cache(a)
    assert cache(a) is first
    assert cache(b) is not first


def test_a_dead_keys_value_is_not_given_to_its_id_reused() -> None:
    """A key gone, another object may take its id: it gets a value of its own."""
    cache: ByIdentity[_Key, list[int]] = ByIdentity(_fresh, limit=8)
    for _ in range(1000):
        first = _Key()
        old_id, old_value = id(first), cache(first)
        del first  # freed here: its entry goes
        second = _Key()
        if id(second) == old_id:
            assert cache(second) is not old_value
            return
    pytest.skip("the interpreter gave no id twice")


def test_the_cache_starts_afresh_past_its_bound() -> None:
    """A service making keys for ever holds at most ``limit`` entries."""
    cache: ByIdentity[_Key, list[int]] = ByIdentity(_fresh, limit=4)
    keys = [_Key() for _ in range(10)]  # all alive
    for k in keys:
        cache(k)
    assert len(cache._seen) <= 4


def test_an_entry_goes_with_its_key() -> None:
    """A key freed, its entry and the value it held are gone."""
    cache: ByIdentity[_Key, list[int]] = ByIdentity(_fresh, limit=8)
    key = _Key()
    cache(key)
    assert len(cache._seen) == 1
    del key
    gc.collect()
    assert cache._seen == {}


def test_a_rule_walk_holds_no_rule_alive() -> None:
    """The walk cache refers to a rule weakly: a rule no one holds is freed."""
    inner = Threshold(Op.GE, 1.0)
    rule = AllOf((inner,))
    assert walk(rule) == (rule, inner)
    assert walk(rule) == (rule, inner)
    ref = weakref.ref(rule)
    del rule
    gc.collect()
    assert ref() is None


def test_last_keeps_one_entry_found_by_identity() -> None:
    """The key last asked for gets its value again; an equal key is another key.

    The entry holds its key, so its identity is not reused while it is kept.
    """
    cache: Last[tuple[str, ...], list[int]] = Last()
    key = ("330683", "330602")
    first = cache(key, _empty)
    assert cache(key, _empty) is first
    equal = tuple(c for c in key)  # another tuple, equal
    assert equal == key
    assert equal is not key
    assert cache(equal, _empty) is not first  # by identity, not by equality
    assert cache(key, _empty) is not first  # one entry: the last key replaced it
    held = cache._last
    assert held is not None
    assert held[0] is key


def _empty(_: tuple[str, ...]) -> list[int]:
    return []


def test_a_table_is_freed_without_the_cyclic_collector() -> None:
    """A table and what a run made of it go as the last reference goes.

    A batch over many files frees each file's table as the next is read; a
    table referring to itself (a kept bound method of its own) would wait for
    the cyclic collector, and a loop over twenty files held a gigabyte.
    """
    import ecociv  # noqa: PLC0415

    std = ecociv.standards.load("mee-2024-county")
    gc.collect()
    gc.disable()
    try:
        obs = ecociv.Observations.from_csv(EXAMPLE, std)
        result = ecociv.assess_many(obs, std, 2024)
        result.to_frame()
        ecociv.assess(std, "330683", obs, 2024)
        table, kept = weakref.ref(obs.table), weakref.ref(result)
        del obs, result
        assert kept() is None
        assert table() is None
    finally:
        gc.enable()
