"""The batch engine: rule kinds, regions, due years, policies, output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import attrs
import pytest

import ecociv
from ecociv import Observation, Observations, Region, RegionClass, TrendPolicy
from ecociv._io import _arrow
from ecociv._io import _csv as _csv_door
from ecociv.errors import RuleError, UnknownRegionError
from ecociv.rules import AllOf, ByRegion, Op, RegionCase, Rule, Threshold
from ecociv.standards import Standard


def make_observations(
    std: Standard, rows: list[tuple[Any, ...]], region: str = "330683"
) -> Observations:
    """Build observations from ``(indicator, year, value[, target])`` tuples."""
    items = []
    for ind_id, year, value, *rest in rows:
        ind = std.indicator(ind_id)
        target = rest[0] if rest else None
        items.append(Observation(region, ind.id, year, value, ind.unit, target=target))
    return Observations(items)


EXAMPLE = "examples/shengzhou-illustrative.csv"


@attrs.frozen
class EvenYear:
    """A rule that is not one of ecociv's kinds (it cannot decide over columns)."""

    kind: ClassVar[str] = "even_year"

    def describe(self, lang: str = "zh") -> str:
        """Return the rule in words."""
        del lang
        return "even"


@pytest.fixture
def data(county2024: Standard) -> Observations:
    """The bundled example."""
    return Observations.from_csv(EXAMPLE, county2024)


def test_a_rule_of_no_known_kind_is_refused(
    county2024: Standard, data: Observations
) -> None:
    """A rule that is not one of the closed set of kinds is refused, never judged."""
    req = attrs.evolve(county2024.requirements[0], rule=EvenYear())  # type: ignore[arg-type]
    std = attrs.evolve(county2024, requirements=(req, *county2024.requirements[1:]))
    with pytest.raises(RuleError, match="even_year"):
        ecociv.assess_many(data, std, 2024)
    with pytest.raises(RuleError, match="requirement 1"):
        ecociv.assess(std, "330683", data, 2024)


def test_due_requirements_go_through_the_engine(
    county2024: Standard, data: Observations
) -> None:
    """A plan target with a due year is judged by the engine, row by row."""
    req = attrs.evolve(county2024.requirements[0], due=2025)
    std = attrs.evolve(county2024, requirements=(req,))
    result = ecociv.assess_many(data, std, 2024)
    j = ecociv.assess(std, "330683", data, 2024).judgement(req.id)
    assert result.row("330683", req.id)["verdict"] == j.verdict.value


def test_a_region_without_data_is_insufficient(
    county2024: Standard, data: Observations
) -> None:
    """A requested region with no rows gets insufficient data, never met."""
    result = ecociv.assess_many(data, county2024, 2024, regions=["110101"])
    verdicts = {r["verdict"] for r in result.records()}
    assert verdicts == {"insufficient_data"}
    assert result.summary_records()[0]["eligible"] is None


def test_unknown_region_is_an_error(county2024: Standard, data: Observations) -> None:
    """An unknown region code raises UnknownRegionError."""
    with pytest.raises(UnknownRegionError):
        ecociv.assess_many(data, county2024, 2024, regions=["999999"])


def test_by_region_cases_follow_the_region(
    county2024: Standard, make_observations: Callable[..., Observations]
) -> None:
    """Rural sewage ≥60 in the east, ≥30 in central-western counties."""
    rows = [("rural_sewage_treatment_rate", 2024, 45.0)]
    obs = Observations(
        [
            *make_observations(county2024, rows, "330683"),  # east
            *make_observations(county2024, rows, "420222"),  # central county
        ]
    )
    result = ecociv.assess_many(obs, county2024, 2024)
    assert result.row("330683", "20")["verdict"] == "not_met"
    assert result.row("420222", "20")["verdict"] == "met"
    assert result.row("420222", "20")["target"] == 30.0


_EAST, _MIDDLE = frozenset({RegionClass.EAST}), frozenset({RegionClass.CENTRAL})


