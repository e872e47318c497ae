"""The one path from data to verdicts: n regions x standards x years, as columns.

:func:`run` binds the data to the standards (indicator names to ids, units
to each indicator's unit: :func:`~ecociv._engine._bind.bind`), then decides
every requirement of every standard in every year over all regions at once,
minding a plan target's due year and a line's scope (the levels it judges).
:func:`ecociv.assess` is the run of one region; :func:`ecociv.assess_many`
returns the run as a batch result. Words are written only when asked, region
by region (:meth:`Run.judgement`), from the same decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ecociv._engine._bind import bind
from ecociv._engine._results import (
    Assessment,
    Judgement,
    StandardRef,
    Summary,
    VerdictCounts,
    eligibility,
)
from ecociv._frozen import FrozenMap
from ecociv._memo import ByIdentity
from ecociv._progress import JUDGE, Progress
from ecociv._region import Region, RegionLevel
from ecociv._table import Column, Table
from ecociv.errors import DataProblem, RuleError
from ecociv.rules import (
    RULE_KINDS,
    AssignedTarget,
    Columns,
    Context,
    Decision,
    TargetSource,
    TrendPolicy,
    Verdict,
    walk,
)
from ecociv.rules._context import region_codes
from ecociv.rules._decision import codes_where
from ecociv.standards import Completeness, Level, Requirement, Standard, catalog_of


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    from ecociv._lazy import numpy as np


__all__ = ["Block", "Run", "level_issues", "run"]

#: The standard level that judges each region level; other levels (provinces)
#: are judged by every line.
LEVELS: FrozenMap[RegionLevel, Level] = FrozenMap(
    {RegionLevel.COUNTY: Level.COUNTY, RegionLevel.PREFECTURE: Level.CITY}
)

OUT_OF_SCOPE = -1


@attrs.frozen(eq=False)
class Block:
    """One requirement of one standard in one year, decided over every region.

    Attributes:
        standard: The standard.
        year: The assessment year.
        requirement: The requirement.
        context: What its rule decided over (its year is the due year for a
            plan target past due).
        decision: The rule's decision.
        verdict: The requirement's verdict codes: the rule's, or not yet due
            before a plan target's due year; -1 where the line does not judge
            the region (its scope names other levels).
    """

    standard: Standard
    year: int
    requirement: Requirement
    context: Context
    decision: Decision
    verdict: npt.NDArray[np.int8]

    @property
    def scope(self) -> npt.NDArray[np.bool_]:
        """Return where the line judges the region."""
        scope: npt.NDArray[np.bool_] = self.verdict != OUT_OF_SCOPE
        return scope

    @property
    def target(self) -> npt.NDArray[np.float64]:
        """Return every region's target (NaN: none)."""
        return self.decision.target

    @property
    def distance(self) -> npt.NDArray[np.float64]:
        """Return every region's signed distance from the target (NaN: none)."""
        return self.decision.distance

    @property
    def column(self) -> Column:
        """Return the requirement's indicator in the year judged, over the regions."""
        return self.context.column(self.context.indicator)

    def judgement(self, r: int) -> Judgement:
        """Return region ``r``'s judgement: the decision at ``r``, in words."""
        req, ctx = self.requirement, self.context
        out = req.rule.explain(ctx, self.decision, r)
        due = req.due
        if due is not None and self.year < due:
            out = attrs.evolve(
                out,
                verdict=Verdict.NOT_YET_DUE,
                reason_zh=f"目标{due}年到期,尚未到期;{self.year}年现状:{out.reason_zh}",
                reason_en=f"due {due}, not yet due; as of {self.year}: {out.reason_en}",
            )
        elif due is not None and self.year > due:
            out = attrs.evolve(
                out,
                reason_zh=f"按到期年{due}年数据判定:{out.reason_zh}",
                reason_en=f"judged on the data of the due year {due}: {out.reason_en}",
            )
        return Judgement(req, ctx.indicator, out)


def level_issues(std: Standard, region: Region) -> tuple[DataProblem, ...]:
    """Return what a reader of one region's assessment must know about the match.

    A plan made for another region, or a standard for another level, is
    judged anyway, and the assessment says so.
    """
    if std.region is not None and std.region != region.code:
        return (
            DataProblem(
                f"plan {std.id} is for {std.region}, not {region.code}; judged anyway",
                region=region.code,
            ),
        )
    level = LEVELS.get(region.level)
    if level is not None and std.level.covers(level):
        return ()
    return (
        DataProblem(
            f"{std.id} judges {std.level.value}-level units, but {region.name} is "
            f"{region.level.value}-level; judged anyway",
            region=region.code,
        ),
    )


