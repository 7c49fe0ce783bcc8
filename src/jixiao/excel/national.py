"""The national 项目支出绩效自评表 layout: find the blocks, read them, write them.

A form is found by its headers, not by fixed cells, because departments move
columns, merge label cells, leave "指标2：" rows blank and type numbers as text.
Reading yields a located document part (every value knows its cell) that the
format-1 loader then checks like any other input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..problems import Problem, Source, error, info, warning
from .cells import Grid, Map, Seq, Text, address, number_text

SECTION_LABELS = ("项目资金", "部门资金", "年度资金", "年度总体目标", "年度总目标", "绩效指标", "总分")
PLACEHOLDERS = {"-", "—", "－", "–", "/", "／", "——", "无", "……", "…", "...", "......"}  # "……": the template's "more rows"

FUNDS_HEADERS = {
    "initial": ("年初预算数", "年初预算"),
    "adjusted": ("全年预算数", "预算数(调整后)", "调整后预算数", "全年预算", "调整后预算", "预算数"),
    "spent": ("全年执行数", "执行数", "实际执行数", "预算执行数"),
    "weight": ("分值", "分值权重", "权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
INDICATOR_HEADERS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标",),
    "target": ("年度指标值", "指标值", "预期指标值", "年度目标值", "年初目标值", "年初指标值"),
    "nature": ("指标性质",),
    "unit": ("度量单位", "计量单位"),
    "basis": ("指标设定依据",),
    "actual": ("实际完成值", "全年实际值", "实际值", "完成值", "全年完成值", "单项指标实际完成值"),
    "weight": ("分值", "分值权重", "权重", "指标权重", "指标分值"),
    "score": ("得分", "自评得分", "指标得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因", "扣分原因和其他说明",
               "未完成原因分析", "未完成原因及拟采取的改进措施"),
    "rule": ("评分规则",),
}
# 指标性质 as printed: the sign, a look-alike a department typed for it, or the words for it
NATURE_SIGNS = {"≥": "≥", "≧": "≥", ">=": "≥", "正向": "≥", "正向指标": "≥", "≤": "≤", "≦": "≤", "<=": "≤",
                "反向": "≤", "反向指标": "≤", "=": "=", "＝": "=", "﹦": "=", "═": "=", "==": "="}
GOAL_HEADERS = {
    "planned": ("预期目标", "年初设定目标", "年度目标"),
    "achieved": ("实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况", "目标完成情况"),
}
# labels a header holds besides its columns: the block's own name, the spans over two-row headers
INDICATOR_LABELS = {"绩效指标", "年度指标值", "年度绩效目标"} | {label for labels in INDICATOR_HEADERS.values() for label in labels}
FUNDS_LABELS = {"项目资金", "部门资金", "年度资金", "预算执行情况", "年度预算数"} | {label for labels in FUNDS_HEADERS.values() for label in labels}
FIGURES = {"initial", "adjusted", "spent", "weight", "rate", "score", "actual"}
LABEL_KEYS = {"项目名称": "name", "主管部门": "department", "实施单位": "implementer", "部门名称": "department"}
# a 部门（单位）整体支出绩效自评表 names the department only: it is the form's name as well
YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[）)]")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Header text without spaces and with ASCII brackets and colons, for matching."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("：", ":").rstrip(":")


# what a header label may carry after its name: the column's letter in the formula ("(A)", "(B/A)"),
# the points of its block ("(80分)", "(15分)"), its unit ("(分)", "(%)", "(万元)")
_LABEL_TAIL = re.compile(r"\((?:[A-Z](?:/[A-Z])?|\d+(?:\.\d+)?分(?:\*执行率)?|分|%|元|万元)\)$")


_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分")


def _label_points(grid: Grid, row: int, cols: list[int | None]) -> Text | None:
    """The points a header label gives its block ("得分(20分*执行率)", "(10分)"), at that label's cell."""
    for col in cols:
        label = grid.cell(row, col) if col is not None else None
        found = _POINTS.search(norm(label)) if label is not None else None
        if found:
            return label.replaced(found.group(1))
    return None


