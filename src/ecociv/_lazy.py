"""numpy, and a façade's names, on first use: ``import ecociv`` stays fast.

The rule kinds decide over columns, so their modules use numpy; importing
numpy costs about 70 ms, which ``import ecociv`` does not pay. Modules write::

    if TYPE_CHECKING:
        import numpy as np
    else:
        from ecociv._lazy import numpy as np

mypy sees numpy itself; at run time ``np.where`` imports numpy on the first
attribute asked for, then costs one attribute lookup more than numpy does.

A façade (``ecociv``, ``ecociv.report``, ``ecociv.standards``,
``ecociv._engine``) imports each public name where it lives on first use
(PEP 562, :func:`facade`), so a program that judges a file and writes CSV
imports neither the HTML and JSON writers nor the standards' version tables.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any


__all__ = ["facade", "numpy"]


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


def facade(
    namespace: dict[str, Any],
    homes: Mapping[str, str],
    modules: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return a façade module's ``__getattr__`` and ``__dir__`` (PEP 562).

    Args:
        namespace: The façade's ``globals()``: a name, once imported, is
            kept there, so the next read is a plain lookup.
        homes: Each public name and the module it lives in.
        modules: The façade's public submodules, imported on first use too.
    """
    package = namespace["__name__"]
    submodules = frozenset(modules)

    def __getattr__(name: str) -> Any:  # noqa: N807  (the module hook's name)
        """Import a public name where it lives, the first time it is asked for."""
        if name in submodules:
            value: Any = importlib.import_module(f"{package}.{name}")
        elif name in homes:
            value = getattr(importlib.import_module(homes[name]), name)
        else:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807  (the module hook's name)
        return sorted({*namespace, *namespace.get("__all__", ()), *submodules})

    return __getattr__, __dir__
