"""The input account and the warnings in words: one home for every report and the CLI.

Every result carries what became of its data (:class:`~ecociv.InputAccount`:
rows read, used, set aside by reason with the first row numbers) and what
its reader must know (warnings: the region asked for has no rows, a target
given that no requirement reads ...). The text report, the HTML and Markdown
reports and the command line say them with these functions, in Chinese or
English.

>>> from ecociv._account import InputAccount, SetAside, SetAsideReason
>>> acc = InputAccount(9, 6, (SetAside(SetAsideReason.OTHER_YEAR, 3, (7, 8, 9)),))
>>> account_lines(acc, "en")
['data: 9 rows read, 6 used', 'set aside, years not used: 3 (rows 7, 8, 9)']
>>> account_lines(acc, "zh")
['数据: 读取 9 行, 使用 6 行', '未使用, 未使用的年份: 3 行 (第 7, 8, 9 行)']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecociv._account import FIRST_ROWS, InputAccount, SetAside
from ecociv.errors import DataProblem


__all__ = ["ACCOUNT_WORDS", "account_lines", "account_view", "warning_lines"]

#: Headings of the account and the warnings, per language.
ACCOUNT_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "account": "数据使用情况",
        "warnings": "注意",
        "reason": "未使用的原因",
        "count": "行数",
        "first": "首先几行",
    },
    "en": {
        "account": "Data used",
        "warnings": "Warnings",
        "reason": "Set aside because",
        "count": "Rows",
        "first": "First rows",
    },
}


def _rows(s: SetAside, lang: str) -> str:
    if not s.rows:
        return ""
    more = ", …" if len(s.rows) == FIRST_ROWS and s.count > FIRST_ROWS else ""
    shown = ", ".join(map(str, s.rows)) + more
    if lang == "zh":
        return f"第 {shown} 行"
    return f"{'row' if s.count == 1 else 'rows'} {shown}"


def _head(account: InputAccount, lang: str) -> str:
    if lang == "zh":
        where = f" (来自 {account.file})" if account.file else ""
        return f"数据: 读取 {account.read:,} 行, 使用 {account.used:,} 行{where}"
    where = f" from {account.file}" if account.file else ""
    return f"data: {account.read:,} rows read, {account.used:,} used{where}"


def _aside(s: SetAside, lang: str) -> str:
    rows = _rows(s, lang)
    if lang == "zh":
        return f"未使用, {s.reason.label_zh}: {s.count:,} 行" + (
            f" ({rows})" if rows else ""
        )
    return f"set aside, {s.reason.label}: {s.count:,}" + (f" ({rows})" if rows else "")


def account_lines(account: InputAccount | None, lang: str = "zh") -> list[str]:
    """Return the account as lines: rows read and used, then one line per reason.

    An assessment built by hand from observations has no account: no lines.
    """
    if account is None:
        return []
    return [_head(account, lang), *(_aside(s, lang) for s in account.set_aside)]


def warning_lines(warnings: Iterable[DataProblem]) -> list[str]:
    """Return each warning as one line (where it applies, then what)."""
    return [str(w) for w in warnings]


def account_view(
    account: InputAccount | None, warnings: Iterable[DataProblem], lang: str
) -> dict[str, Any]:
    """Return what a report shows of the data: the account's rows and the warnings."""
    return {
        "w_account": ACCOUNT_WORDS[lang],
        "account": None
        if account is None
        else {
            "head": _head(account, lang),
            "rows": [
                {
                    "reason": s.reason.label_zh if lang == "zh" else s.reason.label,
                    "count": f"{s.count:,}",
                    "first": _rows(s, lang),
                }
                for s in account.set_aside
            ],
        },
        "warnings": warning_lines(warnings),
    }
