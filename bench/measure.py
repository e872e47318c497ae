"""Clocks and memory: medians of repeats, child processes and their peak RSS.

Peak memory is measured in a fresh child process per case: the child reports
``VmHWM`` from ``/proc/self/status`` when its case is done, the high-water
mark of its resident set since it started (interpreter, imports, reading and
judging). ``getrusage`` cannot be used here: Linux carries the parent's
high-water mark into a child's ``ru_maxrss`` across fork and exec, so with
the benchmark's own few hundred MiB resident, ``RUSAGE_CHILDREN`` (or
``os.wait4``) reports the parent's size for any small child. While a child
runs, its RSS is also polled from ``/proc`` so that a case that would exhaust
a shared machine is stopped at a budget instead.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib.metadata
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ecociv


REPO = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Timing:
    """The median of ``runs`` wall times of one call."""

    seconds: float
    runs: int


def median_times(
    *fns: Callable[[], object],
    repeat: int = 5,
    budget: float = 10.0,
    collect: bool = True,
) -> list[Timing]:
    """Time the calls in turn (a, b, a, b ...) up to ``repeat`` rounds each.

    Rounds stop early once ``budget`` seconds are spent: a call that takes
    longer than the budget runs once, and repeats are left to cheap figures,
    where a shared machine's noise is largest. Taking turns puts a figure and
    the floor it is divided by under the same load. Results are dropped at
    once, so that one call's garbage does not slow the next; with ``collect``
    a full collection runs before each call too. A figure of a few
    milliseconds said to be *warm* is timed without it: a full collection
    walks every object of the process (tens of thousands, 10-15 ms) and
    leaves the CPU's caches cold for the call after it (one region measured
    3.4 ms warm and up to 6.4 ms after a collection, in one process).
    """
    times: list[list[float]] = [[] for _ in fns]
    while len(times[0]) < repeat and (not times[0] or sum(map(sum, times)) < budget):
        for fn, kept in zip(fns, times, strict=True):
            if collect:
                gc.collect()
            t = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - t)
    return [Timing(statistics.median(t), len(t)) for t in times]


def median_time(
    fn: Callable[[], object],
    *,
    repeat: int = 5,
    budget: float = 10.0,
    collect: bool = True,
) -> Timing:
    """Time one call as :func:`median_times` does."""
    return median_times(fn, repeat=repeat, budget=budget, collect=collect)[0]


@dataclasses.dataclass(frozen=True)
class Child:
    """A finished child process: wall time, RSS seen from outside, output, its end."""

    wall: float
    polled_mib: float  # the largest RSS the parent saw while polling
    stdout: str
    stderr: str
    returncode: int
    stopped: str | None = None  # why the parent stopped it, if it did

    @property
    def ok(self) -> bool:
        """Whether the child ran to its end by itself, and succeeded."""
        return self.stopped is None and self.returncode == 0

    @property
    def status(self) -> str:
        """Return STOPPED (by the parent) or FAILED (by itself), or nothing."""
        if self.stopped is not None:
            return "STOPPED"
        return "" if self.returncode == 0 else "FAILED"

    @property
    def why(self) -> str:
        """Return why the child did not succeed, on one line."""
        if self.stopped is not None:
            return self.stopped
        tail = " ".join(self.stderr.split())[-250:]  # a traceback ends with the error
        return f"failed (exit {self.returncode}): …{tail}"


def one_line(text: str, most: int = 300) -> str:
    """Return ``text`` on one line, cut to ``most`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"


def status_mib(key: str, pid: int | str = "self") -> float:
    """Return a memory line of ``/proc/PID/status`` (VmRSS, VmHWM) in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_child(args: list[str], *, budget_mib: float, timeout: float) -> Child:
    """Run ``args`` in a fresh process; return its wall time and output.

    The child is stopped (SIGKILL, by its own pid) when its RSS passes
    ``budget_mib`` or it runs past ``timeout`` seconds.
    """
    with tempfile.TemporaryDirectory(prefix="ecociv-bench-child-") as tmp:
        out_path = Path(tmp, "stdout")
        err_path = Path(tmp, "stderr")
        with out_path.open("w") as out, err_path.open("w") as err:
            t = time.perf_counter()
            proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=REPO)  # noqa: S603
            stopped, seen = None, 0.0
            while True:
                pid, status = os.waitpid(proc.pid, os.WNOHANG)
                if pid:
                    break
                seen = max(seen, status_mib("VmRSS", proc.pid))
                elapsed = time.perf_counter() - t
                if seen > budget_mib:
                    stopped = (
                        f"stopped at {seen:,.0f} MiB (budget) after {elapsed:.0f} s"
                    )
                elif elapsed > timeout:
                    stopped = f"stopped after {timeout:.0f} s (time limit)"
                if stopped is not None:
                    os.kill(proc.pid, signal.SIGKILL)
                    _, status = os.waitpid(proc.pid, 0)
                    break
                time.sleep(0.01)
            wall = time.perf_counter() - t
            proc.returncode = os.waitstatus_to_exitcode(status)
        text, errors = out_path.read_text(), err_path.read_text()
    return Child(wall, seen, text, errors, proc.returncode, stopped)


def wall_of(args: list[str], *, stdout: Path | None = None) -> float:
    """Return the wall time of one process run to its end (start included)."""
    with (stdout or Path(os.devnull)).open("w") as out:
        t = time.perf_counter()
        subprocess.run(args, stdout=out, stderr=subprocess.PIPE, check=True, cwd=REPO)  # noqa: S603
        return time.perf_counter() - t


def memory_mib() -> tuple[float, float]:
    """Return this machine's total and available memory, in MiB."""
    info = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, _, rest = line.partition(":")
        info[key] = int(rest.split()[0]) / 1024
    return info["MemTotal"], info["MemAvailable"]


def machine() -> str:
    """Return one paragraph about this machine and the versions measured."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.partition(":")[2].strip()
            break
    usable = len(os.sched_getaffinity(0))
    total, available = memory_mib()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("numpy", "pyarrow", "pandas", "pint")
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    ).stdout.strip()
    return (
        f"Machine: {os.cpu_count()} CPUs ({usable} usable; {cpu}), "
        f"{total / 1024:.1f} GiB memory ({available / 1024:.1f} GiB available now), "
        f"load average {load}; {platform.system()} {platform.release()}. "
        f"Python {platform.python_version()} ({sys.implementation.name}), {versions}; "
        f"ecociv {ecociv.__version__} at commit {commit or '?'}."
    )
