"""YAML text → located Node tree, scalars kept as written (never floats).

PyYAML's composer gives every node its line; we stop before construction so
that `0.10` stays the text "0.10" and `2.56万人` is never touched by YAML's
own type guessing.

User YAML is hostile until read: the text is capped in size (JIXIAO_MAX_YAML_KB),
nesting in depth, and what aliases (*name) add when expanded, so that a few
hundred bytes of "billion laughs" or an alias inside its own anchor end in a
problem at once instead of a worker's minutes, gigabytes or a RecursionError.
Anchors stay allowed within that budget: the reference evaluation shares one
评分标准 and rule among its indicators that way.
"""

from __future__ import annotations

import logging

import yaml

from ..envsettings import env_int
from ..problems import Problem, Source, error
from ..parse.pause import gc_paused
from ..parse.tree import Node

log = logging.getLogger("jixiao.security")
log.addHandler(logging.NullHandler())  # the CLI prints the problem itself; servers configure a handler

MAX_YAML_KB = 4096  # default cap of one YAML text; a full evaluation is about 40 KB
MAX_DEPTH = 50  # maps and lists inside each other; a format-1 file needs about 10
MAX_ALIAS_NODES = 10_000  # nodes that aliases may add in all; the reference adds about 100

_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_NULLS = ("", "~", "null", "Null", "NULL")


# libyaml's composer when PyYAML was built with it: the same nodes and marks, ~10× faster
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Resolves only what the tree asks of a tag: whether a plain scalar is null. Scalars are
    kept as text, so PyYAML's dozen patterns (bool, int, float, timestamp…) tried on each one
    were a tenth of a load spent on an answer nobody reads."""

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        if kind is yaml.ScalarNode:
            return _NULL if implicit[0] and value in _NULLS else _STR
        return super().resolve(kind, value, implicit)


_LOADER = _Loader


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def max_yaml_bytes() -> int:
    """The size cap of one YAML text in bytes: JIXIAO_MAX_YAML_KB, else MAX_YAML_KB."""
    return env_int("JIXIAO_MAX_YAML_KB", MAX_YAML_KB, minimum=1, unit="KB") * 1024


def size_problem(size: int, file: str, *, exact: bool = True) -> Problem | None:
    """A problem when a YAML text of `size` bytes is over the cap, else None
    (`exact=False`: reading stopped at the cap, the whole is larger still)."""
    limit = max_yaml_bytes()
    if size <= limit:
        return None
    size_text = f"{size / 1024:,.0f} KB，" if exact else ""
    return _refused(
        "input.too_large",
        f"文件过大：{size_text}超过 YAML 评价文件的上限 {limit // 1024:,} KB，未读取"
        "（一份评价文件通常不足 100 KB；上限由 JIXIAO_MAX_YAML_KB 设置）",
        Source(file=file),
    )


def _refused(code: str, message: str, where: Source) -> Problem:
    log.warning("拒绝读取 YAML %s（%s）：%s", where, code, message)
    return error(code, message, where)


class _Refuse(Exception):
    """Stops converting: the tree is hostile (too deep, aliases beyond the budget, recursive)."""

    def __init__(self, problem: Problem):
        self.problem = problem


class _Converter:
    """Turns composed nodes into Node trees, counting what aliases add.

    An alias is the very node object of its anchor, met again: the first visit of
    a node is its anchor's text, every later one an expansion."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.seen: set[int] = set()
        self.open: set[int] = set()  # nodes being converted: meeting one again is a recursive alias
        self.added = 0
        self.expanding: int | None = None  # the line of the outermost alias being expanded

    def refuse(self, code: str, message: str, line: int) -> None:
        raise _Refuse(_refused(code, message, Source(file=self.file, line=line)))

    def convert(self, node: yaml.Node, path: str, depth: int, used_at: int) -> Node:
        """`used_at` is the line that refers to the node (its key, or its list)."""
        ident = id(node)
        line = node.start_mark.line + 1
        if ident in self.open:
            self.refuse(
                "input.yaml_alias_recursive",
                f"第{used_at}行的别名（*）引用了包含它自身的锚点（&，第{line}行），会无限展开，无法读取。请直接写出内容",
                used_at,
            )
        outermost = False
        if ident in self.seen:
            self.added += 1
            if self.expanding is None:
                self.expanding, outermost = used_at, True
            if self.added > MAX_ALIAS_NODES:
                self.refuse(
                    "input.yaml_alias_budget",
                    f"第{self.expanding}行的别名（*）展开后共超过 {MAX_ALIAS_NODES:,} 个节点，疑似“billion laughs”构造，已停止读取。"
                    "请直接写出内容，或减少锚点（&）与别名（*）的嵌套",
                    self.expanding,
                )
        self.seen.add(ident)
        try:
            return self._convert(node, ident, line, path, depth)
        finally:
            if outermost:
                self.expanding = None

    def _convert(self, node: yaml.Node, ident: int, line: int, path: str, depth: int) -> Node:
        if depth > MAX_DEPTH:
            self.refuse("input.yaml_depth", f"嵌套层级过深：超过{MAX_DEPTH}层（第{line}行），无法读取", line)
        where = Source(file=self.file, line=line, path=path or None)
        if isinstance(node, yaml.ScalarNode):
            # a plain scalar has the style None in pure-Python PyYAML but '' under libyaml
            is_null = node.tag == _NULL and not node.style
            value = None if is_null and node.value in _NULLS else node.value
            return Node(value, where, quoted=node.style in ("'", '"'))
        self.open.add(ident)
        try:
            if isinstance(node, yaml.SequenceNode):
                items = [self.convert(item, _path(path, i), depth + 1, line) for i, item in enumerate(node.value)]
                return Node(items, where)
            return Node(self.mapping(node, path, depth), where)
        finally:
            self.open.discard(ident)

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            at = key_node.start_mark.line + 1
            if key == "<<" and isinstance(value_node, yaml.MappingNode):
                merged = self.convert(value_node, path, depth, at)
                for k, v in merged.value.items():  # type: ignore[union-attr]
                    mapping.setdefault(k, v)
                continue
            if key in mapping:
                self.problems.append(
                    error(
                        "input.duplicate_key",
                        f"键“{key}”重复出现（第{mapping[key].where.line}行已有），后者会覆盖前者，请删除其一",
                        Source(file=self.file, line=at, path=_path(path, key)),
                        key=key,
                    )
                )
            mapping[key] = self.convert(value_node, _path(path, key), depth + 1, at)
        return mapping


