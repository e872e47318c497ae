"""The unit grammar: its parts, the canonical units and how spellings are read.

Every unit is a part of :data:`PARTS` alone or a numerator part ``/`` a
denominator part; :func:`canonical_unit` normalises a spelling (full width,
``m3``, ``10^4``) and reads it through these tables, never a fuzzy match.
"""

from __future__ import annotations

import re
import types
from typing import TYPE_CHECKING

import attrs

from ecociv.errors import UnitError


if TYPE_CHECKING:
    from collections.abc import Mapping


@attrs.frozen
class Part:
    """One part of the unit grammar: a unit, its spellings and where it may stand.

    Args:
        canonical: The canonical spelling, e.g. ``"tce"`` or ``"10⁴ yuan"``.
        pint: Its expression in ecociv's pint registry (None for ``-``).
        meaning: What it is, for the docs.
        spellings: Other ways people write it (``吨标准煤``, ``吨标煤``).
        roles: Where it may stand: ``a`` alone (``%``, ``亩``), ``n`` before
            ``/`` (``tce`` in ``tce/万元``), ``d`` after ``/`` (``万元``, ``人``);
            and ``i`` when letter case is ignored: words (``TCE``, ``Percent``),
            never SI symbols, whose case is meaning (``Mg`` is a megagram).
    """

    canonical: str
    pint: str | None
    meaning: str
    spellings: tuple[str, ...] = ()
    roles: str = "a"

    @property
    def fold(self) -> bool:
        """Return whether letter case is ignored."""
        return "i" in self.roles

    @property
    def alone(self) -> bool:
        """Return whether the part is a unit by itself."""
        return "a" in self.roles

    @property
    def numerator(self) -> bool:
        """Return whether the part may stand before ``/``."""
        return "n" in self.roles

    @property
    def denominator(self) -> bool:
        """Return whether the part may stand after ``/``."""
        return "d" in self.roles


_GDP = ("万元GDP", "万元地区生产总值", "万元国内生产总值", "万元工业增加值")
_COUNTED = ("items", "个", "处", "座", "家", "项", "次", "件", "条")
_KGCE = ("千克标准煤", "千克标煤", "公斤标准煤", "公斤标煤")

#: The unit grammar: every part, in the order of docs/units.md.
PARTS: tuple[Part, ...] = (
    Part("%", "percent", "percent", ("percent", "百分比"), "ai"),
    Part("‰", "permille", "per mille", ("permille", "千分比"), "ai"),
    Part("1", "dimensionless", "a plain number (coefficient, ratio)"),
    Part("fraction", "dimensionless", "a share written as 0.85", (), "ai"),
    Part("point", "index_point", "index points (EI, EQI)", ("points",), "ai"),
    Part("count", "item", "a number of things", _COUNTED, "ai"),
    Part("-", None, "no unit: an institutional fact (建立, 开展)", ("—",)),
    Part("μg", "microgram", "microgram", ("ug", "微克"), "n"),
    Part("mg", "milligram", "milligram", ("毫克",), "n"),
    Part("g", "gram", "gram", ("克",), "n"),
    Part("kg", "kilogram", "kilogram", ("千克", "公斤"), "and"),
    Part("t", "tonne", "tonne", ("吨",), "an"),
    Part("10⁴ t", "1e4 * tonne", "万吨", ("万吨",), "an"),
    Part("tce", "tce", "tonne of coal equivalent", ("吨标准煤", "吨标煤"), "ani"),
    Part("kgce", "kgce", "kilogram of coal equivalent", _KGCE, "ani"),
    Part("m²", "meter ** 2", "square metre", ("平方米",), "an"),
    Part("km²", "kilometer ** 2", "square kilometre", ("平方千米", "平方公里")),
    Part("ha", "hectare", "hectare", ("hm²", "公顷"), "adi"),
    Part("mu", "mu", "亩 = 10000/15 m² ≈ 666.67 m²", ("亩",), "adi"),
    Part("m³", "meter ** 3", "cubic metre (方: of water)", ("立方米", "方"), "nd"),
    Part("yuan", "yuan", "元", ("元",), "andi"),
    Part("10⁴ yuan", "ten_thousand_yuan", "万元 (of GDP, of value added)",
         ("万元", *_GDP), "andi"),
    Part("10⁸ yuan", "1e8 * yuan", "亿元", ("亿元",), "andi"),
    Part("person", "person", "a person (人: per capita)", ("人",), "di"),
)  # fmt: skip

