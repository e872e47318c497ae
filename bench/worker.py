"""One case in a fresh process: ``python -m bench.worker CASE [PATH]``.

Prints one JSON object: the seconds the case took inside the process, and
the process's peak RSS (VmHWM) when the case is done (bench.measure says why
not ``getrusage``); the parent measures the wall time.

- ``baseline``: import ecociv and numpy and load the standard, nothing more
  (the memory every case starts from);
- ``file PATH``: ``ecociv.assess_many(PATH, "mee-2024-county", 2024)`` with the
  row, size and year limits raised for files of any size;
- ``first PATH``: the first assessment of a fresh process (registry cold):
  import, load the standard, read PATH, ``ecociv.assess`` one region.
"""

from __future__ import annotations

import json
import sys
import time


START = time.perf_counter()

import ecociv  # noqa: E402  (the import is part of what "first" measures)
import ecociv.limits  # noqa: E402


STANDARD = "mee-2024-county"
YEAR = 2024
FIRST_REGION = "330683"


def report(seconds: float) -> None:
    """Print the case's seconds and this process's peak RSS in MiB (VmHWM)."""
    from bench.measure import status_mib  # noqa: PLC0415  (after the clock stops)

    print(json.dumps({"seconds": seconds, "peak_mib": status_mib("VmHWM")}))


def main(argv: list[str]) -> None:
    """Run the case named by ``argv`` and print its JSON line."""
    case = argv[0]
    if case == "first":
        std = ecociv.standards.load(STANDARD)
        obs = ecociv.Observations.from_csv(argv[1], std)
        ecociv.assess(std, FIRST_REGION, obs, YEAR)
        report(time.perf_counter() - START)
        return
    import numpy as np  # noqa: PLC0415

    std = ecociv.standards.load(STANDARD)
    np.zeros(1)
    if case == "baseline":
        report(0.0)
        return
    # A 50-times file is over every default limit; its years reach back to 1775.
    ecociv.limits.max_rows = None
    ecociv.limits.max_file_bytes = None
    ecociv.limits.max_cells = None
    ecociv.limits.min_year = 1700
    t = time.perf_counter()
    ecociv.assess_many(argv[1], STANDARD, YEAR)
    report(time.perf_counter() - t)


if __name__ == "__main__":
    main(sys.argv[1:])
