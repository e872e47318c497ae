"""What is worked out once per object while it lives: a cache keyed by identity.

Standards, catalogs and rules are frozen, so what is derived from one (a
rule's nested rules, a catalog's reading catalog, a standard's kinds checked)
holds as long as the object lives. They are large, and hashing or comparing
them would cost more than the work saved, so the cache keys them by identity.
It holds a weak reference to each key: an entry goes as its key is freed
(before the key's id can be reused), so what it held is freed too, unless
the value refers to the key itself. It also starts afresh past a bound, so
a service loading standards for ever holds no more than ``limit`` entries.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar


__all__ = ["ByIdentity"]

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