# No unit at all: institutional facts (建立, 开展) are yes/no states.
_NO_UNIT = "-"


# The units the bundled indicators are written in: the head of docs/units.md.
_INDICATOR_UNITS = (
    "%", "1", "fraction", "g/kg", "μg/m³", "mg/m³", "m²", "km²", "ha", "mu",
    "m²/person", "t", "10⁴ t", "yuan", "10⁴ yuan", "yuan/mu", "10⁴ yuan/mu",
    "tce/10⁴ yuan", "kgce/yuan", "m³/10⁴ yuan", "point", "count", "-", "‰",
)  # fmt: skip

#: The canonical units of the catalog (docs/units.md); any ratio the grammar
#: composes (``kgce/10⁴ yuan``) is canonical too, see :func:`canonical_unit`.
CANONICAL_UNITS: tuple[str, ...] = _INDICATOR_UNITS


def _ratios() -> dict[str, str]:
    nums = [p for p in PARTS if p.numerator]
    dens = [p for p in PARTS if p.denominator]
    return {
        f"{n.canonical}/{d.canonical}": f"({n.pint}) / ({d.pint})"
        for n in nums
        for d in dens
        if n.canonical != d.canonical
    }


# Canonical unit → pint expression, for every unit the grammar makes but "-".
_PINT: dict[str, str] = {
    **{p.canonical: p.pint for p in PARTS if p.alone and p.pint is not None},
    **_ratios(),
}

# The only normalisations: full-width forms to ASCII; the micro sign U+00B5
# to Greek mu U+03BC; the squared and cubed units (㎡ ㎥ ㎢ ㎏ ㎎ ㎍) to letters;
# m2, m^2, m**2 to m² (and 3 to ³); 10^4 and 10^8 to 10⁴ and 10⁸; spaces next
# to the solidus dropped. Not NFKC, which would also turn m³ into m3 and 10⁴
# into 104.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {
    0x3000: " ", 0xB5: "μ", 0x33A1: "m²", 0x33A5: "m³", 0x33A2: "km²",
    0x338F: "kg", 0x338E: "mg", 0x338D: "μg",
}  # fmt: skip
_POWER = re.compile(r"m(?:\^|\*\*)?([23])(?![0-9])")
_TEN = re.compile(r"10\^([48])")
_SUPERSCRIPT = {"2": "²", "3": "³", "4": "⁴", "8": "⁸"}
_SLASH = re.compile(r"\s*/\s*")


def _normalise(text: str) -> str:
    text = text.translate(_WIDTH).strip()
    text = _POWER.sub(lambda m: "m" + _SUPERSCRIPT[m.group(1)], text)
    text = _TEN.sub(lambda m: "10" + _SUPERSCRIPT[m.group(1)], text)
    return _SLASH.sub("/", text)


