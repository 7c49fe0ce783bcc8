"""The package's seams: no import cycle, no upward import, no private name across modules.

Every module of src/jixiao is parsed (not imported) and every import is read, at the top
of the module and inside functions alike: an import hidden in a function to dodge a cycle
is still a dependency. Modules are ordered in layers, lowest first; a module may import
its own layer or any lower one, never a higher one. A known violation at the doors (CLI,
web) may be listed below with its reason: the test fails on any new one, and on a listed
one that has gone (so the list only shrinks).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "jixiao"

# Lowest first. A module belongs to the first entry that is its name or a package above it.
LAYERS: list[tuple[str, ...]] = [
    ("envsettings", "numbers", "problems", "model", "parse"),  # envsettings: JIXIAO_* read from the environment
    ("metrics", "rules", "actuals", "glossary"),
    ("scoring", "selfeval", "checks"),
    ("analysis", "library"),  # library: the 指标库 built from every stage's indicators
    # The readers: the file formats below, and the one call every door opens files with.
    ("io",),  # format 1 from YAML text or a plain document: knows no workbook
    ("excel.safety", "excel.layout", "excel.cells", "excel.yamlcell", "excel.rulecells", "excel.national",
     "excel.tables", "excel.read", "excel.formlabels", "excel.declaration", "excel.monitoring"),
    ("sources",),
    ("render", "report", "excel", "reportaudit", "results"),  # reportaudit: reading delivered reports back;
    # results: the bureau's 结果应用 report over many evaluations
    ("cli", "web"),
]

# Known violations at the doors, each (importer, imported): reason. Nothing below the
# doors may appear here.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}
KNOWN_CYCLES: dict[frozenset[str], str] = {}
KNOWN_PRIVATE: dict[tuple[str, str, str], str] = {}

BELOW_DOORS = ("model", "parse", "io", "sources", "rules", "metrics", "scoring", "selfeval", "checks", "analysis",
               "numbers", "problems", "actuals", "glossary")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        parts = list(rel.parts)
        if "migrations" in parts:
            continue  # Django's migrations are run by Django, never imported by jixiao
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(["jixiao", *parts])] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _imports(name: str, path: Path) -> list[tuple[str, str | None, int]]:
    """(module imported, name imported from it or None, line) for every import of jixiao."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if _is_package(name) else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names if a.name.split(".")[0] == "jixiao"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "jixiao":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:
                    found.append((sub, None, node.lineno))  # a submodule, not a name
                else:
                    found.append((target, alias.name, node.lineno))
    return found


