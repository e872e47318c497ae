"""The HTML report as a person sees it: rendered by headless Chromium.

Chromium is Debian's package (``apt-get install chromium``, done by
``.ci/run``). Without it on PATH the tests skip and say why, except in CI
(``CI=true``), where a missing browser is a failure.

No check here needs a font, CJK or other: the page must render, not be
blank, log nothing and request nothing outside itself, and all of that holds
even where the browser finds no font and draws no text (tried with the
system fonts hidden). The report's CSS names system fonts only, so how its
Chinese looks depends on the fonts of the machine that opens it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import ecociv
from ecociv import report


pytest.importorskip("jinja2")

EXAMPLE = Path(__file__).parent.parent / "examples" / "shengzhou-illustrative.csv"
SAFE_SCHEMES = ("file:", "data:", "about:", "chrome:", "chrome-error:")


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


@pytest.fixture(scope="module")
def chromium() -> str:
    """The path of a Chromium binary; in CI its absence fails."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    why = (
        f"chromium not found on PATH (looked for {', '.join(BROWSERS)}): "
        "install Debian's chromium (apt-get install chromium) to run the "
        "browser tests; .ci/run installs it"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{why}, and with CI=true a missing browser is a failure")
    pytest.skip(why)


def browse(chromium: str, page: Path, tmp: Path) -> tuple[Path, list[str], list[str]]:
    """Screenshot ``page``; return the PNG, console messages and page requests."""
    shot, netlog = tmp / "shot.png", tmp / "net.json"
    profile = tmp / "profile"
    profile.mkdir()
    proc = subprocess.run(  # noqa: S603  (a fixed argument list, no shell)
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--log-net-log={netlog}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return shot, console, page_requests(netlog)


def page_requests(netlog: Path) -> list[str]:
    """Return the URLs the page itself asked for, from Chromium's NetLog.

    The browser's own background requests (update checks) are not the
    page's: a page's requests carry the page's (file://) isolation key.
    """
    log = json.loads(netlog.read_text(encoding="utf-8"))
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if types.get(event["type"]) != "URL_REQUEST_START_JOB":
            continue
        if "file://" in str(params.get("network_isolation_key", "")):
            urls.append(str(params.get("url", "")))
    return urls


def blank(png: Path) -> bool:
    """Return whether the screenshot is one colour."""
    image = pytest.importorskip("matplotlib.image")
    pixels = image.imread(png)
    return bool(pixels.std() < 0.01)


def test_the_checks_catch_a_bad_page(chromium: str, tmp_path: Path) -> None:
    """A page with a console error and an outside image fails the checks below."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body><h1>x</h1>"
        '<script>console.error("boom")</script>'
        '<img src="http://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    _, console, requests = browse(chromium, bad, tmp_path)
    assert any("boom" in line for line in console)
    assert "http://example.invalid/x.png" in requests


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_renders_offline(chromium: str, tmp_path: Path, lang: str) -> None:
    """The report renders, is not blank, logs nothing and requests nothing outside."""
    std = ecociv.standards.load("mee-2024-county")
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    result = ecociv.assess(std, "330683", data, 2024)
    page = report.write(result, tmp_path / "report.html", lang=lang)
    shot, console, requests = browse(chromium, page, tmp_path)
    assert shot.stat().st_size > 10_000
    assert not blank(shot)
    assert console == []
    outside = [u for u in requests if not u.startswith(SAFE_SCHEMES)]
    assert outside == []


def test_comparison_renders_offline(chromium: str, tmp_path: Path) -> None:
    """The comparison page renders without console messages or requests."""
    std = ecociv.standards.load("mee-2024-county")
    data = ecociv.Observations.from_csv(EXAMPLE, std)
    table = report.Comparison.from_assessments(
        ecociv.assess(std, code, data, 2024) for code in ("330683", "330604")
    )
    page = report.write(table, tmp_path / "compare.html")
    shot, console, requests = browse(chromium, page, tmp_path)
    assert not blank(shot)
    assert console == []
    assert [u for u in requests if not u.startswith(SAFE_SCHEMES)] == []
