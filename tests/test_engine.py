"""The engine's summary, eligibility, composition logic and JSON form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ecociv
from ecociv import Assessment, Observations, Region, Summary, TrendPolicy, Verdict
from ecociv.rules import AnyOf, Op, RuleContext, Threshold
from ecociv.rules._core import all_of_verdict, any_of_verdict
from ecociv.standards import Standard


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
        ([NOT_MET, NOT_MET], NOT_MET, NOT_MET),
    ],
)
def test_composition(verdicts: list[Verdict], all_of: Verdict, any_of: Verdict) -> None:
    """且 fails on any failure; 或 passes on any pass; missing data is never a pass."""
    assert all_of_verdict(verdicts) is all_of
    assert any_of_verdict(verdicts) is any_of


def _judgement(verdict: Verdict, binding: bool) -> ecociv.Judgement:
    ind = ecociv.standards.shared_indicators().find("forest_coverage")
    return ecociv.Judgement("x", "1", ind, binding, verdict, "", "", "threshold", "")


@pytest.mark.parametrize(
    ("binding", "reference", "eligible"),
    [
        ([MET, MET], [], True),
        ([MET, NA], [NOT_MET], True),
        ([MET, NOT_MET], [], False),
        ([NOT_MET, NO_DATA], [], False),
        ([MET, NO_DATA], [MET], None),
        ([NA], [NOT_MET, NO_DATA], True),
    ],
)
def test_eligibility(
    binding: list[Verdict], reference: list[Verdict], eligible: bool | None
) -> None:
    """Eligible only when no binding line fails; unknown while any lacks data."""
    js = [_judgement(v, True) for v in binding] + [
        _judgement(v, False) for v in reference
    ]
    summary = Summary.of(js)
    assert summary.eligible is eligible
    assert summary.binding.total == len(binding)
    assert summary.reference.total == len(reference)


def test_example_exercises_every_verdict(example: Assessment) -> None:
    """The bundled example shows all four verdicts and is not eligible (two gaps)."""
    verdicts = {j.verdict for j in example.judgements}
    assert verdicts == {MET, NOT_MET, NA, NO_DATA}
    failing = {
        j.requirement for j in example.judgements if j.binding and j.verdict is NOT_MET
    }
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
        assert j.target_text
        assert j.sources
        if j.verdict in (MET, NOT_MET) and j.rule != "fact":
            assert j.distance is not None, j.requirement
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
        "tolerance": 0.0,
        "tolerances": {},
    }
    j4 = next(j for j in data["judgements"] if j["requirement"] == "4")
    assert [p["rule"] for p in j4["parts"]] == ["assigned_target", "trend"]


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
    assert any("county-level" in p.message for p in result.issues)
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
    inds = {i.id: i for i in county2024.indicators}
    ctx = RuleContext(
        inds["forest_coverage"],
        Region.from_code("330683"),
        2024,
        TrendPolicy(),
        obs.for_region("330683"),
        inds,
    )
    out = rule.evaluate(ctx)
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
        ctx = RuleContext(
            ind,
            Region.from_code("330683"),
            2024,
            TrendPolicy(),
            obs.for_region("330683"),
            {},
        )
        return rule.evaluate(ctx).verdict

    if verdict(value) is MET:
        assert verdict(value + better) is MET
