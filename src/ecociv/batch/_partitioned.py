"""``assess_partitioned``: many files of regions, each judged as a Dask task.

Data that outgrows one process usually already sits in files partitioned by
region (a province per file, a shard per county range). Each file is read
and judged by :func:`~ecociv.batch.assess_many` in its own task, where the
data lives, and only its result travels back: the tidy rows as columns
(:class:`~ecociv.batch.Tidy`), the summaries, the account and warnings.
Nothing is shuffled: a file's data is held only while its task runs, by
the thread or worker that runs it (with the default threads scheduler, as
many files at once as the machine has cores). The gathered rows are those
of one ``assess_many`` over all the files together, in the same order
(regions by code, region-major).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ecociv import limits
from ecociv._account import InputAccount
from ecociv._engine._arguments import (
    flag_of,
    policy_of,
    standards_of,
    targets_of,
    years_of,
)
from ecociv._io import FILE_KINDS
from ecociv._progress import JUDGE, Progress
from ecociv.batch._api import assess_many
from ecociv.batch._columns import Coded, Tidy
from ecociv.batch._result import SUMMARY_COLUMNS
from ecociv.errors import ArgumentError, DataError, DataProblem
from ecociv.rules import TrendPolicy


if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ecociv.standards import Standard
else:
    from ecociv._lazy import numpy as np


__all__ = ["PartitionedResult", "assess_partitioned"]


@attrs.frozen(eq=False)
class _Part:
    """What one file's task sends back: its rows, summaries, account and warnings."""

    file: str
    rows: Tidy
    summaries: list[tuple[Any, ...]]
    account: InputAccount
    warnings: tuple[DataProblem, ...]
    issues: tuple[DataProblem, ...]


#: The standards tasks brought to this process, each kept once by value.
_STANDARDS: dict[Standard, Standard] = {}
#: How many are kept before the table starts afresh (a long-lived worker).
_STANDARDS_KEPT = 64


def _interned(standards: tuple[Standard, ...]) -> tuple[Standard, ...]:
    """Return the standards as this process first received them (equal by value).

    A task sent to a worker process brings its own copy of the standards,
    and what is worked out once per standard (its reading catalog, its rules
    walked and checked: :mod:`ecociv._memo`, by identity) would be worked out
    again for every file, some 40 ms a file for two standards. A standard's
    hash and equality cost a tenth of a millisecond.
    """
    if len(_STANDARDS) > _STANDARDS_KEPT:
        _STANDARDS.clear()
    return tuple(_STANDARDS.setdefault(s, s) for s in standards)


def _judge(  # noqa: PLR0913, PLR0917  (one task's arguments)
    path: str,
    standards: tuple[Standard, ...],
    years: tuple[int, ...],
    policy: TrendPolicy,
    provisional: bool,
    targets: str,
    strict: bool,
    columns: dict[str, str | None] | None,
    bounds: dict[str, int | None],
) -> _Part:
    """Read and judge one file; return only its result (runs in a Dask task).

    The caller's input limits hold in the task, whichever process runs it.
    """
    with limits.applied(bounds):
        result = assess_many(
            path,
            _interned(standards),
            years,
            policy=policy,
            provisional=provisional,
            targets=targets,
            strict=strict,
            columns=columns,
        )
    return _Part(
        path,
        result.columns(),
        [tuple(s.values()) for s in result.summary_records()],
        result.account,
        result.warnings,
        result.issues,
    )


