"""Development sessions for ecociv; ``nox`` runs tests, lint, mypy, docs and build."""

from __future__ import annotations

import os
from pathlib import Path

import nox


nox.options.sessions = ["tests", "lint", "mypy", "docs", "build"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")
# What ruff checks, here and in .pre-commit-config.yaml.
LINTED = ("src", "tests", "tools", "noxfile.py")


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
    session.run("ruff", "check", *LINTED)
    session.run("ruff", "format", "--check", *LINTED)


@nox.session
def mypy(session: nox.Session) -> None:
    """Type-check the package, the tests and tools/ with mypy --strict."""
    session.install(".[all]", *nox.project.dependency_groups(PYPROJECT, "mypy"))
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site (warnings are errors) and run its examples."""
    session.install(
        ".[report,dataframe]",
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
    """Benchmark files to verdicts on a national data set and print the figures.

    Prints each figure with its target, a ratio and PASS / MISS, and exits 0
    whatever they say (a report, not a test). ``-- --quick`` is a smoke run,
    ``-- --big`` adds ten million rows, ``-- --profile`` a cProfile of the CSV
    path. The dataframe extra brings pyarrow (the floors, the Parquet door)
    and pandas (the DataFrame door).
    """
    session.install(".[dataframe]")
    session.run("python", "-m", "bench", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build the wheel and sdist into dist/ and check them.

    ``twine check --strict`` checks the metadata (the README renders on an
    index); ``tools/check_wheel.py`` checks that both carry every file of
    the package (the bundled standards, region tables, schemas, templates,
    ``py.typed``) and the version written in ``src/ecociv/__init__.py``.
    """
    session.install("build>=1.2", "twine>=5")
    dist = Path("dist")
    for old in dist.glob("ecociv-*"):
        old.unlink()
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *map(str, sorted(dist.glob("ecociv-*"))))
    session.run("python", "tools/check_wheel.py", str(dist))
