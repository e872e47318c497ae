"""The standards model: a versioned indicator system and its requirements."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterator

import attrs

from ecociv._indicator import Indicator, IndicatorCatalog
from ecociv.rules import Rule


__all__ = [
    "Completeness",
    "Confidence",
    "DocumentKind",
    "Domain",
    "Level",
    "Phase",
    "Requirement",
    "Source",
    "Standard",
    "Task",
]


class Level(enum.Enum):
    """The level of region a standard (or one of its requirements) judges."""

    COUNTY = "county"  # 示范县/区: 县, 县级市, 市辖区
    CITY = "city"  # 示范市: prefecture-level city
    #: One table for both levels, each row with its own scope (2019: 适用范围).
    CITY_AND_COUNTY = "city_and_county"

    def covers(self, other: Level) -> bool:
        """Return whether a standard of this level judges units of ``other``."""
        return self is other or self is Level.CITY_AND_COUNTY


class DocumentKind(enum.Enum):
    """Whether a file is a published standard or a region's own plan."""

    STANDARD = "standard"
    #: A region's implementation plan (实施方案): local targets with due
    #: years and departments, following (``extends``) a standard.
    PLAN = "plan"


@attrs.frozen
class Phase:
    """A phase of a plan (宣传启动阶段 2024-01-01 .. 2024-02-29), dates inclusive.

    ``end`` is None for an open-ended phase (2023-长期).
    """

    name_zh: str
    start: dt.date
    end: dt.date | None = None
    name_en: str = ""
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"phase {self.name_zh!r} ends before it starts")

    def contains(self, day: dt.date) -> bool:
        """Return whether ``day`` falls in the phase."""
        return self.start <= day and (self.end is None or day <= self.end)


class Confidence(enum.Enum):
    """How sure we are that a row matches the official text (research grade).

    See ``reference/standards.md``: A = official text or two sources agree,
    B = one legible secondary source, C = garbled, inferred or paraphrased,
    U = not found. ``A-`` and ``B/C`` are kept as the research notes grade
    them.
    """

    A = "A"
    A_MINUS = "A-"
    B = "B"
    B_C = "B/C"
    C = "C"
    U = "U"


class Completeness(enum.Enum):
    """Whether every row of the official table is encoded."""

    COMPLETE = "complete"
    PARTIAL = "partial"


@attrs.frozen
class Source:
    """A document the rows were taken from."""

    key: str
    title: str
    url: str = ""
    note: str = ""


@attrs.frozen
class Domain:
    """A top-level grouping (领域), e.g. 生态安全 ecological security."""

    id: str
    zh: str
    en: str


@attrs.frozen
class Task:
    """A second-level grouping (任务), e.g. (二)环境质量改善.

    ``domain`` is None when the source does not say which domain holds it.
    """

    id: str
    zh: str
    en: str
    domain: str | None = None


@attrs.frozen
class Requirement:
    """One line of a standard: an indicator, the rule it must satisfy, and provenance.

    Args:
        id: Unique within the standard, e.g. ``"5.2"`` (number and line).
        number: The number the standard prints (several lines can share one).
        indicator: The indicator id.
        rule: The rule that judges it.
        binding: True for a binding requirement (约束性指标), False for a
            reference one (参考性指标), which is reported but does not decide
            eligibility.
        target_text: The target exactly as the standard writes it.
        sources: Keys of the :class:`Source` entries it comes from.
        confidence: How sure the research is of this row.
        domain: Domain id; None for lines outside the domain tree (the 2024
            reference block, 参考性指标, has none).
        task: Task id, likewise.
        printed_name: The indicator's name as this standard prints it, when
            it differs from the indicator's name (a redaction, a group
            heading, a ``*``).
        printed_unit: The unit cell as the source prints it, when it
            differs from the indicator's unit (``"%"`` for a coefficient,
            blank, ``"-"``); kept so the difference stays visible.
        group_zh: The group heading the line sits under (e.g. 水环境质量).
        notes: Remarks carried from the research notes.
        ambiguities: Open questions about this row that the data does not
            resolve (a redacted prefix, a unit the source prints oddly).
        due: For a plan target, the year it is due (到2025年): it is judged
            on that year's data, and reported as not yet due before.
        lead: Lead departments (牵头单位), for plan targets.
        support: Supporting / responsible departments (责任单位).
        scope: The levels the line applies to, when a table covers both
            (2019: 市县, 市, 县); empty means every level of the standard.
        base: For a plan target, the id of the requirement of the extended
            standard that it restates or tightens, if any.
        provisional: True for a row known only from a plan's quotation
            (待核实): graded C, its sources the quoting plan, its
            ``target_text`` the plan's words. It is judged only on request,
            marked provisional (待核实) in every output, and never enough on
            its own to make a region eligible. False (default) for a row of
            the standard's own text.
    """

    id: str
    number: str
    indicator: str
    rule: Rule
    binding: bool
    target_text: str
    sources: tuple[str, ...]
    confidence: Confidence
    domain: str | None = None
    task: str | None = None
    printed_name: str = ""
    printed_unit: str = ""
    group_zh: str = ""
    notes: tuple[str, ...] = ()
    ambiguities: tuple[str, ...] = ()
    due: int | None = None
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    scope: tuple[Level, ...] = ()
    base: str | None = None
    provisional: bool = False

    def applies_to(self, level: Level) -> bool:
        """Return whether this line judges units of ``level`` (适用范围)."""
        return not self.scope or level in self.scope


