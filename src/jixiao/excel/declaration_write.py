"""The 绩效目标申报表 written in its national layout from the model (read back by
jixiao.excel.declaration to the same declaration), or blank, for a department to fill in."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..model.declaration import DEPARTMENT, FORMS, PROJECT, Declaration
from .put import put_figure, put_label, put_text, save_atomic

INDICATOR_HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "指标设定依据"]
# the indicator rows of a blank form: each dimension with its usual 二级指标
BLANK_ROWS = (("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
              ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"),
              ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"))
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = {"A": 16, "B": 18, "C": 30, "D": 18, "E": 30}


def _text(d: Declaration | None, field: str) -> str | None:
    entry = getattr(d, field, None) if d is not None else None
    return None if entry is None else entry.text


def label_row(ws, row: int, texts, start: int = 1) -> None:
    for col, text in enumerate(texts, start):
        put_label(ws, row, col, text)


def new_form(title: str, widths: dict[str, int], year, last: int):
    """A workbook of one sheet named `title`: its columns' widths, the title and （year年度） over columns 1 to `last`."""
    book = Workbook()
    ws = book.active
    ws.title = title
    for column, width in widths.items():
        ws.column_dimensions[column].width = width
    put_text(ws, 1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    put_text(ws, 2, 1, f"（{year or '    '}年度）")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    return book, ws


def _pair(ws, row: int, pairs: list[tuple[str, str | None]]) -> None:
    """Labels and their values along a row; a lone pair's value spans the rest of the row."""
    col = 1
    for text, value in pairs:
        put_label(ws, row, col, text)
        put_text(ws, row, col + 1, value)
        col += 2
    if len(pairs) == 1:
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)


def _funds(ws, row: int, d: Declaration | None) -> int:
    funds = d.funds if d is not None else None
    unit = funds.unit if funds is not None else "万元"
    lines = [("年度资金总额", funds.total.amount if funds and funds.total else None)]
    lines += [(p.name if i else f"其中：{p.name}", p.amount) for i, p in enumerate(funds.parts)] if funds and funds.parts \
        else [("其中：财政拨款", None), ("其他资金", None)]
    put_label(ws, row, 1, f"项目资金（{unit}）" if (d is None or d.form == PROJECT) else f"部门资金（{unit}）")
    ws.merge_cells(start_row=row, start_column=1, end_row=row + len(lines) - 1, end_column=1)
    for i, (name, amount) in enumerate(lines):
        put_label(ws, row + i, 2, name)
        if amount is not None:
            put_figure(ws, row + i, 3, amount, "#,##0.00##")
    return row + len(lines)


def _tasks(ws, row: int, d: Declaration | None) -> int:
    """部门整体: 年度主要任务, one a row (three blank rows on a blank form)."""
    unit = d.funds.unit if d is not None and d.funds is not None else "万元"
    put_label(ws, row, 1, "年度主要任务")
    label_row(ws, row, ("任务名称", "主要内容", f"预算金额（{unit}）"), 2)
    tasks = [(t.name, t.amount) for t in d.tasks] if d is not None else [(None, None)] * 3
    tasks = tasks or [(None, None)]  # a declaration without tasks keeps a blank row to fill in
    for i, (name, amount) in enumerate(tasks, 1):
        put_text(ws, row + i, 2, name)
        if amount is not None:
            put_figure(ws, row + i, 4, amount, "#,##0.00##")
    ws.merge_cells(start_row=row, start_column=1, end_row=row + len(tasks), end_column=1)
    return row + len(tasks) + 1


def _indicators(ws, row: int, d: Declaration | None) -> int:
    label_row(ws, row, INDICATOR_HEAD)
    row += 1
    rows = [(i.level1, i.level2, i.name, i.target.text() if i.target else None, i.basis) for i in d.indicators] if d \
        else [(l1, l2, None, None, None) for l1, l2 in BLANK_ROWS]
    starts: dict[int, tuple[int, str | None]] = {}
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, 1):
            if col <= 2 and starts.get(col, (0, object()))[1] == value and offset:
                continue  # 一级 and 二级 written once, merged down below
            if col <= 2:
                _merge_down(ws, col, starts.get(col), row + offset - 1)
                starts[col] = (row + offset, value)
            put_text(ws, row + offset, col, value, wrap=True)
    for col in (1, 2):
        _merge_down(ws, col, starts.get(col), row + len(rows) - 1)
    return row + len(rows)


def _merge_down(ws, col: int, start: tuple[int, str | None] | None, last: int) -> None:
    if start is not None and last > start[0]:
        ws.merge_cells(start_row=start[0], start_column=col, end_row=last, end_column=col)
        ws.cell(start[0], col).alignment = CENTER


def write_declaration(d: Declaration | None, out: Path, *, form: str = PROJECT) -> Path:
    """The declaration `d` (or a blank form of kind `form`) as a workbook in the national layout."""
    form = d.form if d is not None else form
    book, ws = new_form(FORMS[form], WIDTHS, d.year if d is not None else None, 5)
    if form == DEPARTMENT:
        _pair(ws, 3, [("部门名称", _text(d, "name"))])
        row = 4
    else:
        _pair(ws, 3, [("项目名称", _text(d, "name"))])
        _pair(ws, 4, [("主管部门", _text(d, "department")), ("实施单位", _text(d, "implementer"))])
        _pair(ws, 5, [("项目属性", _text(d, "attribute")), ("项目期", _text(d, "period"))])
        row = 6
    row = _funds(ws, row, d)
    if form == DEPARTMENT:
        row = _tasks(ws, row, d)
    _pair(ws, row, [("年度总体目标", _text(d, "goal"))])
    ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    _indicators(ws, row + 1, d)
    return save_atomic(book, out)
