"""Standard versions: which applied when, how indicators relate, what changed.

- :func:`in_force` answers which national (and provincial) standards applied
  on a date, for a level of region.
- :func:`crosswalk` is the bundled table of how indicators relate across
  versions (renames, successors, splits, merges).
- :func:`diff` lists the requirements added, removed and changed between two
  standards, matched through the crosswalk; against a partial standard a row
  is "not encoded", never removed.
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
    Completeness,
    Confidence,
    DocumentKind,
    Level,
    Requirement,
    Standard,
)


__all__ = [
    "Coverage",
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
    moved, else None. ``provisional`` is True when either row is provisional
    (待核实: known only from a plan's quotation).
    """

    old: str
    new: str
    old_indicator: str
    new_indicator: str
    relation: str
    changes: tuple[FieldChange, ...]
    direction: str | None = None
    provisional: bool = False


@attrs.frozen
class Coverage:
    """How much of its official table a side of a diff encodes.

    Args:
        id: The standard's id.
        completeness: Whether every row of the official table is encoded.
        requirements: Rows encoded from the standard's own text.
        provisional: Rows encoded from a plan's quotation (待核实).
        missing: Rows known to exist but not encoded (the file's ``missing``).
    """

    id: str
    completeness: Completeness
    requirements: int
    provisional: int
    missing: int

    @classmethod
    def of(cls, std: Standard) -> Coverage:
        """Return how much of its table ``std`` encodes."""
        n = len(std.provisional())
        return cls(
            std.id, std.completeness, len(std.requirements) - n, n, len(std.missing)
        )

    def describe(self) -> str:
        """Say it in words, e.g. ``partial: 1 row, 41 provisional, 5 missing``."""
        parts = [f"{self.requirements} row{'s' if self.requirements != 1 else ''}"]
        if self.provisional:
            parts.append(f"{self.provisional} provisional")
        if self.missing:
            parts.append(f"{self.missing} missing")
        return f"{self.completeness.value}: {', '.join(parts)}"


@attrs.frozen
class StandardDiff:
    """What changed from standard ``old`` to standard ``new``.

    A row one side has and the other lacks is *added* or *removed* only when
    the other side is complete and judges the row's level. A row of a level
    the other side's table does not judge (a city row against a county table)
    is listed in ``old_other_level`` / ``new_other_level``; against a partial
    side the row may simply not be encoded there, and it is listed as *not
    encoded* in that side (``not_in_new``, ``not_in_old``). ``old_coverage``
    and ``new_coverage`` say how complete each side is.
    """

    old: str
    new: str
    added: tuple[Requirement, ...]
    removed: tuple[Requirement, ...]
    changed: tuple[RequirementChange, ...]
    unchanged: tuple[RequirementChange, ...] = ()
    not_in_new: tuple[Requirement, ...] = ()
    not_in_old: tuple[Requirement, ...] = ()
    old_other_level: tuple[Requirement, ...] = ()
    new_other_level: tuple[Requirement, ...] = ()
    old_coverage: Coverage | None = None
    new_coverage: Coverage | None = None


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

    A row without a match is added (removed) only when the other side is
    complete; against a partial side it is *not encoded* there
    (:attr:`StandardDiff.not_in_old`, :attr:`StandardDiff.not_in_new`).

    >>> d = diff("mee-2016-county", "mee-2024-county")
    >>> [(c.old, c.new, c.relation) for c in d.unchanged]
    [('31', '1', 'same')]
    >>> len(d.added), len(d.not_in_old)
    (0, 29)
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
            ra.provisional or rb.provisional,
        )
        (changed if changes else unchanged).append(item)
    extra = [r for r in b.requirements if r.id not in matched_b]
    gone, other_a, unencoded_a = _sort_out(a, removed, b)
    fresh, other_b, unencoded_b = _sort_out(b, extra, a)
    return StandardDiff(
        a.id,
        b.id,
        added=fresh,
        removed=gone,
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        not_in_new=unencoded_a,
        not_in_old=unencoded_b,
        old_other_level=other_a,
        new_other_level=other_b,
        old_coverage=Coverage.of(a),
        new_coverage=Coverage.of(b),
    )


_BOTH = frozenset({Level.COUNTY, Level.CITY})


def _levels(std: Standard, req: Requirement | None = None) -> frozenset[Level]:
    """Return the levels a row (or, without one, a table) judges."""
    if req is not None and req.scope:
        return frozenset(req.scope)
    return _BOTH if std.level is Level.CITY_AND_COUNTY else frozenset({std.level})


def _sort_out(
    std: Standard, rows: list[Requirement], other: Standard
) -> tuple[tuple[Requirement, ...], ...]:
    """Split ``std``'s unmatched rows: gone, of another level, or not encoded there.

    A row is gone from (or new to) ``other`` only when ``other`` judges its
    level and is complete; otherwise the other side cannot say.
    """
    levels = _levels(other)
    other_level = tuple(r for r in rows if not _levels(std, r) & levels)
    rest = tuple(r for r in rows if _levels(std, r) & levels)
    if other.completeness is Completeness.COMPLETE:
        return rest, other_level, ()
    return (), other_level, rest
