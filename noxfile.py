"""Development sessions for ecociv; ``nox`` runs tests, lint and mypy."""

from __future__ import annotations

import os

import nox


nox.options.sessions = ["tests", "lint", "mypy", "docs"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit, table-driven, property and doctests)."""
    session.install(".[all]", *nox.project.dependency_groups(PYPROJECT, "tests"))
    session.run("pytest", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz the standard loader and the data readers for a bounded time.

    Fails on any exception that is not an ecociv error. The budget is
    ``ECOCIV_FUZZ_EXAMPLES`` examples per target (default 5000) and
    ``ECOCIV_FUZZ_SECONDS`` seconds in all (default 300); extra arguments go
    to pytest (``nox -s fuzz -- --hypothesis-seed=1``).
    """
    session.install(".[all]", *nox.project.dependency_groups(PYPROJECT, "tests"))
    env = {
        "ECOCIV_FUZZ_EXAMPLES": os.environ.get("ECOCIV_FUZZ_EXAMPLES", "5000"),
        "ECOCIV_FUZZ_SECONDS": os.environ.get("ECOCIV_FUZZ_SECONDS", "300"),
    }
    session.run(
        "pytest",
        "tests/fuzz",
        "--hypothesis-show-statistics",
        *session.posargs,
        env=env,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff (lint and formatting)."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")


@nox.session
def mypy(session: nox.Session) -> None:
    """Type-check the package and the tests with mypy --strict."""
    session.install(".[all]", *nox.project.dependency_groups(PYPROJECT, "mypy"))
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site (warnings are errors) and run its examples."""
    session.install(
        ".[report]",
        "sphinx>=7.2",
        "myst-parser>=2",
        "furo>=2024.1",
        "pytest>=8",
        "jsonschema>=4.20",
    )
    html = f"{session.create_tmp()}/html"
    session.run("sphinx-build", "-W", "--keep-going", "-q", "-b", "html", "docs", html)
    session.log(f"docs built in {html}")
    # Every >>> example in the pages runs, from the repository root.
    session.run("pytest", "-q", "-p", "no:cacheprovider", "--doctest-glob=*.md", "docs")


@nox.session
def example(session: nox.Session) -> None:
    """Judge the bundled example region against the 2024 county standard."""
    session.install(".[report]")
    session.run(
        "ecociv",
        "assess",
        "examples/shengzhou-illustrative.csv",
        "--standard",
        "mee-2024-county",
        "--region",
        "330683",
        "--year",
        "2024",
        "--html",
        f"{session.create_tmp()}/report.html",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark assess_many on a national data set and print the figures."""
    session.install(".[dataframe]")
    session.run("python", "bench/bench.py", *session.posargs)
