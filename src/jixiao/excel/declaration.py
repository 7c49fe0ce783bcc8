"""The 绩效目标申报表 (项目支出 or 部门整体支出) in its national layout, recognised by its labels
wherever they stand: the form's texts beside their labels (项目名称 | …, 主管部门 | … | 实施单位 | …),
the funds beside 资金总额 / 财政拨款 / 其他资金 (or after them in the same cell, "资金总额：100"),
年度总体目标 beside or below its label, and the indicators under their header row (一级指标 |
二级指标 | 三级指标 | 指标值 | 指标设定依据), 一级 and 二级 merged down or left blank below.
A declaration has no 实际完成值, 分值 or 得分: a sheet with those is a 自评表, read by its own layout.
"""

from __future__ import annotations

import re

from ..model.declaration import DEPARTMENT, KIND, PROJECT
from ..parse.quantity import normalize
from ..problems import Problem, Source
from .cells import Grid, Map, Seq, Text
from .formlabels import HEAD_LABELS, YEAR, beside, form_document, form_key, row_fields, sheet_keys, title_text
from .read import Layout, register_layout

TITLE = re.compile(r"绩效目标(申报)?表")
SCORED = ("实际完成值", "完成值", "得分", "分值", "自评")
# label → key, by the label's text without spaces, colons and the leading 其中
LABELS = {**HEAD_LABELS, "项目属性": "attribute", "项目期": "period", "项目起止时间": "period", "实施期限": "period"}
# the year's own line (年度资金总额, 当年财政拨款) wins over the whole period's (资金总额) where a form has both
ANNUAL = re.compile(r"^(年度|当年|本年)")
_ORDINAL = r"^(?:[一二三四五六七八九十]+、|\d+[、.])?(?:年度|当年|本年)?"
FUNDS = (("total", re.compile(_ORDINAL + "资金总额")),
         *((name, re.compile(_ORDINAL + name + r"(?=[\d.]|$|[(（])")) for name in ("财政拨款", "其他资金", "自有资金", "事业收入", "经营性收入", "其他")))
# an amount as forms write it: "10000", "10000万元", "总额10606.7522万元", "6923.3552万元(其中：…)"
AMOUNT = re.compile(r"^(?:总额|合计)?\s*([-+]?[\d.,]+)\s*(?:万元|元)?\s*(?:[(（].*)?$")
GOAL = re.compile(r"^(年度总体目标|年度目标|年度绩效目标|绩效目标)$")
HEADER = {"level1": ("一级指标",), "level2": ("二级指标",), "name": ("三级指标", "指标内容", "指标名称"),
          "target": ("指标值", "年度指标值", "当年预期实现值", "预期实现值"), "basis": ("指标设定依据", "设定依据", "绩效标准", "备注")}
STOP = re.compile(r"审核意见|填报人|填报说明|其他说明")
LEVEL1 = re.compile(r"产出|效益|满意")
MIDTERM = re.compile(r"中期|长期")
# why `jixiao review` passes a declaration by: it has targets, no 完成值 or 得分 to recompute
SKIPPED = "绩效目标申报表，不是自评表（只有指标值，没有实际完成值和得分）：请用 jixiao check 检查申报表"


def _column(text: str) -> str | None:
    """A header's field: "三级指标(年度)" is 三级指标; the 中期 / 长期 columns beside the year's are passed by."""
    key = form_key(text)
    if MIDTERM.search(key):
        return None
    key = re.sub(r"[(（]年度[)）]$", "", key)
    return next((field for field, names in HEADER.items() if key in names), None)


def is_declaration(grid: Grid) -> bool:
    """A sheet with the declaration's indicator header, its title or its funds and goal labels, and none
    of a 自评表's (实际完成值, 分值, 得分)."""
    texts = sheet_keys(grid)
    if any(t in texts for t in SCORED):
        return False
    labelled = any(TITLE.search(t) or GOAL.match(t) or "资金总额" in t for t in texts)
    return labelled and _header(grid) is not None


def recognises(grids: list[Grid]) -> bool:
    return any(is_declaration(g) for g in grids)


def _is_label(key: str) -> bool:
    """A label of the form's head or of its funds: the end of the value beside the label before it."""
    return key in LABELS or any(p.match(key) for _, p in FUNDS)


def _below(grid: Grid, row: int, col: int) -> Text | None:
    for r in range(row + 1, min(row + 3, grid.height)):
        cell = grid.cell(r, col)
        if cell is not None:
            return cell
    return None


def _amount(grid: Grid, row: int, col: int, text: str, pattern: re.Pattern) -> Text | None:
    """The amount after its label in the same cell ("资金总额：100万元") or in the cell beside it."""
    rest = pattern.sub("", form_key(text))
    if re.search(r"\d", rest):
        return Text(_figure(rest), grid.source(row, col))
    cell = beside(grid, row, col, _is_label)
    return None if cell is None else cell.replaced(_figure(cell))


def _figure(text: str) -> str:
    """The amount of a funds cell; a cell that is no amount stays as written, to be refused at its cell."""
    found = AMOUNT.match(normalize(text).strip())
    return found.group(1) if found else text.strip()


