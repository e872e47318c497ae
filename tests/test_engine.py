"""The engine's summary, eligibility, composition logic and JSON form."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ecociv
from ecociv import Assessment, Observations, Verdict
from ecociv._engine import eligibility
from ecociv.rules import AnyOf, Decision, Op, Threshold
from ecociv.rules._compose import _combine, _lead, _pick
from ecociv.standards import Standard
from ecociv.testing import ANY_DISTANCE, expect, outcome


MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NA, NO_DATA = Verdict.NOT_APPLICABLE, Verdict.INSUFFICIENT_DATA
EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"


@pytest.fixture(scope="module")
def example() -> Assessment:
    """The bundled example judged against the 2024 county standard."""
    std = ecociv.standards.load("mee-2024-county")
    obs = Observations.from_csv(EXAMPLE, std)
    return ecociv.assess(std, "330683", obs, 2024)


@pytest.mark.parametrize(
    ("verdicts", "all_of", "any_of"),
    [
        ([MET, MET], MET, MET),
        ([MET, NOT_MET], NOT_MET, MET),
        ([NOT_MET, NO_DATA], NOT_MET, NO_DATA),
        ([MET, NO_DATA], NO_DATA, MET),
        ([NA, NA], NA, NA),
        ([NA, MET], MET, MET),
        ([NA, NOT_MET], NOT_MET, NOT_MET),
        ([NA, NO_DATA], NO_DATA, NO_DATA),
    ],
)
def test_composition(verdicts: list[Verdict], all_of: Verdict, any_of: Verdict) -> None:
    """且 fails on any failure; 或 passes on any pass; missing data is never a pass."""
    nan = np.array([np.nan])
    parts = [
        Decision(
            np.array([v.code], np.int8), nan, nan, nan, np.zeros(1, np.int8), ("",)
        )
        for v in verdicts
    ]
    assert Verdict.of_code(_combine(parts, every=True)[0]) is all_of
    assert Verdict.of_code(_combine(parts, every=False)[0]) is any_of


@pytest.mark.parametrize(
    ("parts", "every", "lead"),
    [
        # 且, failing: the first failing part with a distance.
        ([(NOT_MET, np.nan), (NOT_MET, -2.0), (NOT_MET, -5.0)], True, 1),
        ([(MET, 1.0), (NOT_MET, np.nan)], True, -1),
        # 且, all passing: the least margin, the first of equals; NaN never.
        ([(MET, 3.0), (MET, 1.0), (MET, 1.0)], True, 1),
        ([(MET, 0.0), (MET, -0.0)], True, 0),
        ([(MET, -0.0), (MET, 0.0), (MET, 1.0)], True, 0),
        ([(NA, np.nan), (MET, 3.0)], True, 1),
        ([(MET, np.inf), (MET, np.nan)], True, -1),  # no margin is the least
        ([(MET, np.inf), (MET, -np.inf)], True, 1),
        ([(NO_DATA, 1.0), (MET, 2.0)], True, -1),
        ([(NA, 1.0), (NA, 2.0)], True, -1),
        ([(MET, 2.0)], True, 0),
        # 或, passing: the first passing part with a distance.
        ([(MET, np.nan), (NOT_MET, -1.0), (MET, 4.0)], False, 2),
        # 或, none passing: the closest to passing, the first of equals.
        ([(NOT_MET, -3.0), (NOT_MET, -1.0), (NOT_MET, -1.0)], False, 1),
        ([(NOT_MET, -np.inf), (NA, np.nan)], False, -1),
        ([(NO_DATA, np.nan), (MET, np.nan)], False, -1),
    ],
)
def test_the_part_that_decided_leads(
    parts: list[tuple[Verdict, float]], every: bool, lead: int
) -> None:
    """且 and 或 take target and distance from the part that decided.

    The joined decision's numbers are that part's, bit for bit (a -0.0 stays
    -0.0), and none where no part leads.
    """
    decisions = [
        Decision(
            np.array([v.code], np.int8),
            np.array([d]),
            np.array([d]),
            np.array([d]),
            np.zeros(1, np.int8),
            ("",),
        )
        for v, d in parts
    ]
    verdict = _combine(decisions, every=every)
    leads = _lead(decisions, verdict, every=every)
    assert leads.tolist() == [lead]
    picked = _pick(decisions, verdict, leads)
    want = np.array([np.nan if lead < 0 else parts[lead][1]])
    for got in (picked.measure, picked.target, picked.distance):
        np.testing.assert_array_equal(got, want)
        assert np.signbit(got).tolist() == np.signbit(want).tolist()


@pytest.mark.parametrize(
    ("binding", "complete", "eligible"),
    [
        ([MET, MET], True, True),
        ([MET, NA], True, True),
        ([MET, NOT_MET], True, False),
        ([NOT_MET, NO_DATA], True, False),
        ([MET, NO_DATA], True, None),
        ([MET, Verdict.NOT_YET_DUE], True, None),
        ([NA], True, None),
        ([], True, None),
        ([MET, MET], False, None),
        ([MET, NOT_MET], False, False),
    ],
)
def test_eligibility(
    binding: list[Verdict], complete: bool, eligible: bool | None
) -> None:
    """Eligible only when something was met and nothing failed, lacks data or waits.

    A partial standard never makes a region eligible; a failure makes it not.
    """
    counts = np.array([[binding.count(v)] for v in Verdict], dtype=np.int64)
    assert eligibility(counts, complete)[0] is eligible


def test_example_exercises_every_verdict(example: Assessment) -> None:
    """The bundled example shows all four verdicts and is not eligible (two gaps)."""
    verdicts = {j.verdict for j in example.judgements}
    assert verdicts == {MET, NOT_MET, NA, NO_DATA}
    failing = {j.id for j in example.judgements if j.binding and j.verdict is NOT_MET}
    assert failing == {"12", "16"}
    assert example.summary.eligible is False
    assert example.judgement("7.2").verdict is NA
    assert example.judgement("22").verdict is NO_DATA  # 2024 value left blank
    assert example.judgement("23").verdict is NO_DATA  # no assigned target given


def test_example_converts_units(example: Assessment) -> None:
    """Values given in mg/m³ and as a fraction are judged in the indicator's unit."""
    pm = example.judgement("4")
    v2024 = next(v for v in pm.values if v.year == 2024)
    assert v2024.value == pytest.approx(26.0)
    assert v2024.given == "0.026 mg/m3"
    assert example.judgement("20").values[0].value == pytest.approx(72.0)


