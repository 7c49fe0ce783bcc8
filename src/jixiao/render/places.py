"""Where something lies, in the user's words: 指标B21 评分标准, 预算 · “三公经费”, 自评表「总分」.

Problems and changes carry key paths (indicators[1].children[0].standard); every page, sheet and
message that shows a place names it from here, never by its path.
"""

from __future__ import annotations

from typing import Any

from ..glossary import PROBLEM_FIELDS, SECTION_LABELS, label, rule_param_label
from ..io.document import parse_path
from ..problems import Problem


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
    if w.paragraph is not None or w.table_index is not None:  # a place in a delivered report
        return document_place(w)
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


def document_place(w) -> str:
    """A place in a delivered report as its reader looks for it: 第3页 · 三、（二）部门管理 · 第2段, or
    第22页 · 表3-2 第4行第2列 (rows and columns counted from 1, as Word shows them)."""
    parts = [f"第{w.page}页"] if w.page else []
    if w.table_index is not None or (w.table and w.cell_row is not None):
        cell = ""
        if w.cell_row is not None:
            cell = f" 第{w.cell_row + 1}行" + (f"第{w.cell_col + 1}列" if w.cell_col is not None else "")
        parts.append(f"{w.table or f'第{(w.table_index or 0) + 1}个表格'}{cell}")
        if w.line:  # a text file: where the table starts in it
            parts.append(f"表格始于第{w.line}行")
    else:
        if w.heading:
            parts.append(w.heading)
        if w.line:
            parts.append(f"第{w.line}行")
        elif w.paragraph is not None:
            parts.append(f"第{w.paragraph + 1}段")
    return " · ".join(parts) or "（整体）"
