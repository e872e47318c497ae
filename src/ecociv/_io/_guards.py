"""What a door checks before it reads: limits, the package a file kind needs.

Every door (CSV, Parquet, Excel, DataFrames and records) refuses input past
:mod:`ecociv.limits` before the work that the limit is there to bound, and
says which extra installs what a file kind needs; a file its library cannot
read is one problem naming the file, the reason cut short.
"""

from __future__ import annotations

from typing import Any

from ecociv import limits
from ecociv.errors import DataError, DataProblem, excerpt


__all__ = ["check_cells", "check_rows", "check_unpacked", "needs", "unreadable"]


def check_rows(n: int, file: str | None, what: str = "data rows") -> None:
    """Refuse input of more than ``ecociv.limits.max_rows`` rows (``n`` so far)."""
    cap = limits.max_rows
    if cap is not None and n > cap:
        msg = limits.exceeded("max_rows", cap, f"more than {cap:,} {what}")
        raise DataError([DataProblem(msg, file)])


def check_cells(rows: int, columns: int, file: str | None) -> None:
    """Refuse a sheet of more than ``ecociv.limits.max_cells`` cells."""
    cap = limits.max_cells
    if cap is not None and rows * columns > cap:
        found = f"{rows:,} rows of {columns:,} columns ({rows * columns:,} cells)"
        msg = limits.exceeded("max_cells", cap, found)
        raise DataError([DataProblem(msg, file)])


def check_unpacked(size: int, file: str, what: str) -> None:
    """Refuse packed data that unpacks past ``ecociv.limits.max_unpacked_bytes``."""
    cap = limits.max_unpacked_bytes
    if cap is not None and size > cap:
        msg = limits.exceeded(
            "max_unpacked_bytes", cap, f"{what} unpacks to {size:,} bytes, which"
        )
        raise DataError([DataProblem(msg, file)])


def needs(module: str, file: str | None, what: str = "this file") -> Any:
    """Import what a file kind (or ``what``) needs, or say which extra brings it."""
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError:
        msg = (
            f"reading {what} needs {module.split('.', maxsplit=1)[0]}: "
            "python3 -m pip install 'ecociv[dataframe]'"
        )
        raise DataError([DataProblem(msg, file)]) from None


def unreadable(
    exc: BaseException, file: str | None, what: str, row: int | None = None
) -> DataProblem:
    """Return the problem of a file its library cannot read, the reason cut short."""
    reason = excerpt(str(exc) or type(exc).__name__, quoted=False, limit=160)
    return DataProblem(f"cannot read {what}: {reason}", file, row)
