"""The region value and its lookups: by code, by name, by what people write.

:class:`Region` is made once per code and scheme from the tables
(:mod:`ecociv._region._tables`); :func:`find_region`, :func:`children` and
:func:`all_regions` find regions by text, parent or level.
"""

from __future__ import annotations

import functools
import operator
import threading
import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

from ecociv._region._kinds import (
    FOUR_REGIONS,
    RegionClass,
    RegionClassScheme,
    RegionKind,
    RegionLevel,
    Terrain,
    _class,
    _code6,
    _kind,
    _level,
    _names,
    _terrain,
)
from ecociv._region._tables import (
    UnitChange,
    _changes,
    _forms,
    _known,
    _same_place,
    _Tables,
    _tables,
    close_names,
)
from ecociv.errors import UnknownRegionError


__all__ = [
    "Region",
    "all_regions",
    "children",
    "find_region",
]


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
    level: RegionLevel = attrs.field(converter=_level)
    kind: RegionKind = attrs.field(converter=_kind)
    parent: str | None = attrs.field(validator=_code6)
    province: str = attrs.field(validator=_code6)
    province_name: str
    region_class: RegionClass = attrs.field(converter=_class)
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
        key = _traits_of(self)
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
_traits_of = operator.attrgetter(*_TRAIT_FIELDS)
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
        near = close_names(_key(name)) if not codes else []
        maybe = f"; did you mean {' or '.join(near)}?" if near else ""
        raise UnknownRegionError(name, "no region has this name" + maybe)
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


@functools.cache
def _overridable() -> frozenset[str]:
    return frozenset(a.name for a in attrs.fields(Region)) - {"code", "overridden"}
