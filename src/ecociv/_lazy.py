"""numpy on first use: ``import ecociv`` stays fast, the engine stays columnar.

The rule kinds decide over columns, so their modules use numpy; importing
numpy costs about 70 ms, which ``import ecociv`` does not pay. Modules write::

    if TYPE_CHECKING:
        import numpy as np
    else:
        from ecociv._lazy import numpy as np

mypy sees numpy itself; at run time ``np.where`` imports numpy on the first
attribute asked for, then costs one attribute lookup more than numpy does.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


__all__ = ["numpy"]


class _Module:
    """A stand-in for a module, imported when one of its attributes is read.

    Each attribute read is kept on the stand-in, so the next read of
    ``np.where`` is a plain attribute lookup.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        value = getattr(module, attr)
        self.__dict__[attr] = value
        return value

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<lazy module {self._name!r}, {state}>"


numpy: Any = _Module("numpy")