def _known(name: str) -> str:
    """The module's import target as a known module (a name imported from a package is the package)."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


GRAPH: dict[str, dict[str, int]] = {}
NAMES: list[tuple[str, str, str, int]] = []
for _name, _path in MODULES.items():
    edges = GRAPH.setdefault(_name, {})
    for _target, _imported, _line in _imports(_name, _path):
        _target = _known(_target)
        if _target != _name:
            edges.setdefault(_target, _line)
        if _imported is not None:
            NAMES.append((_name, _target, _imported, _line))


def layer_of(module: str) -> int:
    rel = module.removeprefix("jixiao").lstrip(".")
    if not rel:
        return 0  # the package's own __init__ (empty): importing a door from it would be upward
    for i, units in enumerate(LAYERS):
        for unit in units:
            if rel == unit or rel.startswith(unit + "."):
                return i
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def upward_imports() -> dict[tuple[str, str], int]:
    return {(a, b): line for a, edges in GRAPH.items() for b, line in edges.items() if layer_of(b) > layer_of(a)}


def cycles() -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = set()
            while True:
                w = stack.pop()
                on.discard(w)
                scc.add(w)
                if w == v:
                    break
            if len(scc) > 1:
                out.append(frozenset(scc))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def private_imports() -> dict[tuple[str, str, str], int]:
    return {(a, b, n): line for a, b, n, line in NAMES if n.startswith("_") and not n.startswith("__")}


def _short(module: str) -> str:
    return module.removeprefix("jixiao.")


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def test_no_upward_import() -> None:
    found = upward_imports()
    new = [f"{_short(a)}:{line} imports {_short(b)}" for (a, b), line in sorted(found.items()) if (a, b) not in KNOWN_UPWARD]
    assert not new, "upward imports (a lower layer must not know a higher one):\n" + "\n".join(new)
    gone = [k for k in KNOWN_UPWARD if k not in found]
    assert not gone, f"fixed, remove from KNOWN_UPWARD: {gone}"


def test_no_import_cycle() -> None:
    found = cycles()
    new = [sorted(map(_short, c)) for c in found if c not in KNOWN_CYCLES]
    assert not new, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in new)
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"fixed, remove from KNOWN_CYCLES: {gone}"


def test_no_private_name_across_modules() -> None:
    found = private_imports()
    new = [f"{_short(a)}:{line} imports {n} from {_short(b)}" for (a, b, n), line in sorted(found.items())
           if (a, b, n) not in KNOWN_PRIVATE]
    assert not new, "private names imported across modules:\n" + "\n".join(new)
    gone = [k for k in KNOWN_PRIVATE if k not in found]
    assert not gone, f"fixed, remove from KNOWN_PRIVATE: {gone}"


def _below(module: str) -> bool:
    rel = _short(module)
    return any(rel == u or rel.startswith(u + ".") for u in BELOW_DOORS)


def test_known_violations_are_only_at_the_doors() -> None:
    below = [k for k in KNOWN_UPWARD if _below(k[0])] + [k for k in KNOWN_PRIVATE if _below(k[0])]
    below += [sorted(c) for c in KNOWN_CYCLES if any(_below(m) for m in c)]
    assert not below, f"below the doors nothing may be excused: {below}"


@pytest.mark.parametrize("source, expected", [
    ("from ..io.load import load_text\n", ("jixiao.rules.base", "jixiao.io.load")),
    ("def f():\n    from ..cli import console\n", ("jixiao.rules.base", "jixiao.cli.console")),
])
def test_the_walk_sees_every_import(tmp_path, source, expected) -> None:
    """Both top-level and function-level imports are read (a hidden import is still one)."""
    path = tmp_path / "base.py"
    path.write_text(source, encoding="utf-8")
    targets = {_known(t) for t, _, _ in _imports("jixiao.rules.base", path)}
    assert expected[1] in targets


# -- one way in: every door opens evaluation files through jixiao.sources ----------------------

# The calls that open an evaluation file or parse its text, by the module that defines them.
LOADERS: dict[str, frozenset[str]] = {
    "jixiao.io.load": frozenset({"load_text"}),
    "jixiao.io.yaml_tree": frozenset({"load_tree"}),
    "jixiao.io.document": frozenset({"document_from_yaml"}),
    "jixiao.excel.read": frozenset({"load_workbook", "read_document", "workbook_document", "national_parts"}),
    "jixiao.excel.cells": frozenset({"read_grids", "read_openpyxl", "read_calamine"}),
    "jixiao.excel.national": frozenset({"read_block", "blocks"}),
    "jixiao.excel.national.read": frozenset({"read_block"}),
    "jixiao.excel.national.headers": frozenset({"blocks"}),
    # the libraries underneath
    "openpyxl": frozenset({"load_workbook"}),
    "python_calamine": frozenset({"CalamineWorkbook", "load_workbook"}),
    "yaml": frozenset({"compose", "compose_all", "load", "load_all", "safe_load", "safe_load_all", "full_load"}),
}
# The readers jixiao.sources registers, and what they are made of: only they may call the loaders.
READERS = ("sources", "io.load", "io.document", "io.yaml_tree", "excel.read", "excel.cells", "excel.national",
           "excel.yamlcell")
# Known second ways, each (module, loader): reason. The test fails on a new one and on a listed one gone.
KNOWN_SECOND_DOORS: dict[tuple[str, str], str] = {
    ("library.seed", "yaml.safe_load"): "the package's own 指标库 seed (library/indicators.yaml), never a user's file",
}


def _loader_calls(name: str, path: Path) -> dict[str, int]:
    """'module.loader' → line, for every loader the module imports or reaches as module.attribute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if _is_package(name) else name.rpartition(".")[0]
    modules: dict[str, str] = {}  # local name → module it stands for
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                modules[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for a in node.names:
                if f"{base}.{a.name}" in MODULES:
                    modules[a.asname or a.name] = f"{base}.{a.name}"
                elif a.name in LOADERS.get(base, ()):
                    found.setdefault(f"{base}.{a.name}", node.lineno)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = modules.get(node.value.id, "")
            if node.attr in LOADERS.get(module, ()):
                found.setdefault(f"{module}.{node.attr}", node.lineno)
    return found


def second_doors() -> dict[tuple[str, str], int]:
    out = {}
    for name, path in MODULES.items():
        rel = _short(name)
        if any(rel == r or rel.startswith(r + ".") for r in READERS):
            continue
        for loader, line in _loader_calls(name, path).items():
            out[(rel, loader.removeprefix("jixiao."))] = line
    return out


def test_every_door_opens_files_through_sources() -> None:
    """No module but the readers calls a loader: the CLI, review, web uploads, the API and the
    workspace's stored revisions all go through jixiao.sources (open_source, open_text, open_forms)."""
    found = second_doors()
    new = [f"{module}:{line} calls {loader}" for (module, loader), line in sorted(found.items())
           if (module, loader) not in KNOWN_SECOND_DOORS]
    assert not new, "a second way to open an evaluation file (use jixiao.sources):\n" + "\n".join(new)
    gone = [k for k in KNOWN_SECOND_DOORS if k not in found]
    assert not gone, f"fixed, remove from KNOWN_SECOND_DOORS: {gone}"


def test_the_door_test_sees_a_second_door(tmp_path, monkeypatch) -> None:
    """Each way of reaching a loader is caught: imported by name, relatively, or as module.attribute."""
    sample = tmp_path / "door.py"
    sample.write_text("from ..io.yaml_tree import load_tree\nfrom ..excel import read\nimport yaml\n"
                      "def f(p):\n    return read.load_workbook(p), yaml.safe_load(p), load_tree(p, '', [])\n", "utf-8")
    calls = _loader_calls("jixiao.web.door", sample)
    assert set(calls) == {"jixiao.io.yaml_tree.load_tree", "jixiao.excel.read.load_workbook", "yaml.safe_load"}
