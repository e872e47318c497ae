"""Units: the spelling table, conversions, refusals and the one lazy registry."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecociv import units
from ecociv.errors import UnitError
from ecociv.units import (
    CANONICAL_UNITS,
    Conversion,
    _conversion,
    _grammar,
    accepted_spellings,
    canonical_unit,
    conversion,
    convert,
)


def _converts(a: str, b: str) -> bool:
    try:
        conversion(a, b)
    except UnitError:
        return False
    return True


# Pairs of canonical units that convert, found once for the properties below.
CONVERTIBLE = [
    (a, b) for a, b in itertools.product(CANONICAL_UNITS, repeat=2) if _converts(a, b)
]

finite = st.floats(
    min_value=-1e12, max_value=1e12, allow_nan=False, allow_subnormal=False
)


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("%", "%"),
        ("％", "%"),
        ("percent", "%"),
        ("百分比", "%"),
        ("  ％ ", "%"),
        ("μg/m3", "μg/m³"),
        ("µg/m³", "μg/m³"),  # micro sign U+00B5
        ("µg/m3", "μg/m³"),
        ("ug/m3", "μg/m³"),
        ("微克/立方米", "μg/m³"),
        ("mg/m3", "mg/m³"),
        ("mg/m³", "mg/m³"),
        ("毫克/立方米", "mg/m³"),
        ("平方米/人", "m²/person"),
        ("m2/person", "m²/person"),
        ("m²/人", "m²/person"),
        ("吨标煤/万元", "tce/10⁴ yuan"),
        ("吨标准煤/万元", "tce/10⁴ yuan"),
        ("吨标煤／万元", "tce/10⁴ yuan"),  # full-width solidus
        ("tce/万元", "tce/10⁴ yuan"),
        ("tce/10^4 yuan", "tce/10⁴ yuan"),
        ("千克标准煤/元", "kgce/yuan"),
        ("kgce/yuan", "kgce/yuan"),
        ("立方米/万元", "m³/10⁴ yuan"),
        ("m3/万元", "m³/10⁴ yuan"),
        ("g/kg", "g/kg"),
        ("克/千克", "g/kg"),
        ("亩", "mu"),
        ("mu", "mu"),
        ("公顷", "ha"),
        ("hm2", "ha"),
        ("平方公里", "km²"),
        ("万元/亩", "10⁴ yuan/mu"),
        ("point", "point"),
        ("points", "point"),
        ("1", "1"),
        ("fraction", "fraction"),
        ("个", "count"),
        ("count", "count"),
        ("-", "-"),
        ("—", "-"),
        ("\t m3/万元 \n", "m³/10⁴ yuan"),
        # Composed from the grammar's parts (numerator / denominator).
        ("kgce/万元", "kgce/10⁴ yuan"),
        ("千克标准煤/万元", "kgce/10⁴ yuan"),
        ("公斤标煤/万元", "kgce/10⁴ yuan"),
        ("吨标准煤/万元GDP", "tce/10⁴ yuan"),
        ("吨标煤/万元地区生产总值", "tce/10⁴ yuan"),
        ("立方米/万元GDP", "m³/10⁴ yuan"),
        ("立方米/万元工业增加值", "m³/10⁴ yuan"),
        ("方/万元", "m³/10⁴ yuan"),
        ("m³/亿元", "m³/10⁸ yuan"),
        ("t/万元", "t/10⁴ yuan"),
        ("万吨/亿元", "10⁴ t/10⁸ yuan"),
        ("kg/人", "kg/person"),
        ("元/公顷", "yuan/ha"),
        ("μg/m^3", "μg/m³"),
        ("µg/m^3", "μg/m³"),
        ("µg/m**3", "μg/m³"),
        ("㎡", "m²"),
        ("㎡/人", "m²/person"),
        ("m3 / 万元", "m³/10⁴ yuan"),
        ("ｋｇｃｅ／万元", "kgce/10⁴ yuan"),
        ("‰", "‰"),
        ("亿元", "10⁸ yuan"),
        ("处", "count"),
        ("座", "count"),
        ("家", "count"),
        # Words match in any letter case; SI symbols do not (see below).
        ("PERCENT", "%"),
        ("TCE/万元", "tce/10⁴ yuan"),
        ("Kgce/Yuan", "kgce/yuan"),
        ("吨标准煤/万元gdp", "tce/10⁴ yuan"),
    ],
)
def test_spelling_maps_to_canonical_unit(spelling: str, canonical: str) -> None:
    """An accepted spelling maps to its canonical unit."""
    assert canonical_unit(spelling) == canonical


@pytest.mark.parametrize(
    "spelling",
    ["ppb", "分", "/", "方", "人", "Mg/m3", "T/万元", "吨标准煤/万人", "m3//万元"],
)
def test_unknown_spelling_lists_accepted_units(spelling: str) -> None:
    """An unknown spelling is refused, naming the indicator and the accepted units."""
    with pytest.raises(UnitError) as info:
        canonical_unit(spelling, indicator_id="pm25_annual_mean")
    err = info.value
    assert err.unit_given == spelling
    assert err.indicator_id == "pm25_annual_mean"
    assert err.accepted == tuple(sorted(CANONICAL_UNITS))
    assert "'pm25_annual_mean'" in str(err)
    assert "accepted: %, -, 1," in str(err)


@pytest.mark.parametrize("spelling", ["", "   ", "\u3000"])
def test_empty_unit_is_refused(spelling: str) -> None:
    """An empty unit is refused as "no unit given"."""
    with pytest.raises(UnitError, match="no unit given") as info:
        canonical_unit(spelling)
    assert info.value.reason == "no unit given"


def test_every_spelling_canonicalises_to_its_entry() -> None:
    """Every spelling the grammar composes, and every canonical unit, reads back."""
    table = accepted_spellings()
    assert set(CANONICAL_UNITS) <= set(table.values())
    for spelling, canonical in table.items():
        assert canonical_unit(spelling) == canonical, spelling
        assert table[canonical] == canonical, spelling
        assert canonical_unit(canonical) == canonical


def test_every_composed_unit_means_something_to_pint() -> None:
    """Every canonical unit the grammar makes converts to itself through pint."""
    for canonical in sorted(set(accepted_spellings().values()) - {"-"}):
        assert conversion(canonical, canonical).factor == 1.0
        q = units.registry().parse_expression(_grammar._PINT[canonical])
        assert q.magnitude > 0, canonical


def test_refusal_names_the_unknown_part() -> None:
    """A ratio with an unknown side says which side, never a guess."""
    with pytest.raises(UnitError) as info:
        canonical_unit("吨标准煤/万人")
    assert info.value.reason == (
        "not an accepted spelling: denominator '万人' is not a known part"
    )


def test_docs_show_the_grammar() -> None:
    """docs/units.md holds the tables the grammar generates (spellings_markdown)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "units.md").read_text("utf-8")
    assert units.spellings_markdown() in doc
    assert all(f"`{p.canonical}`" in doc for p in units.PARTS)


