"""DataFrames, Parquet and Excel into the columnar form, and results out as frames.

Reading follows the CSV reader's rules (:mod:`ecociv._observations`) with
whole columns at a time: long form (``region, indicator, year, value[, unit]
[, target][, reference][, source]``) or wide form (a column per year,
``target_YYYY`` columns for assigned targets). Indicator names are looked up
once per distinct name, units converted once per (indicator, unit) group,
value words parsed once per distinct word. Bad rows are reported together,
each naming file, row, region and indicator. This module imports pandas.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ecociv import limits
from ecociv._batch_eval import VERDICTS
from ecociv._batch_table import Table, named_state
from ecociv._csvfile import read_text
from ecociv._indicator import IndicatorCatalog, IndicatorKind
from ecociv._observations import NOT_APPLICABLE_WORDS
from ecociv.errors import DataError, DataProblem, EcocivError, UnitError
from ecociv.rules import FACT_WORDS


if TYPE_CHECKING:
    from ecociv._batch_result import BatchResult


__all__ = ["read_frame", "read_table", "result_frame"]

_YEAR = re.compile(r"^\d{4}$")
_LONG = ("region", "indicator", "year", "value")
_OPTIONAL = ("unit", "target", "reference", "source")


def read_frame(path: str | Path) -> pd.DataFrame:
    """Read a CSV, Parquet or Excel (.xlsx) file as text cells, as written.

    A CSV file is decoded as :meth:`Observations.from_csv` decodes it (UTF-8
    with or without BOM, else GB18030), and every kind of file is held to
    :data:`ecociv.limits.max_file_bytes`.

    Raises:
        DataError: When the file cannot be read, is over the size limit, or
            its kind is unknown.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    _check_size(p)
    try:
        if suffix == ".csv":
            text, _ = read_text(p, str(p))
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        if suffix in {".parquet", ".pq"}:
            return pd.read_parquet(p)
        if suffix in {".xlsx", ".xlsm"}:
            return pd.read_excel(p, dtype=str, keep_default_na=False, engine="openpyxl")
    except (OSError, ValueError, ImportError) as exc:
        raise DataError([DataProblem(f"cannot read the file: {exc}", str(p))]) from None
    raise DataError(
        [DataProblem("unknown file kind (accepted: .csv, .parquet, .xlsx)", str(p))]
    )


def _check_size(p: Path) -> None:
    cap = limits.max_file_bytes
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise DataError(
            [DataProblem(f"cannot read the file: {exc.strerror or exc}", str(p))]
        ) from None
    if cap is not None and size > cap:
        msg = limits.exceeded("max_file_bytes", cap, f"the file ({size:,} bytes)")
        raise DataError([DataProblem(msg, str(p))])


def read_table(
    data: pd.DataFrame | str | Path,
    catalog: IndicatorCatalog,
    *,
    file: str | None = None,
) -> Table:
    """Read a frame (or a file) in long or wide form into a :class:`Table`.

    Raises:
        DataError: Listing every bad row: region, indicator, year, value,
            unit or target that cannot be read, and duplicate rows that
            disagree.
    """
    if not isinstance(data, pd.DataFrame):
        file = str(data)
        data = read_frame(data)
    frame = data.rename(columns=lambda c: str(c).strip())
    long = _long(frame, file)
    return _table(long, catalog, file)


