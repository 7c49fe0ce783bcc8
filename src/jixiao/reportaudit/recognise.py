"""The parts of a report as an evaluation (format 1's plain document), so jixiao's own checks run on
what the report prints: the cover, the 定级标准, the indicator tree of 附件1 (or of 表3-x) with each
leaf's printed score as the evaluator's score, the 绩效目标 table, 表1-1, the 自评表 of 附件3, and the
存在问题 with the indicator each quotes.

Every key path written is remembered with the document place it was read from (`places`), so a
problem the checks find on the evaluation is shown where the report prints it. What is not found
is left out, never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..parse.prose import sentences
from ..problems import Source
from .document import Document, Paragraph, Table, compact
from .figures import figures_in
from .tables import IndicatorRow, IndicatorTable

_COVER = {"部门名称": ("entity", "name"), "项目名称": ("project", "name"), "委托单位": ("engagement", "commissioned_by"),
          "评价机构": ("engagement", "firm"), "主评人": ("engagement", "lead")}
_GRADE = re.compile(r"(\d+)\s*[（(]含[）)]\s*(?:分)?\s*[-—－~至]?\s*(?:\d+\s*分)?\s*(?:以上)?\s*为\s*(优|良|中|差)")
_LOWEST = re.compile(r"(\d+)\s*分以下为\s*(差)")
_REPORTED = re.compile(r"填报(?:实际完成)?值(?:为)?\s*([≥≤=]?\d[\d,]*(?:\.\d+)?\s*(?:万|亿)?\s*(?:%|％|人次|人|件|个|元))")


@dataclass
class Recognised:
    plain: dict[str, Any]
    places: dict[str, Source] = field(default_factory=dict)

    def place_of(self, path: str | None) -> Source | None:
        """The place of the longest recorded key path that `path` starts with."""
        while path:
            if path in self.places:
                return self.places[path]
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", path) else ""
        return None


def recognise(doc: Document, reference: IndicatorTable | None) -> Recognised:
    kind = "project" if any("项目支出绩效" in p.text for p in doc.paragraphs[:5]) else "department"
    out = Recognised({"format": "1", "kind": kind})
    _cover(doc, out)
    _grading(doc, out)
    if reference is not None:
        _indicators(doc, reference, out)
    for table in doc.tables:
        if table.name == "表1-3":
            _targets(doc, table, out)
    _self_evaluation(doc, self_form_tables(doc), out)
    _findings(doc, out)
    if "indicators" not in out.plain and "self_evaluation" in out.plain:
        out.plain["kind"] = "project_self_evaluation"  # a 自评报告: the form is the whole evaluation
        out.plain.pop("entity", None)
        out.plain.setdefault("project", {"name": _project_name(doc)})
    return out


def _project_name(doc: Document) -> str:
    for p in doc.paragraphs[:20]:
        label, _, value = compact(p.text).partition("：")
        if label == "项目名称" and value:
            return value.rstrip("。")
    return "（报告未写明）"


def _cover(doc: Document, out: Recognised) -> None:
    for p in doc.paragraphs:
        if p.part != "封面":
            break
        label, _, value = compact(p.text).partition("：")
        if label in _COVER and value:
            section, key = _COVER[label]
            out.plain.setdefault(section, {})[key] = value
        m = re.search(r"(20\d\d)年度", p.text)
        if m and "year" not in out.plain:
            out.plain["year"] = m.group(1)
    if kind_name := out.plain.get("project" if out.plain["kind"] == "project" else "entity"):
        kind_name.setdefault("name", "（报告未写明）")


def _grading(doc: Document, out: Recognised) -> None:
    for p in doc.paragraphs:
        bands = _GRADE.findall(p.text)
        lowest = _LOWEST.search(p.text)
        if len(bands) >= 2 and lowest:
            out.plain["grading"] = [{"min": low, "grade": g} for low, g in bands] + [{"min": "0", "grade": "差"}]
            out.places["grading"] = doc.at_paragraph(p)
            return


def _indicators(doc: Document, table: IndicatorTable, out: Recognised) -> None:
    roots: list[dict] = []
    for row in table.rows:
        l1 = row.level1.code if row.level1 else row.code[:1]
        root = next((r for r in roots if r["code"] == l1), None)
        if root is None:
            root = {"code": l1, "name": row.level1.name if row.level1 else l1, "children": []}
            roots.append(root)
        l2 = row.level2.code if row.level2 else row.code[:2]
        mid = next((m for m in root["children"] if m["code"] == l2), None)
        if mid is None:
            mid = {"code": l2, "name": row.level2.name if row.level2 else l2, "children": []}
            root["children"].append(mid)
        path = f"indicators[{roots.index(root)}].children[{root['children'].index(mid)}].children[{len(mid['children'])}]"
        mid["children"].append(_leaf(doc, row, path, out))
    out.plain["indicators"] = roots


def _leaf(doc: Document, row: IndicatorRow, path: str, out: Recognised) -> dict:
    c = row.cells
    leaf = {"code": row.code, "name": row.name, "weight": c.get("weight") or None}
    for key in ("explanation", "standard", "benchmark"):
        if c.get(key):
            leaf[key] = c[key].replace(" ", "")
    section = _section(doc, row.code)
    actual = c.get("actual", "").replace(" ", "")
    if actual:
        leaf["actual"] = _verified(section, actual) or actual
    reported = _reported(section)
    if reported:
        leaf["reported"], at = reported
        out.places[f"reported:{row.code}"] = doc.at_paragraph(at)  # where the analysis states it
    reason = c.get("reason") or "报告所列得分"
    leaf["rule"] = {"type": "manual", "score": c.get("score") or None, "reason": reason}
    out.places[path] = doc.at_cell(row.table, row.row, row.cols.get("level3"))
    for key in ("standard", "benchmark", "weight", "actual", "score", "reason"):
        if key in row.cols:
            out.places[f"{path}.{key}"] = doc.at_cell(row.table, row.row, row.cols[key])
    return leaf


def _section(doc: Document, code: str) -> list[Paragraph]:
    """The paragraphs of the chapter-三 section headed by an indicator's code: （3）B22 预算执行率指标."""
    inside, found = False, []
    for p in doc.paragraphs:
        if p.heading is not None:
            inside = p.part == "正文" and re.match(rf"{code}(?!\d)", compact(p.heading.title)) is not None
            continue
        if inside:
            found.append(p)
    return found


