"""Read a workbook into an Evaluation: the jixiao workbook, or a national-layout 自评表.

Every value is located at its cell, so every problem the loader finds names
文件!工作表!单元格. A workbook with any error yields no evaluation the caller may
save (Loaded.ok is False) and all problems are reported together.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..io.format1 import build
from ..io.load import Loaded
from ..problems import Problem, Source, error, has_errors, info
from . import layout as L
from .cells import Grid, Map, Text, read_grids, to_node, to_plain
from .national import FormPart, blocks, is_form, read_block, skip_reason
from .safety import Limits, check_file
from .tables import read_info, read_table_sheets


BLANK_FORM = "自评表未填写：只有表头和预设的分值，没有项目名称、资金、指标、得分或总分"


@dataclass(frozen=True)
class Layout:
    """One layout of workbook: how it is recognised from its sheets, and how it is read into a
    located document. A new region's 自评表 is one more Layout, registered before the fallback; a
    自评表 family whose indicator header is not the national one (得分系数, Hebei's export) is one
    module of excel/national/ registering its labels and leaf rule (national.headers.register_family),
    read by the 自评表 layout wherever a form is read (review, score, Word)."""

    name: str
    recognises: Callable[[list[Grid]], bool]
    read: Callable[[list[Grid], str, list[Problem]], Map | None]
    fallback: bool = False  # tried last, whatever the sheets are


LAYOUTS: list[Layout] = []


def register_layout(layout: Layout) -> Layout:
    """Add a layout; the fallback (the national 自评表, which says what it did not recognise) stays last."""
    before_fallback = not layout.fallback and LAYOUTS and LAYOUTS[-1].fallback
    LAYOUTS.insert(len(LAYOUTS) - 1 if before_fallback else len(LAYOUTS), layout)
    return layout


def read_document(path: Path, limits: Limits | None = None, file: str | None = None) -> tuple[Map | None, list[Problem]]:
    """The workbook as a located document (values remember their cells), and its problems.
    `file` is the name problems give the workbook (default: its path)."""
    path = Path(path)
    file = file or str(path)
    limits = limits or Limits.from_env()
    problems = [p if p.where.file != str(path) else dataclasses.replace(p, where=p.where.with_(file=file))
                for p in check_file(path, limits)]
    if problems:
        return None, problems
    grids, problems = read_grids(path, file, limits)
    if not grids:
        return None, problems or [error("excel.empty", "工作簿中没有工作表", Source(file=file))]
    layout = next(layout for layout in LAYOUTS if layout.recognises(grids))
    return layout.read(grids, file, problems), problems


def _jixiao_workbook(grids: list[Grid], file: str, problems: list[Problem]) -> Map:
    sheets = {g.sheet: g for g in grids}
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
        names = "、".join(f"{g.sheet}（{skip_reason(g)}）" for g in grids)
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
    for grid in grids:
        reason = skip_reason(grid)
        if reason:
            problems.append(info("excel.sheet_skipped", f"工作表“{grid.sheet}”已跳过：{reason}", Source(file=file, sheet=grid.sheet)))
    problems.extend(parts[0].problems)
    return standalone(parts[0], file)


register_layout(Layout("jixiao 工作簿", lambda grids: any(g.sheet == L.INFO for g in grids), _jixiao_workbook))
register_layout(Layout("自评表", lambda grids: True, _national_form, fallback=True))


def load_workbook(path: Path, limits: Limits | None = None, file: str | None = None) -> Loaded:
    """Read a workbook (.xlsx / .xls) into an Evaluation with cell-located problems."""
    file = file or str(path)
    doc, problems = read_document(Path(path), limits, file)
    if doc is None:
        return Loaded(None, tuple(problems))
    ev = build(to_node(doc, Source(file=file)), file, problems)
    return Loaded(ev, tuple(problems), to_plain(doc))


def workbook_document(path: Path, limits: Limits | None = None) -> tuple[dict | None, list[Problem]]:
    """The workbook as a plain document, or None with the problems when it has errors."""
    loaded = load_workbook(path, limits)
    return (None if has_errors(loaded.problems) else loaded.document), list(loaded.problems)


__all__ = ["LAYOUTS", "Layout", "load_workbook", "read_document", "register_layout", "workbook_document",
           "national_parts", "standalone"]
