"""Trust: everything round-trips, order and threads change nothing, output is stable."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecociv
from ecociv import (
    Assessment,
    Direction,
    Indicator,
    IndicatorKind,
    Observation,
    Observations,
    Region,
    Verdict,
)
from ecociv._wire import from_dict, to_dict
from ecociv.errors import UnitError
from ecociv.report import from_document, to_document
from ecociv.rules import Op, Threshold
from ecociv.standards import Level, Standard
from ecociv.standards._writer import dumps
from ecociv.testing import outcome
from ecociv.units import CANONICAL_UNITS, conversion


ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "shengzhou-illustrative.csv"
IDS = ecociv.standards.bundled_ids()
_CODE = {Level.COUNTY: "330683", Level.CITY: "330600", Level.CITY_AND_COUNTY: "330683"}


def _region(std: Standard) -> str:
    return std.region or _CODE[std.level]


def _assess(std_id: str, rows: list[dict[str, str]] | None = None) -> Assessment:
    std = ecociv.standards.load(std_id)
    if rows is None:
        obs = Observations.from_csv(EXAMPLE, std, strict=False)
    else:
        obs = Observations.from_records(rows, std, strict=False)
    return ecociv.assess(std, _region(std), obs, 2024)


def _example_rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("std_id", IDS)
def test_bundled_standard_round_trips(std_id: str) -> None:
    """Every bundled standard and plan survives dict and TOML round trips unchanged."""
    std = ecociv.standards.load(std_id)
    assert from_dict(json.loads(json.dumps(to_dict(std))), Standard) == std
    assert ecociv.standards.loads(dumps(std)) == std


@pytest.mark.parametrize("std_id", IDS)
def test_assessment_round_trips(std_id: str) -> None:
    """Every bundled standard's assessment survives its JSON document unchanged."""
    result = _assess(std_id)
    doc = json.loads(json.dumps(to_document(result), ensure_ascii=False))
    assert from_document(doc) == result


def test_side_by_side_round_trips() -> None:
    """A side-by-side judgement under two standards survives JSON unchanged."""
    std = ecociv.standards.load("mee-2024-county")
    obs = Observations.from_csv(EXAMPLE, std, strict=False)
    table = ecociv.compare_versions(
        ["mee-2016-county", "mee-2024-county"], "330683", obs, 2024
    )
    doc = json.loads(json.dumps(to_dict(table), ensure_ascii=False))
    assert from_dict(doc, ecociv.SideBySide) == table


@pytest.mark.parametrize("code", ["330683", "330600", "330000", "421200"])
def test_region_round_trips(code: str) -> None:
    """A region survives to_dict → JSON → from_dict unchanged."""
    region = Region.from_code(code)
    assert from_dict(json.loads(json.dumps(to_dict(region))), Region) == region


_TEXT = st.text(min_size=1, max_size=12)
_FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(
    value=st.one_of(st.none(), st.booleans(), _FINITE),
    target=st.one_of(st.none(), _FINITE),
    source=st.one_of(st.none(), _TEXT),
    year=st.integers(1949, 2100),
)
def test_observation_round_trips(
    value: float | bool | None, target: float | None, source: str | None, year: int
) -> None:
    """An observation survives to_dict → JSON → from_dict unchanged."""
    obs = Observation("330683", "x", year, value, "%", target=target, source=source)
    assert from_dict(json.loads(json.dumps(to_dict(obs))), Observation) == obs


@given(
    ind_id=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
    name=_TEXT,
    unit=st.sampled_from(CANONICAL_UNITS),
    direction=st.sampled_from(Direction),
    kind=st.sampled_from(IndicatorKind),
    aliases=st.lists(_TEXT, max_size=3).map(tuple),
    minimum=st.one_of(st.none(), _FINITE),
)
def test_indicator_round_trips(
    ind_id: str,
    name: str,
    unit: str,
    direction: Direction,
    kind: IndicatorKind,
    aliases: tuple[str, ...],
    minimum: float | None,
) -> None:
    """An indicator survives to_dict → JSON → from_dict unchanged."""
    ind = Indicator(ind_id, name, name, unit, direction, kind, aliases, minimum=minimum)
    assert from_dict(json.loads(json.dumps(to_dict(ind))), Indicator) == ind


