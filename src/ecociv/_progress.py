"""Progress of long work: one callback, four stages, and terminal bars (tqdm).

Whatever takes long (reading a file, judging many regions, writing many
rows) reports to one kind of callback, ``progress(stage, done, total)``:

- ``"scan"``: bytes of a large CSV file cut into cells (Arrow's reader, a
  part of the file at a time), or of a Parquet file's columns read (a row
  group at a time), before its rows are known;
- ``"read"``: rows of the data read (a reader reports before and after a
  sheet's cells are read);
- ``"judge"``: blocks (requirement x standard x year) decided;
- ``"write"``: rows of the result written.

A service logs the calls, a notebook or a terminal shows them as bars
(:class:`Bars`, over `tqdm <https://tqdm.github.io>`_, imported only when a
bar is first drawn).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TextIO


__all__ = ["JUDGE", "READ", "SCAN", "WRITE", "Bars", "Progress", "of_stage"]

#: Bytes of a CSV file cut into cells, or of a Parquet file's columns read.
SCAN = "scan"
#: Rows of the data read.
READ = "read"
#: Blocks (requirement x standard x year) decided.
JUDGE = "judge"
#: Rows of the result written.
WRITE = "write"

#: ``progress(stage, done, total)``: ``done`` of ``total`` units of ``stage``.
Progress = Callable[[str, int, int], None]


def of_stage(
    progress: Progress | None, stage: str
) -> Callable[[int, int], None] | None:
    """Return ``progress`` bound to one stage (``(done, total)``), or None for none.

    What a loop that reports one stage calls (a CSV file's parts, a Parquet
    file's row groups), testing only for None.
    """
    return None if progress is None else functools.partial(progress, stage)


#: Each stage's unit as a bar shows it after a number (``241MB``, ``461k rows``).
_UNITS = {SCAN: "B", READ: " rows", JUDGE: " blocks", WRITE: " rows"}


class Bars:
    """A progress callback that draws one tqdm bar per stage.

    Needs tqdm (``python3 -m pip install 'ecociv[progress]'``). A stage's
    bar opens on its first call and closes when ``done`` reaches ``total``
    (or when the next stage begins, or on :meth:`close`).

    Args:
        file: Where the bars go (default: stderr).
        prefix: Put before each stage's name (``"ecociv compare: "``).
        notebook: Draw notebook widgets where Jupyter can (``tqdm.auto``).
    """

    def __init__(
        self, file: TextIO | None = None, *, prefix: str = "", notebook: bool = False
    ) -> None:
        self._file = file
        self._prefix = prefix
        self._notebook = notebook
        self._stage: str | None = None
        self._bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = self._open(stage, total)
        bar = self._bar
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if done >= total:
            self.close()

    def _open(self, stage: str, total: int) -> Any:
        import tqdm  # noqa: PLC0415  (on the first bar)

        if self._notebook:
            import tqdm.auto  # noqa: PLC0415

            bar: Any = tqdm.auto.tqdm
        else:
            bar = tqdm.tqdm
        return bar(
            total=total,
            desc=f"{self._prefix}{stage}",
            unit=_UNITS.get(stage, " steps"),
            unit_scale=True,
            file=self._file,
            leave=False,
            dynamic_ncols=True,
        )

    def close(self) -> None:
        """Close the open bar, if any."""
        if self._bar is not None:
            self._bar.close()
        self._bar = None
        self._stage = None
