"""Units: canonical spellings, a grammar of accepted ones, and conversion.

ecociv stores every indicator's unit as a *canonical* string (``"μg/m³"``,
``"tce/10⁴ yuan"``, ``"-"`` for institutional facts). Data arrive written in
many ways (``μg/m3``, ``微克/立方米``, ``吨标煤/万元``, ``kgce/万元GDP``);
:func:`canonical_unit` reads each through an explicit grammar of known parts
(:data:`PARTS`: a unit alone, or a numerator ``/`` a denominator, each with its
Chinese, ASCII and full-width spellings), never a fuzzy match, and
:func:`conversion` converts between canonical units from each part's
scale, refusing units of different dimensions; the scales are checked
against one shared pint registry (:func:`registry`) by the tests.

>>> canonical_unit("吨标煤/万元")
'tce/10⁴ yuan'
>>> canonical_unit("千克标准煤/万元GDP")
'kgce/10⁴ yuan'
>>> convert(0.5, "kgce/yuan", "tce/10⁴ yuan")
5.0
>>> conversion("mg/m3", "μg/m³", indicator_id="pm25_annual_mean").factor
1000.0

The registry (pint's defaults plus the shipped ``_units.txt``) is created on
first use of :func:`registry`; judging and reading never need it, so no run
waits for it.
"""

from __future__ import annotations

import math
import re
import threading
import types
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from ecociv.errors import UnitError


if TYPE_CHECKING:
    from collections.abc import Mapping

    import pint


__all__ = [
    "CANONICAL_UNITS",
    "PARTS",
    "Conversion",
    "Part",
    "accepted_spellings",
    "canonical_unit",
    "conversion",
    "convert",
    "pint_conversion",
    "registry",
    "spellings_markdown",
]


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

#: Every part's dimension and its size in that dimension's base unit (SI,
#: or ecociv's own bases: yuan, person, item, index point), with pint's
#: names for the dimensions. Conversions are computed from these without
#: building pint's registry; a test holds every conversion they give, and
#: every refusal, equal to pint's (``_units.txt``).
_SCALE: dict[str, tuple[str, float]] = {
    "%": ("", 0.01),
    "‰": ("", 0.001),
    "1": ("", 1.0),
    "fraction": ("", 1.0),
    "point": ("index_point", 1.0),
    "count": ("count", 1.0),
    "μg": ("mass", 1e-9),
    "mg": ("mass", 1e-6),
    "g": ("mass", 1e-3),
    "kg": ("mass", 1.0),
    "t": ("mass", 1e3),
    "10⁴ t": ("mass", 1e7),
    "tce": ("energy", 29.3076e9),
    "kgce": ("energy", 29.3076e6),
    "m²": ("area", 1.0),
    "km²": ("area", 1e6),
    "ha": ("area", 1e4),
    "mu": ("area", 10000 / 15),
    "m³": ("volume", 1.0),
    "yuan": ("currency", 1.0),
    "10⁴ yuan": ("currency", 1e4),
    "10⁸ yuan": ("currency", 1e8),
    "person": ("population", 1.0),
}

#: Dimensions written in base dimensions, as pint writes them.
_DIMENSIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "area": (("length", 2),),
    "volume": (("length", 3),),
    "energy": (("length", 2), ("mass", 1), ("time", -2)),
}


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


@attrs.frozen
class Conversion:
    """How to turn a value in ``from_unit`` into ``to_unit``: ``x * factor + offset``.

    Both units are canonical. No canonical unit has an offset (there are no
    temperatures), but the field keeps the wire form general.

    >>> Conversion("fraction", "%", 100.0).apply(0.85)
    85.0
    """

    from_unit: str
    to_unit: str
    factor: float
    offset: float = 0.0

    def apply(self, value: float) -> float:
        """Return ``value`` (in ``from_unit``) expressed in ``to_unit``."""
        return value * self.factor + self.offset


