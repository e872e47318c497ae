"""A data set: observations of many regions, indicators and years, held as columns.

Build one by reading a file or a frame (:meth:`Observations.from_csv`,
:meth:`Observations.from_records`, :func:`ecociv.assess_many` on a path or a
DataFrame: one reader grammar, documented in ``docs/input.md``), or from
:class:`~ecociv.Observation` values (``Observations(items)``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._account import RowFate, RowStatus
from ecociv._frozen import FrozenMap
from ecociv._indicator import IndicatorCatalog
from ecociv._observation import Observation
from ecociv._table import Table
from ecociv.errors import DataProblem


if TYPE_CHECKING:
    from ecociv.standards import Standard


__all__ = ["Observations", "RowFate", "RowStatus"]


def _problems(items: Iterable[DataProblem]) -> tuple[DataProblem, ...]:
    return tuple(items)


@attrs.frozen(init=False, eq=False)
class Observations:
    """An immutable set of observations, each (region, indicator, year) at most once.

    Args:
        items: The observations, in order.
        issues: Problems met while reading, when read leniently.
        file: The file read, if any.
        encoding: The encoding the file was read in (``"utf-8"``,
            ``"utf-8-sig"`` with a BOM, or ``"gb18030"``), if read from a file.
        skipped: Rows read but not turned into observations for a reason
            other than a problem (blank rows, repeats of an earlier row).

    Two data sets are equal when they hold the same observations in the same
    order and the same issues, wherever they came from.

    Raises:
        ValueError: When two observations share a key.
    """

    table: Table
    issues: tuple[DataProblem, ...] = attrs.field(converter=_problems)
    file: str | None = attrs.field(kw_only=True)
    encoding: str | None = attrs.field(kw_only=True)
    skipped: tuple[RowFate, ...] = attrs.field(kw_only=True)

    def __init__(
        self,
        items: Iterable[Observation] = (),
        issues: Iterable[DataProblem] = (),
        *,
        file: str | None = None,
        encoding: str | None = None,
        skipped: Iterable[RowFate] = (),
    ) -> None:
        obs = tuple(items)
        seen: set[tuple[str, str, int]] = set()
        for o in obs:
            if o.key in seen:
                raise ValueError(f"two observations for {o.key}")
            seen.add(o.key)
        self.__attrs_init__(
            Table.from_observations(obs),
            issues,
            file=file,
            encoding=encoding,
            skipped=tuple(skipped),
        )

    @classmethod
    def of_table(
        cls,
        table: Table,
        issues: Iterable[DataProblem] = (),
        *,
        file: str | None = None,
        encoding: str | None = None,
        skipped: Iterable[RowFate] = (),
    ) -> Observations:
        """Wrap a table a reader built (keys unique, units converted)."""
        new = cls.__new__(cls)
        new.__attrs_init__(
            table.grouped(),
            issues,
            file=file,
            encoding=encoding,
            skipped=tuple(skipped),
        )
        return new

    @functools.cached_property
    def items(self) -> tuple[Observation, ...]:
        """Return every observation, in order."""
        return tuple(self.table.observations())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Observations):
            return NotImplemented
        return self.items == other.items and self.issues == other.issues

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        t = self.table
        where = f" from {self.file}" if self.file else ""
        issues = f", {len(self.issues)} issues" if self.issues else ""
        return (
            f"<Observations{where}: {len(t):,} observations of "
            f"{len(t.regions):,} regions, {len(t.indicators):,} indicators{issues}>"
        )

    def _repr_html_(self) -> str:
        """Return what the data holds per indicator as HTML, for notebooks."""
        from ecociv.report import observations_html  # noqa: PLC0415  (jinja2 on use)

        return observations_html(self)

    def for_region(self, code: str) -> Mapping[tuple[str, int], Observation]:
        """Return the region's observations by ``(indicator id, year)``."""
        items = self.table.observations(self.table.entries_of_region(code))
        return FrozenMap({(o.indicator, o.year): o for o in items})

    def regions(self) -> tuple[str, ...]:
        """Return the region codes present, sorted."""
        return tuple(sorted(self.table.regions))

    @property
    def origins(self) -> Mapping[tuple[str, str, int], tuple[int, ...]]:
        """Return, for each observation's key, the input rows it came from."""
        rows = self.table.row[self.table.in_input_order].tolist()
        return FrozenMap(
            {o.key: (n,) for o, n in zip(self.items, rows, strict=True) if n}
        )

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
        rows = self.table.row[self.table.in_input_order].tolist()
        for obs, n in zip(self.items, rows, strict=True):
            if not n:
                continue
            reason = ""
            if region is not None and obs.region != region:
                reason = f"other region ({obs.region}, not {region})"
            elif wanted is not None and obs.indicator not in wanted:
                reason = f"indicator not in standard {standard.id}"  # type: ignore[union-attr]
            status = RowStatus.NOT_USED if reason else RowStatus.USED
            fates.append(
                RowFate(n, status, reason, obs.region, obs.indicator, obs.year)
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
        """Read long-form records (mappings with the CSV's columns).

        Args:
            records: Mappings with keys region, indicator, year, value and
                optionally unit, target, reference, source.
            indicators: The standard (or catalog) that names the indicators.
            file: File name for messages.
            first_row: Row number of the first record (2 for a CSV with a header).
            strict: Raise :class:`~ecociv.errors.DataError` listing every bad
                row (default); when False, keep the good rows and return the
                problems in ``issues``.

        Raises:
            DataError: In strict mode, when any record is bad (every bad one
                is listed); in both modes, when there are more records than
                ``ecociv.limits.max_rows``.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_records(
            records, _catalog(indicators), file=file, first_row=first_row, strict=strict
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
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_file(path, _catalog(indicators), strict=strict, kind="csv")

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        indicators: Standard | IndicatorCatalog,
        *,
        strict: bool = True,
    ) -> Observations:
        """Read a CSV, Parquet or Excel (.xlsx) file, by its suffix.

        Every kind of file is read by the same grammar as :meth:`from_csv`
        (``docs/input.md``); Parquet and Excel need ``ecociv[dataframe]``.

        Raises:
            DataError: As :meth:`from_csv`; also when the suffix is unknown.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_file(path, _catalog(indicators), strict=strict)

    @classmethod
    def from_frame(
        cls,
        frame: Any,
        indicators: Standard | IndicatorCatalog,
        *,
        strict: bool = True,
        file: str | None = None,
    ) -> Observations:
        """Read a pandas DataFrame in long or wide form, as the CSV reader reads a file.

        Typed cells are written as the text a CSV file would hold, then read
        by the same rules (``docs/input.md``); rows are numbered as if the
        frame were written out with its header (first row: 2).

        Raises:
            DataError: As :meth:`from_csv`.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_frame(frame, _catalog(indicators), strict=strict, file=file)


def _catalog(indicators: Standard | IndicatorCatalog) -> IndicatorCatalog:
    return (
        indicators if isinstance(indicators, IndicatorCatalog) else indicators.catalog
    )