def _long(frame: pd.DataFrame, file: str | None) -> pd.DataFrame:
    cols = list(frame.columns)
    rows = pd.Series(np.arange(len(frame)) + 2, index=frame.index)
    if "value" in cols:
        missing = [c for c in _LONG if c not in cols]
        unknown = [c for c in cols if c not in (*_LONG, *_OPTIONAL)]
        if missing or unknown:
            why = "; ".join(
                [f"missing column(s) {', '.join(missing)}"] * bool(missing)
                + [f"unknown column(s) {', '.join(unknown)}"] * bool(unknown)
            )
            raise DataError([DataProblem(why, file, 1)])
        return frame.assign(__row__=rows.to_numpy())
    years = [c for c in cols if _YEAR.match(c)]
    extra = [c for c in cols if c.startswith(("target_", "reference_"))]
    fixed = ("region", "indicator", "unit", "source")
    unknown = [c for c in cols if c not in (*years, *extra, *fixed)]
    if not years or unknown or "region" not in cols or "indicator" not in cols:
        why = (
            "unknown column(s) " + ", ".join(unknown) if unknown else "no year columns"
        )
        raise DataError(
            [DataProblem(f"header is neither long nor wide form: {why}", file, 1)]
        )
    keep = [c for c in fixed if c in cols]
    parts = []
    for y in years:
        part = frame[keep].assign(year=y, value=frame[y], __row__=rows.to_numpy())
        for what in ("target", "reference"):
            if f"{what}_{y}" in cols:
                part[what] = frame[f"{what}_{y}"]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _per_distinct(col: pd.Series[Any], fn: Any, dtype: Any = object) -> Any:
    """Apply ``fn`` once per distinct cell (None for blank) and spread the result."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return np.array([*(fn(u) for u in uniques), fn(None)], dtype=dtype)[codes]


def _text(col: pd.Series[Any]) -> pd.Series[Any]:
    """Return the cells as stripped text ("" for blank), each distinct cell once."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    clean = np.array(
        [("" if u is None else str(u)).strip() for u in uniques] + [""], dtype=object
    )
    return pd.Series(clean[codes], index=col.index, dtype=object)


def _numbers(col: pd.Series[Any]) -> tuple[np.ndarray[Any, Any], pd.Series[Any]]:
    """Return floats (NaN when blank) and the mask of cells that are not numbers."""
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(
        col.dtype
    ):
        x = col.to_numpy(dtype=np.float64, na_value=np.nan)
        x = np.array(x, dtype=np.float64)
        return x, pd.Series(~np.isfinite(x) & ~np.isnan(x), index=col.index)
    text = _text(col)
    x = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    bad = (text != "") & (np.isnan(x) | ~np.isfinite(x))
    return np.array(x, dtype=np.float64), bad


class _Rows:
    """The key columns of a long frame, and the problems found so far."""

    def __init__(self, long: pd.DataFrame, file: str | None) -> None:
        self.file = file
        self.fact: np.ndarray[Any, Any] = np.zeros(len(long), dtype=bool)
        self.row = long["__row__"].to_numpy()

        def key(u: Any) -> str:
            return ("" if u is None else str(u)).strip().removesuffix(".0")

        self.region = pd.Series(_per_distinct(long["region"], key), index=long.index)
        self.names = _text(long["indicator"])
        self.year = pd.Series(_per_distinct(long["year"], key), index=long.index)
        self.ids: np.ndarray[Any, Any] = np.full(len(long), "", dtype=object)
        self.problems: list[DataProblem] = []

    def report(self, k: Any, message: str, *, year: bool = True) -> None:
        """Record a problem with row ``k``, naming file, row, region and indicator."""
        y = self.year.iloc[k]
        self.problems.append(
            DataProblem(
                message,
                self.file,
                int(self.row[k]),
                self.region.iloc[k] or None,
                self.ids[k] or self.names.iloc[k] or None,
                int(y) if year and _YEAR.match(y) else None,
            )
        )


def _keys(rows: _Rows, catalog: IndicatorCatalog) -> tuple[Any, Any]:
    """Check region, indicator and year; return the good mask and the indicators."""
    ok = _per_distinct(
        rows.region, lambda u: bool(re.fullmatch(r"\d{6}", u or "")), bool
    )
    for k in np.flatnonzero(~ok):
        rows.report(k, f"region code {rows.region.iloc[k]!r} is not 6 digits")
    codes, uniques = pd.factorize(rows.names)
    found: list[Any] = []
    for name in uniques:
        try:
            found.append(catalog.find(name))
        except EcocivError as exc:
            found.append(str(exc))
    inds = np.array([*found, ""], dtype=object)[codes]
    known_u = np.array([not isinstance(v, str) for v in found] + [False], dtype=bool)
    known = known_u[codes]
    for k in np.flatnonzero(ok & ~known):
        rows.report(k, str(inds[k]))
    ids_u = [v.id if not isinstance(v, str) else "" for v in found]
    rows.ids = np.array([*ids_u, ""], dtype=object)[codes]
    rows.fact = np.array(
        [not isinstance(v, str) and v.kind is IndicatorKind.FACT for v in found]
        + [False],
        dtype=bool,
    )[codes]
    ok &= known
    ok_year = _per_distinct(rows.year, lambda u: bool(_YEAR.match(u or "")), bool)
    for k in np.flatnonzero(ok & ~ok_year):
        rows.report(k, f"year {rows.year.iloc[k]!r} is not a 4-digit year")
    return ok & ok_year, inds


