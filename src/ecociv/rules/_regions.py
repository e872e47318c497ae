"""What the engine reads of a tuple of regions, found once for it.

A batch judges one tuple of regions (its caller keeps it) for every
requirement, year and call: their codes, and their kinds (regions that differ
only in identity, :attr:`ecociv.Region.traits`), are found for the last tuple
seen and kept with it. Regions are immutable, so a tuple's record never goes
stale; only the last tuple is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ecociv._region import Region


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
else:
    from ecociv._lazy import numpy as np


__all__ = ["codes_of", "kinds_of"]


@attrs.frozen(eq=False)
class _Seen:
    """What the engine reads of a tuple of regions, found once for it."""

    regions: tuple[Region, ...]
    codes: tuple[str, ...]
    kinds: tuple[Ints, tuple[Region, ...]]


#: The record of the last tuple of regions judged.
_LAST_SEEN: list[_Seen] = []


def _seen(regions: tuple[Region, ...]) -> _Seen:
    last = _LAST_SEEN[:1]
    if last and last[0].regions is regions:
        return last[0]
    traits = np.array([r.traits for r in regions], dtype=np.int64)
    _, first, group = np.unique(traits, return_index=True, return_inverse=True)
    group = group.ravel()
    group.flags.writeable = False  # shared by every run of these regions
    seen = _Seen(
        regions,
        tuple(r.code for r in regions),
        (group, tuple(regions[int(k)] for k in first)),
    )
    _LAST_SEEN[:] = [seen]
    return seen


def codes_of(regions: tuple[Region, ...]) -> tuple[str, ...]:
    """Return the regions' codes (found once per tuple of regions)."""
    return _seen(regions).codes


def kinds_of(regions: tuple[Region, ...]) -> tuple[Ints, tuple[Region, ...]]:
    """Group the regions that differ only in identity (see :attr:`Region.traits`).

    Returns each region's group and one region per group: a rule that looks
    at a region's class, kind or terrain decides once per group, and the
    engine reads each region's level from its group. Found once per tuple
    of regions (they are immutable), however many runs judge it.
    """
    return _seen(regions).kinds
