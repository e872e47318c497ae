"""Development sessions for ecociv; ``nox`` runs tests, lint and mypy."""

from __future__ import annotations

import nox


nox.options.sessions = ["tests", "lint", "mypy"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (unit, table-driven, property and doctests)."""
    session.install(".[all]", *nox.project.dependency_groups(PYPROJECT, "tests"))
    session.run("pytest", *session.posargs)


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
def example(session: nox.Session) -> None:
    """Judge the bundled example region against the 2024 county standard."""
    session.install(".")
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
        *session.posargs,
    )
