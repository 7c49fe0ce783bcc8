"""The 绩效运行监控表 (项目支出 or 部门整体支出) in its national layout, recognised by its labels
wherever they stand: the form's texts beside their labels (项目名称 | …, 主管部门 | … | 实施单位 | …),
the funds table under its header (全年预算数 | 1—N月执行数 | 执行率, one line a row: 年度资金总额,
其中：财政拨款 …), and the indicators under theirs (一级指标 | 二级指标 | 三级指标 | 年度指标值 |
1—N月完成值 (执行情况) | 完成可能性 | 偏差原因 | 纠偏措施), 一级 and 二级 merged down or left blank
below; the form's own 偏差原因分析 and 纠偏措施 beside their labels under the table. The 监控期's
N is read from the 执行数 header ("1-7月执行数"; 半年度 is 6) or a 监控期 label.
"""

from __future__ import annotations

import re

from ..model.monitoring import DEPARTMENT, KIND, PROJECT
from ..parse.quantity import normalize
from ..problems import Problem, Source
from .cells import Grid, Map, Seq, Text
from .formlabels import HEAD_LABELS, YEAR, beside, form_document, form_key, row_fields, sheet_keys, title_text
from .read import LAYOUTS, Layout, register_layout

TITLE = re.compile(r"监控(情况)?表")
SCORED = ("得分", "分值", "权重")
# N as a number, or the budget system's placeholder ("1-X月执行数", "1-N月"; a blank "1— 月"): the
# column is the same, the 监控期 is then read beside its own label
_SPAN = r"1\s*[-—–~～至到]\s*(\d{1,2}|[XxNn]?)\s*月"
SPAN = re.compile(_SPAN)
HALF = re.compile(r"半年度?|上半年")
LABELS = {**HEAD_LABELS, "主管部门及代码": "department", "项目执行单位": "implementer", "监控期": "months", "监控期间": "months"}
BUDGET = re.compile(r"^(全年|年度|调整后)?预算数(（A）|\(A\))?$|^年初预算数?(（A）|\(A\))?$")
EXECUTED = re.compile(r"^(" + _SPAN + r"|半年度?|上半年)?(预算)?执行数(（B）|\(B\))?$")
RATE = re.compile(r"执行率|执行进度")
FUNDS_LINE = re.compile(r"资金|拨款|收入|合计|总额|其他|财政|结转|其中|预算|基金|经费")
PROGRESS = re.compile(r"^(" + _SPAN + r"|半年度?|上半年|截至.*)?(指标)?(执行情况|完成值|完成情况|实际完成值|累计完成值|完成进度|实际完成情况)$")
HEADER = {"level1": re.compile(r"^一级指标$"), "level2": re.compile(r"^二级指标$"),
          "name": re.compile(r"^(三级指标|指标名称|指标内容)$"),
          "target": re.compile(r"^(年度|全年|年初)?(指标值|目标值|预期指标值)(（A）|\(A\))?$"),
          "progress": PROGRESS, "likelihood": re.compile(r"可能性|能否完成"),
          "reason": re.compile(r"原因"), "measure": re.compile(r"措施|举措|建议")}
LEVEL1 = re.compile(r"^(产出|效益|满意度)指标$")
REASON_LABEL = re.compile(r"^(偏差|偏差或不能完成目标|未完成)?原因(分析)?$|^偏差原因分析$")
MEASURE_LABEL = re.compile(r"^(纠偏|完善|改进|整改)措施$|^相关建议或举措$|^纠偏措施及建议$")
STOP = re.compile(r"填报人|填表人|填报说明|^注[:：]?|^备注[:：]|审核意见")
TICK = re.compile(r"^[√✓✔☑■●是Vv]$")
AMOUNT = re.compile(r"^(?:总额|合计)?\s*([-+]?[\d.,]+)\s*(?:万元|元)?$")
# why `jixiao review` passes a monitoring form by
SKIPPED = "绩效运行监控表，不是自评表（只有1—N月完成值，没有得分）：请用 jixiao monitor 检查监控表"


def _column(text: str) -> str | None:
    key = form_key(text)
    if "预计" in key or "全年预计" in key:
        return None  # 全年预计完成情况 / 全年预计执行数: a forecast, not what was done
    return next((f for f, pattern in HEADER.items() if pattern.search(key)), None)


