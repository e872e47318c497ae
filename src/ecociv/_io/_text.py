"""A data file's bytes (within the size limit), text (UTF-8 or GB18030), rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ecociv import limits
from ecociv.errors import DataError, DataProblem


__all__ = ["csv_limit", "csv_rows", "decode", "read_bytes"]


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
                data = fh.read() if cap is None else fh.read(cap + 1)
            size = len(data)
    except OSError as exc:
        raise DataError(
            [DataProblem(f"cannot read the file: {exc.strerror or exc}", name)]
        ) from None
    if cap is not None and size > cap:
        msg = limits.exceeded("max_file_bytes", cap, f"the file is over {cap:,} bytes")
        raise DataError([DataProblem(msg, name)])
    return data


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return the text of a file's bytes and the encoding it was decoded with."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            [
                DataProblem(
                    "the file is UTF-16 text; save it as CSV UTF-8 "
                    "(accepted: UTF-8, UTF-8 with BOM, GBK/GB18030)",
                    name,
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise DataError(
                [
                    DataProblem(
                        f"the file is neither UTF-8 nor GBK/GB18030 text (byte "
                        f"{data[utf8.start]:#04x} at offset {utf8.start} is not "
                        "UTF-8) (accepted: UTF-8, UTF-8 with BOM, GBK/GB18030)",
                        name,
                    )
                ]
            ) from None
    return text, ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")


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
