"""The bureau's small settings files (预警规则, 结果应用规则): one door, as for evaluation files.

`open_settings` reads a file, its bytes (an upload) or its text through the same safe YAML
loading as every YAML file (io/yaml_tree: size, alias and depth limits, either YAML library),
then asks more of it, since a settings file is a short table: at most SETTINGS_MAX_KB, text
without control characters, a mapping at the top, and only the keys the caller names. What it
gives is the located table (each value with its file and line) and the problems; each refusal
is also a log line (jixiao.security), as for any hostile file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..io.load import decode
from ..io.yaml_tree import MAX_DEPTH, load_tree, max_yaml_bytes
from ..parse import excerpt
from ..parse.tree import KIND_NAMES, Node
from ..problems import Problem, Severity, Source, error, has_errors

log = logging.getLogger("jixiao.security")
log.addHandler(logging.NullHandler())

SETTINGS_MAX_KB = 64  # a settings file is a few lines; an evaluation file's cap would let a megabyte in
# C0 controls but tab and line ends, DEL, and lone surrogates (a JSON body may carry them): no text file has them
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# a value a spreadsheet would run as a formula (=cmd|…, @SUM(…), +cmd|…): never a setting, so refused as hostile
_FORMULA = re.compile(r"^\s*(?:[=＝@＠]|[+\-＋－](?![\d０-９.．]))")
_ENGLISH = re.compile(r"（[^（）]*[A-Za-z][^（）]*）")  # the YAML library's reason, in brackets
# problems io/yaml_tree logs itself when it refuses
_LOGGED = frozenset({"input.yaml_depth", "input.yaml_alias_budget", "input.yaml_alias_recursive"})
_WHY = {IsADirectoryError: "这是一个文件夹，不是文件", PermissionError: "没有读取权限"}  # the system says it in English


@dataclass(frozen=True)
class Settings:
    """A settings file as read: its table (a located mapping) and what is wrong with it.

    `tree` is None when the file was refused as a whole; a key nobody expected is left out of
    it (and is a problem), so a reader meets only the keys it asked for."""

    file: str
    tree: Node | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.tree is not None and not has_errors(self.problems)


def max_settings_bytes() -> int:
    return min(SETTINGS_MAX_KB * 1024, max_yaml_bytes())


def open_settings(source: str | Path | bytes, file: str | None = None, *, what: str, keys: dict[str, str],
                  within: tuple[str, ...] = (), example: str) -> Settings:
    """A settings file from its path, its bytes (an upload named `file`) or its text (a str).

    `what` names the file in messages (预警规则文件); `keys` are the keys it may hold, each with
    its label, named in the message about any other; `within` the keys the table may sit under
    (consequences: …) instead of at the top; `example` a line as it should be written."""
    name = file or (str(source) if isinstance(source, Path) else "<设置>")
    problems: list[Problem] = []
    text = _text(source, name, what, example, problems)
    before = len(problems)
    tree = None if text is None else load_tree(text, name, problems)
    logged = {id(p) for p in problems[before:] if p.code in _LOGGED}
    if tree is None and problems:
        problems[-1] = _said_of_settings(problems[-1], what, example)
    if tree is not None:
        tree = _table(tree, what, keys, within, example, problems)
    for p in problems:
        if id(p) not in logged and p.severity is Severity.ERROR:
            log.warning("拒绝采用%s %s（%s）：%s", what, p.where, p.code, p.message)
    return Settings(name, tree, tuple(problems))


def _said_of_settings(problem: Problem, what: str, example: str) -> Problem:
    """The YAML reader's refusal as said of this file: an empty one is no empty evaluation file, and
    a syntax error loses the YAML library's English reason (its line and column stay)."""
    if problem.code == "input.empty":
        return error("input.empty", f"{what}为空：应为{KIND_NAMES['map']}，例如 {example}", problem.where)
    if problem.code == "input.yaml_syntax":
        said = _ENGLISH.sub("", problem.message).removeprefix("YAML 格式错误：")
        return error("input.yaml_syntax", f"{what}的 YAML 格式有误：{said}；每行写作如 {example}", problem.where)
    return problem


def _refused(code: str, message: str, where: Source, problems: list[Problem]) -> None:
    problems.append(error(code, message, where))


