"""The bundled NBS 2023 code tables, read once, and the indexes built on them.

The tables (``_data/regions``) give every unit's name, level, kind and
parent; a unit's kind is derived from its name's suffix and its code.
:func:`is_known` asks whether a code is in them; the written forms of every
name (qualified by province and prefecture) and the prefecture-level units
renamed or merged since 2007 (:class:`UnitChange`, ``changes.csv``) are
indexed here for :meth:`~ecociv._region.Region.find`.
"""

from __future__ import annotations

import bisect
import csv
import functools
import importlib.resources
import threading
from collections.abc import Container, Sequence
from typing import NamedTuple

from ecociv._region._kinds import RegionKind, RegionLevel


__all__ = [
    "UnitChange",
    "is_known",
]


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


def known_codes() -> Container[str]:
    """Return the 6-digit codes of the NBS 2023 tables, to test many at once.

    ``code in known_codes()`` is :func:`is_known`, without a call per code.
    """
    return _tables().units.keys()


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


@functools.cache
def _sorted_forms() -> tuple[str, ...]:
    return tuple(sorted(_forms()))


#: What follows a unit's name when it is written in full (嵊州 → 嵊州市): the
#: suffixes that tell a unit's kind, and the forestry district's 林区.
_UNIT_WORDS = frozenset(
    suffix
    for table in (_PROVINCE_SUFFIXES, _PREFECTURE_SUFFIXES, _COUNTY_SUFFIXES)
    for suffix, _ in table
) | {"林区"}


def close_names(key: str, limit: int = 5) -> list[str]:
    """Return the names that are ``key`` followed by a unit word (嵊州 → 嵊州市).

    Found by bisection in the sorted written forms (a file's unknown names
    are each looked up once, never against every name).

    >>> close_names("嵊州"), close_names("北京"), close_names("朝阳")
    (['嵊州市'], ['北京市'], ['朝阳区', '朝阳县', '朝阳市'])
    """
    if not key:
        return []
    forms = _sorted_forms()
    out: list[str] = []
    for form in forms[bisect.bisect_left(forms, key) :]:
        if not form.startswith(key) or len(out) == limit:
            break
        if form[len(key) :] in _UNIT_WORDS:
            out.append(form)
    return out


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
