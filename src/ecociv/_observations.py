"""A region data set: observations read from CSV, units converted at the boundary.

Long form (one row per value)::

    region,indicator,year,value,unit,target,source
    330683,PM2.5浓度,2024,27.5,μg/m3,30,市生态环境分局

Wide form (one column per year; ``target_YYYY`` columns give assigned
targets)::

    region,indicator,unit,2022,2023,2024,target_2024

``indicator`` accepts the indicator id, its Chinese name as printed, or an
alias. A value is a number, a fact word (建立, 开展, 有效开展, 有效保障, 是,
否, yes, no, true, false, and 未建立 ...), 不涉及 / "not applicable", or blank
(missing: never zero). A blank unit means the indicator's own unit.

What each cell accepts and refuses, the encodings read and the row account
are documented in ``docs/input.md``; in short:

- files are UTF-8 (with or without BOM), else GBK/GB18030; nothing else;
- full-width characters (``３５．２``, ``％``, ``－``) count as their ASCII forms;
- blank, ``-``, ``—``, ``/``, ``无数据`` and ``暂无数据`` in the value column mean
  "no data" (missing, never zero);
- ``1,234.5`` is read only with valid three-digit grouping (``1,23`` is refused);
- a unit glued to the number (``35μg/m3``) is accepted when the unit column is
  blank or names the same unit;
- values outside the indicator's range (a share below 0 or above 100 %) and
  years outside ``ecociv.limits.min_year``..``max_year`` are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from ecociv import limits
from ecociv._account import RowFate, RowStatus
from ecociv._cells import NO_DATA_WORDS, agree, check_range, half, number
from ecociv._csvfile import csv_rows, read_text
from ecociv._indicator import Indicator, IndicatorCatalog, IndicatorKind
from ecociv._observation import Observation
from ecociv.errors import DataError, DataProblem, EcocivError, UnitError
from ecociv.rules import FACT_WORDS


if TYPE_CHECKING:
    from ecociv.standards import Standard


__all__ = [
    "NOT_APPLICABLE_WORDS",
    "NO_DATA_WORDS",
    "Observations",
    "RowFate",
    "RowStatus",
]

#: Cell values that mean "this indicator does not apply to the region".
NOT_APPLICABLE_WORDS = frozenset({"不涉及", "not applicable"})

_LONG_REQUIRED = ("region", "indicator", "year", "value")
_LONG_OPTIONAL = ("unit", "target", "reference", "source")
_REGION = re.compile(r"^\d{6}$")
_YEAR = re.compile(r"^\d{4}$")


def _catalog(indicators: Standard | IndicatorCatalog) -> IndicatorCatalog:
    return (
        indicators if isinstance(indicators, IndicatorCatalog) else indicators.catalog
    )


def _observations(items: Iterable[Observation]) -> tuple[Observation, ...]:
    return tuple(items)


def _problems(items: Iterable[DataProblem]) -> tuple[DataProblem, ...]:
    return tuple(items)


@attrs.frozen
class Observations:
    """An immutable set of observations, indexed by region, indicator and year.

    Args:
        items: The observations, each key (region, indicator, year) at most once.
        issues: Problems met while reading, when read leniently.
        file: The file read, if any.
        encoding: The encoding the file was read in (``"utf-8"``,
            ``"utf-8-sig"`` with a BOM, or ``"gb18030"``), if read from a file.
        origins: For each observation key, the input rows it came from.
        skipped: Rows read but not turned into observations for a reason
            other than a problem (blank rows, repeats of an earlier row).

    Raises:
        ValueError: When two observations share a key.
    """

    items: tuple[Observation, ...] = attrs.field(converter=_observations)
    issues: tuple[DataProblem, ...] = attrs.field(default=(), converter=_problems)
    # Where the data came from is not part of what it is: two reads of the
    # same rows compare equal whatever the file name or encoding.
    file: str | None = attrs.field(default=None, kw_only=True, eq=False)
    encoding: str | None = attrs.field(default=None, kw_only=True, eq=False)
    origins: Mapping[tuple[str, str, int], tuple[int, ...]] = attrs.field(
        factory=dict, kw_only=True, eq=False, repr=False
    )
    skipped: tuple[RowFate, ...] = attrs.field(default=(), kw_only=True, eq=False)
    _by_region: Mapping[str, Mapping[tuple[str, int], Observation]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        by_region: dict[str, dict[tuple[str, int], Observation]] = {}
        for obs in self.items:
            slot = by_region.setdefault(obs.region, {})
            key = (obs.indicator, obs.year)
            if key in slot:
                raise ValueError(f"two observations for {obs.key}")
            slot[key] = obs
        frozen = {k: MappingProxyType(v) for k, v in by_region.items()}
        object.__setattr__(self, "_by_region", MappingProxyType(frozen))

    def for_region(self, code: str) -> Mapping[tuple[str, int], Observation]:
        """Return the region's observations by ``(indicator id, year)``."""
        return self._by_region.get(code, MappingProxyType({}))

    def regions(self) -> tuple[str, ...]:
        """Return the region codes present, sorted."""
        return tuple(sorted(self._by_region))

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def account(
        self, standard: Standard | None = None, region: str | None = None
    ) -> tuple[RowFate, ...]:
        """Return what became of every input row: used, not used (why) or refused.

        Every row read appears once (in wide form, once per year column), in
        row order, so nothing is dropped silently.

        Args:
            standard: When given, rows for indicators it does not use are
                "not used".
            region: When given, rows for other regions are "not used".
        """
        wanted = None if standard is None else {i.id for i in standard.indicators}
        fates = list(self.skipped)
        fates.extend(
            RowFate(p.row, RowStatus.REFUSED, p.message, p.region, p.indicator, p.year)
            for p in self.issues
            if p.row is not None
        )
        for obs in self.items:
            reason = ""
            if region is not None and obs.region != region:
                reason = f"other region ({obs.region}, not {region})"
            elif wanted is not None and obs.indicator not in wanted:
                reason = f"indicator not in standard {standard.id}"  # type: ignore[union-attr]
            status = RowStatus.NOT_USED if reason else RowStatus.USED
            fates.extend(
                RowFate(n, status, reason, obs.region, obs.indicator, obs.year)
                for n in self.origins.get(obs.key, ())
            )
        return tuple(sorted(fates, key=lambda f: (f.row, f.year or 0)))

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        indicators: Standard | IndicatorCatalog,
        *,
        file: str | None = None,
        first_row: int = 2,
        strict: bool = True,
    ) -> Observations:
        """Read long-form records (dicts with the CSV's columns).

        Args:
            records: Mappings with keys region, indicator, year, value and
                optionally unit, target, source.
            indicators: The standard (or catalog) that names the indicators.
            file: File name for messages.
            first_row: Row number of the first record (2 for a CSV with a header).
            strict: Raise :class:`~ecociv.errors.DataError` listing every bad
                row (default); when False, keep the good rows and return the
                problems in ``issues``.

        Raises:
            DataError: In strict mode, when any row is bad (every bad row is
                listed); in both modes, when there are more records than
                ``ecociv.limits.max_rows``.
        """
        cat = _catalog(indicators)
        good: dict[tuple[str, str, int], Observation] = {}
        origins: dict[tuple[str, str, int], list[int]] = {}
        problems: list[DataProblem] = []
        skipped: list[RowFate] = []
        cap = limits.max_rows
        # Rows, not records: the year cells of one wide-form row share its number.
        rows, last = 0, None
        # Typed as objects: callers (services) pass whatever they were sent.
        items: Iterable[object] = records
        for i, item in enumerate(items, start=first_row):
            n = _row_number(item, i) if isinstance(item, Mapping) else i
            rows, last = rows + (n != last), n
            if cap is not None and rows > cap:
                msg = limits.exceeded("max_rows", cap, f"more than {cap:,} records")
                raise DataError([DataProblem(msg, file)])
            if not isinstance(item, Mapping):
                problems.append(
                    DataProblem(
                        f"record is a {type(item).__name__}, not a mapping", file, i
                    )
                )
                continue
            rec: Mapping[str, Any] = item
            if rec.get("__blank__"):
                skipped.append(RowFate(n, RowStatus.NOT_USED, "blank row"))
                continue
            result = _parse(rec, cat, file, n)
            if isinstance(result, DataProblem):
                problems.append(result)
                continue
            prior = good.get(result.key)
            if prior is not None and prior != result:
                problems.append(
                    DataProblem(
                        f"duplicate row with a different value ({prior.value!r} "
                        f"here, {result.value!r} in row {origins[result.key][0]})",
                        file,
                        n,
                        result.region,
                        result.indicator,
                        result.year,
                    )
                )
                continue
            if prior is not None:
                skipped.append(
                    RowFate(
                        n,
                        RowStatus.NOT_USED,
                        f"repeats row {origins[result.key][0]} (same value)",
                        *result.key,
                    )
                )
                continue
            good[result.key] = result
            origins[result.key] = [n]
        if problems and strict:
            raise DataError(problems)
        return cls(
            tuple(good.values()),
            tuple(problems),
            file=file,
            origins={k: tuple(v) for k, v in origins.items()},
            skipped=tuple(skipped),
        )

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        indicators: Standard | IndicatorCatalog,
        *,
        strict: bool = True,
    ) -> Observations:
        """Read a long-form or wide-form CSV file.

        The form is recognised from the header: a ``value`` column means long
        form, four-digit year columns mean wide form. The file is UTF-8 (with
        or without BOM); when it is not valid UTF-8 it is read as GB18030 (a
        superset of GBK, what Excel on a Chinese system writes), and
        ``encoding`` says which was used.

        Raises:
            DataError: When the file cannot be read or decoded, is over
                ``ecociv.limits.max_file_bytes`` or ``max_rows``, its header is
                wrong, or (in strict mode) any row is bad.
        """
        name = str(path)
        text, encoding = read_text(Path(path), name)
        rows = csv_rows(text, name)
        if not rows:
            raise DataError([DataProblem("the file is empty", name)])
        header = [half(h).strip() for h in rows[0]]
        while header and header[-1] == "":
            header.pop()  # Excel pads a header with empty trailing cells.
        dup = sorted({h for h in header if header.count(h) > 1})
        if dup:
            raise DataError(
                [DataProblem(f"column(s) named twice: {', '.join(dup)}", name, 1)]
            )
        body = rows[1:]
        if "value" in header:
            records = _long_records(header, body, name)
        else:
            records = _wide_records(header, body, name)
        obs = cls.from_records(records, indicators, file=name, strict=strict)
        return attrs.evolve(obs, encoding=encoding)


