"""The benchmark's sections, each a list of figures measured in this one run.

Every call into ecociv goes through the public API (``ecociv.assess_many``,
``ecociv.assess``, ``ecociv.Observations``' readers, ``python -m ecociv``), so
the figures keep their meaning while the reader and the engine change under
them.
"""

from __future__ import annotations

import dataclasses
import json
import math
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet

import ecociv
from bench import data, floors
from bench.measure import (
    REPO,
    Timing,
    median_time,
    median_times,
    memory_mib,
    run_child,
    wall_of,
)
from bench.table import MIB, SECONDS, TIMES, Figure, Section


EXAMPLE = REPO / "examples" / "shengzhou-illustrative.csv"
EXAMPLE_REGION = "330683"
BIG_ROWS = 10_000_000
# Growth within this factor of the data's growth counts as linear.
LINEAR_SLACK = 1.25


@dataclasses.dataclass(frozen=True)
class Setup:
    """The data set, its files and the run's options, shared by every section."""

    quick: bool
    tmp: Path
    std: ecociv.standards.Standard
    layout: data.Layout
    columns: dict[str, np.ndarray]
    text: pd.DataFrame
    csv: Path
    parquet: Path
    budget_mib: float
    repeat: int
    budget: float  # seconds a figure's repeats may take

    @property
    def scales(self) -> tuple[int, ...]:
        """The sizes of the scaling cases, in national files."""
        return (1, 2, 5) if self.quick else (1, 10, 50)

    def time(
        self, *fns, repeat: int | None = None, collect: bool = True
    ) -> list[Timing]:
        """Time ``fns`` in turns within this run's repeats and budget."""
        return median_times(
            *fns, repeat=repeat or self.repeat, budget=self.budget, collect=collect
        )


def progress(text: str) -> None:
    """Say on stderr what is being measured (a full run takes minutes)."""
    print(f"bench: {text}", file=sys.stderr, flush=True)


def _worker(*args: str) -> list[str]:
    return [sys.executable, "-m", "bench.worker", *args]


def _verdicts(result: ecociv.BatchResult) -> dict[str, int]:
    return dict(Counter(result.to_frame(categorical=False)["verdict"]).most_common())


def doors(s: Setup) -> tuple[Section, Section, dict[str, float]]:
    """File → verdicts through each door of assess_many, and the columnar floors.

    Each door runs once untimed first (its verdicts are checked against the
    others', and first-use caches fill), then in turns with the reading alone
    and its floor, so that the three share the machine's load.
    """
    std_id, bounds = data.STANDARD, s.layout.bounds
    table = pyarrow.parquet.read_table(s.parquet)  # the file's columns, in memory
    calls = {
        "CSV": lambda: ecociv.assess_many(str(s.csv), std_id, data.YEAR),
        "Parquet": lambda: ecociv.assess_many(str(s.parquet), std_id, data.YEAR),
        "DataFrame": lambda: ecociv.assess_many(s.text, std_id, data.YEAR),
        "Arrow table": lambda: ecociv.assess_many(table, std_id, data.YEAR),
    }
    progress("file → verdicts: one untimed run per door (the verdicts compared)")
    spreads = {door: _verdicts(call()) for door, call in calls.items()}
    same = len({json.dumps(v, sort_keys=True) for v in spreads.values()}) == 1
    check = (
        f"every door gives the same verdicts: {spreads['CSV']}"
        if same
        else f"the doors DISAGREE: {spreads}"
    )
    progress("file → verdicts, the reading alone and the floors, in turns")
    csv, read_csv, csv_floor = s.time(
        calls["CSV"],
        lambda: ecociv.Observations.from_csv(s.csv, s.std),
        lambda: floors.csv_floor(s.csv, bounds),
    )
    pq, read_pq, pq_floor = s.time(
        calls["Parquet"],
        lambda: ecociv.Observations.from_file(s.parquet, s.std),
        lambda: floors.parquet_floor(s.parquet, bounds),
    )
    df, read_df = s.time(
        calls["DataFrame"], lambda: ecociv.Observations.from_frame(s.text, s.std)
    )
    arrow, read_arrow = s.time(
        calls["Arrow table"], lambda: ecociv.Observations.from_arrow(table, s.std)
    )
    first = Section(
        "1. file → verdicts, in process",
        [
            Figure(
                "CSV → verdicts",
                csv.seconds,
                SECONDS,
                0.25,
                note=f"ecociv.assess_many(path_or_frame, {std_id!r}, 2024); medians "
                f"of {csv.runs} (CSV), {pq.runs} (Parquet), {df.runs} (DataFrame), "
                f"{arrow.runs} (Arrow table) runs, each door in turns with its "
                "reading alone (and its floor); the DataFrame's columns are text "
                "(pandas' str dtype), the Arrow table the Parquet file's columns; "
                f"{check}",
            ),
            Figure(
                "  of which reading (Observations.from_csv)", read_csv.seconds, SECONDS
            ),
            Figure("Parquet → verdicts", pq.seconds, SECONDS, 0.1),
            Figure(
                "  of which reading (Observations.from_file)", read_pq.seconds, SECONDS
            ),
            Figure("text DataFrame → verdicts", df.seconds, SECONDS),
            Figure(
                "  of which reading (Observations.from_frame)", read_df.seconds, SECONDS
            ),
            Figure("Arrow table → verdicts", arrow.seconds, SECONDS),
            Figure(
                "  of which reading (Observations.from_arrow)",
                read_arrow.seconds,
                SECONDS,
            ),
        ],
    )
    second = Section(
        "2. columnar floor: read with pyarrow, compare every value",
        [
            Figure(
                "CSV floor (pyarrow.csv.read_csv + compare)",
                csv_floor.seconds,
                SECONDS,
                note="read with pyarrow's default threads; value and indicator "
                "cells dictionary-encoded, each distinct cell parsed once, "
                "every value compared with a threshold per indicator (numpy); "
                "timed in turns with its door",
            ),
            Figure(
                "CSV → verdicts ÷ CSV floor", csv.seconds / csv_floor.seconds, TIMES, 3
            ),
            Figure(
                "Parquet floor (pyarrow.parquet.read_table + compare)",
                pq_floor.seconds,
                SECONDS,
            ),
            Figure(
                "Parquet → verdicts ÷ Parquet floor",
                pq.seconds / pq_floor.seconds,
                TIMES,
            ),
        ],
    )
    times = {"csv": csv.seconds, "parquet": pq.seconds, "frame": df.seconds}
    return first, second, times


