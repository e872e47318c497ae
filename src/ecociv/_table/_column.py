"""One indicator in one year over the regions judged: a column cut from a table."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

import attrs

from ecociv._observation import Observation


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Bools, Floats, Ints
    from ecociv._table import Table
else:
    from ecociv._lazy import numpy as np


__all__ = ["Column"]


#: Each field's value where a region has no observation.
_ABSENT = {
    "value": math.nan,
    "applicable": True,
    "boolean": False,
    "target": math.nan,
    "reference": math.nan,
    "named": -1,
}


@attrs.frozen(eq=False)
class Column:
    """One indicator in one year, over a list of regions (one slot per region).

    ``entry`` is the position of each slot's observation in the table, -1
    when the region has none; every other field is cut from the table on
    first use, with the field's "no observation" value where ``entry`` is -1
    (NaN values, applicable, not a yes/no, no state named). When the slots
    are exactly one group of the table (``window``, the group's bounds in
    :attr:`Table.order`: every region judged has an entry, in the table's
    order of regions), each field is the table's stretch of that group
    (:meth:`Table.stretch`), cut once per table.
    """

    table: Table
    indicator: str
    year: int
    entry: Ints
    window: tuple[int, int] | None = None
    _read: set[str] = attrs.field(init=False, factory=set)

    @property
    def fields_read(self) -> frozenset[str]:
        """Return the fields cut so far (``"target"`` once a rule read the targets)."""
        return frozenset(self._read)

    def entries(self) -> Ints:
        """Return the table entries the column holds."""
        if self.window is not None:
            return self.entry
        return self.entry[self.entry >= 0]

    def _cut(self, field: str) -> npt.NDArray[Any]:
        self._read.add(field)
        if self.window is not None:
            return self.table.stretch(field, *self.window)
        arr: npt.NDArray[Any] = getattr(self.table, field)
        if not len(self.table):
            return np.full(len(self.entry), _ABSENT[field])
        return np.where(self.present, arr[self.entry], _ABSENT[field])

    @functools.cached_property
    def present(self) -> Bools:
        """Return where the region has an observation."""
        return self.entry >= 0

    @functools.cached_property
    def value(self) -> Floats:
        """Return the values (NaN: missing or not applicable)."""
        return self._cut("value")

    @functools.cached_property
    def applicable(self) -> Bools:
        """Return False where the source says 不涉及."""
        return self._cut("applicable")

    @functools.cached_property
    def boolean(self) -> Bools:
        """Return where the value is a yes/no state."""
        return self._cut("boolean")

    @functools.cached_property
    def target(self) -> Floats:
        """Return the assigned targets (NaN: none)."""
        return self._cut("target")

    @functools.cached_property
    def reference(self) -> Floats:
        """Return the reference values (NaN: none)."""
        return self._cut("reference")

    @functools.cached_property
    def named(self) -> npt.NDArray[np.int8]:
        """Return the codes of the fact states named (-1: none)."""
        return self._cut("named")

    def usable(self, fact: bool) -> Bools:
        """Return where a value of the right kind is there and applies.

        ``fact`` says the indicator is a yes/no state: a number for a fact, or
        yes/no for a quantity, is not usable; nor is 不涉及 or a missing value.
        """
        found = self._usable.get(fact)
        if found is None:
            if self.window is not None:
                name = "usable fact" if fact else "usable"
                found = self.table.stretch(name, *self.window)
            elif len(self.table):
                found = self.present & self.table.usable(fact)[self.entry]
            else:
                found = np.zeros(len(self.entry), dtype=bool)
            self._usable[fact] = found
        return found

    @functools.cached_property
    def _usable(self) -> dict[bool, Bools]:
        return {}

    def observation(self, r: int) -> Observation | None:
        """Return the observation in slot ``r``, if any."""
        k = int(self.entry[r])
        return None if k < 0 else self.table.observation(k)