def _text(source: str | Path | bytes, name: str, what: str, example: str, problems: list[Problem]) -> str | None:
    """The text to parse, or None with the problem: too large, unreadable, not text."""
    limit = max_settings_bytes()
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
            with source.open("rb") as f:  # at most one byte past the cap: a huge file (or a pipe) is never read whole
                source = f.read(limit + 1)
        except FileNotFoundError:
            _refused("input.not_found", f"{what}不存在", Source(file=name), problems)
            return None
        except OSError as exc:
            why = _WHY.get(type(exc), "文件无法打开")
            _refused("input.unreadable", f"{what}无法读取：{why}", Source(file=name), problems)
            return None
        size = max(size, len(source))
    else:
        size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "surrogatepass"))
    if size > limit:
        _refused("input.too_large", f"{what}过大：{size / 1024:,.0f} KB，超过上限 {limit // 1024} KB，未读取"
                 f"（一份{what}通常只有几行）", Source(file=name), problems)
        return None
    text = decode(source, name, problems) if isinstance(source, bytes) else source
    if text is None:
        return None
    found = _CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        _refused("input.encoding", f"{what}中有不可见的控制字符（第{line}行，U+{ord(found.group()):04X}），"
                 f"不是文本文件，未读取。请以 UTF-8 文本保存，例如 {example}", Source(file=name, line=line), problems)
        return None
    deep = _deep_at(text)
    if deep is not None:  # said before parsing: pure-Python PyYAML takes most of a second to reach its own limit
        _refused("input.yaml_depth", f"{what}嵌套层级过深：超过{MAX_DEPTH}层（第{deep}行），未读取。一份{what}只需一层，"
                 f"例如 {example}", Source(file=name, line=deep), problems)
        return None
    return text


_DASHES = re.compile(r"(?:-[ \t]+)+")


def _deep_at(text: str) -> int | None:
    """The line where brackets ([ {) or list dashes (- - -) nest deeper than MAX_DEPTH, if any; quoted
    texts and comments are skipped. Indentation alone cannot: 50 levels of it are far over the size cap."""
    depth, quote = 0, ""
    for number, line in enumerate(text.split("\n"), 1):
        dashes = _DASHES.match(line.lstrip(" "))
        if dashes is not None and dashes.group().count("-") > MAX_DEPTH:
            return number
        for i, c in enumerate(line):
            if quote:
                quote = "" if c == quote else quote
            elif c in "'\"" and (i == 0 or line[i - 1] in " \t[{,:"):
                quote = c
            elif c == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            elif c in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif c in "]}":
                depth = max(depth - 1, 0)
    return None


def _table(tree: Node, what: str, keys: dict[str, str], within: tuple[str, ...], example: str,
           problems: list[Problem]) -> Node | None:
    """The mapping of the expected keys: the top level, or the one under a `within` key."""
    if tree.is_map:
        inner = next((k for k in within if k in tree.value), None)  # type: ignore[operator]
        if inner is not None:
            outer = {k: v for k, v in tree.value.items() if k != inner}  # type: ignore[union-attr]
            _unknown(outer, what, {inner: "对照表"}, problems)
            tree = tree.value[inner]  # type: ignore[index]
    if not tree.is_map:
        kind = KIND_NAMES["list"] if tree.is_list else f"值“{excerpt(str(tree.value))}”"
        _refused("input.type", f"{what}应为{KIND_NAMES['map']}，实际是{kind}；例如 {example}", tree.where, problems)
        return None
    known = {k: v for k, v in tree.value.items() if k in keys}  # type: ignore[union-attr]
    _unknown({k: v for k, v in tree.value.items() if k not in keys}, what, keys, problems)  # type: ignore[union-attr]
    for key in [k for k, v in known.items() if _formula(k, v, what, example, problems)]:
        del known[key]
    return Node(known, tree.where)


def _formula(key: str, node: Node, what: str, example: str, problems: list[Problem]) -> bool:
    """Whether a value under `key` reads as a spreadsheet formula (a problem then); the tree is small."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item.is_scalar:
            text = str(item.value or "")
            if _FORMULA.match(text):
                _refused("input.settings_formula", f"{what}中“{key}”的值“{excerpt(text)}”以“{text.strip()[0]}”开头，"
                         f"像电子表格公式，未采用。请直接写出取值，例如 {example}", item.where.with_(path=key), problems)
                return True
        else:
            stack.extend(item.value.values() if item.is_map else item.value)  # type: ignore[union-attr]
    return False


def _unknown(found: dict[str, Node], what: str, keys: dict[str, str], problems: list[Problem]) -> None:
    expected = "、".join(f"{k}（{label}）" if label != k else k for k, label in keys.items())
    for key, node in found.items():
        _refused("input.unknown_key", f"{what}中有未知的键“{excerpt(key)}”；可用的键为：{expected}",
                 node.where.with_(path=key), problems)