@attrs.frozen(eq=False)
class PartitionedResult:
    """The gathered result of :func:`assess_partitioned`: rows and summaries.

    Attributes:
        files: The files judged, in order.
        rows: The tidy rows of every file as columns (``COLUMNS``), region-major,
            regions by code: those of one ``assess_many`` over all the files.
        summaries: One summary row per (region, standard, year)
            (``SUMMARY_COLUMNS``), in the same order.
        accounts: What became of each file's rows, one account per file.
        warnings: What the reader of the verdicts must know, file by file.
        issues: Rows refused (read leniently), file by file.
        standards: The standards judged (their indicators' names label the
            rows the CSV and Parquet writers write).
    """

    files: tuple[str, ...]
    rows: Tidy
    summaries: tuple[tuple[Any, ...], ...]
    accounts: tuple[InputAccount, ...]
    warnings: tuple[DataProblem, ...] = ()
    issues: tuple[DataProblem, ...] = ()
    standards: tuple[Standard, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return (
            f"<PartitionedResult: {len(self.files)} files, "
            f"{len(self.summaries):,} summaries, {len(self):,} rows>"
        )

    def columns(self) -> Tidy:
        """Return the tidy rows as columns (see :meth:`BatchResult.columns`)."""
        return self.rows

    def records(self) -> Iterator[dict[str, Any]]:
        """Yield every row as a plain dict, region-major."""
        return self.rows.records()

    def to_frame(self, *, categorical: bool = True) -> pd.DataFrame:
        """Return the tidy rows as a DataFrame (see :meth:`BatchResult.to_frame`)."""
        return self.rows.frame(categorical=categorical)

    def summary_records(self) -> list[dict[str, Any]]:
        """Return one summary per (region, standard, year), as plain dicts."""
        return [dict(zip(SUMMARY_COLUMNS, s, strict=True)) for s in self.summaries]

    def summary_frame(self) -> pd.DataFrame:
        """Return the summaries as a DataFrame (``SUMMARY_COLUMNS``)."""
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame(list(self.summaries), columns=list(SUMMARY_COLUMNS))


def _files(data: str | Path | Iterable[str | Path]) -> list[str]:
    """Return the files to judge: those given, or a directory's data files by name.

    Raises:
        ArgumentError: When there is none, or a file is given twice.
    """
    if isinstance(data, str | Path):
        given = Path(data)
        if given.is_dir():
            found = sorted(
                p
                for p in given.iterdir()
                if p.is_file() and p.suffix.lower() in FILE_KINDS
            )
            paths = [str(p) for p in found]
        else:
            paths = [str(given)]
    else:
        paths = [str(p) for p in data]
    if not paths:
        kinds = ", ".join(FILE_KINDS)
        raise ArgumentError(
            "data", data, f"give files, or a directory of {kinds} files"
        )
    twice = sorted({p for p in paths if paths.count(p) > 1})
    if twice:
        raise ArgumentError("data", data, f"each file once ({twice[0]} is given twice)")
    return paths


def _gathered(
    parts: Sequence[_Part], standards: tuple[Standard, ...]
) -> PartitionedResult:
    """Return the parts' rows and summaries, regions by code as one run orders them.

    Raises:
        DataError: When a region's rows are in two files (it would be judged
            twice, each time on part of its data).
    """
    seen: dict[str, str] = {}
    for part in parts:
        for code in {s[0] for s in part.summaries}:
            other = seen.setdefault(code, part.file)
            if other != part.file:
                msg = (
                    f"region {code} has rows in {other} and {part.file}: each "
                    "region's rows must lie in one file (partition by region)"
                )
                raise DataError([DataProblem(msg, part.file, region=code)])
    summaries = sorted(
        (s for p in parts for s in p.summaries), key=lambda s: s[0]
    )  # stable: each region keeps its (standard, year) order
    rows = Tidy.concat([p.rows for p in parts])
    region = rows["region"]
    assert isinstance(region, Coded)  # noqa: S101  (the builder codes text)
    codes = np.array(region.categories or [""], dtype=object)[region.codes]
    order = np.argsort(codes, kind="stable")
    return PartitionedResult(
        tuple(p.file for p in parts),
        rows.take(order),
        tuple(summaries),
        tuple(p.account for p in parts),
        tuple(w for p in parts for w in p.warnings),
        tuple(i for p in parts for i in p.issues),
        standards,
    )


def assess_partitioned(  # noqa: PLR0913  (keyword-only options)
    data: str | Path | Iterable[str | Path],
    standards: Standard | str | Iterable[Standard | str],
    years: int | Iterable[int],
    *,
    policy: TrendPolicy | None = None,
    provisional: bool = False,
    targets: str = "standard",
    strict: bool = True,
    columns: Mapping[str, str | None] | None = None,
    scheduler: Any = "threads",
    progress: Progress | None = None,
) -> PartitionedResult:
    """Judge files partitioned by region, each in its own Dask task; gather the rows.

    Each file (CSV, Parquet or Excel, long or wide form) holds every row of
    the regions it holds: a region's rows in two files is an error. Each
    task reads its file and runs :func:`assess_many` on it; only the result
    (rows as columns, summaries, account, warnings) is kept, and the file's
    data is freed as its task ends. The input limits
    (:mod:`ecociv.limits`) of the calling process hold in every task, file
    by file. Needs ``ecociv[dask]``.

    Args:
        data: A directory (its ``.csv``, ``.parquet`` and ``.xlsx`` files,
            by name), or the files.
        standards: One or more standards or bundled ids.
        years: One or more assessment years.
        policy: The trend policy (default :class:`~ecociv.TrendPolicy`).
        provisional: As for :func:`assess_many`.
        targets: As for :func:`assess_many`.
        strict: As for :func:`assess_many`, file by file.
        columns: A column mapping, as for :func:`assess_many`, for every file.
        scheduler: A Dask scheduler: ``"threads"`` (default: reading and
            judging run mostly in Arrow and numpy, which let other threads
            run, and no process has to start), ``"processes"`` (worker
            processes: each starts in about half a second, then never waits
            for another; for machines of many cores), ``"synchronous"`` (one
            file after another, in this thread), or a ``dask.distributed``
            client for a cluster (or ``"distributed"``: the running client).
        progress: Hears ``("judge", files judged, files)`` as tasks finish
            (on a cluster too).

    Returns:
        A :class:`PartitionedResult`: the rows (``to_frame()``,
        ``records()``, ``columns()``) and summaries of one
        :func:`assess_many` over all the files.

    Raises:
        DataError: When a file cannot be read (strict), or a region has
            rows in two files.
        ArgumentError: When an argument is of the wrong kind, or no file is
            given.
    """
    import dask  # noqa: PLC0415  (the dask extra)
    from dask.base import compute as dask_compute  # noqa: PLC0415
    from dask.delayed import delayed as dask_delayed  # noqa: PLC0415

    files = _files(data)
    stds = tuple(standards_of(standards))
    args = (
        stds,
        tuple(years_of(years)),
        policy_of(policy),
        flag_of(provisional),
        targets_of(targets).value,
        flag_of(strict, "strict"),
        None if columns is None else dict(columns),
        limits.current(),
    )
    delayed: Any = dask_delayed  # untyped
    compute: Any = dask_compute
    # Keys of their own (pure=False): hashing the standards into each task's
    # key cost some 4 ms a file, and a key is only a name here.
    tasks = [delayed(_judge, pure=False)(f, *args) for f in files]
    scheduler = _scheduler(scheduler)
    if _is_client(scheduler):  # a dask.distributed cluster
        parts = _on_cluster(scheduler, tasks, progress)
    else:
        # One file per task sent to a worker process: a file takes a tenth
        # of a second and more, and Dask's processes scheduler sends six at a
        # time by default, which leaves a worker idle while another has twelve.
        with dask.config.set(chunksize=1):
            if progress is None:
                parts = compute(*tasks, scheduler=scheduler)
            else:
                with _Files(progress, len(files)):
                    parts = compute(*tasks, scheduler=scheduler)
    return _gathered(parts, stds)


def _scheduler(scheduler: Any) -> Any:
    """Return what runs the tasks, as Dask finds it: a function or a cluster's client.

    A local scheduler named (``"processes"``) is Dask's own function, found
    directly: Dask would first import ``dask.distributed`` when installed
    (some 0.3 s) to look for a running client. Anything else (a client,
    ``"distributed"``: the running client, an executor) is found by Dask.
    """
    from dask.base import get_scheduler, named_schedulers  # noqa: PLC0415

    if isinstance(scheduler, str) and scheduler.lower() in named_schedulers:
        return named_schedulers[scheduler.lower()]
    find: Any = get_scheduler  # untyped
    found = find(scheduler=scheduler)
    client = getattr(found, "__self__", None)  # Dask gives a client's get method
    return client if _is_client(client) else found


def _is_client(scheduler: Any) -> bool:
    """Return whether the scheduler is a ``dask.distributed`` client."""
    return type(scheduler).__module__.startswith("distributed")


def _on_cluster(
    client: Any, tasks: list[Any], progress: Progress | None
) -> list[_Part]:
    """Run the tasks on a cluster; tell ``progress`` of each file as it comes back.

    Dask's local callbacks do not see a cluster's tasks: the futures do.
    """
    from distributed import as_completed as completed  # noqa: PLC0415

    as_completed: Any = completed  # untyped

    futures = client.compute(tasks)
    if progress is not None:
        progress(JUDGE, 0, len(futures))
        for done, _ in enumerate(as_completed(futures), 1):
            progress(JUDGE, done, len(futures))
    parts: list[_Part] = client.gather(futures)
    return parts


def _Files(progress: Progress, n: int) -> Any:  # noqa: N802  (a class made on use)
    """Return a Dask callback that tells ``progress`` of every file judged."""
    from dask.callbacks import Callback  # noqa: PLC0415

    class Files(Callback):
        done = 0

        def _start(self, _dsk: Any) -> None:
            progress(JUDGE, 0, n)

        def _posttask(self, _key: Any, result: Any, *_: Any) -> None:
            if isinstance(result, _Part):
                self.done += 1
                progress(JUDGE, self.done, n)

    return Files()  # type: ignore[no-untyped-call]
