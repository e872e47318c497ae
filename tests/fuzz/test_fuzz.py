"""Fuzzing: the standard loader and the data readers raise only ecociv errors.

Hypothesis feeds random and half-valid text and bytes to
``ecociv.standards.loads``, ``Observations.from_csv`` (through a temporary
file), ``Observations.from_records``, and small workbooks and Parquet files
(typed cells, number formats, formulas, nested columns; whole, or with a
slice of bytes replaced) to ``Observations.from_file`` and ``assess_many``;
any exception that is not an :class:`~ecociv.errors.EcocivError` fails the
run. Standard files nested deeper than the loader's ``MAX_DEPTH`` must give
a :class:`~ecociv.errors.StandardFileError`.

The default test run takes a short pass (``ECOCIV_FUZZ_EXAMPLES``, default 30
examples per target); ``nox -s fuzz`` takes a long one, bounded by
``ECOCIV_FUZZ_EXAMPLES`` and ``ECOCIV_FUZZ_SECONDS`` (see docs/input.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

import ecociv
from ecociv import Observations
from ecociv.errors import EcocivError, StandardFileError


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


_HEADERS = st.one_of(
    st.just(_COLUMNS[:5]),
    st.just(["region", "indicator", "unit", "2023", "2024", "target_2024"]),
    st.lists(st.sampled_from([*_COLUMNS, "2024", "target_2024", "x", ""]), max_size=7),
)
_TYPED = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    _CELL,
    st.sampled_from(["=1+1", "=A1", "=1/0", "#N/A", "2024-01-01", "TRUE"]),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
)
_FORMATS = st.one_of(
    st.sampled_from(
        [
            "General",
            "0%",
            "0.0%",
            '0"%"',
            "0\\%",
            "#,##0,",
            "0!.0",
            "[>=1]0%;0",
            "yyyy-mm-dd",
            "0.00E+00",
            "@",
            "0;-0;;@",
        ]
    ),
    st.text(max_size=10),
)


@st.composite
def _workbook(draw: st.DrawFn) -> bytes | None:
    """A small workbook: a header, typed cells, number formats, perhaps a 2nd sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    try:
        sheet.append(draw(_HEADERS))
        for row in draw(st.lists(st.lists(_TYPED, max_size=8), max_size=6)):
            sheet.append(row)
        for _ in range(draw(st.integers(0, 4))):
            cell = sheet.cell(draw(st.integers(1, 7)), draw(st.integers(1, 8)))
            cell.number_format = draw(_FORMATS)
        if draw(st.booleans()):
            book.create_sheet("more").append(draw(st.lists(_TYPED, max_size=3)))
        buf = io.BytesIO()
        book.save(buf)
    except (ValueError, TypeError, IllegalCharacterError):  # what openpyxl cannot write
        return None
    data = buf.getvalue()
    if draw(st.booleans()):  # damage it: a slice replaced by random bytes
        data = _damage(data, draw)
    return data


def _damage(data: bytes, draw: st.DrawFn) -> bytes:
    """Return ``data`` with a slice replaced by random bytes.

    The slice is drawn independently of the data's length: a workbook holds
    the time it was written, so its length may differ between two runs.
    """
    at = draw(st.integers(0, 2**20)) % (len(data) + 1)
    cut = at + draw(st.integers(0, 40))
    return data[:at] + draw(st.binary(max_size=20)) + data[cut:]


def _read_file(data: bytes, suffix: str, strict: bool) -> None:
    std = ecociv.standards.load("mee-2024-county")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        _clean(Observations.from_file, path, std, strict=strict)
        _clean(ecociv.assess_many, path, std, 2024, strict=strict)


@FUZZ
@given(_workbook(), st.booleans())
def test_excel_reader(data: bytes | None, strict: bool) -> None:
    """Any small workbook, whole or damaged, gives observations or a DataError."""
    if data is not None and not _over_budget():
        _read_file(data, ".xlsx", strict)


@FUZZ
@given(st.text(max_size=300), st.booleans())
def test_excel_reader_any_sheet_xml(xml: str, strict: bool) -> None:
    """A workbook whose first sheet holds any text as its XML gives a clean answer."""
    if _over_budget():
        return
    data = _EMPTY_BOOK.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8", errors="replace")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as new:
        for name, part in parts.items():
            new.writestr(name, part)
    _read_file(buf.getvalue(), ".xlsx", strict)


_EMPTY_BOOK = io.BytesIO()
openpyxl.Workbook().save(_EMPTY_BOOK)

_ARROW_VALUES = st.one_of(
    st.lists(st.one_of(st.none(), st.floats()), min_size=1, max_size=6),
    st.lists(
        st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=6
    ),
    st.lists(st.one_of(st.none(), st.booleans()), min_size=1, max_size=6),
    st.lists(st.one_of(st.none(), _CELL), min_size=1, max_size=6),
    st.lists(st.one_of(st.none(), st.binary(max_size=6)), min_size=1, max_size=6),
    st.lists(st.one_of(st.none(), st.dates()), min_size=1, max_size=6),
    st.lists(st.lists(st.integers(0, 9), max_size=2), min_size=1, max_size=6),
)


@st.composite
def _parquet(draw: st.DrawFn) -> bytes | None:
    """A small Parquet file: a header, each column of one random type."""
    header = draw(_HEADERS)
    n = draw(st.integers(0, 6))
    arrays = []
    for _ in header:
        values = draw(_ARROW_VALUES)
        arrays.append(pa.array((values * (n // len(values) + 1))[:n]))
    try:
        table = pa.Table.from_arrays(arrays, names=header)
        buf = io.BytesIO()
        pq.write_table(table, buf)
    except (pa.ArrowException, ValueError):
        return None
    data = buf.getvalue()
    if draw(st.booleans()):
        data = _damage(data, draw)
    return data


@FUZZ
@given(_parquet(), st.booleans())
def test_parquet_reader(data: bytes | None, strict: bool) -> None:
    """Any small Parquet file, whole or damaged, gives observations or a DataError."""
    if data is not None and not _over_budget():
        _read_file(data, ".parquet", strict)


_OPEN = st.sampled_from(["[", "{a = ", "[{b = [", "{c = {d = "])
_CLOSE = {"[": "]", "{": "}"}


@FUZZ
@given(st.lists(_OPEN, min_size=1, max_size=30), st.integers(1, 400))
def test_loader_refuses_deep_nesting(openers: list[str], times: int) -> None:
    """Arrays and inline tables nested past MAX_DEPTH give a StandardFileError."""
    if _over_budget():
        return
    opened = "".join((openers * max(times, 40))[: max(40, len(openers) * times)])
    close = "".join(_CLOSE[ch] for ch in reversed(opened) if ch in _CLOSE)
    at = 'sources = ["T"]\nconfidence'
    text = MINIMAL.replace(at, f"x = {opened}1{close}\n{at}", 1)
    with contextlib.suppress(StandardFileError):
        ecociv.standards.loads(text)
        msg = "a file nested deeper than MAX_DEPTH was read"
        raise AssertionError(msg)