def _header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    for r in range(grid.height):
        cols = row_fields(grid, r, _column)
        if "name" not in cols and "level1" in cols and "target" in cols:
            cols["name"] = next((c for c, t in grid.row_texts(r) if c > cols["level1"] and _column(t) is None), cols["level1"] + 1)
        if {"name", "target", "progress"} <= cols.keys():
            return r, cols
    return None


def _funds_header(grid: Grid) -> tuple[int, int, int, int | None] | None:
    for r in range(grid.height):
        budget = executed = rate = None
        for c, text in grid.row_texts(r):
            key = form_key(text)
            if BUDGET.match(key) and (budget is None or key.startswith(("全年", "调整后"))):
                budget = c
            elif EXECUTED.match(key) and executed is None:
                executed = c
            elif RATE.search(key) and rate is None:
                rate = c
        if budget is not None and executed is not None:
            return r, budget, executed, rate
    return None


def is_monitoring(grid: Grid) -> bool:
    texts = sheet_keys(grid)
    if any(t in texts for t in SCORED):
        return False
    return (any(TITLE.search(t) for t in texts) or _funds_header(grid) is not None) and _header(grid) is not None


def recognises(grids: list[Grid]) -> bool:
    return any(is_monitoring(g) for g in grids)


def _months(text: str) -> str | None:
    found = SPAN.search(normalize(text))
    if found:
        return found.group(1) if found.group(1).isdigit() else None
    return "6" if HALF.search(text) else None


def _fields(grid: Grid, doc: Map) -> None:
    for r in range(grid.height):
        for c, text in grid.row_texts(r):
            key = form_key(text)
            if key in LABELS and LABELS[key] not in doc:
                value = beside(grid, r, c, LABELS.__contains__)
                if value is not None:
                    doc[LABELS[key]] = value.replaced(_months(value) or value) if LABELS[key] == "months" else value
            elif "year" not in doc and (m := YEAR.search(key)) and (TITLE.search(key) or re.fullmatch(r"[（(]?20\d\d年度?.*[）)]?", key)):
                doc["year"] = Text(m.group(1), grid.source(r, c))
            if "months" not in doc and (TITLE.search(key) or EXECUTED.match(key) or PROGRESS.match(key)) and _months(key):
                doc["months"] = Text(_months(key), grid.source(r, c))


def _amount(cell: Text | None) -> Text | None:
    if cell is None:
        return None
    found = AMOUNT.match(normalize(cell).strip())
    return cell.replaced(found.group(1)) if found else cell


def _funds(grid: Grid, stop: int) -> Seq:
    out = Seq(Source(file=grid.file, sheet=grid.sheet))
    header = _funds_header(grid)
    if header is None:
        return out
    row, budget, executed, rate = header
    # the line's name stands left of the first amount column: 年初预算数 may precede the 调整后预算数 read
    edge = min(c for c, t in grid.row_texts(row) if BUDGET.match(form_key(t)) or EXECUTED.match(form_key(t)))
    for r in range(row + 1, stop):
        label = [(c, t) for c, t in grid.row_texts(r) if c < edge]
        if not label or not FUNDS_LINE.search(form_key(label[-1][1])):
            break
        c, text = label[-1]
        line = Map(grid.source(r, c), {"name": Text(re.sub(r"^其中[:：]\s*|[:：]$", "", normalize(text).strip()), grid.source(r, c))})
        for field, col in (("budget", budget), ("executed", executed), ("rate", rate)):
            value = _amount(grid.cell(r, col)) if col is not None else None
            if value is not None:
                line[field] = value
        out.append(line)
    return out


def _levels(grid: Grid, r: int, cols: dict[str, int], level1, level2):
    """一级 and 二级 from their columns; where the form has no 二级 column (绩效指标 | 一级指标 holding
    产出指标 | 质量), from the cells left of the name by what they say."""
    if {"level1", "level2"} <= cols.keys():
        one, two = grid.cell(r, cols["level1"]), grid.cell(r, cols["level2"])
        if one is not None:
            level1, level2 = one, None
        return level1, two if two is not None else level2
    name_col = min(cols["name"], cols["target"])
    for c, text in grid.row_texts(r):
        if c >= name_col or form_key(text) == "绩效指标":
            continue
        if LEVEL1.match(form_key(text)):
            level1, level2 = grid.cell(r, c).replaced(form_key(text)), None
        else:
            level2 = grid.cell(r, c).replaced(form_key(text))
    return level1, level2