def test_accepted_spellings_is_read_only() -> None:
    """The table returned by accepted_spellings cannot be changed."""
    with pytest.raises(TypeError):
        accepted_spellings()["ppm"] = "%"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (0.035, "mg/m³", "μg/m³", 35.0),
        (28.0, "μg/m3", "mg/m3", 0.028),
        (1.0, "kgce/yuan", "tce/10⁴ yuan", 10.0),
        (0.048, "千克标准煤/元", "吨标煤/万元", 0.48),
        (0.5, "tce/10⁴ yuan", "kgce/yuan", 0.05),
        (0.85, "fraction", "%", 85.0),
        (0.85, "1", "%", 85.0),
        (85.0, "%", "1", 0.85),
        (20.0, "g/kg", "%", 2.0),
        (1.0, "ha", "m²", 10000.0),
        (1.0, "ha", "亩", 15.0),
        (1.0, "mu", "m²", 10000 / 15),
        (2.5, "km²", "ha", 250.0),
        (3.0, "万吨", "t", 30000.0),
        (1.2, "万元/亩", "元/亩", 12000.0),
        (15.0, "平方米/人", "m²/person", 15.0),
        (0.6, "吨标煤/万元", "tce/10⁴ yuan", 0.6),
        (42.0, "m3/万元", "立方米/万元", 42.0),
        (480.0, "kgce/万元", "tce/10⁴ yuan", 0.48),
        (0.48, "吨标准煤/万元GDP", "千克标准煤/万元", 480.0),
        (42.0, "方/万元GDP", "m³/10⁴ yuan", 42.0),
        (4200.0, "立方米/亿元", "m³/10⁴ yuan", 0.42),
        (1.0, "亿元", "万元", 10000.0),
        (5.0, "‰", "%", 0.5),
        (3.0, "个", "count", 3.0),
        (1.0, "-", "—", 1.0),
    ],
)
def test_convert(value: float, from_unit: str, to_unit: str, expected: float) -> None:
    """A value converts between units of the same dimension."""
    assert convert(value, from_unit, to_unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("from_unit", "to_unit", "reason"),
    [
        ("μg/m³", "%", "different dimensions: [mass] / [length] ** 3 vs dimensionless"),
        ("point", "1", "different dimensions: [index_point] vs dimensionless"),
        ("point", "%", "different dimensions: [index_point] vs dimensionless"),
        ("1", "point", "different dimensions: dimensionless vs [index_point]"),
        ("count", "1", "different dimensions: [count] vs dimensionless"),
        ("m²/person", "m²", "different dimensions"),
        ("m³/10⁴ yuan", "tce/10⁴ yuan", "different dimensions"),
        ("10⁴ yuan", "t", "different dimensions: [currency] vs [mass]"),
        ("-", "%", "'-' marks an institutional fact and converts only to '-'"),
        ("%", "-", "'-' marks an institutional fact and converts only to '-'"),
    ],
)
def test_conversion_is_refused(from_unit: str, to_unit: str, reason: str) -> None:
    """A refusal names the indicator, the unit given and the unit expected."""
    with pytest.raises(UnitError) as info:
        conversion(from_unit, to_unit, indicator_id="some_indicator")
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.unit_given, err.unit_expected) == (from_unit, to_unit)
    assert err.indicator_id == "some_indicator"
    assert err.reason.startswith(reason)
    assert "'some_indicator'" in str(err)


