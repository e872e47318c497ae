"""What a rule decides over: columns in, and the values it reads from them.

Every rule kind decides once, over the regions of a :class:`Context` (n >= 1;
one region is n = 1), and returns a :class:`~ecociv.rules.Decision`. The
context holds the requirement's indicator, the year, the policy and the data,
cut into columns once per run (:class:`Columns`).

This module also holds what several rule kinds share when they read a
column: which values are usable, and, for an explanation, the values shown
and why a value is unusable.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._indicator import Indicator, IndicatorKind
from ecociv._memo import Last
from ecociv._region import Region
from ecociv._table import Column, Table
from ecociv.rules._core import TargetSource
from ecociv.rules._decision import Decision
from ecociv.rules._outcome import Outcome, UsedValue
from ecociv.rules._policy import TrendPolicy


if TYPE_CHECKING:
    import numpy as np

    from ecociv._arrays import Bools, Ints
else:
    from ecociv._lazy import numpy as np


__all__ = [
    "Columns",
    "Context",
    "insufficient",
    "region_codes",
    "shown",
    "shown_in",
    "unusable",
    "used",
]

#: A region's traits and code, read without a Python frame per region.
_TRAITS = operator.attrgetter("traits")
_CODE = operator.attrgetter("code")


@attrs.frozen(eq=False)
class Columns:
    """The data of one run, cut into columns on demand and kept for the run.

    Args:
        table: The data, bound to the standards judged (ids and units).
        regions: The codes of the regions judged, in order.
    """

    table: Table
    regions: tuple[str, ...]
    _slots: Ints | None = attrs.field(init=False)
    _memo: dict[Hashable, Any] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_slots", self.table.slots(self.regions))

    def column(self, indicator: str, year: int) -> Column:
        """Return one indicator in one year over the regions judged (cut once)."""
        key = (indicator, year)
        found: Column | None = self._memo.get(key)
        if found is None:
            found = self.table.column(indicator, year, self._slots, len(self.regions))
            self._memo[key] = found
        return found

    def column_of(self, regions: tuple[str, ...], indicator: str, year: int) -> Column:
        """Return one indicator in one year over other regions (sub-regions).

        ``regions`` may name a region more than once (two judged regions
        sharing a child): each slot gets the region's observation.
        """

        def make() -> Column:
            distinct = tuple(dict.fromkeys(regions))
            slots = self.memo(("slots", distinct), lambda: self.table.slots(distinct))
            col = self.table.column(indicator, year, slots, len(distinct))
            if len(distinct) == len(regions):
                return col
            at = {code: k for k, code in enumerate(distinct)}
            pick = np.array([at[code] for code in regions], dtype=np.int64)
            return Column(self.table, indicator, year, col.entry[pick])

        found: Column = self.memo(("column of", regions, indicator, year), make)
        return found

    def cut(self) -> list[Column]:
        """Return every column cut so far: what the run's rules read."""
        return [c for c in self._memo.values() if isinstance(c, Column)]

    def kinds(self, regions: tuple[Region, ...]) -> tuple[Ints, tuple[Region, ...]]:
        """Group the regions judged that differ only in identity, once per run.

        Returns each region's group and one region per group (see
        :attr:`Region.traits`): a rule that looks at a region's class, kind
        or terrain decides once per group, and the run reads each region's
        level from its group.
        """
        return self.memo(("kinds",), lambda: _kinds(regions))  # type: ignore[no-any-return]

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return what ``make`` returns, computed once per key for the run."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value


def _group_kinds(regions: tuple[Region, ...]) -> tuple[Ints, tuple[Region, ...]]:
    """Group the regions by their traits (:meth:`Columns.kinds`), read-only."""
    traits = np.fromiter(map(_TRAITS, regions), np.int64, len(regions))
    _, first, group = np.unique(traits, return_index=True, return_inverse=True)
    group = group.ravel()
    group.flags.writeable = False
    return group, tuple(regions[int(k)] for k in first)


#: The regions last grouped, and their groups, found by identity: a caller
#: judging the same regions run after run (``assess_many`` over one table, a
#: service) groups them once.
_last_kinds: Last[tuple[Region, ...], tuple[Ints, tuple[Region, ...]]] = Last()

#: The codes of the regions last judged, found by identity, as the kinds
#: (thousands of regions: reading their codes is some 0.1 ms a run).
_last_codes: Last[tuple[Region, ...], tuple[str, ...]] = Last()


def _kinds(regions: tuple[Region, ...]) -> tuple[Ints, tuple[Region, ...]]:
    """Return the regions' groups by traits, kept for the regions asked again."""
    return _last_kinds(regions, _group_kinds)


def _read_codes(regions: tuple[Region, ...]) -> tuple[str, ...]:
    return tuple(map(_CODE, regions))


def region_codes(regions: tuple[Region, ...]) -> tuple[str, ...]:
    """Return the regions' codes, kept for the regions asked for again (by identity)."""
    return _last_codes(regions, _read_codes)