@given(
    pair=st.tuples(st.sampled_from(CANONICAL_UNITS), st.sampled_from(CANONICAL_UNITS)),
    x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
def test_unit_conversion_round_trips(pair: tuple[str, str], x: float) -> None:
    """Converting a value to another unit and back gives the value again."""
    a, b = pair
    try:
        there = conversion(a, b)
    except UnitError:
        return
    back = conversion(b, a)
    assert back.apply(there.apply(x)) == pytest.approx(x, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("ind_id", "op"),
    [
        ("forest_coverage", Op.GE),
        ("forest_coverage", Op.GT),
        ("pm25_annual_mean", Op.LE),
        ("pm25_annual_mean", Op.LT),
    ],
)
@given(
    value=st.floats(min_value=0, max_value=100, allow_nan=False),
    bound=st.floats(min_value=0, max_value=100, allow_nan=False),
    step=st.floats(min_value=0, max_value=50, allow_nan=False),
)
def test_improving_never_breaks_a_threshold(
    ind_id: str, op: Op, value: float, bound: float, step: float
) -> None:
    """Moving a value in its good direction never turns met into not met."""
    ind = ecociv.standards.shared_indicators().find(ind_id)
    rule = Threshold(op, bound)
    region = Region.from_code("330683")

    def verdict(v: float) -> Verdict:
        obs = Observation("330683", ind.id, 2024, v, ind.unit)
        return outcome(rule, ind, [obs], 2024, region=region).verdict

    if verdict(value) is Verdict.MET:
        assert verdict(value + ind.direction.sign() * step) is Verdict.MET


def _without_row_numbers(text: str) -> str:
    """Return a document's JSON with the row numbers its account and warnings name.

    Row numbers say where rows were in the file, so they move with the rows;
    everything else must not.
    """
    doc = json.loads(text)
    for part in doc["account"].get("set_aside", []):
        part["rows"] = len(part["rows"])
    doc["warnings"] = sorted(
        re.sub(r"\(.*?\)", "", w["message"]) for w in doc.get("warnings", [])
    )
    return json.dumps(doc, ensure_ascii=False)


_ROWS = _example_rows()
_EXPECTED = _without_row_numbers(ecociv.to_json(_assess("mee-2024-county", _ROWS)))


@settings(max_examples=20, deadline=None)
@given(rows=st.permutations(_ROWS))
def test_shuffled_rows_change_nothing(rows: list[dict[str, str]]) -> None:
    """Reading the rows in any order gives the same JSON, but for row numbers."""
    got = ecociv.to_json(_assess("mee-2024-county", rows))
    assert _without_row_numbers(got) == _EXPECTED


_RUN = textwrap.dedent(
    """
    import sys, ecociv
    from ecociv import Observations
    out = []
    for std_id in ecociv.standards.bundled_ids():
        std = ecociv.standards.load(std_id)
        obs = Observations.from_csv(sys.argv[1], std, strict=False)
        region = std.region or {"county": "330683"}.get(std.level.value, "330600")
        out.append(ecociv.to_json(ecociv.assess(std, region, obs, 2024)))
    sys.stdout.write("\\n".join(out))
    """
)


def _fresh(code: str, *args: str, hashseed: str = "0") -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    done = subprocess.run(  # noqa: S603  (our own interpreter, our own code)
        [sys.executable, "-c", code, *args],
        capture_output=True,
        check=True,
        env=env,
        text=True,
        encoding="utf-8",
    )
    return done.stdout


def test_same_input_gives_byte_identical_json() -> None:
    """Two fresh processes with different hash seeds write the same bytes."""
    first = _fresh(_RUN, str(EXAMPLE), hashseed="1")
    assert first
    assert _fresh(_RUN, str(EXAMPLE), hashseed="2") == first


def _work(std_id: str) -> str:
    return ecociv.to_json(_assess(std_id))


def test_eight_threads_agree_with_a_serial_run() -> None:
    """Assessments from 8 threads at once equal the serial results."""
    jobs = [i for i in IDS for _ in range(3)]
    serial = [_work(i) for i in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(_work, jobs))
    assert threaded == serial


_CONTENTION = textwrap.dedent(
    """
    import json, sys, threading
    import ecociv, ecociv.units
    from ecociv import Observations
    from ecociv.units import CANONICAL_UNITS, conversion
    assert ecociv.units._conversion._REGISTRY is None
    barrier = threading.Barrier(8)
    results = [None] * 8
    def work(k):
        barrier.wait()
        pairs = []
        for a in CANONICAL_UNITS:
            for b in CANONICAL_UNITS:
                try:
                    pairs.append((a, b, conversion(a, b).factor))
                except ecociv.errors.UnitError as exc:
                    pairs.append((a, b, str(exc)))
        std = ecociv.standards.load("mee-2024-county")
        obs = Observations.from_csv(sys.argv[1], std)
        doc = ecociv.to_json(ecociv.assess(std, "330683", obs, 2024))
        results[k] = json.dumps(pairs, ensure_ascii=False) + doc
    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    assert len(set(results)) == 1, "threads disagree"
    sys.stdout.write(results[0])
    """
)


def test_registry_built_under_contention_is_consistent() -> None:
    """In a fresh process, 8 threads that first touch pint at once agree."""
    assert _fresh(_CONTENTION, str(EXAMPLE))


_FORBIDDEN = re.compile(
    r"(?<![\w.])(eval|exec|compile|__import__)\("
    r"|^\s*(import|from)\s+(pickle|marshal|shelve|dill|yaml)\b",
    re.MULTILINE,
)


def test_nothing_evaluates_text_as_code() -> None:
    """No module of ecociv calls eval or exec, or imports pickle, marshal or YAML."""
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0).strip()}"
        for path in sorted((ROOT / "src" / "ecociv").rglob("*.py"))
        for m in _FORBIDDEN.finditer(path.read_text("utf-8"))
    ]
    assert found == []


