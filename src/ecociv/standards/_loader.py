"""Reading standard files (TOML), strictly, and the bundled standards.

A standard file holds its metadata, its domains, tasks and requirements, and
may define indicators of its own; indicators it names but does not define
come from the shared catalog ``data/indicators.toml``. Every problem in a
file is reported at once, each with its key path.
"""

from __future__ import annotations

import functools
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from ecociv import limits
from ecociv._indicator import Indicator, IndicatorCatalog
from ecociv._memo import ByIdentity
from ecociv._region import Region
from ecociv.errors import (
    DataError,
    DataProblem,
    EcocivError,
    StandardFileError,
    UnitError,
    UnknownRegionError,
    UnknownStandardError,
)
from ecociv.rules import FACTS, Rule, Threshold, walk, walk_paths
from ecociv.standards._model import Confidence, Standard


__all__ = ["bundled_ids", "load", "load_file", "loads", "shared_indicators"]

_DATA = "data"
# Data files that sit beside the standards but are not standards.
_NOT_STANDARDS = frozenset({"indicators.toml", "crosswalk.toml"})
_lock = threading.Lock()


def _data_dir() -> Any:
    return resources.files("ecociv.standards") / _DATA


@functools.cache
def shared_indicators() -> IndicatorCatalog:
    """Return the shared indicator catalog bundled with ecociv."""
    from ecociv._wire import from_dict, problems  # noqa: PLC0415

    path = "ecociv/standards/data/indicators.toml"
    text = (_data_dir() / "indicators.toml").read_text(encoding="utf-8")
    raw = _parse_toml(text, path)
    extra = sorted(set(raw) - {"indicators"})
    if extra:
        raise StandardFileError(path, [f"unknown key {k!r} @ $" for k in extra])
    try:
        inds = from_dict(raw.get("indicators", []), list[Indicator])
    except Exception as exc:  # noqa: BLE001  (cattrs groups; every problem is listed)
        raise StandardFileError(path, problems(exc, "$.indicators")) from None
    errs = _unit_problems(inds, "$.indicators")
    if errs:
        raise StandardFileError(path, errs)
    return IndicatorCatalog.of(inds)


def catalog_of(stds: Sequence[Standard]) -> IndicatorCatalog:
    """Return one catalog holding the indicators of every standard.

    Where two standards define the same indicator id, both must read data
    alike (same unit and kind); the first definition is kept.

    Raises:
        DataError: When the standards' indicators cannot share one reading.
    """
    if len(stds) == 1:
        return stds[0].catalog
    return _joint(tuple(stds))


@functools.lru_cache(maxsize=32)
def _joint(stds: tuple[Standard, ...]) -> IndicatorCatalog:
    """Return the catalog of several standards, made once per set of them.

    Kept by the standards' value (hashing two standards costs a tenth of a
    millisecond), so that what is made once per catalog (its reading catalog,
    :func:`reading_catalog`) is made once per set of standards, not once per
    run: a batch over many files runs once per file. The last 32 sets are
    kept (a service loading standards for ever holds no more).
    """
    first: dict[str, tuple[Indicator, str]] = {}
    problems = []
    for std in stds:
        for ind in std.indicators:
            seen, where = first.setdefault(ind.id, (ind, std.id))
            if (seen.unit, seen.kind) != (ind.unit, ind.kind):
                problems.append(
                    DataProblem(
                        f"{where} and {std.id} define {ind.id!r} with different "
                        f"units or kinds ({seen.unit}, {ind.unit}); judge "
                        "them in separate calls",
                        indicator=ind.id,
                    )
                )
    if problems:
        raise DataError(problems)
    try:
        return IndicatorCatalog.of(ind for ind, _ in first.values())
    except ValueError as exc:
        raise DataError(
            [DataProblem(f"the standards' indicator names clash: {exc}")]
        ) from None


def reading_catalog(catalog: IndicatorCatalog) -> IndicatorCatalog:
    """Return the indicators a data file is read with, for standards of ``catalog``.

    The standards' own indicators, and every indicator of the shared catalog
    that neither shares an id nor a name with one of them: a file that also
    holds indicators the standards do not use is read whole, those rows
    counted as not used, and only names ecociv does not know at all are
    refused as unknown. Made once per catalog while it lives.
    """
    return _reading(catalog)


