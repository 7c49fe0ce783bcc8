"""Indicator tables as reports print them (表3-1…, 附件1 综合评分表, the summary 得分表): columns found
by their headers, each indicator row read with its level-1 and level-2 cells (merged or repeated),
every figure kept with the cell it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbers import D, NotANumber
from .document import Table, compact

COLUMNS = {  # field → the header words that name it (first that matches wins)
    "level1": ("一级指标",), "level2": ("二级指标",), "level3": ("三级指标",), "weight": ("权重", "分值"),
    "explanation": ("指标解释",), "standard": ("评分标准",), "benchmark": ("标杆值", "指标值", "目标值"),
    "actual": ("完成值", "实际完成值"), "score": ("得分",), "reason": ("扣分原因",), "rate": ("得分率",),
}
_NODE = re.compile(r"^(?P<code>[A-Z]\d*)\s*(?P<name>.*?)\s*(?:[（(]\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[）)])?$")
TOTAL_WORDS = ("合计", "总计", "总分")


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    weight: str | None  # as printed in brackets: (14分)
    col: int
    row: int


@dataclass
class IndicatorRow:
    table: Table
    row: int
    cells: dict[str, str] = field(default_factory=dict)
    cols: dict[str, int] = field(default_factory=dict)
    level1: Node | None = None
    level2: Node | None = None
    code: str = ""
    name: str = ""


@dataclass
class IndicatorTable:
    table: Table
    header: int
    cols: dict[str, int]
    rows: list[IndicatorRow]
    total: IndicatorRow | None  # the 合计 row

    @property
    def is_scoring_table(self) -> bool:
        """附件1: the table with the 评分标准 of every indicator."""
        return "standard" in self.cols


def node(text: str, col: int, row: int) -> Node | None:
    m = _NODE.match(compact(text).replace("(", "（").replace(")", "）").replace("（", "(").replace("）", ")"))
    if not m or not m.group("name"):
        return None
    return Node(m.group("code"), m.group("name"), m.group("weight"), col, row)


def header_columns(cells: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, text in enumerate(cells):
        words = compact(text)
        for key, names in COLUMNS.items():
            if key not in cols and any(words == n or words.startswith(n) and key != "score" for n in names):
                if key == "score" and words != "得分":
                    continue
                cols[key] = i
                break
    return cols


def indicator_table(table: Table) -> IndicatorTable | None:
    grid = table.grid()
    for h, cells in enumerate(grid[:3]):
        cols = header_columns(cells)
        if {"level3", "weight", "score"} <= cols.keys() and "benchmark" in cols:
            found = _read(table, grid, h, cols)
            if found is not None:
                return found
    return None


def _read(table: Table, grid: list[list[str]], header: int, cols: dict[str, int]) -> IndicatorTable:
    rows: list[IndicatorRow] = []
    total = None
    above: dict[str, Node | None] = {"level1": None, "level2": None}
    for r in range(header + 1, len(grid)):
        cells = grid[r]
        if header_columns(cells) == cols:
            continue  # the header repeated on a new page
        values = {k: cells[c].strip() if c < len(cells) else "" for k, c in cols.items()}
        row = IndicatorRow(table, r, values, cols)
        if compact(values.get("level1", "")) in TOTAL_WORDS or compact(cells[0]) in TOTAL_WORDS:
            total = row
            continue
        leaf = node(values.get("level3", ""), cols["level3"], r)
        if leaf is None:
            continue
        row.code, row.name = leaf.code, leaf.name
        for level in ("level1", "level2"):
            # a blank parent cell is the merged cell above going on (over a page break)
            found = node(values[level], cols[level], r) if level in cols and values[level] else above[level]
            setattr(row, level, found)
            above[level] = found
        rows.append(row)
    # a 自评表's indicator rows have names but no codes: not an indicator table of the evaluation
    return IndicatorTable(table, header, cols, rows, total) if rows else None


@dataclass(frozen=True)
class SummaryTable:
    """部门整体支出绩效评价得分表: one column per level-1 indicator and a 合计 column."""

    table: Table
    names: list[tuple[int, str]]  # (column, level-1 name as printed: 1. 部门决策类)
    total_col: int | None
    rows: dict[str, int]  # 权重 / 得分 / 得分率 → row


def summary_table(table: Table) -> SummaryTable | None:
    grid = table.grid()
    if not grid or compact(grid[0][0]) not in ("指标", "一级指标") or len(grid[0]) < 3:
        return None
    rows = {compact(r[0]): i for i, r in enumerate(grid) if compact(r[0]) in ("权重", "得分", "得分率")}
    if "得分" not in rows:
        return None
    names, total = [], None
    for c, text in enumerate(grid[0][1:], 1):
        if any(w in compact(text) for w in TOTAL_WORDS):
            total = c
        else:
            names.append((c, text.strip()))
    return SummaryTable(table, names, total, rows)


def level1_name(text: str) -> str:
    """1. 部门决策类 → 部门决策."""
    name = re.sub(r"^\s*\d+\s*[.．、]\s*", "", compact(text))
    return name[:-1] if name.endswith("类") else name


def number(text: str | None):
    """A table figure (4, 48.00, 97.00%, 31,577.79) as a Decimal; None for blank, “-” or words."""
    body = (text or "").strip().rstrip("%％").replace(" ", "")
    if not body or body in ("-", "—", "/"):
        return None
    try:
        return D(body)
    except NotANumber:
        return None