def test_reading_and_judging_write_nothing(tmp_path: Path) -> None:
    """Loading, reading, judging and serialising write no file in the working dir."""
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        ecociv.to_json(_assess("mee-2024-county"))
    finally:
        os.chdir(cwd)
    assert list(tmp_path.iterdir()) == []


_CELL_STD = ecociv.standards.load("mee-2024-county")
_FULL = {ord(c): ord(c) + 0xFEE0 for c in "0123456789.,-%"}


def _read_cell(cell: str, ind: str = "pm25_annual_mean") -> float | bool | None:
    rec = {"region": "330683", "indicator": ind, "year": "2024", "value": cell}
    (obs,) = Observations.from_records([rec], _CELL_STD).items
    return obs.value


@given(x=st.integers(0, 10**12), frac=st.sampled_from(["", ".5", ".25"]))
def test_grouped_thousands_read_as_plain(x: int, frac: str) -> None:
    """``1,234,567.5`` reads as ``1234567.5``; its full-width form too."""
    grouped = f"{x:,}{frac}"
    assert _read_cell(grouped) == float(f"{x}{frac}")
    assert _read_cell(grouped.translate(_FULL)) == float(f"{x}{frac}")


@given(x=st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 3)))
def test_glued_percent_equals_unit_column(x: float) -> None:
    """``35.5%`` in the value cell reads as ``35.5`` with ``%`` in the unit column."""
    assert _read_cell(f"{x}%", "forest_coverage") == x


def test_line_separators_inside_a_cell_stay_in_the_cell(tmp_path: Path) -> None:
    """A form feed or U+2028 inside a cell does not split the row."""
    path = tmp_path / "d.csv"
    path.write_text(
        "region,indicator,year,value,unit,source\n"
        "330683,PM2.5浓度,2024,35,,a\x0cb\u2028c\n",
        "utf-8",
    )
    (obs,) = Observations.from_csv(path, _CELL_STD).items
    assert obs.source == "a\x0cb\u2028c"
