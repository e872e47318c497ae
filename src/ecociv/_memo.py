"""What is worked out once per object while it lives: a cache keyed by identity.

Standards, catalogs and rules are frozen, so what is derived from one (a
rule's nested rules, a catalog's reading catalog, a standard's kinds checked)
holds as long as the object lives. They are large, and hashing or comparing
them would cost more than the work saved, so the cache keys them by identity.
It holds a weak reference to each key: an entry goes as its key is freed
(before the key's id can be reused), so what it held is freed too, unless
the value refers to the key itself. It also starts afresh past a bound, so
a service loading standards for ever holds no more than ``limit`` entries.

Objects that cannot be weakly referenced (a tuple of the regions judged) have
:class:`Last`: one entry, the key last asked for, held until another replaces
it, so its identity is not reused while it is kept.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar


__all__ = ["ByIdentity", "Last"]

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """Values made by ``make`` once per live key, found by the key's identity.

    >>> class Rule: ...
    >>> made = []
    >>> walks = ByIdentity(lambda r: made.append(r) or len(made), limit=8)
    >>> r = Rule()
    >>> walks(r), walks(r), len(made)
    (1, 1, 1)
    """

    def __init__(self, make: Callable[[K], V], *, limit: int) -> None:
        self._make, self._limit = make, limit
        self._seen: dict[int, tuple[weakref.ReferenceType[K], V]] = {}

    def __call__(self, key: K) -> V:
        """Return the value of ``key``, made now if this key has none yet."""
        seen = self._seen.get(id(key))
        if seen is not None and seen[0]() is key:
            return seen[1]
        value = self._make(key)
        if len(self._seen) >= self._limit:
            self._seen.clear()
        self._seen[id(key)] = (weakref.ref(key, self._gone(id(key))), value)
        return value

    def _gone(self, ident: int) -> Callable[[weakref.ReferenceType[K]], None]:
        """Return what drops a key's entry as the key is freed, before its id is."""

        def drop(ref: weakref.ReferenceType[K]) -> None:
            seen = self._seen.get(ident)
            if seen is not None and seen[0] is ref:
                del self._seen[ident]

        return drop


class Last(Generic[K, V]):
    """The value made for the key last asked for, found by the key's identity.

    One entry, replaced whole (safe across threads: a thread reads an old
    entry or a new one, never half of one). It holds its key, so the key's
    identity is not reused while the entry is kept. For what a caller asks
    of the same object run after run (the regions ``assess_many`` judges over
    one table, a service's), and whose key is costly to hash or compare.
    Keys must not change while kept (tuples, frozen objects).

    It holds no function: each call passes what makes the value, so an
    object may keep one for itself (a table its slots) without referring to
    itself, which would leave it to the cyclic collector.

    >>> made = []
    >>> def count(regions):
    ...     made.append(regions)
    ...     return len(made)
    >>> codes = Last()
    >>> regions = ("330683", "330602")
    >>> codes(regions, count), codes(regions, count), len(made)
    (1, 1, 1)
    >>> codes(tuple(c for c in regions), count), len(made)  # equal, not the same
    (2, 2)
    """

    def __init__(self) -> None:
        self._last: tuple[K, V] | None = None

    def __call__(self, key: K, make: Callable[[K], V]) -> V:
        """Return the value of ``key``: ``make(key)``, unless it was the last key."""
        last = self._last
        if last is not None and last[0] is key:
            return last[1]
        value = make(key)
        self._last = key, value
        return value
