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

from ecociv.units._conversion import (
    Conversion,
    conversion,
    convert,
    pint_conversion,
    registry,
)

# For ecociv._io and ecociv._engine (not in __all__): one conversion of many
# numbers for every way data comes in, and what gives no unit.
from ecociv.units._conversion import convert_at as convert_at
from ecociv.units._conversion import no_unit as no_unit
from ecociv.units._grammar import (
    CANONICAL_UNITS,
    PARTS,
    Part,
    accepted_spellings,
    canonical_unit,
    spellings_markdown,
)


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