def test_refusal_message_reads_well() -> None:
    """The refusal of μg/m³ → % reads as one sentence naming all three."""
    with pytest.raises(UnitError) as info:
        convert(35.0, "μg/m3", "%", indicator_id="pm25_annual_mean")
    assert str(info.value) == (
        "unit 'μg/m3' for indicator 'pm25_annual_mean' does not convert to '%' "
        "(different dimensions: [mass] / [length] ** 3 vs dimensionless)"
    )


def test_unknown_target_unit_is_refused() -> None:
    """An unknown unit on either side is refused before any conversion."""
    with pytest.raises(UnitError, match="unknown unit 'furlong'"):
        conversion("%", "furlong", indicator_id="x")


def test_conversion_reports_canonical_units() -> None:
    """A conversion carries the canonical units, whatever the spelling given."""
    assert conversion("mg/m3", "ug/m3") == Conversion("mg/m³", "μg/m³", 1000.0)


def test_conversion_is_cached_per_canonical_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pair seen once converts again without touching pint, under any spelling."""
    first = conversion("mg/m³", "μg/m³")
    with pytest.raises(UnitError):
        conversion("μg/m³", "%")

    def no_pint() -> None:
        pytest.fail("registry() called for a cached pair")

    monkeypatch.setattr(_conversion, "registry", no_pint)
    assert conversion("毫克/立方米", "微克/立方米") is first
    with pytest.raises(UnitError, match="different dimensions"):
        conversion("ug/m3", "％")  # refusals are cached too


def test_registry_knows_ecociv_units() -> None:
    """The registry holds pint's units and ecociv's, and is one object."""
    reg = units.registry()
    assert reg is units.registry()
    assert reg.Quantity(1, "mu").to("m**2").magnitude == pytest.approx(10000 / 15)
    assert reg.Quantity(1, "tce").to("GJ").magnitude == pytest.approx(29.3076)
    assert reg.Quantity(1, "ten_thousand_yuan").to("yuan").magnitude == 1e4
    assert str(reg.Quantity(1, "point").dimensionality) == "[length]"  # pint's own


def test_registry_is_created_once_across_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Eight threads asking for the registry at once get one object, built once."""
    monkeypatch.setattr(_conversion, "_REGISTRY", None)
    built: list[int] = []
    real_build = _conversion._build_registry

    def counting_build() -> object:
        built.append(1)
        return real_build()

    monkeypatch.setattr(_conversion, "_build_registry", counting_build)
    barrier = threading.Barrier(8)
    got: list[object] = []

    def ask() -> None:
        barrier.wait()
        got.append(units.registry())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8
    assert all(r is got[0] for r in got)
    assert len(built) == 1


