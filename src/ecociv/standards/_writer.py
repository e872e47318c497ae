"""Writing a standard back to TOML, so that a file round-trips unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecociv.standards._model import Standard


__all__ = ["dumps"]

_DATE_KEYS = frozenset({"issued", "effective", "start", "end"})


def _dates(value: Any, key: str = "") -> Any:
    """Turn ISO date strings back into TOML dates, recursively."""
    if isinstance(value, dict):
        return {k: _dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if key in _DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def dumps(std: Standard) -> str:
    """Return a standard as TOML text that ``loads`` reads back equal.

    Every indicator the standard uses is written into the file, so the text
    stands alone. Requires the ``tomli-w`` package (a core dependency).

    >>> from ecociv import standards
    >>> std = standards.load("mee-2019")
    >>> standards.loads(dumps(std)) == std
    True
    """
    import tomli_w  # noqa: PLC0415  (only when writing)

    from ecociv._wire import to_dict  # noqa: PLC0415

    return tomli_w.dumps(_dates(to_dict(std)))
