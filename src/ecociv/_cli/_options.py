"""Options the subcommands share, each written once: one vocabulary for every command.

Documents (``--standard``, ``--plan``), the trend policy, ``--lang``,
``--format`` and ``-o`` (one list of format names, :data:`FORMATS`),
``--region`` (a code or a name), ``--html``, ``--lenient`` and the input
limits. A subcommand adds the groups it needs (``add_documents``,
``add_policy`` ...) and reads them back with the matching function of
:mod:`ecociv._cli._args` (``documents``, ``policy`` ...). Every parser is a
:class:`Parser`: an option that takes one value and is given twice is an
error, never "the last one wins". This module holds the options as argparse
sees them: the parser, its actions, the adders and the types that parse
their values.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from ecociv._cli._output import clean
from ecociv.rules import PRECISION, ROUNDING, TargetSource, TrendComparison


__all__ = [
    "FORMATS",
    "Parser",
    "add_columns",
    "add_documents",
    "add_format",
    "add_html",
    "add_judging",
    "add_lang",
    "add_limits",
    "add_output",
    "add_policy",
    "add_region",
    "add_strictness",
]


class _Once(argparse.Action):
    """Store an option's value, refusing it a second time."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        given: set[str] = namespace.__dict__.setdefault("_given_once", set())
        if self.dest in given and option_string is not None:
            names = "/".join(self.option_strings)
            parser.error(f"{names} was given more than once; give it once")
        given.add(self.dest)
        setattr(namespace, self.dest, values)


class _Mappings(argparse.Action):
    """Collect ``--column NAME=FIELD`` mappings, refusing a name mapped twice."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        pairs = [*(getattr(namespace, self.dest, None) or []), values]
        if values[0] in {name for name, _ in pairs[:-1]}:
            parser.error(
                f"{option_string} maps the column {values[0]!r} twice; map it once"
            )
        setattr(namespace, self.dest, pairs)


class Parser(argparse.ArgumentParser):
    """An argument parser whose single-valued options refuse a repeat.

    argparse keeps the last of ``--year 2023 --year 2024`` silently; here the
    plain ``store`` action is :class:`_Once`, so it is an error (exit 2, with
    the usage). Options meant to repeat say ``action="append"``. Subparsers
    are Parsers too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, _Once)
        self.register("action", "store", _Once)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the message (without control characters); exit 2."""
        super().error(clean(message))


def add_documents(p: argparse.ArgumentParser, *, several: bool) -> None:
    """Add ``--standard`` and ``--plan`` (repeatable when ``several``)."""
    if several:
        p.add_argument(
            "--standard",
            action="append",
            default=[],
            help="bundled id or .toml file; repeat to judge under several versions",
        )
        p.add_argument(
            "--plan", action="append", default=[], help="bundled plan id or .toml file"
        )
        return
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--standard", help="bundled standard id or .toml file")
    which.add_argument("--plan", help="bundled plan id or .toml file")


def _word_or_number(word: str) -> Any:
    """Return an argparse type that takes ``word`` or a number."""

    def parse(text: str) -> str | float:
        if text == word:
            return word
        try:
            return float(text)
        except ValueError:
            msg = f"expected {word!r} or a number, got {text!r}"
            raise argparse.ArgumentTypeError(msg) from None

    parse.__name__ = f"{word} or a number"
    return parse


def add_policy(p: argparse.ArgumentParser) -> None:
    """Add the reading policy: window, comparison, tolerance and the 左右 band."""
    g = p.add_argument_group(
        "reading policy (how 保持稳定, 持续改善, 左右 ... are judged; docs/readings.md)"
    )
    g.add_argument(
        "--window", type=int, default=3, help="trend window in years (default 3)"
    )
    g.add_argument(
        "--comparison",
        choices=[c.value for c in TrendComparison],
        default=TrendComparison.CONSECUTIVE.value,
        help="trend comparison (default consecutive)",
    )
    g.add_argument(
        "--tolerance",
        type=_word_or_number(PRECISION),
        default=PRECISION,
        metavar="precision|X",
        help=(
            "how far a value may move the wrong way and still be 'stable': "
            "'precision' (default: half a unit of the last published digit), "
            "or a number in the indicator's unit (0: strict)"
        ),
    )
    g.add_argument(
        "--around",
        type=_word_or_number(ROUNDING),
        default=5.0,
        metavar="rounding|PCT",
        help=(
            "band of 左右 where a requirement states none: a percentage of the "
            "stated value (default 5), or 'rounding' (70左右 = 69.5-70.5)"
        ),
    )


def add_judging(p: argparse.ArgumentParser) -> None:
    """Add what is judged and how: the reading policy and ``--provisional``."""
    add_policy(p)
    p.add_argument(
        "--provisional",
        action="store_true",
        help="also judge the rows known only from a plan's quotation (待核实, the "
        "2019/2021 rows): marked provisional, they never make a region "
        "eligible on their own (default: left out, with a warning)",
    )
    p.add_argument(
        "--targets",
        choices=[t.value for t in TargetSource],
        default=TargetSource.STANDARD.value,
        help="'standard' (default): fixed bounds are the printed ones; 'data': a "
        "target column gives operative targets that replace them, region by "
        "region and year by year (each verdict says which was used)",
    )


def add_lang(p: argparse.ArgumentParser) -> None:
    """Add ``--lang zh|en``."""
    p.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language (default zh)"
    )


def _formats() -> dict[str, tuple[str, ...]]:
    from ecociv.report._write import WRITERS  # noqa: PLC0415

    return {"text": (".txt",), **{w.name: w.suffixes for w in WRITERS.values()}}


#: Every output format a command may offer, with the file suffixes that name it.
FORMATS: dict[str, tuple[str, ...]] = _formats()


def add_format(
    p: argparse.ArgumentParser, choices: Sequence[str], default: str
) -> None:
    """Add ``--format`` with these choices (names from :data:`FORMATS`)."""
    unknown = set(choices) - set(FORMATS)
    if unknown:
        raise ValueError(f"not output formats: {sorted(unknown)}")
    p.add_argument(
        "--format",
        choices=tuple(choices),
        default=None,
        help=f"output format: {', '.join(choices)} (default: from the -o file's "
        f"suffix, else {default})",
    )
    p.set_defaults(format_choices=tuple(choices), format_default=default)


def add_output(p: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE``: write the result there instead of standard output."""
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE (its suffix picks the format unless "
        "--format says otherwise); default: standard output",
    )


