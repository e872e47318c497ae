"""The bad-input corpus: every case gives a clean ecociv error or a listed issue.

Each case names its input, the error class (or issue) expected and a piece of
the message that must appear: the file, row, key path, region, indicator or
unit where they apply. ``docs/input.md`` reports the tally.
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ecociv
import ecociv.limits
from ecociv import Observation, Observations, Region
from ecociv._io import _arrow, _text
from ecociv._io import _csv as _csv_door
from ecociv.errors import (
    ArgumentError,
    DataError,
    EcocivError,
    StandardFileError,
    UnitError,
    UnknownIndicatorError,
    UnknownRegionError,
    UnknownStandardError,
)
from ecociv.standards import Standard
from ecociv.units import canonical_unit, conversion


ROOT = Path(__file__).parent.parent
MINIMAL = (ROOT / "tests" / "data" / "minimal-standard.toml").read_text(
    encoding="utf-8"
)

RULE = 'rule = { kind = "threshold", op = "<=", value = 25 }'


@attrs.frozen
class Case:
    """One bad input: how to feed it, and the error and message expected."""

    name: str
    feed: Callable[[Path], Any]
    error: type[EcocivError] | None  # None: accepted, with an issue listed
    message: str


def _std(text: str) -> Callable[[Path], Any]:
    return lambda _: ecociv.standards.loads(text, path="corpus.toml")


def _rule(rule: str) -> Callable[[Path], Any]:
    return _std(MINIMAL.replace(RULE, rule))


def _sub(old: str, new: str) -> Callable[[Path], Any]:
    assert old in MINIMAL, old
    return _std(MINIMAL.replace(old, new, 1))


def _csv(content: str | bytes, *, encoding: str = "utf-8") -> Callable[[Path], Any]:
    data = content.encode(encoding) if isinstance(content, str) else content

    def feed(tmp: Path) -> Any:
        path = tmp / "data.csv"
        path.write_bytes(data)
        return Observations.from_csv(path, _county(), strict=True)

    return feed


def _lenient(content: str, *, encoding: str = "utf-8") -> Callable[[Path], Any]:
    def feed(tmp: Path) -> Any:
        path = tmp / "data.csv"
        path.write_bytes(content.encode(encoding))
        obs = Observations.from_csv(path, _county(), strict=False)
        return "\n".join(str(p) for p in obs.issues)

    return feed


def _records(*records: Any) -> Callable[[Path], Any]:
    return lambda _: Observations.from_records(records, _county(), file="recs")


def _ind(ind_id: str, unit: str, direction: str, extra: str = "") -> Any:
    block = (
        f'\n[[indicators]]\nid = "{ind_id}"\nname_zh = "某"\nname_en = "X"\n'
        f'unit = "{unit}"\ndirection = "{direction}"\n{extra}\n'
    )
    return _std(MINIMAL + block)


def _county() -> Standard:
    return ecociv.standards.load("mee-2024-county")


LONG = "region,indicator,year,value,unit\n"
WIDE = "region,indicator,unit,2023,2024\n"


def _row(value: str, unit: str = "", ind: str = "PM2.5浓度", year: str = "2024") -> str:
    return LONG + f"330683,{ind},{year},{value},{unit}\n"


def _bound_cases() -> Iterator[Case]:
    """Standards whose bound or due year cannot be the source's: refused at load.

    A bound outside its indicator's range is a typo (every region fails, or
    passes), and so is a threshold that is not the bound its target text
    prints; a due year that is no year is refused as a data year is.
    """
    s = StandardFileError
    yield Case(
        "threshold-bound-below-range",
        _rule('rule = { kind = "threshold", op = "<=", value = -5 }'),
        s,
        "bound -5 μg/m³ is below the possible range of pm25_annual_mean "
        "(accepted: 0 to ∞ μg/m³) @ $.requirements[0].rule.value",
    )
    forest = MINIMAL.replace(
        'indicator = "pm25_annual_mean"', 'indicator = "forest_coverage"'
    ).replace(
        RULE,
        'rule = { kind = "any_of", rules = [{ kind = "threshold", op = ">=", '
        'value = 50 }, { kind = "threshold", op = ">=", value = 130 }] }',
    )
    yield Case(
        "threshold-bound-nested-above-range",
        _std(forest),
        s,
        "bound 130 % is above the possible range of forest_coverage "
        "(accepted: 0 to 100 %) @ $.requirements[0].rule.rules[1].value",
    )
    for printed in ("≤35", "≥25", "<25"):
        yield Case(
            f"threshold-disagrees-with-target-text-{printed}",
            _sub('target_text = "≤25"', f'target_text = "{printed}"'),
            s,
            f"target_text '{printed}' prints {printed}, the rule says ≤25",
        )
    yield Case(
        "due-year-no-year",
        _sub("binding = true", "binding = true\ndue = 1800"),
        s,
        "due year 1800 is outside 1949..2100",
    )


def _standard_cases() -> Iterator[Case]:
    s = StandardFileError
    yield Case("toml-syntax", _std("id = "), s, "not valid TOML")
    yield Case("toml-unclosed-table", _std("[requirements"), s, "not valid TOML")
    yield Case("toml-duplicate-key", _std('id = "a"\nid = "b"'), s, "not valid TOML")
    yield Case("toml-empty", _std(""), s, "corpus.toml")
    yield Case("toml-binary", _std("\x00\x01\x02"), s, "not valid TOML")
    yield Case("toml-array-root", _std("x = [1, 2]"), s, "x")
    yield Case(
        "unknown-top-key", _sub('issuer = "nobody"', 'issuer = "n"\nfoo = 1'), s, "foo"
    )
    yield Case(
        "unknown-req-key",
        _sub('confidence = "B"', 'confidence = "B"\nwat = 1'),
        s,
        "wat",
    )
    yield Case("missing-id", _sub('id = "my-standard"\n', ""), s, "id")
    yield Case("id-wrong-type", _sub('id = "my-standard"', "id = 5"), s, "$.id")
    yield Case(
        "level-unknown", _sub('level = "county"', 'level = "galaxy"'), s, "$.level"
    )
    yield Case("level-wrong-type", _sub('level = "county"', "level = 3"), s, "$.level")
    yield Case(
        "issued-not-date",
        _sub("issued = 2025-01-01", 'issued = "yesterday"'),
        s,
        "$.issued",
    )
    yield Case(
        "issued-datetime",
        _sub("issued = 2025-01-01", "issued = 2025-01-01T10:00:00"),
        s,
        "date and time",
    )
    yield Case(
        "issued-number", _sub("issued = 2025-01-01", "issued = 2025"), s, "$.issued"
    )
    yield Case(
        "binding-string", _sub("binding = true", 'binding = "yes"'), s, "binding"
    )
    yield Case(
        "missing-list", _sub('missing = ["rows 2-9"]', 'missing = "rows"'), s, "missing"
    )
    yield Case(
        "completeness-unknown",
        _sub('completeness = "partial"', 'completeness = "most"'),
        s,
        "completeness",
    )
    yield Case(
        "confidence-unknown",
        _sub('confidence = "B"', 'confidence = "Z"'),
        s,
        "confidence",
    )
    yield Case(
        "unknown-indicator",
        _sub('indicator = "pm25_annual_mean"', 'indicator = "pm26"'),
        s,
        "unknown indicator 'pm26' @ $.requirements[0].indicator",
    )
    yield Case(
        "unknown-domain",
        _sub('domain = "d"\ntask', 'domain = "x"\ntask'),
        s,
        "unknown domain 'x'",
    )
    yield Case("unknown-task", _sub('task = "t"', 'task = "q"'), s, "unknown task 'q'")
    yield Case(
        "unknown-source",
        _sub('sources = ["T"]', 'sources = ["Q"]'),
        s,
        "unknown source 'Q'",
    )
    yield Case(
        "unknown-extends",
        _sub('issuer = "nobody"', 'issuer = "n"\nextends = "nope"'),
        s,
        "$.extends",
    )
    yield Case(
        "unknown-region",
        _sub('issuer = "nobody"', 'issuer = "n"\nregion = "999999"'),
        s,
        "$.region",
    )
    yield Case(
        "duplicate-req-id",
        _std(MINIMAL + MINIMAL[MINIMAL.index("[[requirements]]") :]),
        s,
        "duplicate requirement id '1'",
    )
    yield Case("rule-kind-unknown", _rule('rule = { kind = "magic" }'), s, "magic")
    yield Case(
        "rule-kind-missing", _rule('rule = { op = "<=", value = 25 }'), s, "kind"
    )
    yield Case("rule-kind-number", _rule("rule = { kind = 7 }"), s, "kind")
    yield Case("rule-not-table", _rule('rule = "<= 25"'), s, "rule")
    yield Case(
        "rule-op-unknown",
        _rule('rule = { kind = "threshold", op = "=<", value = 25 }'),
        s,
        "op",
    )
    yield Case(
        "rule-value-string",
        _rule('rule = { kind = "threshold", op = "<=", value = "25" }'),
        s,
        "value",
    )
    yield Case(
        "rule-value-bool",
        _rule('rule = { kind = "threshold", op = "<=", value = true }'),
        s,
        "value",
    )
    yield Case(
        "rule-value-nan",
        _rule('rule = { kind = "threshold", op = "<=", value = nan }'),
        s,
        "finite",
    )
    yield Case(
        "rule-value-inf",
        _rule('rule = { kind = "threshold", op = "<=", value = inf }'),
        s,
        "finite",
    )
    yield Case(
        "rule-value-neg-inf",
        _rule('rule = { kind = "threshold", op = ">=", value = -inf }'),
        s,
        "finite",
    )
    yield Case(
        "rule-extra-key",
        _rule('rule = { kind = "threshold", op = "<=", value = 25, x = 1 }'),
        s,
        "x",
    )
    yield Case(
        "rule-missing-value",
        _rule('rule = { kind = "threshold", op = "<=" }'),
        s,
        "value",
    )
    yield Case(
        "rule-allof-not-list",
        _rule('rule = { kind = "all_of", rules = 3 }'),
        s,
        "rules",
    )
    yield Case(
        "rule-nested-unknown",
        _rule('rule = { kind = "all_of", rules = [{ kind = "nope" }] }'),
        s,
        "nope",
    )
    yield Case(
        "rule-indicator-unknown",
        _rule(
            'rule = { kind = "all_of", rules = [{ kind = "threshold", op = "<=", '
            'value = 1, indicator = "zzz" }] }'
        ),
        s,
        "zzz",
    )
    yield Case(
        "indicator-bad-unit",
        _ind("x_y", "furlongs", "higher"),
        s,
        "furlongs",
    )
    yield Case(
        "indicator-noncanonical-unit",
        _ind("x_y", "ug/m3", "higher"),
        s,
        "canonical form",
    )
    yield Case(
        "indicator-bad-id",
        _ind("X Y", "%", "higher"),
        s,
        "lower-case",
    )
    yield Case(
        "indicator-bad-direction",
        _ind("x_y", "%", "up"),
        s,
        "direction",
    )
    yield Case(
        "indicator-minimum-string",
        _ind("x_y", "%", "higher", 'minimum = "0"'),
        s,
        "minimum",
    )
    yield Case(
        "indicator-maximum-nan",
        _ind("x_y", "%", "higher", "maximum = nan"),
        s,
        "maximum",
    )
    yield Case(
        "many-problems-listed",
        _std(
            MINIMAL.replace('level = "county"', 'level = "x"').replace(
                'task = "t"', 'task = "q"'
            )
        ),
        s,
        "problem",
    )


def _standard_file_cases() -> Iterator[Case]:
    s = StandardFileError

    def file(data: bytes) -> Callable[[Path], Any]:
        def feed(tmp: Path) -> Any:
            p = tmp / "std.toml"
            p.write_bytes(data)
            return ecociv.standards.load_file(p)

        return feed

    yield Case(
        "std-file-missing",
        lambda tmp: ecociv.standards.load_file(tmp / "no.toml"),
        s,
        "cannot read the file",
    )
    yield Case("std-file-gbk", file(MINIMAL.encode("gb18030")), s, "not UTF-8")
    yield Case("std-file-latin1", file(b'id = "\xe9"'), s, "not UTF-8")
    yield Case(
        "std-file-directory",
        ecociv.standards.load_file,
        s,
        "cannot read the file",
    )
    yield Case(
        "std-unknown-bundled",
        lambda _: ecociv.standards.load("mee-2099"),
        UnknownStandardError,
        "mee-2024-county",
    )


def _csv_cases() -> Iterator[Case]:  # noqa: PLR0915  (one statement per case)
    d = DataError
    yield Case("csv-empty", _csv(""), d, "the file is empty")
    yield Case(
        "csv-missing",
        lambda tmp: Observations.from_csv(tmp / "no.csv", _county()),
        d,
        "cannot read the file",
    )
    yield Case(
        "csv-directory",
        lambda tmp: Observations.from_csv(tmp, _county()),
        d,
        "cannot read the file",
    )
    yield Case("csv-utf16", _csv(_row("35"), encoding="utf-16"), d, "UTF-16")
    yield Case(
        "csv-undecodable",
        _csv(b"region,indicator\n\xff\xff\xff\n"),
        d,
        "neither UTF-8 nor GBK",
    )
    yield Case("csv-header-unknown", _csv("a,b,c\n1,2,3\n"), d, "neither long form")
    yield Case(
        "csv-header-missing-year",
        _csv("region,indicator,value\n330683,PM2.5浓度,35\n"),
        d,
        "missing column(s) year",
    )
    yield Case(
        "csv-header-extra",
        _csv("region,indicator,year,value,colour\n"),
        d,
        "unknown column(s) colour",
    )
    yield Case(
        "csv-header-twice",
        _csv("region,indicator,year,value,value\n"),
        d,
        "named twice: value",
    )
    yield Case(
        "csv-wide-bad-target",
        _csv("region,indicator,unit,2023,target_2025\n"),
        d,
        "target column(s)",
    )
    yield Case(
        "csv-wide-no-years",
        _csv("region,indicator,unit\n330683,PM2.5浓度,\n"),
        d,
        "no year columns",
    )
    yield Case("csv-short-row", _csv(LONG + "330683,PM2.5浓度,2024\n"), d, "data.csv:2")
    yield Case(
        "csv-long-row", _csv(LONG + "330683,PM2.5浓度,2024,35,,9\n"), d, "has 6 cells"
    )
    yield Case(
        "csv-region-letters",
        _csv(LONG + "33068x,PM2.5浓度,2024,35,\n"),
        d,
        "region code '33068x'",
    )
    yield Case(
        "csv-region-short", _csv(LONG + "3306,PM2.5浓度,2024,35,\n"), d, "not 6 digits"
    )
    yield Case(
        "csv-region-blank", _csv(LONG + ",PM2.5浓度,2024,35,\n"), d, "region code ''"
    )
    yield Case(
        "csv-indicator-unknown",
        _csv(_row("35", ind="PM2.6浓度")),
        d,
        "unknown indicator 'PM2.6浓度'",
    )
    yield Case(
        "csv-indicator-blank", _csv(_row("35", ind="")), d, "unknown indicator ''"
    )
    yield Case(
        "csv-year-words",
        _csv(_row("35", year="二〇二四")),
        d,
        "year '二〇二四' is not a 4-digit year",
    )
    yield Case(
        "csv-year-suffix", _csv(_row("35", year="2024年")), d, "not a 4-digit year"
    )
    yield Case(
        "csv-year-float", _csv(_row("35", year="2024.0")), d, "not a 4-digit year"
    )
    yield Case(
        "csv-year-early", _csv(_row("35", year="1800")), d, "year 1800 is outside"
    )
    yield Case(
        "csv-year-late", _csv(_row("35", year="2300")), d, "year 2300 is outside"
    )
    yield Case("csv-value-word", _csv(_row("good")), d, "value 'good' is not a number")
    yield Case("csv-value-nan", _csv(_row("NaN")), d, "not a finite number")
    yield Case("csv-value-inf", _csv(_row("inf")), d, "not a finite number")
    yield Case(
        "csv-value-neg-infinity", _csv(_row("-Infinity")), d, "not a finite number"
    )
    yield Case("csv-value-huge", _csv(_row("1e999")), d, "not a finite number")
    yield Case("csv-value-underscore", _csv(_row("1_000")), d, "not a number")
    yield Case("csv-value-two-dots", _csv(_row("3.5.1")), d, "not a number")
    yield Case(
        "csv-value-bad-grouping",
        _csv(_row('"1,23"')),
        d,
        "misplaced thousands separator",
    )
    yield Case(
        "csv-value-euro-decimal",
        _csv(_row('"35,5"')),
        d,
        "misplaced thousands separator",
    )
    yield Case("csv-value-hex", _csv(_row("0x23")), d, "0x23")
    yield Case(
        "csv-value-percent-negative",
        _csv(_row("-5", ind="森林覆盖率")),
        d,
        "below the possible range of forest_coverage",
    )
    yield Case(
        "csv-value-percent-over",
        _csv(_row("100.5", ind="森林覆盖率")),
        d,
        "above the possible range of forest_coverage (accepted: 0 to 100 %)",
    )
    yield Case(
        "csv-value-fraction-over",
        _csv(_row("1.2", "fraction", ind="森林覆盖率")),
        d,
        "value 120 % is above",
    )
    yield Case(
        "csv-value-concentration-negative",
        _csv(_row("-3")),
        d,
        "below the possible range of pm25_annual_mean",
    )
    yield Case(
        "csv-target-percent-over",
        _csv("region,indicator,year,value,target\n330683,森林覆盖率,2024,50,120\n"),
        d,
        "target 120 % is above",
    )
    yield Case(
        "csv-target-word",
        _csv("region,indicator,year,value,target\n330683,森林覆盖率,2024,50,high\n"),
        d,
        "target 'high' is not a number",
    )
    yield Case(
        "csv-unit-unknown",
        _csv(_row("35", "furlongs")),
        d,
        "unknown unit 'furlongs' for indicator 'pm25_annual_mean'",
    )
    yield Case(
        "csv-unit-dimension",
        _csv(_row("35", "%")),
        d,
        "does not convert to 'μg/m³' (different dimensions",
    )
    yield Case(
        "csv-unit-fact-dash",
        _csv(_row("35", "-")),
        d,
        "'-' marks an institutional fact",
    )
    yield Case(
        "csv-unit-area-for-share",
        _csv(_row("35", "km2", ind="森林覆盖率")),
        d,
        "different dimensions",
    )
    yield Case(
        "csv-glued-unit-disagrees",
        _csv(_row("35μg/m3", "mg/m3")),
        d,
        "carries the unit 'μg/m3' but the row's unit is 'mg/m3'",
    )
    yield Case(
        "csv-glued-unit-unknown", _csv(_row("35parsecs")), d, "unknown unit 'parsecs'"
    )
    yield Case("csv-glued-unit-dimension", _csv(_row("35%")), d, "different dimensions")
    yield Case(
        "csv-fact-unit",
        _csv(_row("建立", "%", ind="党政领导干部生态环境损害责任追究制度")),
        d,
        "takes no unit",
    )
    yield Case(
        "csv-fact-word",
        _csv(_row("maybe", ind="党政领导干部生态环境损害责任追究制度")),
        d,
        "not a yes/no state",
    )
    yield Case(
        "csv-duplicate-conflict",
        _csv(_row("35") + "330683,PM2.5浓度,2024,36,\n"),
        d,
        "duplicate row with a different value",
    )
    yield Case(
        "csv-duplicate-conflict-units",
        _csv(_row("35") + "330683,PM2.5浓度,2024,0.036,mg/m3\n"),
        d,
        "data.csv:3",
    )
    yield Case(
        "csv-wide-bad-cell",
        _csv(WIDE + "330683,PM2.5浓度,,30,abc\n"),
        d,
        "year 2024: value 'abc'",
    )
    yield Case(
        "csv-wide-short-row", _csv(WIDE + "330683,PM2.5浓度,30\n"), d, "has 3 cells"
    )
    yield Case(
        "csv-nul-bytes",
        _csv(LONG.encode() + b"330683,PM2.5\x00,2024,35,\n"),
        d,
        "data.csv",
    )
    yield Case(
        "csv-unclosed-quote", _csv(LONG + '330683,"PM2.5浓度,2024,35,\n'), d, "data.csv"
    )
    yield Case(
        "csv-huge-field",
        _csv(LONG + '330683,"' + "x" * 200_000 + '",2024,35,\n'),
        d,
        "not a readable CSV file",
    )
    yield Case("csv-only-blank-lines", _csv("\n\n\n"), d, "data.csv")
    yield Case(
        "csv-gbk-bad-indicator",
        _csv(_row("35", ind="PM3浓度"), encoding="gbk"),
        d,
        "unknown indicator 'PM3浓度'",
    )
    yield Case(
        "csv-many-bad-rows",
        _csv(LONG + "1,PM2.5浓度,2024,35,\n2,PM2.5浓度,2024,35,\n"),
        d,
        "2 problems in the data",
    )
    yield Case(
        "lenient-unknown-indicator",
        _lenient(_row("35", ind="PM9")),
        None,
        "data.csv:2, region 330683, indicator PM9, year 2024: unknown indicator",
    )
    yield Case(
        "lenient-unit-refused",
        _lenient(_row("35", "furlongs")),
        None,
        "unknown unit 'furlongs'",
    )
    yield Case(
        "lenient-duplicate",
        _lenient(_row("35") + "330683,PM2.5浓度,2024,36,\n"),
        None,
        "data.csv:3, region 330683, indicator pm25_annual_mean, year 2024: duplicate",
    )
    yield Case(
        "lenient-range",
        _lenient(_row("-1", ind="森林覆盖率")),
        None,
        "indicator forest_coverage",
    )
    yield Case(
        "lenient-year-window",
        _lenient(_row("35", year="1900")),
        None,
        "year 1900 is outside",
    )
    yield Case(
        "lenient-string-year", _lenient(_row("35", year="last")), None, "year 'last'"
    )


def _record_cases() -> Iterator[Case]:
    d = DataError
    good = {"region": "330683", "indicator": "pm25_annual_mean", "year": 2024}
    yield Case(
        "rec-not-mapping",
        _records(["330683", "pm25", 2024, 35]),
        d,
        "record is a list, not a mapping",
    )
    yield Case("rec-none", _records(None), d, "record is a NoneType")
    yield Case("rec-no-keys", _records({"value": 3}), d, "recs:2: region code ''")
    yield Case(
        "rec-value-inf", _records({**good, "value": math.inf}), d, "not a finite number"
    )
    yield Case(
        "rec-value-bool",
        _records({**good, "value": True}),
        d,
        "value 'True' is not a number",
    )
    yield Case("rec-value-list", _records({**good, "value": [1]}), d, "is not a number")
    yield Case(
        "rec-year-float",
        _records({**good, "year": 2024.5, "value": 3}),
        d,
        "not a 4-digit year",
    )
    yield Case(
        "rec-year-negative",
        _records({**good, "year": -2024, "value": 3}),
        d,
        "not a 4-digit year",
    )
    yield Case(
        "rec-region-int",
        _records({**good, "region": 12, "value": 3}),
        d,
        "not 6 digits",
    )
    yield Case(
        "rec-indicator-none",
        _records({**good, "indicator": None, "value": 3}),
        d,
        "unknown indicator",
    )
    yield Case(
        "rec-unit-object",
        _records({**good, "value": 3, "unit": object()}),
        d,
        "unknown unit",
    )
    yield Case(
        "rec-private-key",
        _records({**good, "value": "x", "__row__": 7}),
        d,
        "unknown column(s) __row__",
    )


def _unit_cases() -> Iterator[Case]:
    u = UnitError
    yield Case("unit-empty", lambda _: canonical_unit(""), u, "no unit given")
    yield Case(
        "unit-unknown", lambda _: canonical_unit("furlong"), u, "unknown unit 'furlong'"
    )
    yield Case(
        "unit-fuzzy-not-matched",
        lambda _: canonical_unit("ug/m 3"),
        u,
        "not an accepted spelling",
    )
    yield Case(
        "unit-dimensions", lambda _: conversion("km²", "%"), u, "different dimensions"
    )
    yield Case("unit-fact", lambda _: conversion("-", "%"), u, "institutional fact")
    yield Case(
        "unit-points-vs-number",
        lambda _: conversion("point", "1"),
        u,
        "does not convert",
    )
    yield Case(
        "unit-with-indicator",
        lambda _: conversion("t", "%", indicator_id="x"),
        u,
        "for indicator 'x'",
    )
    ex = ROOT / "examples" / "shengzhou-illustrative.csv"

    def assess(region: Any, year: Any) -> Callable[[Path], Any]:
        return lambda _: ecociv.assess(
            _county(), region, Observations.from_csv(ex, _county()), year
        )

    yield Case(
        "assess-region-unknown", assess("999999", 2024), UnknownRegionError, "999999"
    )
    yield Case(
        "assess-year-string",
        assess("330683", "2024"),
        ArgumentError,
        "year '2024' (str)",
    )
    yield Case("assess-year-none", assess("330683", None), ArgumentError, "year None")
    yield Case(
        "assess-year-float", assess("330683", 2024.5), ArgumentError, "year 2024.5"
    )
    yield Case(
        "assess-region-int", assess(330683, 2024), ArgumentError, "region 330683 (int)"
    )
    # A year outside the limits, as the reader refuses a year cell: one rule
    # (ecociv.limits.outside_years) for every way a year comes in.
    for year, why in ((24, "outside 1949..2100"), (-5, "not a 4-digit year")):
        yield Case(f"assess-year-{year}", assess("330683", year), ArgumentError, why)
    yield Case(
        "assess-many-years-one-outside",
        lambda _: ecociv.assess_many(
            Observations.from_csv(ex, _county()), _county(), [2024, 3024]
        ),
        ArgumentError,
        "year 3024 is outside 1949..2100",
    )
    # No region asked for judges none, and said nothing; one region twice,
    # with and without overrides: which to judge?
    central = Region.from_code("330683", region_class="central")
    for name, regions, why in (
        ("none", [], "give at least one region (None: every region)"),
        ("twice-differently", [central, "330683"], "330683 is given twice"),
    ):
        yield Case(
            f"assess-many-regions-{name}",
            _later(
                lambda r: ecociv.assess_many(
                    Observations.from_csv(ex, _county()), _county(), 2024, regions=r
                ),
                regions,
            ),
            ArgumentError,
            why,
        )
    yield Case(
        "assess-standard-none",
        lambda _: ecociv.assess(None, "330683", (), 2024),  # type: ignore[arg-type]
        ArgumentError,
        "standard None",
    )
    yield Case(
        "region-unknown",
        lambda _: Region.from_code("999999"),
        UnknownRegionError,
        "999999",
    )
    yield Case(
        "region-malformed", lambda _: Region.from_code("abc"), UnknownRegionError, "abc"
    )
    yield Case(
        "indicator-unknown",
        lambda _: _county().catalog.find("PM 2.6"),
        UnknownIndicatorError,
        "PM 2.6",
    )


def _limit_cases() -> Iterator[Case]:
    d = DataError

    def with_limit(
        name: str, value: int, feed: Callable[[Path], Any]
    ) -> Callable[[Path], Any]:
        def run(tmp: Path) -> Any:
            old = getattr(ecociv.limits, name)
            setattr(ecociv.limits, name, value)
            try:
                return feed(tmp)
            finally:
                setattr(ecociv.limits, name, old)

        return run

    big = LONG + "".join(f"330683,PM2.5浓度,{y},35,\n" for y in range(2000, 2030))
    yield Case(
        "limit-file-bytes",
        with_limit("max_file_bytes", 100, _csv(big)),
        d,
        "ecociv.limits.max_file_bytes = 100",
    )
    yield Case(
        "limit-rows",
        with_limit("max_rows", 10, _csv(big)),
        d,
        "ecociv.limits.max_rows = 10",
    )
    recs = [{"region": "330683", "indicator": "pm25", "year": 2024, "value": 1}] * 20
    yield Case(
        "limit-records",
        with_limit("max_rows", 10, _records(*recs)),
        d,
        "more than 10 records",
    )
    yield Case(
        "limit-standard-text",
        with_limit("max_standard_bytes", 50, _std(MINIMAL)),
        StandardFileError,
        "max_standard_bytes",
    )

    def std_file(tmp: Path) -> Any:
        p = tmp / "big.toml"
        p.write_text(MINIMAL, "utf-8")
        return ecociv.standards.load_file(p)

    yield Case(
        "limit-standard-file",
        with_limit("max_standard_bytes", 50, std_file),
        StandardFileError,
        "over 50 bytes",
    )


def _later(fn: Callable[[Any], Any], arg: Any) -> Callable[[Path], Any]:
    """Return a feed that calls ``fn(arg)`` (a case's input, bound now)."""
    return lambda _: fn(arg)


def _engine_cases() -> Iterator[Case]:
    """Wrong verdicts made impossible: refused at the engine's and loader's doors."""
    a, s, d = ArgumentError, StandardFileError, DataError
    county = "330683"
    coef = "irrigation_water_use_coefficient"

    def obs(*items: tuple[str, float, str]) -> list[Observation]:
        return [Observation(county, i, 2024, v, u) for i, v, u in items]

    # A coefficient written with the table's printed "%": never 0.006.
    for value in (0.6, 1.0):
        yield Case(
            f"coefficient-percent-assess-{value}",
            _later(
                lambda v: ecociv.assess(_county(), county, obs((coef, v, "%")), 2024),
                value,
            ),
            d,
            f"value {value:g} % for {coef}",
        )
    yield Case(
        "coefficient-percent-assess-many",
        lambda _: ecociv.assess_many(
            Observations(obs((coef, 0.55, "%"))), _county(), 2024
        ),
        d,
        "a coefficient lies between 0 and 1",
    )
    yield Case(
        "coefficient-percent-csv",
        _csv(LONG + f"330683,{coef},2024,0.6,%\n"),
        d,
        "data.csv:2, region 330683, indicator irrigation_water_use_coefficient",
    )
    yield Case(
        "hand-built-unit-unknown",
        lambda _: ecociv.assess(
            _county(), county, obs(("pm25_annual_mean", 26.0, "t")), 2024
        ),
        UnitError,
        "pm25_annual_mean",
    )
    yield Case(
        "hand-built-fact-with-unit",
        lambda _: ecociv.assess(
            _county(), county, obs(("biodiversity_survey", 1.0, "%")), 2024
        ),
        d,
        "an institutional fact takes no unit, got '%'",
    )
    yield Case(
        "observations-one-key-twice",
        lambda _: Observations(obs(("pm25_annual_mean", 1.0, "")) * 2),
        d,
        "two observations for ('330683', 'pm25_annual_mean', 2024)",
    )
    # A hand-built observation's fields have their types: text is read by the
    # readers' cell rules, never by float() alone; a bool is no number.
    fields: list[tuple[str, dict[str, Any], type[EcocivError], str]] = [
        ("region-int", {"region": 330683}, a, "region 330683 (int)"),
        ("indicator-none", {"indicator": None}, a, "indicator None"),
        ("unit-none", {"unit": None}, a, "accepted: text"),
        ("value-text", {"value": "30"}, a, "accepted: a number, True or False"),
        ("target-text", {"target": "25"}, a, "target '25' (str)"),
        ("target-bool", {"target": True}, a, "target True (bool)"),
        ("target-inf", {"target": math.inf}, d, "target must be finite"),
        ("target-nan", {"target": math.nan}, d, "year 2024: target must be finite"),
        ("value-inf", {"value": math.inf}, d, "value must be finite, got inf"),
        ("reference-text", {"reference": "x"}, a, "reference 'x' (str)"),
        ("applicable-text", {"applicable": "no"}, a, "accepted: True or False"),
        ("given-int", {"given": 5}, a, "accepted: text or None"),
    ]
    for name, over, error, why in fields:
        kwargs = {
            "region": county,
            "indicator": "pm25_annual_mean",
            "year": 2024,
            "value": 30.0,
            "unit": "",
            **over,
        }
        build = _later(lambda k: Observation(**k), kwargs)
        yield Case(f"observation-{name}", build, error, why)
    # A hand-built year: an integer within the limits, as a year cell (a
    # bool was year 1, 99999 crashed with numpy's OverflowError).
    for year, why in (
        (True, "year True is not an integer"),
        (2024.0, "year 2024.0 is not an integer"),
        ("2024", "year '2024' is not an integer"),
        (24, "year 24: year 24 is outside 1949..2100"),
        (99999, "year 99999 is not a 4-digit year"),
    ):
        yield Case(
            f"observations-year-{year!r}",
            _later(
                Observations,
                [Observation(county, "pm25_annual_mean", year, 30.0, "")],  # type: ignore[arg-type]
            ),
            d,
            why,
        )
    for name, items in (("text", "abc"), ("numbers", [1, 2]), ("none", [None])):
        yield Case(f"observations-of-{name}", _later(Observations, items), a, "items")
    # One standard id twice: counted together, so refused.
    twice = {
        "same-object": lambda std: [std, std],
        "object-and-id": lambda std: [std, "mee-2024-county"],
        "evolved-same-id": lambda std: [std, attrs.evolve(std, title_en="mine")],
    }
    for form, make in twice.items():
        yield Case(
            f"standard-twice-assess-many-{form}",
            _later(
                lambda m: ecociv.assess_many(Observations(()), m(_county()), 2024), make
            ),
            a,
            "each standard once",
        )
        yield Case(
            f"standard-twice-compare-{form}",
            _later(
                lambda m: ecociv.compare_versions(m(_county()), county, [], 2024), make
            ),
            a,
            "each standard once",
        )
    yield Case(
        "standard-claims-bundled-id",
        _sub('id = "my-standard"', 'id = "mee-2024-county"'),
        s,
        "give your standard its own id @ $.id",
    )
    # Rules and indicators that do not fit.
    fact = '{ kind = "fact", state = "established" }'
    yield Case(
        "fact-rule-on-pm25",
        _rule(f"rule = {fact}"),
        s,
        "a fact rule judges yes/no states, but 'pm25_annual_mean' is a quantity "
        "(μg/m³) @ $.requirements[0].rule",
    )
    yield Case(
        "fact-rule-nested-on-pm25",
        _rule(
            'rule = { kind = "any_of", rules = [{ kind = "threshold", op = "<=", '
            f"value = 25 }}, {fact}] }}"
        ),
        s,
        "@ $.requirements[0].rule.rules[1]",
    )
    yield Case(
        "threshold-on-fact",
        _sub('indicator = "pm25_annual_mean"', 'indicator = "ecological_red_line"'),
        s,
        "a threshold rule judges numbers, but 'ecological_red_line' is a fact",
    )
    yield Case(
        "trend-on-fact",
        _std(
            MINIMAL.replace(
                'indicator = "pm25_annual_mean"', 'indicator = "ecological_red_line"'
            ).replace(RULE, 'rule = { kind = "trend", trend = "improving" }')
        ),
        s,
        "a trend rule judges numbers",
    )
    for unit, kind in (("mg/m³", "quantity"), ("μg/m³", "index"), ("-", "fact")):
        yield Case(
            f"redefine-shared-{kind}",
            _std(
                MINIMAL + '\n[[indicators]]\nid = "pm25_annual_mean"\nname_zh = "某"\n'
                f'name_en = "X"\nunit = "{unit}"\ndirection = "lower"\n'
                f'kind = "{kind}"\n'
            ),
            s,
            "give yours its own id @ $.indicators[0]",
        )
    # A small file nested deep: refused before the parser recurses.
    for depth in (33, 5000):
        for name, (op, close) in {
            "array": ("[", "]"),
            "table": ("{ a = ", "}"),
        }.items():
            yield Case(
                f"toml-nested-{name}-{depth}",
                _std(MINIMAL + "\nx = " + op * depth + "1" + close * depth + "\n"),
                s,
                "nest",
            )
    # Policies that lie: refused when made.
    bad: dict[str, dict[str, Any]] = {
        "comparison-bogus": {"comparison": "bogus"},
        "comparison-number": {"comparison": 3},
        "window-0": {"window": 0},
        "window-1": {"window": 1},
        "window-fraction": {"window": 3.5},
        "window-text": {"window": "3"},
        "window-bool": {"window": True},
        "window-huge": {"window": 10**8},
        "tolerance-negative": {"tolerance": -1},
        "tolerance-inf": {"tolerance": math.inf},
        "tolerance-nan": {"tolerance": math.nan},
        "tolerance-text": {"tolerance": "0.1"},
        "tolerances-negative": {"tolerances": {"pm25_annual_mean": -0.5}},
        "tolerances-inf": {"tolerances": {"pm25_annual_mean": math.inf}},
        "tolerances-list": {"tolerances": ["pm25_annual_mean"]},
    }
    for name, kwargs in bad.items():
        yield Case(
            f"policy-{name}",
            _later(lambda k: ecociv.TrendPolicy(**k), kwargs),
            a,
            next(iter(kwargs)).rstrip("s"),
        )
    for name, policy in (("dict", {"window": 3}), ("word", "consecutive")):
        yield Case(
            f"policy-as-{name}-assess",
            _later(
                lambda p: ecociv.assess(_county(), county, [], 2024, policy=p), policy
            ),
            a,
            "accepted: a TrendPolicy",
        )
        yield Case(
            f"policy-as-{name}-assess-many",
            _later(
                lambda p: ecociv.assess_many(
                    Observations(()), _county(), 2024, policy=p
                ),
                policy,
            ),
            a,
            "accepted: a TrendPolicy",
        )
    # Arguments of the wrong kind to assess_many.
    wrong: dict[str, tuple[dict[str, Any], str]] = {
        "standards-number": ({"standards": 5}, "standards 5"),
        "standards-empty": ({"standards": []}, "give at least one standard"),
        "standards-of-numbers": ({"standards": [5]}, "standards 5"),
        "years-text": ({"years": "2024"}, "year '2024'"),
        "years-empty": ({"years": []}, "give at least one year"),
        "years-fraction": ({"years": [2024, 2024.5]}, "year 2024.5"),
        "regions-number": ({"regions": 330683}, "regions 330683"),
        "regions-of-numbers": ({"regions": [330683]}, "region 330683"),
        "data-number": ({"data": 42}, "data 42"),
        "data-bytes": ({"data": b"region"}, "data b'region'"),
    }
    for name, (kwargs, message) in wrong.items():
        args: dict[str, Any] = {
            "data": Observations(()),
            "standards": "mee-2024-county",
            "years": 2024,
        }
        yield Case(
            f"assess-many-{name}",
            _later(lambda k: ecociv.assess_many(**k), args | kwargs),
            a,
            message,
        )
    for door, call in {
        "assess": lambda v: ecociv.assess(_county(), county, [], 2024, provisional=v),
        "assess-many": lambda v: ecociv.assess_many(
            Observations(()), _county(), 2024, provisional=v
        ),
    }.items():
        yield Case(
            f"provisional-as-text-{door}", _later(call, "yes"), a, "provisional 'yes'"
        )
    yield Case(
        "assess-observations-path",
        lambda _: ecociv.assess(_county(), county, "data.csv", 2024),  # type: ignore[arg-type]
        a,
        "observations 'data.csv'",
    )


def _door_cases() -> Iterator[Case]:  # noqa: PLR0915  (one statement per case)
    """Bad inputs at every door: Excel, Parquet, frames, records, assess_many."""
    import datetime as dt  # noqa: PLC0415  (kept with these cases: others edit this file)
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    import openpyxl  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    d = DataError
    cols = ["region", "indicator", "year", "value", "unit"]
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    new_year = dt.datetime(2024, 1, 1)  # noqa: DTZ001  (spreadsheet dates have no zone)

    def book(tmp: Path, rows: list[list[Any]], fmt: str | None = None) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        for row in rows:
            ws.append(row)
        if fmt:
            ws["D2"].number_format = fmt
        path = tmp / "data.xlsx"
        wb.save(path)
        return path

    def xlsx(*rows: list[Any], fmt: str | None = None) -> Callable[[Path], Any]:
        return lambda tmp: Observations.from_file(
            book(tmp, [cols, *rows], fmt), _county()
        )

    def sheet_xml(rows: str, dimension: str = "A1:E2", before: str = "") -> bytes:
        return (
            f'<?xml version="1.0"?>{before}<worksheet xmlns="{ns}"><dimension '
            f'ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
        ).encode()

    def patched(xml: bytes) -> Callable[[Path], Any]:
        def feed(tmp: Path) -> Any:
            path = book(tmp, [["x"]])
            with zipfile.ZipFile(path) as old:
                parts = {i.filename: old.read(i) for i in old.infolist()}
            parts["xl/worksheets/sheet1.xml"] = xml
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
                for name, data in parts.items():
                    new.writestr(name, data)
            return Observations.from_file(path, _county())

        return feed

    head = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{n}</t></is></c>'
        for c, n in zip("ABCDE", cols, strict=False)
    )
    head = f'<row r="1">{head}</row>'

    def row(value: str, n: int = 2) -> str:
        return (
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>330683</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>PM2.5浓度</t></is></c>'
            f'<c r="C{n}"><v>2024</v></c>{value}</row>'
        )

    def raw(
        data: bytes | Callable[[Path], bytes], suffix: str
    ) -> Callable[[Path], Any]:
        def feed(tmp: Path) -> Any:
            path = tmp / f"data{suffix}"
            path.write_bytes(data(tmp) if callable(data) else data)
            return Observations.from_file(path, _county())

        return feed

    def valid_xlsx(tmp: Path) -> bytes:
        return book(tmp, [cols, ["330683", "PM2.5浓度", 2024, 30]]).read_bytes()

    def limited(
        name: str, value: int, feed: Callable[[Path], Any]
    ) -> Callable[[Path], Any]:
        def run(tmp: Path) -> Any:
            old = getattr(ecociv.limits, name)
            setattr(ecociv.limits, name, value)
            try:
                return feed(tmp)
            finally:
                setattr(ecociv.limits, name, old)

        return run

    pm = ["330683", "PM2.5浓度", 2024]
    yield Case("xlsx-empty-file", raw(b"", ".xlsx"), d, "data.xlsx: the file is empty")
    yield Case(
        "xlsx-not-zip", raw(b"region,value\n", ".xlsx"), d, "cannot read an .xlsx"
    )
    yield Case(
        "xlsx-truncated", raw(lambda t: valid_xlsx(t)[:-300], ".xlsx"), d, "data.xlsx"
    )
    yield Case(
        "xlsx-old-xls",
        raw(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), ".xlsx"),
        d,
        "Excel 97-2003 (.xls)",
    )

    def zipped(parts: dict[str, bytes]) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return buf.getvalue()

    yield Case(
        "xlsx-zip-of-text",
        raw(zipped({"a.txt": b"hi"}), ".xlsx"),
        d,
        "data.xlsx: cannot read the workbook",
    )
    yield Case(
        "xlsx-sheet-not-xml",
        patched(b"<worksheet><sheetData><row>"),
        d,
        "data.xlsx: cannot read the workbook",
    )
    yield Case(
        "xlsx-dtd-entities",
        patched(sheet_xml(head, before='<!DOCTYPE w [<!ENTITY a "x">]>')),
        d,
        "data.xlsx: cannot read",
    )
    yield Case(
        "xlsx-rows-out-of-order",
        patched(sheet_xml(head + row("", 5) + row("", 3))),
        d,
        "row number '3' after row 5",
    )
    yield Case(
        "xlsx-cell-past-xfd",
        patched(sheet_xml(head + '<row r="2"><c r="ZZZ2"><v>1</v></c></row>')),
        d,
        "cell reference 'ZZZ2' in row 2",
    )
    bomb = sheet_xml(head, before="<!--" + " " * 30_000_000 + "-->")
    yield Case(
        "xlsx-zip-bomb",
        limited("max_unpacked_bytes", 5_000_000, patched(bomb)),
        d,
        "ecociv.limits.max_unpacked_bytes = 5,000,000",
    )
    yield Case(
        "xlsx-dimension-over-max-rows",
        patched(sheet_xml(head, dimension="A1:E5000000")),
        d,
        "declares 4,999,999 rows, which is over the limit ecociv.limits.max_rows",
    )
    yield Case(
        "xlsx-row-number-huge",
        patched(sheet_xml(head + row('<c r="D2"><v>1</v></c>', 2_000_000_000))),
        d,
        "data.xlsx: more than 1,000,000 data rows",
    )
    yield Case(
        "xlsx-formula-without-value",
        xlsx([*pm, "=20+15"]),
        d,
        "data.xlsx:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'=20+15' is a formula without a saved value",
    )
    yield Case(
        "xlsx-shared-formula-without-value",
        patched(sheet_xml(head + row('<c r="D2"><f t="shared" si="0"/></c>'))),
        d,
        "formula without a saved value",
    )
    yield Case(
        "xlsx-error-value",
        patched(sheet_xml(head + row('<c r="D2" t="e"><v>#DIV/0!</v></c>'))),
        d,
        "data.xlsx:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'#DIV/0!' is an Excel error value",
    )
    yield Case(
        "xlsx-damaged-shared-string",
        patched(sheet_xml(head + row('<c r="D2" t="s"><v>7</v></c>'))),
        d,
        "no such shared string",
    )
    yield Case(
        "xlsx-damaged-number",
        patched(sheet_xml(head + row('<c r="D2"><v>NaN</v></c>'))),
        d,
        "value 'NaN' is a damaged cell",
    )
    yield Case(
        "xlsx-missing-style",
        patched(sheet_xml(head + row('<c r="D2" s="42"><v>30</v></c>'))),
        d,
        "has a number format the workbook lacks",
    )
    yield Case(
        "xlsx-percent-for-concentration",
        xlsx([*pm, 0.3], fmt="0%"),
        d,
        "unit '%' for indicator 'pm25_annual_mean' does not convert",
    )
    yield Case(
        "xlsx-thousands-format",
        xlsx([*pm, 30000], fmt="#,##0,"),
        d,
        "value '30000' is shown as another number by its format '#,##0,'",
    )
    yield Case(
        "xlsx-moved-decimal-format",
        xlsx([*pm, 300000], fmt="0!.0000"),
        d,
        "is shown as another number",
    )
    yield Case(
        "xlsx-conditional-percent",
        xlsx([*pm, 0.3], fmt="[>=1]0%;0"),
        d,
        "has the conditional number format",
    )
    yield Case(
        "xlsx-date-in-year",
        xlsx(["330683", "PM2.5浓度", new_year, 30]),
        d,
        "year '2024-01-01 00:00:00' is a date, not a year",
    )
    yield Case(
        "xlsx-date-in-value",
        xlsx([*pm, new_year]),
        d,
        "indicator pm25_annual_mean, year 2024: value '2024-01-01 00:00:00' is a date",
    )
    yield Case(
        "xlsx-boolean-for-quantity",
        xlsx([*pm, True]),
        d,
        "value 'True' is not a number: a yes/no word",
    )

    def empty_first(tmp: Path) -> Any:
        wb = openpyxl.Workbook()
        wb.create_sheet("Data").append(cols)
        wb.save(tmp / "data.xlsx")
        return Observations.from_file(tmp / "data.xlsx", _county())

    yield Case(
        "xlsx-empty-first-sheet",
        empty_first,
        d,
        "data.xlsx: the first worksheet, 'Sheet', is empty; only the first "
        "worksheet is read (not Data)",
    )

    def lenient_xlsx(tmp: Path) -> Any:
        path = book(tmp, [cols, [*pm, "=A1"], ["330683", "PM2.5浓度", 2023, 30]])
        obs = Observations.from_file(path, _county(), strict=False)
        return "\n".join(str(p) for p in obs.issues)

    yield Case("xlsx-lenient-formula", lenient_xlsx, None, "data.xlsx:2, region 330683")

    def parquet(value: Any, **extra: Any) -> Callable[[Path], Any]:
        def feed(tmp: Path) -> Any:
            table = pa.table(
                {"region": ["330683"], "indicator": ["PM2.5浓度"], "year": [2024]}
                | {"value": value}
                | extra
            )
            pq.write_table(table, tmp / "data.parquet")
            return Observations.from_file(tmp / "data.parquet", _county())

        return feed

    yield Case(
        "pq-list-column",
        parquet(pa.array([[1.0]])),
        d,
        "data.parquet:1: column(s) hold lists or records, not one value per cell: "
        "value (list<element: double>)",
    )
    yield Case(
        "pq-struct-column",
        parquet(pa.array([{"a": 1}])),
        d,
        "value (struct<a: int64>)",
    )
    yield Case(
        "pq-map-column",
        parquet(pa.array([[("a", 1)]], type=pa.map_(pa.string(), pa.int64()))),
        d,
        "hold lists or records",
    )
    yield Case(
        "pq-inf",
        parquet(pa.array([float("inf")])),
        d,
        "data.parquet:2, region 330683, indicator pm25_annual_mean, year 2024: "
        "value 'inf' is not a finite number",
    )
    yield Case(
        "pq-neg-inf",
        parquet(pa.array([float("-inf")])),
        d,
        "value '-inf' is not a finite number",
    )
    yield Case(
        "pq-boolean-for-quantity",
        parquet(pa.array([False])),
        d,
        "value 'False' is not a number: a yes/no word",
    )
    yield Case("pq-bytes", parquet(pa.array([b"30"])), d, "value holds bytes, not text")
    yield Case(
        "pq-timestamp",
        parquet(pa.array([new_year])),
        d,
        "value '2024-01-01 00:00:00' is a date or time",
    )
    yield Case(
        "pq-date-outside-calendar",
        parquet(pa.array([10**8], type=pa.date32())),
        d,
        "data.parquet:1: cannot read column 'value' (date32[day])",
    )
    yield Case("pq-not-parquet", raw(b"PAR1 not really", ".parquet"), d, "data.parquet")
    yield Case("pq-empty-file", raw(b"", ".parquet"), d, "data.parquet")

    def name_not_utf8(tmp: Path) -> bytes:
        # A column's name in the file's schema whose bytes are not UTF-8
        # (pyarrow decodes the names as it opens the file); found by the fuzzer.
        parquet(pa.array(["30"]), unit=["μg/m³"])(tmp)
        return (tmp / "data.parquet").read_bytes().replace(b"unit", b"un\x80t")

    yield Case(
        "pq-column-name-not-utf8",
        raw(name_not_utf8, ".parquet"),
        d,
        "data.parquet: cannot read a Parquet file: 'utf-8' codec can't decode",
    )
    yield Case(
        "pq-unpacked-limit",
        limited("max_unpacked_bytes", 10, parquet(pa.array([30.0]))),
        d,
        "the file's data unpacks to",
    )
    yield Case(
        "pq-cells-limit",
        limited("max_cells", 3, parquet(pa.array([30.0]))),
        d,
        "1 rows of 4 columns (4 cells) is over the limit ecociv.limits.max_cells = 3",
    )
    for cell in ("+inf", "1e400", "+nan", "INFINITY"):
        yield Case(
            f"csv-value-{cell.lower()}",
            _csv(_row(cell)),
            d,
            f"data.csv:2, region 330683, indicator pm25_annual_mean, year 2024: "
            f"value '{cell}' is not a finite number",
        )
    yield Case(
        "csv-header-twice-once-padded",
        _csv("region,indicator,year, value ,value\n"),
        d,
        "data.csv:1: column(s) named twice: value",
    )
    yield Case(
        "csv-million-columns",
        _csv(",".join(f"c{k}" for k in range(1_000_000)) + "\n"),
        d,
        "unknown column(s) c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 999,990 more",
    )
    yield Case(
        "csv-date-text-value",
        _csv(_row("2024-01-01")),
        d,
        "value '2024-01-01' is a date or time, not a number",
    )
    yield Case(
        "csv-date-text-year",
        _csv(_row("30", year="2024年1月1日")),
        d,
        "data.csv:2, region 330683, indicator pm25_annual_mean: year '2024年1月1日' "
        "is a date, not a year",
    )
    yield Case(
        "csv-yes-word-quantity",
        _csv(_row("TRUE")),
        d,
        "value 'TRUE' is not a number: a yes/no word",
    )
    yield Case(
        "csv-huge-cell-excerpt",
        _csv(_row("9" * 100_000 + "x")),
        d,
        "value '" + "9" * 40 + "…' is not a number",
    )
    yield Case(
        "csv-huge-unit-excerpt",
        _csv(_row("30", "u" * 100_000)),
        d,
        "unknown unit '" + "u" * 40 + "…' for indicator 'pm25_annual_mean'",
    )
    yield Case(
        "csv-many-problems-bounded",
        _csv(LONG + "".join(f"{k},PM2.5浓度,2024,35,\n" for k in range(25))),
        d,
        "indicator pm25_annual_mean: region code '19' is not 6 digits\n"
        "  ... and 5 more problems",
    )
    yield Case(
        "csv-cells-limit",
        limited("max_cells", 5, _csv(_row("30") + "330683,PM2.5浓度,2023,31,\n")),
        d,
        "data.csv: 2 rows of 5 columns (10 cells) is over the limit",
    )

    def frame(**columns: Any) -> Callable[[Path], Any]:
        data = {"region": ["330683"], "indicator": ["PM2.5浓度"], "year": [2024]}
        df = pd.DataFrame(data | columns)
        return lambda _: Observations.from_frame(df, _county(), file="frame")

    yield Case(
        "frame-datetime-value",
        frame(value=pd.to_datetime(["2024-01-01"])),
        d,
        "frame:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'2024-01-01 00:00:00' is a date or time",
    )
    yield Case("frame-inf", frame(value=[float("-inf")]), d, "frame:2, region 330683")
    yield Case(
        "frame-bool-quantity",
        frame(value=[True]),
        d,
        "value 'True' is not a number: a yes/no word",
    )

    yield Case(
        "frame-bytes-value",
        frame(value=[b"31"]),
        d,
        "frame:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "holds bytes",
    )
    yield Case(
        "frame-text-and-bytes",
        lambda _: Observations.from_frame(
            pd.DataFrame(
                {
                    "region": ["330683", "330683"],
                    "indicator": ["PM2.5浓度", "PM2.5浓度"],
                    "year": [2024, 2023],
                    "value": pd.Series(["30", b"31"], dtype=object),
                }
            ),
            _county(),
            file="frame",
        ),
        d,
        "frame:3, region 330683, indicator pm25_annual_mean, year 2023: value "
        "holds bytes",
    )

    def arrow(**columns: Any) -> Callable[[Path], Any]:
        data = {"region": ["330683"], "indicator": ["PM2.5浓度"], "year": [2024]}
        table = pa.table(data | columns)
        return lambda _: Observations.from_arrow(table, _county(), file="table")

    yield Case(
        "arrow-date-value",
        arrow(value=pa.array([dt.date(2024, 1, 1)])),
        d,
        "table:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'2024-01-01' is a date or time",
    )
    yield Case(
        "arrow-nested",
        arrow(value=pa.array([[30]])),
        d,
        "table:1: column(s) hold lists or records, not one value per cell: value",
    )
    yield Case(
        "arrow-not-a-table",
        lambda _: Observations.from_arrow(pa.array([30]), _county(), file="table"),
        d,
        "table: cannot read Arrow data",
    )

    def two_value_columns(_: Path) -> Any:
        df = pd.DataFrame([["330683", "PM2.5浓度", 2024, 1, 2]])
        df.columns = ["region", "indicator", "year", "value", "value"]
        return Observations.from_frame(df, _county(), file="frame")

    yield Case(
        "frame-column-twice", two_value_columns, d, "frame:1: column(s) named twice"
    )
    good = {"region": "330683", "indicator": "pm25_annual_mean", "year": 2024}

    class Unwritable:
        def __str__(self) -> str:
            raise RuntimeError

    yield Case(
        "rec-huge-int",
        _records({**good, "value": 10**5000}),
        d,
        "recs:2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'<int that cannot be written as text>'",
    )
    yield Case(
        "rec-unwritable-object",
        _records({**good, "value": Unwritable()}),
        d,
        "that cannot be written",
    )
    yield Case("rec-bytes", _records({**good, "value": b"30"}), d, "holds bytes")
    yield Case(
        "rec-date-year",
        _records({**good, "year": dt.date(2024, 1, 1), "value": 30}),
        d,
        "recs:2, region 330683, indicator pm25_annual_mean: year '2024-01-01' is a "
        "date, not a year: write the year as a number (2024)",
    )
    yield Case(
        "rec-timedelta",
        _records({**good, "value": dt.timedelta(days=1)}),
        d,
        "value '1 day, 0:00:00' is a date or time",
    )

    def many_xlsx(tmp: Path) -> Any:
        path = book(tmp, [cols, [*pm, "=B2*2"]])
        return ecociv.assess_many(path, _county(), 2024)

    yield Case("many-xlsx-formula", many_xlsx, d, "data.xlsx:2, region 330683")

    def many_frame(_: Path) -> Any:
        df = pd.DataFrame(
            {"region": ["330683"], "indicator": ["PM2.5浓度"], "year": [2024]}
            | {"value": [dt.time(1, 2)]}
        )
        return ecociv.assess_many(df, _county(), 2024)

    yield Case(
        "many-frame-time",
        many_frame,
        d,
        "row 2, region 330683, indicator pm25_annual_mean, year 2024: value "
        "'01:02:00' is a date or time",
    )

    def many_arrow(_: Path) -> Any:
        table = pa.table(
            {"region": ["330683"], "indicator": ["PM2.5浓度"], "year": [2024]}
            | {"value": ["abc"]}
        )
        return ecociv.assess_many(table.to_batches()[0], _county(), 2024)

    yield Case(
        "many-arrow-batch-word",
        many_arrow,
        d,
        "row 2, region 330683, indicator pm25_annual_mean, year 2024: value 'abc' "
        "is not a number",
    )

    yield Case(
        "frame-not-a-frame",
        lambda _: Observations.from_frame([{"region": "330683"}], _county()),
        ArgumentError,
        "accepted: a pandas DataFrame, or Arrow data",
    )
    yield Case(
        "arrow-not-arrow-data",
        lambda _: Observations.from_arrow(object(), _county()),
        ArgumentError,
        "accepted: a pandas DataFrame, or Arrow data",
    )

    def many_parquet(tmp: Path) -> Any:
        table = pa.table({"region": [["330683"]], "value": [1]})
        pq.write_table(table, tmp / "data.parquet")
        return ecociv.assess_many(tmp / "data.parquet", _county(), 2024)

    yield Case(
        "many-parquet-nested", many_parquet, d, "data.parquet:1: column(s) hold lists"
    )


