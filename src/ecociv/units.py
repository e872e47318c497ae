"""Units: canonical spellings, an explicit table of accepted ones, and conversion.

ecociv stores every indicator's unit as a *canonical* string (``"μg/m³"``,
``"tce/10⁴ yuan"``, ``"-"`` for institutional facts). Data arrive written in
many ways (``μg/m3``, ``微克/立方米``, ``吨标煤/万元``); :func:`canonical_unit`
maps each accepted spelling to its canonical form through an explicit table,
never a fuzzy match, and :func:`conversion` converts between canonical units
with one shared pint registry, refusing units of different dimensions.

>>> canonical_unit("吨标煤/万元")
'tce/10⁴ yuan'
>>> convert(0.5, "kgce/yuan", "tce/10⁴ yuan")
5.0
>>> conversion("mg/m3", "μg/m³", indicator_id="pm25_annual_mean").factor
1000.0

The registry (pint's defaults plus the shipped ``_units.txt``) is created on
first use, so importing this module does not import pint.
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
    "Conversion",
    "accepted_spellings",
    "canonical_unit",
    "conversion",
    "convert",
    "registry",
]

# Canonical unit → pint expression, for every canonical unit but "-".
_PINT: dict[str, str] = {
    "%": "percent",
    "1": "dimensionless",
    "fraction": "dimensionless",
    "g/kg": "gram / kilogram",
    "μg/m³": "microgram / meter ** 3",
    "mg/m³": "milligram / meter ** 3",
    "m²": "meter ** 2",
    "km²": "kilometer ** 2",
    "ha": "hectare",
    "mu": "mu",
    "m²/person": "meter ** 2 / person",
    "t": "tonne",
    "10⁴ t": "1e4 * tonne",
    "yuan": "yuan",
    "10⁴ yuan": "ten_thousand_yuan",
    "yuan/mu": "yuan / mu",
    "10⁴ yuan/mu": "ten_thousand_yuan / mu",
    "tce/10⁴ yuan": "tce / ten_thousand_yuan",
    "kgce/yuan": "kgce / yuan",
    "m³/10⁴ yuan": "meter ** 3 / ten_thousand_yuan",
    "point": "index_point",
    "count": "item",
}

# No unit at all: institutional facts (建立, 开展) are yes/no states.
_NO_UNIT = "-"

#: The canonical units, in the order of the table in docs/units.md.
CANONICAL_UNITS: tuple[str, ...] = (*_PINT, _NO_UNIT)

# Every accepted spelling, as people write it. Lookup goes through _normalise,
# so "μg/m3" and "µg/m³" need not both be listed; the common ones are anyway,
# because this table is also the documentation of what is accepted.
_SPELLINGS: dict[str, str] = {
    **{c: c for c in CANONICAL_UNITS},
    "％": "%", "percent": "%", "百分比": "%",
    "μg/m3": "μg/m³", "µg/m³": "μg/m³", "µg/m3": "μg/m³", "ug/m3": "μg/m³",
    "ug/m³": "μg/m³", "微克/立方米": "μg/m³",
    "mg/m3": "mg/m³", "毫克/立方米": "mg/m³",
    "克/千克": "g/kg", "克/公斤": "g/kg",
    "m2": "m²", "平方米": "m²",
    "km2": "km²", "平方千米": "km²", "平方公里": "km²",
    "hm²": "ha", "hm2": "ha", "公顷": "ha",
    "亩": "mu",
    "m2/person": "m²/person", "m²/人": "m²/person", "m2/人": "m²/person",
    "平方米/人": "m²/person",
    "吨": "t",
    "10^4 t": "10⁴ t", "万吨": "10⁴ t",
    "元": "yuan",
    "10^4 yuan": "10⁴ yuan", "万元": "10⁴ yuan",
    "元/亩": "yuan/mu",
    "10^4 yuan/mu": "10⁴ yuan/mu", "万元/亩": "10⁴ yuan/mu",
    "tce/10^4 yuan": "tce/10⁴ yuan", "tce/万元": "tce/10⁴ yuan",
    "吨标煤/万元": "tce/10⁴ yuan", "吨标准煤/万元": "tce/10⁴ yuan",
    "kgce/元": "kgce/yuan", "千克标煤/元": "kgce/yuan", "千克标准煤/元": "kgce/yuan",
    "m3/10^4 yuan": "m³/10⁴ yuan", "m³/万元": "m³/10⁴ yuan",
    "m3/万元": "m³/10⁴ yuan", "立方米/万元": "m³/10⁴ yuan",
    "points": "point",
    "个": "count",
    "—": "-",
}  # fmt: skip

# The only normalisations: full-width %, (, ), / to ASCII; the micro sign
# U+00B5 to Greek mu U+03BC; m2/m3 to m²/m³. Not NFKC, which would also turn
# m³ into m3 and 10⁴ into 104.
_WIDTH = str.maketrans({"％": "%", "（": "(", "）": ")", "／": "/", "µ": "μ"})
_SQUARE_CUBE = re.compile(r"m([23])(?![0-9])")
_SUPERSCRIPT = {"2": "²", "3": "³"}


def _normalise(text: str) -> str:
    text = text.strip().translate(_WIDTH)
    return _SQUARE_CUBE.sub(lambda m: "m" + _SUPERSCRIPT[m.group(1)], text)


_LOOKUP: dict[str, str] = {_normalise(k): v for k, v in _SPELLINGS.items()}


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
    """Return the table of accepted spellings (spelling → canonical unit), read-only.

    >>> accepted_spellings()["平方米/人"]
    'm²/person'
    """
    return types.MappingProxyType(_SPELLINGS)


def canonical_unit(text: str, *, indicator_id: str | None = None) -> str:
    """Return the canonical form of a unit spelling.

    Surrounding whitespace is stripped, full-width ``％（）／`` become ASCII,
    the micro sign ``µ`` counts as ``μ`` and ``m2``/``m3`` as ``m²``/``m³``;
    the result must then be in :func:`accepted_spellings`.

    Args:
        text: The unit as written, e.g. ``"μg/m3"`` or ``"吨标煤/万元"``.
        indicator_id: The indicator the unit belongs to, named in errors.

    Returns:
        One of :data:`CANONICAL_UNITS`.

    Raises:
        UnitError: If ``text`` is empty or not an accepted spelling.

    >>> canonical_unit(" µg/m3 ")
    'μg/m³'
    """
    key = _normalise(text)
    canon = _LOOKUP.get(key)
    if canon is None:
        reason = "no unit given" if not key else "not an accepted spelling"
        raise UnitError(
            text,
            indicator_id=indicator_id,
            reason=reason,
            accepted=sorted(CANONICAL_UNITS),
        )
    return canon


def conversion(
    from_unit: str, to_unit: str, *, indicator_id: str | None = None
) -> Conversion:
    """Return the conversion from one unit to another.

    Both units may be any accepted spelling. Results (and refusals) are cached
    per pair of canonical units, so pint is consulted once per pair.

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
    """Return the conversion from ``src`` to ``dst``, or why there is none."""
    if src == dst:
        return Conversion(src, dst, 1.0)
    if _NO_UNIT in (src, dst):
        return "'-' marks an institutional fact and converts only to '-'"
    reg = registry()
    qa, qb = reg.parse_expression(_PINT[src]), reg.parse_expression(_PINT[dst])
    if qa.dimensionality != qb.dimensionality:
        return f"different dimensions: {qa.dimensionality} vs {qb.dimensionality}"
    factor = float(qa.to(qb.units).magnitude / qb.magnitude)
    # pint goes through base units, which leaves binary noise (g/kg → % comes
    # out 0.09999999999999999). A factor within rounding error of a short
    # decimal is that decimal; others (1 mu = 10000/15 m²) are kept as they are.
    short = float(f"{factor:.12g}")
    if math.isclose(short, factor, rel_tol=1e-14):
        factor = short
    return Conversion(src, dst, factor)


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
