"""The national form's headers: their labels, how a label is matched, where a form and its blocks are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..cells import Grid, Text

SECTION_LABELS = ("项目资金", "部门资金", "年度资金", "年度总体目标", "年度总目标", "绩效指标", "总分")
PLACEHOLDERS = {"-", "—", "－", "–", "一", "/", "／", "——", "无", "……", "…", "...", "......"}  # "一": a dash typed as 一  # "……": the template's "more rows"

FUNDS_HEADERS = {
    "initial": ("年初预算数", "年初预算"),
    "adjusted": ("全年预算数", "全年(调整)预算数", "调整预算数", "预算数(调整后)", "调整后预算数", "全年预算", "调整后预算", "预算数"),
    "spent": ("全年执行数", "执行数", "实际执行数", "预算执行数"),
    "weight": ("分值", "分值权重", "权重", "执行率权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分", "执行率得分"),
    "reason": ("原因", "原因说明", "偏差原因", "预算调整说明"),  # why the budget changed or was not spent
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
    "weight": ("分值", "分值权重", "权重", "指标权重", "指标分值", "参考分值"),
    "score": ("得分", "自评得分", "指标得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因", "扣分原因和其他说明",
               "未完成原因分析", "未完成原因及拟采取的改进措施", "未完成原因分析及改进措施"),
    "rule": ("评分规则",),
    "explanation": ("指标说明",),  # how the figure was found: its arithmetic checked against a 基础数据表
    "standard": ("评分标准", "评价标准"),  # the standard as prose: checked (items × per-item, the quantity it names), not scored by
}
# 指标性质 as printed: the sign, a look-alike a department typed for it, or the words for it
NATURE_SIGNS = {"≥": "≥", "≧": "≥", ">=": "≥", "正向": "≥", "正向指标": "≥", "≤": "≤", "≦": "≤", "<=": "≤",
                "反向": "≤", "反向指标": "≤", "=": "=", "＝": "=", "﹦": "=", "═": "=", "==": "="}
GOAL_HEADERS = {
    "planned": ("预期目标", "年初设定目标", "年度目标", "年初绩效目标", "年度预期目标", "项目年度目标"),
    "achieved": ("实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况", "目标完成情况", "全年目标实际完成情况",
                 "具体完成情况"),
}
# labels a header holds besides its columns: the block's own name, the spans over two-row headers
INDICATOR_LABELS = {"绩效指标", "年度指标值", "年度绩效目标"} | {label for labels in INDICATOR_HEADERS.values() for label in labels}
FUNDS_LABELS = {"项目资金", "部门资金", "年度资金", "预算执行情况", "年度预算数"} | {label for labels in FUNDS_HEADERS.values() for label in labels}
FIGURES = {"initial", "adjusted", "spent", "weight", "rate", "score", "actual"}
LABEL_KEYS = {"项目名称": "name", "主管部门": "department", "实施单位": "implementer", "部门名称": "department",
              "实施(主管)单位": "implementer"}
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


def label_points(grid: Grid, row: int, cols: list[int | None]) -> Text | None:
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


def header_columns(grid: Grid, row: int, table: dict[str, tuple[str, ...]]) -> dict[str, int]:
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


def _rows_with(grid: Grid, needle: str) -> list[int]:
    """The rows has_text finds `needle` in, in one loop (not two calls a row: the block finder asks
    it of a sheet's every row)."""
    found = []
    for row, values in enumerate(grid.rows):
        for value in values:
            if isinstance(value, str) and needle in value:
                found.append(row)
                break
    return found


def _label_row(grid: Grid, row: int) -> bool:
    if not grid.has_text(row, "名"):
        return False
    return any(norm(t) in ("项目名称", "部门名称") for _, t in grid.row_texts(row))


_UPPER = ("target", "actual", "weight", "score", "reason")


def upper_header(grid: Grid, row: int) -> bool:
    """The row is the first of a two-row indicator header (Yunnan's: 年度指标值 / 实际完成值 / 分值 /
    得分 above, 一级/二级/三级指标 / 指标性质 / 指标值 / 度量单位 below)."""
    if row < 0 or row + 1 >= grid.height or grid.has_text(row, "三级") or not grid.has_text(row + 1, "三级"):
        return False
    return sum(1 for key in header_columns(grid, row, INDICATOR_HEADERS) if key in _UPPER) >= 2


@dataclass(frozen=True)
class Family:
    """A layout family whose indicator header is not the national one (no 三级指标 column): the word
    that marks its header row, the labels it prints for the national keys and its own, and the rule
    its leaves are scored by (from the row's cells). A new family is one module that registers one."""

    name: str
    marker: str  # a word of its header row (a fast pre-filter, as "三级" is the national header's)
    columns: dict[str, tuple[str, ...]]  # its labels, over the national ones
    rule: Callable[..., Any] | None = None  # (block, row, columns, values) → the leaf's rule, or None
    whole: bool = False  # a 部门整体 form: the department it names is the form's name
    two_rows: bool = False  # the marker stands in the header's second row (its labels win over the first's)
    settle: Callable[[dict[str, int]], None] | None = None  # completes the columns found (an unlabelled one)

    def columns_at(self, grid: Grid, row: int) -> dict[str, int] | None:
        """The header's columns where `row` is this family's header (its first row), else None."""
        marked = row + 1 if self.two_rows else row
        if marked >= grid.height or not grid.has_text(marked, self.marker):
            return None
        table = {**INDICATOR_HEADERS, **self.columns}
        found = header_columns(grid, marked, table)
        if self.two_rows:
            for key, col in header_columns(grid, row, table).items():
                if key not in found and col not in found.values():
                    found[key] = col
        if self.settle is not None:
            self.settle(found)
        return found if "name" in found and ("weight" in found or "score" in found) else None


FAMILIES: list[Family] = []


def register_family(family: Family) -> Family:
    FAMILIES.append(family)
    return family


def family_at(grid: Grid, row: int) -> Family | None:
    """The family whose indicator header the row is (its name and 分值 or 得分 columns found)."""
    for family in FAMILIES:
        if family.columns_at(grid, row) is not None:
            return family
    return None


def indicator_columns(grid: Grid, row: int) -> dict[str, int]:
    """The indicator header's columns: its own row's labels, and those of the row above where the
    header has two rows (the lower row's labels win: 指标值 under 年度指标值 is the target)."""
    for family in FAMILIES:
        columns = family.columns_at(grid, row)
        if columns is not None:
            return columns
    found = header_columns(grid, row, INDICATOR_HEADERS)
    _level_points(grid, row, found)
    if upper_header(grid, row - 1):
        for key, col in header_columns(grid, row - 1, INDICATOR_HEADERS).items():
            if key not in found and col not in found.values():
                found[key] = col
    return found


_LEVELS = {"一级指标": "level1_points", "二级指标": "level2_points", "三级指标": "weight"}


def _level_points(grid: Grid, row: int, found: dict[str, int]) -> None:
    """A score table whose level columns are each followed by one headed 得分 (一级指标 | 得分 | 二级指标 |
    得分 | 三级指标 | 得分 | … | 得分): those hold the levels' points (分值), the last 得分 the score."""
    texts = sorted(grid.row_texts(row))
    scores = [col for col, text in texts if label_key(text) == "得分"]
    if "weight" in found or len(scores) < 2:
        return
    labels = dict(texts)
    for col in scores[:-1]:
        key = _LEVELS.get(label_key(labels.get(col - 1, "")))
        if key is not None:
            found[key] = col
    if "weight" in found:
        found["score"] = scores[-1]


def is_form(grid: Grid) -> bool:
    """A sheet holds at least one form when it has an indicator header with 分值 or 得分 somewhere:
    a 绩效目标表 has the same 一级/二级/三级指标 header but neither column."""
    for r in range(grid.height):
        if grid.has_text(r, "三级"):
            found = indicator_columns(grid, r)
            if "name" in found and ("weight" in found or "score" in found):
                return True
        elif FAMILIES and family_at(grid, r) is not None:
            return True
    return _cut_form(grid)


def _cut_form(grid: Grid) -> bool:
    """A form cut before its indicators (the stored copy ends at its 预算执行情况 header): its 项目名称
    and a funds header with a 得分 column, which a 绩效目标申报表's funds block does not have."""
    if not any(_label_row(grid, r) for r in range(grid.height)):
        return False
    for r in range(grid.height):
        if grid.has_text(r, "执行"):
            found = header_columns(grid, r, FUNDS_HEADERS)
            if ("initial" in found or "adjusted" in found) and "spent" in found and "score" in found:
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


def _table_above(grid: Grid, first: int) -> bool:
    """Rows of another form above the first one: its indicator header, or indicator rows without it
    (a table: rows of four or more cells), not a heading's lone "附件1" or title."""
    if any(grid.has_text(above, "三级") for above in range(first)):
        return True
    return sum(1 for above in range(first) if len(grid.texts(above)) >= 4) >= 2


def blocks(grid: Grid) -> list[tuple[int, int]]:
    """(first row, end row) of each form in the sheet: one per 项目名称 label, else the whole sheet."""
    starts = [r for r in _rows_with(grid, "名") if _label_row(grid, r)]  # _label_row's own pre-test, for all rows at once
    if not starts:
        return [(0, grid.height)]
    out = []
    floor = 0
    begun = []
    for r in starts:
        first = r
        while first - 1 >= floor and (_is_title(grid, first - 1) or not any(True for _ in grid.row_texts(first - 1))):
            first -= 1
        if not begun and first > 0 and _table_above(grid, first):
            begun.append(0)  # the end of another form printed above this one: a fragment, read on its own
        begun.append(first if begun else 0)  # whatever else stands above the first form is its heading
        floor = r + 1
    for i, first in enumerate(begun):
        end = begun[i + 1] if i + 1 < len(begun) else grid.height
        out.append((first, end))
    return out


def one_line(text: str) -> str:
    """A name as meant, not as a narrow cell wrapped it: "财政供养人员\n控制率" → "财政供养人员控制率"."""
    return re.sub(r"\s*\n\s*", "", text)
