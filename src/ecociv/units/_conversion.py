"""Conversions between canonical units, and the one pint registry that checks them.

:func:`conversion` computes from each part's scale (:data:`_SCALE`) and caches
per pair of canonical units; pint's registry is built on the first call of
:func:`registry` only, and :func:`pint_conversion` gives pint's answer, which a
test holds equal. :func:`convert_at` converts many numbers at once, for every
way data comes in, refusing what :func:`misread` says cannot mean what its unit
says (coefficients written as a small "%").
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from ecociv.errors import UnitError, excerpt
from ecociv.units._grammar import _NO_UNIT, _PINT, canonical_unit


if TYPE_CHECKING:
    import pint

    from ecociv._arrays import Floats, Ints


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


def no_unit(text: str) -> bool:
    """Return whether a unit cell gives no unit: blank, or ``-`` in any spelling.

    An institutional fact takes no unit; so may the higher level's verdict on
    an assigned task. ``—`` and the full-width ``－`` are spellings of ``-``.

    >>> [no_unit(t) for t in ("", " ", "—", "%")]
    [True, True, True, False]
    """
    if not text.strip():
        return True
    try:
        return canonical_unit(text) == _NO_UNIT
    except UnitError:
        return False


def convert_at(
    columns: Mapping[str, Floats],
    at: Ints,
    from_unit: str,
    to_unit: str,
    *,
    indicator_id: str,
) -> tuple[bool, dict[int, str]]:
    """Convert the numbers at ``at`` of each column from ``from_unit`` to ``to_unit``.

    The one conversion of many numbers, in place, for every way data comes in
    (the readers' entries, observations built by hand): once per (indicator,
    unit) pair, never per number. A number that cannot mean what its unit
    says (:func:`misread`) is refused, not guessed: its position comes back
    with a message naming its column, number, unit and indicator (a
    position's first refusal, in the columns' order), and the caller refuses
    the entry. NaN (no number) is left as it is.

    Args:
        columns: Arrays of numbers by name (``value``, ``target`` ...),
            changed in place.
        at: The positions to convert.
        from_unit: The unit they are written in (any accepted spelling).
        to_unit: The indicator's unit.
        indicator_id: The indicator concerned, named in errors.

    Returns:
        Whether any number changed (False: the two units are one size), and
        the refused positions with their messages.

    Raises:
        UnitError: When the units do not convert (:func:`conversion`).

    >>> import numpy as np
    >>> value = np.array([0.6, 60.0])
    >>> changed, refused = convert_at({"value": value}, np.arange(2), "%", "1",
    ...                               indicator_id="coef")
    >>> changed, refused[0][:40]
    (True, 'value 0.6 % for coef: a coefficient lies')
    >>> value.tolist()
    [0.006, 0.6]
    """
    conv = conversion(from_unit, to_unit, indicator_id=indicator_id)
    if conv.factor == 1 and conv.offset == 0:
        return False, {}
    refused: dict[int, str] = {}
    for name, column in columns.items():
        numbers = column[at]
        bad, why = misread(numbers, from_unit, to_unit)
        for k, x in zip(at[bad].tolist(), numbers[bad].tolist(), strict=True):
            unit = excerpt(from_unit, quoted=False)
            refused.setdefault(k, f"{name} {x:g} {unit} for {indicator_id}: {why}")
        column[at] = numbers * conv.factor + conv.offset
    return True, refused
