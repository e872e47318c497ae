"""Rules over a region's child regions: 所辖县(市、区)全部创成省级示范区.

Titles held by child regions are input data: observations of a fact
indicator (``provincial_demonstration_title``, ``national_demonstration_title``)
for each child and year. A child with no observation is missing, never "no".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from ecociv._indicator import IndicatorKind
from ecociv._region import Region, RegionKind, RegionLevel, children
from ecociv.rules._context import Context, used
from ecociv.rules._core import FACTS, Op, Verdict, fmt
from ecociv.rules._decision import Decision, decided
from ecociv.rules._outcome import Outcome


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    from ecociv._lazy import numpy as np


__all__ = ["SubRegionShare"]


@attrs.frozen
class SubRegionShare:
    """The share of child regions for which a yes/no indicator holds.

    Xianning: every county at provincial level (``≥100`` %) and at least 50 %
    at national level. The children are the county-level units under the
    region in the bundled table, statistical units (development zones, kind
    ``other``) excluded, unless ``regions`` lists them explicitly (Jingzhou
    names which counties reach which title in which year).

    A missing child makes the verdict insufficient data, unless the share
    fails even if every missing child held the title (then it is not met:
    a missing child never makes a pass). The measure is the share known to
    hold it, in %.

    Args:
        indicator: A fact indicator held per child (e.g. a title).
        op: The comparison of the share with ``value``.
        value: The required share, in %.
        regions: Explicit child codes; default: all county-level children.
    """

    kind: ClassVar[str] = "sub_region_share"
    #: The kinds of indicator it judges (:data:`ecociv.rules.FACTS`).
    accepts: ClassVar[frozenset[IndicatorKind]] = FACTS

    indicator: str
    op: Op
    value: float
    regions: tuple[str, ...] = ()

    def children(self, region: Region) -> tuple[Region, ...]:
        """Return the child regions counted for ``region``."""
        if self.regions:
            return tuple(Region.from_code(code) for code in self.regions)
        return tuple(
            c
            for c in children(region.code, level=RegionLevel.COUNTY)
            if c.kind is not RegionKind.OTHER
        )

    def _family(self, ctx: Context) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
        """Return every judged region's children, flat, and the owner of each."""

        def make() -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
            kids = [self.children(reg) for reg in ctx.regions]
            codes = tuple(c.code for ks in kids for c in ks)
            owner = np.repeat(np.arange(ctx.n), [len(ks) for ks in kids])
            return codes, owner

        return ctx.memo(("family", self), make)  # type: ignore[no-any-return]

    def decide(self, ctx: Context) -> Decision:
        """Count, for every region, the children that hold the indicator."""
        ind = ctx.indicator_for(self.indicator)
        codes, owner = self._family(ctx)
        col = ctx.columns.column_of(codes, ind.id, ctx.year)
        known = col.usable(fact=True)
        held = known & (col.value == 1.0)
        n = np.bincount(owner, minlength=ctx.n).astype(np.float64)
        n_held = np.bincount(owner, weights=held, minlength=ctx.n)
        n_missing = np.bincount(owner, weights=~known, minlength=ctx.n)
        low = 100 * n_held / n
        high = 100 * (n_held + n_missing) / n
        undecided = (n == 0) | ((n_missing > 0) & self.op.holds(high, self.value))
        holds = (n_missing == 0) & self.op.holds(low, self.value)
        return decided(
            ~undecided, holds, low, self.value, self.op.margin(low, self.value), "%"
        )

    def explain(self, ctx: Context, decision: Decision, r: int) -> Outcome:
        """Say, for region ``r``, which children hold the indicator, which lack data."""
        ind = ctx.indicator_for(self.indicator)
        region = ctx.regions[r]
        kids = self.children(region)
        if not kids:
            return decision.outcome(
                r,
                self.kind,
                f"{region.name}没有可判定的下辖县级单位",
                f"{region.name} has no county-level children to judge",
            )
        codes = tuple(c.code for c in kids)
        col = ctx.columns.column_of(codes, ind.id, ctx.year)
        known = col.usable(fact=True)
        held = [c for k, c in enumerate(kids) if known[k] and col.value[k] == 1.0]
        missing = [c for k, c in enumerate(kids) if not known[k]]
        values = tuple(
            v
            for k, c in enumerate(kids)
            if known[k] and (v := used(col, k, region=c.code)) is not None
        )
        n = len(kids)
        if decision.verdict_at(r) is Verdict.INSUFFICIENT_DATA:
            gone = "、".join(f"{c.name}({c.code})" for c in missing)
            return decision.outcome(
                r,
                self.kind,
                f"缺少{gone}{ctx.year}年{ind.name_zh}数据;已知{len(held)}/{n}个符合",
                f"no {ctx.year} value of {ind.name_en} for "
                + ", ".join(c.code for c in missing)
                + f"; {len(held)} of {n} known to hold it",
                values=values,
            )
        names = "、".join(c.name for c in held) or "无"
        share = fmt(decision.measure[r])
        ok = decision.verdict_at(r) is Verdict.MET
        return decision.outcome(
            r,
            self.kind,
            f"{ctx.year}年下辖{n}个县级单位中{len(held)}个符合{ind.name_zh}({names}),"
            f"占{share}%,要求{self.op.symbol}{fmt(self.value)}%:"
            f"{'达到' if ok else '未达到'}",
            f"{len(held)} of {n} county-level units hold {ind.name_en} in {ctx.year} "
            f"({share} %); required {self.op.symbol} {fmt(self.value)} %: "
            f"{'met' if ok else 'not met'}",
            values=values,
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        if lang == "zh":
            return f"下辖县级单位占比{self.op.symbol}{fmt(self.value)}%"
        return f"share of county-level units {self.op.symbol} {fmt(self.value)} %"
