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

from ecociv._engine import Assessment
from ecociv._progress import Progress
from ecociv.batch import BatchResult, PartitionedResult
from ecociv.report._table import Comparison, as_result
from ecociv.standards import Standard


__all__ = ["WRITERS", "Writer", "render", "write", "write_text", "writer_for"]


@attrs.frozen
class Writer:
    """One output format.

    Args:
        name: The format's name (``--format``).
        suffixes: File suffixes that name it.
        needs: The module it needs beyond ecociv, if any.
        render: Returns the text (or, for a binary format, the bytes) of a
            result (an assessment, a comparison, a batch result, a
            side-by-side judgement), given the standard (for names), the
            language and a progress callback (``"write"``: rows); a format
            that cannot hold the result raises ValueError.
        extra: The extra of ecociv that installs ``needs``.
        binary: The format is bytes, not text.
        made_safe: The text is safe on a terminal as written (CSV cells
            cleaned, JSON strings escaped, each distinct text as it is
            written: :mod:`ecociv._controls`): the command line writes it
            without a pass over the whole text.
    """

    name: str
    suffixes: tuple[str, ...]
    needs: str | None
    render: Callable[[Any, Standard | None, str, Progress | None], str | bytes]
    extra: str = "report"
    binary: bool = False
    made_safe: bool = False

    def check(self) -> None:
        """Raise ValueError when the module this format needs is not installed."""
        if self.needs is not None and importlib.util.find_spec(self.needs) is None:
            msg = (
                f"{self.name} reports need {self.needs}: "
                f"python3 -m pip install 'ecociv[{self.extra}]'"
            )
            raise ValueError(msg)


def _whole(obj: Any, fmt: str) -> Any:
    """Return ``obj`` if a document format has a form of it.

    Raises:
        ValueError: For the gathered result of
            :func:`~ecociv.batch.assess_partitioned`, which holds rows only.
    """
    if isinstance(obj, PartitionedResult):
        msg = (
            f"{fmt} has no form of a result gathered from {len(obj.files)} files: "
            "write its rows as CSV or Parquet"
        )
        raise ValueError(msg)  # noqa: TRY004  (a format that cannot hold it: a bad option)
    return obj


def _html(
    obj: Any, standard: Standard | None, lang: str, progress: Progress | None
) -> str:
    from ecociv._engine import SideBySide  # noqa: PLC0415  (on first use)
    from ecociv.report import _html as html  # noqa: PLC0415  (jinja2 on first use)

    del progress
    obj = as_result(_whole(obj, "HTML"))
    if isinstance(obj, Comparison):
        return html.comparison_html(obj, lang=lang)
    if isinstance(obj, SideBySide):
        return html.side_by_side_html(obj, lang=lang, fragment=False)
    return html.to_html(obj, standard=standard, lang=lang)


def _markdown(
    obj: Any, standard: Standard | None, lang: str, progress: Progress | None
) -> str:
    from ecociv._engine import SideBySide  # noqa: PLC0415  (on first use)
    from ecociv.report import _html as html  # noqa: PLC0415  (jinja2 on first use)

    del progress
    obj = as_result(_whole(obj, "Markdown"))
    if isinstance(obj, Comparison):
        return html.comparison_markdown(obj, lang=lang)
    if isinstance(obj, SideBySide):
        return html.side_by_side_markdown(obj, lang=lang)
    return html.to_markdown(obj, standard=standard, lang=lang)


def _json(
    obj: Any, standard: Standard | None, lang: str, progress: Progress | None
) -> str:
    from ecociv.report._json import dumps  # noqa: PLC0415

    del standard, lang
    return dumps(_whole(obj, "JSON"), progress=progress)


