"""Every error ecociv raises.

All of them derive from :class:`EcocivError`, and each also derives from the
builtin exception a caller would naturally catch, as pint does::

    EcocivError
    ├── UnitError                (ValueError)   a unit is unknown or does not convert
    ├── UnknownIndicatorError    (LookupError)  an indicator id or name is not known
    ├── UnknownRegionError       (LookupError)  a region code is not in the table
    ├── UnknownStandardError     (LookupError)  no bundled standard has that id
    ├── StandardFileError        (ValueError)   a standard file is malformed
    ├── DataError                (ValueError)   a data file has bad rows
    ├── RuleError                (ValueError)   a rule cannot judge this region
    └── ArgumentError            (TypeError)    an argument of the wrong kind

Errors carry data (``indicator_id``, ``region_code``, ``unit_given`` ...) and
build their message from it: what was wrong, where, and what is accepted.
Errors that collect several problems (:class:`StandardFileError`,
:class:`DataError`) keep every one of them, so a file is fixed in one pass;
a :class:`DataError`'s message lists the first :data:`MESSAGE_PROBLEMS`.

Messages are bounded: what a user wrote (a cell, a unit, a name) is quoted
through :func:`excerpt`, cut to :data:`EXCERPT_CHARS` characters, so an
error never echoes a file's contents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs


__all__ = [
    "EXCERPT_CHARS",
    "MESSAGE_PROBLEMS",
    "ArgumentError",
    "DataError",
    "DataProblem",
    "EcocivError",
    "RuleError",
    "StandardFileError",
    "UnitError",
    "UnknownIndicatorError",
    "UnknownRegionError",
    "UnknownStandardError",
    "excerpt",
]

#: How many characters of what a user wrote a message quotes.
EXCERPT_CHARS = 40

#: How many problems a :class:`DataError`'s message lists (``.problems`` has all).
MESSAGE_PROBLEMS = 20


def excerpt(text: object, *, quoted: bool = True, limit: int = EXCERPT_CHARS) -> str:
    """Return what a user wrote as a message shows it: cut to ``limit`` characters.

    Quoted (the default) it is the ``repr`` of the cut text, so hidden
    characters show; unquoted it is the cut text itself, or its ``repr`` when
    it holds characters that do not print. A cut ends in ``…``. Anything but
    text is shown as its ``repr``.

    >>> excerpt("35μg/m3"), excerpt("x" * 50), excerpt("value", quoted=False)
    ("'35μg/m3'", "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'", 'value')
    """
    s = text if isinstance(text, str) else _repr(text)
    cut = s if len(s) <= limit else s[:limit] + "…"
    return repr(cut) if quoted or not cut.isprintable() else cut


def _repr(value: object) -> str:
    """Return ``repr(value)``, or a stand-in when it cannot be written."""
    try:
        return repr(value)
    except Exception:  # noqa: BLE001  (any __repr__ may fail; a message must not)
        return f"<{type(value).__name__}>"


class EcocivError(Exception):
    """Root of every error raised by ecociv.

    Every ecociv error survives ``pickle`` and ``copy.deepcopy`` with its
    message and data (services and process pools move errors too), whatever
    its ``__init__`` takes, as pint's errors do.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(vars(self))))