@pytest.mark.parametrize(
    "middle",
    [Threshold(Op.GE, 30.0), AllOf((Threshold(Op.GE, 30.0),))],
    ids=["every case a fixed bound", "a case of another kind"],
)
@pytest.mark.parametrize("targets", ["standard", "data"])
def test_by_region_judges_each_region_by_its_own_case(
    county2024: Standard,
    make_observations: Callable[..., Observations],
    middle: Rule,
    targets: str,
) -> None:
    """Each region takes its case's bound; a region no case fits has no numbers.

    Cases that are all fixed bounds are judged as one comparison with a bound
    per region; a case of another kind decides on its own. Both say the same.
    """
    rule = ByRegion(
        (
            RegionCase(Threshold(Op.GE, 60.0), classes=_EAST),
            RegionCase(middle, classes=_MIDDLE),
        )
    )
    req = attrs.evolve(
        county2024.requirements[0], indicator="rural_sewage_treatment_rate", rule=rule
    )
    std = attrs.evolve(county2024, requirements=(req,))
    rows = [("rural_sewage_treatment_rate", 2024, 45.0, 40.0)]
    obs = Observations(
        [
            o
            for code in ("330683", "420222", "220102")  # east, central, north-east
            for o in make_observations(county2024, rows, code)
        ]
    )
    result = ecociv.assess_many(obs, std, 2024, targets=targets)
    got = {
        code: (r["verdict"], r["target"], r["distance"])
        for code in ("330683", "420222", "220102")
        for r in [result.row(code, req.id)]
    }
    if targets == "data":  # the operative target (40) wherever a case applies
        assert got["330683"] == ("met", 40.0, 5.0)
        assert got["420222"] == ("met", 40.0, 5.0)
    else:
        assert got["330683"] == ("not_met", 60.0, -15.0)
        assert got["420222"] == ("met", 30.0, 15.0)
    assert got["220102"][0] == "insufficient_data"
    assert got["220102"][1:] == (None, None)
    j = result.explain("220102", req.id)
    assert "gives no value" in j.outcome.reason_en
    assert j.outcome.target_from is None
    (block,) = result.run.blocks  # the decision: no case, no target from the data
    k = [r.code for r in result.run.regions].index("220102")
    assert block.decision.lead is not None
    assert block.decision.lead[k] == -1
    assert block.decision.from_data is None or not block.decision.from_data[k]


def test_rows_are_region_major_with_every_block(
    county2024: Standard, data: Observations
) -> None:
    """One row per (region, standard, year, requirement), region first."""
    result = ecociv.assess_many(
        data, county2024, [2023, 2024], regions=["330683", "110101"]
    )
    records = list(result.records())
    assert len(records) == len(result) == 2 * 2 * len(county2024.requirements)
    assert [r["region"] for r in records[:2]] == ["330683", "330683"]
    assert records[-1]["region"] == "110101"


def test_explain_gives_the_engine_judgement(
    county2024: Standard, data: Observations
) -> None:
    """explain() returns assess's judgement, reasons included."""
    result = ecociv.assess_many(data, county2024, 2024)
    one = ecociv.assess(county2024, "330683", data, 2024)
    for j in one.judgements:
        assert result.explain("330683", j.id) == j


def test_each_region_s_assessment_counts_its_own_verdicts(
    county2024: Standard, data: Observations
) -> None:
    """assessment(region) is that region's judgements and summary, no other's."""
    regions = ["110101", "330683", "330602"]  # no data, the example, no data
    result = ecociv.assess_many(data, county2024, 2024, regions=regions)
    rows = {r["region"]: r for r in result.summary_records()}
    for code in regions:
        got = result.assessment(code)
        one = ecociv.assess(county2024, code, data, 2024)
        assert got.summary == one.summary
        assert got.judgements == one.judgements
        assert rows[code]["binding_not_met"] == got.summary.binding.not_met
    assert result.assessment("330683").summary != result.assessment("110101").summary


def test_a_batch_comparison_lists_summaries_region_major(
    county2024: Standard, data: Observations
) -> None:
    """A comparison of a batch result keeps its summaries region-major."""
    from ecociv.report._table import batch_head  # noqa: PLC0415

    result = ecociv.assess_many(
        data, county2024, [2023, 2024], regions=["330683", "110101"]
    )
    head = batch_head(result)
    assert [(s.region, s.year) for s in head.summaries] == [
        ("330683", 2023),
        ("330683", 2024),
        ("110101", 2023),
        ("110101", 2024),
    ]


