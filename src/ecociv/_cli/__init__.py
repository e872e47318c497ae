"""The ``ecociv`` command line: a thin layer over the library.

One module per subcommand (``_assess``, ``_compare``, ``_report``,
``_standards``), each with ``add_parser`` and ``run``; the options they share
are written once in :mod:`ecociv._cli._options`.

Exit status: 0 when the command did its job (whatever the verdicts), 2 when
the input is bad (one line on stderr, no traceback), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ecociv._cli import _assess, _compare, _report, _standards
from ecociv.errors import EcocivError


__all__ = ["main"]

#: The subcommands, in the order ``ecociv --help`` lists them.
COMMANDS = {
    "assess": _assess,
    "compare": _compare,
    "report": _report,
    "standards": _standards,
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ecociv",
        description="Judge regions against eco-civilization indicator standards.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command].run(args))
    except EcocivError as exc:
        first = str(exc).splitlines()
        print(f"ecociv: error: {first[0]}", file=sys.stderr)
        for line in first[1:]:
            print(line, file=sys.stderr)
        return 2
    except ValueError as exc:  # bad option values (an output name ...)
        print(f"ecociv: error: {exc}", file=sys.stderr)
        return 2
