"""Rules over a region's child regions: 所辖县(市、区)全部创成省级示范区.

Titles held by child regions are input data: observations of a fact
indicator (``provincial_demonstration_title``, ``national_demonstration_title``)
for each child and year. A child with no observation is missing, never "no".
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ecociv.rules._core import Op, Outcome, RuleContext, UsedValue, Verdict, fmt


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
    a missing child never makes a pass).

    Args:
        indicator: A fact indicator held per child (e.g. a title).
        op: The comparison of the share with ``value``.
        value: The required share, in %.
        regions: Explicit child codes; default: all county-level children.
    """

    kind: ClassVar[str] = "sub_region_share"

    indicator: str
    op: Op
    value: float
    regions: tuple[str, ...] = ()

    def evaluate(self, ctx: RuleContext) -> Outcome:
        """Count the children that hold the indicator in the assessment year."""
        ind = ctx.indicator_for(self.indicator)
        children = ctx.children
        if not children:
            return Outcome(
                Verdict.INSUFFICIENT_DATA,
                self.kind,
                f"{ctx.region.name}没有可判定的下辖县级单位",
                f"{ctx.region.name} has no county-level children to judge",
            )
        held, missing, values = [], [], []
        for child in children:
            obs = ctx.lookup(child.code).get((ind.id, ctx.year))
            if obs is None or obs.value is None or not isinstance(obs.value, bool):
                missing.append(child)
                continue
            values.append(
                UsedValue(ind.id, ctx.year, obs.value, ind.unit, given=child.code)
            )
            if obs.value:
                held.append(child)
        n = len(children)
        low = 100 * len(held) / n
        high = 100 * (len(held) + len(missing)) / n
        names = "、".join(c.name for c in held) or "无"
        if missing and self.op.holds(high, self.value):
            gone = "、".join(f"{c.name}({c.code})" for c in missing)
            return Outcome(
                Verdict.INSUFFICIENT_DATA,
                self.kind,
                f"缺少{gone}{ctx.year}年{ind.name_zh}数据;已知{len(held)}/{n}个符合",
                f"no {ctx.year} value of {ind.name_en} for "
                + ", ".join(c.code for c in missing)
                + f"; {len(held)} of {n} known to hold it",
                values=tuple(values),
            )
        ok = not missing and self.op.holds(low, self.value)
        return Outcome(
            Verdict.MET if ok else Verdict.NOT_MET,
            self.kind,
            f"{ctx.year}年下辖{n}个县级单位中{len(held)}个符合{ind.name_zh}({names}),"
            f"占{fmt(low)}%,要求{self.op.symbol}{fmt(self.value)}%",
            f"{len(held)} of {n} county-level units hold {ind.name_en} in {ctx.year} "
            f"({fmt(low)} %); required {self.op.symbol} {fmt(self.value)} %",
            values=tuple(values),
            target=self.value,
            distance=self.op.margin(low, self.value),
            unit="%",
        )

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        if lang == "zh":
            return f"下辖县级单位占比{self.op.symbol}{fmt(self.value)}%"
        return f"share of county-level units {self.op.symbol} {fmt(self.value)} %"