_REGISTRY: pint.UnitRegistry[Any] | None = None
_REGISTRY_LOCK = threading.Lock()
_CONVERSIONS: dict[tuple[str, str], Conversion | str] = {}
_CONVERSIONS_LOCK = threading.Lock()


def registry() -> pint.UnitRegistry[Any]:
    """Return ecociv's one pint registry, creating it on the first call.

    It holds pint's default units plus ecociv's (yuan, 万元, tce, kgce, mu,
    person, item, index_point). Safe to call from many threads at once.
    """
    global _REGISTRY  # noqa: PLW0603  (one lazily built registry per process)
    reg = _REGISTRY
    if reg is None:
        with _REGISTRY_LOCK:
            if _REGISTRY is None:
                _REGISTRY = _build_registry()
            reg = _REGISTRY
    return reg


def _build_registry() -> pint.UnitRegistry[Any]:
    import pint  # noqa: PLC0415  (pint loads on first use, not on import)

    reg: pint.UnitRegistry[Any] = pint.UnitRegistry(on_redefinition="raise")
    text = resources.files("ecociv").joinpath("_units.txt").read_text("utf-8")
    reg.load_definitions(text.splitlines())
    return reg


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


def conversion(
    from_unit: str, to_unit: str, *, indicator_id: str | None = None
) -> Conversion:
    """Return the conversion from one unit to another.

    Both units may be any accepted spelling. Results (and refusals) are cached
    per pair of canonical units.

    Args:
        from_unit: The unit the value is in.
        to_unit: The unit wanted, usually the indicator's.
        indicator_id: The indicator concerned, named in errors.

    Returns:
        A :class:`Conversion` between the two canonical units.

    Raises:
        UnitError: If either unit is unknown, or they do not convert (different
            dimensions, index points against plain numbers, ``"-"`` against
            anything but ``"-"``).

    >>> conversion("fraction", "%")
    Conversion(from_unit='fraction', to_unit='%', factor=100.0, offset=0.0)
    """
    pair = (
        canonical_unit(from_unit, indicator_id=indicator_id),
        canonical_unit(to_unit, indicator_id=indicator_id),
    )
    found = _CONVERSIONS.get(pair)
    if found is None:
        with _CONVERSIONS_LOCK:
            found = _CONVERSIONS.get(pair)
            if found is None:
                found = _CONVERSIONS[pair] = _compute(*pair)
    if isinstance(found, str):
        raise UnitError(from_unit, pair[1], indicator_id=indicator_id, reason=found)
    return found


def _compute(src: str, dst: str) -> Conversion | str:
    """Return the conversion from ``src`` to ``dst``, or why there is none.

    Computed from the parts' scales (:data:`_SCALE`), never from pint at run
    time: the first conversion of a process costs a dictionary lookup, not the
    registry's build (a third of a second). ``pint_conversion`` computes the
    same with pint, and a test holds the two equal for every pair of units.
    """
    if src == dst:
        return Conversion(src, dst, 1.0)
    if _NO_UNIT in (src, dst):
        return "'-' marks an institutional fact and converts only to '-'"
    (da, fa), (db, fb) = _size(src), _size(dst)
    if da != db:
        return f"different dimensions: {_dimension_text(da)} vs {_dimension_text(db)}"
    return Conversion(src, dst, _snap(fa / fb))


def _snap(factor: float) -> float:
    """Return a factor within rounding error of a short decimal as that decimal.

    Going through base units leaves binary noise (g/kg → % comes out
    0.09999999999999999); others (1 mu = 10000/15 m²) are kept as they are.
    """
    short = float(f"{factor:.12g}")
    return short if math.isclose(short, factor, rel_tol=1e-14) else factor


Dimension = tuple[tuple[str, int], ...]


