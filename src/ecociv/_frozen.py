"""An immutable mapping that pickles, deep-copies and hashes.

``types.MappingProxyType`` is read-only but cannot be pickled, and values
that services move between processes (a trend policy, an indicator catalog, a
region's overrides) must survive ``pickle`` and ``copy.deepcopy``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar


__all__ = ["FrozenMap"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only dict: equal to any mapping with the same items, hashable.

    >>> m = FrozenMap({"a": 1})
    >>> m["a"], m == {"a": 1}, len({m: 0})
    (1, True, 1)
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value of ``key``, or ``default`` (the dict's own look-up)."""
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))
