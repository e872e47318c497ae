"""Options the subcommands share, each written once: documents, policy, lang, format.

A subcommand adds the groups it needs (``add_documents``, ``add_policy`` ...)
and reads them back with the matching function (``documents``, ``policy``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ecociv.rules import TrendComparison, TrendPolicy
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


def add_policy(p: argparse.ArgumentParser) -> None:
    """Add the trend policy: ``--window``, ``--comparison``, ``--tolerance``."""
    g = p.add_argument_group("trend policy (how 保持稳定, 持续改善 ... are judged)")
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
        type=float,
        default=0.0,
        help="trend tolerance for 'stable', in the indicator's unit (default 0)",
    )


def policy(args: argparse.Namespace) -> TrendPolicy:
    """Return the trend policy the options give (checked: a bad one is an error)."""
    return TrendPolicy(
        window=args.window, comparison=args.comparison, tolerance=args.tolerance
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
