"""A data set: observations of many regions, indicators and years, held as columns.

Build one by reading a file or a frame (:meth:`Observations.from_csv`,
:meth:`Observations.from_records`, :func:`ecociv.assess_many` on a path or a
DataFrame: one reader grammar, documented in ``docs/input.md``), or from
:class:`~ecociv.Observation` values (``Observations(items)``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ecociv import limits
from ecociv._account import RowFate
from ecociv._frozen import FrozenMap
from ecociv._indicator import IndicatorCatalog
from ecociv._observation import Observation, named_year
from ecociv._table import Table
from ecociv.errors import ArgumentError, DataError, DataProblem


if TYPE_CHECKING:
    from ecociv.standards import Standard


__all__ = ["Observations"]


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
        warnings: What the reader must know about the source as a whole (a
            workbook's other sheets, not read); results carry them on.

    Two data sets are equal when they hold the same observations in the same
    order and the same issues, wherever they came from.

    Raises:
        DataError: When two observations share a key (a ``ValueError``).
        ArgumentError: When an item is not an :class:`~ecociv.Observation`.
    """

    table: Table
    issues: tuple[DataProblem, ...] = attrs.field(converter=_problems)
    file: str | None = attrs.field(kw_only=True)
    encoding: str | None = attrs.field(kw_only=True)
    skipped: tuple[RowFate, ...] = attrs.field(kw_only=True)
    warnings: tuple[DataProblem, ...] = attrs.field(kw_only=True, default=())

    def __init__(  # noqa: PLR0913  (the parts of a data set)
        self,
        items: Iterable[Observation] = (),
        issues: Iterable[DataProblem] = (),
        *,
        file: str | None = None,
        encoding: str | None = None,
        skipped: Iterable[RowFate] = (),
        warnings: Iterable[DataProblem] = (),
    ) -> None:
        if isinstance(items, str | bytes):
            raise ArgumentError("items", items, "accepted: Observation values")
        obs = tuple(items)
        seen: set[tuple[str, str, int]] = set()
        years: list[DataProblem] = []
        for o in obs:
            if not isinstance(o, Observation):
                raise ArgumentError("items", o, "accepted: Observation values")
            why = limits.year_problem(o.year)
            if why is not None:
                year = named_year(o.year)
                years.append(DataProblem(why, None, None, o.region, o.indicator, year))
                continue
            if o.key in seen:
                msg = f"two observations for {o.key}"
                raise DataError(
                    [DataProblem(msg, None, None, o.region, o.indicator, o.year)]
                )
            seen.add(o.key)
        if years:
            raise DataError(years)
        self.__attrs_init__(
            Table.from_observations(obs),
            issues,
            file=file,
            encoding=encoding,
            skipped=tuple(skipped),
            warnings=tuple(warnings),
        )

    @classmethod
    def of_table(  # noqa: PLR0913  (the parts of a data set)
        cls,
        table: Table,
        issues: Iterable[DataProblem] = (),
        *,
        file: str | None = None,
        encoding: str | None = None,
        skipped: Iterable[RowFate] = (),
        warnings: Iterable[DataProblem] = (),
    ) -> Observations:
        """Wrap a table a reader built (keys unique, units converted)."""
        new = cls.__new__(cls)
        new.__attrs_init__(
            table.grouped(),
            issues,
            file=file,
            encoding=encoding,
            skipped=tuple(skipped),
            warnings=tuple(warnings),
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
        rows = self.table.row.tolist()  # in input order
        return FrozenMap(
            {o.key: (n,) for o, n in zip(self.items, rows, strict=True) if n}
        )

    @classmethod
    def from_records(  # noqa: PLR0913  (keyword-only options)
        cls,
        records: Iterable[Mapping[str, Any]],
        indicators: Standard | Sequence[Standard] | IndicatorCatalog,
        *,
        file: str | None = None,
        first_row: int = 2,
        strict: bool = True,
        columns: Mapping[str, str | None] | None = None,
    ) -> Observations:
        """Read records (mappings whose keys are the columns of a file's header).

        Args:
            records: Mappings in long form (keys region, indicator, year,
                value and optionally unit, target, reference, source), or
                with region and year and one key per indicator (its name,
                perhaps with its unit in brackets); keys named otherwise are
                renamed by ``columns``.
            indicators: The standard (or standards, or a catalog) that names
                the indicators; a standard also reads every other indicator
                ecociv knows, counted as not used.
            file: File name for messages.
            first_row: Row number of the first record (2 for a CSV with a header).
            strict: Raise :class:`~ecociv.errors.DataError` listing every bad
                row (default); when False, keep the good rows and return the
                problems in ``issues``.
            columns: A column mapping, as :meth:`from_csv` takes.

        Raises:
            DataError: In strict mode, when any record is bad (every bad one
                is listed); in both modes, when there are more records than
                ``ecociv.limits.max_rows``.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_records(
            records,
            indicators,
            file=file,
            first_row=first_row,
            strict=strict,
            columns=columns,
        )

    @classmethod
    def from_csv(
        cls,
        path: str | Path,
        indicators: Standard | Sequence[Standard] | IndicatorCatalog,
        *,
        strict: bool = True,
        columns: Mapping[str, str | None] | None = None,
    ) -> Observations:
        """Read a CSV file in long form, wide form, or with indicator columns.

        The form is recognised from the header: a ``value`` column means long
        form, four-digit year columns mean wide form, ``region`` and ``year``
        with no ``indicator`` column mean one column per indicator (its unit
        in brackets after the name: ``PM2.5浓度(μg/m³)``). The file is UTF-8
        (with or without BOM); when it is not valid UTF-8 it is read as
        GB18030 (a superset of GBK, what Excel on a Chinese system writes),
        and ``encoding`` says which was used.

        ``columns`` maps the file's header names to the grammar's, as a
        yearbook export needs (``{"城市": "region", "年份": "year"}``); a
        name mapped to None is left out, and a warning says so. Regions may
        be written as names (``湖北省咸宁市``), see ``docs/input.md``.

        Raises:
            DataError: When the file cannot be read or decoded, is over
                ``ecociv.limits.max_file_bytes`` or ``max_rows``, its header is
                wrong, or (in strict mode) any row is bad.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_file(
            path, indicators, strict=strict, kind="csv", columns=columns
        )

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        indicators: Standard | Sequence[Standard] | IndicatorCatalog,
        *,
        strict: bool = True,
        columns: Mapping[str, str | None] | None = None,
    ) -> Observations:
        """Read a CSV, Parquet or Excel (.xlsx) file, by its suffix.

        Every kind of file is read by the same grammar as :meth:`from_csv`
        (``docs/input.md``); Parquet and Excel need ``ecociv[dataframe]``.

        Raises:
            DataError: As :meth:`from_csv`; also when the suffix is unknown.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_file(path, indicators, strict=strict, columns=columns)

    @classmethod
    def from_arrow(
        cls,
        data: Any,
        indicators: Standard | Sequence[Standard] | IndicatorCatalog,
        *,
        strict: bool = True,
        file: str | None = None,
        columns: Mapping[str, str | None] | None = None,
    ) -> Observations:
        """Read an Arrow table as the CSV reader reads a file (any of its forms).

        ``data``: a ``pyarrow.Table`` or ``RecordBatch``, or anything that
        exports Arrow data (``__arrow_c_stream__``: a polars DataFrame, a
        DuckDB result). Columns keep their types and are read as a Parquet
        file's are (``docs/input.md``): a null is an empty cell; rows are
        numbered as if the table were written out with its header (first
        row: 2). Needs ``ecociv[dataframe]`` (pyarrow).

        A pandas DataFrame given here is read as :meth:`from_frame` reads it.

        Raises:
            DataError: As :meth:`from_csv`; also when Arrow cannot give the
                data as a table, or a column holds lists or records.
            ArgumentError: When ``data`` exports no Arrow data.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_table(
            data, indicators, strict=strict, file=file, columns=columns
        )

    @classmethod
    def from_frame(
        cls,
        frame: Any,
        indicators: Standard | Sequence[Standard] | IndicatorCatalog,
        *,
        strict: bool = True,
        file: str | None = None,
        columns: Mapping[str, str | None] | None = None,
    ) -> Observations:
        """Read a pandas DataFrame as the CSV reader reads a file (any of its forms).

        Typed cells are written as the text a CSV file would hold, then read
        by the same rules (``docs/input.md``); rows are numbered as if the
        frame were written out with its header (first row: 2). Arrow data
        given here is read as :meth:`from_arrow` reads it.

        Raises:
            DataError: As :meth:`from_csv`.
            ArgumentError: When ``frame`` is neither a DataFrame nor Arrow data.
        """
        from ecociv import _io  # noqa: PLC0415  (a named constructor calls the reader)

        return _io.read_table(
            frame, indicators, strict=strict, file=file, columns=columns
        )
