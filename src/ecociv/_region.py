"""Regions: China's provinces, prefectures and county-level units (NBS 2023 codes).

A :class:`Region` is looked up in the bundled code tables (``_data/regions``)
and carries what rules need: level, kind (市辖区, 县, 县级市 ...), parent,
province and region class (东部, 中部, 西部, 东北) under a
:class:`RegionClassScheme`. Every derived field can be overridden; the
overridden names are recorded. The tables are read once, on first use. The
derivation rules are in ``docs/regions.md``.

>>> r = Region.from_code("330683")
>>> r.name, r.kind.value, r.parent, r.region_class.value
('嵊州市', 'county_level_city', '330600', 'east')
"""

from __future__ import annotations

import csv
import enum
import functools
import importlib.resources
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from ecociv.errors import UnknownRegionError


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


def _terrain(value: Terrain | str | None) -> Terrain | None:
    return None if value is None else Terrain(value)


@attrs.frozen
class Region:
    """A province, prefecture or county-level unit with its derived attributes.

    Build one with :meth:`from_code` or :meth:`from_name`; change one with
    ``attrs.evolve``. Enum fields also accept their wire strings.

    Attributes:
        code: 6-digit code, e.g. ``"330683"``.
        name: Chinese name, e.g. ``"嵊州市"``.
        level: Province, prefecture or county level.
        kind: Kind of unit (市辖区, 县, 县级市, 地级市 ...).
        parent: 6-digit parent code; ``None`` for a province. Units of a
            市辖区, 县 or 省直辖县级行政区划 grouping report their province.
        province: 6-digit province code, e.g. ``"330000"``.
        province_name: e.g. ``"浙江省"``.
        region_class: East, central, west or north-east.
        class_scheme: Name of the scheme that gave ``region_class``.
        class_note: Why ``region_class`` is uncertain, if it is.
        note: What is unusual about the unit (a grouping, a statistical unit).
        terrain: Terrain class, when the user gives it (no table has it).
        overridden: Names of the fields the caller overrode.
    """

    code: str = attrs.field(validator=_code6)
    name: str
    level: RegionLevel = attrs.field(converter=RegionLevel)
    kind: RegionKind = attrs.field(converter=RegionKind)
    parent: str | None = attrs.field(validator=_code6)
    province: str = attrs.field(validator=_code6)
    province_name: str
    region_class: RegionClass = attrs.field(converter=RegionClass)
    class_scheme: str
    class_note: str | None = None
    note: str | None = None
    terrain: Terrain | None = attrs.field(default=None, converter=_terrain)
    overridden: frozenset[str] = attrs.field(default=frozenset(), converter=_names)

    @functools.cached_property
    def traits(self) -> int:
        """Return a number shared by the regions that differ only in identity.

        Two regions have the same traits when every field but their identity
        (code, names, parent, province, note) is equal: a rule that depends
        on a region's class, kind or terrain treats them alike.
        """
        key = tuple(getattr(self, f) for f in _TRAIT_FIELDS)
        with _TRAITS_LOCK:
            return _TRAITS.setdefault(key, len(_TRAITS))

    @classmethod
    def from_code(
        cls,
        code: str | int,
        *,
        scheme: RegionClassScheme = FOUR_REGIONS,
        **overrides: Any,
    ) -> Region:
        """Look a code up in the NBS 2023 tables.

        Args:
            code: 6-digit code (``"330683"``, ``"330600"``, ``"330000"``), or
                a 2-digit province or 4-digit prefecture code.
            scheme: The region-class scheme.
            **overrides: Values for any field but ``code`` and ``overridden``.
                Overriding ``region_class`` also clears ``class_note``
                unless ``class_note`` is given too.

        Returns:
            The region; ``overridden`` names the overridden fields.

        Raises:
            UnknownRegionError: When the code is malformed or not in the table.
            TypeError: When an override names no overridable field.

        >>> Region.from_code(330604).kind
        <RegionKind.MUNICIPAL_DISTRICT: 'municipal_district'>
        >>> Region.from_code("150602", region_class="northeast").overridden
        frozenset({'region_class'})
        """
        base = _region(_normalize(code), scheme)
        if not overrides:
            return base
        if unknown := sorted(set(overrides) - _overridable()):
            raise TypeError(
                f"Region.from_code() got an unexpected keyword argument "
                f"{unknown[0]!r}; overridable: {', '.join(sorted(_overridable()))}"
            )
        given = _names(overrides)
        if "region_class" in overrides:
            overrides.setdefault("class_note", None)
        return attrs.evolve(base, **overrides, overridden=given)

    @classmethod
    def from_name(
        cls,
        name: str,
        *,
        province: str | None = None,
        level: RegionLevel | None = None,
        scheme: RegionClassScheme = FOUR_REGIONS,
        **overrides: Any,
    ) -> Region:
        """Look an exact Chinese name up, e.g. ``"嵊州市"``.

        Args:
            name: The name as the table writes it.
            province: Narrow to a province, by code (``"22"``, ``"220000"``)
                or name (``"吉林省"``).
            level: Narrow to a level.
            scheme: The region-class scheme.
            **overrides: As for :meth:`from_code`.

        Raises:
            UnknownRegionError: When no region or several match; the message
                of an ambiguous name lists the candidates.

        >>> Region.from_name("朝阳区", province="吉林省").code
        '220104'
        """
        codes = _tables().by_name.get(name, ())
        found = _one(name, codes, province, level, scheme)
        return cls.from_code(found.code, scheme=scheme, **overrides)

    @classmethod
    def find(
        cls,
        text: str,
        *,
        province: str | None = None,
        level: RegionLevel | None = None,
        scheme: RegionClassScheme = FOUR_REGIONS,
    ) -> Region:
        """Find a region by code or name, as people write them in data files.

        Takes a code (``"330683"``, full-width digits too), a name as the
        table writes it (``"咸宁市"``), or a name qualified by its province and
        prefecture, in full or short (``"湖北省咸宁市"``, ``"湖北咸宁市"``,
        ``"浙江省绍兴市嵊州市"``, ``"浙江嵊州市"``); spaces are ignored. A
        prefecture-level unit renamed or merged since 2007 (``"莱芜市"``,
        merged into 济南市 in 2019; ``"襄樊市"``, now 襄阳市; their former
        codes too) is resolved to its successor, and the region's ``note``
        says so, starting with the name given. The list of such changes is
        ``_data/regions/changes.csv``: prefecture level only.

        Args:
            text: A code or a name.
            province: Narrow to a province, by code or name (as
                :meth:`from_name`).
            level: Narrow to a level.
            scheme: The region-class scheme.

        Raises:
            UnknownRegionError: When nothing matches, or several regions do:
                then ``candidates`` holds their codes and the message lists
                them with their provinces and prefectures.

        >>> Region.find("湖北省咸宁市").code
        '421200'
        >>> r = Region.find("莱芜市")
        >>> r.name, r.note
        ('济南市', '莱芜市 (371200) was merged into 济南市 in 2019')
        >>> Region.find("朝阳区")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ecociv.errors.UnknownRegionError: unknown region name '朝阳区': ambiguous...
        """
        found, _ = find_region(text, province=province, level=level, scheme=scheme)
        return found