def _reason_columns(grid: Grid, row: int, cols: dict[str, int]) -> list[tuple[int, str]]:
    """偏差原因分析 over sub-columns (经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他, ticked √): each with its label."""
    box = grid.merge_at(row, cols["reason"]) if "reason" in cols else None
    if box is None or box[3] == box[1]:
        return []
    return [(c, normalize(t).strip()) for c in range(box[1], box[3] + 1) if (t := grid.cell(box[2] + 1, c))]


def _ticked(grid: Grid, r: int, columns: list[tuple[int, str]]) -> Text | None:
    """The reasons ticked on a row: the labels of the ticked sub-columns, with what was written instead of a tick."""
    said = [(c, label, grid.cell(r, c)) for c, label in columns if grid.cell(r, c) is not None]
    if not said:
        return None
    parts = [label if TICK.match(str(text)) else f"{label}：{text}" for _, label, text in said]
    return Text("、".join(parts), grid.source(r, said[0][0]))


def _indicators(grid: Grid, doc: Map) -> int:
    out = Seq(Source(file=grid.file, sheet=grid.sheet))
    row, cols = _header(grid)  # type: ignore[misc]  (is_monitoring found one)
    ticks = _reason_columns(grid, row, cols)
    level1 = level2 = None
    r = row + 1
    for r in range(row + 1, grid.height):
        texts = list(grid.row_texts(r))
        first = form_key(texts[0][1]) if texts else ""
        if texts and (STOP.search(first) or REASON_LABEL.match(first) or MEASURE_LABEL.match(first)):
            break
        level1, level2 = _levels(grid, r, cols, level1, level2)
        cell = {f: grid.cell(r, c) for f, c in cols.items() if f not in ("level1", "level2")}
        if ticks:
            cell["reason"] = _ticked(grid, r, ticks)
        name = cell.get("name")
        if name is None and not any(cell.get(f) for f in ("target", "progress")):
            continue
        item = Map(grid.source(r, cols["name"]), {"name": name or level2 or level1 or Text("（未填写指标名称）", grid.source(r, cols["name"]))})
        for field, value in (("level1", level1), ("level2", level2), *((f, cell.get(f)) for f in ("target", "progress", "likelihood", "reason", "measure"))):
            if value is not None:
                item[field] = value
        out.append(item)
    doc["indicators"] = out
    return r


def _closing(grid: Grid, start: int, doc: Map) -> None:
    """The form's own 偏差原因分析 and 纠偏措施, beside their labels under the indicators."""
    for r in range(start, grid.height):
        for c, text in grid.row_texts(r):
            key = form_key(text)
            field = "reason" if REASON_LABEL.match(key) else "measure" if MEASURE_LABEL.match(key) else None
            if field and field not in doc:
                value = beside(grid, r, c, LABELS.__contains__)
                if value is not None:
                    doc[field] = value
            break


def _form(grid: Grid) -> str:
    """部门整体 by its title (部门整体支出…, or a unit's own: 民政局整体支出…), or by a 部门名称 and no 项目名称."""
    titled = form_key(title_text(grid))
    if "部门整体" in titled or "整体支出" in titled:
        return DEPARTMENT
    labels = sheet_keys(grid) & LABELS.keys()
    named = any(LABELS[k] == "name" and k != "项目名称" for k in labels)
    return DEPARTMENT if named and "项目名称" not in labels else PROJECT


def read_monitoring(grids: list[Grid], file: str, problems: list[Problem]) -> Map | None:
    grid = next(g for g in grids if is_monitoring(g))
    where = Source(file=file, sheet=grid.sheet)
    doc = Map(where)
    _fields(grid, doc)
    doc["form"] = _form(grid)
    header = _header(grid)
    funds = _funds(grid, header[0] if header else grid.height)
    if funds:
        doc["funds"] = funds
    end = _indicators(grid, doc)
    _closing(grid, end, doc)
    return form_document(where, KIND, "monitoring", doc)


MONITORING = register_layout(Layout("绩效运行监控表", recognises, read_monitoring))
# before the 申报表's layout, whichever was imported first: a monitoring form has a declaration's labels too
_first = next((i for i, layout in enumerate(LAYOUTS) if layout.name == "绩效目标申报表"), None)
if _first is not None and LAYOUTS.index(MONITORING) > _first:
    LAYOUTS.remove(MONITORING)
    LAYOUTS.insert(_first, MONITORING)