def label_key(text: str) -> str:
    """A header label as matched: normalised, without the letter, points or unit it carries."""
    key = norm(text)
    return _LABEL_TAIL.sub("", key) or key


def _columns(grid: Grid, row: int, table: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, text in grid.row_texts(row):
        key = label_key(text)
        for name, labels in table.items():
            if name not in found and key in labels:
                found[name] = col
                break
    return found


def _first(grid: Grid, row: int) -> tuple[int, str] | None:
    return next(iter(grid.row_texts(row)), None)


def _is_title(grid: Grid, row: int) -> bool:
    texts = list(grid.row_texts(row))
    return len(texts) == 1 and ("自评表" in texts[0][1] or bool(YEAR.fullmatch(texts[0][1])))


def _label_row(grid: Grid, row: int) -> bool:
    if not grid.has_text(row, "名"):
        return False
    return any(norm(t) in ("项目名称", "部门名称") for _, t in grid.row_texts(row))


_UPPER = ("target", "actual", "weight", "score", "reason")


def _upper_header(grid: Grid, row: int) -> bool:
    """The row is the first of a two-row indicator header (Yunnan's: 年度指标值 / 实际完成值 / 分值 /
    得分 above, 一级/二级/三级指标 / 指标性质 / 指标值 / 度量单位 below)."""
    if row < 0 or row + 1 >= grid.height or grid.has_text(row, "三级") or not grid.has_text(row + 1, "三级"):
        return False
    return sum(1 for key in _columns(grid, row, INDICATOR_HEADERS) if key in _UPPER) >= 2


def indicator_columns(grid: Grid, row: int) -> dict[str, int]:
    """The indicator header's columns: its own row's labels, and those of the row above where the
    header has two rows (the lower row's labels win: 指标值 under 年度指标值 is the target)."""
    found = _columns(grid, row, INDICATOR_HEADERS)
    if _upper_header(grid, row - 1):
        for key, col in _columns(grid, row - 1, INDICATOR_HEADERS).items():
            if key not in found and col not in found.values():
                found[key] = col
    return found


def is_form(grid: Grid) -> bool:
    """A sheet holds at least one form when it has an indicator header with 分值 or 得分 somewhere:
    a 绩效目标表 has the same 一级/二级/三级指标 header but neither column."""
    for r in range(grid.height):
        if grid.has_text(r, "三级"):
            found = indicator_columns(grid, r)
            if "name" in found and ("weight" in found or "score" in found):
                return True
    return False


def skip_reason(grid: Grid) -> str | None:
    """Why the sheet is not read as a form (None when it is one): said to the user, never silent."""
    if is_form(grid):
        return None
    if not any(grid.texts(r) for r in range(grid.height)):
        return "工作表是空的"
    for r in range(grid.height):
        if grid.has_text(r, "三级") and "name" in indicator_columns(grid, r):
            return f"第{r + 1}行有“三级指标”表头，但没有“分值”或“得分”列：是绩效目标表，不是自评表"
    return "没有含“三级指标”和“分值”或“得分”的指标表头，不是自评表"


def blocks(grid: Grid) -> list[tuple[int, int]]:
    """(first row, end row) of each form in the sheet: one per 项目名称 label, else the whole sheet."""
    starts = [r for r in range(grid.height) if _label_row(grid, r)]
    if not starts:
        return [(0, grid.height)]
    out = []
    floor = 0
    begun = []
    for r in starts:
        first = r
        while first - 1 >= floor and (_is_title(grid, first - 1) or not any(True for _ in grid.row_texts(first - 1))):
            first -= 1
        if not begun and first > 0 and any(grid.has_text(above, "三级") for above in range(first)):
            begun.append(0)  # the end of another form printed above this one: a fragment, read on its own
        begun.append(first if begun else 0)  # whatever else stands above the first form is its heading
        floor = r + 1
    for i, first in enumerate(begun):
        end = begun[i + 1] if i + 1 < len(begun) else grid.height
        out.append((first, end))
    return out


@dataclass
class FormPart:
    """One form read from a sheet: the document part and what could not be read."""

    data: Map
    problems: list[Problem] = field(default_factory=list)
    first_row: int = 0

    @property
    def where(self) -> Source:
        return self.data.where

    @property
    def blank(self) -> bool:
        """Nothing was filled in: only the headers, "指标N：" labels and preset 分值 of a blank form."""
        se = self.data.get("self_evaluation") or {}
        funds = se.get("funds") or {}
        filled = any(k in item for item in se.get("indicators") or () for k in ("target", "actual", "score"))
        if self.data.get("project") or filled or se.get("goals") or "total" in se or "score" in funds:
            return False
        return not any(k in row for row in funds.get("rows") or () for k in ("initial", "adjusted", "spent", "rate", "score"))


class _Block:
    def __init__(self, grid: Grid, first: int, end: int):
        self.g = grid
        self.first = first
        self.end = end
        self.problems: list[Problem] = []

    def cell(self, row: int, col: int | None, *, figure: str | None = None) -> Text | None:
        if col is None:
            return None
        if figure and self.g.merged:
            self._merged(row, col, figure)
        value = self.g.cell(row, col)
        return None if value is None or value in PLACEHOLDERS else value

    def _merged(self, row: int, col: int, label: str) -> None:
        box = self.g.merge_at(row, col)
        if box is None:
            return
        r0, c0, r1, c1 = box
        if (r0, c0) == (r1, c1):
            return
        span = f"{address(r0, c0)}:{address(r1, c1)}"
        self.problems.append(
            error(
                "excel.merged_figure",
                f"“{label}”所在单元格属于合并单元格 {span}：数据单元格不能合并（跨行或跨列后无法确定数值归属），请取消合并后分别填写",
                self.g.source(row, col),
                range=span,
            )
        )

    def unused(self, rows: list[int], used: dict[str, int], known: set[str], block: str) -> None:
        """A header column the reader has no place for is said, never dropped silently."""
        for row in rows:
            for col, text in self.g.row_texts(row):
                if col in used.values() or label_key(text) in known:
                    continue
                self.problems.append(
                    info(
                        "excel.column_unused",
                        f"{block}表头“{norm(text)}”列未读取：jixiao 不使用这一列，其内容未参与复核",
                        self.g.source(row, col),
                    )
                )

    def rate(self, row: int, col: int | None) -> Text | None:
        value = self.cell(row, col, figure="执行率")
        if value is None or col is None:
            return value
        if self.g.is_number(row, col) and (row, col) not in self.g.percent:
            number = float(self.g.raw(row, col))
            if not self.g.formats_known and abs(number) <= 1.5:
                # calamine does not report formats: a fraction this small is a % cell
                return value.replaced(number_text(Decimal(number_text(number)) * 100) + "%")
            return value.replaced(f"{value}%")
        if re.fullmatch(r"[-+]?[\d.,]+", value):
            return value.replaced(f"{value}%")
        return value


def read_block(grid: Grid, first: int, end: int) -> FormPart:
    b = _Block(grid, first, end)
    doc = Map(grid.source(first, 0))
    project = Map(grid.source(first, 0))
    se = Map(grid.source(first, 0))
    funds_cols: dict[str, int] = {}
    goal_cols: dict[str, int] = {}
    ind_cols: dict[str, int] = {}
    section = ""
    level1: Text | None = None
    level2: Text | None = None
    for row in range(first, end):
        texts = list(grid.row_texts(row))
        if not texts:
            continue
        keys = [norm(t) for _, t in texts]
        if not section and len(texts) == 1:
            only = texts[0][1]
            year = YEAR.fullmatch(only)
            if year:
                doc["year"] = Text(year.group(1), grid.source(row, texts[0][0]))
                continue
            if "title" not in doc and not project:
                doc["title"] = Text(only, grid.source(row, texts[0][0]))  # the form's heading
                continue
        if any(k in LABEL_KEYS for k in keys) and not funds_cols:
            for i, (col, text) in enumerate(texts):
                key = LABEL_KEYS.get(norm(text))
                if key and i + 1 < len(texts) and norm(texts[i + 1][1]) not in LABEL_KEYS:
                    value = b.cell(row, texts[i + 1][0])
                    if value is not None and key not in project:
                        project[key] = value
                        if norm(text) == "部门名称" and "name" not in project:
                            project["name"] = value
            continue
        found = _columns(grid, row, FUNDS_HEADERS) if section != "indicators" else {}
        if ("initial" in found or "adjusted" in found) and "spent" in found:
            funds_cols = found
            if "adjusted" not in funds_cols:
                # Beijing's 2016 form: 执行率(B/A) over the 年初预算数(A), there is no 全年预算数
                funds_cols["adjusted"] = funds_cols["initial"]
            funds_cols["name"] = min(funds_cols.get("initial", 99), funds_cols["adjusted"]) - 1
            b.unused([row], funds_cols, FUNDS_LABELS | {label_key(texts[0][1])}, "预算执行情况")
            funds = Map(grid.source(row, texts[0][0]))
            unit = re.search(r"[（(]([^）)]+)[）)]", texts[0][1]) if "资金" in texts[0][1] else None
            if unit:
                funds["unit"] = Text(unit.group(1), grid.source(row, texts[0][0]))
            funds["rows"] = Seq(funds.where)
            if "weight" not in funds_cols:
                points = _label_points(grid, row, [funds_cols.get("score"), texts[0][0]])
                if points is not None:
                    funds["weight"] = points  # "得分(20分*执行率)", "预算执行情况(20分)": no 分值 column
            se["funds"] = funds
            section = "funds"
            continue
        goal_header = _columns(grid, row, GOAL_HEADERS)
        if keys[0] in ("年度总体目标", "年度总目标") and not goal_header:
            # one row, no 预期目标 / 实际完成情况 header: the goal as planned, then as achieved
            goal = Map(grid.source(row, texts[0][0]))
            for key, (col, _) in zip(("planned", "achieved"), texts[1:3]):
                goal[key] = grid.cell(row, col)
            se["goals"] = Seq(goal.where, [goal] if goal else [])
            section = "goal"
            continue
        if len(goal_header) == 2:
            goal_cols = goal_header
            se["goals"] = Seq(grid.source(row, texts[0][0]))
            section = "goals"
            continue
        if _upper_header(grid, row):
            continue  # read with the header's second row
        if "三级指标" in keys and "一级指标" in keys:
            ind_cols = indicator_columns(grid, row)
            header = [row - 1, row] if _upper_header(grid, row - 1) else [row]
            b.unused(header, ind_cols, INDICATOR_LABELS, "绩效指标")
            se["indicators"] = Seq(grid.source(row, texts[0][0]))
            section = "indicators"
            continue
        if keys[0].startswith(("其他需要说明", "其他说明")):
            continue  # the form's note row: its text spans the figure columns
        if keys[0] in ("总分", "合计") or (keys[0] == "绩效指标" and len(keys) > 1 and keys[1] == "总分"):
            col = ind_cols.get("score")
            total = b.cell(row, col, figure="总分") if col is not None else None
            if total is not None:
                se["total"] = total
                se.where = total.where  # problems with the form's total point at its 总分 cell
            section = "done"
            continue
        if section == "funds":
            _funds_row(b, se["funds"], funds_cols, row)
        elif section == "goals":
            planned = _goal_text(grid, row, goal_cols["planned"], goal_cols["achieved"])
            achieved = _goal_text(grid, row, goal_cols["achieved"], 10_000)
            if planned is not None or achieved is not None:
                goal = Map(grid.source(row, goal_cols["planned"]))
                if planned is not None:
                    goal["planned"] = planned
                if achieved is not None:
                    goal["achieved"] = achieved
                se["goals"].append(goal)
        elif section == "indicators":
            level1, level2 = _indicator_row(b, se["indicators"], ind_cols, row, level1, level2)
    for key in ("goals", "indicators"):
        if key in se and not se[key]:
            del se[key]
    funds = se.get("funds")
    if isinstance(funds, Map):
        _settle_funds(funds)
    if not project and "funds" not in se and se.get("indicators") and end < grid.height:
        b.problems.append(info(
            "sheet.fragment",
            f"第{first + 1}–{end}行是另一张自评表的结尾（没有项目名称和资金情况）：单独复核，不并入第{end + 1}行起的自评表",
            grid.source(first, 0)))
    if project:
        doc["project"] = project
    if se:
        doc["self_evaluation"] = se
    return FormPart(doc, b.problems, first)


def inside(problem: Problem, first: int, end: int) -> bool:
    """The problem's cell lies in rows first..end-1 (a problem without a cell belongs everywhere)."""
    cell = problem.where.cell
    if not cell:
        return True
    row = int(re.sub(r"[A-Z]+", "", cell)) - 1
    return first <= row < end


def _goal_text(grid: Grid, row: int, start: int, stop: int) -> Text | None:
    for col in range(start, min(stop, grid.width)):
        value = grid.cell(row, col)
        if value is not None and norm(value) not in SECTION_LABELS:
            return value
    return None


def _funds_row(b: _Block, funds: Map, cols: dict[str, int], row: int) -> None:
    g = b.g
    name = b.cell(row, cols["name"])
    box = g.merge_at(row, cols["name"])
    if name is None and box is not None and box[0] == row:
        name = b.cell(row, box[1])  # the name merged across the label columns (B8:C8)
    figures = {k: b.cell(row, cols.get(k), figure=label) for k, label in (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("spent", "全年执行数"))}
    if name is None and not any(figures.values()):
        return
    item = Map(g.source(row, cols["name"]))
    if name is not None:
        item["name"] = name.replaced(re.sub(r"[:：]$", "", one_line(name)))
    for key, value in figures.items():
        if value is not None:
            item[key] = value
    rate = _as_ratio(b.cell(row, cols.get("rate")), figures["spent"], figures["adjusted"]) or b.rate(row, cols.get("rate"))
    if rate is not None:
        item["rate"] = rate
    score = b.cell(row, cols.get("score"), figure="得分")
    if score is not None:
        item["score"] = score
    if not funds["rows"]:
        if score is not None:
            funds.where = score.where  # problems with the funds score point at its 得分 cell
        weight = b.cell(row, cols.get("weight"), figure="分值")
        if weight is not None:
            funds["weight"] = weight
    funds["rows"].append(item)


def _figure(text: Text | None) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "")) if text is not None else None
    except ArithmeticError:
        return None


