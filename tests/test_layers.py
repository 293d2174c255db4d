"""The layout shows the architecture, and stays so: every import goes down the layers (or
sideways within one package), the loader and the HTTP plumbing never meet, the views read the
database only through app.db, there are no cycles, and the README's module table names every
module there is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP = ROOT / "app"

#: Lowest first. A module may import its own layer and those below it.
LAYERS: dict[str, int] = {
    "app.domain": 0,  # the words loader and site share
    "app.settings": 0,
    "app.search": 0,  # how text becomes search terms and claim ids; the query syntax
    "app.figures": 0,  # how a statement's numbers are read
    "app.figure_meaning": 0,  # what each figure measures, for when (app/metrics.toml)
    "app.periods": 0,  # what a period key stands for: its kind, its place in time
    "app.compare": 0,  # which statements of two snapshots say the same thing
    "app.db": 1,  # connection, queries, schema
    "app.loader": 2,  # documents -> the database
    "app.http": 2,  # headers, caching, gzip, the memory path
    "app.views": 3,  # routes, page models, markup, templates
    "app.web": 4,  # the app, assembled
    "app.serving": 5,  # processes
    "app.cli": 6,  # the command line over all of it
}
#: Same-layer packages that must not know each other.
APART = {("app.loader", "app.http"), ("app.http", "app.loader")}
#: Reading the database for the site goes through app.db, never the loader.
FORBIDDEN = {("app.views", "app.loader"), ("app.http", "app.views"), ("app.db", "app.loader")}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(APP.rglob("*.py"))}


def group(module: str) -> str:
    """The layer entry a module belongs to: its longest prefix in LAYERS."""
    found = [name for name in LAYERS if module == name or module.startswith(f"{name}.")]
    assert found, f"{module} is in no layer: add it to LAYERS"
    return max(found, key=len)


def imports(path: Path) -> set[str]:
    """Every app module `path` imports, at any depth of the file (function-level too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("app"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
    return {m for m in found if m != "app"}


GRAPH = {name: imports(path) for name, path in MODULES.items() if name != "app"}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_down_the_layers(module: str) -> None:
    mine = group(module)
    for target in sorted(GRAPH[module]):
        theirs = group(target)
        assert LAYERS[theirs] <= LAYERS[mine], f"{module} imports {target}, a higher layer"
        assert (mine, theirs) not in APART | FORBIDDEN, f"{module} must not import {target}"


def test_there_are_no_import_cycles() -> None:
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        if module in trail:
            cycle = " -> ".join((*trail[trail.index(module) :], module))
            raise AssertionError(f"import cycle: {cycle}")
        if module in done or module not in GRAPH:
            return
        for target in sorted(GRAPH[module]):
            visit(target, (*trail, module))
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, ())


def test_the_readme_module_table_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Code layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(app/[\w/]+\.py)`", table))
    modules = {p.relative_to(ROOT).as_posix() for p in APP.rglob("*.py") if p.name != "__init__.py"}
    assert not modules - named, f"missing from the README's table: {sorted(modules - named)}"
    assert not named - modules, f"in the README's table but not in app/: {sorted(named - modules)}"