def _table(role: str) -> tuple[dict[str, str], dict[str, str]]:
    """Return (exact, case-folded) lookups of the parts that may take ``role``."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for p in PARTS:
        if not getattr(p, role):
            continue
        for spelling in (p.canonical, *p.spellings):
            key = _normalise(spelling)
            exact[key] = p.canonical
            if p.fold:
                folded[key.lower()] = p.canonical
    return exact, folded


_ALONE, _NUM, _DEN = _table("alone"), _table("numerator"), _table("denominator")


def _find(key: str, table: tuple[dict[str, str], dict[str, str]]) -> str | None:
    exact, folded = table
    return exact.get(key) or folded.get(key.lower())


def _parse(key: str) -> str | None:
    """Return the canonical unit of a normalised spelling, or None."""
    if key.count("/") != 1:
        return _find(key, _ALONE)
    num, den = key.split("/")
    a, b = _find(num, _NUM), _find(den, _DEN)
    if a is None or b is None:
        return _find(key, _ALONE)
    canon = f"{a}/{b}"
    return canon if canon in _PINT else None


def _spellings() -> dict[str, str]:
    out: dict[str, str] = {}
    alone = [p for p in PARTS if p.alone]
    for p in alone:
        for s in (p.canonical, *p.spellings):
            out[s] = p.canonical
    for n in (p for p in PARTS if p.numerator):
        for d in (p for p in PARTS if p.denominator):
            if f"{n.canonical}/{d.canonical}" not in _PINT:
                continue
            for a in (n.canonical, *n.spellings):
                for b in (d.canonical, *d.spellings):
                    out[f"{a}/{b}"] = f"{n.canonical}/{d.canonical}"
    return out


_SPELLINGS = _spellings()


def accepted_spellings() -> Mapping[str, str]:
    """Return every spelling the grammar composes, read-only (spelling → canonical).

    Each part's spellings alone, and every numerator spelling ``/`` every
    denominator spelling; :func:`canonical_unit` also reads the variants of
    these that its normalisations give (full width, ``m^3``, letter case of
    words).

    >>> accepted_spellings()["平方米/人"]
    'm²/person'
    >>> accepted_spellings()["方/万元GDP"]
    'm³/10⁴ yuan'
    """
    return types.MappingProxyType(_SPELLINGS)


def _why(key: str) -> str:
    """Say why a normalised spelling is refused."""
    if not key:
        return "no unit given"
    if key.count("/") == 1:
        num, den = key.split("/")
        bad = [
            f"{side} {part!r} is not a known part"
            for side, part, table in (
                ("numerator", num, _NUM),
                ("denominator", den, _DEN),
            )
            if _find(part, table) is None
        ]
        if bad:
            return "not an accepted spelling: " + "; ".join(bad)
    return "not an accepted spelling"


#: Spellings shown in the docs, composed by the grammar.
_EXAMPLES = (
    "μg/m3", "µg/m^3", "ug/m3", "微克/立方米", "㎡", "㎡/人", "平方米/人", "‰",
    "吨标煤/万元", "吨标准煤/万元GDP", "tce/万元", "kgce/万元", "千克标准煤/万元",
    "千克标准煤/元", "立方米/万元GDP", "方/万元", "m3/万元工业增加值", "万元/亩",
    "亿元", "万吨", "个", "处", "座", "家", "PERCENT", "Kgce/万元", "ｋｇｃｅ／万元",
)  # fmt: skip


def spellings_markdown() -> str:
    """Return the grammar's tables for ``docs/units.md`` (a test keeps them equal)."""

    def ticks(items: tuple[str, ...]) -> str:
        return ", ".join(f"`{x}`" for x in items)

    head = "| part | meaning | pint | other spellings | alone | before / | after / "
    out = [head + "| case |", "|---|---|---|---|---|---|---|---|"]
    out.extend(
        f"| `{p.canonical}` | {p.meaning} | {f'`{p.pint}`' if p.pint else '—'} "
        f"| {ticks(p.spellings)} | {'✔' if p.alone else ''} "
        f"| {'✔' if p.numerator else ''} | {'✔' if p.denominator else ''} "
        f"| {'any' if p.fold else 'exact'} |"
        for p in PARTS
    )
    out += ["", "| written | canonical |", "|---|---|"]
    out.extend(f"| `{x}` | `{canonical_unit(x)}` |" for x in _EXAMPLES)
    return "\n".join(out) + "\n"


def canonical_unit(text: str, *, indicator_id: str | None = None) -> str:
    """Return the canonical form of a unit spelling.

    Surrounding whitespace and spaces next to ``/`` are dropped, full-width
    forms become ASCII, the micro sign ``µ`` counts as ``μ``, ``㎡`` as ``m²``,
    ``m2``/``m^2``/``m**2`` as ``m²`` (and 3 as ³), ``10^4`` as ``10⁴``; the
    result must then be a part of the grammar alone, or a numerator part ``/``
    a denominator part (:data:`PARTS`). Words match in any letter case
    (``TCE``, ``Percent``); SI symbols only as written (``Mg`` is refused).

    Args:
        text: The unit as written, e.g. ``"μg/m3"`` or ``"吨标煤/万元"``.
        indicator_id: The indicator the unit belongs to, named in errors.

    Returns:
        The canonical unit: one of :data:`CANONICAL_UNITS`, or a ratio the
        grammar composes (``kgce/10⁴ yuan``).

    Raises:
        UnitError: If ``text`` is empty or not an accepted spelling.

    >>> canonical_unit(" µg/m3 ")
    'μg/m³'
    """
    key = _normalise(text)
    canon = _parse(key) if key else None
    if canon is None:
        raise UnitError(
            text,
            indicator_id=indicator_id,
            reason=_why(key),
            accepted=sorted(CANONICAL_UNITS),
        )
    return canon