def test_progress_is_reported(county2024: Standard, data: Observations) -> None:
    """The progress callback sees every block judged, ending at the total."""
    seen: list[tuple[str, int, int]] = []
    ecociv.assess_many(data, county2024, 2024, progress=lambda *call: seen.append(call))
    n = len(county2024.requirements)
    assert seen[-1] == ("judge", n, n)
    assert {stage for stage, _, _ in seen} == {"judge"}  # Observations: no reading


def test_progress_covers_reading_a_file(county2024: Standard) -> None:
    """A file read by assess_many reports its rows before and after reading."""
    seen: list[tuple[str, int, int]] = []
    ecociv.assess_many(
        "examples/shengzhou-illustrative.csv",
        county2024,
        2024,
        progress=lambda *call: seen.append(call),
    )
    assert seen[:2] == [("read", 0, 46), ("read", 46, 46)]
    assert seen[2][0] == "judge"


@pytest.mark.parametrize("part_bytes", [1, 1 << 26])
def test_progress_covers_cutting_a_large_csv_file(
    county2024: Standard, tmp_path: Path, part_bytes: int
) -> None:
    """Arrow's cutting of a CSV file reports its bytes, part by part, before the rows.

    Read as a large file is (Arrow's reader), in parts of a line (or whole),
    and once more as a GB18030 file is (the text re-encoded, then cut).
    """
    example = Path("examples/shengzhou-illustrative.csv")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(example.read_text(encoding="utf-8").encode("gb18030"))
    for path in (example, gbk):
        seen = _Calls()
        with (
            mock.patch.object(_csv_door, "ARROW_FROM", 0),
            mock.patch.object(_arrow, "PART_BYTES", part_bytes),
        ):
            ecociv.assess_many(path, county2024, 2024, progress=seen)
        stages = [stage for stage, _, _ in seen]
        assert stages.index("read") == stages.count("scan") > 1
        scans = [(done, total) for stage, done, total in seen if stage == "scan"]
        last = max(k for k, (done, _) in enumerate(scans) if done == 0)
        assert scans[last] == (0, scans[-1][1])  # the last attempt starts at 0 ...
        done = [d for d, _ in scans[last:]]
        assert done == sorted(done)
        assert done[-1] == scans[-1][1]  # ... and ends with the whole text
        if part_bytes == 1 and path == example:
            assert len(scans) > 10  # a report per part