def _as_ratio(rate: Text | None, spent: Text | None, budget: Text | None) -> Text | None:
    """An 执行率 written as the ratio B/A ("1", "0.969") rather than a percentage, as a percentage:
    told apart by the row's own amounts, whichever reading the figure is nearer to."""
    value, spent_value, budget_value = _figure(rate), _figure(spent), _figure(budget)
    if value is None or "%" in str(rate) or spent_value is None or not budget_value:
        return None
    ratio = spent_value / budget_value
    if abs(value - ratio) >= abs(value - ratio * 100):
        return None
    return rate.replaced(number_text(value * 100) + "%")


def _settle_funds(funds: Map) -> None:
    """A lone total row with no amounts is the block's own 分值 / 得分, not a funds row."""
    rows = funds["rows"]
    if len(rows) == 1 and not any(k in rows[0] for k in ("initial", "adjusted", "spent", "rate")):
        if "score" in rows[0]:
            funds["score"] = rows[0]["score"]
        del funds["rows"]
    elif not rows:
        del funds["rows"]


_INDEX = re.compile(r"^指标\s*\d+\s*[:：]?\s*")  # the template's "指标1：", typed "指标1" by some


def one_line(text: str) -> str:
    """A name as meant, not as a narrow cell wrapped it: "财政供养人员\n控制率" → "财政供养人员控制率"."""
    return re.sub(r"\s*\n\s*", "", text)


