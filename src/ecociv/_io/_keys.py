"""The key cells of a row: a region (code or name) and an indicator (name, unit).

What a region cell or an indicator cell can say, read once per distinct text
by :mod:`ecociv._io._read`: six digits are a region code, anything else a
name found as :meth:`ecociv.Region.find` finds it; an indicator is named by
its id, its Chinese name or a yearbook heading with the unit in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecociv._indicator import Indicator, IndicatorCatalog
from ecociv._region import Region, UnitChange, find_region, is_known, known_codes
from ecociv.errors import EcocivError, UnknownRegionError, excerpt
from ecociv.units import canonical_unit


__all__ = [
    "YEAR",
    "change_note",
    "floated",
    "indicator_of",
    "region_of",
    "regions_of",
]

#: A region code: six digits.
REGION = re.compile(r"^\d{6}$")
#: A year, as a header name (wide form) or a year cell: four digits.
YEAR = re.compile(r"^\d{4}$")
#: A key written as a whole float (``2024.0``, ``330683.0``): what pandas makes
#: of a column of years or codes with a gap, typed or written out.
_FLOATED = re.compile(r"\d+\.0+")


def floated(text: str) -> str:
    """Return how to mend a year or code cell written as a whole float, or "".

    >>> floated("2024.0")[:40], floated("2024")
    (' (a float: give years and codes as whole', '')
    """
    if not _FLOATED.fullmatch(text):
        return ""
    return (
        " (a float: give years and codes as whole numbers or text; a DataFrame "
        "column with a gap is float: read it with dtype=str, or "
        "df[column].astype('Int64'))"
    )


def region_of(text: str) -> tuple[str | None, str | None, UnitChange | None]:
    """Return a region cell's code, or why it names no region, and any rename.

    Six digits are a code: one of the NBS table as written; the old code of
    a renamed or merged unit (522200, 铜仁地区) as its name is read (the
    successor's code, and the change); any other as written (an unknown
    code is set aside and warned of when judged). Other digits are a
    malformed code. Anything else is a name, found as
    :meth:`ecociv.Region.find` finds it: a name, or one qualified by
    province and prefecture; an ambiguous name lists its candidates.
    """
    if REGION.match(text):
        if is_known(text):
            return text, None, None
        try:
            region, change = find_region(text)
        except UnknownRegionError:
            return text, None, None
        return region.code, None, change
    if not text.strip() or (text.isascii() and any(c.isdigit() for c in text)):
        return None, f"region code {excerpt(text)} is not 6 digits{floated(text)}", None
    try:
        region, change = find_region(text)
    except UnknownRegionError as exc:
        return None, str(exc), None
    return region.code, None, change


def regions_of(
    texts: Iterable[str],
) -> list[tuple[str | None, str | None, UnitChange | None]]:
    """Return :func:`region_of` of each text; a code of the NBS table found at once.

    A national file's region cells are thousands of known codes: each is
    itself (what :func:`region_of` returns for it), found by one look-up.
    """
    known = known_codes()
    return [(t, None, None) if t in known else region_of(t) for t in texts]


#: A name followed by a unit in brackets: ``PM2.5浓度(μg/m³)``, ``森林覆盖率（%）``.
BRACKETED = re.compile(r"^(?P<name>.+?)\s*[(（]\s*(?P<unit>[^()（）]+?)\s*[)）]$")


def indicator_of(
    catalog: IndicatorCatalog, text: str
) -> tuple[Indicator | None, str | None, str | None]:
    """Return the indicator a name cell names, the unit it carries, or why not.

    The whole text is tried first (生态质量指数(EQI) is a name); then a name
    followed by a unit in brackets, as yearbooks head their columns
    (PM2.5浓度(μg/m³)): the unit is kept only if it is one (a bracket that
    names no unit leaves the name unknown).
    """
    try:
        return catalog.find(text), None, None
    except (EcocivError, ValueError) as exc:
        why = str(exc)
    m = BRACKETED.match(text)
    if m is None:
        return None, None, why
    try:
        ind = catalog.find(m["name"])
        canonical_unit(m["unit"], indicator_id=ind.id)
    except (EcocivError, ValueError):
        return None, None, why
    return ind, m["unit"], None


def change_note(change: UnitChange, before: bool) -> str:
    """Say how rows naming a renamed or merged unit were read."""
    successor = Region.from_code(change.successor).name
    what = change.describe(successor)
    if before:
        return (
            f"rows for {change.name} from before {change.year} keep its own code "
            f"{change.code} ({what}): they describe {change.name}, not {successor}, "
            "and are set aside"
        )
    return (
        f"rows for {change.name} are read as {successor} ({change.successor}): {what}"
    )
