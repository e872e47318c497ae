"""Regions: China's provinces, prefectures and county-level units (NBS 2023 codes).

A :class:`Region` is looked up in the bundled code tables (``_data/regions``)
and carries what rules need: level, kind (市辖区, 县, 县级市 ...), parent,
province and region class (东部, 中部, 西部, 东北) under a
:class:`RegionClassScheme`. Every derived field can be overridden; the
overridden names are recorded. The tables are read once, on first use. The
derivation rules are in ``docs/regions.md``.

Its modules: ``_kinds`` (the enums, the class schemes), ``_tables`` (the
bundled tables, read once, and their indexes of names and changes) and
``_model`` (the :class:`Region` value and the lookups that make regions).

>>> r = Region.from_code("330683")
>>> r.name, r.kind.value, r.parent, r.region_class.value
('嵊州市', 'county_level_city', '330600', 'east')
"""

from __future__ import annotations

from ecociv._region._kinds import (
    FOUR_REGIONS,
    RegionClass,
    RegionClassScheme,
    RegionKind,
    RegionLevel,
    Terrain,
)
from ecociv._region._model import Region, all_regions, children, find_region
from ecociv._region._tables import UnitChange, is_known, known_codes


__all__ = [
    "FOUR_REGIONS",
    "Region",
    "RegionClass",
    "RegionClassScheme",
    "RegionKind",
    "RegionLevel",
    "Terrain",
    "UnitChange",
    "all_regions",
    "children",
    "find_region",
    "is_known",
    "known_codes",
]