def test_import_does_not_import_pint() -> None:
    """Importing ecociv.units alone leaves pint unimported."""
    src = str(Path(units.__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]),
    }
    code = "import sys, ecociv.units; print('pint' in sys.modules)"
    out = subprocess.run(  # noqa: S603  (our own interpreter, fixed code)
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


@given(st.sampled_from(CONVERTIBLE), finite)
def test_conversion_round_trips(pair: tuple[str, str], value: float) -> None:
    """Converting there and back returns the value."""
    a, b = pair
    back = convert(convert(value, a, b), b, a)
    assert math.isclose(back, value, rel_tol=1e-12, abs_tol=1e-300)


@given(st.sampled_from(CANONICAL_UNITS), finite)
def test_conversion_to_same_unit_is_identity(unit: str, value: float) -> None:
    """Converting to the same unit returns the value unchanged."""
    assert conversion(unit, unit).factor == 1.0
    assert convert(value, unit, unit) == value


@given(
    st.sampled_from(sorted(accepted_spellings())), st.text(" \t\n\u3000", max_size=3)
)
def test_surrounding_whitespace_is_ignored(spelling: str, pad: str) -> None:
    """Whitespace around a spelling does not change its canonical unit."""
    assert canonical_unit(pad + spelling + pad) == accepted_spellings()[spelling]


@given(st.sampled_from(CONVERTIBLE))
def test_factors_are_reciprocal(pair: tuple[str, str]) -> None:
    """The factor one way is the reciprocal of the factor the other way."""
    a, b = pair
    assert conversion(a, b).factor * conversion(b, a).factor == pytest.approx(1.0)


def test_every_unit_has_the_size_and_dimension_pint_gives_it() -> None:
    """The run-time conversions (from each part's scale) are pint's, pair by pair.

    Each unit the grammar makes is checked once against pint: units that pint
    puts in one dimension share one dimension here, and their sizes stand in
    the ratios pint gives. Every conversion and refusal between two units
    follows from that; a sample of pairs is compared whole as well.
    """
    reg = units.registry()
    keys = sorted(_grammar._PINT)
    groups: dict[tuple[str, object], list[tuple[str, float, float]]] = {}
    for unit in keys:
        q = reg.parse_expression(_grammar._PINT[unit]).to_base_units()
        dim, size = _conversion._size(unit)
        groups.setdefault((str(q.dimensionality), dim), []).append(
            (unit, size, float(q.magnitude))
        )
    # The same partition into dimensions: no two groups share either side.
    assert len({k[0] for k in groups}) == len(groups) == len({k[1] for k in groups})
    for members in groups.values():
        _, size0, pint0 = members[0]
        for unit, size, magnitude in members[1:]:
            assert size / size0 == pytest.approx(magnitude / pint0, rel=1e-12), unit
    sample = keys[::7]
    for a, b in itertools.product(sample, sample):
        ours, theirs = _conversion._compute(a, b), units.pint_conversion(a, b)
        assert isinstance(ours, str) == isinstance(theirs, str), (a, b)
        if not isinstance(ours, str):
            assert not isinstance(theirs, str)
            assert ours.factor == pytest.approx(theirs.factor, rel=1e-12), (a, b)


def test_reading_and_judging_never_build_the_registry() -> None:
    """A fresh process converts mg/m³, judges and reports without importing pint."""
    code = (
        "import sys, ecociv\n"
        "std = ecociv.standards.load('mee-2024-county')\n"
        "obs = [ecociv.Observation('330683', 'pm25_annual_mean', 2024, 0.03, "
        "'mg/m3')]\n"
        "a = ecociv.assess(std, '330683', obs, 2024)\n"
        "ecociv.to_json(a)\n"
        "print('pint' in sys.modules)\n"
    )
    out = subprocess.run(  # noqa: S603  (our own interpreter, fixed code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
