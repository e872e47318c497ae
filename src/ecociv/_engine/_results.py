"""What judging gives: judgements, assessments, verdict counts and eligibility."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ecociv._account import InputAccount
from ecociv._indicator import Indicator
from ecociv._region import Region
from ecociv.errors import DataProblem
from ecociv.rules import Outcome, TrendPolicy, UsedValue, Verdict
from ecociv.standards import Completeness, Requirement, Standard


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "Assessment",
    "Judgement",
    "StandardRef",
    "Summary",
    "VerdictCounts",
    "eligibility",
]


@attrs.frozen
class Judgement:
    """The verdict on one requirement for one region, and everything that explains it.

    Args:
        requirement: The requirement judged, with its rule and provenance
            (number, domain, task, sources, confidence, ambiguities, due
            year, departments).
        indicator: The requirement's indicator.
        outcome: What its rule concluded: verdict, reasons, values used,
            measure, target, distance, unit, trend policy, the parts' outcomes.
    """

    requirement: Requirement
    indicator: Indicator
    outcome: Outcome

    @property
    def id(self) -> str:
        """Return the requirement's id within its standard (``"5.2"``)."""
        return self.requirement.id

    @property
    def binding(self) -> bool:
        """Return whether the requirement is binding (约束性)."""
        return self.requirement.binding

    @property
    def verdict(self) -> Verdict:
        """Return the verdict."""
        return self.outcome.verdict

    @property
    def reason_zh(self) -> str:
        """Return the reason in Chinese."""
        return self.outcome.reason_zh

    @property
    def reason_en(self) -> str:
        """Return the reason in English."""
        return self.outcome.reason_en

    def reason(self, lang: str = "zh") -> str:
        """Return the reason in ``lang``."""
        return self.outcome.reason(lang)

    @property
    def measure(self) -> float | None:
        """Return the quantity compared with the target (value, change, rate ...)."""
        return self.outcome.measure

    @property
    def target(self) -> float | None:
        """Return the number the measure was compared with, if any."""
        return self.outcome.target

    @property
    def distance(self) -> float | None:
        """Return the signed distance from the target, in :attr:`unit`."""
        return self.outcome.distance

    @property
    def unit(self) -> str:
        """Return the unit of measure, target and distance (the rule's unit)."""
        return self.outcome.unit

    @property
    def values(self) -> tuple[UsedValue, ...]:
        """Return every value used, with year and unit."""
        return self.outcome.values

    @property
    def policy(self) -> TrendPolicy | None:
        """Return the trend policy used, when a trend rule took part."""
        return self.outcome.policy

    @property
    def parts(self) -> tuple[Outcome, ...]:
        """Return the outcomes of the sub-rules (which part failed)."""
        return self.outcome.children


@attrs.frozen
class VerdictCounts:
    """How many requirements got each verdict."""

    met: int = 0
    not_met: int = 0
    not_applicable: int = 0
    insufficient_data: int = 0
    not_yet_due: int = 0

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


def eligibility(
    counts: npt.NDArray[np.int64], complete: bool
) -> npt.NDArray[np.object_]:
    """Decide eligibility from binding verdict counts; the one home of the rule.

    ``counts`` has one row per verdict (in :class:`Verdict` order) and one
    column per judged region. Per region: False when a binding requirement is
    not met; True only when the standard is complete, no binding requirement
    lacks data or is not yet due, and at least one is met (the rest not
    applicable); otherwise None: the question cannot be answered yet.
    """
    met = counts[Verdict.MET.code]
    not_met = counts[Verdict.NOT_MET.code]
    open_ = counts[Verdict.INSUFFICIENT_DATA.code] + counts[Verdict.NOT_YET_DUE.code]
    yes = (open_ == 0) & (met > 0) & complete
    out = np.full(len(met), None, dtype=object)
    out[yes] = True
    out[not_met > 0] = False
    return out


@attrs.frozen
class Summary:
    """Counts per verdict for binding and reference requirements, and eligibility.

    ``eligible`` is False when a binding requirement is not met; True only
    when the standard is complete, every binding requirement was judged met
    or not applicable, and at least one was met; None otherwise (the question
    cannot be answered yet: data missing, a target not yet due, a partial
    standard, nothing judged).
    """

    binding: VerdictCounts
    reference: VerdictCounts
    eligible: bool | None


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
    """A region judged against a standard for one assessment year.

    Args:
        standard: The standard, by id, version and completeness.
        region: The region judged.
        year: The assessment year.
        policy: The trend policy in force.
        judgements: One judgement per requirement in scope, in the
            standard's order.
        summary: Verdict counts and eligibility.
        issues: Rows of the data refused (read leniently), one problem each.
        account: What became of the data given: rows read, used and set
            aside by reason (None for an assessment built by hand).
        warnings: What the reader of the verdicts must know: a plan made
            for another region or a standard for another level (judged
            anyway), no rows for the region or the year, unknown region
            codes, targets given that no requirement reads.
    """

    standard: StandardRef
    region: Region
    year: int
    policy: TrendPolicy
    judgements: tuple[Judgement, ...]
    summary: Summary
    issues: tuple[DataProblem, ...] = ()
    account: InputAccount | None = None
    warnings: tuple[DataProblem, ...] = ()

    def judgement(self, requirement_id: str) -> Judgement:
        """Return the judgement of one requirement by its id.

        Raises:
            KeyError: When the standard has no such requirement (the message
                lists the ids that start with the one given, or all of them).
        """
        for j in self.judgements:
            if j.id == requirement_id:
                return j
        ids = [j.id for j in self.judgements]
        close = [i for i in ids if i.startswith(requirement_id)] or ids
        msg = f"no requirement {requirement_id!r} in {self.standard.id}; ids: "
        raise KeyError(msg + ", ".join(close))

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
