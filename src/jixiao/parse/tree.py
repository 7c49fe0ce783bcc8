"""A format-neutral document tree whose every node knows where it came from.

YAML files and workbooks are both turned into this tree (scalars kept as the
text the user wrote), and one Reader turns the tree into model records,
collecting a Problem with the exact location for everything it cannot read.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Callable, TypeVar

from ..model.quantity import Level, Quantity, Target
from ..numbers import D, NotANumber
from ..problems import Problem, Source, error
from . import excerpt
from .pause import gc_paused
from .quantity import ParseError, parse_quantity, parse_target, parse_value

T = TypeVar("T")


class Node:
    """A scalar (str, or None for an empty value), a list of Node, or a dict of Node.

    `where` may be given as anything with a `.where` (a workbook cell's text), so a
    location is spelled out only for the values that are reported."""

    __slots__ = ("value", "_where", "quoted")

    def __init__(self, value: str | None | list["Node"] | dict[str, "Node"], where: Source | Any, quoted: bool = False):
        self.value = value
        self._where = where
        self.quoted = quoted

    @property
    def where(self) -> Source:
        where = self._where
        if not isinstance(where, Source):
            where = self._where = where.where
        return where

    @property
    def is_map(self) -> bool:
        return type(self.value) is dict

    @property
    def is_list(self) -> bool:
        return type(self.value) is list

    @property
    def is_scalar(self) -> bool:
        return type(self.value) not in (dict, list)

    def plain(self) -> object:
        """The subtree as plain Python data (texts, lists, dicts)."""
        with gc_paused():  # a whole document's dicts and lists, all kept
            return _plain(self)


def _plain(node: Node) -> object:
    value = node.value
    if type(value) is dict:
        return {k: _plain(v) for k, v in value.items()}
    if type(value) is list:
        return [_plain(v) for v in value]
    return value


def is_blank(node: Node) -> bool:
    """A value left blank (empty, null, ~, '' or spaces) means "not filled", wherever it is."""
    value = node.value
    return value is None or (type(value) is str and not value.strip())


KIND_NAMES = {"map": "键值表（key: value）", "list": "列表（- 项）", "scalar": "单个值"}

_TRUE = {"true", "yes", "on", "是", "y", "1", "√", "✓"}
_FALSE = {"false", "no", "off", "否", "n", "0", "×", "✗"}


class Reader:
    """Reads typed fields out of a map node, recording problems instead of raising."""

    def __init__(self, node: Node, problems: list[Problem], *, indicator: str | None = None):
        self.node = node
        self.problems = problems
        self.indicator = indicator
        self.used: set[str] = set()
        self.ok = True
        if not node.is_map:
            self._fail(node, "type", f"应为{KIND_NAMES['map']}，实际是{_kind(node)}")
            self.node = Node({}, node.where)

    # -- plumbing -----------------------------------------------------------------

    @property
    def where(self) -> Source:
        return self._where(self.node)

    def _where(self, node: Node) -> Source:
        return node.where.with_(indicator=self.indicator) if self.indicator else node.where

    def _fail(self, node: Node, code: str, message: str, **figures: object) -> None:
        self.ok = False
        self.problems.append(error(f"input.{code}", message, self._where(node), **figures))

    def child(self, key: str) -> Node | None:
        self.used.add(key)
        node = self.node.value.get(key)
        if node is not None and is_blank(node):
            return None  # left blank: not filled
        return node

    def has(self, key: str) -> bool:
        return self.child(key) is not None

    def missing(self, key: str, label: str, example: str) -> None:
        self._fail(self.node, "missing", f"缺少必填项“{key}”（{label}），例如 {key}: {example}", key=key)

    def done(self) -> None:
        """Report keys that nobody read: likely typos, never silently dropped."""
        assert isinstance(self.node.value, dict)
        for key, node in self.node.value.items():
            if key not in self.used:
                expected = "、".join(sorted(self.used))
                self._fail(node, "unknown_key", f"未知的键“{key}”；此处可用的键为：{expected}", key=key)

    def _scalar(self, key: str, label: str, required: bool, example: str) -> Node | None:
        node = self.child(key)
        if node is None:
            if required:
                self.missing(key, label, example)
            return None
        if not node.is_scalar:
            self._fail(node, "type", f"{label}应为{KIND_NAMES['scalar']}，实际是{_kind(node)}")
            return None
        return node

    # -- typed fields -------------------------------------------------------------

    def text(self, key: str, label: str = "", *, required: bool = False, example: str = "…") -> str | None:
        node = self._scalar(key, label or key, required, example)
        return None if node is None else str(node.value).strip()

    def texts(self, key: str, label: str = "") -> tuple[str, ...]:
        """A list of texts; a single text is accepted as a list of one."""
        node = self.child(key)
        if node is None:
            return ()
        if node.is_scalar:
            return (str(node.value),)
        if not node.is_list:
            self._fail(node, "type", f"{label or key}应为{KIND_NAMES['list']}")
            return ()
        out = []
        for item in node.value:  # type: ignore[union-attr]
            if item.is_scalar and item.value is not None:
                out.append(str(item.value))
            elif not item.is_scalar:
                self._fail(item, "type", f"{label or key}的每一项应为文字")
        return tuple(out)

    def decimal(self, key: str, label: str = "", *, required: bool = False, example: str = "3") -> Decimal | None:
        node = self._scalar(key, label or key, required, example)
        if node is None:
            return None
        return self.decimal_of(node, label or key, example)

    def decimal_of(self, node: Node, label: str, example: str = "3") -> Decimal | None:
        text = str(node.value).strip()
        if text.endswith("分"):
            text = text[:-1]
        try:
            return D(text)
        except NotANumber as exc:
            why = f"：{exc.reason}" if exc.reason else "，应为数字"
            self._fail(node, "number", f"{label}“{excerpt(str(node.value))}”不是数字{why}，例如 {example}", value=node.value)
            return None

    def percent_or_number(self, key: str, label: str, *, required: bool = False, example: str = "10%") -> Decimal | None:
        """A percentage parameter such as 95% (→ 95); a bare number is read as percent points."""
        node = self._scalar(key, label, required, example)
        if node is None:
            return None
        try:
            quantity = parse_quantity(str(node.value))
        except ParseError:
            self._fail(node, "number", f"{label}“{node.value}”不是百分比，应为如 {example}", value=node.value)
            return None
        if quantity.unit not in ("", "%"):
            self._fail(node, "unit", f"{label}“{node.value}”应为百分比，例如 {example}", value=node.value)
            return None
        return quantity.value

    def boolean(self, key: str, label: str = "", *, default: bool | None = False) -> bool | None:
        node = self._scalar(key, label or key, False, "true")
        if node is None:
            return default
        text = str(node.value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self._fail(node, "boolean", f"{label or key}“{node.value}”应为 true（是）或 false（否）", value=node.value)
        return default

    def date(self, key: str, label: str = "") -> dt.date | None:
        node = self._scalar(key, label or key, False, "2025-07-14")
        if node is None:
            return None
        text = str(node.value).strip()
        match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                pass
        self._fail(node, "date", f"{label or key}“{text}”不是日期，应为如 2025-07-14", value=text)
        return None

    def quantity(self, key: str, label: str = "", *, required: bool = False) -> Quantity | None:
        node = self._scalar(key, label or key, required, "25632人")
        if node is None:
            return None
        try:
            return parse_quantity(str(node.value))
        except ParseError as exc:
            self._fail(node, "quantity", f"{label or key}：{exc}", value=node.value)
            return None

    def value(self, key: str, label: str = "") -> Quantity | Level | None:
        node = self._scalar(key, label or key, False, "25632人")
        return None if node is None else self.value_of(node, label or key)

    def value_of(self, node: Node, label: str) -> Quantity | Level | None:
        try:
            return parse_value(str(node.value))
        except ParseError as exc:
            self._fail(node, "value", f"{label}：{exc}", value=node.value)
            return None

    def target(self, key: str, label: str = "", *, required: bool = False) -> Target | None:
        node = self._scalar(key, label or key, required, "≥95%")
        if node is None:
            return None
        try:
            return parse_target(str(node.value))
        except ParseError as exc:
            self._fail(node, "target", f"{label or key}：{exc}", value=node.value)
            return None

    def map(self, key: str, label: str = "") -> "Reader | None":
        node = self.child(key)
        if node is None:
            return None
        if not node.is_map:
            self._fail(node, "type", f"{label or key}应为{KIND_NAMES['map']}，实际是{_kind(node)}")
            return None
        return Reader(node, self.problems, indicator=self.indicator)

    def items(self, key: str, label: str = "") -> list[Node]:
        node = self.child(key)
        if node is None:
            return []
        if not node.is_list:
            self._fail(node, "type", f"{label or key}应为{KIND_NAMES['list']}，实际是{_kind(node)}")
            return []
        return list(node.value)  # type: ignore[arg-type]

    def records(self, key: str, build: Callable[["Reader"], T], label: str = "") -> tuple[T, ...]:
        """A list of maps, each built into a record by `build`."""
        out = []
        for item in self.items(key, label):
            reader = Reader(item, self.problems, indicator=self.indicator)
            if reader.ok:
                out.append(build(reader))
        return tuple(out)

    def sub(self, node: Node, *, indicator: str | None = None) -> "Reader":
        return Reader(node, self.problems, indicator=indicator or self.indicator)


def _kind(node: Node) -> str:
    if node.is_map:
        return KIND_NAMES["map"]
    if node.is_list:
        return KIND_NAMES["list"]
    return f"值“{node.value}”"
