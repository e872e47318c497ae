"""The cities tutorial (docs/tutorial-cities.md) runs, and says what it shows."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest


DOC = Path("docs/tutorial-cities.md")


def _blocks() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def _shown() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"```text\n(.*?)```", text, re.DOTALL)


@pytest.fixture(scope="module")
def output() -> str:
    """Run every Python block of the tutorial in order; return what it printed."""
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in _blocks():
            exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102
    return out.getvalue()


def test_the_tutorial_has_code(output: str) -> None:
    """The tutorial has several Python blocks and they print something."""
    assert len(_blocks()) >= 5
    assert output


def test_the_merged_city_is_set_aside_and_named(output: str) -> None:
    """莱芜市's 2017 rows are set aside under its own code, and a warning says so."""
    assert "unknown region codes: 2" in output
    assert "莱芜市" in output
    assert "371200" in output


def test_shares_are_printed_for_both_requirements(output: str) -> None:
    """Both requirements get a share of the cities judged."""
    assert "pm25_annual_mean" in output
    assert "ccsy_domestic_waste_harmless_rate" in output
    assert re.search(r"\d+ cities meet both:", output)


def test_the_output_shown_is_what_runs(output: str) -> None:
    """Every output block of the page appears, verbatim, in what the code prints."""
    for shown in _shown():
        assert shown in output
