"""Modules a reader can hold in mind: median ≤ 150 lines, none over 400, no function over 60
(Django's generated migrations aside)."""

from __future__ import annotations

import ast
import statistics

from conftest import ROOT

SRC = ROOT / "src" / "jixiao"


def _modules():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_modules_are_small():
    lines = {p.relative_to(SRC).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    assert statistics.median(lines.values()) <= 150
    assert not {m: n for m, n in lines.items() if n > 400}


def test_functions_are_short():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert not long, long
