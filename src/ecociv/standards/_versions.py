"""Standard versions: which applied when, how indicators relate, what changed.

- :func:`in_force` answers which national (and provincial) standards applied
  on a date, for a level of region.
- :func:`crosswalk` is the bundled table of how indicators relate across
  versions (renames, successors, splits, merges).
- :func:`diff` lists the requirements added, removed and changed between two
  standards, matched through the crosswalk.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import tomllib
from collections.abc import Iterable

import attrs

from ecociv.errors import StandardFileError
from ecociv.rules import Op, Threshold
from ecociv.standards._loader import _data_dir, bundled_ids, load
from ecociv.standards._model import (
    Confidence,
    DocumentKind,
    Level,
    Requirement,
    Standard,
)


__all__ = [
    "Crosswalk",
    "FieldChange",
    "InForce",
    "Link",
    "Relation",
    "RequirementChange",
    "StandardDiff",
    "crosswalk",
    "diff",
    "in_force",
]


class Relation(enum.Enum):
    """How a later indicator relates to an earlier one."""

    RENAME = "rename"  # the same measure, a new name
    SUCCESSOR = "successor"  # a different measure takes its place
    SPLIT = "split"  # one became several
    MERGE = "merge"  # several became one


@attrs.frozen
class Link:
    """One relation between an earlier (``old``) and a later (``new``) indicator."""

    old: str
    new: str
    relation: Relation
    confidence: Confidence
    note: str = ""


@attrs.frozen
class Crosswalk:
    """The links between indicators of different versions."""

    links: tuple[Link, ...] = ()

    def link(self, old: str, new: str) -> Link | None:
        """Return the link from ``old`` to ``new`` (either way round), if any."""
        for lk in self.links:
            if (lk.old, lk.new) in ((old, new), (new, old)):
                return lk
        return None

    def related(self, indicator_id: str) -> tuple[Link, ...]:
        """Return every link that involves the indicator."""
        return tuple(lk for lk in self.links if indicator_id in (lk.old, lk.new))


@functools.cache
def crosswalk() -> Crosswalk:
    """Return the bundled crosswalk (``data/crosswalk.toml``)."""
    from ecociv._wire import from_dict, problems  # noqa: PLC0415

    path = "ecociv/standards/data/crosswalk.toml"
    raw = tomllib.loads((_data_dir() / "crosswalk.toml").read_text(encoding="utf-8"))
    try:
        return from_dict(raw, Crosswalk)
    except Exception as exc:  # noqa: BLE001  (every problem is listed)
        raise StandardFileError(path, problems(exc)) from None


def _day(on: dt.date | str) -> dt.date:
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    from dateutil.parser import isoparse  # noqa: PLC0415  (keeps import ecociv light)

    parsed: dt.datetime = isoparse(on)
    return parsed.date()


@attrs.frozen
class InForce:
    """The standards that applied on a date.

    ``uncertain`` holds standards known only by their year of issue, when
    the date falls in that year: they may or may not have applied yet.
    """

    on: dt.date
    level: Level
    national: tuple[Standard, ...]
    provincial: tuple[Standard, ...]
    uncertain: tuple[Standard, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """Return the ids of the standards in force (national, then provincial)."""
        return tuple(s.id for s in (*self.national, *self.provincial))


def _started(std: Standard, day: dt.date) -> bool | None:
    """Return True, False, or None when only the year is known and it is this year."""
    start = std.effective or std.issued
    if start is not None:
        return start <= day
    if std.year is None:  # pragma: no cover  (the model requires one of them)
        return None
    if std.year < day.year:
        return True
    return None if std.year == day.year else False


def in_force(
    on: dt.date | str,
    level: Level | str,
    province: str | None = None,
    *,
    standards: Iterable[Standard] | None = None,
) -> InForce:
    """Return which standards applied on a date to a level of region.

    A standard applies from its effective date (or issue date) until a
    standard that supersedes it applies. Provincial standards are included
    when ``province`` (a 6-digit province code) matches.

    Args:
        on: The date, as a ``date`` or an ISO string (``"2021-06-30"``).
        level: ``county`` or ``city``.
        province: A province code such as ``"330000"``.
        standards: The standards to consider (default: every bundled one).

    >>> in_force("2025-01-01", "county").ids
    ('mee-2024-county',)
    >>> [s.id for s in in_force("2021-06-30", "county").uncertain]
    ['mee-2021']
    """
    day, lvl = _day(on), Level(level)
    pool = [
        s
        for s in (standards if standards is not None else map(load, bundled_ids()))
        if s.kind is DocumentKind.STANDARD
        and s.level.covers(lvl)
        and s.province in (None, province)
    ]
    started = {s.id: _started(s, day) for s in pool}
    superseded = {s.supersedes for s in pool if started[s.id] and s.supersedes}
    current = [s for s in pool if started[s.id] and s.id not in superseded]
    uncertain = tuple(s for s in pool if started[s.id] is None)
    national = tuple(s for s in current if s.province is None)
    provincial = tuple(s for s in current if s.province is not None)
    return InForce(day, lvl, national, provincial, uncertain)


@attrs.frozen
class FieldChange:
    """One field of a requirement that differs between two versions."""

    field: str
    old: str
    new: str


@attrs.frozen
class RequirementChange:
    """A requirement present in both versions (matched through the crosswalk).

    ``relation`` is ``"same"`` for the same indicator, else the crosswalk
    relation; ``direction`` is ``"tightened"`` or ``"loosened"`` when a bound
    moved, else None.
    """

    old: str
    new: str
    old_indicator: str
    new_indicator: str
    relation: str
    changes: tuple[FieldChange, ...]
    direction: str | None = None


@attrs.frozen
class StandardDiff:
    """What changed from standard ``old`` to standard ``new``."""

    old: str
    new: str
    added: tuple[Requirement, ...]
    removed: tuple[Requirement, ...]
    changed: tuple[RequirementChange, ...]
    unchanged: tuple[RequirementChange, ...] = ()


def _fields(std: Standard, req: Requirement) -> dict[str, str]:
    unit = next(i.unit for i in std.indicators if i.id == req.indicator)
    return {
        "indicator": req.indicator,
        "rule": req.rule.kind,
        "target": req.rule.describe("zh"),
        "target_text": req.target_text,
        "unit": unit,
        "binding": "binding" if req.binding else "reference",
        "scope": ",".join(sorted(lv.value for lv in req.scope)) or std.level.value,
    }


def _direction(a: Requirement, b: Requirement) -> str | None:
    ra, rb = a.rule, b.rule
    if (
        not (isinstance(ra, Threshold) and isinstance(rb, Threshold))
        or ra.op is not rb.op
    ):
        return None
    if ra.value == rb.value:
        return None
    up = rb.value > ra.value
    stricter = up if ra.op in (Op.GE, Op.GT) else not up
    return "tightened" if stricter else "loosened"


def diff(
    old: Standard | str, new: Standard | str, *, links: Crosswalk | None = None
) -> StandardDiff:
    """Compare two standards requirement by requirement.

    Requirements are matched by indicator, or through a crosswalk link
    (rename, successor, split, merge) when the indicator changed.

    >>> d = diff("mee-2016-county", "mee-2024-county")
    >>> [(c.old, c.new, c.relation) for c in d.unchanged]
    [('31', '1', 'same')]
    """
    a = load(old) if isinstance(old, str) else old
    b = load(new) if isinstance(new, str) else new
    cw = crosswalk() if links is None else links
    b_by_ind: dict[str, Requirement] = {}
    for r in b.requirements:
        b_by_ind.setdefault(r.indicator, r)
    matched_b: set[str] = set()
    changed: list[RequirementChange] = []
    unchanged: list[RequirementChange] = []
    removed: list[Requirement] = []
    for ra in a.requirements:
        rb, relation = b_by_ind.get(ra.indicator), "same"
        if rb is None:
            for lk in cw.related(ra.indicator):
                other = lk.new if lk.old == ra.indicator else lk.old
                if other in b_by_ind and b_by_ind[other].id not in matched_b:
                    rb, relation = b_by_ind[other], lk.relation.value
                    break
        if rb is None:
            removed.append(ra)
            continue
        matched_b.add(rb.id)
        fa, fb = _fields(a, ra), _fields(b, rb)
        changes = tuple(FieldChange(k, fa[k], fb[k]) for k in fa if fa[k] != fb[k])
        item = RequirementChange(
            ra.id,
            rb.id,
            ra.indicator,
            rb.indicator,
            relation,
            changes,
            _direction(ra, rb) if relation in ("same", "rename") else None,
        )
        (changed if changes else unchanged).append(item)
    added = tuple(r for r in b.requirements if r.id not in matched_b)
    return StandardDiff(
        a.id, b.id, added, tuple(removed), tuple(changed), tuple(unchanged)
    )
