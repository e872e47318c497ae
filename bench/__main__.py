"""``python -m bench``: measure every figure and print the table."""

from __future__ import annotations

import argparse
import compileall
import cProfile
import math
import os
import pstats
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ecociv
from bench import data, sections
from bench.measure import machine, memory_mib, one_line
from bench.table import Figure, Section, render


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: every 10th county, fewer repeats, scaling 1x 2x 5x "
        "(figures are not the targets' measure and are not marked)",
    )
    p.add_argument(
        "--big", action="store_true", help="also judge 10 million rows from CSV"
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile of one CSV → verdicts call",
    )
    p.add_argument(
        "--budget-gib",
        type=float,
        default=None,
        help="stop a child process whose RSS passes this (default: half the "
        "memory available at the start)",
    )
    return p


def profile(path: Path, top: int = 25) -> str:
    """Return where one CSV → verdicts call spends its time (cProfile, own time)."""
    prof = cProfile.Profile()
    prof.runcall(ecociv.assess_many, str(path), data.STANDARD, data.YEAR)
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    head = f"cProfile of one CSV → verdicts call ({total:.2f} s under the profiler)"
    lines = [
        f"{head}, top {top} by own time:",
        f"{'own s':>8} {'cum s':>8} {'calls':>10}  function",
    ]
    for (file, line, name), (_, calls, own, cum, _) in rows[:top]:
        where = file.split("/site-packages/")[-1].split("/src/")[-1]
        lines.append(f"{own:8.3f} {cum:8.3f} {calls:10,}  {where}:{line}({name})")
    return "\n".join(lines)


def _guard(
    title: str,
    section: Callable[..., Any],
    *args: Any,
    extra: tuple[Any, ...] | None = None,
) -> Any:
    """Run a section; if it raises, report the section as failed and go on.

    A benchmark that stops at the first refusal reports nothing about the
    rest, and the reader and the engine change under it. A section that also
    returns values for later ones gives ``extra`` (NaN) in their place.
    """
    try:
        return section(*args)
    except Exception as exc:  # noqa: BLE001  (any failure is a figure to report)
        traceback.print_exc()
        why = one_line(f"{type(exc).__name__}: {exc}")
        failed = Section(
            title, [Figure("(section)", None, "s", status="FAILED", note=why)]
        )
    return failed if extra is None else (failed, *extra)


def main(argv: list[str] | None = None) -> None:
    """Measure every figure, print the table and the machine's note."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    # The fresh processes measured start as an installed ecociv does: pip
    # compiles a wheel's modules on install, so no child pays for compiling
    # them (an editable checkout run with PYTHONDONTWRITEBYTECODE would).
    compileall.compile_dir(Path(ecociv.__file__).parent, quiet=1)
    budget = (args.budget_gib or memory_mib()[1] * 0.5 / 1024) * 1024
    std = ecociv.standards.load(data.STANDARD)
    layout = data.Layout.of(std, data.county_codes(10 if args.quick else 1))
    with tempfile.TemporaryDirectory(prefix="ecociv-bench-") as tmp:
        columns = data.block(layout)
        csv, parquet = Path(tmp, "national.csv"), Path(tmp, "national.parquet")
        setup = sections.Setup(
            quick=args.quick,
            tmp=Path(tmp),
            std=std,
            layout=layout,
            columns=columns,
            text=data.frame(columns),
            csv=csv,
            parquet=parquet,
            budget_mib=budget,
            repeat=3 if args.quick else 5,
            budget=2.0 if args.quick else 15.0,
        )
        csv_bytes = data.write_csv(csv, layout)
        parquet_bytes = data.write_parquet(parquet, columns)
        kind = "QUICK run (every 10th county)" if args.quick else "national data set"
        print(
            f"{kind}: {len(layout.regions):,} county-level units x "
            f"{len(layout.indicators)} indicators of {data.STANDARD} x "
            f"{data.BLOCK_YEARS} years (2020-2024) = {layout.rows_per_block:,} rows, "
            f"long form; CSV {csv_bytes / 1e6:.1f} MB, Parquet "
            f"{parquet_bytes / 1e6:.1f} MB; judged for {data.YEAR}. Load average "
            f"at the start {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs."
        )
        nan = math.nan
        doors, floors, times = _guard(
            "1. file → verdicts",
            sections.doors,
            setup,
            extra=(None, {"csv": nan, "parquet": nan, "frame": nan}),
        )
        found = [doors, floors] if floors else [doors]
        engine, engine_seconds = _guard(
            "3. judging", sections.engine, setup, extra=(nan,)
        )
        found += [
            engine,
            _guard("4. scaling", sections.scaling, setup),
            _guard("5. ecociv compare", sections.command_line, setup),
            _guard("6. one region", sections.one_region, setup),
            _guard(
                "7. naive loop", sections.naive, setup, engine_seconds, times["frame"]
            ),
        ]
        if args.big:
            found.append(_guard("8. --big", sections.big, setup))
        note = profile(csv) if args.profile else ""
    print()
    print(render(found, args.quick))
    print()
    print(machine())
    print(f"The run took {(time.perf_counter() - started) / 60:.1f} min.")
    if note:
        print()
        print(note)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
