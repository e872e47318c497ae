"""Every Python example of the docs runs as written; generated pages are current.

``nox -s docs`` runs the ``>>>`` examples; these tests cover the plain
```python blocks: no page uses a name it never defines, and the pages whose
blocks need only the example files (and a national data file, generated here)
run them in order, as a reader would.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import ecociv
from ecociv import RegionLevel, report
from ecociv._cli import COMMANDS, _parser
from ecociv._region import all_regions


ROOT = Path(__file__).parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
#: Pages whose blocks run here; the cities tutorial has its own test.
RUN = ["README.md", "docs/versions.md", "docs/batch.md"]


def blocks(page: Path) -> list[str]:
    """Return the page's ```python blocks that are not doctests."""
    found = re.findall(r"```python\n(.*?)```", page.read_text("utf-8"), re.DOTALL)
    return [b for b in found if ">>>" not in b]


class _Names(ast.NodeVisitor):
    """Names a block defines and names it reads, in the page's one namespace."""

    def __init__(self) -> None:
        self.defined = set(dir(builtins))
        self.read: list[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.read.append(node.id)
        else:
            self.defined.add(node.id)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            self.defined.add((alias.asname or alias.name).split(".")[0])

    visit_ImportFrom = visit_Import  # noqa: N815  (ast's method name)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.defined.add(node.name)
        args = node.args
        given = [
            *args.posonlyargs,
            *args.args,
            *args.kwonlyargs,
            args.vararg,
            args.kwarg,
        ]
        self.defined.update(a.arg for a in given if a is not None)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.defined.add(node.name)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.defined.add(node.name)
        self.generic_visit(node)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_block_uses_a_name_it_never_defines(page: Path) -> None:
    """Every name a page's Python blocks read is imported or assigned on the page."""
    names = _Names()
    for block in blocks(page):
        names.visit(ast.parse(block))
    assert sorted({n for n in names.read if n not in names.defined}) == []


def test_the_name_check_finds_an_undefined_name() -> None:
    """The check above would catch the Dask block's old ``sample_frame``."""
    names = _Names()
    names.visit(ast.parse("meta = judge(sample_frame)\ndef judge(part): return part"))
    assert {n for n in names.read if n not in names.defined} == {"sample_frame"}


def _national(path: Path) -> None:
    """Write a national-style long file (60 counties, 嵊州市 among them, 3 years).

    Also the same rows in three files partitioned by region, in ``national/``.
    """
    std = ecociv.standards.load("mee-2024-county")
    codes = [r.code for r in all_regions(RegionLevel.COUNTY)[:59]] + ["330683"]
    rows: list[tuple[object, ...]] = []
    for k, code in enumerate(codes):
        for year in (2022, 2023, 2024):
            pm = 20 + (k * 7 + year) % 30
            rows.append((code, "pm25_annual_mean", year, pm, "μg/m³", 30.0))
            bus = 60 + (k * 3 + year) % 40
            rows.append((code, "new_energy_bus_share", year, bus, "%", None))
    del std
    cols = ["region", "indicator", "year", "value", "unit", "target"]
    frame = pd.DataFrame(rows, columns=cols)
    frame.to_parquet(path)
    # The same data partitioned by region, three files in a folder beside it.
    folder = path.with_suffix("")
    folder.mkdir()
    for k in range(3):
        part = frame[frame["region"].isin(codes[k::3])]
        part.to_parquet(folder / f"part-{k}.parquet", index=False)


@contextlib.contextmanager
def _inside(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.mark.parametrize("page", RUN)
def test_the_blocks_run_as_written(page: str, tmp_path: Path) -> None:
    """The page's blocks run in order beside the examples and a national file."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    _national(tmp_path / "national.parquet")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    code = blocks(ROOT / page)
    assert code
    with _inside(tmp_path), contextlib.redirect_stdout(io.StringIO()):
        for block in code:
            exec(compile(block, page, "exec"), namespace)  # noqa: S102
    if page == "docs/batch.md":
        rows = namespace["rows"]
        assert isinstance(rows, pd.DataFrame)
        assert set(rows["region"].astype(str)) >= {"330683"}
        assert len(rows) == 60 * len(
            ecociv.standards.load("mee-2024-county").requirements
        )


def test_the_indicator_page_is_current() -> None:
    """docs/indicators.md is what report.indicators_markdown() gives."""
    page = (ROOT / "docs" / "indicators.md").read_text("utf-8")
    assert page == report.indicators_markdown(), "run: python tools/write_generated.py"
    for sid in ecociv.standards.bundled_ids():
        for ind in ecociv.standards.load(sid).indicators:
            assert f"| `{ind.id}` |" in page


def _options() -> Iterator[tuple[str, str]]:
    """Yield (subcommand, long option) for every option of the command line."""
    sub = next(a for a in _parser()._actions if a.choices)
    for name, parser in sub.choices.items():  # type: ignore[union-attr]
        nested = [a for a in parser._actions if a.choices and not a.option_strings]
        parsers = [parser]
        if nested and isinstance(nested[0].choices, dict):
            parsers += list(nested[0].choices.values())
        for p in parsers:
            for action in p._actions:
                for opt in action.option_strings:
                    if opt.startswith("--") and opt != "--help":
                        yield name, opt


def test_the_cli_page_documents_every_subcommand_and_option() -> None:
    """docs/cli.md names every subcommand, standards action and long option."""
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for name in COMMANDS:
        assert f"ecociv {name}" in page
    for action in ("list", "show", "diff", "validate", "in-force"):
        assert f"ecociv standards {action}" in page
    missing = sorted({opt for _, opt in _options() if f"`{opt}" not in page})
    assert missing == []
