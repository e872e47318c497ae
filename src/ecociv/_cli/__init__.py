"""The ``ecociv`` command line: a thin layer over the library.

One module per subcommand (``_assess``, ``_compare``, ``_report``,
``_standards``), each with ``add_parser`` and ``run``; the options they share
are written once in :mod:`ecociv._cli._options` and read back in
:mod:`ecociv._cli._args`.

Exit status: 0 when the command did its job (whatever the verdicts), 2 when
the input is bad or the output cannot be written (a missing directory, no
permission, a full disk: one line on stderr, no traceback), 1 on an internal
error. A reader that stops early (``ecociv ... | head``) ends the command
quietly with 0. Everything printed passes :mod:`ecociv._cli._output`, which
keeps control characters from data off the terminal.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from ecociv._cli import (
    _args,
    _assess,
    _compare,
    _options,
    _output,
    _report,
    _standards,
)
from ecociv.errors import EcocivError


__all__ = ["main", "run"]

#: The subcommands, in the order ``ecociv --help`` lists them.
COMMANDS = {
    "assess": _assess,
    "compare": _compare,
    "report": _report,
    "standards": _standards,
}


def _parser() -> argparse.ArgumentParser:
    p = _options.Parser(
        prog="ecociv",
        description="Judge regions against eco-civilization indicator standards.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return p


def _fail(message: str) -> int:
    """Print an error (its first line after ``ecociv: error:``) on stderr; return 2."""
    lines = _output.clean(message).splitlines() or [""]
    try:
        print(f"ecociv: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(line, file=sys.stderr)
    except OSError:  # stderr is gone too: the status still says it
        pass
    return 2


def run() -> int:
    """Run the command line as a program (``ecociv``, ``python -m ecociv``).

    The objects made by the imports so far live as long as the process:
    they are frozen out of the collector's passes (:func:`gc.freeze`), which
    a national comparison, making some ninety thousand objects, would
    otherwise walk again and again (about 25 ms of its second). A caller of
    :func:`main` in its own process (a test, a service) keeps its collector
    as it is.
    """
    gc.freeze()
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    fmt = "json" if getattr(args, "format", None) == "json" else "text"
    try:
        with _args.limits(args), _output.guard(fmt):
            status = int(COMMANDS[args.command].run(args))
        _output.finish()
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        _output.detach_stdout()
        return 0
    except EcocivError as exc:
        return _fail(str(exc))
    except _output.OutputError as exc:
        return _fail(str(exc))
    except OSError as exc:
        if exc.filename is not None:  # a file the library met (rare: readers say)
            return _fail(f"{exc.filename}: {exc.strerror or exc}")
        _output.detach_stdout()  # standard output on a full disk
        return _fail(f"cannot write standard output: {exc.strerror or exc}")
    except ValueError as exc:  # bad option values (an output name ...)
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    return status