def _out_of_years(rows: _Rows) -> Any:
    from ecociv import limits  # noqa: PLC0415

    def outside(u: Any) -> bool:
        text = u or ""
        return bool(_YEAR.match(text)) and not (
            limits.min_year <= int(text) <= limits.max_year
        )

    return _per_distinct(rows.year, outside, bool)


def _odd_rows(  # noqa: PLR0913, PLR0917  (the columns a row fills)
    long: pd.DataFrame,
    catalog: IndicatorCatalog,
    odd: Any,
    vals: _Values,
    target: Any,
    reference: Any,
    good: Any,
    rows: _Rows,
) -> None:
    """Read unusual rows with the CSV reader's rules (``_observations._parse``)."""
    from ecociv._observations import _parse  # noqa: PLC0415

    cols = [c for c in long.columns if c != "__row__"]
    for k in odd:
        rec = {c: _cell(long[c].iloc[k]) for c in cols}
        got = _parse(rec, catalog, rows.file, int(rows.row[k]))
        if isinstance(got, DataProblem):
            rows.problems.append(got)
            good[k] = False
            continue
        v = got.value
        vals.value[k] = np.nan if v is None else float(v)
        vals.boolean[k] = isinstance(v, bool)
        vals.applicable[k] = got.applicable
        vals.named[k] = named_state(got.given)
        target[k] = np.nan if got.target is None else got.target
        reference[k] = np.nan if got.reference is None else got.reference
        vals.given.pop(int(k), None)
        if got.given is not None:
            vals.given[int(k)] = got.given
        vals.odd[k] = False