def engine(s: Setup) -> tuple[Section, float]:
    """Judging data already held as columns, against a numpy floor."""
    progress("judging the columnar table; numpy floor")
    obs = ecociv.Observations.from_frame(s.text, s.std)
    result = ecociv.assess_many(obs, s.std, data.YEAR)  # the table's index, once
    cube = data.dense(s.layout, s.columns)
    judged, floor = s.time(
        lambda: ecociv.assess_many(obs, s.std, data.YEAR),
        lambda: floors.numpy_floor(cube, s.layout),
        repeat=15,
        collect=False,  # warm, both alike (median_times)
    )
    ids = [i for i in ecociv.standards.bundled_ids() if not i.startswith("plan-")]
    stds = [ecociv.standards.load(i) for i in ids]
    every, frame = s.time(
        lambda: ecociv.assess_many(obs, stds, data.YEAR), result.to_frame
    )
    return Section(
        "3. judging on the columnar table (Observations read beforehand)",
        [
            Figure("assess_many(Observations)", judged.seconds, SECONDS, 0.25),
            Figure(
                "numpy floor (one comparison over a dense array)",
                floor.seconds,
                SECONDS,
                note="the same values as a dense (indicator, region, year) array "
                "compared with a bound per indicator: the comparisons alone; "
                f"timed in turns with assess_many, medians of {judged.runs}, "
                "warm (no full collection before each call)",
            ),
            Figure(
                "assess_many(Observations) ÷ numpy floor",
                judged.seconds / floor.seconds,
                TIMES,
                10,
            ),
            Figure(
                f"all {len(stds)} bundled standard versions at once",
                every.seconds,
                SECONDS,
                1.0,
                note=", ".join(ids),
            ),
            Figure("result.to_frame()", frame.seconds, SECONDS),
        ],
    ), judged.seconds