def _rows(obj: Any, fmt: str) -> Any:
    """Return ``obj`` if it holds rows (a comparison, batch result, assessment).

    The gathered result of :func:`~ecociv.batch.assess_partitioned` holds
    rows too (CSV and Parquet hold rows only; the other formats a document
    it has no form of).

    Raises:
        ValueError: For a result that holds none (a side-by-side judgement).
    """
    if not isinstance(obj, Assessment | Comparison | BatchResult | PartitionedResult):
        kind = type(obj).__name__
        msg = f"{fmt} holds the rows of an assessment or a comparison, not a {kind}"
        raise ValueError(msg)  # noqa: TRY004  (a format that cannot hold it: a bad option)
    return obj


def _csv(
    obj: Any, standard: Standard | None, lang: str, progress: Progress | None
) -> str:
    from ecociv.report._csv import to_csv  # noqa: PLC0415

    del standard, lang
    return to_csv(_rows(obj, "CSV"), progress)


def _parquet(
    obj: Any, standard: Standard | None, lang: str, progress: Progress | None
) -> bytes:
    from ecociv.report._parquet import to_parquet  # noqa: PLC0415  (pyarrow)

    del standard, lang
    return to_parquet(_rows(obj, "Parquet"), progress)


#: Every output format, by name.
WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("html", (".html", ".htm"), "jinja2", _html),
        Writer("md", (".md", ".markdown"), "jinja2", _markdown),
        Writer("json", (".json",), None, _json, made_safe=True),
        Writer("csv", (".csv",), None, _csv, made_safe=True),
        Writer("parquet", (".parquet",), "pyarrow", _parquet, "dataframe", binary=True),
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
    progress: Progress | None = None,
) -> str | bytes:
    """Return a result in format ``fmt`` (a batch result as its table).

    Text, or bytes for a binary format (``parquet``). ``progress`` hears
    ``("write", rows written, rows)`` from the formats that write rows.
    """
    writer = writer_for(fmt=fmt)
    writer.check()
    return writer.render(obj, standard, lang, progress)


def write(  # noqa: PLR0913  (keyword-only options)
    obj: Any,
    path: str | os.PathLike[str],
    *,
    standard: Standard | None = None,
    lang: str = "zh",
    fmt: str | None = None,
    progress: Progress | None = None,
) -> pathlib.Path:
    """Write a result to ``path``, and only there.

    Args:
        obj: What to write: an assessment, a comparison, a batch result (as
            its comparison) or a side-by-side judgement.
        path: The file; its suffix (``.html``, ``.md``, ``.json``, ``.csv``,
            ``.parquet``) picks the format unless ``fmt`` is given.
        standard: The standard used, for names (see :func:`to_html`).
        lang: ``"zh"`` or ``"en"``.
        fmt: A format name of :data:`WRITERS`.
        progress: Hears ``("write", rows written, rows)`` (see :func:`render`).

    Returns:
        The path written.

    Raises:
        ValueError: When the format is unknown, needs a missing extra, or
            cannot hold the result.
        OSError: When the file cannot be written (no partial file is left).
    """
    writer = writer_for(path, fmt)
    writer.check()
    return write_text(path, writer.render(obj, standard, lang, progress))


def write_text(
    path: str | os.PathLike[str], text: str | bytes, *, end: str = ""
) -> pathlib.Path:
    """Write ``text`` (as UTF-8) or bytes to ``path``; on a failed write, remove it.

    ``end``, for text, is written after it (a final newline, without a copy
    of the text joined to it).

    A file that cannot be opened (a missing directory, no permission) is left
    as it was; one that fails while being written (a full disk) is removed,
    so no half-written report is mistaken for a whole one.

    Raises:
        OSError: What opening or writing the file raised.
    """
    out = pathlib.Path(path)
    if isinstance(text, bytes):
        f: Any = out.open("wb")
    else:
        f = out.open("w", encoding="utf-8", newline="")
    try:
        with f:
            f.write(text)
            if end:
                f.write(end)
    except OSError:
        with contextlib.suppress(OSError):
            out.unlink()
        raise
    return out
