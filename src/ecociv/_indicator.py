"""Indicators (指标) and the catalog that finds them by id, Chinese name or alias."""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from ecociv.errors import UnknownIndicatorError


if TYPE_CHECKING:
    from ecociv._arrays import Codes, Floats, Ints


__all__ = ["Direction", "Indicator", "IndicatorCatalog", "IndicatorKind"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Direction(enum.Enum):
    """Which way a value is better.

    ``HIGHER`` for shares, rates and covers; ``LOWER`` for concentrations and
    intensities; ``NONE`` for institutional facts, which are true or false.
    """

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"

    def sign(self) -> int:
        """Return +1 when higher is better, -1 when lower is, 0 otherwise."""
        return {"higher": 1, "lower": -1, "none": 0}[self.value]


class IndicatorKind(enum.Enum):
    """What an observation of the indicator is."""

    #: A measured number with a unit (PM2.5 in μg/m³, a share in %).
    QUANTITY = "quantity"
    #: A composite index in points (EI, EQI).
    INDEX = "index"
    #: A yes/no institutional state (建立, 开展, 有效开展, 有效保障).
    FACT = "fact"


def _check_id(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not _ID.match(value):
        raise ValueError(
            f"indicator id {value!r} must be lower-case ASCII: letters, digits, _"
        )


def _check_precision(
    _: object, __: attrs.Attribute[float], value: float | None
) -> None:
    if value is not None and not (math.isfinite(value) and value > 0):
        raise ValueError(f"precision {value!r} must be a finite number above 0")


def _norm(name: str) -> str:
    """Normalise a name for lookup: NFKC, no spaces, no trailing ``*``."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).rstrip("*").lower()


@attrs.frozen
class Indicator:
    """A measured quantity or institutional fact that a standard judges.

    The same indicator keeps its id across standard versions; a rename
    between versions is recorded as an alias (and, later, in the crosswalk).

    Args:
        id: Stable ASCII identifier, e.g. ``"pm25_annual_mean"``.
        name_zh: The Chinese name exactly as the standard prints it, without
            the ``*`` and without the group heading, e.g. ``"PM2.5浓度"``.
        name_en: English name.
        unit: Canonical unit (see :mod:`ecociv.units`), ``"-"`` for facts.
        direction: Which way is better.
        kind: Quantity, index or institutional fact.
        aliases: Other names users write for it (earlier wordings,
            abbreviations); all are accepted in data files.
        description: Free text: definition, caveats.
        minimum: The smallest value that can be observed, in ``unit``
            (``0`` for shares and concentrations), or None when unbounded.
            Values below it are refused when data is read.
        maximum: The largest value that can be observed (``100`` for a
            share in %), or None. A growth or decline rate has neither.
            A trend held at the bound in the good direction (a share at
            100 %, a share of bad water at 0 %) counts as improving.
        precision: The unit of the last digit in which the statistics are
            published, in ``unit`` (``0.1`` for a share printed as 77.2 %,
            ``1`` for PM2.5 printed as 30 μg/m³), or None when not known.
            The default trend reading counts a change of at most half of it
            as stable (see :class:`~ecociv.rules.TrendPolicy`).
    """

    id: str = attrs.field(validator=_check_id)
    name_zh: str
    name_en: str
    unit: str
    direction: Direction
    kind: IndicatorKind = IndicatorKind.QUANTITY
    aliases: tuple[str, ...] = ()
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    precision: float | None = attrs.field(default=None, validator=_check_precision)

    def names(self) -> tuple[str, ...]:
        """Return every name that identifies this indicator, id first."""
        return (self.id, self.name_zh, self.name_en, *self.aliases)

    def label(self, lang: str = "zh") -> str:
        """Return the display name in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.name_zh if lang == "zh" else self.name_en

    def range_problem(self, what: str, x: float) -> str | None:
        """Say why ``x`` (a ``what``, in ``unit``) cannot be observed, or None.

        The one wording of a number outside ``minimum`` .. ``maximum``, for
        every way data comes in (:func:`out_of_range` finds them).

        >>> from ecociv.standards import shared_indicators
        >>> forest = {i.id: i for i in shared_indicators()}["forest_coverage"]
        >>> forest.range_problem("value", 130.0)[:46]
        'value 130 % is above the possible range of for'
        """
        lo, hi = self.minimum, self.maximum
        if (lo is None or x >= lo) and (hi is None or x <= hi):
            return None
        low = "-∞" if lo is None else f"{lo:g}"
        high = "∞" if hi is None else f"{hi:g}"
        side = "below" if lo is not None and x < lo else "above"
        unit = "" if self.unit in ("1", "-") else f" {self.unit}"  # a plain number
        return (
            f"{what} {x:g}{unit} is {side} the possible range of "
            f"{self.id} (accepted: {low} to {high}{unit})"
        )


def takes_no_number(ind: Indicator, what: str, shown: str) -> str:
    """Say that a fact was given a number it cannot take (a target, a reference).

    An institutional fact is yes or no: the requirement says which is wanted.
    """
    return (
        f"{ind.id} is an institutional fact (yes or no): it takes no {what}, "
        f"got {shown}"
    )


def out_of_range(
    indicators: Sequence[Indicator | None], codes: Codes, *numbers: Floats
) -> list[Ints]:
    """Return, per array of numbers, the positions of those outside their range.

    ``codes`` gives each entry's indicator (a position in ``indicators``;
    None: unknown, any number). NaN (no number) is never outside. The
    bounds are gathered once for every array, a block of entries at a time:
    a national file's entries need no bounds, nor masks, of their own in
    memory; the positions found are few.

    >>> import numpy as np
    >>> pct = Indicator("share", "占比", "share", "%", Direction.HIGHER, maximum=100)
    >>> out_of_range([pct, None], np.array([0, 0, 1]), np.array([50.0, 130, 130]))
    [array([1])]
    """
    import numpy as np  # noqa: PLC0415  (only with data in hand)

    from ecociv._arrays import spread  # noqa: PLC0415  (loads numpy)

    inds = indicators
    lo = [-math.inf if i is None or i.minimum is None else i.minimum for i in inds]
    hi = [math.inf if i is None or i.maximum is None else i.maximum for i in inds]
    lows, highs = np.array(lo, dtype=float), np.array(hi, dtype=float)
    found: list[list[Ints]] = [[] for _ in numbers]
    for start in range(0, len(codes), _BLOCK):
        part = slice(start, start + _BLOCK)
        low, high = spread(lows, codes[part]), spread(highs, codes[part])
        for x, out in zip(numbers, found, strict=True):
            bad = np.flatnonzero((x[part] < low) | (x[part] > high))
            if len(bad):
                out.append(bad + start)
    return [np.concatenate(f) if f else np.zeros(0, dtype=np.int64) for f in found]


#: Entries checked at a time by :func:`out_of_range` (their bounds fit a cache).
_BLOCK = 1 << 16


@attrs.frozen
class IndicatorCatalog:
    """A read-only set of indicators, found by id, Chinese name or alias.

    Lookup ignores white space, full-width/half-width differences, a trailing
    ``*`` and letter case, and nothing else: names are matched exactly, never
    guessed.

    >>> from ecociv import Direction, Indicator, IndicatorCatalog
    >>> pm = Indicator("pm25", "PM2.5浓度", "PM2.5", "μg/m³", Direction.LOWER)
    >>> IndicatorCatalog.of([pm]).find("PM2.5 浓度").id
    'pm25'
    """

    _by_id: Mapping[str, Indicator]
    _by_name: Mapping[str, str] = attrs.field(eq=False, repr=False)

    @classmethod
    def of(cls, indicators: Iterable[Indicator]) -> IndicatorCatalog:
        """Build a catalog; ids and names must not clash.

        Raises:
            ValueError: When two indicators share an id or a name.
        """
        by_id: dict[str, Indicator] = {}
        by_name: dict[str, str] = {}
        for ind in indicators:
            if ind.id in by_id and by_id[ind.id] != ind:
                raise ValueError(f"two different indicators have the id {ind.id!r}")
            by_id[ind.id] = ind
            for name in ind.names():
                key = _norm(name)
                other = by_name.setdefault(key, ind.id)
                if other != ind.id:
                    raise ValueError(
                        f"name {name!r} is used by both {other!r} and {ind.id!r}"
                    )
        return cls(MappingProxyType(by_id), MappingProxyType(by_name))

    def find(self, name: str) -> Indicator:
        """Return the indicator with this id, Chinese or English name, or alias.

        Raises:
            UnknownIndicatorError: When nothing matches; close names are
                suggested.
        """
        found = self.named(name)
        if found is None:
            raise UnknownIndicatorError(name, self._suggest(name))
        return found

    def get(self, indicator_id: str) -> Indicator | None:
        """Return the indicator with exactly this id, or None."""
        return self._by_id.get(indicator_id)

    def named(self, name: str) -> Indicator | None:
        """Return the indicator a name (id, Chinese, English, alias) names, or None."""
        ind_id = self._by_name.get(_norm(name))
        return None if ind_id is None else self._by_id[ind_id]

    def merged(self, other: IndicatorCatalog) -> IndicatorCatalog:
        """Return a catalog holding both; identical duplicates are allowed."""
        return IndicatorCatalog.of([*self, *other])

    def _suggest(self, name: str) -> list[str]:
        key = _norm(name)
        if not key:
            return []
        hits = [
            self._by_id[i].name_zh
            for n, i in self._by_name.items()
            if key in n or (len(n) > 3 and n in key)
        ]
        return sorted(set(hits))[:3]

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id