def _cell(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(x)


def _ranges(inds: Any, good: Any, vals: _Values, target: Any, rows: _Rows) -> None:
    """Report values and targets outside an indicator's possible range."""
    from ecociv._cells import check_range  # noqa: PLC0415

    codes, uniques = pd.factorize(rows.ids)
    for c, iid in enumerate(uniques):
        if not iid:
            continue
        idx = np.flatnonzero((codes == c) & good & ~vals.boolean)
        ind = inds[idx[0]] if len(idx) else None
        if ind is None or (ind.minimum is None and ind.maximum is None):
            continue
        lo = -np.inf if ind.minimum is None else ind.minimum
        hi = np.inf if ind.maximum is None else ind.maximum
        for what, arr in (("value", vals.value), ("target", target)):
            x = arr[idx]
            with np.errstate(invalid="ignore"):
                out = idx[~np.isnan(x) & ((x < lo) | (x > hi))]
            for k in out:
                try:
                    check_range(what, float(arr[k]), ind)
                except ValueError as exc:
                    rows.report(k, str(exc))
                    good[k] = False


class _Values:
    """Values, flags and fact words parsed from the value column."""

    def __init__(self, col: pd.Series[Any], is_fact: Any) -> None:
        n = len(col)
        self.value, not_number = _numbers(col)
        self.applicable = np.ones(n, dtype=bool)
        self.boolean = np.zeros(n, dtype=bool)
        self.named = np.full(n, -1, dtype=np.int8)
        self.given: dict[int, str] = {}
        self.odd = np.zeros(n, dtype=bool)
        text = _text(col) if not pd.api.types.is_numeric_dtype(col.dtype) else None
        if text is None:
            return
        codes, uniques = pd.factorize(text)
        lower = pd.Series(
            np.array([str(u).lower() for u in uniques] + [""], dtype=object)[codes],
            index=text.index,
        )
        na = lower.isin(NOT_APPLICABLE_WORDS).to_numpy(dtype=bool)
        self.applicable[na] = False
        self.value[na] = np.nan
        for k in np.flatnonzero(na):
            self.given[int(k)] = text.iloc[k]
        facts = np.flatnonzero(is_fact & ~na & (text != "").to_numpy(dtype=bool))
        words = lower.to_numpy()[facts]
        known = np.array([w in FACT_WORDS for w in words], dtype=bool)
        # Anything else (no-data words, a bad word) is read by the CSV reader.
        self.odd[facts[~known]] = True
        facts, words = facts[known], words[known]
        self.value[facts] = [1.0 if FACT_WORDS[w][0] else 0.0 for w in words]
        self.boolean[facts] = True
        states = {w: named_state(w) for w in set(words.tolist())}
        self.named[facts] = [states[w] for w in words]
        self.given.update(
            zip(facts.tolist(), text.to_numpy()[facts].tolist(), strict=True)
        )
        # Grouped thousands, glued units, no-data words, full-width digits and
        # errors: the CSV reader's own cell rules decide, row by row.
        self.odd |= np.asarray(not_number) & ~na & ~is_fact
        self.raw = text


def _convert(  # noqa: PLR0913, PLR0917  (the columns a conversion touches)
    long: pd.DataFrame,
    inds: Any,
    good: Any,
    vals: _Values,
    others: list[np.ndarray[Any, Any]],
    rows: _Rows,
) -> None:
    """Convert values (and targets, references) to each indicator's unit, per group."""
    from ecociv.units import conversion  # noqa: PLC0415  (pint only when needed)

    units = _text(long["unit"])
    keys = pd.DataFrame({"i": rows.ids, "u": units})
    groups: dict[Any, Any] = keys.groupby(["i", "u"], sort=False).indices
    for (iid, unit), idx in groups.items():
        if not iid or unit == "":
            continue
        ind = inds[idx[0]]
        if ind.kind is IndicatorKind.FACT:
            if unit != "-":
                for k in idx[good[idx]]:
                    rows.report(k, f"an institutional fact takes no unit, got {unit!r}")
                good[idx] = False
            continue
        if unit == ind.unit:
            continue
        try:
            conv = conversion(unit, ind.unit, indicator_id=ind.id)
        except UnitError as exc:
            for k in idx[good[idx]]:
                rows.report(k, str(exc))
            good[idx] = False
            continue
        if conv.to_unit == conv.from_unit and conv.factor == 1 and conv.offset == 0:
            continue
        for arr in (vals.value, *others):
            arr[idx] = arr[idx] * conv.factor + conv.offset
        raw = getattr(vals, "raw", None)
        for k in idx:
            if vals.applicable[k] and not np.isnan(vals.value[k]):
                text = (
                    raw.iloc[k]
                    if raw is not None
                    else repr(float(long["value"].iloc[k]))
                )
                vals.given[int(k)] = f"{text} {unit}"


def _table(long: pd.DataFrame, catalog: IndicatorCatalog, file: str | None) -> Table:
    n = len(long)
    rows = _Rows(long, file)
    good, inds = _keys(rows, catalog)
    vals = _Values(long["value"], rows.fact)
    nan = np.full(n, np.nan)
    target, bad_t = _numbers(long["target"]) if "target" in long else (nan.copy(), 0)
    reference, bad_r = (
        _numbers(long["reference"]) if "reference" in long else (nan.copy(), 0)
    )
    odd = good & (vals.odd | np.asarray(bad_t, bool) | np.asarray(bad_r, bool))
    odd |= good & _out_of_years(rows)
    if "unit" in long:
        odd |= good & rows.fact & ~_text(long["unit"]).isin(["", "-"]).to_numpy()
        _convert(long, inds, good & ~odd, vals, [target, reference], rows)
    _odd_rows(long, catalog, np.flatnonzero(odd), vals, target, reference, good, rows)
    _ranges(inds, good, vals, target, rows)
    key = pd.DataFrame({"r": rows.region, "i": rows.ids, "y": rows.year})[good]
    dup = key.duplicated(keep=False).to_numpy()
    if dup.any():
        _duplicates(key[dup], vals, target, rows)
    if rows.problems:
        raise DataError(sorted(rows.problems, key=lambda p: p.row or 0))
    keep = np.flatnonzero(good)
    keep = keep[~key.duplicated(keep="first").to_numpy()] if dup.any() else keep
    source = _text(long["source"]) if "source" in long else None
    pos = {int(k): j for j, k in enumerate(keep)}
    text: dict[int, tuple[str | None, str | None]] = {}
    with_text = set(vals.given)
    if source is not None:
        with_text |= {int(k) for k in np.flatnonzero((source != "").to_numpy())}
    for k in with_text:
        if k in pos:
            src = (source.iloc[k] or None) if source is not None else None
            text[pos[k]] = (vals.given.get(k), src)
    return Table.from_columns(
        _coded(rows.region.to_numpy()[keep]),
        _coded(rows.ids[keep]),
        rows.year.to_numpy()[keep].astype(np.int64),
        vals.value[keep],
        applicable=vals.applicable[keep],
        boolean=vals.boolean[keep],
        target=target[keep],
        named=vals.named[keep],
        reference=reference[keep],
        text=text,
        units=_units(inds[keep]),
    )


def _units(inds: np.ndarray[Any, Any]) -> dict[str, str]:
    """Return each indicator's unit, looking at one row per indicator."""
    codes, _ = pd.factorize(np.array([id(v) for v in inds]) if len(inds) else inds)
    _, first = np.unique(codes, return_index=True)
    return {inds[k].id: inds[k].unit for k in first}


def _coded(values: np.ndarray[Any, Any]) -> tuple[list[str], np.ndarray[Any, Any]]:
    codes, uniques = pd.factorize(values, sort=True)
    return [str(u) for u in uniques], codes


def _duplicates(key: pd.DataFrame, vals: _Values, target: Any, rows: _Rows) -> None:
    """Report duplicate rows whose values differ (identical ones are dropped)."""
    for idx in key.groupby(["r", "i", "y"]).indices.values():
        ks = key.index.to_numpy()[idx]
        pairs = {
            (float(vals.value[k]), float(target[k]), bool(vals.applicable[k]))
            for k in ks
        }
        if len({repr(p) for p in pairs}) > 1:
            first = ks[0]
            for k in ks[1:]:
                other = int(rows.row[first])
                rows.report(
                    int(k), f"duplicate row with a different value (row {other})"
                )


def _cat(codes: np.ndarray[Any, Any], categories: list[Any]) -> pd.Categorical:
    return pd.Categorical.from_codes(
        codes.astype(np.int32), categories=pd.Index(categories)
    )


def result_frame(result: BatchResult) -> pd.DataFrame:
    """Return a batch result as a tidy frame, one row per (region, block)."""
    blocks, regs = result.blocks, result.regions
    n_b, n_r = len(blocks), len(regs)

    def per_block(values: list[Any]) -> pd.Categorical:
        cats = list(dict.fromkeys(values))
        codes = np.array([cats.index(v) for v in values], dtype=np.int32)
        return _cat(np.tile(codes, n_r), cats)

    def grid(arrays: list[np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
        if not arrays:
            return np.empty(0)
        return np.stack(arrays).T.ravel()

    value = grid(
        [
            np.where(b.column.present & b.column.applicable, b.column.value, np.nan)
            for b in blocks
        ]
    )
    verdict = _cat(grid([b.verdict for b in blocks]), [v.value for v in VERDICTS])
    codes = np.repeat(np.arange(n_r), n_b)
    frame = pd.DataFrame(
        {
            "region": _cat(codes, [r.code for r in regs] or [""]),
            "region_name": _cat(
                codes, list(dict.fromkeys(r.name for r in regs)) or [""]
            )
            if len({r.name for r in regs}) == n_r
            else np.repeat(np.array([r.name for r in regs], dtype=object), n_b),
            "standard": per_block([b.standard.id for b in blocks]),
            "year": np.tile(np.array([b.year for b in blocks], dtype=np.int64), n_r),
            "requirement": per_block([b.requirement.id for b in blocks]),
            "number": per_block([b.requirement.number for b in blocks]),
            "indicator": per_block([b.requirement.indicator for b in blocks]),
            "binding": np.tile(np.array([b.requirement.binding for b in blocks]), n_r),
            "verdict": verdict,
            "value": value,
            "unit": per_block(
                [b.standard.indicator(b.requirement.indicator).unit for b in blocks]
            ),
            "target": grid([b.target for b in blocks]),
            "distance": grid([b.distance for b in blocks]),
            "target_text": per_block([b.requirement.target_text for b in blocks]),
            "due": pd.Series(
                np.tile(np.array([b.requirement.due for b in blocks], object), n_r),
                dtype="Int64",
            ),
            "lead": per_block(["、".join(b.requirement.lead) for b in blocks]),
        }
    )
    scope = grid([b.scope for b in blocks]).astype(bool)
    return frame if scope.all() else frame[scope].reset_index(drop=True)