#: Every region (the regions a run's counts and summaries cover by default).
_EVERY = slice(None)


@attrs.frozen(eq=False)
class Run:
    """Every requirement of every standard in every year, decided over the regions.

    Attributes:
        table: The data, bound to the standards.
        regions: The regions judged, in order.
        standards: The standards, in order.
        years: The assessment years, in order.
        policy: The trend policy.
        blocks: One block per (standard, year, requirement), in that order.
        columns: The columns the rules cut from the table: what they read.
        provisional: Whether rows known only from a plan's quotation (待核实)
            were judged; when not, they have no block.
        targets: Which target fixed bounds were judged against.
    """

    table: Table
    regions: tuple[Region, ...]
    standards: tuple[Standard, ...]
    years: tuple[int, ...]
    policy: TrendPolicy
    blocks: tuple[Block, ...]
    columns: Columns
    provisional: bool = False
    targets: TargetSource = TargetSource.STANDARD

    def blocks_of(self, standard: str, year: int) -> list[Block]:
        """Return the blocks of one standard and year, in the standard's order."""
        return [b for b in self.blocks if b.standard.id == standard and b.year == year]

    def counts(
        self, standard: str, year: int, at: slice = _EVERY
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Return binding, reference and provisional binding counts.

        Each has one row per verdict and one column per region (of the
        regions ``at``, by default every one). Binding counts the binding
        rows of the standard's own text; provisional the binding rows known
        only from a plan's quotation (judged on request).
        """
        blocks = self.blocks_of(standard, year)
        n = len(range(len(self.regions))[at])
        if not blocks:
            zero = np.zeros((len(Verdict), n), dtype=np.int64)
            return zero, zero.copy(), zero.copy()
        vs = np.stack([b.verdict[at] for b in blocks])
        binding = np.array([b.requirement.binding for b in blocks], dtype=bool)
        quoted = np.array([b.requirement.provisional for b in blocks], dtype=bool)
        codes = np.arange(len(Verdict))[:, None, None]
        per = vs[None, :, :] == codes

        def count(rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
            out: npt.NDArray[np.int64] = per[:, rows, :].sum(axis=1).astype(np.int64)
            return out

        return (
            count(binding & ~quoted),
            count(~binding),
            count(binding & quoted),
        )

    def eligible(self, standard: Standard, year: int) -> npt.NDArray[np.object_]:
        """Return every region's eligibility under one standard in one year."""
        binding, _, quoted = self.counts(standard.id, year)
        return self._eligible(standard, binding, quoted)

    def _eligible(
        self,
        standard: Standard,
        binding: npt.NDArray[np.int64],
        quoted: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.object_]:
        complete = standard.completeness is Completeness.COMPLETE
        return eligibility(binding, complete, quoted if self.provisional else None)

    def summaries(
        self, standard: Standard, year: int, at: slice = _EVERY
    ) -> tuple[Summary, ...]:
        """Return the regions' summaries under one standard in one year, in order.

        The regions ``at`` (by default every one: one region's assessment
        asks for its own, and counts no other region's verdicts). The one
        place verdict counts and eligibility become a :class:`Summary`:
        assessments, batch summaries, comparison tables and scores all read
        it.
        """
        binding, reference, quoted = self.counts(standard.id, year, at)
        eligible = self._eligible(standard, binding, quoted)
        return tuple(
            Summary(
                VerdictCounts(*binding[:, r].tolist()),
                VerdictCounts(*reference[:, r].tolist()),
                eligible[r],
                VerdictCounts(*quoted[:, r].tolist()),
            )
            for r in range(binding.shape[1])
        )

    def assessment(self, r: int, standard: Standard, year: int) -> Assessment:
        """Return region ``r``'s assessment under one standard in one year, in words."""
        blocks = self.blocks_of(standard.id, year)
        judgements = tuple(
            b.judgement(r) for b in blocks if b.verdict[r] != OUT_OF_SCOPE
        )
        (summary,) = self.summaries(standard, year, slice(r, r + 1))
        region = self.regions[r]
        return Assessment(
            StandardRef.of(standard),
            region,
            year,
            self.policy,
            judgements,
            summary,
            warnings=level_issues(standard, region),
        )


def run(  # noqa: PLR0913  (what a run covers, and who watches it)
    table: Table,
    standards: Sequence[Standard],
    years: Sequence[int],
    regions: Sequence[Region],
    policy: TrendPolicy,
    *,
    provisional: bool = False,
    targets: TargetSource = TargetSource.STANDARD,
    progress: Progress | None = None,
) -> Run:
    """Decide every requirement of ``standards`` in ``years`` over ``regions``.

    Rows known only from a plan's quotation (``Requirement.provisional``)
    are judged only when ``provisional`` is true; fixed bounds are judged
    against operative targets the data gives when ``targets`` is
    ``TargetSource.DATA``. ``progress`` hears ``("judge", blocks decided,
    blocks in all)``, a block being one requirement of one standard in one
    year decided over every region.
    """
    stds, regs = tuple(standards), tuple(regions)
    assigning = [_assigning(std) for std in stds]  # checks every rule's kind
    judged = {s.id: judged_requirements(s, provisional=provisional) for s in stds}
    total = sum(len(r) for r in judged.values()) * len(years)
    table = bind(table, catalog_of(stds))
    columns = Columns(table, region_codes(regs))  # once per regions judged
    levels = _levels(columns, regs)
    blocks = []
    with np.errstate(
        all="ignore"
    ):  # NaN marks missing data; comparisons with it are False
        for std, assigns in zip(stds, assigning, strict=True):
            indicators = FrozenMap({i.id: i for i in std.indicators})
            for year in years:
                for req in judged[std.id]:
                    due = req.due
                    ctx = Context(
                        indicators[req.indicator],
                        indicators,
                        regs,
                        due if due is not None and year > due else year,
                        policy,
                        columns,
                        TargetSource.STANDARD if id(req) in assigns else targets,
                    )
                    decision = req.rule.decide(ctx)
                    verdict = decision.verdict
                    if due is not None and year < due:
                        verdict = np.full(len(regs), Verdict.NOT_YET_DUE.code, np.int8)
                    scope = _scope(req, levels)
                    if scope is not None:
                        verdict = codes_where(scope, verdict, OUT_OF_SCOPE)
                    blocks.append(Block(std, year, req, ctx, decision, verdict))
                    if progress is not None:
                        progress(JUDGE, len(blocks), total)
    return Run(
        table,
        regs,
        stds,
        tuple(years),
        policy,
        tuple(blocks),
        columns,
        provisional,
        targets,
    )


def judged_requirements(std: Standard, *, provisional: bool) -> tuple[Requirement, ...]:
    """Return the requirements a run judges: provisional rows only when asked."""
    if provisional:
        return std.requirements
    return tuple(r for r in std.requirements if not r.provisional)


def _walk(std: Standard) -> frozenset[int]:
    """Check a standard's rules and return its lines that read an assigned target.

    A rule that is not one of the closed set of kinds is refused (it cannot
    decide). The lines returned (by identity) read the data's target as
    their assigned target (完成上级规定的考核任务): there it is never an
    operative target for the line's fixed bounds too. Walked once per
    standard while it lives (:data:`_assigning`).
    """
    kinds = frozenset(RULE_KINDS.values())
    assigning = set()
    for req in std.requirements:
        for rule in walk(req.rule):
            if type(rule) not in kinds:
                known = ", ".join(sorted(RULE_KINDS))
                msg = (
                    f"{std.id}: rule {getattr(rule, 'kind', type(rule).__name__)!r} "
                    f"is not a rule kind ecociv judges (kinds: {known})"
                )
                raise RuleError(msg, requirement_id=req.id)
            if isinstance(rule, AssignedTarget):
                assigning.add(id(req))
    return frozenset(assigning)


_assigning: ByIdentity[Standard, frozenset[int]] = ByIdentity(_walk, limit=4096)


def _levels(columns: Columns, regions: tuple[Region, ...]) -> npt.NDArray[np.str_]:
    """Return every region's level, read once per kind of region."""
    group, reps = columns.kinds(regions)
    per = np.array([r.level.value for r in reps] or [""])
    return per[group] if len(regions) else np.empty(0, dtype=str)


def _scope(
    req: Requirement, levels: npt.NDArray[np.str_]
) -> npt.NDArray[np.bool_] | None:
    """Return where a line with a scope judges the regions (None: everywhere)."""
    if not req.scope:
        return None
    out = np.ones(len(levels), dtype=bool)
    for lv, level in LEVELS.items():
        if not req.applies_to(level):
            out &= levels != lv.value
    return out