def _row_number(rec: Mapping[str, Any], default: int) -> int:
    n = rec.get("__row__", default)
    return n if isinstance(n, int) and not isinstance(n, bool) else default


def _fit(row: list[str], header: list[str]) -> list[str]:
    """Drop empty trailing cells beyond the header (Excel pads rows)."""
    while len(row) > len(header) and row[-1].strip() == "":
        row = row[:-1]
    return row


def _long_records(
    header: list[str], body: list[list[str]], name: str
) -> list[dict[str, Any]]:
    missing = [c for c in _LONG_REQUIRED if c not in header]
    unknown = [c for c in header if c not in (*_LONG_REQUIRED, *_LONG_OPTIONAL)]
    if missing or unknown:
        msg = []
        if missing:
            msg.append("missing column(s) " + ", ".join(missing))
        if unknown:
            msg.append("unknown column(s) " + ", ".join(unknown))
        accepted = ", ".join((*_LONG_REQUIRED, *_LONG_OPTIONAL))
        raise DataError(
            [DataProblem("; ".join(msg) + f" (accepted: {accepted})", name, 1)]
        )
    out: list[dict[str, Any]] = []
    for n, raw in enumerate(body, start=2):
        row = _fit(raw, header)
        if all(c.strip() == "" for c in row):
            out.append({"__row__": n, "__blank__": True})
            continue
        if len(row) != len(header):
            # Keep the row so its problem is reported with its number.
            out.append({"__row__": n, "__error__": _cells(row, header)})
            continue
        out.append({"__row__": n, **dict(zip(header, row, strict=True))})
    return out