def _verified(section: list[Paragraph], printed: str) -> str | None:
    """25,632人 in the analysis where the table prints 2.56万人: the same figure, more precisely."""
    from ..parse.quantity import ParseError, parse_quantity

    try:
        q = parse_quantity(printed)
    except ParseError:
        return None
    for p in section:
        for s in sentences(p.text):
            for f in figures_in(s, p):
                if (f.quantity.unit == q.unit and f.quantity.resolution < q.resolution and q.agrees_with(f.quantity.value)
                        and not f.qualifier):
                    return f.quantity.text()
    return None


def _reported(section: list[Paragraph]) -> tuple[str, Paragraph] | None:
    for p in section:
        m = _REPORTED.search(p.text)
        if m:
            return m.group(1).replace(" ", ""), p
    return None


def _targets(doc: Document, table: Table, out: Recognised) -> None:
    grid = table.grid()
    rows = []
    for r, cells in enumerate(grid[1:], 1):
        if len(cells) >= 4 and cells[2] and cells[3]:
            out.places[f"targets[{len(rows)}]"] = doc.at_cell(table, r, 3)
            rows.append({"level1": cells[0], "level2": cells[1], "name": cells[2], "target": cells[3]})
    if rows:
        out.plain["targets"] = rows


def self_form_tables(doc: Document) -> list[Table]:
    """The 自评表's tables: those of 附件3, else the one captioned …自评表 and those after it in its part."""
    annex = [t for t in doc.tables if t.part == "附件3"]
    if annex:
        return annex
    first = next((t for t in doc.tables if "自评表" in t.caption), None)
    if first is None:
        return []
    return [t for t in doc.tables if t.part == first.part and t.index >= first.index
            and not (t is not first and re.match(r"\s*表\s*\d", t.caption))]


def _self_evaluation(doc: Document, tables: list[Table], out: Recognised) -> None:
    from .selfform import self_evaluation

    found = self_evaluation(doc, tables)
    if found is not None:
        out.plain["self_evaluation"], places = found
        out.places.update(places)


def _findings(doc: Document, out: Recognised) -> None:
    """存在问题 (chapter 五, not the 摘要's copy): each item with the indicator it quotes by name."""
    names = {leaf["name"]: leaf["code"] for root in out.plain.get("indicators", []) for mid in root["children"]
             for leaf in mid["children"]}
    problems = []
    for p in doc.paragraphs:
        if p.part not in ("正文", "摘要") or p.heading is not None or not any("存在问题" in h or "存在的问题" in h for h in p.path):
            continue
        quoted = [names[n] for n in re.findall(r"“([^”]+)”", p.text) if n in names]
        if quoted and re.search(r"\d+(?:\.\d+)?%", p.text):
            out.places[f"findings.problems[{len(problems)}]"] = doc.at_paragraph(p)
            title = re.sub(r"^[（(]?[0-9一二三四五六七八九十]+[)）.、．]", "", compact(p.path[-1])) or "存在问题"
            problems.append({"title": title, "text": p.text, "indicator": quoted[0]})
    if problems:
        out.plain["findings"] = {"problems": problems}