def test_progress_covers_reading_a_parquet_file_s_row_groups(
    county2024: Standard, tmp_path: Path
) -> None:
    """A Parquet file reports the bytes of the columns read, row group by row group."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    obs = Observations.from_csv("examples/shengzhou-illustrative.csv", county2024)
    rows = [
        {"region": o.region, "indicator": o.indicator, "year": o.year, "value": o.value}
        for o in obs
        if not isinstance(o.value, bool)
    ]
    path = tmp_path / "groups.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=10)
    seen = _Calls()
    ecociv.assess_many(path, county2024, 2024, progress=seen)
    scans = [(done, total) for stage, done, total in seen if stage == "scan"]
    assert len(scans) == 1 + pq.ParquetFile(path).num_row_groups
    assert scans[0][0] == 0
    assert [d for d, _ in scans] == sorted(d for d, _ in scans)
    assert scans[-1][0] == scans[-1][1] > 0
    assert [stage for stage, _, _ in seen][len(scans)] == "read"


class _Calls(list[tuple[str, int, int]]):
    """A progress callback that keeps its calls."""

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.append((stage, done, total))


def test_a_custom_policy_reaches_trend_rules(
    county2024: Standard, data: Observations
) -> None:
    """A tolerance turns a small worsening of a trend into met, as in assess."""
    policy = TrendPolicy(tolerance=1.0)
    result = ecociv.assess_many(data, county2024, 2024, policy=policy)
    j = ecociv.assess(county2024, "330683", data, 2024, policy=policy).judgement("16")
    assert result.row("330683", "16")["verdict"] == j.verdict.value == "met"


def test_several_standards_share_one_call(
    county2024: Standard, data: Observations
) -> None:
    """Two standards in one call each keep their own requirements."""
    strict = attrs.evolve(
        county2024,
        id="strict",
        requirements=(
            attrs.evolve(
                county2024.requirements[0], rule=Threshold(ecociv.rules.Op.GE, 30)
            ),
        ),
    )
    result = ecociv.assess_many(data, [county2024, strict], 2024)
    assert result.row("330683", "1", standard="strict")["verdict"] == "not_met"
    assert result.row("330683", "1", standard=county2024.id)["verdict"] == "met"


def test_import_ecociv_does_not_load_numpy_or_pandas() -> None:
    """Import ecociv stays free of numpy and pandas."""
    import subprocess  # noqa: PLC0415

    code = "import sys, ecociv; print('numpy' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_judging_does_not_load_numpy_ma() -> None:
    """One region's assessment and a batch's account never import numpy.ma.

    ``np.unique`` imports it on first use (some 10 ms of a command's start);
    the engine's arrays are never masked (``ecociv._arrays.unique``).
    """
    import subprocess  # noqa: PLC0415

    code = (
        "import sys, ecociv\n"
        "std = ecociv.standards.load('mee-2024-county')\n"
        f"data = ecociv.Observations.from_csv({EXAMPLE!r}, std)\n"
        "ecociv.assess(std, '330683', data, 2024)\n"
        "r = ecociv.assess_many(data, std, 2024, regions=['330683', '110101'])\n"
        "print(bool(r.warnings), r.account.read > 0, 'numpy.ma' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True", "False"]


def test_judging_a_csv_file_does_not_load_pandas(tmp_path: Path) -> None:
    """A CSV file cut by Arrow is judged without pandas (its import costs 0.3-0.5 s)."""
    import subprocess  # noqa: PLC0415

    path = tmp_path / "d.csv"
    rows = "".join(
        f"330683,forest_coverage,{y},{60 + y % 7},%\n" for y in range(2000, 2025)
    )
    path.write_text("region,indicator,year,value,unit\n" + rows, encoding="utf-8")
    code = (
        "import sys, ecociv\n"
        "from ecociv._io import _csv\n"
        "_csv.ARROW_FROM = 0  # Arrow, as for a large file\n"
        f"r = ecociv.assess_many({str(path)!r}, 'mee-2024-county', 2024)\n"
        "print(len(r.table), 'pandas' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["25", "False"]


def test_judging_a_parquet_file_with_empty_cells_does_not_load_pandas(
    tmp_path: Path,
) -> None:
    """Nulls in a Parquet file are read without pandas (fill_null imports it)."""
    import subprocess  # noqa: PLC0415

    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    path = tmp_path / "d.parquet"
    years = list(range(2000, 2025))
    table = pa.table(
        {
            "region": ["330683"] * len(years),
            "indicator": ["forest_coverage"] * len(years),
            "year": years,
            "value": [None if y % 5 == 0 else str(60 + y % 7) for y in years],
            "unit": ["%"] * len(years),
        }
    )
    pq.write_table(table, path)
    code = (
        "import sys, ecociv\n"
        f"r = ecociv.assess_many({str(path)!r}, 'mee-2024-county', 2024)\n"
        "print(len(r.table), 'pandas' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["25", "False"]  # an empty cell: no value


def test_region_overrides_are_honoured(county2024: Standard) -> None:
    """A Region with an overridden class is judged with that class, as in assess."""
    rows = [("rural_sewage_treatment_rate", 2024, 45.0)]
    obs = make_observations(county2024, rows, "330683")
    central = Region.from_code("330683", region_class="central")
    result = ecociv.assess_many(obs, county2024, 2024, regions=[central])
    j = ecociv.assess(county2024, central, obs, 2024).judgement("20")
    assert result.row("330683", "20")["verdict"] == j.verdict.value
    assert j.target == result.row("330683", "20")["target"]