def _fields(grid: Grid, doc: Map, funds: Map, parts: Seq) -> None:
    for r in range(grid.height):
        for c, text in grid.row_texts(r):
            key = form_key(text)
            if key in LABELS and LABELS[key] not in doc:
                value = beside(grid, r, c, _is_label)
                if value is not None:
                    doc[LABELS[key]] = value
            elif GOAL.match(key) and "goal" not in doc:
                value = beside(grid, r, c, _is_label) or _below(grid, r, c)
                if value is not None and not form_key(value).startswith(HEADER["level1"]):
                    doc["goal"] = value
            elif "year" not in doc and (m := YEAR.search(key)) and (TITLE.search(key) or re.fullmatch(r"[（(]?20\d\d年度?[）)]?", key)):
                doc["year"] = Text(m.group(1), grid.source(r, c))
            for name, pattern in FUNDS:
                if pattern.match(key) and not MIDTERM.search(key):
                    amount = _amount(grid, r, c, text, pattern)
                    if amount is None:
                        continue
                    annual = bool(ANNUAL.match(key))
                    if name == "total" and ("total" not in funds or annual):
                        funds["total"] = amount
                    elif name != "total":
                        known = [i for i, p in enumerate(parts) if p["name"] == name]
                        line = Map(grid.source(r, c), {"name": name, "amount": amount})
                        if not known:
                            parts.append(line)
                        elif annual:
                            parts[known[0]] = line


def _header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The last indicator header row (a form may print the 中期 table before the 年度 one) and its columns."""
    found = None
    for r in range(grid.height):
        cols = row_fields(grid, r, _column)
        if "name" not in cols and {"level1", "level2"} <= cols.keys():
            # 一级指标 | 二级指标 | 绩效标准 | 当年预期实现值: the 二级 column names the indicator, the 一级 its kind
            cols["name"], cols["level2"] = cols["level2"], cols.pop("level1")
        if {"name", "target"} <= cols.keys():
            found = (r, cols)
    return found


def _indicators(grid: Grid, problems: list[Problem]) -> Seq:
    out = Seq(Source(file=grid.file, sheet=grid.sheet))
    header = _header(grid)
    if header is None:  # is_declaration found one: never here
        return out
    row, cols = header
    level1 = level2 = None
    for r in range(row + 1, grid.height):
        texts = grid.row_texts(r)
        if any(STOP.search(t) for _, t in texts):
            break
        cell = {f: grid.cell(r, c) for f, c in cols.items()}
        if cell.get("level1") is not None:  # 一级 and 二级 hold for the rows below them (merged down or left blank)
            level1, level2 = cell["level1"], None
        if cell.get("level2") is not None:
            level2 = cell["level2"]
        name = cell.get("name")
        if name is None or re.fullmatch(r"[.…。、]*|\d+[.、．]|[.…。、]+\d*", str(name)):
            continue  # a template's 1. 2. …… rows
        item = Map(grid.source(r, cols["name"]), {"name": name})
        for field, value in (("level1", level1), ("level2", level2), ("target", cell.get("target")), ("basis", cell.get("basis"))):
            if value is not None:
                item[field] = value
        out.append(item)
    return out


def _tasks(grid: Grid) -> Seq:
    """部门整体: the 年度主要任务 under their header (任务名称 | 主要内容 | 预算金额), down to the first blank name."""
    out = Seq(Source(file=grid.file, sheet=grid.sheet))
    for r in range(grid.height):
        header = {form_key(t): c for c, t in grid.row_texts(r)}
        if "任务名称" not in header:
            continue
        name_col = header["任务名称"]
        amount_col = next((c for k, c in header.items() if "金额" in k), None)
        for row in range(r + 1, grid.height):
            name = grid.cell(row, name_col)
            if name is None or _column(name) or any(c < name_col for c, _ in grid.row_texts(row)):
                break  # a blank name, the indicator header, or the next label (年度总体目标) in the columns before
            task = Map(grid.source(row, name_col), {"name": name})
            amount = grid.cell(row, amount_col) if amount_col is not None else None
            if amount is not None:
                task["amount"] = amount.replaced(_figure(amount))
            out.append(task)
        break
    return out


def read_declaration(grids: list[Grid], file: str, problems: list[Problem]) -> Map | None:
    grid = next(g for g in grids if is_declaration(g))
    where = Source(file=file, sheet=grid.sheet)
    doc = Map(where)
    funds, parts = Map(where, {"unit": "万元"}), Seq(where)
    _fields(grid, doc, funds, parts)
    if parts:
        funds["parts"] = parts
    titled = title_text(grid)
    doc["form"] = DEPARTMENT if "部门整体" in titled or ("name" in doc and "项目名称" not in sheet_keys(grid)) else PROJECT
    if len(funds) > 1:
        doc["funds"] = funds
    tasks = _tasks(grid)
    if tasks:
        doc["tasks"] = tasks
    doc["indicators"] = _indicators(grid, problems)
    return form_document(where, KIND, "declaration", doc)


DECLARATION = register_layout(Layout("绩效目标申报表", recognises, read_declaration))