def _rebuild(
    cls: type[EcocivError], args: tuple[Any, ...], state: dict[str, Any]
) -> EcocivError:
    """Return an error of ``cls`` with these args and data, without its __init__."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    vars(error).update(state)
    return error


class UnitError(EcocivError, ValueError):
    """A unit is not recognised, or does not convert to the unit expected.

    Args:
        unit_given: The unit as the caller wrote it.
        unit_expected: The unit the indicator is measured in, if known.
        indicator_id: The indicator the value belongs to, if known.
        reason: A short explanation, e.g. "different dimensions".
        accepted: Spellings that would have been accepted, if helpful.
    """

    def __init__(
        self,
        unit_given: str,
        unit_expected: str | None = None,
        *,
        indicator_id: str | None = None,
        reason: str = "",
        accepted: Sequence[str] = (),
    ) -> None:
        self.unit_given = unit_given
        self.unit_expected = unit_expected
        self.indicator_id = indicator_id
        self.reason = reason
        self.accepted = tuple(accepted)
        super().__init__(self._message())

    def _message(self) -> str:
        where = f" for indicator {self.indicator_id!r}" if self.indicator_id else ""
        given = excerpt(self.unit_given)
        if self.unit_expected is None:
            msg = f"unknown unit {given}{where}"
        else:
            msg = f"unit {given}{where} does not convert to {self.unit_expected!r}"
        if self.reason:
            msg += f" ({self.reason})"
        if self.accepted:
            msg += "; accepted: " + ", ".join(self.accepted)
        return msg


class UnknownIndicatorError(EcocivError, LookupError):
    """An indicator id, Chinese name or alias is not in the catalog.

    Args:
        name: What the caller wrote.
        suggestions: Known ids or names that look close.
    """

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"unknown indicator {excerpt(name)}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions)
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would quote the whole message.
        return str(self.args[0])


class UnknownRegionError(EcocivError, LookupError):
    """A region code or name is not in the bundled NBS 2023 table (or is malformed).

    Args:
        code: The code (or name) as given.
        reason: Why it was refused.

    Attributes:
        candidates: The codes of the regions an ambiguous name matches
            (empty otherwise).
    """

    def __init__(self, code: str, reason: str = "not in the NBS 2023 table") -> None:
        self.code = code
        self.reason = reason
        self.candidates: tuple[str, ...] = ()
        text = str(code)
        what = "code" if text.isascii() and any(c.isdigit() for c in text) else "name"
        super().__init__(f"unknown region {what} {excerpt(code)}: {reason}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownStandardError(EcocivError, LookupError):
    """No bundled standard (or plan) has this id.

    Args:
        standard_id: The id asked for.
        known: The ids that exist.
    """

    def __init__(self, standard_id: str, known: Iterable[str] = ()) -> None:
        self.standard_id = standard_id
        self.known = tuple(sorted(known))
        msg = f"unknown standard {excerpt(standard_id)}"
        if self.known:
            msg += "; bundled: " + ", ".join(self.known)
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])


class StandardFileError(EcocivError, ValueError):
    """A standard file is malformed; lists every problem with its key path.

    Args:
        path: The file (or ``"<string>"``).
        problems: One line per problem, each starting with a key path such
            as ``$.requirements[3].rule.kind``.
    """

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"{path}: {n} problem{'s' if n != 1 else ''} in standard file"
        super().__init__(head + "".join(f"\n  - {p}" for p in self.problems))


@attrs.frozen
class DataProblem:
    """One problem found in a data file, located as precisely as possible.

    ``row`` counts lines of the file as a spreadsheet shows them: the header
    is row 1, the first data row is row 2.
    """

    message: str
    file: str | None = None
    row: int | None = None
    region: str | None = None
    indicator: str | None = None
    year: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file if self.row is None else f"{self.file}:{self.row}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        # Region and indicator are what the row held: bounded like a quote.
        if self.region is not None:
            parts.append(f"region {excerpt(self.region, quoted=False)}")
        if self.indicator is not None:
            parts.append(f"indicator {excerpt(self.indicator, quoted=False)}")
        if self.year is not None:
            parts.append(f"year {self.year}")
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class DataError(EcocivError, ValueError):
    """Rows of a data file could not be read; holds every bad row at once.

    ``problems`` holds every problem; the message lists the first
    :data:`MESSAGE_PROBLEMS` of them and counts the rest.

    Args:
        problems: Every problem found, each naming file, row, region and
            indicator where known.
    """

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        self.problems = tuple(problems)
        n = len(self.problems)
        if n == 1:
            msg = str(self.problems[0])
        else:
            shown = self.problems[:MESSAGE_PROBLEMS]
            msg = f"{n} problems in the data" + "".join(f"\n  - {p}" for p in shown)
            if n > len(shown):
                msg += f"\n  ... and {n - len(shown)} more problems"
        super().__init__(msg)


class RuleError(EcocivError, ValueError):
    """A rule cannot be applied as written (a programming or data-file error).

    Raised, for example, when a region-dependent rule has no case for the
    region's class and kind.

    Args:
        message: What went wrong.
        requirement_id: The requirement, if known.
        region_code: The region, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        requirement_id: str | None = None,
        region_code: str | None = None,
    ) -> None:
        self.requirement_id = requirement_id
        self.region_code = region_code
        where = []
        if requirement_id:
            where.append(f"requirement {requirement_id}")
        if region_code:
            where.append(f"region {region_code}")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


class ArgumentError(EcocivError, TypeError):
    """A public function was given a value of the wrong kind (a year as text).

    Values are never coerced: ``"2024"`` is not taken for ``2024``.

    Args:
        name: The parameter.
        given: The value given.
        accepted: What the parameter accepts.
    """

    def __init__(self, name: str, given: object, accepted: str) -> None:
        self.name = name
        self.given = given
        self.accepted = accepted
        kind = type(given).__name__
        shown = excerpt(_repr(given), quoted=False, limit=2 * EXCERPT_CHARS)
        super().__init__(f"{name} {shown} ({kind}) is not accepted; {accepted}")