def find_region(
    text: str,
    *,
    province: str | None = None,
    level: RegionLevel | None = None,
    scheme: RegionClassScheme = FOUR_REGIONS,
) -> tuple[Region, UnitChange | None]:
    """Return what :meth:`Region.find` finds, and the rename or merger it went through.

    Readers need the change itself: a merged unit's rows from before the
    merger describe the old unit, not its successor.

    Raises:
        UnknownRegionError: As :meth:`Region.find`.
    """
    key = _key(text)
    if key.isascii() and key.isdigit():
        change = _changes().get(key.ljust(6, "0"))
        if change is None or _known(key):
            return Region.from_code(key, scheme=scheme), None
        codes: Sequence[str] = (change.successor,)
    else:
        codes = _forms().get(key, ())
        change = None if codes else _changes().get(key)
        if change is not None:
            codes = (change.successor,)
    found = _one(text, _same_place(codes), province, level, scheme)
    if change is None:
        return found, None
    return attrs.evolve(found, note=change.describe(found.name)), change


_IDENTITY = frozenset(
    {"code", "name", "parent", "province", "province_name", "note", "overridden"}
)
_TRAIT_FIELDS = tuple(f.name for f in attrs.fields(Region) if f.name not in _IDENTITY)
_TRAITS: dict[tuple[Any, ...], int] = {}
_TRAITS_LOCK = threading.Lock()


