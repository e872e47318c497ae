"""A column of texts that only an explanation reads: codes into the distinct texts.

What the source wrote (``35μg/m3``, ``建立``) and where a value comes from
are read one entry at a time, when a verdict is explained; a national table
holds few distinct ones. Held as an int32 code per entry into a tuple of
the distinct texts, a column is gathered and grouped as numbers are, with no
Python object per entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, overload

import attrs


if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ecociv._arrays import Int32s as Codes
else:
    from ecociv._lazy import numpy as np


__all__ = ["Texts"]


@attrs.frozen(eq=False)
class Texts:
    """A column of texts or None, one per entry, dictionary-encoded.

    Attributes:
        texts: The texts the entries hold (None may be one of them).
        codes: Each entry's position in ``texts``; -1 is None.

    >>> t = Texts.of(["35 mg/m3", None, "35 mg/m3"])
    >>> t[0], t[1], len(t), t.texts
    ('35 mg/m3', None, 3, ('35 mg/m3',))
    >>> list(t[np.array([2, 1])])
    ['35 mg/m3', None]
    """

    texts: tuple[str | None, ...]
    codes: Codes

    @classmethod
    def of(cls, values: Iterable[str | None]) -> Texts:
        """Encode texts (None: no text) in order of first appearance."""
        seen: dict[str, int] = {}
        codes = [-1 if v is None else seen.setdefault(v, len(seen)) for v in values]
        return cls(tuple(seen), np.array(codes, dtype=np.int32))

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, k: int | np.integer[Any]) -> str | None: ...
    @overload
    def __getitem__(self, k: npt.NDArray[Any] | slice) -> Texts: ...
    def __getitem__(self, k: Any) -> str | Texts | None:
        """Return entry ``k``'s text, or the entries an index, mask or slice picks."""
        if isinstance(k, int | np.integer):
            code = int(self.codes[k])
            return None if code < 0 else self.texts[code]
        return Texts(self.texts, self.codes[k])

    def __iter__(self) -> Iterator[str | None]:
        texts = (*self.texts, None)  # code -1: the None appended
        return (texts[c] for c in self.codes.tolist())