def _reading_of(catalog: IndicatorCatalog) -> IndicatorCatalog:
    extra = [
        ind
        for ind in shared_indicators()
        if ind.id not in catalog
        and not any(catalog.named(n) is not None for n in ind.names())
    ]
    return catalog.merged(IndicatorCatalog.of(extra)) if extra else catalog


_reading: ByIdentity[IndicatorCatalog, IndicatorCatalog] = ByIdentity(
    _reading_of, limit=256
)


#: How deep arrays and inline tables may nest in a standard file. A real
#: standard nests rules a few levels deep; a deeper file is refused before it
#: is parsed, so a small hostile file cannot exhaust the parser's stack.
MAX_DEPTH = 32


def _parse_toml(text: str, path: str) -> dict[str, Any]:
    depth = _depth(text)
    if depth > MAX_DEPTH:
        msg = (
            f"arrays and tables nest {depth} deep; at most {MAX_DEPTH} are read "
            "(ecociv.standards._loader.MAX_DEPTH)"
        )
        raise StandardFileError(path, [msg])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StandardFileError(path, [f"not valid TOML: {exc}"]) from None
    except RecursionError:
        raise StandardFileError(path, ["nested too deeply to read"]) from None


#: What the nesting count skips or counts in a TOML text: a comment, a string
#: of any of the four kinds (an unclosed one runs to the end), or a bracket.
_NESTING = re.compile(
    r"#[^\n]*"
    r'|"""(?:\\(?:.|\Z)|[^\\])*?(?:"""|\Z)'
    r"|'''.*?(?:'''|\Z)"
    r'|"(?:\\(?:.|\Z)|[^"\\])*(?:"|\Z)'
    r"|'[^']*(?:'|\Z)"
    r"|[\[\]{}]",
    re.DOTALL,
)


def _depth(text: str) -> int:
    """Return how deep brackets and braces nest outside strings and comments."""
    depth = deepest = 0
    for m in _NESTING.finditer(text):
        ch = m.group()
        if ch in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ("]", "}"):
            depth -= 1
    return deepest


def _unit_problems(indicators: Iterable[Indicator], where: str) -> list[str]:
    from ecociv.units import canonical_unit  # noqa: PLC0415  (pint stays lazy)

    errs = []
    for i, ind in enumerate(indicators):
        try:
            canon = canonical_unit(ind.unit, indicator_id=ind.id)
        except UnitError as exc:
            errs.append(f"{exc} @ {where}[{i}].unit")
            continue
        if canon != ind.unit:
            errs.append(
                f"unit {ind.unit!r} of {ind.id!r} must be written in canonical form "
                f"{canon!r} @ {where}[{i}].unit"
            )
    return errs


def _rule_indicators(rule: Rule) -> Iterable[str]:
    for r in walk(rule):
        name = getattr(r, "indicator", None)
        if isinstance(name, str):
            yield name


def loads(text: str, *, path: str = "<string>") -> Standard:
    """Parse a standard from TOML text.

    Indicators the file defines under ``[[indicators]]`` are added to the
    shared catalog; the standard keeps the indicators its requirements use.
    A file may not redefine a shared indicator's unit or kind, give a rule an
    indicator of a kind it cannot judge (a fact rule on PM2.5, a threshold on
    a yes/no state), or claim the id of a bundled standard it differs from.

    Raises:
        StandardFileError: Listing every problem, each with its key path; or
            when ``text`` is longer than ``ecociv.limits.max_standard_bytes``
            or nests deeper than :data:`MAX_DEPTH`.
    """
    std = _loads(text, path)
    if std.id in bundled_ids() and std != load(std.id):
        msg = (
            f"id {std.id!r} is the bundled standard's, and this file differs from "
            "it: give your standard its own id @ $.id"
        )
        raise StandardFileError(path, [msg])
    return std


