"""A data file's bytes (within the size limit), text (UTF-8 or GB18030), rows."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import mmap
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ecociv import limits
from ecociv.errors import DataError, DataProblem


__all__ = [
    "BOM",
    "UTF16",
    "csv_limit",
    "csv_rows",
    "decode",
    "mapped",
    "read_bytes",
    "text_unless_utf8",
    "utf8_encoding",
]

#: The byte order mark Excel writes before a "CSV UTF-8" file.
BOM = b"\xef\xbb\xbf"
#: The byte order marks of UTF-16 text (refused).
UTF16 = (b"\xff\xfe", b"\xfe\xff")


@contextlib.contextmanager
def mapped(path: Path, name: str) -> Iterator[mmap.mmap | bytes]:
    """Yield the file's bytes where they lie (a read-only map), within the size limit.

    No copy of the file is made in memory: a reader that only cuts the bytes
    into cells (Arrow's) reads them from the page cache. A file that cannot
    be mapped (an empty one, a special file) is read as :func:`read_bytes`
    reads it. The map is closed when the block ends (by its last view, if
    one is still held).
    """
    read_bytes(path, name, keep=False)  # the size limit, a directory
    try:
        with path.open("rb") as fh:
            view = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        yield read_bytes(path, name)
        return
    try:
        yield view
    finally:
        with contextlib.suppress(BufferError):  # a view still held closes it later
            view.close()


def read_bytes(path: Path, name: str, *, keep: bool = True) -> bytes:
    """Return the file's bytes, refusing a file over ``ecociv.limits.max_file_bytes``.

    With ``keep=False`` only the size is checked (for readers that open the
    file themselves), and nothing is read.
    """
    cap = limits.max_file_bytes
    try:
        if not keep:
            size = path.stat().st_size
            if path.is_dir():
                raise IsADirectoryError(21, "Is a directory")
            data = b""
        else:
            with path.open("rb") as fh:
                data = fh.read() if cap is None else _read_at_most(fh, cap + 1)
            size = len(data)
    except OSError as exc:
        raise DataError(
            [DataProblem(f"cannot read the file: {exc.strerror or exc}", name)]
        ) from None
    if cap is not None and size > cap:
        msg = limits.exceeded("max_file_bytes", cap, f"the file is over {cap:,} bytes")
        raise DataError([DataProblem(msg, name)])
    return data


def _read_at_most(fh: BinaryIO, most: int) -> bytes:
    """Return a file's bytes, at most ``most`` of them.

    A read of ``most`` bytes allocates that much at once (the size limit,
    for a file of a few kilobytes): the file's own size is asked for first,
    and only a file that turns out longer (one still being written, a
    special file that says 0) is read on to ``most``.
    """
    first = min(most, os.fstat(fh.fileno()).st_size + 1)
    data = fh.read(first)
    if len(data) == first < most:  # longer than it said
        data += fh.read(most - first)
    return data


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return the text of a file's bytes and the encoding it was decoded with.

    UTF-8 (with or without a BOM) first, GB18030 only when UTF-8 fails: each
    decoded once.

    Raises:
        DataError: The bytes are UTF-16, or neither UTF-8 nor GB18030.
    """
    _refuse_utf16(data, name)
    try:
        return data.decode("utf-8-sig"), utf8_encoding(data)
    except UnicodeDecodeError as exc:
        # The offset counts from after a BOM: name the byte where it is.
        bad = exc.start + (len(BOM) if data.startswith(BOM) else 0)
    return _gb18030(data, name, bad), "gb18030"


def text_unless_utf8(data: bytes, name: str) -> tuple[str | None, str]:
    """Return the encoding of a file's bytes, and their text unless it is UTF-8.

    As :func:`decode`, but UTF-8 is checked a slice at a time and its text
    is never made (up to four times the file's size), for a reader that
    takes UTF-8 bytes; GB18030 text is decoded once and returned.

    Raises:
        DataError: The bytes are UTF-16, or neither UTF-8 nor GB18030.
    """
    _refuse_utf16(data, name)
    bad = _not_utf8(data)
    if bad is None:
        return None, utf8_encoding(data)
    return _gb18030(data, name, bad), "gb18030"


def utf8_encoding(data: bytes | mmap.mmap) -> str:
    """Return the name of the UTF-8 encoding of these bytes (with a BOM or not)."""
    return "utf-8-sig" if data[: len(BOM)] == BOM else "utf-8"


def _refuse_utf16(data: bytes, name: str) -> None:
    if data.startswith(UTF16):
        raise DataError(
            [
                DataProblem(
                    "the file is UTF-16 text; save it as CSV UTF-8 "
                    "(accepted: UTF-8, UTF-8 with BOM, GBK/GB18030)",
                    name,
                )
            ]
        )


def _gb18030(data: bytes, name: str, bad: int) -> str:
    """Return bytes that are not UTF-8 (first bad byte at ``bad``) as GB18030 text."""
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DataError(
            [
                DataProblem(
                    f"the file is neither UTF-8 nor GBK/GB18030 text (byte "
                    f"{data[bad]:#04x} at offset {bad} is not "
                    "UTF-8) (accepted: UTF-8, UTF-8 with BOM, GBK/GB18030)",
                    name,
                )
            ]
        ) from None


def _not_utf8(data: bytes, step: int = 1 << 22) -> int | None:
    """Return the offset of the first byte that is not UTF-8, or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    # A slice is decoded after what the decoder held back from the one
    # before (an unfinished character): an error's offset counts from there.
    base = 0
    try:
        for at in range(0, len(data), step):
            base = at - len(decoder.getstate()[0])
            decoder.decode(view[at : at + step])
        base = len(data) - len(decoder.getstate()[0])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return base + exc.start
    return None


def csv_limit() -> int:
    """Return the longest cell a CSV file may hold (Python's csv field limit)."""
    return csv.field_size_limit()


def csv_rows(text: str, name: str) -> Iterator[list[str]]:
    """Yield the CSV rows of a text as they are read; rows end only at CSV line ends."""
    n = 0
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            n += 1
            yield row
    except csv.Error as exc:
        raise DataError(
            [DataProblem(f"not a readable CSV file: {exc}", name, n + 1)]
        ) from None