def children(
    code: str | int,
    *,
    level: RegionLevel | None = None,
    scheme: RegionClassScheme = FOUR_REGIONS,
) -> tuple[Region, ...]:
    """The regions directly below ``code``, sorted by code.

    A province's children are its prefectures and the county-level units of
    its groupings; a prefecture's (or a grouping's) are its county-level units.

    >>> [r.name for r in children("421000")][:3]
    ['沙市区', '荆州区', '公安县']

    Raises:
        UnknownRegionError: When ``code`` is malformed or unknown.
    """
    found = (_region(c, scheme) for c in _tables().children.get(_normalize(code), ()))
    return tuple(r for r in found if level is None or r.level is level)


@functools.lru_cache(maxsize=32)
def all_regions(
    level: RegionLevel | None = None, *, scheme: RegionClassScheme = FOUR_REGIONS
) -> tuple[Region, ...]:
    """Every region, sorted by code; grouping rows (市辖区 ...) are left out.

    >>> len(all_regions(RegionLevel.PROVINCE))
    31
    """
    found = (_region(c, scheme) for c in _tables().ordered)
    return tuple(r for r in found if level is None or r.level is level)


# --- the tables --------------------------------------------------------------

_PROVINCE_SUFFIXES = (
    ("自治区", RegionKind.AUTONOMOUS_REGION),
    ("省", RegionKind.PROVINCE),
    ("市", RegionKind.MUNICIPALITY),  # 北京市, 天津市, 上海市, 重庆市
)
# The only 林区 (forestry district); 碑林区, 万柏林区, 金林区, 北林区 and 新林区
# are ordinary districts whose names happen to end in 林区.
_FORESTRY_DISTRICTS = frozenset({"神农架林区"})
_COUNTY_SUFFIXES = (  # In order: 特区 before 区.
    ("特区", RegionKind.COUNTY),
    ("区", RegionKind.MUNICIPAL_DISTRICT),
    ("县", RegionKind.COUNTY),
    ("旗", RegionKind.COUNTY),
    ("市", RegionKind.COUNTY_LEVEL_CITY),
)
_PREFECTURE_SUFFIXES = (
    ("自治州", RegionKind.AUTONOMOUS_PREFECTURE),
    ("地区", RegionKind.PREFECTURE),
    ("盟", RegionKind.LEAGUE),
    ("市", RegionKind.PREFECTURE_CITY),
)
_GROUPING_NOTE = (
    "a statistical grouping of county-level units, not a prefecture; "
    "its units report the province as their parent"
)
_STATISTICAL_NOTE = "a statistical unit (code digits 5-6 are 7x), not a division"


class _Unit(NamedTuple):
    name: str
    level: RegionLevel
    kind: RegionKind
    parent: str | None
    note: str | None = None


class _Tables(NamedTuple):
    units: dict[str, _Unit]  # by 6-digit code, groupings included
    children: dict[str, list[str]]
    by_name: dict[str, list[str]]
    ordered: tuple[str, ...]  # every code but the groupings'


_LOCK = threading.Lock()
_LOADED: dict[str, _Tables] = {}


def _tables() -> _Tables:
    if (t := _LOADED.get("t")) is not None:
        return t
    with _LOCK:
        if "t" not in _LOADED:
            _LOADED["t"] = _read_tables()
        return _LOADED["t"]


def _rows(filename: str) -> list[list[str]]:
    res = importlib.resources.files("ecociv") / "_data" / "regions" / filename
    return list(csv.reader(res.read_text(encoding="utf-8").splitlines()))[1:]


