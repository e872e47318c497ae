"""What the shared options say: each read back from the parsed arguments once.

The options are added by :mod:`ecociv._cli._options` (``add_documents``,
``add_policy`` ...); a subcommand reads them back here with the matching
function (``documents``, ``policy`` ...): the standards and plans named, the
reading policy and what is judged, the output format, the regions, the
column mapping, strictness and the input limits. ``warn`` and ``write_html``
do what the options ask with a result: its warnings on stderr, the HTML
report ``--html`` names.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ecociv._cli._options import FORMATS
from ecociv._cli._output import Output, clean
from ecociv.rules import TrendPolicy
from ecociv.standards import Standard


__all__ = [
    "columns",
    "documents",
    "judging",
    "limits",
    "load_ref",
    "output_format",
    "policy",
    "regions",
    "strict",
    "warn",
    "write_html",
]


def load_ref(ref: str) -> Standard:
    """Return a bundled standard or plan by id, or one read from a .toml path."""
    from ecociv import standards  # noqa: PLC0415

    if ref.endswith(".toml") or Path(ref).is_file():
        return standards.load_file(ref)
    return standards.load(ref)


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


def policy(args: argparse.Namespace) -> TrendPolicy:
    """Return the reading policy the options give (checked: a bad one is an error)."""
    return TrendPolicy(
        window=args.window,
        comparison=args.comparison,
        tolerance=args.tolerance,
        around=args.around,
    )


def judging(args: argparse.Namespace) -> dict[str, Any]:
    """Return the keyword arguments of ``assess``/``assess_many`` the options give."""
    return {
        "policy": policy(args),
        "provisional": args.provisional,
        "targets": args.targets,
    }


def warn(result: Any, *, to_text: bool, lang: str, command: str) -> None:
    """Print a result's warnings on stderr, unless they are in its text on stdout.

    The text report ends with the account and the warnings; any other output
    (JSON, CSV, a report file) carries them in its own form, and stderr says
    them to the person at the terminal too, each once (a side-by-side's
    assessments share their data's warnings).
    """
    if to_text:
        return
    parts = getattr(result, "assessments", (result,))
    note = "注意" if lang == "zh" else "warning"
    for w in dict.fromkeys(w for part in parts for w in part.warnings):
        print(f"ecociv {command}: {note}: {clean(str(w))}", file=sys.stderr)


def output_format(args: argparse.Namespace) -> str:
    """Return the format asked for: ``--format``, else the ``-o`` file's suffix.

    Without either, the command's default.

    Raises:
        ValueError: When ``-o`` names a file whose suffix is no format the
            command offers, and ``--format`` does not say which.
    """
    choices: tuple[str, ...] = args.format_choices
    if args.format is not None:
        return str(args.format)
    path = getattr(args, "output", None)
    if path is None:
        return str(args.format_default)
    suffix = Path(path).suffix.lower()
    for name in choices:
        if suffix in FORMATS[name]:
            return name
    suffixes = ", ".join(s for c in choices for s in FORMATS[c])
    raise ValueError(
        f"cannot tell the format from {path!r}; use a {suffixes} file or --format "
        f"({', '.join(choices)})"
    )


def write_html(args: argparse.Namespace, result: Any, standard: Any = None) -> None:
    """Write the HTML report ``--html`` asks for, if it does; say so on stderr.

    Raises:
        ValueError: When the report extra (jinja2) is not installed.
        OutputError: When the file cannot be written.
    """
    if not args.html:
        return
    from ecociv import report  # noqa: PLC0415  (jinja2 is an extra)

    text = report.render(result, "html", standard=standard, lang=args.lang)
    Output(args.html).write(text, "html")
    print(f"HTML report written to {args.html}", file=sys.stderr)


def regions(args: argparse.Namespace) -> list[Any]:
    """Return the regions ``--region`` names, found by code or name.

    A region found through a rename or a merger (莱芜市 is 济南市 since 2019)
    is announced on stderr with its note.

    Raises:
        UnknownRegionError: When a name matches none or several regions (the
            message lists the candidates).
    """
    from ecociv._region import Region  # noqa: PLC0415

    given = args.region if isinstance(args.region, list) else [args.region]
    found = [Region.find(r) for r in given]
    for r in found:  # found through a rename or merger: say so
        if r.note != Region.from_code(r.code).note:
            print(f"ecociv: note: {clean(str(r.note))}", file=sys.stderr)
    return found


def columns(args: argparse.Namespace) -> dict[str, str | None] | None:
    """Return the column mapping the options give (None: none)."""
    pairs = getattr(args, "column", [])
    return dict(pairs) if pairs else None


def strict(args: argparse.Namespace) -> bool:
    """Return whether the data is read strictly (the default)."""
    return not getattr(args, "lenient", False)


@contextlib.contextmanager
def limits(args: argparse.Namespace) -> Iterator[None]:
    """Set :mod:`ecociv.limits` from the options for the command; restore them after."""
    from ecociv import limits as lim  # noqa: PLC0415

    names = [n for n in ("max_rows", "max_file_bytes") if hasattr(args, n)]
    with lim.applied({n: getattr(args, n) for n in names}):
        yield