@attrs.frozen(eq=False)
class Context:
    """Everything a rule may look at: n regions' data, the year, the policy.

    Args:
        indicator: The requirement's indicator.
        indicators: Every indicator a rule may refer to, by id.
        regions: The regions judged (n >= 1).
        year: The assessment year (a plan target past due: its due year).
        policy: The trend policy in force.
        columns: The data, cut into columns.
        targets: Which target a fixed bound is judged against: the printed
            one, or (``TargetSource.DATA``) an operative target the data
            gives for the region and year, where it gives one.
    """

    indicator: Indicator
    indicators: Mapping[str, Indicator]
    regions: tuple[Region, ...]
    year: int
    policy: TrendPolicy
    columns: Columns
    targets: TargetSource = TargetSource.STANDARD

    @property
    def n(self) -> int:
        """Return the number of regions judged."""
        return len(self.regions)

    def indicator_for(self, indicator_id: str | None) -> Indicator:
        """Return the indicator a rule names, or the requirement's own."""
        if indicator_id is None or indicator_id == self.indicator.id:
            return self.indicator
        return self.indicators[indicator_id]

    def column(self, indicator: Indicator, year: int | None = None) -> Column:
        """Return the indicator's column in ``year`` (default: the assessment year)."""
        return self.columns.column(indicator.id, self.year if year is None else year)

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return what ``make`` returns, computed once per key for the run."""
        return self.columns.memo(key, make)

    def kinds(self) -> tuple[Ints, tuple[Region, ...]]:
        """Group the regions that differ only in identity (:meth:`Columns.kinds`)."""
        return self.columns.kinds(self.regions)


def usable(column: Column, indicator: Indicator) -> Bools:
    """Return where ``column`` holds a value of the indicator's kind that applies."""
    return column.usable(indicator.kind is IndicatorKind.FACT)


def used(column: Column, r: int, region: str | None = None) -> UsedValue | None:
    """Return what an explanation shows of slot ``r`` of a column, if it has a row."""
    k = int(column.entry[r])
    if k < 0:
        return None
    t = column.table
    v, target = float(t.value[k]), float(t.target[k])
    value: float | bool | None = None
    if t.applicable[k] and v == v:  # noqa: PLR0124  (NaN is missing)
        value = bool(v) if t.boolean[k] else v
    return UsedValue(
        t.indicators[t.indicator[k]],
        int(t.year[k]),
        value,
        t.units[t.unit[k]],
        None if target != target else target,  # noqa: PLR0124
        t.given[k],
        region,
        t.source[k],
    )


def shown(column: Column, r: int) -> tuple[UsedValue, ...]:
    """Return the values an explanation shows of slot ``r``: its row's, or none."""
    found = used(column, r)
    return () if found is None else (found,)


def unusable(
    column: Column, indicator: Indicator, r: int
) -> tuple[str, str, tuple[UsedValue, ...]] | None:
    """Say why slot ``r`` holds no usable value (Chinese, English, values), if so.

    A missing value, 不涉及 where the indicator applies everywhere (only an
    ``applicable`` rule turns 不涉及 into not applicable), and a value of the
    wrong kind (a number for a yes/no state; for a number, only the higher
    level's verdict 完成/未完成, which only an assigned-target rule reads).
    """
    if usable(column, indicator)[r]:
        return None
    name, y = indicator.name_zh, column.year
    values = shown(column, r)
    if not column.present[r] or (
        column.applicable[r] and column.value[r] != column.value[r]
    ):
        return (
            f"缺少{name}{y}年数据",
            f"no value of {indicator.name_en} for {y}",
            values,
        )
    if not column.applicable[r]:
        return (
            f"数据将{name}标为不涉及,但该指标未标*,适用于所有地区",
            (
                f"the data marks {indicator.name_en} not applicable, but the "
                "standard does not mark it with * and it applies everywhere"
            ),
            values,
        )
    if indicator.kind is IndicatorKind.FACT:
        return (
            f"{name}应为是/否状态,数据给出数值{column.value[r]:g}",
            f"{indicator.name_en} is a yes/no state, the data gives a number",
            values,
        )
    said = "完成" if column.value[r] == 1.0 else "未完成"
    return (
        f"{name}需要数值,数据只给出上级考核结果({said})",
        (
            f"{indicator.name_en} needs a number; the data gives only the higher "
            f"level's verdict ({'completed' if said == '完成' else 'not completed'})"
        ),
        values,
    )


def first_unusable(
    columns: Sequence[Column], indicator: Indicator, r: int
) -> tuple[str, str, tuple[UsedValue, ...]]:
    """Say why a series has no usable value somewhere: its first gap, in order.

    The values shown are those of the years before the gap, then the gap's own.
    """
    before: list[UsedValue] = []
    for col in columns:
        why = unusable(col, indicator, r)
        if why is not None:
            zh, en, values = why
            return zh, en, (*before, *values)
        before.extend(shown(col, r))
    msg = "no gap in a series judged insufficient"
    raise AssertionError(msg)


def insufficient(
    kind: str, ctx: Context, ind: Indicator, d: Decision, r: int
) -> Outcome | None:
    """Return the outcome of a one-value rule whose value is unusable, if it is."""
    why = unusable(ctx.column(ind), ind, r)
    if why is None:
        return None
    zh, en, values = why
    return d.outcome(r, kind, zh, en, values=values)


def shown_in(
    ctx: Context, ind: Indicator, r: int, year: int | None = None
) -> tuple[UsedValue, ...]:
    """Return the values an explanation shows of the indicator in ``year`` at ``r``.

    ``year`` defaults to the assessment year (:meth:`Context.column`).
    """
    return shown(ctx.column(ind, year), r)
