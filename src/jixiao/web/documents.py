"""The evaluation document as the workspace stores and edits it.

A revision's text is format-1 YAML written by jixiao.io.document.dump_yaml; the
workspace reads it back into the plain document, edits fields by key path and
summarises what changed between two revisions as (indicator, field, old → new).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..analysis import Analysis, analyse
from ..io.document import document_from_yaml, dump_yaml, load_plain, parse_path
from ..glossary import LABELS, PROBLEM_FIELDS, SECTION_LABELS, label, rule_param_label  # noqa: F401  (the forms import label from here)
from ..io.load import Loaded
from ..problems import Problem


def parse_text(text: str, file: str = "评价.yaml") -> tuple[dict | None, list[Problem]]:
    problems: list[Problem] = []
    doc = document_from_yaml(text, file, problems)
    return doc, problems


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> tuple[dict | None, list[Problem]]:
    return parse_text(text)


def stored_document(text: str) -> dict:
    """The document of a stored revision, parsed once: shared, so never mutate it
    (copy.deepcopy first, as editor.apply_form does)."""
    return _parsed(text)[0] or {}


def to_text(doc: dict) -> str:
    return dump_yaml(doc)


@functools.lru_cache(maxsize=256)
def _analysis_of_text(text: str) -> tuple[Loaded, Analysis | None]:
    doc, problems = _parsed(text)  # the same parse as stored_document's: a saved text is read once
    if doc is None:
        return Loaded(None, tuple(problems)), None
    loaded = load_plain(doc, "")
    if loaded.evaluation is None:
        return loaded, None
    return loaded, analyse(loaded.evaluation)


def analysis_of_text(text: str) -> tuple[Loaded, Analysis | None]:
    """Load and analyse a stored revision; a revision never changes, so it is cached."""
    return _analysis_of_text(text)


def analysis_of_doc(doc: dict) -> tuple[Loaded, Analysis | None]:
    loaded = load_plain(doc, "")
    if loaded.evaluation is None:
        return loaded, None
    return loaded, analyse(loaded.evaluation)


# -- flattening and differences --------------------------------------------------


def flatten(data: Any, path: str = "") -> dict[str, str | None]:
    """Every scalar of the document by its key path; empty containers count too."""
    out: dict[str, str | None] = {}
    if isinstance(data, dict):
        if not data and path:
            out[path] = "{}"
        for k, v in data.items():
            out.update(flatten(v, f"{path}.{k}" if path else str(k)))
    elif isinstance(data, list):
        if not data and path:
            out[path] = "[]"
        for i, v in enumerate(data):
            out.update(flatten(v, f"{path}[{i}]"))
    else:
        out[path] = None if data is None else str(data)
    return out


def indicator_of(doc: dict, path: str) -> str:
    """The code of the deepest indicator (or the name of the row) a key path lies in."""
    node: Any = doc
    found = ""
    parts = parse_path(path)
    in_indicators = bool(parts) and parts[0] == "indicators"
    for part in parts[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            if in_indicators and node.get("code"):
                found = str(node["code"])
            elif not in_indicators and node.get("name") and not found:
                found = str(node["name"])
    return found


def field_label(path: str) -> str:
    full = parse_path(path)
    parts = [p for p in full if isinstance(p, str)]
    if not parts:
        return path
    if "rule" in parts[:-1]:
        return _rule_field(full[full.index("rule") + 1:])
    tail = parts[-1]
    if len(parts) >= 2 and parts[-2] not in ("indicators", "children"):
        return f"{label(parts[-2])}·{label(tail)}" if parts[-2] in ("actual", "inputs", "funds") else label(tail)
    return label(tail)


def _rule_field(parts: list) -> str:
    """评分规则·每个百分点扣分, 评分规则·评分要点第2项·达到: a rule parameter by its declared label."""
    name = str(parts[0])
    text = f"{label('rule')}·{rule_param_label(name)}"
    for part in parts[1:]:
        if isinstance(part, int):
            text += f"第{part + 1}项"
        else:  # a level's own name is the user's word; the fields of an item or a band are labelled
            text += "·" + (part if name == "levels" else label(part))
    return text


def place(doc: dict, path: str, field: str | None = None) -> str:
    """A key path as a user names the place: 指标B21 评分标准, 预算 · 预算科目「基本支出」 · 全年执行数.

    `field` names the field where the path stops at a whole indicator (see glossary.PROBLEM_FIELDS).
    """
    parts = parse_path(path) if path else []
    if not parts:
        return label(field) if field else "（整体）"
    if parts[0] == "indicators":
        code = indicator_of(doc, path + ".x") or indicator_of(doc, path)
        rest = _after_indicator(parts)
        what = field_label(path) if rest else (label(field) if field else "")
        return " ".join(x for x in (f"指标{code}" if code else label("indicators"), what) if x)
    pieces: list[str] = []
    node: Any = doc
    for at, part in enumerate(parts):
        if part == "rule" and at + 1 < len(parts):  # the rule of a 自评表 row: as the tree's rules are named
            pieces.append(_rule_field(parts[at + 1:]))
            break
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and -len(node) <= part < len(node) else None
            name = (item.get("name") or item.get("title")) if isinstance(item, dict) else None
            text = f"「{name}」" if name else f"第{part + 1}项"
            if pieces:
                pieces[-1] += text
            else:
                pieces.append(text)
            node = item
        else:
            pieces.append(SECTION_LABELS.get((str(parts[0]), part)) or label(part))
            node = node.get(part) if isinstance(node, dict) else None
    if field and isinstance(parts[-1], int):
        pieces.append(label(field))
    return " · ".join(pieces)


def _after_indicator(parts: list) -> list:
    """The key parts after the last indicator of a path: [] where it names a whole indicator.
    (An index inside a field, such as a rule's 扣分事项第1项, is not an indicator.)"""
    last = max((i for i, p in enumerate(parts) if isinstance(p, int) and i and parts[i - 1] in ("indicators", "children")),
               default=-1)
    return [p for p in parts[last + 1:] if p != "children"] if last >= 0 else []


def problem_place(doc: dict, problem: Problem) -> str:
    """Where a problem lies, in the user's words, for the workspace (not file:line, not a key path)."""
    w = problem.where
    if w.table and w.row:  # a row of a table (自评表「总分」) reads better than its path
        text = f"{w.table}「{w.row}」"
        return text + (f"（指标{w.indicator}）" if w.indicator else "")
    if w.path:
        text = place(doc, w.path, PROBLEM_FIELDS.get(problem.code))
        if w.indicator and f"指标{w.indicator}" not in text:
            text += f"（指标{w.indicator}）"
        return text
    if w.indicator:
        field = PROBLEM_FIELDS.get(problem.code)
        return f"指标{w.indicator}" + (f" {label(field)}" if field else "")
    if w.table or w.row:
        return (w.table or "") + (f"「{w.row}」" if w.row else "")
    return "（整体）"


@dataclass(frozen=True)
class Change:
    indicator: str
    path: str
    field: str
    old: str | None
    new: str | None

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "path": self.path, "field": self.field, "old": self.old, "new": self.new}


def diff(old: dict | None, new: dict) -> list[Change]:
    a, b = flatten(old or {}), flatten(new)
    changes = []
    for path in list(a) + [p for p in b if p not in a]:
        if a.get(path) != b.get(path) or (path in a) != (path in b):
            where = new if path in b else (old or {})
            changes.append(Change(indicator_of(where, path), path, field_label(path), a.get(path), b.get(path)))
    return changes
