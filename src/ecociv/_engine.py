"""The engine: judge one region's data against a standard, with reasons."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from ecociv._indicator import Indicator
from ecociv._observation import Observation
from ecociv._observations import Observations
from ecociv._region import Region, RegionKind, RegionLevel, children
from ecociv.errors import ArgumentError, DataProblem
from ecociv.rules import (
    Outcome,
    RuleContext,
    SubRegionShare,
    TrendPolicy,
    UsedValue,
    Verdict,
    walk,
)
from ecociv.standards import Completeness, Confidence, Level, Requirement, Standard


__all__ = [
    "Assessment",
    "Judgement",
    "StandardRef",
    "Summary",
    "VerdictCounts",
    "assess",
]


@attrs.frozen
class Judgement:
    """The verdict on one requirement, and everything needed to explain it.

    Args:
        requirement: The requirement id within the standard (``"5.2"``).
        number: The number the standard prints.
        indicator: The indicator judged.
        binding: Binding (约束性) or reference (参考性).
        verdict: met, not_met, not_applicable or insufficient_data.
        reason_zh: Why, in Chinese.
        reason_en: Why, in English.
        rule: The rule kind at the top of the requirement.
        target_text: The target as the standard writes it.
        target: The number compared with, when there is one.
        distance: Signed distance to the target in ``unit``: positive when
            met with that margin, negative when short by that much.
        unit: The indicator's unit.
        values: Every value used, with year and unit.
        policy: The trend policy, when a trend rule took part.
        parts: Outcomes of the sub-rules (which part failed).
        domain: Domain id, if any.
        task: Task id, if any.
        sources: Where the requirement comes from.
        confidence: How sure the research is of the requirement.
        ambiguities: Open questions about the requirement.
        due: Due year of a plan target.
        lead: Lead departments (牵头单位).
        support: Supporting departments (责任单位).
    """

    requirement: str
    number: str
    indicator: Indicator
    binding: bool
    verdict: Verdict
    reason_zh: str
    reason_en: str
    rule: str
    target_text: str
    target: float | None = None
    distance: float | None = None
    unit: str = ""
    values: tuple[UsedValue, ...] = ()
    policy: TrendPolicy | None = None
    parts: tuple[Outcome, ...] = ()
    domain: str | None = None
    task: str | None = None
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.U
    ambiguities: tuple[str, ...] = ()
    due: int | None = None
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()

    def reason(self, lang: str = "zh") -> str:
        """Return the reason in ``lang``."""
        return self.reason_zh if lang == "zh" else self.reason_en


@attrs.frozen
class VerdictCounts:
    """How many requirements got each verdict."""

    met: int = 0
    not_met: int = 0
    not_applicable: int = 0
    insufficient_data: int = 0
    not_yet_due: int = 0

    @classmethod
    def of(cls, verdicts: Iterable[Verdict]) -> VerdictCounts:
        """Count verdicts."""
        counts = dict.fromkeys((v.value for v in Verdict), 0)
        for v in verdicts:
            counts[v.value] += 1
        return cls(**counts)

    @property
    def total(self) -> int:
        """Return the number of requirements counted."""
        return (
            self.met
            + self.not_met
            + self.not_applicable
            + self.insufficient_data
            + self.not_yet_due
        )


@attrs.frozen
class Summary:
    """Counts per verdict for binding and reference requirements, and eligibility.

    ``eligible`` is True when every binding requirement is met (or not
    applicable), False when any is not met, and None when none fails but some
    lack data: the question cannot be answered yet.
    """

    binding: VerdictCounts
    reference: VerdictCounts
    eligible: bool | None

    @classmethod
    def of(cls, judgements: Iterable[Judgement]) -> Summary:
        """Summarise judgements."""
        js = list(judgements)
        binding = VerdictCounts.of(j.verdict for j in js if j.binding)
        reference = VerdictCounts.of(j.verdict for j in js if not j.binding)
        eligible: bool | None
        if binding.not_met:
            eligible = False
        elif binding.insufficient_data:
            eligible = None
        else:
            eligible = True
        return cls(binding, reference, eligible)


@attrs.frozen
class StandardRef:
    """Which standard an assessment used (id, titles, document, completeness)."""

    id: str
    title_zh: str
    title_en: str
    document_number: str
    completeness: Completeness

    @classmethod
    def of(cls, std: Standard) -> StandardRef:
        """Describe a standard."""
        return cls(
            std.id, std.title_zh, std.title_en, std.document_number, std.completeness
        )


@attrs.frozen
class Assessment:
    """A region judged against a standard for one assessment year."""

    standard: StandardRef
    region: Region
    year: int
    policy: TrendPolicy
    judgements: tuple[Judgement, ...]
    summary: Summary
    issues: tuple[DataProblem, ...] = ()

    def judgement(self, requirement_id: str) -> Judgement:
        """Return the judgement of one requirement by its id.

        Raises:
            KeyError: When the standard has no such requirement.
        """
        for j in self.judgements:
            if j.requirement == requirement_id:
                return j
        raise KeyError(requirement_id)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Assessment {self.region.code} {self.region.name} {self.year} vs "
            f"{self.standard.id}: binding {s.binding.met}/{s.binding.total} met, "
            f"eligible={s.eligible}>"
        )

    def _repr_html_(self) -> str:
        """Return the report as an HTML fragment, for notebooks."""
        from ecociv.report import to_html  # noqa: PLC0415  (jinja2 only when shown)

        return to_html(self, fragment=True)


def _check_arguments(standard: object, region: object, year: object) -> None:
    """Refuse wrong kinds of arguments with a clean error, never coerce them."""
    if not isinstance(standard, Standard | str):
        raise ArgumentError("standard", standard, "accepted: a Standard or an id")
    if not isinstance(region, Region | str):
        raise ArgumentError("region", region, "accepted: a Region or a 6-digit code")
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ArgumentError("year", year, "accepted: an integer such as 2024")


def assess(
    standard: Standard | str,
    region: Region | str,
    observations: Observations | Iterable[Observation],
    year: int,
    *,
    policy: TrendPolicy | None = None,
) -> Assessment:
    """Judge one region's data against a standard for an assessment year.

    Args:
        standard: A :class:`~ecociv.standards.Standard` or a bundled id such
            as ``"mee-2024-county"``.
        region: A :class:`~ecociv.Region` or a 6-digit code.
        observations: The data; only the region's observations are used.
        year: The assessment year; trend windows end in it.
        policy: How trend words are judged (default :class:`TrendPolicy()`:
            three years, consecutive pairs, no tolerance).

    Returns:
        One judgement per requirement, in the standard's order, and a summary.

    Raises:
        UnknownStandardError: When ``standard`` is an unknown id.
        UnknownRegionError: When ``region`` is an unknown code.
        ArgumentError: When ``year`` is not an integer, or ``standard`` or
            ``region`` is neither an object nor a string.
    """
    from ecociv import standards  # noqa: PLC0415

    _check_arguments(standard, region, year)
    std = standards.load(standard) if isinstance(standard, str) else standard
    reg = Region.from_code(region) if isinstance(region, str) else region
    pol = TrendPolicy() if policy is None else policy
    obs = (
        observations
        if isinstance(observations, Observations)
        else Observations(tuple(observations))
    )
    data = obs.for_region(reg.code)
    indicators = MappingProxyType({i.id: i for i in std.indicators})
    level = _LEVELS_BACK.get(reg.level)
    reqs = [r for r in std.requirements if level is None or r.applies_to(level)]
    judgements = tuple(
        _judge(
            req,
            RuleContext(
                indicators[req.indicator],
                reg,
                year,
                pol,
                data,
                indicators,
                children=_children(req, reg),
                lookup=obs.for_region,
            ),
        )
        for req in reqs
    )
    return Assessment(
        StandardRef.of(std),
        reg,
        year,
        pol,
        judgements,
        Summary.of(judgements),
        (*obs.issues, *_level_issues(std, reg)),
    )


def _children(req: Requirement, reg: Region) -> tuple[Region, ...]:
    """Return the child regions a sub-region rule of ``req`` counts, if any."""
    rules = [r for r in walk(req.rule) if isinstance(r, SubRegionShare)]
    if not rules:
        return ()
    if rules[0].regions:
        return tuple(Region.from_code(code) for code in rules[0].regions)
    return tuple(
        c
        for c in children(reg.code, level=RegionLevel.COUNTY)
        if c.kind is not RegionKind.OTHER
    )


def _judge(req: Requirement, ctx: RuleContext) -> Judgement:
    out = _evaluate_due(req, ctx)
    return Judgement(
        requirement=req.id,
        number=req.number,
        indicator=ctx.indicator,
        binding=req.binding,
        verdict=out.verdict,
        reason_zh=out.reason_zh,
        reason_en=out.reason_en,
        rule=req.rule.kind,
        target_text=req.target_text,
        target=out.target,
        distance=out.distance,
        unit=ctx.indicator.unit,
        values=out.values,
        policy=out.policy,
        parts=out.children,
        domain=req.domain,
        task=req.task,
        sources=req.sources,
        confidence=req.confidence,
        ambiguities=req.ambiguities,
        due=req.due,
        lead=req.lead,
        support=req.support,
    )


def _evaluate_due(req: Requirement, ctx: RuleContext) -> Outcome:
    """Judge a requirement, minding a plan target's due year.

    Before the due year the target is reported as not yet due, with the
    current value and the distance left; after it, it is judged on the data
    of the due year (到2022年底: the 2022 figures).
    """
    if req.due is None or req.due == ctx.year:
        return req.rule.evaluate(ctx)
    if ctx.year < req.due:
        out = req.rule.evaluate(ctx)
        return attrs.evolve(
            out,
            verdict=Verdict.NOT_YET_DUE,
            reason_zh=f"目标{req.due}年到期,尚未到期;{ctx.year}年现状:{out.reason_zh}",
            reason_en=f"due {req.due}, not yet due; as of {ctx.year}: {out.reason_en}",
        )
    out = req.rule.evaluate(attrs.evolve(ctx, year=req.due))
    return attrs.evolve(
        out,
        reason_zh=f"按到期年{req.due}年数据判定:{out.reason_zh}",
        reason_en=f"judged on the data of the due year {req.due}: {out.reason_en}",
    )


_LEVELS_BACK: Mapping[RegionLevel, Level] = MappingProxyType(
    {RegionLevel.COUNTY: Level.COUNTY, RegionLevel.PREFECTURE: Level.CITY}
)


def _level_issues(std: Standard, reg: Region) -> tuple[DataProblem, ...]:
    if std.region is not None and std.region != reg.code:
        return (
            DataProblem(
                f"plan {std.id} is for {std.region}, not {reg.code}; judged anyway",
                region=reg.code,
            ),
        )
    level = _LEVELS_BACK.get(reg.level)
    if level is not None and std.level.covers(level):
        return ()
    return (
        DataProblem(
            f"{std.id} judges {std.level.value}-level units, but {reg.name} is "
            f"{reg.level.value}-level; judged anyway",
            region=reg.code,
        ),
    )