def scaling(s: Setup) -> Section:
    """CSV → verdicts at growing sizes, each in a fresh process: time and peak RSS."""
    progress("scaling: baseline process")
    base = run_child(_worker("baseline"), budget_mib=s.budget_mib, timeout=120)
    base_mib = json.loads(base.stdout)["peak_mib"]
    seconds: dict[int, float | None] = {}
    peaks: dict[int, float | None] = {}
    sizes: list[str] = []
    ends: list[str] = []
    counts: list[str] = []
    stopped: dict[int, str] = {}
    for k in s.scales:
        path = s.csv if k == 1 else s.tmp / f"national-x{k}.csv"
        if k != 1:
            progress(f"scaling: writing the {k}x file")
            data.write_csv(path, s.layout, k)
        sizes.append(f"{k}x {path.stat().st_size / 1e6:,.0f} MB")
        progress(f"scaling: {k}x, {k * s.layout.rows_per_block:,} rows")
        runs: list[dict[str, float]] = []
        # A case repeats (three runs, medians) while it is cheap.
        while len(runs) < 3 and sum(r["seconds"] for r in runs) < s.budget:
            child = run_child(
                _worker("file", str(path)), budget_mib=s.budget_mib, timeout=1800
            )
            if not child.ok:
                ends.append(f"{k}x {child.why}")
                stopped[k] = child.status
                break
            runs.append(json.loads(child.stdout))
        if k != 1:
            path.unlink()
        counts.append(f"{k}x {len(runs)}")
        seconds[k] = float(np.median([r["seconds"] for r in runs])) if runs else None
        peaks[k] = float(np.median([r["peak_mib"] for r in runs])) if runs else None
    how = (
        "assess_many(path) in a fresh process per case: seconds inside it, peak "
        "RSS of the whole process (its VmHWM); a kx file is k blocks of the "
        "national layout, each 5 earlier years with fresh values, judged for "
        "2024: the rows read grow k times, the verdicts do not; linear growth "
        f"passes with {LINEAR_SLACK}x slack; files: {', '.join(sizes)}; runs "
        f"(medians): {', '.join(counts)}"
    )
    if ends:
        how += "; " + "; ".join(ends)
    figures = [
        Figure(
            "process baseline: import, load the standard",
            base_mib,
            MIB,
            note="peak RSS of a fresh process that imports ecociv and numpy and "
            "loads the standard; memory growth is counted over it",
        )
    ]
    for k in s.scales:
        rows = f"{k}x ({k * s.layout.rows_per_block:,} rows)"
        status = stopped.get(k, "")
        figures.append(
            Figure(
                f"CSV → verdicts, {rows}",
                seconds[k],
                SECONDS,
                note=how if k == 1 else "",
                status=status,
            )
        )
        figures.append(Figure(f"  peak RSS, {rows}", peaks[k], MIB, status=status))
    for k in s.scales[1:]:
        t = None
        if seconds[k] is not None and seconds[1] is not None:
            t = seconds[k] / seconds[1]
        net = None
        if peaks[k] is not None and peaks[1] is not None:
            net = (peaks[k] - base_mib) / max(peaks[1] - base_mib, 1.0)
        limit = k * LINEAR_SLACK
        figures.append(Figure(f"time growth {k}x / 1x", t, TIMES, limit, sized=False))
        figures.append(
            Figure(
                f"memory growth {k}x / 1x, over baseline",
                net,
                TIMES,
                limit,
                sized=False,
            )
        )
    return Section("4. scaling, CSV → verdicts in a fresh process", figures)


def command_line(s: Setup) -> Section:
    """``python -m ecociv compare`` end to end, process start included."""
    progress("ecociv compare (csv, json), in turns")
    outs = {fmt: s.tmp / f"compare.{fmt}" for fmt in ("csv", "json")}

    def command(fmt: str) -> list[str]:
        return [
            *(sys.executable, "-m", "ecociv", "compare", str(s.csv)),
            *("--standard", data.STANDARD, "--year", str(data.YEAR), "--format", fmt),
        ]

    csv, json_ = s.time(
        lambda: wall_of(command("csv"), stdout=outs["csv"]),
        lambda: wall_of(command("json"), stdout=outs["json"]),
        repeat=3,
    )
    walls = {"csv": csv, "json": json_}
    sizes = {fmt: out.stat().st_size for fmt, out in outs.items()}
    for out in outs.values():
        out.unlink()
    return Section(
        "5. ecociv compare on the national CSV, a fresh process each",
        [
            Figure(
                "compare --format csv (wall)",
                walls["csv"].seconds,
                SECONDS,
                1.0,
                note=f"python -m ecociv compare CSV --standard {data.STANDARD} "
                f"--year {data.YEAR} --format csv|json > file; medians of "
                f"{walls['csv'].runs} and {walls['json'].runs}; output "
                f"{sizes['csv'] / 1e6:.1f} MB (csv), "
                f"{sizes['json'] / 1e6:.1f} MB (json); ecociv's modules compiled "
                "to bytecode first, as pip does when it installs",
            ),
            Figure("compare --format json (wall)", walls["json"].seconds, SECONDS),
            Figure(
                "json ÷ csv",
                walls["json"].seconds / walls["csv"].seconds,
                TIMES,
                2,
                sized=False,
            ),
        ],
    )