def _loads(text: str, path: str) -> Standard:
    from ecociv._wire import from_dict, problems  # noqa: PLC0415

    cap = limits.max_standard_bytes
    if cap is not None and len(text) > cap:
        found = f"the text is {len(text):,} characters long"
        raise StandardFileError(
            path, [limits.exceeded("max_standard_bytes", cap, found)]
        )
    raw = _parse_toml(text, path)
    try:
        std = from_dict(raw, Standard)
    except Exception as exc:  # noqa: BLE001  (every problem is reported)
        raise StandardFileError(path, problems(exc)) from None
    errs = _unit_problems(std.indicators, "$.indicators")
    errs.extend(_redefined(std.indicators))
    catalog = {i.id: i for i in shared_indicators()} | {i.id: i for i in std.indicators}
    errs.extend(_check_references(std, catalog))
    errs.extend(_check_fit(std, catalog))
    errs.extend(_check_bounds(std, catalog))
    errs.extend(_check_target_text(std, catalog))
    if errs:
        raise StandardFileError(path, errs)
    needed = [catalog[r.indicator] for r in std.requirements]
    needed += [catalog[n] for r in std.requirements for n in _rule_indicators(r.rule)]
    return attrs.evolve(
        std, indicators=tuple({i.id: i for i in [*needed, *std.indicators]}.values())
    )


def _redefined(indicators: Iterable[Indicator]) -> list[str]:
    """Say where a file gives a shared indicator another unit or kind."""
    shared = shared_indicators()
    errs = []
    for i, ind in enumerate(indicators):
        own = shared.get(ind.id)
        if own is not None and (own.unit, own.kind) != (ind.unit, ind.kind):
            errs.append(
                f"indicator {ind.id!r} is the shared catalog's, a {own.kind.value} in "
                f"{own.unit!r}; this file makes it a {ind.kind.value} in {ind.unit!r}: "
                f"give yours its own id @ $.indicators[{i}]"
            )
    return errs


def _check_fit(std: Standard, catalog: Mapping[str, Indicator]) -> list[str]:
    """Say where a rule is given an indicator of a kind it cannot judge."""
    errs = []
    for i, req in enumerate(std.requirements):
        for rule, where in walk_paths(req.rule):
            ind = catalog.get(getattr(rule, "indicator", None) or req.indicator)
            if ind is None or ind.kind in rule.accepts:
                continue
            judges = "yes/no states" if rule.accepts == FACTS else "numbers"
            errs.append(
                f"a {rule.kind} rule judges {judges}, but {ind.id!r} is a "
                f"{ind.kind.value} ({ind.unit}) @ $.requirements[{i}].{where}"
            )
    return errs


def _check_bounds(std: Standard, catalog: Mapping[str, Indicator]) -> list[str]:
    """Say where a bound or a due year cannot be what the file means.

    A threshold's bound outside its indicator's possible range (a PM2.5 of
    at most -5, a share of at least 130 %) makes the requirement one no
    region can meet, or every region: a typo, refused as a value outside
    the range is refused in data (``Indicator.range_problem``). A due year
    is a year as data years are (``ecociv.limits.outside_years``).
    """
    errs = []
    for i, req in enumerate(std.requirements):
        if req.due is not None and (why := limits.outside_years(req.due)):
            errs.append(f"due {why} @ $.requirements[{i}].due")
        for rule, where in walk_paths(req.rule):
            if not isinstance(rule, Threshold):
                continue
            ind = catalog.get(rule.indicator or req.indicator)
            why = None if ind is None else ind.range_problem("bound", rule.value)
            if why is not None:
                errs.append(f"{why} @ $.requirements[{i}].{where}.value")
    return errs


#: A printed target that is one bound: ``≤25``, ``≥ 90%``, ``<0.6``.
_PRINTED_BOUND = re.compile(r"^\s*([≤≥<>]|<=|>=)\s*(\d+(?:\.\d+)?)\s*(\S*)\s*$")


def _check_target_text(std: Standard, catalog: Mapping[str, Indicator]) -> list[str]:
    """Say where a threshold and its printed target disagree (``≤35`` ruled as 25).

    Only a target text that is one bound, in the indicator's unit or none,
    is read; any other wording is the standard's own and is not guessed at.
    """
    errs = []
    for i, req in enumerate(std.requirements):
        rule, m = req.rule, _PRINTED_BOUND.match(req.target_text or "")
        ind = catalog.get(req.indicator)
        if not isinstance(rule, Threshold) or m is None or ind is None:
            continue
        symbol, number, unit = m.groups()
        if unit and _canonical_or_none(unit) != ind.unit:
            continue
        printed = (symbol.replace("<=", "≤").replace(">=", "≥"), float(number))
        if printed != (rule.op.symbol, rule.value):
            errs.append(
                f"target_text {req.target_text!r} prints {printed[0]}{number}, the "
                f"rule says {rule.op.symbol}{rule.value:g}: one of them is not the "
                f"source's @ $.requirements[{i}].rule"
            )
    return errs


