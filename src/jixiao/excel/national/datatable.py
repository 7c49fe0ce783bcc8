"""A 基础数据表 printed above a 部门整体 score table (Hunan's 附件3: 编制数 / 实际在职人数, 三公经费 and
公用经费 by year, 部门整体支出预算调整): its figures, read so that a leaf whose 评价标准 is a set of
bands and whose figure the table gives is scored by those bands, as a reviewer does; a figure
that is no number ("7.50.") is said at its cell, and a 指标说明 computing with a figure the
table does not hold is said too (所用数据无从核对)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from ...numbers import HUNDRED, fmt, fmt_plain
from ...parse.quantity import normalize
from ...problems import Problem, info, warning
from ...rules.brackets import from_standard
from ..cells import Grid, Map, Seq, Text

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?%?")
_FIGURE_LIKE = re.compile(r"[-+]?\d[\d.,，%]*")  # a figure, or one mistyped ("7.50."); not a label ("2018年预算数")
_FORMULA = re.compile(r"=\s*([\d.\s()（）+\-−×÷*/]+?)\s*=")  # "=(63.46-32)÷32=": the arithmetic written out
_OPERATOR = re.compile(r"[+\-−×÷*/]")


@dataclass
class DataTable:
    """(row label, column label) → the figure, with the cell it came from."""

    figures: dict[tuple[str, str], tuple[Decimal, Text]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def find(self, row: str, column: str) -> list[tuple[Decimal, Text, str]]:
        """The figures of rows whose label contains `row` under columns whose label contains `column`."""
        return [(value, cell, col) for (name, col), (value, cell) in self.figures.items() if row in name and column in col]

    def holds(self, number: Decimal) -> bool:
        return any(value == number for value, _ in self.figures.values())


def read_table(grid: Grid, rows: list[int]) -> DataTable:
    """The figures of the rows: a row of labels only is a header (its first cell the section's name),
    the rows below it are figures under those labels, named by their first cell (else the section's)."""
    table, header, section = DataTable(), {}, ""
    for row in rows:
        texts = dict(grid.row_texts(row))
        figures = {col: text for col, text in texts.items() if col and _FIGURE_LIKE.fullmatch(normalize(text))}
        if not figures and len(texts) >= 3:
            header, section = texts, texts.get(0, "")
            continue
        name = texts.get(0) or section
        for col, text in figures.items():
            if col not in header:
                continue
            cell = grid.cell(row, col)
            if _NUMBER.fullmatch(normalize(text)):
                table.figures[(normalize(name), normalize(header[col]))] = (Decimal(normalize(text).rstrip("%")), cell)
            else:
                message = f"基础数据表“{name}”的{header[col]}写作“{text}”，不是数字：未读取"
                table.problems.append(warning("numbers.bad", message, cell.where, value=text, hint="更正为数字，如 7.50"))
    return table


def _staff(t: DataTable) -> tuple[Decimal, str, Text] | None:
    staff, quota = t.find("", "在职人数"), t.find("", "编制数")
    if len(staff) != 1 or len(quota) != 1 or not quota[0][0]:
        return None
    (s, cell, s_label), (q, _, q_label) = staff[0], quota[0]
    rate = s / q * HUNDRED
    return rate, f"{s_label}{fmt_plain(s, thousands=False)} ÷ {q_label}{fmt_plain(q, thousands=False)} × 100% = {fmt(rate)}%", cell


def _budget_control(t: DataTable) -> tuple[Decimal, str, Text] | None:
    """预算控制率 = 本年追加（调整）预算 / 年初预算: the 预算调整 row's 预算数 and 决算数."""
    planned, final = t.find("预算调整", "预算数"), t.find("预算调整", "决算数")
    if not planned or not final or not planned[-1][0]:
        return None
    (p, _, _), (f, cell, _) = planned[-1], final[-1]
    rate = (f - p) / p * HUNDRED
    return rate, f"（调整后{fmt_plain(f, thousands=False)} − 年初{fmt_plain(p, thousands=False)}）÷ {fmt_plain(p, thousands=False)} × 100% = {fmt(rate)}%", cell


# an indicator's name → how its figure follows from the 基础数据表
FORMULAS: tuple[tuple[re.Pattern, Callable[[DataTable], tuple[Decimal, str, Text] | None]], ...] = (
    (re.compile(r"在职人员控制率|财政供养人员控制率"), _staff),
    (re.compile(r"预算控制率"), _budget_control),
)


def _figure_of(table: DataTable, name: str) -> tuple[Decimal, str, Text] | None:
    for pattern, formula in FORMULAS:
        if pattern.search(name):
            return formula(table)
    return None


def score_from_table(grid: Grid, rows: list[int], items: Seq, note_col: int | None) -> tuple[list[Problem], bool]:
    """Each leaf with bands in its 评价标准 and its figure in the table: the figure as its 完成值, the
    bands as its rule. (the problems said, whether the table gave any figure)."""
    table = read_table(grid, rows)
    problems, used = list(table.problems), []
    for item in items:
        name, standard = str(item["name"]), item.get("standard")
        problems.extend(_unknown_figures(grid, table, item, note_col))
        bands = from_standard(standard) if standard is not None and "actual" not in item else None
        figure = _figure_of(table, name) if bands else None
        if figure is None:
            continue
        rate, arithmetic, cell = figure
        item["actual"] = Text(f"{fmt(rate)}%", cell.where)
        item["rule"] = Map(standard.where, {"type": Text("brackets", standard.where),
                                            "brackets": Map(standard.where, {k: Text(fmt_plain(v), standard.where)
                                                                             for k, v in bands.items()})})
        used.append(name)
        problems.append(info("excel.data_table", f"“{name}”的完成值按基础数据表计算：{arithmetic}，按评价标准分段计分",
                             item.where))
    if used:
        problems.append(info("excel.data_table", f"第{rows[0] + 1}–{rows[-1] + 1}行是基础数据表：已读取，"
                             f"用于计算{'、'.join(used)}的完成值", grid.source(rows[0], 0)))
    return problems, bool(used)


def _unknown_figures(grid: Grid, table: DataTable, item: Map, col: int | None) -> list[Problem]:
    """A 指标说明 writing out its arithmetic with a figure the 基础数据表 does not hold."""
    row = item.where.cell and int(re.sub(r"[A-Z]+", "", item.where.cell)) - 1
    note = grid.cell(row, col) if col is not None and row is not None else None
    out = []
    for formula in _FORMULA.findall(str(note or "")):
        if not _OPERATOR.search(formula):
            continue
        missing = [n for n in dict.fromkeys(re.findall(r"\d+(?:\.\d+)?", formula)) if not table.holds(Decimal(n))]
        if missing and table.figures:
            shown = "、".join(missing)
            out.append(warning(
                "findings.figure", f"“{item['name']}”的指标说明按{shown}计算（{formula.strip()}），基础数据表中没有这个数：所用数据无从核对",
                note.where, hint="按基础数据表中的数计算，或在基础数据表中列出所用的数"))
    return out