def _size(unit: str) -> tuple[Dimension, float]:
    """Return a canonical unit's dimension (base names and powers) and size."""
    num, _, den = unit.partition("/") if unit not in _SCALE else (unit, "", "")
    powers: dict[str, int] = {}
    size = 1.0
    for part, sign in ((num, 1), (den, -1)):
        if not part:
            continue
        dim, scale = _SCALE[part]
        size = size * scale if sign > 0 else size / scale
        for base, power in _DIMENSIONS.get(dim, ((dim, 1),) if dim else ()):
            powers[base] = powers.get(base, 0) + sign * power
    return tuple(sorted((b, p) for b, p in powers.items() if p)), size


def _dimension_text(dim: Dimension) -> str:
    """Return a dimension as pint writes it: ``[mass] / [length] ** 3``."""
    if not dim:
        return "dimensionless"

    def term(base: str, power: int) -> str:
        return f"[{base}]" + (f" ** {power}" if power != 1 else "")

    up = [term(b, p) for b, p in dim if p > 0]
    down = [term(b, -p) for b, p in dim if p < 0]
    text = " * ".join(up) if up else "1"
    return text + "".join(f" / {d}" for d in down)


def pint_conversion(src: str, dst: str) -> Conversion | str:
    """Return what pint says of a conversion between canonical units (for the test).

    The run-time path is :func:`conversion`; this builds pint's registry.
    """
    if src == dst:
        return Conversion(src, dst, 1.0)
    if _NO_UNIT in (src, dst):
        return "'-' marks an institutional fact and converts only to '-'"
    reg = registry()
    qa, qb = reg.parse_expression(_PINT[src]), reg.parse_expression(_PINT[dst])
    if qa.dimensionality != qb.dimensionality:
        return f"different dimensions: {qa.dimensionality} vs {qb.dimensionality}"
    return Conversion(src, dst, _snap(float(qa.to(qb.units).magnitude / qb.magnitude)))


def convert(
    value: float, from_unit: str, to_unit: str, *, indicator_id: str | None = None
) -> float:
    """Return ``value`` converted from ``from_unit`` to ``to_unit``.

    Args:
        value: The number, in ``from_unit``.
        from_unit: Any accepted spelling.
        to_unit: Any accepted spelling.
        indicator_id: The indicator concerned, named in errors.

    Returns:
        The value in ``to_unit``.

    Raises:
        UnitError: As :func:`conversion`.

    >>> convert(1.0, "ha", "亩")
    15.0
    """
    return conversion(from_unit, to_unit, indicator_id=indicator_id).apply(value)


def misread(values: Any, from_unit: str, to_unit: str) -> tuple[Any, str]:
    """Return where values written in ``from_unit`` cannot mean what they say, and why.

    A coefficient (unit ``1``, e.g. 农田灌溉水有效利用系数, 0 to 1) given in ``%``
    converts by dividing by 100, but the tables print its unit as "%" next to
    the coefficient itself: 0.6 "%" means 0.6, not 0.006. A value of at most 1
    in % for a coefficient is therefore refused, never guessed either way
    (60 % is read as 0.6). The one home of this rule, for every way data comes
    in.

    Args:
        values: A numpy array of numbers as written.
        from_unit: The unit they are written in (any accepted spelling).
        to_unit: The indicator's unit.

    Returns:
        A boolean array (True: refused) and the reason to give.

    >>> import numpy as np
    >>> misread(np.array([0.6, 60.0]), "%", "1")[0].tolist()
    [True, False]
    """
    import numpy as np  # noqa: PLC0415  (only with data in hand)

    arr = np.asarray(values, dtype=np.float64)
    if canonical_unit(from_unit) != "%" or canonical_unit(to_unit) != "1":
        return np.zeros(arr.shape, dtype=bool), ""
    with np.errstate(invalid="ignore"):
        refused = (np.abs(arr) <= 1) & (arr != 0)
    why = (
        "a coefficient lies between 0 and 1, and the tables print its unit as % "
        "beside the coefficient itself: write the coefficient without a unit "
        "(0.6), or a percent above 1 (60 %)"
    )
    return refused, why