def _canonical_or_none(unit: str) -> str | None:
    from ecociv.units import canonical_unit  # noqa: PLC0415

    try:
        return canonical_unit(unit)
    except (EcocivError, ValueError):
        return None


def _check_references(std: Standard, catalog: Mapping[str, Indicator]) -> list[str]:
    errs = []
    domains = {d.id for d in std.domains}
    tasks = {t.id for t in std.tasks}
    seen: set[str] = set()
    for i, t in enumerate(std.tasks):
        if t.domain is not None and t.domain not in domains:
            errs.append(f"unknown domain {t.domain!r} @ $.tasks[{i}].domain")
    for i, req in enumerate(std.requirements):
        where = f"$.requirements[{i}]"
        if req.id in seen:
            errs.append(f"duplicate requirement id {req.id!r} @ {where}.id")
        seen.add(req.id)
        if req.domain is not None and req.domain not in domains:
            errs.append(f"unknown domain {req.domain!r} @ {where}.domain")
        if req.task is not None and req.task not in tasks:
            errs.append(f"unknown task {req.task!r} @ {where}.task")
        if req.indicator not in catalog:
            errs.append(f"unknown indicator {req.indicator!r} @ {where}.indicator")
        errs.extend(
            f"unknown indicator {name!r} @ {where}.rule"
            for name in _rule_indicators(req.rule)
            if name not in catalog
        )
    if std.extends is not None and std.extends not in bundled_ids():
        errs.append(f"unknown standard {std.extends!r} (not bundled) @ $.extends")
    if std.supersedes is not None and std.supersedes not in bundled_ids():
        errs.append(f"unknown standard {std.supersedes!r} (not bundled) @ $.supersedes")
    if std.region is not None:
        try:
            Region.from_code(std.region)
        except UnknownRegionError as exc:
            errs.append(f"{exc} @ $.region")
    keys = {s.key for s in std.sources}
    for i, req in enumerate(std.requirements):
        errs.extend(
            f"unknown source {s!r} @ $.requirements[{i}].sources"
            for s in req.sources
            if s not in keys
        )
    errs.extend(_grade_problems(std))
    return errs


def _grade_problems(std: Standard) -> list[str]:
    """A provisional row is one known from a quotation: it is graded C.

    (The bundled standards also encode a C row only as provisional and never
    a U row; tests hold them to it. A file of your own may grade its rows as
    its sources warrant.)
    """
    return [
        f"a provisional row must be graded C, not {req.confidence.value} "
        f"@ $.requirements[{i}].confidence"
        for i, req in enumerate(std.requirements)
        if req.provisional and req.confidence is not Confidence.C
    ]


def load_file(path: str | Path) -> Standard:
    """Read a standard from a TOML file.

    Raises:
        StandardFileError: When the file cannot be read or is malformed.
    """
    p = Path(path)
    cap = limits.max_standard_bytes
    try:
        with p.open("rb") as fh:
            data = fh.read() if cap is None else fh.read(cap + 1)
        if cap is not None and len(data) > cap:
            found = f"the file is over {cap:,} bytes"
            msg = limits.exceeded("max_standard_bytes", cap, found)
            raise StandardFileError(str(p), [msg])
        text = data.decode("utf-8-sig")
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise StandardFileError(str(p), [f"cannot read the file: {why}"]) from None
    except UnicodeDecodeError as exc:
        why = f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})"
        raise StandardFileError(str(p), [why]) from None
    return loads(text, path=str(p))


def bundled_ids() -> tuple[str, ...]:
    """Return the ids of the standards bundled with ecociv, sorted."""
    return tuple(
        sorted(
            f.name.removesuffix(".toml")
            for f in _data_dir().iterdir()
            if f.name.endswith(".toml") and f.name not in _NOT_STANDARDS
        )
    )


@functools.cache
def _load_bundled(standard_id: str) -> Standard:
    path = f"ecociv/standards/data/{standard_id}.toml"
    text = (_data_dir() / f"{standard_id}.toml").read_text(encoding="utf-8")
    return _loads(text, path)


def load(standard_id: str) -> Standard:
    """Return the bundled standard with this id (loaded once, then cached).

    Raises:
        UnknownStandardError: When no bundled standard has this id.
    """
    if standard_id not in bundled_ids():
        raise UnknownStandardError(standard_id, bundled_ids())
    with _lock:
        return _load_bundled(standard_id)
