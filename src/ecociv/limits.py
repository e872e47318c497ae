"""Input size limits, for services that read whatever users upload.

Each limit is a module attribute, read when a file is read, so a service sets
it once at start-up::

    import ecociv.limits
    ecociv.limits.max_file_bytes = 5_000_000

A file over a limit is refused before it is read into memory, with a
:class:`~ecociv.errors.DataError` (data) or
:class:`~ecociv.errors.StandardFileError` (standards) that names the limit and
how to raise it. ``None`` switches a limit off.

>>> import ecociv.limits
>>> ecociv.limits.max_rows
1000000
"""

from __future__ import annotations

import contextlib
import numbers
import sys
from collections.abc import Iterator, Mapping


__all__ = [
    "NAMES",
    "applied",
    "current",
    "max_cells",
    "max_file_bytes",
    "max_rows",
    "max_standard_bytes",
    "max_unpacked_bytes",
    "max_year",
    "min_year",
]

#: Largest data file (CSV, Parquet, Excel) read, in bytes.
max_file_bytes: int | None = 100_000_000

#: Most bytes a packed data file (an Excel workbook, a Parquet file) may unpack
#: to, read from its directory (the zip directory, the Parquet metadata)
#: before anything is unpacked: a small file that inflates hugely is refused.
max_unpacked_bytes: int | None = 1_000_000_000

#: Most data rows read from one file or one iterable of records.
max_rows: int | None = 1_000_000

#: Most cells (rows times columns) one sheet may hold, whatever its source:
#: a worksheet's absent cells and a Parquet file's empty columns cost nothing
#: to store but a cell each to read.
max_cells: int | None = 100_000_000

#: Largest standard file (TOML) read, in bytes (text: in characters).
max_standard_bytes: int | None = 5_000_000

#: Earliest data year accepted (the People's Republic's statistics start in
#: 1949); None: no earliest year.
min_year: int | None = 1949

#: Latest data year accepted (a target year of a plan may lie ahead); None: no
#: latest year (a year has four digits all the same).
max_year: int | None = 2100


#: The names of the limits.
NAMES = (
    "max_file_bytes",
    "max_unpacked_bytes",
    "max_rows",
    "max_cells",
    "max_standard_bytes",
    "min_year",
    "max_year",
)


def current() -> dict[str, int | None]:
    """Return every limit as it is now (to hand to another process).

    >>> current()["max_rows"]
    1000000
    """
    module = sys.modules[__name__]
    return {name: getattr(module, name) for name in NAMES}


@contextlib.contextmanager
def applied(values: Mapping[str, int | None]) -> Iterator[None]:
    """Set some limits for the block, then put back what they were.

    The limits are the process's: set them around work in one thread at a
    time (a command, a task in a worker process).

    Raises:
        ValueError: When a name is not a limit.
    """
    unknown = sorted(set(values) - set(NAMES))
    if unknown:
        raise ValueError(
            f"not limits: {', '.join(unknown)} (limits: {', '.join(NAMES)})"
        )
    module = sys.modules[__name__]
    before = {name: getattr(module, name) for name in values}
    try:
        for name, value in values.items():
            setattr(module, name, value)
        yield
    finally:
        for name, value in before.items():
            setattr(module, name, value)


def exceeded(name: str, limit: int, found: str) -> str:
    """Return the message for an input over the limit ``name``."""
    return (
        f"{found} is over the limit ecociv.limits.{name} = {limit:,}; "
        f"raise it (ecociv.limits.{name} = ...) to read larger input"
    )


def year_problem(year: object) -> str | None:
    """Return why a value is not a year ecociv reads, or None when it is.

    An integer (not a bool; not a float or a text, which a reader reads by
    its cell rules) that :func:`outside_years` accepts: the one rule for a
    hand-built observation's year and the years asked for.

    >>> year_problem(True)
    'year True is not an integer (accepted: 2024)'
    """
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        return f"year {year!r} is not an integer (accepted: 2024)"
    return outside_years(int(year))


def outside_years(year: int) -> str | None:
    """Return why a year is not one ecociv reads, or None when it is.

    A year has four digits and lies within :data:`min_year` .. :data:`max_year`
    (either switched off by None): the one rule for a data file's year cells,
    hand-built observations and the years asked for.

    >>> outside_years(2024) is None
    True
    >>> outside_years(24)
    'year 24 is outside 1949..2100 (ecociv.limits.min_year, max_year)'
    """
    if not 0 <= year <= 9999:  # four digits
        return f"year {year} is not a 4-digit year"
    low, high = min_year, max_year
    if (low is None or year >= low) and (high is None or year <= high):
        return None
    return (
        f"year {year} is outside {'' if low is None else low}.."
        f"{'' if high is None else high} (ecociv.limits.min_year, max_year)"
    )
