"""The input account: what became of every row of the data.

:class:`RowFate` is one row's fate (``Observations.account``);
:class:`InputAccount` the counts by reason that every assessment carries.
"""

from __future__ import annotations

import enum

import attrs


__all__ = [
    "FIRST_ROWS",
    "InputAccount",
    "RowFate",
    "RowStatus",
    "SetAside",
    "SetAsideReason",
]


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
    :meth:`Observations.from_records`; ``year`` tells wide-form cells apart;
    ``cause`` is the reason as a :class:`SetAsideReason`, for rows not used.
    """

    row: int
    status: RowStatus
    reason: str = ""
    region: str | None = None
    indicator: str | None = None
    year: int | None = None
    cause: SetAsideReason | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" year {self.year}" if self.year else "")
        why = f": {self.reason}" if self.reason else ""
        return f"{where} {self.status.value}{why}"


class SetAsideReason(enum.Enum):
    """Why rows read from the data were not used by an assessment."""

    #: Rows for regions that were not judged (and that no rule over
    #: sub-regions read).
    OTHER_REGION = "other_region"
    #: Rows whose region code is not in the NBS table.
    UNKNOWN_REGION = "unknown_region"
    #: Rows for indicators that no requirement judged reads.
    UNUSED_INDICATOR = "unused_indicator"
    #: Rows for years that no requirement judged reads (outside the trend
    #: windows and the assessment years).
    OTHER_YEAR = "other_year"
    #: Rows refused for a problem (listed in the data's ``issues``).
    REFUSED = "refused"
    #: Blank rows.
    BLANK = "blank"
    #: Rows that repeat an earlier row with the same meaning.
    REPEAT = "repeat"

    @property
    def label(self) -> str:
        """Return the reason in English words."""
        return _LABELS[self][1]

    @property
    def label_zh(self) -> str:
        """Return the reason in Chinese."""
        return _LABELS[self][0]


_LABELS = {
    SetAsideReason.OTHER_REGION: ("其他地区", "other regions"),
    SetAsideReason.UNKNOWN_REGION: ("未知地区代码", "unknown region codes"),
    SetAsideReason.UNUSED_INDICATOR: ("未使用的指标", "indicators not used"),
    SetAsideReason.OTHER_YEAR: ("未使用的年份", "years not used"),
    SetAsideReason.REFUSED: ("拒收的单元格", "refused cells"),
    SetAsideReason.BLANK: ("空行", "blank rows"),
    SetAsideReason.REPEAT: ("重复行", "repeated rows"),
}

#: How many row numbers an account keeps for each reason.
FIRST_ROWS = 5


@attrs.frozen
class SetAside:
    """Rows of the data set aside for one reason.

    Args:
        reason: Why.
        count: How many rows (in wide form, row-year cells).
        rows: The first few of them (spreadsheet numbering, header = 1), in
            row order; empty for observations built in Python, which have no
            rows.
    """

    reason: SetAsideReason
    count: int
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        if not self.rows:
            return f"{self.reason.label}: {self.count:,}"
        more = (
            ", ..." if len(self.rows) == FIRST_ROWS and self.count > FIRST_ROWS else ""
        )
        word = "row" if len(self.rows) == 1 and not more else "rows"
        shown = ", ".join(map(str, self.rows))
        return f"{self.reason.label}: {self.count:,} ({word} {shown}{more})"


@attrs.frozen
class InputAccount:
    """What became of the data: rows read, used, and set aside by reason.

    ``read`` equals ``used`` plus every ``set_aside`` count: nothing read
    goes unaccounted for. A row is *used* when a requirement judged read it
    (its region, indicator and year); in wide form each year cell of a row
    counts once.

    Args:
        read: Rows read (observations, refused cells, blank and repeated rows).
        used: Rows a requirement read.
        set_aside: Rows not used, by reason, in the order of
            :class:`SetAsideReason` (reasons with no rows left out).
        file: The file read, if any.
    """

    read: int
    used: int
    set_aside: tuple[SetAside, ...] = ()
    file: str | None = None

    def __attrs_post_init__(self) -> None:
        aside = sum(s.count for s in self.set_aside)
        if self.used + aside != self.read:
            msg = (
                f"account does not add up: {self.used} used + {aside} set aside "
                f"!= {self.read} read"
            )
            raise ValueError(msg)

    def count(self, reason: SetAsideReason) -> int:
        """Return how many rows were set aside for ``reason``."""
        return sum(s.count for s in self.set_aside if s.reason is reason)

    def __str__(self) -> str:
        head = f"{self.read:,} rows read, {self.used:,} used"
        if not self.set_aside:
            return head
        return f"{head}; set aside: " + "; ".join(map(str, self.set_aside))