def _suffix_kind(name: str, table: tuple[tuple[str, RegionKind], ...]) -> RegionKind:
    return next((k for s, k in table if name.endswith(s)), RegionKind.OTHER)


def _county_kind(code: str, name: str) -> RegionKind:
    if code[4] == "7":
        return RegionKind.OTHER
    if name in _FORESTRY_DISTRICTS:
        return RegionKind.COUNTY
    return _suffix_kind(name, _COUNTY_SUFFIXES)


def _read_tables() -> _Tables:
    units: dict[str, _Unit] = {}
    for prov, name in _rows("provinces.csv"):
        kind = _suffix_kind(name, _PROVINCE_SUFFIXES)
        units[prov + "0000"] = _Unit(name, RegionLevel.PROVINCE, kind, None)
    groupings = set()  # 6-digit codes of the 市辖区, 县 and 省直辖 rows
    for city, name, prov in _rows("cities.csv"):
        kind = _suffix_kind(name, _PREFECTURE_SUFFIXES)
        note = None
        if name in {"市辖区", "县"} or name.endswith("直辖县级行政区划"):
            groupings.add(city + "00")
            kind, note = RegionKind.OTHER, _GROUPING_NOTE
        units[city + "00"] = _Unit(
            name, RegionLevel.PREFECTURE, kind, prov + "0000", note
        )
    for code, name, city, prov in _rows("areas.csv"):
        # 441900 东莞市, 442000 中山市, 460400 儋州市: prefectures without counties
        # repeat themselves as a county-level row; the prefecture stands for both.
        if code[4:] != "00":
            kind = _county_kind(code, name)
            note = _STATISTICAL_NOTE if code[4] == "7" else None
            parent = prov + "0000" if city + "00" in groupings else city + "00"
            units[code] = _Unit(name, RegionLevel.COUNTY, kind, parent, note)
    kids: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for code, unit in sorted(units.items()):
        by_name.setdefault(unit.name, []).append(code)
        if unit.parent is not None and code not in groupings:
            kids.setdefault(unit.parent, []).append(code)
        if code[:4] + "00" in groupings and code not in groupings:
            kids.setdefault(code[:4] + "00", []).append(code)
    ordered = tuple(c for c in sorted(units) if c not in groupings)
    return _Tables(units, kids, by_name, ordered)


def is_known(code: str) -> bool:
    """Return whether a 6-digit code is in the NBS 2023 tables.

    >>> is_known("330683"), is_known("999999")
    (True, False)
    """
    return code in _tables().units


def _normalize(code: str | int) -> str:
    """The 6-digit form of a known code; errors name the code as given."""
    if isinstance(code, bool) or not isinstance(code, str | int):
        raise TypeError(f"a region code is a str or int, not {type(code).__name__}")
    text = str(code)
    if not (text.isascii() and text.isdigit() and len(text) in {2, 4, 6}):
        raise UnknownRegionError(text, "malformed; expected 2, 4 or 6 ASCII digits")
    if (code6 := text.ljust(6, "0")) not in _tables().units:
        raise UnknownRegionError(text)
    return code6


def _region(code: str, scheme: RegionClassScheme) -> Region:
    """Return the region of a normalised code under a scheme, made once."""
    found = _MADE.get((code, id(scheme)))
    if found is not None and found[0] is scheme:
        return found[1]
    region = _make(code, scheme)
    _MADE[(code, id(scheme))] = (scheme, region)
    return region


#: Regions already made, by (code, id of the scheme): regions are immutable.
_MADE: dict[tuple[str, int], tuple[RegionClassScheme, Region]] = {}


def _make(code: str, scheme: RegionClassScheme) -> Region:
    unit = _tables().units[code]
    province = code[:2] + "0000"
    return Region(
        code=code,
        name=unit.name,
        level=unit.level,
        kind=unit.kind,
        parent=unit.parent,
        province=province,
        province_name=_tables().units[province].name,
        region_class=scheme.class_of(code),
        class_scheme=scheme.name,
        class_note=scheme.note_for(code),
        note=unit.note,
    )


