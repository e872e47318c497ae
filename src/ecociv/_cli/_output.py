r"""The one door out of the command line: where output goes, and what it may hold.

Every subcommand writes through :class:`Output`: standard output, or the file
``-o`` names. Text for people (``text``, ``md``, ``html``, ``csv``) loses its
control characters (:func:`clean`, from :mod:`ecociv._controls`): an ANSI
escape in a region name or in the indicator name of a user's TOML file must
not move the cursor, recolour the terminal or hide a line. CSV is written
clean cell by cell, so its text is not passed over again. JSON keeps every
character, but writes the C1 controls and bidirectional overrides as
``\\uXXXX`` escapes (:func:`json_safe`): the same data, harmless on a terminal;
the JSON writer escapes them as it encodes each text.

:func:`guard` puts the same filter on standard output for the length of a
command, so text a subcommand prints directly passes it too.

Writing fails cleanly: a file that cannot be written (missing directory, no
permission, full disk) raises :class:`OutputError` naming the file, and a
partial file is removed; :func:`finish` flushes standard output inside the
command, so a closed pipe or a full disk is met where it can be handled, and
:func:`detach_stdout` points standard output at ``os.devnull`` so that Python's
own flush at exit has nothing left to complain about.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ecociv._controls import clean, json_safe


if TYPE_CHECKING:
    from ecociv.report._write import Writer


__all__ = [
    "Output",
    "OutputError",
    "clean",
    "detach_stdout",
    "finish",
    "guard",
    "json_safe",
    "safe",
    "write_file",
]


def safe(text: str, fmt: str) -> str:
    """Return ``text`` made safe for a terminal: JSON escaped, anything else cleaned."""
    return json_safe(text) if fmt == "json" else clean(text)


class _Filtered:
    """A text stream that passes what is written through :func:`safe` first."""

    def __init__(self, stream: TextIO, fmt: str) -> None:
        self._stream = stream
        self._fmt = fmt

    def write(self, text: str) -> int:
        self._stream.write(safe(text, self._fmt))
        return len(text)

    def write_safe(self, text: str) -> int:
        """Write text already safe for the stream (no second pass over it)."""
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def guard(fmt: str) -> Iterator[None]:
    """Filter standard output through :func:`safe` while the block runs."""
    stream = sys.stdout
    sys.stdout = _Filtered(stream, fmt)
    try:
        yield
    finally:
        sys.stdout = stream


class OutputError(Exception):
    """A file the command was asked to write could not be written.

    Args:
        path: The file.
        reason: Why (the system's words: "No such file or directory" ...).
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")


class Output:
    """Where a command writes its result: standard output, or one file.

    Args:
        path: The file ``-o`` names, or None for standard output.
    """

    def __init__(self, path: str | None = None) -> None:
        self.path = path

    def check(self, fmt: str) -> None:
        """Refuse, before any work, a binary format that would go to a terminal.

        Raises:
            ValueError: When ``fmt`` is bytes (Parquet) and the output is a
                terminal.
        """
        writer = _writer(fmt)
        binary = writer is not None and writer.binary
        if self.path is None and binary and sys.stdout.isatty():
            msg = f"{fmt} is binary: write it to a file (-o FILE, or > FILE)"
            raise ValueError(msg)

    def write(self, text: str | bytes, fmt: str) -> None:
        """Write the whole result, made safe for ``fmt``, ending in a newline.

        Bytes (a Parquet file) are written as they are, to a file or to
        standard output that is not a terminal. The text of a writer that
        makes each distinct text safe as it writes it (CSV, JSON:
        :attr:`ecociv.report.Writer.made_safe`) is written as it is; any other
        is made safe here, once.

        Raises:
            OutputError: When the file cannot be written (it is removed).
            OSError: When standard output cannot be written (a closed pipe).
            ValueError: When bytes would go to a terminal.
        """
        if isinstance(text, bytes):
            self._write_bytes(text, fmt)
            return
        # The newline is written after the text, not joined to it: a
        # national JSON result is 57 MB, and a joined copy some 50 ms.
        end = "" if text.endswith("\n") else "\n"
        writer = _writer(fmt)
        if writer is None or not writer.made_safe:
            text = safe(text, fmt)
        if self.path is not None:
            write_file(self.path, text, end=end)
            return
        stdout = sys.stdout  # under guard(), one that would make it safe again
        write = stdout.write_safe if isinstance(stdout, _Filtered) else stdout.write
        write(text)
        if end:
            write(end)

    def _write_bytes(self, data: bytes, fmt: str) -> None:
        self.check(fmt)
        if self.path is not None:
            write_file(self.path, data)
            return
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


def _writer(fmt: str) -> Writer | None:
    """Return the writer of an output format (None: the text report's own)."""
    from ecociv.report._write import WRITERS  # noqa: PLC0415

    return WRITERS.get(fmt)


def write_file(path: str, text: str | bytes, *, end: str = "") -> None:
    """Write ``text``, then ``end``, to ``path`` (:func:`ecociv.report.write_text`).

    Raises:
        OutputError: When the file cannot be written.
    """
    from ecociv.report._write import write_text  # noqa: PLC0415

    try:
        write_text(path, text, end=end)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from exc


def finish() -> None:
    """Flush standard output now, so a closed pipe or a full disk shows here.

    Raises:
        OSError: What writing the buffered output raised.
    """
    sys.stdout.flush()


def detach_stdout() -> None:
    """Point standard output at ``os.devnull``; what was buffered is dropped.

    After a closed pipe or a full disk, Python's flush at exit would write the
    buffer again and print "Exception ignored ..."; with standard output on
    the null device it writes nothing anywhere. Streams without a file
    descriptor (a test's capture) are left alone.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)