def _cells(row: list[str], header: list[str]) -> str:
    return f"has {len(row)} cells, the header has {len(header)}"


def _wide_records(
    header: list[str], body: list[list[str]], name: str
) -> list[dict[str, Any]]:
    years = [h for h in header if _YEAR.match(h)]
    targets = {h.removeprefix("target_"): h for h in header if h.startswith("target_")}
    fixed = ("region", "indicator", "unit", "source")
    unknown = [h for h in header if h not in (*years, *targets.values(), *fixed)]
    if not years or "region" not in header or "indicator" not in header or unknown:
        why = (
            "unknown column(s) " + ", ".join(unknown) if unknown else "no year columns"
        )
        raise DataError(
            [
                DataProblem(
                    f"header is neither long form (region,indicator,year,value,unit) "
                    "nor wide form (region,indicator,unit,<year>...,target_<year>): "
                    f"{why}",
                    name,
                    1,
                )
            ]
        )
    bad_targets = [t for t in targets if t not in years]
    if bad_targets:
        raise DataError(
            [
                DataProblem(
                    f"target column(s) for years without data: {bad_targets}", name, 1
                )
            ]
        )
    out: list[dict[str, Any]] = []
    for n, raw in enumerate(body, start=2):
        row = _fit(raw, header)
        if all(c.strip() == "" for c in row):
            out.append({"__row__": n, "__blank__": True})
            continue
        if len(row) != len(header):
            out.append({"__row__": n, "__error__": _cells(row, header)})
            continue
        cells = dict(zip(header, row, strict=True))
        for y in years:
            rec = {
                k: cells.get(k, "") for k in ("region", "indicator", "unit", "source")
            }
            rec |= {
                "year": y,
                "value": cells[y],
                "target": cells.get(targets.get(y, ""), ""),
            }
            out.append({"__row__": n, **rec})
    return out


