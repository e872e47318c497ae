"""Check that the built wheel and sdist carry every file of the ecociv package.

Usage: ``python tools/check_wheel.py [DIST]`` (default ``dist/``), after
``python -m build``; ``nox -s build`` runs both.

The expected files are found in the source tree, not listed here: every file
under ``src/ecociv`` (modules and data alike, leaving out ``__pycache__``,
compiled files and hidden folders) must be in the wheel under ``ecociv/`` and
in the sdist under ``src/ecociv/``, so a new data file is covered as soon as
it exists. The kinds of data the package cannot work without are named below
and must each match at least one file in the source tree, so that a move of the
data is noticed here rather than passing with nothing to check. The wheel may
hold nothing outside ``ecociv/`` and its ``.dist-info``, and its version must
be the ``__version__`` of ``src/ecociv/_version.py``. Exits 1 and lists every
problem when one is found.
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath


ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ecociv"

#: Data the package needs at run time: a name and a pattern relative to the package.
REQUIRED = {
    "bundled standards and plans": "standards/data/*.toml",
    "region code tables": "_data/regions/*.csv",
    "JSON schemas": "schemas/*.json",
    "report templates": "report/templates/*.j2",
    "unit definitions": "_units.txt",
    "typing marker": "py.typed",
}


def source_files() -> set[str]:
    """Return the package's files, relative to ``src/ecociv``, as POSIX paths."""
    files = set()
    for path in PACKAGE.rglob("*"):
        parts = path.relative_to(PACKAGE).parts
        hidden = any(p.startswith(".") or p == "__pycache__" for p in parts)
        if path.is_file() and not hidden and path.suffix not in {".pyc", ".pyo"}:
            files.add(PurePosixPath(*parts).as_posix())
    return files


def version() -> str:
    """Return ``__version__`` as written in ``src/ecociv/_version.py``."""
    text = (PACKAGE / "_version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        sys.exit("no __version__ line in src/ecociv/_version.py")
    return found.group(1)


def wheel_contents(wheel: Path) -> tuple[set[str], list[str]]:
    """Return the package files in the wheel and any file outside the package."""
    package, stray = set(), []
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            top, _, rest = name.partition("/")
            if top == "ecociv" and rest:
                package.add(rest)
            elif not top.endswith(".dist-info"):
                stray.append(name)
    return package, stray


def sdist_contents(sdist: Path) -> set[str]:
    """Return the package files in the sdist, relative to ``src/ecociv``."""
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    prefix = re.compile(r"^[^/]+/src/ecociv/")
    return {prefix.sub("", n) for n in names if prefix.match(n)}


def main(argv: list[str]) -> int:
    """Check the wheel and sdist in ``argv[1]`` (default ``dist/``)."""
    dist = Path(argv[1]) if len(argv) > 1 else ROOT / "dist"
    expected_version = version()
    wheels = sorted(dist.glob("ecociv-*.whl"))
    sdists = sorted(dist.glob("ecociv-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"expected one wheel and one sdist in {dist}: {wheels + sdists}")
        return 1
    wheel, sdist = wheels[0], sdists[0]
    source = source_files()
    problems = []
    for label, pattern in REQUIRED.items():
        if not any(PurePosixPath(f).match(pattern) for f in source):
            problems.append(
                f"no {label} ({pattern}) under src/ecociv: if the data moved, "
                "update REQUIRED in tools/check_wheel.py"
            )
    in_wheel, stray = wheel_contents(wheel)
    problems += [f"{wheel.name} lacks ecociv/{f}" for f in sorted(source - in_wheel)]
    problems += [f"{wheel.name} has a file outside the package: {f}" for f in stray]
    in_sdist = sdist_contents(sdist)
    problems += [
        f"{sdist.name} lacks src/ecociv/{f}" for f in sorted(source - in_sdist)
    ]
    for built in (wheel, sdist):
        if not built.name.startswith(f"ecociv-{expected_version}"):
            problems.append(f"{built.name} is not version {expected_version}")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    data = sorted(f for f in source if not f.endswith(".py"))
    print(
        f"{wheel.name} and {sdist.name} carry all {len(source)} package files, "
        f"{len(data)} of them data: {', '.join(data)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
