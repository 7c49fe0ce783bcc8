"""An indicator's rule on the 指标体系 sheet: 规则类型 by its Chinese label, one labelled column per parameter.

The columns come from the rule modules' declarations (jixiao.rules), so a new
parameter gets its column, its header and its prompt without touching this file.
Workbooks written before these columns had one 规则参数 cell of YAML and English
type names; both are still read.
"""

from __future__ import annotations

import re
from typing import Any

from ..io.document import dump_yaml
from ..model.evaluation import KINDS
from ..problems import Problem, error
from ..rules import REGISTRY, RuleKind, all_params, rule_type
from ..rules.params import Param, from_text, to_text
from . import layout as L
from .cells import Map, Text
from .yamlcell import locate, yaml_cell

PREFIX = "rule."  # column keys rule.<name>: apart from the indicator's own score and reason
LEGACY = ("rule", "规则参数", "text")  # the YAML cell of older workbooks


def header_of(p: Param, kinds: tuple[RuleKind, ...]) -> str:
    """满分线（阶梯扣分）: the label and the rule types that use it."""
    return f"{p.label}（{'、'.join(k.label for k in kinds)}）"


PARAM_COLUMNS: list[tuple[str, str, str, Param]] = [
    (PREFIX + p.name, header_of(p, kinds), "score" if p.kind == "decimal" else "text", p) for p, kinds in all_params()
]


def indicator_columns() -> list[tuple[str, str, str]]:
    """The 指标体系 columns: the layout's, with the parameter columns where the 规则参数 cell was."""
    out: list[tuple[str, str, str]] = []
    for column in L.INDICATOR_COLUMNS:
        if column[0] == LEGACY[0]:
            out += [(key, head, kind) for key, head, kind, _ in PARAM_COLUMNS]
        else:
            out.append(column)
    return out


def type_labels() -> list[str]:
    return [kind.label for kind in REGISTRY.values()]


def prompt(p: Param) -> str:
    """The input message of a parameter column (Excel allows 255 characters)."""
    example = p.example.replace("\n", " / ")
    return f"{p.help}。例如：{example}"[:255]


# -- writing --------------------------------------------------------------------------


def rule_cells(rule: dict) -> dict[str, str]:
    """{column key: cell text} of one rule."""
    cells: dict[str, str] = {}
    kind = REGISTRY.get(str(rule.get("type", "")))
    if "type" in rule:
        cells["rule_type"] = kind.label if kind else str(rule["type"])
    columns = {key[len(PREFIX):]: p for key, _, _, p in PARAM_COLUMNS}
    for name, value in rule.items():
        p = (kind.param(name) if kind else None) or columns.get(name)
        if name == "type" or p is None:
            continue  # a key no rule declares: the loader refuses it anyway
        text = to_text(p, value)
        # a value with no text form (a level named “a=b”) keeps its YAML, read back as such
        cells[PREFIX + name] = text if text is not None else dump_yaml({name: value}).rstrip("\n")
    return cells


def rule_text(rule: dict) -> str:
    """A whole rule in one cell (the 自评表's 评分规则 column): 规则类型 first, then one parameter a line."""
    cells = rule_cells(rule)
    kind = REGISTRY.get(str(rule.get("type", "")))
    lines = [f"规则类型：{cells.get('rule_type', '')}"]
    for name in rule:
        p = kind.param(name) if kind else None
        if p is not None and PREFIX + name in cells:
            lines.append(f"{p.label}：{cells[PREFIX + name]}")
    return "\n".join(lines)


# -- reading --------------------------------------------------------------------------


def read_rule(values: dict[str, Any], problems: list[Problem]) -> Map | None:
    """The rule of one row, its parts popped from `values`; None if the row names none."""
    type_text = values.pop("rule_type", None)
    legacy = values.pop(LEGACY[0], None)
    given = {key[len(PREFIX):]: values.pop(key) for key in list(values) if key.startswith(PREFIX)}
    if type_text is None and legacy is None and not given:
        return None
    first = type_text if type_text is not None else legacy if legacy is not None else next(iter(given.values()))
    rule = Map(first.where)
    kind = None
    if type_text is not None:
        code = rule_type(type_text)
        kind = REGISTRY.get(code) if code else None
        rule["type"] = Text(code, type_text.where) if code else type_text
    declared = {key[len(PREFIX):]: p for key, _, _, p in PARAM_COLUMNS}
    for name, cell in given.items():
        p = kind.param(name) if kind else declared[name]
        if p is None:
            assert kind is not None
            uses = "、".join(q.label for q in kind.params) or "无"
            problems.append(error(
                "excel.rule_param",
                f"规则类型为“{kind.label}”的指标不使用“{declared[name].label}”（“{cell}”）：请清空该单元格，或改选规则类型；"
                f"{kind.label}的参数为：{uses}",
                cell.where,
            ))
            continue
        value = _value(p, cell, problems)
        if value is not None:
            rule[name] = value
    if legacy is not None:
        parsed = yaml_cell(legacy, LEGACY[1], problems)
        for key, v in (parsed or {}).items():
            rule.setdefault(key, v)
    return rule


def rule_from_cell(cell: Text, problems: list[Problem]) -> Map | None:
    """The rule written by rule_text (or, in an older workbook, as YAML) in one cell."""
    first, _, rest = str(cell).replace("\r\n", "\n").strip().partition("\n")
    head = re.fullmatch(r"规则类型\s*[：:]\s*(.*)", first.strip())
    if head is None:
        return yaml_cell(cell, "评分规则", problems)
    code = rule_type(head.group(1))
    rule = Map(cell.where, {"type": Text(code or head.group(1).strip(), cell.where)})
    kind = REGISTRY.get(code) if code else None
    if kind is None:
        return rule  # the loader names the unknown type and the types there are
    labels = {p.label: p for p in kind.params}
    chunks: dict[str, list[str]] = {}
    current = None
    for line in rest.split("\n"):
        named = re.match(r"\s*([^：:]+?)\s*[：:](.*)", line)
        if named and named.group(1) in labels:
            current = labels[named.group(1)]
            chunks[current.name] = [named.group(2)]
        elif current is not None:
            chunks[current.name].append(line)  # the next finding, 要点 or 偏差档 of a parameter
        elif line.strip():
            uses = "、".join(labels) or "无"
            problems.append(error("excel.rule_param", f"评分规则中的“{line.strip()}”应写成 参数名：值（{kind.label}的参数：{uses}）", cell.where))
    for name, parts in chunks.items():
        value = _value(kind.param(name), Text("\n".join(parts).strip(), cell.where), problems)  # type: ignore[arg-type]
        if value is not None:
            rule[name] = value
    return rule


def _value(p: Param, cell: Text, problems: list[Problem]) -> Any:
    value, why = from_text(p, cell)
    if why is None:
        return None if value is None else locate(value, cell)
    if str(cell).lstrip().startswith(p.name + ":"):  # the YAML written for a value with no text form
        parsed = yaml_cell(cell, p.label, [])
        if parsed is not None and set(parsed) == {p.name}:
            return parsed[p.name]
    problems.append(error("excel.rule_param", f"{why}（{p.help}）", cell.where, value=str(cell)))
    return None


# -- 评价类型 -------------------------------------------------------------------------


def kind_label(code: str) -> str:
    return KINDS.get(str(code), str(code))