def deeper_than(data: object, limit: int = MAX_DEPTH) -> bool:
    """Whether plain data (dicts and lists, e.g. a JSON body) nests deeper than `limit`;
    counted without recursion, so any depth is measured safely."""
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= limit:
                return True
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return False


@gc_paused()
def load_tree(text: str, file: str, problems: list[Problem]) -> Node | None:
    """Parse YAML text into a Node tree, or record the syntax error and return None."""
    # a character is at most 4 bytes in UTF-8: only a long text is measured exactly
    if len(text) * 4 > max_yaml_bytes():
        too_large = size_problem(len(text.encode("utf-8", "replace")), file)
        if too_large is not None:
            problems.append(too_large)
            return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except RecursionError:  # only pure-Python PyYAML recurses; libyaml stops at its own depth
        problems.append(_refused("input.yaml_depth", f"嵌套层级过深：超过{MAX_DEPTH}层，无法读取", Source(file=file)))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        start = getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        column = f"第{mark.column + 1}列附近" if mark is not None else ""
        began = f"（第{start.line + 1}行开始的结构未正确结束）" if start is not None and start is not mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        if "nesting depth" in reason:  # libyaml's own bound, far beyond ours
            problems.append(_refused("input.yaml_depth", f"嵌套层级过深：超过{MAX_DEPTH}层，无法读取", Source(file=file, line=line)))
            return None
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
    try:
        return _Converter(file, problems).convert(root, "", 0, root.start_mark.line + 1)
    except _Refuse as refused:
        problems.append(refused.problem)
        return None