def add_html(p: argparse.ArgumentParser) -> None:
    """Add ``--html FILE``: also write the self-contained HTML report."""
    p.add_argument(
        "--html",
        metavar="FILE",
        help="also write the self-contained HTML report to FILE (needs ecociv[report])",
    )


def add_region(p: argparse.ArgumentParser, *, several: bool) -> None:
    """Add ``--region``: a code or a name (repeatable and optional when ``several``)."""
    if several:
        p.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE_OR_NAME",
            help="judge only this region (6-digit code, or a name such as 咸宁市 "
            "or 湖北省咸宁市); repeat for several (default: every region in DATA)",
        )
        return
    p.add_argument(
        "--region",
        required=True,
        metavar="CODE_OR_NAME",
        help="the region: 6-digit code (330683) or name (嵊州市, 浙江省嵊州市)",
    )


def add_strictness(p: argparse.ArgumentParser) -> None:
    """Add ``--lenient``: set bad rows aside, list them, and go on."""
    p.add_argument(
        "--lenient",
        action="store_true",
        help="set bad rows aside (each listed with its row and reason) and judge "
        "the rest; default: stop and list every bad row",
    )


def _mapping(text: str) -> tuple[str, str | None]:
    """Parse ``--column FROM=TO`` (``FROM=`` leaves the column out)."""
    name, sep, to = text.partition("=")
    if not sep or not name.strip():
        msg = f"expected NAME=FIELD (or NAME= to leave it out), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return name.strip(), to.strip() or None


def add_columns(p: argparse.ArgumentParser) -> None:
    """Add ``--column NAME=FIELD``: map the data's header names (repeatable)."""
    p.add_argument(
        "--column",
        action=_Mappings,
        type=_mapping,
        default=[],
        metavar="NAME=FIELD",
        help="read the data's column NAME as FIELD (城市=region, 年份=year); "
        "NAME= leaves the column out; repeat for several",
    )


def _limit(text: str) -> int | None:
    """Parse a limit: a whole number of rows or bytes; 0 or ``none`` switches it off."""
    if text.strip().lower() in {"0", "none", "off"}:
        return None
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        msg = f"expected a whole number, or 0 / none for no limit, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a limit cannot be negative: {text!r}")
    return value


def add_limits(p: argparse.ArgumentParser) -> None:
    """Add ``--max-rows`` and ``--max-file-bytes`` (see :mod:`ecociv.limits`)."""
    from ecociv import limits as lim  # noqa: PLC0415

    g = p.add_argument_group("input limits (ecociv.limits; 0 or none: no limit)")
    g.add_argument(
        "--max-rows",
        type=_limit,
        default=lim.max_rows,
        metavar="N",
        help=f"most data rows read from one file (default {lim.max_rows:,})",
    )
    g.add_argument(
        "--max-file-bytes",
        type=_limit,
        default=lim.max_file_bytes,
        metavar="N",
        help=f"largest data file read, in bytes (default {lim.max_file_bytes:,})",
    )
