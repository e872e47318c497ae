"""assess_partitioned: files partitioned by region, judged as Dask tasks, gathered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import ecociv
from ecociv import RegionLevel
from ecociv._region import all_regions
from ecociv.batch import assess_partitioned
from ecociv.errors import DataError


STANDARDS = ("mee-2024-county", "mee-2016-county")


def _national(n: int = 24) -> pd.DataFrame:
    """Some counties x every indicator of two standards x four years, long form."""
    stds = [ecociv.standards.load(s) for s in STANDARDS]
    inds = {i.id: i for s in stds for i in s.indicators}
    codes = [r.code for r in all_regions(RegionLevel.COUNTY)][: n * 7 : 7]
    rows = []
    for k, code in enumerate(codes):
        for j, (ind_id, ind) in enumerate(sorted(inds.items())):
            for year in (2021, 2022, 2023, 2024):
                if ind.kind.value == "fact":
                    value = ("是", "否")[(k + j + year) % 2]
                    unit = ""
                elif (k + j + year) % 11 == 0:
                    value, unit = "", ind.unit  # missing
                else:
                    lo = 0.0 if ind.minimum is None else float(ind.minimum)
                    hi = lo + 100.0 if ind.maximum is None else float(ind.maximum)
                    value = str(
                        round(lo + (hi - lo) * ((k * 13 + j * 7 + year) % 97) / 97, 2)
                    )
                    unit = ind.unit
                rows.append((code, ind_id, year, value, unit))
    return pd.DataFrame(rows, columns=["region", "indicator", "year", "value", "unit"])


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The data set written as four Parquet files, a run of regions in each."""
    frame = _national()
    folder = tmp_path_factory.mktemp("national")
    regions = sorted(frame["region"].unique())
    for k in range(4):
        part = frame[frame["region"].isin(regions[k::4])]  # not in code order
        part.to_parquet(folder / f"part-{k}.parquet", index=False)
    return folder, frame


@pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
def test_the_gathered_rows_are_those_of_one_run(
    partitioned: tuple[Path, pd.DataFrame], scheduler: str
) -> None:
    """Rows and summaries equal one assess_many over all the files together."""
    folder, frame = partitioned
    got = assess_partitioned(
        folder, STANDARDS, [2023, 2024], scheduler=scheduler, provisional=True
    )
    one = ecociv.assess_many(frame, STANDARDS, [2023, 2024], provisional=True)
    assert len(got.files) == 4
    assert list(got.records()) == list(one.records())
    pd.testing.assert_frame_equal(
        got.to_frame(categorical=False), one.to_frame(categorical=False)
    )
    assert got.summary_records() == one.summary_records()
    pd.testing.assert_frame_equal(got.summary_frame(), one.summary_frame())
    assert sum(a.read for a in got.accounts) == one.account.read


