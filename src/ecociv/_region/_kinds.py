"""Region kinds and classes: the enums a region's fields take, and class schemes.

:class:`RegionLevel`, :class:`RegionKind`, :class:`RegionClass` and
:class:`Terrain` are the values a :class:`~ecociv._region.Region` carries; a
:class:`RegionClassScheme` assigns every province a class, and
:data:`FOUR_REGIONS` is the common four-region one. The small validators and
converters the region fields use live here too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ecociv.errors import UnknownRegionError


__all__ = [
    "FOUR_REGIONS",
    "RegionClass",
    "RegionClassScheme",
    "RegionKind",
    "RegionLevel",
    "Terrain",
]


class RegionLevel(enum.Enum):
    """Administrative level; ``COUNTY`` means any county-level unit (县级)."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


class RegionKind(enum.Enum):
    """Kind of unit, derived from its name and code."""

    MUNICIPAL_DISTRICT = "municipal_district"  # 市辖区
    COUNTY = "county"  # 县, 自治县, 旗, 自治旗, 特区, 林区
    COUNTY_LEVEL_CITY = "county_level_city"  # 县级市
    PREFECTURE_CITY = "prefecture_city"  # 地级市
    AUTONOMOUS_PREFECTURE = "autonomous_prefecture"  # 自治州
    PREFECTURE = "prefecture"  # 地区
    LEAGUE = "league"  # 盟
    PROVINCE = "province"  # 省
    MUNICIPALITY = "municipality"  # 直辖市
    AUTONOMOUS_REGION = "autonomous_region"  # 自治区
    OTHER = "other"  # statistical units and groupings that are not divisions


class RegionClass(enum.Enum):
    """Region class (东部, 中部, 西部, 东北) that thresholds may depend on."""

    EAST = "east"
    CENTRAL = "central"
    WEST = "west"
    NORTHEAST = "northeast"


class Terrain(enum.Enum):
    """Terrain class (山区, 丘陵地区, 平原地区) that some 2016 thresholds depend on.

    No table gives it: the user supplies it (``Region.from_code(code,
    terrain="hill")``); a rule that needs it judges insufficient data without.
    """

    MOUNTAIN = "mountain"  # 山区
    HILL = "hill"  # 丘陵地区
    PLAIN = "plain"  # 平原地区


def _classes(data: Mapping[str, RegionClass | str]) -> Mapping[str, RegionClass]:
    return MappingProxyType({k: RegionClass(v) for k, v in data.items()})


def _notes(data: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(data))


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


def _is_digits(text: str, n: int) -> bool:
    return len(text) == n and text.isascii() and text.isdigit()


def _province_keys(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if bad := [k for k in value if not _is_digits(k, 2)]:
        raise ValueError(f"{attribute.name}: not 2-digit province codes: {bad}")


def _code6(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not _is_digits(value, 6):
        raise ValueError(f"{attribute.name} must be 6 ASCII digits, not {value!r}")


@attrs.frozen(cache_hash=True)
class RegionClassScheme:
    """Assigns every province a :class:`RegionClass`.

    Args:
        name: Short id recorded on each region, e.g. ``"four-regions"``.
        classes: 2-digit province code → class (wire strings are accepted).
        ambiguous: 2-digit province code → why its class is uncertain.
        description: Where the scheme comes from.
    """

    name: str
    # Read-only views; left out of the hash (which equal schemes still share,
    # having equal names) because mapping proxies are unhashable.
    classes: Mapping[str, RegionClass] = attrs.field(
        converter=_classes, validator=_province_keys, hash=False
    )
    ambiguous: Mapping[str, str] = attrs.field(
        factory=dict, converter=_notes, validator=_province_keys, hash=False
    )
    description: str = ""

    def class_of(self, province_code: str) -> RegionClass:
        """The class of a province, given its 2-digit or any 6-digit code in it.

        Raises:
            UnknownRegionError: When the scheme has no class for the province.
        """
        try:
            return self.classes[province_code[:2]]
        except KeyError:
            reason = f"scheme {self.name!r} has no region class for this province"
            raise UnknownRegionError(province_code, reason) from None

    def note_for(self, province_code: str) -> str | None:
        """Why the province's class is uncertain, or ``None`` if it is not."""
        return self.ambiguous.get(province_code[:2])


FOUR_REGIONS = RegionClassScheme(
    name="four-regions",
    classes={
        **dict.fromkeys(
            ("11", "12", "13", "31", "32", "33", "35", "37", "44", "46"), "east"
        ),
        **dict.fromkeys(("14", "34", "36", "41", "42", "43"), "central"),
        **dict.fromkeys(
            ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
            "west",
        ),
        **dict.fromkeys(("21", "22", "23"), "northeast"),
    },
    ambiguous={
        "15": "内蒙古 is counted as 西部 (west), but its eastern leagues and cities "
        "(呼伦贝尔, 兴安盟, 通辽, 赤峰, 锡林郭勒盟) are sometimes counted as 东北 "
        "(north-east); the scheme's source is a third-party reproduction and the "
        "official NBS text was not retrieved",
    },
    description="The common four-region division: 东部 10 (京津冀沪苏浙闽鲁粤琼), "
    "中部 6 (晋皖赣豫鄂湘), 西部 12 (蒙桂渝川贵云藏陕甘青宁新), 东北 3 (辽吉黑), "
    "as reproduced by a third-party page; the official NBS text was not retrieved.",
)


def _level(value: RegionLevel | str) -> RegionLevel:
    return value if type(value) is RegionLevel else RegionLevel(value)


def _kind(value: RegionKind | str) -> RegionKind:
    return value if type(value) is RegionKind else RegionKind(value)


def _class(value: RegionClass | str) -> RegionClass:
    return value if type(value) is RegionClass else RegionClass(value)


def _terrain(value: Terrain | str | None) -> Terrain | None:
    return None if value is None else Terrain(value)