_AS_TARGET = re.compile(r"\s*(?:[≥≤≧≦><]|大于|小于|不低于|不少于|不高于|不超过|不多于)")
_LABEL_POINTS = re.compile(r"(.+?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def _without_points(label: Text) -> Text:
    """A level's label without the points it carries ("部门决\n策(25分)" → "部门决策"): the level's
    points are the sum of its indicators' weights, checked as such."""
    points = _LABEL_POINTS.fullmatch(one_line(label))
    return label.replaced(points.group(1) if points else one_line(label))


def _split_target(b: _Block, row: int, cols: dict[str, int], value: Text | None) -> Text | None:
    """A target printed in three cells (指标性质 / 指标值 / 度量单位) as one text: "≥" "735" "人次" →
    "≥735人次". A qualitative target written across the three cells is the text itself."""
    nature = b.cell(row, cols.get("nature"))
    unit = b.cell(row, cols.get("unit"))
    if nature is not None and norm(nature) not in NATURE_SIGNS:
        if value is None and unit is None:
            return nature  # 定性: "有效" written over the merged 指标性质/指标值/度量单位 cells
        if norm(nature) != "定性":
            nature = None
    if value is None:
        return None
    sign = NATURE_SIGNS.get(norm(nature), "") if nature is not None else ""
    text = str(value)
    if unit is not None and not text.endswith(str(unit)):
        text += str(unit)
    return value.replaced(sign + text)


def _indicator_row(b: _Block, out: Seq, cols: dict[str, int], row: int, level1: Text | None, level2: Text | None):
    g = b.g
    l1 = b.cell(row, cols.get("level1"))
    l2 = b.cell(row, cols.get("level2"))
    if l1 is not None and norm(l1) not in SECTION_LABELS:
        level1, level2 = _without_points(l1), None
    if l2 is not None:
        level2 = _without_points(l2)
    name = b.cell(row, cols.get("name"))
    if name is not None:
        stripped = _INDEX.sub("", one_line(name))
        name = name.replaced(stripped) if stripped else None
    values: dict[str, Any] = {}
    for key in ("target", "basis", "actual", "weight", "score", "reason", "rule"):
        col = cols.get(key)
        label = INDICATOR_HEADERS[key][0]
        values[key] = b.cell(row, col, figure=label if key in FIGURES else None)
    if "nature" in cols or "unit" in cols:
        values["target"] = _split_target(b, row, cols, values["target"])
    points = _LABEL_POINTS.fullmatch(str(name)) if name is not None else None
    if points:
        # a score table's "相关性(5分)": the points in the label are the weight where no 分值 is filled
        name = name.replaced(points.group(1))
        if values["weight"] is None:
            values["weight"] = name.replaced(points.group(2))
    if name is None:
        if not any(values[k] is not None for k in ("target", "actual", "score")):
            return level1, level2  # a blank template row, at most with its preset 分值
        # the figures are still checked: a missing name is this leaf's problem, not the whole form's
        where = g.source(row, cols.get("name", 0))
        b.problems.append(warning("excel.indicator_name", "这一行填写了指标数据，但三级指标名称为空：按所在行称呼并照常复核", where))
        name = Text(f"第{row + 1}行指标（名称空白）", where)
    if not any(values[k] is not None for k in ("target", "actual", "weight", "score")):
        b.problems.append(info("excel.name_only_row", f"“{name}”只有名称，没有指标值、完成值、分值或得分：未作为指标读取",
                               g.source(row, cols.get("name", 0))))
        return level1, level2
    actual = values["actual"]
    if actual is not None and _AS_TARGET.match(str(actual)):
        # "≥266米" copied from the target is no figure: this leaf is unassessed, the others are checked
        b.problems.append(warning(
            "selfeval.actual_as_target",
            f"“{name}”的实际完成值“{actual}”写成了指标值的样子（带比较符号），不是实际完成的数：该指标按未评分处理，其余指标照常复核",
            actual.where))
        values["actual"] = None
    if str(name).startswith("其中") and values["weight"] is None and values["score"] is None:
        # "其中…" under an indicator is a part of it (Anhui's 衔接资金 forms), not an indicator
        b.problems.append(info("excel.breakdown_row", f"“{name}”是上一指标的分项，不单独计分",
                               g.source(row, cols.get("name", 0))))
        return level1, level2
    item = Map(g.source(row, cols.get("name", 0)))
    if level1 is not None:
        item["level1"] = level1
    if level2 is not None:
        item["level2"] = level2
    item["name"] = name
    for key in ("target", "basis", "actual", "weight", "score", "reason"):
        if values[key] is not None:
            item[key] = values[key]
    if values["rule"] is not None:
        from .rulecells import rule_from_cell

        rule = rule_from_cell(values["rule"], b.problems)
        if rule is not None:
            item["rule"] = rule
    out.append(item)
    return level1, level2