def _path(region: Region, t: _Tables) -> str:
    """Province and prefecture names, e.g. ``吉林省长春市``."""
    if region.parent in {None, region.province}:
        return region.province_name
    return region.province_name + t.units[str(region.parent)].name


def _one(
    name: str,
    codes: Sequence[str],
    province: str | None,
    level: RegionLevel | None,
    scheme: RegionClassScheme,
) -> Region:
    """Return the one region of ``codes`` left after narrowing; refuse 0 or several."""
    found = [_region(c, scheme) for c in codes]
    if province is not None:
        found = [
            r
            for r in found
            if province in {r.province, r.province[:2], r.province_name}
        ]
    found = [r for r in found if level is None or r.level is level]
    if not found:
        raise UnknownRegionError(name, "no region has this name")
    if len(found) > 1:
        t = _tables()
        listed = ", ".join(f"{r.code} ({_path(r, t)}{r.name})" for r in found)
        error = UnknownRegionError(
            name,
            f"ambiguous name; candidates: {listed}; write the province (and "
            "prefecture) before the name, or pass province= or level=",
        )
        error.candidates = tuple(r.code for r in found)
        raise error
    return found[0]


def _key(text: str) -> str:
    """Return a name or code as the indexes hold it: NFKC, no spaces."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def _known(code: str) -> bool:
    return len(code) in {2, 4, 6} and code.ljust(6, "0") in _tables().units


def _same_place(codes: Sequence[str]) -> tuple[str, ...]:
    """Drop a county-level row that repeats its prefecture's name (嘉峪关市).

    The prefecture stands for both, as it does for 东莞市 (whose repeated row
    the table reader leaves out).
    """
    units = _tables().units
    return tuple(
        c
        for c in codes
        if not (
            units[c].level is RegionLevel.COUNTY
            and units[c].parent in codes
            and units[str(units[c].parent)].name == units[c].name
        )
    )


#: Short names of the provinces (湖北, 内蒙古, 广西 ...), by full name.
_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}


@functools.cache
def _forms() -> dict[str, tuple[str, ...]]:
    """Return every written form of every unit's name, with the codes it names.

    A name alone, and prefixed by its province (full or short name) and, below
    a prefecture, by the prefecture, with or without the province.
    """
    t = _tables()
    forms: dict[str, dict[str, None]] = {}
    for code, unit in t.units.items():
        if code not in t.ordered:  # groupings (市辖区 ...) are no place
            continue
        names = [unit.name]
        if unit.level is not RegionLevel.PROVINCE:
            prov = t.units[code[:2] + "0000"].name
            short = _SHORT.get(prov, prov.removesuffix("省").removesuffix("市"))
            heads = [prov, short]
            parent = t.units.get(str(unit.parent))
            if parent is not None and parent.level is RegionLevel.PREFECTURE:
                heads += [parent.name] + [h + parent.name for h in (prov, short)]
            names += [h + unit.name for h in heads]
        for n in names:
            forms.setdefault(n, {})[code] = None
    return {k: tuple(v) for k, v in forms.items()}


class UnitChange(NamedTuple):
    """A prefecture-level unit renamed or merged (``_data/regions/changes.csv``)."""

    name: str
    code: str
    successor: str
    year: int
    kind: str

    def describe(self, successor_name: str) -> str:
        if self.kind == "merged":
            return (
                f"{self.name} ({self.code}) was merged into {successor_name} "
                f"in {self.year}"
            )
        return f"{self.name} ({self.code}) was renamed {successor_name} in {self.year}"


@functools.cache
def _changes() -> dict[str, UnitChange]:
    """Return the renamed and merged units (``changes.csv``), by name and old code."""
    out: dict[str, UnitChange] = {}
    for name, code, successor, year, kind in _rows("changes.csv"):
        change = UnitChange(name, code, successor, int(year), kind)
        out[name] = out[code] = change
    return out


@functools.cache
def _overridable() -> frozenset[str]:
    return frozenset(a.name for a in attrs.fields(Region)) - {"code", "overridden"}
