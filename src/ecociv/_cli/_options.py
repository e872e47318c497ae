"""Options the subcommands share, each written once: documents, policy, lang, format.

A subcommand adds the groups it needs (``add_documents``, ``add_policy`` ...)
and reads them back with the matching function (``documents``, ``policy``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ecociv.rules import PRECISION, ROUNDING, TrendComparison, TrendPolicy
from ecociv.standards import Standard


__all__ = [
    "add_documents",
    "add_format",
    "add_lang",
    "add_policy",
    "documents",
    "load_ref",
    "policy",
]


def load_ref(ref: str) -> Standard:
    """Return a bundled standard or plan by id, or one read from a .toml path."""
    from ecociv import standards  # noqa: PLC0415

    if ref.endswith(".toml") or Path(ref).is_file():
        return standards.load_file(ref)
    return standards.load(ref)


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


def documents(args: argparse.Namespace) -> list[Standard]:
    """Return the standards and plans named by ``--standard`` and ``--plan``.

    Raises:
        ValueError: When none is named.
    """
    refs: list[Any] = []
    for name in ("standard", "plan"):
        given = getattr(args, name, None)
        refs += given if isinstance(given, list) else [given] if given else []
    if not refs:
        msg = "give at least one --standard or --plan"
        raise ValueError(msg)
    return [load_ref(r) for r in refs]


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


def policy(args: argparse.Namespace) -> TrendPolicy:
    """Return the reading policy the options give (checked: a bad one is an error)."""
    return TrendPolicy(
        window=args.window,
        comparison=args.comparison,
        tolerance=args.tolerance,
        around=args.around,
    )


def add_lang(p: argparse.ArgumentParser) -> None:
    """Add ``--lang zh|en``."""
    p.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language (default zh)"
    )


def add_format(
    p: argparse.ArgumentParser, choices: tuple[str, ...], default: str | None
) -> None:
    """Add ``--format`` with these choices."""
    p.add_argument(
        "--format",
        choices=choices,
        default=default,
        help=f"output format (default {default or 'from the output file'})",
    )
