"""Structured values kept in one cell as a short YAML text: formula inputs, and the 规则参数 cell of older workbooks."""

from __future__ import annotations

from typing import Any

from ..io.document import dump_yaml
from ..io.yaml_tree import load_tree
from ..problems import Problem, error
from .cells import Map, Seq, Text


def yaml_cell(value: Text, label: str, problems: list[Problem]) -> Map | None:
    """The cell's YAML mapping, every part located at the cell; a problem at the cell if it is not one."""
    inner: list[Problem] = []
    root = load_tree(str(value), "", inner)
    if inner or root is None or not root.is_map:
        reason = "；".join(p.message for p in inner) if inner else "应为“键: 值”形式的键值表"
        problems.append(
            error(
                "excel.yaml_cell",
                f"{label}“{_short(value)}”无法读取：{reason}。例如 levels: {{明确: 2, 不明确: 0}}",
                value.where,
            )
        )
        return None
    return locate(root.plain(), value)  # type: ignore[return-value]


def locate(data: Any, cell: Text) -> Any:
    """Plain data read out of one cell, every part located at that cell."""
    if isinstance(data, dict):
        return Map(cell.where, {k: locate(v, cell) for k, v in data.items()})
    if isinstance(data, list):
        return Seq(cell.where, [locate(v, cell) for v in data])
    return None if data is None else Text(str(data), cell.where)


def yaml_text(data: dict) -> str:
    """A mapping as the YAML written into a cell: block style, one key a line."""
    return dump_yaml(data).rstrip("\n")


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"
