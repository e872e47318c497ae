"""Helpers for testing standard and plan files: judge a requirement on a few rows.

A *row* is ``([region,] indicator, year, value[, target[, reference]])``:

- ``region`` (optional, a 6-digit string) defaults to the one given to the
  helper (for child regions' titles, name the child);
- ``value`` is a number, ``True``/``False``, a fact word (建立, 是, 未开展 ...),
  ``None`` (missing) or ``"不涉及"`` (not applicable);
- ``target`` is the assigned target, ``reference`` the reference value.

>>> from ecociv import standards
>>> from ecociv.testing import judge
>>> std = standards.load("mee-2024-county")
>>> rows = [("eco_civ_assessment_share", 2024, 22)]
>>> judge(std, "1", rows, 2024, region="330683").verdict.value
'met'
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ecociv._engine import Judgement, assess
from ecociv._indicator import Indicator
from ecociv._observation import Observation
from ecociv._observations import Observations
from ecociv._region import Region
from ecociv._vocabulary import NOT_APPLICABLE_WORDS
from ecociv.rules import FACT_WORDS, Outcome, Rule, TrendPolicy, Verdict
from ecociv.standards import Standard


if TYPE_CHECKING:
    import numpy as np
else:
    from ecociv._lazy import numpy as np


__all__ = ["ANY_DISTANCE", "Row", "expect", "judge", "observations", "outcome"]

Row = tuple[Any, ...]


def _number(x: Any) -> float | None:
    return None if x is None else float(x)


def observations(std: Standard, rows: Iterable[Row], region: str) -> Observations:
    """Build observations from rows (see the module doc), in the indicators' units.

    Raises:
        KeyError: When a fact word is not one of :data:`ecociv.rules.FACT_WORDS`.
    """
    items = []
    for row in rows:
        code, rest = (row[0], row[1:]) if str(row[0]).isdigit() else (region, row)
        ind_id, year, value, *extra = rest
        target, reference = [*extra, None, None][:2]
        ind = std.indicator(ind_id)
        given = None
        if isinstance(value, str) and value.lower() in NOT_APPLICABLE_WORDS:
            items.append(
                Observation(code, ind.id, year, None, ind.unit, applicable=False)
            )
            continue
        if isinstance(value, str):
            given, value = value, FACT_WORDS[value.lower()][0]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        items.append(
            Observation(
                code,
                ind.id,
                year,
                value,
                ind.unit,
                target=_number(target),
                reference=_number(reference),
                given=given,
            )
        )
    return Observations(items)


def judge(  # noqa: PLR0913  (mirrors assess's parameters)
    std: Standard,
    requirement: str,
    rows: Iterable[Row],
    year: int,
    *,
    region: str | None = None,
    policy: TrendPolicy | None = None,
) -> Judgement:
    """Judge one requirement on a few rows and return its judgement.

    ``region`` defaults to the plan's own region (``std.region``).

    Raises:
        ValueError: When no region is given and the standard names none.
        KeyError: When the standard has no such requirement.
    """
    code = region or std.region
    if code is None:
        raise ValueError(f"{std.id} names no region; pass region=")
    result = assess(std, code, observations(std, rows, code), year, policy=policy)
    return result.judgement(requirement)


def outcome(  # noqa: PLR0913  (what a rule needs to decide one region)
    rule: Rule,
    indicator: Indicator,
    data: Observations | Iterable[Observation],
    year: int,
    *,
    region: Region | str = "330683",
    indicators: Iterable[Indicator] = (),
    policy: TrendPolicy | None = None,
) -> Outcome:
    """Decide one rule for one region and return its outcome, words included.

    The rule decides as the engine has it decide (over columns, n = 1) and
    explains its decision; ``indicators`` are the other indicators the rule
    may name (``indicator = "..."`` in a part of an either/or).

    >>> from ecociv import Observation, standards
    >>> from ecociv.rules import Op, Threshold
    >>> std = standards.load("mee-2024-county")
    >>> ind = std.indicator("new_energy_bus_share")
    >>> data = [Observation("330683", ind.id, 2024, 76.0, "%")]
    >>> outcome(Threshold(Op.GE, 80), ind, data, 2024).distance
    -4.0
    """
    from ecociv._engine._arguments import observations_of  # noqa: PLC0415
    from ecociv.rules import Columns, Context  # noqa: PLC0415

    reg = Region.from_code(region) if isinstance(region, str) else region
    table = observations_of(data).table
    known = {i.id: i for i in (indicator, *indicators)}
    ctx = Context(
        indicator,
        known,
        (reg,),
        year,
        TrendPolicy() if policy is None else policy,
        Columns(table, (reg.code,)),
    )
    with np.errstate(all="ignore"):
        return rule.explain(ctx, rule.decide(ctx), 0)


class _Marker(enum.Enum):
    """Markers :func:`expect` takes in place of a distance."""

    #: Leave the distance unchecked.
    ANY_DISTANCE = "any distance"


#: Pass as ``distance`` to :func:`expect` to leave the distance unchecked.
ANY_DISTANCE = _Marker.ANY_DISTANCE


def expect(
    judgement: Judgement,
    verdict: Verdict,
    distance: float | _Marker | None = ANY_DISTANCE,
) -> None:
    """Check a judgement's verdict and its distance.

    ``distance`` is the distance expected (compared as ``pytest.approx``
    does: relative 1e-6, absolute 1e-12), or None to expect *no* distance (a
    fact, missing data), or :data:`ANY_DISTANCE` (the default) to leave it
    unchecked. None never means "do not check".

    Raises:
        AssertionError: Naming the requirement, what was expected and the
            judgement's own reason.
    """
    j = judgement
    where = f"requirement {j.id} ({j.reason_en})"
    if j.verdict is not verdict:
        msg = f"{where}: {j.verdict.value}, expected {verdict.value}"
        raise AssertionError(msg)
    if distance is ANY_DISTANCE:
        return
    if distance is None:
        if j.distance is not None:
            msg = f"{where}: distance {j.distance}, expected none"
            raise AssertionError(msg)
        return
    if j.distance is None or not math.isclose(
        j.distance, distance, rel_tol=1e-6, abs_tol=1e-12
    ):
        msg = f"{where}: distance {j.distance}, expected {distance}"
        raise AssertionError(msg)
