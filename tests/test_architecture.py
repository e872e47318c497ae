"""The house as ARCHITECTURE.md draws it: rooms in layers, imports pointing down.

Each module belongs to a *room* (``ecociv.rules``, ``ecociv._io``, a top-level
module ...). A room imports only rooms of lower layers at module level. A
function may import a room above its own only for the exceptions the
architecture names (a value's ``_repr_html_``, a value's named constructor,
the façade's ``to_json``); every other import inside a function points down,
and is there only to keep ``import ecociv`` light.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


SRC = Path(__file__).parent.parent / "src"
ARCHITECTURE = Path(__file__).parent.parent / "ARCHITECTURE.md"

#: Rooms, lowest layer first; a room may import any room of an earlier layer.
LAYERS: list[set[str]] = [
    {
        "errors",
        "limits",
        "_frozen",
        "_lazy",
        "_progress",
        "_version",
        "_controls",
        "_memo",
        "_arrays",
        "schemas",
    },
    {"units", "_indicator", "_region", "_vocabulary", "_observation", "_account"},
    {"_table"},
    {"rules"},
    {"_schema", "_wire"},
    {"standards", "_observations"},
    {"_io"},
    {"_engine"},
    {"batch"},
    {"analysis", "testing"},
    {"report"},
    {"plot"},
    {"_cli"},
    {"ecociv", "__main__"},
]
LAYER = {room: k for k, rooms in enumerate(LAYERS) for room in rooms}

#: Imports inside functions that point up: (room, room imported, function).
UPWARD = {
    ("_engine", "report", "_repr_html_"),
    ("batch", "report", "_repr_html_"),
    ("_observations", "report", "_repr_html_"),
    ("standards", "report", "_repr_html_"),
    ("_observations", "_io", "from_records"),
    ("_observations", "_io", "from_csv"),
    ("_observations", "_io", "from_file"),
    ("_observations", "_io", "from_frame"),
    ("_observations", "_io", "from_arrow"),
    ("ecociv", "report", "to_json"),
}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "ecociv"


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[str, str | None]]:
    """Yield (module imported, function it is imported in or None) for a file."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def walk(node: ast.AST, func: str | None) -> Iterator[tuple[str, str | None]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for c in child.orelse:
                    yield from walk(ast.Module([c], []), func)
                continue
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in child.names:
                    yield (f"{base}.{alias.name}" if base == "ecociv" else base), func
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, func
            name = func
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name
            yield from walk(child, name)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")), None)


def _edges() -> Iterator[tuple[str, str, str, str | None]]:
    for path in sorted((SRC / "ecociv").rglob("*.py")):
        room = _room(_module(path))
        for imported, func in _imports(path):
            if imported == "ecociv" or not imported.startswith("ecociv."):
                continue
            target = _room(imported)
            if target != room:
                yield str(path.relative_to(SRC)), room, target, func


def test_every_room_has_a_layer() -> None:
    """Every module of the package lives in a room the architecture names."""
    rooms = {_room(_module(p)) for p in (SRC / "ecociv").rglob("*.py")}
    assert rooms <= set(LAYER), sorted(rooms - set(LAYER))


@pytest.mark.parametrize("edge", list(_edges()), ids=lambda e: f"{e[0]}->{e[2]}")
def test_imports_point_down(edge: tuple[str, str, str, str | None]) -> None:
    """An import points to a lower layer, or is one of the named exceptions."""
    path, room, target, func = edge
    if LAYER[target] < LAYER[room]:
        return
    assert func is not None, f"{path} imports {target} at module level"
    assert (room, target, func) in UPWARD, f"{path}: {func} imports {target}"


def test_the_architecture_page_draws_these_layers() -> None:
    """ARCHITECTURE.md names every room in the layer this test holds it to."""
    page = ARCHITECTURE.read_text(encoding="utf-8")
    for k, rooms in enumerate(LAYERS):
        line = next((ln for ln in page.splitlines() if ln.startswith(f"| {k} |")), None)
        assert line is not None, f"layer {k} is not in ARCHITECTURE.md"
        for room in rooms:
            assert f"`{room}`" in line, (k, room)


#: The façades that import their names on first use (``ecociv._lazy.facade``).
LAZY_FACADES = ("ecociv", "ecociv._engine", "ecociv.report", "ecociv.standards")


@pytest.mark.parametrize("name", LAZY_FACADES)
def test_the_facade_resolves_every_public_name(name: str) -> None:
    """Every name a façade lists is there on first use, from where it lives."""
    facade = importlib.import_module(name)

    for public in facade.__all__:
        assert getattr(facade, public) is not None, public
    assert set(facade.__all__) <= set(dir(facade))
    with pytest.raises(AttributeError, match=f"'{name}' has no attribute 'nothing'"):
        facade.nothing  # noqa: B018


@pytest.mark.parametrize("name", LAZY_FACADES)
def test_the_facade_types_what_it_imports_lazily(name: str) -> None:
    """The names mypy sees (TYPE_CHECKING) are those the façade imports on use."""
    facade = importlib.import_module(name)
    path = SRC.joinpath(*name.split("."), "__init__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    block = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    typed = {
        alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == set(facade._HOMES) | set(getattr(facade, "_MODULES", ()))
    eager = {k for k in facade.__all__ if k in vars(facade) and k not in typed}
    assert set(facade.__all__) == typed | eager


def test_a_facade_imports_only_what_is_asked_for() -> None:
    """Writing CSV imports neither the HTML nor the JSON writers.

    ``ecociv.report``, ``ecociv.standards`` and the engine import each name
    where it lives on first use: a command that judges a file and writes
    CSV does not pay for the HTML and JSON writers, the standards' version
    tables, the side-by-side judgement or the Excel door.
    """
    import subprocess  # noqa: PLC0415

    code = (
        "import sys, ecociv\n"
        "from ecociv import report, standards\n"
        "from ecociv.report._write import render\n"
        "std = standards.load('mee-2024-county')\n"
        "import ecociv._cli._compare\n"
        "mods = ('ecociv.report._html', 'ecociv.report._json', "
        "'ecociv.standards._versions', 'ecociv._engine._side_by_side', "
        "'ecociv._io._excel')\n"
        "print(*[m in sys.modules for m in mods])\n"
        "report.to_html, report.dumps, standards.diff, ecociv.SideBySide\n"
        "print(*[m in sys.modules for m in mods[:4]])"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    first, then = out.stdout.splitlines()
    assert first.split() == ["False"] * 5
    assert then.split() == ["True"] * 4