def test_by_default_the_files_are_judged_on_threads_of_this_process(
    partitioned: tuple[Path, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No scheduler given: Dask's threads, here (no worker process starts).

    Each task runs the module's ``_judge`` as it is when the task runs: in
    this process, the one replaced below, which notes where it ran; in a
    worker process, the module's own, which notes nothing here.
    """
    import os  # noqa: PLC0415
    import threading  # noqa: PLC0415

    from ecociv.batch import _partitioned  # noqa: PLC0415

    folder, _ = partitioned
    judge, ran = _partitioned._judge, []

    def noted(*args: Any) -> Any:
        ran.append((os.getpid(), threading.get_ident()))
        return judge(*args)

    monkeypatch.setattr(_partitioned, "_judge", noted)
    got = assess_partitioned(folder, STANDARDS, 2024)
    assert len(ran) == len(got.files) == 4
    assert {pid for pid, _ in ran} == {os.getpid()}
    assert threading.get_ident() not in {thread for _, thread in ran}


def test_progress_hears_every_file(partitioned: tuple[Path, pd.DataFrame]) -> None:
    """The progress callback counts files judged, up to all of them."""
    folder, _ = partitioned
    seen: list[tuple[str, int, int]] = []
    assess_partitioned(
        folder,
        STANDARDS,
        2024,
        scheduler="threads",
        progress=lambda *c: seen.append(c),
    )
    assert seen[0] == ("judge", 0, 4)
    assert seen[-1] == ("judge", 4, 4)


def test_a_region_in_two_files_is_refused(
    partitioned: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    """A region in two files (or a file given twice) is an error, as is no file."""
    folder, _ = partitioned
    first = min(folder.glob("*.parquet"))
    copy = tmp_path / "copy.parquet"
    copy.write_bytes(first.read_bytes())
    with pytest.raises(DataError, match="partition by region"):
        assess_partitioned([first, copy], STANDARDS, 2024, scheduler="synchronous")
    with pytest.raises(ecociv.errors.ArgumentError, match="given twice"):
        assess_partitioned([first, first], STANDARDS, 2024)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ecociv.errors.ArgumentError, match="directory"):
        assess_partitioned(empty, STANDARDS, 2024)


def test_the_callers_limits_hold_in_every_task(
    partitioned: tuple[Path, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A limit set in the calling process holds in its tasks, in other processes too."""
    folder, _ = partitioned
    monkeypatch.setattr(ecociv.limits, "max_rows", 100)
    with pytest.raises(DataError, match="max_rows"):
        assess_partitioned(folder, STANDARDS, 2024, scheduler="processes")


def test_a_column_mapping_reads_every_file(
    partitioned: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    """Files headed in a yearbook's words are read through one mapping."""
    _, frame = partitioned
    regions = sorted(frame["region"].unique())
    own = {"region": "地区代码", "year": "年份"}
    for k in range(2):
        part = frame[frame["region"].isin(regions[k::2])].rename(columns=own)
        part.to_csv(tmp_path / f"part-{k}.csv", index=False)
    mapping = {v: k for k, v in own.items()}
    got = assess_partitioned(
        tmp_path, STANDARDS, 2024, scheduler="synchronous", columns=mapping
    )
    one = ecociv.assess_many(frame, STANDARDS, 2024)
    assert got.summary_records() == one.summary_records()
    with pytest.raises(DataError, match="地区代码"):
        assess_partitioned(tmp_path, STANDARDS, 2024, scheduler="synchronous")


def test_the_writers_write_the_gathered_rows_as_one_run(
    partitioned: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    """CSV and Parquet hold the gathered rows as they hold one run's; others refuse.

    The rows are labelled with the standards' indicator names, as a batch
    result's are; a document format has no form of a gathered result.
    """
    from ecociv import report  # noqa: PLC0415

    folder, frame = partitioned
    got = assess_partitioned(folder, STANDARDS, 2024, scheduler="synchronous")
    one = ecociv.assess_many(frame, STANDARDS, 2024)
    assert report.render(got, "csv") == report.render(one, "csv")
    report.write(got, tmp_path / "rows.parquet")
    report.write(one, tmp_path / "one.parquet")
    # The same rows; a text column's categories may come in another order.
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "rows.parquet"),
        pd.read_parquet(tmp_path / "one.parquet"),
        check_categorical=False,
    )
    assert pd.read_parquet(tmp_path / "rows.parquet")["indicator_zh"].ne("").all()
    for fmt in ("json", "md", "html"):
        with pytest.raises(ValueError, match="CSV or Parquet"):
            report.render(got, fmt)


def test_a_worker_keeps_one_copy_of_each_standard() -> None:
    """Each task brings its own copy of the standards: a worker keeps the first.

    What is worked out once per standard is kept by identity (the reading
    catalog, the rules walked and checked), so a copy per file would work it
    out again for every file. Equal copies map to the first; another
    standard is kept as itself.
    """
    import pickle  # noqa: PLC0415

    from ecociv.batch._partitioned import _STANDARDS, _interned  # noqa: PLC0415

    _STANDARDS.clear()  # this process's table: none kept yet
    stds = tuple(ecociv.standards.load(s) for s in STANDARDS)
    first = _interned(stds)
    copies = pickle.loads(pickle.dumps(stds))  # noqa: S301  (our own bytes)
    assert copies == stds
    assert all(c is not s for c, s in zip(copies, stds, strict=True))
    again = _interned(copies)
    assert all(a is f for a, f in zip(again, first, strict=True))
    other = ecociv.standards.load("mee-2024-city")
    assert _interned((other,))[0] is other


@pytest.fixture(scope="module")
def cluster() -> Any:
    """A dask.distributed cluster of two worker processes, on this machine."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as running,
        distributed.Client(running) as client,
    ):
        yield client


def test_a_cluster_gives_the_rows_of_one_run(
    partitioned: tuple[Path, pd.DataFrame], cluster: Any
) -> None:
    """On a dask.distributed cluster: one run's rows, progress heard, errors raised."""
    folder, frame = partitioned
    seen: list[tuple[str, int, int]] = []
    got = assess_partitioned(
        folder, STANDARDS, 2024, scheduler=cluster, progress=lambda *c: seen.append(c)
    )
    one = ecociv.assess_many(frame, STANDARDS, 2024)
    pd.testing.assert_frame_equal(
        got.to_frame(categorical=False), one.to_frame(categorical=False)
    )
    assert got.summary_records() == one.summary_records()
    assert seen == [("judge", k, 4) for k in range(5)]
    seen.clear()  # the running client, by name
    by_name = assess_partitioned(
        folder,
        STANDARDS,
        2024,
        scheduler="distributed",
        progress=lambda *c: seen.append(c),
    )
    assert by_name.summary_records() == one.summary_records()
    assert seen == [("judge", k, 4) for k in range(5)]
    with (
        ecociv.limits.applied({"max_rows": 100}),
        pytest.raises(DataError, match="max_rows") as raised,
    ):
        assess_partitioned(folder, STANDARDS, 2024, scheduler=cluster)
    assert raised.value.problems[0].file in {str(f) for f in got.files}


def test_a_local_scheduler_does_not_load_the_cluster_library(
    partitioned: tuple[Path, pd.DataFrame],
) -> None:
    """Named local schedulers run as they are: dask.distributed stays unimported."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    folder, _ = partitioned
    code = (
        "import sys\n"
        "from ecociv.batch import assess_partitioned\n"
        f"assess_partitioned({str(folder)!r}, {STANDARDS!r}, 2024, "
        "scheduler='synchronous')\n"
        "print('distributed' in sys.modules)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_an_executor_runs_the_tasks(partitioned: tuple[Path, pd.DataFrame]) -> None:
    """A concurrent.futures executor is a scheduler too, as Dask takes it."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    folder, frame = partitioned
    seen: list[tuple[str, int, int]] = []
    with ThreadPoolExecutor(2) as pool:
        got = assess_partitioned(
            folder, STANDARDS, 2024, scheduler=pool, progress=lambda *c: seen.append(c)
        )
    one = ecociv.assess_many(frame, STANDARDS, 2024)
    assert got.summary_records() == one.summary_records()
    assert seen[-1] == ("judge", 4, 4)
