"""The 绩效运行监控表 written in its national layout from the model (read back by
jixiao.excel.monitoring to the same form), or blank for a 监控期, for a department to fill in.
Targets may come from the department's declaration: the same indicators, their 指标值 as the
年度指标值, the 完成值 columns left to fill."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment

from ..model.declaration import Declaration
from ..model.monitoring import FORMS, PROJECT, Monitoring, MonitoredIndicator, execution_rate
from ..numbers import fmt
from .declaration_write import BLANK_ROWS, label_row, new_form
from .put import put_figure, put_label, put_text, save_atomic

WIDTHS = {"A": 16, "B": 18, "C": 26, "D": 16, "E": 18, "F": 14, "G": 26, "H": 26}
LAST = 8  # column H


def _pairs(ws, row: int, pairs: list[tuple[str, str | None]]) -> None:
    """Labels and their values along a row; a lone pair's value spans the rest of the row."""
    col = 1
    for text, value in pairs:
        put_label(ws, row, col, text)
        put_text(ws, row, col + 1, value, wrap=True)
        col += 2 if len(pairs) > 1 else LAST
    if len(pairs) == 1:
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=LAST)
    else:
        ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=LAST)


def _text(entry) -> str | None:
    return None if entry is None else entry.text


def _funds(ws, row: int, m: Monitoring | None, span: str) -> int:
    unit = m.unit if m is not None else "万元"
    lines = list(m.funds) if m is not None and m.funds else None
    put_label(ws, row, 1, f"项目资金（{unit}）")
    label_row(ws, row, ("资金来源", "全年预算数", f"{span}执行数", "执行率"), 2)
    names = [line.name for line in lines] if lines else ["年度资金总额", "财政拨款", "其他资金"]
    for i, name in enumerate(names, 1):
        put_text(ws, row + i, 2, f"其中：{name}" if i == 2 and not name.startswith("其中") else name)
        line = lines[i - 1] if lines else None
        if line is not None:
            if line.budget is not None:
                put_figure(ws, row + i, 3, line.budget, "#,##0.00##")
            if line.executed is not None:
                put_figure(ws, row + i, 4, line.executed, "#,##0.00##")
            rate = execution_rate(line)
            if rate is not None:
                put_text(ws, row + i, 5, f"{fmt(rate)}%")
    ws.merge_cells(start_row=row, start_column=1, end_row=row + len(names), end_column=1)
    return row + len(names) + 1


def _rows(m: Monitoring | None, declared: Declaration | None) -> list[tuple]:
    if m is not None:
        return [(i.level1, i.level2, i.name, i.target.text() if i.target else None, _progress(i), i.likelihood, i.reason, i.measure)
                for i in m.indicators]
    if declared is not None:
        return [(i.level1, i.level2, i.name, i.target.text() if i.target else None, None, None, None, None) for i in declared.indicators]
    return [(l1, l2, None, None, None, None, None, None) for l1, l2 in BLANK_ROWS]


def _progress(ind: MonitoredIndicator) -> str | None:
    p = ind.progress
    return None if p is None else p.text() if hasattr(p, "number") else str(p)


def _indicators(ws, row: int, rows: list[tuple], span: str) -> int:
    label_row(ws, row, ("一级指标", "二级指标", "三级指标", "年度指标值", f"{span}完成值", "完成可能性", "偏差原因", "纠偏措施"))
    last: dict[int, str | None] = {}
    for offset, values in enumerate(rows, 1):
        for col, value in enumerate(values, 1):
            if col <= 2 and last.get(col, object()) == value:
                continue  # 一级 and 二级 written once; the reader carries them down
            if col <= 2:
                last[col] = value
                if col == 1:
                    last.pop(2, None)
            put_text(ws, row + offset, col, value, wrap=True)
    return row + len(rows) + 1


def write_monitoring(m: Monitoring | None, out: Path, *, form: str = PROJECT, months: int | None = None,
                     year: int | None = None, declared: Declaration | None = None) -> Path:
    """The form `m`, or a blank one of kind `form` for 1—months月 (its indicators those of `declared`)."""
    form = m.form if m is not None else form
    months = m.months if m is not None else months
    year = m.year if m is not None else year if year is not None else declared.year if declared else None
    span = f"1—{months}月" if months else ""  # a blank 监控期: 执行数 and 完成值, N said beside 监控期
    book, ws = new_form(FORMS[form], WIDTHS, year, LAST)
    name = _text(m.name) if m is not None else _text(declared.name) if declared else None
    _pairs(ws, 3, [("项目名称" if form == PROJECT else "部门名称", name)])
    source = m if m is not None else declared
    _pairs(ws, 4, [("主管部门", _text(getattr(source, "department", None))), ("实施单位", _text(getattr(source, "implementer", None)))])
    _pairs(ws, 5, [("监控期", span or None)])
    row = _funds(ws, 6, m, span)
    row = _indicators(ws, row, _rows(m, declared), span)
    for heading, entry in (("偏差原因分析", m.reason if m else None), ("纠偏措施", m.measure if m else None)):
        _pairs(ws, row, [(heading, _text(entry))])
        ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    return save_atomic(book, out)