CASES = [
    *_standard_cases(),
    *_bound_cases(),
    *_standard_file_cases(),
    *_csv_cases(),
    *_record_cases(),
    *_unit_cases(),
    *_limit_cases(),
    *_engine_cases(),
    *_door_cases(),
]


def test_corpus_is_large_and_named_uniquely() -> None:
    """The corpus holds at least 100 cases, each with its own name."""
    names = [c.name for c in CASES]
    assert len(names) >= 100
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("tokenizer", ["python", "arrow", "arrow-in-parts"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_a_clean_error(
    case: Case, tokenizer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad input raises its ecociv error (or lists its issue) and says where.

    CSV text is cut by Python's csv module (small files) or by Arrow's
    tokenizer (large files, when pyarrow is installed; in parts when they
    hold no quotes): each is tried.
    """
    if tokenizer.startswith("arrow"):
        monkeypatch.setattr(_csv_door, "ARROW_FROM", 0)
    if tokenizer == "arrow-in-parts":  # a line a part
        monkeypatch.setattr(_arrow, "PART_BYTES", 1)
    if case.error is None:
        issues = case.feed(tmp_path)
        assert case.message in issues
        return
    with pytest.raises(case.error) as info:
        case.feed(tmp_path)
    assert isinstance(info.value, EcocivError)
    assert case.message in str(info.value)


def test_gbk_and_utf8_read_the_same(tmp_path: Path) -> None:
    """A file in GBK, UTF-8 and UTF-8 with BOM gives the same observations."""
    text = _row("35", "微克/立方米") + "330683,森林覆盖率,2024,１２．５％,\n"
    got = []
    for enc in ("utf-8", "utf-8-sig", "gbk"):
        p = tmp_path / f"{enc}.csv"
        p.write_bytes(text.encode(enc))
        obs = Observations.from_csv(p, _county())
        got.append(obs.items)
        assert obs.encoding == ("gb18030" if enc == "gbk" else enc)
    assert got[0] == got[1] == got[2]
    assert codecs.lookup("gb18030")


@pytest.mark.parametrize(
    ("cell", "unit", "ind", "value"),
    [
        ("35μg/m3", "", "PM2.5浓度", 35.0),
        ("35µg/m³", "", "PM2.5浓度", 35.0),
        ("35 μg/m3", "μg/m³", "PM2.5浓度", 35.0),
        ("0.035mg/m3", "", "PM2.5浓度", 35.0),
        ("３５", "", "PM2.5浓度", 35.0),
        ("35", "ug/m3", "PM2.5浓度", 35.0),
        ('"1,234.5"', "", "PM2.5浓度", 1234.5),
        ("12.5％", "", "森林覆盖率", 12.5),
        ("12.5", "％", "森林覆盖率", 12.5),
        ("—", "", "森林覆盖率", None),
        ("/", "", "森林覆盖率", None),
        ("-", "", "森林覆盖率", None),
        ("－", "", "森林覆盖率", None),
        ("无数据", "", "森林覆盖率", None),
        ("", "", "森林覆盖率", None),
        ("-3.5", "", "万元工业增加值用水量下降率", -3.5),
        ("150", "", "industrial_water_use_decline_rate", 150.0),
        ("−3.5", "", "万元工业增加值用水量下降率", -3.5),
    ],
)
def test_accepted_cells(
    cell: str, unit: str, ind: str, value: float | None, tmp_path: Path
) -> None:
    """Cells people really write are read as the number (or no data) they mean."""
    p = tmp_path / "d.csv"
    p.write_text(_row(cell, unit, ind=ind), "utf-8")
    (obs,) = Observations.from_csv(p, _county()).items
    assert obs.value == (None if value is None else pytest.approx(value))


def test_every_row_is_accounted_for(tmp_path: Path) -> None:
    """Each row read is used, set aside with a reason, or refused with one."""
    p = tmp_path / "wide.csv"
    p.write_bytes(
        (
            "region,indicator,unit,2021,2023,2024,target_2024\n"
            "330683,PM2.5浓度,μg/m3,31,30,—,28\n"
            ",,,,,,\n"
            "330683,森林覆盖率,%,64,65,130,\n"
            "330682,森林覆盖率,%,59,60,61,\n"
            "330681,森林覆盖率,%,59,60,61,\n"
            "330683,PM1浓度,,0,1,2,\n"
            "330683,城市生活污水集中收集率,%,70,71,72,\n"
        ).encode("gbk")
    )
    std = _county()
    obs = Observations.from_csv(p, std, strict=False)
    result = ecociv.assess_many(obs, std, 2024, regions=["330683"])
    fates = [
        (f.row, f.year, f.status.value, f.cause and f.cause.value)
        for f in result.fates()
    ]
    assert fates == [
        (2, 2021, "not_used", "other_year"),  # no rule reads 2021
        (2, 2023, "used", None),  # the PM2.5 trend reads 2022 to 2024
        (2, 2024, "used", None),
        (3, None, "not_used", "blank"),
        (4, 2021, "not_used", "other_year"),
        (4, 2023, "used", None),
        (4, 2024, "refused", "refused"),
        (5, 2021, "not_used", "unknown_region"),  # 330682 is not an NBS code
        (5, 2023, "not_used", "unknown_region"),
        (5, 2024, "not_used", "unknown_region"),
        (6, 2021, "not_used", "other_region"),
        (6, 2023, "not_used", "other_region"),
        (6, 2024, "not_used", "other_region"),
        (7, 2021, "refused", "refused"),  # a name ecociv does not know
        (7, 2023, "refused", "refused"),
        (7, 2024, "refused", "refused"),
        (8, 2021, "not_used", "unused_indicator"),  # known, but not in this standard
        (8, 2023, "not_used", "unused_indicator"),
        (8, 2024, "not_used", "unused_indicator"),
    ]
    assert obs.encoding == "gb18030"
    # The account holds the same counts, and they add up.
    account = result.account
    assert (account.read, account.used) == (19, 3)
    assert {s.reason.value: (s.count, s.rows) for s in account.set_aside} == {
        "other_region": (3, (6,)),
        "unknown_region": (3, (5,)),
        "unused_indicator": (3, (8,)),
        "other_year": (2, (2, 4)),
        "refused": (4, (4, 7)),
        "blank": (1, (3,)),
    }
    assert str(account).startswith("19 rows read, 3 used; set aside: other regions: 3")
    (unknown,) = [w for w in result.warnings if "NBS" in w.message]
    assert "3 rows for 1 region code not in the NBS 2023 table (330682)" in str(unknown)


def test_wide_rows_count_once_against_the_row_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wide-form row with several year cells counts as one row for max_rows."""
    monkeypatch.setattr(ecociv.limits, "max_rows", 2)
    p = tmp_path / "wide.csv"
    p.write_text(WIDE + "330683,PM2.5浓度,,30,29\n330683,森林覆盖率,,60,61\n", "utf-8")
    assert len(Observations.from_csv(p, _county())) == 4


@given(
    st.binary(max_size=40) | st.text(max_size=12).map(str.encode),
    st.sampled_from([1, 2, 3, 7, 1 << 22]),
)
def test_the_first_byte_that_is_not_utf8_is_found_slice_by_slice(
    data: bytes, step: int
) -> None:
    """A large file's encoding is checked a slice at a time, as one decode would."""
    try:
        data.decode("utf-8")
        expected = None
    except UnicodeDecodeError as exc:
        expected = exc.start
    assert _text._not_utf8(data, step) == expected


def test_a_bad_byte_after_a_bom_is_named_where_it_is(tmp_path: Path) -> None:
    """The offset in the message is the bad byte's, counting the BOM."""
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfregion\xff\x80,indicator\n")
    with pytest.raises(DataError, match=r"byte 0xff at offset 9"):
        Observations.from_csv(path, _county())


def test_the_docs_count_the_corpus() -> None:
    """README and docs/input.md say how many bad inputs the corpus holds: the truth."""
    said = f"{len(CASES)} bad inputs"
    for doc in ("README.md", "docs/input.md"):
        assert said in (ROOT / doc).read_text("utf-8"), doc
