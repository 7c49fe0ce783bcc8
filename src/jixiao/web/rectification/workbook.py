"""The 绩效评价问题整改情况表 as a workbook: written for an evaluation's 整改事项 (through the one
export writer, so text stays text) and read back once the department has filled it in —
序号 / 问题 / 整改措施 / 整改成效 / 完成时间 / 状态 under a title row, found by their headers
wherever the department moved them; every error names its sheet and cell, and nothing is saved
unless the whole workbook reads."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ...excel.cells import Grid
from ...excel.put import header, put_figure, put_text
from ...problems import Problem, Source, error
from ...sources import open_grids
from .dates import parse_date
from .models import DOING, OPEN, RETURNED, STATUSES, SUBMITTED, TODO, Item

SHEET = "整改情况表"
COLUMNS = ["序号", "问题", "整改措施", "整改成效", "完成时间", "状态"]
WIDTHS = [6, 48, 40, 40, 14, 10]
# what a department may write in 状态, as people write it: besides the form's own words, those with which
# published 审计整改 reports class each item (已完成整改/正在整改/长期整改/尚未整改, 部分整改, 基本完成 …,
# tests/forms/rectification/zhenggai-qingkuang/source.txt); an item partly done is still being worked on
STATUS_WORDS = {"待整改": TODO, "未整改": TODO, "尚未整改": TODO, "未完成": TODO,
                "整改中": DOING, "正在整改": DOING, "持续整改": DOING, "长期整改": DOING, "部分整改": DOING,
                "基本完成": DOING, "已提交": SUBMITTED, "已完成": SUBMITTED, "已整改": SUBMITTED, "完成": SUBMITTED,
                "已完成整改": SUBMITTED, "完成整改": SUBMITTED, "整改完成": SUBMITTED}
# header synonyms seen on published forms and on the 整改台账 departments keep
HEADERS = {"序号": "number", "问题": "problem", "存在问题": "problem", "问题描述": "problem", "存在的问题": "problem",
           "发现问题": "problem", "问题内容": "problem", "整改措施": "measures",
           "整改成效": "effect", "整改效果": "effect", "整改成果": "effect", "整改情况": "effect", "整改结果": "effect",
           "完成时间": "completed_on", "整改完成时间": "completed_on", "状态": "status", "整改状态": "status",
           "当前状态": "status"}


def title_of(ev) -> str:
    return f"{ev.subject or ev.title}绩效评价问题整改情况表"


def problem_text(item: Item) -> str:
    parts = [item.title] + ([item.problem] if item.problem else [])
    if item.indicator:
        parts.append(f"（相关指标：{item.indicator}）")
    return "\n".join(parts)


def write(ev, items) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    put_text(ws, 1, 1, title_of(ev)).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    put_text(ws, 2, 1, f"被评价单位：{ev.department or ''}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    put_text(ws, 2, 5, f"评价年度：{ev.year or ''}")
    ws.merge_cells(start_row=2, start_column=5, end_row=2, end_column=6)
    header(ws, 3, COLUMNS, widths=WIDTHS)
    labels = dict(STATUSES)
    for r, item in enumerate(items, start=4):
        put_figure(ws, r, 1, item.number, "0")
        put_text(ws, r, 2, problem_text(item), wrap=True)
        put_text(ws, r, 3, item.measures, wrap=True)
        put_text(ws, r, 4, item.effect, wrap=True)
        if item.completed_on:
            ws.cell(row=r, column=5, value=item.completed_on).number_format = "yyyy-mm-dd"
        put_text(ws, r, 6, labels[item.status])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class Change:
    item: Item
    measures: str
    effect: str
    completed_on: object
    status: str


def read(data: bytes, name: str, items: dict[int, Item]) -> tuple[list[Change], list[Problem]]:
    """The changes a filled form asks for, by item, or the problems that stop it (all of them)."""
    grids, problems = open_grids(data, name)
    if problems:
        return [], problems
    for grid in grids:
        found = _header(grid)
        if found is not None:
            return _rows(grid, *found, items)
    return [], [error("rectification.header", f"工作簿中没有整改情况表：未找到含“序号”和“整改措施”的表头行"
                      f"（各工作表前 15 行），应为 {'、'.join(COLUMNS)}", Source(file=name))]


def _normal(text: str) -> str:
    return "".join(text.split()).replace("（", "(").split("(")[0]


def _header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    for row in range(min(grid.height, 15)):
        cols = {HEADERS[_normal(t)]: c for c, t in grid.row_texts(row) if _normal(t) in HEADERS}
        if "number" in cols and "measures" in cols:
            return row, cols
    return None


def _rows(grid: Grid, top: int, cols: dict[str, int], items: dict[int, Item]) -> tuple[list[Change], list[Problem]]:
    changes, problems = [], []
    numbers = f"{min(items)}～{max(items)}" if items else "（本评价没有整改事项）"
    for row in range(top + 1, grid.height):
        texts = grid.texts(row)
        if not any(c in texts for c in cols.values()):
            continue  # a blank row, or a note beside the table
        where = grid.source(row, cols["number"])
        number = _number(grid.cell(row, cols["number"]))
        if number is None or number not in items:
            value = grid.cell(row, cols["number"]) or "（空）"
            problems.append(error("rectification.number", f"{_at(where)}：序号“{value}”不是本评价的整改事项"
                                  f"（应为 {numbers}，与导出的整改情况表一致）", where))
            continue
        change, why = _change(grid, row, cols, items[number])
        if why:
            problems.append(why)
        elif change is not None:
            changes.append(change)
    return changes, problems


def _number(text) -> int | None:
    if text is None:
        return None
    t = str(text).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")).removesuffix(".0")
    return int(t) if t.isdigit() else None


def _at(where: Source) -> str:
    return f"{where.sheet}!{where.cell}"


def _text(grid: Grid, row: int, col: int | None) -> str:
    if col is None:
        return ""
    cell = grid.cell(row, col, strip=False)
    return str(cell).strip() if cell is not None else ""


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _other_problem(grid: Grid, row: int, cols: dict[str, int], item: Item) -> Problem | None:
    """A 问题 that is not this item's: the form of another evaluation, or rows moved about, would
    otherwise write one problem's 整改措施 under another's."""
    text = _text(grid, row, cols.get("problem"))
    if not text or _squeezed(item.title)[:10] in _squeezed(text):
        return None
    where = grid.source(row, cols["problem"])
    return error("rectification.problem", f"{_at(where)}：序号 {item.number} 的问题“{text[:30]}”与本评价的整改事项 "
                 f"{item.number}“{item.title[:30]}”不符：请使用本评价导出的整改情况表，不要调换行的顺序", where)


def _change(grid: Grid, row: int, cols: dict[str, int], item: Item) -> tuple[Change | None, Problem | None]:
    other = _other_problem(grid, row, cols, item)
    if other is not None:
        return None, other
    measures, effect = _text(grid, row, cols.get("measures")), _text(grid, row, cols.get("effect"))
    done = item.completed_on
    if "completed_on" in cols:
        where = grid.source(row, cols["completed_on"])
        done, why = parse_date(grid.raw(row, cols["completed_on"]))
        if why:
            return None, error("rectification.date", f"{_at(where)}：完成时间“{grid.cell(row, cols['completed_on'])}”{why}", where)
    status, why = _status(grid, row, cols, item, measures)
    if why:
        return None, why
    if item.status not in OPEN:
        if (measures, effect, done) != (item.measures, item.effect, item.completed_on) or status != item.status:
            where = grid.source(row, cols["number"])
            return None, error("rectification.locked", f"{_at(where)}：整改事项 {item.number} 的状态为“{item.get_status_display()}”"
                               f"，不能再通过整改情况表修改", where)
        return None, None
    return Change(item, measures, effect, done, status), None


def _status(grid, row, cols, item: Item, measures: str) -> tuple[str, Problem | None]:
    """The status the row asks for; a blank 状态 keeps 整改中 for an item being worked on."""
    if "status" not in cols or grid.cell(row, cols["status"]) is None:
        return (item.status if item.status not in (TODO, RETURNED) else DOING), None
    where = grid.source(row, cols["status"])
    word = "".join(str(grid.cell(row, cols["status"])).split())
    if word in ("已确认", "退回") and dict(STATUSES).get(item.status) == word:
        return item.status, None
    if word not in STATUS_WORDS:
        return "", error("rectification.status", f"{_at(where)}：状态“{word}”不是被评价单位可填的状态（应为 待整改、"
                         f"整改中 或 已完成，或审计整改的说法 已整改、持续整改、未整改；"
                         f"已确认和退回由财政局在整改事项页上办理）", where)
    status = STATUS_WORDS[word]
    if status == SUBMITTED and not measures:
        at = grid.source(row, cols["measures"])
        return "", error("rectification.measures", f"{_at(at)}：状态为“{word}”，但整改措施为空：请填写整改措施", at)
    return (DOING if status == TODO and (measures or item.status != TODO) else status), None
