r"""Characters a terminal or a spreadsheet acts on, and text without them.

One set, used wherever text from data leaves ecociv for people: the command
line's output door (:mod:`ecociv._cli._output`) and the CSV writer's cells
(:func:`ecociv.report._csv.safe_cell`). An ANSI escape in a region name or in
the indicator name of a user's TOML file must not move the cursor, recolour
the terminal or hide a line, and a bidirectional override must not reorder
what a terminal or a spreadsheet shows.
"""

from __future__ import annotations

import re


__all__ = ["clean", "json_safe"]

#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional
#: overrides and isolates that can reorder what is shown.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
#: What JSON text may hold unescaped but a terminal would act on (JSON
#: escapes C0 controls itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    r"""Return ``text`` without control characters (tab and newline stay).

    >>> clean("嵊州市\x1b[2J\x1b[31m red\u202e!")
    '嵊州市[2J[31m red!'
    """
    return _CONTROL.sub("", text)


def json_safe(text: str) -> str:
    r"""Return JSON text with terminal controls written as ``\uXXXX`` escapes.

    Such characters can stand only inside JSON strings, where the escape means
    the same character: the document is unchanged.

    >>> json_safe('{"name": "a\x9bb"}')
    '{"name": "a\\u009bb"}'
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
