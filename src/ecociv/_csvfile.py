"""Reading a data file: bytes to text (UTF-8, else GB18030) to CSV rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ecociv import limits
from ecociv.errors import DataError, DataProblem


__all__ = ["csv_rows", "read_text"]


def read_text(path: Path, name: str) -> tuple[str, str]:
    """Return the file's text and the encoding it was decoded with."""
    cap = limits.max_file_bytes
    try:
        with path.open("rb") as fh:
            data = fh.read() if cap is None else fh.read(cap + 1)
    except OSError as exc:
        raise DataError(
            [DataProblem(f"cannot read the file: {exc.strerror or exc}", name)]
        ) from None
    if cap is not None and len(data) > cap:
        msg = limits.exceeded("max_file_bytes", cap, f"the file is over {cap:,} bytes")
        raise DataError([DataProblem(msg, name)])
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


def csv_rows(text: str, name: str) -> list[list[str]]:
    cap = limits.max_rows
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
            if cap is not None and len(rows) > cap + 1:
                msg = limits.exceeded("max_rows", cap, f"more than {cap:,} data rows")
                raise DataError([DataProblem(msg, name)])
    except csv.Error as exc:
        raise DataError(
            [DataProblem(f"not a readable CSV file: {exc}", name, len(rows) + 1)]
        ) from None
    return rows