def test_every_judgement_explains_itself(example: Assessment) -> None:
    """Each verdict has bilingual reasons, its rule, target text and provenance."""
    for j in example.judgements:
        assert j.reason_zh
        assert j.reason_en
        assert j.requirement.target_text
        assert j.requirement.sources
        if j.verdict in (MET, NOT_MET) and j.outcome.rule != "fact":
            assert j.distance is not None, j.id
            assert j.values


def test_json_is_stable_and_complete(example: Assessment) -> None:
    """The JSON form is the same bytes twice and carries what a service needs."""
    a, b = ecociv.to_json(example), ecociv.to_json(example)
    assert a == b
    data = json.loads(a)
    assert data["summary"]["eligible"] is False
    assert data["region"]["code"] == "330683"
    assert data["policy"] == {
        "window": 3,
        "comparison": "consecutive",
        "tolerance": "precision",
        "tolerances": {},
        "around": 5.0,
    }
    j4 = next(j for j in data["judgements"] if j["requirement"]["id"] == "4")
    assert j4["requirement"]["rule"]["kind"] == "all_of"
    assert [p["rule"] for p in j4["outcome"]["children"]] == [
        "assigned_target",
        "trend",
    ]


def test_assessment_round_trips(example: Assessment) -> None:
    """An assessment written to JSON data and read back is equal to the original."""
    assert ecociv.from_dict(ecociv.to_dict(example), Assessment) == example


