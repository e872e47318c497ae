"""The row account: what became of every input row."""

from __future__ import annotations

import enum

import attrs


__all__ = ["RowFate", "RowStatus"]


class RowStatus(enum.Enum):
    """What became of one input row (or, in wide form, one year cell of a row)."""

    #: Read, and kept as an observation the assessment uses.
    USED = "used"
    #: Read correctly, but not used (another region, an indicator the
    #: standard does not have, a blank row, a repeat of an earlier row).
    NOT_USED = "not_used"
    #: Refused: the row has a problem, listed in ``Observations.issues``.
    REFUSED = "refused"


@attrs.frozen
class RowFate:
    """One line of the row account: an input row, and what became of it.

    ``row`` is the spreadsheet row (header = 1) or the record number given to
    :meth:`Observations.from_records`; ``year`` tells wide-form cells apart.
    """

    row: int
    status: RowStatus
    reason: str = ""
    region: str | None = None
    indicator: str | None = None
    year: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" year {self.year}" if self.year else "")
        why = f": {self.reason}" if self.reason else ""
        return f"{where} {self.status.value}{why}"
