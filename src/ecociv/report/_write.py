"""The output formats of a report, in one table: what each writes and what it needs.

Adding a format is one row of :data:`WRITERS` (and its renderer); the command
line and :func:`write` read the table.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pathlib
from collections.abc import Callable
from typing import Any

import attrs

from ecociv._engine import Assessment, SideBySide
from ecociv.report._table import Comparison, as_result
from ecociv.standards import Standard


__all__ = ["WRITERS", "Writer", "render", "write", "write_text", "writer_for"]


@attrs.frozen
class Writer:
    """One output format.

    Args:
        name: The format's name (``--format``).
        suffixes: File suffixes that name it.
        needs: The module it needs beyond ecociv (an extra), if any.
        render: Returns the text of a result (an assessment, a comparison,
            a side-by-side judgement), given the standard (for names) and
            the language; a format that cannot hold the result raises
            ValueError.
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
    from ecociv.report import _html as html  # noqa: PLC0415  (jinja2 on first use)

    if isinstance(obj, Comparison):
        return html.comparison_html(obj, lang=lang)
    if isinstance(obj, SideBySide):
        return html.side_by_side_html(obj, lang=lang, fragment=False)
    return html.to_html(obj, standard=standard, lang=lang)


def _markdown(obj: Any, standard: Standard | None, lang: str) -> str:
    from ecociv.report import _html as html  # noqa: PLC0415  (jinja2 on first use)

    if isinstance(obj, Comparison):
        return html.comparison_markdown(obj, lang=lang)
    if isinstance(obj, SideBySide):
        return html.side_by_side_markdown(obj, lang=lang)
    return html.to_markdown(obj, standard=standard, lang=lang)


def _json(obj: Any, standard: Standard | None, lang: str) -> str:
    from ecociv.report._json import dumps  # noqa: PLC0415

    del standard, lang
    return dumps(obj)


def _csv(obj: Any, standard: Standard | None, lang: str) -> str:
    from ecociv.report._csv import to_csv  # noqa: PLC0415

    del standard, lang
    if isinstance(obj, Assessment):
        obj = Comparison.from_assessments([obj])
    if not isinstance(obj, Comparison):
        kind = type(obj).__name__
        msg = f"CSV holds the rows of an assessment or a comparison, not a {kind}"
        raise ValueError(msg)  # noqa: TRY004  (a format that cannot hold it: a bad option)
    return to_csv(obj)


#: Every output format, by name.
WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("html", (".html", ".htm"), "jinja2", _html),
        Writer("md", (".md", ".markdown"), "jinja2", _markdown),
        Writer("json", (".json",), None, _json),
        Writer("csv", (".csv",), None, _csv),
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
    """Return a result as text in format ``fmt`` (a batch result as its table)."""
    writer = writer_for(fmt=fmt)
    writer.check()
    return writer.render(as_result(obj), standard, lang)


def write(
    obj: Any,
    path: str | os.PathLike[str],
    *,
    standard: Standard | None = None,
    lang: str = "zh",
    fmt: str | None = None,
) -> pathlib.Path:
    """Write a result to ``path``, and only there.

    Args:
        obj: What to write: an assessment, a comparison, a batch result (as
            its comparison) or a side-by-side judgement.
        path: The file; its suffix (``.html``, ``.md``, ``.json``, ``.csv``)
            picks the format unless ``fmt`` is given.
        standard: The standard used, for names (see :func:`to_html`).
        lang: ``"zh"`` or ``"en"``.
        fmt: A format name of :data:`WRITERS`.

    Returns:
        The path written.

    Raises:
        ValueError: When the format is unknown, needs a missing extra, or
            cannot hold the result.
        OSError: When the file cannot be written (no partial file is left).
    """
    writer = writer_for(path, fmt)
    writer.check()
    return write_text(path, writer.render(as_result(obj), standard, lang))


def write_text(path: str | os.PathLike[str], text: str) -> pathlib.Path:
    """Write ``text`` to ``path`` as UTF-8; on a failed write, remove the partial file.

    A file that cannot be opened (a missing directory, no permission) is left
    as it was; one that fails while being written (a full disk) is removed,
    so no half-written report is mistaken for a whole one.

    Raises:
        OSError: What opening or writing the file raised.
    """
    out = pathlib.Path(path)
    f = out.open("w", encoding="utf-8", newline="")
    try:
        with f:
            f.write(text)
    except OSError:
        with contextlib.suppress(OSError):
            out.unlink()
        raise
    return out