@attrs.frozen
class Standard:
    """A versioned indicator system, e.g. 环办生态〔2024〕4号 (county), or a plan.

    A *plan* (``kind = "plan"``) is a region's implementation plan: it
    ``extends`` a standard, names its ``region``, has ``phases``, and its
    requirements are local targets with due years and departments. Build
    one with :meth:`from_toml` or get a bundled one with
    :func:`ecociv.standards.load`.

    ``province`` is set for a provincial standard (浙江省 ...); ``supersedes``
    names the standard this one replaces; ``missing`` lists rows of the
    official table that are known to exist but are not encoded, and
    :meth:`provisional` the rows known only from a plan's quotation. ``issued``
    and ``effective`` are days; when only the year is known (环办生态函〔2021〕353号),
    ``year`` holds it and the days stay unset rather than guessed.
    """

    id: str
    title_zh: str
    title_en: str
    document_number: str
    issuer: str
    level: Level
    completeness: Completeness
    domains: tuple[Domain, ...] = ()
    tasks: tuple[Task, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    sources: tuple[Source, ...] = ()
    supersedes: str | None = None
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    kind: DocumentKind = DocumentKind.STANDARD
    province: str | None = None
    extends: str | None = None
    region: str | None = None
    phases: tuple[Phase, ...] = ()
    issued: dt.date | None = None
    effective: dt.date | None = None
    year: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.issued is None and self.year is None:
            raise ValueError(f"standard {self.id!r} needs `issued` or at least `year`")
        if (
            self.effective is not None
            and self.issued is not None
            and self.effective < self.issued
        ):
            raise ValueError(f"standard {self.id!r} takes effect before it is issued")

    @property
    def effective_year(self) -> int:
        """Return the year the standard took effect (or was issued)."""
        day = self.effective or self.issued
        return day.year if day is not None else self.year  # type: ignore[return-value]

    @classmethod
    def from_toml(cls, text: str, *, path: str = "<string>") -> Standard:
        """Parse and check a standard written in TOML.

        Raises:
            StandardFileError: Listing every problem at once, each with its
                key path.
        """
        from ecociv.standards._loader import loads  # noqa: PLC0415  (keeps cattrs off import)

        return loads(text, path=path)

    @functools.cached_property
    def catalog(self) -> IndicatorCatalog:
        """Return the standard's indicators, found by id, name or alias (built once)."""
        return IndicatorCatalog.of(self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with this id, name or alias."""
        return self.catalog.find(indicator_id)

    def domain(self, domain_id: str) -> Domain:
        """Return the domain with this id."""
        return next(d for d in self.domains if d.id == domain_id)

    def task(self, task_id: str) -> Task:
        """Return the task with this id."""
        return next(t for t in self.tasks if t.id == task_id)

    def binding(self) -> Iterator[Requirement]:
        """Yield the binding requirements."""
        return (r for r in self.requirements if r.binding)

    def provisional(self) -> tuple[Requirement, ...]:
        """Return the provisional rows (待核实: known only from a plan's quotation)."""
        return tuple(r for r in self.requirements if r.provisional)

    def __len__(self) -> int:
        return len(self.requirements)

    def __repr__(self) -> str:
        return (
            f"<Standard {self.id} {self.document_number}: "
            f"{len(self.requirements)} requirements, {self.completeness.value}>"
        )

    def _repr_html_(self) -> str:
        """Return the requirements as an HTML table, for notebooks."""
        from ecociv.report import standard_html  # noqa: PLC0415

        return standard_html(self)
