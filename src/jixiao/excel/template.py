"""The blank workbook a user fills in (`jixiao template`)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from . import layout as L
from .form_write import FormWriter
from .guide import guide
from .put import save_atomic
from .rulecells import PARAM_COLUMNS, indicator_columns
from .write import Exporter


def make_template(kind: str, out: Path) -> Path:
    """A blank workbook for one kind of evaluation (department, project, project_self_evaluation)."""
    sheets = L.KIND_SHEETS[kind]
    ex = Exporter()
    values = {"format": "1", "kind": kind, **L.TEMPLATE_GRADING}
    ex.info([(p, values.get(p, "")) for p in L.TEMPLATE_INFO[kind]])
    if L.BUDGET in sheets:
        ex.budget({})
        ex.assets({})
        ex.targets([])
        ex.indicators([])
    ws = ex.sheet(L.SELF)
    head = {"title": "项目支出绩效自评表", "project": {}} if kind == "project_self_evaluation" else {}
    FormWriter(ws, {}).write({"funds": {"unit": "万元", "weight": "10"}}, head, blank_rows=10)
    if L.FINDINGS in sheets:
        ex.findings({})
    _formats(ex.book)
    guide(ex.book, kind)
    return save_atomic(ex.book, Path(out))


TEMPLATE_ROWS = 300  # rows given number formats in advance


def _formats(book: openpyxl.Workbook) -> None:
    """万元 amounts with thousands separators, scores with two places, 执行率 as a percentage."""
    as_text = {key for key, _, _, p in PARAM_COLUMNS if p.kind in ("percent", "target")}  # 95% typed stays 95%
    columns = {L.BUDGET: L.BUDGET_COLUMNS, L.ASSETS: L.ASSET_COLUMNS, L.INDICATORS: indicator_columns()}
    for name, cols in columns.items():
        if name not in book.sheetnames:
            continue
        ws = book[name]
        for c, (key, _, kind) in enumerate(cols, start=1):
            fmt = "@" if key in as_text else {"money": L.MONEY, "score": L.SCORE}.get(kind)
            if fmt:
                for r in range(2, TEMPLATE_ROWS + 2):
                    ws.cell(row=r, column=c).number_format = fmt
    ws = book[L.SELF]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "执行率":
                ws.cell(row=cell.row + 1, column=cell.column).number_format = L.PERCENT
            elif cell.value in ("年初预算数", "全年预算数", "全年执行数"):
                for r in range(cell.row + 1, cell.row + 5):
                    ws.cell(row=r, column=cell.column).number_format = L.MONEY
