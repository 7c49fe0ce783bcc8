"""YAML text → located Node tree, scalars kept as written (never floats).

PyYAML's composer gives every node its line; we stop before construction so
that `0.10` stays the text "0.10" and `2.56万人` is never touched by YAML's
own type guessing.
"""

from __future__ import annotations

import yaml

from ..problems import Problem, Source, error
from .tree import Node

# libyaml's composer when PyYAML was built with it: the same nodes and marks, ~10× faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_NULLS = ("", "~", "null", "Null", "NULL")


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _convert(node: yaml.Node, file: str, path: str, problems: list[Problem]) -> Node:
    where = Source(file=file, line=node.start_mark.line + 1, path=path or None)
    if isinstance(node, yaml.ScalarNode):
        # a plain scalar has the style None in pure-Python PyYAML but '' under libyaml
        is_null = node.tag == _NULL and not node.style
        value = None if is_null and node.value in _NULLS else node.value
        return Node(value, where, quoted=node.style in ("'", '"'))
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, file, _path(path, i), problems) for i, item in enumerate(node.value)], where)
    mapping: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key == "<<" and isinstance(value_node, yaml.MappingNode):
            merged = _convert(value_node, file, path, problems)
            for k, v in merged.value.items():  # type: ignore[union-attr]
                mapping.setdefault(k, v)
            continue
        if key in mapping:
            problems.append(
                error(
                    "input.duplicate_key",
                    f"键“{key}”重复出现（第{mapping[key].where.line}行已有），后者会覆盖前者，请删除其一",
                    Source(file=file, line=key_node.start_mark.line + 1, path=_path(path, key)),
                    key=key,
                )
            )
        mapping[key] = _convert(value_node, file, _path(path, key), problems)
    return Node(mapping, where)


def load_tree(text: str, file: str, problems: list[Problem]) -> Node | None:
    """Parse YAML text into a Node tree, or record the syntax error and return None."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        start = getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        column = f"第{mark.column + 1}列附近" if mark is not None else ""
        began = f"（第{start.line + 1}行开始的结构未正确结束）" if start is not None and start is not mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(
            error(
                "input.yaml_syntax",
                f"YAML 格式错误：{column}无法解析{began}（{reason}）。请检查缩进、冒号、括号和引号是否成对",
                Source(file=file, line=line),
            )
        )
        return None
    if root is None:
        problems.append(error("input.empty", "文件为空：应为一份评价文件（format: 1）", Source(file=file)))
        return None
    return _convert(root, file, "", problems)
