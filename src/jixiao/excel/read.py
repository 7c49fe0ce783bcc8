"""Read a workbook into an Evaluation: the jixiao workbook, or a national-layout 自评表.

Every value is located at its cell, so every problem the loader finds names
文件!工作表!单元格. A workbook with any error yields no evaluation the caller may
save (Loaded.ok is False) and all problems are reported together.
"""

from __future__ import annotations

from pathlib import Path

from ..io.format1 import build
from ..io.load import Loaded
from ..problems import Problem, Source, error, has_errors
from . import layout as L
from .cells import Grid, Map, Text, read_grids, to_node
from .national import FormPart, blocks, is_form, read_block
from .safety import Limits, check_file
from .tables import read_info, read_table_sheets


BLANK_FORM = "自评表未填写：只有表头和预设的分值，没有项目名称、资金、指标、得分或总分"


def read_document(path: Path, limits: Limits | None = None) -> tuple[Map | None, list[Problem]]:
    """The workbook as a located document (values remember their cells), and its problems."""
    path = Path(path)
    file = str(path)
    limits = limits or Limits.from_env()
    problems = check_file(path, limits)
    if problems:
        return None, problems
    grids, problems = read_grids(path, file, limits)
    if not grids:
        return None, problems or [error("excel.empty", "工作簿中没有工作表", Source(file=file))]
    by_name = {g.sheet: g for g in grids}
    if L.INFO in by_name:
        doc = _jixiao_workbook(by_name, file, problems)
    else:
        doc = _national_form(grids, file, problems)
    return doc, problems


def _jixiao_workbook(sheets: dict[str, Grid], file: str, problems: list[Problem]) -> Map:
    doc = read_info(sheets[L.INFO], problems)
    kind = str(doc.get("kind", ""))
    needed = {"department": [L.INDICATORS], "project": [L.INDICATORS], "project_self_evaluation": [L.SELF]}.get(kind, [])
    for name in needed:
        if name not in sheets:
            problems.append(
                error(
                    "excel.sheet_missing",
                    f"缺少工作表“{name}”：评价类型为 {kind} 的工作簿必须包含该表（可用 jixiao template 生成模板后对照补回）",
                    Source(file=file),
                    sheet=name,
                )
            )
    read_table_sheets(sheets, doc, problems)
    if L.SELF in sheets:
        grid = sheets[L.SELF]
        spans = blocks(grid)
        part = read_block(grid, 0, spans[-1][1])
        if part.blank:
            return doc  # the template's form as it came: no self-evaluation to read
        problems.extend(part.problems)
        data = part.data
        se = data.get("self_evaluation")
        if isinstance(se, dict) and se:
            _merge(doc.setdefault("self_evaluation", Map(se.where)), se)
        for key in ("title", "year"):
            if key in data and key not in doc:
                doc[key] = data[key]
        if isinstance(data.get("project"), dict):
            _merge(doc.setdefault("project", Map(data["project"].where)), data["project"])
    return doc


def _merge(dst: dict, src: dict) -> None:
    for key, value in src.items():
        if isinstance(value, dict) and isinstance(dst.get(key), dict):
            _merge(dst[key], value)
        else:
            dst[key] = value


def national_parts(grids: list[Grid]) -> list[FormPart]:
    """Every form in the workbook: one per block of each sheet that has an indicator header."""
    parts = []
    for grid in grids:
        if not is_form(grid):
            continue
        for first, end in blocks(grid):
            parts.append(read_block(grid, first, end))
    return parts


def standalone(part: FormPart, file: str) -> Map:
    """A national form as a whole format-1 document (kind project_self_evaluation)."""
    where = part.where
    doc = Map(where)
    doc["format"] = Text("1", where)
    doc["kind"] = Text("project_self_evaluation", where)
    doc.update(part.data)
    return doc


def _national_form(grids: list[Grid], file: str, problems: list[Problem]) -> Map | None:
    parts = national_parts(grids)
    if not parts:
        names = "、".join(g.sheet for g in grids)
        problems.append(
            error(
                "excel.not_recognised",
                f"无法识别的工作簿：没有“{L.INFO}”工作表（jixiao 模板），也没有找到自评表（含“一级指标”“三级指标”表头的工作表）。"
                f"工作表有：{names}",
                Source(file=file),
            )
        )
        return None
    if len(parts) > 1:
        problems.append(
            error(
                "excel.many_forms",
                f"工作簿中有 {len(parts)} 份自评表：单独读取时只能有一份；批量审核请用 jixiao review",
                Source(file=file),
            )
        )
        return None
    if parts[0].blank:
        problems.append(error("excel.form_blank", BLANK_FORM, parts[0].where))
        return None
    problems.extend(parts[0].problems)
    return standalone(parts[0], file)


def load_workbook(path: Path, limits: Limits | None = None) -> Loaded:
    """Read a workbook (.xlsx / .xls) into an Evaluation with cell-located problems."""
    doc, problems = read_document(Path(path), limits)
    if doc is None:
        return Loaded(None, tuple(problems))
    file = str(path)
    ev = build(to_node(doc, Source(file=file)), file, problems)
    return Loaded(ev, tuple(problems))


def workbook_document(path: Path, limits: Limits | None = None) -> tuple[dict | None, list[Problem]]:
    """The workbook as a plain document, or None with the problems when it has errors."""
    from .cells import to_plain

    loaded_doc, problems = read_document(Path(path), limits)
    if loaded_doc is None:
        return None, problems
    file = str(path)
    build(to_node(loaded_doc, Source(file=file)), file, problems)
    if has_errors(problems):
        return None, problems
    return to_plain(loaded_doc), problems


__all__ = ["load_workbook", "read_document", "workbook_document", "national_parts", "standalone"]