def test_repr_is_short(example: Assessment) -> None:
    """The plain repr fits on one line."""
    text = repr(example)
    assert "\n" not in text
    assert len(text) < 160


def test_level_mismatch_is_reported(county2024: Standard) -> None:
    """Judging a prefecture against a county standard works but says so."""
    result = ecociv.assess(county2024, "421000", Observations(()), 2024)
    assert any("county-level" in p.message for p in result.warnings)
    assert result.summary.eligible is None


def test_any_of_across_indicators(county2024: Standard) -> None:
    """An either/or over two indicators passes when either one does."""
    rule = AnyOf(
        (
            Threshold(Op.GE, 90.0, indicator="forest_coverage"),
            Threshold(Op.GE, 90.0, indicator="public_satisfaction_eco_env"),
        )
    )
    obs = Observations(
        (
            ecociv.Observation("330683", "forest_coverage", 2024, 60.0, "%"),
            ecociv.Observation(
                "330683", "public_satisfaction_eco_env", 2024, 92.0, "%"
            ),
        )
    )
    out = outcome(
        rule,
        county2024.indicator("forest_coverage"),
        obs,
        2024,
        indicators=county2024.indicators,
    )
    assert out.verdict is MET
    assert out.distance == pytest.approx(2.0)
    assert [c.verdict for c in out.children] == [NOT_MET, MET]


@given(
    value=st.floats(min_value=0, max_value=100, allow_nan=False),
    bound=st.floats(min_value=0, max_value=100, allow_nan=False),
    better=st.floats(min_value=0, max_value=50, allow_nan=False),
)
def test_improving_never_breaks_a_threshold(
    value: float, bound: float, better: float
) -> None:
    """Raising a higher-is-better value never turns met into not met."""
    std = ecociv.standards.load("mee-2024-county")
    ind = std.indicator("public_satisfaction_eco_env")
    rule = Threshold(Op.GE, bound)

    def verdict(v: float) -> Verdict:
        obs = Observations((ecociv.Observation("330683", ind.id, 2024, v, "%"),))
        return outcome(rule, ind, obs, 2024).verdict

    if verdict(value) is MET:
        assert verdict(value + better) is MET


def test_expect_checks_the_distance_it_is_given(example: Assessment) -> None:
    """expect(..., None) expects no distance; only ANY_DISTANCE skips the check."""
    has, none = example.judgement("12"), example.judgement("2")
    expect(has, NOT_MET, -4.0)
    expect(has, NOT_MET)  # ANY_DISTANCE by default
    expect(none, MET, None)
    with pytest.raises(AssertionError, match="expected none"):
        expect(has, NOT_MET, None)
    with pytest.raises(AssertionError, match="expected -3"):
        expect(has, NOT_MET, -3.0)
    with pytest.raises(AssertionError, match="expected not_met"):
        expect(none, NOT_MET, ANY_DISTANCE)


def test_verdict_codes_follow_the_enum() -> None:
    """Columns code met 0, not met 1, insufficient 3: what verdicts() relies on.

    ``verdicts`` writes ``3 * (not usable) | (not holds)``: 3 where a value is
    not usable, else 0 or 1.
    """
    assert [v.code for v in Verdict] == [0, 1, 2, 3, 4]
    assert (Verdict.MET.code, Verdict.NOT_MET.code) == (0, 1)
    assert all(Verdict.of_code(v.code) is v for v in Verdict)


def test_verdict_codes_are_picked_as_np_where_picks_them() -> None:
    """codes_where: a code or a code per region on each side, a new int8 array."""
    from ecociv.rules._decision import codes_where  # noqa: PLC0415

    cond = np.array([True, False, True, False])
    codes = np.array([0, 1, 2, 3], dtype=np.int8)
    for yes, no in ((codes, 2), (1, codes), (0, 1), (codes, codes[::-1].copy())):
        got = codes_where(cond, yes, no)
        assert got.dtype == np.int8
        assert got.tolist() == np.where(cond, yes, no).tolist()
    kept = codes.copy()
    codes_where(cond, 3, kept)
    assert kept.tolist() == codes.tolist()  # ``no`` is not written to
    with pytest.raises(ValueError, match="shape"):  # putmask would cycle them
        codes_where(cond, codes[:2], 0)


