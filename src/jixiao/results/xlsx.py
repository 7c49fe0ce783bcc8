"""The results report as Excel: a 说明 sheet, then one sheet per table (表1 等级分布 …), written
with the cell writers every jixiao workbook uses (excel.put): names and reasons stay text even
when they start like a formula; counts, scores and amounts are numbers; 得分率 a percentage."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl

from ..excel.put import header, put_figure, put_text, save_atomic
from .summary import Results
from .tables import Table, overview, tables_of

RATE_HEADERS = ("得分率",)
WIDE = ("部门", "评价对象", "测算", "主要扣分原因", "指标", "二级指标", "一级指标")


def _format(head: str, value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return "0"
    if "预算" in head:
        return "#,##0.00"
    return "0.00"


def _sheet(book, t: Table) -> None:
    ws = book.create_sheet(f"表{t.number} {t.title}"[:31])
    put_text(ws, 1, 1, t.caption).font = openpyxl.styles.Font(bold=True, size=12)
    widths = [36 if h in WIDE else 14 for h in t.header]
    header(ws, 2, list(t.header), widths=widths)
    for r, row in enumerate(t.rows, 3):
        for c, (head, value) in enumerate(zip(t.header, row), 1):
            if head in RATE_HEADERS or isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                put_figure(ws, r, c, value, _format(head, value))
            else:
                put_text(ws, r, c, value)
    if t.note:
        put_text(ws, len(t.rows) + 4, 1, f"注：{t.note}")
    ws.freeze_panes = "A3"


def build_workbook(r: Results, *, bureau: str = ""):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "说明"
    put_text(ws, 1, 1, r.title).font = openpyxl.styles.Font(bold=True, size=14)
    line = 2
    if bureau:
        put_text(ws, line, 1, f"编制单位：{bureau}")
        line += 1
    for text in overview(r):
        put_text(ws, line, 1, text)
        line += 1
    ws.column_dimensions["A"].width = 100
    for t in tables_of(r):
        _sheet(book, t)
    return book


def write_xlsx(r: Results, out: Path, *, bureau: str = "") -> Path:
    return save_atomic(build_workbook(r, bureau=bureau), Path(out))


def xlsx_bytes(r: Results, *, bureau: str = "") -> bytes:
    buf = io.BytesIO()
    build_workbook(r, bureau=bureau).save(buf)
    return buf.getvalue()
