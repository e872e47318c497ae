"""A score across requirements, for ranking regions: the share met, stated in full.

The definition, the one home of it (``docs/batch.md`` quotes it):

- **binding share** = binding met / binding judged, where *judged* is met +
  not met. This is the score regions are ranked by.
- **reference share** = reference met / reference judged: a separate figure,
  never mixed into the binding share; it breaks ties.
- *Not applicable* (不涉及) counts neither way: it is never met.
- *Insufficient data* counts neither way: missing is never met and never
  failed. It is shown as **missing**, beside **coverage** = binding judged /
  (binding judged + binding missing), so a region judged on 2 of 25 binding
  requirements is not read as one judged on 25.
- *Not yet due* (a plan target whose year has not come) counts neither way.

Regions are ranked within each (standard, year): higher binding share first,
then higher reference share (a missing share ranks below any share); regions
with equal shares share a place; a region with no binding requirement judged
has no share and no rank (it is listed last).

>>> from ecociv import VerdictCounts
>>> binding = VerdictCounts(met=20, not_met=2, not_applicable=1, insufficient_data=2)
>>> s = Score.of("330683", "mee-2024-county", 2024, binding, VerdictCounts(3, 3))
>>> round(s.binding_share, 3), s.binding_judged, s.binding_missing, s.coverage
(0.909, 22, 2, 0.9166666666666666)
>>> s.reference_share
0.5
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ecociv._engine import VerdictCounts
from ecociv.rules import Verdict


if TYPE_CHECKING:
    from ecociv.batch import BatchResult


__all__ = ["Score", "rank_scores", "scores"]


def _share(met: int, judged: int) -> float | None:
    return met / judged if judged else None


@attrs.frozen
class Score:
    """One region's share of requirements met under one standard in one year.

    Args:
        region: 6-digit region code.
        standard: Standard (or plan) id.
        year: Assessment year.
        binding: Binding requirements per verdict.
        reference: Reference requirements per verdict.
        region_name: The region's name, for display.
        rank: The place within the (standard, year) by :func:`rank_scores`
            (1 = best), None before ranking or without a binding share.
    """

    region: str
    standard: str
    year: int
    binding: VerdictCounts
    reference: VerdictCounts
    region_name: str = ""
    rank: int | None = None

    @classmethod
    def of(  # noqa: PLR0913, PLR0917  (the counts and who they belong to)
        cls,
        region: str,
        standard: str,
        year: int,
        binding: VerdictCounts,
        reference: VerdictCounts,
        region_name: str = "",
    ) -> Score:
        """Return the (unranked) score of these verdict counts."""
        return cls(region, standard, year, binding, reference, region_name)

    @property
    def binding_judged(self) -> int:
        """Return the binding requirements judged: met + not met."""
        return self.binding.met + self.binding.not_met

    @property
    def binding_missing(self) -> int:
        """Return the binding requirements without the data to judge them."""
        return self.binding.insufficient_data

    @property
    def binding_share(self) -> float | None:
        """Return binding met / binding judged; None when none was judged."""
        return _share(self.binding.met, self.binding_judged)

    @property
    def reference_judged(self) -> int:
        """Return the reference requirements judged: met + not met."""
        return self.reference.met + self.reference.not_met

    @property
    def reference_share(self) -> float | None:
        """Return reference met / reference judged; None when none was judged."""
        return _share(self.reference.met, self.reference_judged)

    @property
    def coverage(self) -> float | None:
        """Return binding judged / (judged + missing); None when nothing applies."""
        return _share(self.binding_judged, self.binding_judged + self.binding_missing)

    def text(self, lang: str = "zh") -> str:
        """Return the score as a reader writes it: ``达标 20/22 (91%), 缺数据 2``.

        >>> from ecociv import VerdictCounts
        >>> Score.of("1", "s", 2024, VerdictCounts(met=1, not_met=1,
        ...     insufficient_data=1), VerdictCounts()).text("en")
        'met 1/2 (50%), missing 1'
        >>> Score.of("1", "s", 2024, VerdictCounts(), VerdictCounts()).text()
        '无可判定'
        """
        share = self.binding_share
        if share is None:
            return "无可判定" if lang == "zh" else "none judged"
        head = f"{self.binding.met}/{self.binding_judged} ({share:.0%})"
        missing = self.binding_missing
        if lang == "zh":
            return f"达标 {head}" + (f", 缺数据 {missing}" if missing else "")
        return f"met {head}" + (f", missing {missing}" if missing else "")


def _key(s: Score) -> tuple[float, float]:
    ref = s.reference_share
    return (-(s.binding_share or 0.0), 1.0 if ref is None else -ref)


def rank_scores(items: Iterable[Score]) -> tuple[Score, ...]:
    """Rank scores within each (standard, year), best first (see the module doc).

    Groups keep their first-seen order; within a group, ranked scores come
    first (ties by region code), then the scores without a binding share.
    """
    groups: dict[tuple[str, int], list[Score]] = {}
    for s in items:
        groups.setdefault((s.standard, s.year), []).append(s)
    out: list[Score] = []
    for group in groups.values():
        ranked = sorted(
            (s for s in group if s.binding_share is not None),
            key=lambda s: (_key(s), s.region),
        )
        place = 0
        for k, s in enumerate(ranked):
            if k == 0 or _key(s) != _key(ranked[k - 1]):
                place = k + 1
            out.append(attrs.evolve(s, rank=place))
        out += sorted(
            (attrs.evolve(s, rank=None) for s in group if s.binding_share is None),
            key=lambda s: s.region,
        )
    return tuple(out)


def counts_of(column: Iterable[int]) -> VerdictCounts:
    """Return the verdict counts of one column of counts in :class:`Verdict` order."""
    return VerdictCounts(
        **{v.value: int(n) for v, n in zip(Verdict, column, strict=True)}
    )


def scores(
    result: BatchResult, *, standard: str | None = None, year: int | None = None
) -> tuple[Score, ...]:
    """Return every region's score, ranked within each (standard, year).

    >>> import ecociv
    >>> std = ecociv.standards.load("mee-2024-county")
    >>> data = ecociv.Observations.from_csv("examples/shengzhou-illustrative.csv", std)
    >>> (s,) = scores(ecociv.assess_many(data, std, 2024))
    >>> s.rank, s.text("en")
    (1, 'met 22/24 (92%)')
    """
    out = [
        Score.of(reg.code, std.id, yr, s.binding, s.reference, reg.name)
        for reg, std, yr, s in result.summaries()
        if (standard is None or std.id == standard) and (year is None or yr == year)
    ]
    return rank_scores(out)
