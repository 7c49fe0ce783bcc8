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
from ..io.load import Loaded
from ..problems import Problem

LABELS = {
    "format": "格式版本", "kind": "评价类型", "year": "年度", "title": "标题",
    "entity": "被评价单位", "project": "项目", "engagement": "评价组织", "grading": "定级标准",
    "budget": "预算", "assets": "资产", "targets": "绩效目标", "indicators": "指标体系",
    "self_evaluation": "自评表", "findings": "发现与建议", "interviews": "访谈", "photos": "照片",
    "name": "名称", "short_name": "简称", "head": "负责人", "rank": "级别", "parent": "上级单位",
    "internal_bodies": "内设机构", "subordinate_units": "下属单位", "staffing": "编制",
    "functions": "主要职能", "key_tasks": "年度重点工作", "department": "主管部门", "implementer": "实施单位",
    "description": "概况", "commissioned_by": "委托单位", "firm": "评价机构", "lead": "主评人",
    "team": "评价组", "role": "角色", "duty": "分工", "fieldwork": "现场工作", "start": "开始", "end": "结束",
    "phases": "阶段", "report_date": "报告日期", "basis": "评价依据", "methods": "评价方法",
    "min": "最低分", "grade": "等级", "unit": "单位", "lines": "预算科目", "children": "下级",
    "initial": "年初预算数", "adjusted": "全年预算数", "spent": "全年执行数", "carryover": "年末结转结余",
    "sources": "资金来源", "three_public": "“三公经费”", "categories": "资产类别", "opening": "期初原值",
    "increase": "本期增加", "decrease": "本期减少", "closing": "期末原值", "in_use": "在用固定资产期末原值",
    "level1": "一级指标", "level2": "二级指标", "target": "指标值", "code": "编码", "weight": "权重",
    "explanation": "指标解释", "standard": "评分标准", "benchmark": "标杆值", "actual": "完成值",
    "reported": "填报值", "rule": "评分规则", "analysis": "评价分析", "score": "得分", "reason": "扣分原因",
    "value": "数值", "source": "数据来源", "metric": "计算指标", "formula": "公式", "inputs": "公式数据",
    "type": "规则类型", "funds": "预算执行情况", "rows": "资金行", "rate": "执行率", "goals": "总体目标",
    "planned": "预期目标", "achieved": "实际完成", "basis_": "依据", "total": "合计",
    "experiences": "主要经验", "problems": "存在问题", "suggestions": "建议", "area": "方面",
    "indicator": "相关指标", "text": "内容", "date": "日期", "interviewees": "受访人", "qa": "问答",
    "q": "问", "a": "答", "caption": "说明", "file": "文件", "texts": "标准段落",
    "levels": "等级分值", "per_item": "每项扣分", "findings_": "扣分事项", "items": "要点",
    "full_at": "满分线", "per_point": "每点扣分", "limit": "容差", "max_deduct": "最多扣分",
    "overshoot": "超额区间", "misreport": "误报扣分", "falsified": "虚报", "points": "分值", "met": "达到",
    "note": "说明", "veto": "一票否决",
}


def label(key: str) -> str:
    return LABELS.get(key, key)


def parse_text(text: str, file: str = "评价.yaml") -> tuple[dict | None, list[Problem]]:
    problems: list[Problem] = []
    doc = document_from_yaml(text, file, problems)
    return doc, problems


@functools.lru_cache(maxsize=256)
def stored_document(text: str) -> dict:
    """The document of a stored revision, parsed once: shared, so never mutate it
    (copy.deepcopy first, as editor.apply_form does)."""
    return parse_text(text)[0] or {}


def to_text(doc: dict) -> str:
    return dump_yaml(doc)


@functools.lru_cache(maxsize=256)
def _analysis_of_text(text: str) -> tuple[Loaded, Analysis | None]:
    doc, problems = parse_text(text)
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
    parts = [p for p in parse_path(path) if isinstance(p, str)]
    if not parts:
        return path
    tail = parts[-1]
    if len(parts) >= 2 and parts[-2] not in ("indicators", "children"):
        return f"{label(parts[-2])}·{label(tail)}" if parts[-2] in ("actual", "rule", "inputs", "funds") else label(tail)
    return label(tail)


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
