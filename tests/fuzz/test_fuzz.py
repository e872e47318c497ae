"""Fuzzing: the standard loader and the data readers raise only ecociv errors.

Hypothesis feeds random and half-valid text and bytes to
``ecociv.standards.loads``, ``Observations.from_csv`` (through a temporary
file) and ``Observations.from_records``; any exception that is not an
:class:`~ecociv.errors.EcocivError` fails the run.

The default test run takes a short pass (``ECOCIV_FUZZ_EXAMPLES``, default 30
examples per target); ``nox -s fuzz`` takes a long one, bounded by
``ECOCIV_FUZZ_EXAMPLES`` and ``ECOCIV_FUZZ_SECONDS`` (see docs/input.md).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ecociv
from ecociv import Observations
from ecociv.errors import EcocivError


EXAMPLES = int(os.environ.get("ECOCIV_FUZZ_EXAMPLES", "30"))
SECONDS = float(os.environ.get("ECOCIV_FUZZ_SECONDS", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_START = time.monotonic()

MINIMAL = """
id = "my-standard"
title_zh = "测试指标"
title_en = "Test indicators"
document_number = "测〔2025〕1号"
issuer = "nobody"
level = "county"
issued = 2025-01-01
completeness = "partial"

[[sources]]
key = "T"
title = "a test"

[[domains]]
id = "d"
zh = "领域"
en = "Domain"

[[requirements]]
id = "1"
number = "1"
indicator = "pm25_annual_mean"
domain = "d"
binding = true
target_text = "≤25"
rule = { kind = "all_of", rules = [{ kind = "threshold", op = "<=", value = 25 }] }
sources = ["T"]
confidence = "B"
"""
_DOC = tomllib.loads(MINIMAL)


def _over_budget() -> bool:
    return time.monotonic() - _START > SECONDS


def _clean(call: Any, *args: Any, **kwargs: Any) -> None:
    """Call; an ecociv error is a clean refusal, anything else fails the test."""
    with contextlib.suppress(EcocivError):
        call(*args, **kwargs)


_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["threshold", "all_of", "any_of", "<=", "county", "%", "", "x"]),
)
_TOML_VALUE = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(),
        st.text(max_size=20),
        st.dates(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


_PATHS = [p for p in _paths(_DOC) if p]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {**doc, head: _set(doc[head], rest, value)}
    copy = list(doc)
    copy[head] = _set(copy[head], rest, value)
    return copy


@FUZZ
@given(st.text(max_size=400))
def test_loader_any_text(text: str) -> None:
    """Arbitrary text gives a standard or a StandardFileError."""
    if not _over_budget():
        _clean(ecociv.standards.loads, text)


@FUZZ
@given(st.integers(0, len(MINIMAL)), st.integers(0, 40), st.text(max_size=40))
def test_loader_spliced_text(at: int, cut: int, insert: str) -> None:
    """A valid file with a slice replaced by random text never crashes the loader."""
    if not _over_budget():
        _clean(ecociv.standards.loads, MINIMAL[:at] + insert + MINIMAL[at + cut :])


@FUZZ
@given(st.sampled_from(_PATHS), _TOML_VALUE)
def test_loader_wrong_values(path: tuple[Any, ...], value: Any) -> None:
    """Any key of a valid file set to any TOML value never crashes the loader."""
    if _over_budget():
        return
    doc = _set(_DOC, path, value)
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # not expressible in TOML (nan keys, None ...)
        return
    _clean(ecociv.standards.loads, text)


_COLUMNS = ["region", "indicator", "year", "value", "unit", "target", "source"]
_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "330683",
            "PM2.5浓度",
            "森林覆盖率",
            "2024",
            "35",
            "35μg/m3",
            "1,234.5",
            "—",
            "/",
            "不涉及",
            "建立",
            "%",
            "mg/m3",
            "nan",
            "-1",
            "101",
            "",
        ]
    ),
)
_HEADER = st.one_of(
    st.just(_COLUMNS[:5]),
    st.just(["region", "indicator", "unit", "2023", "2024", "target_2024"]),
    st.lists(st.sampled_from([*_COLUMNS, "2024", "target_2024", "x"]), max_size=8),
)


@st.composite
def _csv_bytes(draw: st.DrawFn) -> bytes:
    header = draw(_HEADER)
    rows = draw(st.lists(st.lists(_CELL, max_size=9), max_size=8))
    text = "\n".join(",".join(r) for r in [header, *rows]) + draw(
        st.sampled_from(["", "\n", "\r\n"])
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(st.one_of(st.binary(max_size=300), _csv_bytes()), st.booleans())
def test_csv_reader(data: bytes, strict: bool) -> None:
    """Any bytes in a .csv file give observations or a DataError."""
    if _over_budget():
        return
    std = ecociv.standards.load("mee-2024-county")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_bytes(data)
        try:
            obs = Observations.from_csv(path, std, strict=strict)
        except EcocivError:
            return
    # Whatever was read, every row is accounted for, and the account adds up.
    result = ecociv.assess_many(obs, std, 2024)
    rows = {f.row for f in result.fates()}
    assert all(n in rows for found in obs.origins.values() for n in found)
    account = result.account
    assert account.used + sum(s.count for s in account.set_aside) == account.read


_RECORD = st.dictionaries(
    st.one_of(
        st.sampled_from([*_COLUMNS, "__row__", "__blank__"]), st.text(max_size=5)
    ),
    _SCALAR,
    max_size=8,
)


@FUZZ
@given(st.lists(st.one_of(_RECORD, _SCALAR), max_size=8), st.booleans())
def test_records_reader(records: list[Any], strict: bool) -> None:
    """Any list of records gives observations or a DataError."""
    if not _over_budget():
        std = ecociv.standards.load("mee-2024-county")
        _clean(Observations.from_records, records, std, strict=strict)