def one_region(s: Setup) -> Section:
    """One region warm, the import, and the first assessment of a fresh process."""
    progress("one region, import, first assessment")
    example = ecociv.Observations.from_csv(EXAMPLE, s.std)
    ecociv.assess(s.std, EXAMPLE_REGION, example, data.YEAR)
    warm = median_time(
        lambda: ecociv.assess(s.std, EXAMPLE_REGION, example, data.YEAR),
        repeat=25,
        collect=False,  # warm: no full collection before each call (median_times)
    )
    code = (
        "import time; t = time.perf_counter(); import ecociv; "
        "print(time.perf_counter() - t)"
    )

    def inside() -> float:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return float(done.stdout)

    imports: list[float] = []
    bare, whole, _ = median_times(
        lambda: wall_of([sys.executable, "-c", "pass"]),
        lambda: wall_of([sys.executable, "-c", "import ecociv"]),
        lambda: imports.append(inside()),
        repeat=9,
    )
    inside_seconds = statistics.median(imports)
    out = s.tmp / "first.json"
    walls, insides = [], []
    for _ in range(5):
        walls.append(wall_of(_worker("first", str(EXAMPLE)), stdout=out))
        insides.append(json.loads(out.read_text())["seconds"])
    first_wall, first_in = statistics.median(walls), statistics.median(insides)
    return Section(
        "6. one region, import, first assessment",
        [
            Figure(
                "assess, one region warm",
                warm.seconds,
                SECONDS,
                0.005,
                sized=False,
                note=f"ecociv.assess(std, {EXAMPLE_REGION!r}, obs, 2024) on "
                f"{EXAMPLE.relative_to(REPO)}, median of {warm.runs}, warm (no full "
                "collection before each call: one leaves the caches cold)",
            ),
            Figure(
                'python -c "import ecociv" (wall)',
                whole.seconds,
                SECONDS,
                0.2,
                sized=False,
            ),
            Figure(
                "  of which import ecociv (in the process)", inside_seconds, SECONDS
            ),
            Figure('  python -c "pass" (wall, for scale)', bare.seconds, SECONDS),
            Figure(
                "first assessment, fresh process (wall)",
                first_wall,
                SECONDS,
                note="a fresh process imports ecociv, loads the standard, reads "
                "the example with Observations.from_csv and assesses one region "
                "(registry and caches cold); median of 5",
            ),
            Figure("  of which after interpreter start", first_in, SECONDS),
        ],
    )


def naive(s: Setup, engine_seconds: float, frame_seconds: float) -> Section:
    """The per-value pint loop against the engine."""
    progress("naive per-value pint loop")
    loop = median_time(lambda: floors.naive_loop(s.text, s.std), repeat=1)
    return Section(
        "7. the naive per-value pint loop",
        [
            Figure(
                "per-value pint loop over the text frame",
                loop.seconds,
                SECONDS,
                note="each cell parsed, made a pint Quantity in its unit, "
                "converted to the indicator's unit and compared with its "
                "requirement's bound, one by one; once",
            ),
            Figure(
                "  loop ÷ assess_many(Observations)",
                loop.seconds / engine_seconds,
                TIMES,
                15,
                at_least=True,
            ),
            Figure(
                "  loop ÷ (text DataFrame → verdicts)",
                loop.seconds / frame_seconds,
                TIMES,
                15,
                at_least=True,
                note="both start from the same text DataFrame; the target is "
                "the engine's (docs/batch.md), applied here to the whole door",
            ),
        ],
    )


def big(s: Setup) -> Section:
    """Ten million rows from CSV in a fresh process: time and peak RSS."""
    total, available = memory_mib()
    title = "8. --big: 10 million rows from CSV, a fresh process"
    if available < 6 * 1024:
        note = (
            f"skipped: {available / 1024:.1f} GiB available of "
            f"{total / 1024:.1f} GiB (< 6 GiB)"
        )
        skipped = Figure("10 million rows", None, SECONDS, status="SKIPPED", note=note)
        return Section(title, [skipped])
    national = data.Layout.of(s.std, data.county_codes())
    blocks = math.ceil(BIG_ROWS / national.rows_per_block)
    path = s.tmp / "big.csv"
    progress(f"--big: writing {blocks * national.rows_per_block:,} rows")
    size = data.write_csv(path, national, blocks)
    progress("--big: CSV → verdicts")
    child = run_child(_worker("file", str(path)), budget_mib=s.budget_mib, timeout=3600)
    path.unlink()
    out = json.loads(child.stdout) if child.ok else {}
    seconds, peak = out.get("seconds"), out.get("peak_mib")
    rows = blocks * national.rows_per_block
    note = (
        f"{rows:,} rows ({blocks} blocks of the national layout, "
        f"{2025 - 5 * blocks}-2024), {size / 1e6:,.0f} MB; assess_many(path) "
        "in a fresh process; peak RSS of the whole process (its VmHWM)"
    )
    if not child.ok:
        note += f"; {child.why}"
    status = child.status
    return Section(
        title,
        [
            Figure(
                "10 million rows, CSV → verdicts",
                seconds,
                SECONDS,
                10,
                sized=False,
                note=note,
                status=status,
            ),
            Figure("  peak RSS", peak, MIB, 2048, sized=False, status=status),
        ],
    )