def test_a_region_is_asked_for_as_the_command_line_and_data_name_it(
    county2024: Standard,
) -> None:
    """``assess`` and ``assess_many`` take a code or a name, as ``--region`` does.

    A name is found as :meth:`ecociv.Region.find` finds it; an ambiguous one
    lists the candidates; a unit renamed since is found as its successor.
    """
    obs = Observations.from_csv(
        Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv",
        county2024,
    )
    by_code = ecociv.assess(county2024, "330683", obs, 2024)
    by_name = ecociv.assess(county2024, "浙江省嵊州市", obs, 2024)
    assert by_name.region.code == "330683"
    assert by_name.summary == by_code.summary
    many = ecociv.assess_many(obs, county2024, 2024, regions=["嵊州市", "330683"])
    assert {row["region"] for row in many.records()} == {"330683"}
    with pytest.raises(ecociv.errors.UnknownRegionError, match="candidates: 110105"):
        ecociv.assess(county2024, "朝阳区", obs, 2024)
    renamed = ecociv.assess_many(obs, county2024, 2024, regions=["522200"])
    assert [r.code for r in renamed.regions] == ["520600"]


def test_regions_grouped_once_per_regions_judged() -> None:
    """The same regions judged again reuse their groups; other regions get their own.

    The groups are shared, so they are read-only.
    """
    from ecociv.rules._context import _kinds  # noqa: PLC0415

    east = tuple(ecociv.Region.from_code(c) for c in ("330683", "330102", "330105"))
    west = tuple(ecociv.Region.from_code(c) for c in ("620102", "330683"))
    group, reps = _kinds(east)
    assert _kinds(east)[0] is group
    assert [reps[g].region_class for g in group] == [r.region_class for r in east]
    other, reps = _kinds(west)
    assert [reps[g].region_class for g in other] == [r.region_class for r in west]
    assert reps[other[0]].region_class is not reps[other[1]].region_class
    with pytest.raises(ValueError, match="read-only"):
        other[0] = 1


def test_the_codes_and_slots_of_regions_judged_again_are_found_once() -> None:
    """Run after run over the same regions: their codes and slots are kept.

    Reading the codes of thousands of regions and comparing them with the
    table's is some 0.1 ms a run; the regions asked for again (by identity)
    reuse both. Equal regions in another tuple get their own, as a list
    (which may change) always does; the kept slots are read-only.
    """
    from ecociv.rules._context import region_codes  # noqa: PLC0415

    regions = tuple(ecociv.Region.from_code(c) for c in ("330683", "330102"))
    codes = region_codes(regions)
    assert codes == ("330683", "330102")
    assert region_codes(regions) is codes
    assert region_codes(tuple(regions[::-1])) == ("330102", "330683")
    table = Observations(
        [
            ecociv.Observation(code, "forest_coverage", 2024, 60.0, "%")
            for code in ("330683", "330102", "330105")
        ]
    ).table
    slots = table.slots(codes)
    assert slots is not None
    assert table.regions == ("330102", "330105", "330683")  # sorted
    assert slots.tolist() == [1, -1, 0]  # per table region: its slot
    assert table.slots(codes) is slots
    assert table.slots(list(codes)) is not slots
    other = table.slots(("330683", "330102"))
    assert other is not None
    assert other.tolist() == [1, -1, 0]
    assert table.slots(table.regions) is None  # the table's own: no gather
    with pytest.raises(ValueError, match="read-only"):
        slots[0] = 0
    with pytest.raises(ValueError, match="named twice"):
        table.slots(("330683", "330683"))
