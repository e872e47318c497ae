"""The output formats of a report, in one table: what each writes and what it needs.

Adding a format is one row of :data:`WRITERS` (and its renderer); the command
line and :func:`write` read the table.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
from collections.abc import Callable
from typing import Any

import attrs

from ecociv.standards import Standard


__all__ = ["WRITERS", "Writer", "render", "write", "writer_for"]


@attrs.frozen
class Writer:
    """One output format.

    Args:
        name: The format's name (``--format``).
        suffixes: File suffixes that name it.
        needs: The module it needs beyond ecociv (an extra), if any.
        render: Returns the text of an assessment or comparison, given the
            standard (for names) and the language.
    """

    name: str
    suffixes: tuple[str, ...]
    needs: str | None
    render: Callable[[Any, Standard | None, str], str]

    def check(self) -> None:
        """Raise ValueError when the module this format needs is not installed."""
        if self.needs is not None and importlib.util.find_spec(self.needs) is None:
            msg = (
                f"{self.name} reports need {self.needs}: "
                "python3 -m pip install 'ecociv[report]'"
            )
            raise ValueError(msg)


def _html(obj: Any, standard: Standard | None, lang: str) -> str:
    from ecociv.report._html import comparison_html, to_html  # noqa: PLC0415
    from ecociv.report._table import Comparison  # noqa: PLC0415

    if isinstance(obj, Comparison):
        return comparison_html(obj, lang=lang)
    return to_html(obj, standard=standard, lang=lang)


def _markdown(obj: Any, standard: Standard | None, lang: str) -> str:
    from ecociv.report._html import comparison_markdown, to_markdown  # noqa: PLC0415
    from ecociv.report._table import Comparison  # noqa: PLC0415

    if isinstance(obj, Comparison):
        return comparison_markdown(obj, lang=lang)
    return to_markdown(obj, standard=standard, lang=lang)


def _json(obj: Any, standard: Standard | None, lang: str) -> str:
    from ecociv.report._json import dumps  # noqa: PLC0415

    del standard, lang
    return dumps(obj)


#: Every output format, by name.
WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("html", (".html", ".htm"), "jinja2", _html),
        Writer("md", (".md", ".markdown"), "jinja2", _markdown),
        Writer("json", (".json",), None, _json),
    )
}


def writer_for(
    path: str | os.PathLike[str] | None = None, fmt: str | None = None
) -> Writer:
    """Return the format asked for: by name, else by the file's suffix.

    Raises:
        ValueError: When the name or the suffix names no format.
    """
    names = ", ".join(WRITERS)
    if fmt is not None:
        if fmt not in WRITERS:
            raise ValueError(f"unknown report format {fmt!r}; use {names}")
        return WRITERS[fmt]
    if path is None:
        return WRITERS["md"]
    suffix = pathlib.Path(path).suffix.lower()
    for w in WRITERS.values():
        if suffix in w.suffixes:
            return w
    suffixes = ", ".join(s for w in WRITERS.values() for s in w.suffixes)
    raise ValueError(
        f"cannot tell the format from {str(path)!r}; use a {suffixes} file or --format"
    )


def render(
    obj: Any,
    fmt: str = "md",
    *,
    standard: Standard | None = None,
    lang: str = "zh",
) -> str:
    """Return an assessment or comparison as text in format ``fmt``."""
    writer = writer_for(fmt=fmt)
    writer.check()
    return writer.render(obj, standard, lang)


def write(
    obj: Any,
    path: str | os.PathLike[str],
    *,
    standard: Standard | None = None,
    lang: str = "zh",
    fmt: str | None = None,
) -> pathlib.Path:
    """Write an assessment or comparison to ``path``, and only there.

    Args:
        obj: What to write.
        path: The file; its suffix (``.html``, ``.md``, ``.json``) picks the
            format unless ``fmt`` is given.
        standard: The standard used, for names (see :func:`to_html`).
        lang: ``"zh"`` or ``"en"``.
        fmt: A format name of :data:`WRITERS`.

    Returns:
        The path written.

    Raises:
        ValueError: When the format is unknown or needs a missing extra.
    """
    writer = writer_for(path, fmt)
    writer.check()
    out = pathlib.Path(path)
    out.write_text(writer.render(obj, standard, lang), encoding="utf-8")
    return out