def _text(rec: Mapping[str, Any], key: str) -> str:
    v = rec.get(key)
    return "" if v is None else half(str(v)).strip()


def _parse(
    rec: Mapping[str, Any], cat: IndicatorCatalog, file: str | None, row: int
) -> Observation | DataProblem:
    if "__error__" in rec:
        return DataProblem(f"row {rec['__error__']}", file, row)
    region, ind_name, year_s = (
        _text(rec, "region"),
        _text(rec, "indicator"),
        _text(rec, "year"),
    )

    def problem(
        msg: str, indicator: str | None = None, year: int | None = None
    ) -> DataProblem:
        return DataProblem(
            msg, file, row, region or None, indicator or ind_name or None, year
        )

    if not _REGION.match(region):
        return problem(f"region code {region!r} is not 6 digits")
    try:
        ind = cat.find(ind_name)
    except EcocivError as exc:
        # Name the year when it reads, so wide-form cells of one row differ.
        return problem(str(exc), year=int(year_s) if _YEAR.match(year_s) else None)
    if not _YEAR.match(year_s):
        return problem(f"year {year_s!r} is not a 4-digit year", ind.id)
    year = int(year_s)
    if not limits.min_year <= year <= limits.max_year:
        return problem(
            f"year {year} is outside {limits.min_year}..{limits.max_year} "
            "(ecociv.limits.min_year, max_year)",
            ind.id,
            year,
        )
    try:
        return _observation(rec, ind, region, year)
    except (UnitError, ValueError) as exc:
        return problem(str(exc), ind.id, year)


def _observation(
    rec: Mapping[str, Any], ind: Indicator, region: str, year: int
) -> Observation:
    raw, unit = _text(rec, "value"), _text(rec, "unit")
    source = _text(rec, "source") or None
    raw_target = _text(rec, "target")
    if raw.lower() in NOT_APPLICABLE_WORDS:
        return Observation(
            region,
            ind.id,
            year,
            None,
            ind.unit,
            applicable=False,
            source=source,
            given=raw,
        )
    if ind.kind is IndicatorKind.FACT:
        if unit not in ("", "-", "—"):
            raise ValueError(f"an institutional fact takes no unit, got {unit!r}")
        if raw in NO_DATA_WORDS:
            return Observation(region, ind.id, year, None, ind.unit, source=source)
        word = FACT_WORDS.get(raw.lower())
        if word is None:
            accepted = "/".join(FACT_WORDS)
            raise ValueError(
                f"value {raw!r} is not a yes/no state (accepted: {accepted}, 不涉及)"
            )
        return Observation(
            region, ind.id, year, word[0], ind.unit, source=source, given=raw
        )
    value, glued = number(raw, "value")
    target, t_unit = number(raw_target, "target")
    reference, r_unit = number(_text(rec, "reference"), "reference")
    unit = agree(unit, {"value": glued, "target": t_unit, "reference": r_unit}, ind)
    given = None
    if unit and unit != ind.unit:
        from ecociv.units import conversion  # noqa: PLC0415  (pint only when needed)

        conv = conversion(unit, ind.unit, indicator_id=ind.id)
        if conv.to_unit != conv.from_unit or conv.factor != 1 or conv.offset != 0:
            if value is not None:
                given = raw if glued else f"{raw} {unit}"
            value = None if value is None else conv.apply(value)
            target = None if target is None else conv.apply(target)
            reference = None if reference is None else conv.apply(reference)
    elif glued and value is not None:
        given = raw
    for what, x in (("value", value), ("target", target)):
        check_range(what, x, ind)
    return Observation(
        region,
        ind.id,
        year,
        value,
        ind.unit,
        target=target,
        reference=reference,
        source=source,
        given=given,
    )
